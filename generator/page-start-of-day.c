/*
 * page-start-of-day.c: PV start of day and segments, set against the
 * Segments and Hypercall-page sections of the Xen wiki page
 * X86_Paravirtualised_Memory_Management.  For each segment register of a
 * PV64 and a PV32 guest it puts side by side what the public headers say
 * (FLAT_KERNEL_*: abi/'s start selectors, with the values of the run's
 * version's catalogue), what the wiki says where it says something else,
 * what was observed in the initial vCPU snapshots of the run, and the
 * finding of rule SEG-001 on those snapshots.  Whether they match is the
 * analyzer's verdict, quoted from the store.
 */
#include "abi/abi.h"
#include "generator/generator-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WIKI_PAGE "wiki.xenproject.org: X86_Paravirtualised_Memory_Management"

/*
 * Where the wiki's Segments section gives another start selector than the
 * headers: a PV64 SS of 0xe033 (FLAT_RING3_CS64's value).
 */
static const struct wiki_claim
{
    enum xabi_hc_guest width;
    const char *reg;
    unsigned value;
} wiki_claims[] = {
    { XABI_HC_PV64, "ss", 0xe033 },
};

/* The rows of the claims table: abi/'s start selectors of cs..gs. */
struct expect
{
    const char *guest, *reg, *header, *name;
    int wiki; /* the selector the wiki gives where it differs; -1: none */
};

static bool expect_of(const struct xabi_start_selector *st, struct expect *e)
{
    const struct xabi_flat_selector *f = xabi_flat_selector(st->width,
                                                            st->flat);
    size_t i;

    if ( !f || !strcmp(st->reg, "kernel_ss") ) /* not a segment register */
        return false;
    e->guest = st->width == XABI_HC_PV64 ? "PV64" : "PV32";
    e->reg = st->reg;
    e->header = f->header;
    e->name = f->name;
    e->wiki = -1;
    for ( i = 0; i < sizeof(wiki_claims) / sizeof(wiki_claims[0]); i++ )
    {
        if ( wiki_claims[i].width == st->width &&
             !strcmp(wiki_claims[i].reg, st->reg) )
            e->wiki = (int)wiki_claims[i].value;
    }
    return true;
}

/* Descriptors the wiki's Segments section gives, decoded here. */
static const unsigned long long wiki_desc[] = {
    0x00cfb2000000ffffULL, 0x00affa000000ffffULL, 0x00cfba000000ffffULL,
};

/* The catalogue's value of name in header; -1 if it has none. */
static long long header_value(const struct xabi_rows *c, const char *header,
                              const char *name)
{
    size_t r;

    for ( r = 0; r < c->nrows; r++ )
    {
        if ( !strcmp(xabi_rows_get(c, r, "header"), header) &&
             !strcmp(xabi_rows_get(c, r, "name"), name) )
            return xabi_rows_num(c, r, "value");
    }
    return -1;
}

static unsigned first_reserved(const struct xabi_rows *c)
{
    long long v = header_value(c, "arch-x86/xen.h", "FIRST_RESERVED_GDT_ENTRY");

    return v > 0 ? (unsigned)v : 0;
}

/*
 * Observed values of one register in the initial snapshots of a type, and
 * SEG-001's findings on those snapshots.
 */
static bool observed(const struct xabi_rows *s, const struct xabi_rows *f,
                     const struct expect *e, char *buf, size_t n,
                     char *ev, size_t evn)
{
    size_t r, k = 0, kev = 0;
    char who[64], one[512];

    buf[0] = ev[0] = '\0';
    for ( r = 0; r < s->nrows && k < n; r++ )
    {
        long long sel = xabi_rows_num(s, r, "selector");

        if ( strcmp(xabi_rows_get(s, r, "guest_type"), e->guest) ||
             strcmp(xabi_rows_get(s, r, "phase"), "initial") ||
             strcmp(xabi_rows_get(s, r, "reg"), e->reg) )
            continue;
        xabi_gen_who(who, sizeof(who), xabi_rows_get(s, r, "domid"),
                     xabi_rows_get(s, r, "vcpu"));
        k += (size_t)snprintf(buf + k, n - k, "%s0x%llx (%s, snapshot %s)",
                              k ? "; " : "", sel, who,
                              xabi_rows_get(s, r, "id"));
        xabi_gen_finding_text(one, sizeof(one), f, "SEG-001",
                              xabi_rows_get(s, r, "id"), false);
        if ( kev < evn )
            kev += (size_t)snprintf(ev + kev, evn - kev, "%s%s on snapshot "
                                    "%s", kev ? "; " : "", one,
                                    xabi_rows_get(s, r, "id"));
    }
    return k > 0;
}

/*
 * What a header comment says of this selector's GDT index, e.g. "GDT index
 * 261" on FLAT_RING3_SS64 (abi/: those count from 256, as in Xen 2.0).
 */
