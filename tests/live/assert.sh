#!/bin/bash
# assert.sh BUILD_DIR [OUT_DIR]: the findings `make check-live` requires of
# what dom0 brought out (OUT_DIR, default L/out of XABI_XEN_RELEASE's VM,
# release.sh), checked on the host with BUILD_DIR/xabi and sqlite3.  The
# same checks hold on every release; what differs by release comes from
# the data (abi/, through the rules and the run's Xen version), and that
# release's own xenalyze (in its root) reads the saved trace.  Each check prints what it
# expected and what it saw; any failure ends with exit 1 and the tail of
# the serial console.
#
# The checks are about the runs the dom0 init labelled pv-domU (and
# pvh-domU), made by `xabi collect --live`:
#   (a) SEG-001, the start-of-day selectors rule, passes for the PV domU
#   (b) its snapshots hold the trap table and the callbacks
#   (c) the domU's hypercalls were counted
# Until --live exists those runs are missing; the *-xentrace runs the init
# makes instead are then queried the same way, to show that the database
# came out and the queries work, and the checks above fail saying why.
set -uo pipefail
BUILD=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/release.sh"
OUT=${2:-$L/out}
XABI=$BUILD/xabi
console=$L/console.log
failed=0
echo "check-live: Xen $REL ($SUITE)"

ok()  { echo "  ok    $1: expected $2, saw $3"; }
bad() { echo "  FAIL  $1: expected $2, saw $3"; failed=$((failed + 1)); }
# check NAME EXPECTED-TEXT SAW TEST...: ok or FAIL by the test command.
# One command: in `check ... [ a ] && [ b ]` the && is the caller's, and
# [ b ] is never checked (tests/golden/lint-shell.sh refuses it); use
# all_of for several tests.
check() {
    # Names of its own, so that a test all_of evaluates sees the caller's
    # $want and $saw.
    local check_name=$1 check_want=$2 check_saw=$3
    shift 3
    if "$@"; then ok "$check_name" "$check_want" "$check_saw"
    else bad "$check_name" "$check_want" "$check_saw"; fi
}
# all_of 'TEST' 'TEST'...: true when every test (a shell command line,
# evaluated) is.
all_of() {
    local all_of_test
    for all_of_test in "$@"; do eval "$all_of_test" || return 1; done
}
q() { sqlite3 -batch -noheader "$DB" "$1"; }
# rc NAME: the exit status dom0 recorded for step NAME, or "not-run".
rc() { cat "$OUT/steps/$1.rc" 2>/dev/null || echo not-run; }
# why NAME: a step's status and its first message from xabi (else its
# first line: xentrace's chatter may come first), for a message.
why() {
    local f=$OUT/steps/$1.out line
    line=$(grep -m 1 '^xabi' "$f" 2>/dev/null || head -n 1 "$f" 2>/dev/null)
    echo "\`$1\` rc=$(rc "$1"): $line"
}
# run_of LABEL [KIND]: the newest run so labelled.  A collect --live with
# --kernel also makes an image run of the same label, hence the kind.
run_of() {
    q "SELECT max(id) FROM run WHERE label = '$1' AND source_kind = '${2:-live}'"
}
domid_of() { awk -v n="$1" '$1 == n { print $2 }' "$OUT/domids.txt" 2>/dev/null; }
hypercalls() { # RUN DOMID: PV calls, multicall entries and HVM/PVH calls
    q "SELECT coalesce(sum(calls + subcalls + hvm_calls), 0) FROM v_hypercall
        WHERE run_id = $1 AND domid = $2"
}
count_in_snapshots() { # TABLE RUN DOMID
    q "SELECT count(*) FROM $1 t JOIN snapshot s ON s.id = t.snapshot_id
        WHERE s.run_id = $2 AND s.domid = $3"
}

[ -f "$OUT/xabi.db" ] || { echo "check-live: FAILED: no $OUT/xabi.db"; exit 1; }
# xabi check records its findings in the database: work on a copy, so the
# database as dom0 wrote it stays as it came out.
DB=$L/assert.db
cp "$OUT/xabi.db" "$DB"

