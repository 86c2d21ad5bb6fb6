# steps/hvm.sh: sourced by dom0-init.sh (it uses step, say, $O and $DB).
# hvmtest: a full HVM guest, xabi's own boot sector (tests/live/hvmguest)
# on a small disk image, booted by hvmloader and SeaBIOS with Debian's
# qemu-system-xen as its device model.  Skipped when prepare.sh put no
# device model in (a release without qemu-system-xen) or Xen found no
# hardware virtualisation.
#
# The guest walks through plain real mode (A), big real mode (B) and a
# real-mode load after it (C), printing each on port 0xe9, which Xen
# shows as "(dN) xabi-hvmguest: ..." lines.  xabi follows it from its
# first instruction with a snapshot every second; when the guest says it
# reached C (or after HVM_WAIT seconds), dom0 lets a few more snapshots
# come and ends the run with SIGINT.  In B it also dumps the paused vCPU
# with xen-hvmctx (hvmtest-hvmctx-big.txt).
HVM_WAIT=${HVM_WAIT:-240}
# hvm_logs: Xen's console ring, the domains, and the device model's log.
hvm_logs() {
    xl dmesg > $O/hvm-xl-dmesg.txt 2>&1
    xl list > $O/steps/xl-list-hvmtest.out 2>&1
    mkdir -p $O/hvm-logs
    cp /var/log/xen/* $O/hvm-logs/ 2>/dev/null
}
hvm_run() {
    local d t=0 xp
    # libxl gives the device model 60 s to start (libxl_internal.h:
    # LIBXL_DEVICE_MODEL_START_TIMEOUT); in a loaded TCG dom0 the first
    # start can take longer, so a second try.
    if ! step create-hvmtest xl -vv create -e -p /domu/hvmtest.cfg; then
        hvm_logs
        mv $O/steps/create-hvmtest.out $O/steps/create-hvmtest-1.out
        xl destroy hvmtest > /dev/null 2>&1
        if ! step create-hvmtest xl -vv create -e -p /domu/hvmtest.cfg; then
            hvm_logs
            return
        fi
    fi
    d=$(xl domid hvmtest)
    echo "hvmtest $d" >> $O/domids.txt
    xabi collect --live --domain hvmtest --start --events hvm,sched \
        --snapshot-interval 1s --db $DB --label hvm-domU \
        --save-trace $O/live_hvmtest.bin > $O/steps/live-hvmtest.out 2>&1 &
    xp=$!
    while [ $t -lt $HVM_WAIT ]; do
        sleep 1
        t=$((t + 1))
        xl dmesg > /tmp/hvm-ring.txt 2>/dev/null
        # In big real mode, once: xen-hvmctx's dump of the paused vCPU, the
        # real snapshot tests/data keeps for the golden test.
        if [ ! -s $O/hvmtest-hvmctx-big.txt ] &&
            grep -q "(d$d) xabi-hvmguest: B" /tmp/hvm-ring.txt; then
            xl pause hvmtest
            xen-hvmctx $d > $O/hvmtest-hvmctx-big.txt 2>&1
            xl unpause hvmtest
        fi
        grep -q "(d$d) xabi-hvmguest: C" /tmp/hvm-ring.txt && break
        kill -0 $xp 2>/dev/null || break
    done
    say "hvmtest: state C after ${t} s of the live run"
    sleep 4
    kill -INT $xp 2>/dev/null
    # a backstop, so a hung collect cannot hold the boot to BOOT_TIMEOUT
    (sleep 120; kill -KILL $xp 2>/dev/null) &
    wait $xp
    echo $? > $O/steps/live-hvmtest.rc
    say "step live-hvmtest: rc=$(cat $O/steps/live-hvmtest.rc)"
    [ "$(cat $O/steps/live-hvmtest.rc)" = 0 ] && rm -f $O/live_hvmtest.bin
    hvm_logs
    xl destroy hvmtest > /dev/null 2>&1
}
if [ ! -x /usr/libexec/xen-qemu-system-i386 ] || [ ! -f /domu/hvmtest.cfg ]; then
    say "no qemu-system-xen in this dom0: skipping the HVM domU"
elif ! grep -q '^virt_caps.*hvm' $O/steps/xl-info.out; then
    say "no hvm in virt_caps: skipping the HVM domU"
else
    hvm_run
fi
