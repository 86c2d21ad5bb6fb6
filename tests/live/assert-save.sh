# assert-save.sh: the checks on the xl save images steps/save.sh brought
# out (OUT/save/NAME.img).  Sourced by assert.sh, which gives it OUT, DB
# (its copy of dom0's database), XABI and the helpers q, check, all_of,
# rc, why, run_of, domid_of.  Each image is collected here, on the host,
# with `xabi collect --save`, and its snapshot of vCPU 0 held against the
# last snapshot `collect --live` took in dom0 of the same guest (labelled
# NAME) before it was saved:
#   pvsave, pvhsave, pvhfirst  every selector, and for PVH every segment's
#                              hidden base, limit and attributes
#   pvsave, pvlinux            the trap table, the callbacks, kernel_ss
#                              (Linux may be caught in user mode by one
#                              and suspended in its kernel by the other, so
#                              pvlinux's selectors are not compared)
#   pvlinux                    the GDT frames were read from the image
# pvnever, saved before its first instruction, is the partial file xl
# leaves when libxc refuses vCPU 0: collect --save must fail naming a byte
# offset, the database unchanged.
# Xen 4.17's check-live only (steps/save.sh and prepare.sh say why).
[ "$REL" = 4.17 ] || return 0
echo "check-live: xl save images (steps/save.sh)"

# snap_of RUN: the last snapshot of vCPU 0 in a run.
snap_of() { q "SELECT max(id) FROM snapshot WHERE run_id = $1 AND vcpu = 0"; }
segs() { # SNAPSHOT [hidden]
    if [ "${2:-}" = hidden ]; then
        q "SELECT group_concat(reg || '=' || selector || '/' || base || '/' ||
               seg_limit || '/' || attr, ' ') FROM (SELECT * FROM
               snapshot_segment WHERE snapshot_id = $1 ORDER BY reg)"
    else
        q "SELECT group_concat(reg || '=' || selector, ' ') FROM (SELECT *
               FROM snapshot_segment WHERE snapshot_id = $1 ORDER BY reg)"
    fi
}
traps() {
    q "SELECT group_concat(vector || ':' || flags || ':' || cs || ':' ||
           printf('%x', address), ' ') FROM (SELECT * FROM snapshot_trap
           WHERE snapshot_id = $1 ORDER BY vector)"
}
callbacks() {
    q "SELECT group_concat(type || ':' || coalesce(cs, '-') || ':' ||
           printf('%x', address), ' ') FROM (SELECT * FROM snapshot_callback
           WHERE snapshot_id = $1 ORDER BY type)"
}
reg() { q "SELECT value FROM snapshot_reg WHERE snapshot_id = $1 AND name = '$2'"; }

for name in pvsave pvlinux pvhsave pvhfirst; do
    img=$OUT/save/$name.img
    if [ "$(rc create-$name)" = not-run ]; then
        echo "  NOTE  $name: not created in dom0 (no PVH without hvm in virt_caps)"
        continue
    fi
    size=$(stat -c %s "$img" 2>/dev/null || echo none)
    check "xl save $name" "rc=0 and an image" "$(why save-$name), $size bytes" \
        all_of '[ "$(rc save-$name)" = 0 ]' '[ -s "$img" ]'
    [ -s "$img" ] || continue
    phase=final
    [ $name = pvhfirst ] && phase=initial
    "$XABI" collect --save "$img" --domain "$(domid_of $name)" --phase $phase \
        --label $name-save --db "$DB" > "$OUT/steps/host-collect-save-$name.out" 2>&1
    crc=$?
    check "collect --save $name.img" "rc=0" \
        "rc=$crc: $(head -n 1 "$OUT/steps/host-collect-save-$name.out")" [ $crc = 0 ]
    lr=$(run_of $name)
    sr=$(run_of $name-save snapshot)
    if [ -z "$lr" ] || [ -z "$sr" ]; then
        bad "$name: a live run and a save run" "both" "live '${lr}', save '${sr}'"
        continue
    fi
    ls=$(snap_of "$lr")
    ss=$(snap_of "$sr")
    case $name in
    pvh*)
        a=$(segs "$ls" hidden) b=$(segs "$ss" hidden)
        check "$name: segments with hidden state, save = live" "'$a'" "'$b'" \
            all_of '[ -n "$a" ]' '[ "$a" = "$b" ]'
        a=$(reg "$ls" rip) b=$(reg "$ss" rip)
        check "$name: rip, save = live" "$a" "$b" all_of '[ -n "$a" ]' '[ "$a" = "$b" ]'
        ;;
    pvsave)
        a=$(segs "$ls") b=$(segs "$ss")
        check "$name: selectors, save = live" "'$a'" "'$b'" \
            all_of '[ -n "$a" ]' '[ "$a" = "$b" ]'
        ;;
    esac
    case $name in
    pvsave|pvlinux)
        a=$(traps "$ls") b=$(traps "$ss")
        check "$name: trap table, save = live" "'$a'" "'$b'" \
            all_of '[ -n "$a" ]' '[ "$a" = "$b" ]'
        a=$(callbacks "$ls") b=$(callbacks "$ss")
        check "$name: callbacks, save = live" "'$a'" "'$b'" \
            all_of '[ -n "$a" ]' '[ "$a" = "$b" ]'
        a=$(reg "$ls" kernel_ss) b=$(reg "$ss" kernel_ss)
        check "$name: kernel_ss, save = live" "$a" "$b" [ "$a" = "$b" ]
        ;;
    esac
    if [ $name = pvlinux ]; then
        a=$(q "SELECT count(*) FROM snapshot_gdt WHERE snapshot_id = $ls")
        b=$(q "SELECT count(*) FROM snapshot_gdt WHERE snapshot_id = $ss")
        check "$name: GDT descriptors from the saved frames" "$a (as live)" "$b" \
            all_of '[ "$b" -gt 0 ]' '[ "$a" = "$b" ]'
    fi
done

# pvnever: the partial image is bad input.
img=$OUT/save/pvnever.img
if [ -f "$img" ]; then
    size=$(stat -c %s "$img")
    check "xl save pvnever (never ran)" "xl fails" "$(why save-pvnever), $size bytes left" \
        [ "$(rc save-pvnever)" != 0 ]
    before=$(sha256sum < "$DB")
    "$XABI" collect --save "$img" --db "$DB" > "$OUT/steps/host-collect-save-pvnever.out" 2>&1
    crc=$?
    msg=$(head -n 1 "$OUT/steps/host-collect-save-pvnever.out")
    check "collect --save pvnever.img" "rc=1, a byte offset, DB unchanged" \
        "rc=$crc: $msg" all_of '[ $crc = 1 ]' 'case $msg in *"byte "[0-9]*) true;; *) false;; esac' \
        '[ "$(sha256sum < "$DB")" = "$before" ]'
fi
