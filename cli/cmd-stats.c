/*
 * cmd-stats.c: `xabi stats`, what a run saw, per domain and vCPU.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi/abi.h"
#include "cli/cli.h"
#include "store/store.h"
#include "cli/table.h"

static const char usage[] =
    "usage: xabi stats [--run N] [--json] [--db PATH]\n"
    "       xabi stats --list [--json] [--db PATH]\n"
    "\n"
    "Summarise a collected run (by default the newest): its provenance,\n"
    "then for each domain and vCPU the hypercalls it made (named for the\n"
    "run's Xen version), the traps and exceptions delivered to it, page\n"
    "faults and emulations, HVM exits by reason; each domain's lifecycle\n"
    "(created, shut down with its reason, destroyed; and in a live run its\n"
    "state at the start and end); lost records and the\n"
    "records no scheduler record attributes to a domain; the stubs of a\n"
    "hypercall page (collect --hypercall-page), with their instructions.\n"
    "\n"
    "options:\n"
    "  --run N     the run to show (see --list)\n"
    "  --list      list the runs in the database\n"
    "  --json      the same, as one JSON object\n"
    "  --db PATH   the database (default $XABI_DB, else\n"
    "              ./" XABI_DEFAULT_DB ")\n"
    "exit: 0 shown, 1 error (no such run, unusable database), 2 wrong "
    "arguments\n";

/* The sections of a run, each a store query. */
enum section
{
    S_RUN, S_PCPUS, S_VCPUS, S_HYPERCALLS, S_SUBOPS, S_TRAPS, S_FAULTS,
    S_EXITS, S_LIFECYCLE, S_LOST, S_EVENTS, S_STUBS, S_HOST, S_DOMAINS,
    S_SNAPSHOTS, S_SEGLOADS, S_PROBLEMS, S_STATES, S_ERROR_CODES, S_MAX
};

static const char *const section_query[S_MAX] = {
    "run", "pcpus", "vcpus", "hypercalls", "subops", "traps", "faults",
    "hvm_exits", "lifecycle", "lost", "events", "hcpage_stubs", "live_host",
    "live_domains", "snapshots", "segment_loads", "live_problems",
    "domain_states", "error_codes",
};

/* Columns that stay strings in JSON even when they look like numbers. */
static const char *const text_cols[] = {
    "source_path", "source_sha256", "label", "xen_version", "name",
    "mnemonic", "status", "status_detail", "collected_at", "xabi_version",
    "kind", "vendor", "domain_label", "vcpu_label", "hypercall",
    "xen_full_version", "xen_capabilities", "event_mask", "guest_type",
    "phase", "taken_at", "cs", "ss", "rip", "reg", "old_selector",
    "new_selector", "old_base", "new_base", "old_limit", "new_limit",
    "old_attr", "new_attr", "message", "page_va", "va", "class", "layout",
    "xen_since", "xen_until", "why", "disasm", "bytes", "event_name", "last_rip", NULL,
};

struct stats
{
    struct xabi_rows t[S_MAX];
};

static bool same_vcpu(const struct xabi_rows *t, size_t r, const char *dom,
                      const char *vcpu)
{
    return strcmp(xabi_rows_get(t, r, "domid"), dom) == 0 &&
           strcmp(xabi_rows_get(t, r, "vcpu"), vcpu) == 0;
}

/* ---- text ------------------------------------------------------------- */

/* A stored string for the terminal (cli/table.h), in buffer b. */
#define TERM(b, s) xabi_cli_term((s), (b), sizeof(b))

