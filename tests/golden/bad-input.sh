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

# damaged NAME OFFSET BYTES: $work/NAME.bin, a copy of trace_domU with
# BYTES (printf's escapes) written over it at OFFSET.
damaged() {
    cp "$work/domU.bin" "$work/$1.bin"
    printf "$3" | dd of="$work/$1.bin" bs=1 seek="$2" conv=notrunc status=none
}

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
damaged bigwin 8 '\360\377\377\000'
expect 1 "bigwin.bin: offset [0-9]+ .*window header inside the window" \
    -- $(c "$work/bigwin.bin")
# A window larger than any per-CPU trace buffer (65535 pages) is refused
# before it is read.
damaged hugewin 8 '\360\377\377\017'
expect 1 "hugewin.bin: offset 0 .*larger than any trace buffer" \
    -- $(c "$work/hugewin.bin")
# Garbage in the middle: 4 KiB of 0xa5 at 5 MiB.
cp "$work/domU.bin" "$work/garbage.bin"
head -c 4096 /dev/zero | tr '\000' '\245' |
    dd of="$work/garbage.bin" bs=1024 seek=5120 conv=notrunc status=none
expect 1 "garbage.bin: offset 52[0-9]{5} " -- $(c "$work/garbage.bin")
# Damage only the TSCs show.  Within one pCPU, in file order, the TSC
# never goes back (none does in any of the real traces).  Two traces back
# to back (cat t.bin t.bin): the second copy's first record, at 1916476 +
# 12, goes back on pCPU 0.  Not a complete run of twice the records.
cat "$work/good.bin" "$work/good.bin" > "$work/twice.bin"
expect 1 "twice.bin: offset 1916488 .*TSC 0x[0-9a-f]+ goes back .*concatenated" \
    -- $(c "$work/twice.bin")
# One byte of one TSC: trace_domU's record at 1000008 (pCPU 0, TSC
# 0x27333debc0) with its TSC's fifth byte, at 1000016, zeroed.
damaged tscflip 1000016 '\000'
expect 1 "tscflip.bin: offset 1000008 .*TSC 0x333debc0 goes back from 0x27333dcd39, pCPU 0's record at offset 999988" \
    -- $(c "$work/tscflip.bin")
# The same record's class byte (1000010) made 0x03, not a Xen class.
damaged badclass 1000010 '\003'
expect 1 "badclass.bin: offset 1000008 .*not a Xen trace event" \
    -- $(c "$work/badclass.bin")
# The last window (pCPU 1, header at 10261720, 456 bytes) made to claim
# 4096: the file ends between two of its records.
damaged lastwin 10261728 '\000\020\000\000'
# Directories where a file is read.
expect 1 "dir.bin: is a directory, not a vCPU dump" -- collect --snapshot "$work/dir.bin" \
    --xen-version 4.17 --db "$db"
expect 1 "dir.bin: offset 0 \(0x0\): is a directory" -- collect --hypercall-page \
    "$work/dir.bin" --va 0xffffffff81001000 --xen-version 4.17 --db "$db"
# vCPU dumps cut short or holding values out of range.
snaps=$data/snapshots
head -n 4 "$snaps/getctx_domU_initial.txt" > "$work/cut4.txt"
expect 1 "cut4.txt: line 4: the getctx dump ends here without cr0, cr2, cr3, cr4, kernel_ss" \
    -- collect --snapshot "$work/cut4.txt" --xen-version 4.17 --db "$db"
sed 's/^rip 0xffffffff830791c0 /rip 0xffffffffffffffffffffffff /' \
    "$snaps/getctx_domU_initial.txt" > "$work/bigrip.txt"
expect 1 "bigrip.txt: line 4: rip: '0xffffffffffffffffffffffff' is not a number" \
    -- collect --snapshot "$work/bigrip.txt" --xen-version 4.17 --db "$db"
sed 's/^trap\[3\] vector=0 flags=0x0/trap[3] vector=0 flags=0a0/' \
    "$snaps/getctx_domU_initial.txt" > "$work/flags.txt"
expect 1 "flags.txt: line 19: trap\[3\]: 'flags=0a0' is not a number" \
    -- collect --snapshot "$work/flags.txt" --xen-version 4.17 --db "$db"
# xenctx's first lines (shared/data/xen-4.17-qemu/xenctx_domU_initial.txt).
printf 'rip: ffffffff830791c0\nflags: 00000200 i nz\n' > "$work/xenctx.txt"
expect 1 "xenctx.txt: line 1: a xenctx dump, which xabi does not read" \
    -- collect --snapshot "$work/xenctx.txt" --xen-version 4.17 --db "$db"
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
expect 2 "unknown option or missing value" -- collect "$work/good.bin" --frob \
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

