/*
 * page-traps.c: PV traps and entry points, after Xen's
 * docs/guest-guide/x86/pv-traps.rst: the trap table each guest installed
 * and the callbacks it registered (from vCPU snapshots, when a run has
 * them), and the traps delivered, with counts and error codes.
 */
#include "abi/abi.h"
#include "generator/generator-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *kind_name(const char *kind)
{
    if ( !strcmp(kind, "trap") )
        return "delivered to a PV guest";
    if ( !strcmp(kind, "hvm_inj_exc") )
        return "injected into an HVM guest";
    if ( !strcmp(kind, "hvm_trap") )
        return "intercepted in an HVM guest";
    return kind;
}

/*
 * The kinds of fact the deliveries come from; whether the run's source
 * could show them at all is the store's to say (xabi_gen_observable).
 */
#define DELIVERY_KINDS "trap hvm_inj_exc hvm_trap"

static void delivered(struct xabi_dict *run, const struct xabi_rows *t,
                      bool traced, const char *why)
{
    static const char *const head[] = {
        "how", "vector", "exception", "error code",
        "architecturally has one", "count", "who (first record at byte)",
    };
    struct xabi_dict *tab;
    size_t r, c;

    if ( !t->nrows )
    {
        if ( traced )
            xabi_dict_show(run, "NO_TRAPS");
        else
            xabi_dict_set(xabi_dict_add_section(run, "TRAPS_NOT_OBSERVED"),
                          "WHY", why);
        return;
    }
    tab = xabi_gen_table(run, "DELIVERED", "Traps delivered");
    for ( c = 0; c < sizeof(head) / sizeof(head[0]); c++ )
        xabi_gen_th(tab, head[c]);
    for ( r = 0; r < t->nrows; r++ )
    {
        struct xabi_dict *tr = xabi_gen_tr(tab);

        xabi_gen_td(tr, kind_name(xabi_rows_get(t, r, "kind")));
        xabi_gen_td(tr, xabi_rows_get(t, r, "vector"));
        xabi_gen_tdf(tr, "%s %s", xabi_rows_get(t, r, "mnemonic"),
                     xabi_rows_get(t, r, "name"));
        if ( xabi_rows_null(t, r, "error_code") )
            xabi_gen_td(tr, "none in the record");
        else
            xabi_gen_tdf(tr, "0x%llx", xabi_rows_num(t, r, "error_code"));
        xabi_gen_td(tr, xabi_rows_null(t, r, "has_error_code")
                            ? "not an exception"
                        : xabi_rows_num(t, r, "has_error_code") ? "yes"
                                                                 : "no");
        xabi_gen_td(tr, xabi_rows_get(t, r, "count"));
        xabi_gen_td(tr, xabi_rows_get(t, r, "who"));
    }
}

static void vector_chart(struct xabi_gen *g, struct xabi_dict *run,
                         const struct xabi_rows *v)
{
    struct xabi_bar *bars = calloc(v->nrows ? v->nrows : 1, sizeof(*bars));
    char (*labels)[48] = calloc(v->nrows ? v->nrows : 1, sizeof(*labels));
    size_t r;

    if ( bars && labels )
    {
        for ( r = 0; r < v->nrows; r++ )
        {
            snprintf(labels[r], sizeof(labels[r]), "%s (vector %s)",
                     xabi_rows_get(v, r, "mnemonic"),
                     xabi_rows_get(v, r, "vector"));
            bars[r].label = labels[r];
            bars[r].value = (double)xabi_rows_num(v, r, "count");
        }
        xabi_gen_chart(g, run, "Traps per vector, all runs and domains",
                       bars, v->nrows);
    }
    free(bars);
    free(labels);
}

static void trap_table(struct xabi_dict *run, const struct xabi_rows *t,
                       const struct xabi_rows *empty)
{
    static const char *const head[] = {
        "guest", "vector", "DPL (TI_GET_DPL, flags bits 0-1)",
        "events on entry (TI_GET_IF, flags bit 2)", "CS", "handler", "who",
    };
    struct xabi_dict *tab;
    char who[192];
    size_t r, i;

    /* A table read and found empty is a fact, not an absence. */
    for ( r = 0; r < empty->nrows; r++ )
    {
        xabi_gen_who(who, sizeof(who), xabi_rows_get(empty, r, "domid"),
                     xabi_rows_get(empty, r, "vcpu"));
        struct xabi_dict *e = xabi_dict_add_section(run, "TRAP_TABLE_EMPTY");

        xabi_dict_set(e, "WHO", who);
        xabi_dict_set(e, "RUN", xabi_rows_get(empty, r, "run_id"));
    }
    if ( !t->nrows )
    {
        if ( !empty->nrows )
            xabi_dict_show(run, "NO_TRAP_TABLE");
        return;
    }
    tab = xabi_gen_table(run, "TRAP_TABLE", "Trap table installed");
    for ( i = 0; i < sizeof(head) / sizeof(head[0]); i++ )
        xabi_gen_th(tab, head[i]);
    for ( r = 0; r < t->nrows; r++ )
    {
        struct xabi_dict *tr = xabi_gen_tr(tab);
        long long flags = xabi_rows_num(t, r, "flags");

        xabi_gen_td(tr, xabi_rows_get(t, r, "guest_type"));
        xabi_gen_td(tr, xabi_rows_get(t, r, "vector"));
        xabi_gen_tdf(tr, "%lld", flags & 3);
        /*
         * TI_GET_IF makes Xen bounce with TBF_INTERRUPT, which sets the
         * upcall mask, as an interrupt gate clears IF
         * (xen/arch/x86/x86_64/entry.S: create_bounce_frame).
         */
        xabi_gen_td(tr, flags & 4 ? "masked (as an interrupt gate)"
                                  : "left as they were (as a trap gate)");
        xabi_gen_tdf(tr, "0x%llx", xabi_rows_num(t, r, "cs"));
        xabi_gen_tdf(tr, "0x%llx", xabi_rows_num(t, r, "address"));
        xabi_gen_td(tr, xabi_rows_get(t, r, "who"));
    }
}

