/*
 * rows.c: a named query's rows held as text, so a reader (a page, a
 * command that prints) can load several queries and lay them out however
 * it needs.
 */
#include "store/store-int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int set_cols(void *ctx, int ncol, const char *const *names)
{
    struct xabi_rows *t = ctx;
    int c;

    if ( ncol > XABI_ROWS_MAXCOL )
        ncol = XABI_ROWS_MAXCOL;
    for ( c = 0; c < ncol; c++ )
    {
        t->names[c] = strdup(names[c]);
        if ( !t->names[c] )
            return (t->oom = true);
        t->ncol = c + 1;
    }
    t->cols_known = true;
    return 0;
}

static int add_row(void *ctx, int ncol, const char *const *names,
                   const char *const *values)
{
    struct xabi_rows *t = ctx;
    char **row;
    int c;

    (void)ncol;
    (void)names;
    if ( t->nrows == t->cap )
    {
        size_t cap = t->cap ? t->cap * 2 : 16;
        char ***rows = realloc(t->rows, cap * sizeof(*rows));

        if ( !rows )
            return (t->oom = true);
        t->rows = rows;
        t->cap = cap;
    }
    row = calloc((size_t)t->ncol, sizeof(*row));
    if ( !row )
        return (t->oom = true);
    t->rows[t->nrows++] = row;
    for ( c = 0; c < t->ncol; c++ )
    {
        if ( values[c] && !(row[c] = strdup(values[c])) )
            return (t->oom = true);
    }
    return 0;
}

int xabi_rows_load(struct xabi_rows *t, struct xabi_store *st,
                   const char *query, int64_t run_id, const char *need_table)
{
    bool exists = true;

    memset(t, 0, sizeof(*t));
    t->st = st;
    snprintf(t->query, sizeof(t->query), "%s", query);
    if ( need_table && xabi_store_table_exists(st, need_table, &exists) )
        return -1;
    if ( !exists )
        return 0;
    if ( xabi_store_query_cols(st, query, run_id, set_cols, add_row, t) )
        return -1;
    return t->oom ? -1 : 0;
}

/* Only the first bad read is kept: the rest are usually its echoes. */
static void read_error(const struct xabi_rows *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void read_error(const struct xabi_rows *t, const char *fmt, ...)
{
    va_list ap;

    if ( !t->st || t->st->read_error[0] )
        return;
    va_start(ap, fmt);
    vsnprintf(t->st->read_error, sizeof(t->st->read_error), fmt, ap);
    va_end(ap);
}

/*
 * The index of column name, or -1.  Rows whose query never ran (its table
 * is missing) have no names and no rows: any column reads as NULL.
 */
static int col(const struct xabi_rows *t, const char *name)
{
    int c;

    for ( c = 0; c < t->ncol; c++ )
    {
        if ( strcmp(t->names[c], name) == 0 )
            return c;
    }
    if ( t->cols_known )
        read_error(t, "%s has no column '%s'", t->query, name);
    return -1;
}

const char *xabi_rows_get(const struct xabi_rows *t, size_t r,
                          const char *name)
{
    int c = col(t, name);

    if ( c < 0 || r >= t->nrows || !t->rows[r][c] )
        return "";
    return t->rows[r][c];
}

long long xabi_rows_num(const struct xabi_rows *t, size_t r,
                        const char *name)
{
    int c = col(t, name);
    const char *v;
    char *end;
    long long n;

    if ( c < 0 || r >= t->nrows || !t->rows[r][c] )
        return 0;
    v = t->rows[r][c];
    /* strtoll alone would take "abc" as 0, "1.5" as 1 and " 7" as 7. */
    errno = 0;
    n = strtoll(v, &end, 10);
    if ( !((*v >= '0' && *v <= '9') || *v == '-' || *v == '+') ||
         *end || errno )
    {
        read_error(t, "%s row %zu column '%s': '%.64s' is not an integer",
                   t->query, r, name, v);
        return 0;
    }
    return n;
}

bool xabi_rows_null(const struct xabi_rows *t, size_t r, const char *name)
{
    int c = col(t, name);

    return c < 0 || r >= t->nrows || !t->rows[r][c];
}

const char *xabi_store_read_error(const struct xabi_store *st)
{
    return st && st->read_error[0] ? st->read_error : NULL;
}

void xabi_rows_free(struct xabi_rows *t)
{
    size_t r;
    int c;

    if ( !t )
        return;
    for ( r = 0; r < t->nrows; r++ )
    {
        for ( c = 0; c < t->ncol; c++ )
            free(t->rows[r][c]);
        free(t->rows[r]);
    }
    for ( c = 0; c < t->ncol; c++ )
        free(t->names[c]);
    free(t->rows);
    memset(t, 0, sizeof(*t));
}
