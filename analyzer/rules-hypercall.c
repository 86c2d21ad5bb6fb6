/*
 * rules-hypercall.c: the HC-* rules, over the hypercall, subcall and
 * hvm_vmmcall facts of a run and the catalogue of its Xen version.
 *
 * The facts that decide a rule are tables here (compat ops, where a
 * sub-op number lives), each citing the Xen source it comes from; what a
 * version defines comes from the catalogue (schema/004-abi.sql), and which
 * ops Xen wires up for HVM and PVH guests from abi/ (hypercall.c).
 */
#include "analyzer/analyzer-int.h"

#include <stdio.h>
#include <string.h>

/* Every fact kind that carries a hypercall number as its key. */
static const char *const hypercall_kinds[] = {
    "hypercall", "subcall", "hvm_vmmcall",
};
#define NHYPERCALL_KINDS (sizeof(hypercall_kinds) / sizeof(hypercall_kinds[0]))

/* A walk over aggregates with the rule's per-aggregate test. */
struct hc_walk
{
    struct xabi_check *ck;
    struct xabi_tally tally;
    /* Emit a finding and return 1 if a is a violation, 0 if not, -1. */
    int (*test)(struct hc_walk *w, const struct xabi_fact_agg *a);
};

static int hc_agg(void *ctx, const struct xabi_fact_agg *a)
{
    struct hc_walk *w = ctx;
    int bad = w->test(w, a);

    if ( bad < 0 )
        return -1;
    return xabi_tally_add(w->ck, &w->tally, a->domid, a->vcpu, a->count, bad,
                          a->has_tsc, a->first_tsc, a->last_tsc);
}

/* Run test over the aggregates of the given kinds, then close the tally. */
static int hc_run(struct xabi_check *ck, const char *const *kinds, size_t n,
                  int (*test)(struct hc_walk *, const struct xabi_fact_agg *),
                  const char *what, const char *ok)
{
    struct hc_walk w;
    char read[128] = "";
    size_t i, used = 0;

    memset(&w, 0, sizeof(w));
    w.ck = ck;
    w.test = test;
    for ( i = 0; i < n; i++ )
    {
        if ( xabi_store_each_agg(ck->st, ck->run.id, kinds[i], hc_agg, &w) )
        {
            xabi_tally_free(&w.tally);
            return ck->err[0] ? -1 : xabi_check_store_fail(ck);
        }
        if ( used < sizeof(read) )
            used += (size_t)snprintf(read + used, sizeof(read) - used,
                                     "%s%s", i ? " " : "", kinds[i]);
    }
    return xabi_tally_close(ck, &w.tally, read, what, ok);
}

/* Emit a violation with the aggregate's evidence. */
static int hc_violation(struct hc_walk *w, const struct xabi_fact_agg *a,
                        const char *fmt, const char *name)
{
    struct xabi_evidence ev;

    if ( xabi_evidence_agg(w->ck, a, &ev) )
        return -1;
    if ( xabi_emit(w->ck, w->ck->rule->severity, &ev, fmt, a->kind,
                   (long long)a->key, name, (unsigned long long)a->count,
                   w->ck->run.xen_version) )
        return -1;
    return 1;
}

/* ---- HC-001: the op is defined for the run's version ------------------ */

/*
 * An op missing from a catalogue whose import skipped header lines may be
 * one of those lines: xabi's gap, not the guest's fault.
 */
static int not_in_partial_catalogue(struct hc_walk *w,
                                    const struct xabi_fact_agg *a)
{
    struct xabi_evidence ev;

    if ( xabi_evidence_agg(w->ck, a, &ev) ||
         xabi_emit_not_observed(w->ck, XABI_REASON_NO_CATALOGUE, &ev,
                                "%s op %lld x%llu is not in the catalogue of "
                                "Xen %s, whose import skipped %lld header "
                                "lines",
                                a->kind, (long long)a->key,
                                (unsigned long long)a->count,
                                w->ck->abi_version,
                                (long long)w->ck->cat_skipped) )
        return -1;
    return 1;
}

static int test_defined(struct hc_walk *w, const struct xabi_fact_agg *a)
{
    struct xabi_cat_hypercall h;
    bool found;

    if ( xabi_store_abi_hypercall(w->ck->st, w->ck->abi_version, a->key, &h,
                                  &found) )
        return xabi_check_store_fail(w->ck);
    if ( found && !h.dropped )
        return 0;
    if ( !found && w->ck->cat_skipped )
        return not_in_partial_catalogue(w, a);
    return hc_violation(w, a,
                        found ? "%s op %lld (%s) x%llu: no longer available in Xen %s"
                              : "%s op %lld%s x%llu: not defined in Xen %s",
                        found ? h.name : "");
}

