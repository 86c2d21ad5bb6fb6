/*
 * rules-trap.c: the TRAP-* rules, over the exceptions Xen delivered (PV
 * trap and HVM injection facts), the page faults it reflected, and the
 * trap tables PV guests installed (vCPU snapshots).
 *
 * Which vector pushes an error code is data: the x86_vector table of
 * schema/003-x86.sql.
 */
#include "analyzer/analyzer-int.h"

#include <stdio.h>
#include <string.h>

/* Xen's hypercall gate for 32-bit PV guests: int $0x82. */
#define HYPERCALL_VECTOR 0x82
#define PFEC_RSVD (1u << 3)

struct trap_walk
{
    struct xabi_check *ck;
    struct xabi_tally tally;
};

/* ---- TRAP-001: error-code presence fits the vector -------------------- */

static int error_code_fact(void *ctx, const struct xabi_fact *f, int sample)
{
    struct trap_walk *w = ctx;
    struct xabi_evidence ev;
    bool known, want;
    int bad = 0;

    (void)sample;
    if ( xabi_store_x86_vector(w->ck->st, (int)f->key, &known, &want) )
        return xabi_check_store_fail(w->ck);
    /* Interrupts and vectors no CPU defines never push one. */
    want = known && f->key < 32 && want;
    if ( want != f->has_error_code )
    {
        bad = 1;
        xabi_evidence_fact(f, &ev);
        if ( want ? xabi_emit(w->ck, w->ck->rule->severity, &ev,
                              "%s vector %lld delivered without an error "
                              "code; the CPU always pushes one for it",
                              f->kind, (long long)f->key)
                  : xabi_emit(w->ck, w->ck->rule->severity, &ev,
                              "%s vector %lld delivered with error code "
                              "0x%x; the CPU pushes none for it",
                              f->kind, (long long)f->key, f->error_code) )
            return -1;
    }
    return xabi_tally_add(w->ck, &w->tally, f->domid, f->vcpu, 1, bad,
                          f->has_tsc, f->tsc, f->tsc);
}

/* The HVM/PVH guests of a run: the domains with VM exits, and how many. */
struct hvm_guests
{
    struct xabi_check *ck;
    int32_t domid[64];
    uint64_t exits[64];
    size_t n;
};

static int hvm_exit_agg(void *ctx, const struct xabi_fact_agg *a)
{
    struct hvm_guests *g = ctx;
    size_t i;

    if ( a->domid == XABI_UNKNOWN )
        return 0;
    for ( i = 0; i < g->n && g->domid[i] != a->domid; i++ )
        ;
    if ( i == g->n && g->n == sizeof(g->domid) / sizeof(g->domid[0]) )
        return 0;
    if ( i == g->n )
    {
        g->domid[g->n] = a->domid;
        g->exits[g->n++] = 0;
    }
    g->exits[i] += a->count;
    return 0;
}

/*
 * An HVM or PVH guest's exceptions reach the trace only when Xen
 * intercepts one (TRC_HVM_TRAP) or injects one (TRC_HVM_INJ_EXC); one it
 * lets the guest take directly leaves no record.  A guest with VM exits
 * and none of those was not observed taking exceptions, which is not the
 * same as taking none.
 */
static int hvm_not_intercepted(struct xabi_check *ck,
                               const struct xabi_tally *t)
{
    struct hvm_guests g;
    struct xabi_evidence ev;
    size_t i, j;

    memset(&g, 0, sizeof(g));
    g.ck = ck;
    if ( xabi_store_each_agg(ck->st, ck->run.id, "hvm_exit", hvm_exit_agg,
                             &g) )
        return xabi_check_store_fail(ck);
    for ( i = 0; i < g.n; i++ )
    {
        for ( j = 0; j < t->n && t->e[j].domid != g.domid[i]; j++ )
            ;
        if ( j < t->n )
            continue;
        memset(&ev, 0, sizeof(ev));
        ev.has_domain = true;
        ev.domid = g.domid[i];
        ev.vcpu = XABI_UNKNOWN;
        ev.count = g.exits[i];
        if ( xabi_emit_not_observed(
                 ck, XABI_REASON_NOT_INTERCEPTED, &ev,
                 "domain %d is an HVM or PVH guest (%llu VM exits): its "
                 "exceptions reach the trace only when Xen intercepts or "
                 "injects one (TRC_HVM_TRAP, TRC_HVM_INJ_EXC), and none "
                 "did", g.domid[i], (unsigned long long)g.exits[i]) )
            return -1;
    }
    return 0;
}

