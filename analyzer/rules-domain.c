/*
 * rules-domain.c: the DOM-* rules, about domains as a whole: whether one
 * crashed while the run watched.
 *
 * Two sources can show a crash.  A trace holds TRC_SCHED_SHUTDOWN when a
 * guest itself asks to be shut down (SCHEDOP_shutdown; Linux does so with
 * SHUTDOWN_crash when it panics), and TRC_SCHED_SHUTDOWN_CODE when it sets
 * the reason of a later one; both are written from do_sched_op
 * (xen/common/sched/core.c).  A crash Xen imposes itself (domain_crash:
 * an exception with no handler, a failed emulation) goes through
 * domain_shutdown (xen/common/domain.c), which writes no trace record: only
 * a live run, asking libxenctrl at its end, sees it.
 */
#include "abi/abi.h"
#include "analyzer/analyzer-int.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* How many exceptions before a crash its finding names. */
#define CRASH_CONTEXT 3

struct dom_walk
{
    struct xabi_check *ck;
    uint64_t shutdowns, crashes;
    /* The domains whose crash a trace record showed. */
    int32_t crashed[64];
    size_t ncrashed;
    /* The exceptions before one crash, as text. */
    char context[640];
    size_t ncontext;
    /* Live states: the start state of the domain being walked. */
    bool have_start;
    struct xabi_domain_state start;
    uint64_t states;
};

/* One exception before a crash: "#GP ec 0x202 (IDT vector ...) at rip ...". */
static int context_fact(void *ctx, const struct xabi_fact *f, int sample)
{
    struct dom_walk *w = ctx;
    const char *mn = xabi_vector_mnemonic((unsigned)f->key);
    char what[160] = "", rip[40] = "";
    size_t used = strlen(w->context);

    (void)sample;
    if ( f->has_error_code )
        xabi_error_code_describe((unsigned)f->key, f->error_code, what,
                                 sizeof(what));
    if ( f->has_rip )
        snprintf(rip, sizeof(rip), " at rip 0x%llx",
                 (unsigned long long)f->rip);
    snprintf(w->context + used, sizeof(w->context) - used,
             "%s%s %s", w->ncontext ? "; " : "",
             strcmp(f->kind, "trap") == 0 ? "PV trap" :
             strcmp(f->kind, "hvm_inj_exc") == 0 ? "injected" : "intercepted",
             mn ? mn : "vector");
    used = strlen(w->context);
    if ( !mn )
        snprintf(w->context + used, sizeof(w->context) - used, " %lld",
                 (long long)f->key);
    used = strlen(w->context);
    if ( f->has_error_code )
        snprintf(w->context + used, sizeof(w->context) - used,
                 " ec 0x%x%s%s%s", f->error_code, what[0] ? " (" : "", what,
                 what[0] ? ")" : "");
    used = strlen(w->context);
    snprintf(w->context + used, sizeof(w->context) - used,
             "%s on v%d, TSC %llu, offset %llu", rip, f->vcpu,
             (unsigned long long)f->tsc, (unsigned long long)f->offset);
    w->ncontext++;
    return 0;
}

static int shutdown_fact(void *ctx, const struct xabi_fact *f, int sample)
{
    struct dom_walk *w = ctx;
    bool code = strcmp(f->kind, "dom_shutdown_code") == 0;
    int32_t domid = (int32_t)f->args[0], vcpu = (int32_t)f->args[1];
    const char *name = xabi_shutdown_reason_name((uint32_t)f->key);
    struct xabi_evidence ev;

    (void)sample;
    w->shutdowns++;
    if ( f->key != XABI_SHUTDOWN_CRASH )
        return 0;
    w->crashes++;
    if ( w->ncrashed < sizeof(w->crashed) / sizeof(w->crashed[0]) )
        w->crashed[w->ncrashed++] = domid;
    w->context[0] = '\0';
    w->ncontext = 0;
    if ( xabi_store_last_exceptions(w->ck->st, w->ck->run.id, domid, f->tsc,
                                    CRASH_CONTEXT, context_fact, w) )
        return xabi_check_store_fail(w->ck);
    xabi_evidence_fact(f, &ev);
    ev.domid = domid;
    ev.vcpu = vcpu;
    return xabi_emit(w->ck, w->ck->rule->severity, &ev,
                     "d%d v%d %s %s (reason %lld) at TSC %llu, offset %llu "
                     "(%s). %s%s%s",
                     domid, vcpu,
                     code ? "set its shutdown code to" : "shut down:",
                     name ? name : "?", (long long)f->key,
                     (unsigned long long)f->tsc,
                     (unsigned long long)f->offset,
                     code ? "TRC_SCHED_SHUTDOWN_CODE"
                          : "TRC_SCHED_SHUTDOWN",
                     w->ncontext ? "Last exceptions before it, newest "
                                   "first: "
                                 : "No exception delivered to it before, "
                                   "in this trace",
                     w->context, w->ncontext ? "" : ".");
}

