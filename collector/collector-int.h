/*
 * Internals of collector/.
 */
#ifndef XABI_COLLECTOR_INT_H
#define XABI_COLLECTOR_INT_H

#include "collector/collector.h"

/* What the collector does with an event id, beyond counting it. */
enum xabi_event_role
{
    XABI_ROLE_NONE,      /* counted by id only */
    XABI_ROLE_PADDING,   /* TRC_TRACE_WRAP_BUFFER: skipped */
    XABI_ROLE_LOST,      /* TRC_LOST_RECORDS */
    XABI_ROLE_RUNSTATE,  /* TRC_SCHED_RUNSTATE_CHANGE, old/new in the id */
    XABI_ROLE_CONTINUE,  /* TRC_SCHED_CONTINUE_RUNNING */
    XABI_ROLE_SWITCH,    /* TRC_SCHED_SWITCH: prev dom/vcpu, next dom/vcpu */
    XABI_ROLE_INFPREV,   /* TRC_SCHED_SWITCH_INFPREV: the vCPU leaving */
    XABI_ROLE_INFNEXT,   /* TRC_SCHED_SWITCH_INFNEXT: the vCPU coming */
    XABI_ROLE_FACT,      /* decoded into a fact */
};

/*
 * Decode r into f (kind, key and fields); provenance is filled in by the
 * caller.  Returns 0, or -1 when the record is too short for its layout
 * (then it is counted, not decoded).
 */
typedef int (*xabi_decode_fn)(const struct xabi_trace_record *r,
                              struct xabi_fact *f);

struct xabi_event_desc
{
    uint32_t event; /* exact id, or the base of a masked family */
    uint32_t mask;  /* bits of event that must match; 0: all 28 */
    const char *name;
    enum xabi_event_role role;
    xabi_decode_fn decode;
};

/* The descriptor for an event id, or NULL if xabi does not decode it. */
const struct xabi_event_desc *xabi_event_lookup(uint32_t event);

/* Does a TRC_PV_HYPERCALL_V2 record use the reserved argument code 3? */
bool xabi_hypercall_v2_reserved(const struct xabi_trace_record *r);

/* Fact kinds that are one row each (the rest are aggregated). */
bool xabi_fact_kind_is_row(const char *kind);

/* ---- aggregation (agg.c) ------------------------------------------- */

#define XABI_AGG_SAMPLES 3

struct xabi_agg_table;

struct xabi_agg_entry
{
    struct xabi_fact_agg agg;
    unsigned nsamples;
    struct xabi_fact samples[XABI_AGG_SAMPLES];
};

struct xabi_agg_table *xabi_agg_new(void);
void xabi_agg_free(struct xabi_agg_table *t);
/* Count f in its aggregate; *entry receives it.  -1: out of memory. */
int xabi_agg_add(struct xabi_agg_table *t, const struct xabi_fact *f,
                 struct xabi_agg_entry **entry);
/* Visit every entry; stops at the first non-zero return and passes it on. */
int xabi_agg_each(struct xabi_agg_table *t,
                  int (*fn)(void *ctx, struct xabi_agg_entry *e), void *ctx);

/* A small integer-keyed counter map (event ids, domains, vCPUs). */
struct xabi_counter_map;
struct xabi_counter
{
    uint64_t key;
    uint64_t count;
    bool has_tsc;
    uint64_t first_tsc, last_tsc;
    uint64_t aux; /* user data, e.g. unknown-event rows kept */
};
struct xabi_counter_map *xabi_counter_map_new(void);
void xabi_counter_map_free(struct xabi_counter_map *m);
/* The counter for key, created at zero; NULL: out of memory. */
struct xabi_counter *xabi_counter_get(struct xabi_counter_map *m,
                                      uint64_t key);
int xabi_counter_each(struct xabi_counter_map *m,
                      int (*fn)(void *ctx, struct xabi_counter *c),
                      void *ctx);

#endif
