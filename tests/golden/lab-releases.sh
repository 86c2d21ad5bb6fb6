#!/bin/sh
# Golden test: a real `xabi lab` database of three Xen releases,
# tests/data/lab-3releases.db.xz, made on 2026-12-06 (again at 23:31-23:39
# UTC, once xabi read the MTRR save record) by
#
#   xabi lab --xen 4.14,4.17,4.20 --guest pv:build/lab-pvtiny \
#       --guest pv:build/lab-pvtraps --guest pvh:debian --duration 10s
#
# (lab-pvtiny and lab-pvtraps: tests/live/pvguest, plain and
# -DPVGUEST_TRAPS; debian: Debian 12's Linux 6.1 as a PVH guest): the same
# three guests, watched live from their first instruction, on Debian's
# builds of Xen 4.14, 4.17 and 4.20 under QEMU.  Findings are made again
# here, by this xabi.  What must hold:
#   - pv-traps.rst's claims 18 and 19 (vectors 3 and 4 are DPL 3 in Xen's
#     IDT) verified on each release by the pvtraps guest;
#   - pvh.pandoc's claim 28 (the guest starts at its kernel's
#     XEN_ELFNOTE_PHYS32_ENTRY) verified on each release by the PVH
#     guest's first RIP against the kernel image the lab collected, and
#     elfnote.h's claim 29 (a PV guest starts at its XEN_ELFNOTE_ENTRY) by
#     each PV guest against its own image (the one labelled as its run);
#   - pvh.pandoc's claim 30 (the start info gives the RSDP's address)
#     verified on each release by the PVH guest's start info;
#   - pvh.pandoc's claims 31 and 32 (a PVH domU boots with MTRRs enabled,
#     default type WB; its RAM is WB) verified on each release by the MTRR
#     save record read live at the guest's first instruction;
#   - the ABI page's "Observed across Xen releases" has a column per
#     release, the runs behind each, and says where the two releases of a
#     pair made the same hypercalls;
#   - no run has a FAIL.
set -eu
XABI=${XABI:-build/xabi}
data=$(dirname "$0")/../data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/lib/tally.sh"
db=$work/lab.db
xz -dc "$data/lab-3releases.db.xz" > "$db"
for r in $(sqlite3 -batch -noheader "$db" "SELECT id FROM run ORDER BY id"); do
    "$XABI" check --db "$db" --run "$r" --fail-on never > /dev/null
done
q() { sqlite3 -batch -noheader "$db" "$1"; }

# claim REL LABEL NR: "VERDICT: message" of claim NR on the live run of
# release REL whose label starts with LABEL ("lab2 pv ").
claim() {
    q "SELECT f.verdict || ': ' || f.message FROM finding f
        JOIN run r ON r.id = f.run_id
        WHERE r.xen_version = '$1' AND r.label LIKE '$2%'
          AND r.source_kind = 'live' AND f.rule_id = 'DOC-001'
          AND f.fact_kind = 'claim' AND f.fact_key = $3"
}
# expect_claim REL LABEL NR PATTERN WHAT: the finding matches the case
# PATTERN.
expect_claim() {
    v=$(claim "$1" "$2" "$3")
    # shellcheck disable=SC2254 # $4 is a pattern
    case $v in
    $4) ok "Xen $1: claim $3 verified by $5" ;;
    *) bad "Xen $1: claim $3 (${2}...): '${v:-no finding}'" ;;
    esac
}
for rel in 4.14 4.17 4.20; do
    for c in 18 19; do
        expect_claim "$rel" "lab2 pv lab-pvtraps " "$c" "PASS: *" lab-pvtraps
    done
    expect_claim "$rel" "lab3 pvh " 28 "PASS: claim 28 verified: snapshot * starts at rip 0x1000850, the XEN_ELFNOTE_PHYS32_ENTRY of the kernel image of run 6 *" \
        "the PVH guest's first RIP"
    expect_claim "$rel" "lab3 pvh " 30 "PASS: claim 30 verified: the start info snapshot * (version 1) gives rsdp_paddr 0xfc00*" \
        "the PVH guest's start info"
    expect_claim "$rel" "lab3 pvh " 31 "PASS: claim 31 verified: snapshot * starts with MTRRdefType 0x806: MTRRs enabled, fixed ranges disabled, default type WB (6)" \
        "the PVH guest's MTRR save record"
    expect_claim "$rel" "lab3 pvh " 32 "PASS: claim 32 verified: snapshot *: MTRRdefType 0x806: * every address is WB, so every RAM region is" \
        "the PVH guest's MTRR save record"
    for g in lab1:lab-pvtiny lab2:lab-pvtraps; do
        expect_claim "$rel" "${g%%:*} pv " 29 "PASS: claim 29 verified: * starts at rip 0x0, the XEN_ELFNOTE_ENTRY of the kernel image of run * (/domu/${g%%:*}/${g#*:})" \
            "${g#*:} against its own image"
    done
done
f=$(q "SELECT group_concat(DISTINCT r.xen_version || ' ' || f.rule_id)
        FROM finding f JOIN run r ON r.id = f.run_id WHERE f.verdict = 'FAIL'")
if [ -z "$f" ]; then
    ok "no FAIL in any run"
else
    bad "FAILs: $f"
fi

"$XABI" render --db "$db" --out "$work/site" --format wiki > /dev/null
page=$work/site/wiki/abi-versions.wiki
for want in "! Xen 4.14" "! Xen 4.17" "! Xen 4.20" \
    "| 3: runs 1, 3, 5" "| 3: runs 7, 9, 11" "| 3: runs 12, 14, 16" \
    "== Xen 4.17 against 4.14, observed ==" \
    "== Xen 4.20 against 4.17, observed ==" \
    "The runs of the two releases made the same hypercalls."; do
    has "$page" "$want"
done
# set_trap_table: lab-pvtraps's one call, on each release
n=$(grep -A4 '^| set_trap_table (0)$' "$page" | grep -c '^| 1 call, 1 guest$' || true)
if [ "$n" = 3 ]; then
    ok "set_trap_table: 1 call on each release"
else
    bad "set_trap_table: $n of 3 releases show lab-pvtraps's 1 call"
fi
# Number 48 has two names in every release (arch_0, and x86's mca): no
# release renamed it.
if grep -A3 '^| renamed$' "$page" | grep -q '^| mca$'; then
    bad "a header diff calls mca a rename of arch_0"
else
    ok "number 48's two names are no rename"
fi
has "$page" "<nowiki>Declared: Xen 4.20's headers against 4.17's</nowiki>"
has "$page" "TRC_HVM_SVM_EXIT64"
# the claims name each run's release when the runs come from several
has "$work/site/wiki/pv-traps.wiki" "verified (run 3 on Xen 4.14): claim 18 verified"
tally "lab-releases: three releases' runs, claims verified on each, compared"
