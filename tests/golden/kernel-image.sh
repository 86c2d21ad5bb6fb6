#!/bin/sh
# Golden test: the Xen ELF notes of Debian's own kernel, read by
# `xabi collect --image` from the bzImage (an xz payload), equal the ones
# listed in tests/data/kernel-xen-elfnotes.txt (made from the vmlinux
# inside Debian's linux-image-6.1.0-56-amd64 by shared/tools/xen-qemu's
# xen_notes.py, which reads the notes with Python, not with xabi's code).
#
# The kernel is Debian's package, fetched with apt-get download into
# build/kernel/ (XABI_KERNEL=path uses another).  Without it, and with no
# way to fetch it, the test is skipped (exit 77), never passed.
set -eu
XABI=${XABI:-build/xabi}
here=$(dirname "$0")
ref=$here/../data/kernel-xen-elfnotes.txt
pkg=linux-image-6.1.0-56-amd64
cache=build/kernel
kernel=${XABI_KERNEL:-}
if [ -z "$kernel" ]; then
    kernel=$cache/boot/vmlinuz-6.1.0-56-amd64
    if [ ! -f "$kernel" ]; then
        mkdir -p "$cache"
        if ! (cd "$cache" && apt-get download "$pkg" >/dev/null 2>&1); then
            echo "SKIP: cannot fetch $pkg (set XABI_KERNEL=path to a kernel)"
            exit 77
        fi
        dpkg-deb --fsys-tarfile "$cache"/"$pkg"_*.deb |
            tar -x -C "$cache" ./boot/vmlinuz-6.1.0-56-amd64
        rm -f "$cache"/"$pkg"_*.deb
    fi
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$XABI" collect --image "$kernel" --xen-version 4.17 --db "$work/db"
# xen_notes.py's lines: "  Xen type  6 XEN_ELFNOTE_GUEST_OS  size  6 value 'linux'"
python3 - "$work/db" "$ref" <<'PY'
import re, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
got = db.execute("SELECT type, name, size, value, text, hex(raw) FROM elfnote "
                 "ORDER BY seq").fetchall()
want = []
for line in open(sys.argv[2]):
    m = re.match(r"\s+Xen type\s+(\d+) (\S+)\s+size\s+(\d+) value (.*)$", line)
    if m:
        want.append((int(m.group(1)), m.group(2), int(m.group(3)), m.group(4)))
bad = 0
if len(got) != len(want):
    print("FAIL: %d notes, reference has %d" % (len(got), len(want)))
    bad += 1
for (t, name, size, value, text, raw), (wt, wname, wsize, wval) in zip(got, want):
    if wval.startswith("'"):
        mine = "'%s'" % text
    elif wval.startswith("hex "):
        mine = "hex " + raw.lower()
    else:
        width = 2 * size
        mine = "0x%0*x" % (width, value & (1 << 64) - 1)
    ok = (t, name, size, mine) == (wt, wname, wsize, wval)
    bad += not ok
    print("%s type %2d %-32s size %2d %s%s" % ("ok  " if ok else "FAIL", t,
          name, size, mine, "" if ok else "   reference: " + wval))
segs = db.execute("SELECT count(*) FROM image_segment").fetchone()[0]
info = db.execute("SELECT container, compression, elf_class FROM image").fetchone()
print("image:", info, "PT_LOAD segments:", segs)
if info != ("bzImage", "xz", 64) or segs == 0:
    bad += 1
sys.exit(1 if bad else 0)
PY

# --json: the run, its kind and its notes; again, already collected.
"$XABI" collect --image "$kernel" --xen-version 4.17 --db "$work/db2" \
    --json > "$work/json1"
"$XABI" collect --image "$kernel" --xen-version 4.17 --db "$work/db2" \
    --json > "$work/json2"
python3 - "$work/json1" "$work/json2" "$work/db2" <<'PY'
import json, sqlite3, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
n = sqlite3.connect(sys.argv[3]).execute("SELECT count(*) FROM elfnote").fetchone()[0]
want = {"run": 1, "kind": "image", "xen_version": "4.17", "already": False,
        "replaced": None, "notes": n}
if any(a.get(k) != v for k, v in want.items()) or a["bytes"] <= 0 or n == 0:
    sys.exit("FAIL: collect --image --json: %r, %d notes stored" % (a, n))
if b.get("already") is not True or b.get("run") != 1 or "notes" in b:
    sys.exit("FAIL: collect --image --json again: %r" % b)
print("ok: collect --image --json: run 1, %d notes, %d bytes; again: already" % (n, a["bytes"]))
PY
