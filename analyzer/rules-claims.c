/*
 * rules-claims.c: DOC-001, the claims register (abi/claims.c) against a
 * run.  Each claim gets one finding per run, fact_kind "claim" and
 * fact_key its number: PASS when what the run holds verifies it, INFO
 * (the rule's severity: the document is wrong, not the guest) when it
 * refutes it, with the observation, and
 * NOT-OBSERVED with the reason when the run holds nothing that decides it.
 * A claim about a guest's start of day is decided by the initial vCPU
 * snapshots of that guest type, a header comment's GDT index by a snapshot
 * whose segment register holds that selector; one snapshot against a
 * claim refutes it.
 */
#include "abi/abi.h"
#include "analyzer/analyzer-int.h"

#include <stdio.h>
#include <string.h>

#define MAX_TRAP_DOMAINS 16

/*
 * One PV guest as the trap claims see it, gathered once for all of them:
 * its trap table (from the run's snapshots), what Xen delivered to it,
 * and how it ended.
 */
struct trap_guest
{
    int32_t domid;
    int64_t table_snap;     /* the first snapshot that read its table */
    uint8_t handled[32];    /* vectors with a handler in any of them */
    int64_t dpl0_snap[32];  /* exceptions: the first giving it DPL 0 */
    uint32_t other_dpl;     /* exceptions: one gives it another DPL */
    /* the first exception Xen delivered without a handler */
    bool unhandled;
    unsigned vector;
    int32_t vcpu;
    uint64_t rip, tsc;
    struct xabi_evidence ev;
    /* the end of the run (libxenctrl, live runs) */
    bool end_known, crashed, dying;
    bool pv32;              /* a snapshot says it is a 32-bit PV guest */
    uint64_t hypercalls;    /* Xen traced this many of its hypercalls */
    int64_t pv32_snap;      /* the snapshot that says so */
};

/* What the snapshots of the run said about one claim. */
struct tally
{
    const struct xabi_claim *c;
    unsigned verified, refuted, undecided;
    enum xabi_reason reason; /* of undecided: NO_SNAPSHOT unless set */
    struct xabi_evidence ev; /* the first refuting snapshot, else verifying */
    char why[512];           /* what it showed */
    char undecided_why[512];
};

struct walk
{
    struct xabi_store *st;   /* for the kernel images of other runs */
    const char *run_kind;    /* "a snapshot", as messages say it */
    int64_t run_id;
    struct tally *t;
    size_t n;
    struct trap_guest g[MAX_TRAP_DOMAINS]; /* the trap claims' guests */
    size_t ng;
};

/* Is a guest of type t one the claim is about ("PV64", "HVM PVH")? */
static bool about(const struct xabi_claim *c, enum xabi_guest_type t)
{
    const char *name = xabi_guest_type_name(t), *p = strstr(c->guest, name);
    size_t len = strlen(name);

    return p && (p[len] == '\0' || p[len] == ' ') &&
           (p == c->guest || p[-1] == ' ');
}

static int sreg_of(const char *name, size_t len)
{
    int r;

    for ( r = 0; r < XABI_SREG_MAX; r++ )
    {
        if ( strlen(xabi_sreg_name((enum xabi_sreg)r)) == len &&
             !strncmp(xabi_sreg_name((enum xabi_sreg)r), name, len) )
            return r;
    }
    return -1;
}

static int reg_of(const char *name)
{
    int r;

    for ( r = 0; r < XABI_REG_MAX; r++ )
    {
        if ( !strcmp(xabi_reg_name((enum xabi_reg)r), name) )
            return r;
    }
    return -1;
}

