#!/bin/sh
# Golden test: events named as Xen's code names them, on real traces.
#
#   - trace_sched (Xen 4.17, credit2): a runstate change is named with its
#     old and new state (0x00021101 is runnable->running, not TRC_64_FLAG),
#     and credit2's own events by their names (abi/trace-names.c).
set -eu
XABI=${XABI:-build/xabi}
data=$(dirname "$0")/../data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/lib/tally.sh"

"$XABI" collect "$data/trace_sched.bin.xz" --xen-version 4.17 \
    --db "$work/sched.db" --no-progress > /dev/null
"$XABI" stats --db "$work/sched.db" > "$work/sched.txt"
has "$work/sched.txt" "0x00021101 * TRC_SCHED_RUNSTATE_CHANGE runnable->running"
has "$work/sched.txt" "0x00021211 * TRC_SCHED_RUNSTATE_CHANGE blocked->runnable"
has "$work/sched.txt" "0x00022206   TRC_CSCHED2_TICKLE (credit2)"
has "$work/sched.txt" "0x00022215   TRC_CSCHED2_SCHEDULE (credit2)"
if grep -q "TRC_64_FLAG" "$work/sched.txt"; then
    bad "a TRC_SCHED event named as TRC_64_FLAG"
fi
"$XABI" stats --db "$work/sched.db" --json > "$work/sched.json"
python3 - "$work/sched.json" <<'PY' || bad "stats --json does not name 0x00021101"
import json, sys
ev = {e["event"]: e["name"] for e in json.load(open(sys.argv[1]))["events"]}
sys.exit(0 if ev.get("135425") == "TRC_SCHED_RUNSTATE_CHANGE runnable->running"
         or ev.get(135425) == "TRC_SCHED_RUNSTATE_CHANGE runnable->running"
         else 1)
PY

tally "trace-names: every check passed"
