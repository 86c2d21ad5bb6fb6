#!/bin/sh
# Golden test: how commands treat the database file (issue 11, hardening).
#   - Labels, file names and guest ELF notes with ESC and BEL reach no
#     terminal raw (collect, stats, stats --list, check, abi diff) and no
#     page (html, rst, wiki) at all.
#   - A database that does not exist is an error for every command but
#     collect, and none creates one; an empty file or an empty SQLite file
#     is refused, byte for byte untouched; read commands write nothing.
#   - A damaged schema (a dropped view) is refused, untouched.
#   - Another xabi's lock is named as such; --busy-timeout gives up; a
#     reader reads committed runs meanwhile.
#   - A write error (ulimit -f) leaves the .db as it was before the
#     collect: a copy of the .db alone passes the integrity check.
set -eu
XABI=${XABI:-build/xabi}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/tally.sh"
data=$here/../data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
esc=$(printf '\033')
bel=$(printf '\007')
# raw FILE: does FILE hold an ESC or a BEL byte?
raw() { grep -q "[$esc$bel]" "$@"; }
runs() { sqlite3 "$1" 'SELECT count(*) FROM run'; }

xz -dc "$data/trace_sched.bin.xz" > "$work/sched.bin"

# ---- control characters: terminal and pages --------------------------------
db=$work/x.db
evil="$work/snap${esc}]0;pwned${bel}${esc}[2J.txt"
cp "$data/snapshots/getctx_domU_initial.txt" "$evil"
label="lab${esc}[31mel${bel}"
# A kernel whose LOADER note (XEN_ELFNOTE_LOADER, 8) carries ESC and BEL.
cat > "$work/k.S" <<'S'
    .section .note.Xen,"a",@note
    .balign 4
    .long 4, 2f - 1f, 6
    .asciz "Xen"
1:  .asciz "linux"
2:  .balign 4
    .long 4, 2f - 1f, 8
    .asciz "Xen"
1:  .asciz "generic\033]0;x\007\033[2J"
2:  .balign 4
    .text
    .globl _start
_start: hlt
S
cc -c "$work/k.S" -o "$work/k.o" && ld -o "$work/kernel" "$work/k.o" -e _start
{
    "$XABI" collect --snapshot "$evil" --xen-version 4.17 --db "$db" \
        --label "$label"
    "$XABI" collect --snapshot "$data/snapshots/getctx_dom0_vcpu1.txt" \
        --phase running --user-mode yes --xen-version 4.17 --db "$db" \
        --label "$label"
    "$XABI" collect --image "$work/kernel" --xen-version 4.17 --db "$db" \
        --label "$label"
    "$XABI" stats --db "$db" --run 1
    "$XABI" stats --db "$db" --run 3
    "$XABI" stats --list --db "$db"
    "$XABI" check --db "$db" --run 1 --fail-on never
    "$XABI" check --db "$db" --run 3 --fail-on never
    "$XABI" abi diff --run 1 --run 2 --db "$db"
    "$XABI" collect --snapshot "$evil" --xen-version 4.17 --db "$db"
    "$XABI" stats --db "$db" --run 9
} > "$work/term" 2>&1 || true
if raw "$work/term"; then
    bad "ESC or BEL reached the terminal:"; grep -n "[$esc$bel]" "$work/term" | cat -v
else
    ok "no ESC or BEL on the terminal ($(wc -l < "$work/term") lines)"
fi
grep -q 'lab\\x1b\[31mel\\x07' "$work/term" || bad "the label is not shown escaped"
"$XABI" render --out "$work/site" --db "$db" > /dev/null
if raw -r "$work/site"; then
    bad "ESC or BEL in the pages: $(grep -rl "[$esc$bel]" "$work/site" | head -3)"
else
    ok "no ESC or BEL in $(find "$work/site" -type f | wc -l) page files"
fi
grep -q 'generic' "$work/site/html/"*.html || bad "the LOADER note is not on a page"

