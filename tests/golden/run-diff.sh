#!/bin/sh
# Golden test: `xabi abi diff --run A --run B` on real runs compares guest
# with guest, names what differs, gives both absolute counts, lists only
# real differences (never equal counts) and the largest first.
#
#   run 1  trace_domU       Xen 4.17, dom0 and a PV domU (d1)
#   run 2  trace_pvh_linux  Xen 4.17, dom0 and a PVH domU (d1), AMD
#   run 3  trace_pvh_420_amd  Xen 4.20, dom0 and a PVH domU (d1), AMD
#
# Traces name no domain and no kernel, so guests pair by domain id.
set -eu
XABI=${XABI:-build/xabi}
data=$(dirname "$0")/../data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/lib/tally.sh"
db=$work/runs.db
for t in trace_domU:4.17 trace_pvh_linux:4.17 trace_pvh_420_amd:4.20; do
    "$XABI" collect "$data/${t%:*}.bin.xz" --xen-version "${t#*:}" \
        --db "$db" --no-progress > /dev/null
done

# diff A B FILE: run the diff, which must exit 4 (differences).
diff_runs() {
    rc=0
    "$XABI" abi diff --run "$1" --run "$2" --db "$db" > "$3" || rc=$?
    [ "$rc" -eq 4 ] || bad "diff --run $1 --run $2 exited $rc, not 4"
}

# Every line: both counts, never equal, ranked by |A - B| within its pair;
# every hypercall, sub-op and exit named.
shape() {
    python3 - "$1" > "$work/shape.out" <<'PY' ||
import re, sys
prev, bad = None, []
for line in open(sys.argv[1]):
    if not line.startswith("  "):
        prev = None
        continue
    kind = line.split()[0]
    m = re.search(r"(none|(\d+)) in A.*, (none|(\d+)) in B", line)
    if not m:
        if "with an error code" not in line:
            bad.append("no counts: " + line)
        continue
    a, b = int(m.group(2) or 0), int(m.group(4) or 0)
    if a == b:
        bad.append("equal counts: " + line)
    size = abs(a - b)
    if prev is not None and size > prev:
        bad.append("not ranked: " + line)
    prev = size
    named = re.search(r"[A-Za-z_]{3,}[^:]*: ", line.split(None, 2)[2])
    if kind in ("hypercall", "hvm_exit", "hvm_vmmcall",
                "hypercall_subop") and not named:
        bad.append("unnamed: " + line)
sys.stdout.write("".join(bad[:5]))
sys.exit(1 if bad else 0)
PY
        bad "$1: $(cat "$work/shape.out")"
}

# A PV domU against a PVH one: the guests pair by domain, the PV calls and
# the HVM exits stand out, named, with both counts.
diff_runs 1 2 "$work/pv-pvh"
has "$work/pv-pvh" "d1 (PV) in A, d1 (HVM) in B, paired by domain id"
has "$work/pv-pvh" "d0 (PV) in A, d0 (PV) in B, paired by domain id"
has "$work/pv-pvh" "hvm_exit        only-b     0x7b IOIO: none in A, 133319 in B"
has "$work/pv-pvh" "hypercall       only-a     1 mmu_update: "
has "$work/pv-pvh" "page_fault      only-a     error code 0x"
shape "$work/pv-pvh"
# The first line of d1's list is its largest difference.
first=$(sed -n '/^d1 /{n;p;q}' "$work/pv-pvh")
case $first in
*"emul_privop"*) ;;
*) bad "d1's largest difference is not first: $first" ;;
esac

# The same PVH guest on Xen 4.17 and on 4.20 (the first megabyte of its
# trace): exits named on both sides (4.20's from TRC_HVM_SVM_EXIT64), the
# ones both saw equally often left out.
diff_runs 2 3 "$work/417-420"
has "$work/417-420" "d1 (HVM) in A, d1 (HVM) in B, paired by domain id"
has "$work/417-420" "0x400 NPF: 4 in A"
shape "$work/417-420"
if grep -q "CPUID" "$work/417-420"; then
    bad "CPUID exits differ by less than x10 in share: not a difference"
fi
if grep -q "memory_op: 1 in A (.*), 1 in B" "$work/417-420"; then
    bad "equal counts listed as a difference"
fi
"$XABI" abi diff --run 2 --run 3 --db "$db" --json > "$work/417-420.json" ||
    true
python3 - "$work/417-420.json" <<'PY' || bad "--json: pairs not as in text"
import json, sys
r = json.load(open(sys.argv[1]))
p = {x["a"]["domid"]: x for x in r["pairs"]}
assert p[1]["paired_by"].startswith("by domain id")
d = p[1]["differences"]
assert d and all(x["count_a"] != x["count_b"] for x in d)
assert [x["size"] for x in d] == sorted((x["size"] for x in d), reverse=True)
assert r["count"] == sum(len(x["differences"]) for x in r["pairs"])
PY

# The same PVH guest paused before its first instruction, under 4.17 and
# under 4.20: of its whole start state only the hvm_start_info's RSDP
# moved (0xfc008000 to 0xfc006000, with the ACPI tables Xen builds).
"$XABI" collect --snapshot "$data/snapshots/pvh_pvhinfo_initial.txt" \
    --xen-version 4.17 --db "$work/si.db" > /dev/null
"$XABI" collect --snapshot "$data/snapshots/pvh_pvhinfo_initial_420.txt" \
    --xen-version 4.20 --db "$work/si.db" > /dev/null
rc=0
"$XABI" abi diff --run 1 --run 2 --db "$work/si.db" > "$work/si" || rc=$?
[ "$rc" -eq 4 ] || bad "start info diff exited $rc, not 4"
has "$work/si" "d1 (PVH) in A, d1 (PVH) in B, paired by domain id"
has "$work/si" "start_info      only-a     rsdp_paddr=0xfc008000: 1 in A"
has "$work/si" "start_info      only-b     rsdp_paddr=0xfc006000: none in A, 1 in B"
has "$work/si" "2 differences"

# A run against itself: nothing.
"$XABI" abi diff --run 2 --run 2 --db "$db" > "$work/self" ||
    bad "a run against itself: exit $?"
has "$work/self" "0 differences"

tally "run-diff: every check passed"
