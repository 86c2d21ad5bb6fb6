/*
 * table.c: rows read from a store query, held as text, so a command can
 * read several sections and print them grouped however it likes.
 */
#include "cli/table.h"

#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int add_row(void *ctx, int ncol, const char *const *names,
                   const char *const *values)
{
    struct xabi_table *t = ctx;
    char **row;
    int c;

    if ( t->ncol == 0 )
    {
        t->ncol = ncol;
        for ( c = 0; c < ncol && c < XABI_TABLE_MAXCOL; c++ )
            t->names[c] = strdup(names[c]);
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
    row = calloc((size_t)ncol, sizeof(*row));
    if ( !row )
        return (t->oom = true);
    for ( c = 0; c < ncol; c++ )
        row[c] = dup_or_null(values[c]);
    t->rows[t->nrows++] = row;
    return 0;
}

int xabi_table_load(struct xabi_table *t, struct xabi_store *st,
                    const char *query, int64_t run_id)
{
    memset(t, 0, sizeof(*t));
    if ( xabi_store_query(st, query, run_id, add_row, t) )
        return -1;
    return t->oom ? -1 : 0;
}

int xabi_table_col(const struct xabi_table *t, const char *name)
{
    int c;

    for ( c = 0; c < t->ncol && c < XABI_TABLE_MAXCOL; c++ )
    {
        if ( t->names[c] && strcmp(t->names[c], name) == 0 )
            return c;
    }
    return -1;
}

const char *xabi_table_get(const struct xabi_table *t, size_t row,
                           const char *name)
{
    int c = xabi_table_col(t, name);

    if ( c < 0 || row >= t->nrows || !t->rows[row][c] )
        return "";
    return t->rows[row][c];
}

void xabi_table_free(struct xabi_table *t)
{
    size_t r;
    int c;

    for ( r = 0; r < t->nrows; r++ )
    {
        for ( c = 0; c < t->ncol; c++ )
            free(t->rows[r][c]);
        free(t->rows[r]);
    }
    for ( c = 0; c < XABI_TABLE_MAXCOL; c++ )
        free(t->names[c]);
    free(t->rows);
    memset(t, 0, sizeof(*t));
}

/* Is s a whole decimal integer, as SQLite renders one? */
static bool is_integer(const char *s)
{
    if ( *s == '-' )
        s++;
    if ( !*s || (*s == '0' && s[1]) )
        return false;
    for ( ; *s; s++ )
    {
        if ( *s < '0' || *s > '9' )
            return false;
    }
    return true;
}

void xabi_table_json_row(FILE *out, const struct xabi_table *t, size_t row,
                         const char *const *text_cols)
{
    int c;

    fputc('{', out);
    for ( c = 0; c < t->ncol; c++ )
    {
        const char *v = t->rows[row][c];
        bool text = false;
        const char *const *tc;

        for ( tc = text_cols; tc && *tc; tc++ )
            text |= strcmp(*tc, t->names[c]) == 0;
        if ( c )
            fputc(',', out);
        xabi_cli_json_string(out, t->names[c]);
        fputc(':', out);
        if ( v && !text && is_integer(v) )
            fputs(v, out);
        else
            xabi_cli_json_string(out, v);
    }
    fputc('}', out);
}
