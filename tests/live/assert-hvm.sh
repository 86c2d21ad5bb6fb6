# assert-hvm.sh: sourced by assert.sh (it uses check, ok, bad, q, rc, why,
# run_of, domid_of, $XABI, $DB, $OUT, $console).  The HVM domU of
# steps/hvm.sh: xabi's own boot sector (tests/live/hvmguest) in plain real
# mode (A), big real mode (B) and a real-mode load after it (C).  Skipped,
# with a note, when dom0 had no device model or no hvm in virt_caps.
if [ "$(rc create-hvmtest)" = not-run ] && [ "$REL" = 4.17 ]; then
    # 4.17's check-live has Debian's device model (prepare.sh installs it):
    # an HVM domU that never ran is a failure there, not a note.
    bad "HVM domU on Xen 4.17" "hvmtest created" \
        "not run: $(grep -m 1 'qemu-system-xen\|HVM' "$OUT/steps/hvm.out" 2>/dev/null || echo 'no device model or no hvm in virt_caps')"
elif [ "$(rc create-hvmtest)" = not-run ]; then
    echo "  note  no HVM domU in this dom0 (Xen $REL: 4.17's check-live only)"
else
    hvm=$(domid_of hvmtest)
    echo "check-live: the HVM domU (hvmtest, d${hvm:-?}), run labelled hvm-domU"
    for s in create-hvmtest live-hvmtest; do
        if [ "$(rc $s)" = 0 ]; then ok "step $s" "rc=0" "rc=0"
        else bad "step $s" "rc=0" "$(why $s)"; fi
    done
    states=$(tr -d '\r' < "$console" 2>/dev/null |
        grep -ao "(d${hvm:-?}) xabi-hvmguest: [ABC]" | awk '{print $3}' | tr -d '\n')
    check "hvmguest's states on Xen's console" "'ABC'" "'$states'" [ "$states" = ABC ]
    r=$(run_of hvm-domU)
    if [ -z "$r" ] || [ -z "$hvm" ]; then
        bad "HVM run" "a live run" "no run labelled hvm-domU: $(why live-hvmtest)"
    else
        "$XABI" check --db "$DB" --run "$r" --fail-on never > /dev/null 2>&1
        # A: every segment loaded in real mode, base selector x 16.
        a=$(q "SELECT min(s.id) FROM snapshot s
                JOIN v_snapshot_mode m ON m.snapshot_id = s.id
                JOIN snapshot_segment g ON g.snapshot_id = s.id
               WHERE s.run_id = $r AND s.domid = $hvm AND m.mode = 'real'
                 AND g.reg = 'gs' AND g.selector = 12288 AND g.base = 196608")
        v=$(q "SELECT group_concat(verdict || ': ' || message, ' | ') FROM finding
                WHERE run_id = $r AND rule_id = 'HVM-001' AND snapshot_id = ${a:-0}")
        check "HVM-001 on plain real mode (A, GS 0x3000 base 0x30000)" \
            "PASS, every base selector x 16" "snapshot ${a:-none}: ${v:-no finding}" \
            all_of '[ -n "$a" ]' 'case "$v" in "PASS: real mode: every"*) true ;; *) false ;; esac'
        # B: FS 0x10 base 0, GS 0x18 base 0x20000, both 4 GiB, from the GDT.
        b=$(q "SELECT min(s.id) FROM snapshot s
                JOIN v_snapshot_mode m ON m.snapshot_id = s.id
                JOIN snapshot_segment g ON g.snapshot_id = s.id
               WHERE s.run_id = $r AND s.domid = $hvm AND m.mode = 'real'
                 AND g.reg = 'gs' AND g.selector = 24 AND g.base = 131072
                 AND g.seg_limit = 4294967295")
        v=$(q "SELECT group_concat(verdict || ': ' || message, ' | ') FROM finding
                WHERE run_id = $r AND rule_id = 'HVM-001' AND snapshot_id = ${b:-0}")
        check "HVM-001 on big real mode (B, FS 0x10 base 0, GS 0x18 base 0x20000)" \
            "PASS, 2 segments loaded in protected mode" "snapshot ${b:-none}: ${v:-no finding}" \
            all_of '[ -n "$b" ]' 'case "$v" in "PASS: real mode with 2 segment(s) loaded in protected mode"*) true ;; *) false ;; esac'
        # C: GS reloaded in real mode: base 0x40000, the 4 GiB limit kept.
        n=$(q "SELECT count(*) FROM v_segment_load WHERE run_id = $r
                AND domid = $hvm AND reg = 'gs' AND old_selector = 24
                AND new_selector = 16384 AND new_base = 262144
                AND old_mode = 'real' AND new_mode = 'real'")
        check "GS load in real mode after big real mode (C)" \
            "a segment load real -> real, GS 0x18 -> 0x4000 base 0x40000" "$n" [ "${n:-0}" -ge 1 ]
        w=$(q "SELECT count(*) FROM finding WHERE run_id = $r
                AND rule_id = 'HVM-001' AND verdict NOT IN ('PASS', 'NOT-OBSERVED')")
        check "HVM-001 on every real-mode snapshot of the run" "no WARN" "$w WARN" [ "$w" = 0 ]
        x=$(q "SELECT coalesce(sum(count), 0) FROM v_hvm_exit WHERE run_id = $r AND domid = $hvm")
        check "HVM exits of d$hvm in the trace" "> 0" "$x" [ "${x:-0}" -gt 0 ]
        echo "  note  d$hvm: $(q "SELECT count(*) FROM snapshot WHERE run_id = $r AND domid = $hvm") snapshots," \
            "$(q "SELECT group_concat(mode || ' ' || n, ', ') FROM (SELECT mode, count(*) AS n
                   FROM v_snapshot_mode WHERE run_id = $r AND domid = $hvm GROUP BY mode)");" \
            "$(q "SELECT lost_records FROM run WHERE id = $r") records lost"
    fi
fi
