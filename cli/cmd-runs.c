/*
 * cmd-runs.c: `xabi rm` and `xabi label`, managing the runs already in
 * the database.  Each is one transaction: a run is gone whole, with every
 * row that hangs off it, or not at all.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/table.h"
#include "store/store.h"

static const char rm_usage[] =
    "usage: xabi rm --run N [--json] [--db PATH]\n"
    "\n"
    "Delete run N and everything that hangs off it: its facts, counts,\n"
    "snapshots, pages, findings, every row of every table keyed by the\n"
    "run.  Other runs are untouched (a finding of another run that cited\n"
    "one of this run's snapshots keeps its verdict, without the citation).\n"
    "`xabi stats --list` shows the runs.\n"
    "\n"
    "options:\n"
    "  --run N      the run to delete\n"
    "  --json       say so as {\"run\": N, \"deleted\": true}\n"
    "  --db PATH    the database (default $XABI_DB, else\n"
    "               ./" XABI_DEFAULT_DB ")\n"
    "exit: 0 deleted, 1 error (no such run, unusable database; nothing\n"
    "changed), 2 wrong arguments\n";

static const char label_usage[] =
    "usage: xabi label --run N TEXT [--json] [--db PATH]\n"
    "\n"
    "Set the label of run N to TEXT, as `xabi collect --label` would have;\n"
    "an empty TEXT removes it.\n"
    "\n"
    "options:\n"
    "  --run N      the run to relabel\n"
    "  --json       say so as {\"run\": N, \"label\": TEXT}, null for\n"
    "               none\n"
    "  --db PATH    the database (default $XABI_DB, else\n"
    "               ./" XABI_DEFAULT_DB ")\n"
    "exit: 0 relabelled, 1 error (no such run, unusable database; nothing\n"
    "changed), 2 wrong arguments\n";

struct runs_opts
{
    const char *db;
    int64_t run_id;
    const char *text; /* label's TEXT */
    bool json;
};

static int parse(const struct xabi_cli_cmd *cmd, int argc, char **argv,
                 struct runs_opts *o, bool want_text)
{
    int i;

    memset(o, 0, sizeof(*o));
    for ( i = 1; i < argc; i++ )
    {
        const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
        char *end;

        if ( strcmp(a, "--db") == 0 && val )
            o->db = argv[++i];
        else if ( strcmp(a, "--json") == 0 )
            o->json = true;
        else if ( strcmp(a, "--run") == 0 && val )
        {
            errno = 0;
            o->run_id = strtoll(val, &end, 10);
            if ( errno || *end || end == val || o->run_id <= 0 )
                return xabi_cli_usage_error(cmd, "--run wants a run number, "
                                            "not '%s'", val);
            i++;
        }
        else if ( strcmp(a, "--") == 0 && want_text && !o->text &&
                  i + 1 < argc )
            o->text = argv[++i];
        else if ( a[0] == '-' && a[1] )
            return xabi_cli_bad_option(cmd, a);
        else if ( want_text && !o->text )
            o->text = a;
        else
            return xabi_cli_usage_error(cmd, "unexpected '%s'", a);
    }
    if ( !o->run_id )
        return xabi_cli_usage_error(cmd, "--run N is needed");
    if ( want_text && !o->text )
        return xabi_cli_usage_error(cmd, "the label TEXT is needed");
    o->db = xabi_cli_db(o->db);
    return XABI_EXIT_OK;
}

/* Open o->db, and in one transaction check the run is there and change it. */
static int change(const struct runs_opts *o, bool remove)
{
    struct xabi_store *st = NULL;
    bool exists;
    int rc;

    if ( xabi_cli_store_open(o->db, XABI_STORE_UPDATE, &st) )
    {
        rc = xabi_cli_error("%s", xabi_store_errmsg(st));
        xabi_store_close(st);
        return rc;
    }
    if ( xabi_store_begin(st) )
        goto fail;
    if ( xabi_store_run_exists(st, o->run_id, &exists) )
        goto fail_rollback;
    if ( !exists )
    {
        xabi_store_rollback(st);
        xabi_store_close(st);
        return xabi_cli_error("%s: no run %lld (`xabi stats --list` shows "
                              "them)", o->db, (long long)o->run_id);
    }
    if ( (remove ? xabi_store_run_delete(st, o->run_id)
                 : xabi_store_run_set_label(st, o->run_id, o->text)) ||
         xabi_store_commit(st) )
        goto fail_rollback;
    xabi_store_close(st);
    if ( !o->json )
        printf("run %lld %s\n", (long long)o->run_id,
               remove ? "deleted" : *o->text ? "relabelled" : "unlabelled");
    else if ( remove )
        printf("{\"run\": %lld, \"deleted\": true}\n",
               (long long)o->run_id);
    else
    {
        printf("{\"run\": %lld, \"label\": ", (long long)o->run_id);
        xabi_cli_json_string(stdout, *o->text ? o->text : NULL);
        puts("}");
    }
    return XABI_EXIT_OK;
fail_rollback:
    rc = xabi_cli_error("%s", xabi_store_errmsg(st));
    xabi_store_rollback(st);
    xabi_store_abandon(st);
    return rc;
fail:
    rc = xabi_cli_error("%s", xabi_store_errmsg(st));
    xabi_store_abandon(st);
    return rc;
}

static int run_rm(int argc, char **argv)
{
    struct runs_opts o;
    int rc = parse(&xabi_cmd_rm, argc, argv, &o, false);

    return rc ? rc : change(&o, true);
}

static int run_label(int argc, char **argv)
{
    struct runs_opts o;
    int rc = parse(&xabi_cmd_label, argc, argv, &o, true);

    return rc ? rc : change(&o, false);
}

const struct xabi_cli_cmd xabi_cmd_rm = {
    .name = "rm",
    .summary = "delete a run and everything that hangs off it",
    .usage = rm_usage,
    .run = run_rm,
};

const struct xabi_cli_cmd xabi_cmd_label = {
    .name = "label",
    .summary = "relabel a run",
    .usage = label_usage,
    .run = run_label,
};
