#!/bin/bash
# run.sh BUILD_DIR: boot Xen with the dom0 that prepare.sh built, under
# QEMU, until dom0's /init prints CHECK-LIVE-DONE; then unpack what it
# wrote to the results disk into BUILD_DIR/live/out.
#
# Why these QEMU settings:
#   -accel tcg,thread=multi   KVM does not work on our machines (nor, for
#                             nested Xen, on most CI hosts); software
#                             emulation, one host thread per vCPU
#   -cpu max,-smap,-smep      with SMAP/SMEP dom0 dies at its first
#                             exception delivery
#   -rdtscp                   a PVH Linux crashes on its first RDTSCP
#                             (max gives the emulated AMD SVM that Xen
#                             needs for PVH at all)
#   -kernel xen -initrd "vmlinuz ARGS,initramfs.img"
#                             multiboot: Xen is the kernel, dom0's kernel
#                             and initramfs are its modules
#   a raw virtio disk         dom0 writes a tar stream to it: no network
#                             or shared filesystem needed
#
# Env: BOOT_TIMEOUT (seconds, default 900), QEMU_SMP (2), QEMU_MEM (3072),
# DOM0_EXTRA_ARGS (more words for dom0's command line).
set -euo pipefail
BUILD=${1:-build}
L=$(cd "$BUILD/live" && pwd)
BOOT_TIMEOUT=${BOOT_TIMEOUT:-900}
QEMU_SMP=${QEMU_SMP:-2}
QEMU_MEM=${QEMU_MEM:-3072}
log() { echo "check-live: $*" >&2; }

for f in xen vmlinuz initramfs.img; do
    [ -f "$L/$f" ] || { log "$L/$f missing: run tests/live/prepare.sh first"; exit 1; }
done
console=$L/console.log
rm -rf "$L/out" "$L/out.img" "$console"
truncate -s 1G "$L/out.img"

xen_args="console=com1 com1=115200,8n1 dom0_mem=1024M,max:1024M"
xen_args+=" dom0_max_vcpus=$QEMU_SMP loglvl=all guest_loglvl=all"
xen_args+=" bootscrub=false noreboot"
dom0_args="console=hvc0 earlyprintk=xen rdinit=/init loglevel=6"
# DOM0_EXTRA_ARGS: more words for dom0's command line, e.g. bench/capture's
# xabi_capture=SECONDS (tests/live/steps/speed.sh)
dom0_args+="${DOM0_EXTRA_ARGS:+ $DOM0_EXTRA_ARGS}"

log "booting Xen under QEMU (TCG, $QEMU_SMP vCPUs); console: $console"
t0=$(date +%s)
qemu-system-x86_64 -accel tcg,thread=multi -cpu max,-smap,-smep,-rdtscp \
    -m "$QEMU_MEM" -smp "$QEMU_SMP" \
    -display none -monitor none -nodefaults -no-reboot \
    -serial "file:$console" \
    -drive "file=$L/out.img,format=raw,if=virtio" \
    -kernel "$L/xen" -append "$xen_args" \
    -initrd "$L/vmlinuz $dom0_args,$L/initramfs.img" &
qpid=$!
result=timeout
while kill -0 $qpid 2>/dev/null; do
    if grep -aq CHECK-LIVE-DONE "$console" 2>/dev/null; then
        result=finished
        break
    fi
    [ $(($(date +%s) - t0)) -lt "$BOOT_TIMEOUT" ] || break
    sleep 2
done
# dom0 powers off after the marker; give it a moment, then make sure.
for _ in 1 2 3 4 5; do kill -0 $qpid 2>/dev/null || break; sleep 1; done
kill $qpid 2>/dev/null || true
wait $qpid 2>/dev/null || true
grep -aq CHECK-LIVE-DONE "$console" && result=finished
secs=$(($(date +%s) - t0))
echo "boot_seconds=$secs result=$result" > "$L/boot-time.txt"
log "QEMU ran $secs s ($result)"

fail() {
    log "FAILED: $*"
    log "last 40 lines of the serial console ($console):"
    tail -n 40 "$console" | tr -d '\r' | sed 's/^/    /' >&2
    exit 1
}
[ "$result" = finished ] || fail "no CHECK-LIVE-DONE within $BOOT_TIMEOUT s (BOOT_TIMEOUT)"
mkdir -p "$L/out"
tar -xf "$L/out.img" -C "$L/out" || fail "no tar stream on the results disk"
[ -f "$L/out/steps/xabi-version.rc" ] || fail "the results disk holds no steps/"
log "results in $L/out"