int xabi_rule_hc_defined(struct xabi_check *ck)
{
    if ( ck->cat_hypercalls == 0 )
        return xabi_emit_not_observed(
            ck, XABI_REASON_NO_CATALOGUE, NULL,
            "the catalogue holds no hypercalls for Xen %s "
            "(schema/catalogue/xen-%s.sql not imported)",
            ck->abi_version, ck->abi_version);
    return hc_run(ck, hypercall_kinds, NHYPERCALL_KINDS, test_defined,
                  "hypercall records", "every op is defined for this version");
}

/* ---- HC-002: compat and deprecated ops ------------------------------- */

/* xen/include/public/xen.h: the "_compat" ops kept for old guests. */
static const struct
{
    int nr;
    const char *name, *instead;
} compat_ops[] = {
    { 6, "sched_op_compat", "sched_op (29)" },
    { 16, "event_channel_op_compat", "event_channel_op (32)" },
    { 19, "physdev_op_compat", "physdev_op (33)" },
};

static int test_compat(struct hc_walk *w, const struct xabi_fact_agg *a)
{
    struct xabi_cat_hypercall h;
    struct xabi_evidence ev;
    bool found = false;
    size_t i;

    for ( i = 0; i < sizeof(compat_ops) / sizeof(compat_ops[0]); i++ )
    {
        if ( a->key != compat_ops[i].nr )
            continue;
        if ( xabi_evidence_agg(w->ck, a, &ev) ||
             xabi_emit(w->ck, w->ck->rule->severity, &ev,
                       "%s op %d (%s) x%llu: deprecated, use %s", a->kind,
                       compat_ops[i].nr, compat_ops[i].name,
                       (unsigned long long)a->count, compat_ops[i].instead) )
            return -1;
        return 1;
    }
    /* Beyond the three: what the version's headers mark deprecated. */
    if ( w->ck->cat_hypercalls &&
         xabi_store_abi_hypercall(w->ck->st, w->ck->abi_version, a->key, &h,
                                  &found) )
        return xabi_check_store_fail(w->ck);
    if ( !found || !h.deprecated )
        return 0;
    return hc_violation(w, a, "%s op %lld (%s) x%llu: deprecated in Xen %s",
                        h.name);
}

int xabi_rule_hc_compat(struct xabi_check *ck)
{
    static const char *const kinds[] = { "hypercall", "subcall" };

    return hc_run(ck, kinds, 2, test_compat, "PV hypercall records",
                  "no compat op (6, 16, 19) used");
}

/* ---- HC-003: ops Xen wires up for HVM and PVH guests ------------------ */

/*
 * Which ops Xen dispatches for an HVM or PVH guest is a Xen fact per
 * release (abi/: xabi_abi_hypercall_wiring, from Xen's own tables).  A
 * trace does not record whether the guest was in 32- or 64-bit mode, so
 * an op counts as wired when both hvm columns agree; where they differ,
 * the width would decide and the op is NOT-OBSERVED.
 */
static int test_hvm_wired(struct hc_walk *w, const struct xabi_fact_agg *a)
{
    struct xabi_check *ck = w->ck;
    struct xabi_hc_wiring wi;
    struct xabi_evidence ev;
    unsigned hvm;
    char name[80];

    if ( xabi_abi_hypercall_wiring(ck->run.xen_version, a->key, &wi) )
        return 0; /* not reached: the rule checked the version first */
    hvm = wi.cols & XABI_HC_COL_HVM;
    if ( hvm == XABI_HC_COL_HVM )
        return 0;
    snprintf(name, sizeof(name), "%s%.60s%s", wi.name ? " (" : "",
             wi.name ? wi.name : "", wi.name ? ")" : "");
    if ( xabi_evidence_agg(ck, a, &ev) )
        return -1;
    if ( hvm )
        return xabi_emit_not_observed(
                   ck, XABI_REASON_NO_SNAPSHOT, &ev,
                   "%s op %lld%s x%llu: Xen %s wires it up for %s guests "
                   "only, and the trace does not say which mode the guest "
                   "was in (%s)",
                   a->kind, (long long)a->key, name,
                   (unsigned long long)a->count, ck->abi_version,
                   hvm == XABI_HC_COL_HVM64 ? "64-bit" : "32-bit",
                   wi.cite_hvm) ? -1 : 1;
    if ( xabi_emit(ck, ck->rule->severity, &ev,
                   "%s op %lld%s x%llu: not wired up for HVM or PVH guests "
                   "in Xen %s%s%s%s, which answers -ENOSYS (%s)",
                   a->kind, (long long)a->key, name,
                   (unsigned long long)a->count, ck->abi_version,
                   (wi.cols_config & XABI_HC_COL_HVM) ? " unless built with "
                                                       : "",
                   (wi.cols_config & XABI_HC_COL_HVM) ? wi.condition : "",
                   (wi.cols_config & XABI_HC_COL_HVM) ? " (off by default)"
                                                       : "",
                   wi.cite_hvm) )
        return -1;
    return 1;
}

