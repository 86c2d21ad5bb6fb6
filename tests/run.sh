#!/bin/sh
# Runs every test binary of BUILD/tests and every tests/golden script, and
# ends with "N passed, N failed".  (Minimal version from the analyzer
# branch; the collector branch's copy supersedes it on merge.)
# usage: tests/run.sh BUILD
build=${1:-build}
passed=0
failed=0
for t in "$build"/tests/test-*; do
    [ -x "$t" ] || continue
    if "$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
for g in tests/golden/*.sh; do
    [ -f "$g" ] || continue
    if sh "$g" "$build"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
