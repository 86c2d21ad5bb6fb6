#!/bin/sh
# Golden test: the claims register (abi/claims.c) against the real Xen 4.17
# data of tests/data: a trace, the vCPU dumps of a PV guest before its first
# instruction and of a running dom0, and a PVH guest at its entry as
# pvhinfo and as xen-hvmctx printed it.  `xabi check` (rule DOC-001) must
# give each claim the verdicts in tests/data/golden/claims-real.txt (per
# run: refuted, verified or not observable), `xabi claims --json` must list
# them, and the claims page must show the same.
set -eu
XABI=${XABI:-build/xabi}
here=$(dirname "$0")
data=$here/../data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
db=$work/xabi.db
fails=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

xz -dc "$data/trace_pvh_linux.bin.xz" > "$work/trace_pvh_linux.bin"
"$XABI" collect "$work/trace_pvh_linux.bin" --xen-version 4.17 --db "$db" \
    --no-progress > /dev/null
s=$data/snapshots
"$XABI" collect --snapshot "$s/getctx_domU_initial.txt" --phase initial \
    --user-mode no --xen-version 4.17 --db "$db" > /dev/null
"$XABI" collect --snapshot "$s/getctx_dom0_vcpu1.txt" --phase running \
    --user-mode yes --xen-version 4.17 --db "$db" > /dev/null
"$XABI" collect --snapshot "$s/pvh_pvhinfo_initial.txt" --phase initial \
    --guest-type PVH --xen-version 4.17 --db "$db" > /dev/null
"$XABI" collect --snapshot "$s/pvh_hvmctx_initial.txt" --phase initial \
    --guest-type PVH --xen-version 4.17 --db "$db" > /dev/null
for run in 1 2 3 4 5; do
    "$XABI" check --run "$run" --db "$db" --fail-on never > /dev/null
done

# claim run verdict, one a line, from what `xabi claims --json` lists.
"$XABI" claims --db "$db" --json > "$work/claims.json"
python3 - "$work/claims.json" > "$work/got.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for c in d["claims"]:
    for v in sorted(c["verdicts"], key=lambda v: v["run"]):
        print(c["nr"], v["run"], v["claim"])
PY
if diff -u "$data/golden/claims-real.txt" "$work/got.txt"; then
    ok "xabi claims: every claim's verdict per run as expected"
else
    bad "xabi claims: verdicts differ from tests/data/golden/claims-real.txt"
fi
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["claims"]))' \
    "$work/claims.json")
if [ "$n" -ge 17 ]; then
    ok "$n claims"
else
    bad "only $n claims in the register"
fi

# The text form says where each claim is written and the evidence.
"$XABI" claims --db "$db" > "$work/claims.txt"
if grep -q 'DOC-001 refuted: claim 1 refuted: snapshot 1 (d1v0) starts with ss = 0xe02b' \
        "$work/claims.txt"; then
    ok "the wiki's SS refuted by the guest's own SS"
else
    bad "claim 1's refutation does not name the observed SS"
fi

# The page shows each claim once with the verdicts of the runs.
"$XABI" render --format wiki --page claims --db "$db" > "$work/claims.wiki"
for want in \
    "Refuted:''' wiki.xenproject.org: X86_Paravirtualised_Memory_Management: \"a 64-bit PV kernel starts with SS = 0xe033\": refuted (run 2)" \
    "refuted (run 2): claim 2 refuted: snapshot 1 (d1v0) holds FLAT_RING3_CS64 = 0xe033 in cs: GDT index 7174 (the selector >> 3), not 262" \
    "verified (run 4): claim 10 verified: snapshot 3 (d1v0) starts with cr0 = 0x11" \
    "refuted (run 5): claim 17 refuted: snapshot 4 (pvh_hvmctx_initial.txt)" \
    "verified (run 5): claim 31 verified: snapshot 4 (d1v0) starts with MTRRdefType 0x806: MTRRs enabled, fixed ranges disabled, default type WB (6)"; do
    if grep -qF "$want" "$work/claims.wiki"; then
        ok "page: $want"
    else
        bad "page lacks: $want"
    fi
done
"$XABI" render --format wiki --page pv-start-of-day --db "$db" \
    > "$work/sod.wiki"
if grep -qF "Xen 4.17, PV64''': a guest starts with CS 0xe033, SS 0xe02b, DS, ES, FS and GS 0x0 (the null selector)" \
        "$work/sod.wiki"; then
    ok "pv-start-of-day opens with what a PV64 guest starts with"
else
    bad "pv-start-of-day has no summary of the start of day"
fi

if [ "$fails" -ne 0 ]; then
    echo "claims: $fails failure(s)" >&2
    exit 1
fi
echo "claims: the register's verdicts on the real data as expected"