static void comment_note(char *buf, size_t n, const struct xabi_rows *c,
                         const char *header, long long v, unsigned first)
{
    size_t r, k = strlen(buf);
    char note[200];

    for ( r = 0; r < c->nrows && k < n; r++ )
    {
        if ( strcmp(xabi_rows_get(c, r, "header"), header) ||
             xabi_rows_num(c, r, "value") != v ||
             !xabi_selector_comment((unsigned)v, first,
                                    xabi_rows_get(c, r, "comment"), note,
                                    sizeof(note)) )
            continue;
        snprintf(buf + k, n - k, "; the header comment of %s says %s",
                 xabi_rows_get(c, r, "name"), note);
        return;
    }
}

/*
 * The wiki's selector for e, and why it cannot go there, judged by the
 * names the same header gives that value (0xe033 is FLAT_RING3_CS64: a
 * code selector, so not SS).
 */
static void wiki_claim(char *buf, size_t n, const struct xabi_rows *c,
                       const struct expect *e)
{
    const char *why = NULL;
    size_t r;

    if ( e->wiki < 0 )
    {
        snprintf(buf, n, "no other value");
        return;
    }
    for ( r = 0; r < c->nrows && !why; r++ )
    {
        if ( !strcmp(xabi_rows_get(c, r, "header"), e->header) &&
             xabi_rows_num(c, r, "value") == e->wiki )
            why = xabi_selector_fit(e->reg, xabi_rows_get(c, r, "name"),
                                    (unsigned)e->wiki);
    }
    snprintf(buf, n, "0x%x, with a code descriptor%s%s", (unsigned)e->wiki,
             why ? ": " : "", why ? why : "");
}

static void claims(struct xabi_dict *run, const struct xabi_rows *c,
                   const struct xabi_rows *s, const struct xabi_rows *f)
{
    static const char *const head[] = {
        "guest", "register", "headers say", "that selector", "the wiki says",
        "observed at start of day", "evidence",
    };
    struct xabi_dict *t = xabi_gen_table(run, "CLAIMS",
                                         "Initial selectors: headers, wiki "
                                         "and observation");
    const struct xabi_start_selector *st;
    char sel[400], obs[1024], wiki[200], ev[1024];
    size_t i, n;

    for ( i = 0; i < sizeof(head) / sizeof(head[0]); i++ )
        xabi_gen_th(t, head[i]);
    st = xabi_start_selectors(&n);
    for ( i = 0; i < n; i++ )
    {
        struct expect ex, *e = &ex;
        long long v;
        struct xabi_dict *tr;
        bool seen;

        if ( !expect_of(&st[i], e) )
            continue;
        v = header_value(c, e->header, e->name);
        tr = xabi_gen_tr(t);
        seen = observed(s, f, e, obs, sizeof(obs), ev, sizeof(ev));

        xabi_gen_td(tr, e->guest);
        xabi_gen_td(tr, e->reg);
        if ( v < 0 )
        {
            xabi_gen_tdf(tr, "%s: not in this version's catalogue", e->name);
            xabi_gen_td(tr, "");
        }
        else
        {
            xabi_gen_tdf(tr, "%s = 0x%llx (%s)", e->name, v, e->header);
            xabi_selector_text((unsigned)v, first_reserved(c), sel,
                               sizeof(sel));
            comment_note(sel, sizeof(sel), c, e->header, v,
                         first_reserved(c));
            xabi_gen_td(tr, sel);
        }
        wiki_claim(wiki, sizeof(wiki), c, e);
        xabi_gen_td(tr, wiki);
        xabi_gen_td(tr, seen ? obs : "not observed");
        if ( !seen )
            xabi_gen_td(tr, e->wiki >= 0
                                ? "from the headers only (unverified); "
                                  "the wiki differs from the headers"
                                : "from the headers only (unverified)");
        else
            xabi_gen_td(tr, ev);
    }
}

static void segments(struct xabi_dict *run, const struct xabi_rows *c,
                     const struct xabi_rows *s)
{
    static const char *const head[] = {
        "who", "snapshot", "register", "selector", "decoded",
        "descriptor", "descriptor decoded",
    };
    struct xabi_dict *t;
    char who[64], sel[160], desc[400];
    size_t r, i;

    if ( !s->nrows )
    {
        xabi_dict_show(run, "NO_SEGMENTS");
        return;
    }
    t = xabi_gen_table(run, "SEGMENTS", "Segment registers observed");
    for ( i = 0; i < sizeof(head) / sizeof(head[0]); i++ )
        xabi_gen_th(t, head[i]);
    for ( r = 0; r < s->nrows; r++ )
    {
        struct xabi_dict *tr = xabi_gen_tr(t);
        const char *reg = xabi_rows_get(s, r, "reg");

        xabi_gen_who(who, sizeof(who), xabi_rows_get(s, r, "domid"),
                     xabi_rows_get(s, r, "vcpu"));
        xabi_gen_td(tr, who);
        xabi_gen_tdf(tr, "%s %s %s (%s)", xabi_rows_get(s, r, "id"),
                     xabi_rows_get(s, r, "guest_type"),
                     xabi_rows_get(s, r, "phase"),
                     xabi_rows_get(s, r, "source"));
        xabi_gen_td(tr, reg);
        xabi_gen_tdf(tr, "0x%llx", xabi_rows_num(s, r, "selector"));
        xabi_selector_text((unsigned)xabi_rows_num(s, r, "selector"),
                           first_reserved(c), sel, sizeof(sel));
        xabi_gen_td(tr, sel);
        if ( !xabi_rows_null(s, r, "raw") )
        {
            xabi_gen_tdf(tr, "0x%016llx (guest GDT)",
                         (unsigned long long)xabi_rows_num(s, r, "raw"));
            xabi_desc_text((uint64_t)xabi_rows_num(s, r, "raw"), reg, desc,
                           sizeof(desc));
            xabi_gen_td(tr, desc);
        }
        else if ( !xabi_rows_null(s, r, "attr") )
        {
            xabi_gen_tdf(tr, "attr 0x%llx (hidden state)",
                         xabi_rows_num(s, r, "attr"));
            xabi_desc_text(xabi_desc_raw_from_attr(
                               (unsigned)xabi_rows_num(s, r, "attr"),
                               (uint64_t)xabi_rows_num(s, r, "base"),
                               (uint64_t)xabi_rows_num(s, r, "seg_limit")),
                           reg, desc, sizeof(desc));
            xabi_gen_td(tr, desc);
        }
        else
        {
            xabi_gen_td(tr, "not read (Xen's own GDT entry, or the guest "
                            "GDT was not mapped)");
            xabi_gen_td(tr, "");
        }
    }
}

