#!/bin/sh
# Golden test: domain lifecycle and DOM-001 on the real Xen 4.17.7 traces
# (tests/data, copied from ../shared/data).
#   trace_pvh_linux: the PVH guest (d1) crashed about 11 s in (QEMU's
#   emulated CPU reports RDTSCP wrongly) and Linux asked Xen for
#   SHUTDOWN_crash: TRC_SCHED_SHUTDOWN d1 v0 reason 3 at offset 10003460
#   (xenalyze --dump-all: "sched_shutdown d1v0, reason = 3"), after #GPs
#   injected with error code 0.  DOM-001 FAILs naming that record.
#   trace_domU: the PV domU (d1) powers off: "sched_shutdown d1v0,
#   reason = 0", then "destroying domain d1" (TRC_DOM0_DOM_REM) and
#   "sched_destroy_domain d1".  stats shows a poweroff line; DOM-001 PASSes.
#   trace_pv: the TRC_PV class alone, no scheduler records: NOT-OBSERVED.
#
# usage: XABI=build/xabi tests/golden/lifecycle.sh   (tests/run.sh does)
# Needs xz and python3.
set -u
xabi=${XABI:-build/xabi}
data=$(dirname "$0")/../data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
failed=0

fail()
{
    echo "lifecycle: $*" >&2
    failed=1
}

collect() # NAME FILE.bin.xz
{
    xz -dc "$2" > "$tmp/$1.bin" || exit 1
    if ! "$xabi" collect "$tmp/$1.bin" --xen-version 4.17 \
        --db "$tmp/$1.db" > "$tmp/$1.collect" 2>&1; then
        echo "lifecycle: $xabi collect failed:" \
            "$(head -1 "$tmp/$1.collect")" >&2
        exit 1
    fi
    "$xabi" stats --db "$tmp/$1.db" > "$tmp/$1.stats" || exit 1
    "$xabi" stats --db "$tmp/$1.db" --json > "$tmp/$1.stats.json" || exit 1
    "$xabi" check --db "$tmp/$1.db" --json --rule DOM-001 --fail-on never \
        > "$tmp/$1.json"
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "lifecycle: xabi check exited $rc on $1" >&2
        exit 1
    fi
}

collect pvh "$data/trace_pvh_linux.bin.xz"
collect domU "$data/trace_domU.bin.xz"
collect pv "$data/trace_pv.bin.xz"

# The lines stats prints.
want_pvh='  d1 shutdown: crash (reason 3) at TSC 123279114774, offset 10003460 (pCPU 0, vCPU 0, TRC_SCHED_SHUTDOWN)'
want_domu='  d1 shutdown: poweroff (reason 0) at TSC 192856053309, offset 8607880 (pCPU 0, vCPU 0, TRC_SCHED_SHUTDOWN)'
want_rem='  d1 destroyed at TSC 193576112551, offset 8842196 (pCPU 0, TRC_DOM0_DOM_REM)'
if ! grep -qxF "$want_pvh" "$tmp/pvh.stats"; then
    fail "trace_pvh_linux: stats has no line '$want_pvh'"
fi
if ! grep -qxF "$want_domu" "$tmp/domU.stats"; then
    fail "trace_domU: stats has no line '$want_domu'"
fi
if ! grep -qxF "$want_rem" "$tmp/domU.stats"; then
    fail "trace_domU: stats has no line '$want_rem'"
fi
if grep -q "crash" "$tmp/domU.stats"; then
    fail "trace_domU: stats mentions a crash"
fi

python3 - "$tmp" <<'PY' || failed=1
import json, os, sys

tmp = sys.argv[1]
def load(name):
    with open(os.path.join(tmp, name)) as f:
        return json.load(f)

def findings(report):
    return [f for g in report["domains"] for f in g["findings"]
            if f["rule"] == "DOM-001"]

bad = 0
pvh = findings(load("pvh.json"))
fails = [f for f in pvh if f["verdict"] == "FAIL"]
if len(fails) != 1 or "offset 10003460" not in fails[0]["message"] \
        or "crash (reason 3)" not in fails[0]["message"] \
        or "injected #GP ec 0x0" not in fails[0]["message"]:
    print("trace_pvh_linux: want one DOM-001 FAIL naming the shutdown at "
          "offset 10003460 and the #GP before it, got %s" % pvh)
    bad = 1
domu = findings(load("domU.json"))
if [f["verdict"] for f in domu] != ["PASS"]:
    print("trace_domU: want DOM-001 PASS alone, got %s" % domu)
    bad = 1
pv = findings(load("pv.json"))
if [f["verdict"] for f in pv] != ["NOT-OBSERVED"] \
        or "no scheduler records" not in pv[0]["message"]:
    print("trace_pv: want DOM-001 NOT-OBSERVED (no scheduler records), "
          "got %s" % pv)
    bad = 1
life = load("pvh.stats.json")["lifecycle"]
if [(l["domid"], l["reason"], l["reason_name"]) for l in life] != \
        [(1, 3, "crash")]:
    print("trace_pvh_linux: stats --json lifecycle: %s" % life)
    bad = 1
sys.exit(bad)
PY
if [ $failed -ne 0 ]; then
    echo "lifecycle: FAILED"
    exit 1
fi
echo "lifecycle: ok"
