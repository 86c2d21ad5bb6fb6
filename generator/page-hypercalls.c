/*
 * page-hypercalls.c: the hypercalls of each run's Xen version, from the
 * catalogue, with the calls each domain was observed to make, sub-ops
 * where the sampled records decode them, and a chart per domain.
 */
#include "analyzer/analyzer.h"
#include "generator/generator-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* PV-only ops: rule HC-003's list (analyzer/analyzer.h), so the page and
 * the audit never disagree. */
static bool is_pv_only(long long nr)
{
    return xabi_hypercall_pv_only(nr) != NULL;
}

/* "x86 only, deprecated, alias dom0_op, compat since ..." */
static void flags(char *buf, size_t n, const struct xabi_rows *c, size_t r)
{
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
    if ( is_pv_only(xabi_rows_num(c, r, "nr")) )
        ADD("PV only: not available to HVM or PVH guests");
    if ( *xabi_rows_get(c, r, "aliases") )
        ADD("alias %s", xabi_rows_get(c, r, "aliases"));
    if ( *xabi_rows_get(c, r, "comment") )
        ADD("header: %s", xabi_rows_get(c, r, "comment"));
#undef ADD
}

/* "0 1 -1" as "v0, v1, unknown". */
static void vcpu_list(char *buf, size_t n, const char *ids)
{
    size_t k = 0;
    char *end;

    buf[0] = '\0';
    while ( *ids && k < n )
    {
        long v = strtol(ids, &end, 10);

        if ( end == ids )
            break;
        if ( v < 0 )
            k += (size_t)snprintf(buf + k, n - k, "%sunknown", k ? ", " : "");
        else
            k += (size_t)snprintf(buf + k, n - k, "%sv%ld", k ? ", " : "", v);
        ids = end;
    }
}

static void observed_row(struct xabi_dict *t, const struct xabi_rows *o,
                         size_t r, const char *name, const char *flag)
{
    struct xabi_dict *tr = xabi_gen_tr(t);
    char who[64], vcpus[256];

    xabi_gen_who(who, sizeof(who), xabi_rows_get(o, r, "domid"), "");
    vcpu_list(vcpus, sizeof(vcpus), xabi_rows_get(o, r, "vcpus"));
    xabi_gen_td(tr, xabi_rows_get(o, r, "nr"));
    xabi_gen_td(tr, name);
    xabi_gen_td(tr, flag);
    xabi_gen_td(tr, who);
    xabi_gen_td(tr, vcpus);
    xabi_gen_td(tr, xabi_rows_get(o, r, "calls"));
    xabi_gen_td(tr, xabi_rows_get(o, r, "subcalls"));
    xabi_gen_td(tr, xabi_rows_get(o, r, "hvm_calls"));
    if ( xabi_rows_num(o, r, "hvm_calls") &&
         is_pv_only(xabi_rows_num(o, r, "nr")) )
        xabi_gen_td(tr, "observed; from an HVM or PVH guest, which cannot "
                        "make this call");
    else
        xabi_gen_td(tr, "observed");
}

static void catalogue_table(struct xabi_dict *run, const struct xabi_rows *c,
                            const struct xabi_rows *o, const char *xen)
{
    static const char *const head[] = {
        "nr", "hypercall", "flags (headers)", "domain", "vCPUs", "calls",
        "in multicalls", "from HVM/PVH", "evidence",
    };
    char cap[128], fl[512];
    struct xabi_dict *t;
    size_t r, k, i;

    snprintf(cap, sizeof(cap), "Hypercalls of Xen %.40s", xen);
    t = xabi_gen_table(run, "TABLE", cap);
    for ( i = 0; i < sizeof(head) / sizeof(head[0]); i++ )
        xabi_gen_th(t, head[i]);
    for ( r = 0; r < c->nrows; r++ )
    {
        bool seen = false;

        flags(fl, sizeof(fl), c, r);
        for ( k = 0; k < o->nrows; k++ )
        {
            if ( strcmp(xabi_rows_get(o, k, "nr"),
                        xabi_rows_get(c, r, "nr")) )
                continue;
            observed_row(t, o, k, xabi_rows_get(c, r, "name"), fl);
            seen = true;
        }
        if ( !seen )
        {
            struct xabi_dict *tr = xabi_gen_tr(t);

            xabi_gen_td(tr, xabi_rows_get(c, r, "nr"));
            xabi_gen_td(tr, xabi_rows_get(c, r, "name"));
            xabi_gen_td(tr, fl);
            for ( i = 0; i < 5; i++ )
                xabi_gen_td(tr, "");
            xabi_gen_td(tr, "from the headers only (unverified)");
        }
    }
    /* Numbers this version's headers do not define. */
    for ( k = 0; k < o->nrows; k++ )
    {
        if ( !xabi_rows_num(o, k, "defined") )
            observed_row(t, o, k, xabi_rows_get(o, k, "name"),
                         "not defined by this Xen version's headers");
    }
}

