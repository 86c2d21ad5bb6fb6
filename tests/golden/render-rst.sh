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

# Pages to paste into Xen's docs: an SPDX line first, as theirs have, and
# tables the browser lays out by their content (:widths: auto), with the
# default theme above and with Read the Docs' theme when it is installed.
for f in "$site"/rst/*.rst; do
    [ "$(head -n 1 "$f")" = ".. SPDX-License-Identifier: CC-BY-4.0" ] ||
        fail "$f: no SPDX line first"
done
n=$(grep -c 'list-table::' "$site/rst/audit.rst")
w=$(grep -c ':widths: auto' "$site/rst/audit.rst")
if [ "$n" -eq 0 ] || [ "$n" -ne "$w" ]; then
    fail "audit.rst: $w of $n tables with :widths: auto"
fi
# The Python sphinx-build runs (Debian's), not the first python3 on PATH.
py=$(sed -n '1s/^#! *//p' "$(command -v sphinx-build)")
if $py -c 'import sphinx_rtd_theme' 2> /dev/null; then
    sphinx-build -q -W -b html -D html_theme=sphinx_rtd_theme "$site/rst" \
        "$work/sphinx-rtd" 2>&1
    grep -q 'sphinx_rtd_theme\|wy-nav' "$work/sphinx-rtd/audit.html" ||
        fail "sphinx_rtd_theme: audit.html is not in that theme"
    # Its cells stay on one line unless xabi.css says they wrap.
    grep -q '_static/xabi.css' "$work/sphinx-rtd/audit.html" ||
        fail "sphinx_rtd_theme: audit.html does not load xabi.css"
    grep -q 'white-space: normal' "$work/sphinx-rtd/_static/xabi.css" ||
        fail "sphinx_rtd_theme: xabi.css does not let cells wrap"
    echo "sphinx -W: built with sphinx_rtd_theme too"
else
    echo "sphinx -W: sphinx_rtd_theme not installed; built with alabaster only"
fi
