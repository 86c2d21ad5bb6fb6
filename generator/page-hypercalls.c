/*
 * page-hypercalls.c: the hypercalls of each run's Xen version, from the
 * catalogue, with the guest types Xen's dispatch tables wire each up for
 * (abi/: the same table rule HC-003 reads), the calls each domain was
 * observed to make, sub-ops where the sampled records decode them, and a
 * chart per domain.  Whether a call was allowed is the audit's verdict
 * (HC-003), not this page's.
 */
#include "abi/abi.h"
#include "generator/generator-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The guest types xen's tables wire op nr up for, when not all four:
 * "pv32, pv64 only", "needs CONFIG_ARGO (off by default)".  Empty when
 * abi/ has no table for the version.
 */
static void wiring(char *buf, size_t n, const char *xen, long long nr)
{
    struct xabi_hc_wiring w;
    unsigned all = (1u << XABI_HC_GUESTS) - 1, g;
    size_t k = 0;

    buf[0] = '\0';
    if ( xabi_abi_hypercall_wiring(xen, nr, &w) )
        return;
    if ( !w.cols )
        k = (size_t)snprintf(buf, n, "wired up for no guest type");
    else if ( w.cols != all )
    {
        for ( g = 0; g < XABI_HC_GUESTS && k < n; g++ )
        {
            if ( w.cols & (1u << g) )
                k += (size_t)snprintf(buf + k, n - k, "%s%s", k ? ", " : "",
                                      xabi_hc_guest_name(g));
        }
        if ( k < n )
            k += (size_t)snprintf(buf + k, n - k, " only%s",
                                  (w.cols & XABI_HC_COL_HVM)
                                      ? ""
                                      : ": not HVM or PVH guests");
    }
    if ( w.condition && k < n )
        snprintf(buf + k, n - k, "%sneeds %s (%s by default)",
                 k ? "; " : "", w.condition,
                 w.condition_default ? "on" : "off");
}

/* "x86 only, deprecated, alias dom0_op, compat since ..." */
static void flags(char *buf, size_t n, const struct xabi_rows *c, size_t r,
                  const char *xen)
{
    char wired[160];
    size_t k = 0;

    buf[0] = '\0';
#define ADD(...)                                                        \
    do {                                                                \
        if ( k < n )                                                    \
            k += (size_t)snprintf(buf + k, n - k, "%s", k ? "; " : ""); \
        if ( k < n )                                                    \
            k += (size_t)snprintf(buf + k, n - k, __VA_ARGS__);         \
    } while ( 0 )
    if ( xabi_rows_num(c, r, "x86_only") )
        ADD("x86 only");
    if ( xabi_rows_num(c, r, "deprecated") )
        ADD("deprecated");
    if ( xabi_rows_num(c, r, "dropped") )
        ADD("dropped");
    wiring(wired, sizeof(wired), xen, xabi_rows_num(c, r, "nr"));
    if ( wired[0] )
        ADD("%s", wired);
    if ( *xabi_rows_get(c, r, "aliases") )
        ADD("alias %s", xabi_rows_get(c, r, "aliases"));
    if ( *xabi_rows_get(c, r, "comment") )
        ADD("header: %s", xabi_rows_get(c, r, "comment"));
#undef ADD
}

struct group
{
    const struct xabi_gen *g;
    const bool *in;
    const struct xabi_rows *f; /* the group's findings */
};

