/*
 * trace-names.c: the trace event ids a TRC_* constant of the public
 * headers cannot name by value, as data.
 *
 *   - A runstate change carries the old and new state in its id:
 *     xen/common/sched/core.c: trace_runstate_change writes
 *     TRC_SCHED_RUNSTATE_CHANGE | old << 8 | new << 4 (RELEASE-4.17.0 and
 *     RELEASE-4.20.0 alike), the states of xen/include/public/vcpu.h:
 *     RUNSTATE_running 0, _runnable 1, _blocked 2, _offline 3.  0x00021101
 *     is runnable -> running, not TRC_64_FLAG.
 *   - A scheduler's own events are TRC_SCHED_CLASS_EVT(scheduler, n)
 *     (xen/include/public/trace.h): TRC_SCHED_CLASS 0x00022000, the
 *     scheduler id (TRC_SCHED_CSCHED 0, _CSCHED2 1, _ARINC653 3, _RTDS 4,
 *     _SNULL 5) in bits 9-11, n in bits 0-8.  The names are the #defines
 *     of xen/common/sched/credit.c, credit2.c, null.c and rt.c at
 *     RELEASE-4.17.0, which RELEASE-4.20.0 keeps unchanged.
 *   - AMD's exits: xen/include/public/trace.h at RELEASE-4.19.0 adds
 *     TRC_HVM_SVM_EXIT(64) (0x00081003, 0x00081103), which svm.c writes
 *     from then on; before, SVM wrote TRC_HVM_VMEXIT(64) as VMX does.
 */
#include "abi/abi.h"

#include <string.h>

#define TRC_SCHED_CLASS 0x00022000u

static const char *const runstates[4] = {
    "running", "runnable", "blocked", "offline",
};

/* xen/include/public/trace.h: TRC_SCHED_CSCHED .. TRC_SCHED_SNULL */
static const char *const schedulers[8] = {
    [0] = "credit", [1] = "credit2", [3] = "arinc653", [4] = "RTDS",
    [5] = "null",
};

struct sched_event
{
    unsigned sched, n;
    const char *name;
};

/* The tables below read as tables. */
/* clang-format off */
static const struct sched_event sched_events[] = {
    /* xen/common/sched/credit.c */
    { 0, 1, "TRC_CSCHED_SCHED_TASKLET" }, { 0, 2, "TRC_CSCHED_ACCOUNT_START" },
    { 0, 3, "TRC_CSCHED_ACCOUNT_STOP" },  { 0, 4, "TRC_CSCHED_STOLEN_UNIT" },
    { 0, 5, "TRC_CSCHED_PICKED_CPU" },    { 0, 6, "TRC_CSCHED_TICKLE" },
    { 0, 7, "TRC_CSCHED_BOOST_START" },   { 0, 8, "TRC_CSCHED_BOOST_END" },
    { 0, 9, "TRC_CSCHED_SCHEDULE" },      { 0, 10, "TRC_CSCHED_RATELIMIT" },
    { 0, 11, "TRC_CSCHED_STEAL_CHECK" },
    /* xen/common/sched/credit2.c (18 is unused) */
    { 1, 1, "TRC_CSCHED2_TICK" },         { 1, 2, "TRC_CSCHED2_RUNQ_POS" },
    { 1, 3, "TRC_CSCHED2_CREDIT_BURN" },  { 1, 4, "TRC_CSCHED2_CREDIT_ADD" },
    { 1, 5, "TRC_CSCHED2_TICKLE_CHECK" }, { 1, 6, "TRC_CSCHED2_TICKLE" },
    { 1, 7, "TRC_CSCHED2_CREDIT_RESET" }, { 1, 8, "TRC_CSCHED2_SCHED_TASKLET" },
    { 1, 9, "TRC_CSCHED2_UPDATE_LOAD" },  { 1, 10, "TRC_CSCHED2_RUNQ_ASSIGN" },
    { 1, 11, "TRC_CSCHED2_UPDATE_UNIT_LOAD" },
    { 1, 12, "TRC_CSCHED2_UPDATE_RUNQ_LOAD" },
    { 1, 13, "TRC_CSCHED2_TICKLE_NEW" },  { 1, 14, "TRC_CSCHED2_RUNQ_MAX_WEIGHT" },
    { 1, 15, "TRC_CSCHED2_MIGRATE" },     { 1, 16, "TRC_CSCHED2_LOAD_CHECK" },
    { 1, 17, "TRC_CSCHED2_LOAD_BALANCE" }, { 1, 19, "TRC_CSCHED2_PICKED_CPU" },
    { 1, 20, "TRC_CSCHED2_RUNQ_CANDIDATE" }, { 1, 21, "TRC_CSCHED2_SCHEDULE" },
    { 1, 22, "TRC_CSCHED2_RATELIMIT" },   { 1, 23, "TRC_CSCHED2_RUNQ_CAND_CHECK" },
    /* xen/common/sched/rt.c */
    { 4, 1, "TRC_RTDS_TICKLE" },          { 4, 2, "TRC_RTDS_RUNQ_PICK" },
    { 4, 3, "TRC_RTDS_BUDGET_BURN" },     { 4, 4, "TRC_RTDS_BUDGET_REPLENISH" },
    { 4, 5, "TRC_RTDS_SCHED_TASKLET" },   { 4, 6, "TRC_RTDS_SCHEDULE" },
    /* xen/common/sched/null.c */
    { 5, 1, "TRC_SNULL_PICKED_CPU" },     { 5, 2, "TRC_SNULL_UNIT_ASSIGN" },
    { 5, 3, "TRC_SNULL_UNIT_DEASSIGN" },  { 5, 4, "TRC_SNULL_MIGRATE" },
    { 5, 5, "TRC_SNULL_SCHEDULE" },       { 5, 6, "TRC_SNULL_TASKLET" },
};
/* clang-format on */

int xabi_trc_name(uint32_t id, struct xabi_trc_name *out)
{
    size_t i;

    memset(out, 0, sizeof(*out));
    id &= 0x0fffffff;
    /* TRC_SCHED_RUNSTATE_CHANGE | (old & 3) << 8 | (new & 3) << 4 */
    if ( (id & ~0x330u) == 0x00021001u )
    {
        out->name = "TRC_SCHED_RUNSTATE_CHANGE";
        out->runstate = true;
        out->old_state = runstates[(id >> 8) & 3];
        out->new_state = runstates[(id >> 4) & 3];
        return 0;
    }
    if ( (id & 0x0ffff000u) != TRC_SCHED_CLASS )
        return -1;
    out->sched_id = (id >> 9) & 7;
    out->sched_event = id & 0x1ff;
    out->scheduler = schedulers[out->sched_id];
    for ( i = 0; i < sizeof(sched_events) / sizeof(sched_events[0]); i++ )
    {
        if ( sched_events[i].sched == out->sched_id &&
             sched_events[i].n == out->sched_event )
            out->name = sched_events[i].name;
    }
    return 0;
}

bool xabi_trc_svm_exit_ids(const char *xen_version)
{
    return xen_version && xabi_version_valid(xen_version) &&
           xabi_version_cmp(xen_version, XABI_TRC_SVM_EXIT_SINCE) >= 0;
}
