#!/bin/bash
# check-live.sh BUILD_DIR [RELEASE...]: what `make check-live` runs, for
# each Xen release in turn (default 4.17; XEN=... of make): the lab
# harness (lab.sh: prepare and boot) with the project's own guests, then
# the asserts, and the time each took.  Exit 0 only when every check
# passed on every release.
set -uo pipefail
BUILD=${1:-build}
shift
here=$(dirname "$0")
[ $# -gt 0 ] || set -- 4.17
failed=
for rel in "$@"; do
    export XABI_XEN_RELEASE=$rel XABI_LAB_SUITE=check-live
    (. "$here/release.sh") || exit 2
    t0=$(date +%s)
    bash "$here/lab.sh" "$BUILD"
    rc=$?
    t2=$(date +%s)
    L=$( BUILD=$BUILD; . "$here/release.sh"; echo "$L")
    prep=$(sed -n 's/^prepare_seconds=\([0-9]*\).*/\1/p' "$L/lab-time.txt" 2>/dev/null)
    if [ $rc = 0 ]; then
        bash "$here/assert.sh" "$BUILD"
        rc=$?
    else
        echo "check-live: FAILED on Xen $rel: the lab harness (prepare or boot)"
    fi
    t3=$(date +%s)
    echo "check-live $rel: prepare ${prep:-?} s, boot $((t2 - t0 - ${prep:-0})) s," \
        "asserts $((t3 - t2)) s, total $((t3 - t0)) s"
    [ $rc = 0 ] || failed="$failed $rel"
done
if [ -n "$failed" ]; then
    echo "check-live: FAILED on Xen$failed"
    exit 1
fi
echo "check-live: all checks passed on Xen $*"
