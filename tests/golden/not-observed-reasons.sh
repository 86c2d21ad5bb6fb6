#!/bin/sh
# Golden test: every NOT-OBSERVED finding xabi gives over the real Xen
# 4.17 traces (tests/data/trace_*.bin.xz) and the real vCPU dumps
# (tests/data/snapshots) carries a reason, and its message names the
# cause that reason stands for: what the source could not see.
#
#   trace_sched has no TRC_PV record: PV rules say not-traced.
#   trace_pv has no scheduler record: its PASSes become
#     no-scheduler-records, naming the missing TRC_SCHED class.
#   the snapshot runs hold no trace: trace rules say not-in-source.
#
# usage: XABI=build/xabi sh tests/golden/not-observed-reasons.sh
set -eu
XABI=${XABI:-build/xabi}
here=$(cd "$(dirname "$0")" && pwd)
data=$here/../data
. "$here/lib/check.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

for t in trace_all trace_pv trace_sched trace_domU trace_pvh_linux; do
    xz -dc "$data/$t.bin.xz" > "$work/$t.bin"
    "$XABI" collect "$work/$t.bin" --xen-version 4.17 --db "$work/$t.db" \
        --no-progress > /dev/null
    rm -f "$work/$t.bin"
    "$XABI" check --db "$work/$t.db" --json --fail-on never > "$work/$t.json"
done
s=$data/snapshots
db=$work/snapshots.db
"$XABI" collect --snapshot "$s/getctx_domU_initial.txt" --xen-version 4.17 \
    --phase initial --db "$db" > /dev/null
"$XABI" collect --snapshot "$s/getctx_dom0_vcpu1.txt" --xen-version 4.17 \
    --phase running --user-mode yes --db "$db" > /dev/null
"$XABI" collect --snapshot "$s/pvh_pvhinfo_initial.txt" --xen-version 4.17 \
    --phase initial --guest-type PVH --db "$db" > /dev/null
for r in 1 2 3; do
    "$XABI" check --db "$db" --run $r --json --fail-on never \
        > "$work/snapshot-$r.json"
done

if ! python3 - "$work"/*.json <<'PY'
import json, re, sys

# Each reason, and the words its message must hold to name the cause.
CAUSE = {
    # a run of a kind that cannot hold it, or a claim no run can hold
    "not-in-source": r"(is an? (snapshot|kernel image|hypercall page|trace|live run)"
                     r"\b.*holds no|nothing a run can hold: )",
    "not-traced": r"(event mask|no TRC_\w+ record)",
    "not-intercepted": r"only when Xen intercepts",
    "no-scheduler-records": r"scheduler record",
    "lost-records": r"records were lost",
    "no-snapshot": r"snapshot",
    "no-catalogue": r"catalogue",
    "no-facts": r"(would have recorded|\((live|hcpage)\) holds no hypercall page|holds no record at all|\d+ snapshots? of the run read .*, and none holds)",
}
seen, bad = {}, 0
for path in sys.argv[1:]:
    with open(path) as f:
        report = json.load(f)
    for g in report["domains"]:
        for f in g["findings"]:
            if f["verdict"] != "NOT-OBSERVED":
                continue
            why, msg = f.get("reason"), f.get("message") or ""
            name = path.rsplit("/", 1)[-1]
            if not why or why not in CAUSE:
                print("%s: %s: no known reason (%r): %s"
                      % (name, f["rule"], why, msg))
                bad += 1
            elif not re.search(CAUSE[why], msg):
                print("%s: %s: reason %s, but the message does not say "
                      "why: %s" % (name, f["rule"], why, msg))
                bad += 1
            # A snapshot holds no trace: never "none happened" there,
            # but for what a snapshot itself reads (a GDT).
            if (name.startswith("snapshot") and why == "no-facts" and
                    not re.search(r"\d+ snapshots? of the run read ", msg)):
                print("%s: %s: no-facts where the source holds no trace: %s"
                      % (name, f["rule"], msg))
                bad += 1
            seen[why] = seen.get(why, 0) + 1
# The sources' known gaps are each named.
for why in ("not-in-source", "not-traced", "no-scheduler-records",
            "no-snapshot", "no-facts"):
    if not seen.get(why):
        print("no finding said %s" % why)
        bad += 1
print("not-observed-reasons: %s" % ", ".join(
    "%s %d" % kv for kv in sorted(seen.items())))
sys.exit(1 if bad else 0)
PY
then
    fail "a NOT-OBSERVED finding does not name its cause"
fi
# trace_sched: the PV rules could not look, and say so.
if ! grep -q '"rule": "TRAP-002", "title": "[^"]*", "verdict": "NOT-OBSERVED", "reason": "not-traced"' \
    "$work/trace_sched.json"; then
    fail "trace_sched: TRAP-002 is not NOT-OBSERVED not-traced"
fi

# The pages say the same: a snapshot run shows no delivery, and says why;
# a trap table read with nothing installed is shown as such.
"$XABI" render --format html --out "$work/site" --db "$db" > /dev/null
p=$work/site/html/pv-traps.html
grep -q 'Not observed: run 1 is a snapshot, not a trace: it holds no trace records' "$p" ||
    fail "pv-traps: the snapshot run does not say why no trap was observed"
grep -q 'Run 1 d1v0: trap table read, no entries installed' "$p" ||
    fail "pv-traps: the empty trap table of getctx_domU_initial is not shown as read"
absent 'were delivered in this run' "$p"
grep -q 'No run of this database is a trace, so no hypercall was observable' \
    "$work/site/html/hypercalls.html" ||
    fail "hypercalls: the snapshot run does not say why no call was observed"
"$XABI" render --format html --out "$work/site-sched" --db "$work/trace_sched.db" \
    > /dev/null
grep -q 'Not observed: the trace holds no TRC_PV_ENTRY record' \
    "$work/site-sched/html/pv-traps.html" ||
    fail "pv-traps: trace_sched (no TRC_PV record) does not say why"
echo "not-observed-reasons: ok"