static void text_run(const struct stats *s)
{
    const struct xabi_rows *run = &s->t[S_RUN];
    const struct xabi_rows *p = &s->t[S_PCPUS];
    char b1[XABI_CLI_TERM_MAX], b2[XABI_CLI_TERM_MAX], b3[XABI_CLI_TERM_MAX];
    size_t r;

    /* Paths, labels and details are the user's or a guest's: escaped. */
    printf("run %s: %s\n", xabi_rows_get(run, 0, "id"),
           TERM(b1, xabi_rows_get(run, 0, "source_path")));
    printf("  source    %s, %s bytes, sha256 %s\n",
           xabi_rows_get(run, 0, "source_kind"),
           xabi_rows_get(run, 0, "source_size"),
           xabi_rows_get(run, 0, "source_sha256"));
    printf("  xen       %s\n", TERM(b1, xabi_rows_get(run, 0, "xen_version")));
    printf("  collected %s by xabi %s%s%s\n",
           TERM(b1, xabi_rows_get(run, 0, "collected_at")),
           TERM(b2, xabi_rows_get(run, 0, "xabi_version")),
           *xabi_rows_get(run, 0, "label") ? ", label " : "",
           TERM(b3, xabi_rows_get(run, 0, "label")));
    printf("  status    %s%s%s\n", xabi_rows_get(run, 0, "status"),
           *xabi_rows_get(run, 0, "status_detail") ? ": " : "",
           TERM(b1, xabi_rows_get(run, 0, "status_detail")));
    printf("  records   %s on %zu pCPUs; lost %s; unattributed %s; "
           "out of TSC order %s\n",
           xabi_rows_get(run, 0, "records"), p->nrows,
           xabi_rows_get(run, 0, "lost_records"),
           xabi_rows_get(run, 0, "unknown_records"),
           xabi_rows_get(run, 0, "reordered"));
    printf("\n  pCPU  windows   records  lost  unattributed\n");
    for ( r = 0; r < p->nrows; r++ )
        printf("  %4s  %7s  %8s  %4s  %12s\n", xabi_rows_get(p, r, "pcpu"),
               xabi_rows_get(p, r, "windows"),
               xabi_rows_get(p, r, "records"),
               xabi_rows_get(p, r, "lost_records"),
               xabi_rows_get(p, r, "unknown_records"));
}

/* "yes"/"no" of a 0/1 column. */
static const char *yes_no(const struct xabi_rows *t, size_t r, const char *c)
{
    return xabi_rows_num(t, r, c) ? "yes" : "no";
}

static void text_host(const struct stats *s)
{
    const struct xabi_rows *h = &s->t[S_HOST], *d = &s->t[S_DOMAINS];
    size_t r;

    if ( !h->nrows )
        return;
    printf("\n  host      Xen %s (%s)\n",
           xabi_rows_get(h, 0, "xen_full_version"),
           xabi_rows_get(h, 0, "xen_capabilities"));
    printf("  events    %s; duration %s; snapshots every %s%s\n",
           xabi_rows_get(h, 0, "event_mask"),
           *xabi_rows_get(h, 0, "duration") ? xabi_rows_get(h, 0, "duration")
                                            : "until stopped",
           *xabi_rows_get(h, 0, "snapshot_interval")
               ? xabi_rows_get(h, 0, "snapshot_interval")
               : "- (start and end)",
           xabi_rows_num(h, 0, "started") ? "; domains started" : "");
    printf("\n  domain  name              type  vCPUs  paused  snapshotted\n");
    for ( r = 0; r < d->nrows; r++ )
    {
        printf("  %6s  ", xabi_rows_get(d, r, "domid"));
        /* The name is the guest config's, so it is shown escaped. */
        xabi_cli_print_text(stdout, xabi_rows_get(d, r, "name"), 16);
        printf("  %-4s  %5s  %-6s  %s\n", xabi_rows_get(d, r, "guest_type"),
               xabi_rows_get(d, r, "vcpus"), yes_no(d, r, "paused"),
               yes_no(d, r, "selected"));
    }
}

static const char *user_mode(const struct xabi_rows *t, size_t r)
{
    const char *v = xabi_rows_get(t, r, "user_mode_seen");

    return strcmp(v, "1") == 0 ? "seen" : strcmp(v, "0") == 0 ? "not yet"
                                                               : "unknown";
}

