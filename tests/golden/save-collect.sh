#!/bin/sh
# Golden test: real `xl save` images made by `make check-live` on Xen
# 4.17: of xabi's PVH guest (pvhds, tests/live/pvhguest) pvhsave, saved
# while it ran (paused first), and pvhfirst, saved before its first
# instruction; of xabi's PV guest (tests/live/pvguest, -DPVGUEST_SAVE)
# pvsave, saved while it spun with its trap table and callbacks set; and
# pvnever-4.17, what xl left of a PV guest that never ran
# (libxc refused vCPU 0 after the headers).  Each image's snapshot must
# be what `collect --live` saw of the same guest just before the save
# (tests/data/save/NAME.live.txt, from that run's database); the broken
# images must fail with the file and byte offset, the database unchanged.
set -eu
XABI=${XABI:-build/xabi}
data=$(dirname "$0")/../data/save
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/db
fails=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
q() { sqlite3 -batch -noheader "$db" "$1"; }

# state RUN: vCPU 0's segments and registers as NAME.live.txt lists them.
state() {
    s=$(q "SELECT id FROM snapshot WHERE run_id = $1 AND vcpu = 0")
    q "SELECT 'seg ' || reg || ' ' || selector || ' ' || base || ' ' ||
           seg_limit || ' ' || attr FROM snapshot_segment
         WHERE snapshot_id = $s ORDER BY reg"
    q "SELECT 'reg ' || name || ' ' || value FROM snapshot_reg
         WHERE snapshot_id = $s AND name IN ('rip', 'rbx', 'rsp', 'rflags',
               'cr0', 'cr3', 'cr4', 'efer') ORDER BY name"
}

