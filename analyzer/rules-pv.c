/*
 * rules-pv.c: the SEG-* rules, over vCPU snapshots of PV guests: the
 * selectors a guest starts with, the trap table and callbacks it must have
 * before it first enters user mode, and the descriptors of its GDT.
 */
#include "analyzer/analyzer-int.h"

#include <stdio.h>
#include <string.h>

static bool is_pv(const struct xabi_snapshot *s)
{
    return s->type == XABI_GUEST_PV64 || s->type == XABI_GUEST_PV32;
}

/* ---- SEG-001: start-of-day selectors ---------------------------------- */

/*
 * The selectors a PV vCPU starts with are abi/'s (xabi_start_selectors:
 * FLAT_KERNEL_CS in CS, FLAT_KERNEL_SS in SS and kernel_ss, FLAT_KERNEL_DS
 * in DS..GS, as the domain builders load them).
 */

/* The register a start selector names: an enum xabi_sreg, -1 kernel_ss. */
static int start_reg(const char *name)
{
    int r;

    for ( r = 0; r < XABI_SREG_MAX; r++ )
    {
        if ( strcmp(xabi_sreg_name(r), name) == 0 )
            return r;
    }
    return -1;
}

static int start_snapshot(struct xabi_check *ck, const struct xabi_snapshot *s)
{
    struct xabi_evidence ev;
    char bad[256] = "", seen[256] = "";
    const struct xabi_start_selector *st;
    enum xabi_hc_guest width = s->type == XABI_GUEST_PV64 ? XABI_HC_PV64
                                                          : XABI_HC_PV32;
    size_t i, n, nb = 0, ns = 0;
    unsigned checked = 0;

    if ( !is_pv(s) || s->phase != XABI_SNAP_INITIAL )
        return 1;
    st = xabi_start_selectors(&n);
    for ( i = 0; i < n; i++ )
    {
        int r = start_reg(st[i].reg), want = xabi_start_selector_value(&st[i]);
        const char *name = st[i].reg;
        bool known = r < 0 ? xabi_snapshot_has_reg(s, XABI_REG_KERNEL_SS)
                           : s->seg[r].known;
        uint64_t got = r < 0 ? s->reg[XABI_REG_KERNEL_SS] : s->seg[r].selector;

        if ( st[i].width != width || !known || want < 0 )
            continue;
        checked++;
        ns += (size_t)snprintf(seen + ns, sizeof(seen) - ns, "%s%s=0x%04llx",
                               ns ? " " : "", name, (unsigned long long)got);
        if ( got != (uint64_t)want )
            nb += (size_t)snprintf(bad + nb, sizeof(bad) - nb,
                                   "%s%s is 0x%04llx, not %s 0x%04x",
                                   nb ? "; " : "", name,
                                   (unsigned long long)got, st[i].flat,
                                   (unsigned)want);
        ns = ns < sizeof(seen) ? ns : sizeof(seen) - 1;
        nb = nb < sizeof(bad) ? nb : sizeof(bad) - 1;
    }
    xabi_evidence_snapshot(s, &ev);
    if ( !checked )
        return xabi_emit_not_observed(ck, XABI_REASON_NO_SNAPSHOT, &ev,
                                      "the snapshot holds no selectors");
    if ( nb )
        return xabi_emit(ck, ck->rule->severity, &ev, "%s start of day: %s",
                         xabi_guest_type_name(s->type), bad);
    return xabi_emit(ck, XABI_PASS, &ev, "%s start of day: %s",
                     xabi_guest_type_name(s->type), seen);
}

int xabi_rule_seg_start_of_day(struct xabi_check *ck)
{
    return xabi_each_snapshot(ck, start_snapshot,
                              "snapshot of a PV vCPU before its first "
                              "instruction");
}

/* ---- SEG-002: exception handlers before user mode ---------------------- */

/* Vectors 0-19 except NMI (2, its own callback), 9 and 15 (reserved). */
static bool needs_handler(unsigned v)
{
    return v < 20 && v != 2 && v != 9 && v != 15;
}

/* A PV snapshot taken once the guest had entered user mode. */
static bool after_user_mode(const struct xabi_snapshot *s)
{
    return is_pv(s) && s->user_mode_seen == 1;
}