static void observed_row(struct xabi_dict *t, const struct xabi_rows *o,
                         size_t r, const char *name, const char *flag,
                         const struct group *f)
{
    struct xabi_dict *tr = xabi_gen_tr(t);
    char finding[1024];

    xabi_gen_td(tr, xabi_rows_get(o, r, "nr"));
    xabi_gen_td(tr, name);
    xabi_gen_td(tr, flag);
    if ( xabi_rows_num(o, r, "calls") + xabi_rows_num(o, r, "subcalls") )
        xabi_gen_tdf(tr, "%lld (%lld in multicalls): %s",
                     xabi_rows_num(o, r, "calls") +
                         xabi_rows_num(o, r, "subcalls"),
                     xabi_rows_num(o, r, "subcalls"),
                     xabi_rows_get(o, r, "pv_who"));
    else
        xabi_gen_td(tr, "");
    if ( !xabi_rows_num(o, r, "hvm_calls") )
    {
        xabi_gen_td(tr, "");
        xabi_gen_td(tr, "observed");
        return;
    }
    xabi_gen_tdf(tr, "%s: %s", xabi_rows_get(o, r, "hvm_calls"),
                 xabi_rows_get(o, r, "hvm_who"));
    /* Whether an HVM/PVH guest may make it is HC-003's to say. */
    xabi_gen_group_finding_text(finding, sizeof(finding), f->g, f->in, f->f,
                                "HC-003",
                                "hvm_vmmcall", xabi_rows_get(o, r, "nr"),
                                "nothing found against it");
    xabi_gen_tdf(tr, "observed; %s", finding);
}

static void catalogue_table(struct xabi_dict *run, const struct xabi_rows *c,
                            const struct xabi_rows *o,
                            const struct group *f, const char *xen)
{
    static const char *const head[] = {
        "nr", "hypercall", "header marks; guest types wired (Xen's tables)",
        "PV calls: who", "HVM/PVH calls: who", "evidence",
    };
    char cap[384], fl[512];
    struct xabi_hc_wiring w;
    struct xabi_dict *t;
    size_t r, k, i;

    if ( xabi_abi_hypercall_wiring(xen, 0, &w) )
        snprintf(cap, sizeof(cap), "Hypercalls of Xen %.40s", xen);
    else if ( strcmp(w.cite_pv, w.cite_hvm) == 0 )
        snprintf(cap, sizeof(cap), "Hypercalls of Xen %.40s; guest types "
                 "from %s", xen, w.cite_pv);
    else
        snprintf(cap, sizeof(cap), "Hypercalls of Xen %.40s; guest types "
                 "from %s and %s", xen, w.cite_pv, w.cite_hvm);
    t = xabi_gen_table(run, "TABLE", cap);
    for ( i = 0; i < sizeof(head) / sizeof(head[0]); i++ )
        xabi_gen_th(t, head[i]);
    for ( r = 0; r < c->nrows; r++ )
    {
        bool seen = false;

        flags(fl, sizeof(fl), c, r, xen);
        for ( k = 0; k < o->nrows; k++ )
        {
            if ( strcmp(xabi_rows_get(o, k, "nr"),
                        xabi_rows_get(c, r, "nr")) )
                continue;
            observed_row(t, o, k, xabi_rows_get(c, r, "name"), fl, f);
            seen = true;
        }
        if ( !seen )
        {
            struct xabi_dict *tr = xabi_gen_tr(t);

            xabi_gen_td(tr, xabi_rows_get(c, r, "nr"));
            xabi_gen_td(tr, xabi_rows_get(c, r, "name"));
            xabi_gen_td(tr, fl);
            xabi_gen_td(tr, "");
            xabi_gen_td(tr, "");
            xabi_gen_td(tr, "from the headers only (unverified)");
        }
    }
    /* Numbers this version's headers do not define. */
    for ( k = 0; k < o->nrows; k++ )
    {
        if ( !xabi_rows_num(o, k, "defined") )
            observed_row(t, o, k, xabi_rows_get(o, k, "name"),
                         "not defined by this Xen version's headers", f);
    }
}

static void subop_table(struct xabi_dict *run, const struct xabi_rows *s)
{
    static const char *const head[] = {
        "hypercall", "sub-op", "name", "calls", "who",
    };
    struct xabi_dict *t;
    size_t r, i;

    if ( !s->nrows )
    {
        xabi_dict_show(run, "NO_SUBOPS");
        return;
    }
    t = xabi_gen_table(run, "SUBOPS",
                       "Sub-ops of the calls whose trace record carries one");
    for ( i = 0; i < sizeof(head) / sizeof(head[0]); i++ )
        xabi_gen_th(t, head[i]);
    for ( r = 0; r < s->nrows; r++ )
    {
        struct xabi_dict *tr = xabi_gen_tr(t);

        xabi_gen_td(tr, xabi_rows_get(s, r, "hypercall"));
        xabi_gen_td(tr, xabi_rows_get(s, r, "subop"));
        xabi_gen_td(tr, *xabi_rows_get(s, r, "name")
                            ? xabi_rows_get(s, r, "name")
                            : "not defined by this Xen version's headers");
        xabi_gen_td(tr, xabi_rows_get(s, r, "count"));
        xabi_gen_td(tr, xabi_rows_get(s, r, "who"));
    }
}