int xabi_rule_trap_error_code(struct xabi_check *ck)
{
    static const char *const kinds[] = { "trap", "hvm_inj_exc" };
    struct trap_walk w;
    size_t i;

    memset(&w, 0, sizeof(w));
    w.ck = ck;
    for ( i = 0; i < 2; i++ )
    {
        if ( xabi_store_each_fact(ck->st, ck->run.id, kinds[i],
                                  error_code_fact, &w) )
        {
            xabi_tally_free(&w.tally);
            return ck->err[0] ? -1 : xabi_check_store_fail(ck);
        }
    }
    if ( hvm_not_intercepted(ck, &w.tally) )
    {
        xabi_tally_free(&w.tally);
        return -1;
    }
    return xabi_tally_close(ck, &w.tally, "trap hvm_inj_exc",
                            "delivered exceptions",
                            "each has an error code exactly when its "
                            "vector pushes one");
}

/* ---- TRAP-002: what a PV trap record's vector is ----------------------- */

/* The verdict for a vector Xen reflected to a PV guest, and why. */
static enum xabi_verdict classify_vector(struct xabi_check *ck, int64_t v,
                                         const char **why)
{
    bool known, ec;

    /*
     * int $0x82 is a hypercall only from a PV32 kernel (ring 1, Xen's DPL 1
     * gate); from a PV64 guest or PV32 user space it faults like any INT
     * $n, and Xen emulates it into the guest's own 0x82 entry
     * (xen/arch/x86/traps.c: do_general_protection, permit_softint).
     */
    if ( v == HYPERCALL_VECTOR )
    {
        *why = "is the software interrupt int $0x82, bounced through the "
               "guest's trap table: Xen's hypercall gate only for a 32-bit "
               "PV kernel, an ordinary INT $n for everyone else";
        return XABI_INFO;
    }
    if ( v == 0x80 )
    {
        *why = "is the int $0x80 system-call software interrupt, bounced "
               "through the guest's trap table";
        return XABI_INFO;
    }
    if ( v >= 32 )
    {
        *why = "is a software interrupt (int $n), not an exception";
        return XABI_INFO;
    }
    if ( xabi_store_x86_vector(ck->st, (int)v, &known, &ec) )
        return (enum xabi_verdict)-1;
    if ( !known || v == 9 || v == 15 )
    {
        *why = "is a reserved exception vector no current CPU raises: "
               "an INT $n the guest made (the record does not say), or a "
               "bug";
        return XABI_WARN;
    }
    return XABI_PASS;
}

static int vector_fact(void *ctx, const struct xabi_fact *f, int sample)
{
    struct trap_walk *w = ctx;
    struct xabi_evidence ev;
    const char *why = "";
    enum xabi_verdict v = classify_vector(w->ck, f->key, &why);

    (void)sample;
    if ( (int)v < 0 )
        return xabi_check_store_fail(w->ck);
    if ( v != XABI_PASS )
    {
        xabi_evidence_fact(f, &ev);
        if ( xabi_emit(w->ck, v, &ev, "trap vector %lld (0x%llx) %s",
                       (long long)f->key, (unsigned long long)f->key, why) )
            return -1;
    }
    return xabi_tally_add(w->ck, &w->tally, f->domid, f->vcpu, 1,
                          v != XABI_PASS, f->has_tsc, f->tsc, f->tsc);
}

int xabi_rule_trap_vector(struct xabi_check *ck)
{
    struct trap_walk w;

    memset(&w, 0, sizeof(w));
    w.ck = ck;
    if ( xabi_store_each_fact(ck->st, ck->run.id, "trap", vector_fact, &w) )
    {
        xabi_tally_free(&w.tally);
        return ck->err[0] ? -1 : xabi_check_store_fail(ck);
    }
    return xabi_tally_close(ck, &w.tally, "trap", "PV trap records",
                            "every vector is an architectural exception");
}

/* ---- TRAP-003: DPL 3 on the int $0x80 entry --------------------------- */

/*
 * What Xen does with the DPL (flags bits 0-1) of the trap-table entries
 * user mode reaches on purpose:
 *   3 (#BP), 4 (#OF): never read.  Xen's own IDT gates for them are DPL 3
 *     (xen/arch/x86/traps.c: init_idt_traps, set_swint_gate) and do_int3 /
 *     do_trap bounce to the guest's handler; do_general_protection says
 *     so ("The DPL specified by the guest OS for these vectors is NOT
 *     CHECKED"), and with FRED entry_from_pv keeps it that way.
 *   0x80: not read by the IDT fast path (xen/arch/x86/x86_64/entry.S:
 *     int80_direct_trap, entry_int80 from 4.19), which bounces to any
 *     registered handler; read only on the slow path (no handler) and,
 *     from 4.21.1, under FRED delivery (traps.c: entry_from_pv,
 *     permit_softint), where a DPL below 3 turns a user int $0x80 into #GP.
 */
