/*
 * page-hcpage.c: the PV hypercall page.  First the stubs Xen writes, per
 * width and Xen version, from abi/'s layout table, which the collector
 * judges against too, so page and collector cannot disagree;
 * then, for each run that collected a page, its 128 stubs as Capstone
 * decoded them, with their class and, for an unexpected stub, where it
 * differs from Xen's.
 */
#include "abi/abi.h"
#include "generator/generator-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void versions(char *buf, size_t n, const char *since, const char *until)
{
    if ( !*since )
        snprintf(buf, n, "-");
    else if ( !until || !*until )
        snprintf(buf, n, "%s and later", since);
    else
        snprintf(buf, n, "%s to %s", since, until);
}

/* What Xen writes: abi/'s table of layouts. */
static void layouts(struct xabi_dict *d)
{
    static const char *const head[] = {
        "layout", "guest", "stub", "Xen versions", "instructions", "written by",
    };
    const struct xabi_stub_layout *l = NULL;
    struct xabi_dict *t = xabi_gen_table(d, "LAYOUTS",
                                         "The stubs Xen writes (from Xen's "
                                         "source)");
    char v[64];
    size_t n = 0, i;

    for ( i = 0; i < sizeof(head) / sizeof(head[0]); i++ )
        xabi_gen_th(t, head[i]);
    l = xabi_stub_layouts(&n);
    for ( i = 0; i < n; i++ )
    {
        struct xabi_dict *tr = xabi_gen_tr(t);

        versions(v, sizeof(v), l[i].since, l[i].until);
        xabi_gen_td(tr, l[i].name);
        xabi_gen_td(tr, xabi_guest_type_name(l[i].width == XABI_HC_PV64
                                                 ? XABI_GUEST_PV64
                                                 : XABI_GUEST_PV32));
        xabi_gen_td(tr, l[i].iret ? "23 (iret)" : "every other N");
        xabi_gen_td(tr, v);
        xabi_gen_td(tr, l[i].text);
        xabi_gen_td(tr, l[i].citation);
    }
}

/* "127 hypercall, 1 iret" */
static void summary(char *buf, size_t n, const struct xabi_rows *s)
{
    static const char *const cls[] = {"hypercall", "iret", "filler", "empty",
                                      "unexpected"};
    size_t k = 0, c, r;

    buf[0] = '\0';
    for ( c = 0; c < sizeof(cls) / sizeof(cls[0]) && k < n; c++ )
    {
        unsigned count = 0;

        for ( r = 0; r < s->nrows; r++ )
            count += strcmp(xabi_rows_get(s, r, "class"), cls[c]) == 0;
        if ( count )
            k += (size_t)snprintf(buf + k, n - k, "%s%u %s", k ? ", " : "",
                                  count, cls[c]);
    }
}

static void stub_table(struct xabi_dict *run, const struct xabi_rows *s)
{
    static const char *const head[] = {
        "stub",
        "address",
        "hypercall",
        "class",
        "instructions (AT&T)",
        "Xen layout",
        "where it differs",
    };
    struct xabi_dict *t;
    char cap[200], sum[160], v[64], who[64];
    size_t r, i;

    summary(sum, sizeof(sum), s);
    xabi_gen_who(who, sizeof(who), xabi_rows_get(s, 0, "domid"), "");
    snprintf(cap, sizeof(cap), "%.30s %.8s page at %.20s: %.90s", who,
             xabi_rows_get(s, 0, "guest_type"), xabi_rows_get(s, 0, "page_va"),
             sum);
    t = xabi_gen_table(run, "TABLE", cap);
    for ( i = 0; i < sizeof(head) / sizeof(head[0]); i++ )
        xabi_gen_th(t, head[i]);
    for ( r = 0; r < s->nrows; r++ )
    {
        struct xabi_dict *tr = xabi_gen_tr(t);

        versions(v, sizeof(v), xabi_rows_get(s, r, "xen_since"),
                 xabi_rows_get(s, r, "xen_until"));
        xabi_gen_td(tr, xabi_rows_get(s, r, "idx"));
        xabi_gen_td(tr, xabi_rows_get(s, r, "va"));
        xabi_gen_td(tr, xabi_rows_get(s, r, "name"));
        xabi_gen_td(tr, xabi_rows_get(s, r, "class"));
        xabi_gen_td(tr, xabi_rows_get(s, r, "disasm"));
        if ( *xabi_rows_get(s, r, "layout") )
            xabi_gen_tdf(tr, "%s (Xen %s)", xabi_rows_get(s, r, "layout"), v);
        else
            xabi_gen_td(tr, "");
        xabi_gen_td(tr, xabi_rows_get(s, r, "why"));
    }
}

static int one_run(struct xabi_gen *g, struct xabi_dict *d, size_t i, bool *had)
{
    struct xabi_rows s;
    struct xabi_dict *run;
    int64_t id = xabi_rows_num(&g->runs, i, "id");
    char h[128];

    if ( xabi_gen_load(g, &s, "hcpage_stubs", id, "hypercall_stub") )
        return -1;
    if ( s.nrows )
    {
        *had = true;
        run = xabi_dict_add_section(d, "RUN");
        snprintf(h, sizeof(h), "Run %lld: Xen %.40s", (long long)id,
                 xabi_rows_get(&g->runs, i, "xen_version"));
        xabi_gen_heading(run, "HEADING", h);
        xabi_gen_provenance(g, run, i);
        stub_table(run, &s);
    }
    xabi_rows_free(&s);
    return 0;
}

int xabi_page_hcpage(struct xabi_gen *g)
{
    struct xabi_dict *d = xabi_dict_new("pv-hypercall-page");

    /* The page's shape and the stub that differs, from abi/ and store/. */
    if ( d )
    {
        xabi_dict_setf(d, "PAGE_SIZE", "%d", XABI_HCPAGE_SIZE);
        xabi_dict_setf(d, "STUB_SIZE", "%d", XABI_HCPAGE_STUB);
        xabi_dict_setf(d, "IRET", "%d", XABI_HYPERVISOR_IRET);
    }
    bool had = false;
    size_t i;
    int rc = 0;

    if ( !d )
    {
        xabi_gen_error(g, "out of memory");
        return -1;
    }
    layouts(d);
    for ( i = 0; i < g->runs.nrows && !rc; i++ )
    {
        if ( strcmp(xabi_rows_get(&g->runs, i, "source_kind"), "hcpage") == 0 )
            rc = one_run(g, d, i, &had);
    }
    if ( !had )
        xabi_dict_show(d, "NO_PAGES");
    if ( !rc )
        rc = xabi_gen_emit(g, "pv-hypercall-page", "pv-hypercall-page",
                           "PV hypercall page", d);
    xabi_dict_free(d);
    return rc;
}
