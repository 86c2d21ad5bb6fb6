/*
 * cmd-claims.c: `xabi claims [--json] [--db PATH]`, the claims register
 * (abi/claims.c: what the documents say of the guest ABI, and where) with
 * the verdicts rule DOC-001 of `xabi check` stored for each run.  It
 * decides nothing: a claim no run was checked against says so.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "abi/abi.h"
#include "cli/cli.h"
#include "cli/table.h"
#include "store/store.h"

static const char usage[] =
    "usage: xabi claims [--json] [--db PATH]\n"
    "\n"
    "Lists the claims register: each checkable statement the documents of\n"
    "Xen's guest ABI make (the Xen wiki, the FLAT_* header comments,\n"
    "docs/misc/pvh.pandoc, docs/guest-guide/x86/pv-traps.rst, xen.h's\n"
    "start-of-day layout, elfnote.h, xen-hvmctx's output), where it is\n"
    "written, what decides it, and the verdict `xabi check` (rule DOC-001)\n"
    "stored for it in each run: refuted (INFO, with the observation),\n"
    "verified (PASS), or not observable (NOT-OBSERVED, with the reason).\n"
    "A claim no run was checked against says \"not checked\".\n"
    "\n"
    "  --json     one JSON object {\"claims\": [...]} for tools\n"
    "  --db PATH  the database (default $XABI_DB, else ./xabi.db)\n"
    "\n"
    "Exit: 0, 1 on xabi's own failure, 2 on wrong arguments.\n";

static void print_text(const struct xabi_claim *c, const struct xabi_rows *f)
{
    size_t r;
    bool any = false;

    printf("claim %-3u %s: %s\n", c->nr, c->doc, c->section);
    printf("    says:       %s\n", c->says);
    printf("    decided by: %s\n", c->decided_by);
    for ( r = 0; r < f->nrows; r++ )
    {
        if ( (unsigned)xabi_rows_num(f, r, "claim") != c->nr )
            continue;
        printf("    %-11s run %s (Xen ", any ? "" : "verdicts:",
               xabi_rows_get(f, r, "run_id"));
        /* A version, a message may quote what a user typed (a file name). */
        xabi_cli_print_text(stdout, xabi_rows_get(f, r, "xen_version"), 0);
        printf("): DOC-001 %s%s%s%s: ",
               xabi_claim_verdict_word(xabi_rows_get(f, r, "verdict")),
               xabi_rows_null(f, r, "reason") ? "" : " (",
               xabi_rows_get(f, r, "reason"),
               xabi_rows_null(f, r, "reason") ? "" : ")");
        xabi_cli_print_text(stdout, xabi_rows_get(f, r, "message"), 0);
        putchar('\n');
        any = true;
    }
    if ( !any )
        printf("    verdicts:   not checked: run `xabi check`\n");
    putchar('\n');
}

static void field(const char *name, const char *value, bool comma)
{
    printf("\"%s\": ", name);
    xabi_cli_json_string(stdout, value);
    if ( comma )
        fputs(", ", stdout);
}

static void print_json(const struct xabi_claim *c, const struct xabi_rows *f,
                       bool first)
{
    size_t r;
    bool any = false;

    printf("%s\n  {\"nr\": %u, ", first ? "" : ",", c->nr);
    field("doc", c->doc, true);
    field("section", c->section, true);
    field("says", c->says, true);
    field("guest", c->guest, true);
    field("decided_by", c->decided_by, true);
    fputs("\"verdicts\": [", stdout);
    for ( r = 0; r < f->nrows; r++ )
    {
        if ( (unsigned)xabi_rows_num(f, r, "claim") != c->nr )
            continue;
        printf("%s{\"run\": %s, ", any ? ", " : "",
               xabi_rows_get(f, r, "run_id"));
        field("xen_version", xabi_rows_get(f, r, "xen_version"), true);
        field("verdict", xabi_rows_get(f, r, "verdict"), true);
        field("claim",
              xabi_claim_verdict_word(xabi_rows_get(f, r, "verdict")), true);
        field("reason", xabi_rows_null(f, r, "reason")
                            ? NULL
                            : xabi_rows_get(f, r, "reason"),
              true);
        field("evidence", xabi_rows_get(f, r, "message"), false);
        putchar('}');
        any = true;
    }
    fputs("]}", stdout);
}

static int run(int argc, char **argv)
{
    enum { O_DB = 256, O_JSON };
    static const struct option longopts[] = {
        { "db", required_argument, NULL, O_DB },
        { "json", no_argument, NULL, O_JSON },
        { NULL, 0, NULL, 0 },
    };
    const struct xabi_claim *claims;
    struct xabi_store *st = NULL;
    struct xabi_rows f;
    const char *db = NULL;
    bool json = false;
    size_t i, n;
    int c;

    optind = 1;
    opterr = 0;
    while ( (c = getopt_long(argc, argv, "", longopts, NULL)) != -1 )
    {
        switch ( c )
        {
        case O_DB: db = optarg; break;
        case O_JSON: json = true; break;
        default:
            return xabi_cli_bad_option(&xabi_cmd_claims, argv[optind - 1]);
        }
    }
    if ( optind != argc )
        return xabi_cli_usage_error(&xabi_cmd_claims, "unexpected '%s'",
                                    argv[optind]);
    db = xabi_cli_db(db);
    if ( xabi_cli_store_open(db, XABI_STORE_READ, &st) )
    {
        xabi_cli_error("claims: %s", xabi_store_errmsg(st));
        xabi_store_close(st);
        return XABI_EXIT_ERROR;
    }
    if ( xabi_rows_load(&f, st, "page_claims", 0, "finding") )
    {
        xabi_cli_error("claims: %s", f.oom ? "out of memory"
                                           : xabi_store_errmsg(st));
        xabi_rows_free(&f);
        xabi_store_close(st);
        return XABI_EXIT_ERROR;
    }
    claims = xabi_claims(&n);
    if ( json )
        fputs("{\"claims\": [", stdout);
    for ( i = 0; i < n; i++ )
    {
        if ( json )
            print_json(&claims[i], &f, i == 0);
        else
            print_text(&claims[i], &f);
    }
    if ( json )
        fputs("\n]}\n", stdout);
    xabi_rows_free(&f);
    /* A misspelt column printed as "" is a bug to report, not to hide. */
    if ( xabi_store_read_error(st) )
    {
        xabi_cli_error("claims: a bad cell: %s", xabi_store_read_error(st));
        xabi_store_close(st);
        return XABI_EXIT_ERROR;
    }
    xabi_store_close(st);
    return ferror(stdout) ? xabi_cli_error("writing the output failed")
                          : XABI_EXIT_OK;
}

const struct xabi_cli_cmd xabi_cmd_claims = {
    .name = "claims",
    .summary = "what the documents say of the guest ABI, and the verdicts",
    .usage = usage,
    .run = run,
};
