#!/bin/sh
# Golden test: `xabi lab` without booting anything.
#   - Wrong arguments exit 2 with a message naming what is wrong (a bad
#     --guest spec, a type it cannot boot, a missing kernel or initrd, an
#     unknown release, a bad duration), before anything is built: no
#     --keep-vm directory, no database.
#   - With a stand-in harness (XABI_LAB_DIR: its own lab.sh, the real
#     releases table) it runs each release in turn with the guests, the
#     durations and the release in the environment, and merges the
#     database each "dom0" brought out into --db: every run with every row
#     that hangs off it, renumbered; a run whose source is already there
#     (the same trace, the same kernel) is not copied twice.
#   - A harness that fails: exit 1, nothing merged.  SIGINT: exit 130,
#     the harness and its children gone.
# The real harness is never run: XABI_LAB_DIR names a stand-in, even for
# the wrong arguments (one that would pass by mistake boots nothing).
set -eu
XABI=${XABI:-build/xabi}
XABI=$(cd "$(dirname "$XABI")" && pwd)/$(basename "$XABI")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/tally.sh"
data=$here/../data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
unset XABI_DB XABI_LAB_DIR
q() { sqlite3 -batch -noheader "$1" "$2"; }

# expect RC TEXT ARGS...: xabi lab ARGS exits RC, saying TEXT on stderr.
expect() {
    want=$1 text=$2
    shift 2
    rc=0
    "$XABI" lab "$@" > "$work/out" 2> "$work/err" || rc=$?
    if [ "$rc" = "$want" ] && grep -qF -- "$text" "$work/err"; then
        ok "lab $*: exit $rc, '$text'"
    else
        bad "lab $*: want exit $want and '$text', got $rc: $(cat "$work/err")"
    fi
}
# Never the real harness: one that only says it was run.
h=$work/harness
mkdir -p "$h"
cp "$here/../live/releases" "$h/"
printf '#!/bin/sh\necho RAN > "$1/harness-ran"; exit 1\n' > "$h/lab.sh"
export XABI_LAB_DIR=$h
k=$work/vmlinuz
printf 'not really a kernel' > "$k"
keep=$work/vm
db=$work/lab.db
expect 2 "want TYPE:KERNEL[:INITRD]" --guest "$k" --keep-vm "$keep" --db "$db"
expect 2 "TYPE is pv or pvh, not 'hvm'" --guest "hvm:$k" --keep-vm "$keep" --db "$db"
expect 2 "KERNEL '$work/nope' is not a readable file" --guest "pv:$work/nope" \
    --keep-vm "$keep" --db "$db"
expect 2 "INITRD '$work/nope' is not a readable file" --guest "pvh:$k:$work/nope"
expect 2 "no KERNEL" --guest "pv:"
expect 2 "unknown Xen release '4.99'; xabi lab boots 4.14, 4.17, 4.20" \
    --xen 4.99 --guest "pv:$k" --keep-vm "$keep" --db "$db"
expect 2 "unknown Xen release '4.2'" --xen 4.17,4.2 --guest "pv:$k"
expect 2 "--duration: not a duration: '3x'" --duration 3x --guest "pv:$k"
expect 2 "--snapshot-interval: not a duration" --snapshot-interval -1 --guest "pv:$k"
expect 2 "did you mean --guest?" --gust "pv:$k"
expect 2 "unexpected 'extra'" extra
if [ -e "$keep" ] || [ -e "$db" ]; then
    bad "a wrong argument built something: $(ls -d "$keep" "$db" 2>&1)"
else
    ok "wrong arguments build nothing"
fi
# Installed or in the source tree, the binary finds the real harness.
unset XABI_LAB_DIR
expect 2 "xabi lab boots 4.14, 4.17, 4.20" --xen 4.1 --guest "pv:$k"
export XABI_LAB_DIR=$h
"$XABI" lab --help > "$work/help"
if grep -q -- '--keep-vm DIR' "$work/help"; then ok "lab --help"; else bad "lab --help"; fi

# ---- a stand-in harness: each release's "dom0" collects a trace --------
xz -dc "$data/trace_sched.bin.xz" > "$work/sched.bin"
xz -dc "$data/trace_domU.bin.xz" > "$work/domU.bin"
cat > "$h/lab.sh" <<'SH'
#!/bin/bash
# lab.sh BUILD: what xabi lab gave it, and a database as dom0 would make
set -eu
B=$1
for v in XABI_XEN_RELEASE XABI_LAB_SUITE XABI_LAB_DURATION XABI_LAB_INTERVAL \
    XABI_LAB_GUESTS; do
    eval "printf '%s=%s|' $v \"\$$v\""
done > "$B/env-$XABI_XEN_RELEASE"
if [ -n "${FAKE_SLEEP:-}" ]; then
    sleep 60 &
    echo $! > "$B/sleep.pid"
    trap 'kill $(cat "$B/sleep.pid"); exit 130' INT TERM
    wait
fi
[ -z "${FAKE_FAIL:-}" ] || exit 1
mkdir -p "$B/out-$XABI_XEN_RELEASE"
"$B/xabi" collect "$FAKE_TRACE_DIR/domU.bin" --xen-version "$XABI_XEN_RELEASE" \
    --db "$B/out-$XABI_XEN_RELEASE/xabi.db" --label domU --no-progress > /dev/null
