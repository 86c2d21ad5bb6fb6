#!/bin/sh
# Golden test: `xabi collect` reads xz, zstd and gzip traces directly,
# recognised by their first bytes (not their names), and gets exactly what
# the decompressed trace gives: the same records, counts and SHA-256 (the
# run's identity is the trace's, so the decompressed file is "already
# collected").  Damaged or truncated compressed data fails with the file
# and the offset named, exit 1, and the database untouched.
set -eu
XABI=${XABI:-build/xabi}
data=$(dirname "$0")/../data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

xz -dc "$data/trace_pv.bin.xz" > "$work/pv.bin"
# The run's path and the time it was collected differ; nothing else may.
stats() { "$XABI" stats --db "$1" | sed -e '1d' -e '/^  collected /d'; }
collect() { "$XABI" collect "$1" --xen-version 4.17 --db "$2" --no-progress; }

collect "$work/pv.bin" "$work/plain.db" > /dev/null
stats "$work/plain.db" > "$work/plain.txt"

zstd -q -c "$work/pv.bin" > "$work/pv.zst"
gzip -c "$work/pv.bin" > "$work/pv.gz"
# A name that says nothing: the content decides.
cp "$data/trace_pv.bin.xz" "$work/pv.trace"
for f in "$data/trace_pv.bin.xz" "$work/pv.zst" "$work/pv.gz" \
    "$work/pv.trace"; do
    db=$work/$(basename "$f").db
    if ! collect "$f" "$db" > "$work/out" 2> "$work/err"; then
        fail "collect $f: $(cat "$work/err")"
        continue
    fi
    if stats "$db" | cmp -s - "$work/plain.txt"; then
        echo "ok: $(basename "$f"): $(head -n 1 "$work/out")"
    else
        fail "$f: stats differ from the decompressed trace's"
        stats "$db" | diff "$work/plain.txt" - | head -n 10
    fi
done

# Same trace, same identity: the decompressed file is already there.
collect "$work/pv.bin" "$work/pv.zst.db" > "$work/out"
if grep -q 'already collected as run 1' "$work/out"; then
    echo "ok: the decompressed file is the same source"
else
    fail "pv.bin into the zstd run's database: $(cat "$work/out")"
fi

# Standard input redirected from a compressed file is read the same way.
"$XABI" collect - --xen-version 4.17 --db "$work/stdin.db" --no-progress \
    < "$work/pv.gz" > /dev/null
if stats "$work/stdin.db" | cmp -s - "$work/plain.txt"; then
    echo "ok: gzip on standard input"
else
    fail "gzip on standard input: stats differ"
fi

# Bad compressed data: the file, an offset, exit 1, the database untouched.
db=$work/plain.db
before=$(sha256sum "$db" | cut -d' ' -f1)
head -c 100000 "$data/trace_pv.bin.xz" > "$work/cut.xz"
head -c 50000 "$work/pv.zst" > "$work/cut.zst"
head -c 50000 "$work/pv.gz" > "$work/cut.gz"
cp "$data/trace_pv.bin.xz" "$work/bad.xz"
printf 'XXXXXXXX' | dd of="$work/bad.xz" bs=1 seek=50000 conv=notrunc \
    2> /dev/null
for case in "cut.xz:offset 100000 .*xz data.*ends early" \
    "cut.zst:offset 50000 .*zstd data.*ends early" \
    "cut.gz:offset 50000 .*gzip data.*ends early" \
    "bad.xz:offset [0-9]+ .*of the xz data.*corrupt xz data"; do
    f=${case%%:*} pattern=${case#*:}
    set +e
    collect "$work/$f" "$db" > "$work/out" 2> "$work/err"
    rc=$?
    set -e
    after=$(sha256sum "$db" | cut -d' ' -f1)
    if [ "$rc" != 1 ]; then
        fail "$f: exit $rc, want 1"
    elif ! grep -Eq -- "$work/$f: $pattern" "$work/err"; then
        fail "$f: message: $(cat "$work/err")"
    elif [ "$after" != "$before" ]; then
        fail "$f: the database changed"
    else
        echo "ok: $f -> $(cat "$work/err")"
    fi
done

[ "$fails" = 0 ] || { echo "$fails failed"; exit 1; }
echo "all passed"
