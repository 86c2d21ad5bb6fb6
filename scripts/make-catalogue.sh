#!/bin/sh
# Makes schema/catalogue/xen-4.N.sql, the built-in ABI catalogue, from the
# public headers of every Xen release from 4.2 to 4.22.
#
#   usage: scripts/make-catalogue.sh [XEN_GIT_DIR] [XABI]
#
# XEN_GIT_DIR is a clone (bare is fine) of xen-project/xen with its
# RELEASE-4.N.0 tags; XABI the xabi binary (default build/xabi).  For each
# tag, xen/include/public is extracted with `git archive` into a temporary
# directory (never into this tree), read by `xabi abi import` into a
# scratch database, and the rows of that version are written out as SQL.
# Only those facts are committed, not Xen's headers.  The output is
# deterministic: no timestamps, rows in key order.
#
# The struct layouts come from the compiler, not from reading C: a probe
# that includes the headers is compiled for each x86 width (gcc -m32 and
# -m64, -g, every declared type kept), and scripts/layout-extract.c (built
# here against elfutils' libdw) reads sizes, offsets and member types from
# its DWARF.  Needs gcc-multilib and libdw-dev.
set -eu

repo=${1:-/work/.mirror/xen-project+xen/repo}
xabi=${2:-build/xabi}
first=2
last=22
out=schema/catalogue
cc=${CC:-gcc}

# The layouts the catalogue keeps, where a release defines them.
layouts="start_info shared_info vcpu_info arch_shared_info arch_vcpu_info
    vcpu_guest_context cpu_user_regs trap_info
    hvm_start_info hvm_modlist_entry hvm_memmap_table_entry
    mmu_update mmuext_op multicall_entry
    vcpu_runstate_info vcpu_time_info vcpu_register_vcpu_info
    vcpu_register_runstate_memory_area vcpu_set_singleshot_timer
    callback_register sched_shutdown sched_poll
    xen_pmu_params xen_pmu_data xen_pmu_arch xen_pmu_regs xen_pmu_amd_ctxt
    xen_pmu_intel_ctxt xen_pmu_cntr_pair
    grant_entry_v1 grant_entry_header grant_entry_v2
    gnttab_map_grant_ref gnttab_unmap_grant_ref gnttab_setup_table
    gnttab_copy"

