#!/bin/sh
# abi-layouts.sh: every struct layout the catalogue holds for Xen 4.17 is
# what the compiler says of the 4.17 headers on this machine (libxen-dev's
# /usr/include/xen): a probe generated from the catalogue's rows asserts,
# at compile time, sizeof() of each layout and offsetof() and sizeof() of
# each member, compiled with cc -m64 and, where gcc-multilib is installed,
# -m32, for the newest interface version (__XEN_INTERFACE_VERSION__), as
# the catalogue is.  The catalogue's numbers come from DWARF
# (scripts/make-catalogue.sh); these come from the C compiler itself.
#
# A negative control follows: one row is changed in a copy of the
# database and the comparison must then fail, naming that row.
#
# More releases are compared the same way when their public headers are
# at hand: XABI_LAYOUT_HEADERS="4.20=DIR ..." names, per release, a
# directory holding xen/ (e.g. DIR/xen/xen.h), such as Debian 13's
# libxen-dev (4.20) in a trixie root: /ROOT/usr/include.  Only the xen/
# headers are taken from DIR (copied aside), the C library stays the
# host's.
#
#   usage: XABI=build/xabi tests/golden/abi-layouts.sh   (tests/run.sh does)
#          XABI_LAYOUT_HEADERS="4.20=/srv/trixie/usr/include" ...
set -u
XABI=${XABI:-build/xabi}
xabi=$(cd "$(dirname "$XABI")" && pwd)/$(basename "$XABI")
cc=${CC:-cc}
work=$(mktemp -d "${TMPDIR:-/tmp}/xabi-abi-layouts.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work" || exit 1
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

if [ ! -r /usr/include/xen/xen.h ]; then
    echo "skipped: /usr/include/xen is missing (apt-get install libxen-dev)"
    exit 77
fi
"$xabi" abi import /usr/include/xen --version 4.17-debian --db cat.db \
    >/dev/null || { echo "FAIL: could not create cat.db" >&2; exit 1; }

# The probe for width $2 and release $3 (default 4.17) from the rows of
# database $1: one static
# assertion per number, so the probe need not run (a 32-bit binary may
# not run here), and a wrong number fails the compile, naming its row.
probe_c() {
    cat <<'EOF'
#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/grant_table.h>
#include <xen/vcpu.h>
#include <xen/callback.h>
#include <xen/sched.h>
#include <xen/pmu.h>
#include <xen/arch-x86/hvm/start_info.h>
EOF
    sqlite3 -batch -noheader "$1" <<SQL
SELECT '_Static_assert(sizeof(' || kind || ' ' || name || ') == ' || size
    || ', "' || width || ' ' || name || ': size ' || size || '");'
  FROM abi_layout WHERE version = '${3:-4.17}' AND width = '$2' ORDER BY name;
SELECT '_Static_assert(offsetof(' || l.kind || ' ' || l.name || ', '
    || m.name || ') == ' || m.offset || ', "' || m.width || ' ' || l.name
    || '.' || m.name || ': offset ' || m.offset || '");' || char(10)
    || '_Static_assert('
    || CASE WHEN m.type LIKE '%[]' THEN '0 /* flexible array */'
       ELSE 'sizeof(((' || l.kind || ' ' || l.name || ' *)0)->' || m.name
            || ')' END
    || ' == ' || m.size || ', "' || m.width || ' ' || l.name || '.'
    || m.name || ': size ' || m.size || '");'
  FROM abi_layout_member m JOIN abi_layout l ON l.version = m.version
   AND l.width = m.width AND l.name = m.layout
 WHERE m.version = '${3:-4.17}' AND m.width = '$2' AND m.bit_size IS NULL
 ORDER BY m.layout, m.idx;
SQL
}

# Compare database $1 with the compiler for width $2 (32 or 64), release
# $3 (default 4.17) with the xen/ headers under $4 (default the system's);
# 0 if equal.
compare() {
    probe_c "$1" "x86_$2" "${3:-4.17}" > probe$2.c
    n=$(grep -c '^_Static_assert' probe$2.c)
    # The interface version the catalogue assumes: the newest.
    if ! "$cc" -m$2 -std=gnu11 -fsyntax-only ${4:+-I "$4"} \
        -D__XEN_INTERFACE_VERSION__=__XEN_LATEST_INTERFACE_VERSION__ \
        probe$2.c 2> cc$2.err; then
        grep -m 3 'error' cc$2.err
        return 1
    fi
    echo "x86_$2: $n sizes and offsets of ${3:-4.17} equal to the compiler's"
    return 0
}

widths=64
printf '#include <stdint.h>\n' > m32.c
if "$cc" -m32 -fsyntax-only m32.c 2>/dev/null; then
    widths="64 32"
else
    echo "x86_32 not checked: $cc -m32 has no headers (apt-get install gcc-multilib)"
fi
for w in $widths; do
    if compare cat.db "$w"; then
        [ "$n" -gt 400 ] || fail "x86_$w: only $n checks for 4.17"
    else
        fail "x86_$w: the catalogue's 4.17 layouts differ"
    fi
done

# Other releases, where their headers were given.
for rel in ${XABI_LAYOUT_HEADERS:-}; do
    v=${rel%%=*}
    dir=${rel#*=}
    if [ ! -r "$dir/xen/xen.h" ]; then
        fail "XABI_LAYOUT_HEADERS: $dir/xen/xen.h is not there for $v"
        continue
    fi
    rm -rf "inc-$v"
    mkdir "inc-$v" && cp -R "$dir/xen" "inc-$v/xen" ||
        { fail "$v: cannot copy $dir/xen"; continue; }
    for w in $widths; do
        if compare cat.db "$w" "$v" "$work/inc-$v"; then
            [ "$n" -gt 400 ] || fail "x86_$w: only $n checks for $v"
        else
            fail "x86_$w: the catalogue's $v layouts differ from $dir"
        fi
    done
done
if [ -z "${XABI_LAYOUT_HEADERS:-}" ]; then
    echo "other releases not checked: no XABI_LAYOUT_HEADERS"
fi

# The negative control: one offset off by one must be caught.
cp cat.db broken.db
sqlite3 broken.db "UPDATE abi_layout_member SET offset = offset + 1
  WHERE version = '4.17' AND width = 'x86_64' AND layout = 'hvm_start_info'
    AND name = 'memmap_paddr'"
if compare broken.db 64 > broken.out; then
    fail "a wrong offset in the catalogue went unnoticed"
fi
grep -q "memmap_paddr" broken.out || fail "the wrong row is not named"

echo "$failures failures"
[ "$failures" -eq 0 ]
