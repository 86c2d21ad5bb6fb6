/*
 * cmd-check.c: `xabi check`, run the rules over a run, record the
 * findings, print them grouped by domain, and exit non-zero when one is at
 * or above --fail-on, so that it drops into CI.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyzer/analyzer.h"
#include "cli/cli.h"
#include "cli/table.h"
#include "store/store.h"

/* Findings at or above --fail-on exist: distinct from 1 (our failure). */
#define XABI_EXIT_FINDINGS 3
#define MAX_RULE_IDS 64

static int run_check(int argc, char **argv);

const struct xabi_cli_cmd xabi_cmd_check = {
    "check",
    "run the ABI rules over a run and record the findings",
    "usage: xabi check [--run N] [--rule ID...] [--json] [--fail-on LEVEL]\n"
    "                  [--quiet] [--color=auto|always|never] [--db PATH]\n"
    "\n"
    "Runs every rule of `xabi rules` (or only those given with --rule,\n"
    "repeated or comma-separated) over the facts and vCPU snapshots of a\n"
    "run, records the findings in the database, replacing those of the\n"
    "same rules from the run's previous check, and prints them grouped by\n"
    "domain.  Each finding is PASS, INFO, WARN or FAIL about what was\n"
    "observed, or NOT-OBSERVED with the reason the rule could not be\n"
    "evaluated, naming what the source could not see: no-scheduler-records,\n"
    "lost-records, no-snapshot, no-catalogue (for the Xen version),\n"
    "not-in-source (a snapshot holds no trace records, a trace no vCPU\n"
    "state), not-traced (the event mask excluded the class),\n"
    "not-intercepted (an HVM/PVH guest's exceptions reach the trace only\n"
    "when Xen intercepts them), or no-facts (the source could have shown\n"
    "them and holds none).\n"
    "\n"
    "  --run N         the run to check (default: the newest)\n"
    "  --rule ID       check only this rule; may be repeated\n"
    "  --json          print one JSON object: {\"run\": {...}, \"domains\":\n"
    "                  [{\"domid\": N, -1 (no scheduler record) or null\n"
    "                  (run-wide), \"findings\": [{\n"
    "                  \"rule\", \"title\", \"verdict\", \"reason\", \"vcpu\",\n"
    "                  \"tsc\", \"snapshot\", \"offset\", \"fact_kind\",\n"
    "                  \"fact_key\", \"count\", \"message\"}]}], \"summary\":\n"
    "                  {VERDICT: N}, \"fail_on\", \"failed\"}\n"
    "  --fail-on LEVEL INFO, WARN, FAIL (default) or NEVER: the verdict at\n"
    "                  or above which the exit code is 3.  NOT-OBSERVED\n"
    "                  never counts: it is absence of evidence.\n"
    "  --quiet         leave out the NOT-OBSERVED findings (the summary\n"
    "                  line still counts them)\n"
    "  --color WHEN    colour the verdicts: auto (default: on a terminal,\n"
    "                  unless NO_COLOR is set and not empty), always, never\n"
    "  --db PATH       the database (default $XABI_DB, else ./xabi.db)\n"
    "\n"
    "Exit: 0 no finding at or above --fail-on; 3 findings at or above it;\n"
    "1 xabi's own failure (no such database or run, a file that is not an\n"
    "xabi database, I/O), with nothing changed; 2 wrong arguments (such as\n"
    "an unknown rule id).\n",
    run_check,
};

struct check_opts
{
    const char *db;
    int64_t run_id; /* 0: the newest */
    const char *ids[MAX_RULE_IDS];
    size_t nids;
    bool json;
    int fail_on; /* a verdict, or -1 for never */
    bool quiet;  /* no NOT-OBSERVED lines */
    bool colour; /* SGR colours on the verdicts */
};

enum colour_when { COLOUR_AUTO, COLOUR_ALWAYS, COLOUR_NEVER };

/* --color WHEN: 0 with *when set, or -1. */
static int parse_colour(const char *s, enum colour_when *when)
{
    if ( strcmp(s, "auto") == 0 )
        *when = COLOUR_AUTO;
    else if ( strcmp(s, "always") == 0 )
        *when = COLOUR_ALWAYS;
    else if ( strcmp(s, "never") == 0 )
        *when = COLOUR_NEVER;
    else
        return -1;
    return 0;
}

/* Colour on stdout?  auto: a terminal, and NO_COLOR unset or empty
 * (https://no-color.org). */
static bool want_colour(enum colour_when when)
{
    const char *no = getenv("NO_COLOR");

    if ( when != COLOUR_AUTO )
        return when == COLOUR_ALWAYS;
    return isatty(STDOUT_FILENO) && !(no && *no);
}

