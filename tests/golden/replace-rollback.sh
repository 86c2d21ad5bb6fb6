#!/bin/sh
# Golden test: `collect --replace` is one transaction.  When the new
# collect fails late (after every record of the new run is stored and the
# old run deleted), the rollback leaves the database exactly as it was:
# the old run with its id, facts and findings, and nothing of the new one
# (not a row, not a run id used up).  The failure is injected by a trigger
# the test adds, which refuses the first UPDATE of a run once the old run
# is gone: for a trace that is setting the new run's SHA-256, the last
# write before the commit; for a vCPU dump, the new run's totals, after
# its snapshots are stored.  Without the trigger the same --replace then
# succeeds.
set -eu
XABI=${XABI:-build/xabi}
here=$(cd "$(dirname "$0")" && pwd)
data=$here/../data
. "$here/lib/tally.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/x.db
trace=$data/trace_sched.bin.xz
dump=$data/snapshots/getctx_domU_initial.txt

"$XABI" collect "$trace" --xen-version 4.16 --no-progress --db "$db" \
    > /dev/null
"$XABI" collect --snapshot "$dump" --xen-version 4.16 --db "$db" > /dev/null
set +e
"$XABI" check --run 1 --db "$db" > /dev/null
"$XABI" check --run 2 --db "$db" > /dev/null
set -e

# fail_late ID: the trigger that fails the collect once run ID is gone.
fail_late()
{
    sqlite3 "$db" "DROP TRIGGER IF EXISTS test_fail_late;
        CREATE TRIGGER test_fail_late AFTER UPDATE ON run
        WHEN NOT EXISTS (SELECT 1 FROM run WHERE id = $1)
        BEGIN SELECT RAISE(ABORT, 'injected late failure'); END;"
}
# Everything the database holds, as SQL text.
state() { sqlite3 "$db" .dump; }

# replace_fails WHAT ID ARGS...: collect ARGS --replace fails with exit 1
# and the injected message, and the database is as it was.
replace_fails()
{
    what=$1 id=$2
    shift 2
    fail_late "$id"
    state > "$work/before.sql"
    "$XABI" stats --run "$id" --db "$db" > "$work/stats-before" 2>&1
    set +e
    "$XABI" collect "$@" --replace --db "$db" > "$work/out" 2>&1
    rc=$?
    set -e
    if [ "$rc" = 1 ] && grep -q 'injected late failure' "$work/out"; then
        ok "$what: collect --replace failing late exits 1: $(head -n 1 "$work/out")"
    else
        bad "$what: collect --replace with the late failure exited $rc: $(cat "$work/out")"
    fi
    state > "$work/after.sql"
    if cmp -s "$work/before.sql" "$work/after.sql"; then
        ok "$what: the database is as it was ($(wc -l < "$work/after.sql") lines of .dump)"
    else
        bad "$what: the failed --replace changed the database:"
        diff "$work/before.sql" "$work/after.sql" | head -n 20
    fi
    "$XABI" stats --run "$id" --db "$db" > "$work/stats-after" 2>&1
    if cmp -s "$work/stats-before" "$work/stats-after"; then
        ok "$what: run $id's stats unchanged"
    else
        bad "$what: run $id's stats changed"
    fi
}

findings=$(sqlite3 "$db" 'SELECT count(*) FROM finding WHERE run_id IN (1, 2)')
replace_fails "trace" 1 "$trace" --xen-version 4.17 --no-progress
replace_fails "vCPU dump" 2 --snapshot "$dump" --xen-version 4.17
if [ "$(sqlite3 "$db" 'SELECT count(*) FROM finding WHERE run_id IN (1, 2)')" = "$findings" ] &&
    [ "$findings" -gt 0 ]; then
    ok "the old runs' $findings findings are kept"
else
    bad "findings of runs 1 and 2: $findings before, now $(sqlite3 "$db" 'SELECT count(*) FROM finding WHERE run_id IN (1, 2)')"
fi

# Without the trigger the same --replace goes through: a new run, the
# old one gone, and no id taken by the failed attempts.
sqlite3 "$db" 'DROP TRIGGER test_fail_late'
"$XABI" collect "$trace" --xen-version 4.17 --no-progress --replace \
    --db "$db" > "$work/out"
got=$(sqlite3 "$db" "SELECT group_concat(id || ' ' || xen_version, ', ') FROM
    (SELECT id, xen_version FROM run ORDER BY id)")
if [ "$got" = "2 4.16, 3 4.17" ]; then
    ok "without the failure, --replace stores run 3 (Xen 4.17) for run 1"
else
    bad "after a successful --replace the runs are: $got; want 2 4.16, 3 4.17"
fi

tally "all passed"
