#!/bin/sh
# Golden test: rule HC-003 on the real PVH Linux trace (Xen 4.17), and the
# hypercalls page that quotes it.  Every op the guest made through VMCALL
# is one Xen 4.17's xen/include/hypercall-defs.c wires up for hvm64, so
# HC-003 PASSes and the page finds nothing against them.  One VMCALL of
# mmu_update (op 1, a PV-only op: "-" in the hvm columns) added to the
# same run makes HC-003 FAIL, citing that table, and the page quotes the
# FAIL next to the call; vm_assist (op 21, wired up since 4.14) does not.
#
#   usage: XABI=build/xabi tests/golden/hc003-pages.sh   (tests/run.sh does)
set -u
XABI=${XABI:-build/xabi}
xabi=$(cd "$(dirname "$XABI")" && pwd)/$(basename "$XABI")
data=$(cd "$(dirname "$0")/../data" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/xabi-hc003.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
db=$work/xabi.db
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# verdicts RULE: the verdicts of RULE's findings in run 1, one per line.
verdicts() {
    sqlite3 "$db" "SELECT DISTINCT verdict FROM finding WHERE run_id = 1 \
        AND rule_id = '$1' ORDER BY verdict"
}

# vmmcall NR COUNT: the PVH guest's vCPU 0 made COUNT VMCALLs of op NR,
# then check again.
vmmcall() {
    sqlite3 "$db" "INSERT INTO fact_agg (run_id, domid, vcpu, kind, key,
        count, first_tsc, last_tsc) VALUES (1, 1, 0, 'hvm_vmmcall', $1, $2,
        96728781631, 96728781631)" || fail "sqlite3: inserting op $1"
    "$xabi" check --db "$db" --fail-on never > /dev/null || fail "check failed"
}

xz -dc "$data/trace_pvh_linux.bin.xz" > "$work/pvh.bin" || exit 1
if ! "$xabi" collect "$work/pvh.bin" --xen-version 4.17 --db "$db" \
        --no-progress > "$work/out" 2>&1; then
    echo "hc003-pages: collect failed: $(cat "$work/out")" >&2
    exit 1
fi

# Before any check, the page says so instead of a verdict.
"$xabi" render --format html --out "$work/site0" --db "$db" > /dev/null ||
    fail "render before check"
grep -q 'observed; HC-003: not checked: run `xabi check`' \
    "$work/site0/html/hypercalls.html" ||
    fail "an unchecked run's page does not say it was not checked"

"$xabi" check --db "$db" --fail-on never > /dev/null || fail "check failed"
[ "$(verdicts HC-003)" = PASS ] ||
    fail "HC-003 on the healthy PVH boot: $(verdicts HC-003 | tr '\n' ' ')"
"$xabi" render --format html --out "$work/site1" --db "$db" > /dev/null ||
    fail "render after check"
grep -q 'observed; HC-003: nothing found against it' \
    "$work/site1/html/hypercalls.html" ||
    fail "the page does not quote HC-003 on the observed calls"
if grep -q 'cannot make this call\|PV only: not available' \
        "$work/site1/html/hypercalls.html"; then
    fail "the page still judges the calls itself"
fi

# vm_assist from the PVH guest: wired up for hvm64 on 4.17.
vmmcall 21 1
[ "$(verdicts HC-003)" = PASS ] ||
    fail "HC-003 with vm_assist from hvm64: $(verdicts HC-003 | tr '\n' ' ')"

# mmu_update from the PVH guest: not wired up.
vmmcall 1 2
[ "$(verdicts HC-003)" = FAIL ] ||
    fail "HC-003 with mmu_update from hvm64: $(verdicts HC-003 | tr '\n' ' ')"
msg=$(sqlite3 "$db" "SELECT message FROM finding WHERE run_id = 1 AND \
    rule_id = 'HC-003' AND verdict = 'FAIL'")
case $msg in
*"op 1 (mmu_update) x2: not wired up for HVM or PVH guests in Xen 4.17"*"xen/include/hypercall-defs.c: table, columns hvm32 hvm64 (RELEASE-4.17.0)"*) ;;
*) fail "HC-003's FAIL does not cite the 4.17 table: $msg" ;;
esac
"$xabi" render --format html --out "$work/site2" --db "$db" > /dev/null ||
    fail "render after the second check"
grep -q 'observed; run 1 d1v0: HC-003 FAIL: hvm_vmmcall op 1 (mmu_update) x2' \
    "$work/site2/html/hypercalls.html" ||
    fail "the page does not quote HC-003's FAIL next to the call"

if [ "$failures" != 0 ]; then
    echo "hc003-pages: $failures failure(s)" >&2
    exit 1
fi
echo "hc003-pages: PASS on the real PVH boot, FAIL on mmu_update, quoted"