static bool selected_once(const struct check_opts *o, const char *id)
{
    size_t i;

    for ( i = 0; i < o->nids; i++ )
    {
        if ( strcmp(o->ids[i], id) == 0 )
            return true;
    }
    return false;
}

/* Add the comma-separated ids of arg; 0 or a usage exit code. */
static int add_ids(struct check_opts *o, char *arg)
{
    char *tok, *save = NULL;

    for ( tok = strtok_r(arg, ",", &save); tok;
          tok = strtok_r(NULL, ",", &save) )
    {
        if ( !xabi_rule_find(tok) )
            return xabi_cli_usage_error(&xabi_cmd_check,
                                        "no rule '%s' (run `xabi rules`)",
                                        tok);
        if ( selected_once(o, xabi_rule_find(tok)->id) )
            continue; /* named twice: run once */
        if ( o->nids == MAX_RULE_IDS )
            return xabi_cli_usage_error(&xabi_cmd_check, "too many --rule");
        o->ids[o->nids++] = xabi_rule_find(tok)->id;
    }
    return 0;
}

static int parse_fail_on(struct check_opts *o, const char *s)
{
    int v = xabi_verdict_parse(s);

    if ( strcasecmp(s, "never") == 0 )
        o->fail_on = -1;
    else if ( v < 0 || v == XABI_PASS || v == XABI_NOT_OBSERVED )
        return xabi_cli_usage_error(&xabi_cmd_check,
                                    "--fail-on wants INFO, WARN, FAIL or "
                                    "NEVER, not '%s'",
                                    s);
    else
        o->fail_on = v;
    return 0;
}

static int parse_args(int argc, char **argv, struct check_opts *o)
{
    enum colour_when when = COLOUR_AUTO;
    int i, rc;

    for ( i = 1; i < argc; i++ )
    {
        const char *a = argv[i];
        char *val = i + 1 < argc ? argv[i + 1] : NULL;
        char *end;

        if ( strcmp(a, "--json") == 0 || strcmp(a, "--quiet") == 0 )
        {
            *(a[2] == 'j' ? &o->json : &o->quiet) = true;
            continue;
        }
        if ( strncmp(a, "--color=", 8) == 0 ||
             (strcmp(a, "--color") == 0 && val) )
        {
            const char *w = a[7] == '=' ? a + 8 : val;

            if ( parse_colour(w, &when) )
                return xabi_cli_usage_error(&xabi_cmd_check,
                                            "--color wants auto, always or "
                                            "never, not '%s'", w);
            i += a[7] != '=';
            continue;
        }
        if ( strcmp(a, "--run") && strcmp(a, "--rule") &&
             strcmp(a, "--fail-on") && strcmp(a, "--db") )
            return xabi_cli_bad_option(&xabi_cmd_check, a);
        if ( !val )
            return xabi_cli_usage_error(&xabi_cmd_check, "%s needs a value",
                                        a);
        i++;
        if ( strcmp(a, "--db") == 0 )
            o->db = val;
        else if ( strcmp(a, "--run") == 0 )
        {
            errno = 0;
            o->run_id = strtoll(val, &end, 10);
            if ( errno || *end || end == val || o->run_id <= 0 )
                return xabi_cli_usage_error(&xabi_cmd_check,
                                            "--run wants a run id, not '%s'",
                                            val);
        }
        else if ( strcmp(a, "--rule") == 0 && (rc = add_ids(o, val)) )
            return rc;
        else if ( strcmp(a, "--fail-on") == 0 && (rc = parse_fail_on(o, val)) )
            return rc;
    }
    o->colour = want_colour(when);
    return 0;
}

/* ---- printing ---------------------------------------------------------- */

struct printer
{
    const struct check_opts *o;
    bool started;        /* a group is open */
    bool group_wide;     /* the open group is run-wide */
    int32_t group_domid;
    bool first_in_group;
    int worst;           /* worst verdict counted for --fail-on, or -1 */
    uint64_t n[XABI_NOT_OBSERVED + 1];
};

/* Is the finding of a rule this check ran? */
static bool selected(const struct check_opts *o, const char *id)
{
    return o->nids == 0 || selected_once(o, id);
}

static void group_label(FILE *out, const struct xabi_finding *f)
{
    if ( !f->has_domain )
        fputs("run-wide", out);
    else if ( f->domid == -1 )
        fputs("domain unknown (no scheduler record)", out);
    else
        fprintf(out, "domain %d", f->domid);
}

static void evidence_text(const struct xabi_finding *f)
{
    if ( f->has_domain )
    {
        if ( f->vcpu >= 0 )
            printf(" vcpu %d", f->vcpu);
        else
            printf(" vcpu ?");
    }
    if ( f->snapshot_id )
        printf(" snapshot %lld", (long long)f->snapshot_id);
    if ( f->has_tsc )
        printf(" tsc %llu", (unsigned long long)f->tsc);
    if ( f->has_offset )
        printf(" record @%#llx", (unsigned long long)f->offset);
}

