#!/bin/bash
# prepare.sh BUILD_DIR: everything `make check-live` (and `xabi lab`) boots
# for one Xen release, XABI_XEN_RELEASE (default 4.17; release.sh says
# where each thing lives), built under L (BUILD_DIR/live or
# BUILD_DIR/live-RELEASE, gitignored with the rest of build/):
#
#   xen             the hypervisor: Debian's /boot/xen-REL-amd64.gz from
#                   the release's suite, gunzipped (QEMU's multiboot
#                   loader wants the 32-bit ELF inside)
#   vmlinuz         the kernel that bookworm's linux-image-amd64 depends
#                   on, for dom0 and for the domUs alike, whatever the
#                   release: guest differences then come from Xen
#   initramfs.img   dom0's root: busybox, the release's Xen toolstack, an
#                   xabi built against the release's libxenctrl, every
#                   library they load (from the release's root), the dom0
#                   modules, the domU files
#
# The toolstack of a release needs that release's glibc, so for a release
# the host does not run (4.14 from bullseye, 4.20 from trixie) the dom0
# userland comes from a root made by `mmdebstrap --variant=minbase`, cached
# in CACHE/root-REL, and xabi is built inside it (`chroot ROOT make`).
# The hypervisor and kernel packages are unpacked with dpkg -x, never
# installed: installing them would run update-grub and update-initramfs.
#
# Env: XABI_XEN_RELEASE; XABI_LAB_SUITE (check-live, the default: the
# project's own guests; guests: the ones in XABI_LAB_GUESTS, lines
# "TYPE KERNEL [INITRD]", for `xabi lab`), XABI_LAB_DURATION and
# XABI_LAB_INTERVAL (their live runs); XABI_SRC, the source tree to build
# xabi from in a release's root (default: this tree).
set -euo pipefail
BUILD=${1:-build}
HERE=$(cd "$(dirname "$0")" && pwd)
LAB_DIR=$HERE
. "$HERE/release.sh"
XABI=$BUILD/xabi
mkdir -p "$L" "$CACHE"
L=$(cd "$L" && pwd)     # absolute: modprobe -d prints absolute paths
DEBS=$CACHE/debs
SUITE_KIND=${XABI_LAB_SUITE:-check-live}
log() { echo "xabi lab $REL: $*" >&2; }

[ "$R" != / ] || [ -x "$XABI" ] || { log "$XABI is not built (make $XABI)"; exit 1; }

# ---- host tools, installed only when missing
need="qemu-system-x86 busybox-static cpio kmod sqlite3"
if [ "$R" = / ]; then need="$need xen-utils-$REL"; else need="$need mmdebstrap"; fi
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
[ "$(id -u)" = 0 ] || [ "$R" = / ] || { log "not root: chroot into $R needs root"; exit 1; }

# ---- the release's root: its toolstack, libxen-dev and what xabi builds
# with.  Made once (1-3 minutes), then reused while the package list is the
# same (the marker holds it: a root made for an older list is made again);
# .tmp until it is whole.
pkgs=xen-utils-$REL,libxen-dev,busybox-static,kmod,util-linux,xz-utils
pkgs=$pkgs,gcc,g++,make,libc6-dev,pkg-config,libsqlite3-dev,libgcrypt20-dev
pkgs=$pkgs,libelf-dev,zlib1g-dev,liblzma-dev,libzstd-dev,liblz4-dev
pkgs=$pkgs,libctemplate-dev,libcapstone-dev
if [ "$R" != / ] && [ "$(cat "$R/.xabi-lab-root" 2>/dev/null)" != "$pkgs" ]; then
    log "making a $SUITE root with xen-utils-$REL in $R (mmdebstrap, once)"
    rm -rf "$R.tmp"
    mmdebstrap --variant=minbase --aptopt='APT::Install-Recommends "false"' \
        --include="$pkgs" "$SUITE" "$R.tmp" > "$CACHE/mmdebstrap-$REL.log" 2>&1 ||
        { log "mmdebstrap failed; its log: $CACHE/mmdebstrap-$REL.log"; exit 1; }
    printf '%s\n' "$pkgs" > "$R.tmp/.xabi-lab-root"
    rm -rf "$R" && mv "$R.tmp" "$R"
fi

# ---- xabi for that dom0: the host's build when the host runs the
# release, else built in the root against the release's libxenctrl from
# the same sources (make keeps it up to date: tar keeps the times).
if [ "$R" = / ]; then
    XABI_DOM0=$(readlink -f "$XABI")