run=0
for c in pvhsave:10:final pvhfirst:11:initial; do
    n=${c%%:*} rest=${c#*:}
    d=${rest%%:*} phase=${rest#*:}
    run=$((run + 1))
    xz -dc "$data/$n.img.xz" > "$work/$n.img"
    if "$XABI" collect --save "$work/$n.img" --domain "$d" --phase "$phase" \
        --label "$n" --db "$db" > "$work/out" 2>&1; then
        ok "$n: collected: $(cat "$work/out")"
    else
        bad "$n: collect --save failed: $(cat "$work/out")"
        continue
    fi
    grep -v '^#' "$data/$n.live.txt" > "$work/want"
    state $run > "$work/saw"
    if cmp -s "$work/want" "$work/saw"; then
        ok "$n: segments with hidden state and registers as --live saw them"
    else
        bad "$n: the image's snapshot differs from --live's"
        diff "$work/want" "$work/saw" || true
    fi
    t=$(q "SELECT guest_type || ' ' || phase || ' d' || domid FROM snapshot
             WHERE run_id = $run")
    [ "$t" = "PVH $phase d$d" ] && ok "$n: $t" || bad "$n: '$t', want 'PVH $phase d$d'"
    v=$(q "SELECT xen_version FROM run WHERE id = $run")
    [ "$v" = 4.17 ] && ok "$n: Xen $v, from the domain header" ||
        bad "$n: Xen '$v', want 4.17 (the domain header's)"
done

# pvsave (run 3): the PV context, selectors, trap table, callbacks and
# the registers --live read, as --live saw them.
xz -dc "$data/pvsave.img.xz" > "$work/pvsave.img"
if "$XABI" collect --save "$work/pvsave.img" --domain 7 --label pvsave \
    --db "$db" > "$work/out" 2>&1; then
    ok "pvsave: collected: $(cat "$work/out")"
    s=$(q "SELECT id FROM snapshot WHERE run_id = 3 AND vcpu = 0")
    {
        q "SELECT 'seg ' || reg || ' ' || selector FROM snapshot_segment
             WHERE snapshot_id = $s ORDER BY reg"
        q "SELECT 'trap ' || vector || ' ' || flags || ' ' || cs || ' ' ||
               address FROM snapshot_trap WHERE snapshot_id = $s ORDER BY vector"
        q "SELECT 'callback ' || type || ' ' || address FROM snapshot_callback
             WHERE snapshot_id = $s ORDER BY type"
        q "SELECT 'reg ' || name || ' ' || value FROM snapshot_reg
             WHERE snapshot_id = $s AND name IN ('kernel_ss', 'kernel_sp',
                   'gdt_ents', 'vm_assist', 'cr0', 'cr4') ORDER BY name"
    } > "$work/saw"
    grep -v '^#' "$data/pvsave.live.txt" > "$work/want"
    if cmp -s "$work/want" "$work/saw"; then
        ok "pvsave: selectors, trap table, callbacks and registers as --live saw them"
    else
        bad "pvsave: the image's snapshot differs from --live's"
        diff "$work/want" "$work/saw" || true
    fi
    t=$(q "SELECT guest_type || ' ' || gdt_read || ' ' ||
               (SELECT count(*) FROM snapshot_reg r WHERE r.snapshot_id = $s
                 AND r.name = 'cr3') FROM snapshot WHERE id = $s")
    [ "$t" = "PV64 1 0" ] && ok "pvsave: PV64, GDT read (none of its own), no CR3 (a PFN in an image)" ||
        bad "pvsave: '$t', want 'PV64 1 0'"
    w=$(q "SELECT arg0 || ',' || arg1 FROM fact WHERE run_id = 3
             AND kind = 'save_header' AND key = 5")
    [ "$w" = "8,4" ] && ok "pvsave: X86_PV_INFO width 8, 4 levels" ||
        bad "pvsave: X86_PV_INFO '$w'"
else
    bad "pvsave: collect --save failed: $(cat "$work/out")"
fi

# The headers and records, as Xen's own verify-stream-v2 lists them for
# pvhsave: libxc stream version 3, domain type 2 (x86 HVM: libxc writes
# PVH so), 1020 PAGE_DATA records, and the rest once each.
h=$(q "SELECT group_concat(key || ':' || arg0 || ',' || arg1, ' ') FROM (
         SELECT * FROM fact WHERE run_id = 1 AND kind = 'save_header'
          ORDER BY offset)")
[ "$h" = "1:3,0 2:2,0 3:3,0 4:2,12" ] && ok "pvhsave headers: $h" ||
    bad "pvhsave headers: '$h'"
r=$(q "SELECT group_concat(arg0 || '/' || printf('0x%x', key) || 'x' || arg1, ' ')
         FROM (SELECT * FROM fact WHERE run_id = 1 AND kind = 'save_record'
          ORDER BY offset)")
want="0/0x1x1 1/0x11x1 1/0x12x1 1/0x10x1 1/0x1x1020 1/0x8x1 1/0x9x1 1/0xax1 1/0x0x1 0/0x0x1"
[ "$r" = "$want" ] && ok "pvhsave records: $r" || bad "pvhsave records: '$r', want '$want'"

# The rules read these snapshots as they read live ones.
"$XABI" check --db "$db" --run 2 --fail-on never > "$work/check" 2>&1 || true
grep -q "PVH-001" "$work/check" && ok "check --run 2 judges the PVH rules" ||
    { bad "check --run 2: no PVH-001"; cat "$work/check"; }

# The same image again: nothing changes.
if "$XABI" collect --save "$work/pvhsave.img" --db "$db" > "$work/out" 2>&1 &&
    grep -q "already collected as run 1" "$work/out"; then
    ok "pvhsave again: $(cat "$work/out")"
else
    bad "pvhsave again: $(cat "$work/out")"
fi

# Bad input: each fails with exit 1, the file and a byte offset, and
# leaves the database as it was.
before=$(sha256sum "$db" | cut -d' ' -f1)
xz -dc "$data/pvnever-4.17.img.xz" > "$work/pvnever.img"
head -c 1000000 "$work/pvhsave.img" > "$work/cut.img"
xz -dc "$(dirname "$0")/../data/trace_pv.bin.xz" | head -c 65536 > "$work/trace.img"
{ head -c 2338 "$work/pvhsave.img"; printf '\022\000\000\000\377\377\377\177'; } \
    > "$work/absurd.img"
for c in "pvnever.img:byte 876: truncated" "cut.img:byte 2386: truncated: libxc record type 0x1 claims" \
         "trace.img:byte 0: not an xl save image" \
         "absurd.img:byte 2338: truncated: libxc record type 0x12 claims"; do
    f=${c%%:*} want=${c#*:}
    set +e
    "$XABI" collect --save "$work/$f" --db "$db" > "$work/out" 2>&1
    rc=$?
    set -e
    if [ $rc = 1 ] && grep -q "$work/$f: .*$want" "$work/out"; then
        ok "$f: exit 1, $(cat "$work/out")"
    else
        bad "$f: exit $rc, '$(cat "$work/out")', want '$want'"
    fi
done
set +e
"$XABI" collect --save /dev/stdin --db "$db" < /dev/null > "$work/out" 2>&1
rc=$?
set -e
[ $rc = 1 ] && grep -q "not a regular file" "$work/out" &&
    ok "standard input: $(cat "$work/out")" || bad "stdin: exit $rc, $(cat "$work/out")"
after=$(sha256sum "$db" | cut -d' ' -f1)
[ "$before" = "$after" ] && ok "the database is unchanged by the bad images" ||
    bad "the database changed"

[ $fails = 0 ] || { echo "save-collect: $fails failure(s)"; exit 1; }
echo "save-collect: all passed"
