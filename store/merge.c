/*
 * store/merge.c: copy the runs of another xabi database into this one, as
 * `xabi lab` does with the database its dom0 brings out of the VM.
 *
 * Which rows belong to a run is read from the schema, not listed here, so
 * a table a later schema adds is copied too: the run row, every table with
 * a run_id column, and every table whose foreign key names one of those
 * (a snapshot's registers, a hypercall page's stubs).  Integer ids are
 * renumbered past the ids already in this database, and every column that
 * refers to them (by its foreign key, or a run_id without one) moves with
 * them.  Tables in that order: a table after the tables it refers to.
 *
 * A run whose source (kind and SHA-256) is already here is not copied
 * twice (the same kernel image booted on two releases): it is counted as
 * skipped, with everything that hangs off it.  The other database must
 * have this xabi's schema version.  One transaction: all or nothing.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store-int.h"

#define MERGE_MAX_TABLES 64
#define MERGE_SQL_MAX    8192

struct merge_table
{
    char name[64];
    bool has_id;     /* an INTEGER PRIMARY KEY named id: renumbered */
    bool has_run_id; /* a run_id column */
    char parent[64]; /* without run_id: the copied table its rows hang off */
    char parent_col[64];
    bool done;
    int64_t offset; /* what its ids move by */
};

struct merge
{
    struct xabi_store *st;
    struct merge_table t[MERGE_MAX_TABLES];
    unsigned n;
};

static struct merge_table *find(struct merge *m, const char *name)
{
    unsigned i;

    for ( i = 0; i < m->n; i++ )
    {
        if ( strcmp(m->t[i].name, name) == 0 )
            return &m->t[i];
    }
    return NULL;
}

/* One integer from a query of no parameters; -1 on failure. */
static int query_int64(struct xabi_store *st, const char *sql,
                       int64_t *out)
{
    sqlite3_stmt *s = xabi_store_prepare(st, sql);
    int rc;

    if ( !s )
        return -1;
    rc = sqlite3_step(s);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    if ( rc != SQLITE_ROW && rc != SQLITE_DONE )
        return xabi_store_sql_error(st, "merging");
    return 0;
}

/* The tables that belong to runs, from main's schema. */
static int list_tables(struct merge *m)
{
    sqlite3_stmt *s = xabi_store_prepare(
        m->st,
        "SELECT m.name, "
        " EXISTS (SELECT 1 FROM pragma_table_info(m.name) p"
        "          WHERE p.name = 'id' AND p.pk = 1),"
        " EXISTS (SELECT 1 FROM pragma_table_info(m.name) p"
        "          WHERE p.name = 'run_id') "
        "FROM main.sqlite_master m WHERE m.type = 'table' "
        "AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name");
    int rc;

    if ( !s )
        return -1;
    while ( (rc = sqlite3_step(s)) == SQLITE_ROW )
    {
        struct merge_table *t;

        if ( m->n == MERGE_MAX_TABLES )
        {
            sqlite3_finalize(s);
            xabi_store_set_error(m->st, "merging: more than %d tables",
                                 MERGE_MAX_TABLES);
            return -1;
        }
        t = &m->t[m->n++];
        memset(t, 0, sizeof(*t));
        snprintf(t->name, sizeof(t->name), "%s", sqlite3_column_text(s, 0));
        t->has_id = sqlite3_column_int(s, 1);
        t->has_run_id = sqlite3_column_int(s, 2) ||
                        strcmp(t->name, "run") == 0;
    }
    sqlite3_finalize(s);
    if ( rc != SQLITE_DONE )
        return xabi_store_sql_error(m->st, "merging");
    return 0;
}

/* A table without run_id whose foreign key names a table with one. */
static int find_parents(struct merge *m)
{
    unsigned i;

    for ( i = 0; i < m->n; i++ )
    {
        struct merge_table *t = &m->t[i];
        char sql[256];
        sqlite3_stmt *s;
        int rc;

        if ( t->has_run_id )
            continue;
        snprintf(sql, sizeof(sql),
                 "SELECT \"table\", \"from\" FROM "
                 "pragma_foreign_key_list('%s')", t->name);
        if ( !(s = xabi_store_prepare(m->st, sql)) )
            return -1;
        while ( (rc = sqlite3_step(s)) == SQLITE_ROW )
        {
            struct merge_table *p = find(m, (const char *)
                                            sqlite3_column_text(s, 0));

            if ( p && p->has_run_id && p->has_id )
            {
                snprintf(t->parent, sizeof(t->parent), "%s", p->name);
                snprintf(t->parent_col, sizeof(t->parent_col), "%s",
                         sqlite3_column_text(s, 1));
            }
        }
        sqlite3_finalize(s);
        if ( rc != SQLITE_DONE )
            return xabi_store_sql_error(m->st, "merging");
    }
    return 0;
}

