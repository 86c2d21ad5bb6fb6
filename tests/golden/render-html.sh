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
