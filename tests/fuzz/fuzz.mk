# libFuzzer targets, built with clang into build-fuzz/.
#
#   make fuzz                      build them (the Makefile calls this file)
#   make fuzz-run FUZZ_SECONDS=N   build and run each for N seconds
#
# The sources under test are compiled straight into each target with the
# fuzzer's instrumentation, so no libxabi.a built without it is involved.

FUZZ_CC     ?= clang
FUZZ_BUILD  ?= build-fuzz
FUZZ_FLAGS  := -fsanitize=fuzzer,address,undefined \
               -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 -I. \
               -O1 -g -Wall -Wextra -Wshadow -Wstrict-prototypes \
               -Wmissing-prototypes -Wvla
FUZZ_LIBS   := -lsqlite3 -lgcrypt -lelf -lz -llzma -lzstd -llz4 -lcapstone -lm \
               -pthread

# The reader and the event decoders it feeds.
TRACE_SRC   := collector/trace-reader.c collector/events.c $(wildcard abi/*.c)
# The whole collect path: collector/, store/ and the embedded schema.
# Less the live collector's host side, which needs a Xen host to run.
# Less the xl save reader too: Xen's headers need gnu11 (fuzz-save).
LIVE_HOST   := collector/collect-live.c collector/live-host.c collector/live-xen.c \
               collector/save.c collector/collect-save.c
COLLECT_SRC := $(filter-out $(LIVE_HOST),$(wildcard collector/*.c)) \
               $(wildcard store/*.c) $(wildcard abi/*.c) \
               $(FUZZ_BUILD)/schema-data.c
SCHEMA      := $(sort $(wildcard schema/*.sql)) \
               $(sort $(wildcard schema/catalogue/*.sql)) \
               $(sort $(wildcard schema/migrate/*.sql))

# Kernel images, with the payload decompressors.
IMAGE_SRC   := collector/image.c collector/decompress.c
# Hypercall pages: the disassembler, and the store for the stub text and
# the guest type names.
HCPAGE_SRC  := collector/hcpage.c $(wildcard store/*.c) $(wildcard abi/*.c) \
               $(FUZZ_BUILD)/schema-data.c
# xl save images: the reader and the conversions of Xen's vCPU structures
# it shares with the live collector (types only: no libxenctrl call).
SAVE_SRC    := collector/save.c collector/live-xen.c
# The header importer: every .c of abi/.
ABI_SRC     := $(wildcard abi/*.c)
# Recorded vCPU dumps.
SNAP_SRC    := collector/snapshot-text.c $(wildcard store/*.c) $(wildcard abi/*.c) \
               $(FUZZ_BUILD)/schema-data.c

.PHONY: all
all: $(FUZZ_BUILD)/fuzz-trace $(FUZZ_BUILD)/fuzz-collect \
     $(FUZZ_BUILD)/fuzz-image $(FUZZ_BUILD)/fuzz-abi-import \
     $(FUZZ_BUILD)/fuzz-snapshot-text $(FUZZ_BUILD)/fuzz-hcpage \
     $(FUZZ_BUILD)/fuzz-live-args $(FUZZ_BUILD)/fuzz-version \
     $(FUZZ_BUILD)/fuzz-save

$(FUZZ_BUILD)/fuzz-save: tests/fuzz/fuzz-save.c $(SAVE_SRC) collector/save.h \
                         collector/live-xen.h tests/fuzz/fuzz-check.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -std=gnu11 $(FUZZ_FLAGS) -o $@ \
	    tests/fuzz/fuzz-save.c $(SAVE_SRC) $(FUZZ_LIBS)

# abi/'s version parser and the per-release hypercall tables it keys.
$(FUZZ_BUILD)/fuzz-version: tests/fuzz/fuzz-version.c $(ABI_SRC) \
                            abi/abi.h abi/hypercall-tables.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_FLAGS) -o $@ \
	    tests/fuzz/fuzz-version.c $(ABI_SRC) $(FUZZ_LIBS)

# The live collector's own arguments.
$(FUZZ_BUILD)/fuzz-live-args: tests/fuzz/fuzz-live-args.c \
                              collector/live-util.c collector/live.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_FLAGS) -o $@ \
	    tests/fuzz/fuzz-live-args.c collector/live-util.c $(FUZZ_LIBS)

$(FUZZ_BUILD)/fuzz-hcpage: tests/fuzz/fuzz-hcpage.c $(HCPAGE_SRC) \
                           collector/hcpage.h store/store.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_FLAGS) -DXABI_VERSION='"fuzz"' \
	    -o $@ tests/fuzz/fuzz-hcpage.c $(HCPAGE_SRC) $(FUZZ_LIBS)

$(FUZZ_BUILD)/fuzz-image: tests/fuzz/fuzz-image.c $(IMAGE_SRC) \
                          collector/collector.h collector/collector-int.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_FLAGS) -o $@ tests/fuzz/fuzz-image.c \
	    $(IMAGE_SRC) $(FUZZ_LIBS)

$(FUZZ_BUILD)/fuzz-abi-import: tests/fuzz/fuzz-abi-import.c $(ABI_SRC) \
                               abi/abi.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_FLAGS) -o $@ \
	    tests/fuzz/fuzz-abi-import.c $(ABI_SRC) $(FUZZ_LIBS)

$(FUZZ_BUILD)/fuzz-snapshot-text: tests/fuzz/fuzz-snapshot-text.c \
                                  $(SNAP_SRC) collector/snapshot.h \
                                  tests/fuzz/fuzz-check.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_FLAGS) -DXABI_VERSION='"fuzz"' \
	    -o $@ tests/fuzz/fuzz-snapshot-text.c $(SNAP_SRC) $(FUZZ_LIBS)

$(FUZZ_BUILD)/fuzz-trace: tests/fuzz/fuzz-trace.c $(TRACE_SRC) \
                          collector/collector.h collector/collector-int.h \
                          store/store.h tests/fuzz/fuzz-check.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_FLAGS) -o $@ tests/fuzz/fuzz-trace.c \
	    $(TRACE_SRC) $(FUZZ_LIBS)

$(FUZZ_BUILD)/schema-data.c: $(SCHEMA) scripts/embed-sql.sh
	@mkdir -p $(dir $@)
	sh scripts/embed-sql.sh $(SCHEMA) > $@

$(FUZZ_BUILD)/fuzz-collect: tests/fuzz/fuzz-collect.c $(COLLECT_SRC) \
                            $(wildcard analyzer/*.c) $(wildcard analyzer/*.h) \
                            $(wildcard collector/*.h) $(wildcard store/*.h) \
                            tests/fuzz/fuzz-check.h
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_FLAGS) -DXABI_VERSION='"fuzz"' \
	    -o $@ tests/fuzz/fuzz-collect.c $(COLLECT_SRC) \
	    $(wildcard analyzer/*.c) $(FUZZ_LIBS)
