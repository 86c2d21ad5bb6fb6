#!/bin/busybox sh
# /init of the dom0 initramfs that prepare.sh builds; runs inside Xen's
# dom0 under QEMU.  It starts the toolstack, runs xabi the way an engineer
# would in a real dom0, and leaves with everything under /tmp/out:
#
#   xabi.db          the database, for assert.sh on the host
#   steps/NAME.out   each command's output (stdout and stderr)
#   steps/NAME.rc    its exit status
#   domids.txt       "NAME DOMID" of each domU, for assert.sh
#   consoles/        the domUs' consoles (xenconsoled)
#
# /tmp/out leaves the VM as a tar stream on the raw disk /dev/vda, because
# dom0 has no network and no shared filesystem with the host.  The last
# line on the serial console is CHECK-LIVE-DONE; run.sh waits for it.
/bin/busybox --install -s /bin
# The release (XABI_XEN_RELEASE, e.g. 4.20), where its toolstack is, and
# what to run (XABI_LAB_SUITE: check-live, or guests for `xabi lab`):
# written by prepare.sh, and exported for the steps in /steps/*.sh, which
# can skip themselves on a release they do not apply to.
set -a
. /etc/xabi-lab.env
set +a
export PATH=/bin:/sbin:/usr/bin:/usr/sbin:$XENLIB/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
mount -t tmpfs run /run
mkdir -p /run/xen /var/run/xen /dev/pts
# devtmpfs has no /dev/fd or /dev/std* links (udev makes them on a real
# dom0); without them a program writing to /dev/stdout, as xabi's xentrace
# child does, would create a plain file there and its reader get nothing.
ln -s /proc/self/fd /dev/fd
ln -s fd/0 /dev/stdin
ln -s fd/1 /dev/stdout
ln -s fd/2 /dev/stderr
mount -t devpts devpts /dev/pts

O=/tmp/out
DB=$O/xabi.db
mkdir -p $O/steps $O/consoles

say() { echo "DOM0-INIT [$(cut -d' ' -f1 /proc/uptime)] $*"; }

# step NAME CMD...: run CMD, keeping its output and exit status for the
# host; a failing step is recorded, never fatal, so one missing feature
# still lets the rest of the run (and the DB) come out.
step() {
    name=$1
    shift
    "$@" > $O/steps/$name.out 2>&1
    rc=$?
    echo $rc > $O/steps/$name.rc
    say "step $name: rc=$rc"
    [ $rc = 0 ] || sed 's/^/    /' $O/steps/$name.out | tail -n 5
    return $rc
}

# load SECONDS: fork/exec and I/O in dom0, so a trace has dom0 work in it.
load() {
    end=$(($(cut -d. -f1 /proc/uptime) + $1))
    while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
        i=0
        while [ $i -lt 100 ]; do /bin/true; i=$((i + 1)); done
        ls -R /sys/devices > /dev/null 2>&1
    done
}

# trace_domu NAME LABEL: the way xabi worked before `collect --live`:
# xentrace records the paused domU as it is unpaused and boots, and xabi
# reads the trace file.  Used only when the live collect failed and left
# the domU paused, so the boot and the plumbing are still exercised.
trace_domu() {
    xentrace -D -e all -T 20 $O/trace_$1.bin > $O/steps/xentrace-$1.out 2>&1 &
    tp=$!
    sleep 1
    xl unpause $1
    wait $tp
    step collect-trace-$1 xabi collect $O/trace_$1.bin --xen-version $XABI_XEN_RELEASE \
        --label $2 --db $DB
    rm -f $O/trace_$1.bin
}

# Every domU is created with -e: xl does not fork a daemon to wait for the
# domain's death.  On CI that daemon's intermediate child once died of
# SIGSEGV right after `xl create` (libxl reported "domain monitoring
# daemonizing child ... Segmentation fault", exit 3), taking a check with
# it.  Nothing here needs it: a domain that shuts down stays as it is
# (what on_crash = "preserve" asks for) until the script destroys it.
#
# domu NAME LABEL: create NAME paused, let xabi start and watch it.
domu() {
    step create-$1 xl create -e -p /domu/$1.cfg || return
    echo "$1 $(xl domid $1)" >> $O/domids.txt
    # 20 s of guest time; 300 s of wall time, for a machine under load
    # (a 4.14 run with seven other agents on 2 cores went past 120 s)
    step live-$1 timeout 300 xabi collect --live --domain $1 --start --duration 20s \
        --kernel /domu/vmlinuz --events pv,hvm,sched --snapshot-interval 5s \
        --db $DB --label $2 --save-trace $O/live_$1.bin
    # xentrace's own bytes come out only when xabi refused them, or found
    # damage in them and kept what came before it (", salvaged (see"), to look at.
    grep -q ', salvaged (see' $O/steps/live-$1.out ||
        { [ "$(cat $O/steps/live-$1.rc)" = 0 ] && rm -f $O/live_$1.bin; }
    if [ "$(cat $O/steps/live-$1.rc)" != 0 ] &&
        xl list $1 2>/dev/null | grep -q -- '--p--'; then
        say "live collect of $1 failed and left it paused; tracing it instead"
        trace_domu $1 $2-xentrace
    fi
    xl list > $O/steps/xl-list-$1.out 2>&1
    xl destroy $1 > /dev/null 2>&1
}