/* "  VERDICT" padded to 12 columns, coloured when o says so. */
static void print_verdict(const struct check_opts *o, int verdict)
{
    static const char *const sgr[] = {
        [XABI_PASS] = "\033[32m", [XABI_WARN] = "\033[33m",
        [XABI_FAIL] = "\033[1;31m",
    };
    const char *name = xabi_verdict_name(verdict);
    const char *on = o->colour && verdict >= 0 &&
                     (size_t)verdict < sizeof(sgr) / sizeof(sgr[0])
                     ? sgr[verdict] : NULL;

    if ( on )
        printf("  %s%s\033[0m%*s", on, name, (int)(12 - strlen(name)), "");
    else
        printf("  %-12s", name);
}

static void print_finding_text(struct printer *p, const struct xabi_finding *f)
{
    const struct xabi_rule *r = xabi_rule_find(f->rule_id);
    bool same = p->started && p->group_wide == !f->has_domain &&
                (!f->has_domain || p->group_domid == f->domid);

    if ( p->o->quiet && f->verdict == XABI_NOT_OBSERVED )
        return; /* counted in the summary all the same */
    if ( !same )
    {
        printf("\n");
        group_label(stdout, f);
        printf(":\n");
        p->started = true;
        p->group_wide = !f->has_domain;
        p->group_domid = f->domid;
    }
    print_verdict(p->o, f->verdict);
    printf(" %s", f->rule_id);
    evidence_text(f);
    /* A message may quote a guest's string (a note, a label). */
    printf("\n      ");
    xabi_cli_print_text(stdout, f->message, 0);
    if ( f->verdict == XABI_NOT_OBSERVED )
        printf(" [%s]", xabi_reason_name(f->reason));
    printf("\n");
    /* A violation says what it violates; `xabi rules ID` says more. */
    if ( (f->verdict == XABI_WARN || f->verdict == XABI_FAIL) && r )
        printf("      (%s: %s)\n", r->title, r->citation);
}

static void json_num(const char *name, bool have, long long v)
{
    if ( have )
        printf(", \"%s\": %lld", name, v);
    else
        printf(", \"%s\": null", name);
}

static void print_finding_json(struct printer *p, const struct xabi_finding *f)
{
    bool same = p->started && p->group_wide == !f->has_domain &&
                (!f->has_domain || p->group_domid == f->domid);

    if ( !same )
    {
        printf("%s\n    {\"domid\": ", p->started ? "]}," : "");
        if ( f->has_domain )
            printf("%d", f->domid);
        else
            printf("null");
        printf(", \"findings\": [");
        p->started = true;
        p->first_in_group = true;
        p->group_wide = !f->has_domain;
        p->group_domid = f->domid;
    }
    printf("%s\n      {\"rule\": ", p->first_in_group ? "" : ",");
    p->first_in_group = false;
    xabi_cli_json_string(stdout, f->rule_id);
    printf(", \"title\": ");
    xabi_cli_json_string(stdout, xabi_rule_find(f->rule_id)
                                     ? xabi_rule_find(f->rule_id)->title
                                     : NULL);
    printf(", \"verdict\": ");
    xabi_cli_json_string(stdout, xabi_verdict_name(f->verdict));
    printf(", \"reason\": ");
    xabi_cli_json_string(stdout, f->verdict == XABI_NOT_OBSERVED
                                     ? xabi_reason_name(f->reason)
                                     : NULL);
    json_num("vcpu", f->has_domain, f->vcpu);
    json_num("tsc", f->has_tsc, (long long)f->tsc);
    json_num("snapshot", f->snapshot_id != 0, f->snapshot_id);
    json_num("offset", f->has_offset, (long long)f->offset);
    printf(", \"fact_kind\": ");
    xabi_cli_json_string(stdout, f->fact_kind);
    json_num("fact_key", f->fact_kind != NULL, f->fact_key);
    json_num("count", f->count != 0, (long long)f->count);
    printf(", \"message\": ");
    xabi_cli_json_string(stdout, f->message);
    printf("}");
}

static int print_finding(void *ctx, const struct xabi_finding *f)
{
    struct printer *p = ctx;

    if ( !selected(p->o, f->rule_id) )
        return 0;
    p->n[f->verdict]++;
    if ( f->verdict != XABI_NOT_OBSERVED && p->o->fail_on >= 0 &&
         (int)f->verdict >= p->o->fail_on && (int)f->verdict > p->worst )
        p->worst = (int)f->verdict;
    if ( p->o->json )
        print_finding_json(p, f);
    else
        print_finding_text(p, f);
    return 0;
}

