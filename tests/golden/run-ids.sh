#!/bin/sh
# Golden test: a run id names one run for good.  `xabi rm` of the newest
# run, then a collect: the new run gets a new id, not the one deleted
# (schema/001-core.sql: run.id AUTOINCREMENT).  The same in a database
# made at schema 3 (tests/data/schema3.db.xz) once it is upgraded
# (schema/migrate/008-run-ids.sql): its runs keep their ids, and after
# `rm` of its newest one the next run still gets a new id.  And
# `collect --replace` stores the replacement under a new id.
set -eu
XABI=${XABI:-build/xabi}
here=$(cd "$(dirname "$0")" && pwd)
data=$here/../data
. "$here/lib/tally.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The run ids of a database, one line, in order.
ids() { sqlite3 "$1" 'SELECT group_concat(id, " ") FROM (SELECT id FROM run ORDER BY id)'; }
# The id of the run a collect stored, from its "run N: ..." line.
run_of() { sed -n 's/^run \([0-9]*\): .*/\1/p'; }
snap() { echo "$data/snapshots/$1"; }

# A new database.
db=$work/new.db
"$XABI" collect --snapshot "$(snap getctx_domU_initial.txt)" \
    --xen-version 4.17 --db "$db" > /dev/null
"$XABI" collect --snapshot "$(snap getctx_dom0_vcpu1.txt)" \
    --xen-version 4.17 --db "$db" > /dev/null
out=$("$XABI" label --run 2 --json 'a "label"' --db "$db")
if [ "$out" = '{"run": 2, "label": "a \"label\""}' ]; then
    ok "label --json: $out"
else
    bad "label --json printed: $out"
fi
out=$("$XABI" rm --run 2 --db "$db" --json)
if [ "$out" = '{"run": 2, "deleted": true}' ]; then
    ok "rm --json: $out"
else
    bad "rm --json printed: $out"
fi
id=$("$XABI" collect --snapshot "$(snap pvh_pvhinfo_initial.txt)" \
    --xen-version 4.17 --db "$db" | run_of)
if [ "$id" = 3 ] && [ "$(ids "$db")" = "1 3" ]; then
    ok "collect, rm --run 2, collect: the new run is 3 (runs: 1 3)"
else
    bad "collect, rm --run 2, collect: new run $id, runs $(ids "$db"); want 3, 1 3"
fi
# Deleting every run still leaves the ids used.
"$XABI" rm --run 3 --db "$db" > /dev/null
"$XABI" rm --run 1 --db "$db" > /dev/null
id=$("$XABI" collect --snapshot "$(snap getctx_dom0_vcpu1.txt)" \
    --xen-version 4.17 --db "$db" | run_of)
if [ "$id" = 4 ]; then
    ok "every run deleted, then a collect: run 4"
else
    bad "every run deleted, then a collect: run $id, want 4"
fi
# --replace: the replacement is a new run.
id=$("$XABI" collect --snapshot "$(snap getctx_dom0_vcpu1.txt)" \
    --xen-version 4.16 --replace --db "$db" | run_of)
if [ "$id" = 5 ] && [ "$(ids "$db")" = 5 ]; then
    ok "collect --replace of run 4: run 5, and 4 is gone"
else
    bad "collect --replace of run 4: run $id, runs $(ids "$db"); want 5, 5"
fi

# A database of schema 3, upgraded.
old=$work/schema3.db
xz -dc "$data/schema3.db.xz" > "$old"
before=$(ids "$old")
"$XABI" stats --list --db "$old" > "$work/out" 2> "$work/err"
if [ "$(ids "$old")" = "$before" ] && [ "$before" = "1 2 3" ]; then
    ok "schema 3 upgraded: runs $before keep their ids"
else
    bad "schema 3 upgraded: runs $(ids "$old"), were $before"
fi
if sqlite3 "$old" "SELECT sql FROM sqlite_schema WHERE name = 'run'" |
    grep -q AUTOINCREMENT; then
    ok "schema 3 upgraded: run.id is AUTOINCREMENT"
else
    bad "schema 3 upgraded: run.id is not AUTOINCREMENT"
fi
fk=$(sqlite3 "$old" 'PRAGMA foreign_key_check' | wc -l)
rows=$(sqlite3 "$old" 'SELECT (SELECT count(*) FROM fact_agg WHERE run_id = 1)
    || " " || (SELECT count(*) FROM snapshot WHERE run_id = 2)
    || " " || (SELECT count(*) FROM elfnote WHERE run_id = 3)')
if [ "$fk" = 0 ] && [ "$rows" = "162 1 3" ]; then
    ok "schema 3 upgraded: every run's rows still hang off it ($rows)"
else
    bad "schema 3 upgraded: foreign key check $fk rows; rows $rows, want 162 1 3"
fi
"$XABI" rm --run 3 --db "$old" > /dev/null
id=$("$XABI" collect --snapshot "$(snap pvh_pvhinfo_initial.txt)" \
    --xen-version 4.17 --db "$old" | run_of)
if [ "$id" = 4 ] && [ "$(ids "$old")" = "1 2 4" ]; then
    ok "schema 3 upgraded, rm --run 3, collect: run 4 (runs: 1 2 4)"
else
    bad "schema 3 upgraded, rm --run 3, collect: run $id, runs $(ids "$old"); want 4, 1 2 4"
fi

# The step itself, run again on a copy with foreign keys on (as no xabi
# runs it): it refuses, and no row that hangs off a run is lost.
step=$(ls "$here"/../../schema/migrate/*-run-ids.sql)
cp "$old" "$work/fk.db"
before=$(sqlite3 "$work/fk.db" 'SELECT count(*) FROM fact_agg')
set +e
sqlite3 "$work/fk.db" "PRAGMA foreign_keys = ON; BEGIN; $(cat "$step")
    COMMIT;" > "$work/out" 2>&1
rc=$?
set -e
after=$(sqlite3 "$work/fk.db" 'SELECT count(*) FROM fact_agg')
if [ "$rc" != 0 ] && [ "$after" = "$before" ] && [ "$before" -gt 0 ]; then
    ok "$(basename "$step") with foreign keys on refuses ($(head -n 1 "$work/out")); $after fact_agg rows kept"
else
    bad "$(basename "$step") with foreign keys on: exit $rc, fact_agg rows $before -> $after"
fi

tally "all passed"