int xabi_rule_hc_hvm_wired(struct xabi_check *ck)
{
    static const char *const kinds[] = { "hvm_vmmcall" };
    struct xabi_hc_wiring wi;

    if ( xabi_abi_hypercall_wiring(ck->run.xen_version, 0, &wi) )
        return xabi_emit_not_observed(
            ck, XABI_REASON_NO_CATALOGUE, NULL,
            "xabi has no hypercall table for Xen %s (abi/hypercall-tables.h "
            "covers 4.2 to 4.22)", ck->run.xen_version);
    return hc_run(ck, kinds, 1, test_hvm_wired, "HVM/PVH hypercall records",
                  "every op is one Xen wires up for HVM and PVH guests");
}

/* ---- HC-004: reserved argument-width code ----------------------------- */

static int test_none(struct hc_walk *w, const struct xabi_fact_agg *a)
{
    (void)w;
    (void)a;
    return 0;
}

static int bad_args_row(void *ctx, const struct xabi_fact *f, int sample)
{
    struct hc_walk *w = ctx;
    struct xabi_evidence ev;

    (void)sample;
    xabi_evidence_fact(f, &ev);
    if ( xabi_emit(w->ck, w->ck->rule->severity, &ev,
                   "hypercall op %lld: a TRC_PV_HYPERCALL_V2 record uses the "
                   "reserved argument-width code 3",
                   (long long)f->key) )
        return -1;
    return xabi_tally_add(w->ck, &w->tally, f->domid, f->vcpu, 1, true,
                          f->has_tsc, f->tsc, f->tsc);
}

int xabi_rule_hc_bad_args(struct xabi_check *ck)
{
    struct hc_walk w;

    memset(&w, 0, sizeof(w));
    w.ck = ck;
    w.test = test_none;
    if ( xabi_store_each_fact(ck->st, ck->run.id, "hypercall_bad_args",
                              bad_args_row, &w) ||
         xabi_store_each_agg(ck->st, ck->run.id, "hypercall", hc_agg, &w) )
    {
        xabi_tally_free(&w.tally);
        return ck->err[0] ? -1 : xabi_check_store_fail(ck);
    }
    return xabi_tally_close(ck, &w.tally, "hypercall", "PV hypercall records",
                            "every argument-width code is 0, 1 or 2");
}

/* ---- HC-005: a multicall inside a multicall --------------------------- */

static int test_nested(struct hc_walk *w, const struct xabi_fact_agg *a)
{
    if ( a->key != 13 )
        return 0;
    return hc_violation(w, a,
                        "%s op %lld%s x%llu: a multicall inside a multicall, "
                        "which Xen %s refuses",
                        " (multicall)");
}

int xabi_rule_hc_nested_multicall(struct xabi_check *ck)
{
    static const char *const kinds[] = { "subcall" };

    return hc_run(ck, kinds, 1, test_nested, "multicall sub-calls",
                  "no sub-call is itself a multicall");
}

/* ---- HC-006: an unknown sub-op ---------------------------------------- */

/*
 * The multiplexed ops whose first argument is the sub-op number, and the
 * bits of it that are.  memory_op packs an extent start above its
 * command: xen/include/public/memory.h: MEMOP_CMD_MASK.  Ops that pass a
 * pointer first (mmuext_op, platform_op, domctl, sysctl) are not here.
 */
