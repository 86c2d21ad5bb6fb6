/*
 * table.c: a store query's rows, printed as JSON objects.
 */
#include "cli/table.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

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

void xabi_cli_json_row(FILE *out, const struct xabi_rows *t, size_t row,
                       const char *const *text_cols)
{
    fputc('{', out);
    xabi_cli_json_fields(out, t, row, text_cols);
    fputc('}', out);
}

void xabi_cli_json_fields(FILE *out, const struct xabi_rows *t, size_t row,
                          const char *const *text_cols)
{
    int c;

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
}

/*
 * Printable ASCII as is; anything else (escapes, newlines, bytes above
 * 0x7e: UTF-8's C1 controls among them) as \xNN, so a guest's text cannot
 * drive the terminal.  Returns the columns written.
 */
static int term_text(FILE *out, const char *s)
{
    int n = 0;

    for ( ; s && *s; s++, n++ )
    {
        unsigned char ch = (unsigned char)*s;

        if ( ch >= 0x20 && ch < 0x7f && ch != '\\' )
            fputc(ch, out);
        else
            n += fprintf(out, "\\x%02x", ch) - 1;
    }
    return n;
}

/*
 * Escaped into memory first, then written at once: stderr is unbuffered,
 * and escaping straight into it made one write() a character.
 */
void xabi_cli_print_text(FILE *out, const char *s, int width)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    int n;

    if ( !m )
        n = term_text(out, s);
    else
    {
        n = term_text(m, s);
        if ( fclose(m) == 0 )
            fwrite(buf, 1, len, out);
        free(buf);
    }
    for ( ; n < width; n++ )
        fputc(' ', out);
}

const char *xabi_cli_term(const char *s, char *buf, size_t size)
{
    FILE *f;

    if ( !size )
        return buf;
    buf[0] = '\0';
    f = fmemopen(buf, size, "w");
    if ( !f )
        return buf;
    term_text(f, s);
    fclose(f);
    buf[size - 1] = '\0';
    return buf;
}