else
    # installed (share/xabi/lab), the sources come along as a tarball
    if [ -f "$HERE/xabi-src.tar.gz" ]; then src=${XABI_SRC:-$HERE/xabi-src.tar.gz}
    else src=${XABI_SRC:-$(cd "$HERE/../.." && pwd)}; fi
    mkdir -p "$R/usr/src/xabi"
    if [ -f "$src" ]; then
        tar -xzf "$src" -C "$R/usr/src/xabi"
    else
        (cd "$src" && tar -cf - Makefile VERSION abi analyzer cli collector \
            generator schema scripts store templates) | tar -xf - -C "$R/usr/src/xabi"
    fi
    log "building xabi in the $SUITE root against libxenctrl $REL"
    inroot make -C /usr/src/xabi -j2 BUILD=build build/xabi \
        > "$L/xabi-build.log" 2>&1 ||
        { tail -n 20 "$L/xabi-build.log" >&2; log "FAILED: building xabi in $R; log: $L/xabi-build.log"; exit 1; }
    XABI_DOM0=/usr/src/xabi/build/xabi
fi

# ---- hypervisor and kernel packages, downloaded once
mkdir -p "$DEBS"
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
if ! ls "$DEBS/${kpkg}"_*.deb >/dev/null 2>&1; then
    log "downloading $kpkg"
    # as root, apt would hand the download to user _apt, who may not
    # be able to write here; it would warn and download as root anyway.
    (cd "$DEBS" && apt-get download -q -o APT::Sandbox::User=root "$kpkg" >/dev/null)
