#!/bin/sh
# Golden test: one command line for every command (issue 16).
#   - A usage error exits 2 everywhere, `xabi help nosuch` included; a
#     typo of a command or of an option gets "did you mean".
#   - The database: the command's --db, else `xabi --db X CMD`, else
#     $XABI_DB, else ./xabi.db, for every command that opens one.
#   - xabi rm --run N leaves no row of run N in any table with a run_id
#     column (nor a hypercall page's stubs), every other run's rows as
#     they were; xabi label relabels; collect --replace swaps a run in one
#     transaction; collect - --source-name stores the name given.
#   - check --quiet drops the NOT-OBSERVED lines, not their count; the
#     verdicts are coloured on a terminal or with --color=always, never
#     in a pipe, with NO_COLOR set or with --color=never.
#   - --json: collect (the run), render (the files written, each there),
#     abi list without a version (the versions) print JSON.
#   - make demo shows xabi's output first, no compiler line.
set -eu
XABI=${XABI:-build/xabi}
XABI=$(cd "$(dirname "$XABI")" && pwd)/$(basename "$XABI")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/tally.sh"
data=$here/../data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
# expect RC TEXT ARGS...: xabi ARGS exits RC and says TEXT on stderr.
expect() {
    want=$1 text=$2
    shift 2
    rc=0
    "$XABI" "$@" > "$work/out" 2> "$work/err" || rc=$?
    if [ "$rc" -ne "$want" ]; then
        bad "xabi $*: exit $rc, want $want"
    elif [ -n "$text" ] && ! grep -qF -- "$text" "$work/err"; then
        bad "xabi $*: stderr lacks '$text': $(cat "$work/err")"
    else
        ok "xabi $*: exit $rc, '$text'"
    fi
}

# ---- exit codes and "did you mean" -----------------------------------------
expect 2 "no command 'nosuch'" help nosuch
expect 2 "did you mean 'collect'" colect x
expect 2 "did you mean 'stats'" help stat
expect 2 "did you mean --db?" stats --dbb x.db
expect 2 "did you mean --xen-version?" collect f --xen-versoin 4.17
expect 2 "did you mean --json?" check --jsno
expect 2 "did you mean --json?" abi list --jsn
expect 2 "did you mean --format?" render --fromat html --out x
expect 2 "did you mean --seg?" decode selector 0x10 --sge cs
expect 2 "unknown option or missing value '--frobnicate'" rules --frobnicate
# A bad value names its option and the values it takes, given apart or
# joined with '='.
expect 2 "--guest-type 'pv64': not one of PV64, PV32, HVM, PVH" \
    collect --snapshot x --guest-type pv64
expect 2 "--phase 'late': not one of initial, running, final" \
    collect --snapshot x --phase=late
expect 2 "--user-mode 'maybe': not one of yes, no" \
    collect --snapshot x --user-mode maybe
if grep -q 'did you mean' "$work/err"; then
    bad "a far-off option got a suggestion: $(cat "$work/err")"
fi

