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
    const struct xabi_claim *c;
    size_t i, n;

    if ( !f || !strcmp(st->reg, "kernel_ss") ) /* not a segment register */
        return false;
    e->guest = st->width == XABI_HC_PV64 ? "PV64" : "PV32";
    e->reg = st->reg;
    e->header = f->header;
    e->name = f->name;
    e->wiki = -1;
    /* The wiki's value, where the claims register has one (abi/). */
    c = xabi_claims(&n);
    for ( i = 0; i < n; i++ )
    {
        if ( c[i].kind == XABI_CLAIM_START_SELECTOR &&
             !strncmp(c[i].doc, "wiki.", 5) &&
             !strcmp(c[i].guest, e->guest) && !strcmp(c[i].reg, st->reg) )
            e->wiki = (int)c[i].value;
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
 * Observed values of one register in the initial snapshots of a type, over
 * the group: "0xe02b (run 3 d1v0)".
 */
static bool observed(const struct xabi_rows *s, const struct expect *e,
                     char *buf, size_t n)
{
    size_t r, k = 0;

    buf[0] = '\0';
    for ( r = 0; r < s->nrows && k < n; r++ )
    {
        if ( strcmp(xabi_rows_get(s, r, "guest_type"), e->guest) ||
             strcmp(xabi_rows_get(s, r, "phase"), "initial") ||
             strcmp(xabi_rows_get(s, r, "reg"), e->reg) )
            continue;
        k += (size_t)snprintf(buf + k, n - k, "%s0x%llx (%s)",
                              k ? "; " : "",
                              xabi_rows_num(s, r, "selector"),
                              xabi_rows_get(s, r, "who"));
    }
    return k > 0;
}

/*
 * What a header comment says of this selector, e.g. "GDT index 261" on
 * FLAT_RING3_SS64, quoted: whether it holds is claim DOC-001's to say.
 */
static void comment_note(char *buf, size_t n, const struct xabi_rows *c,
                         const char *header, long long v)
{
    size_t r, k = strlen(buf);

    for ( r = 0; r < c->nrows && k < n; r++ )
    {
        if ( strcmp(xabi_rows_get(c, r, "header"), header) ||
             xabi_rows_num(c, r, "value") != v ||
             !*xabi_rows_get(c, r, "comment") )
            continue;
        snprintf(buf + k, n - k, "; the header comment of %s says \"%s\" "
                 "(see the claims below)", xabi_rows_get(c, r, "name"),
                 xabi_rows_get(c, r, "comment"));
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
                   const struct xabi_rows *s)
{
    static const char *const head[] = {
        "guest", "register", "headers say", "that selector", "the wiki says",
        "observed at start of day",
    };
    struct xabi_dict *t = xabi_gen_table(run, "CLAIMS",
                                         "Initial selectors: headers, wiki "
                                         "and observation");
    const struct xabi_start_selector *st;
    char sel[400], obs[1024], wiki[200];
    size_t i, n;

    for ( i = 0; i < sizeof(head) / sizeof(head[0]); i++ )
        xabi_gen_th(t, head[i]);
    st = xabi_start_selectors(&n);
    for ( i = 0; i < n; i++ )
    {
        struct expect ex, *e = &ex;
        long long v;
        struct xabi_dict *tr;

        if ( !expect_of(&st[i], e) )
            continue;
        v = header_value(c, e->header, e->name);
        tr = xabi_gen_tr(t);
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
            comment_note(sel, sizeof(sel), c, e->header, v);
            xabi_gen_td(tr, sel);
        }
        wiki_claim(wiki, sizeof(wiki), c, e);
        xabi_gen_td(tr, wiki);
        xabi_gen_td(tr, observed(s, e, obs, sizeof(obs))
                            ? obs
                            : "not observed: from the headers only "
                              "(unverified)");
    }
}

static void segments(struct xabi_dict *run, const struct xabi_rows *c,
                     const struct xabi_rows *s)
{
    static const char *const head[] = {
        "guest", "when", "register", "selector", "decoded", "descriptor",
        "descriptor decoded", "who",
    };
    struct xabi_dict *t;
    char sel[160], desc[400];
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
        struct xabi_dict *tr;
        const char *reg = xabi_rows_get(s, r, "reg");
        unsigned selector = (unsigned)xabi_rows_num(s, r, "selector");

        /* The PVH page shows its own guests' segments. */
        if ( strncmp(xabi_rows_get(s, r, "guest_type"), "PV", 2) ||
             !strcmp(xabi_rows_get(s, r, "guest_type"), "PVH") )
            continue;
        tr = xabi_gen_tr(t);
        xabi_gen_td(tr, xabi_rows_get(s, r, "guest_type"));
        xabi_gen_td(tr, xabi_rows_get(s, r, "phase"));
        xabi_gen_td(tr, reg);
        xabi_gen_tdf(tr, "0x%x", selector);
        xabi_selector_text(selector, first_reserved(c), sel, sizeof(sel));
        xabi_gen_td(tr, sel);
        if ( !xabi_rows_null(s, r, "attr") )
        {
            /* The hidden state: the raw attribute, then its decoding. */
            xabi_gen_tdf(tr, "attr 0x%llx, base 0x%llx, limit 0x%llx "
                         "(hidden state)", xabi_rows_num(s, r, "attr"),
                         xabi_rows_num(s, r, "base"),
                         xabi_rows_num(s, r, "seg_limit"));
            xabi_desc_text(xabi_desc_raw_from_attr(
                               (unsigned)xabi_rows_num(s, r, "attr"),
                               (uint64_t)xabi_rows_num(s, r, "base"),
                               (uint64_t)xabi_rows_num(s, r, "seg_limit")),
                           reg, desc, sizeof(desc));
            xabi_gen_td(tr, desc);
        }
        else if ( (selector & ~3u) == 0 )
        {
            /* The null selector names no descriptor at all. */
            xabi_gen_td(tr, "none: the null selector names no descriptor");
            xabi_gen_td(tr, "");
        }
        else if ( !xabi_rows_null(s, r, "raw") )
        {
            xabi_gen_tdf(tr, "0x%016llx (guest GDT)",
                         (unsigned long long)xabi_rows_num(s, r, "raw"));
            xabi_desc_text((uint64_t)xabi_rows_num(s, r, "raw"), reg, desc,
                           sizeof(desc));
            xabi_gen_td(tr, desc);
        }
        else
        {
            xabi_gen_td(tr, "not read (Xen's own GDT entry, or the guest "
                            "GDT was not mapped)");
            xabi_gen_td(tr, "");
        }
        if ( *xabi_rows_get(s, r, "labels") )
            xabi_gen_tdf(tr, "%s (%s)", xabi_rows_get(s, r, "who"),
                         xabi_rows_get(s, r, "labels"));
        else
            xabi_gen_td(tr, xabi_rows_get(s, r, "who"));
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
 * The summary a reader needs first, per guest type, from the initial
 * snapshots of the group: "PV64: a guest starts with CS 0xe033, SS 0xe02b,
 * DS to GS 0x0 (the null selector)".  Values only, each from the store.
 */
static void summary(struct xabi_dict *run, const struct xabi_rows *s)
{
    static const char *const types[] = { "PV64", "PV32" };
    static const char *const regs[] = { "cs", "ss", "ds", "es", "fs", "gs" };
    size_t t, k, r;

    for ( t = 0; t < 2; t++ )
    {
        char text[1024], who[512], one[6][160];
        size_t len = 0, wl = 0;
        bool any = false, nul4 = true;

        who[0] = '\0';
        for ( k = 0; k < 6; k++ )
        {
            size_t ol = 0;

            one[k][0] = '\0';
            for ( r = 0; r < s->nrows; r++ )
            {
                if ( strcmp(xabi_rows_get(s, r, "guest_type"), types[t]) ||
                     strcmp(xabi_rows_get(s, r, "phase"), "initial") ||
                     strcmp(xabi_rows_get(s, r, "reg"), regs[k]) )
                    continue;
                any = true;
                if ( k >= 2 && xabi_rows_num(s, r, "selector") != 0 )
                    nul4 = false;
                if ( ol < sizeof(one[k]) )
                    ol += (size_t)snprintf(one[k] + ol, sizeof(one[k]) - ol,
                                           "%s0x%llx", ol ? " or " : "",
                                           xabi_rows_num(s, r, "selector"));
                if ( !strstr(who, xabi_rows_get(s, r, "who")) &&
                     wl < sizeof(who) )
                    wl += (size_t)snprintf(who + wl, sizeof(who) - wl,
                                           "%s%s", wl ? ", " : "",
                                           xabi_rows_get(s, r, "who"));
            }
            if ( !one[k][0] )
                nul4 = false;
        }
        if ( !any )
            continue;
        len = (size_t)snprintf(text, sizeof(text), "CS %s, SS %s",
                               one[0][0] ? one[0] : "not observed",
                               one[1][0] ? one[1] : "not observed");
        if ( nul4 )
            snprintf(text + len, sizeof(text) - len,
                     ", DS, ES, FS and GS 0x0 (the null selector)");
        else
            for ( k = 2; k < 6 && len < sizeof(text); k++ )
                len += (size_t)snprintf(text + len, sizeof(text) - len,
                                        ", %c%c %s", regs[k][0] - 32,
                                        regs[k][1] - 32,
                                        one[k][0] ? one[k] : "not observed");
        {
            struct xabi_dict *e = xabi_dict_add_section(run, "SUMMARY");

            xabi_dict_set(e, "GUEST", types[t]);
            xabi_dict_set(e, "STATE", text);
            xabi_dict_set(e, "WHO", who);
        }
    }
}

/* Runs with a PV vCPU snapshot say something about the start of day. */
static int keep(struct xabi_gen *g, size_t i, bool *pv)
{
    return xabi_gen_run_snapshots(g, i, "PV64,PV32", pv);
}

static int one_group(struct xabi_gen *g, struct xabi_dict *run, size_t i,
                     const bool *in)
{
    struct xabi_rows c, s, f;
    int64_t id = xabi_rows_num(&g->runs, i, "id");
    char ev[2048];

    memset(&s, 0, sizeof(s));
    if ( xabi_gen_load(g, &c, "page_flat_selectors", id, NULL) )
        return -1;
    if ( xabi_gen_load(g, &s, "page_g_snap_segments", id,
                       "snapshot_segment") ||
         xabi_gen_group_findings_load(g, i, &f) )
    {
        xabi_rows_free(&c);
        xabi_rows_free(&s);
        return -1;
    }
    summary(run, &s);
    xabi_gen_group_finding_text(ev, sizeof(ev), g, in, &f, "SEG-001", NULL,
                                NULL, "no finding");
    xabi_dict_set(run, "SEG001", ev);
    claims(run, &c, &s);
    segments(run, &c, &s);
    if ( xabi_gen_initial_regs(g, run, i, "PV64 PV32") )
    {
        xabi_rows_free(&c);
        xabi_rows_free(&s);
        xabi_rows_free(&f);
        return -1;
    }
    xabi_rows_free(&c);
    xabi_rows_free(&s);
    xabi_rows_free(&f);
    return 0;
}

static int top(struct xabi_gen *g, struct xabi_dict *d)
{
    static const char *const notes[] = { "XEN_ELFNOTE_ENTRY",
                                         "XEN_ELFNOTE_HYPERCALL_PAGE" };

    xabi_dict_set(d, "WIKI_PAGE", WIKI_PAGE);
    wiki_descriptors(d);
    if ( xabi_gen_kernel_notes(g, d, notes, 2) ||
         xabi_page_segments_hvm(g, d) )
        return -1;
    return xabi_gen_claims(g, d, "pv-start-of-day");
}

int xabi_page_start_of_day(struct xabi_gen *g)
{
    return xabi_gen_topic_page(g, "pv-start-of-day",
                               "PV start of day and segments", top, keep,
                               one_group);
}
