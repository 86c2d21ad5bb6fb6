#!/bin/sh
# Golden test: collect the real Xen 4.17.7 traces (tests/data, copied from
# ../shared/data) and check them, asserting the real PASS findings that xenalyze's own
# summaries of those files predict:
#   trace_domU: domain 1 (a PV64 Linux domU booting) took traps 3 (#BP, no
#   error code) and 13 (#GP, error code 0): TRAP-001 and TRAP-002 PASS; it
#   and dom0 used no compat op: HC-002 PASS; no multicall nests: HC-005;
#   the files hold no lost records: TRACE-001 PASS.
#   trace_pvh_linux: the PVH guest's VMMCALLs (memory_op, xen_version,
#   console_io, vcpu_op, sched_op, event_channel_op, hvm_op) are all ones
#   Xen 4.17's hypercall-defs.c wires up for hvm64: HC-003 PASSes.
#
# usage: XABI=build/xabi tests/golden/check-real-traces.sh   (tests/run.sh does)
# Needs xz and python3.
set -u
xabi=${XABI:-build/xabi}
data=$(dirname "$0")/../data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

collect() # NAME FILE.bin.xz
{
    xz -dc "$2" > "$tmp/$1.bin" || exit 1
    if ! "$xabi" collect "$tmp/$1.bin" --xen-version 4.17 \
        --db "$tmp/$1.db" > "$tmp/$1.collect" 2>&1; then
        echo "check-real-traces: $xabi collect failed:" \
            "$(head -1 "$tmp/$1.collect")" >&2
        exit 1
    fi
    "$xabi" check --db "$tmp/$1.db" --json --fail-on never > "$tmp/$1.json"
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "check-real-traces: xabi check exited $rc on $1" >&2
        exit 1
    fi
}

collect domU "$data/trace_domU.bin.xz"
collect pvh "$data/trace_pvh_linux.bin.xz"

python3 - "$tmp/domU.json" "$tmp/pvh.json" <<'PY'
import json, sys

def load(path):
    with open(path) as f:
        return json.load(f)

def verdicts(report, rule, domid):
    return {f["verdict"] for g in report["domains"] if g["domid"] == domid
            for f in g["findings"] if f["rule"] == rule}

domu, pvh = load(sys.argv[1]), load(sys.argv[2])
failed = 0
for rule, domid in [("TRAP-001", 1), ("TRAP-002", 1), ("HC-002", 0),
                    ("HC-002", 1), ("HC-005", 1), ("TRACE-001", None),
                    ("TRACE-003", None)]:
    got = verdicts(domu, rule, domid)
    if got != {"PASS"}:
        print("trace_domU: %s on domain %s: want PASS, got %s"
              % (rule, domid, sorted(got) or "nothing"))
        failed = 1
got = verdicts(pvh, "HC-003", 1)
if got != {"PASS"}:
    print("trace_pvh_linux: HC-003 on domain 1: got %s" % sorted(got))
    failed = 1
print("check-real-traces: %s" % ("FAILED" if failed else "ok"))
sys.exit(failed)
PY
