# assert-speed.sh: sourced by assert.sh (issue 17).  The records Xen
# dropped while two busy PV domUs ran, with xentrace's default buffer
# (tests/live/steps/speed.sh): reported, and each run that lost some must
# say so: its lost-record count, and TRACE-001 naming each lost span, over
# which rules say NOT-OBSERVED.
# Xen 4.17's check-live only (steps/speed.sh).
[ "$REL" = 4.17 ] || return 0
echo "check-live: records lost under load (tests/live/steps/speed.sh)"
for step in collect-busy-xentrace:busy-xentrace live-busy:busy-live; do
    label=${step#*:}
    step=${step%%:*}
    row=$(q "SELECT id || ' ' || records || ' ' || lost_records FROM run
             WHERE label = '$label' ORDER BY id DESC LIMIT 1")
    if [ -z "$row" ]; then
        # 139: xabi died of SIGSEGV; `why` shows the step's output.
        bad "$label run" "a run of the busy domUs" "none: $(why "$step")"
        continue
    fi
    read -r srun srecs slost <<< "$row"
    echo "  NOTE  $label: $slost records lost, $srecs kept, with xentrace's default buffer"
    "$XABI" check --run "$srun" --rule TRACE-001 --fail-on never --db "$DB" \
        > /dev/null 2>&1
    spans=$(q "SELECT count(*) FROM finding WHERE run_id = $srun AND
               rule_id = 'TRACE-001' AND message LIKE '%records lost on pCPU%'")
    nlost=$(q "SELECT count(*) FROM lost WHERE run_id = $srun")
    if [ "$slost" -gt 0 ]; then
        check "$label: lost records said" \
            "TRACE-001 names each of the $nlost lost spans" "$spans" \
            [ "$spans" = "$nlost" ]
    else
        check "$label: nothing lost" "TRACE-001 with no lost span" \
            "$spans" [ "$spans" = 0 ]
    fi
done