echo "check-live: dom0's steps"
want=$("$XABI" --version)
saw=$(cat "$OUT/steps/xabi-version.out" 2>/dev/null)
check "xabi runs in dom0" "'$want'" "'$saw' rc=$(rc xabi-version)" \
    all_of '[ "$(rc xabi-version)" = 0 ]' '[ "$saw" = "$want" ]'
for s in collect-trace-dom0 live-dom0 live-sigint create-pvtiny live-pvtiny \
    create-pvtest live-pvtest stats; do
    if [ "$(rc $s)" = 0 ]; then ok "step $s" "rc=0" "rc=0"
    else bad "step $s" "rc=0" "$(why $s)"; fi
done
# check exits 3 when it has findings at FAIL: a verdict, not an error.
check "step check" "rc=0 or 3" "$(why check)" \
    [ "$(rc check)" = 0 -o "$(rc check)" = 3 ]

# pidof exits 1 when no such process is left.
check "SIGINT ends xentrace too" "no xentrace left" \
    "$(cat "$OUT/steps/xentrace-left.out" 2>/dev/null) rc=$(rc xentrace-left)" \
    [ "$(rc xentrace-left)" = 1 ]

echo "check-live: the database ($OUT/xabi.db)"
runs=$("$XABI" stats --list --db "$DB" | grep -c '^run ')
check "runs" "at least 1" "$runs" [ "$runs" -ge 1 ]
r=$(run_of dom0-xentrace trace)
n=$([ -n "$r" ] && q "SELECT records FROM run WHERE id = $r")
check "dom0 trace read in dom0" "run dom0-xentrace with records" \
    "run ${r:-none}, ${n:-0} records" all_of '[ -n "$r" ]' '[ "${n:-0}" -gt 0 ]'

r=$(run_of sigint)
n=$([ -n "$r" ] && q "SELECT count(*) FROM snapshot WHERE run_id = $r AND phase = 'final'")
check "run stopped by SIGINT" "committed, with final snapshots" \
    "run ${r:-none}, ${n:-0} final snapshots" \
    all_of '[ -n "$r" ]' '[ "${n:-0}" -gt 0 ]'

pv=$(domid_of pvtest)
for x in pv-domU-xentrace pvh-domU-xentrace; do
    r=$(run_of $x trace)
    d=$(domid_of ${x%%-*}test)
    if [ -n "$r" ] && [ -n "$d" ]; then
        echo "  note  run $r ($x, the stand-in for --live): d$d made" \
            "$(hypercalls "$r" "$d") hypercalls"
    fi
done

echo "check-live: the PV domU (pvtest, d${pv:-?}), run labelled pv-domU"
r=$(run_of pv-domU)
if [ -z "$r" ] || [ -z "$pv" ]; then
    miss="no run labelled pv-domU: $(why live-pvtest)"
    bad "(a) SEG-001" "PASS" "$miss"
    bad "(b) trap table and callbacks" "rows" "$miss"
    bad "(c) hypercalls" "> 0" "$miss"
