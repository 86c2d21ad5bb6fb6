#!/bin/sh
# Golden test: `collect --json`: vCPU dumps and hypercall pages print one JSON
# object naming the run, its kind, source and Xen version, the run it
# replaced, and what was read (the dumps; the stubs per class), or that
# the source was already collected.  Traces: cli-consistency.sh; kernel
# images: kernel-image.sh; --live's object: check-live (tests/live), here
# only that a machine without Xen gets exit 1 and no JSON at all.
set -eu
XABI=${XABI:-build/xabi}
here=$(cd "$(dirname "$0")" && pwd)
data=$here/../data
. "$here/lib/tally.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/x.db
d1=$data/snapshots/getctx_domU_initial.txt
d2=$data/snapshots/getctx_dom0_vcpu1.txt
page=$data/hcpage/pv64-xen-4.17.page

# check NAME PYTHON-EXPR: the JSON in $work/out satisfies EXPR over d.
check()
{
    if python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)' "$work/out" "$2" 2> "$work/err"; then
        ok "$1: $(cat "$work/out")"
    else
        bad "$1: $(cat "$work/out" "$work/err")"
    fi
}

"$XABI" collect --snapshot "$d1" --snapshot "$d2" --xen-version 4.17 \
    --db "$db" --json > "$work/out"
check "collect --snapshot --json" \
    "d == {'run': 1, 'kind': 'snapshot', 'source': '$d1', 'xen_version': '4.17', 'already': False, 'replaced': None, 'dumps': ['$d1', '$d2']}"
"$XABI" collect --snapshot "$d1" --snapshot "$d2" --xen-version 4.17 \
    --db "$db" --json > "$work/out"
check "collect --snapshot --json again" \
    "d['run'] == 1 and d['already'] is True and 'dumps' not in d"
"$XABI" collect --snapshot "$d1" --snapshot "$d2" --xen-version 4.16 \
    --replace --db "$db" --json > "$work/out"
check "collect --snapshot --replace --json" \
    "d['run'] == 2 and d['replaced'] == 1 and d['xen_version'] == '4.16'"

"$XABI" collect --hypercall-page "$page" --va 0xffffffff81001000 \
    --xen-version 4.17 --db "$db" --json > "$work/out"
stubs=$(sqlite3 "$db" "SELECT group_concat(class || '=' || n, ' ') FROM
    (SELECT class, count(*) AS n FROM hypercall_stub GROUP BY class ORDER BY class)")
check "collect --hypercall-page --json (stored: $stubs)" \
    "d['run'] == 3 and d['kind'] == 'hcpage' and d['va'] == '0xffffffff81001000' and d['guest_type'] == 'PV64' and ' '.join('%s=%d' % kv for kv in sorted(d['stubs'].items())) == '$stubs'"

xz -dc "$data/save/pvsave.img.xz" > "$work/pvsave.img"
"$XABI" collect --save "$work/pvsave.img" --db "$db" --json > "$work/out"
check "collect --save --json" \
    "d['run'] == 4 and d['kind'] == 'snapshot' and d['from'] == 'xl save' and d['xen_version'] == '4.17' and d['vcpus'] == 1 and d['bytes'] == $(wc -c < "$work/pvsave.img")"
"$XABI" collect --save "$work/pvsave.img" --db "$db" --json > "$work/out"
check "collect --save --json, again" "d['run'] == 4 and d['already'] is True"

set +e
"$XABI" collect --live --json > "$work/out" 2> "$work/err"
rc=$?
set -e
if [ "$rc" = 1 ] && [ ! -s "$work/out" ] && grep -q -- 'privcmd' "$work/err"; then
    ok "collect --live --json without Xen: exit 1, no JSON, $(head -n 1 "$work/err")"
else
    bad "collect --live --json without Xen: exit $rc: $(cat "$work/out" "$work/err")"
fi

tally "all passed"
