#!/bin/bash
# prepare.sh BUILD_DIR: everything `make check-live` boots, built under
# BUILD_DIR/live/ (gitignored with the rest of build/):
#
#   xen             the hypervisor: Debian's /boot/xen-4.17-amd64.gz, gunzipped
#                   (QEMU's multiboot loader wants the 32-bit ELF inside)
#   vmlinuz         the kernel that linux-image-amd64 depends on, for dom0
#                   and for the domUs alike
#   initramfs.img   dom0's root: busybox, the Xen toolstack, BUILD_DIR/xabi,
#                   every library they load, the dom0 modules, the domU files
#
# The hypervisor and kernel packages are unpacked with dpkg -x, never
# installed: installing them would run update-grub and update-initramfs on
# this host.  Downloads are cached in BUILD_DIR/live/cache and reused.
set -euo pipefail
BUILD=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
XABI=$BUILD/xabi
mkdir -p "$BUILD/live"
L=$(cd "$BUILD/live" && pwd)     # absolute: modprobe -d prints absolute paths
CACHE=$L/cache
XENLIB=/usr/lib/xen-4.17
log() { echo "check-live: $*" >&2; }

[ -x "$XABI" ] || { log "$XABI is not built (make $XABI)"; exit 1; }

# ---- host tools, installed only when missing
need="qemu-system-x86 busybox-static cpio kmod xen-utils-4.17 sqlite3"
missing=
for p in $need; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
        missing="$missing $p"
done
if [ -n "$missing" ]; then
    [ "$(id -u)" = 0 ] || { log "not root; run: sudo apt-get install$missing"; exit 1; }
    log "installing$missing"
    # xen-utils' init scripts would try to start xenstored on this non-Xen
    # host and fail the install; policy-rc.d exit 101 tells them not to.
    prc=/usr/sbin/policy-rc.d made_prc=
    if [ ! -e $prc ]; then
        printf '#!/bin/sh\nexit 101\n' > $prc && chmod +x $prc && made_prc=1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends $missing >/dev/null
    [ -n "$made_prc" ] && rm -f $prc
fi

# ---- hypervisor and kernel packages, downloaded once
mkdir -p "$CACHE"
kernel_pkg() {
    apt-cache depends linux-image-amd64 2>/dev/null |
        awk '/Depends: linux-image-[0-9]/{print $2; exit}'
}
kpkg=$(kernel_pkg)
# A machine whose package lists were never fetched (or were cleaned, as in
# many container images) knows no linux-image-amd64 yet.
if [ -z "$kpkg" ] && [ "$(id -u)" = 0 ]; then
    apt-get update -q >/dev/null
    kpkg=$(kernel_pkg)
fi
[ -n "$kpkg" ] || { log "cannot tell which kernel linux-image-amd64 depends on"; exit 1; }
for p in xen-hypervisor-4.17-amd64 "$kpkg"; do
    ls "$CACHE/${p}"_*.deb >/dev/null 2>&1 && continue
    log "downloading $p"
    # as root, apt would hand the download to user _apt, who may not
    # be able to write here; it would warn and download as root anyway.
    (cd "$CACHE" && apt-get download -q -o APT::Sandbox::User=root "$p" >/dev/null)