static void wiki_descriptors(struct xabi_dict *d)
{
    struct xabi_dict *t = xabi_gen_table(d, "WIKI_DESC",
                                         "Descriptors on the wiki page, "
                                         "decoded");
    char buf[300], ss[300];
    size_t i;

    xabi_gen_th(t, "descriptor");
    xabi_gen_th(t, "decoded");
    xabi_gen_th(t, "loaded into SS");
    for ( i = 0; i < sizeof(wiki_desc) / sizeof(wiki_desc[0]); i++ )
    {
        struct xabi_dict *tr = xabi_gen_tr(t);

        xabi_desc_text(wiki_desc[i], "", buf, sizeof(buf));
        xabi_gen_tdf(tr, "0x%016llx", wiki_desc[i]);
        xabi_gen_td(tr, buf);
        xabi_gen_td(tr, xabi_desc_misfit(wiki_desc[i], "ss", ss, sizeof(ss))
                            ? ss
                            : "fits");
    }
}

/*
 * Run row i's section; with observed false, the headers and the wiki alone,
 * for the version of run i, when no run saw a PV guest start.
 */
static int one_run(struct xabi_gen *g, struct xabi_dict *d, size_t i,
                   bool observed)
{
    struct xabi_rows c, s, f;
    struct xabi_dict *run = xabi_dict_add_section(d, "RUN");
    int64_t id = xabi_rows_num(&g->runs, i, "id");
    char h[160];

    if ( xabi_gen_load(g, &c, "page_flat_selectors", id, NULL) )
        return -1;
    if ( xabi_gen_load(g, &s, "page_snap_segments", observed ? id : -1,
                       "snapshot_segment") )
    {
        xabi_rows_free(&c);
        return -1;
    }
    if ( xabi_gen_findings_load(g, observed ? id : -1, &f) )
    {
        xabi_rows_free(&c);
        xabi_rows_free(&s);
        return -1;
    }
    if ( observed )
    {
        snprintf(h, sizeof(h), "Run %lld: Xen %.40s", (long long)id,
                 xabi_rows_get(&g->runs, i, "xen_version"));
        xabi_gen_provenance(g, run, i);
    }
    else
        snprintf(h, sizeof(h), "Xen %.40s: no run holds a PV guest's "
                 "start of day", xabi_rows_get(&g->runs, i, "xen_version"));
    xabi_gen_heading(run, "HEADING", h);
    claims(run, &c, &s, &f);
    segments(run, &c, &s);
    xabi_rows_free(&c);
    xabi_rows_free(&s);
    xabi_rows_free(&f);
    return 0;
}

int xabi_page_start_of_day(struct xabi_gen *g)
{
    struct xabi_dict *d = xabi_dict_new("pv-start-of-day");
    size_t i, shown = 0;
    int rc = 0;

    if ( !d )
    {
        xabi_gen_error(g, "out of memory");
        return -1;
    }
    xabi_dict_set(d, "WIKI_PAGE", WIKI_PAGE);
    wiki_descriptors(d);
    if ( !g->runs.nrows )
        xabi_dict_show(d, "NO_RUNS");
    /* Only runs with a PV snapshot say anything about the start of day. */
    for ( i = 0; i < g->runs.nrows && !rc; i++ )
    {
        bool pv = false;

        rc = xabi_gen_run_snapshots(g, i, "PV64,PV32", &pv);
        if ( !rc && pv )
        {
            rc = one_run(g, d, i, true);
            shown++;
        }
    }
    if ( !rc && !shown && g->runs.nrows )
        rc = one_run(g, d, 0, false);
    if ( !rc )
        rc = xabi_page_segments_hvm(g, d);
    if ( !rc )
        rc = xabi_gen_emit(g, "pv-start-of-day", "pv-start-of-day",
                           "PV start of day and segments", d);
    xabi_dict_free(d);
    return rc;
}
