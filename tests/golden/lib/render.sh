# Shared by the tests/golden/render-*.sh tests (sourced, not run): a
# database of the real domU trace, collected with a label full of markup
# in every format, and a site rendered from it.
#
#   render_setup FORMAT    sets $work, $db, $site; renders FORMAT
XABI=${XABI:-build/xabi}
here=$(cd "$(dirname "$0")" && pwd)
data=$here/../data
build=$(dirname "$XABI")
. "$here/lib/check.sh"

# A label a guest or a user could give: HTML, RST and MediaWiki markup.
HOSTILE='<script>alert(1)</script> <img src=x onerror=alert(2)> [[Main Page]] {{Tpl}} '"'''b'''"' *e* `i` |s| _t_ :role:`x` .. raw:: html ~~~~ __TOC__ & ='

render_setup()
{
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT INT TERM
    db=$work/xabi.db
    site=$work/site
    xz -dc "$data/trace_domU.bin.xz" > "$work/trace_domU.bin"
    "$XABI" collect "$work/trace_domU.bin" --xen-version 4.17 --db "$db" \
        --no-progress --label "$HOSTILE" > /dev/null
    "$XABI" render --format "$1" --out "$site" --db "$db"
}