static const struct
{
    const char *name;
    uint64_t mask;
} subop_in_arg0[] = {
    { "sched_op", 0xffffffff },  { "memory_op", 0x3f },
    { "xen_version", 0xffffffff }, { "console_io", 0xffffffff },
    { "grant_table_op", 0xffffffff }, { "vcpu_op", 0xffffffff },
    { "event_channel_op", 0xffffffff }, { "physdev_op", 0xffffffff },
    { "hvm_op", 0xffffffff },    { "callback_op", 0xffffffff },
    { "nmi_op", 0xffffffff },    { "vm_assist", 0xffffffff },
};

/* Catalogue names of ops 0-63, looked up once per check. */
struct op_names
{
    bool looked[64], found[64];
    struct xabi_cat_hypercall h[64];
};

struct subop_walk
{
    struct xabi_check *ck;
    struct xabi_tally tally;
    struct op_names names;
};

/* The catalogue entry of op nr, cached; NULL if none.  -1 in *rc. */
static const struct xabi_cat_hypercall *op_name(struct xabi_check *ck,
                                                struct op_names *c, int64_t nr,
                                                int *rc)
{
    *rc = 0;
    if ( nr < 0 || nr >= 64 ) /* no multiplexed op lives up there */
        return NULL;
    if ( !c->looked[nr] )
    {
        c->looked[nr] = true;
        if ( xabi_store_abi_hypercall(ck->st, ck->abi_version, nr, &c->h[nr],
                                      &c->found[nr]) )
            *rc = xabi_check_store_fail(ck);
    }
    return c->found[nr] ? &c->h[nr] : NULL;
}

/* Is f's sub-op known?  1 violation (emitted), 0 fine or n/a, -1 error. */
static int subop_test(struct subop_walk *w, const struct xabi_fact *f,
                      bool *checked)
{
    struct xabi_check *ck = w->ck;
    const struct xabi_cat_hypercall *h;
    struct xabi_evidence ev;
    bool catalogued, known;
    uint64_t nr;
    size_t i;
    int rc;

    *checked = false;
    if ( !(f->argmask & 1) )
        return 0;
    h = op_name(ck, &w->names, f->key, &rc);
    for ( i = 0; h && i < sizeof(subop_in_arg0) / sizeof(subop_in_arg0[0]);
          i++ )
    {
        if ( strcmp(h->name, subop_in_arg0[i].name) != 0 )
            continue;
        nr = f->args[0] & subop_in_arg0[i].mask;
        if ( xabi_store_abi_subop(ck->st, ck->abi_version, h->name,
                                  (int64_t)nr, &catalogued, &known) )
            return xabi_check_store_fail(ck);
        *checked = catalogued;
        if ( !catalogued || known )
            return 0;
        xabi_evidence_fact(f, &ev);
        if ( xabi_emit(ck, ck->rule->severity, &ev,
                       "%s sub-op %llu is not defined in Xen %s", h->name,
                       (unsigned long long)nr, ck->run.xen_version) )
            return -1;
        return 1;
    }
    return rc;
}

static int subop_fact(void *ctx, const struct xabi_fact *f, int sample)
{
    struct subop_walk *w = ctx;
    bool checked;
    int bad = subop_test(w, f, &checked);

    (void)sample;
    if ( bad < 0 )
        return -1;
    if ( !checked && !bad )
        return 0;
    return xabi_tally_add(w->ck, &w->tally, f->domid, f->vcpu, 1, bad,
                          f->has_tsc, f->tsc, f->tsc);
}

int xabi_rule_hc_subop(struct xabi_check *ck)
{
    static const char *const kinds[] = { "hypercall", "subcall" };
    struct subop_walk w;
    size_t i;

    if ( ck->cat_subops == 0 )
        return xabi_emit_not_observed(
            ck, XABI_REASON_NO_CATALOGUE, NULL,
            "the catalogue holds no sub-ops for Xen %s", ck->abi_version);
    memset(&w, 0, sizeof(w));
    w.ck = ck;
    for ( i = 0; i < 2; i++ )
    {
        if ( xabi_store_each_fact(ck->st, ck->run.id, kinds[i], subop_fact,
                                  &w) )
        {
            xabi_tally_free(&w.tally);
            return ck->err[0] ? -1 : xabi_check_store_fail(ck);
        }
    }
    return xabi_tally_close(ck, &w.tally, "hypercall subcall",
                            "recorded calls of multiplexed ops",
                            "every sub-op is defined for this version");
}
