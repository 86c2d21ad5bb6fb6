#!/bin/sh
# Golden test: one command line for every command (issue 16).
#   - A usage error exits 2 everywhere, `xabi help nosuch` included; a
#     typo of a command or of an option gets "did you mean".
#   - The database: the command's --db, else `xabi --db X CMD`, else
#     $XABI_DB, else ./xabi.db, for every command that opens one.
set -eu
XABI=${XABI:-build/xabi}
XABI=$(cd "$(dirname "$XABI")" && pwd)/$(basename "$XABI")
here=$(cd "$(dirname "$0")" && pwd)
data=$here/../data
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
fails=0
ok() { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
# expect RC TEXT ARGS...: xabi ARGS exits RC and says TEXT on stderr.
expect() {
    want=$1 text=$2
    shift 2
    rc=0
    "$XABI" "$@" > "$work/out" 2> "$work/err" || rc=$?
    if [ "$rc" -ne "$want" ]; then
        bad "xabi $*: exit $rc, want $want"
    elif ! grep -qF -- "$text" "$work/err"; then
        bad "xabi $*: stderr lacks '$text': $(cat "$work/err")"
    else
        ok "xabi $*: exit $rc, '$text'"
    fi
}

# ---- exit codes and "did you mean" -----------------------------------------
expect 2 "no command 'nosuch'" help nosuch
expect 2 "did you mean 'collect'" colect x
expect 2 "did you mean 'stats'" help stat
expect 2 "did you mean --db?" stats --dbb x.db
expect 2 "did you mean --xen-version?" collect f --xen-versoin 4.17
expect 2 "did you mean --json?" check --jsno
expect 2 "did you mean --json?" abi list --jsn
expect 2 "did you mean --format?" render --fromat html --out x
expect 2 "did you mean --seg?" decode selector 0x10 --sge cs
expect 2 "unknown option or missing value '--frobnicate'" rules --frobnicate
if grep -q 'did you mean' "$work/err"; then
    bad "a far-off option got a suggestion: $(cat "$work/err")"
fi

# ---- --db, global --db, XABI_DB, ./xabi.db --------------------------------
xz -dc "$data/trace_sched.bin.xz" > "$work/sched.bin"
mkdir "$work/cwd"
# runs DB: the runs in DB, 0 when there is no such file.
runs() { if [ -f "$1" ]; then sqlite3 "$1" 'SELECT count(*) FROM run'; else echo 0; fi; }
# where ARGS...: collect with ARGS in $work/cwd; which of a, b, c, xabi
# gained the run?
where() {
    for f in a b c xabi; do rm -f "$work/cwd/$f.db"; done
    (cd "$work/cwd" && "$@" collect ../sched.bin --xen-version 4.17 \
        --no-progress $extra > /dev/null)
    got=
    for f in a b c xabi; do
        [ "$(runs "$work/cwd/$f.db")" -eq 0 ] || got="$got$f"
    done
    echo "$got"
}
check_where() {
    want=$1
    shift
    got=$(where "$@")
    if [ "$got" = "$want" ]; then ok "$* $extra -> $want.db"; else bad "$* $extra -> '$got', want $want"; fi
}
extra=
check_where xabi "$XABI"
check_where a env XABI_DB=a.db "$XABI"
check_where b env XABI_DB=a.db "$XABI" --db b.db
check_where b env XABI_DB=a.db "$XABI" --db=b.db
check_where xabi env XABI_DB= "$XABI"
extra="--db c.db"
check_where c env XABI_DB=a.db "$XABI" --db b.db
extra=
# The read commands follow the same order.
(cd "$work/cwd" && rm -f ./*.db &&
    "$XABI" --db a.db collect ../sched.bin --xen-version 4.17 --no-progress \
    --label in-a > /dev/null)
for args in "stats --list" "check" "render --out o" "abi list 4.17"; do
    rc=0
    # shellcheck disable=SC2086
    (cd "$work/cwd" && XABI_DB=a.db "$XABI" $args > out 2> err) || rc=$?
    if [ "$rc" -eq 0 ]; then
        ok "XABI_DB=a.db xabi $args"
    else
        bad "XABI_DB=a.db xabi $args: exit $rc: $(cat "$work/cwd/err")"
    fi
    rc=0
    # shellcheck disable=SC2086
    (cd "$work/cwd" && XABI_DB=a.db "$XABI" --db none.db $args > out 2> err) || rc=$?
    if [ "$rc" -ne 1 ] || ! grep -q 'none.db' "$work/cwd/err"; then
        bad "xabi --db none.db $args: exit $rc, $(cat "$work/cwd/err")"
    else
        ok "xabi --db none.db $args: refused, names none.db"
    fi
done
if [ -e "$work/cwd/xabi.db" ]; then bad "a read command made ./xabi.db"; fi

if [ "$fails" -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "all ok"