say "dom0 user space up"
# virtio_pci is the transport virtio_blk sits on; nothing like udev is
# here to load it for us.
for m in xen-privcmd xenfs xen-evtchn xen-gntdev virtio_pci virtio_blk; do
    modprobe $m || say "modprobe $m failed"
done
mkdir -p /proc/xen
mount -t xenfs xenfs /proc/xen || say "mounting xenfs failed"

# xl needs xenstored, dom0's entries in it (xen-init-dom0), and
# xenconsoled for the domUs' consoles.
step xenstored xenstored --pid-file /run/xenstored.pid
step xen-init-dom0 xen-init-dom0
step xenconsoled xenconsoled --pid-file=/run/xenconsoled.pid --log=guest \
    --log-dir=$O/consoles
step xl-info xl info
# Whether libxencall can take its hypercall buffers from /dev/xen/hypercall
# (xen-privcmd's), or falls back to locked pages of its own: kept to read
# beside the live runs that found damage in their own copy of the stream.
step dev-xen ls -l /dev/xen
step xabi-version xabi --version
say "Xen $XABI_XEN_RELEASE ($XABI_XEN_SUITE), suite $XABI_LAB_SUITE"
# steps/speed.sh first of all, before anything traces: Xen's trace buffer
# size is set once a boot, and it measures the records lost at the default
# (or, with xabi_capture= on the command line, captures bench/'s trace and
# ends the boot).  Not for a user's guests.
if [ "$XABI_LAB_SUITE" != guests ]; then
    . /steps/speed.sh
fi

# xabi lab: each guest of /domu/lab-guests.txt created paused and watched
# by collect --live from its first instruction; its console is in
# consoles/, its kernel recorded (--kernel: file name, SHA-256, ELF notes)
# and named with its SHA-256 in the run's label.
lab_guests() {
    # not $name: step() sets it
    while read -r lg_name lg_type lg_kernel; do
        step create-$lg_name xl create -e -p /domu/$lg_name.cfg || continue
        echo "$lg_name $(xl domid $lg_name)" >> $O/domids.txt
        lg_sum=$(sha256sum $lg_kernel | cut -c1-16)
        say "LAB-GUEST $lg_name ($lg_type $lg_kernel) created; collecting for $XABI_LAB_DURATION"
        step live-$lg_name xabi collect --live --domain $lg_name --start \
            --duration $XABI_LAB_DURATION --snapshot-interval $XABI_LAB_INTERVAL \
            --kernel $lg_kernel --db $DB \
            --label "$lg_name $lg_type $(basename $lg_kernel) sha256:$lg_sum"
        xl list > $O/steps/xl-list-$lg_name.out 2>&1
        xl destroy $lg_name > /dev/null 2>&1
    done < /domu/lab-guests.txt
}
if [ "$XABI_LAB_SUITE" = guests ]; then
    lab_guests
else
# The project's own suite (make check-live), not indented, to keep it as
# it was.

# The live collects run under timeout: a hang then shows as this step's
# failure (rc 143) instead of the whole boot running into BOOT_TIMEOUT.
#
# dom0: live snapshot of every domain, and a xentrace file read by xabi
# (the path that works without --live).
step live-dom0 timeout 60 xabi collect --live --duration 10s --db $DB --label dom0
xentrace -D -e all -T 5 $O/trace_dom0.bin > $O/steps/xentrace-dom0.out 2>&1 &
tp=$!
load 4
wait $tp
step collect-trace-dom0 xabi collect $O/trace_dom0.bin --xen-version $XABI_XEN_RELEASE \
    --label dom0-xentrace --db $DB
rm -f $O/trace_dom0.bin

# Ctrl-C ends a live run cleanly: no --duration, SIGINT after 8 s.  The
# run must be committed and xentrace gone.
xabi collect --live --domain 0 --db $DB --label sigint \
    > $O/steps/live-sigint.out 2>&1 &
xp=$!
sleep 8
kill -INT $xp
wait $xp
echo $? > $O/steps/live-sigint.rc
say "step live-sigint: rc=$(cat $O/steps/live-sigint.rc)"
sleep 1
pidof xentrace > $O/steps/xentrace-left.out 2>&1
echo $? > $O/steps/xentrace-left.rc

