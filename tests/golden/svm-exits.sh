#!/bin/sh
# Golden test: an AMD trace from Xen 4.19 or later keeps its HVM exits.
#
# Xen 4.19 gave SVM its own exit ids, TRC_HVM_SVM_EXIT(64) = 0x00081003
# and 0x00081103 (xen/include/public/trace.h at RELEASE-4.19.0); the
# collector decodes them for runs of 4.19 and later only (abi/:
# XABI_TRC_SVM_EXIT_SINCE), so a run that says it is older is read as
# that version's Xen wrote it.
#
# tests/data/trace_pvh_420_amd.bin.xz is real: Debian 13's Xen 4.20.5-pre
# with a PV dom0 and a PVH domU (Debian 12's 6.1 kernel) under QEMU TCG,
# AMD (AuthenticAMD, emulated SVM), captured by
# ../shared/tools/xen-qemu-releases (capture.sh boot-pvh, `xentrace -e
# 0xffff000`).  It is the first 61 windows of that 5,242,016-byte trace
# (sha256 1e0182726d12...), cut at a window boundary: `head -c 1042808`,
# sha256 15354802fe12580cc1cea30a36e7458ad4c188bb1516ad0856380ae37fb1561a.
# xenalyze 4.20, run on the same slice in the trixie root (`xenalyze
# --summary`, trace_pvh_420_amd.xenalyze-summary.txt), counts domain 1's
# exits as below, every one equal to xabi's; on the whole trace both
# count 84,297 (IOIO 55,638, RDTSC 27,809, INTR 476, CPUID 340).
#
# The Xen 4.17 traces are read as before: none of them holds an SVM exit
# id, and their exits (the PVH trace's, from an AMD host too) keep the
# counts xenalyze-parity.sh and check-real-traces.sh check.
set -eu
XABI=${XABI:-build/xabi}
data=$(dirname "$0")/../data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/lib/tally.sh"
# exits FILE NAME COUNT: the HVM exit NAME of d1 v0 counted COUNT times.
exits() {
    got=$(awk -v n="$2" '/^d1 v0:/ { d = 1; next } /^[^ ]/ { d = 0 }
                        d && $1 == n { print $2; exit }' "$1")
    [ "$got" = "$3" ] || bad "$1: $2 counted '${got:-none}', not $3"
}

"$XABI" collect "$data/trace_pvh_420_amd.bin.xz" --xen-version 4.20 \
    --db "$work/420.db" --no-progress > /dev/null
"$XABI" stats --db "$work/420.db" > "$work/420.txt"
# xenalyze 4.20's counts (trace_pvh_420_amd.xenalyze-summary.txt)
exits "$work/420.txt" IOIO 8548
exits "$work/420.txt" RDTSC 4263
exits "$work/420.txt" CPUID 340
exits "$work/420.txt" INTR 155
exits "$work/420.txt" VMMCALL 16
exits "$work/420.txt" CR4_WRITE 6
exits "$work/420.txt" CR4_READ 5
exits "$work/420.txt" MSR 5
exits "$work/420.txt" CR0_WRITE 2
grep -q "0x00081103 \* TRC_HVM_SVM_EXIT64 " "$work/420.txt" ||
    bad "4.20: TRC_HVM_SVM_EXIT64 not decoded"
# Every exit record is an exit: 6 TRC_HVM_SVM_EXIT + 13334 _EXIT64.
total=$(awk '/^d1 v0:/ { d = 1; next } /^[^ ]/ { d = 0 }
             d && /HVM exits/ { e = 1; next } e && d && NF == 2 { s += $2 }
             e && d && NF != 2 { e = 0 } END { print s + 0 }' "$work/420.txt")
[ "$total" -eq 13340 ] || bad "4.20: $total HVM exits, not 13340"

# And every other number xenalyze 4.20's summary prints of it (PV events,
# hypercalls per vCPU of dom0): 45 compared.
"$XABI" stats --db "$work/420.db" --json > "$work/420.json"
python3 "$(dirname "$0")/parity.py" "$work/420.json" \
    "$data/trace_pvh_420_amd.xenalyze-summary.txt" > "$work/parity.txt" ||
    bad "4.20: xabi and xenalyze 4.20 differ: $(grep -v '^ok' "$work/parity.txt")"

# The same bytes said to be 4.18: no release before 4.19 writes these ids.
"$XABI" collect "$data/trace_pvh_420_amd.bin.xz" --xen-version 4.18 \
    --db "$work/418.db" --no-progress > /dev/null
"$XABI" stats --db "$work/418.db" > "$work/418.txt"
if grep -q "HVM exits" "$work/418.txt"; then
    bad "4.18: SVM exit ids decoded for a release that does not write them"
fi

# Xen 4.17's AMD PVH trace keeps its exits (TRC_HVM_VMEXIT64).
"$XABI" collect "$data/trace_pvh_linux.bin.xz" --xen-version 4.17 \
    --db "$work/417.db" --no-progress > /dev/null
"$XABI" stats --db "$work/417.db" > "$work/417.txt"
# As before TRC_HVM_SVM_EXIT was decoded (xenalyze-parity.sh holds them
# against xenalyze 4.17 --svm-mode):
exits "$work/417.txt" IOIO 133319
exits "$work/417.txt" RDTSC 50292
exits "$work/417.txt" VMMCALL 221
exits "$work/417.txt" NPF 4

tally "svm-exits: every check passed"
