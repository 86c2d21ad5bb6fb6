/*
 * store.c: opening, creating and writing xabi's SQLite database.
 *
 * A new database gets the whole embedded schema and catalogue in one
 * transaction, then its application_id and user_version.  An existing file
 * is accepted only if it carries our application_id and a schema version we
 * can read; anything else is refused before a single byte is written.
 *
 * Writers use prepared statements cached on the handle: a collect writes a
 * few thousand rows (aggregates, rare facts, samples), so statement reuse
 * matters more than anything else here.
 */
#include "store/store-int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/schema-data.h"

/* Bump when schema/ changes incompatibly. */
#define XABI_SCHEMA_VERSION 4

void xabi_store_set_error(struct xabi_store *st, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(st->errmsg, sizeof(st->errmsg), fmt, ap);
    va_end(ap);
}

int xabi_store_sql_error(struct xabi_store *st, const char *what)
{
    xabi_store_set_error(st, "%s: %s: %s", st->path, what,
                         sqlite3_errmsg(st->db));
    return -1;
}

const char *xabi_store_errmsg(const struct xabi_store *st)
{
    return st ? st->errmsg : "out of memory";
}

int xabi_store_exec(struct xabi_store *st, const char *sql, const char *what)
{
    char *err = NULL;

    if ( sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK )
    {
        xabi_store_set_error(st, "%s: %s: %s", st->path, what,
                             err ? err : sqlite3_errmsg(st->db));
        sqlite3_free(err);
        return -1;
    }
    return 0;
}

static int pragma_int(struct xabi_store *st, const char *pragma, int *out)
{
    sqlite3_stmt *s;
    char sql[64];
    int rc;

    snprintf(sql, sizeof(sql), "PRAGMA %s", pragma);
    if ( sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK )
        return xabi_store_sql_error(st, "reading the database header");
    rc = sqlite3_step(s);
    if ( rc == SQLITE_ROW )
        *out = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    if ( rc != SQLITE_ROW )
        return xabi_store_sql_error(st, "reading the database header");
    return 0;
}

static int count_tables(struct xabi_store *st, int *n)
{
    sqlite3_stmt *s;
    int rc;

    if ( sqlite3_prepare_v2(st->db, "SELECT count(*) FROM sqlite_schema", -1,
                            &s, NULL) != SQLITE_OK )
        return xabi_store_sql_error(st, "not an SQLite database");
    rc = sqlite3_step(s);
    if ( rc == SQLITE_ROW )
        *n = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    if ( rc != SQLITE_ROW )
        return xabi_store_sql_error(st, "not an SQLite database");
    return 0;
}

/* Create every table and seed the catalogue: one transaction. */
static int create_schema(struct xabi_store *st)
{
    const struct xabi_schema_file *f;
    char sql[128];

    if ( xabi_store_exec(st, "BEGIN IMMEDIATE", "creating the schema") )
        return -1;
    for ( f = xabi_schema_files; f->path; f++ )
    {
        if ( xabi_store_exec(st, f->sql, f->path) )
            goto fail;
    }
    snprintf(sql, sizeof(sql),
             "PRAGMA application_id = %d; PRAGMA user_version = %d",
             XABI_STORE_APP_ID, XABI_SCHEMA_VERSION);
    if ( xabi_store_exec(st, sql, "creating the schema") ||
         xabi_store_exec(st, "COMMIT", "creating the schema") )
        goto fail;
    return 0;

fail:
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return -1;
}

/* Accept an existing database only if it is ours and readable. */
static int check_schema(struct xabi_store *st)
{
    int app_id = 0, version = 0, ntables = 0;

    if ( count_tables(st, &ntables) )
        return -1;
    if ( pragma_int(st, "application_id", &app_id) ||
         pragma_int(st, "user_version", &version) )
        return -1;
    if ( ntables == 0 && app_id == 0 )
        return create_schema(st);
    if ( (uint32_t)app_id != XABI_STORE_APP_ID )
    {
        xabi_store_set_error(st,
                             "%s: not an xabi database (application_id "
                             "0x%08x, %d tables); refusing to touch it",
                             st->path, (unsigned)app_id, ntables);
        return -1;
    }
    if ( version != XABI_SCHEMA_VERSION )
    {
        xabi_store_set_error(st,
                             "%s: schema version %d, this xabi reads %d; "
                             "collect into a new database",
                             st->path, version, XABI_SCHEMA_VERSION);
        return -1;
    }
    return 0;
}

