/*
 * rules-hcpage.c: the HCPAGE-* rules, over the stubs of PV hypercall pages
 * (schema/012-hcpage.sql).  The collector has already said what each stub
 * is, by the name of its layout (collector/hcpage.c); these rules ask abi/
 * whether the run's Xen version writes that layout.  One finding per stub that
 * is wrong, then one PASS per clean page.
 */
#include "analyzer/analyzer-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IRET 23 /* xen/include/public/xen.h: __HYPERVISOR_iret */

/* A page's stubs as a rule walks them. */
struct page_walk
{
    struct xabi_check *ck;
    bool iret_rule; /* HCPAGE-002: only stub 23; HCPAGE-001: all others */
    bool any;       /* a stub of any page was seen */
    bool open;      /* a page is being walked */
    int64_t page_id;
    int32_t domid;
    uint64_t page_va;
    char guest_type[8];
    char layout[32]; /* the good stubs' layout, for the PASS */
    unsigned good, bad, filler, empty, first_filler, first_empty;
};

static void evidence(const struct page_walk *w, unsigned idx,
                     struct xabi_evidence *ev)
{
    memset(ev, 0, sizeof(*ev));
    ev->has_domain = w->domid != XABI_UNKNOWN;
    ev->domid = w->domid;
    ev->vcpu = XABI_UNKNOWN;
    ev->has_offset = true;
    ev->offset = (uint64_t)idx * XABI_HCPAGE_STUB;
    ev->kind = "hypercall_stub";
    ev->key = idx;
}

/*
 * The layout a stub was recognised as, by its name, from abi/ as this xabi
 * knows it: what the run's Xen version writes is asked of abi/, not of the
 * version range stored when the page was collected.  NULL: a layout this
 * xabi does not know (a database from another xabi).
 */
static const struct xabi_stub_layout *layout_of(const struct xabi_stub_row *s)
{
    return s->layout ? xabi_stub_layout_named(s->layout) : NULL;
}

/* Close the page being walked: the grouped filler/empty, and its PASS. */
static int close_page(struct page_walk *w)
{
    struct xabi_evidence ev;
    const enum xabi_verdict sev = w->ck->rule->severity;

    if ( !w->open )
        return 0;
    w->open = false;
    evidence(w, w->first_filler, &ev);
    ev.count = w->filler;
    if ( w->filler &&
         xabi_emit(w->ck, sev, &ev,
                   "%s page at 0x%llx: %u stub%s of int3 only, "
                   "from stub %u: Xen writes every stub",
                   w->guest_type, (unsigned long long)w->page_va, w->filler,
                   w->filler == 1 ? "" : "s", w->first_filler) )
        return -1;
    evidence(w, w->first_empty, &ev);
    ev.count = w->empty;
    if ( w->empty &&
         xabi_emit(w->ck, sev, &ev,
                   "%s page at 0x%llx: %u stub%s of zero bytes, "
                   "from stub %u: nothing was written there (is "
                   "this the page XEN_ELFNOTE_HYPERCALL_PAGE "
                   "names?)",
                   w->guest_type, (unsigned long long)w->page_va, w->empty,
                   w->empty == 1 ? "" : "s", w->first_empty) )
        return -1;
    if ( w->bad || w->filler || w->empty )
        return 0;
    evidence(w, w->iret_rule ? IRET : 0, &ev);
    ev.has_offset = w->iret_rule;
    ev.count = w->good;
    if ( w->iret_rule )
        return xabi_emit(w->ck, XABI_PASS, &ev,
                         "%s page at 0x%llx: the iret stub is the one Xen %s "
                         "writes (%s)",
                         w->guest_type, (unsigned long long)w->page_va,
                         w->ck->abi_version, w->layout);
    return xabi_emit(w->ck, XABI_PASS, &ev,
                     "%s page at 0x%llx: %u stubs are the ones Xen %s writes "
                     "(%s)",
                     w->guest_type, (unsigned long long)w->page_va, w->good,
                     w->ck->abi_version, w->layout);
}

