#!/bin/sh
# Runs the libFuzzer targets for SECONDS each (default 60), from a seed
# corpus cut out of the real traces.  Fails if a target finds a crash.
# Usage: tests/fuzz/run.sh [SECONDS]     (after `make fuzz`)
set -eu
seconds=${1:-60}
[ -n "$seconds" ] || seconds=60
build=${FUZZ_BUILD:-build-fuzz}
corpus=$build/corpus
crashes=$build/crashes

traces=$(ls tests/data/*.bin.xz 2>/dev/null || true)
[ -n "$traces" ] ||
    traces=$(ls /work/shared/data/xen-4.17-qemu/*.bin.xz 2>/dev/null || true)
[ -n "$traces" ] || { echo "fuzz: no traces to seed from" >&2; exit 1; }

# The offset of the n-th window header (n from 0) of trace file $1: walk
# the TRC_TRACE_CPU_CHANGE headers, whose third word is the window's size.
window_offset()
{
    off=0
    i=0
    while [ "$i" -lt "$2" ]; do
        # shellcheck disable=SC2046
        set -- "$1" "$2" $(od -An -tu4 -j "$off" -N 12 "$1")
        [ $# -eq 5 ] || return 1
        off=$((off + 12 + $5))
        i=$((i + 1))
    done
    echo "$off"
}

# Seeds: the start of each trace, and 8 KiB from a few window boundaries
# (so the corpus also holds windows of other pCPUs and later records).
mkdir -p "$corpus" "$crashes"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for x in $traces; do
    name=$(basename "$x" .bin.xz)
    xz -dc "$x" | head -c 1048576 > "$tmp/$name.bin"
    head -c 4096 "$tmp/$name.bin" > "$corpus/seed-$name-4k"
    head -c 16384 "$tmp/$name.bin" > "$corpus/seed-$name-16k"
    for n in 1 2 3 5 8 13; do
        off=$(window_offset "$tmp/$name.bin" "$n") || continue
        dd if="$tmp/$name.bin" of="$corpus/seed-$name-w$n" bs=1 \
           skip="$off" count=8192 2>/dev/null
        [ -s "$corpus/seed-$name-w$n" ] || rm -f "$corpus/seed-$name-w$n"
    done
done

# The same starts compressed, for the decompressing reader behind collect
# (collector/unpack.c): xz, zstd and gzip, known by their first bytes.
for x in $traces; do
    name=$(basename "$x" .bin.xz)
    xz -c "$corpus/seed-$name-4k" > "$corpus/seed-$name-4k.xz"
    gzip -c "$corpus/seed-$name-4k" > "$corpus/seed-$name-4k.gz"
    command -v zstd > /dev/null &&
        zstd -q -c "$corpus/seed-$name-4k" > "$corpus/seed-$name-4k.zst"
done

# Seeds of the other parsers: real ELF objects, the real public headers,
# the real vCPU dumps.
mkdir -p "$build/seeds-fuzz-image" "$build/seeds-fuzz-abi-import" \
    "$build/seeds-fuzz-snapshot-text"
for f in /usr/lib/x86_64-linux-gnu/crt1.o /usr/lib/x86_64-linux-gnu/crti.o; do
    [ -f "$f" ] && cp "$f" "$build/seeds-fuzz-image/$(basename "$f")"
done
for f in /usr/include/xen/xen.h /usr/include/xen/elfnote.h \
         /usr/include/xen/callback.h /usr/include/xen/arch-x86/xen-x86_64.h; do
    [ -f "$f" ] && cp "$f" "$build/seeds-fuzz-abi-import/$(basename "$f")"
done
cp tests/data/snapshots/*.txt "$build/seeds-fuzz-snapshot-text/" 2>/dev/null ||
    true
# The hypercall pages, behind fuzz-hcpage's mode byte: 2 PV64 as is, 3 PV32
# as is, 0 the first stubs laid over Xen's PV64 page.
mkdir -p "$build/seeds-fuzz-hcpage"
for m in 2:pv64-xen-4.17 3:pv32-xen-4.17 2:pv64-tampered; do
    f=tests/data/hcpage/${m#*:}.page
    [ -f "$f" ] || continue
    { printf "\\00${m%%:*}"; cat "$f"; } > "$build/seeds-fuzz-hcpage/${m#*:}"
done
[ -f tests/data/hcpage/pv64-tampered.page ] &&
    { printf '\000'; head -c 64 tests/data/hcpage/pv64-tampered.page; } \
        > "$build/seeds-fuzz-hcpage/stubs-0-1"

# xl save images: the partial one whole, the heads of the real ones (the
# headers and first records; -max_len cuts the rest).
mkdir -p "$build/seeds-fuzz-save"
for f in tests/data/save/*.img.xz; do
    [ -f "$f" ] || continue
    xz -dc "$f" | head -c 16384 > "$build/seeds-fuzz-save/$(basename "$f" .img.xz)"
done

# What users type after --duration and --events.
mkdir -p "$build/seeds-fuzz-live-args"
for a in 30s 2m 1.5h 0.25 pv,hvm,sched all 0x0020f000 PV,Sched,dom0op; do
    printf '%s' "$a" > "$build/seeds-fuzz-live-args/$(echo "$a" | tr ',.' '__')"
done

# Xen versions as runs and users give them.
mkdir -p "$build/seeds-fuzz-version"
for a in 4.17 4.17.7 4.2 4.22 4.9-debian 4.17.1-pre 9.99 x.y; do
    printf '%s' "$a" > "$build/seeds-fuzz-version/v$(echo "$a" | tr '.' '_')"
done

# Each target grows its own corpus (the first directory), reading the
# seeds: its own where it has some, else the traces'.
status=0
for f in "$build"/fuzz-*; do
    [ -f "$f" ] && [ -x "$f" ] || continue
    name=$(basename "$f")
    mkdir -p "$build/corpus-$name"
    echo "fuzz: $f for ${seconds}s"
    if ! "$f" -max_total_time="$seconds" -max_len=16384 -timeout=10 \
            -artifact_prefix="$crashes/$name-" -print_final_stats=1 \
            "$build/corpus-$name" \
            "$( [ -d "$build/seeds-$name" ] && echo "$build/seeds-$name" ||
                echo "$corpus")"; then
        status=1
    fi
done
if [ -n "$(ls "$crashes" 2>/dev/null)" ]; then
    echo "fuzz: crashes found:" >&2
    ls -l "$crashes" >&2
    status=1
fi
exit "$status"