/* 1 verified, 0 refuted, -1 undecided; what the snapshot shows in why. */
static int judge(const struct xabi_claim *c, const struct xabi_snapshot *s,
                 char *why, size_t n)
{
    const char *p;
    size_t len;
    int r;

    switch ( c->kind )
    {
    case XABI_CLAIM_START_SELECTOR:
        r = sreg_of(c->reg, strlen(c->reg));
        if ( r < 0 || !s->seg[r].known )
        {
            snprintf(why, n, "snapshot %lld did not read %s",
                     (long long)s->id, c->reg);
            return -1;
        }
        snprintf(why, n, "snapshot %lld (d%dv%d) starts with %s = 0x%04x",
                 (long long)s->id, s->domid, s->vcpu, c->reg,
                 s->seg[r].selector);
        return (s->seg[r].selector & c->mask) == c->value;
    case XABI_CLAIM_REG_BITS:
        r = reg_of(c->reg);
        if ( r < 0 || !xabi_snapshot_has_reg(s, (enum xabi_reg)r) )
        {
            snprintf(why, n, "snapshot %lld did not read %s",
                     (long long)s->id, c->reg);
            return -1;
        }
        snprintf(why, n, "snapshot %lld (d%dv%d) starts with %s = 0x%llx",
                 (long long)s->id, s->domid, s->vcpu, c->reg,
                 (unsigned long long)s->reg[r]);
        return (s->reg[r] & c->mask) == c->value;
    case XABI_CLAIM_SEGMENT:
        for ( p = c->reg; *p; p += len + (p[len] == ' ') )
        {
            const char *bad;

            len = strcspn(p, " ");
            r = sreg_of(p, len);
            if ( r < 0 || !s->seg[r].known || !s->seg[r].has_hidden )
            {
                snprintf(why, n, "snapshot %lld lacks the hidden state of "
                         "%.*s", (long long)s->id, (int)len, p);
                return -1;
            }
            bad = xabi_pvh_seg_problem((enum xabi_sreg)r, &s->seg[r]);
            snprintf(why, n, "snapshot %lld (d%dv%d): %.*s 0x%04x base "
                     "%#llx limit %#x attr 0x%03x%s%s",
                     (long long)s->id, s->domid, s->vcpu, (int)len, p,
                     s->seg[r].selector, (unsigned long long)s->seg[r].base,
                     s->seg[r].limit, s->seg[r].attr, bad ? ": " : "",
                     bad ? bad : "");
            if ( bad )
                return 0;
        }
        return 1;
    case XABI_CLAIM_START_INFO:
        if ( !xabi_snapshot_has_reg(s, XABI_REG_RBX) || !s->has_start_info )
        {
            snprintf(why, n, "snapshot %lld did not read the start info at "
                     "EBX", (long long)s->id);
            return -1;
        }
        snprintf(why, n, "snapshot %lld (d%dv%d): EBX 0x%llx, start info "
                 "read at 0x%llx with magic 0x%x",
                 (long long)s->id, s->domid, s->vcpu,
                 (unsigned long long)s->reg[XABI_REG_RBX],
                 (unsigned long long)s->start_info.gpa,
                 s->start_info.magic);
        return s->start_info.gpa == s->reg[XABI_REG_RBX] &&
               s->start_info.magic == c->value;
    case XABI_CLAIM_RSDP:
        if ( !s->has_start_info || s->start_info.version < 1 ||
             !s->start_info.rsdp_paddr )
        {
            if ( !s->has_start_info )
                snprintf(why, n, "snapshot %lld did not read the start info "
                         "at EBX", (long long)s->id);
            else
                snprintf(why, n, "the start info snapshot %lld (d%dv%d) "
                         "read is version %u, %s",
                         (long long)s->id, s->domid, s->vcpu,
                         s->start_info.version,
                         s->start_info.version < 1
                             ? "which has no field rsdp_paddr"
                             : "and its rsdp_paddr is 0: no RSDP, which the "
                               "document allows (\"if present\")");
            return -1;
        }
        snprintf(why, n, "the start info snapshot %lld (d%dv%d) read at 0x%llx "
                 "(version %u) gives rsdp_paddr 0x%llx",
                 (long long)s->id, s->domid, s->vcpu,
                 (unsigned long long)s->start_info.gpa, s->start_info.version,
                 (unsigned long long)s->start_info.rsdp_paddr);
        return 1;
    case XABI_CLAIM_DUMP_LABEL:
    {
        const char *ds = s->seg_label[XABI_SREG_DS],
                   *es = s->seg_label[XABI_SREG_ES],
                   *file = strrchr(s->source, '/');

        file = file ? file + 1 : s->source + 5;
        /*
         * The store keeps a label only where it is not the register's own
         * name, so a dump that labels them right looks like any other
         * text dump: only a swap decides the claim.
         */
        if ( strncmp(s->source, "text:", 5) ||
             !s->seg[XABI_SREG_DS].known || !s->seg[XABI_SREG_ES].known ||
             (!(ds[0] && strcmp(ds, "ds")) && !(es[0] && strcmp(es, "es"))) )
        {
            snprintf(why, n, "no snapshot of the run is a text dump that "
                     "printed DS or ES under another register's label, and "
                     "a dump that labels them right cannot be told from "
                     "another kind of text dump");
            return -1;
        }
        snprintf(why, n, "snapshot %lld (%s): DS 0x%04x was printed on the "
                 "line labelled \"%s\", ES 0x%04x on \"%s\" (as the dump's "
                 "print format shows: abi/xen-tools.c)",
                 (long long)s->id, file, s->seg[XABI_SREG_DS].selector,
                 ds[0] ? ds : "ds", s->seg[XABI_SREG_ES].selector,
                 es[0] ? es : "es");
        return 0;
    }
    case XABI_CLAIM_MTRR_DEFAULT:
    case XABI_CLAIM_MTRR_RAM_WB:
    {
        char what[256];
        int v;

        if ( !s->has_mtrr )
        {
            snprintf(why, n, "snapshot %lld (d%dv%d) did not read the MTRR "
                     "save record", (long long)s->id, s->domid, s->vcpu);
            return -1;
        }
        if ( s->domid == 0 )
        {
            snprintf(why, n, "snapshot %lld is of d0, the hardware domain, "
                     "which the document's paragraph on unprivileged "
                     "guests does not cover", (long long)s->id);
            return -1;
        }
        if ( c->kind == XABI_CLAIM_MTRR_DEFAULT )
        {
            xabi_mtrr_def_type_text(s->mtrr.def_type, what, sizeof(what));
            snprintf(why, n, "snapshot %lld (d%dv%d) starts with %s",
                     (long long)s->id, s->domid, s->vcpu, what);
            return xabi_mtrr_default_wb(s->mtrr.def_type);
        }
        v = xabi_mtrr_all_wb(s->mtrr.def_type, s->mtrr.var, s->mtrr.fixed,
                             what, sizeof(what));
        snprintf(why, n, "snapshot %lld (d%dv%d): %s", (long long)s->id,
                 s->domid, s->vcpu, what);
        return v;
    }
    case XABI_CLAIM_PV_START_INFO:
    {
        const struct xabi_pv_start_info *si = &s->pv_start_info;
        uint64_t rsi = s->reg[XABI_REG_RSI];

        if ( !xabi_snapshot_has_reg(s, XABI_REG_RSI) )
        {
            snprintf(why, n, "snapshot %lld did not read rSI",
                     (long long)s->id);
            return -1;
        }
        if ( rsi & 0xfff )
        {
            snprintf(why, n, "snapshot %lld (d%dv%d) starts with rSI 0x%llx, "
                     "which is not 4 kB-aligned", (long long)s->id,
                     s->domid, s->vcpu, (unsigned long long)rsi);
            return 0;
        }
        if ( !s->has_pv_start_info || si->va != rsi )
        {
            snprintf(why, n, "snapshot %lld (d%dv%d) starts with rSI 0x%llx "
                     "but did not read the page there (%s)",
                     (long long)s->id, s->domid, s->vcpu,
                     (unsigned long long)rsi,
                     strncmp(s->source, "text:", 5)
                         ? "it was not mapped"
                         : "a text dump holds no guest memory");
            return -1;
        }
        snprintf(why, n, "snapshot %lld (d%dv%d): the page at rSI 0x%llx "
                 "begins with \"%s\"%s (nr_pages %llu, flags 0x%x)",
                 (long long)s->id, s->domid, s->vcpu,
                 (unsigned long long)rsi, si->magic,
                 strncmp(si->magic, "xen-", 4)
                     ? ", not start_info_t's magic \"xen-<version>-"
                       "<platform>\""
                     : "",
                 (unsigned long long)si->nr_pages, si->flags);
        return strncmp(si->magic, "xen-", 4) == 0;
    }
    case XABI_CLAIM_TRAP_DPL3:
    case XABI_CLAIM_TRAP_TERMINAL:
    case XABI_CLAIM_INT82_DPL1:
    case XABI_CLAIM_CALL_GATE_DPL0:
    case XABI_CLAIM_ENTRY_NOTE:
    case XABI_CLAIM_UNOBSERVABLE:
        /* decided apart from the start of day, not here */
        break;
    case XABI_CLAIM_GDT_INDEX:
    {
        enum xabi_hc_guest w = s->type == XABI_GUEST_PV32 ? XABI_HC_PV32
                                                           : XABI_HC_PV64;
        const struct xabi_flat_selector *f = xabi_flat_selector(w, c->reg);
        unsigned idx;

        for ( r = 0; f && r < XABI_SREG_MAX; r++ )
        {
            if ( s->seg[r].known && s->seg[r].selector == f->value )
                break;
        }
        if ( !f || r == XABI_SREG_MAX )
        {
            snprintf(why, n, "no segment register of snapshot %lld holds "
                     "%s", (long long)s->id, c->reg);
            return -1;
        }
        idx = f->value >> 3;
        if ( idx == c->value )
        {
            snprintf(why, n, "snapshot %lld (d%dv%d) holds %s = 0x%04x in "
                     "%s: GDT index %u", (long long)s->id, s->domid,
                     s->vcpu, c->reg, f->value,
                     xabi_sreg_name((enum xabi_sreg)r), idx);
            return 1;
        }
        snprintf(why, n, "snapshot %lld (d%dv%d) holds %s = 0x%04x in %s: "
                 "GDT index %u (the selector >> 3), not %llu; the comment "
                 "counts Xen's reserved entries from 256, as Xen 2.0 placed "
                 "them: entry %llu of the area Xen reserves from index %llu",
                 (long long)s->id, s->domid, s->vcpu, c->reg, f->value,
                 xabi_sreg_name((enum xabi_sreg)r), idx,
                 (unsigned long long)c->value,
                 (unsigned long long)c->value - 256,
                 (unsigned long long)(idx - (c->value - 256)));
        return 0;
    }
    }
    return -1;
}