/* A stub of the class the rule wants: is it this version's layout? */
static int judge_stub(struct page_walk *w, const struct xabi_stub_row *s)
{
    struct xabi_evidence ev;
    const char *want = w->iret_rule ? "iret" : "hypercall";

    const struct xabi_stub_layout *l = layout_of(s);

    evidence(w, s->idx, &ev);
    if ( strcmp(s->cls, want) == 0 && l &&
         xabi_stub_layout_written(l, w->ck->abi_version) )
    {
        w->good++;
        snprintf(w->layout, sizeof(w->layout), "%s", s->layout);
        return 0;
    }
    if ( strcmp(s->cls, "filler") == 0 || strcmp(s->cls, "empty") == 0 )
    {
        bool filler = s->cls[0] == 'f';

        if ( !(filler ? w->filler : w->empty) )
            *(filler ? &w->first_filler : &w->first_empty) = s->idx;
        (*(filler ? &w->filler : &w->empty))++;
        return 0;
    }
    w->bad++;
    if ( strcmp(s->cls, want) == 0 && l )
        return xabi_emit(w->ck, w->ck->rule->severity, &ev,
                         "stub %u at 0x%llx is Xen %s%s%s's %s layout, not "
                         "what Xen %s writes: %s",
                         s->idx, (unsigned long long)(w->page_va + ev.offset),
                         l->since, l->until ? "-" : "+",
                         l->until ? l->until : "", l->name,
                         w->ck->abi_version, s->disasm);
    if ( strcmp(s->cls, want) == 0 )
        return xabi_emit(w->ck, w->ck->rule->severity, &ev,
                         "stub %u at 0x%llx has a layout this xabi does not "
                         "know (\"%s\"), so not one Xen %s writes: %s",
                         s->idx, (unsigned long long)(w->page_va + ev.offset),
                         s->layout ? s->layout : "", w->ck->abi_version,
                         s->disasm);
    return xabi_emit(w->ck, w->ck->rule->severity, &ev,
                     "stub %u at 0x%llx is %s, not Xen's %s stub: %s [%s]",
                     s->idx, (unsigned long long)(w->page_va + ev.offset),
                     s->cls, want, s->why ? s->why : "", s->disasm);
}

static int each_stub(void *ctx, const struct xabi_stub_row *s)
{
    struct page_walk *w = ctx;

    w->any = true;
    if ( !w->open || s->page_id != w->page_id )
    {
        if ( close_page(w) )
            return -1;
        w->open = true;
        w->page_id = s->page_id;
        w->domid = s->domid;
        w->page_va = s->page_va;
        snprintf(w->guest_type, sizeof(w->guest_type), "%s", s->guest_type);
        w->good = w->bad = w->filler = w->empty = 0;
        w->layout[0] = '\0';
    }
    if ( (s->idx == IRET) != w->iret_rule )
        return 0;
    return judge_stub(w, s);
}

static int walk_pages(struct xabi_check *ck, bool iret_rule)
{
    struct page_walk w = {.ck = ck, .iret_rule = iret_rule};

    if ( xabi_store_each_stub(ck->st, ck->run.id, each_stub, &w) )
        return ck->err[0] ? -1 : xabi_check_store_fail(ck);
    /* Only a live run or `collect --hypercall-page` reads a page. */
    if ( !w.any && strcmp(ck->run.source_kind, "live") != 0 &&
         strcmp(ck->run.source_kind, "hcpage") != 0 )
        return xabi_emit_not_observed(ck, XABI_REASON_NOT_IN_SOURCE, NULL,
                                      "run %lld is %s: it holds no "
                                      "hypercall page (a live run or "
                                      "`xabi collect --hypercall-page` "
                                      "reads one)",
                                      (long long)ck->run.id,
                                      xabi_run_kind_phrase(ck));
    if ( !w.any )
        return xabi_emit_not_observed(ck, XABI_REASON_NO_FACTS, NULL,
                                      "run %lld (%s) holds no hypercall "
                                      "page",
                                      (long long)ck->run.id,
                                      ck->run.source_kind);
    return close_page(&w);
}

int xabi_rule_hcpage_stubs(struct xabi_check *ck)
{
    return walk_pages(ck, false);
}

int xabi_rule_hcpage_iret(struct xabi_check *ck)
{
    return walk_pages(ck, true);
}