# ---- a database that is not there, empty, or foreign ---------------------
for cmd in "stats" "stats --list" "check" "render --out $work/s1" \
           "abi list" "abi diff 4.16 4.17" "decode event 0x0020100d"; do
    set +e
    # shellcheck disable=SC2086
    "$XABI" $cmd --db "$work/typo.db" > /dev/null 2> "$work/err"
    rc=$?
    set -e
    if [ "$rc" != 1 ] || ! grep -q 'typo.db: no such database' "$work/err"; then
        bad "$cmd --db typo.db: exit $rc: $(cat "$work/err")"
    elif [ -e "$work/typo.db" ]; then
        bad "$cmd --db typo.db made the file"; rm -f "$work/typo.db"
    else
        ok "$cmd --db typo.db: exit 1, no file"
    fi
done
test ! -e "$work/s1" || bad "render made a site from no database"
: > "$work/z.db"
sqlite3 "$work/foreign.db" 'CREATE TABLE t (x); DROP TABLE t;'
cp "$work/foreign.db" "$work/foreign.before"
for f in z foreign; do
    for cmd in "stats --list" "check" "render --out $work/s2" "abi list" \
               "decode event 0x0020100d"; do
        set +e
        # shellcheck disable=SC2086
        "$XABI" $cmd --db "$work/$f.db" > /dev/null 2> "$work/err"
        rc=$?
        set -e
        if [ "$rc" != 1 ]; then
            bad "$cmd --db $f.db: exit $rc"
        fi
    done
done
if [ -s "$work/z.db" ]; then
    bad "reading an empty file wrote $(wc -c < "$work/z.db") bytes"
else
    ok "an empty file is refused and stays empty"
fi
if cmp -s "$work/foreign.db" "$work/foreign.before"; then
    ok "an empty SQLite file is refused and left as it was"
else
    bad "an empty SQLite file was adopted"
fi
# A file that is not SQLite at all: named as such, for a writer too.
echo 'my notes' > "$work/notes.txt"
for cmd in "stats" "collect $work/sched.bin --xen-version 4.17"; do
    set +e
    # shellcheck disable=SC2086
    "$XABI" $cmd --db "$work/notes.txt" > /dev/null 2> "$work/err"
    rc=$?
    set -e
    if [ "$rc" = 1 ] && grep -q 'notes.txt: .*not an SQLite database' \
           "$work/err" && [ "$(cat "$work/notes.txt")" = 'my notes' ]; then
        ok "${cmd%% *} --db notes.txt: not an SQLite database, untouched"
    else
        bad "${cmd%% *} --db notes.txt: exit $rc: $(cat "$work/err")"
    fi
done
# Read commands write nothing to a real database.
cp "$db" "$work/x.before"
"$XABI" stats --list --db "$db" > /dev/null
"$XABI" render --out "$work/s3" --db "$db" > /dev/null
"$XABI" abi list --db "$db" > /dev/null
"$XABI" decode event 0x0020100d --db "$db" > /dev/null
"$XABI" abi diff --run 1 --run 2 --db "$db" > /dev/null || true # 4: changes
if cmp -s "$db" "$work/x.before"; then
    ok "stats, render, abi and decode leave the database as it was"
else
    bad "a read command wrote to the database"
fi

# ---- a damaged schema ------------------------------------------------------
cp "$db" "$work/d.db"
sqlite3 "$work/d.db" 'DROP VIEW v_hypercall'
cp "$work/d.db" "$work/d.before"
set +e
"$XABI" collect "$work/sched.bin" --xen-version 4.17 --db "$work/d.db" \
    --no-progress > /dev/null 2> "$work/err"
rc=$?
set -e
if [ "$rc" = 1 ] && grep -q 'damaged database: view v_hypercall is missing' \
       "$work/err" && cmp -s "$work/d.db" "$work/d.before"; then
    ok "a dropped view: collect refuses, the file untouched"
else
    bad "a dropped view: collect exit $rc: $(cat "$work/err")"