/* The snapshots of any run, the segment loads and problems of a live one. */
static void text_snapshots(const struct stats *s)
{
    const struct xabi_rows *n = &s->t[S_SNAPSHOTS], *g = &s->t[S_SEGLOADS];
    const struct xabi_rows *p = &s->t[S_PROBLEMS];
    size_t r;

    if ( n->nrows )
        printf("\nsnapshots\n  %5s  %-7s  %-7s  %-4s  %-6s  %-6s  %-18s  "
               "%5s  %4s  %s\n", "id", "vCPU", "phase", "type", "cs", "ss",
               "rip", "traps", "gdt", "user mode");
    for ( r = 0; r < n->nrows; r++ )
        printf("  %5s  d%sv%-4s  %-7s  %-4s  %-6s  %-6s  %-18s  %5s  %4s  "
               "%s\n",
               xabi_rows_get(n, r, "id"), xabi_rows_get(n, r, "domid"),
               xabi_rows_get(n, r, "vcpu"), xabi_rows_get(n, r, "phase"),
               xabi_rows_get(n, r, "guest_type"), xabi_rows_get(n, r, "cs"),
               xabi_rows_get(n, r, "ss"), xabi_rows_get(n, r, "rip"),
               xabi_rows_num(n, r, "traps_read")
                   ? xabi_rows_get(n, r, "traps") : "-",
               xabi_rows_num(n, r, "gdt_read")
                   ? xabi_rows_get(n, r, "gdt_entries") : "-",
               user_mode(n, r));
    if ( g->nrows )
        printf("\nsegment loads between snapshots (selector base+limit/attr)\n");
    for ( r = 0; r < g->nrows; r++ )
        printf("  d%sv%s %-4s snapshot %s -> %s: %s %s+%s/%s -> %s %s+%s/%s\n",
               xabi_rows_get(g, r, "domid"), xabi_rows_get(g, r, "vcpu"),
               xabi_rows_get(g, r, "reg"),
               xabi_rows_get(g, r, "before_snapshot"),
               xabi_rows_get(g, r, "after_snapshot"),
               xabi_rows_get(g, r, "old_selector"),
               xabi_rows_get(g, r, "old_base"),
               xabi_rows_get(g, r, "old_limit"),
               xabi_rows_get(g, r, "old_attr"),
               xabi_rows_get(g, r, "new_selector"),
               xabi_rows_get(g, r, "new_base"),
               xabi_rows_get(g, r, "new_limit"),
               xabi_rows_get(g, r, "new_attr"));
    if ( p->nrows )
        printf("\nnot read\n");
    for ( r = 0; r < p->nrows; r++ )
    {
        printf("  ");
        xabi_cli_print_text(stdout, xabi_rows_get(p, r, "message"), 0);
        putchar('\n');
    }
}

static void text_hypercalls(const struct xabi_rows *h, const char *dom,
                            const char *vcpu)
{
    bool head = false;
    size_t r;

    for ( r = 0; r < h->nrows; r++ )
    {
        if ( !same_vcpu(h, r, dom, vcpu) )
            continue;
        if ( !head )
            printf("    hypercalls %28s %12s %10s\n", "calls",
                   "in multicall", "from HVM");
        head = true;
        printf("      %-26s [%2s] %10s %12s %10s%s\n",
               xabi_rows_get(h, r, "name"), xabi_rows_get(h, r, "nr"),
               xabi_rows_get(h, r, "calls"), xabi_rows_get(h, r, "subcalls"),
               xabi_rows_get(h, r, "hvm_calls"),
               xabi_rows_num(h, r, "defined") ? "" : "  (not defined by this Xen)");
    }
}