/* ---- the trap claims: trap tables against Xen's deliveries --------------- */

static bool is_trap_claim(const struct xabi_claim *c)
{
    return c->kind == XABI_CLAIM_TRAP_DPL3 ||
           c->kind == XABI_CLAIM_TRAP_TERMINAL ||
           c->kind == XABI_CLAIM_INT82_DPL1;
}

/* The record of domid, added if new; NULL if full. */
static struct trap_guest *trap_guest(struct walk *w, int32_t domid, bool add)
{
    size_t i;

    for ( i = 0; i < w->ng; i++ )
    {
        if ( w->g[i].domid == domid )
            return &w->g[i];
    }
    if ( !add || w->ng == MAX_TRAP_DOMAINS )
        return NULL;
    memset(&w->g[w->ng], 0, sizeof(w->g[0]));
    w->g[w->ng].domid = domid;
    return &w->g[w->ng++];
}

/* A PV guest's trap table, as a snapshot read it. */
static void trap_table_seen(struct walk *w, const struct xabi_snapshot *s)
{
    struct trap_guest *g;
    unsigned i;

    if ( s->type == XABI_GUEST_PV32 && (g = trap_guest(w, s->domid, true)) &&
         !g->pv32 )
    {
        g->pv32 = true;
        g->pv32_snap = s->id;
    }
    if ( !s->traps_read || !(g = trap_guest(w, s->domid, true)) )
        return;
    if ( !g->table_snap )
        g->table_snap = s->id;
    for ( i = 0; i < s->ntraps; i++ )
    {
        const struct xabi_trap_entry *e = &s->traps[i];

        g->handled[e->vector / 8] |= (uint8_t)(1u << (e->vector % 8));
        if ( e->vector >= 32 )
            continue;
        if ( e->flags & 3 )
            g->other_dpl |= 1u << e->vector;
        else if ( !g->dpl0_snap[e->vector] )
            g->dpl0_snap[e->vector] = s->id;
    }
}