fi

# ---- another xabi holds the database --------------------------------------
cp "$db" "$work/l.db"
"$XABI" stats --list --db "$work/l.db" > /dev/null  # (made by collect: WAL)
# hold SECONDS: another writer holds l.db that long, from when this returns.
hold() {
    rm -f "$work/locked"
    python3 - "$work/l.db" "$work/locked" "$1" <<'PY' &
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
db.execute("UPDATE meta SET value = value")
open(sys.argv[2], "w").close()
time.sleep(float(sys.argv[3]))
db.execute("ROLLBACK")
PY
    holder=$!
    while [ ! -e "$work/locked" ]; do sleep 0.1; done
}
hold 8
set +e
"$XABI" collect "$work/sched.bin" --xen-version 4.17 --db "$work/l.db" \
    --no-progress --busy-timeout 1 > /dev/null 2> "$work/err"
rc=$?
"$XABI" stats --list --db "$work/l.db" > "$work/list" 2> "$work/err2"
rc2=$?
set -e
kill "$holder" 2> /dev/null || true
wait "$holder" 2> /dev/null || true
if [ "$rc" = 1 ] && grep -q 'another xabi holds the database' "$work/err" &&
   ! grep -q 'not an SQLite' "$work/err"; then
    ok "locked: $(tail -n 1 "$work/err")"
else
    bad "locked: collect exit $rc: $(cat "$work/err")"
fi
if [ "$rc2" = 0 ] && [ "$(grep -c '^run ' "$work/list")" = 3 ]; then
    ok "a reader reads the committed runs while another xabi writes"
else
    bad "a reader under a writer: exit $rc2: $(cat "$work/err2")"
fi
# Without --busy-timeout a writer waits, saying so, then writes.
hold 2
set +e
"$XABI" collect "$work/sched.bin" --xen-version 4.17 --db "$work/l.db" \
    --no-progress > /dev/null 2> "$work/err"
rc=$?
set -e
wait "$holder" 2> /dev/null || true
if [ "$rc" = 0 ] && grep -q 'another xabi holds the database; waiting' \
       "$work/err" && [ "$(runs "$work/l.db")" = 4 ]; then
    ok "a writer waits for another: $(head -n 1 "$work/err")"
else
    bad "a writer that waits: exit $rc: $(cat "$work/err")"
fi

# ---- a write error rolls back ---------------------------------------------
# (sqlite 3.40's integrity_check reports "NULL value in abi_subop.nr" on
# any xabi database, a false alarm on a WITHOUT ROWID table: the copy must
# say what the database said before the collect.)
cp "$db" "$work/f.db"
before=$(runs "$work/f.db")
want=$(sqlite3 "$work/f.db" 'PRAGMA integrity_check' 2>&1 | sort | uniq -c)
size=$(wc -c < "$work/f.db")
set +e
(
    ulimit -f $(( (size + 64 * 1024) / 512 ))
    exec "$XABI" collect "$work/sched.bin" --xen-version 4.17 \
        --db "$work/f.db" --keep-all --no-progress
) > /dev/null 2> "$work/err"
rc=$?
set -e
cp "$work/f.db" "$work/copy.db"
integrity=$(sqlite3 "$work/copy.db" 'PRAGMA integrity_check' 2>&1 |
            sort | uniq -c || true)
after=$(runs "$work/copy.db" 2>&1 || true)
if [ "$rc" = 1 ] && [ "$integrity" = "$want" ] && [ "$after" = "$before" ]; then
    ok "a file too large: exit 1, the .db alone intact with $after runs" \
        "($(tail -n 1 "$work/err"))"
else
    bad "a file too large: exit $rc, integrity '$integrity', runs $after" \
        "(were $before): $(cat "$work/err")"
fi
if ls "$work" | grep -q '^f\.db-'; then
    bad "left beside the .db: $(ls "$work" | grep '^f\.db-')"
fi

tally "store and command line: all hardened"
