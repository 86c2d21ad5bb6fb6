#!/bin/sh
# Golden test (a lint): no shell test in the repository can pass without
# checking.  Two patterns are forbidden in every shell file of tests/,
# scripts/ and .ci/:
#
#   ! cmd          as a statement: POSIX exempts a pipeline that begins
#                  with ! from set -e (and it is the last command of
#                  nothing), so a failing check goes unnoticed.  Write
#                  `if cmd; then fail ...; fi`.  `if ! cmd`, `while ! cmd`
#                  and `... || ! cmd` inside such a condition are fine.
#   check ... && ...   (tests/live/assert.sh's `check NAME WANT SAW TEST`):
#                  only the first test is check's; whatever follows && or
#                  || runs after it, unchecked.  Give check one command.
#
# usage: sh tests/golden/lint-shell.sh [FILE...]   (default: every shell
# file of the repository; tests/run.sh runs it with none).  Exit 1 and
# FILE:LINE: for each use.  `lint-shell.sh --self-test` shows that each
# pattern is caught.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

# The shell files: *.sh, and files whose first line names sh or bash.
shell_files()
{
    for d in tests scripts .ci; do
        [ -d "$root/$d" ] || continue
        find "$root/$d" -type f ! -path '*/data/*' | sort
    done | while IFS= read -r f; do
        case $f in
        *.sh) echo "$f" ;;
        *)
            if head -n 1 "$f" 2>/dev/null |
                grep -Eq '^#!.*/(env +)?(ba)?sh( |$)'; then
                echo "$f"
            fi
            ;;
        esac
    done
}

# lint FILE...: print FILE:LINE: WHAT for each forbidden use; 1 if any.
lint()
{
    awk '
    function report(what)
    {
        printf "%s:%d: %s\n", FILENAME, start, what
        bad = 1
    }
    # The line as the shell reads its words: quoted text, $(...) and
    # comments removed, so that only code is matched.
    function code(s,    t)
    {
        gsub(/\\./, "", s)
        while ( match(s, /\$\([^()]*\)/) )
            s = substr(s, 1, RSTART - 1) "X" substr(s, RSTART + RLENGTH)
        gsub(/"[^"]*"/, "S", s)
        gsub(/\047[^\047]*\047/, "S", s)
        sub(/(^|[ \t;])#.*/, "", s)
        return s
    }
    function check_line(s,    rest, pre, i, n, parts, ctx)
    {
        s = code(s)
        # check NAME WANT SAW TEST && TEST: the second test is not checks.
        if ( s ~ /^[ \t]*check[ \t]/ && s ~ /(&&|\|\|)/ )
            report("`check ... && ...` or `|| ...`: only the first test is check'"'"'s")
        # A pipeline beginning with !, outside an if/elif/while/until
        # condition: set -e ignores its status.
        rest = s
        while ( match(rest, /(^|;|&&|\|\||[({]|[ \t](then|do|else))[ \t]*![ \t]/) )
        {
            pre = substr(rest, 1, RSTART + RLENGTH - 1)
            ctx = prefix pre
            # The innermost compound word before the !: a condition if it
            # is if/elif/while/until, a body if then/do/else.
            n = split(ctx, parts, /[ \t;&|(){}]+/)
            for ( i = n; i >= 1; i-- )
            {
                if ( parts[i] ~ /^(if|elif|while|until)$/ )
                    break
                if ( parts[i] ~ /^(then|do|else|fi|done|esac)$/ )
                {
                    i = 0
                    break
                }
            }
            if ( i < 1 )
            {
                report("`! cmd` as a statement: set -e ignores it; write `if cmd; then fail ...; fi`")
                break
            }
            prefix = ctx
            rest = substr(rest, RSTART + RLENGTH)
        }
    }
    FNR == 1 { line = ""; prefix = "" }
    {
        if ( line == "" )
            start = FNR
        s = $0
        # Join continued lines: a trailing backslash, &&, || or |.
        if ( s ~ /\\$/ )
        {
            line = line substr(s, 1, length(s) - 1) " "
            next
        }
        t = code(s)
        if ( t ~ /(&&|\|\||\|)[ \t]*$/ )
        {
            line = line s " "
            next
        }
        line = line s
        prefix = ""
        check_line(line)
        line = ""
    }
    END { exit bad }
    ' "$@"
}

# The lint fails on each forbidden pattern, and passes the allowed forms.
self_test()
{
    t=$(mktemp -d)
    rc=0
    printf 'set -e\n! grep -q x y\n' > "$t/bang.sh"
    printf 'set -e\nfor f in a; do\n    ! grep -q x "$f"\ndone\n' > "$t/bang-loop.sh"
    printf 'true && ! grep -q x y\n' > "$t/bang-and.sh"
    printf 'if true; then ! false; fi\n' > "$t/bang-then.sh"
    printf 'check "n" "w" "s" [ -n "$r" ] && [ "$n" -gt 0 ]\n' > "$t/check-and.sh"
    printf 'check "n" "w" \\\n    "s" [ -n "$r" ] &&\n    [ "$n" -gt 0 ]\n' > "$t/check-and-2.sh"
    for f in "$t"/bang.sh "$t"/bang-loop.sh "$t"/bang-and.sh \
        "$t"/bang-then.sh "$t"/check-and.sh "$t"/check-and-2.sh; do
        if lint "$f" > "$t/out"; then
            echo "lint-shell: self-test: $(basename "$f") was not caught"
            rc=1
        fi
    done
    cat > "$t/good.sh" <<'EOF'
set -eu
if ! grep -q x y; then echo no; fi
if [ "$a" != b ] || ! grep -Eq -- "$p" "$f" ||
    ! grep -q z w; then
    echo no
fi
while ! test -e f; do sleep 1; done
echo "! not code" '! nor this'  # ! nor a comment
check "n" "w" "$([ "$a" = "$b" ] && echo same || echo not)" [ "$a" = "$b" ]
x=$(! true)
EOF
    if ! lint "$t/good.sh"; then
        echo "lint-shell: self-test: the allowed forms were refused"
        rc=1
    fi
    rm -rf "$t"
    return $rc
}

if [ "${1:-}" = --self-test ]; then
    self_test && echo "lint-shell: self-test: every forbidden pattern caught"
    exit
fi
if [ $# -eq 0 ]; then
    self_test || exit 1
    files=$(shell_files)
    # shellcheck disable=SC2086 # file names without spaces, by policy
    set -- $files
    n=$#
else
    n=$#
fi
if lint "$@"; then
    echo "lint-shell: $n shell files, no \`! cmd\` statement, no \`check ... &&\`"
else
    exit 1
fi
