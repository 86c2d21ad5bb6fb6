/*
 * table.h: query results held as text rows, for the commands that print.
 */
#ifndef XABI_CLI_TABLE_H
#define XABI_CLI_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli/cli.h"
#include "store/store.h"

#define XABI_TABLE_MAXCOL 32

struct xabi_table
{
    int ncol;
    char *names[XABI_TABLE_MAXCOL];
    char ***rows; /* rows[r][c], NULL for SQL NULL */
    size_t nrows, cap;
    bool oom;
};

/* Run a named store query into t (which it initialises). */
int xabi_table_load(struct xabi_table *t, struct xabi_store *st,
                    const char *query, int64_t run_id);
/* Column index by name, or -1. */
int xabi_table_col(const struct xabi_table *t, const char *name);
/* A cell as text; "" for NULL or a missing column. */
const char *xabi_table_get(const struct xabi_table *t, size_t row,
                           const char *name);
void xabi_table_free(struct xabi_table *t);
/*
 * One row as a JSON object: integers as numbers, except in the columns
 * named in text_cols (NULL-terminated, may be NULL), which stay strings.
 */
void xabi_table_json_row(FILE *out, const struct xabi_table *t, size_t row,
                         const char *const *text_cols);

#endif
