# Shared by golden tests (sourced, not run): databases to test with.
#
#   empty_db PATH   an xabi database with no runs.  Only `xabi collect`
#                   makes a database (a read never creates one), so it
#                   collects a snapshot and deletes the run again.
empty_db()
{
    "$XABI" collect --snapshot \
        "$(dirname "$0")/../data/snapshots/getctx_domU_initial.txt" \
        --xen-version 4.17 --db "$1" > /dev/null
    sqlite3 "$1" 'PRAGMA foreign_keys = ON; DELETE FROM run;'
}