/* One chart per Xen version: its hypercalls by count, all runs. */
static void charts(struct xabi_gen *g, struct xabi_dict *run,
                   const struct xabi_rows *o, const char *xen)
{
    struct xabi_bar *bars = calloc(o->nrows ? o->nrows : 1, sizeof(*bars));
    char title[96];
    size_t r;

    if ( !bars )
        return;
    for ( r = 0; r < o->nrows; r++ )
    {
        bars[r].label = xabi_rows_get(o, r, "name");
        bars[r].value = (double)(xabi_rows_num(o, r, "calls") +
                                 xabi_rows_num(o, r, "subcalls") +
                                 xabi_rows_num(o, r, "hvm_calls"));
    }
    snprintf(title, sizeof(title), "Xen %.40s: hypercalls by count, all "
             "domains", xen);
    xabi_gen_chart(g, run, title, bars, o->nrows);
    free(bars);
}

/* Traces: a snapshot, an image or a hypercall page holds no call. */
static int keep(struct xabi_gen *g, size_t i, bool *trace)
{
    const char *kind = xabi_rows_get(&g->runs, i, "source_kind");

    (void)g;
    *trace = !strcmp(kind, "trace") || !strcmp(kind, "live");
    return 0;
}

static int one_group(struct xabi_gen *g, struct xabi_dict *run, size_t i,
                     const bool *in)
{
    struct xabi_rows c, o, s, f;
    int64_t id = xabi_rows_num(&g->runs, i, "id");
    const char *xen = xabi_rows_get(&g->runs, i, "xen_version");
    char why[512], first_why[512] = "";
    bool could, any = false;
    size_t k;
    int rc = 0;

    memset(&s, 0, sizeof(s));
    memset(&f, 0, sizeof(f));
    if ( xabi_gen_load(g, &c, "page_hypercall_catalogue", id, NULL) )
        return -1;
    if ( xabi_gen_load(g, &o, "page_g_hypercall_observed", id, NULL) ||
         xabi_gen_load(g, &s, "page_g_subops", id, NULL) ||
         xabi_gen_group_findings_load(g, i, &f) )
    {
        xabi_rows_free(&c);
        xabi_rows_free(&o);
        xabi_rows_free(&s);
        return -1;
    }
    /* No call: none made, or traces that could not show one? */
    for ( k = 0; k < g->runs.nrows && !rc; k++ )
    {
        if ( !in[k] )
            continue;
        rc = xabi_gen_observable(g, k, "hypercall subcall hvm_vmmcall",
                                 &could, why, sizeof(why));
        any = any || could;
        if ( !could && !first_why[0] )
            snprintf(first_why, sizeof(first_why), "%s", why);
    }
    if ( !o.nrows && any )
        xabi_dict_show(run, "NONE_OBSERVED");
    else if ( !o.nrows )
        xabi_dict_set(xabi_dict_add_section(run, "HYPERCALLS_NOT_OBSERVED"),
                      "WHY", first_why);
    if ( !c.nrows )
        xabi_dict_show(run, "NO_CATALOGUE");
    {
        struct group grp = { g, in, &f };

        catalogue_table(run, &c, &o, &grp, xen);
    }
    subop_table(run, &s);
    charts(g, run, &o, xen);
    xabi_rows_free(&c);
    xabi_rows_free(&o);
    xabi_rows_free(&s);
    xabi_rows_free(&f);
    return rc;
}

int xabi_page_hypercalls(struct xabi_gen *g)
{
    return xabi_gen_topic_page(g, "hypercalls", "Hypercalls", NULL, keep,
                               one_group);
}
