/*
 * cmd-rules.c: `xabi rules [ID...] [--json]`, the registry with its docs.
 */
#include <stdio.h>
#include <string.h>

#include "analyzer/analyzer.h"
#include "cli/cli.h"

static int run_rules(int argc, char **argv);

const struct xabi_cli_cmd xabi_cmd_rules = {
    "rules",
    "list the analyzer's rules with their docs",
    "usage: xabi rules [ID...] [--json]\n"
    "\n"
    "Lists every rule `xabi check` runs (or only the rules named): its\n"
    "stable id, the verdict it gives when violated, its title, what it\n"
    "enforces, the Xen versions it applies to, what it reads (trace facts,\n"
    "vCPU snapshots, the ABI catalogue) and its doc paragraph.\n"
    "\n"
    "  --json   one JSON object {\"rules\": [...]} for tools\n"
    "\n"
    "Exit: 0, 1 on xabi's own failure, 2 on wrong arguments (such as an\n"
    "unknown rule id).\n",
    run_rules,
};

/* Print text wrapped at 76 columns: first line after first, the rest
 * indented as deep as first is long. */
static void wrap(const char *text, const char *first)
{
    const char *p = text;
    size_t col = 0, width = 76 - strlen(first);
    char indent[32];

    snprintf(indent, sizeof(indent), "%*s", (int)strlen(first), "");
    fputs(first, stdout);
    col = 0;

    while ( *p )
    {
        size_t w = strcspn(p, " ");

        if ( col && col + 1 + w > width )
        {
            putchar('\n');
            fputs(indent, stdout);
            col = 0;
        }
        else if ( col )
        {
            putchar(' ');
            col++;
        }
        fwrite(p, 1, w, stdout);
        col += w;
        p += w;
        while ( *p == ' ' )
            p++;
    }
    putchar('\n');
}

static void versions(const struct xabi_rule *r, char *buf, size_t len)
{
    if ( !r->since && !r->until )
        snprintf(buf, len, "all Xen versions");
    else if ( !r->until )
        snprintf(buf, len, "Xen %s and later", r->since);
    else
        snprintf(buf, len, "Xen %s to %s", r->since ? r->since : "3.0",
                 r->until);
}

static void print_text(const struct xabi_rule *r)
{
    char v[64];

    versions(r, v, sizeof(v));
    printf("%-9s  %-4s  %s\n", r->id, xabi_verdict_name(r->severity),
           r->title);
    wrap(r->citation, "    enforces:   ");
    printf("    applies to: %s\n    reads:      %s\n", v, r->reads);
    wrap(r->doc, "    ");
    putchar('\n');
}

static void json_field(const char *name, const char *value, bool comma)
{
    printf("\"%s\": ", name);
    xabi_cli_json_string(stdout, value);
    if ( comma )
        fputs(", ", stdout);
}

static void print_json(const struct xabi_rule *r, bool first)
{
    printf("%s\n  {", first ? "" : ",");
    json_field("id", r->id, true);
    json_field("title", r->title, true);
    json_field("severity", xabi_verdict_name(r->severity), true);
    json_field("citation", r->citation, true);
    json_field("since", r->since, true);
    json_field("until", r->until, true);
    json_field("reads", r->reads, true);
    json_field("doc", r->doc, false);
    putchar('}');
}

static int run_rules(int argc, char **argv)
{
    const struct xabi_rule *all, *sel[64];
    size_t i, n, nsel = 0;
    bool json = false;

    all = xabi_rules(&n);
    for ( i = 1; i < (size_t)argc; i++ )
    {
        if ( strcmp(argv[i], "--json") == 0 )
            json = true;
        else if ( argv[i][0] == '-' )
            return xabi_cli_bad_option(&xabi_cmd_rules, argv[i]);
        else if ( nsel == sizeof(sel) / sizeof(sel[0]) )
            return xabi_cli_usage_error(&xabi_cmd_rules, "too many ids");
        else if ( !(sel[nsel++] = xabi_rule_find(argv[i])) )
            return xabi_cli_usage_error(&xabi_cmd_rules,
                                        "no rule '%s' (run `xabi rules`)",
                                        argv[i]);
    }
    if ( json )
        fputs("{\"rules\": [", stdout);
    for ( i = 0; i < (nsel ? nsel : n); i++ )
    {
        const struct xabi_rule *r = nsel ? sel[i] : &all[i];

        if ( json )
            print_json(r, i == 0);
        else
            print_text(r);
    }
    if ( json )
        fputs("\n]}\n", stdout);
    return ferror(stdout) ? xabi_cli_error("writing the output failed")
                          : XABI_EXIT_OK;
}
