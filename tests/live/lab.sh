#!/bin/bash
# lab.sh BUILD_DIR: the lab harness, once, for `make check-live` and
# `xabi lab`: for the Xen release XABI_XEN_RELEASE (release.sh), build
# dom0's image (prepare.sh), boot it under QEMU and bring the results out
# (run.sh) into L/out: xabi.db, steps/, consoles/.  XABI_LAB_SUITE says
# which guests dom0 runs (prepare.sh).  Prints how long each part took on
# its last line: "xabi lab REL: prepare N s, boot N s".
set -uo pipefail
BUILD=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/release.sh"
t0=$(date +%s)
bash "$here/prepare.sh" "$BUILD" || { echo "xabi lab $REL: FAILED: preparing the VM" >&2; exit 1; }
t1=$(date +%s)
bash "$here/run.sh" "$BUILD"
rc=$?
t2=$(date +%s)
echo "prepare_seconds=$((t1 - t0)) boot_seconds=$((t2 - t1))" > "$L/lab-time.txt"
echo "xabi lab $REL: prepare $((t1 - t0)) s, boot $((t2 - t1)) s" >&2
exit $rc
