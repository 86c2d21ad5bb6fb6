#!/bin/sh
# Golden test: the pages that read the analyzer's tables (vCPU snapshots,
# findings) show them: the PV start-of-day selectors against the headers,
# the trap table and callbacks, the PVH start-of-day state, the audit
# report with one page per rule.  Fixture: tests/data/render-snapshots.sql
# over the real domU and PVH traces.  Skips, saying so, in a build whose
# schema has no snapshot tables (exit 77).
set -eu
XABI=${XABI:-build/xabi}
here=$(cd "$(dirname "$0")" && pwd)
data=$here/../data
. "$here/lib/check.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
db=$work/xabi.db
for t in trace_domU trace_pvh_linux; do
    xz -dc "$data/$t.bin.xz" > "$work/$t.bin"
    "$XABI" collect "$work/$t.bin" --xen-version 4.17 --db "$db" \
        --no-progress > /dev/null
done
if [ -z "$(sqlite3 "$db" "SELECT name FROM sqlite_schema WHERE name = 'snapshot'")" ]; then
    echo "render-snapshots: skipped (no snapshot tables in this build's schema)"
    exit 77
fi
sqlite3 "$db" < "$data/render-snapshots.sql"
"$XABI" render --out "$work/site" --db "$db"
s=$work/site

# PV start of day: observed selectors set against FLAT_KERNEL_*.
grep -q '0xe02b (run 1 d1v0)' "$s/html/pv-start-of-day.html"
grep -q "0xe033, with a code descriptor: a code selector cannot be loaded into SS" \
    "$s/html/pv-start-of-day.html"
# Next to them, the analyzer's stored SEG-001 finding, not a verdict of
# the page's own.
grep -q 'run 1 d1v0: SEG-001 PASS: PV64 start of day' \
    "$s/html/pv-start-of-day.html"
test "$(grep -c 'observed: matches the headers' "$s/html/pv-start-of-day.html")" = 0
grep -q 'the wiki says' "$s/html/pv-start-of-day.html"
# Trap table and callbacks.
grep -q '0xffffffff81027db0' "$s/html/pv-traps.html"
grep -q 'masked (as an interrupt gate)' "$s/html/pv-traps.html"
grep -q 'not registered (0)' "$s/html/pv-traps.html"
grep -q '0xffffffff81c01310' "$s/html/pv-traps.html"
# PVH: every requirement's value from the snapshot; run 2 was never
# checked, so each says so instead of a verdict.
grep -q 'cs = 0x0: flat 32-bit ring-0 code' "$s/html/pvh-boot.html"
test "$(grep -o 'PVH-00[1-4]: not checked: run `xabi check`' \
    "$s/html/pvh-boot.html" | wc -l)" = 9
test "$(grep -c 'as required' "$s/html/pvh-boot.html")" = 0
# Audit: run 1 checked with findings, run 2 not; a page per rule.
grep -q 'href="rule-TRAP-001.html"' "$s/html/audit.html"
grep -q 'this run was not checked' "$s/html/audit.html"
test -f "$s/html/rule-SEG-001.html"
grep -q 'NOT-OBSERVED (no-snapshot)' "$s/html/rule-TRACE-001.html"
# A kernel image's notes, its GUEST_OS string full of markup kept as text.
grep -q 'XEN_ELFNOTE_PHYS32_ENTRY</code> = 0x1000850' "$s/html/pvh-boot.html"
grep -q '&quot;linux&lt;script&gt;alert(3)&lt;/script&gt;\[\[Main Page\]\]' \
    "$s/html/pvh-boot.html"
grep -q 'no name in this Xen version' "$s/html/pvh-boot.html"
absent '<script>alert' "$s"/html/*.html
# The other formats build too.
sphinx-build -q -W -b html "$s/rst" "$work/sphinx" 2>&1
for f in "$s"/wiki/*.wiki; do
    pandoc -f mediawiki -t plain "$f" -o /dev/null
done
pandoc -f mediawiki -t plain "$s/wiki/pvh-boot.wiki" | \
    grep -q 'linux<script>alert(3)</script>\[\[Main Page\]\]{{X}}'
grep -q 'linux&lt;script&gt;alert(3)&lt;/script&gt;\[\[Main Page\]\]{{X}}' \
    "$work/sphinx/pvh-boot.html"
echo "render-snapshots: snapshots and findings shown in all three formats"
