#!/bin/sh
# Golden test: `xabi collect --hypercall-page` on the page files of
# tests/data/hcpage (written byte by byte by make-pages.py as Xen 4.17's
# pv_ring3_init_hypercall_page and pv_ring1_init_hypercall_page lay them
# out), then `xabi stats --json` and `xabi check`.
#
# The expected instructions are spelled here, independently of xabi:
# Capstone's AT&T, immediates in decimal below 10 and in hex above.  A page
# with one tampered stub and an iret stub that returns must fail
# HCPAGE-001 and HCPAGE-002 (exit 3).  Bad input is refused with the file
# and byte offset, exit 1 or 2, and the database unchanged.
set -eu
XABI=${XABI:-build/xabi}
data=$(dirname "$0")/../data/hcpage
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/xabi.db
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

imm() { if [ "$1" -lt 10 ]; then echo "$1"; else printf '0x%x' "$1"; fi; }

# The instructions every stub must have, one line per stub.
n=0
: > "$work/want64"
: > "$work/want32"
while [ "$n" -lt 128 ]; do
    if [ "$n" = 23 ]; then
        echo "23 iret pushq %rcx; pushq %r11; pushq %rax; movl \$0x17, %eax; syscall; int3 x21" >> "$work/want64"
        echo "23 iret pushl %eax; movl \$0x17, %eax; int \$0x82; int3 x24" >> "$work/want32"
    else
        echo "$n hypercall pushq %rcx; pushq %r11; movl \$$(imm $n), %eax; syscall; popq %r11; popq %rcx; retq; int3 x18" >> "$work/want64"
        echo "$n hypercall movl \$$(imm $n), %eax; int \$0x82; retl; int3 x24" >> "$work/want32"
    fi
    n=$((n + 1))
done

stubs() { # stubs RUN: "idx class disasm" per stub, from stats --json
    "$XABI" stats --db "$db" --run "$1" --json | python3 -c '
import json, sys
for s in json.load(sys.stdin)["hypercall_stubs"]:
    print(s["idx"], s["class"], s["disasm"])'
}

"$XABI" collect --db "$db" --hypercall-page "$data/pv64-xen-4.17.page" \
    --va 0xffffffff81001000 --domain 1 --xen-version 4.17 > "$work/out"
cat "$work/out"
grep -q "127 hypercall 1 iret" "$work/out" || fail "PV64 counts"
stubs 1 > "$work/got64"
diff -u "$work/want64" "$work/got64" || fail "PV64 stubs differ"

"$XABI" collect --db "$db" --hypercall-page "$data/pv32-xen-4.17.page" \
    --va 0xc1001000 --guest-type PV32 --xen-version 4.17 > "$work/out"
cat "$work/out"
stubs 2 > "$work/got32"
diff -u "$work/want32" "$work/got32" || fail "PV32 stubs differ"

# Xen's pages pass both rules.
for run in 1 2; do
    "$XABI" check --db "$db" --run "$run" > "$work/check" ||
        fail "check of run $run exits $?"
    for rule in HCPAGE-001 HCPAGE-002; do
        grep -q "PASS  *$rule" "$work/check" || fail "run $run: $rule not PASS"
    done
done

# The same file again is found, not collected twice.
"$XABI" collect --db "$db" --hypercall-page "$data/pv64-xen-4.17.page" \
    --va 0xffffffff81001000 --xen-version 4.17 > "$work/out"
grep -q "already collected as run 1" "$work/out" || fail "no dedup"

# A tampered page fails both rules, with the stub and where it differs.
"$XABI" collect --db "$db" --hypercall-page "$data/pv64-tampered.page" \
    --va 0xffffffff81001000 --xen-version 4.17 > /dev/null
set +e
"$XABI" check --db "$db" --run 3 > "$work/check"
rc=$?
set -e
cat "$work/check"
[ "$rc" = 3 ] || fail "tampered page: check exits $rc, want 3"
grep -q "FAIL  *HCPAGE-001 record @0x20" "$work/check" || fail "HCPAGE-001"
grep -q "stub 1 at 0xffffffff81001020 is unexpected.*+3: movl \$2, %eax" \
    "$work/check" || fail "HCPAGE-001 message"
grep -q "FAIL  *HCPAGE-002 record @0x2e0" "$work/check" || fail "HCPAGE-002"
grep -q "+11: retq after the iret stub" "$work/check" ||
    fail "HCPAGE-002 message"

# Bad input: named, non-zero, the database unchanged.
before=$(sha256sum "$db" | cut -d' ' -f1)
expect() { # expect EXIT PATTERN ARGS...
    want=$1 pattern=$2
    shift 2
    set +e
    "$XABI" collect --db "$db" --xen-version 4.17 "$@" > /dev/null \
        2> "$work/err"
    rc=$?
    set -e
    if [ "$rc" != "$want" ] || ! grep -Eq -- "$pattern" "$work/err" ||
        [ "$(sha256sum "$db" | cut -d' ' -f1)" != "$before" ]; then
        fail "collect $* -> $rc: $(cat "$work/err")"
    else
        echo "ok: collect $* -> $rc: $(head -n 1 "$work/err")"
    fi
}
head -c 4000 "$data/pv64-xen-4.17.page" > "$work/short.page"
cat "$data/pv64-xen-4.17.page" "$data/pv32-xen-4.17.page" > "$work/long.page"
mkdir "$work/dir.page"
va="--va 0xffffffff81001000"
expect 1 "short.page: offset 4000 \(0xfa0\): .*exactly 4096 bytes" \
    --hypercall-page "$work/short.page" $va
expect 1 "long.page: offset 4096 \(0x1000\): .*goes on past it" \
    --hypercall-page "$work/long.page" $va
expect 1 "dir.page: offset 0 \(0x0\): is a directory" \
    --hypercall-page "$work/dir.page" $va
expect 1 "missing.page: cannot open" --hypercall-page "$work/missing.page" $va
expect 1 "offset 0 \(0x0\): address 0xffffffff81001008 is not page-aligned" \
    --hypercall-page "$data/pv64-xen-4.17.page" --va 0xffffffff81001008
expect 2 "needs --va" --hypercall-page "$data/pv64-xen-4.17.page"
expect 2 "PV64 or PV32" --hypercall-page "$data/pv64-xen-4.17.page" $va \
    --guest-type HVM
expect 2 "goes with --hypercall-page" "$work/short.page" $va

[ "$fails" = 0 ] || { echo "$fails failures"; exit 1; }
echo "hypercall pages: all as Xen writes them"