static void print_header(const struct check_opts *o,
                         const struct xabi_run_row *run,
                         const struct xabi_check_summary *sum)
{
    if ( o->json )
    {
        printf("{\"run\": {\"id\": %lld, \"source_kind\": ",
               (long long)run->id);
        xabi_cli_json_string(stdout, run->source_kind);
        printf(", \"source_path\": ");
        xabi_cli_json_string(stdout, run->source_path);
        printf(", \"xen_version\": ");
        xabi_cli_json_string(stdout, run->xen_version);
        printf("}, \"rules_run\": %zu, \"rules_skipped\": %zu, "
               "\"domains\": [",
               sum->rules_run, sum->rules_skipped);
        return;
    }
    printf("run %lld: %s ", (long long)run->id, run->source_kind);
    xabi_cli_print_text(stdout, run->source_path, 0);
    printf(", Xen ");
    xabi_cli_print_text(stdout, run->xen_version, 0);
    printf(": %zu rule%s run", sum->rules_run, sum->rules_run == 1 ? "" : "s");
    if ( sum->rules_skipped )
        printf(", %zu not applicable to this Xen version",
               sum->rules_skipped);
    printf("\n");
}

static void print_footer(const struct check_opts *o, const struct printer *p)
{
    int v;

    if ( o->json )
    {
        printf("%s\n  ], \"summary\": {", p->started ? "]}" : "");
        for ( v = XABI_PASS; v <= XABI_NOT_OBSERVED; v++ )
            printf("%s\"%s\": %llu", v ? ", " : "", xabi_verdict_name(v),
                   (unsigned long long)p->n[v]);
        printf("}, \"fail_on\": ");
        xabi_cli_json_string(stdout, o->fail_on < 0
                                         ? "NEVER"
                                         : xabi_verdict_name(o->fail_on));
        printf(", \"failed\": %s}\n", p->worst >= 0 ? "true" : "false");
        return;
    }
    printf("\n%llu FAIL, %llu WARN, %llu INFO, %llu PASS, %llu NOT-OBSERVED\n",
           (unsigned long long)p->n[XABI_FAIL],
           (unsigned long long)p->n[XABI_WARN],
           (unsigned long long)p->n[XABI_INFO],
           (unsigned long long)p->n[XABI_PASS],
           (unsigned long long)p->n[XABI_NOT_OBSERVED]);
}

/* Open an existing database: check never creates one, and writes only its
 * findings. */
static int open_db(const char *path, struct xabi_store **st)
{
    if ( xabi_cli_store_open(path, XABI_STORE_UPDATE, st) )
    {
        xabi_cli_error("%s", xabi_store_errmsg(*st));
        xabi_store_close(*st);
        *st = NULL;
        return XABI_EXIT_ERROR;
    }
    return 0;
}

static int run_check(int argc, char **argv)
{
    struct check_opts o = { NULL, 0, { 0 }, 0, false, XABI_FAIL, false,
                            false };
    struct printer p;
    struct xabi_check_summary sum;
    struct xabi_run_row run;
    struct xabi_store *st;
    char err[1024];
    bool found;
    int rc;

    if ( (rc = parse_args(argc, argv, &o)) ||
         (rc = open_db(o.db = xabi_cli_db(o.db), &st)) )
        return rc;
    if ( !o.run_id && xabi_store_latest_run(st, &o.run_id) )
        rc = xabi_cli_error("%s", xabi_store_errmsg(st));
    else if ( !o.run_id )
        rc = xabi_cli_error("%s: no runs yet (`xabi collect` adds one)", o.db);
    else if ( xabi_check_run(st, o.run_id, o.ids, o.nids, &sum, err,
                             sizeof(err)) )
        rc = xabi_cli_error("check: %s", err);
    else if ( xabi_store_get_run(st, o.run_id, &run, &found) || !found )
        rc = xabi_cli_error("%s", xabi_store_errmsg(st));
    if ( rc )
    {
        xabi_store_close(st);
        return rc;
    }
    memset(&p, 0, sizeof(p));
    p.o = &o;
    p.worst = -1;
    print_header(&o, &run, &sum);
    if ( xabi_store_each_finding(st, o.run_id, print_finding, &p) )
        rc = xabi_cli_error("%s", xabi_store_errmsg(st));
    else
        print_footer(&o, &p);
    xabi_store_close(st);
    if ( rc )
        return rc;
    if ( fflush(stdout) || ferror(stdout) )
        return xabi_cli_error("writing the report failed");
    return p.worst >= 0 ? XABI_EXIT_FINDINGS : XABI_EXIT_OK;
}