/* The snapshot giving vector vec DPL 0 in g's table, where no other
 * snapshot gives it another DPL; 0 if none. */
static int64_t vdpl0_snap(const struct trap_guest *g, unsigned vec)
{
    if ( vec >= 32 || (g->other_dpl >> vec) & 1 )
        return 0;
    return g->dpl0_snap[vec];
}

/*
 * TRAP_DPL3: a delivery to a guest whose table gives the vector DPL 0
 * (and no other DPL).  The vector itself verifies the claim (were Xen's
 * gate DPL 0, the INT would fault, and Xen would refuse it for the
 * guest's vDPL 0 with a #GP); a #GP whose error code names the vector as
 * an IDT entry (bits 0-1: 2) refutes it.
 */
static void dpl3_fact(struct tally *t, const struct trap_guest *g,
                      const struct xabi_fact *f)
{
    unsigned vec = (unsigned)t->c->value;
    int64_t snap = vdpl0_snap(g, vec);

    if ( !snap )
        return;
    if ( f->key == vec && !t->refuted && !t->verified++ )
    {
        xabi_evidence_fact(f, &t->ev);
        snprintf(t->why, sizeof(t->why),
                 "Xen delivered vector %u (%s) to d%d (v%d, rip 0x%llx, TSC "
                 "%llu), whose trap table gives it DPL 0 (snapshot %lld): the "
                 "INT passed Xen's gate, whose DPL is 3, and no vDPL check "
                 "refused it",
                 vec, t->c->reg, f->domid, f->vcpu,
                 (unsigned long long)f->rip, (unsigned long long)f->tsc,
                 (long long)snap);
    }
    else if ( f->key == 13 && f->has_error_code &&
              (f->error_code & 3) == 2 && (f->error_code >> 3) == vec &&
              !t->refuted++ )
    {
        xabi_evidence_fact(f, &t->ev);
        snprintf(t->why, sizeof(t->why),
                 "Xen delivered #GP with error code 0x%x (IDT vector %u) to "
                 "d%d (v%d, rip 0x%llx), whose trap table gives vector %u "
                 "DPL 0 (snapshot %lld): the INT was refused",
                 f->error_code, vec, f->domid, f->vcpu,
                 (unsigned long long)f->rip, vec, (long long)snap);
    }
}

/* INT82_DPL1: a #GP naming IDT vector 0x82 ((0x82 << 3) | 2) refutes it. */
static void int82_fact(struct tally *t, const struct trap_guest *g,
                       const struct xabi_fact *f)
{
    if ( !g->pv32 || f->key != 13 || !f->has_error_code ||
         f->error_code != ((0x82u << 3) | 2) || t->refuted++ )
        return;
    xabi_evidence_fact(f, &t->ev);
    snprintf(t->why, sizeof(t->why),
             "Xen delivered #GP with error code 0x%x (IDT vector 0x82) to "
             "d%d (v%d, rip 0x%llx), a 32-bit PV guest (snapshot %lld): "
             "its INT $0x82 was refused",
             f->error_code, f->domid, f->vcpu, (unsigned long long)f->rip,
             (long long)g->pv32_snap);
}

/* The first exception Xen delivered to g with no handler. */
static void terminal_fact(struct trap_guest *g, const struct xabi_fact *f)
{
    if ( !g->table_snap || g->unhandled || f->key < 0 || f->key >= 32 ||
         (g->handled[f->key / 8] >> (f->key % 8)) & 1 )
        return;
    g->unhandled = true;
    g->vector = (unsigned)f->key;
    g->vcpu = f->vcpu;
    g->rip = f->rip;
    g->tsc = f->tsc;
    xabi_evidence_fact(f, &g->ev);
}