if [ "$XABI_XEN_RELEASE" = 4.20 ]; then
    "$B/xabi" collect "$FAKE_TRACE_DIR/sched.bin" --xen-version 4.20 \
        --db "$B/out-$XABI_XEN_RELEASE/xabi.db" --label sched --no-progress > /dev/null
fi
echo "$B/out-$XABI_XEN_RELEASE" > "$B/lab-results-$XABI_XEN_RELEASE"
SH
export FAKE_TRACE_DIR=$work
# the database already holds a run, so the merged ones are renumbered
"$XABI" collect "$work/sched.bin" --xen-version 4.17 --db "$db" --label mine \
    --no-progress > /dev/null
rc=0
"$XABI" lab --xen 4.14,4.20 --guest "pv:$k" --guest "pvh:$k:$k" --duration 7s \
    --snapshot-interval 2s --db "$db" --keep-vm "$keep" > "$work/out" 2> "$work/err" || rc=$?
if [ $rc = 0 ]; then ok "lab with a stand-in harness: exit 0"
else bad "lab with a stand-in harness: exit $rc: $(cat "$work/err")"; fi
want="XABI_XEN_RELEASE=4.14|XABI_LAB_SUITE=guests|XABI_LAB_DURATION=7s|XABI_LAB_INTERVAL=2s|XABI_LAB_GUESTS=pv $k
pvh $k $k
|"
saw=$(cat "$keep/env-4.14" 2>/dev/null || true)
if [ "$saw" = "$want" ]; then ok "the harness's environment"
else bad "the harness's environment: want '$want', saw '$saw'"; fi
if [ -x "$keep/xabi" ]; then ok "the VM directory has this xabi"
else bad "no $keep/xabi"; fi
# 4.14 brings domU (new), 4.20 brings domU (the same trace: kept once)
# and sched (already in the database as 'mine')
saw=$(cat "$work/out")
want="xabi lab 4.14: 1 runs merged into $db as runs 2-2
xabi lab 4.20: no new runs for $db (2 already there: the same source)"
if [ "$saw" = "$want" ]; then ok "merge messages"
else bad "merge messages: want '$want', saw '$saw'"; fi
# the merged run is the run as collected, row for row
a=$(q "$keep/out-4.14/xabi.db" "SELECT group_concat(domid || ':' || nr || ':' || calls, ' ')
        FROM (SELECT * FROM v_hypercall ORDER BY domid, vcpu, nr)")
b=$(q "$db" "SELECT group_concat(domid || ':' || nr || ':' || calls, ' ')
        FROM (SELECT * FROM v_hypercall WHERE run_id = 2 ORDER BY domid, vcpu, nr)")
if [ -n "$a" ] && [ "$a" = "$b" ]; then ok "merged run 2 has the hypercall counts of its source"
else bad "merged hypercall counts: '$b' against '$a'"; fi
for t in fact fact_agg domain vcpu event_count pcpu lost; do
    a=$(q "$keep/out-4.14/xabi.db" "SELECT count(*) FROM $t")
    b=$(q "$db" "SELECT count(*) FROM $t WHERE run_id = 2")
    if [ "$a" = "$b" ]; then ok "table $t: $b rows merged"
    else bad "table $t: $b rows merged of $a"; fi
done
a=$(q "$db" "SELECT xen_version || ' ' || label FROM run WHERE id = 2")
if [ "$a" = "4.14 domU" ]; then ok "run 2 keeps its Xen version and label"
else bad "run 2: '$a'"; fi
if "$XABI" check --db "$db" --run 2 --quiet > /dev/null 2>&1 ||
        [ $? = 3 ]; then ok "xabi check on the merged database"
else bad "xabi check on the merged database"; fi
if q "$db" "PRAGMA foreign_key_check" | grep -q .; then
    bad "foreign keys broken: $(q "$db" "PRAGMA foreign_key_check" | head -n 3)"
else ok "no broken foreign key"; fi

# ---- a harness that fails, one that is interrupted ----------------------
n=$(q "$db" "SELECT count(*) FROM run")
rc=0
FAKE_FAIL=1 "$XABI" lab --guest "pv:$k" --db "$db" --keep-vm "$keep" \
    > "$work/out" 2> "$work/err" || rc=$?
if [ $rc = 1 ] && grep -q 'FAILED (the harness exited 1); nothing merged' "$work/err" &&
        [ "$(q "$db" "SELECT count(*) FROM run")" = "$n" ]; then
    ok "a failed harness: exit 1, nothing merged"
else bad "a failed harness: exit $rc: $(cat "$work/err")"; fi
rm -f "$keep/sleep.pid"
FAKE_SLEEP=1 "$XABI" lab --guest "pv:$k" --db "$db" --keep-vm "$keep" \
    > "$work/out" 2> "$work/err" &
pid=$!
i=0
while [ ! -s "$keep/sleep.pid" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -INT $pid
rc=0
wait $pid || rc=$?
sleeper=$(cat "$keep/sleep.pid" 2>/dev/null || echo none)
if [ $rc = 130 ] && grep -q 'interrupted; nothing merged' "$work/err" &&
        ! kill -0 "$sleeper" 2> /dev/null; then
    ok "SIGINT: exit 130, the harness's children gone"
else bad "SIGINT: exit $rc, sleeper $sleeper: $(cat "$work/err")"; fi
tally "xabi lab: arguments, merge, failure and SIGINT as expected"
