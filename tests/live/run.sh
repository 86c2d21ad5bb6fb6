#!/bin/bash
# run.sh BUILD_DIR: boot Xen with the dom0 that prepare.sh built for
# XABI_XEN_RELEASE, under QEMU, until dom0's /init prints CHECK-LIVE-DONE;
# then unpack what it wrote to the results disk into L/out (release.sh).
# While it boots it prints a line for each of dom0's steps; Ctrl-C (or
# SIGTERM) stops QEMU and leaves no process behind.
#
# Why these QEMU settings:
#   -accel tcg,thread=multi   KVM does not work on our machines (nor, for
#                             nested Xen, on most CI hosts); software
#                             emulation, one host thread per vCPU.
#                             XABI_LAB_KVM=1 asks for KVM where
#                             /dev/kvm is usable
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
# and on Xen's command line:
#   spec-ctrl=eager-fpu       Xen switches a PV vCPU's FPU state lazily
#                             by default on the AMD CPU QEMU emulates;
#                             under TCG that corrupts dom0 programs'
#                             SSE/AVX registers across context switches
#                             (a memcpy's first bytes, pointers: SIGSEGV).
#                             Measured on 4.17 under load (README.md,
#                             Known problems): lazy, 11 of 34 collects
#                             damaged or crashed; eager, 0 of 20
#
# Env: BOOT_TIMEOUT (seconds, default 900), QEMU_SMP (2), QEMU_MEM (3072),
# DOM0_EXTRA_ARGS (more words for dom0's command line), XEN_EXTRA_ARGS
# (more for Xen's), QEMU_CPU (the -cpu model, default below).
set -euo pipefail
BUILD=${1:-build}
. "$(dirname "$0")/release.sh"
L=$(cd "$L" 2>/dev/null && pwd) || { echo "xabi lab $REL: no $L: run prepare.sh first" >&2; exit 1; }
BOOT_TIMEOUT=${BOOT_TIMEOUT:-900}
QEMU_SMP=${QEMU_SMP:-2}
QEMU_MEM=${QEMU_MEM:-3072}
log() { echo "xabi lab $REL: $*" >&2; }

for f in xen vmlinuz initramfs.img; do
    [ -f "$L/$f" ] || { log "$L/$f missing: run tests/live/prepare.sh first"; exit 1; }
done
console=$L/console.log
rm -rf "$L/out" "$L/out.img" "$console"
truncate -s 1G "$L/out.img"

xen_args="console=com1 com1=115200,8n1 dom0_mem=1024M,max:1024M"
xen_args+=" dom0_max_vcpus=$QEMU_SMP loglvl=all guest_loglvl=all"
xen_args+=" bootscrub=false noreboot spec-ctrl=eager-fpu"
xen_args+="${XEN_EXTRA_ARGS:+ $XEN_EXTRA_ARGS}"
dom0_args="console=hvc0 earlyprintk=xen rdinit=/init loglevel=6"
# DOM0_EXTRA_ARGS: more words for dom0's command line, e.g. bench/capture's
# xabi_capture=SECONDS (tests/live/steps/speed.sh)
dom0_args+="${DOM0_EXTRA_ARGS:+ $DOM0_EXTRA_ARGS}"

accel=tcg,thread=multi
if [ "${XABI_LAB_KVM:-0}" = 1 ] && [ -w /dev/kvm ]; then accel=kvm; fi
log "booting Xen $REL under QEMU (${accel%%,*}, $QEMU_SMP vCPUs); console: $console"
t0=$(date +%s)
qemu-system-x86_64 -accel $accel -cpu "${QEMU_CPU:-max,-smap,-smep,-rdtscp}" \
    -m "$QEMU_MEM" -smp "$QEMU_SMP" \
    -display none -monitor none -nodefaults -no-reboot \
    -serial "file:$console" \
    -drive "file=$L/out.img,format=raw,if=virtio" \
    -kernel "$L/xen" -append "$xen_args" \
    -initrd "$L/vmlinuz $dom0_args,$L/initramfs.img" &
qpid=$!
# Ctrl-C or a kill: QEMU goes too, and the caller sees why.
stop() {
    kill $qpid 2>/dev/null || true
    wait $qpid 2>/dev/null || true
    log "interrupted: QEMU (pid $qpid) stopped after $(($(date +%s) - t0)) s"
    exit 130
}
trap stop INT TERM HUP
result=timeout
seen=0
while kill -0 $qpid 2>/dev/null; do
    # progress: dom0's own lines, each once, as they come
    n=$(grep -ac '^DOM0-INIT' "$console" 2>/dev/null || true)
    if [ "${n:-0}" -gt "$seen" ]; then
        tr -d '\r' < "$console" | grep -a '^DOM0-INIT' | tail -n +$((seen + 1)) |
            head -n $((n - seen)) | sed "s/^DOM0-INIT/  [$(($(date +%s) - t0)) s] dom0/" >&2
        seen=$n
    fi
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
trap - INT TERM HUP
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
if [ "$result" != finished ]; then
    # the likeliest reasons, from what the console says
    why="no CHECK-LIVE-DONE within $BOOT_TIMEOUT s (BOOT_TIMEOUT)"
    if [ $secs -lt "$BOOT_TIMEOUT" ]; then why="QEMU exited after $secs s without CHECK-LIVE-DONE"; fi
    if ! grep -aq '(XEN)' "$console" 2>/dev/null; then
        why="$why; Xen printed nothing (QEMU could not load it?)"
    elif grep -aq 'Panic on CPU\|FATAL PAGE FAULT\|Kernel panic' "$console"; then
        why="$why; $(tr -d '\r' < "$console" | grep -a -m 1 'Panic on CPU\|FATAL PAGE FAULT\|Kernel panic')"
    elif ! grep -aq '^DOM0-INIT' "$console"; then
        why="$why; dom0's /init never started"
    fi
    fail "$why"
fi
mkdir -p "$L/out"
tar -xf "$L/out.img" -C "$L/out" || fail "no tar stream on the results disk"
[ -f "$L/out/steps/xabi-version.rc" ] || fail "the results disk holds no steps/"
log "results in $L/out"
