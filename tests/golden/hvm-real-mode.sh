#!/bin/sh
# Golden test: a real HVM vCPU in big real mode.  tests/data/snapshots/
# hvm_bigreal_hvmctx.txt is xen-hvmctx's dump of check-live's HVM guest
# (tests/live/hvmguest) paused in state B, under Xen 4.17: CR0.PE clear,
# FS 0x0010 base 0 and GS 0x0018 base 0x20000, both limit 4 GiB and
# attributes 0xc93, loaded in protected mode and kept.  HVM-001 must PASS
# it naming both, and the segments page must show both beside selector x
# 16.  The same dump with FS's attributes made 0x093 (G clear: no
# descriptor gives a 4 GiB limit then) must WARN: the verdict follows the
# attributes, not the limit alone.  xen-hvmctx labels DS "es" and ES "ds"
# since 4.12; FS and GS are labelled right.
set -eu
XABI=${XABI:-build/xabi}
dump=$(dirname "$0")/../data/snapshots/hvm_bigreal_hvmctx.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

# hvm001 DUMP DB: HVM-001's findings on the dump, "VERDICT: message".
hvm001() {
    "$XABI" collect --snapshot "$1" --xen-version 4.17 --db "$2" > /dev/null
    "$XABI" check --db "$2" --rule HVM-001 --json --fail-on never |
        python3 -c '
import json, sys
r = json.load(sys.stdin)
for g in r["domains"]:
    for f in g["findings"]:
        print(f["verdict"] + ": " + f["message"])'
}

v=$(hvm001 "$dump" "$work/db")
case "$v" in
"PASS: real mode with 2 segment(s) loaded in protected mode and kept (big real mode): fs 0x0010 base 0 (not 0x100) limit 0xffffffff attr 0xc93, gs 0x0018 base 0x20000 (not 0x180) limit 0xffffffff attr 0xc93;"*)
    ok "HVM-001 on big real mode: $v" ;;
*) bad "HVM-001 on big real mode: '$v'" ;;
esac

page=$("$XABI" render --db "$work/db" --format wiki --page pv-start-of-day)
# The GS row: selector, selector x 16, hidden base, limit, attributes.
row=$(printf '%s\n' "$page" | sed -n '/^== HVM real mode ==$/,$p' |
    sed -n '/^| gs$/,/^|-/p' | tr '\n' ' ')
case "$row" in
"| gs | 0x0018 | 0x180 | 0x20000 | 0xffffffff | 0xc93 |"*) ok "page: GS 0x0018 beside 0x180" ;;
*) bad "page: GS row '$row'" ;;
esac

# FS's attributes 0x0c93 -> 0x0093: G clear with a 4 GiB limit.
sed 's|^\( *fs 0x0010 (.* /  \)0x0c93)|\10x0093)|' "$dump" > "$work/no-g.txt"
if cmp -s "$dump" "$work/no-g.txt"; then
    bad "the FS line of $dump was not found to change"
fi
v=$(hvm001 "$work/no-g.txt" "$work/db2")
case "$v" in
"WARN: fs 0x0010 has base 0, not 0x100, limit 0xffffffff attr 0x093: a limit beyond 20 bits with G clear"*)
    ok "HVM-001 with G clear: $v" ;;
*) bad "HVM-001 with G clear: '$v'" ;;
esac

[ $fails = 0 ] || { echo "hvm-real-mode: $fails failure(s)"; exit 1; }
echo "hvm-real-mode: all passed"
