/*
 * table.h: printing a store query's rows (store/store.h: struct
 * xabi_rows) as JSON, for the commands that print.
 */
#ifndef XABI_CLI_TABLE_H
#define XABI_CLI_TABLE_H

#include <stdio.h>

#include "cli/cli.h"
#include "store/store.h"

/*
 * Row r as a JSON object: integers as numbers, except in the columns
 * named in text_cols (NULL-terminated, may be NULL), which stay strings.
 */
void xabi_cli_json_row(FILE *out, const struct xabi_rows *t, size_t r,
                       const char *const *text_cols);
/* The same row's "name":value pairs alone, to add fields around them. */
void xabi_cli_json_fields(FILE *out, const struct xabi_rows *t, size_t r,
                          const char *const *text_cols);

/*
 * Text that may come from a guest or a user, for a terminal: printable
 * ASCII as is, every other byte and the backslash as \xNN.  Padded with
 * spaces to width columns (0: none).  The one terminal escaper of cli/:
 * every stored string (label, file name, domain name, note, message
 * quoting one) printed for a terminal goes through it or xabi_cli_term().
 */
void xabi_cli_print_text(FILE *out, const char *s, int width);
/* s escaped as xabi_cli_print_text() does, into buf (cut short to fit);
 * returns buf, for a printf %s.  NULL gives "". */
const char *xabi_cli_term(const char *s, char *buf, size_t size);
/* A buffer for xabi_cli_term() big enough for any path xabi prints. */
#define XABI_CLI_TERM_MAX (4096 * 4 + 1)

#endif