static int trap_fact_cb(void *ctx, const struct xabi_fact *f, int sample)
{
    struct walk *w = ctx;
    struct trap_guest *g = trap_guest(w, f->domid, false);
    size_t i;

    (void)sample;
    if ( !g )
        return 0;
    terminal_fact(g, f);
    for ( i = 0; i < w->n; i++ )
    {
        if ( w->t[i].c->kind == XABI_CLAIM_TRAP_DPL3 )
            dpl3_fact(&w->t[i], g, f);
        else if ( w->t[i].c->kind == XABI_CLAIM_INT82_DPL1 )
            int82_fact(&w->t[i], g, f);
    }
    return 0;
}

/* A PV32 guest's traced hypercalls (INT82_DPL1). */
static int hypercall_agg_cb(void *ctx, const struct xabi_fact_agg *a)
{
    struct trap_guest *g = trap_guest(ctx, a->domid, false);

    if ( g && g->pv32 )
        g->hypercalls += a->count;
    return 0;
}

/*
 * INT82_DPL1: a 32-bit PV kernel runs in ring 1 and makes its hypercalls
 * with INT $0x82 (its hypercall page's stubs, abi/stub.c), so each one
 * Xen traced for a PV32 guest passed a gate of DPL 1 or more.
 */
static void int82_decide(struct tally *t, const struct walk *w)
{
    size_t i;

    for ( i = 0; i < w->ng && !t->refuted && !t->verified; i++ )
    {
        const struct trap_guest *g = &w->g[i];

        if ( !g->pv32 || !g->hypercalls )
            continue;
        t->verified = 1;
        memset(&t->ev, 0, sizeof(t->ev));
        t->ev.domid = g->domid;
        t->ev.vcpu = -1;
        snprintf(t->why, sizeof(t->why),
                 "Xen traced %llu hypercalls of d%d, a 32-bit PV guest "
                 "(snapshot %lld), whose kernel makes them with INT $0x82 "
                 "from ring 1: a DPL 0 gate would have refused each with a "
                 "#GP",
                 (unsigned long long)g->hypercalls, g->domid,
                 (long long)g->pv32_snap);
    }
}

/* How each guest ended (libxenctrl, at the end of a live run). */
static int trap_state_cb(void *ctx, const struct xabi_domain_state *d)
{
    struct walk *w = ctx;
    struct trap_guest *g;

    if ( !d->end || !(g = trap_guest(w, d->domid, false)) )
        return 0;
    g->end_known = true;
    g->crashed = d->shutdown && d->reason == 3; /* SHUTDOWN_crash */
    g->dying = d->dying;
    return 0;
}

/* TRAP_TERMINAL: an exception with no handler, and how the guest ended. */
static void terminal_decide(struct tally *t, const struct walk *w)
{
    size_t i;

    for ( i = 0; i < w->ng && !t->refuted; i++ )
    {
        const struct trap_guest *g = &w->g[i];

        if ( !g->unhandled || !g->end_known )
            continue;
        if ( g->crashed && !t->verified++ )
        {
            t->ev = g->ev;
            snprintf(t->why, sizeof(t->why),
                     "Xen delivered vector %u to d%d (v%d, rip 0x%llx, TSC "
                     "%llu), whose trap table (snapshot %lld) has no "
                     "handler for it, and d%d ended the run crashed "
                     "(libxenctrl: shutdown reason 3)",
                     g->vector, g->domid, g->vcpu,
                     (unsigned long long)g->rip, (unsigned long long)g->tsc,
                     (long long)g->table_snap, g->domid);
        }
        else if ( !g->crashed && !g->dying )
        {
            t->refuted++;
            t->ev = g->ev;
            snprintf(t->why, sizeof(t->why),
                     "Xen delivered vector %u to d%d (v%d, rip 0x%llx), "
                     "whose trap table (snapshot %lld) has no handler for "
                     "it, and d%d had not crashed at the end of the run",
                     g->vector, g->domid, g->vcpu,
                     (unsigned long long)g->rip, (long long)g->table_snap,
                     g->domid);
        }
    }
}

/*
 * Why a trap claim stayed open, once the run's deliveries were read;
 * traced: the run holds a trace (a live run), else it could see no
 * delivery at all.
 */
