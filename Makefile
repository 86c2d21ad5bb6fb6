# xabi: one binary, one library of stages, and the tests around them.
#
#   make            build ./build/xabi, its template module
#                   build/xabi-ctemplate.so and its manual page build/xabi.1
#   make install    install them, the templates and the bash and zsh
#                   completions
#                   under $(DESTDIR)$(PREFIX) (PREFIX=/usr/local); make
#                   uninstall removes exactly those files again
#   make demo       install dependencies, collect a bundled real trace, stats
#   make check      install dependencies, run every test
#   make site       site/ (HTML, RST, MediaWiki) from the bundled traces
#   make san        the tests again under ASan+UBSan (build-san/)
#   make fuzz       build the libFuzzer targets with clang (build-fuzz/)
#   make check-live boot real Xen 4.17 under QEMU, run xabi in its dom0
#                   (root, the Debian archive, a few minutes; tests/live/);
#                   XEN=4.14 or XEN=4.20 boots that release instead, and
#                   make check-live-all boots 4.14, 4.17 and 4.20 in turn
#
# Each stage is a directory; every .c file in it is part of libxabi.a.  The
# cli/ files link on top.  Nothing here needs a Xen host.

CC       ?= cc
# C++ only for generator/template-adapter.cc; clang builds use clang++.
ifeq ($(CC),clang)
CXX      := clang++
endif
# CFLAGS, CXXFLAGS, CPPFLAGS and LDFLAGS are the builder's, from the
# environment or the command line (dpkg-buildflags' hardening flags for a
# Debian package): each compile and link takes them after xabi's own.
CFLAGS   ?= -O2 -g
CXXFLAGS ?= $(CFLAGS)
CPPFLAGS ?=
LDFLAGS  ?=
BUILD    ?= build
SAN      ?=

WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wformat=2 -Wno-format-nonliteral -Wvla
XCFLAGS  := -std=c11 -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 -I. -I$(BUILD) \
            $(WARN) $(SAN)
# ctemplate is C++: the one adapter file (generator/template-adapter.cc)
# is compiled with $(CXX) into a module of its own, xabi-ctemplate.so, which
# `xabi render` loads with dlopen() (generator/template-module.h): the
# binary does not link ctemplate or the C++ runtime, and every other command
# starts without them.  The unit tests link the adapter in (TPL_LIBS).
# Capstone disassembles hypercall pages (collector/hcpage.c only), which
# loads it with dlopen() when it needs it: it is not linked either, nor are
# Xen's libraries (collector/live-host.c, below).
LIBS     := -lsqlite3 -lgcrypt -lelf -lz -llzma -lzstd -llz4 -ldl -lm \
            -pthread
TPL_LIBS := -lctemplate_nothreads -lstdc++
CXXWARN  := -Wall -Wextra -Wshadow -Wformat=2 -Wno-format-nonliteral
XCXXFLAGS := -std=c++11 -fPIC -I. -I$(BUILD) $(CXXWARN) $(SAN)
TESTLIBS := -lcmocka

VERSION  := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

