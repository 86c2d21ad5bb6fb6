#!/bin/sh
# Golden test: a database made by xabi at schema 3 (tests/data/schema3.db.xz:
# trace_domU.bin collected with --label domU, the getctx_domU_initial.txt
# snapshot, a 4680-byte ELF kernel.elf whose notes are GUEST_OS "linux",
# XEN_VERSION "xen-3.0" and VIRT_BASE 0xffffffff81000000, each run checked
# with --fail-on never, then VACUUMed; stats JSON of that xabi in
# tests/data/schema3.stats.json) opened
# by this xabi.  A read command upgrades it through schema/migrate/ and says
# so; afterwards it has this xabi's version and views, the schema of a new
# database (tables, columns, indexes, views, and the rows the schema seeds),
# every row it held (runs, facts, findings) unchanged, the same `stats` as
# xabi at schema 3 printed (tests/data/schema3.stats.json), and `check`
# runs on it.  A second open changes nothing.
set -eu
XABI=${XABI:-build/xabi}
here=$(cd "$(dirname "$0")" && pwd)
top=$here/../..
data=$here/../data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

nmig=$(ls "$top/schema/migrate" | grep -c '\.sql$' || true)
version=$((3 + nmig))
db=$work/v3.db
xz -dc "$data/schema3.db.xz" > "$db"
cp "$db" "$work/orig.db"
if [ "$(sqlite3 "$db" 'PRAGMA user_version')" != 3 ]; then
    echo "FAIL: the fixture is not at schema 3"; exit 1
fi

# A read command opens it: the one write it makes is the upgrade.
if "$XABI" stats --list --db "$db" > "$work/list" 2> "$work/err"; then
    cat "$work/err"
else
    echo "FAIL: stats --list on the schema-3 database:"; cat "$work/err"
    exit 1
fi
if [ "$version" -gt 3 ]; then
    grep -q "upgraded $db from schema 3 to $version" "$work/err"
else
    grep -q "views recreated" "$work/err"
fi
if [ "$(grep -c '^run ' "$work/list")" != 3 ]; then
    echo "FAIL: stats --list:"; cat "$work/list"; exit 1
fi
got=$(sqlite3 "$db" 'PRAGMA user_version')
if [ "$got" != "$version" ]; then
    echo "FAIL: schema $got after the upgrade, want $version"; exit 1
