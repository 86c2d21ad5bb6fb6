#!/bin/sh
# make demo: collect a bundled real trace (a PV domU booting on Xen 4.17,
# recorded with xentrace) and the real vCPU state of that guest before its
# first instruction, show what they saw, check them against the ABI rules
# of Xen 4.17, and render the pages.
set -eu
XABI=${1:-build/xabi}
work=build/demo
mkdir -p "$work"
rm -f "$work/xabi.db"
xz -dc tests/data/trace_domU.bin.xz > "$work/trace_domU.bin"
echo "\$ xabi collect $work/trace_domU.bin --xen-version 4.17 --db $work/xabi.db"
"$XABI" collect "$work/trace_domU.bin" --xen-version 4.17 --db "$work/xabi.db"
echo
echo "\$ xabi stats --db $work/xabi.db"
"$XABI" stats --db "$work/xabi.db"
echo
echo "\$ xabi collect --snapshot tests/data/snapshots/getctx_domU_initial.txt" \
    "--xen-version 4.17 --db $work/xabi.db"
"$XABI" collect --snapshot tests/data/snapshots/getctx_domU_initial.txt \
    --xen-version 4.17 --db "$work/xabi.db"
echo
for run in 1 2; do
    echo "\$ xabi check --run $run --db $work/xabi.db"
    # Findings are the point of the demo, not a reason to stop it.
    "$XABI" check --run "$run" --fail-on never --db "$work/xabi.db"
    echo
done
echo "\$ xabi render --format all --out $work/site --db $work/xabi.db"
"$XABI" render --format all --out "$work/site" --db "$work/xabi.db"
echo
echo "The database is $work/xabi.db; try: sqlite3 $work/xabi.db '.tables'"
echo "The pages are in $work/site: open $(pwd)/$work/site/html/index.html"
echo "(Sphinx: sphinx-build $work/site/rst OUT; MediaWiki: $work/site/wiki)"