static bool copied(const struct merge_table *t)
{
    return t->has_run_id || t->parent[0];
}

/*
 * The expression that copies column col of t: shifted by the offset of
 * the table it refers to, if any.  Into buf; false if buf is too small.
 */
static bool column_expr(struct merge *m, const struct merge_table *t,
                        const char *col, char *buf, size_t len)
{
    const struct merge_table *to = NULL;
    char sql[256];
    sqlite3_stmt *s;

    if ( t->has_id && strcmp(col, "id") == 0 )
        to = t;
    else if ( strcmp(col, "run_id") == 0 )
        to = find(m, "run");
    else
    {
        snprintf(sql, sizeof(sql),
                 "SELECT \"table\" FROM pragma_foreign_key_list('%s') "
                 "WHERE \"from\" = '%s'", t->name, col);
        if ( (s = xabi_store_prepare(m->st, sql)) )
        {
            if ( sqlite3_step(s) == SQLITE_ROW )
                to = find(m, (const char *)sqlite3_column_text(s, 0));
            sqlite3_finalize(s);
        }
    }
    if ( to && (!copied(to) || !to->has_id) )
        to = NULL;
    return (size_t)(to ? snprintf(buf, len, "\"%s\" + %lld", col,
                                  (long long)to->offset)
                       : snprintf(buf, len, "\"%s\"", col)) < len;
}

/* INSERT INTO main.T (...) SELECT ... FROM xabi_src.T WHERE (not skipped). */
static int copy_table(struct merge *m, struct merge_table *t)
{
    char cols[MERGE_SQL_MAX] = "", exprs[MERGE_SQL_MAX] = "";
    char sql[3 * MERGE_SQL_MAX], q[256];
    sqlite3_stmt *s;
    int rc;

    snprintf(q, sizeof(q), "SELECT name FROM pragma_table_info('%s') "
             "ORDER BY cid", t->name);
    if ( !(s = xabi_store_prepare(m->st, q)) )
        return -1;
    while ( (rc = sqlite3_step(s)) == SQLITE_ROW )
    {
        const char *col = (const char *)sqlite3_column_text(s, 0);
        char e[256];

        if ( !column_expr(m, t, col, e, sizeof(e)) ||
             strlen(cols) + strlen(col) + 4 >= sizeof(cols) ||
             strlen(exprs) + strlen(e) + 4 >= sizeof(exprs) )
        {
            sqlite3_finalize(s);
            xabi_store_set_error(m->st, "merging: table %s is too wide",
                                 t->name);
            return -1;
        }
        if ( cols[0] )
        {
            strcat(cols, ", ");
            strcat(exprs, ", ");
        }
        strcat(cols, "\"");
        strcat(cols, col);
        strcat(cols, "\"");
        strcat(exprs, e);
    }
    sqlite3_finalize(s);
    if ( rc != SQLITE_DONE )
        return xabi_store_sql_error(m->st, "merging");
    if ( strcmp(t->name, "run") == 0 )
        snprintf(q, sizeof(q), "id NOT IN (SELECT id FROM temp.xabi_skip)");
    else if ( t->has_run_id )
        snprintf(q, sizeof(q),
                 "run_id NOT IN (SELECT id FROM temp.xabi_skip)");
    else
        snprintf(q, sizeof(q),
                 "\"%s\" IN (SELECT id FROM xabi_src.\"%s\" WHERE run_id "
                 "NOT IN (SELECT id FROM temp.xabi_skip))",
                 t->parent_col, t->parent);
    snprintf(sql, sizeof(sql),
             "INSERT INTO main.\"%s\" (%s) SELECT %s FROM xabi_src.\"%s\" "
             "WHERE %s", t->name, cols, exprs, t->name, q);
    return xabi_store_exec(m->st, sql, "merging a table");
}

/* Every table after the tables its foreign keys name. */
static int copy_all(struct merge *m)
{
    unsigned i, left, pass;

    for ( pass = 0; pass < MERGE_MAX_TABLES; pass++ )
    {
        left = 0;
        for ( i = 0; i < m->n; i++ )
        {
            struct merge_table *t = &m->t[i];
            int64_t waiting;
            char sql[512];

            if ( !copied(t) || t->done )
                continue;
            snprintf(sql, sizeof(sql),
                     "SELECT count(*) FROM pragma_foreign_key_list('%s') f "
                     "WHERE f.\"table\" != '%s' AND f.\"table\" IN (%s)",
                     t->name, t->name, "SELECT value FROM temp.xabi_todo");
            if ( query_int64(m->st, sql, &waiting) )
                return -1;
            if ( waiting )
            {
                left++;
                continue;
            }
            if ( copy_table(m, t) )
                return -1;
            t->done = true;
            snprintf(sql, sizeof(sql),
                     "DELETE FROM temp.xabi_todo WHERE value = '%s'",
                     t->name);
            if ( xabi_store_exec(m->st, sql, "merging") )
                return -1;
        }
        if ( !left )
            return 0;
    }
    xabi_store_set_error(m->st, "merging: the tables refer to each other "
                                "in a cycle");
    return -1;
}

