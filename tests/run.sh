#!/bin/sh
# Runs every test: the cmocka unit binaries, then the golden tests that run
# the real xabi binary on real traces.  Ends with 'N passed, N failed'.
# Usage: tests/run.sh BUILD_DIR
set -u
build=${1:-build}
passed=0
failed=0
skipped=0
failures=
for t in "$build"/tests/test-*; do
    [ -x "$t" ] || continue
    out=$("$t" 2>&1)
    rc=$?
    echo "$out"
    p=$(echo "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    f=$(echo "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
    if [ "$rc" != 0 ] && [ -z "$f" ]; then
        failed=$((failed + 1))   # crashed before cmocka could count
        failures="$failures $t"
    elif [ -n "$f" ] && [ "$f" != 0 ]; then
        failures="$failures $t"
    fi
done
for t in tests/golden/*.sh; do
    [ -f "$t" ] || continue
    XABI="$build/xabi" sh "$t" > "$build/$(basename "$t").log" 2>&1
    rc=$?
    if [ "$rc" = 0 ]; then
        echo "[ golden   ] $t: ok"
        passed=$((passed + 1))
    elif [ "$rc" = 77 ]; then
        echo "[ golden   ] $t: skipped: $(tail -n 1 "$build/$(basename "$t").log")"
        skipped=$((skipped + 1))
    else
        echo "[ golden   ] $t: FAILED; its log:"
        sed 's/^/    /' "$build/$(basename "$t").log"
        failed=$((failed + 1))
        failures="$failures $t"
    fi
done
[ -n "$failures" ] && echo "failing:$failures"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
