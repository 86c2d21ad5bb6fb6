# steps/save.sh: `xl save` images of running and paused guests, for
# `xabi collect --save` on the host (tests/live/assert-save.sh).  Sourced
# by dom0-init.sh, which gives it step, say, $O and $DB; self-contained
# otherwise.  Every image is written to $O/save/NAME.img and leaves the
# VM with the other outputs; the guest's live run is labelled NAME, the
# image's collect on the host is compared with it.
#
#   pvsave    xabi's PV guest built with -DPVGUEST_SAVE: trap table and
#             callbacks set, spinning with its suspend record in rdx;
#             snapshotted by --live, then saved while it runs
#   pvlinux   the Linux PV domU (128 MB), snapshotted by --live while it
#             runs, then saved (Linux answers libxl's suspend itself)
#   pvhsave   pvhds (PVH, DS and ES differ) running, paused, snapshotted,
#             saved
#   pvhfirst  pvhds created paused: snapshotted and saved before its first
#             instruction
#   pvnever   pvsave created paused and saved before its first
#             instruction: libxc refuses vCPU 0 (no suspend record in rdx)
#             after the headers are written; the partial file is kept as
#             bad input
#
# xabi's own guests have no xenstore driver to answer libxl's suspend
# request: save-suspend (steps/save-suspend.c) suspends them from dom0
# and answers for them.
# Xen 4.17 only: the images and their expectations (pvnever's partial
# file, tests/data/save) are 4.17's, save-suspend is built against the
# host's libxenctrl, and CI's time goes to the same guests on each release.
case $XABI_XEN_RELEASE in 4.17) ;; *) say "xl save steps: Xen 4.17 only"; return ;; esac
mkdir -p $O/save

# save_image NAME [HELP]: xl save NAME into $O/save/NAME.img; with HELP,
# save-suspend answers for the guest.
save_image() {
    if [ -n "$2" ]; then
        /domu/save-suspend "$(xl domid $1)" > $O/steps/suspend-$1.out 2>&1 &
        sp=$!
    fi
    step save-$1 timeout 150 xl save $1 $O/save/$1.img
    [ -n "$2" ] && wait $sp
    ls -l $O/save/$1.img > $O/steps/ls-save-$1.out 2>&1
    xl destroy $1 > /dev/null 2>&1
}

if step create-pvsave xl create -p /domu/pvsave.cfg; then
    echo "pvsave $(xl domid pvsave)" >> $O/domids.txt
    step live-pvsave timeout 60 xabi collect --live --domain pvsave --start \
        --duration 5s --db $DB --label pvsave
    save_image pvsave help
fi

if step create-pvnever xl create -p /domu/pvsave.cfg 'name="pvnever"'; then
    echo "pvnever $(xl domid pvnever)" >> $O/domids.txt
    save_image pvnever help
fi

if step create-pvlinux xl create -p /domu/pvtest.cfg 'name="pvlinux"' \
    'memory=128'; then
    echo "pvlinux $(xl domid pvlinux)" >> $O/domids.txt
    step live-pvlinux timeout 120 xabi collect --live --domain pvlinux --start \
        --duration 20s --events pv,sched --snapshot-interval 5s --db $DB \
        --label pvlinux
    save_image pvlinux
fi

if grep -q '^virt_caps.*hvm' $O/steps/xl-info.out; then
    if step create-pvhsave xl create /domu/pvhds.cfg 'name="pvhsave"'; then
        echo "pvhsave $(xl domid pvhsave)" >> $O/domids.txt
        sleep 3
        step pause-pvhsave xl pause pvhsave
        step live-pvhsave timeout 60 xabi collect --live --domain pvhsave \
            --duration 1s --db $DB --label pvhsave
        save_image pvhsave help
    fi
    if step create-pvhfirst xl create -p /domu/pvhds.cfg 'name="pvhfirst"'; then
        echo "pvhfirst $(xl domid pvhfirst)" >> $O/domids.txt
        step live-pvhfirst timeout 60 xabi collect --live --domain pvhfirst \
            --duration 1s --db $DB --label pvhfirst
        save_image pvhfirst help
    fi
else
    say "no hvm in virt_caps: no PVH images"
fi
