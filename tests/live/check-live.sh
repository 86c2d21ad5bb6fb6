#!/bin/bash
# check-live.sh BUILD_DIR [RELEASE...]: what `make check-live` runs, for
# each Xen release in turn (default 4.17; XEN=... of make).  It is a
# client of `xabi lab`, the one harness: BUILD_DIR/xabi lab --suite
# check-live boots the release with the project's own guests (prepare.sh,
# dom0-init.sh) and, as a user's guest, pvtiny again through the lab's
# --guest path, in BUILD_DIR (--keep-vm), and merges dom0's database into
# L/lab.db; then the asserts (assert.sh), and the time each took.  Exit 0
# only when every check passed on every release.
set -uo pipefail
BUILD=${1:-build}
shift
here=$(cd "$(dirname "$0")" && pwd)
[ $# -gt 0 ] || set -- 4.17
# pvtiny as a user would give it: a kernel file on the host
gcc -nostdlib -static -no-pie -Wl,--build-id=none \
    -Wl,-T,"$here/pvguest/pvguest.ld" -o "$BUILD/lab-pvtiny" \
    "$here/pvguest/pvguest.S" || exit 1
failed=
for rel in "$@"; do
    L=$(XABI_XEN_RELEASE=$rel; . "$here/release.sh" && echo "$L") || exit 2
    rm -f "$L/lab.db"
    t0=$(date +%s)
    "$BUILD/xabi" lab --xen "$rel" --suite check-live --guest "pv:$BUILD/lab-pvtiny" \
        --duration 6s --snapshot-interval 2s --keep-vm "$BUILD" --db "$L/lab.db"
    rc=$?
    t2=$(date +%s)
    prep=$(sed -n 's/^prepare_seconds=\([0-9]*\).*/\1/p' "$L/lab-time.txt" 2>/dev/null)
    if [ $rc = 0 ]; then
        XABI_XEN_RELEASE=$rel bash "$here/assert.sh" "$BUILD"
        rc=$?
    else
        echo "check-live: FAILED on Xen $rel: xabi lab exited $rc"
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
