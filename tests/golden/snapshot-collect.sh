#!/bin/sh
# Golden test: recorded vCPU dumps of a real Xen 4.17 (tests/data/snapshots)
# collected with `xabi collect --snapshot`, checked, and compared between
# runs with `xabi abi diff --run A --run B`.
set -eu
XABI=${XABI:-build/xabi}
snaps=$(dirname "$0")/../data/snapshots
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/db
fails=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$XABI" collect --snapshot "$snaps/getctx_domU_initial.txt" --xen-version 4.17 \
    --db "$db"
"$XABI" collect --snapshot "$snaps/pvh_hvmctx_initial.txt" --guest-type PVH \
    --xen-version 4.17 --db "$db"
"$XABI" collect --snapshot "$snaps/getctx_dom0_vcpu1.txt" --phase running \
    --user-mode yes --xen-version 4.17 --db "$db"

# verdicts RUN RULE: the verdicts of RULE in run RUN, space-separated.
verdicts() {
    "$XABI" check --db "$db" --run "$1" --rule "$2" --json --fail-on never |
        python3 -c '
import json, sys
r = json.load(sys.stdin)
print(" ".join(sorted({f["verdict"] for g in r["domains"] for f in g["findings"]})))'
}
for case in "1 SEG-001" "2 PVH-001" "2 PVH-002" "2 PVH-003" "3 TRAP-003" \
            "3 SEG-003"; do
    set -- $case
    v=$(verdicts "$1" "$2")
    [ "$v" = PASS ] && ok "run $1 $2: $v" || bad "run $1 $2: '$v', want PASS"
done

# The guest's initial selectors against dom0's live trap table: what one
# run has the other lacks.
set +e
"$XABI" abi diff --run 1 --run 3 --db "$db" > "$work/diff"
rc=$?
set -e
grep -q "start_segment *only-a .*cs=0xe033" "$work/diff" &&
    grep -q "trap_table *only-b .*vector 3: DPL 3, events masked on entry" \
        "$work/diff" &&
    grep -q "callback *only-b .*syscall" "$work/diff" &&
    grep -q "paired as the one guest left in each run" "$work/diff" &&
    [ "$rc" != 0 ] &&
    [ "$rc" != 1 ] && [ "$rc" != 2 ] &&
    ok "abi diff --run 1 --run 3: start-of-day state compared (exit $rc)" ||
    { bad "abi diff --run 1 --run 3 (exit $rc)"; cat "$work/diff"; }
"$XABI" abi diff --run 1 --run 1 --db "$db" > /dev/null &&
    ok "a run against itself: no change, exit 0" || bad "run against itself"

# Bad input: a dump that is not one, a wrong --phase; the database stays.
before=$(sha256sum "$db" | cut -d' ' -f1)
printf 'hello\nthis is not a vCPU dump\n' > "$work/junk.txt"
set +e
"$XABI" collect --snapshot "$work/junk.txt" --xen-version 4.17 --db "$db" \
    2> "$work/err"
rc1=$?
"$XABI" collect --snapshot "$work/junk.txt" --phase sometime \
    --xen-version 4.17 --db "$db" 2> "$work/err2"
rc2=$?
set -e
[ "$rc1" = 1 ] && grep -q "junk.txt" "$work/err" &&
    ok "a dump that is not one: $(head -n 1 "$work/err")" ||
    bad "junk dump: exit $rc1: $(cat "$work/err")"
[ "$rc2" = 2 ] && ok "a wrong --phase: exit 2" || bad "--phase sometime: $rc2"
[ "$(sha256sum "$db" | cut -d' ' -f1)" = "$before" ] &&
    ok "database unchanged" || bad "database changed"
echo "$fails failures"
[ "$fails" = 0 ]
