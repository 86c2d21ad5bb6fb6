/*
 * schema.c: making a database ours, and keeping it so across versions.
 *
 * A new database gets the whole embedded schema and catalogue in one
 * transaction, the hash of its view definitions (meta 'views_sha256'), then
 * its application_id and user_version.
 *
 * An existing file is accepted only if it carries our application_id and a
 * schema version this xabi knows: 3 (the first with migrations) up to its
 * own.  An older one is upgraded by the steps of schema/migrate/, 004 from
 * 3 to 4 and so on; views whose hash differs from this xabi's are dropped
 * and recreated (they are derived, never data); then the schema is
 * verified against the one this xabi creates: every table (with its
 * columns), index, trigger and view.  All of that is one transaction, so
 * anything that fails leaves the file as it was.  A database newer than
 * this xabi, or damaged, is refused before a byte is written.
 *
 * Damage and views: a view missing while the stored hash matches is
 * damage (someone dropped it), and refused like a missing table.  Only a
 * hash that differs (an older xabi's views, or none recorded: schema 3)
 * recreates the views.
 */
#include "store/store-int.h"

#include <stdio.h>
#include <string.h>

#include "store/schema-data.h"

/* The first version that migrations start from; older ones are refused. */
#define OLDEST_MIGRATABLE 3

/* meta key of the SHA-256 of the view definitions a database holds. */
#define VIEWS_HASH_KEY "views_sha256"
/* meta key of the SHA-256 of the catalogue files it was seeded with. */
#define CATALOGUE_HASH_KEY "catalogue_sha256"
/* abi_version.source of a release the catalogue seeds (make-catalogue.sh);
 * reseed_catalogue() spells it once more for sqlite3_snprintf. */
#define BUILTIN_SOURCE "xen-project/xen RELEASE-%"

static bool is_catalogue(const struct xabi_schema_file *f)
{
    return strncmp(f->path, "schema/catalogue/", 17) == 0;
}

/* schema/090-views.sql, 091-report-views.sql: derived, never data. */
static bool is_views(const struct xabi_schema_file *f)
{
    size_t n = strlen(f->path);

    return n > 10 && strcmp(f->path + n - 10, "-views.sql") == 0;
}

/* The one integer a query returns; 0 if no row. */
static int query_int(struct xabi_store *st, const char *sql, int *out)
{
    sqlite3_stmt *s;
    int rc;

    *out = 0;
    if ( sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK )
        return xabi_store_sql_error(st, "reading the schema");
    rc = sqlite3_step(s);
    if ( rc == SQLITE_ROW )
        *out = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    if ( rc != SQLITE_ROW && rc != SQLITE_DONE )
        return xabi_store_sql_error(st, "reading the schema");
    return 0;
}

static int pragma_int(struct xabi_store *st, const char *pragma, int *out)
{
    char sql[64];

    snprintf(sql, sizeof(sql), "PRAGMA %s", pragma);
    return query_int(st, sql, out);
}

static int exec_views(struct xabi_store *st, bool drop_first)
{
    const struct xabi_schema_file *f;
    sqlite3_stmt *s;
    char sql[256];
    int rc;

    if ( drop_first )
    {
        /* Every v_* and report_* view: ours, from this or an older xabi
         * (the report views read the v_* ones). */
        for ( ;; )
        {
            s = xabi_store_prepare(st, "SELECT name FROM sqlite_schema "
                                       "WHERE type = 'view' AND "
                                       "(name GLOB 'v_*' OR "
                                       "name GLOB 'report_*') LIMIT 1");
            if ( !s )
                return -1;
            rc = sqlite3_step(s);
            if ( rc == SQLITE_ROW ) /* %w: the name as a quoted identifier */
                sqlite3_snprintf(sizeof(sql), sql, "DROP VIEW \"%w\"",
                                 (const char *)sqlite3_column_text(s, 0));
            sqlite3_finalize(s);
            if ( rc == SQLITE_DONE )
                break;
            if ( rc != SQLITE_ROW )
                return xabi_store_sql_error(st, "dropping the old views");
            if ( xabi_store_exec(st, sql, "dropping the old views") )
                return -1;
        }
    }
    for ( f = xabi_schema_files; f->path; f++ )
    {
        if ( is_views(f) && xabi_store_exec(st, f->sql, f->path) )
            return -1;
    }
    snprintf(sql, sizeof(sql),
             "INSERT OR REPLACE INTO meta (key, value) VALUES ('%s', '%s')",
             VIEWS_HASH_KEY, xabi_views_sha256);
    return xabi_store_exec(st, sql, "recording the views");
}