static int prepare(struct merge *m, struct xabi_store_merged *out)
{
    unsigned i;
    char sql[256];

    if ( list_tables(m) || find_parents(m) ||
         xabi_store_exec(m->st,
                         "CREATE TEMP TABLE xabi_skip (id INTEGER PRIMARY "
                         "KEY); CREATE TEMP TABLE xabi_todo (value TEXT); "
                         "INSERT INTO temp.xabi_skip SELECT s.id FROM "
                         "xabi_src.run s WHERE EXISTS (SELECT 1 FROM "
                         "main.run r WHERE r.source_kind = s.source_kind "
                         "AND r.source_sha256 = s.source_sha256)",
                         "merging") )
        return -1;
    for ( i = 0; i < m->n; i++ )
    {
        struct merge_table *t = &m->t[i];

        if ( !copied(t) )
            continue;
        snprintf(sql, sizeof(sql),
                 "INSERT INTO temp.xabi_todo VALUES ('%s')", t->name);
        if ( xabi_store_exec(m->st, sql, "merging") )
            return -1;
        if ( !t->has_id )
            continue;
        snprintf(sql, sizeof(sql),
                 "SELECT coalesce(max(id), 0) FROM main.\"%s\"", t->name);
        if ( query_int64(m->st, sql, &t->offset) )
            return -1;
    }
    if ( query_int64(m->st, "SELECT count(*) FROM temp.xabi_skip",
                     &out->skipped) ||
         query_int64(m->st, "SELECT count(*) FROM xabi_src.run WHERE id "
                            "NOT IN (SELECT id FROM temp.xabi_skip)",
                     &out->copied) ||
         query_int64(m->st, "SELECT coalesce(min(id), 0) FROM xabi_src.run "
                            "WHERE id NOT IN (SELECT id FROM temp.xabi_skip)",
                     &out->first_run) ||
         query_int64(m->st, "SELECT coalesce(max(id), 0) FROM xabi_src.run "
                            "WHERE id NOT IN (SELECT id FROM temp.xabi_skip)",
                     &out->last_run) )
        return -1;
    if ( out->copied )
    {
        out->first_run += find(m, "run")->offset;
        out->last_run += find(m, "run")->offset;
    }
    return 0;
}

static int same_schema(struct xabi_store *st, const char *path)
{
    int64_t mine, theirs;

    if ( query_int64(st, "PRAGMA main.user_version", &mine) ||
         query_int64(st, "PRAGMA xabi_src.user_version", &theirs) )
        return -1;
    if ( mine != theirs )
    {
        xabi_store_set_error(st, "%s: schema version %lld, not %lld: "
                             "not made by this xabi", path,
                             (long long)theirs, (long long)mine);
        return -1;
    }
    return 0;
}

int xabi_store_merge(struct xabi_store *st, const char *path,
                     struct xabi_store_merged *out)
{
    struct merge *m = calloc(1, sizeof(*m)); /* 14 KB: not on the stack */
    char *sql;
    int rc;

    memset(out, 0, sizeof(*out));
    if ( !m )
    {
        xabi_store_set_error(st, "merging %s: out of memory", path);
        return -1;
    }
    m->st = st;
    sql = sqlite3_mprintf("ATTACH DATABASE %Q AS xabi_src", path);
    rc = sql ? xabi_store_exec(st, sql, "opening the database to merge")
             : -1;
    sqlite3_free(sql);
    if ( rc )
    {
        free(m);
        return -1;
    }
    rc = same_schema(st, path);
    if ( !rc )
        rc = xabi_store_begin(st);
    if ( !rc )
    {
        rc = prepare(m, out) || copy_all(m) ||
             xabi_store_exec(st, "DROP TABLE temp.xabi_skip; "
                                 "DROP TABLE temp.xabi_todo", "merging") ||
             xabi_store_commit(st) ? -1 : 0;
        if ( rc )
            xabi_store_rollback(st);
    }
    /* the message of a failure above stays; DETACH's own is no news */
    if ( sqlite3_exec(st->db, "DETACH DATABASE xabi_src", NULL, NULL,
                      NULL) != SQLITE_OK && !rc )
        rc = xabi_store_sql_error(st, "closing the database merged");
    free(m);
    return rc;
}
