#!/bin/busybox sh
# /init of the test domUs (PV and PVH boot the same initrd).  It forks and
# execs a little and touches memory, so the trace has guest work in it
# beyond the kernel's boot, then idles and powers off.  Its lines reach
# dom0's console log through xenconsoled.
/bin/busybox --install -s /bin
mount -t proc proc /proc
echo "DOMU-INIT: up at $(cut -d' ' -f1 /proc/uptime) s"
i=0
while [ $i -lt 100 ]; do /bin/true; i=$((i + 1)); done
dd if=/dev/zero of=/z bs=64k count=64 2>/dev/null && md5sum /z && rm -f /z
echo "DOMU-INIT: work done at $(cut -d' ' -f1 /proc/uptime) s, spinning"
# Shell arithmetic only, for 25 s: user mode, where a snapshot can catch
# the vCPU (the rules on a PV guest's set-up wait for that).
end=$(($(cut -d. -f1 /proc/uptime) + 25))
while [ "$(cut -d. -f1 /proc/uptime)" -lt $end ]; do
    i=0
    while [ $i -lt 20000 ]; do i=$((i + 1)); done
done
echo "DOMU-INIT: idling"
sleep 20
echo "DOMU-INIT: powering off"
poweroff -f