static int handlers_snapshot(struct xabi_check *ck,
                             const struct xabi_snapshot *s)
{
    struct xabi_evidence ev;
    bool have[20] = { false };
    char missing[128] = "";
    size_t i, n = 0;

    if ( !after_user_mode(s) || !s->traps_read )
        return 1;
    for ( i = 0; i < s->ntraps; i++ )
    {
        if ( s->traps[i].vector < 20 && s->traps[i].address )
            have[s->traps[i].vector] = true;
    }
    for ( i = 0; i < 20; i++ )
    {
        if ( needs_handler((unsigned)i) && !have[i] )
            n += (size_t)snprintf(missing + n, sizeof(missing) - n, " %zu", i);
    }
    xabi_evidence_snapshot(s, &ev);
    if ( n )
        return xabi_emit(ck, ck->rule->severity, &ev,
                         "no trap-table handler for vectors%s after entering "
                         "user mode: such an exception kills the guest",
                         missing);
    return xabi_emit(ck, XABI_PASS, &ev,
                     "handlers for vectors 0-19 (but 2, 9, 15) installed");
}

int xabi_rule_seg_exception_handlers(struct xabi_check *ck)
{
    return xabi_each_snapshot(ck, handlers_snapshot,
                              "snapshot, with its trap table, of a PV vCPU "
                              "that has entered user mode");
}

/* ---- SEG-003, SEG-004: syscall callbacks ------------------------------- */

/* The callbacks cbs of a PV vCPU that has entered user mode (of a PV64
 * one only when pv64_only). */
static int callbacks_check(struct xabi_check *ck,
                           const struct xabi_snapshot *s,
                           const enum xabi_callback *cbs, size_t n,
                           bool pv64_only)
{
    struct xabi_evidence ev;
    char missing[64] = "", have[160] = "";
    size_t i, nm = 0, nh = 0;
    unsigned known = 0;

    if ( !after_user_mode(s) || (pv64_only && s->type != XABI_GUEST_PV64) )
        return 1;
    for ( i = 0; i < n; i++ )
    {
        const struct xabi_callback_entry *c = &s->cb[cbs[i]];

        if ( !c->known )
            continue;
        known++;
        if ( c->address )
            nh += (size_t)snprintf(have + nh, sizeof(have) - nh, " %s=%#llx",
                                   xabi_callback_name(cbs[i]),
                                   (unsigned long long)c->address);
        else
            nm += (size_t)snprintf(missing + nm, sizeof(missing) - nm, " %s",
                                   xabi_callback_name(cbs[i]));
    }
    if ( !known )
        return 1;
    xabi_evidence_snapshot(s, &ev);
    if ( nm )
        return xabi_emit(ck, ck->rule->severity, &ev,
                         "not registered after entering user mode:%s",
                         missing);
    return xabi_emit(ck, XABI_PASS, &ev, "registered:%s", have);
}

static int syscall_snapshot(struct xabi_check *ck,
                            const struct xabi_snapshot *s)
{
    static const enum xabi_callback cbs[] = { XABI_CB_SYSCALL };

    return callbacks_check(ck, s, cbs, 1, true);
}

int xabi_rule_seg_syscall_callback(struct xabi_check *ck)
{
    return xabi_each_snapshot(ck, syscall_snapshot,
                              "snapshot, with its callbacks, of a PV64 vCPU "
                              "that has entered user mode");
}

static int compat_snapshot(struct xabi_check *ck,
                           const struct xabi_snapshot *s)
{
    static const enum xabi_callback cbs[] = { XABI_CB_SYSCALL32,
                                              XABI_CB_SYSENTER };

    return callbacks_check(ck, s, cbs, 2, true);
}

int xabi_rule_seg_compat_callbacks(struct xabi_check *ck)
{
    return xabi_each_snapshot(ck, compat_snapshot,
                              "snapshot of a PV64 vCPU in user mode that "
                              "records its syscall32 and sysenter callbacks");
}

/* ---- SEG-006: event and failsafe callbacks ----------------------------- */

static int entry_snapshot(struct xabi_check *ck, const struct xabi_snapshot *s)
{
    static const enum xabi_callback cbs[] = { XABI_CB_EVENT,
                                              XABI_CB_FAILSAFE };

    return callbacks_check(ck, s, cbs, 2, false);
}

int xabi_rule_seg_event_callbacks(struct xabi_check *ck)
{
    return xabi_each_snapshot(ck, entry_snapshot,
                              "snapshot, with its callbacks, of a PV vCPU "
                              "that has entered user mode");
}

/* ---- SEG-007: vm_assist holds only defined types ----------------------- */

/* xen/include/public/xen.h: VMASST_TYPE_* */
static const struct
{
    unsigned bit;
    const char *name;
} vmasst_types[] = {
    { 0, "4gb_segments" },      { 1, "4gb_segments_notify" },
    { 2, "writable_pagetables" }, { 3, "pae_extended_cr3" },
    { 4, "architectural_iopl" }, { 5, "runstate_update_flag" },
    { 32, "m2p_strict" },
};

