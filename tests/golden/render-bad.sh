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

# The template module (generator/template-module.h): the binary alone, with
# no module beside it; a file there that is not a shared library; a shared
# library that is not xabi's; a module from another build, whose entry
# point refuses this binary's interface version.  Each: exit 1, no site.
mkdir "$work/bin"
cp "$XABI" "$work/bin/xabi"
lone() { XABI="$work/bin/xabi" expect "$@"; }
lone 1 "no template module: neither ../lib/xabi/xabi-ctemplate.so nor" -- \
    render --out "$work/s3" --db "$db" --templates "$here/../../templates"
echo 'not a library' > "$work/bin/xabi-ctemplate.so"
lone 1 "template module $work/bin/xabi-ctemplate.so: .*" -- \
    render --out "$work/s3" --db "$db" --templates "$here/../../templates"
cc=${CC:-cc}
printf 'int xabi_not_it(void);\nint xabi_not_it(void) { return 0; }\n' \
    > "$work/other.c"
printf 'const void *xabi_tpl_module(const void *host);\n%s\n' \
    'const void *xabi_tpl_module(const void *host) { (void)host; return 0; }' \
    > "$work/old.c"
if "$cc" -shared -fPIC -o "$work/other.so" "$work/other.c" 2> /dev/null &&
    "$cc" -shared -fPIC -o "$work/old.so" "$work/old.c" 2> /dev/null; then
    cp "$work/other.so" "$work/bin/xabi-ctemplate.so"
    lone 1 "xabi-ctemplate.so: no xabi_tpl_module: not xabi's" -- \
        render --out "$work/s3" --db "$db" --templates "$here/../../templates"
    cp "$work/old.so" "$work/bin/xabi-ctemplate.so"
    lone 1 "xabi-ctemplate.so: it refused this xabi (interface version" -- \
        render --out "$work/s3" --db "$db" --templates "$here/../../templates"
else
    echo "FAIL: $cc cannot build a shared library to stand for a module"
    exit 1
fi
test ! -e "$work/s3"

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