static void text_traps(const struct xabi_rows *t, const char *dom,
                       const char *vcpu)
{
    static const struct { const char *kind, *what; } kinds[] = {
        { "trap", "delivered (PV)" },
        { "hvm_inj_exc", "injected (HVM)" },
        { "hvm_trap", "intercepted (HVM)" },
    };
    size_t k, r;

    for ( k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++ )
    {
        bool head = false;

        for ( r = 0; r < t->nrows; r++ )
        {
            if ( !same_vcpu(t, r, dom, vcpu) ||
                 strcmp(xabi_rows_get(t, r, "kind"), kinds[k].kind) )
                continue;
            if ( !head )
                printf("    traps %-23s %9s  error code\n", kinds[k].what,
                       "count");
            head = true;
            printf("      %-4s %3s %-20s %8s  %s of them\n",
                   xabi_rows_get(t, r, "mnemonic"),
                   xabi_rows_get(t, r, "vector"),
                   xabi_rows_get(t, r, "name"), xabi_rows_get(t, r, "count"),
                   xabi_rows_get(t, r, "with_error_code"));
        }
    }
}

/* Each error code delivered, with what it names (abi/) and the last RIP. */
static void text_error_codes(const struct xabi_rows *t, const char *dom,
                             const char *vcpu)
{
    bool head = false, pv;
    char what[160];
    size_t r;

    for ( r = 0; r < t->nrows; r++ )
    {
        unsigned vec = (unsigned)xabi_rows_num(t, r, "vector");
        const char *mn = xabi_vector_mnemonic(vec);

        if ( !same_vcpu(t, r, dom, vcpu) )
            continue;
        if ( !head )
            printf("    error codes %27s  last at\n", "count");
        head = true;
        xabi_error_code_describe(vec, (uint32_t)xabi_rows_num(t, r,
                                                             "error_code"),
                                 what, sizeof(what));
        pv = strcmp(xabi_rows_get(t, r, "kind"), "trap") == 0;
        printf("      %-4s ec 0x%-8llx %-19s %8s  %s %s\n", mn ? mn : "",
               (unsigned long long)xabi_rows_num(t, r, "error_code"),
               pv ? "(PV trap)" : "(HVM injected)",
               xabi_rows_get(t, r, "count"), pv ? "rip" : "TSC",
               xabi_rows_get(t, r, pv ? "last_rip" : "last_tsc"));
        if ( what[0] )
            printf("        = %s\n", what);
    }
}

/* Rows of a (kind|name, count) section for one vCPU, on one line each. */
static void text_counts(const struct xabi_rows *t, const char *title,
                        const char *name_col, const char *dom,
                        const char *vcpu)
{
    bool head = false;
    size_t r;

    for ( r = 0; r < t->nrows; r++ )
    {
        if ( !same_vcpu(t, r, dom, vcpu) )
            continue;
        if ( !head )
            printf("    %s\n", title);
        head = true;
        printf("      %-36s %10s\n", xabi_rows_get(t, r, name_col),
               xabi_rows_get(t, r, "count"));
    }
}

static void text_vcpus(const struct stats *s)
{
    const struct xabi_rows *v = &s->t[S_VCPUS];
    size_t r;

    for ( r = 0; r < v->nrows; r++ )
    {
        const char *dom = xabi_rows_get(v, r, "domid");
        const char *vcpu = xabi_rows_get(v, r, "vcpu");

        printf("\n%s %s: %s records%s\n", xabi_rows_get(v, r, "domain_label"),
               xabi_rows_get(v, r, "vcpu_label"),
               xabi_rows_get(v, r, "records"),
               xabi_rows_num(v, r, "domid") < 0
                   ? " that no scheduler record attributes to a domain"
                   : "");
        text_hypercalls(&s->t[S_HYPERCALLS], dom, vcpu);
        text_counts(&s->t[S_SUBOPS], "sub-ops (where the trace carries them)",
                    "name", dom, vcpu);
        text_traps(&s->t[S_TRAPS], dom, vcpu);
        text_error_codes(&s->t[S_ERROR_CODES], dom, vcpu);
        text_counts(&s->t[S_FAULTS], "faults and emulations", "kind", dom,
                    vcpu);
        text_counts(&s->t[S_EXITS], "HVM exits", "name", dom, vcpu);
    }
}