int xabi_store_open(const char *path, struct xabi_store **out)
{
    struct xabi_store *st;
    struct stat sb;

    *out = st = calloc(1, sizeof(*st));
    if ( !st )
        return -1;
    snprintf(st->path, sizeof(st->path), "%s", path);

    if ( stat(path, &sb) == 0 )
    {
        if ( !S_ISREG(sb.st_mode) )
        {
            xabi_store_set_error(st, "%s: not a regular file", path);
            return -1;
        }
    }
    else if ( errno == ENOENT )
        st->created = true;
    else
    {
        xabi_store_set_error(st, "%s: %s", path, strerror(errno));
        return -1;
    }

    if ( sqlite3_open_v2(path, &st->db,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
         SQLITE_OK )
    {
        xabi_store_set_error(st, "%s: cannot open: %s", path,
                             st->db ? sqlite3_errmsg(st->db) : "out of memory");
        return -1;
    }
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_timeout(st->db, 5000);
    if ( check_schema(st) )
        return -1;
    if ( xabi_store_exec(st, "PRAGMA foreign_keys = ON", "opening") )
        return -1;
    return 0;
}

void xabi_store_close(struct xabi_store *st)
{
    size_t i;

    if ( !st )
        return;
    if ( st->in_txn )
        xabi_store_rollback(st);
    for ( i = 0; i < XABI_STMT_MAX; i++ )
        sqlite3_finalize(st->stmt[i]);
    sqlite3_close(st->db);
    free(st);
}

void xabi_store_abandon(struct xabi_store *st)
{
    char path[sizeof(st->path)];
    bool created;

    if ( !st )
        return;
    created = st->created;
    memcpy(path, st->path, sizeof(path));
    xabi_store_close(st);
    if ( created )
    {
        char journal[sizeof(path) + 16];

        unlink(path);
        snprintf(journal, sizeof(journal), "%s-journal", path);
        unlink(journal);
    }
}

int xabi_store_begin(struct xabi_store *st)
{
    if ( xabi_store_exec(st, "BEGIN IMMEDIATE", "starting a transaction") )
        return -1;
    st->in_txn = true;
    return 0;
}

int xabi_store_commit(struct xabi_store *st)
{
    if ( xabi_store_exec(st, "COMMIT", "committing") )
        return -1;
    st->in_txn = false;
    st->created = false; /* it now holds data the user asked for */
    return 0;
}

void xabi_store_rollback(struct xabi_store *st)
{
    if ( st && st->in_txn )
    {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        st->in_txn = false;
    }
}

sqlite3_stmt *xabi_store_stmt(struct xabi_store *st, enum xabi_stmt id,
                              const char *sql)
{
    sqlite3_stmt *s = st->stmt[id];

    if ( s )
    {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        return s;
    }
    if ( sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                            &st->stmt[id], NULL) != SQLITE_OK )
    {
        xabi_store_sql_error(st, "preparing a statement");
        return NULL;
    }
    return st->stmt[id];
}

sqlite3_stmt *xabi_store_prepare(struct xabi_store *st, const char *sql)
{
    sqlite3_stmt *s;

    if ( sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK )
    {
        xabi_store_sql_error(st, "preparing a statement");
        return NULL;
    }
    return s;
}

int xabi_store_step_once(struct xabi_store *st, sqlite3_stmt *s,
                         const char *what)
{
    int rc = sqlite3_step(s);

    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : xabi_store_sql_error(st, what);
}

int xabi_store_step_done(struct xabi_store *st, sqlite3_stmt *s,
                         const char *what)
{
    int rc = sqlite3_step(s);

    sqlite3_reset(s);
    if ( rc != SQLITE_DONE )
        return xabi_store_sql_error(st, what);
    return 0;
}
