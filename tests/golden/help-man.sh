#!/bin/sh
# Golden test: the help texts and the manual page agree, and say how xabi
# exits.  For every command `xabi help` lists: `xabi CMD --help` and `xabi
# help CMD` exit 0 and print the same text, which names its exit
# statuses; the manual page (`xabi help --man`, what make installs as
# xabi.1) holds that text verbatim in the command's section.  `xabi help`,
# `help help` and `help --help` exit 0, a wrong command 2.  The manual page
# has an EXIT STATUS section with every status a command documents, the
# synopsis names the global options, and ENVIRONMENT every variable xabi
# reads.  An option given without its value says so.
set -eu
XABI=${XABI:-build/xabi}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/tally.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# status WANT CMD...: CMD exits WANT.
status()
{
    want=$1
    shift
    set +e
    "$@" > "$work/out" 2>&1
    rc=$?
    set -e
    if [ "$rc" = "$want" ]; then
        ok "$* -> $rc"
    else
        bad "$* -> $rc, want $want: $(head -n 2 "$work/out")"
    fi
}

"$XABI" help --man > "$work/xabi.1"
# The manual page's text of one command's usage, roff undone.
man_usage()
{
    sed -n "/^\\.SS $1\$/,/^\\.fi\$/p" "$work/xabi.1" | sed '1,/^\.nf$/d;$d' |
        sed 's/^\\&//; s/\\-/-/g; s/\\e/\\/g'
}

cmds=$("$XABI" help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p')
[ -n "$cmds" ] || bad "xabi help lists no command"
for c in $cmds; do
    [ "$c" = help ] && continue
    status 0 "$XABI" "$c" --help
    "$XABI" "$c" --help > "$work/help.txt"
    status 0 "$XABI" help "$c"
    "$XABI" help "$c" > "$work/help2.txt"
    if cmp -s "$work/help.txt" "$work/help2.txt"; then
        ok "xabi help $c is xabi $c --help"
    else
        bad "xabi help $c and xabi $c --help differ"
    fi
    if grep -q "^usage: xabi $c" "$work/help.txt" &&
        grep -qi '^exit' "$work/help.txt"; then
        ok "xabi $c --help has its usage and an exit line"
    else
        bad "xabi $c --help lacks 'usage: xabi $c' or an exit line"
    fi
    man_usage "$c" > "$work/man.txt"
    if cmp -s "$work/help.txt" "$work/man.txt"; then
        ok "xabi.1's $c is xabi $c --help, $(wc -l < "$work/man.txt") lines"
    else
        bad "xabi.1's $c differs from xabi $c --help:"
        diff "$work/help.txt" "$work/man.txt" | head -n 10
    fi
done
if grep -q '^\.SS help$' "$work/xabi.1"; then
    ok "xabi.1 has a help section"
else
    bad "xabi.1 has no help section"
fi

status 0 "$XABI" help
status 0 "$XABI" help help
status 0 "$XABI" help --help
status 0 "$XABI" --help
status 0 "$XABI" --version
status 2 "$XABI"
status 2 "$XABI" help nosuch
status 2 "$XABI" nosuch
status 2 "$XABI" help --nosuch

# An option given last without its value: exit 2, naming the option and
# the value its help shows.
for args in "collect --db" "collect --xen-version" "collect --duration" \
    "collect --events" "stats --run" "check --color" "render --format" \
    "label --run" "rm --run" "abi diff --db" "abi list --kind" \
    "decode selector 0x10 --seg"; do
    opt=${args##* }
    set +e
    # shellcheck disable=SC2086
    "$XABI" $args > "$work/out" 2>&1
    rc=$?
    set -e
    if [ "$rc" = 2 ] && grep -q -- "$opt needs a value ($opt " "$work/out"; then
        ok "xabi $args -> 2: $(head -n 1 "$work/out")"
    else
        bad "xabi $args -> $rc: $(head -n 1 "$work/out")"
    fi
done
status 2 "$XABI" stats --frob

# The sections of the manual page, and the exit statuses in both texts.
for sec in NAME SYNOPSIS DESCRIPTION COMMANDS 'EXIT STATUS' ENVIRONMENT \
    'SEE ALSO'; do
    if grep -q "^\\.SH $sec\$" "$work/xabi.1"; then
        ok "xabi.1 has $sec"
    else
        bad "xabi.1 has no $sec section"
    fi
done
sed -n '/^\.SH EXIT STATUS$/,/^\.SH /p' "$work/xabi.1" > "$work/exit.txt"
"$XABI" help > "$work/help.txt"
for code in 0 1 2 3 4 12; do
    if grep -qE "(^| )$code(:| )" "$work/exit.txt" &&
        grep -qE "(^| )$code(:| )" "$work/help.txt"; then
        ok "exit status $code in xabi.1's EXIT STATUS and in xabi help"
    else
        bad "exit status $code missing from xabi.1's EXIT STATUS or xabi help"
    fi
done
sed -n '/^\.SH SYNOPSIS$/,/^\.SH /p' "$work/xabi.1" > "$work/syn.txt"
for w in 'db' 'busy\\-timeout' 'version' 'help'; do
    if grep -q -- "$w" "$work/syn.txt"; then
        ok "xabi.1's SYNOPSIS names $w"
    else
        bad "xabi.1's SYNOPSIS does not name $w"
    fi
done
sed -n '/^\.SH ENVIRONMENT$/,/^\.SH /p' "$work/xabi.1" > "$work/env.txt"
for v in XABI_DB XABI_TEMPLATES NO_COLOR; do
    if grep -q "^\\.B $v\$" "$work/env.txt"; then
        ok "xabi.1's ENVIRONMENT has $v"
    else
        bad "xabi.1's ENVIRONMENT lacks $v"
    fi
done
# What make installs is this page.
if [ -f "$(dirname "$XABI")/xabi.1" ]; then
    if cmp -s "$(dirname "$XABI")/xabi.1" "$work/xabi.1"; then
        ok "$(dirname "$XABI")/xabi.1 is xabi help --man"
    else
        bad "$(dirname "$XABI")/xabi.1 is stale: not xabi help --man"
    fi
fi

tally "all passed"
