# Shared by the golden tests (sourced, not run): checks that end the test
# when they fail, written so that `set -e` cannot skip them (a pipeline
# beginning with ! is exempt from it; tests/golden/lint-shell.sh forbids
# one as a statement).
#
#   fail MESSAGE...          say why on stderr and exit 1
#   absent PATTERN FILE...   fail if a basic regex PATTERN is in any FILE

fail()
{
    echo "FAIL: $*" >&2
    exit 1
}

absent()
{
    _pattern=$1
    shift
    if grep -q -- "$_pattern" "$@"; then
        fail "'$_pattern' is in $(grep -l -- "$_pattern" "$@" | head -n 3 | tr '\n' ' ')"
    fi
}