static int put_meta(struct xabi_store *st, const char *key,
                    const char *value)
{
    char sql[256];

    snprintf(sql, sizeof(sql),
             "INSERT OR REPLACE INTO meta (key, value) VALUES ('%s', '%s')",
             key, value);
    return xabi_store_exec(st, sql, "recording a schema hash");
}

/*
 * Seed the catalogue again: drop the built-in releases (their rows in the
 * other abi_* tables go with them) and run schema/catalogue/ anew.  A
 * release a user imported under a name the catalogue also has is theirs:
 * its file is skipped, inside a savepoint, rather than fail the open.
 */
static int reseed_catalogue(struct xabi_store *st)
{
    const struct xabi_schema_file *f;
    sqlite3_stmt *s;
    char sql[256];
    int rc;

    /* Each catalogue table's rows of a built-in release, then the
     * releases: whether foreign keys cascade is the connection's choice. */
    s = xabi_store_prepare(st, "SELECT name FROM sqlite_schema WHERE type = "
                               "'table' AND name GLOB 'abi_*' AND name <> "
                               "'abi_version' ORDER BY name DESC");
    if ( !s )
        return -1;
    while ( (rc = sqlite3_step(s)) == SQLITE_ROW )
    {
        sqlite3_snprintf(sizeof(sql), sql,
                         "DELETE FROM \"%w\" WHERE version IN (SELECT "
                         "version FROM abi_version WHERE source LIKE "
                         "'xen-project/xen RELEASE-%%')",
                         (const char *)sqlite3_column_text(s, 0));
        if ( xabi_store_exec(st, sql, "seeding the catalogue anew") )
        {
            sqlite3_finalize(s);
            return -1;
        }
    }
    sqlite3_finalize(s);
    if ( rc != SQLITE_DONE )
        return xabi_store_sql_error(st, "seeding the catalogue anew");
    if ( xabi_store_exec(st,
                         "DELETE FROM abi_version WHERE source LIKE '"
                         BUILTIN_SOURCE "'",
                         "seeding the catalogue anew") )
        return -1;
    for ( f = xabi_schema_files; f->path; f++ )
    {
        if ( !is_catalogue(f) )
            continue;
        if ( xabi_store_exec(st, "SAVEPOINT seed", "seeding the catalogue") )
            return -1;
        rc = sqlite3_exec(st->db, f->sql, NULL, NULL, NULL);
        /* A release of that name the user imported stays theirs. */
        if ( (rc & 0xff) == SQLITE_CONSTRAINT )
            rc = xabi_store_exec(st, "ROLLBACK TO seed", f->path);
        else if ( rc != SQLITE_OK )
        {
            xabi_store_sql_error(st, f->path);
            return -1;
        }
        if ( rc || xabi_store_exec(st, "RELEASE seed", "seeding the "
                                                      "catalogue") )
            return -1;
    }
    return put_meta(st, CATALOGUE_HASH_KEY, xabi_catalogue_sha256);
}