# The last window claiming more than the file holds: truncated, and the
# message names the window and its last whole record, not a record "at"
# the end of the file.
"$XABI" collect "$work/lastwin.bin" --xen-version 4.17 --db "$db" \
    --no-progress > "$work/out" 2> "$work/err"
if grep -q "truncated" "$work/out" &&
    grep -q "the last window (pCPU 1, header at offset 10261720) claims 4096 bytes, more than the file holds: it ends 456 bytes into it, at offset 10262188; its last whole record is at offset 10262172" "$work/err"; then
    echo "ok: last window claims more: $(head -n 1 "$work/err")"
else
    echo "FAIL: last window claiming more"; cat "$work/out" "$work/err"
    fails=$((fails + 1))
fi
if grep -q "last record, at offset 10262188" "$work/err"; then
    echo "FAIL: a record named at the end of the file"; fails=$((fails + 1))
fi

# --salvage keeps exactly the records that lie before the damage in the
# file, also those of the other pCPU that the merge reads ahead: every
# stored record, fact and loss lies before it, they are the records of the
# whole trace before it, and the run says where the damage was and what
# was kept.  Twice: the TSC flip and the bad class, both at 1000008.
"$XABI" collect "$work/domU.bin" --xen-version 4.17 --db "$work/whole.db" \
    --keep-all --no-progress > /dev/null 2>&1
want=$(sqlite3 "$work/whole.db" "SELECT count(*) FROM event WHERE offset < 1000008")
for f in tscflip badclass; do
    sdb=$work/salvage-$f.db
    "$XABI" collect "$work/$f.bin" --xen-version 4.17 --db "$sdb" --salvage \
        --keep-all --no-progress > "$work/out" 2> "$work/err"
    got=$(sqlite3 "$sdb" "SELECT count(*) FROM event")
    max=$(sqlite3 "$sdb" "SELECT max(m) FROM (
        SELECT max(offset) AS m FROM event UNION ALL
        SELECT max(offset) FROM fact UNION ALL SELECT max(offset) FROM lost)")
    run=$(sqlite3 "$sdb" "SELECT status || ' ' || records FROM run")
    detail=$(sqlite3 "$sdb" "SELECT status_detail FROM run")
    if [ "$got" = "$want" ] && [ "$max" -lt 1000008 ] &&
        [ "$run" = "salvaged ${run#salvaged }" ] &&
        echo "$detail" | grep -q "^damage at offset 1000008: .*; kept only the ${run#salvaged } records before it in the file, none after$" &&
        grep -q "damage at offset 1000008" "$work/err"; then
        echo "ok: salvage of $f.bin keeps the $got records before 1000008 (last at $max)"
    else
        echo "FAIL: salvage of $f.bin: $got records (want $want), last at $max; run $run: $detail"
        fails=$((fails + 1))
    fi
done

# Short of memory (ulimit -v): whatever runs out says for what and for
# which file (the trace's or the database's), and the database is
# untouched.  Skipped where xabi cannot
# start under a limit at all (a sanitizer build reserves terabytes).
before=$(sha256sum "$db" | cut -d' ' -f1)
if (ulimit -v 200000 && "$XABI" help > /dev/null 2>&1); then
    for v in 34000 40000 46000 52000 58000; do
        set +e
        (ulimit -v $v && "$XABI" collect "$work/domU.bin" --xen-version 4.17 \
            --db "$db" --no-progress --label short > "$work/out" 2> "$work/err")
        rc=$?
        set -e
        if [ "$rc" = 0 ]; then
            : # enough memory after all: a run was added, checked below
        elif grep -q "error while loading shared libraries" "$work/err"; then
            : # too little to start
        # The database is opened while the trace is read, so either
        # may be what runs out first.
        elif grep -Eq "domU.bin: (offset [0-9]+ \(0x[0-9a-f]+\): )?out of memory [a-z]|^xabi: $db: [a-z ]+: out of memory$" "$work/err"; then
            echo "ok: ulimit -v $v: $(head -n 1 "$work/err")"
        else
            echo "FAIL: ulimit -v $v: exit $rc: $(cat "$work/err")"
            fails=$((fails + 1))
        fi
        if [ "$rc" != 0 ] &&
            [ "$(sha256sum "$db" | cut -d' ' -f1)" != "$before" ]; then
            echo "FAIL: ulimit -v $v changed the database"; fails=$((fails + 1))
        fi
        before=$(sha256sum "$db" | cut -d' ' -f1)
    done
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