done
R=$CACHE/root
if [ ! -d "$R/lib/modules" ]; then
    rm -rf "$R" && mkdir -p "$R"
    for d in "$CACHE"/*.deb; do dpkg -x "$d" "$R"; done
    # the unpacked package has no modules.dep: its postinst would make it
    kv=$(ls "$R/lib/modules" | head -n 1)
    depmod -b "$R" "$kv"
fi
kv=$(ls "$R/lib/modules" | head -n 1)
zcat "$R/boot/xen-4.17-amd64.gz" > "$L/xen"
cp "$R/boot/vmlinuz-$kv" "$L/vmlinuz"

# copy_bin ROOT FILE...: each file and the shared libraries ldd lists for it,
# at the same paths inside ROOT.
copy_bin() {
    local root=$1 f l
    shift
    for f in "$@"; do
        mkdir -p "$root$(dirname "$f")"
        cp -L "$f" "$root$f"
        for l in $(ldd "$f" | grep -o '/[^ ]*'); do
            [ -e "$root$l" ] && continue
            mkdir -p "$root$(dirname "$l")"
            cp -L "$l" "$root$l"
        done
    done
}

# ---- the domU's root: busybox and an init that works a little, then idles
D=$L/domu-root
rm -rf "$D" && mkdir -p "$D/bin" "$D/proc"
cp /bin/busybox "$D/bin/busybox"
cp "$HERE/domu-init.sh" "$D/init"
chmod +x "$D/init"
(cd "$D" && find . | cpio -o -H newc --quiet | gzip -1) > "$L/domu-initrd.img"

# ---- dom0's root
I=$L/initramfs
rm -rf "$I"
mkdir -p "$I"/{bin,sbin,etc/xen,proc,sys,dev,tmp,run,domu}
mkdir -p "$I"/var/{lib/xen,lib/xenstored,log/xen,run/xen}
cp /bin/busybox "$I/bin/busybox"
copy_bin "$I" $XENLIB/bin/{xl,xenstored,xenconsoled,xen-init-dom0,xentrace,xen-hvmctx}
# glibc dlopen()s libgcc_s for pthread_cancel; ldd cannot see that, and xl
# aborts without it.
mkdir -p "$I/lib/x86_64-linux-gnu"
cp -L /lib/x86_64-linux-gnu/libgcc_s.so.1 "$I/lib/x86_64-linux-gnu/"
cp /etc/xen/xl.conf "$I/etc/xen/"
# xabi itself, at /bin/xabi, with its libraries where ldd found them.
copy_bin "$I" "$(readlink -f "$XABI")"
mv "$I$(readlink -f "$XABI")" "$I/bin/xabi"
# The modules dom0 needs to reach Xen (privcmd, xenfs, evtchn, gntdev) and
# the results disk (virtio_blk), with whatever they depend on.
for m in xen-privcmd xenfs xen-evtchn xen-gntdev virtio_pci virtio_blk; do
    modprobe -d "$R" -S "$kv" --show-depends "$m" | awk '/^insmod/{print $2}'
done | sort -u | while read -r f; do
    mkdir -p "$I$(dirname "${f#"$R"}")"
    cp "$f" "$I${f#"$R"}"
done
cp "$R/lib/modules/$kv"/modules.{order,builtin,builtin.modinfo} "$I/lib/modules/$kv/"
depmod -b "$I" "$kv"
# the domUs: the same kernel, the small initrd, one config per type
cp "$L/vmlinuz" "$I/domu/vmlinuz"
cp "$L/domu-initrd.img" "$I/domu/initrd.img"
for t in pv pvh; do
    cat > "$I/domu/${t}test.cfg" <<CFG
name = "${t}test"
type = "$t"
kernel = "/domu/vmlinuz"
ramdisk = "/domu/initrd.img"
extra = "console=hvc0 rdinit=/init loglevel=4"
memory = 160
vcpus = 1
on_poweroff = "destroy"
on_crash = "preserve"
CFG
done
# pvtiny: the project's own 64-bit PV guest (tests/live/pvguest), which
# has the hypercall page Debian's kernel no longer asks for, and makes a
# known number of hypercalls through it.
gcc -nostdlib -static -no-pie -Wl,--build-id=none \
    -Wl,-T,"$HERE/pvguest/pvguest.ld" -o "$I/domu/xabi-pvguest" \
    "$HERE/pvguest/pvguest.S"
# pvcrash: the same guest built to take a #GP and declare a crash.
gcc -nostdlib -static -no-pie -Wl,--build-id=none -DPVGUEST_CRASH \
    -Wl,-T,"$HERE/pvguest/pvguest.ld" -o "$I/domu/xabi-pvguest-crash" \
    "$HERE/pvguest/pvguest.S"
cat > "$I/domu/pvcrash.cfg" <<CFG
name = "pvcrash"
type = "pv"
kernel = "/domu/xabi-pvguest-crash"
memory = 32
vcpus = 1
on_poweroff = "preserve"
on_crash = "preserve"
CFG
# pvxencrash: the same #GP with no trap table: Xen crashes it itself.
gcc -nostdlib -static -no-pie -Wl,--build-id=none -DPVGUEST_XEN_CRASH \
    -Wl,-T,"$HERE/pvguest/pvguest.ld" -o "$I/domu/xabi-pvguest-xencrash" \
    "$HERE/pvguest/pvguest.S"
cat > "$I/domu/pvxencrash.cfg" <<CFG
name = "pvxencrash"
type = "pv"
kernel = "/domu/xabi-pvguest-xencrash"
memory = 32
vcpus = 1
on_poweroff = "preserve"
on_crash = "preserve"
CFG
cat > "$I/domu/pvtiny.cfg" <<CFG
name = "pvtiny"
type = "pv"
kernel = "/domu/xabi-pvguest"
memory = 32
vcpus = 1
on_poweroff = "preserve"
on_crash = "preserve"
CFG
# pvhds: the project's own PVH guest (tests/live/pvhguest), whose DS and
# ES differ, for holding xen-hvmctx's dump against the HVM save record.
gcc -nostdlib -static -no-pie -Wl,--build-id=none \
    -Wl,-T,"$HERE/pvhguest/pvhguest.ld" -o "$I/domu/xabi-pvhguest" \
    "$HERE/pvhguest/pvhguest.S"
cat > "$I/domu/pvhds.cfg" <<CFG
name = "pvhds"
type = "pvh"
kernel = "/domu/xabi-pvhguest"
memory = 32
vcpus = 1
on_poweroff = "preserve"
on_crash = "preserve"
CFG
# ---- begin HVM guest (tests/live/steps/hvm.sh): the device model, its
# firmware and xabi's own boot-sector guest.  Only where the host has
# Debian's qemu-system-xen for this release (installed here if missing);
# without it dom0 skips the HVM domU.  libxl looks for the device model at
# /usr/libexec/xen-qemu-system-i386, SeaBIOS at
# /usr/share/seabios/bios-256k.bin and hvmloader at $XENLIB/boot/hvmloader.
mkdir -p "$I/steps"
cp "$HERE/steps/hvm.sh" "$I/steps/hvm.sh"
hvm_dm=/usr/libexec/xen-qemu-system-i386
if [ ! -x $hvm_dm ] && [ "$(id -u)" = 0 ] &&
    apt-cache show qemu-system-xen > /dev/null 2>&1; then
    log "installing qemu-system-xen seabios"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        --no-install-recommends qemu-system-xen seabios > /dev/null ||
        log "could not install qemu-system-xen: no HVM domU"
fi
if [ -x $hvm_dm ] && [ -f $XENLIB/boot/hvmloader ] &&
    [ -f /usr/share/seabios/bios-256k.bin ]; then
    copy_bin "$I" $hvm_dm
    mkdir -p "$I$XENLIB/boot" "$I/usr/share/seabios" "$I/usr/share/qemu"
    cp $XENLIB/boot/hvmloader "$I$XENLIB/boot/"
    cp /usr/share/seabios/bios-256k.bin "$I/usr/share/seabios/"
    # QEMU's own data: the keymaps, and the VGA BIOSes it refuses to
    # start without although the guest has vga = "none".
    cp -r /usr/share/qemu/keymaps "$I/usr/share/qemu/"
    cp -L /usr/share/seabios/vgabios-cirrus.bin /usr/share/seabios/vgabios-stdvga.bin \
        "$I/usr/share/qemu/" 2>/dev/null || true
    # The guest: one boot sector, then zeros, as a 1 MiB raw disk.
    gcc -nostdlib -static -no-pie -Wl,--build-id=none \
        -Wl,-T,"$HERE/hvmguest/hvmguest.ld" -o "$I/domu/xabi-hvmguest.img" \
        "$HERE/hvmguest/hvmguest.S"
    truncate -s 1M "$I/domu/xabi-hvmguest.img"
    # backendtype=qdisk: QEMU serves the disk (phy would need the block
    # hotplug script and loop devices).  serial="pty" and xenconsoled's
    # --log-dir: without them xl create
    # timed out on the console tty.
    cat > "$I/domu/hvmtest.cfg" <<CFG
name = "hvmtest"
type = "hvm"
device_model_version = "qemu-xen"
disk = [ "format=raw,vdev=hda,access=rw,backendtype=qdisk,target=/domu/xabi-hvmguest.img" ]
boot = "c"
vga = "none"
serial = "pty"
vnc = 0
sdl = 0
memory = 32
vcpus = 1
on_poweroff = "preserve"
on_crash = "preserve"
CFG
else
    log "no qemu-system-xen, hvmloader or SeaBIOS: dom0 will skip the HVM domU"
fi
# ---- end HVM guest
cp "$HERE/dom0-init.sh" "$I/init"
chmod +x "$I/init"
(cd "$I" && find . | cpio -o -H newc --quiet | gzip -1) > "$L/initramfs.img"
{
    dpkg-query -W qemu-system-x86 xen-utils-4.17 busybox-static
    (cd "$CACHE" && ls ./*.deb)
} > "$L/versions.txt"
log "ready: $(du -h "$L/initramfs.img" | cut -f1) initramfs, kernel $kv"