MODULES  := collector store abi analyzer generator
LIB_SRC  := $(foreach m,$(MODULES),$(wildcard $(m)/*.c))
LIB_CXX  := $(wildcard generator/*.cc)
CLI_SRC  := $(wildcard cli/*.c)
SCHEMA   := $(sort $(wildcard schema/*.sql)) $(sort $(wildcard schema/catalogue/*.sql)) \
            $(sort $(wildcard schema/migrate/*.sql))

LIB_OBJ  := $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRC)) $(BUILD)/schema-data.o
TPL_OBJ  := $(patsubst %.cc,$(BUILD)/%.o,$(LIB_CXX))
TPL_MOD  := $(BUILD)/xabi-ctemplate.so
CLI_OBJ  := $(patsubst %.c,$(BUILD)/%.o,$(CLI_SRC))
UNIT_SRC := $(wildcard tests/unit/test-*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))

.PHONY: all deps demo check check-live check-live-all test unit golden san fuzz fuzz-run \
        bench clean format site lint install uninstall

all: $(BUILD)/xabi $(TPL_MOD) $(BUILD)/xabi.1

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(XCFLAGS) $(CPPFLAGS) $(CFLAGS) -DXABI_VERSION='"$(VERSION)"' -MMD -MP -c $< -o $@

# Xen's public headers use anonymous unions, a GNU C extension; only the
# live collector's files and the save image reader, which include them,
# are built as gnu11.
XEN_OBJ  := $(BUILD)/collector/live-xen.o $(BUILD)/collector/live-host.o \
            $(BUILD)/collector/save.o $(BUILD)/tests/test-live \
            $(BUILD)/tests/test-save
$(XEN_OBJ): XCFLAGS += -std=gnu11

# collector/live-host.c loads Xen's libraries with dlopen(), by the sonames
# of those it is built against (libxenctrl's changes with every release).
xen_soname = $(shell readelf -d "$$($(CC) -print-file-name=lib$(1).so)" \
    2> /dev/null | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
$(BUILD)/collector/live-host.o: XCFLAGS += \
    -DXENCTRL_SONAME='"$(call xen_soname,xenctrl)"' \
    -DXENFOREIGNMEMORY_SONAME='"$(call xen_soname,xenforeignmemory)"' \
    -DXENSTORE_SONAME='"$(call xen_soname,xenstore)"'

$(BUILD)/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(XCXXFLAGS) $(CPPFLAGS) $(CXXFLAGS) -MMD -MP -c $< -o $@

# The SQL files are compiled into the binary, so a database can be created
# anywhere without a schema/ directory at hand.  schema/migrate/ holds the
# steps that upgrade an older database (schema/README.md); the schema
# version is derived from them, and the build fails if they are misnumbered.
# The list of files is a prerequisite too: renaming a migrate file (as
# renumbering does) changes no file's date.
$(BUILD)/schema-list: FORCE
	@mkdir -p $(dir $@)
	@echo '$(SCHEMA)' | cmp -s - $@ || echo '$(SCHEMA)' > $@

$(BUILD)/schema-data.c: $(SCHEMA) $(BUILD)/schema-list scripts/embed-sql.sh
	@mkdir -p $(dir $@)
	sh scripts/embed-sql.sh $(SCHEMA) > $@ || { rm -f $@; exit 1; }

FORCE:

$(BUILD)/schema-data.o: $(BUILD)/schema-data.c
	$(CC) $(XCFLAGS) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/libxabi.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

# A new database is a copy of build/seed.db, which mkseed makes with the
# store's own code from the SQL above (store/store.c: seed_new); only
# build/xabi carries the image, the tests make theirs from the SQL.
$(BUILD)/mkseed: scripts/mkseed.c $(BUILD)/libxabi.a
	$(CC) $(XCFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libxabi.a $(LIBS)

$(BUILD)/seed.db: $(BUILD)/mkseed
	rm -f $@ $@.tmp
	$(BUILD)/mkseed $@.tmp && mv $@.tmp $@

$(BUILD)/seed.o: scripts/seed.S $(BUILD)/seed.db
	$(CC) $(CPPFLAGS) $(CFLAGS) -DSEED_DB='"$(BUILD)/seed.db"' -c $< -o $@

# The module comes with the binary (order-only: a new module does not
# relink the binary), so every target that builds build/xabi can render.
$(BUILD)/xabi: $(CLI_OBJ) $(BUILD)/libxabi.a $(BUILD)/seed.o | $(TPL_MOD)
	$(CC) $(XCFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/seed.o \
	    $(BUILD)/libxabi.a $(LIBS)

$(TPL_MOD): $(TPL_OBJ)
	$(CXX) $(XCXXFLAGS) $(CXXFLAGS) $(LDFLAGS) -shared -o $@ $(TPL_OBJ) \
	    -lctemplate_nothreads

# The manual page, from the same usage texts as `xabi help` and --help.
$(BUILD)/xabi.1: $(BUILD)/xabi
	$(BUILD)/xabi help --man > $@ || { rm -f $@; exit 1; }

# Installed: the binary, its manual page, the templates (which the binary
# finds as ../share/xabi/templates beside its own directory) and the bash
# and zsh completions.  uninstall removes the files install wrote, then the
# directories xabi owns if they are left empty.  zsh looks in
# /usr/local/share/zsh/site-functions, and Debian's zsh in
# /usr/share/zsh/vendor-completions; ZSHCOMPDIR=DIR (without DESTDIR)
# puts _xabi elsewhere.
PREFIX   ?= /usr/local
DESTDIR  ?=
BINDIR   := $(DESTDIR)$(PREFIX)/bin
# The template module, found as ../lib/xabi/ beside the binary's directory.
MODDIR   := $(DESTDIR)$(PREFIX)/lib/xabi
DATADIR  := $(DESTDIR)$(PREFIX)/share
MAN1DIR  := $(DATADIR)/man/man1
TPLDIR   := $(DATADIR)/xabi/templates
COMPDIR  := $(DATADIR)/bash-completion/completions
ifeq ($(PREFIX),/usr)
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/vendor-completions
else
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
endif
TEMPLATES := $(sort $(shell find templates -type f))
# `xabi lab`'s harness (tests/live, shared with make check-live), and the
# sources it builds xabi from in the root of a release the host does not
# run; the binary finds them as ../share/xabi/lab beside its directory.
LABDIR   := $(DATADIR)/xabi/lab
LAB_FILES := $(addprefix tests/live/,lab.sh prepare.sh run.sh release.sh \
             releases dom0-init.sh domu-init.sh) \
             $(wildcard tests/live/pvguest/* tests/live/pvhguest/* \
                        tests/live/steps/*)
LAB_SRC  := Makefile VERSION abi analyzer cli collector generator schema \
            scripts store templates

$(BUILD)/xabi-src.tar.gz: $(LIB_SRC) $(LIB_CXX) $(CLI_SRC) $(SCHEMA) VERSION Makefile
	@mkdir -p $(dir $@)
	tar -czf $@ $(LAB_SRC)

install: $(BUILD)/xabi $(TPL_MOD) $(BUILD)/xabi.1 $(BUILD)/xabi-src.tar.gz
	install -d $(BINDIR) $(MODDIR) $(MAN1DIR) $(COMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
	    $(sort $(patsubst templates/%,$(TPLDIR)/%,$(dir $(TEMPLATES)))) \
	    $(sort $(patsubst tests/live/%,$(LABDIR)/%,$(dir $(LAB_FILES))))
	install -m 755 $(BUILD)/xabi $(BINDIR)/xabi
	install -m 644 $(TPL_MOD) $(MODDIR)/xabi-ctemplate.so
	install -m 644 $(BUILD)/xabi.1 $(MAN1DIR)/xabi.1
	install -m 644 scripts/completion/xabi.bash $(COMPDIR)/xabi
	install -m 644 scripts/completion/_xabi $(DESTDIR)$(ZSHCOMPDIR)/_xabi
	$(foreach t,$(TEMPLATES),install -m 644 $(t) $(TPLDIR)/$(t:templates/%=%) &&) true
	$(foreach t,$(LAB_FILES),install -m 644 $(t) $(LABDIR)/$(t:tests/live/%=%) &&) true
	install -m 644 $(BUILD)/xabi-src.tar.gz $(LABDIR)/xabi-src.tar.gz

uninstall:
	rm -f $(BINDIR)/xabi $(MODDIR)/xabi-ctemplate.so $(MAN1DIR)/xabi.1 $(COMPDIR)/xabi $(DESTDIR)$(ZSHCOMPDIR)/_xabi \
	    $(patsubst templates/%,$(TPLDIR)/%,$(TEMPLATES)) \
	    $(patsubst tests/live/%,$(LABDIR)/%,$(LAB_FILES)) \
	    $(LABDIR)/xabi-src.tar.gz
	rmdir $(sort $(patsubst templates/%/,$(TPLDIR)/%,$(dir $(TEMPLATES)))) \
	    $(TPLDIR) $(sort $(patsubst tests/live/%/,$(LABDIR)/%,$(filter-out \
	    tests/live/,$(dir $(LAB_FILES))))) $(LABDIR) $(DATADIR)/xabi \
	    $(MODDIR) 2> /dev/null || true

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libxabi.a $(TPL_OBJ) tests/unit/fixtures.h
	@mkdir -p $(dir $@)
	$(CC) $(XCFLAGS) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(TPL_OBJ) \
	    $(BUILD)/libxabi.a $(LIBS) $(TPL_LIBS) $(TESTLIBS)

# Debian packages this project builds and tests with.  Installed only when
# missing, so a machine that has them needs no network.
DEB_BUILD := build-essential clang libsqlite3-dev libgcrypt20-dev libcmocka-dev \
             libelf-dev zlib1g-dev liblzma-dev libzstd-dev liblz4-dev \
             libxen-dev libctemplate-dev libcapstone-dev pkg-config xz-utils \
             sqlite3 python3
DEB_TEST  := xen-utils-4.17 python3-sphinx pandoc chromium gcc-multilib zstd \
             groff-base man-db zsh
deps:
	@sh scripts/deps.sh $(DEB_BUILD) $(DEB_TEST)

# The build's output goes to a log, shown only if it fails: the first
# thing a newcomer sees is xabi's.
demo: deps
	@mkdir -p $(BUILD)
	@$(MAKE) --no-print-directory $(BUILD)/xabi > $(BUILD)/demo-build.log 2>&1 || \
	    { cat $(BUILD)/demo-build.log; \
	      echo "make demo: the build failed; its log: $(BUILD)/demo-build.log"; \
	      exit 1; }
	@sh scripts/demo.sh $(BUILD)/xabi

# site/: the pages of the bundled real traces; a golden test fails when
# the committed site/ is stale.
site: $(BUILD)/xabi
	sh scripts/site.sh $(BUILD)/xabi site

check: deps
	$(MAKE) test

# The include layering (scripts/lint-layers.sh); make test runs it too,
# as the golden test tests/golden/lint-layers.sh.
lint:
	sh scripts/lint-layers.sh .

test: $(BUILD)/xabi $(BUILD)/xabi.1 $(UNIT_BIN)
	sh tests/run.sh $(BUILD)

# xabi in the dom0 of a real Xen booted under QEMU, against paused domUs:
# Debian's 4.17 by default, XEN=4.14 (bullseye) or XEN=4.20 (trixie), or
# all three; tests/live/README.md says what it needs and what it checks.
XEN      ?= 4.17
LIVE_RELEASES := $(if $(wildcard tests/live/releases),$(shell awk '/^[0-9]/ { print $$1 }' tests/live/releases))
check-live: $(BUILD)/xabi
	bash tests/live/check-live.sh $(BUILD) $(XEN)

check-live-all: $(BUILD)/xabi
	bash tests/live/check-live.sh $(BUILD) $(LIVE_RELEASES)

# The same tests with AddressSanitizer and UndefinedBehaviorSanitizer.
san:
	$(MAKE) BUILD=build-san CFLAGS="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" test

fuzz:
	$(MAKE) -f tests/fuzz/fuzz.mk

fuzz-run: fuzz
	sh tests/fuzz/run.sh $(FUZZ_SECONDS)

bench: $(BUILD)/xabi
	sh bench/collect

format:
	clang-format -i $(LIB_SRC) $(CLI_SRC) $(UNIT_SRC) $(wildcard */*.h)

clean:
	rm -rf build build-san build-fuzz

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
