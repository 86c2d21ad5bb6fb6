/*
 * suggest.c: "did you mean" for a mistyped command or option.  The
 * candidates are the command table and, for options, the --words of the
 * command's own --help text, so a new option is suggested as soon as it
 * is documented.  A suggestion is offered only within a small edit
 * distance: a guess far from what was typed helps nobody.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/table.h"

#define MAX_WORD 64

/*
 * Edit distance of a and b (at most MAX_WORD bytes of each): insertions,
 * deletions, substitutions and swaps of two neighbours ("--sge" is one
 * edit from "--seg").
 */
static size_t distance(const char *a, size_t la, const char *b, size_t lb)
{
    size_t d[MAX_WORD + 1][MAX_WORD + 1], i, j;

    if ( la > MAX_WORD )
        la = MAX_WORD;
    if ( lb > MAX_WORD )
        lb = MAX_WORD;
    for ( i = 0; i <= la; i++ )
        d[i][0] = i;
    for ( j = 0; j <= lb; j++ )
        d[0][j] = j;
    for ( i = 1; i <= la; i++ )
    {
        for ( j = 1; j <= lb; j++ )
        {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

            if ( d[i - 1][j] + 1 < best )
                best = d[i - 1][j] + 1;
            if ( d[i][j - 1] + 1 < best )
                best = d[i][j - 1] + 1;
            if ( i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
                 a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best )
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[la][lb];
}

/* Close enough to suggest: a third of the word, at least 1, at most 3. */
static size_t tolerance(size_t len)
{
    size_t t = len / 3;

    return t < 1 ? 1 : t > 3 ? 3 : t;
}

const char *xabi_cli_closest(const char *typed, const char *const *words,
                             size_t n)
{
    size_t i, lt = strlen(typed), best = (size_t)-1;
    const char *pick = NULL;

    for ( i = 0; i < n; i++ )
    {
        size_t d = distance(typed, lt, words[i], strlen(words[i]));

        if ( d < best )
        {
            best = d;
            pick = words[i];
        }
    }
    return pick && best > 0 && best <= tolerance(lt) ? pick : NULL;
}

/*
 * The closest --word of text (a --help text) to typed, copied to out.
 * Words are "--" then letters, digits and '-'.
 */
static int closest_option(const char *text, const char *typed, char *out,
                          size_t len)
{
    size_t lt = strcspn(typed, "="), best = (size_t)-1;
    const char *p = text;

    *out = '\0';
    while ( (p = strstr(p, "--")) )
    {
        size_t lw = 2, d;

        while ( (p[lw] >= 'a' && p[lw] <= 'z') || p[lw] == '-' ||
                (p[lw] >= '0' && p[lw] <= '9') )
            lw++;
        if ( lw > 3 && lw < len && (p == text || p[-1] == ' ' ||
                                    p[-1] == '[' || p[-1] == '`' ||
                                    p[-1] == '\n' || p[-1] == '(') )
        {
            d = distance(typed, lt, p, lw);
            if ( d < best )
            {
                best = d;
                memcpy(out, p, lw);
                out[lw] = '\0';
            }
        }
        p += lw;
    }
    return *out && best > 0 && best <= tolerance(lt) ? 0 : -1;
}

/*
 * Does text (a --help text) show opt taking a value: "--db PATH", "--run
 * N", "--format wiki|rst", "--color=auto|never", "--duration 30s"?  One
 * space or '=' after the option, then a word in capitals, a number or a
 * list with '|' or ',' (a table's "--json      JSON on stdout" has more
 * spaces).  The value as shown goes
 * to out.
 */
static bool shows_value(const char *text, const char *opt, char *out,
                        size_t len)
{
    size_t lo = strlen(opt), lv;
    const char *p = text, *v;

    while ( (p = strstr(p, opt)) )
    {
        bool word = p == text || p[-1] == ' ' || p[-1] == '[' ||
                    p[-1] == '\n';

        v = p + lo;
        p = v;
        if ( !word || (*v != ' ' && *v != '=') )
            continue;
        v++;
        lv = strcspn(v, " ]\n");
        if ( lv == 0 || lv >= len ||
             (!memchr(v, '|', lv) && !memchr(v, ',', lv) &&
              !(*v >= 'A' && *v <= 'Z') && !(*v >= '0' && *v <= '9')) )
            continue;
        memcpy(out, v, lv);
        out[lv] = '\0';
        return true;
    }
    return false;
}

int xabi_cli_bad_option(const struct xabi_cli_cmd *cmd, const char *arg)
{
    char near[MAX_WORD], value[MAX_WORD];

    /* A known option at the end of the line, its value missing. */
    if ( arg[0] == '-' && arg[1] == '-' && !strchr(arg, '=') &&
         shows_value(cmd->usage, arg, value, sizeof(value)) )
        return xabi_cli_usage_error(cmd, "%s needs a value (%s %s)", arg,
                                    arg, value);
    if ( arg[0] == '-' && arg[1] == '-' &&
         closest_option(cmd->usage, arg, near, sizeof(near)) == 0 )
        return xabi_cli_usage_error(cmd, "unknown option or missing value "
                                    "'%s'; did you mean %s?", arg, near);
    return xabi_cli_usage_error(cmd, "unknown option or missing value '%s'",
                                arg);
}
