/*
 * page-segments-hvm.c: the HVM section of the segments page
 * (pv-start-of-day): for each run with HVM or PVH snapshots, every
 * distinct real-mode segment state observed (v_snapshot_mode says which
 * snapshots were in real mode), with its hidden base, limit and
 * attributes beside selector x 16, and rule HVM-001's finding on the
 * first snapshot that saw it; then the segment loads seen between two
 * snapshots into, out of or within real mode, with the mode on each
 * side.  Whether a state is right is HVM-001's verdict, quoted.
 */
#include "generator/generator-int.h"

#include <stdio.h>
#include <string.h>

static void real_mode_states(struct xabi_dict *run, const struct xabi_rows *s,
                             const struct xabi_rows *f)
{
    static const char *const head[] = {
        "who", "register", "selector", "selector x 16", "hidden base",
        "hidden limit", "attributes", "attributes decoded", "snapshots",
        "HVM-001",
    };
    struct xabi_dict *t;
    char who[64], desc[400], ev[1024];
    size_t r, i;

    if ( !s->nrows )
    {
        xabi_dict_show(run, "NO_REAL_MODE");
        return;
    }
    t = xabi_gen_table(run, "REAL_MODE", "Real-mode segment states observed");
    for ( i = 0; i < sizeof(head) / sizeof(head[0]); i++ )
        xabi_gen_th(t, head[i]);
    for ( r = 0; r < s->nrows; r++ )
    {
        struct xabi_dict *tr = xabi_gen_tr(t);
        const char *reg = xabi_rows_get(s, r, "reg");
        long long sel = xabi_rows_num(s, r, "selector");
        long long base = xabi_rows_num(s, r, "base");
        long long limit = xabi_rows_num(s, r, "seg_limit");
        long long attr = xabi_rows_num(s, r, "attr");

        xabi_gen_who(who, sizeof(who), xabi_rows_get(s, r, "domid"),
                     xabi_rows_get(s, r, "vcpu"));
        xabi_gen_td(tr, who);
        xabi_gen_td(tr, reg);
        xabi_gen_tdf(tr, "0x%04llx", sel);
        xabi_gen_tdf(tr, "0x%llx", sel << 4);
        xabi_gen_tdf(tr, "0x%llx", (unsigned long long)base);
        xabi_gen_tdf(tr, "0x%llx", limit);
        xabi_gen_tdf(tr, "0x%03llx", attr);
        xabi_desc_text(xabi_desc_raw_from_attr((unsigned)attr, (uint64_t)base,
                                               (uint64_t)limit),
                       reg, desc, sizeof(desc));
        xabi_gen_td(tr, desc);
        if ( xabi_rows_num(s, r, "snapshots") > 1 )
            xabi_gen_tdf(tr, "%s to %s (%s snapshots)",
                         xabi_rows_get(s, r, "first_snapshot"),
                         xabi_rows_get(s, r, "last_snapshot"),
                         xabi_rows_get(s, r, "snapshots"));
        else
            xabi_gen_td(tr, xabi_rows_get(s, r, "first_snapshot"));
        xabi_gen_finding_text(ev, sizeof(ev), f, "HVM-001",
                              xabi_rows_get(s, r, "first_snapshot"), true);
        xabi_gen_td(tr, ev);
    }
}

static void side(struct xabi_dict *tr, const struct xabi_rows *l, size_t r,
                 const char *pfx)
{
    char k[5][24];

    snprintf(k[0], sizeof(k[0]), "%s_mode", pfx);
    snprintf(k[1], sizeof(k[1]), "%s_selector", pfx);
    snprintf(k[2], sizeof(k[2]), "%s_base", pfx);
    snprintf(k[3], sizeof(k[3]), "%s_limit", pfx);
    snprintf(k[4], sizeof(k[4]), "%s_attr", pfx);
    if ( xabi_rows_null(l, r, k[2]) )
        xabi_gen_tdf(tr, "%s: 0x%04llx (no hidden state)",
                     xabi_rows_null(l, r, k[0]) ? "mode not known"
                                                : xabi_rows_get(l, r, k[0]),
                     xabi_rows_num(l, r, k[1]));
    else
        xabi_gen_tdf(tr, "%s: 0x%04llx base 0x%llx limit 0x%llx attr "
                     "0x%03llx",
                     xabi_rows_null(l, r, k[0]) ? "mode not known"
                                                : xabi_rows_get(l, r, k[0]),
                     xabi_rows_num(l, r, k[1]),
                     (unsigned long long)xabi_rows_num(l, r, k[2]),
                     xabi_rows_num(l, r, k[3]), xabi_rows_num(l, r, k[4]));
}

static void real_mode_loads(struct xabi_dict *run, const struct xabi_rows *l)
{
    struct xabi_dict *t;
    char who[64];
    size_t r;

    if ( !l->nrows )
        return;
    t = xabi_gen_table(run, "REAL_MODE_LOADS",
                       "Segment loads seen between two snapshots, real "
                       "mode on at least one side");
    xabi_gen_th(t, "who");
    xabi_gen_th(t, "register");
    xabi_gen_th(t, "snapshots");
    xabi_gen_th(t, "before");
    xabi_gen_th(t, "after");
    for ( r = 0; r < l->nrows; r++ )
    {
        struct xabi_dict *tr = xabi_gen_tr(t);

        xabi_gen_who(who, sizeof(who), xabi_rows_get(l, r, "domid"),
                     xabi_rows_get(l, r, "vcpu"));
        xabi_gen_td(tr, who);
        xabi_gen_td(tr, xabi_rows_get(l, r, "reg"));
        xabi_gen_tdf(tr, "%s to %s", xabi_rows_get(l, r, "before_snapshot"),
                     xabi_rows_get(l, r, "after_snapshot"));
        side(tr, l, r, "old");
        side(tr, l, r, "new");
    }
}

static int one_run(struct xabi_gen *g, struct xabi_dict *d, size_t i)
{
    struct xabi_rows s, l, f;
    struct xabi_dict *run = xabi_dict_add_section(d, "HVM_RUN");
    int64_t id = xabi_rows_num(&g->runs, i, "id");
    char h[160];

    if ( xabi_gen_load(g, &s, "page_hvm_real_mode", id, "snapshot_segment") )
        return -1;
    if ( xabi_gen_load(g, &l, "page_hvm_segment_loads", id, "segment_load") )
    {
        xabi_rows_free(&s);
        return -1;
    }
    if ( xabi_gen_findings_load(g, id, &f) )
    {
        xabi_rows_free(&s);
        xabi_rows_free(&l);
        return -1;
    }
    snprintf(h, sizeof(h), "Run %lld: Xen %.40s, HVM and PVH vCPUs",
             (long long)id, xabi_rows_get(&g->runs, i, "xen_version"));
    xabi_gen_heading(run, "HEADING", h);
    xabi_gen_provenance(g, run, i);
    real_mode_states(run, &s, &f);
    real_mode_loads(run, &l);
    xabi_rows_free(&s);
    xabi_rows_free(&l);
    xabi_rows_free(&f);
    return 0;
}

int xabi_page_segments_hvm(struct xabi_gen *g, struct xabi_dict *d)
{
    size_t i, shown = 0;
    int rc = 0;

    for ( i = 0; i < g->runs.nrows && !rc; i++ )
    {
        bool hvm = false;

        rc = xabi_gen_run_snapshots(g, i, "HVM,PVH", &hvm);
        if ( !rc && hvm )
        {
            rc = one_run(g, d, i);
            shown++;
        }
    }
    if ( !rc && !shown )
        xabi_dict_show(d, "NO_HVM_RUNS");
    return rc;
}
