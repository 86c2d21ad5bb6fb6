#!/bin/bash
# check-live.sh BUILD_DIR: what `make check-live` runs: prepare, boot,
# assert, and the time each took.  Exit 0 only when every check passed.
set -uo pipefail
BUILD=${1:-build}
here=$(dirname "$0")
t0=$(date +%s)
bash "$here/prepare.sh" "$BUILD" || { echo "check-live: FAILED: preparing the VM"; exit 1; }
t1=$(date +%s)
bash "$here/run.sh" "$BUILD" || exit 1
t2=$(date +%s)
bash "$here/assert.sh" "$BUILD"
rc=$?
t3=$(date +%s)
echo "check-live: prepare $((t1 - t0)) s, boot $((t2 - t1)) s, asserts $((t3 - t2)) s, total $((t3 - t0)) s"
exit $rc