int xabi_store_schema_create(struct xabi_store *st)
{
    const struct xabi_schema_file *f;
    char sql[128];

    if ( xabi_store_exec(st, "BEGIN IMMEDIATE", "creating the schema") )
        return -1;
    for ( f = xabi_schema_files; f->path; f++ )
    {
        if ( !is_views(f) && xabi_store_exec(st, f->sql, f->path) )
            goto fail;
    }
    snprintf(sql, sizeof(sql),
             "PRAGMA application_id = %d; PRAGMA user_version = %d",
             XABI_STORE_APP_ID, xabi_schema_version);
    if ( exec_views(st, false) ||
         put_meta(st, CATALOGUE_HASH_KEY, xabi_catalogue_sha256) ||
         xabi_store_exec(st, sql, "creating the schema") ||
         xabi_store_exec(st, "COMMIT", "creating the schema") )
        goto fail;
    return 0;

fail:
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

/* ---- verification ------------------------------------------------------ */

/*
 * The image of a new database, when this binary carries one, as a private
 * in-memory database: the very schema it was made with, without executing
 * the SQL again on every open.  A copy, with the header's WAL marks (bytes
 * 18 and 19) set back to rollback: an in-memory database has no WAL.
 * false: no image, or it would not load; the caller makes one from SQL.
 */
static bool reference_from_image(sqlite3 *ref)
{
/*
 * sqlite3_deserialize() is built in from SQLite 3.36 on; before that only
 * with SQLITE_ENABLE_DESERIALIZE, which bullseye's 3.34 (the 4.14 lab's
 * root) lacks.  Without it the reference is made from SQL.
 */
#if SQLITE_VERSION_NUMBER >= 3036000 || defined(SQLITE_ENABLE_DESERIALIZE)
    const unsigned char *image;
    unsigned char *copy;
    size_t len;

    if ( !xabi_store_seed_image(&image, &len) || len < 100 ||
         !(copy = sqlite3_malloc64(len)) )
        return false;
    memcpy(copy, image, len);
    copy[18] = copy[19] = 1;
    return sqlite3_deserialize(ref, "main", copy, (sqlite3_int64)len,
                               (sqlite3_int64)len,
                               SQLITE_DESERIALIZE_FREEONCLOSE |
                                   SQLITE_DESERIALIZE_READONLY) == SQLITE_OK;
#else
    (void)ref;
    return false;
#endif
}

/* A private database with this xabi's schema (catalogue rows optional). */
static int reference_open(struct xabi_store *st, sqlite3 **ref)
{
    const struct xabi_schema_file *f;
    char *err = NULL;

    if ( sqlite3_open_v2(":memory:", ref,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                         NULL) != SQLITE_OK )
    {
        xabi_store_set_error(st, "%s: out of memory", st->path);
        return -1;
    }
    if ( reference_from_image(*ref) )
        return 0;
    for ( f = xabi_schema_files; f->path; f++ )
    {
        if ( is_catalogue(f) )
            continue;
        if ( sqlite3_exec(*ref, f->sql, NULL, NULL, &err) != SQLITE_OK )
        {
            xabi_store_set_error(st, "%s: %s", f->path, err ? err : "?");
            sqlite3_free(err);
            return -1;
        }
    }
    return 0;
}

/* The sorted column names of table in db, comma-separated. */
static int columns(struct xabi_store *st, sqlite3 *db, const char *table,
                   char *out, size_t size)
{
    sqlite3_stmt *s;
    size_t used = 0;
    int rc;

    out[0] = '\0';
    if ( sqlite3_prepare_v2(db,
                            "SELECT name FROM pragma_table_info(?1) "
                            "ORDER BY name",
                            -1, &s, NULL) != SQLITE_OK )
        return xabi_store_sql_error(st, "reading the schema");
    sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
    while ( (rc = sqlite3_step(s)) == SQLITE_ROW && used < size )
        used += (size_t)snprintf(out + used, size - used, "%s,",
                                 (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    if ( rc != SQLITE_DONE && rc != SQLITE_ROW )
        return xabi_store_sql_error(st, "reading the schema");
    return 0;
}

/* from: the version an upgrade started from, or 0 if none ran. */
static int damaged(struct xabi_store *st, int from, const char *type,
                   const char *name, const char *what)
{
    if ( from )
        xabi_store_set_error(st,
                             "%s: upgrading from schema %d to %d leaves "
                             "%s %s %s: a bug in this xabi's "
                             "schema/migrate/; the database is left as it "
                             "was",
                             st->path, from, xabi_schema_version, type, name,
                             what);
    else
        xabi_store_set_error(st,
                             "%s: damaged database: %s %s %s; xabi leaves "
                             "it as it is (restore a copy, or collect into "
                             "a new database)",
                             st->path, type, name, what);
    return -1;
}

/* Does one object of the reference schema exist, alike, in st? */
static int verify_one(struct xabi_store *st, int from, sqlite3 *ref,
                      const char *type, const char *name)
{
    char want[2048], got[2048];
    sqlite3_stmt *s;
    int n, rc;

    if ( sqlite3_prepare_v2(st->db,
                            "SELECT count(*) FROM sqlite_schema "
                            "WHERE name = ?1 AND type = ?2",
                            -1, &s, NULL) != SQLITE_OK )
        return xabi_store_sql_error(st, "reading the schema");
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, type, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    n = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
    sqlite3_finalize(s);
    if ( rc != SQLITE_ROW )
        return xabi_store_sql_error(st, "reading the schema");
    if ( n == 0 )
        return damaged(st, from, type, name, "is missing");
    if ( strcmp(type, "table") != 0 )
        return 0;
    if ( columns(st, ref, name, want, sizeof(want)) ||
         columns(st, st->db, name, got, sizeof(got)) )
        return -1;
    if ( strcmp(want, got) != 0 )
        return damaged(st, from, type, name,
                       "without the columns expected");
    return 0;
}

/*
 * Every table (with its columns), index, trigger and view this xabi creates
 * exists in st; from is the version an upgrade started from, 0 if none.
 */
static int verify(struct xabi_store *st, int from)
{
    sqlite3 *ref = NULL;
    sqlite3_stmt *s = NULL;
    int rc = -1, step;

    if ( reference_open(st, &ref) )
        goto out;
    if ( sqlite3_prepare_v2(ref,
                            "SELECT type, name FROM sqlite_schema "
                            "WHERE name NOT GLOB 'sqlite_*' "
                            "ORDER BY type = 'view', name",
                            -1, &s, NULL) != SQLITE_OK )
    {
        xabi_store_set_error(st, "%s: reading the schema: %s", st->path,
                             sqlite3_errmsg(ref));
        goto out;
    }
    while ( (step = sqlite3_step(s)) == SQLITE_ROW )
    {
        if ( verify_one(st, from, ref,
                        (const char *)sqlite3_column_text(s, 0),
                        (const char *)sqlite3_column_text(s, 1)) )
            goto out;
    }
    rc = step == SQLITE_DONE ? 0 : -1;
    if ( rc )
        xabi_store_set_error(st, "%s: reading the schema: %s", st->path,
                             sqlite3_errmsg(ref));
out:
    sqlite3_finalize(s);
    sqlite3_close(ref);
    return rc;
}

/* ---- upgrade ------------------------------------------------------------ */

/* Does the stored hash under key equal want?  false if none stored. */
static int meta_current(struct xabi_store *st, const char *key,
                        const char *want, bool *current)
{
    sqlite3_stmt *s;
    int rc;

    *current = false;
    s = xabi_store_prepare(st, "SELECT value FROM meta WHERE key = ?1");
    if ( !s )
        return -1;
    sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if ( rc == SQLITE_ROW && sqlite3_column_type(s, 0) == SQLITE_TEXT )
        *current = strcmp((const char *)sqlite3_column_text(s, 0), want) == 0;
    sqlite3_finalize(s);
    if ( rc != SQLITE_ROW && rc != SQLITE_DONE )
        return xabi_store_sql_error(st, "reading a schema hash");
    return 0;
}

int xabi_store_upgrade(struct xabi_store *st,
                       const struct xabi_schema_file *steps, int target,
                       bool views)
{
    const struct xabi_schema_file *f;
    char sql[64], what[128];
    int from, version, v;
    bool did_views = false, did_cat = false;

    if ( xabi_store_exec(st, "BEGIN IMMEDIATE", "upgrading the database") )
        return -1;
    /* Read under the lock: another xabi may have upgraded it meanwhile. */
    if ( pragma_int(st, "user_version", &version) )
        goto fail;
    from = version;
    for ( v = version + 1; v <= target; v++ )
    {
        f = &steps[v - OLDEST_MIGRATABLE - 1];
        snprintf(what, sizeof(what), "upgrading from schema %d to %d: %s",
                 v - 1, v, f->path);
        snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v);
        if ( xabi_store_exec(st, f->sql, what) ||
             xabi_store_exec(st, sql, what) )
            goto fail;
    }
    if ( views || from < target )
    {
        bool current, cat_current;

        if ( meta_current(st, VIEWS_HASH_KEY, xabi_views_sha256, &current) ||
             meta_current(st, CATALOGUE_HASH_KEY, xabi_catalogue_sha256,
                          &cat_current) )
            goto fail;
        if ( !current && exec_views(st, true) )
            goto fail;
        if ( !cat_current && reseed_catalogue(st) )
            goto fail;
        did_views = !current;
        did_cat = !cat_current;
    }
    if ( verify(st, from < target ? from : 0) ||
         xabi_store_exec(st, "COMMIT", "upgrading") )
        goto fail;
    if ( from < target )
        xabi_store_notice(st, "upgraded %s from schema %d to %d", st->path,
                          from, target);
    else if ( did_views || did_cat )
        xabi_store_notice(st, "%s:%s%s", st->path,
                          did_views ? " views recreated from this xabi's "
                                      "definitions"
                                    : "",
                          did_cat ? (did_views ? "; catalogue seeded anew"
                                               : " catalogue seeded anew")
                                  : "");
    return 0;

fail:
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

int xabi_store_schema_open(struct xabi_store *st)
{
    int app_id = 0, version = 0, nobjects = 0;
    bool current = true, cat_current = true;

    if ( query_int(st, "SELECT count(*) FROM sqlite_schema", &nobjects) ||
         pragma_int(st, "application_id", &app_id) ||
         pragma_int(st, "user_version", &version) )
        return -1;
    if ( nobjects == 0 && app_id == 0 )
    {
        if ( st->opts.access == XABI_STORE_WRITE )
            return xabi_store_schema_create(st);
        xabi_store_set_error(st,
                             "%s: an empty file, not an xabi database "
                             "(`xabi collect` makes one)",
                             st->path);
        return -1;
    }
    if ( (uint32_t)app_id != XABI_STORE_APP_ID )
    {
        xabi_store_set_error(st,
                             "%s: not an xabi database (application_id "
                             "0x%08x, %d schema objects); refusing to touch "
                             "it",
                             st->path, (unsigned)app_id, nobjects);
        return -1;
    }
    if ( version > xabi_schema_version )
    {
        xabi_store_set_error(st,
                             "%s: schema version %d is newer than this "
                             "xabi's (%d): use a newer xabi; the database "
                             "is left as it is",
                             st->path, version, xabi_schema_version);
        return -1;
    }
    if ( version < OLDEST_MIGRATABLE )
    {
        xabi_store_set_error(st,
                             "%s: schema version %d predates xabi's "
                             "migrations (%d and later); collect into a new "
                             "database",
                             st->path, version, OLDEST_MIGRATABLE);
        return -1;
    }
    if ( version == xabi_schema_version &&
         (meta_current(st, VIEWS_HASH_KEY, xabi_views_sha256, &current) ||
          meta_current(st, CATALOGUE_HASH_KEY, xabi_catalogue_sha256,
                       &cat_current)) )
        return -1;
    /* Our own copy of the seed is the reference verify() compares with. */
    if ( version == xabi_schema_version && current && cat_current )
        return st->seeded ? 0 : verify(st, 0);
    return xabi_store_upgrade(st, xabi_migrate_files, xabi_schema_version,
                              !current || !cat_current);
}

int xabi_store_schema_version(void)
{
    return xabi_schema_version;
}
