/*
 * rows.c: a named query's rows held as text, so a reader (a page, a
 * command that prints) can load several queries and lay them out however
 * it needs.
 */
#include "store/store-int.h"

#include <stdlib.h>
#include <string.h>

static int add_row(void *ctx, int ncol, const char *const *names,
                   const char *const *values)
{
    struct xabi_rows *t = ctx;
    char **row;
    int c;

    if ( ncol > XABI_ROWS_MAXCOL )
        ncol = XABI_ROWS_MAXCOL;
    if ( t->ncol == 0 )
    {
        for ( c = 0; c < ncol; c++ )
        {
            t->names[c] = strdup(names[c]);
            if ( !t->names[c] )
                return (t->oom = true);
            t->ncol = c + 1;
        }
    }
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
    if ( need_table && xabi_store_table_exists(st, need_table, &exists) )
        return -1;
    if ( !exists )
        return 0;
    if ( xabi_store_query(st, query, run_id, add_row, t) )
        return -1;
    return t->oom ? -1 : 0;
}

static int col(const struct xabi_rows *t, const char *name)
{
    int c;

    for ( c = 0; c < t->ncol; c++ )
    {
        if ( strcmp(t->names[c], name) == 0 )
            return c;
    }
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
    return strtoll(xabi_rows_get(t, r, name), NULL, 10);
}

bool xabi_rows_null(const struct xabi_rows *t, size_t r, const char *name)
{
    int c = col(t, name);

    return c < 0 || r >= t->nrows || !t->rows[r][c];
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