else
    if ! err=$("$XABI" check --db "$DB" --run "$r" --rule SEG-001 \
            --fail-on never 2>&1 > /dev/null); then
        bad "(a) xabi check on the host" "rc=0" "$err"
    fi
    v=$(q "SELECT group_concat(DISTINCT verdict) FROM finding
            WHERE run_id = $r AND rule_id = 'SEG-001' AND domid = $pv")
    m=$(q "SELECT message FROM finding
            WHERE run_id = $r AND rule_id = 'SEG-001' AND domid = $pv LIMIT 1")
    check "(a) SEG-001 on d$pv" "PASS" "${v:-no finding} (${m})" [ "$v" = PASS ]
    t=$(count_in_snapshots snapshot_trap "$r" "$pv")
    c=$(count_in_snapshots snapshot_callback "$r" "$pv")
    check "(b) trap table of d$pv" "snapshot_trap rows > 0" "$t" [ "$t" -gt 0 ]
    check "(b) callbacks of d$pv" "snapshot_callback rows > 0" "$c" [ "$c" -gt 0 ]
    h=$(hypercalls "$r" "$pv")
    check "(c) hypercalls of d$pv" "> 0" "$h" [ "$h" -gt 0 ]
fi

# pvtiny's own code says what it calls: exactly these, and its hypercall
# page is checked stub by stub.
echo "check-live: the PV test guest (pvtiny), run labelled pvtiny"
tiny=$(domid_of pvtiny)
r=$(run_of pvtiny)
if [ -z "$r" ] || [ -z "$tiny" ]; then
    bad "pvtiny" "a live run" "no run labelled pvtiny: $(why live-pvtiny)"
else
    for want in "17 xen_version 64" "18 console_io 1" "29 sched_op 33"; do
        set -- $want
        n=$(q "SELECT coalesce(sum(calls), 0) FROM v_hypercall
                WHERE run_id = $r AND domid = $tiny AND nr = $1")
        check "(c) d$tiny $2 calls" "$3 (tests/live/pvguest/pvguest.S)" "$n" \
            [ "$n" = "$3" ]
    done
    n=$(q "SELECT coalesce(sum(calls), 0) FROM v_hypercall
            WHERE run_id = $r AND domid = $tiny AND nr NOT IN (17, 18, 29)")
    check "(c) d$tiny other hypercalls" "0" "$n" [ "$n" = 0 ]
    "$XABI" check --db "$DB" --run "$r" --fail-on never > /dev/null 2>&1
    for rule in SEG-001 HCPAGE-001 HCPAGE-002; do
        v=$(q "SELECT group_concat(DISTINCT verdict) FROM finding
                WHERE run_id = $r AND rule_id = '$rule' AND domid = $tiny")
        check "$rule on d$tiny" "PASS" "${v:-no finding}" [ "$v" = PASS ]
    done
    n=$(q "SELECT count(*) FROM hypercall_stub t JOIN hypercall_page p
            ON p.id = t.page_id WHERE p.run_id = $r AND t.class = 'hypercall'")
    check "d$tiny hypercall page" "127 hypercall stubs as Xen writes them" \
        "$n" [ "$n" = 127 ]
    # The page read from the running guest is byte for byte the fixture
    # the unit and golden tests build from Xen's source.
    live=$(q "SELECT lower(group_concat(hex(t.bytes), '')) FROM (SELECT
                t.bytes FROM hypercall_stub t JOIN hypercall_page p
                ON p.id = t.page_id WHERE p.run_id = $r ORDER BY t.idx) t")
    # The fixture of the release, where there is one (4.17's); on every
    # release HCPAGE-001 and HCPAGE-002 above hold the page to the stub
    # layout abi/stub.c gives for the run's Xen version.
    fixfile=$here/../data/hcpage/pv64-xen-$REL.page
    fixture=$([ -f "$fixfile" ] && od -An -tx1 -v "$fixfile" | tr -d ' \n')
    # The trace the live run kept (--save-trace): read again by xabi from
    # the file, it gives the live run's counts; read by xenalyze, the
    # same counts as xabi (tests/golden/parity.py, as for the bundled
    # traces).
    saved=$OUT/trace_pvtiny.bin
    pdb=$L/saved.db
    rm -f "$pdb"
    if [ -s "$saved" ] && "$XABI" collect "$saved" --xen-version "$REL" \
            --db "$pdb" --no-progress > /dev/null 2>&1; then
        a=$(q "SELECT group_concat(nr || ':' || calls, ' ') FROM (SELECT nr,
                calls FROM v_hypercall WHERE run_id = $r ORDER BY domid, vcpu, nr)")
        b=$(sqlite3 -batch -noheader "$pdb" "SELECT group_concat(nr || ':' ||
                calls, ' ') FROM (SELECT nr, calls FROM v_hypercall
                ORDER BY domid, vcpu, nr)")
        check "saved trace, collected again" "the live run's hypercall counts" \
            "$([ "$a" = "$b" ] && echo the same || echo "'$b' against '$a'")" \
            [ "$a" = "$b" ]
        # the release's own xenalyze, in its root (the host's for 4.17)
        if inroot sh -c 'command -v xenalyze' > /dev/null 2>&1; then
            "$XABI" stats --db "$pdb" --json > "$L/saved.json"
            if [ "$R" = / ]; then
                xenalyze --summary "$saved" > "$L/saved.xenalyze" 2>&1
            else
                cp "$saved" "$R/tmp/xabi-saved.bin"
                inroot xenalyze --summary /tmp/xabi-saved.bin > "$L/saved.xenalyze" 2>&1
                rm -f "$R/tmp/xabi-saved.bin"
            fi
            python3 "$here/../golden/parity.py" \
                "$L/saved.json" "$L/saved.xenalyze" \
                > "$L/saved.parity" 2>&1
            prc=$?
            check "saved trace: xabi against xenalyze $REL" "every count equal" \
                "$(tail -n 1 "$L/saved.parity")" [ $prc = 0 ]
        fi
    else
        bad "saved trace" "$saved, collected again" "$(ls -l "$saved" 2>&1)"
    fi
    if [ -n "$fixture" ]; then
        check "d$tiny page = tests/data/hcpage/pv64-xen-$REL.page" "the same 4096 bytes" \
            "$(printf '%s' "$live" | wc -c) hex digits, $([ "$live" = "$fixture" ] &&
                echo equal || echo different)" [ "$live" = "$fixture" ]
    else
        echo "  note  no tests/data/hcpage/pv64-xen-$REL.page: the page is held" \
            "to abi/stub.c's layout for $REL by HCPAGE-001/002 only"
    fi
fi

# PVH only where dom0 saw hvm in virt_caps and so created the domU.  Its
# hypercall count is a note, not a check: under emulation the PVH guest
# boots slowly and Xen drops records (counts of 3 to 103 seen in 20 s).
if [ "$(rc create-pvhtest)" != not-run ]; then
    pvh=$(domid_of pvhtest)
    echo "check-live: the PVH domU (pvhtest, d${pvh:-?}), run labelled pvh-domU"
    r=$(run_of pvh-domU)
    if [ -z "$r" ] || [ -z "$pvh" ]; then
        bad "PVH snapshots" "a run" "no run labelled pvh-domU: $(why live-pvhtest)"
    else
        n=$(q "SELECT count(*) FROM snapshot s
                WHERE run_id = $r AND domid = $pvh AND guest_type = 'PVH'
                  AND phase = 'initial'
                  AND EXISTS (SELECT 1 FROM snapshot_segment g
                               WHERE g.snapshot_id = s.id AND g.attr IS NOT NULL)")
        check "initial PVH snapshot of d$pvh" "> 0 with hidden segment state" \
            "$n" [ "$n" -gt 0 ]
        "$XABI" check --db "$DB" --run "$r" --fail-on never > /dev/null 2>&1
        for rule in PVH-001 PVH-002 PVH-003 PVH-004; do
            v=$(q "SELECT group_concat(DISTINCT verdict) FROM finding
                    WHERE run_id = $r AND rule_id = '$rule' AND domid = $pvh")
            check "$rule on d$pvh" "PASS" "${v:-no finding}" [ "$v" = PASS ]
        done
        # pvh.pandoc's MTRR paragraph: the MTRR save record read live at
        # the domU's first instruction (claims 31 and 32).
        for c in 31 32; do
            v=$(q "SELECT verdict || ': ' || message FROM finding WHERE run_id = $r
                    AND rule_id = 'DOC-001' AND fact_kind = 'claim' AND fact_key = $c")
            check "claim $c (pvh.pandoc: MTRRs enabled, WB) on d$pvh" "PASS" \
                "${v:-no finding}" [ "${v%%:*}" = PASS ]
        done
        # From the 32-bit flat entry state to long mode: CS reloaded with
        # the L bit (attr bit 9) set, seen between two snapshots.
        n=$(q "SELECT count(*) FROM segment_load WHERE run_id = $r
                AND domid = $pvh AND reg = 'cs' AND (old_attr & 0x200) = 0
                AND (new_attr & 0x200) != 0")
        check "d$pvh CS load into long mode" "a segment load" "$n" [ "$n" -gt 0 ]
        echo "  note  d$pvh made $(hypercalls "$r" "$pvh") hypercalls;" \
            "$(q "SELECT lost_records FROM run WHERE id = $r") records lost in the run"
    fi
else
    echo "  note  no hvm in dom0's virt_caps: no PVH domU"
fi

# pvhds: xabi's own PVH guest with DS 0x10 and ES 0x18, paused, dumped by
# Xen's xen-hvmctx and read by collect --live.  The dump, collected on the
# host, must give each register what the binary HVM save record gives it,
# and TOOL-001 must see xen-hvmctx's swapped labels (Xen 4.12 and later).
if [ "$(rc create-pvhds)" != not-run ]; then
    d=$(domid_of pvhds)
    echo "check-live: xen-hvmctx against the HVM save record (pvhds, d${d:-?})"
    r=$(run_of pvhds)
    dump=$OUT/pvhds-hvmctx.txt
    for s in pause-pvhds hvmctx-pvhds live-pvhds; do
        if [ "$(rc $s)" = 0 ]; then ok "step $s" "rc=0" "rc=0"
        else bad "step $s" "rc=0" "$(why $s)"; fi
    done
    # The tool's own lines, as it printed them: "es" first, holding DS.
    saw=$(grep -E '^ +(es|ds) ' "$dump" 2>/dev/null | awk '{print $1, $2}' | tr '\n' ' ')
    check "xen-hvmctx's es and ds lines" "'es 0x0010 ds 0x0018 '" "'$saw'" \
        [ "$saw" = "es 0x0010 ds 0x0018 " ]
    if "$XABI" collect --snapshot "$dump" --xen-version "$REL" --db "$DB" \
        --label pvhds-dump > "$L/pvhds-dump.out" 2>&1; then
        dr=$(q "SELECT max(id) FROM run WHERE label = 'pvhds-dump'")
    else
        dr=
        bad "collect the xen-hvmctx dump" "rc=0" "$(head -n 1 "$L/pvhds-dump.out")"
    fi
    if [ -z "$r" ] || [ -z "$dr" ] || [ -z "$d" ]; then
        bad "pvhds runs" "a live run and a dump run" "live '${r:-}' dump '${dr:-}': $(why live-pvhds)"
    else
        segs() { # RUN: "ds SEL BASE LIMIT ATTR es ..." of d's vCPU 0, first snapshot
            q "SELECT group_concat(reg || ' ' || selector || ' ' || base || ' ' ||
                      seg_limit || ' ' || attr, ' ') FROM (SELECT g.* FROM snapshot_segment g
                 WHERE g.snapshot_id = (SELECT min(id) FROM snapshot
                                         WHERE run_id = $1 AND domid = $d AND vcpu = 0)
                   AND g.reg IN ('ds', 'es') ORDER BY g.reg)"
        }
        live=$(segs "$r")
        fromdump=$(segs "$dr")
        want="ds 16 0 4294967295 3219 es 24 131072 65535 147"
        check "DS and ES read live from the paused d$d" "'$want'" "'$live'" \
            [ "$live" = "$want" ]
        check "DS and ES of the xen-hvmctx dump, after the mapping" "'$live'" \
            "'$fromdump'" [ "$fromdump" = "$live" ]
        labels=$(q "SELECT group_concat(g.reg || '<-' || g.source_label, ' ')
                     FROM snapshot_segment g JOIN snapshot s ON s.id = g.snapshot_id
                    WHERE s.run_id = $dr AND g.source_label IS NOT NULL")
        check "the labels the dump used, kept" "'ds<-es es<-ds'" "'$labels'" \
            [ "$labels" = "ds<-es es<-ds" ]
        "$XABI" check --db "$DB" --run "$dr" --fail-on never > /dev/null 2>&1
        v=$(q "SELECT group_concat(DISTINCT verdict) FROM finding
                WHERE run_id = $dr AND rule_id = 'TOOL-001' AND domid = $d")
        check "TOOL-001 on the dump of d$d" "WARN (labels swapped)" "${v:-no finding}" \
            [ "$v" = WARN ]
    fi
fi

# pvcrash takes a #GP (int $0x40, error code 0x202) and asks Xen for
# SHUTDOWN_crash: DOM-001 must FAIL, naming the shutdown and the #GP.  The
# healthy guests' runs must have no FAIL at all, and DOM-001 PASS.
echo "check-live: the crashing PV guest (pvcrash), run labelled pvcrash"
crash=$(domid_of pvcrash)
r=$(run_of pvcrash)
if [ -z "$r" ] || [ -z "$crash" ]; then
    bad "pvcrash" "a live run" "no run labelled pvcrash: $(why live-pvcrash)"
else
    "$XABI" check --db "$DB" --run "$r" --fail-on never > /dev/null 2>&1
    v=$(q "SELECT group_concat(DISTINCT verdict) FROM finding
            WHERE run_id = $r AND rule_id = 'DOM-001' AND domid = $crash")
    check "DOM-001 on d$crash" "FAIL" "${v:-no finding}" [ "$v" = FAIL ]
    # int $0x40 sits at 0x4c in pvguest.S.  A CPU gives #GP error code
    # 0x202 (IDT vector 0x40); QEMU 7.2's TCG gives 0x402 (vector 0x80:
    # it scales the vector by the 16-byte long-mode gate size), and Xen
    # reflects what the CPU pushed.  Either is the #GP of that INT.
    n=$(q "SELECT count(*) FROM finding WHERE run_id = $r
            AND rule_id = 'DOM-001' AND domid = $crash AND verdict = 'FAIL'
            AND message LIKE '%TRC_SCHED_SHUTDOWN%'
            AND message LIKE '%at rip 0x4c %'
            AND (message LIKE '%PV trap #GP ec 0x202 (IDT vector 0x40, %'
                 OR message LIKE '%PV trap #GP ec 0x402 (IDT vector 0x80, %')")
    m=$(q "SELECT message FROM finding WHERE run_id = $r
            AND rule_id = 'DOM-001' AND domid = $crash
            AND message LIKE '%TRC_SCHED_SHUTDOWN%' LIMIT 1")
    check "DOM-001 evidence on d$crash" \
        "the shutdown record and the #GP of int \$0x40 at rip 0x4c before it" \
        "$n finding(s): $m" [ "$n" -ge 1 ]
    n=$(q "SELECT count(*) FROM finding WHERE run_id = $r
            AND rule_id = 'DOM-001' AND domid = $crash AND verdict = 'FAIL'
            AND message LIKE '%at the end of the run%'")
    check "d$crash crashed at the end (libxenctrl)" "a DOM-001 FAIL" \
        "$n finding(s)" [ "$n" -ge 1 ]
    line=$("$XABI" stats --db "$DB" --run "$r" |
        grep -m 1 "d$crash shutdown: crash (reason 3)")
    check "stats lifecycle of d$crash" "'d$crash shutdown: crash (reason 3) ...'" \
        "'$line'" [ -n "$line" ]
    # collect --live --json: one object naming this run, the host's
    # version, and the run of the kernel's notes.
    kr=$(q "SELECT max(id) FROM run WHERE label = 'pvcrash' AND source_kind = 'image'")
    # the step's output has xentrace's chatter on stderr too: the object
    # is the line that starts with {
    j=$(python3 -c 'import json,sys
o = json.loads([l for l in open(sys.argv[1]) if l.startswith("{")][-1])
print(o["run"], o["kind"], o["source"], o["xen_version"], o["status"],
      o["kernel_run"], o["records"] > 0)' "$OUT/steps/live-pvcrash.out" 2>&1 |
        tail -n 1)
    check "collect --live --json of pvcrash" \
        "'$r live xentrace $REL complete ${kr:-?} True'" "'$j'" \
        [ "$j" = "$r live xentrace $REL complete ${kr:-?} True" ]
fi
# pvtraps gives #BP and #OF DPL 0 in its trap table and executes int3 and
# int $4: Xen's gates for both are DPL 3 (pv-traps.rst), so both arrive as
# themselves, at the rip after each INT, and DOC-001 verifies claims 18
# and 19.  A clean poweroff: DOM-001 PASS, no FAIL.
echo "check-live: #BP and #OF past a vDPL 0 trap table (pvtraps), run labelled pvtraps"
tdom=$(domid_of pvtraps)
r=$(run_of pvtraps)
gbin=$L/initramfs/domu/xabi-pvguest-traps
if [ -z "$r" ] || [ -z "$tdom" ]; then
    bad "pvtraps" "a live run" "no run labelled pvtraps: $(why live-pvtraps)"
else
    "$XABI" check --db "$DB" --run "$r" --fail-on never > /dev/null 2>&1
    # the rip after each INT: int3 is one byte, int $4 two
    i3=$(nm "$gbin" | awk '$3 == "traps_int3" { print $1 }')
    i4=$(nm "$gbin" | awk '$3 == "traps_int4" { print $1 }')
    want="3@$(printf '0x%x' $((0x$i3 + 1))) 4@$(printf '0x%x' $((0x$i4 + 2)))"
    got=$(q "SELECT group_concat(key || '@' || printf('0x%x', rip), ' ') FROM
              (SELECT key, rip FROM fact WHERE run_id = $r AND kind = 'trap'
                  AND domid = $tdom ORDER BY tsc)")
    check "d$tdom's traps, as delivered" "'$want'" "'$got'" [ "$got" = "$want" ]
    for c in 18 19; do
        v=$(q "SELECT verdict || ': ' || message FROM finding WHERE run_id = $r
                AND rule_id = 'DOC-001' AND fact_kind = 'claim' AND fact_key = $c")
        check "claim $c (pv-traps.rst: vector $((c - 15)) is DPL 3)" "PASS" \
            "$v" [ "${v%%:*}" = PASS ]
    done
    f=$(q "SELECT group_concat(DISTINCT rule_id) FROM finding
            WHERE run_id = $r AND verdict = 'FAIL'")
    check "run $r (pvtraps): no FAIL" "none" "${f:-none}" [ -z "$f" ]
fi

# pvxencrash: the same #GP (int $0x40 at 0x40) with no trap table, so Xen
# crashes the domain itself and traces no shutdown: DOM-001 must still
# FAIL, from the state libxenctrl reports at the end, naming the #GP.
echo "check-live: the PV guest Xen crashes (pvxencrash), run labelled pvxencrash"
xcrash=$(domid_of pvxencrash)
r=$(run_of pvxencrash)
if [ -z "$r" ] || [ -z "$xcrash" ]; then
    bad "pvxencrash" "a live run" "no run labelled pvxencrash: $(why live-pvxencrash)"
else
    "$XABI" check --db "$DB" --run "$r" --fail-on never > /dev/null 2>&1
    n=$(q "SELECT count(*) FROM finding WHERE run_id = $r
            AND rule_id = 'DOM-001' AND domid = $xcrash AND verdict = 'FAIL'
            AND message LIKE '%at the end of the run%'
            AND message LIKE '%no shutdown record in the trace%'
            AND message LIKE '%PV trap #GP ec 0x%(IDT vector 0x%at rip 0x40 %'")
    m=$(q "SELECT group_concat(verdict || ': ' || message, ' | ') FROM finding
            WHERE run_id = $r AND rule_id = 'DOM-001' AND domid = $xcrash")
    check "DOM-001 on d$xcrash" \
        "FAIL from libxenctrl's crash state, with the #GP at rip 0x40" \
        "${m:-no finding}" [ "$n" -ge 1 ]
    n=$(q "SELECT count(*) FROM fact WHERE run_id = $r
            AND kind = 'dom_shutdown' AND arg0 = $xcrash")
    check "no shutdown record for d$xcrash" "0 (domain_crash traces none)" \
        "$n" [ "$n" = 0 ]
    # pv-traps.rst: "failure to [configure handlers] is terminal"
    v=$(q "SELECT verdict || ': ' || message FROM finding WHERE run_id = $r
            AND rule_id = 'DOC-001' AND fact_kind = 'claim' AND fact_key = 20")
    check "claim 20 (pv-traps.rst: a missing handler is terminal)" "PASS" \
        "$v" [ "${v%%:*}" = PASS ]
fi
for label in dom0 pvtiny pv-domU pvh-domU; do
    r=$(run_of $label)
    [ -n "$r" ] || continue
    "$XABI" check --db "$DB" --run "$r" --fail-on never > /dev/null 2>&1
    f=$(q "SELECT group_concat(DISTINCT rule_id) FROM finding
            WHERE run_id = $r AND verdict = 'FAIL'")
    check "run $r ($label): no FAIL" "none" "${f:-none}" [ -z "$f" ]
    v=$(q "SELECT group_concat(DISTINCT verdict) FROM finding
            WHERE run_id = $r AND rule_id = 'DOM-001'")
    check "run $r ($label): DOM-001" "PASS" "${v:-no finding}" [ "$v" = PASS ]
done
# xen.h's start of day: start_info_t at rSI, read live through the PV
# guest's own page tables before its first instruction (claim 35).
for label in pvtiny pv-domU; do
    r=$(run_of $label)
    [ -n "$r" ] || continue
    v=$(q "SELECT verdict || ': ' || message FROM finding WHERE run_id = $r
            AND rule_id = 'DOC-001' AND fact_kind = 'claim' AND fact_key = 35")
    check "claim 35 (xen.h: start_info_t at rSI) in run $r ($label)" "PASS" \
        "${v:-no finding}" [ "${v%%:*}" = PASS ]
done

# A live run whose xentrace stream was damaged keeps what came before the
# damage and is marked salvaged (collect-live.c); the domU runs kept
# xentrace's bytes (live_*.bin) to look at.  A note, loud, not a failure:
# the checks above hold the runs to what they did keep.
q "SELECT id || ' (' || coalesce(label, '') || '): ' || coalesce(status_detail, '')
     FROM run WHERE source_kind = 'live' AND status = 'salvaged'" |
while IFS= read -r line; do
    echo "  NOTE  live run $line; xentrace's bytes: $(ls "$OUT"/live_*.bin 2>/dev/null | tr '\n' ' ')"
done

# check-live runs through `xabi lab` (check-live.sh): pvtiny given again
# as a user's guest (lab1), and dom0's database merged into L/lab.db.
if [ -f "$L/lab.db" ]; then
    echo "check-live: xabi lab (lab1, the user's-guest path) and its database ($L/lab.db)"
    ldb=$L/lab.db
    # dom0's database as it came out: assert.db has the host's runs too
    a=$(sqlite3 -batch -noheader "$OUT/xabi.db" "SELECT count(*) FROM run")
    b=$(sqlite3 -batch -noheader "$ldb" "SELECT count(*) FROM run")
    check "runs merged by xabi lab" "$a, dom0's" "$b" [ "$a" = "$b" ]
    d=$(domid_of lab1)
    lr=$(sqlite3 -batch -noheader "$ldb" "SELECT max(id) FROM run
            WHERE source_kind = 'live' AND label LIKE 'lab1 pv lab-pvtiny sha256:%'")
    lv=$(sqlite3 -batch -noheader "$ldb" "SELECT xen_version FROM run WHERE id = '${lr:-0}'")
    check "lab1's live run, labelled with its kernel" "a run on Xen $REL" \
        "run ${lr:-none} on '${lv:-}'" all_of '[ -n "$lr" ]' \
        '[ "$(echo "$lv" | cut -d. -f1-2)" = "$REL" ]'
    # the same bytes as pvtiny's kernel: one image run for both
    want=$(sha256sum "$BUILD/lab-pvtiny" | cut -d' ' -f1)
    saw=$(sqlite3 -batch -noheader "$ldb" "SELECT count(*) FROM run
            WHERE source_kind = 'image' AND source_sha256 = '$want'")
    check "lab1's kernel, as an image run" "1 run with SHA-256 $want" "$saw" [ "$saw" = 1 ]
    saw=$(sqlite3 -batch -noheader "$ldb" "SELECT group_concat(nr || ':' || calls, ' ')
            FROM (SELECT nr, sum(calls) AS calls FROM v_hypercall
                   WHERE run_id = '${lr:-0}' AND domid = '${d:-x}' GROUP BY nr ORDER BY nr)")
    check "lab1's hypercalls, merged" "'17:64 18:1 29:33' (pvguest.S)" "'$saw'" \
        [ "$saw" = "17:64 18:1 29:33" ]
fi

# Each topic's host-side checks (assert-*.sh beside this file), in name
# order; they use ok/bad/check, q, rc, run_of, domid_of, $OUT, $DB, $REL.
for f in "$here"/assert-*.sh; do
    [ -f "$f" ] && . "$f"
done

if [ $failed != 0 ]; then
    if grep -qs "option '--live'" "$OUT"/steps/live-*.out; then
        echo "check-live: this xabi has no \`collect --live\` yet; the pv-domU" \
            "and pvh-domU checks cannot pass until it does"
    fi
    echo "check-live: FAILED: $failed check(s) on Xen $REL; dom0's outputs are in $OUT/steps"
    # The console's very last lines are Xen powering off; dom0's own lines
    # (and the output of its failed steps, indented) say more.
    echo "check-live: dom0's last 20 lines on the serial console ($console):"
    tr -d '\r' < "$console" 2>/dev/null | grep -a '^DOM0-INIT\|^    ' |
        tail -n 20 | sed 's/^/    /'
    exit 1
fi
echo "check-live: all checks passed on Xen $REL"
