#!/bin/sh
# Golden test: one command line for every command (issue 16).
#   - A usage error exits 2 everywhere, `xabi help nosuch` included; a
#     typo of a command or of an option gets "did you mean".
set -eu
XABI=${XABI:-build/xabi}
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

if [ "$fails" -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "all ok"
