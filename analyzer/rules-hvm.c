/*
 * rules-hvm.c: the HVM-* and PVH-* rules, over the CPU state of HVM and
 * PVH vCPUs (HVM save records): real-mode segment bases, and the start of
 * day that docs/misc/pvh.pandoc promises a PVH kernel.
 *
 * Segment attributes are in the save record's 12-bit form
 * (xen/include/public/arch-x86/hvm/save.h: struct hvm_hw_cpu): type in
 * bits 0-3, S 4, DPL 5-6, P 7, AVL 8, L 9, D/B 10, G 11.
 */
#include "analyzer/analyzer-int.h"

#include <stdio.h>
#include <string.h>

#define ATTR_TYPE(a) ((a) & 0xf)
#define ATTR_S(a) (((a) >> 4) & 1)
#define ATTR_P(a) (((a) >> 7) & 1)
#define ATTR_L(a) (((a) >> 9) & 1)
#define ATTR_DB(a) (((a) >> 10) & 1)
#define ATTR_G(a) (((a) >> 11) & 1)

#define CR0_PE (1u << 0)
#define CR0_ET (1u << 4)
#define EFLAGS_TF (1u << 8)
#define EFLAGS_IF (1u << 9)
#define EFLAGS_VM (1u << 17)

/* ---- HVM-001: real-mode segment bases ---------------------------------- */

static const enum xabi_sreg rm_segs[] = {
    XABI_SREG_CS, XABI_SREG_SS, XABI_SREG_DS, XABI_SREG_ES, XABI_SREG_FS,
    XABI_SREG_GS,
};

/*
 * Why the hidden state g, whose base is not its selector x 16, cannot be
 * what a protected-mode load left behind; NULL if it can.  A load from a
 * code or data descriptor (Intel SDM vol. 3, 3.4.5) sets P and S, a base
 * of 32 bits, and a limit that is the descriptor's 20 bits, scaled by 4
 * KiB with the low 12 bits set when G is set.  A null selector (index 0)
 * loaded in protected mode leaves the segment unusable (P clear).
 */
static const char *not_a_descriptor_load(const struct xabi_segment *g)
{
    if ( !ATTR_P(g->attr) )
        return (g->selector & ~3u) == 0 ? NULL
                                        : "not present, with a selector "
                                          "that is not null";
    if ( !ATTR_S(g->attr) )
        return "a system segment, which no code or data descriptor gives";
    if ( g->base > 0xffffffffull )
        return "a base beyond the 32 bits a descriptor holds";
    if ( ATTR_G(g->attr) && (g->limit & 0xfff) != 0xfff )
        return "G set but the limit's low 12 bits not all set";
    if ( !ATTR_G(g->attr) && g->limit > 0xfffff )
        return "a limit beyond 20 bits with G clear";
    return NULL;
}

static int real_mode_snapshot(struct xabi_check *ck,
                              const struct xabi_snapshot *s)
{
    struct xabi_evidence ev;
    char big[256];
    size_t i, used = 0;
    unsigned checked = 0, off = 0, pm = 0;
    int rc = 0;

    if ( (s->type != XABI_GUEST_HVM && s->type != XABI_GUEST_PVH) ||
         !xabi_snapshot_has_reg(s, XABI_REG_CR0) ||
         (s->reg[XABI_REG_CR0] & CR0_PE) )
        return 1;
    xabi_evidence_snapshot(s, &ev);
    big[0] = '\0';
    for ( i = 0; i < sizeof(rm_segs) / sizeof(rm_segs[0]) && !rc; i++ )
    {
        const struct xabi_segment *g = &s->seg[rm_segs[i]];
        uint64_t want = (uint64_t)g->selector << 4;
        const char *why;
        int n;

        if ( !g->known || !g->has_hidden )
            continue;
        checked++;
        /* The reset state: CS 0xf000 with base 0xffff0000. */
        if ( g->base == want ||
             (rm_segs[i] == XABI_SREG_CS && g->selector == 0xf000 &&
              g->base == 0xffff0000) )
            continue;
        why = not_a_descriptor_load(g);
        if ( why )
        {
            off++;
            rc = xabi_emit(ck, ck->rule->severity, &ev,
                           "%s 0x%04x has base %#llx, not %#llx, limit %#x "
                           "attr 0x%03x: %s, so not loaded in protected "
                           "mode either",
                           xabi_sreg_name(rm_segs[i]), g->selector,
                           (unsigned long long)g->base,
                           (unsigned long long)want, g->limit, g->attr, why);
            continue;
        }
        pm++;
        n = snprintf(big + used, sizeof(big) - used,
                     "%s%s 0x%04x base %#llx (not %#llx) limit %#x attr "
                     "0x%03x",
                     used ? ", " : "", xabi_sreg_name(rm_segs[i]),
                     g->selector, (unsigned long long)g->base,
                     (unsigned long long)want, g->limit, g->attr);
        if ( n > 0 && (size_t)n < sizeof(big) - used )
            used += (size_t)n;
    }
    if ( rc || off )
        return rc;
    if ( !checked )
        return 1;
    if ( pm )
        return xabi_emit(ck, XABI_PASS, &ev,
                         "real mode with %u segment(s) loaded in protected "
                         "mode and kept (big real mode): %s; the others' "
                         "base is selector x 16",
                         pm, big);
    return xabi_emit(ck, XABI_PASS, &ev,
                     "real mode: every segment base is selector x 16");
}