static void subop_table(struct xabi_dict *run, const struct xabi_rows *s)
{
    static const char *const head[] = {
        "who", "hypercall", "sub-op", "name", "calls",
        "first record at byte",
    };
    struct xabi_dict *t;
    char who[64];
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

        xabi_gen_who(who, sizeof(who), xabi_rows_get(s, r, "domid"),
                     xabi_rows_get(s, r, "vcpu"));
        xabi_gen_td(tr, who);
        xabi_gen_td(tr, xabi_rows_get(s, r, "hypercall"));
        xabi_gen_td(tr, xabi_rows_get(s, r, "subop"));
        xabi_gen_td(tr, *xabi_rows_get(s, r, "name")
                            ? xabi_rows_get(s, r, "name")
                            : "not defined by this Xen version's headers");
        xabi_gen_td(tr, xabi_rows_get(s, r, "count"));
        xabi_gen_td(tr, xabi_rows_get(s, r, "offset"));
    }
}

/* One chart per domain: its hypercalls by count, all kinds of call. */
static void charts(struct xabi_gen *g, struct xabi_dict *run,
                   const struct xabi_rows *o)
{
    struct xabi_bar *bars = calloc(o->nrows ? o->nrows : 1, sizeof(*bars));
    const char *doms[64];
    size_t nd = 0, r, k, n, i;
    char title[96];

    if ( !bars )
        return;
    for ( r = 0; r < o->nrows; r++ )
    {
        for ( k = 0; k < nd; k++ )
        {
            if ( !strcmp(doms[k], xabi_rows_get(o, r, "domid")) )
                break;
        }
        if ( k == nd && nd < sizeof(doms) / sizeof(doms[0]) )
            doms[nd++] = xabi_rows_get(o, r, "domid");
    }
    for ( i = 0; i < nd; i++ )
    {
        for ( n = 0, r = 0; r < o->nrows; r++ )
        {
            if ( strcmp(xabi_rows_get(o, r, "domid"), doms[i]) )
                continue;
            bars[n].label = xabi_rows_get(o, r, "name");
            bars[n++].value = (double)(xabi_rows_num(o, r, "calls") +
                                       xabi_rows_num(o, r, "subcalls") +
                                       xabi_rows_num(o, r, "hvm_calls"));
        }
        xabi_gen_who(title, sizeof(title), doms[i], "");
        snprintf(title + strlen(title), sizeof(title) - strlen(title),
                 ": hypercalls by count");
        xabi_gen_chart(g, run, title, bars, n);
    }
    free(bars);
}

static int one_run(struct xabi_gen *g, struct xabi_dict *d, size_t i)
{
    struct xabi_rows c, o, s;
    struct xabi_dict *run = xabi_dict_add_section(d, "RUN");
    int64_t id = xabi_rows_num(&g->runs, i, "id");
    const char *xen = xabi_rows_get(&g->runs, i, "xen_version");
    char h[128], why[512];
    bool could;
    int rc = 0;

    if ( xabi_gen_load(g, &c, "page_hypercall_catalogue", id, NULL) )
        return -1;
    if ( xabi_gen_load(g, &o, "page_hypercall_observed", id, NULL) )
    {
        xabi_rows_free(&c);
        return -1;
    }
    if ( xabi_gen_load(g, &s, "page_subops", id, NULL) )
    {
        xabi_rows_free(&c);
        xabi_rows_free(&o);
        return -1;
    }
    snprintf(h, sizeof(h), "Run %lld: Xen %.40s", (long long)id, xen);
    xabi_gen_heading(run, "HEADING", h);
    xabi_gen_provenance(g, run, i);
    /* No call: none made, or a source that could not show one? */
    if ( xabi_gen_observable(g, i, "hypercall subcall hvm_vmmcall", &could,
                             why, sizeof(why)) )
    {
        could = true;
        rc = -1;
    }
    if ( !o.nrows && could )
        xabi_dict_show(run, "NONE_OBSERVED");
    else if ( !o.nrows )
        xabi_dict_set(xabi_dict_add_section(run, "HYPERCALLS_NOT_OBSERVED"),
                      "WHY", why);
    if ( !c.nrows )
        xabi_dict_show(run, "NO_CATALOGUE");
    catalogue_table(run, &c, &o, xen);
    if ( could )
        subop_table(run, &s);
    charts(g, run, &o);
    xabi_rows_free(&c);
    xabi_rows_free(&o);
    xabi_rows_free(&s);
    return rc;
}

int xabi_page_hypercalls(struct xabi_gen *g)
{
    return xabi_gen_observed_page(g, "hypercalls", "Hypercalls", one_run);
}
