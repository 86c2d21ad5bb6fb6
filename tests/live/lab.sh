#!/bin/bash
# lab.sh BUILD_DIR: the lab harness, once, for `make check-live` and
# `xabi lab`: for the Xen release XABI_XEN_RELEASE (release.sh), build
# dom0's image (prepare.sh), boot it under QEMU and bring the results out
# (run.sh) into L/out: xabi.db, steps/, consoles/.  XABI_LAB_SUITE says
# which guests dom0 runs (prepare.sh).  Prints how long each part took on
# its last line: "xabi lab REL: prepare N s, boot N s".  On a boot that
# finished it names L/out in BUILD_DIR/lab-results-REL (for `xabi lab` to
# merge) and, for the user's guests, says how each one's live run went.
# Exit 0; 1 when the VM could not be built or booted; 3 when it booted
# but a guest's live run failed (its results still came out); 130 when
# interrupted.
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
[ $rc = 0 ] || exit $rc
echo "$(cd "$L/out" && pwd)" > "$BUILD/lab-results-$REL"
# the user's guests: each one's live run, and the end of its console
if [ -s "$L/initramfs/domu/lab-guests.txt" ]; then
    while read -r name gtype kfile; do
        [ -n "$name" ] || continue
        r=$(cat "$L/out/steps/live-$name.rc" 2>/dev/null || echo not-run)
        if [ "$r" = 0 ]; then
            echo "xabi lab $REL: $name ($gtype ${kfile##*/}): live run done" >&2
        else
            echo "xabi lab $REL: $name ($gtype ${kfile##*/}): FAILED, rc=$r:" >&2
            tail -n 5 "$L/out/steps/create-$name.out" "$L/out/steps/live-$name.out" \
                2>/dev/null | sed 's/^/    /' >&2
            rc=3
        fi
        echo "    its console, last lines ($L/out/consoles/guest-$name.log):" >&2
        tail -n 5 "$L/out/consoles/guest-$name.log" 2>/dev/null | tr -d '\r' |
            sed 's/^/      /' >&2
    done < "$L/initramfs/domu/lab-guests.txt"
fi
exit $rc
