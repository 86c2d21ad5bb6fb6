#!/bin/sh
# Golden test: the ABI page's "Observed across Xen releases" section, on
# real traces of two releases in one database:
#
#   run 1  trace_domU         Xen 4.17, dom0 and a PV domU
#   run 2  trace_pvh_linux    Xen 4.17, dom0 and a PVH domU, AMD
#   run 3  trace_pvh_420_amd  Xen 4.20, dom0 and a PVH domU, AMD
#
# Each cell's calls and guests must equal what `xabi stats --json` counts
# for the runs of that release (another reader of the same store), each
# hypercall shows once, and the 4.20-against-4.17 table lists exactly the
# calls one release's runs made and the other's did not.
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
for r in 1 2 3; do
    "$XABI" stats --run "$r" --json --db "$db" > "$work/stats$r.json"
done
"$XABI" render --db "$db" --out "$work/site" --format wiki > /dev/null
page=$work/site/wiki/abi-versions.wiki
has "$page" "== Observed across Xen releases =="
has "$page" "| 2: runs 1, 2"
has "$page" "| 1: run 3"
has "$page" "== Xen 4.20 against 4.17, observed =="

# The wiki tables, cell by cell, against stats' counts.
if ! python3 - "$page" "$work" > "$work/cmp.out" 2>&1 <<'PY'
import json, re, sys
page, work = sys.argv[1], sys.argv[2]
runs = {"4.17": [1, 2], "4.20": [3]}
want = {}  # (version, nr) -> [calls, set of (run, domid)]
for ver, ids in runs.items():
    for r in ids:
        o = json.load(open("%s/stats%d.json" % (work, r)))
        for v in o["vcpus"]:
            for h in v.get("hypercalls", []):
                n = h["calls"] + h["subcalls"] + h["hvm_calls"]
                if not n:
                    continue
                w = want.setdefault((ver, h["nr"]), [0, set()])
                w[0] += n
                if 0 <= h["domid"] != 32767:
                    w[1].add((r, h["domid"]))

def tables(text):
    """Each wikitable: (caption, header cells, rows of cells)."""
    out = []
    for t in re.findall(r"\{\|.*?\n\|\}", text, re.S):
        cap = re.search(r"^\|\+ (.*)$", t, re.M).group(1)
        heads = re.findall(r"^! (.*)$", t, re.M)
        rows = [re.findall(r"^\| (.*)$", chunk, re.M)
                for chunk in t.split("\n|-\n")[1:]]
        out.append((cap, heads, [r for r in rows if r]))
    return out

def cell(ver, nr):
    w = want.get((ver, nr))
    if not w:
        return None
    g = len(w[1])
    who = "%d guest%s" % (g, "" if g == 1 else "s") if g else "no known domain"
    return "%d call%s, %s" % (w[0], "" if w[0] == 1 else "s", who)

bad = 0
text = open(page).read()
ts = {cap: (heads, rows) for cap, heads, rows in tables(text)}
heads, rows = ts["Hypercalls observed, per Xen release"]
assert heads == ["hypercall", "Xen 4.17", "Xen 4.20", "headers"], heads
seen = set()
for row in rows:
    nr = int(re.search(r"\((\d+)\)$", row[0]).group(1))
    if nr in seen:
        print("twice:", row); bad += 1
    seen.add(nr)
    for ver, got in zip(("4.17", "4.20"), row[1:3]):
        c = cell(ver, nr)
        if (c is None and not got.startswith("not seen")) or \
           (c is not None and not got.startswith(c)):
            print("%s, Xen %s: page says %r, stats %r" % (row[0], ver, got, c))
            bad += 1
expect = {nr for _, nr in want}
if seen != expect:
    print("rows", sorted(seen), "stats", sorted(expect)); bad += 1
heads, rows = ts["Xen 4.20 against 4.17, observed"]
pair = {int(re.search(r"\((\d+)\)$", r[0]).group(1)) for r in rows}
differ = {nr for nr in expect
          if (("4.17", nr) in want) != (("4.20", nr) in want)}
if pair != differ:
    print("pair table", sorted(pair), "should be", sorted(differ)); bad += 1
print("%d hypercalls, %d differing, %d mismatches" % (len(seen), len(pair), bad))
sys.exit(1 if bad else 0)
PY
then
    bad "the observed tables do not match stats: $(cat "$work/cmp.out")"
else
    ok "$(tail -n 1 "$work/cmp.out")"
fi
tally "abi-observed: the page's observed cells equal stats' counts"