int xabi_rule_hvm_real_mode_base(struct xabi_check *ck)
{
    return xabi_each_snapshot(ck, real_mode_snapshot,
                              "snapshot of an HVM or PVH vCPU in real mode "
                              "with hidden segment state");
}

/* ---- PVH-*: the start of day ------------------------------------------- */

static bool pvh_initial(const struct xabi_snapshot *s)
{
    return s->type == XABI_GUEST_PVH && s->phase == XABI_SNAP_INITIAL;
}

static int pvh_cr_snapshot(struct xabi_check *ck, const struct xabi_snapshot *s)
{
    struct xabi_evidence ev;
    uint64_t cr0 = s->reg[XABI_REG_CR0], cr4 = s->reg[XABI_REG_CR4];

    if ( !pvh_initial(s) || !xabi_snapshot_has_reg(s, XABI_REG_CR0) ||
         !xabi_snapshot_has_reg(s, XABI_REG_CR4) )
        return 1;
    xabi_evidence_snapshot(s, &ev);
    if ( !(cr0 & CR0_PE) || (cr0 & ~(uint64_t)(CR0_PE | CR0_ET)) || cr4 )
        return xabi_emit(ck, ck->rule->severity, &ev,
                         "CR0 %#llx CR4 %#llx: want CR0.PE set, no other "
                         "writable CR0 bit, CR4 0",
                         (unsigned long long)cr0, (unsigned long long)cr4);
    return xabi_emit(ck, XABI_PASS, &ev, "CR0 %#llx CR4 %#llx",
                     (unsigned long long)cr0, (unsigned long long)cr4);
}

int xabi_rule_pvh_control_regs(struct xabi_check *ck)
{
    return xabi_each_snapshot(ck, pvh_cr_snapshot,
                              "initial snapshot of a PVH vCPU with CR0 and "
                              "CR4");
}

/* What docs/misc/pvh.pandoc asks of each segment at entry. */
static const struct
{
    enum xabi_sreg seg;
    bool code, tss;
    uint32_t limit;
} pvh_segs[] = {
    { XABI_SREG_CS, true, false, 0xffffffff },
    { XABI_SREG_DS, false, false, 0xffffffff },
    { XABI_SREG_ES, false, false, 0xffffffff },
    { XABI_SREG_SS, false, false, 0xffffffff },
    { XABI_SREG_TR, false, true, 0x67 },
};

/* NULL if g is what pvh_segs[i] asks; else what is wrong. */
static const char *pvh_seg_problem(size_t i, const struct xabi_segment *g)
{
    uint16_t a = g->attr;

    if ( g->base != 0 || g->limit != pvh_segs[i].limit )
        return "base or limit";
    if ( !ATTR_P(a) )
        return "not present";
    if ( pvh_segs[i].tss )
        return !ATTR_S(a) && (ATTR_TYPE(a) == 0xb || ATTR_TYPE(a) == 0x9)
                   ? NULL
                   : "not a 32-bit TSS";
    if ( !ATTR_S(a) || !ATTR_DB(a) || ATTR_L(a) )
        return "not a 32-bit code or data segment";
    if ( pvh_segs[i].code )
        return (ATTR_TYPE(a) & 0xa) == 0xa ? NULL : "not read/execute code";
    return (ATTR_TYPE(a) & 0xa) == 0x2 ? NULL : "not read/write data";
}

