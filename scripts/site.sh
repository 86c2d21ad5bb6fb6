#!/bin/sh
# make site: the project's own site/ from the bundled real data, all from
# Xen 4.17 (tests/data): traces of a PV domU booting and of a PVH Linux
# guest, and the recorded vCPU state of a PV guest before its first
# instruction, of a running dom0, and of a PVH guest at its entry point.
# The same trace gives the same pages on any day and in any directory:
# collect runs in a scratch directory on relative names, and the collect
# time is SOURCE_DATE_EPOCH: when the traces were committed (git log).
# Usage: scripts/site.sh XABI OUT
set -eu
XABI=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(pwd)
case $2 in /*) out=$2 ;; *) out=$top/$2 ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
traces="trace_domU trace_pvh_linux"
snaps="getctx_domU_initial getctx_dom0_vcpu1 pvh_pvhinfo_initial hvm_bigreal_hvmctx"
SOURCE_DATE_EPOCH=$(git log -1 --format=%ct -- $(for t in $traces; do
    echo "tests/data/$t.bin.xz"; done; for s in $snaps; do
    echo "tests/data/snapshots/$s.txt"; done) 2>/dev/null || true)
if [ -z "$SOURCE_DATE_EPOCH" ]; then
    echo "site: not a git checkout: cannot date the traces" >&2
    exit 1
fi
export SOURCE_DATE_EPOCH
runs=0
for t in $traces; do
    xz -dc "tests/data/$t.bin.xz" > "$work/$t.bin"
    (cd "$work" && "$XABI" collect "$t.bin" --xen-version 4.17 --db xabi.db \
        --no-progress --label "tests/data/$t.bin.xz" > /dev/null)
    runs=$((runs + 1))
done
# snapshot WHAT OPTIONS...: one recorded dump as a run of its own.
snapshot() {
    cp "tests/data/snapshots/$1.txt" "$work/$1.txt"
    name=$1
    shift
    (cd "$work" && "$XABI" collect --snapshot "$name.txt" --xen-version 4.17 \
        --db xabi.db --label "tests/data/snapshots/$name.txt" "$@" > /dev/null)
    runs=$((runs + 1))
}
snapshot getctx_domU_initial --phase initial --user-mode no
snapshot getctx_dom0_vcpu1 --phase running --user-mode yes
snapshot pvh_pvhinfo_initial --phase initial --guest-type PVH
# The same vCPU as Xen's xen-hvmctx printed it, ds and es lines swapped.
snapshot pvh_hvmctx_initial --phase initial --guest-type PVH
# check-live's HVM guest in big real mode (tests/live/hvmguest), by xen-hvmctx.
snapshot hvm_bigreal_hvmctx --phase running
# With the analyzer in the build, the audit pages show its findings.
if "$XABI" help 2>/dev/null | grep -q '^  check '; then
    n=1
    while [ "$n" -le "$runs" ]; do
        "$XABI" check --run "$n" --db "$work/xabi.db" --fail-on never \
            > /dev/null
        n=$((n + 1))
    done
fi
"$XABI" render --format all --out "$out" --db "$work/xabi.db" \
    --templates "$top/templates"