/* "crash (reason 3)", or "reason 9 (not a SHUTDOWN_* value)". */
static const char *reason_text(const char *reason, char *buf, size_t len)
{
    const char *name = xabi_shutdown_reason_name((uint32_t)atoll(reason));

    if ( name && atoll(reason) >= 0 )
        snprintf(buf, len, "%s (reason %s)", name, reason);
    else
        snprintf(buf, len, "reason %s (not a SHUTDOWN_* value)", reason);
    return buf;
}

/* The trace's lifecycle records, then a live run's view of each domain. */
static void text_lifecycle(const struct stats *s)
{
    static const struct { const char *kind, *what; } whats[] = {
        { "dom_create", "created" }, { "dom_destroy", "destroyed" },
        { "dom_shutdown", "shutdown: " },
        { "dom_shutdown_code", "shutdown code set: " },
    };
    const struct xabi_rows *l = &s->t[S_LIFECYCLE], *st = &s->t[S_STATES];
    char why[96];
    size_t r, k;

    if ( l->nrows || st->nrows )
        printf("\ndomain lifecycle\n");
    for ( r = 0; r < l->nrows; r++ )
    {
        const char *kind = xabi_rows_get(l, r, "kind"), *what = kind;
        bool shut = strncmp(kind, "dom_shutdown", 12) == 0;

        for ( k = 0; k < sizeof(whats) / sizeof(whats[0]); k++ )
            if ( strcmp(whats[k].kind, kind) == 0 )
                what = whats[k].what;
        printf("  d%s %s%s at TSC %s, offset %s (pCPU %s%s%s, ",
               xabi_rows_get(l, r, "domid"), what,
               shut ? reason_text(xabi_rows_get(l, r, "reason"), why,
                                  sizeof(why))
                    : "",
               xabi_rows_get(l, r, "tsc"), xabi_rows_get(l, r, "offset"),
               xabi_rows_get(l, r, "pcpu"), shut ? ", vCPU " : "",
               shut ? xabi_rows_get(l, r, "vcpu") : "");
        /* The name comes from imported headers: escaped. */
        if ( *xabi_rows_get(l, r, "event_name") )
            xabi_cli_print_text(stdout, xabi_rows_get(l, r, "event_name"), 0);
        else
            printf("event 0x%08llx", xabi_rows_num(l, r, "event"));
        printf(")\n");
    }
    for ( r = 0; r < st->nrows; r++ )
        printf("  d%s at the %s of the run: %s%s%s (libxenctrl)\n",
               xabi_rows_get(st, r, "domid"), xabi_rows_get(st, r, "phase"),
               xabi_rows_num(st, r, "shutdown") ? "shut down, " : "not shut down",
               xabi_rows_num(st, r, "shutdown")
                   ? reason_text(xabi_rows_get(st, r, "shutdown_reason"), why,
                                 sizeof(why))
                   : "",
               xabi_rows_num(st, r, "dying") ? ", dying" : "");
}

static void text_tail(const struct stats *s)
{
    const struct xabi_rows *lost = &s->t[S_LOST], *e = &s->t[S_EVENTS];
    size_t r;

    text_lifecycle(s);
    printf("\nlost records: %s\n", lost->nrows ? "" : "none");
    for ( r = 0; r < lost->nrows; r++ )
        printf("  pCPU %s: %s records lost between TSC %s and %s "
               "(noted at offset %s, d%sv%s running)\n",
               xabi_rows_get(lost, r, "pcpu"),
               xabi_rows_get(lost, r, "count"),
               xabi_rows_get(lost, r, "first_tsc"),
               xabi_rows_get(lost, r, "tsc"),
               xabi_rows_get(lost, r, "offset"),
               xabi_rows_get(lost, r, "domid"),
               xabi_rows_get(lost, r, "vcpu"));
    printf("\nevents by id (* decoded by xabi)\n");
    for ( r = 0; r < e->nrows; r++ )
        printf("  0x%08llx %c %-44s %10s\n",
               (unsigned long long)xabi_rows_num(e, r, "event"),
               xabi_rows_num(e, r, "decoded") ? '*' : ' ',
               *xabi_rows_get(e, r, "name") ? xabi_rows_get(e, r, "name")
                                             : "(no name in this version)",
               xabi_rows_get(e, r, "count"));
}

