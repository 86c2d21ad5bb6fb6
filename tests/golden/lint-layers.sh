#!/bin/sh
# Golden test of scripts/lint-layers.sh, the include-layering lint that
# `make check` runs: this tree passes, and a small tree with exactly one
# forbidden include fails, naming the file, for each rule the lint keeps
# (generator -> analyzer or collector, any stage -> cli, sqlite3.h
# outside store/, abi/ -> store/, the library doors).
#
#   usage: tests/golden/lint-layers.sh   (tests/run.sh does)
set -u
here=$(cd "$(dirname "$0")" && pwd)
lint=$here/../../scripts/lint-layers.sh
work=$(mktemp -d "${TMPDIR:-/tmp}/xabi-lint.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# The real tree: every include respects the layers.
if ! sh "$lint" "$here/../.." > "$work/real.out" 2>&1; then
    fail "this tree breaks the layering: $(cat "$work/real.out")"
fi

# A tree that respects the layers, to break one include at a time.
clean() {
    rm -rf "$work/t"
    for d in abi store collector analyzer generator cli; do
        mkdir -p "$work/t/$d"
    done
    printf '#include "abi/abi.h"\n#include <stdio.h>\n' > "$work/t/abi/a.c"
    printf '#include "store/store.h"\n#include <sqlite3.h>\n' \
        > "$work/t/store/s.c"
    printf '#include "collector/collector.h"\n#include "store/store.h"\n' \
        > "$work/t/collector/c.c"
    printf '#include "analyzer/analyzer.h"\n#include "abi/abi.h"\n' \
        > "$work/t/analyzer/r.c"
    printf '#include "generator/generator-int.h"\n#include "abi/abi.h"\n' \
        > "$work/t/generator/g.c"
    printf '#include "analyzer/analyzer.h"\n#include "collector/live.h"\n' \
        > "$work/t/cli/main.c"
    printf '#include <xenctrl.h>\n' > "$work/t/collector/live-xen.c"
    printf '#include <capstone/capstone.h>\n' > "$work/t/collector/hcpage.c"
    printf '#include <ctemplate/template.h>\n' > "$work/t/generator/t.cc"
}

clean
if ! sh "$lint" "$work/t" > "$work/clean.out" 2>&1; then
    fail "the clean tree fails: $(cat "$work/clean.out")"
fi

# violation FILE LINE WHAT: the tree with LINE appended to FILE must fail,
# and the message must name FILE and WHAT.
violation() {
    clean
    printf '%s\n' "$2" >> "$work/t/$1"
    if sh "$lint" "$work/t" > "$work/out" 2>&1; then
        fail "$1: '$2' passed the lint"
    elif ! grep -q "^$1:3: .*$3" "$work/out"; then
        fail "$1: '$2': the message does not say '$3': $(cat "$work/out")"
    fi
}

violation generator/g.c '#include "analyzer/analyzer.h"' \
    'the generator includes only store/ and abi/'
violation generator/g.c '#include "collector/hcpage.h"' \
    'the generator includes only store/ and abi/'
violation generator/g.c '#if __has_include("analyzer/analyzer.h")' \
    'the generator includes only store/ and abi/'
violation collector/c.c '#include "cli/cli.h"' 'no stage includes cli/'
violation store/s.c '#include "cli/table.h"' 'no stage includes cli/'
violation abi/a.c '#include "cli/cli.h"' 'no stage includes cli/'
violation analyzer/r.c '#  include "cli/cli.h"' 'no stage includes cli/'
violation generator/g.c '#include "cli/cli.h"' 'no stage includes cli/'
violation analyzer/r.c '#include "generator/generator.h"' \
    'analyzer/ includes only its own'
violation abi/a.c '#include "store/store.h"' 'abi/ includes only abi/'
violation analyzer/r.c '#include <sqlite3.h>' 'only store/ speaks SQL'
violation cli/main.c '#include <sqlite3.h>' 'only store/ speaks SQL'
violation generator/g.c '#include <sqlite3.h>' 'only store/ speaks SQL'
violation collector/c.c '#include <xenctrl.h>' 'only the live collector'
violation analyzer/r.c '#include <capstone/capstone.h>' \
    'only collector/hcpage.c'
violation generator/g.c '#include <ctemplate/template.h>' \
    'only the template adapter'

# A usage error is not a pass.
sh "$lint" "$work/no-such-dir" > /dev/null 2>&1
rc=$?
[ "$rc" = 2 ] || fail "a missing directory exits $rc, not 2"

if [ "$failures" != 0 ]; then
    echo "lint-layers: $failures failure(s)" >&2
    exit 1
fi
echo "lint-layers: this tree passes; each of 16 forbidden includes fails"
