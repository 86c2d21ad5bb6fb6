#!/bin/sh
# Golden test: bad input and wrong arguments to `xabi collect` and
# `xabi stats`.  Each gets a clear message naming the file and, for trace
# damage, the byte offset; a non-zero exit; and a database byte-identical
# to before.  A trace cut short at the end is accepted as truncated, and
# --salvage keeps what came before damage.
set -eu
XABI=${XABI:-build/xabi}
data=$(dirname "$0")/../data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0

xz -dc "$data/trace_sched.bin.xz" > "$work/good.bin"
xz -dc "$data/trace_domU.bin.xz" > "$work/domU.bin"
db=$work/xabi.db
"$XABI" collect "$work/good.bin" --xen-version 4.17 --db "$db" --no-progress \
    > /dev/null
before=$(sha256sum "$db" | cut -d' ' -f1)

# expect EXIT PATTERN -- xabi args...: exit code, stderr matching PATTERN
# (grep -E), and the database unchanged.
expect() {
    want=$1 pattern=$2
    shift 3
    set +e
    "$XABI" "$@" > "$work/out" 2> "$work/err"
    rc=$?
    set -e
    after=$(sha256sum "$db" | cut -d' ' -f1)
    if [ "$rc" != "$want" ] || ! grep -Eq -- "$pattern" "$work/err" ||
        [ "$after" != "$before" ]; then
        echo "FAIL: xabi $*"
        echo "  exit $rc (want $want); db $( [ "$after" = "$before" ] &&
            echo unchanged || echo CHANGED)"
        sed 's/^/  stderr: /' "$work/err"
        fails=$((fails + 1))
    else
        echo "ok: xabi $* -> $rc: $(head -n 1 "$work/err")"
    fi
}

c() { echo collect "$1" --xen-version 4.17 --db "$db" --no-progress; }

# An empty file.
: > "$work/empty.bin"
expect 1 "empty.bin: offset 0 .*empty" -- $(c "$work/empty.bin")
# A directory.
mkdir "$work/dir.bin"
expect 1 "dir.bin: offset 0: is a directory" -- $(c "$work/dir.bin")
# A file that is not a trace.
printf 'ELF\001 this is not a trace at all, just some text\n' > "$work/text.bin"
expect 1 "text.bin: offset 0 .*not a xentrace trace" -- $(c "$work/text.bin")
# A missing file.
expect 1 "missing.bin: cannot open" -- $(c "$work/missing.bin")
# A window size that runs past the end of the file: the first window's
# size (bytes 8-11) made huge swallows the windows after it.
cp "$work/domU.bin" "$work/bigwin.bin"
printf '\360\377\377\000' |
    dd of="$work/bigwin.bin" bs=1 seek=8 conv=notrunc status=none
expect 1 "bigwin.bin: offset [0-9]+ .*window header inside the window" \
    -- $(c "$work/bigwin.bin")
# A window larger than any per-CPU trace buffer (65535 pages) is refused
# before it is read.
cp "$work/domU.bin" "$work/hugewin.bin"
printf '\360\377\377\017' |
    dd of="$work/hugewin.bin" bs=1 seek=8 conv=notrunc status=none
expect 1 "hugewin.bin: offset 0 .*larger than any trace buffer" \
    -- $(c "$work/hugewin.bin")
# Garbage in the middle: 4 KiB of 0xa5 at 5 MiB.
cp "$work/domU.bin" "$work/garbage.bin"
head -c 4096 /dev/zero | tr '\000' '\245' |
    dd of="$work/garbage.bin" bs=1024 seek=5120 conv=notrunc status=none
expect 1 "garbage.bin: offset 52[0-9]{5} " -- $(c "$work/garbage.bin")
# Kernel images: garbage, a directory, an ELF cut short.
expect 1 "text.bin: offset 0 .*not a kernel image" -- collect --image \
    "$work/text.bin" --db "$db"
expect 1 "dir.bin: offset 0: is a directory" -- collect --image \
    "$work/dir.bin" --db "$db"
printf '\177ELF\002\001\001' > "$work/cut.elf"
expect 1 "cut.elf: offset 0 .*not an ELF file" -- collect --image \
    "$work/cut.elf" --db "$db"
# Wrong arguments: usage errors exit 2.
expect 2 "--xen-version is required" -- collect "$work/good.bin" --db "$db"
expect 2 "expected a version" -- collect "$work/good.bin" --xen-version x.y \
    --db "$db"
expect 2 "unknown or incomplete option" -- collect "$work/good.bin" --frob \
    --db "$db"
expect 2 "no FILE given" -- collect --xen-version 4.17 --db "$db"
expect 1 "Xen 4.99 is not in the catalogue" -- collect "$work/good.bin" \
    --xen-version 4.99 --db "$db"