/* A hypercall page: its stubs, one line each; unexpected ones say why. */
static void text_stubs(const struct xabi_rows *t)
{
    size_t r;

    for ( r = 0; r < t->nrows; r++ )
    {
        if ( r == 0 || strcmp(xabi_rows_get(t, r, "page_va"),
                              xabi_rows_get(t, r - 1, "page_va")) )
            printf("\nhypercall page of %s%s, %s at %s\n"
                   "  stub name                      class       "
                   "instructions\n",
                   xabi_rows_num(t, r, "domid") < 0 ? "an unknown domain"
                                                    : "d",
                   xabi_rows_num(t, r, "domid") < 0
                       ? ""
                       : xabi_rows_get(t, r, "domid"),
                   xabi_rows_get(t, r, "guest_type"),
                   xabi_rows_get(t, r, "page_va"));
        printf("  %4s %-26s %-11s %s\n", xabi_rows_get(t, r, "idx"),
               xabi_rows_get(t, r, "name"), xabi_rows_get(t, r, "class"),
               xabi_rows_get(t, r, "disasm"));
        if ( *xabi_rows_get(t, r, "why") )
            printf("       %s\n", xabi_rows_get(t, r, "why"));
    }
}

/* ---- JSON ----------------------------------------------------------------- */

static void json_rows(const struct xabi_rows *t, const char *dom,
                      const char *vcpu)
{
    bool first = true;
    size_t r;

    fputc('[', stdout);
    for ( r = 0; r < t->nrows; r++ )
    {
        if ( dom && !same_vcpu(t, r, dom, vcpu) )
            continue;
        if ( !first )
            fputc(',', stdout);
        first = false;
        xabi_cli_json_row(stdout, t, r, text_cols);
    }
    fputc(']', stdout);
}

/* Lifecycle rows, each with the name of its shutdown reason (abi/). */
static void json_lifecycle(const struct xabi_rows *t, const char *col)
{
    size_t r;

    fputc('[', stdout);
    for ( r = 0; r < t->nrows; r++ )
    {
        const char *v = xabi_rows_get(t, r, col);
        const char *name = *v ? xabi_shutdown_reason_name(
                                    (uint32_t)xabi_rows_num(t, r, col))
                              : NULL;

        if ( r )
            fputc(',', stdout);
        fputs("{\"reason_name\":", stdout);
        if ( name )
            printf("\"%s\",", name);
        else
            fputs("null,", stdout);
        xabi_cli_json_fields(stdout, t, r, text_cols);
        fputc('}', stdout);
    }
    fputc(']', stdout);
}

