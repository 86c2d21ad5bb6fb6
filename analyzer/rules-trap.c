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
    return xabi_tally_close(ck, &w.tally, "delivered exceptions",
                            "each has an error code exactly when its "
                            "vector pushes one");
}

/* ---- TRAP-002: what a PV trap record's vector is ----------------------- */

/* The verdict for a vector Xen reflected to a PV guest, and why. */
static enum xabi_verdict classify_vector(struct xabi_check *ck, int64_t v,
                                         const char **why)
{
    bool known, ec;

    if ( v == HYPERCALL_VECTOR )
    {
        *why = "is Xen's own hypercall vector (int $0x82), never the guest's";
        return XABI_FAIL;
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
        *why = "is a reserved exception vector no current CPU raises";
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
    return xabi_tally_close(ck, &w.tally, "PV trap records",
                            "every vector is an architectural exception");
}

/* ---- TRAP-003: DPL 3 for the vectors user mode raises itself ----------- */

/* int3, into and int $0x80 come from user mode on purpose. */
static const uint8_t user_vectors[] = { 3, 4, 0x80 };

static bool is_pv(const struct xabi_snapshot *s)
{
    return s->type == XABI_GUEST_PV64 || s->type == XABI_GUEST_PV32;
}

static int dpl_snapshot(struct xabi_check *ck, const struct xabi_snapshot *s)
{
    struct xabi_evidence ev;
    char bad[64] = "", ok[64] = "";
    size_t i, j, nb = 0, no = 0;

    if ( !is_pv(s) || !s->traps_read || s->ntraps == 0 )
        return 1;
    for ( i = 0; i < sizeof(user_vectors); i++ )
    {
        for ( j = 0; j < s->ntraps; j++ )
        {
            const struct xabi_trap_entry *t = &s->traps[j];

            if ( t->vector != user_vectors[i] || !t->address )
                continue;
            if ( (t->flags & 3) == 3 )
                no += (size_t)snprintf(ok + no, sizeof(ok) - no, " %#x",
                                       t->vector);
            else
                nb += (size_t)snprintf(bad + nb, sizeof(bad) - nb,
                                       " %#x(DPL %u)", t->vector,
                                       t->flags & 3);
        }
    }
    xabi_evidence_snapshot(s, &ev);
    if ( nb )
        return xabi_emit(ck, ck->rule->severity, &ev,
                         "trap-table entries below DPL 3:%s; from user mode "
                         "these raise #GP instead of reaching the handler",
                         bad);
    if ( no )
        return xabi_emit(ck, XABI_PASS, &ev, "DPL 3 on vectors%s", ok);
    return xabi_emit(ck, XABI_INFO, &ev,
                     "no handler for 3, 4 or 0x80 in the trap table");
}

int xabi_rule_trap_dpl(struct xabi_check *ck)
{
    return xabi_each_snapshot(ck, dpl_snapshot,
                              "PV snapshot with an installed trap table");
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
    return xabi_tally_close(ck, &w.tally, "reflected page faults",
                            "none has the reserved-bit flag");
}
