#!/bin/busybox sh
# /busy of the test domUs' initrd (rdinit=/busy, tests/live/steps/speed.sh):
# fork, exec and I/O without end, for a long, busy trace.  Each round
# execs a hundred programs, writes and reads back 2 MiB through tmpfs,
# walks /proc, writes a line to the console (an event channel to dom0's
# xenconsoled) and sleeps a little, so the vCPU blocks and wakes too.
# dom0 destroys the domain when it has traced enough.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mkdir -p /tmp
mount -t tmpfs tmp /tmp
echo "DOMU-BUSY: up at $(cut -d' ' -f1 /proc/uptime) s"
n=0
while :; do
    i=0
    while [ $i -lt 100 ]; do /bin/true; i=$((i + 1)); done
    dd if=/dev/zero of=/tmp/z bs=64k count=32 2>/dev/null
    md5sum /tmp/z > /dev/null
    rm -f /tmp/z
    ls -R /proc/sys > /dev/null 2>&1
    n=$((n + 1))
    echo "DOMU-BUSY: round $n at $(cut -d' ' -f1 /proc/uptime) s"
    usleep 20000
done