static int vmasst_snapshot(struct xabi_check *ck,
                           const struct xabi_snapshot *s)
{
    struct xabi_evidence ev;
    uint64_t v = s->reg[XABI_REG_VM_ASSIST], defined = 0;
    char names[160] = "";
    size_t i, n = 0;

    if ( !is_pv(s) || !xabi_snapshot_has_reg(s, XABI_REG_VM_ASSIST) )
        return 1;
    for ( i = 0; i < sizeof(vmasst_types) / sizeof(vmasst_types[0]); i++ )
    {
        defined |= 1ull << vmasst_types[i].bit;
        if ( v & (1ull << vmasst_types[i].bit) )
            n += (size_t)snprintf(names + n, sizeof(names) - n, " %s",
                                  vmasst_types[i].name);
    }
    xabi_evidence_snapshot(s, &ev);
    if ( v & ~defined )
        return xabi_emit(ck, ck->rule->severity, &ev,
                         "vm_assist 0x%llx has bits 0x%llx that no "
                         "VMASST_TYPE defines",
                         (unsigned long long)v,
                         (unsigned long long)(v & ~defined));
    return xabi_emit(ck, XABI_PASS, &ev, "vm_assist 0x%llx:%s",
                     (unsigned long long)v, n ? names : " none");
}

int xabi_rule_seg_vm_assist(struct xabi_check *ck)
{
    return xabi_each_snapshot(ck, vmasst_snapshot,
                              "snapshot of a PV vCPU with vm_assist");
}

/* ---- SEG-005: the GDT passes Xen's descriptor audit -------------------- */

#define DESC_TYPE(b) (((b) >> 8) & 0xf)
#define DESC_S(b) (((b) >> 12) & 1)
#define DESC_DPL(b) (((b) >> 13) & 3)
#define DESC_P(b) (((b) >> 15) & 1)
#define DESC_CALL_GATE 0xc

/*
 * What Xen's check_descriptor() would say of a present descriptor, as the
 * guest's GDT frame holds it.  NULL: it passes.  Xen raises a code or data
 * DPL to the guest kernel's ring (3 for PV64, 1 for PV32) and forces a
 * call gate's DPL to 0 (the guest's DPL moves into the target selector's
 * RPL), so a frame Xen accepted holds neither a DPL 0 code/data descriptor
 * nor a call gate above DPL 0; every other system descriptor is refused.
 */
static const char *audit_descriptor(enum xabi_guest_type type, uint32_t b)
{
    if ( DESC_S(b) )
    {
        if ( DESC_DPL(b) == 0 )
            return "code/data descriptor with DPL 0";
        if ( type == XABI_GUEST_PV64 && DESC_DPL(b) != 3 )
            return "code/data descriptor below DPL 3 in a PV64 GDT";
        return NULL;
    }
    if ( DESC_TYPE(b) == 0 )
        return NULL;
    if ( DESC_TYPE(b) != DESC_CALL_GATE )
        return "system descriptor other than a call gate";
    if ( DESC_DPL(b) != 0 )
        return "call gate not forced to DPL 0";
    return NULL;
}

static int gdt_snapshot(struct xabi_check *ck, const struct xabi_snapshot *s)
{
    struct xabi_evidence ev;
    unsigned i, present = 0, bad = 0;
    int rc = 0;

    /* No GDT registered yet (gdt_ents 0, as before the first set_gdt). */
    if ( !is_pv(s) || !s->gdt_read || s->ngdt == 0 )
        return 1;
    xabi_evidence_snapshot(s, &ev);
    for ( i = 0; i < s->ngdt && !rc; i++ )
    {
        uint32_t b = (uint32_t)(s->gdt[i] >> 32);
        const char *why;

        if ( !DESC_P(b) )
            continue;
        present++;
        why = audit_descriptor(s->type, b);
        if ( why )
        {
            bad++;
            rc = xabi_emit(ck, ck->rule->severity, &ev,
                           "GDT[%u] = 0x%016llx (selector 0x%04x): %s", i,
                           (unsigned long long)s->gdt[i], (i << 3) | 3, why);
        }
        /* A 64-bit gate is 16 bytes; its upper half is not a descriptor. */
        if ( !DESC_S(b) && DESC_TYPE(b) == DESC_CALL_GATE &&
             s->type == XABI_GUEST_PV64 )
            i++;
    }
    if ( rc || bad )
        return rc;
    return xabi_emit(ck, XABI_PASS, &ev,
                     "%u present GDT descriptors of %u pass the audit",
                     present, s->ngdt);
}

int xabi_rule_seg_gdt_audit(struct xabi_check *ck)
{
    return xabi_each_snapshot(ck, gdt_snapshot,
                              "snapshot of a PV vCPU with its GDT frames "
                              "read");
}