fi
hpkg=xen-hypervisor-$REL-amd64
if ! ls "$DEBS/${hpkg}"_*.deb >/dev/null 2>&1; then
    log "downloading $hpkg ($SUITE)"
    if [ "$R" = / ]; then
        (cd "$DEBS" && apt-get download -q -o APT::Sandbox::User=root "$hpkg" >/dev/null)
    else
        # mmdebstrap leaves the root without package lists
        inroot apt-get update -q > /dev/null
        inroot sh -c "rm -rf /tmp/dl && mkdir /tmp/dl && cd /tmp/dl &&
            apt-get download -q -o APT::Sandbox::User=root $hpkg" > /dev/null
        mv "$R"/tmp/dl/*.deb "$DEBS/"
    fi
fi
P=$L/pkgs
if [ ! -d "$P/lib/modules" ] || [ ! -f "$P/boot/xen-$REL-amd64.gz" ]; then
    rm -rf "$P" && mkdir -p "$P"
    for d in "$DEBS/${kpkg}"_*.deb "$DEBS/${hpkg}"_*.deb; do dpkg -x "$d" "$P"; done
    # the unpacked package has no modules.dep: its postinst would make it
    kv=$(ls "$P/lib/modules" | head -n 1)
    depmod -b "$P" "$kv"
fi
kv=$(ls "$P/lib/modules" | head -n 1)
zcat "$P/boot/xen-$REL-amd64.gz" > "$L/xen"
cp "$P/boot/vmlinuz-$kv" "$L/vmlinuz"

# copy_bin DEST FILE...: each file (a path in R) and the shared libraries
# ldd lists for it, resolved inside R, at the same paths inside DEST.
# readlink -f inside R: an absolute link such as /lib64/ld-linux-x86-64.so.2
# must not resolve to the host's glibc.
copy_bin() {
    local dst=$1 f l
    shift
    for f in "$@"; do
        mkdir -p "$dst$(dirname "$f")"
        cp "$R/$(inroot readlink -f "$f")" "$dst$f"
        for l in $(inroot ldd "$f" | grep -o '/[^ ]*'); do
            [ -e "$dst$l" ] && continue
            mkdir -p "$dst$(dirname "$l")"
            cp "$R/$(inroot readlink -f "$l")" "$dst$l"
        done
    done
}

# ---- the domU's root: busybox and an init that works a little, then idles
D=$L/domu-root
rm -rf "$D" && mkdir -p "$D/bin" "$D/proc"
cp /bin/busybox "$D/bin/busybox"
cp "$HERE/domu-init.sh" "$D/init"
chmod +x "$D/init"
# ---- speed (issue 17): /busy, the domUs' endless fork/exec/I-O loop that
# tests/live/steps/speed.sh boots with rdinit=/busy
cp "$HERE/domu-busy.sh" "$D/busy"
chmod +x "$D/busy"
# ---- end speed
(cd "$D" && find . | cpio -o -H newc --quiet | gzip -1) > "$L/domu-initrd.img"

# ---- dom0's root
I=$L/initramfs
rm -rf "$I"
mkdir -p "$I"/{bin,sbin,etc/xen,proc,sys,dev,tmp,run,domu}
mkdir -p "$I"/var/{lib/xen,lib/xenstored,log/xen,run/xen}
cp /bin/busybox "$I/bin/busybox"
# The real ELF files: /usr/sbin/xl and friends are xen-utils-wrapper
# scripts that pick a release by /sys/hypervisor/version.
copy_bin "$I" $XENLIB/bin/{xl,xenstored,xenconsoled,xen-init-dom0,xentrace,xen-hvmctx}
# glibc dlopen()s libgcc_s for pthread_cancel; ldd cannot see that, and xl
# aborts without it.
mkdir -p "$I/lib/x86_64-linux-gnu"
cp "$R/$(inroot readlink -f /lib/x86_64-linux-gnu/libgcc_s.so.1)" \
    "$I/lib/x86_64-linux-gnu/libgcc_s.so.1"
cp "$R/etc/xen/xl.conf" "$I/etc/xen/"
# xabi itself, at /bin/xabi, with its libraries where ldd found them.
copy_bin "$I" "$XABI_DOM0"
mv "$I$XABI_DOM0" "$I/bin/xabi"
# xabi dlopen()s Capstone to disassemble hypercall pages
# (collector/hcpage.c); ldd cannot see that either.  The name is its
# soname, libcapstone.so.N, the one the loader looks for.
cs=$(inroot sh -c 'ls /lib/x86_64-linux-gnu/libcapstone.so.[0-9] \
    /usr/lib/x86_64-linux-gnu/libcapstone.so.[0-9] 2> /dev/null || true' |
    head -n 1)
[ -n "$cs" ] || { echo "prepare: no libcapstone.so.N in $R" >&2; exit 1; }
mkdir -p "$I$(dirname "$cs")"
cp "$R/$(inroot readlink -f "$cs")" "$I$cs"
# Xen's libraries too are dlopen()ed, not linked (collector/live-host.c),
# by sonames, so ldd does not list them for xabi (xl's list has them).
xl=$(inroot sh -c 'ls /lib/x86_64-linux-gnu/libxenctrl.so.* \
    /lib/x86_64-linux-gnu/libxenforeignmemory.so.* \
    /lib/x86_64-linux-gnu/libxenstore.so.* \
    /usr/lib/x86_64-linux-gnu/libxenctrl.so.* \
    /usr/lib/x86_64-linux-gnu/libxenforeignmemory.so.* \
    /usr/lib/x86_64-linux-gnu/libxenstore.so.* 2> /dev/null || true')
[ -n "$xl" ] || { echo "prepare: no libxenctrl.so.* in $R" >&2; exit 1; }
copy_bin "$I" $xl
# What dom0's /init and the steps in steps/*.sh know of the release.
cat > "$I/etc/xabi-lab.env" <<ENV
XABI_XEN_RELEASE=$REL
XABI_XEN_SUITE=$SUITE
XENLIB=$XENLIB
XABI_LAB_SUITE=$SUITE_KIND
XABI_LAB_DURATION=${XABI_LAB_DURATION:-20s}
XABI_LAB_INTERVAL=${XABI_LAB_INTERVAL:-5s}
ENV
mkdir -p "$I/steps"
for f in "$HERE"/steps/*.sh; do
    [ -f "$f" ] && cp "$f" "$I/steps/"
done
# The modules dom0 needs to reach Xen (privcmd, xenfs, evtchn, gntdev) and
# the results disk (virtio_blk), with whatever they depend on.
for m in xen-privcmd xenfs xen-evtchn xen-gntdev virtio_pci virtio_blk; do
    modprobe -d "$P" -S "$kv" --show-depends "$m" | awk '/^insmod/{print $2}'
done | sort -u | while read -r f; do
    mkdir -p "$I$(dirname "${f#"$P"}")"
    cp "$f" "$I${f#"$P"}"
done
cp "$P/lib/modules/$kv"/modules.{order,builtin,builtin.modinfo} "$I/lib/modules/$kv/"
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
# The project's own 64-bit PV guests (tests/live/pvguest), all kept when
# they end (preserve), so the end of a run still reads them.
# pv_variant NAME FILE [-DDEFINE]: build pvguest.S as /domu/FILE, and the
# domain NAME that boots it.
pv_variant() {
    gcc -nostdlib -static -no-pie -Wl,--build-id=none ${3:-} \
        -Wl,-T,"$HERE/pvguest/pvguest.ld" -o "$I/domu/$2" \
        "$HERE/pvguest/pvguest.S"
    cat > "$I/domu/$1.cfg" <<CFG
name = "$1"
type = "pv"
kernel = "/domu/$2"
memory = 32
vcpus = 1
on_poweroff = "preserve"
on_crash = "preserve"
CFG
}
# pvtiny has the hypercall page Debian's kernel no longer asks for, and
# makes a known number of hypercalls through it.
pv_variant pvtiny xabi-pvguest
# pvcrash: the same guest built to take a #GP and declare a crash.
pv_variant pvcrash xabi-pvguest-crash -DPVGUEST_CRASH
# pvxencrash: the same #GP with no trap table: Xen crashes it itself.
pv_variant pvxencrash xabi-pvguest-xencrash -DPVGUEST_XEN_CRASH
# pvtraps: #BP and #OF with vDPL 0 entries, taken as themselves (Xen's
# gates for them are DPL 3), then a clean poweroff.
pv_variant pvtraps xabi-pvguest-traps -DPVGUEST_TRAPS
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
# ---- xabi lab: the user's guests (XABI_LAB_GUESTS, lines "TYPE KERNEL
# [INITRD]"), each as /domu/labN.cfg; /domu/lab-guests.txt lists them as
# "NAME TYPE KERNEL-FILE" for dom0's /init.  The files keep their names.
: > "$I/domu/lab-guests.txt"
if [ -n "${XABI_LAB_GUESTS:-}" ]; then
    n=0
    while read -r gtype gkernel ginitrd; do
        [ -n "$gtype" ] || continue
        n=$((n + 1))
        # "debian": the kernel and initrd the project's own domUs boot
        if [ "$gkernel" = debian ]; then
            gkernel=$L/vmlinuz ginitrd=$L/domu-initrd.img
        fi
        mkdir -p "$I/domu/lab$n"
        cp "$gkernel" "$I/domu/lab$n/"
        kfile=/domu/lab$n/$(basename "$gkernel")
        ramdisk=
        if [ -n "${ginitrd:-}" ]; then
            cp "$ginitrd" "$I/domu/lab$n/"
            ramdisk="ramdisk = \"/domu/lab$n/$(basename "$ginitrd")\""
        fi
        cat > "$I/domu/lab$n.cfg" <<CFG
name = "lab$n"
type = "$gtype"
kernel = "$kfile"
$ramdisk
extra = "console=hvc0 rdinit=/init loglevel=4"
memory = ${XABI_LAB_MEMORY:-256}
vcpus = 1
on_poweroff = "preserve"
on_crash = "preserve"
CFG
        echo "lab$n $gtype $kfile" >> "$I/domu/lab-guests.txt"
    done <<< "${XABI_LAB_GUESTS:-}"
fi
# ---- xl save (steps/save.sh; check-live on 4.17 only): libxl's save helper,
# save-suspend (answers libxl's suspend request for xabi's own guests),
# and pvsave, xabi's PV guest spinning with its suspend record ready
if [ "$REL" = 4.17 ] && [ "$SUITE_KIND" = check-live ]; then
copy_bin "$I" $XENLIB/bin/libxl-save-helper
gcc -std=gnu11 -O2 -o "$L/save-suspend" "$HERE/steps/save-suspend.c" \
    -lxenctrl -lxenstore
copy_bin "$I" "$L/save-suspend"
mv "$I$L/save-suspend" "$I/domu/save-suspend"
pv_variant pvsave xabi-pvguest-save -DPVGUEST_SAVE
fi
# ---- end of xl save
# ---- begin HVM guest (tests/live/steps/hvm.sh): the device model, its
# firmware and xabi's own boot-sector guest.  Only where the host has
# Debian's qemu-system-xen for this release (installed here if missing);
# without it dom0 skips the HVM domU.  libxl looks for the device model at
# /usr/libexec/xen-qemu-system-i386, SeaBIOS at
# /usr/share/seabios/bios-256k.bin and hvmloader at $XENLIB/boot/hvmloader.
# Xen 4.17's check-live only: the host's device model is built against
# the host's (4.17's) libraries.
hvm_dm=/usr/libexec/xen-qemu-system-i386
if [ "$REL" != 4.17 ] || [ "$SUITE_KIND" != check-live ]; then
    log "Xen $REL, suite $SUITE_KIND: no HVM domU (4.17's check-live only)"
elif [ ! -x $hvm_dm ] && [ "$(id -u)" = 0 ] &&
    apt-cache show qemu-system-xen > /dev/null 2>&1; then
    log "installing qemu-system-xen seabios"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        --no-install-recommends qemu-system-xen seabios > /dev/null ||
        log "could not install qemu-system-xen: no HVM domU"
fi
if [ "$REL" != 4.17 ] || [ "$SUITE_KIND" != check-live ]; then
    :
elif [ -x $hvm_dm ] && [ -f $XENLIB/boot/hvmloader ] &&
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
    dpkg-query -W qemu-system-x86 busybox-static
    inroot dpkg-query -W xen-utils-$REL
    (cd "$DEBS" && ls "${kpkg}"_*.deb "${hpkg}"_*.deb)
} > "$L/versions.txt"
log "ready: $(du -h "$L/initramfs.img" | cut -f1) initramfs, Xen $REL ($SUITE), kernel $kv"
