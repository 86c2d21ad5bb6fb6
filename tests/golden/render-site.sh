#!/bin/sh
# Golden test: the committed site/ is what `make site` makes now from the
# bundled traces.  When the code, the templates or the data change, run
# `make site` and commit site/.
set -eu
XABI=${XABI:-build/xabi}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
if ! git log -1 --format=%ct -- tests/data >/dev/null 2>&1; then
    echo "render-site: skipped (not a git checkout: site.sh dates the" \
        "traces by their commit)"
    exit 77
fi
sh scripts/site.sh "$XABI" "$work/site" > /dev/null
if ! diff -r site "$work/site" > "$work/diff"; then
    head -40 "$work/diff"
    echo "site/ is stale: run \`make site\` and commit site/"
    exit 1
fi
echo "site/ is up to date ($(find site -type f | wc -l) files)"