static void json_stats(const struct stats *s)
{
    static const struct { enum section s; const char *key; } per_vcpu[] = {
        { S_HYPERCALLS, "hypercalls" }, { S_SUBOPS, "subops" },
        { S_TRAPS, "traps" }, { S_ERROR_CODES, "error_codes" },
        { S_FAULTS, "faults" },         { S_EXITS, "hvm_exits" },
    };
    const struct xabi_rows *v = &s->t[S_VCPUS];
    size_t r, k;

    fputs("{\"run\":", stdout);
    xabi_cli_json_row(stdout, &s->t[S_RUN], 0, text_cols);
    fputs(",\"pcpus\":", stdout);
    json_rows(&s->t[S_PCPUS], NULL, NULL);
    fputs(",\"vcpus\":[", stdout);
    for ( r = 0; r < v->nrows; r++ )
    {
        const char *dom = xabi_rows_get(v, r, "domid");
        const char *vcpu = xabi_rows_get(v, r, "vcpu");

        printf("%s{\"domid\":%s,\"vcpu\":%s,\"records\":%s", r ? "," : "",
               dom, vcpu, xabi_rows_get(v, r, "records"));
        for ( k = 0; k < sizeof(per_vcpu) / sizeof(per_vcpu[0]); k++ )
        {
            printf(",\"%s\":", per_vcpu[k].key);
            json_rows(&s->t[per_vcpu[k].s], dom, vcpu);
        }
        fputc('}', stdout);
    }
    fputs("],\"lifecycle\":", stdout);
    json_lifecycle(&s->t[S_LIFECYCLE], "reason");
    fputs(",\"domain_states\":", stdout);
    json_lifecycle(&s->t[S_STATES], "shutdown_reason");
    fputs(",\"lost\":", stdout);
    json_rows(&s->t[S_LOST], NULL, NULL);
    fputs(",\"events\":", stdout);
    json_rows(&s->t[S_EVENTS], NULL, NULL);
    fputs(",\"hypercall_stubs\":", stdout);
    json_rows(&s->t[S_STUBS], NULL, NULL);
    fputs(",\"host\":", stdout);
    json_rows(&s->t[S_HOST], NULL, NULL);
    fputs(",\"domains\":", stdout);
    json_rows(&s->t[S_DOMAINS], NULL, NULL);
    fputs(",\"snapshots\":", stdout);
    json_rows(&s->t[S_SNAPSHOTS], NULL, NULL);
    fputs(",\"segment_loads\":", stdout);
    json_rows(&s->t[S_SEGLOADS], NULL, NULL);
    fputs(",\"problems\":", stdout);
    json_rows(&s->t[S_PROBLEMS], NULL, NULL);
    fputs("}\n", stdout);
}

/* ---- the command ----------------------------------------------------------- */

/* A misspelt column printed as "" is a bug to report, not to hide. */
static int read_ok(struct xabi_store *st)
{
    const char *e = xabi_store_read_error(st);

    return e ? xabi_cli_error("stats read a bad cell: %s", e)
             : XABI_EXIT_OK;
}

static int list_runs(struct xabi_store *st, bool json)
{
    char b1[XABI_CLI_TERM_MAX], b2[XABI_CLI_TERM_MAX];
    struct xabi_rows t;
    size_t r;

    if ( xabi_rows_load(&t, st, "runs", 0, NULL) )
        return xabi_cli_error("%s", xabi_store_errmsg(st));
    if ( json )
        json_rows(&t, NULL, NULL), fputc('\n', stdout);
    else if ( !t.nrows )
        printf("no runs: collect one with `xabi collect FILE "
               "--xen-version V`\n");
    for ( r = 0; !json && r < t.nrows; r++ )
        printf("run %s: %s %s, Xen %s, %s records, %s, %s\n",
               xabi_rows_get(&t, r, "id"), xabi_rows_get(&t, r, "source_kind"),
               TERM(b1, xabi_rows_get(&t, r, "source_path")),
               TERM(b2, xabi_rows_get(&t, r, "xen_version")),
               xabi_rows_get(&t, r, "records"), xabi_rows_get(&t, r, "status"),
               xabi_rows_get(&t, r, "collected_at"));
    xabi_rows_free(&t);
    return read_ok(st);
}

/*
 * Name the events a TRC_* constant cannot (abi/trace-names.c): a runstate
 * change by its states, a scheduler's own event by its name.  0, or -1
 * out of memory.
 */
static int name_events(struct xabi_rows *e)
{
    int c;
    size_t r;

    for ( c = 0; c < e->ncol && strcmp(e->names[c], "name"); c++ )
        ;
    for ( r = 0; c < e->ncol && r < e->nrows; r++ )
    {
        struct xabi_trc_name n;
        char buf[128], *v;

        if ( xabi_trc_name((uint32_t)xabi_rows_num(e, r, "event"), &n) )
            continue;
        if ( n.runstate )
            snprintf(buf, sizeof(buf), "%s %s->%s", n.name, n.old_state,
                     n.new_state);
        else
            snprintf(buf, sizeof(buf), "%s (%s)",
                     n.name ? n.name : "TRC_SCHED_CLASS_EVT",
                     n.scheduler ? n.scheduler : "unknown scheduler");
        if ( !(v = strdup(buf)) )
            return -1;
        free(e->rows[r][c]);
        e->rows[r][c] = v;
    }
    return 0;
}