static void trap_undecided(struct tally *t, const struct walk *w,
                           bool traced)
{
    size_t i;

    if ( t->c->kind == XABI_CLAIM_TRAP_TERMINAL )
        terminal_decide(t, w);
    if ( t->c->kind == XABI_CLAIM_INT82_DPL1 )
        int82_decide(t, w);
    if ( t->verified || t->refuted )
        return;
    t->undecided = 1;
    if ( t->c->kind == XABI_CLAIM_INT82_DPL1 )
    {
        for ( i = 0; i < w->ng && !w->g[i].pv32; i++ )
            ;
        t->reason = i == w->ng ? XABI_REASON_NO_SNAPSHOT
                    : traced   ? XABI_REASON_NO_FACTS
                               : XABI_REASON_NOT_IN_SOURCE;
        if ( i == w->ng )
            snprintf(t->undecided_why, sizeof(t->undecided_why),
                     "no snapshot of the run is of a 32-bit PV guest");
        else if ( traced )
            snprintf(t->undecided_why, sizeof(t->undecided_why),
                     "Xen traced no hypercall of d%d, a 32-bit PV guest "
                     "(snapshot %lld)",
                     w->g[i].domid, (long long)w->g[i].pv32_snap);
        else
            snprintf(t->undecided_why, sizeof(t->undecided_why),
                     "run %lld is %s: it holds no trace, so no hypercall "
                     "of d%d, a 32-bit PV guest",
                     (long long)w->run_id, w->run_kind, w->g[i].domid);
        return;
    }
    if ( !traced && w->ng )
    {
        t->reason = XABI_REASON_NOT_IN_SOURCE;
        snprintf(t->undecided_why, sizeof(t->undecided_why),
                 "run %lld is %s: it holds no trace, so no delivery "
                 "of Xen's to d%d, whose trap table it read",
                 (long long)w->run_id, w->run_kind, w->g[0].domid);
        return;
    }
    for ( i = 0; i < w->ng; i++ )
    {
        const struct trap_guest *g = &w->g[i];
        int64_t snap = vdpl0_snap(g, (unsigned)t->c->value);

        if ( t->c->kind == XABI_CLAIM_TRAP_DPL3 && snap )
        {
            t->reason = XABI_REASON_NO_FACTS;
            snprintf(t->undecided_why, sizeof(t->undecided_why),
                     "d%d's trap table gives vector %llu DPL 0 (snapshot "
                     "%lld), but Xen delivered it neither that vector nor a "
                     "#GP naming it: the guest did not raise it",
                     g->domid, (unsigned long long)t->c->value,
                     (long long)snap);
            return;
        }
        if ( t->c->kind == XABI_CLAIM_TRAP_TERMINAL && g->unhandled )
        {
            t->reason = XABI_REASON_NO_FACTS;
            snprintf(t->undecided_why, sizeof(t->undecided_why),
                     "Xen delivered vector %u to d%d, whose trap table "
                     "(snapshot %lld) has no handler for it, but the run "
                     "holds no state of d%d at its end (libxenctrl)",
                     g->vector, g->domid, (long long)g->table_snap,
                     g->domid);
            return;
        }
    }
    if ( t->c->kind == XABI_CLAIM_TRAP_TERMINAL )
    {
        t->reason = w->ng ? XABI_REASON_NO_FACTS : XABI_REASON_NO_SNAPSHOT;
        snprintf(t->undecided_why, sizeof(t->undecided_why),
                 "%s", w->ng ? "Xen delivered no exception to a PV guest "
                               "whose trap table lacked a handler for it"
                             : "no snapshot of the run read a PV guest's "
                               "trap table");
        return;
    }
    snprintf(t->undecided_why, sizeof(t->undecided_why),
             "no PV guest's trap table in the run's snapshots gives vector "
             "%llu DPL 0 (a guest that gives it DPL 3, as Linux does, "
             "would reach its handler through any gate)",
             (unsigned long long)t->c->value);
}

/*
 * CALL_GATE_DPL0: the present call gates (system type 0xc) of the GDT a
 * snapshot read.  The second half of a 64-bit gate has type 0, so it is
 * not one.  t->undecided counts the GDTs read, for the reason.
 */
static void call_gates(struct tally *t, const struct xabi_snapshot *s)
{
    unsigned i;

    if ( !s->gdt_read )
        return;
    t->undecided++;
    for ( i = 0; i < s->ngdt; i++ )
    {
        uint32_t hi = (uint32_t)(s->gdt[i] >> 32);
        unsigned dpl = (hi >> 13) & 3, rpl = (unsigned)(s->gdt[i] >> 16) & 3;

        if ( !(hi & 0x8000) || (hi & 0x1000) || ((hi >> 8) & 0xf) != 0xc )
            continue;
        if ( dpl ? t->refuted++ : (t->refuted || t->verified++) )
            continue;
        xabi_evidence_snapshot(s, &t->ev);
        snprintf(t->why, sizeof(t->why),
                 "snapshot %lld (d%dv%d) read a call gate at GDT index %u "
                 "(0x%016llx) with DPL %u; its target selector's RPL, where "
                 "Xen keeps the DPL the guest asked for, is %u",
                 (long long)s->id, s->domid, s->vcpu, i,
                 (unsigned long long)s->gdt[i], dpl, rpl);
    }
}

/*
 * ENTRY_NOTE: the RIP of a guest's initial snapshot against the entry
 * notes (c->reg: XEN_ELFNOTE_PHYS32_ENTRY, XEN_ELFNOTE_ENTRY) of the
 * kernel images in the database.  A run does not say which kernel its
 * guest booted, so no match leaves it open.
 */
