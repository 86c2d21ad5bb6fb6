#!/bin/sh
# Golden test: the Makefile builds with the builder's flags, as a Debian
# package's build does (dpkg-buildflags exports CFLAGS, CXXFLAGS, CPPFLAGS
# and LDFLAGS).  `make -n -B install` with marker flags in the environment
# (nothing is built): every C compile carries CPPFLAGS and CFLAGS, the
# C++ one CPPFLAGS and CXXFLAGS (CFLAGS when CXXFLAGS is unset), and every
# link LDFLAGS; a unit test's build too.  .ci/run builds the tree with
# dpkg-buildflags' hardening flags and -Werror, with gcc and with clang.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/tests/golden/lib/tally.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unit=$(cd "$top" && ls tests/unit/test-*.c | head -n 1 | sed 's|tests/unit/||; s|\.c$||')

# A make that runs this test (make test, make san) passes its own
# command-line variables down in MAKEFLAGS, where they would override the
# environment's flags this test sets: the inner make starts clean.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES

# dry CXXFLAGS-or-empty: the commands make would run.
dry()
{
    if [ -n "$1" ]; then
        CXXFLAGS=$1 CFLAGS=-DT_CFLAGS CPPFLAGS=-DT_CPPFLAGS \
            LDFLAGS=-Wl,-z,t-ldflags make -s -n -B -C "$top" \
            BUILD="$work/b" DESTDIR="$work/d" install "$work/b/tests/$unit"
    else
        env -u CXXFLAGS CFLAGS=-DT_CFLAGS CPPFLAGS=-DT_CPPFLAGS \
            LDFLAGS=-Wl,-z,t-ldflags make -s -n -B -C "$top" \
            BUILD="$work/b" DESTDIR="$work/d" install "$work/b/tests/$unit"
    fi
}

# each NAME PATTERN FLAG...: every line of $work/cmds matching PATTERN
# (at least one) has every FLAG.
each()
{
    name=$1 pat=$2
    shift 2
    grep -E -- "$pat" "$work/cmds" > "$work/sel" || true
    n=$(wc -l < "$work/sel")
    if [ "$n" = 0 ]; then
        bad "$name: no command matches $pat"
        return
    fi
    for f in "$@"; do
        miss=$(grep -Ecv -- " $f( |$)" "$work/sel" || true)
        if [ "$miss" != 0 ]; then
            bad "$name: $miss of $n lack $f, e.g.: $(grep -Ev -- " $f( |$)" "$work/sel" | head -n 1)"
            return
        fi
    done
    ok "$name: all $n carry $*"
}

dry -DT_CXXFLAGS > "$work/cmds"
each "C compiles" ' -c [^ ]*\.c ' -DT_CPPFLAGS -DT_CFLAGS
each "C++ compiles" ' -c [^ ]*\.cc ' -DT_CPPFLAGS -DT_CXXFLAGS
each "the link of xabi" "-o $work/b/xabi " -Wl,-z,t-ldflags -DT_CFLAGS
each "the build of tests/$unit" "-o $work/b/tests/$unit " -Wl,-z,t-ldflags \
    -DT_CPPFLAGS -DT_CFLAGS
dry "" > "$work/cmds"
each "C++ compiles without CXXFLAGS" ' -c [^ ]*\.cc ' -DT_CPPFLAGS -DT_CFLAGS

tally "all passed"
