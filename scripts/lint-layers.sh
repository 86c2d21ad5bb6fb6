#!/bin/sh
# Lint: the layering of xabi's stages, from their #include lines.
#
#   usage: scripts/lint-layers.sh [ROOT]     (default: this tree)
#
# Data flows one way (README.md, Layout): each stage may include its own
# headers and those of the stages below it, never above, and no stage
# includes cli/.  Each outside library has one door.  Checked, for every
# .c, .cc and .h file of collector/ store/ abi/ analyzer/ generator/ cli/
# under ROOT, on each `#include` and `__has_include` line:
#
#   abi/        includes only abi/ (pure logic: no store, no stage)
#   store/      store/ and abi/
#   collector/  collector/, store/ and abi/
#   analyzer/   analyzer/, store/ and abi/
#   generator/  generator/, store/ and abi/ (pages read the store, never
#               the analyzer's or the collector's code)
#   cli/        anything
#   <sqlite3.h> only in store/; <xenctrl.h> and Xen's other library
#   headers only in collector/live-*; <capstone/...> only in
#   collector/hcpage.c; <ctemplate/...> only in generator/*.cc.
#
# Prints one line per violation, FILE:LINE: what and why; exits 1 if
# there is any, 0 if none, 2 on a usage error.
set -u
root=${1:-.}
if [ ! -d "$root" ]; then
    echo "lint-layers: $root: not a directory" >&2
    exit 2
fi
cd "$root" || exit 2
files=$(find collector store abi analyzer generator cli \
             \( -name '*.c' -o -name '*.cc' -o -name '*.h' \) \
             -type f 2>/dev/null | LC_ALL=C sort)
bad=0
for f in $files; do
    stage=${f%%/*}
    # FILE:LINE:TARGET for every include, quoted or angled.
    out=$(awk -v stage="$stage" -v file="$f" '
        function allowed(dir) {
            if ( stage == "cli" ) return 1
            if ( dir == stage || dir == "abi" ) return 1
            if ( dir == "store" && stage != "abi" ) return 1
            return 0
        }
        function why(dir) {
            if ( dir == "cli" )
                return "no stage includes cli/"
            if ( stage == "abi" )
                return "abi/ includes only abi/"
            if ( stage == "generator" )
                return "the generator includes only store/ and abi/"
            return stage "/ includes only its own, store/ and abi/ headers"
        }
        {
            line = $0
            if ( line !~ /^[ \t]*#[ \t]*(include|if.*__has_include)/ &&
                 line !~ /__has_include/ )
                next
            while ( match(line, /(include|__has_include[ \t]*\()[ \t]*["<][^">]+[">]/) )
            {
                t = substr(line, RSTART, RLENGTH)
                line = substr(line, RSTART + RLENGTH)
                sub(/^(include|__has_include[ \t]*\()[ \t]*/, "", t)
                quote = substr(t, 1, 1)
                target = substr(t, 2, length(t) - 2)
                if ( quote == "\"" && target ~ /\// )
                {
                    dir = target
                    sub(/\/.*/, "", dir)
                    if ( dir ~ /^(collector|store|abi|analyzer|generator|cli)$/ &&
                         !allowed(dir) )
                        printf "%s:%d: includes %s: %s\n", file, NR,
                               target, why(dir)
                }
                if ( target == "sqlite3.h" && stage != "store" )
                    printf "%s:%d: includes <sqlite3.h>: only store/ " \
                           "speaks SQL\n", file, NR
                if ( (target ~ /^xen(ctrl|store|foreignmemory|guest|toollog|call|evtchn|gnttab|devicemodel)\.h$/ ||
                      target ~ /^xen\//) &&
                     file !~ /^collector\/live-/ )
                    printf "%s:%d: includes <%s>: only the live collector " \
                           "(collector/live-*) talks to Xen\n", file, NR,
                           target
                if ( target ~ /^capstone\// && file != "collector/hcpage.c" )
                    printf "%s:%d: includes <%s>: only collector/hcpage.c " \
                           "disassembles\n", file, NR, target
                if ( target ~ /^ctemplate\// && file !~ /^generator\/.*\.cc$/ )
                    printf "%s:%d: includes <%s>: only the template " \
                           "adapter (generator/*.cc) is C++\n", file, NR,
                           target
            }
        }' "$f")
    if [ -n "$out" ]; then
        echo "$out"
        bad=1
    fi
done
if [ "$bad" != 0 ]; then
    echo "lint-layers: the include lines above break the layering" >&2
    exit 1
fi
exit 0
