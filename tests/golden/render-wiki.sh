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