static int entry_note(struct walk *w, struct tally *t,
                      const struct xabi_snapshot *s)
{
    char path[1024];
    int64_t image = 0;
    unsigned nimages = 0;
    uint64_t rip = s->reg[XABI_REG_RIP];

    if ( !((s->reg_mask >> XABI_REG_RIP) & 1) )
        return 0;
    if ( xabi_store_image_with_note(w->st, t->c->reg, rip, w->run_id,
                                    &image, path, sizeof(path), &nimages) )
        return -1;
    if ( image )
    {
        if ( t->refuted || t->verified++ )
            return 0;
        xabi_evidence_snapshot(s, &t->ev);
        snprintf(t->why, sizeof(t->why),
                 "snapshot %lld (d%dv%d) starts at rip 0x%llx, the %s of "
                 "the kernel image of run %lld (%.300s)",
                 (long long)s->id, s->domid, s->vcpu,
                 (unsigned long long)rip, t->c->reg, (long long)image, path);
        return 0;
    }
    if ( t->undecided++ )
        return 0;
    t->reason = XABI_REASON_NOT_IN_SOURCE;
    if ( nimages )
        snprintf(t->undecided_why, sizeof(t->undecided_why),
                 "run %lld is %s: it holds no kernel image, and no kernel "
                 "image run in the database has a %s of 0x%llx, where "
                 "snapshot %lld (d%dv%d) starts (the %u there may be other "
                 "kernels)",
                 (long long)w->run_id, w->run_kind, t->c->reg,
                 (unsigned long long)rip,
                 (long long)s->id, s->domid, s->vcpu, nimages);
    else
        snprintf(t->undecided_why, sizeof(t->undecided_why),
                 "run %lld is %s: it holds no kernel image, and the "
                 "database holds none with a %s to hold against 0x%llx, "
                 "where snapshot %lld (d%dv%d) starts (xabi collect "
                 "--image of the guest's kernel decides it)",
                 (long long)w->run_id, w->run_kind, t->c->reg,
                 (unsigned long long)rip,
                 (long long)s->id, s->domid, s->vcpu);
    return 0;
}

static int snap_cb(void *ctx, const struct xabi_snapshot *s)
{
    struct walk *w = ctx;
    bool traps = false;
    size_t i;

    for ( i = 0; i < w->n; i++ )
    {
        struct tally *t = &w->t[i];
        char why[512];
        int v;

        if ( t->c->kind == XABI_CLAIM_UNOBSERVABLE )
            continue;
        if ( t->c->kind == XABI_CLAIM_CALL_GATE_DPL0 )
        {
            if ( about(t->c, s->type) )
                call_gates(t, s);
            continue;
        }
        if ( t->c->kind == XABI_CLAIM_ENTRY_NOTE )
        {
            if ( about(t->c, s->type) && s->phase == XABI_SNAP_INITIAL &&
                 entry_note(w, t, s) )
                return -1;
            continue;
        }
        if ( is_trap_claim(t->c) )
        {
            /* once a snapshot, for every trap claim about its guest */
            if ( !traps && about(t->c, s->type) )
                trap_table_seen(w, s);
            traps = traps || about(t->c, s->type);
            continue;
        }

        /* A start-of-day claim is decided at the start of day only. */
        if ( !about(t->c, s->type) ||
             (t->c->kind != XABI_CLAIM_DUMP_LABEL &&
              t->c->kind != XABI_CLAIM_GDT_INDEX &&
              s->phase != XABI_SNAP_INITIAL) )
            continue;
        v = judge(t->c, s, why, sizeof(why));
        if ( v < 0 )
        {
            t->undecided++;
            if ( !t->undecided_why[0] )
                snprintf(t->undecided_why, sizeof(t->undecided_why), "%s",
                         why);
            continue;
        }
        if ( v == 0 ? !t->refuted++ : (!t->refuted && !t->verified++) )
        {
            xabi_evidence_snapshot(s, &t->ev);
            snprintf(t->why, sizeof(t->why), "%s", why);
        }
    }
    return 0;
}

static const char *wanted(const struct xabi_claim *c)
{
    if ( c->kind == XABI_CLAIM_DUMP_LABEL )
        return "snapshot from a text dump of an HVM or PVH vCPU";
    if ( c->kind == XABI_CLAIM_GDT_INDEX )
        return "snapshot with the selector in a segment register";
    if ( c->kind == XABI_CLAIM_INT82_DPL1 )
        return "snapshot of a 32-bit PV guest";
    if ( is_trap_claim(c) )
        return "snapshot of a PV guest's trap table";
    if ( c->kind == XABI_CLAIM_CALL_GATE_DPL0 )
        return "snapshot of a PV guest's GDT";
    return "snapshot before the first instruction";
}

static bool pv32_seen(const struct walk *w)
{
    size_t i;

    for ( i = 0; i < w->ng; i++ )
    {
        if ( w->g[i].pv32 )
            return true;
    }
    return false;
}