static bool crash_traced(const struct dom_walk *w, int32_t domid)
{
    size_t i;

    for ( i = 0; i < w->ncrashed; i++ )
        if ( w->crashed[i] == domid )
            return true;
    return false;
}

/* A live run's view: a domain shut down with SHUTDOWN_crash at the end. */
static int state_row(void *ctx, const struct xabi_domain_state *d)
{
    struct dom_walk *w = ctx;
    struct xabi_evidence ev;
    bool before;

    w->states++;
    if ( !d->end )
    {
        w->have_start = true;
        w->start = *d;
        return 0;
    }
    before = w->have_start && w->start.domid == d->domid &&
             w->start.shutdown && w->start.reason == XABI_SHUTDOWN_CRASH;
    w->have_start = false;
    if ( !d->shutdown || d->reason != XABI_SHUTDOWN_CRASH )
        return 0;
    memset(&ev, 0, sizeof(ev));
    ev.has_domain = true;
    ev.domid = d->domid;
    ev.vcpu = -1;
    ev.kind = "live_domain_state";
    ev.key = d->reason;
    if ( before )
        return xabi_emit(w->ck, XABI_INFO, &ev,
                         "d%d had crashed before the run began (libxenctrl "
                         "at its start and end)", d->domid);
    w->crashes++;
    if ( crash_traced(w, d->domid) )
        return xabi_emit(w->ck, w->ck->rule->severity, &ev,
                         "d%d was shut down with reason crash (3) at the "
                         "end of the run%s (libxenctrl: "
                         "xc_domain_getinfolist)",
                         d->domid, d->dying ? ", dying" : "");
    /* No record says when: the last exceptions of the whole run. */
    w->context[0] = '\0';
    w->ncontext = 0;
    if ( xabi_store_last_exceptions(w->ck->st, w->ck->run.id, d->domid,
                                    INT64_MAX, CRASH_CONTEXT, context_fact,
                                    w) )
        return xabi_check_store_fail(w->ck);
    return xabi_emit(w->ck, w->ck->rule->severity, &ev,
                     "d%d was shut down with reason crash (3) at the end of "
                     "the run%s (libxenctrl: xc_domain_getinfolist); no "
                     "shutdown record in the trace: Xen crashed it itself, "
                     "or its record was not traced. %s%s",
                     d->domid, d->dying ? ", dying" : "",
                     w->ncontext ? "Last exceptions delivered to it, newest "
                                   "first: "
                                 : "No exception delivered to it in the "
                                   "trace.",
                     w->context);
}

int xabi_rule_dom_crash(struct xabi_check *ck)
{
    struct dom_walk w;
    bool traced = false;
    bool is_trace = strcmp(ck->run.source_kind, "trace") == 0 ||
                    strcmp(ck->run.source_kind, "live") == 0;

    memset(&w, 0, sizeof(w));
    w.ck = ck;
    if ( is_trace && ck->run.records &&
         xabi_store_event_class_seen(ck->st, ck->run.id, 2, &traced) )
        return xabi_check_store_fail(ck);
    if ( traced &&
         (xabi_store_each_fact(ck->st, ck->run.id, "dom_shutdown",
                               shutdown_fact, &w) ||
          xabi_store_each_fact(ck->st, ck->run.id, "dom_shutdown_code",
                               shutdown_fact, &w)) )
        return ck->err[0] ? -1 : xabi_check_store_fail(ck);
    if ( xabi_store_each_domain_state(ck->st, ck->run.id, state_row, &w) )
        return ck->err[0] ? -1 : xabi_check_store_fail(ck);
    if ( w.crashes )
        return 0;
    if ( !traced && !w.states )
        return is_trace
                   ? xabi_emit_not_observed(
                         ck, XABI_REASON_NO_SCHED, NULL,
                         "the trace has no scheduler records: a guest's "
                         "shutdown (TRC_SCHED_SHUTDOWN) could not be seen")
                   : xabi_emit_not_observed(
                         ck, XABI_REASON_NOT_IN_SOURCE, NULL,
                         "run %lld is %s, not a trace or a live run: it "
                         "holds no shutdown record and no domain state",
                         (long long)ck->run.id, xabi_run_kind_phrase(ck));
    if ( !w.states )
        return xabi_emit(ck, XABI_PASS, NULL,
                         "no guest asked to shut down with SHUTDOWN_crash "
                         "(%llu shutdown records in the trace); a crash Xen "
                         "imposes itself (domain_crash) writes no trace "
                         "record, and only a live run sees it",
                         (unsigned long long)w.shutdowns);
    if ( !traced )
        return xabi_emit(ck, XABI_PASS, NULL,
                         "no domain still on the host at the end of the run "
                         "was shut down with reason crash (libxenctrl); the "
                         "trace has no scheduler records to show shutdown "
                         "requests");
    return xabi_emit(ck, XABI_PASS, NULL,
                     "%llu shutdown records in the trace, none a crash, and "
                     "no domain still on the host at the end of the run was "
                     "shut down with reason crash (libxenctrl)",
                     (unsigned long long)w.shutdowns);
}