fi
want=$(cat "$top"/schema/*-views.sql | sha256sum | cut -c1-64)
got=$(sqlite3 "$db" "SELECT value FROM meta WHERE key = 'views_sha256'")
if [ "$got" != "$want" ]; then
    echo "FAIL: views hash $got, want $want"; exit 1
fi
echo "ok: upgraded to schema $version, views $want"

# A second open: nothing to say, nothing written.
cp "$db" "$work/after1.db"
"$XABI" stats --list --db "$db" > /dev/null 2> "$work/err2"
if [ -s "$work/err2" ]; then
    echo "FAIL: a second open said:"; cat "$work/err2"; exit 1
fi
cmp "$db" "$work/after1.db"
echo "ok: a second open changes nothing"

# The schema of a new database, and every old row as it was.
"$XABI" collect --snapshot "$data/snapshots/getctx_domU_initial.txt" \
    --xen-version 4.17 --db "$work/fresh.db" > /dev/null
python3 - "$work/orig.db" "$db" "$work/fresh.db" <<'PY'
import sqlite3, sys
orig, up, fresh = (sqlite3.connect(p) for p in sys.argv[1:4])

def objects(db):
    return {(t, n) for t, n in db.execute(
        "SELECT type, name FROM sqlite_schema WHERE name NOT GLOB 'sqlite_*'")}

def columns(db, table):
    return sorted(r[1] for r in db.execute("PRAGMA table_info(%s)" % table))

fails = 0
want, got = objects(fresh), objects(up)
for o in sorted(want - got):
    print("FAIL: the upgraded database lacks %s %s" % o); fails += 1
for o in sorted(got - want):
    print("FAIL: the upgraded database has an extra %s %s" % o); fails += 1
tables = sorted(n for t, n in want & got if t == "table")
for t in tables:
    if columns(up, t) != columns(fresh, t):
        print("FAIL: table %s: columns %s, a new database has %s"
              % (t, columns(up, t), columns(fresh, t))); fails += 1
# Rows the schema itself seeds (kinds, vectors, exit reasons, ...): those
# of tables a new database fills that hold no runs' data and no catalogue.
# A table whose rows hang off a run's (snapshot_reg off snapshot) holds
# data too: the fresh database's is its snapshot's, collected by this
# xabi, which may read more of a dump than the xabi of schema 3 did.
def hangs_off_run(db, t):
    return any(p == "run" or "run_id" in columns(db, p)
               for p in (fk[2] for fk in
                         db.execute("PRAGMA foreign_key_list(%s)" % t)))

seeded = set()
for t in tables:
    cols = columns(fresh, t)
    # The catalogue is this xabi's too: an upgrade seeds it anew (the old
    # database holds no version a user imported).
    if "run_id" in cols or t in ("run", "meta") or hangs_off_run(fresh, t):
        continue
    seeded.add(t)
    q = "SELECT %s FROM %s ORDER BY 1, 2" % (", ".join(cols), t) \
        if len(cols) > 1 else "SELECT %s FROM %s ORDER BY 1" % (cols[0], t)
    if fresh.execute("SELECT count(*) FROM %s" % t).fetchone()[0] == 0:
        continue
    a, b = sorted(map(repr, up.execute(q))), sorted(map(repr, fresh.execute(q)))
    if a != b:
        print("FAIL: table %s: seeded rows differ from a new database's "
              "(%d vs %d rows)" % (t, len(a), len(b))); fails += 1
# Every row of schema 3, in the columns it had, unchanged: the runs' data
# and the catalogue.  A migration may describe a kind anew or add one, so
# the seeded tables are held to a new database's rows above instead.
nrows = 0
for (t,) in orig.execute("SELECT name FROM sqlite_schema WHERE type = "
                         "'table' AND name NOT GLOB 'sqlite_*' ORDER BY 1"):
    if t == "meta" or t in seeded:
        continue
    cols = ", ".join(columns(orig, t))
    q = q_up = "SELECT %s FROM %s" % (cols, t)
    if t == "record":
        # Schema 8 moved --keep-all's records to event, an empty extra
        # becoming NULL.
        cols = "run_id, offset, pcpu, tsc, event, domid, vcpu"
        q = "SELECT %s, extra FROM record" % cols
        q_up = "SELECT %s, coalesce(extra, x'') FROM event" % cols
    a = sorted(map(repr, orig.execute(q)))
    b = sorted(map(repr, up.execute(q_up)))
    nrows += len(a)
    if a != b:
        print("FAIL: table %s: rows changed by the upgrade" % t); fails += 1
print("ok: %d schema objects as a new database's; %d rows kept"
      % (len(want), nrows))
for t in ("run", "finding"):
    print("   %s: %d rows" % (t, up.execute("SELECT count(*) FROM %s" % t)
                              .fetchone()[0]))
sys.exit(1 if fails else 0)
PY

# stats of each run as xabi at schema 3 printed them (every key it had).
for r in 1 2 3; do
    "$XABI" stats --run "$r" --json --db "$db" > "$work/stats$r.json"
done
python3 - "$data/schema3.stats.json" "$work" <<'PY'
import json, sys
want = json.load(open(sys.argv[1]))
fails = 0

def sub(w, g, where):
    """Every key and value of w is in g (g may have more keys)."""
    global fails
    if isinstance(w, dict):
        if not isinstance(g, dict):
            print("FAIL: %s: not an object" % where); fails += 1; return
        for k in w:
            if k not in g:
                print("FAIL: %s.%s missing" % (where, k)); fails += 1
            else:
                sub(w[k], g[k], "%s.%s" % (where, k))
    elif isinstance(w, list):
        if not isinstance(g, list) or len(g) != len(w):
            print("FAIL: %s: %s items, want %d" % (where, len(g) if
                  isinstance(g, list) else "no", len(w))); fails += 1; return
        for i, (a, b) in enumerate(zip(w, g)):
            sub(a, b, "%s[%d]" % (where, i))
    elif w != g:
        print("FAIL: %s: %r, want %r" % (where, g, w)); fails += 1

# Names schema-3 xabi got wrong or lacked, which abi/trace-names.c now
# gives: runstate changes (not TRC_64_FLAG) and scheduler events, all in
# TRC_SCHED (class 0x002).  Their names are held to that, not to 3's.
renamed = 0
for r, w in sorted(want.items()):
    got = json.load(open("%s/stats%s.json" % (sys.argv[2], r)))
    for e, g in zip(w.get("events", []), got.get("events", [])):
        if e["event"] >> 16 == 2 and (e["name"] is None or
                                      e["name"].endswith("| TRC_64_FLAG")):
            if not (g.get("name") or "").startswith("TRC_") or \
                    "TRC_64_FLAG" in g["name"]:
                print("FAIL: run %s: event %#x named %r" % (r, e["event"],
                                                           g.get("name")))
                fails += 1
            del e["name"]
            renamed += 1
    sub(w, got, "run " + r)
print("ok: %d TRC_SCHED events named anew (abi/trace-names.c)" % renamed)
print("ok: stats of runs %s as at schema 3" % ", ".join(sorted(want)))
sys.exit(1 if fails else 0)
PY

# check runs on every run, and records its findings.
for r in 1 2 3; do
    "$XABI" check --run "$r" --fail-on never --db "$db" > "$work/check$r"
    tail -n 1 "$work/check$r"
done
echo "ok: check runs on the upgraded database"

# Schema 8: the records of a --keep-all run move from record to event, each
# with the integer kind of the first fact made from it (the fixture has
# none, so two are added to run 1 at schema 3: a hypercall with a sub-op
# fact after it, and a record that made no fact).
db=$work/keep.db
cp "$work/orig.db" "$db"
sqlite3 "$db" "
    INSERT INTO record (run_id, offset, pcpu, tsc, event, domid, vcpu, extra)
        VALUES (1, 900000, 0, 77, 2101261, 1, 0, x'1800100008000000'),
               (1, 900032, 1, 78, 2625549, 1, 0, x'');
    INSERT INTO fact (run_id, domid, vcpu, pcpu, tsc, offset, event, kind, key)
        VALUES (1, 1, 0, 0, 77, 900000, 2101261, 'hypercall', 24),
               (1, 1, 0, 0, 77, 900000, 2101261, 'hypercall_subop', 24);"
"$XABI" stats --list --db "$db" > /dev/null 2> "$work/err"
got=$(sqlite3 "$db" "SELECT e.offset, e.pcpu, e.tsc, e.event, quote(k.kind),
    quote(e.extra) FROM event e LEFT JOIN event_kind k ON k.code = e.kind
    ORDER BY e.id" | tr '\n' ' ')
want="900000|0|77|2101261|'hypercall'|X'1800100008000000' 900032|1|78|2625549|NULL|NULL "
if [ "$got" != "$want" ]; then
    echo "FAIL: schema 10 moved the records as: $got"
    echo "      want: $want"; exit 1
fi
echo "ok: the records of a --keep-all run are events, with their fact's kind"
