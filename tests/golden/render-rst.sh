#!/bin/sh
# Golden test: the RST pages of a real trace build with Sphinx with -W
# (every warning an error), and a label full of markup comes out as text.
set -eu
. "$(dirname "$0")/lib/render.sh"
render_setup rst
sphinx-build -q -W -b html "$site/rst" "$work/sphinx" 2>&1
# The label is text in the built HTML: escaped, never markup.
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$work/sphinx/index.html"
absent '<script>alert' "$work/sphinx/index.html"
absent '<img src=x' "$work/sphinx/index.html"
echo "sphinx -W: $(ls "$site/rst" | grep -c '\.rst$') pages built"

# An empty database renders pages that say so, and still builds.
. "$(dirname "$0")/lib/db.sh"
empty_db "$work/empty.db"
"$XABI" render --format rst --out "$work/empty" --db "$work/empty.db"
grep -q 'holds no runs' "$work/empty/rst/index.rst"
sphinx-build -q -W -b html "$work/empty/rst" "$work/sphinx-empty" 2>&1
echo "sphinx -W: the empty database's pages built"