static int show_run(struct xabi_store *st, int64_t run_id, bool json)
{
    struct stats s;
    int i, rc = XABI_EXIT_OK;

    memset(&s, 0, sizeof(s));
    for ( i = 0; i < S_MAX; i++ )
    {
        if ( xabi_rows_load(&s.t[i], st, section_query[i], run_id, NULL) )
        {
            rc = xabi_cli_error("%s", xabi_store_errmsg(st));
            goto out;
        }
    }
    if ( name_events(&s.t[S_EVENTS]) )
    {
        rc = xabi_cli_error("out of memory naming the events");
        goto out;
    }
    if ( json )
        json_stats(&s);
    else
    {
        text_run(&s);
        text_host(&s);
        text_snapshots(&s);
        text_vcpus(&s);
        text_stubs(&s.t[S_STUBS]);
        text_tail(&s);
    }
    rc = read_ok(st);
out:
    for ( i = 0; i < S_MAX; i++ )
        xabi_rows_free(&s.t[i]);
    return rc;
}

static int parse_run(const char *arg, int64_t *run_id)
{
    char *end;
    long long v = strtoll(arg, &end, 10);

    if ( *arg == '\0' || *end != '\0' || v <= 0 )
        return -1;
    *run_id = v;
    return 0;
}

static int run(int argc, char **argv)
{
    enum { O_RUN = 256, O_JSON, O_DB, O_LIST };
    static const struct option longopts[] = {
        { "run", required_argument, NULL, O_RUN },
        { "json", no_argument, NULL, O_JSON },
        { "db", required_argument, NULL, O_DB },
        { "list", no_argument, NULL, O_LIST },
        { NULL, 0, NULL, 0 },
    };
    const char *db = NULL;
    struct xabi_store *st = NULL;
    bool json = false, list = false, exists;
    int64_t run_id = 0;
    int c, rc;

    optind = 1;
    opterr = 0;
    while ( (c = getopt_long(argc, argv, "", longopts, NULL)) != -1 )
    {
        switch ( c )
        {
        case O_RUN:
            if ( parse_run(optarg, &run_id) )
                return xabi_cli_usage_error(&xabi_cmd_stats,
                                            "--run '%s': expected a run "
                                            "number", optarg);
            break;
        case O_JSON: json = true; break;
        case O_DB: db = optarg; break;
        case O_LIST: list = true; break;
        default:
            return xabi_cli_bad_option(&xabi_cmd_stats, argv[optind - 1]);
        }
    }
    db = xabi_cli_db(db);
    if ( optind != argc )
        return xabi_cli_usage_error(&xabi_cmd_stats, "unexpected '%s'",
                                    argv[optind]);
    if ( xabi_cli_store_open(db, XABI_STORE_READ, &st) )
    {
        rc = xabi_cli_error("%s", xabi_store_errmsg(st));
        xabi_store_close(st);
        return rc;
    }
    if ( list )
        rc = list_runs(st, json);
    else if ( !run_id && xabi_store_latest_run(st, &run_id) )
        rc = xabi_cli_error("%s", xabi_store_errmsg(st));
    else if ( !run_id )
        rc = xabi_cli_error("%s: no runs yet: collect one with `xabi collect "
                            "FILE --xen-version V`", db);
    else if ( xabi_store_run_exists(st, run_id, &exists) )
        rc = xabi_cli_error("%s", xabi_store_errmsg(st));
    else if ( !exists )
        rc = xabi_cli_error("%s: no run %lld (see `xabi stats --list`)", db,
                            (long long)run_id);
    else
        rc = show_run(st, run_id, json);
    xabi_store_close(st);
    return rc;
}

const struct xabi_cli_cmd xabi_cmd_stats = {
    .name = "stats",
    .summary = "what a collected run saw, per domain and vCPU",
    .usage = usage,
    .run = run,
};
