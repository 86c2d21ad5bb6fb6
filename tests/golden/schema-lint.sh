#!/bin/sh
# Lint: every schema change comes with a migration (schema/README.md).
#   1. The schema files (schema/*.sql but the views, which are recreated
#      from their hash) hash to the value schema/migrate/schema.sha256
#      records for the current version, 3 + the number of migrate files:
#      changing them without a new schema/migrate/NNN-name.sql fails here.
#   2. scripts/embed-sql.sh, which builds the binary's copy, refuses
#      migrate files that are not numbered 004, 005, ... exactly.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$here/../..
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$top"

nmig=$(ls schema/migrate/ | grep -c '\.sql$' || true)
version=$((3 + nmig))
hash=$(cat $(ls schema/*.sql | grep -v -- '-views\.sql$') | sha256sum | cut -c1-64)
recorded=$(sed -n "s/^$version \([0-9a-f]\{64\}\)\$/\1/p" schema/migrate/schema.sha256)
if [ -z "$recorded" ]; then
    echo "FAIL: schema/migrate/schema.sha256 has no hash for schema version"
    echo "  $version (3 + $nmig migrate files).  If schema/migrate/ holds the"
    echo "  migration of the change to schema/*.sql, add the line"
    echo "      $version $hash"
    exit 1
fi
if [ "$hash" != "$recorded" ]; then
    echo "FAIL: schema/*.sql changed, but schema version $version records"
    echo "      ${recorded:-no hash} in schema/migrate/schema.sha256."
    echo "  A change to tables, columns, indexes or seeded rows needs"
    echo "  schema/migrate/$(printf %03d $((version + 1)))-NAME.sql (the DDL that turns a"
    echo "  version-$version database into the new one), then the line"
    echo "      $((version + 1)) $hash"
    echo "  A change that leaves the schema as it was (a comment) may instead"
    echo "  replace the hash of version $version.  See schema/README.md."
    exit 1
fi
echo "ok: schema of version $version hashes to the recorded $hash"

# The numbering check of the build, on copies.
mkdir -p "$work/schema/migrate"
cp schema/090-views.sql "$work/schema/"
echo 'SELECT 1;' > "$work/schema/migrate/004-a.sql"
echo 'SELECT 1;' > "$work/schema/migrate/006-b.sql"
cd "$work"
if sh "$top/scripts/embed-sql.sh" schema/090-views.sql \
       schema/migrate/004-a.sql schema/migrate/006-b.sql > out.c 2> err; then
    echo "FAIL: embed-sql.sh took migrate files 004, 006"; exit 1
fi
grep -q 'expected schema/migrate/005-NAME.sql' err
echo "ok: a gap in the migrate files fails the build: $(cat err)"
if sh "$top/scripts/embed-sql.sh" schema/090-views.sql \
       schema/migrate/004-a.sql schema/migrate/004-a.sql > out.c 2> err; then
    echo "FAIL: embed-sql.sh took 004 twice"; exit 1
fi
echo "ok: a duplicate fails the build"
mv schema/migrate/006-b.sql schema/migrate/005-b.sql
sh "$top/scripts/embed-sql.sh" schema/090-views.sql \
    schema/migrate/004-a.sql schema/migrate/005-b.sql > out.c
grep -q 'xabi_schema_version = 5;' out.c
echo "ok: 004 and 005 make schema version 5"
