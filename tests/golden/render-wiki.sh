#!/bin/sh
# Golden test: the MediaWiki pages of a real trace parse with pandoc
# without errors, and a label full of markup comes out as text.
set -eu
. "$(dirname "$0")/lib/render.sh"
render_setup wiki
for f in "$site"/wiki/*.wiki; do
    pandoc -f mediawiki -t html "$f" -o "$work/page.html" 2> "$work/err"
    if [ -s "$work/err" ]; then
        echo "pandoc: $f:" && cat "$work/err"
        exit 1
    fi
    # Nothing a guest wrote becomes a tag, a link or a template.
    absent '<script>alert' "$work/page.html"
    absent '<img src' "$work/page.html"
    absent 'href="Main_Page"' "$work/page.html"
done
pandoc -f mediawiki -t plain "$site/wiki/index.wiki" -o "$work/index.txt"
grep -q "<script>alert(1)</script> <img src=x onerror=alert(2)> \[\[Main" \
    "$work/index.txt"
# Ordinary text is as it is: no numeric entity anywhere (markup goes in
# <nowiki>, a guest's < and & as &lt; and &amp;), in this site nor in the
# committed site of all the bundled traces.
for d in "$site/wiki" "$here/../../site/wiki"; do
    n=$(cat "$d"/*.wiki | grep -o '&#[0-9]*;' | wc -l)
    if [ "$n" -ne 0 ]; then
        echo "$d: $n numeric entities, e.g.:"
        grep -o '.\{20\}&#[0-9]*;.\{10\}' "$d"/*.wiki | head -3
        exit 1
    fi
done
grep -q 'DOM-001: No domain crashed' "$here/../../site/wiki/index.wiki"
echo "pandoc: $(ls "$site"/wiki/*.wiki | wc -l) pages parsed; the label is text"

. "$(dirname "$0")/lib/db.sh"
empty_db "$work/empty.db"
"$XABI" render --format wiki --out "$work/empty" --db "$work/empty.db"
pandoc -f mediawiki -t plain "$work/empty/wiki/index.wiki" -o /dev/null
grep -q 'holds no runs' "$work/empty/wiki/index.wiki"

# --page: one page to standard output, the same bytes as in the site; an
# unknown name is a usage error (2) that lists the names; one format only.
for p in index hypercalls audit; do
    "$XABI" render --format wiki --page "$p" --db "$db" > "$work/page.out"
    cmp "$work/page.out" "$site/wiki/$p.wiki" ||
        fail "--page $p is not the site's $p.wiki"
done
"$XABI" render --format html --page pv-traps --db "$db" > "$work/page.out"
"$XABI" render --format html --out "$work/h" --db "$db" > /dev/null
cmp "$work/page.out" "$work/h/html/pv-traps.html" ||
    fail "--format html --page pv-traps is not the site's pv-traps.html"
rc=0
"$XABI" render --format wiki --page nope --db "$db" > "$work/page.out" \
    2> "$work/err" || rc=$?
[ "$rc" -eq 2 ] || fail "--page nope: exit $rc, not 2"
[ ! -s "$work/page.out" ] || fail "--page nope wrote to standard output"
grep -q "no page 'nope'.* hypercalls .*audit" "$work/err" ||
    fail "--page nope does not list the pages: $(cat "$work/err")"
rc=0
"$XABI" render --page index --db "$db" > /dev/null 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "--page without one --format: exit $rc, not 2"
echo "--page: index, hypercalls, audit, pv-traps as in the site; unknown is 2"

# A run of two vCPU dumps names both files and does not pass the hash of
# them joined off as either file's: per-file hashes are NOT-OBSERVED.
d=$here/../data/snapshots
"$XABI" collect --snapshot "$d/getctx_domU_initial.txt" \
    --snapshot "$d/getctx_dom0_vcpu1.txt" --xen-version 4.17 \
    --db "$work/two.db" --no-progress > /dev/null
"$XABI" render --format wiki --page index --db "$work/two.db" > "$work/two.wiki"
grep -q 'snapshot 2 files: .*getctx_domU_initial.txt, .*getctx_dom0_vcpu1.txt' \
    "$work/two.wiki" || fail "index: the two dumps are not both named"
grep -q 'getctx_domU_initial.txt: 03126c97c04fd408 fd15eec814e56a55 4d07e5f669952a33 19e239e564f610c2; getctx_dom0_vcpu1.txt: 841cce3a8707b9a9 ' \
    "$work/two.wiki" || fail "index: the dumps' own SHA-256 are not shown"
grep -q 'of the files joined in the order given to collect: 899d0c19729c186d' \
    "$work/two.wiki" || fail "index: the joined hash is not marked as such"
"$XABI" render --format wiki --page pv-start-of-day --db "$work/two.db" \
    > "$work/two.wiki"
grep -q 'getctx_dom0_vcpu1.txt: 841cce3a8707b9a9 2e933fcccf2071ee a74d99a6b8d2757a 367615c0d10a5fe1; of the 2 files joined: 899d0c19729c186d' "$work/two.wiki" ||
    fail "pv-start-of-day: the joined hash is not marked as such"
echo "two dumps: both named, each with its own SHA-256"
