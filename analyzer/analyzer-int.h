/*
 * Internals of analyzer/: the check context the rules receive, evidence,
 * and the helpers every rule family shares.  Only the .c files of analyzer/ include it.
 */
#ifndef XABI_ANALYZER_INT_H
#define XABI_ANALYZER_INT_H

#include "analyzer/analyzer.h"

/* The context of one check: one run, one rule at a time. */
struct xabi_check
{
    struct xabi_store *st;
    struct xabi_run_row run;
    const struct xabi_rule *rule;   /* the rule running now */
    xabi_finding_fn fn;
    void *fn_ctx;
    struct xabi_check_summary *sum;
    struct xabi_lost *lost;         /* the run's lost spans */
    size_t nlost;
    char abi_version[16];           /* "4.17" of run.xen_version "4.17.7" */
    int64_t cat_hypercalls, cat_subops; /* catalogue rows for it */
    int64_t cat_skipped; /* header lines its import could not read */
    char *err;
    size_t errlen;
};

/* Where a finding's evidence is. */
struct xabi_evidence
{
    bool has_domain;
    int32_t domid, vcpu;
    bool has_tsc;
    uint64_t tsc;
    int64_t snapshot_id;
    bool has_offset;
    uint64_t offset;
    const char *kind;
    int64_t key;
    uint64_t count;
};

/* Emit a finding of the running rule; printf-style message. */
int xabi_emit(struct xabi_check *ck, enum xabi_verdict v,
              const struct xabi_evidence *ev, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int xabi_emit_not_observed(struct xabi_check *ck, enum xabi_reason why,
                           const struct xabi_evidence *ev, const char *fmt,
                           ...) __attribute__((format(printf, 4, 5)));
/* Record xabi's own failure (a store error); returns -1. */
int xabi_check_fail(struct xabi_check *ck, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
int xabi_check_store_fail(struct xabi_check *ck);

/* Evidence of an aggregate: its vCPU, first TSC, first sample's offset. */
int xabi_evidence_agg(struct xabi_check *ck, const struct xabi_fact_agg *a,
                      struct xabi_evidence *ev);
void xabi_evidence_fact(const struct xabi_fact *f, struct xabi_evidence *ev);
void xabi_evidence_snapshot(const struct xabi_snapshot *s,
                            struct xabi_evidence *ev);

/* A lost span overlapping [first, last] (any when !has_tsc), or NULL. */
const struct xabi_lost *xabi_lost_within(const struct xabi_check *ck,
                                         bool has_tsc, uint64_t first,
                                         uint64_t last);

/*
 * Per-vCPU tallies of the facts a rule looked at, so that a rule reports
 * each violation as it finds it and then one PASS per clean vCPU, or
 * NOT-OBSERVED where records were lost in its span or no scheduler record
 * names its domain.
 */
struct xabi_tally_entry
{
    int32_t domid, vcpu;
    uint64_t facts;
    unsigned bad;
    bool has_tsc;
    uint64_t first_tsc, last_tsc;
};
struct xabi_tally
{
    struct xabi_tally_entry *e;
    size_t n, cap;
};
int xabi_tally_add(struct xabi_check *ck, struct xabi_tally *t, int32_t domid,
                   int32_t vcpu, uint64_t facts, bool bad, bool has_tsc,
                   uint64_t first, uint64_t last);
/*
 * Emit the clean vCPUs' findings (PASS "N <what>: <ok>"), or, when nothing
 * was tallied, xabi_emit_absent(kinds), and free the tally.
 */
int xabi_tally_close(struct xabi_check *ck, struct xabi_tally *t,
                     const char *kinds, const char *what, const char *ok);
/* Is the run a trace (a file, or live)? */
bool xabi_run_is_trace(const struct xabi_check *ck);
/* The run's source kind as a message says it: "a trace", "a kernel
 * image"... */
const char *xabi_run_kind_phrase(const struct xabi_check *ck);
/*
 * The run-wide NOT-OBSERVED of a rule that found no fact of the kinds
 * (fact_kind names, space-separated) it reads: not-in-source or
 * not-traced, naming the cause, when the run could not have recorded any
 * of them (store: xabi_store_observable); no-facts when it could.
 */
int xabi_emit_absent(struct xabi_check *ck, const char *kinds,
                     const char *what);
/* Free without emitting, after a failure. */
void xabi_tally_free(struct xabi_tally *t);

/* Walk the snapshots of the run; NOT-OBSERVED no-snapshot if none match. */
typedef int (*xabi_snapshot_rule_fn)(struct xabi_check *ck,
                                     const struct xabi_snapshot *s);
int xabi_each_snapshot(struct xabi_check *ck, xabi_snapshot_rule_fn fn,
                       const char *wanted);

/* The rule families' checks, referenced by the registry in rules.c. */
int xabi_rule_hc_defined(struct xabi_check *ck);
int xabi_rule_hc_compat(struct xabi_check *ck);
int xabi_rule_hc_hvm_wired(struct xabi_check *ck);
int xabi_rule_hc_bad_args(struct xabi_check *ck);
int xabi_rule_hc_nested_multicall(struct xabi_check *ck);
int xabi_rule_hc_subop(struct xabi_check *ck);
int xabi_rule_hcpage_stubs(struct xabi_check *ck);
int xabi_rule_hcpage_iret(struct xabi_check *ck);
int xabi_rule_trap_error_code(struct xabi_check *ck);
int xabi_rule_trap_vector(struct xabi_check *ck);
int xabi_rule_trap_dpl(struct xabi_check *ck);
int xabi_rule_trap_pf_rsvd(struct xabi_check *ck);
int xabi_rule_seg_start_of_day(struct xabi_check *ck);
int xabi_rule_seg_exception_handlers(struct xabi_check *ck);
int xabi_rule_seg_syscall_callback(struct xabi_check *ck);
int xabi_rule_seg_compat_callbacks(struct xabi_check *ck);
int xabi_rule_seg_gdt_audit(struct xabi_check *ck);
int xabi_rule_seg_event_callbacks(struct xabi_check *ck);
int xabi_rule_seg_vm_assist(struct xabi_check *ck);
int xabi_rule_hvm_real_mode_base(struct xabi_check *ck);
int xabi_rule_tool_dump_labels(struct xabi_check *ck);
int xabi_rule_pvh_control_regs(struct xabi_check *ck);
int xabi_rule_pvh_segments(struct xabi_check *ck);
int xabi_rule_pvh_eflags(struct xabi_check *ck);
int xabi_rule_pvh_start_info(struct xabi_check *ck);
int xabi_rule_dom_crash(struct xabi_check *ck);
int xabi_rule_doc_claims(struct xabi_check *ck);
/*
 * NULL if segment reg's hidden state is what docs/misc/pvh.pandoc asks of
 * it at a PVH guest's entry (flat 32-bit code or data, TR a 32-bit TSS of
 * limit 0x67); else what is wrong.  Also for a register it says nothing
 * of ("not a register pvh.pandoc describes").
 */
const char *xabi_pvh_seg_problem(enum xabi_sreg reg,
                                 const struct xabi_segment *g);
int xabi_rule_trace_lost(struct xabi_check *ck);
int xabi_rule_trace_unattributed(struct xabi_check *ck);
int xabi_rule_trace_truncated(struct xabi_check *ck);

#endif