# ---- --db, global --db, XABI_DB, ./xabi.db --------------------------------
xz -dc "$data/trace_sched.bin.xz" > "$work/sched.bin"
mkdir "$work/cwd"
# runs DB: the runs in DB, 0 when there is no such file.
runs() { if [ -f "$1" ]; then sqlite3 "$1" 'SELECT count(*) FROM run'; else echo 0; fi; }
# where ARGS...: collect with ARGS in $work/cwd; which of a, b, c, xabi
# gained the run?
where() {
    for f in a b c xabi; do rm -f "$work/cwd/$f.db"; done
    (cd "$work/cwd" && "$@" collect ../sched.bin --xen-version 4.17 \
        --no-progress $extra > /dev/null)
    got=
    for f in a b c xabi; do
        [ "$(runs "$work/cwd/$f.db")" -eq 0 ] || got="$got$f"
    done
    echo "$got"
}
check_where() {
    want=$1
    shift
    got=$(where "$@")
    if [ "$got" = "$want" ]; then ok "$* $extra -> $want.db"; else bad "$* $extra -> '$got', want $want"; fi
}
extra=
check_where xabi "$XABI"
check_where a env XABI_DB=a.db "$XABI"
check_where b env XABI_DB=a.db "$XABI" --db b.db
check_where b env XABI_DB=a.db "$XABI" --db=b.db
check_where xabi env XABI_DB= "$XABI"
extra="--db c.db"
check_where c env XABI_DB=a.db "$XABI" --db b.db
extra=
# The read commands follow the same order.
(cd "$work/cwd" && rm -f ./*.db &&
    "$XABI" --db a.db collect ../sched.bin --xen-version 4.17 --no-progress \
    --label in-a > /dev/null)
for args in "stats --list" "check" "render --out o" "abi list 4.17"; do
    rc=0
    # shellcheck disable=SC2086
    (cd "$work/cwd" && XABI_DB=a.db "$XABI" $args > out 2> err) || rc=$?
    if [ "$rc" -eq 0 ]; then
        ok "XABI_DB=a.db xabi $args"
    else
        bad "XABI_DB=a.db xabi $args: exit $rc: $(cat "$work/cwd/err")"
    fi
    rc=0
    # shellcheck disable=SC2086
    (cd "$work/cwd" && XABI_DB=a.db "$XABI" --db none.db $args > out 2> err) || rc=$?
    if [ "$rc" -ne 1 ] || ! grep -q 'none.db' "$work/cwd/err"; then
        bad "xabi --db none.db $args: exit $rc, $(cat "$work/cwd/err")"
    else
        ok "xabi --db none.db $args: refused, names none.db"
    fi
done
if [ -e "$work/cwd/xabi.db" ]; then bad "a read command made ./xabi.db"; fi

# ---- runs: rm, label, --replace, --source-name ------------------------------
db=$work/runs.db
xz -dc "$data/trace_pv.bin.xz" > "$work/pv.bin"
"$XABI" collect --db "$db" "$work/sched.bin" --xen-version 4.17 \
    --no-progress --keep-all > /dev/null                        # run 1
"$XABI" collect --db "$db" --snapshot "$data/../data/snapshots/getctx_domU_initial.txt" \
    --xen-version 4.17 > /dev/null                               # run 2
"$XABI" collect --db "$db" --hypercall-page "$data/hcpage/pv64-xen-4.17.page" \
    --va 0xffffffff81001000 --domain 1 --xen-version 4.17 > /dev/null  # 3
"$XABI" collect --db "$db" - --source-name 'pv from xentrace' \
    --xen-version 4.17 --no-progress < "$work/pv.bin" > /dev/null  # run 4
for r in 1 2 3 4; do "$XABI" check --db "$db" --run $r > /dev/null || :; done
# tables DB: every table with a run_id column.
tables() {
    sqlite3 "$1" "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) p
                  WHERE m.type = 'table' AND p.name = 'run_id' ORDER BY 1"
}
# rows DB RUN OP: a digest of every row whose run_id OP RUN, per table,
# and of the hypercall stubs of those runs' pages.
rows() {
    for t in $(tables "$1"); do
        printf '%s ' "$t"
        sqlite3 "$1" "SELECT * FROM \"$t\" WHERE run_id $3 $2 ORDER BY 1, 2, 3" |
            sha256sum
    done
    printf 'stubs '
    sqlite3 "$1" "SELECT s.* FROM hypercall_stub s JOIN hypercall_page p
                  ON p.id = s.page_id WHERE p.run_id $3 $2" | sha256sum
}
# count DB RUN: how many rows of run RUN, in all tables together.
count() {
    n=0
    for t in $(tables "$1"); do
        n=$((n + $(sqlite3 "$1" "SELECT count(*) FROM \"$t\" WHERE run_id = $2")))
    done
    echo $((n + $(sqlite3 "$1" "SELECT count(*) FROM hypercall_stub s JOIN
        hypercall_page p ON p.id = s.page_id WHERE p.run_id = $2")))
}
for r in 1 2 3 4; do
    n=$(count "$db" $r)
    if [ "$n" -gt 1 ]; then ok "run $r: $n rows"; else bad "run $r: $n rows"; fi
done
if [ "$(sqlite3 "$db" 'SELECT source_path FROM run WHERE id = 4')" = \
     "pv from xentrace" ]; then
    ok "collect - --source-name: stored"
else
    bad "collect - --source-name: $(sqlite3 "$db" 'SELECT source_path FROM run WHERE id = 4')"
fi
for victim in 3 1 2; do
    rows "$db" "$victim" '!=' > "$work/before"
    expect 0 "" rm --db "$db" --run "$victim"
    n=$(count "$db" "$victim")
    if [ "$n" -eq 0 ]; then ok "rm --run $victim: no row left"; else bad "rm --run $victim: $n rows left"; fi
    rows "$db" "$victim" '!=' > "$work/after"
    if cmp -s "$work/before" "$work/after"; then
        ok "rm --run $victim: the other runs as they were"
    else
        bad "rm --run $victim: other runs changed: $(diff "$work/before" "$work/after")"
    fi
done
expect 1 "no run 3" rm --db "$db" --run 3
expect 2 "--run N is needed" rm --db "$db"
expect 2 "did you mean --run?" rm --db "$db" --rnu 3
expect 0 "" label --db "$db" --run 4 "new label"
if [ "$(sqlite3 "$db" 'SELECT label FROM run WHERE id = 4')" = "new label" ]; then
    ok "label: set"
else
    bad "label: $(sqlite3 "$db" 'SELECT label FROM run WHERE id = 4')"
fi
expect 1 "no run 1" label --db "$db" --run 1 x
# --replace: the same bytes under another version, one transaction.
"$XABI" collect --db "$db" - --source-name pv --xen-version 4.16 \
    --no-progress < "$work/pv.bin" > "$work/out"
if grep -q 'already collected as run 4' "$work/out"; then
    ok "collect again without --replace: nothing changed"
else
    bad "collect again: $(cat "$work/out")"
fi
"$XABI" collect --db "$db" - --source-name pv --xen-version 4.16 --replace \
    --no-progress --json < "$work/pv.bin" > "$work/out"
if grep -q '"replaced": 4' "$work/out" &&
   [ "$(sqlite3 "$db" 'SELECT group_concat(id || xen_version) FROM run')" = "54.16" ] &&
   [ "$(count "$db" 4)" -eq 0 ]; then
    ok "collect --replace: run 4 gone, run 5 is Xen 4.16"
else
    bad "collect --replace: $(cat "$work/out"); $(sqlite3 "$db" 'SELECT id, xen_version FROM run')"
fi
# --replace of a whole source (vCPU dumps), under another version.
rm -f "$work/s.db"
snap=$data/snapshots/getctx_domU_initial.txt
"$XABI" collect --db "$work/s.db" --snapshot "$snap" --xen-version 4.17 > /dev/null
"$XABI" collect --db "$work/s.db" --snapshot "$snap" --xen-version 4.16 \
    --replace > "$work/out" || :
if grep -q 'run 1 deleted' "$work/out" &&
   [ "$(sqlite3 "$work/s.db" 'SELECT count(*) || xen_version FROM run')" = "14.16" ]; then
    ok "collect --snapshot --replace: one run, Xen 4.16"
else
    bad "collect --snapshot --replace: $(cat "$work/out")"
fi
# A replace that fails (Xen 9.9 is in no catalogue) leaves the old run.
cp "$db" "$work/before.db"
rc=0
"$XABI" collect --db "$db" - --xen-version 9.9 --replace --no-progress \
    < "$work/pv.bin" > /dev/null 2>&1 || rc=$?
if [ "$rc" -eq 1 ] && cmp -s "$db" "$work/before.db"; then
    ok "a failed --replace leaves the database as it was"
else
    bad "a failed --replace: exit $rc, database changed?"
fi

# ---- check --quiet, colour -------------------------------------------------
esc=$(printf '\033')
"$XABI" check --db "$db" > "$work/full" || :
"$XABI" check --db "$db" --quiet > "$work/quiet" || :
if grep -q 'NOT-OBSERVED ' "$work/full" &&
   ! grep -q '^  NOT-OBSERVED' "$work/quiet" &&
   [ "$(tail -n 1 "$work/full")" = "$(tail -n 1 "$work/quiet")" ] &&
   [ "$(grep -c '^  PASS' "$work/full")" -eq "$(grep -c '^  PASS' "$work/quiet")" ]; then
    ok "check --quiet: no NOT-OBSERVED line, the same summary"
else
    bad "check --quiet: $(tail -n 3 "$work/quiet")"
fi
if grep -q "$esc" "$work/full"; then bad "check into a pipe: escape codes"; else ok "check into a pipe: no escape codes"; fi
"$XABI" check --db "$db" --color=always > "$work/colour" || :
if grep -q "^  ${esc}\[32mPASS${esc}\[0m" "$work/colour"; then
    ok "check --color=always: PASS in green"
else
    bad "check --color=always: $(head -n 4 "$work/colour")"
fi
if sed "s/$esc\[[0-9;]*m//g" "$work/colour" | cmp -s - "$work/full"; then
    ok "check --color=always: the same text under the colours"
else
    bad "check --color=always: the text differs"
fi
expect 2 "--color wants auto, always or never" check --db "$db" --color=sometimes
if command -v script > /dev/null; then
    # on_tty ENV...: check's output on a pseudo-terminal.
    on_tty() {
        env "$@" script -qec "$XABI check --db $db" /dev/null > "$work/tty" || :
    }
    on_tty TERM=dumb
    if grep -q "$esc\[32mPASS" "$work/tty"; then ok "check on a terminal: colour"; else bad "check on a terminal: no colour"; fi
    on_tty NO_COLOR=1
    if grep -q "$esc\[" "$work/tty"; then bad "NO_COLOR=1: colour"; else ok "NO_COLOR=1: no colour"; fi
    on_tty NO_COLOR=
    if grep -q "$esc\[32mPASS" "$work/tty"; then ok "NO_COLOR empty: colour"; else bad "NO_COLOR empty: no colour"; fi
fi

# ---- --json -----------------------------------------------------------------
# json_ok FILE PYTHON-EXPR: FILE is one JSON value d for which EXPR holds.
json_ok() {
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)' "$1" "$2" 2> /dev/null
}
rm -f "$work/j.db"
"$XABI" collect --db "$work/j.db" "$work/sched.bin" --xen-version 4.17 \
    --no-progress --json > "$work/out" || :
if json_ok "$work/out" 'd["run"] == 1 and d["kind"] == "trace" and d["status"] == "complete" and d["records"] > 0 and d["already"] is False'; then
    ok "collect --json"
else
    bad "collect --json: $(cat "$work/out")"
fi
"$XABI" render --db "$work/j.db" --out "$work/site" --format html --json > "$work/out" || :
if json_ok "$work/out" '"html/index.html" in d["files"] and all(__import__("os").path.isfile(d["out"] + "/" + f) for f in d["files"])'; then
    ok "render --json: the files, each there"
else
    bad "render --json: $(head -c 300 "$work/out")"
fi
"$XABI" abi list --json > "$work/out" || :
if json_ok "$work/out" '"4.17" in d["versions"]'; then
    ok "abi list --json"
else
    bad "abi list --json: $(head -c 300 "$work/out")"
fi

# ---- make demo --------------------------------------------------------------
top=$here/../..
if command -v make > /dev/null && [ -f "$top/Makefile" ]; then
    # -o deps: never install packages from a test.  Not the make that
    # may be running this test: its jobserver and flags stay out.
    (cd "$top" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
        make --no-print-directory -o deps demo \
        BUILD="$(dirname "$XABI")") > "$work/demo" 2>&1 || :
    first=$(head -n 1 "$work/demo")
    case $first in
    '$ xabi collect'*) ok "make demo: xabi's output first" ;;
    *) bad "make demo starts with: $first" ;;
    esac
    if grep -q '^cc \|-Wall' "$work/demo"; then bad "make demo: compiler lines"; fi
fi

tally "all ok"