#define INT80_VECTOR 0x80

static bool is_pv(const struct xabi_snapshot *s)
{
    return s->type == XABI_GUEST_PV64 || s->type == XABI_GUEST_PV32;
}

static const struct xabi_trap_entry *trap_entry(const struct xabi_snapshot *s,
                                                unsigned vector)
{
    size_t j;

    for ( j = 0; j < s->ntraps; j++ )
    {
        if ( s->traps[j].vector == vector && s->traps[j].address )
            return &s->traps[j];
    }
    return NULL;
}

/* " (3 and 4 below DPL 3: Xen ignores their DPL)", or "". */
static void ignored_dpl(const struct xabi_snapshot *s, char *buf, size_t len)
{
    static const uint8_t v34[] = { 3, 4 };
    size_t i, n = 0;

    buf[0] = '\0';
    for ( i = 0; i < sizeof(v34); i++ )
    {
        const struct xabi_trap_entry *t = trap_entry(s, v34[i]);

        if ( t && (t->flags & 3) != 3 && n < len )
            n += (size_t)snprintf(buf + n, len - n, "%s%u at DPL %u",
                                  n ? ", " : "; vector ", t->vector,
                                  t->flags & 3);
    }
    if ( n && n < len )
        snprintf(buf + n, len - n, ": Xen never reads the DPL of 3 and 4, "
                 "so user int3/into reach the handler anyway");
}

static int dpl_snapshot(struct xabi_check *ck, const struct xabi_snapshot *s)
{
    struct xabi_evidence ev;
    const struct xabi_trap_entry *t;
    char note[160];

    /* Before user mode (a vCPU not yet run) the DPL decides nothing. */
    if ( !is_pv(s) || !s->traps_read || s->phase == XABI_SNAP_INITIAL ||
         s->user_mode_seen == 0 )
        return 1;
    xabi_evidence_snapshot(s, &ev);
    if ( s->ntraps == 0 )
        return xabi_emit(ck, XABI_INFO, &ev,
                         "the trap table was read and has no entries "
                         "installed: a user int $0x80 becomes #GP");
    ignored_dpl(s, note, sizeof(note));
    t = trap_entry(s, INT80_VECTOR);
    if ( !t )
        return xabi_emit(ck, XABI_INFO, &ev,
                         "no handler for 0x80: a user int $0x80 becomes #GP "
                         "(Xen's slow path)%s", note);
    if ( (t->flags & 3) != 3 )
        return xabi_emit(ck, ck->rule->severity, &ev,
                         "vector 0x80 at DPL %u: Xen's IDT fast path delivers "
                         "a user int $0x80 anyway, but with FRED delivery "
                         "(Xen 4.21.1 and later) it becomes #GP%s",
                         t->flags & 3, note);
    return xabi_emit(ck, XABI_PASS, &ev, "vector 0x80 at DPL 3%s", note);
}

int xabi_rule_trap_dpl(struct xabi_check *ck)
{
    return xabi_each_snapshot(ck, dpl_snapshot,
                              "snapshot, with its trap table, of a PV vCPU "
                              "that has run");
}

/* ---- TRAP-004: reserved-bit page faults -------------------------------- */

static int pf_agg(void *ctx, const struct xabi_fact_agg *a)
{
    struct trap_walk *w = ctx;
    struct xabi_evidence ev;
    bool bad = (a->key & PFEC_RSVD) != 0;

    if ( bad && (xabi_evidence_agg(w->ck, a, &ev) ||
                 xabi_emit(w->ck, w->ck->rule->severity, &ev,
                           "page fault with error code 0x%llx (RSVD set) "
                           "x%llu: a guest page-table entry has reserved "
                           "bits set",
                           (unsigned long long)a->key,
                           (unsigned long long)a->count)) )
        return -1;
    return xabi_tally_add(w->ck, &w->tally, a->domid, a->vcpu, a->count, bad,
                          a->has_tsc, a->first_tsc, a->last_tsc);
}

int xabi_rule_trap_pf_rsvd(struct xabi_check *ck)
{
    struct trap_walk w;

    memset(&w, 0, sizeof(w));
    w.ck = ck;
    if ( xabi_store_each_agg(ck->st, ck->run.id, "page_fault", pf_agg, &w) )
    {
        xabi_tally_free(&w.tally);
        return ck->err[0] ? -1 : xabi_check_store_fail(ck);
    }
    return xabi_tally_close(ck, &w.tally, "page_fault",
                            "reflected page faults",
                            "none has the reserved-bit flag");
}
