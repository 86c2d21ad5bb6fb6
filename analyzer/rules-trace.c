/*
 * rules-trace.c: the TRACE-* rules, about the trace itself: records Xen
 * could not write, records nothing attributes to a domain, a trace that
 * ends mid-record.  They qualify every other rule's findings, so they say
 * it once per run (or once per lost span), not once per fact.
 */
#include "analyzer/analyzer-int.h"

#include <stdio.h>
#include <string.h>

static bool is_trace(const struct xabi_check *ck)
{
    return xabi_run_is_trace(ck);
}

static int no_trace(struct xabi_check *ck)
{
    if ( is_trace(ck) )
        return xabi_emit_not_observed(ck, XABI_REASON_NO_FACTS, NULL,
                                      "run %lld is %s that holds no "
                                      "record at all",
                                      (long long)ck->run.id,
                                      xabi_run_kind_phrase(ck));
    return xabi_emit_not_observed(ck, XABI_REASON_NOT_IN_SOURCE, NULL,
                                  "run %lld is %s, not a trace: it holds "
                                  "no trace records",
                                  (long long)ck->run.id,
                                  xabi_run_kind_phrase(ck));
}

int xabi_rule_trace_lost(struct xabi_check *ck)
{
    struct xabi_evidence ev;
    size_t i;

    if ( !is_trace(ck) || ck->run.records == 0 )
        return no_trace(ck);
    if ( ck->nlost == 0 && ck->run.lost_records == 0 )
        return xabi_emit(ck, XABI_PASS, NULL,
                         "no records lost among %llu",
                         (unsigned long long)ck->run.records);
    for ( i = 0; i < ck->nlost; i++ )
    {
        const struct xabi_lost *l = &ck->lost[i];

        memset(&ev, 0, sizeof(ev));
        ev.has_domain = true;
        ev.domid = l->domid;
        ev.vcpu = l->vcpu;
        ev.has_tsc = true;
        ev.tsc = l->first_tsc;
        ev.has_offset = true;
        ev.offset = l->offset;
        ev.count = l->count;
        if ( xabi_emit(ck, ck->rule->severity, &ev,
                       "%u records lost on pCPU %u, TSC %llu-%llu: rules "
                       "over that span say NOT-OBSERVED",
                       l->count, l->pcpu, (unsigned long long)l->first_tsc,
                       (unsigned long long)l->tsc) )
            return -1;
    }
    if ( ck->nlost == 0 )
        return xabi_emit(ck, ck->rule->severity, NULL,
                         "%llu records lost (no span recorded)",
                         (unsigned long long)ck->run.lost_records);
    return 0;
}

int xabi_rule_trace_unattributed(struct xabi_check *ck)
{
    uint64_t n = ck->run.unknown_records, all = ck->run.records;

    if ( !is_trace(ck) || all == 0 )
        return no_trace(ck);
    if ( n == 0 )
        return xabi_emit(ck, XABI_PASS, NULL,
                         "all %llu records attributed to a domain and vCPU",
                         (unsigned long long)all);
    return xabi_emit(ck, ck->rule->severity, NULL,
                     "%llu of %llu records are attributed to no domain: %s",
                     (unsigned long long)n, (unsigned long long)all,
                     n >= all ? "the trace has no scheduler records (was it "
                                "taken without the TRC_SCHED class?)"
                              : "they came before the first scheduler "
                                "record of their pCPU");
}

int xabi_rule_trace_truncated(struct xabi_check *ck)
{
    if ( !is_trace(ck) || ck->run.records == 0 )
        return no_trace(ck);
    if ( strcmp(ck->run.status, "complete") == 0 )
        return xabi_emit(ck, XABI_PASS, NULL, "the trace ends on a record "
                                              "boundary");
    return xabi_emit(ck, ck->rule->severity, NULL,
                     "the trace is %s%s%s: what came after is not observed",
                     ck->run.status, ck->run.status_detail[0] ? ": " : "",
                     ck->run.status_detail);
}
