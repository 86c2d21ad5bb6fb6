/*
 * rules-tools.c: the TOOL-* rules, about Xen's own tools rather than a
 * guest: does a text dump that a tool printed say what the hypervisor
 * said?
 *
 * A dump is compared with a binary read of the same vCPU in the same
 * state, from another run of the database: the HVM save record that
 * `collect --live` read through libxenctrl.  "The same state" is decided
 * from the registers both hold, never from timing: the same domain and
 * vCPU, the same RIP, and the same CS, SS, FS, GS and TR with their hidden
 * parts, plus every control register both read.  A paused vCPU dumped by
 * xen-hvmctx and read by --live meets that; two moments of a running one
 * do not.
 */
#include "analyzer/analyzer-int.h"

#include <string.h>

static bool same_seg(const struct xabi_segment *a, const struct xabi_segment *b)
{
    return a->known && b->known && a->has_hidden && b->has_hidden &&
           a->selector == b->selector && a->base == b->base &&
           a->limit == b->limit && a->attr == b->attr;
}

/* Is b, a binary read, the vCPU state the dump a shows? */
static bool same_state(const struct xabi_snapshot *a,
                       const struct xabi_snapshot *b)
{
    static const enum xabi_sreg segs[] = { XABI_SREG_CS, XABI_SREG_SS,
                                           XABI_SREG_FS, XABI_SREG_GS,
                                           XABI_SREG_TR };
    static const enum xabi_reg regs[] = { XABI_REG_RBX, XABI_REG_CR0,
                                          XABI_REG_CR3, XABI_REG_CR4,
                                          XABI_REG_EFER };
    size_t i;

    if ( !xabi_snapshot_has_reg(a, XABI_REG_RIP) ||
         !xabi_snapshot_has_reg(b, XABI_REG_RIP) ||
         a->reg[XABI_REG_RIP] != b->reg[XABI_REG_RIP] )
        return false;
    for ( i = 0; i < sizeof(segs) / sizeof(segs[0]); i++ )
    {
        if ( !same_seg(&a->seg[segs[i]], &b->seg[segs[i]]) )
            return false;
    }
    for ( i = 0; i < sizeof(regs) / sizeof(regs[0]); i++ )
    {
        if ( xabi_snapshot_has_reg(a, regs[i]) &&
             xabi_snapshot_has_reg(b, regs[i]) &&
             a->reg[regs[i]] != b->reg[regs[i]] )
            return false;
    }
    return true;
}

struct twin_search
{
    const struct xabi_snapshot *dump;
    struct xabi_snapshot twin; /* children not kept: segments and regs do */
    bool found;
};

static int twin_cb(void *ctx, const struct xabi_snapshot *s)
{
    struct twin_search *t = ctx;

    if ( strncmp(s->source, "text:", 5) == 0 || !same_state(t->dump, s) )
        return 0;
    t->twin = *s;
    t->twin.gdt = NULL;
    t->found = true;
    return 1; /* the first is enough */
}

static const char *label_of(const struct xabi_snapshot *s, enum xabi_sreg r)
{
    return s->seg_label[r][0] ? s->seg_label[r] : xabi_sreg_name(r);
}

static int dump_labels_snapshot(struct xabi_check *ck,
                                const struct xabi_snapshot *s)
{
    const struct xabi_segment *ds = &s->seg[XABI_SREG_DS],
                              *es = &s->seg[XABI_SREG_ES];
    struct twin_search t;
    struct xabi_evidence ev;
    const struct xabi_segment *tds, *tes;

    if ( strncmp(s->source, "text:", 5) ||
         (s->type != XABI_GUEST_HVM && s->type != XABI_GUEST_PVH) ||
         !ds->known || !es->known || !ds->has_hidden || !es->has_hidden )
        return 1;
    xabi_evidence_snapshot(s, &ev);
    memset(&t, 0, sizeof(t));
    t.dump = s;
    if ( xabi_store_each_snapshot_elsewhere(ck->st, ck->run.id, s->domid,
                                            s->vcpu, twin_cb, &t) )
        return xabi_check_store_fail(ck);
    if ( !t.found )
        return xabi_emit_not_observed(
            ck, XABI_REASON_NO_SNAPSHOT, &ev,
            "no binary snapshot of d%dv%d in the same state (the HVM save "
            "record through libxenctrl, as collect --live takes it while "
            "the vCPU is paused) is in this database to compare the dump "
            "with",
            s->domid, s->vcpu);
    tds = &t.twin.seg[XABI_SREG_DS];
    tes = &t.twin.seg[XABI_SREG_ES];
    if ( !same_seg(ds, tds) || !same_seg(es, tes) )
        return xabi_emit(ck, XABI_FAIL, &ev,
                         "the dump gives DS 0x%04x base %#llx (its \"%s\" "
                         "line) and ES 0x%04x base %#llx (its \"%s\" line); "
                         "the binary read of the same state (snapshot %lld) "
                         "gives DS 0x%04x base %#llx and ES 0x%04x base "
                         "%#llx",
                         ds->selector, (unsigned long long)ds->base,
                         label_of(s, XABI_SREG_DS), es->selector,
                         (unsigned long long)es->base,
                         label_of(s, XABI_SREG_ES), (long long)t.twin.id,
                         tds->selector, (unsigned long long)tds->base,
                         tes->selector, (unsigned long long)tes->base);
    if ( same_seg(ds, es) )
        return xabi_emit_not_observed(
            ck, XABI_REASON_NO_SNAPSHOT, &ev,
            "DS and ES are both 0x%04x base %#llx in this state, and the "
            "binary read (snapshot %lld) agrees; a swap of the two lines "
            "cannot show until they differ",
            ds->selector, (unsigned long long)ds->base, (long long)t.twin.id);
    if ( s->seg_label[XABI_SREG_DS][0] || s->seg_label[XABI_SREG_ES][0] )
        return xabi_emit(ck, ck->rule->severity, &ev,
                         "xen-hvmctx printed DS 0x%04x under \"%s\" and ES "
                         "0x%04x under \"%s\"; the HVM save record of the "
                         "same paused vCPU (snapshot %lld) holds DS 0x%04x "
                         "and ES 0x%04x. xabi stored each under its true "
                         "name",
                         ds->selector, label_of(s, XABI_SREG_DS), es->selector,
                         label_of(s, XABI_SREG_ES), (long long)t.twin.id,
                         tds->selector, tes->selector);
    return xabi_emit(ck, XABI_PASS, &ev,
                     "the dump's ds line holds DS 0x%04x and its es line ES "
                     "0x%04x, as the binary read of the same state "
                     "(snapshot %lld) does",
                     ds->selector, es->selector, (long long)t.twin.id);
}

int xabi_rule_tool_dump_labels(struct xabi_check *ck)
{
    return xabi_each_snapshot(ck, dump_labels_snapshot,
                              "snapshot from a text dump of an HVM or PVH "
                              "vCPU with hidden segment state");
}