[ -x "$xabi" ] || { echo "make-catalogue: build $xabi first" >&2; exit 1; }
git --git-dir="$repo" rev-parse -q --verify RELEASE-4.$last.0 >/dev/null ||
    { echo "make-catalogue: $repo has no RELEASE-4.$last.0 tag" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/xabi-catalogue.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
mkdir -p "$out"

"$cc" -std=gnu11 -O2 -Wall -Wextra -o "$tmp/layout-extract" \
    scripts/layout-extract.c -ldw
cat > "$tmp/probe.c" <<'EOF'
/* Every header that declares a layout the catalogue keeps. */
#include <stdint.h>
#include "public/xen.h"
#include "public/grant_table.h"
#include "public/vcpu.h"
#include "public/callback.h"
#include "public/sched.h"
#if __has_include("public/pmu.h")
#include "public/pmu.h"
#endif
#if __has_include("public/arch-x86/hvm/start_info.h")
#include "public/arch-x86/hvm/start_info.h"
#endif
EOF

# The layouts of the headers under $1/public for version $2 as SQL, both
# widths.  The interface version is the newest, as the importer assumes.
layout_rows() {
    for w in 32 64; do
        "$cc" -m$w -g -fno-eliminate-unused-debug-types -shared -nostdlib \
            -D__XEN_INTERFACE_VERSION__=__XEN_LATEST_INTERFACE_VERSION__ \
            -I "$1" -o "$tmp/probe$w.so" "$tmp/probe.c"
        # shellcheck disable=SC2086
        "$tmp/layout-extract" "$tmp/probe$w.so" $layouts |
            awk -F '\t' -v v="$2" -v w="x86_$w" '
            function q(s) { gsub(/\047/, "\047\047", s); return "\047" s "\047" }
            function n(s) { return s == "-" ? "NULL" : s }
            $1 == "L" {
                printf "INSERT INTO abi_layout (version, width, name, kind, " \
                    "size, header) VALUES (%s, %s, %s, %s, %s, %s);\n",
                    q(v), q(w), q($2), q($3), $4, q($5)
            }
            $1 == "M" {
                printf "INSERT INTO abi_layout_member (version, width, " \
                    "layout, idx, name, offset, size, type, bit_offset, " \
                    "bit_size) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, " \
                    "%s, %s);\n", q(v), q(w), q($2), $3, q($4), $5, $6,
                    q($7), n($8), n($9)
            }'
    done
}

# The rows of version $1 of the scratch database as INSERT statements.
dump() {
    sqlite3 -batch -noheader -list "$tmp/cat.db" <<SQL
SELECT 'INSERT INTO abi_version (version, source, interface_version, '
    || 'imported_at, skipped) VALUES (' || quote(version) || ', '
    || quote(source) || ', ' || quote(interface_version) || ', NULL, '
    || skipped || ');'
  FROM abi_version WHERE version = '$1';
SELECT 'INSERT INTO abi_hypercall (version, nr, name, alias_of, x86_only, '
    || 'deprecated, dropped, comment) VALUES' || char(10)
    || group_concat(row, ',' || char(10)) || ';'
  FROM (SELECT ' (' || quote(version) || ', ' || nr || ', ' || quote(name)
            || ', ' || quote(alias_of) || ', ' || x86_only || ', '
            || deprecated || ', ' || dropped || ', ' || quote(comment)
            || ')' AS row
          FROM abi_hypercall WHERE version = '$1' ORDER BY nr, name);
SELECT 'INSERT INTO abi_constant (version, kind, name, value, header, '
    || 'comment, audience) VALUES' || char(10)
    || group_concat(row, ',' || char(10)) || ';'
  FROM (SELECT ' (' || quote(version) || ', ' || quote(kind) || ', '
            || quote(name) || ', ' || value || ', ' || quote(header) || ', '
            || quote(comment) || ', ' || quote(audience) || ')' AS row
          FROM abi_constant WHERE version = '$1'
         ORDER BY kind, header, value, name);
SELECT 'INSERT INTO abi_subop (version, hypercall, nr, name, audience) '
    || 'VALUES' || char(10) || group_concat(row, ',' || char(10)) || ';'
  FROM (SELECT ' (' || quote(version) || ', ' || quote(hypercall) || ', '
            || nr || ', ' || quote(name) || ', ' || quote(audience) || ')'
            AS row
          FROM abi_subop WHERE version = '$1' ORDER BY hypercall, nr, name);
SELECT 'INSERT INTO abi_layout (version, width, name, kind, size, header) '
    || 'VALUES' || char(10) || group_concat(row, ',' || char(10)) || ';'
  FROM (SELECT ' (' || quote(version) || ', ' || quote(width) || ', '
            || quote(name) || ', ' || quote(kind) || ', ' || size || ', '
            || quote(header) || ')' AS row
          FROM abi_layout WHERE version = '$1' ORDER BY width, name);
SELECT 'INSERT INTO abi_layout_member (version, width, layout, idx, name, '
    || 'offset, size, type, bit_offset, bit_size) VALUES' || char(10)
    || group_concat(row, ',' || char(10)) || ';'
  FROM (SELECT ' (' || quote(version) || ', ' || quote(width) || ', '
            || quote(layout) || ', ' || idx || ', ' || quote(name) || ', '
            || offset || ', ' || size || ', ' || quote(type) || ', '
            || quote(bit_offset) || ', ' || quote(bit_size) || ')' AS row
          FROM abi_layout_member WHERE version = '$1'
         ORDER BY width, layout, idx);
SQL
}

n=$first
while [ "$n" -le "$last" ]; do
    v=4.$n
    tag=RELEASE-$v.0
    commit=$(git --git-dir="$repo" rev-parse "$tag^{commit}")
    mkdir -p "$tmp/$v"
    git --git-dir="$repo" archive "$tag" xen/include/public |
        tar -x -C "$tmp/$v"
    "$xabi" abi import "$tmp/$v/xen/include/public" --version "$v" \
        --replace --db "$tmp/cat.db" \
        --source "xen-project/xen $tag ($commit) xen/include/public" \
        >/dev/null
    layout_rows "$tmp/$v/xen/include" "$v" > "$tmp/layouts.sql"
    sqlite3 -batch "$tmp/cat.db" < "$tmp/layouts.sql"
    {
        echo "-- The ABI catalogue of Xen $v: facts read by \`xabi abi import\`"
        echo "-- from xen/include/public at $tag ($commit)."
        echo "-- Generated by scripts/make-catalogue.sh: do not edit."
        dump "$v"
    } > "$out/xen-$v.sql.tmp"
    mv "$out/xen-$v.sql.tmp" "$out/xen-$v.sql"
    echo "$out/xen-$v.sql"
    n=$((n + 1))
done