expect 1 "no run 99" -- stats --run 99 --db "$db"
expect 2 "expected a run number" -- stats --run abc --db "$db"

# A database made by another program is refused and left alone.
python3 -c "
import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute('create table t (x)'); c.commit()
" "$work/other.db"
osum=$(sha256sum "$work/other.db" | cut -d' ' -f1)
set +e
"$XABI" collect "$work/good.bin" --xen-version 4.17 --db "$work/other.db" \
    --no-progress 2> "$work/err"
rc=$?
set -e
if [ "$rc" = 1 ] && grep -q "not an xabi database" "$work/err" &&
    [ "$(sha256sum "$work/other.db" | cut -d' ' -f1)" = "$osum" ]; then
    echo "ok: another program's database refused: $(cat "$work/err")"
else
    echo "FAIL: another program's database (exit $rc)"; fails=$((fails + 1))
fi

# A failed collect into a new path leaves no file behind.
set +e
"$XABI" collect "$work/empty.bin" --xen-version 4.17 --db "$work/new.db" \
    2> /dev/null
set -e
if [ -e "$work/new.db" ]; then
    echo "FAIL: a failed collect left $work/new.db"; fails=$((fails + 1))
else
    echo "ok: a failed collect creates no database"
fi

# Collecting the same bytes again is a no-op that says so, from a file or
# from standard input.
"$XABI" collect "$work/good.bin" --xen-version 4.17 --db "$db" > "$work/out"
grep -q "already collected as run 1; nothing changed" "$work/out" &&
    echo "ok: second collect: $(cat "$work/out")" ||
    { echo "FAIL: second collect: $(cat "$work/out")"; fails=$((fails + 1)); }
"$XABI" collect - --xen-version 4.17 --db "$db" < "$work/good.bin" > "$work/out"
grep -q "already collected as run 1" "$work/out" &&
    echo "ok: the same trace on stdin is recognised" ||
    { echo "FAIL: stdin collect: $(cat "$work/out")"; fails=$((fails + 1)); }
[ "$(sha256sum "$db" | cut -d' ' -f1)" = "$before" ] ||
    { echo "FAIL: duplicate collects changed the database"; fails=$((fails + 1)); }

# A trace cut short mid-record, as when xentrace is killed: accepted,
# marked truncated, with a warning.
head -c 1000003 "$work/domU.bin" > "$work/cut.bin"
"$XABI" collect "$work/cut.bin" --xen-version 4.17 --db "$db" --no-progress \
    > "$work/out" 2> "$work/err"
if grep -q "truncated" "$work/out" && grep -q "cut short" "$work/err"; then
    echo "ok: truncated trace: $(head -n 1 "$work/err")"
else
    echo "FAIL: truncated trace"; cat "$work/out" "$work/err"
    fails=$((fails + 1))
fi
# --salvage keeps what came before the garbage.
"$XABI" collect "$work/garbage.bin" --xen-version 4.17 --db "$db" --salvage \
    --no-progress > "$work/out" 2> "$work/err"
if grep -q "salvaged" "$work/out" && grep -q "damage at offset" "$work/err"; then
    echo "ok: salvaged: $(head -n 1 "$work/out")"
else
    echo "FAIL: salvage"; cat "$work/out" "$work/err"; fails=$((fails + 1))
fi

# --live: wrong arguments are usage errors (exit 2) before anything is
# read; without Xen, a clear message and exit 1.  Neither touches $db.
before=$(sha256sum "$db" | cut -d' ' -f1)
expect 2 "not a duration" -- collect --live --duration 3x --db "$db"
expect 2 "--events: 'bogus' is not an event class" \
    -- collect --live --events pv,bogus --db "$db"
expect 2 "--live takes no FILE" -- collect --live "$work/good.bin" --db "$db"
expect 2 "go with --live" -- $(c "$work/good.bin") --start
expect 2 "go with --live" -- $(c "$work/good.bin") --save-trace "$work/t.bin"
if [ ! -e /dev/xen/privcmd ]; then
    expect 1 "--live: no /dev/xen/privcmd: this is not a Xen dom0" \
        -- collect --live --duration 5s --db "$db"
    "$XABI" collect --live --db "$work/live.db" 2> /dev/null &&
        { echo "FAIL: --live succeeded without Xen"; fails=$((fails + 1)); }
    if [ -e "$work/live.db" ]; then
        echo "FAIL: --live without Xen created a database"
        fails=$((fails + 1))
    else
        echo "ok: --live without Xen creates no database"
    fi
fi

echo "$fails failures"
[ "$fails" = 0 ]