# pvtiny makes its hypercalls and shuts down at once; preserved, so its
# final snapshot can still be read.
step create-pvtiny xl create -e -p /domu/pvtiny.cfg &&
    echo "pvtiny $(xl domid pvtiny)" >> $O/domids.txt
step live-pvtiny timeout 60 xabi collect --live --domain pvtiny --start \
    --duration 8s --kernel /domu/xabi-pvguest --db $DB --label pvtiny \
    --save-trace $O/trace_pvtiny.bin
xl destroy pvtiny > /dev/null 2>&1

# pvcrash takes a #GP and asks Xen to shut it down with SHUTDOWN_crash;
# preserved, so the end of the run sees it crashed (DOM-001 must FAIL).
step create-pvcrash xl create -e -p /domu/pvcrash.cfg &&
    echo "pvcrash $(xl domid pvcrash)" >> $O/domids.txt
# --json here: the host checks the object collect --live prints.
step live-pvcrash timeout 60 xabi collect --live --domain pvcrash --start \
    --duration 8s --kernel /domu/xabi-pvguest-crash --db $DB --label pvcrash \
    --json
xl list > $O/steps/xl-list-pvcrash.out 2>&1
xl destroy pvcrash > /dev/null 2>&1
# pvxencrash takes the same #GP with no trap table: Xen crashes it, and no
# shutdown record is traced; only the end of the live run sees it.
step create-pvxencrash xl create -e -p /domu/pvxencrash.cfg &&
    echo "pvxencrash $(xl domid pvxencrash)" >> $O/domids.txt
step live-pvxencrash timeout 60 xabi collect --live --domain pvxencrash \
    --start --duration 8s --kernel /domu/xabi-pvguest-xencrash --db $DB \
    --label pvxencrash
xl list > $O/steps/xl-list-pvxencrash.out 2>&1
xl destroy pvxencrash > /dev/null 2>&1

# pvtraps takes #BP and #OF through trap-table entries of vDPL 0 and
# powers off; preserved, so the final snapshot reads its trap table (the
# claims of docs/guest-guide/x86/pv-traps.rst about vectors 3 and 4).
step create-pvtraps xl create -e -p /domu/pvtraps.cfg &&
    echo "pvtraps $(xl domid pvtraps)" >> $O/domids.txt
step live-pvtraps timeout 60 xabi collect --live --domain pvtraps --start \
    --duration 6s --kernel /domu/xabi-pvguest-traps --db $DB --label pvtraps
xl list > $O/steps/xl-list-pvtraps.out 2>&1
xl destroy pvtraps > /dev/null 2>&1

domu pvtest pv-domU
# PVH needs hardware virtualisation: QEMU's emulated SVM, when Xen found it.
if grep -q '^virt_caps.*hvm' $O/steps/xl-info.out; then
    domu pvhtest pvh-domU
    # pvhds (tests/live/pvhguest) loads DS and ES with different segments
    # and spins.  Paused, it is dumped by xen-hvmctx and read by collect
    # --live, for the host to hold one against the other.
    if step create-pvhds xl create -e /domu/pvhds.cfg; then
        echo "pvhds $(xl domid pvhds)" >> $O/domids.txt
        sleep 3
        step pause-pvhds xl pause pvhds
        step hvmctx-pvhds sh -c "xen-hvmctx $(xl domid pvhds) > $O/pvhds-hvmctx.txt"
        step live-pvhds timeout 60 xabi collect --live --domain pvhds \
            --duration 1s --db $DB --label pvhds
        xl destroy pvhds > /dev/null 2>&1
    fi
else
    say "no hvm in virt_caps: skipping the PVH domU"
fi

# the guests `xabi lab --suite check-live --guest ...` adds
lab_guests
# Each topic's dom0 steps (tests/live/steps/*.sh), in name order; speed.sh
# ran first of all, above.
for f in /steps/*.sh; do
    case $f in */speed.sh) continue ;; esac
    [ -f "$f" ] && . "$f"
done
fi

step check sh -c "xabi check --db $DB --json > $O/check.json"
step stats sh -c "xabi stats --db $DB --json > $O/stats.json"
step stats-list xabi stats --list --db $DB
xl dmesg > $O/xl-dmesg.txt 2>&1
dmesg > $O/dom0-dmesg.txt 2>&1

say "writing /tmp/out to /dev/vda"
# Without the disk, tar would write a regular file on devtmpfs and succeed.
[ -b /dev/vda ] || say "no /dev/vda: the results cannot leave the VM"
cd $O && tar cf /dev/vda . && sync
say "tar rc=$?"
echo CHECK-LIVE-DONE
poweroff -f