const char *xabi_pvh_seg_problem(enum xabi_sreg reg,
                                 const struct xabi_segment *g)
{
    size_t i;

    for ( i = 0; i < sizeof(pvh_segs) / sizeof(pvh_segs[0]); i++ )
    {
        if ( pvh_segs[i].seg == reg )
            return pvh_seg_problem(i, g);
    }
    return "not a register pvh.pandoc describes";
}

static int pvh_seg_snapshot(struct xabi_check *ck,
                            const struct xabi_snapshot *s)
{
    struct xabi_evidence ev;
    size_t i;
    unsigned bad = 0;
    int rc = 0;

    if ( !pvh_initial(s) )
        return 1;
    xabi_evidence_snapshot(s, &ev);
    for ( i = 0; i < sizeof(pvh_segs) / sizeof(pvh_segs[0]) && !rc; i++ )
    {
        const struct xabi_segment *g = &s->seg[pvh_segs[i].seg];
        const char *why;

        if ( !g->known || !g->has_hidden )
            return xabi_emit_not_observed(
                ck, XABI_REASON_NO_SNAPSHOT, &ev,
                "the snapshot lacks the hidden state of %s",
                xabi_sreg_name(pvh_segs[i].seg));
        why = pvh_seg_problem(i, g);
        if ( !why )
            continue;
        bad++;
        rc = xabi_emit(ck, ck->rule->severity, &ev,
                       "%s 0x%04x base %#llx limit %#x attr 0x%03x: %s",
                       xabi_sreg_name(pvh_segs[i].seg), g->selector,
                       (unsigned long long)g->base, g->limit, g->attr, why);
    }
    if ( rc || bad )
        return rc;
    return xabi_emit(ck, XABI_PASS, &ev,
                     "flat 32-bit CS 0x%04x, DS, ES, SS; TR a 32-bit TSS of "
                     "limit 0x67",
                     s->seg[XABI_SREG_CS].selector);
}

int xabi_rule_pvh_segments(struct xabi_check *ck)
{
    return xabi_each_snapshot(ck, pvh_seg_snapshot,
                              "initial snapshot of a PVH vCPU");
}

static int pvh_flags_snapshot(struct xabi_check *ck,
                              const struct xabi_snapshot *s)
{
    struct xabi_evidence ev;
    uint64_t fl = s->reg[XABI_REG_RFLAGS];

    if ( !pvh_initial(s) || !xabi_snapshot_has_reg(s, XABI_REG_RFLAGS) )
        return 1;
    xabi_evidence_snapshot(s, &ev);
    if ( fl & (EFLAGS_VM | EFLAGS_IF | EFLAGS_TF) )
        return xabi_emit(ck, ck->rule->severity, &ev,
                         "EFLAGS %#llx: VM, IF and TF must be clear",
                         (unsigned long long)fl);
    return xabi_emit(ck, XABI_PASS, &ev, "EFLAGS %#llx: VM, IF, TF clear",
                     (unsigned long long)fl);
}

int xabi_rule_pvh_eflags(struct xabi_check *ck)
{
    return xabi_each_snapshot(ck, pvh_flags_snapshot,
                              "initial snapshot of a PVH vCPU with EFLAGS");
}

static int pvh_si_snapshot(struct xabi_check *ck,
                           const struct xabi_snapshot *s)
{
    struct xabi_evidence ev;
    uint64_t ebx = s->reg[XABI_REG_RBX] & 0xffffffff;

    if ( !pvh_initial(s) || !xabi_snapshot_has_reg(s, XABI_REG_RBX) ||
         !s->has_start_info )
        return 1;
    xabi_evidence_snapshot(s, &ev);
    if ( s->start_info.gpa != ebx )
        return xabi_emit(ck, ck->rule->severity, &ev,
                         "EBX %#llx, but the start info was read at %#llx",
                         (unsigned long long)ebx,
                         (unsigned long long)s->start_info.gpa);
    if ( s->start_info.magic != XABI_HVM_START_MAGIC )
        return xabi_emit(ck, ck->rule->severity, &ev,
                         "EBX %#llx points at magic %#x, not %#x",
                         (unsigned long long)ebx, s->start_info.magic,
                         XABI_HVM_START_MAGIC);
    return xabi_emit(ck, XABI_PASS, &ev,
                     "EBX %#llx points at hvm_start_info magic %#x "
                     "version %u",
                     (unsigned long long)ebx, s->start_info.magic,
                     s->start_info.version);
}

int xabi_rule_pvh_start_info(struct xabi_check *ck)
{
    return xabi_each_snapshot(ck, pvh_si_snapshot,
                              "initial snapshot of a PVH vCPU with the start "
                              "info EBX points at");
}
