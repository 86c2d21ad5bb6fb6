#!/bin/sh
# Golden test: render's bad input.  A missing or broken template, an
# output that cannot be written, an output that is not an xabi site, and a
# database that does not exist each get a clear message, exit 1, and leave
# no half-written site (and an old one as it was).  An empty database
# renders pages that say so.
set -eu
XABI=${XABI:-build/xabi}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/db.sh"
work=$(mktemp -d)
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT INT TERM

expect() { # status message-part -- args
    want=$1 msg=$2
    shift 3
    set +e
    "$XABI" "$@" > "$work/out" 2> "$work/err"
    rc=$?
    set -e
    if [ "$rc" != "$want" ] || ! grep -q -- "$msg" "$work/err"; then
        echo "xabi $*: exit $rc (want $want), stderr:"; cat "$work/err"
        echo "(wanted: $msg)"
        exit 1
    fi
    echo "ok: exit $rc: $(head -1 "$work/err")"
}

db=$work/empty.db
empty_db "$db"
# An empty database: every page says so.
"$XABI" render --out "$work/site" --db "$db"
grep -q 'holds no runs' "$work/site/html/index.html"
grep -q 'holds no runs' "$work/site/html/hypercalls.html"
grep -q 'no runs' "$work/site/html/audit.html"
test -f "$work/site/.xabi-site"

# A database that does not exist (a typo): an error, no database made,
# and the site there before stays as it was.
cp -r "$work/site" "$work/site.before"
expect 1 "typo.db: no such database" -- render --out "$work/site" \
    --db "$work/typo.db"
test ! -e "$work/typo.db"
diff -r "$work/site.before" "$work/site" > /dev/null
rm -rf "$work/site.before"

# Templates: a missing directory, a missing page, a broken page.
cp -r "$here/../../templates" "$work/tpl"
expect 1 "templates: .*/nope/html: missing" -- render --out "$work/s2" \
    --db "$db" --templates "$work/nope"
rm "$work/tpl/rst/audit.tpl"
expect 1 "template .*rst/audit.tpl: missing" -- render --out "$work/s2" \
    --db "$db" --templates "$work/tpl"
cp "$here/../../templates/rst/audit.tpl" "$work/tpl/rst/"
printf '{{#OPEN}}\n' >> "$work/tpl/html/hypercalls.tpl"
expect 1 "template .*html/hypercalls.tpl: broken" -- render --out "$work/s2" \
    --db "$db" --templates "$work/tpl"
test ! -e "$work/s2"
ls "$work" | grep -q '\.tmp-' && { echo "a temporary site was left"; exit 1; }

# The old site survives a failed render whole.
cp "$work/site/html/index.html" "$work/index.before"
expect 1 "broken" -- render --out "$work/site" --db "$db" \
    --templates "$work/tpl"
cmp "$work/site/html/index.html" "$work/index.before"

# Outputs that cannot be written, or are someone else's.
mkdir "$work/ro"
chmod a-w "$work/ro"
if [ "$(id -u)" != 0 ]; then
    expect 1 "cannot write a site there" -- render --out "$work/ro/site" \
        --db "$db"
fi
expect 1 "cannot write a site there" -- render --out "$work/no/such/dir" \
    --db "$db"
mkdir "$work/mine" && echo precious > "$work/mine/notes.txt"
expect 1 "is not a site xabi wrote" -- render --out "$work/mine" --db "$db"
test -f "$work/mine/notes.txt"
echo x > "$work/file"
expect 1 "is not a site xabi wrote" -- render --out "$work/file" --db "$db"

# Wrong arguments.
expect 2 "--out DIR is needed" -- render --db "$db"
expect 2 "expected wiki, rst, html or all" -- render --format pdf \
    --out "$work/s3" --db "$db"

# A site xabi wrote is replaced whole.
"$XABI" render --format wiki --out "$work/site" --db "$db"
test -f "$work/site/wiki/index.wiki"
test ! -e "$work/site/html"
echo "render: bad input handled"
