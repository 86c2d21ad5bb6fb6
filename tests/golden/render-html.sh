#!/bin/sh
# Golden test: the HTML site of a real trace is standalone (no script, no
# URL it would fetch), loads in headless Chromium with no console errors,
# and a screenshot of each page is produced (in BUILD/render-screenshots).
set -eu
. "$(dirname "$0")/lib/render.sh"
render_setup html
shots=$build/render-screenshots
mkdir -p "$shots"
for f in "$site"/html/*.html; do
    name=$(basename "$f" .html)
    # Standalone: no scripts, and nothing fetched from anywhere.
    if grep -n '<script\|src="http\|href="http\|src="//\|href="//\|@import\|url(' "$f"; then
        echo "$f: fetches or runs something"
        exit 1
    fi
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --disable-background-networking \
        --disable-component-update --disable-sync \
        --host-resolver-rules='MAP * ~NOTFOUND' \
        --user-data-dir="$work/chromium" --enable-logging=stderr --v=0 \
        --window-size=1280,1600 --screenshot="$shots/$name.png" \
        "file://$f" > "$work/chromium.log" 2>&1 || {
        echo "chromium failed on $f:"; cat "$work/chromium.log"; exit 1; }
    if grep -E 'CONSOLE|Uncaught' "$work/chromium.log"; then
        echo "$f: console errors"
        exit 1
    fi
    test -s "$shots/$name.png"
done
# The charts are there, drawn by xabi.
grep -q '<svg' "$site/html/hypercalls.html"
grep -q '<svg' "$site/html/pv-traps.html"
# The label is text.
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' "$site/html/index.html"
absent '<script>alert' "$site"/html/*.html
echo "chromium: $(ls "$site"/html/*.html | wc -l) pages loaded, no console" \
    "errors; screenshots in $shots"

# The audit page of the committed site (every bundled run, one with a
# FAIL): the summary per run comes before any run's table; FAIL and WARN
# rows carry their class, styled; NOT-OBSERVED rows only inside <details>;
# the index says per run what FAIL and WARN its audit holds.
a=$here/../../site/html/audit.html
first=$(grep -n '<table>' "$a" | head -n 1 | cut -d: -f1)
sed -n "$first,\$p" "$a" | sed -n 2p | grep -q 'Findings per run' ||
    fail "audit.html: the first table is not the summary per run"
grep -q '<tr class="verdict-fail"><td>FAIL' "$a" ||
    fail "audit.html: no FAIL row with class verdict-fail"
grep -q 'tr.verdict-fail td {.*font-weight: 700' "$a" ||
    fail "audit.html: FAIL rows are not styled"
n=$(awk '/<details>/ { d = 1 } /<\/details>/ { d = 0 }
    /<td>NOT-OBSERVED/ && !d { n++ } END { print n + 0 }' "$a")
[ "$n" -eq 0 ] || fail "audit.html: $n NOT-OBSERVED rows outside <details>"
grep -q '<details><summary>NOT-OBSERVED: [0-9]* findings' "$a" ||
    fail "audit.html: no NOT-OBSERVED <details>"
grep -q '<a href="audit.html">FAIL 1, WARN 0</a>' "$here/../../site/html/index.html" ||
    fail "index.html: no FAIL/WARN counts per run"
echo "audit: summary first, FAIL styled, NOT-OBSERVED folded; index counts"