static void callbacks(struct xabi_dict *run, const struct xabi_rows *t)
{
    static const char *const head[] = { "guest", "callback", "CS",
                                        "address", "who" };
    struct xabi_dict *tab;
    size_t r, i;

    if ( !t->nrows )
    {
        xabi_dict_show(run, "NO_CALLBACKS");
        return;
    }
    tab = xabi_gen_table(run, "CALLBACKS", "Callbacks registered");
    for ( i = 0; i < sizeof(head) / sizeof(head[0]); i++ )
        xabi_gen_th(tab, head[i]);
    for ( r = 0; r < t->nrows; r++ )
    {
        struct xabi_dict *tr = xabi_gen_tr(tab);

        xabi_gen_td(tr, xabi_rows_get(t, r, "guest_type"));
        xabi_gen_td(tr, xabi_rows_get(t, r, "type"));
        if ( xabi_rows_null(t, r, "cs") )
            xabi_gen_td(tr, "");
        else
            xabi_gen_tdf(tr, "0x%llx", xabi_rows_num(t, r, "cs"));
        if ( xabi_rows_num(t, r, "address") == 0 )
            xabi_gen_td(tr, "not registered (0)");
        else
            xabi_gen_tdf(tr, "0x%llx", xabi_rows_num(t, r, "address"));
        xabi_gen_td(tr, xabi_rows_get(t, r, "who"));
    }
}

/*
 * A trace (it holds deliveries, or the page says why it could not) or a
 * PV snapshot (a trap table).
 */
static int keep(struct xabi_gen *g, size_t i, bool *keep_it)
{
    const char *kind = xabi_rows_get(&g->runs, i, "source_kind");

    *keep_it = !strcmp(kind, "trace") || !strcmp(kind, "live");
    if ( *keep_it || !xabi_gen_run_observes(g, i) )
        return 0;
    return xabi_gen_run_snapshots(g, i, "PV64,PV32", keep_it);
}

static int one_group(struct xabi_gen *g, struct xabi_dict *run, size_t i,
                     const bool *in)
{
    static const struct
    {
        const char *query, *need;
    } q[] = {
        { "page_g_traps", NULL },
        { "page_g_trap_vectors", NULL },
        { "page_g_snap_traps", "snapshot_trap" },
        { "page_g_snap_callbacks", "snapshot_callback" },
        { "page_g_snap_traps_empty", "snapshot" },
    };
    struct xabi_rows t[5];
    int64_t id = xabi_rows_num(&g->runs, i, "id");
    char why[512], first_why[512] = "";
    size_t k;
    bool traced = false, could;
    int rc = 0;

    memset(t, 0, sizeof(t));
    for ( k = 0; k < 5 && !rc; k++ )
        rc = xabi_gen_load(g, &t[k], q[k].query, id, q[k].need);
    /* Could any run of the group have recorded a delivery? */
    for ( k = 0; k < g->runs.nrows && !rc; k++ )
    {
        if ( !in[k] )
            continue;
        rc = xabi_gen_observable(g, k, DELIVERY_KINDS, &could, why,
                                 sizeof(why));
        traced = traced || could;
        /* Why none could: the first run's reason names its cause. */
        if ( !could && !first_why[0] )
            snprintf(first_why, sizeof(first_why), "%s", why);
    }
    if ( !rc )
    {
        trap_table(run, &t[2], &t[4]);
        callbacks(run, &t[3]);
        if ( traced )
            vector_chart(g, run, &t[1]);
        delivered(run, &t[0], traced, first_why);
    }
    for ( k = 0; k < 5; k++ )
        xabi_rows_free(&t[k]);
    return rc;
}

/* The gates Xen installs for itself (abi/idt.c), as a table. */
static void xen_gates(struct xabi_dict *d)
{
    const struct xabi_xen_gate *x;
    struct xabi_dict *t;
    char cap[160];
    size_t i, n;

    x = xabi_xen_idt_gates(&n);
    snprintf(cap, sizeof(cap), "Xen's own IDT gates, from its source at %s",
             xabi_xen_idt_read_at());
    xabi_dict_set(d, "GATES_READ_AT", xabi_xen_idt_read_at());
    t = xabi_gen_table(d, "XEN_GATES", cap);
    xabi_gen_th(t, "vector");
    xabi_gen_th(t, "DPL");
    xabi_gen_th(t, "gate");
    xabi_gen_th(t, "for a PV guest");
    xabi_gen_th(t, "source");
    for ( i = 0; i < n; i++ )
    {
        struct xabi_dict *tr = xabi_gen_tr(t);

        if ( x[i].vector < 0 )
            xabi_gen_td(tr, "all others");
        else
            xabi_gen_tdf(tr, "%d (0x%02x)", x[i].vector, x[i].vector);
        xabi_gen_tdf(tr, "%u", x[i].dpl);
        xabi_gen_td(tr, x[i].gate);
        xabi_gen_td(tr, x[i].means);
        xabi_gen_td(tr, x[i].citation);
    }
}

/* pv-traps.rst's claims, with the verdicts, and Xen's gates, above the
 * groups. */
static int top(struct xabi_gen *g, struct xabi_dict *d)
{
    xen_gates(d);
    return xabi_gen_claims(g, d, "pv-traps");
}

int xabi_page_traps(struct xabi_gen *g)
{
    return xabi_gen_topic_page(g, "pv-traps", "PV traps and entry points",
                               top, keep, one_group);
}
