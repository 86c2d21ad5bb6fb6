#!/bin/sh
# Golden test: every value a template prints goes through a modifier that
# fits its format: :h in HTML, :x-rst in RST, :x-wiki in MediaWiki, or
# :none for what xabi itself made (page stems, SVG, RST underlines).  A
# variable with no modifier would print guest text raw; this test fails on
# one.  Also: every page template exists in all three formats.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tpl=$here/../../templates
bad=0
for f in "$tpl"/*/*.tpl; do
    fmt=$(basename "$(dirname "$f")")
    case $fmt in
    html) ok=':h|:none' ;;
    rst) ok=':x-rst|:none' ;;
    wiki) ok=':x-wiki|:none' ;;
    esac
    # {{NAME}} or {{NAME:mod}}; sections ({{#}}, {{/}}), includes ({{>}})
    # and comments ({{!}}) print nothing themselves.
    if grep -o '{{[A-Z_][A-Z0-9_]*[^}]*}}' "$f" | grep -Ev "^\{\{[A-Z0-9_]+($ok)\}\}$"; then
        echo "$f: a variable without the $fmt modifier (above)"
        bad=1
    fi
done
for f in "$tpl"/html/*.tpl; do
    name=$(basename "$f")
    [ "$name" = conf.py.tpl ] && continue
    for fmt in rst wiki; do
        [ -f "$tpl/$fmt/$name" ] || { echo "missing $fmt/$name"; bad=1; }
    done
done
[ "$bad" = 0 ]
echo "templates: every variable escaped for its format"
