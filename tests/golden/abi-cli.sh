#!/bin/sh
# test-abi-cli.sh: golden checks of `xabi decode` and `xabi abi` as users
# run them: output, JSON validity, exit codes, and that bad input leaves
# the database as it was.
#
#   usage: XABI=build/xabi tests/golden/abi-cli.sh   (tests/run.sh does)
set -u
XABI=${XABI:-build/xabi}
xabi=$(cd "$(dirname "$XABI")" && pwd)/$(basename "$XABI")
work=$(mktemp -d "${TMPDIR:-/tmp}/xabi-abi-cli.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
cd "$work" || exit 1
failures=0
checks=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# expect_exit CODE CMD...: run, keeping stdout in out and stderr in err.
expect_exit() {
    want=$1
    shift
    checks=$((checks + 1))
    "$@" >out 2>err
    got=$?
    [ "$got" -eq "$want" ] || fail "exit $got, not $want: $* ($(head -c 300 err))"
}

# has TEXT: stdout of the last command contains TEXT.
has() {
    checks=$((checks + 1))
    grep -qF -- "$1" out || fail "no '$1' in: $(head -c 600 out)"
}

json_ok() {
    checks=$((checks + 1))
    python3 -c 'import json,sys; json.load(open("out"))' ||
        fail "not JSON: $(head -c 300 out)"
}

# ---- decode: the wiki's segment facts -----------------------------------
expect_exit 0 "$xabi" decode selector 0xe033
has "index 7174 in the GDT, RPL 3"
has "entry 6 of Xen's reserved GDT area, which starts at 7168"
has "262 = 256 + 6"
has "FLAT_RING3_CS64"
has "FLAT_RING3_DS"
# The "GDT index 262" note once per selector, not once per name.
checks=$((checks + 1))
[ "$(grep -c 'GDT index 262' out)" -eq 1 ] ||
    fail "the GDT index note $(grep -c 'GDT index 262' out) times, not once"
has 'FLAT_RING3_DS, FLAT_RING3_SS (arch-x86/xen-x86_32.h), FLAT_RING3_CS64 (arch-x86/xen-x86_64.h) say "GDT index 262"'
has "PV32 (arch-x86/xen-x86_32.h): FLAT_RING3_DS"
has "PV64 (arch-x86/xen-x86_64.h): FLAT_KERNEL_CS"
has "HVM64: no FLAT_* name applies"
expect_exit 0 "$xabi" decode selector 0xe033 --xen-version 4.12
has "\"GDT index 261\": wrong"
for s in 0xe019 0xe021 0xe02b 0xe033; do
    expect_exit 0 "$xabi" decode selector $s --json
    json_ok
done
expect_exit 0 "$xabi" decode selector 0xe033 --xen-version 4.12.1
has "(Xen 4.12.1, catalogue 4.12)"
has "\"GDT index 261\": wrong"
# --guest-type: each width reads the value by its own header; exit 3 when
# the guest type (or, without it, every one) cannot hold it.
expect_exit 0 "$xabi" decode selector 0xe033 --seg ss
has "in SS: invalid: a code selector cannot be loaded into SS, as the header names it: FLAT_KERNEL_CS"
has "verdict: valid in SS for PV32, HVM32, HVM64; invalid for PV64"
expect_exit 0 "$xabi" decode selector 0xe02b --seg ss --guest-type PV64
has "FLAT_KERNEL_SS"
has "verdict: valid in SS for PV64"
expect_exit 3 "$xabi" decode selector 0xe02b --seg ss --guest-type PV32
has "PV32 (arch-x86/xen-x86_32.h): FLAT_RING3_CS, FLAT_USER_CS"
has "verdict: invalid in SS for PV32"
if grep -q "xen-x86_64.h" out; then fail "--guest-type PV32 read the 64-bit header"; fi
expect_exit 3 "$xabi" decode selector 0xe033 --seg ss --guest-type pv64 --json
json_ok
has '"valid": false'
expect_exit 0 "$xabi" decode selector 0 --seg ss --guest-type HVM64
expect_exit 3 "$xabi" decode selector 0 --seg ss --guest-type PV64
expect_exit 2 "$xabi" decode selector 0xe033 --guest-type PVH
expect_exit 0 "$xabi" decode selector 0xe021 --seg ss
grep -q "invalid in SS" out && fail "0xe021 is a fine SS"
expect_exit 0 "$xabi" decode selector 0xe019
has "RPL 1"
has "FLAT_RING1_CS"

expect_exit 0 "$xabi" decode descriptor 0x00cfb2000000ffff
has "flat 32-bit ring-1 data, read/write"
has "limit 0xfffff, scaled by G=1 to 0xffffffff"
expect_exit 0 "$xabi" decode descriptor 0x00affa000000ffff
has "flat 64-bit ring-3 code, execute/read"
has "L=1 D/B=0 G=1"
expect_exit 0 "$xabi" decode descriptor 0x00c0960000000fff
has "expand-down: valid offsets 0x1000000 to 0xffffffff"
expect_exit 0 "$xabi" decode descriptor 0x00cfba000000ffff
has "flat 32-bit ring-1 code, execute/read"
expect_exit 3 "$xabi" decode descriptor 0x00cfba000000ffff --seg ss
has "invalid: a code segment cannot be loaded into SS"
expect_exit 3 "$xabi" decode descriptor 0x00effa000000ffff --json
json_ok
has '"valid": false'
expect_exit 0 "$xabi" decode descriptor 0x0000890000000067 0x00000000ffff8000
has "64-bit TSS (available)"
has "base 0xffff800000000000"

expect_exit 0 "$xabi" decode event 0x0020100d
has "TRC_PV_HYPERCALL_V2"
has "(TRC_PV)"
has "(TRC_PV_ENTRY)"
has "layout: w0 bits 0-19 hypercall number"
expect_exit 0 "$xabi" decode event 0x0020f001 --xen-version 4.2
has "name: TRC_PV_HYPERCALL"
expect_exit 0 "$xabi" decode event 0x0020100d --xen-version 4.2
has "unknown in this version"
expect_exit 0 "$xabi" decode event 0x0020f103 --xen-version 4.2 --json
json_ok
has '"flag64": true'

# A runstate change is not TRC_64_FLAG; scheduler events by their names.
expect_exit 0 "$xabi" decode event 0x00021101
has "name: TRC_SCHED_RUNSTATE_CHANGE"
has "runstate: d?v? runnable->running"
has "64-bit flag: clear"
if grep -q "| TRC_64_FLAG" out; then fail "0x00021101 read as TRC_64_FLAG"; fi
expect_exit 0 "$xabi" decode event 0x00022206
has "name: TRC_CSCHED2_TICKLE"
has "scheduler: credit2"
expect_exit 0 "$xabi" decode event 0x00022805 --json
json_ok
has '"name": "TRC_RTDS_SCHED_TASKLET"'
has '"scheduler": "RTDS"'
expect_exit 0 "$xabi" decode event 0x00081103 --xen-version 4.20
has "name: TRC_HVM_SVM_EXIT64"
has "layout: w0 exit code (VMEXIT_*); w1-w2 rip"

expect_exit 0 "$xabi" decode trap-info 14 0 0xe033 0xffffffff81000000
has "#PF"
has "DPL 0"
has "FLAT_KERNEL_CS"
expect_exit 0 "$xabi" decode trap-info 14 0 0xe033 0xffffffff81000000 \
    --guest-type PV64
has "verdict: valid in CS for PV64"
expect_exit 3 "$xabi" decode trap-info 14 0 0xe033 0xffffffff81000000 \
    --guest-type PV32
has "verdict: invalid in CS for PV32"
expect_exit 0 "$xabi" decode trap-info 0x80 7 0xe019 0xc0100000 --json
json_ok
has '"masks_events": true'

# ---- decode: bad input --------------------------------------------------
expect_exit 1 "$xabi" decode selector 0x10000
expect_exit 1 "$xabi" decode selector 0xe0zz
expect_exit 1 "$xabi" decode descriptor 0x1ffffffffffffffff
expect_exit 1 "$xabi" decode event 0x1ffffffff
expect_exit 1 "$xabi" decode trap-info 256 0 0xe033 0x1000
expect_exit 1 "$xabi" decode selector 0xe033 --xen-version 9.99
expect_exit 1 "$xabi" decode selector 0xe033 --xen-version 'x"y'
expect_exit 1 "$xabi" decode selector 0xe033 --db nonexistent.db
expect_exit 2 "$xabi" decode selector
expect_exit 2 "$xabi" decode frobnicate 1
expect_exit 2 "$xabi" decode selector 1 --bogus
expect_exit 0 "$xabi" decode --help
[ -e xabi.db ] && fail "decode created xabi.db"

# ---- abi diff: exit codes as abidiff --------------------------------------
expect_exit 0 "$xabi" abi diff 4.17 4.17
has "no changes from Xen 4.17 to 4.17; "
has "1131 items in 14 categories compared"
expect_exit 4 "$xabi" abi diff 4.13 4.14
has "hypfs_op = 42"
# A reserved number that got its name: the number stays, no guest breaks.
expect_exit 4 "$xabi" abi diff 4.11 4.12
has "39: xc_reserved_op -> argo_op"
# Only the ELF note count and the interface version moved on.
expect_exit 4 "$xabi" abi diff 4.18 4.19
has "elfnote        value-bumped [elfnote.h] XEN_ELFNOTE_MAX: 18 -> 19"
has "0 of them incompatible"
# Layouts, per width.
expect_exit 4 "$xabi" abi diff 4.10 4.11
has "layout         resized      [x86_64] hvm_start_info: 40 -> 56 bytes"
has "member         added        [x86_32] hvm_start_info.memmap_paddr: offset 40, 8 bytes, uint64_t"
has "layout         added        [x86_64] hvm_memmap_table_entry: 24 bytes (arch-x86/hvm/start_info.h)"
expect_exit 4 "$xabi" abi diff 4.5 4.6
has "layout         resized      [x86_32] arch_shared_info: 268 -> 28 bytes"
expect_exit 4 "$xabi" abi diff 4.10 4.11 --json
json_ok
has '"layouts_compared": true'
has '"what": "member", "group": "x86_64", "layout": "hvm_start_info", "name": "memmap_entries"'
expect_exit 4 "$xabi" abi diff 4.12 4.13 --json
json_ok
has '"old_text": "GDT index 261"'
expect_exit 1 "$xabi" abi diff 4.17 4.99
expect_exit 2 "$xabi" abi diff 4.17
expect_exit 1 "$xabi" abi diff 4.16 4.17 --db nonexistent.db
expect_exit 4 "$xabi" abi diff 4.16 4.17
has "interface      value-bumped [domctl.h] (tools only) XEN_DOMCTL_INTERFACE_VERSION: 0x14 -> 0x15"
has "0 of them incompatible"

# ---- abi list: the versions, or one version's catalogue --------------------
expect_exit 0 "$xabi" abi list
has "4.2, 4.3, 4.4"
expect_exit 0 "$xabi" abi list 4.17 --kind hypercall
has "hypercall   48 mca [x86 only]: arch-x86/xen-mca.h: __HYPERVISOR_arch_0"
expect_exit 0 "$xabi" abi list 4.17 --kind layout
has "layout     [x86_64] struct hvm_start_info: 56 bytes (arch-x86/hvm/start_info.h)"
has "    +40        8  memmap_paddr: uint64_t"
expect_exit 0 "$xabi" abi list 4.17.3 --kind interface
has "XEN_DOMCTL_INTERFACE_VERSION = 0x15 (21) [tools only]"
expect_exit 0 "$xabi" abi list 4.17 --kind subop
has "[event_channel_op] EVTCHNOP_reset_cont = 14 [Xen-internal]"
has "[platform_op] XENPF_settime64 = 62"
expect_exit 0 "$xabi" abi list 4.17 --kind xenfeat
has "XENFEAT_hvm_callback_vector = 0x8 (8)"
# 4.6: XENPF_settime names settime64 now; 17 still means settime32.
expect_exit 4 "$xabi" abi diff 4.5 4.6
has "subop          redirected   [platform_op] XENPF_settime: 17 -> 62"
expect_exit 0 "$xabi" abi list 4.17 --json
json_ok
has '"kind": "layout", "layout": {"width": "x86_32", "name": "arch_shared_info"'
expect_exit 0 "$xabi" abi list 4.2 --kind layout --json
json_ok
expect_exit 1 "$xabi" abi list 4.99
expect_exit 2 "$xabi" abi list 4.17 --kind bogus
expect_exit 2 "$xabi" abi list --kind layout
expect_exit 2 "$xabi" abi list 4.17 4.18

# ---- abi import -----------------------------------------------------------
if [ -r /usr/include/xen/xen.h ]; then
    expect_exit 0 "$xabi" abi import /usr/include/xen --version 4.17-debian \
        --db cat.db
    has "Xen 4.17-debian:"
    expect_exit 0 "$xabi" abi diff 4.17 4.17-debian --db cat.db
    has "no changes"
    sum=$(cksum < cat.db)
    expect_exit 1 "$xabi" abi import /usr/include/xen --version 4.17 --db cat.db
    [ "$(cksum < cat.db)" = "$sum" ] || fail "a refused import changed cat.db"
else
    echo "skipped: /usr/include/xen is missing (apt-get install libxen-dev)"
fi
expect_exit 1 "$xabi" abi import /nonexistent/dir --version 4.17 --db new.db
[ -e new.db ] && fail "a failed import left new.db behind"
mkdir notxen
echo '#define NOT_XEN 1' > notxen/xen.h
expect_exit 1 "$xabi" abi import notxen --version 4.99 --db new.db
grep -q "not Xen's public headers" err || fail "no message for non-Xen headers"
[ -e new.db ] && fail "a failed import left new.db behind"
expect_exit 1 "$xabi" abi import notxen --version 'four' --db new.db
expect_exit 2 "$xabi" abi import notxen --db new.db

# Comments with quotes and backslashes stay valid JSON.
mkdir -p weird/arch-x86
printf '#define __HYPERVISOR_set_trap_table 0 /* say "hi" \\ \001 */\n' \
    > weird/xen.h
printf '#define FLAT_RING3_CS64 0xe033 /* "GDT" index 262 */\n' \
    > weird/arch-x86/xen-x86_64.h
expect_exit 0 "$xabi" abi import weird --version 9.0-weird --db w.db
expect_exit 12 "$xabi" abi diff 4.17 9.0-weird --db w.db --json
json_ok
expect_exit 0 "$xabi" decode selector 0xe033 --xen-version 9.0-weird \
    --db w.db --json
json_ok

# ---- abi diff --run: two stored runs ---------------------------------------
expect_exit 0 "$xabi" abi import weird --version 9.1 --db runs.db
python3 - <<'PY' || fail "could not add runs to runs.db"
import sqlite3
db = sqlite3.connect("runs.db")
for rid, ver, sha in ((1, "4.17", "a" * 64), (2, "4.19", "b" * 64)):
    db.execute("INSERT INTO run (id, source_kind, source_path, source_size, "
               "source_sha256, xen_version, label, collected_at, xabi_version, "
               "status) VALUES (?, 'trace', ?, 1, ?, ?, ?, 'now', 'test', "
               "'complete')", (rid, "run%d.trace" % rid, sha, ver,
                               'say "hi"' if rid == 1 else None))
rows = [(1, "hypercall", 13, 500, 0), (1, "hypercall", 17, 20, 0),
        (1, "hypercall", 24, 480, 0), (2, "hypercall", 13, 10, 0),
        (2, "hypercall", 24, 985, 0), (2, "hypercall", 42, 5, 0),
        (1, "trap", 13, 3, 3), (2, "trap", 13, 2, 0)]
for run, kind, key, count, errc in rows:
    db.execute("INSERT INTO fact_agg (run_id, domid, vcpu, kind, key, count, "
               "with_error_code) VALUES (?, 1, 0, ?, ?, ?, ?)",
               (run, kind, key, count, errc))
db.commit()
PY
expect_exit 4 "$xabi" abi diff --run 1 --run 2 --db runs.db
has "A: run 1, Xen 4.17, trace run1.trace"
has "17 xen_version: 20 in A"
has "42 hypfs_op: none in A, 5 in B"
has "d1 (PV) in A, d1 (PV) in B, paired by domain id"
has "13 multicall: 500 in A"
has "13 #GP: with an error code 3 of 3 times in A, 0 of 2 in B"
expect_exit 4 "$xabi" abi diff --run 1 --run 2 --db runs.db --json
json_ok
expect_exit 0 "$xabi" abi diff --run 1 --run 1 --db runs.db
expect_exit 1 "$xabi" abi diff --run 1 --run 3 --db runs.db
expect_exit 1 "$xabi" abi diff --run 1 --run x --db runs.db
expect_exit 2 "$xabi" abi diff --run 1 --db runs.db
expect_exit 2 "$xabi" abi diff --run 1 --run 2 --factor 0.5 --db runs.db

echo "$checks checks, $failures failures"
[ "$failures" -eq 0 ]