int xabi_rule_doc_claims(struct xabi_check *ck)
{
    struct tally t[64];
    struct walk w;
    const struct xabi_claim *c;
    bool snapshots = !strcmp(ck->run.source_kind, "snapshot") ||
                     !strcmp(ck->run.source_kind, "live");
    size_t i;
    int rc = 0;

    memset(&w, 0, sizeof(w));
    w.st = ck->st;
    w.run_kind = xabi_run_kind_phrase(ck);
    w.run_id = ck->run.id;
    w.t = t;
    c = xabi_claims(&w.n);
    if ( w.n > sizeof(t) / sizeof(t[0]) )
        return xabi_check_fail(ck, "claims register larger than %zu",
                               sizeof(t) / sizeof(t[0]));
    memset(t, 0, sizeof(t));
    for ( i = 0; i < w.n; i++ )
        t[i].c = &c[i];
    if ( snapshots && xabi_store_each_snapshot(ck->st, ck->run.id, snap_cb,
                                               &w) )
        return xabi_check_store_fail(ck);
    /* The trap claims: what Xen delivered to the guests found above. */
    if ( snapshots &&
         (xabi_store_each_fact(ck->st, ck->run.id, "trap", trap_fact_cb,
                               &w) ||
          xabi_store_each_domain_state(ck->st, ck->run.id, trap_state_cb,
                                       &w) ||
          (pv32_seen(&w) &&
           xabi_store_each_agg(ck->st, ck->run.id, "hypercall",
                               hypercall_agg_cb, &w))) )
        return xabi_check_store_fail(ck);
    for ( i = 0; snapshots && i < w.n; i++ )
    {
        if ( is_trap_claim(&c[i]) )
            trap_undecided(&t[i], &w, !strcmp(ck->run.source_kind, "live"));
    }
    for ( i = 0; i < w.n; i++ )
    {
        if ( c[i].kind != XABI_CLAIM_CALL_GATE_DPL0 || t[i].verified ||
             t[i].refuted || !snapshots )
            continue;
        if ( !t[i].undecided )
        {
            t[i].undecided = 1;
            t[i].reason = XABI_REASON_NO_SNAPSHOT;
            snprintf(t[i].undecided_why, sizeof(t[i].undecided_why),
                     "no snapshot of the run read a PV guest's GDT");
            continue;
        }
        t[i].reason = XABI_REASON_NO_FACTS;
        snprintf(t[i].undecided_why, sizeof(t[i].undecided_why),
                 "%u snapshot%s of the run read a PV guest's GDT, and "
                 "none holds a call gate",
                 t[i].undecided, t[i].undecided == 1 ? "" : "s");
    }
    for ( i = 0; i < w.n && !rc; i++ )
    {
        struct xabi_evidence ev;

        memset(&ev, 0, sizeof(ev));
        if ( c[i].kind == XABI_CLAIM_UNOBSERVABLE )
        {
            ev.kind = "claim";
            ev.key = c[i].nr;
            rc = xabi_emit_not_observed(ck, XABI_REASON_NOT_IN_SOURCE, &ev,
                                        "claim %u: %s", c[i].nr,
                                        c[i].decided_by);
            continue;
        }
        if ( t[i].refuted || t[i].verified )
            ev = t[i].ev;
        ev.kind = "claim";
        ev.key = c[i].nr;
        if ( t[i].refuted )
            rc = xabi_emit(ck, ck->rule->severity, &ev,
                           "claim %u refuted: %s%s", c[i].nr, t[i].why,
                           t[i].verified ? " (other snapshots agree with "
                                           "the claim)"
                                         : "");
        else if ( t[i].verified )
            rc = xabi_emit(ck, XABI_PASS, &ev, "claim %u verified: %s",
                           c[i].nr, t[i].why);
        else if ( t[i].undecided )
            rc = xabi_emit_not_observed(ck,
                                        t[i].reason ? t[i].reason
                                                    : XABI_REASON_NO_SNAPSHOT,
                                        &ev,
                                        "claim %u: %s", c[i].nr,
                                        t[i].undecided_why);
        else if ( !snapshots )
            rc = xabi_emit_not_observed(ck, XABI_REASON_NOT_IN_SOURCE, &ev,
                                        "claim %u: run %lld is %s: it "
                                        "holds no vCPU snapshot, so no %s",
                                        c[i].nr, (long long)w.run_id,
                                        w.run_kind, wanted(&c[i]));
        else if ( c[i].kind == XABI_CLAIM_DUMP_LABEL )
            rc = xabi_emit_not_observed(ck, XABI_REASON_NO_SNAPSHOT, &ev,
                                        "claim %u: the run has no %s",
                                        c[i].nr, wanted(&c[i]));
        else
            rc = xabi_emit_not_observed(ck, XABI_REASON_NO_SNAPSHOT, &ev,
                                        "claim %u: the run has no %s %s",
                                        c[i].nr, c[i].guest, wanted(&c[i]));
    }
    return rc;
}
