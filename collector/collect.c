/*
 * collect.c: from a trace to a run in the store.
 *
 * One pass over the source.  Each record is counted by event id, attributed
 * to the domain and vCPU its pCPU was running, and, if xabi decodes its
 * event, turned into a fact: rare kinds (traps, injected exceptions, lost
 * records, domain lifecycle, undecoded events) are written as rows as they
 * come; hot kinds are counted in memory and written once per aggregate at
 * the end, with their first few samples.  All of it is one transaction:
 * any failure rolls back and the database is as it was.
 *
 * Attribution follows the scheduler records of each pCPU
 * (xen/common/sched/core.c): a runstate change to running makes that vCPU
 * current; one away from running leaves the pCPU with no known vCPU until
 * the next; TRC_SCHED_CONTINUE_RUNNING, TRC_SCHED_SWITCH and
 * TRC_SCHED_SWITCH_INFNEXT name the vCPU that runs next.  A
 * TRC_LOST_RECORDS names the vCPU current when it was written, which
 * re-synchronises us after a loss.  Before the first such record on a pCPU,
 * or in a trace without scheduler records, records are "unknown": we never
 * guess.
 */
#include "collector/collector-int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Rows kept of each event id xabi does not decode. */
#define UNDECODED_ROWS 4
#define PROGRESS_STEP  (64u << 20)
/* Records taken from the reader at a time (see xabi_trace_read). */
#define READ_BATCH     64

struct pcpu_state
{
    int32_t domid, vcpu; /* XABI_UNKNOWN until a scheduler record says */
    struct xabi_agg_vcpu *block; /* domid/vcpu's counts */
    uint64_t unknown_records;
    uint64_t lost_records, lost_events;
    bool has_tsc; /* the span of this pCPU's records, for run and pcpu */
    uint64_t first_tsc, last_tsc;
};

/*
 * A row made while the store was still being opened (see store_ready):
 * a fact of a rare kind, or a TRC_LOST_RECORDS.
 */
struct held_row
{
    bool lost;
    union
    {
        struct xabi_fact f;
        struct xabi_lost l;
    } u;
};

/* Rows held at most; past that the collect waits for the store. */
#define HELD_MAX 4096

struct collect
{
    const struct xabi_collect_opts *opts;
    bool keep_all; /* opts->keep_all, read for every record */
    struct xabi_store *st; /* NULL while opts->wait_store opens it */
    /* st open, the transaction begun and the run made: rows go to st. */
    bool ready;
    struct held_row *held; /* until then, rows wait here, in order */
    size_t nheld;
    struct xabi_collect_result *res; /* the caller's, for the run's id */
    int64_t run_id;
    struct xabi_hasher *hash;
    uint64_t size; /* of a regular file, for progress; 0 if unknown */
    uint64_t next_progress;
    uint64_t tapped;
    struct xabi_unpack *unpack; /* a compressed source; NULL if not */
    int file_fd;                /* then the file, unpack's input */
    char reader_name[1100];     /* the name in the reader's messages */

    struct xabi_agg_table *agg;
    struct event_slot *events; /* see event_slot() */
    uint32_t *used_events;     /* indices into events, in order of use */
    size_t nused, used_cap;
    struct pcpu_state *pcpu;
    unsigned npcpus;

    uint64_t records, unknown_records, lost_records;
    /* --keep-all: the kind of the fact the record at hand made (-1: none),
     * and each kind's event_kind code once asked for (0: not yet). */
    int rec_kind;
    int kind_code[XABI_K_MAX];
    char *err;
    size_t errlen;
};

static int cfail(struct collect *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int cfail(struct collect *c, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(c->err, c->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* Out of memory, saying for what and for which source. */
static int oom(struct collect *c, const char *what)
{
    return cfail(c, "%s: out of memory %s", c->opts->path, what);
}

/* The same, at the record at offset. */
static int oom_at(struct collect *c, uint64_t offset, const char *what)
{
    return cfail(c, "%s: offset %llu (0x%llx): out of memory %s",
                 c->opts->path, (unsigned long long)offset,
                 (unsigned long long)offset, what);
}

static int store_fail(struct collect *c)
{
    return cfail(c, "%s", xabi_store_errmsg(c->st));
}

/* ---- the tap: hashing and progress ----------------------------------------- */

static void tap(void *ctx, const void *buf, size_t len)
{
    struct collect *c = ctx;

    xabi_hasher_update(c->hash, buf, len);
    c->tapped += len;
    if ( c->opts->on_bytes )
        c->opts->on_bytes(c->opts->hook_ctx, buf, len, c->tapped);
    if ( c->opts->progress && c->tapped >= c->next_progress )
    {
        if ( c->size )
            fprintf(stderr, "\rxabi collect: %llu of %llu MiB (%u%%)",
                    (unsigned long long)(c->tapped >> 20),
                    (unsigned long long)(c->size >> 20),
                    (unsigned)(c->tapped * 100 / c->size));
        else
            fprintf(stderr, "\rxabi collect: %llu MiB",
                    (unsigned long long)(c->tapped >> 20));
        c->next_progress += PROGRESS_STEP;
    }
}

/* ---- counting by event id ------------------------------------------------- */

/*
 * Every event id gets a slot, found by index: Xen's trace classes are
 * single bits (the reader refuses anything else), so the class's bit number
 * and the low 16 bits name a slot.  The table is large but mostly never
 * touched, so it costs address space, not memory.
 */
struct event_slot
{
    uint64_t count;
    const struct xabi_event_desc *desc; /* NULL: xabi does not decode it */
    /* From desc and the id, so the hot path reads one slot: */
    xabi_decode_fn decode;
    uint8_t role;      /* XABI_ROLE_NONE without a desc */
    bool guest;        /* not TRC_GEN or TRC_SCHED: done for a guest */
    bool hypercall_v2; /* TRC_PV_HYPERCALL_V2 or _SUBCALL */
    bool seen;
    uint32_t event;
};

#define EVENT_SLOTS (12u << 16)

/* Fill in a slot the first time its event id is seen. */
static int slot_first_use(struct collect *c, struct event_slot *e, uint32_t i,
                          uint32_t event)
{
    uint32_t cls = event >> 12 & 0xffff;

    if ( c->nused == c->used_cap )
    {
        size_t cap = c->used_cap ? c->used_cap * 2 : 256;
        uint32_t *u = realloc(c->used_events, cap * sizeof(*u));

        if ( !u )
            return -1;
        c->used_events = u;
        c->used_cap = cap;
    }
    c->used_events[c->nused++] = i;
    e->seen = true;
    e->event = event;
    e->desc = xabi_event_lookup_for(event, c->opts->xen_version);
    e->decode = e->desc ? e->desc->decode : NULL;
    e->role = e->desc ? e->desc->role : XABI_ROLE_NONE;
    /* TRC_GEN and TRC_SCHED records describe Xen itself, not a guest. */
    e->guest = (cls >> 4) != 0x1 && (cls >> 4) != 0x2;
    e->hypercall_v2 = event == 0x0020100du || event == 0x0020200eu;
    return 0;
}

static inline __attribute__((always_inline)) struct event_slot *
event_slot(struct collect *c, uint32_t event)
{
    unsigned cls = (event >> 16) & 0xfff;
    uint32_t i = (uint32_t)__builtin_ctz(cls | 0x1000) << 16 | (event & 0xffff);
    struct event_slot *e = &c->events[i];

    if ( !e->seen && slot_first_use(c, e, i, event) )
        return NULL;
    return e;
}

/* ---- attribution ---------------------------------------------------------- */

static int __attribute__((noinline)) pcpu_grow(struct collect *c,
                                               unsigned cpu)
{
    struct pcpu_state *p = realloc(c->pcpu, (cpu + 1) * sizeof(*p));
    unsigned i;

    if ( !p )
        return -1;
    for ( i = c->npcpus; i <= cpu; i++ )
    {
        memset(&p[i], 0, sizeof(p[i]));
        p[i].domid = p[i].vcpu = XABI_UNKNOWN;
    }
    c->pcpu = p;
    c->npcpus = cpu + 1;
    return 0;
}

static inline struct pcpu_state *pcpu_state(struct collect *c, unsigned cpu)
{
    if ( cpu >= c->npcpus && pcpu_grow(c, cpu) )
        return NULL;
    return &c->pcpu[cpu];
}

/* Make dom/vcpu current on p; the block is found once, here. */
static void set_current(struct pcpu_state *p, int32_t dom, int32_t vcpu)
{
    p->domid = dom;
    p->vcpu = vcpu;
    p->block = NULL;
}

/* Apply a scheduler record to its pCPU's idea of what is running. */
static void attribute(struct pcpu_state *p, enum xabi_event_role role,
                      const struct xabi_trace_record *r)
{
    const uint32_t *x = r->extra;

    switch ( role )
    {
    case XABI_ROLE_RUNSTATE: /* vcpu:16 | domid:16; RUNSTATE_running is 0 */
        if ( r->nextra < 1 )
            break;
        if ( ((r->event >> 4) & 0xf) == 0 )
            set_current(p, (int32_t)(x[0] >> 16), x[0] & 0xffff);
        else if ( ((r->event >> 8) & 0xf) == 0 )
            set_current(p, XABI_UNKNOWN, XABI_UNKNOWN);
        break;
    case XABI_ROLE_CONTINUE:
        if ( r->nextra >= 1 )
            set_current(p, (int32_t)(x[0] >> 16), x[0] & 0xffff);
        break;
    case XABI_ROLE_SWITCH: /* prev dom, prev vcpu, next dom, next vcpu */
        if ( r->nextra >= 4 )
            set_current(p, (int32_t)x[2], (int32_t)x[3]);
        break;
    case XABI_ROLE_INFNEXT: /* dom, vcpu, ... */
        if ( r->nextra >= 2 )
            set_current(p, (int32_t)x[0], (int32_t)x[1]);
        break;
    case XABI_ROLE_INFPREV:
        if ( r->nextra >= 2 && p->domid == (int32_t)x[0] &&
             p->vcpu == (int32_t)x[1] )
            set_current(p, XABI_UNKNOWN, XABI_UNKNOWN);
        break;
    default:
        break;
    }
}

/* ---- facts ------------------------------------------------------------------ */

/*
 * A fact is made in two steps.  fact_start sets what every decoder counts
 * on (key 0, no rip, addr, error code or args) and what counting it in
 * its aggregate reads (the TSC): that is all most records need.
 * fact_finish adds the rest, its provenance, for a fact that is kept (a
 * row, an aggregate's sample, an aggregate's first sighting); it may run
 * twice.  Field by field rather than memset: this runs for every record.
 */
static inline void fact_start(struct xabi_fact *f,
                              const struct xabi_trace_record *r)
{
    f->key = 0;
    f->has_tsc = r->tsc_valid;
    f->tsc = r->tsc;
    f->has_rip = f->has_addr = f->has_error_code = false;
    f->argmask = 0;
}

static void fact_finish(struct xabi_fact *f, const struct xabi_trace_record *r,
                        const struct pcpu_state *p)
{
    f->kind = NULL;
    f->domid = p->domid;
    f->vcpu = p->vcpu;
    f->pcpu = r->pcpu;
    f->offset = r->offset;
    f->event = r->event;
    f->is_64bit = (r->event & 0x100) != 0;
    /* Only where has_* and argmask say so are rip, addr, error_code and
     * args read; these three are zeroed anyway, for tidy samples. */
    if ( !f->has_rip )
        f->rip = 0;
    if ( !f->has_addr )
        f->addr = 0;
    if ( !f->has_error_code )
        f->error_code = 0;
}

/* Start a fact, whole, for the rare paths that then fill it by hand. */
static void fact_from(struct xabi_fact *f, const struct xabi_trace_record *r,
                      const struct pcpu_state *p)
{
    fact_start(f, r);
    fact_finish(f, r, p);
}

static int store_ready(struct collect *c);

/* Write a row to the store: the fact f, or with lost the TRC_LOST_RECORDS l. */
static int write_row(struct collect *c, bool lost, const struct xabi_fact *f,
                     const struct xabi_lost *l)
{
    if ( lost ? xabi_store_put_lost(c->st, c->run_id, l)
              : xabi_store_put_fact(c->st, c->run_id, f, 0) )
        return store_fail(c);
    return 0;
}

/*
 * A row (as write_row), written at once when the store is ready; until
 * then held, in order, and past HELD_MAX held rows the store is waited for.
 */
static int put_or_hold(struct collect *c, bool lost, const struct xabi_fact *f,
                       const struct xabi_lost *l)
{
    struct held_row *h;

    if ( !c->ready && c->nheld == HELD_MAX && store_ready(c) )
        return -1;
    if ( c->ready )
        return write_row(c, lost, f, l);
    if ( !c->held && !(c->held = malloc(HELD_MAX * sizeof(*c->held))) )
        return oom(c, "holding rows while the database is opened");
    h = &c->held[c->nheld++];
    h->lost = lost;
    if ( lost )
        h->u.l = *l;
    else
        h->u.f = *f;
    return 0;
}

/* A fact of a rare kind: a row of its own. */
static int put_row(struct collect *c, int kind, struct xabi_fact *f)
{
    f->kind = xabi_kind_name[kind];
    return put_or_hold(c, false, f, NULL);
}

/* Store a fact: always in its aggregate, and as a row if its kind is rare.
 * Inline: nearly every record comes here. */
static inline __attribute__((always_inline)) int
put_fact(struct collect *c, struct pcpu_state *p, int kind,
                    struct xabi_fact *f)
{
    if ( !p->block && !(p->block = xabi_agg_vcpu(c->agg, p->domid, p->vcpu)) )
        return oom_at(c, f->offset, "counting a new vCPU");
    if ( xabi_agg_add(c->agg, p->block, kind, f) )
        return oom_at(c, f->offset, "counting a new kind of fact");
    if ( xabi_kind_is_row(kind) )
        return put_row(c, kind, f);
    return 0;
}

/* TRC_LOST_RECORDS: lost count; did:16, vid:16; TSC of the first lost. */
static int on_lost(struct collect *c, struct pcpu_state *p,
                   const struct xabi_trace_record *r)
{
    struct xabi_lost l = { 0 };
    struct xabi_fact f;

    if ( r->nextra < 4 )
        return 0; /* counted by id; too short to say more */
    l.pcpu = r->pcpu;
    l.offset = r->offset;
    l.count = r->extra[0];
    l.domid = r->extra[1] & 0xffff;
    l.vcpu = r->extra[1] >> 16;
    l.first_tsc = (uint64_t)r->extra[2] | (uint64_t)r->extra[3] << 32;
    l.tsc = r->tsc;
    c->rec_kind = XABI_K_LOST_RECORDS;
    p->lost_records += l.count;
    p->lost_events++;
    c->lost_records += l.count;
    if ( put_or_hold(c, true, NULL, &l) )
        return -1;
    /* Xen wrote it for the vCPU then running: we know where we are. */
    set_current(p, l.domid, l.vcpu);
    fact_from(&f, r, p);
    f.key = l.count;
    f.has_addr = true;
    f.addr = l.first_tsc;
    return put_fact(c, p, XABI_K_LOST_RECORDS, &f);
}

/* An event xabi does not decode: count it, keep its first few as rows. */
static int on_undecoded(struct collect *c, struct pcpu_state *p,
                        const struct xabi_trace_record *r, uint64_t seen)
{
    struct xabi_fact f;
    unsigned i;

    c->rec_kind = XABI_K_UNKNOWN_EVENT;
    if ( seen > UNDECODED_ROWS )
        return 0;
    fact_from(&f, r, p);
    f.key = r->event;
    for ( i = 0; i < r->nextra && i < 6; i++ )
    {
        f.args[i] = r->extra[i];
        f.argmask |= 1u << i;
    }
    return put_fact(c, p, XABI_K_UNKNOWN_EVENT, &f);
}

/*
 * Count f, started and decoded from r, in its aggregate when that is all
 * it needs (see xabi_agg_hit); else finish it and store it as put_fact.
 */
static inline __attribute__((always_inline)) int
count_fact(struct collect *c, struct pcpu_state *p, int kind,
           struct xabi_fact *f, const struct xabi_trace_record *r)
{
    struct xabi_agg_entry *e;

    if ( p->block && !xabi_kind_is_row(kind) &&
         (e = xabi_agg_hit(p->block, kind, f)) )
    {
        xabi_agg_count(e, f);
        return 0;
    }
    fact_finish(f, r, p);
    return put_fact(c, p, kind, f);
}

static inline __attribute__((always_inline)) int
on_decoded(struct collect *c, struct pcpu_state *p, const struct event_slot *ec,
           const struct xabi_trace_record *r)
{
    struct xabi_fact f;
    int kind;

    fact_start(&f, r);
    if ( (kind = ec->decode(r, &f)) < 0 )
        return on_undecoded(c, p, r, ec->count); /* too short for its layout */
    c->rec_kind = kind;
    if ( count_fact(c, p, kind, &f, r) )
        return -1;
    if ( (kind == XABI_K_HYPERCALL || kind == XABI_K_SUBCALL) &&
         (f.argmask & 1) && xabi_hypercall_subop_traced(f.key) )
    {
        struct xabi_fact sub = f;

        sub.key = XABI_SUBOP_KEY(f.key, f.args[0]);
        if ( count_fact(c, p, XABI_K_HYPERCALL_SUBOP, &sub, r) )
            return -1;
    }
    if ( ec->hypercall_v2 && xabi_hypercall_v2_reserved(r) )
    {
        fact_finish(&f, r, p);
        return put_fact(c, p, XABI_K_HYPERCALL_BAD_ARGS, &f);
    }
    return 0;
}

/* Count a record against its vCPU (and, through it, its domain). */
static inline int count_vcpu(struct collect *c, struct pcpu_state *p,
                      const struct xabi_trace_record *r)
{
    struct xabi_agg_vcpu *v = p->block;

    if ( !v )
    {
        v = p->block = xabi_agg_vcpu(c->agg, p->domid, p->vcpu);
        if ( !v )
            return oom_at(c, r->offset, "counting a new vCPU");
    }
    v->records++;
    if ( r->tsc_valid )
        xabi_span_add(&v->has_tsc, &v->first_tsc, &v->last_tsc, r->tsc,
                      r->tsc);
    return 0;
}

static inline __attribute__((always_inline)) int
decode_record(struct collect *c, const struct xabi_trace_record *r)
{
    struct event_slot *ec = event_slot(c, r->event);
    struct pcpu_state *p = pcpu_state(c, r->pcpu);

    if ( !ec || !p )
        return oom_at(c, r->offset,
                      !ec ? "counting a new event id" : "for a new pCPU");
    ec->count++;
    if ( r->tsc_valid )
        xabi_span_add(&p->has_tsc, &p->first_tsc, &p->last_tsc, r->tsc,
                      r->tsc);
    c->records++;
    if ( ec->role == XABI_ROLE_PADDING )
        return 0;
    if ( ec->role == XABI_ROLE_LOST )
        return on_lost(c, p, r);
    if ( ec->guest && p->domid == XABI_UNKNOWN )
    {
        p->unknown_records++;
        c->unknown_records++;
    }
    if ( count_vcpu(c, p, r) )
        return -1;
    if ( ec->role == XABI_ROLE_FACT )
        return on_decoded(c, p, ec, r);
    if ( !ec->desc )
        return on_undecoded(c, p, r, ec->count);
    attribute(p, ec->role, r);
    return 0;
}

/*
 * --keep-all: r decoded as ever, then kept as an event row with the
 * vCPU it was attributed to (before a scheduler record moves its pCPU
 * on) and the kind of the fact it made.
 */
static int __attribute__((noinline))
keep_record(struct collect *c, const struct xabi_trace_record *r)
{
    struct pcpu_state *p = pcpu_state(c, r->pcpu);
    struct xabi_event_row e = {
        .offset = r->offset, .tsc = r->tsc, .has_tsc = r->tsc_valid,
        .pcpu = r->pcpu, .event = r->event, .nextra = r->nextra,
        .extra = r->extra,
    };

    if ( !p )
        return oom_at(c, r->offset, "for a new pCPU");
    e.domid = p->domid;
    e.vcpu = p->vcpu;
    c->rec_kind = -1;
    if ( decode_record(c, r) )
        return -1;
    if ( c->rec_kind >= 0 )
    {
        int *code = &c->kind_code[c->rec_kind];

        if ( !*code &&
             xabi_store_event_kind(c->st, xabi_kind_name[c->rec_kind], code) )
            return store_fail(c);
        e.kind = *code;
    }
    if ( xabi_store_put_event(c->st, c->run_id, &e) )
        return store_fail(c);
    return 0;
}

static inline int on_record(struct collect *c,
                            const struct xabi_trace_record *r)
{
    return c->keep_all ? keep_record(c, r) : decode_record(c, r);
}

/* ---- writing what was counted ---------------------------------------------- */

static int write_agg(void *ctx, struct xabi_agg_entry *e)
{
    struct collect *c = ctx;
    unsigned i;

    if ( xabi_store_put_agg(c->st, c->run_id, &e->agg) )
        return store_fail(c);
    if ( xabi_kind_is_row(e->kind) )
        return 0;
    for ( i = 0; i < e->nsamples; i++ )
    {
        if ( xabi_store_put_fact(c->st, c->run_id, &e->samples[i],
                                 (int)i + 1) )
            return store_fail(c);
    }
    return 0;
}

static int write_events(struct collect *c)
{
    size_t i;

    for ( i = 0; i < c->nused; i++ )
    {
        const struct event_slot *e = &c->events[c->used_events[i]];

        if ( xabi_store_put_event_count(c->st, c->run_id, e->event, e->count,
                                        e->desc != NULL) )
            return store_fail(c);
    }
    return 0;
}

/* Domains are summed from their vCPUs, so both tables agree. */
static int write_vcpu(void *ctx, struct xabi_agg_vcpu *v)
{
    struct collect *c = ctx;
    struct xabi_vcpu_totals t = {
        .domid = v->domid,
        .vcpu = v->vcpu,
        .records = v->records,
        .has_tsc = v->has_tsc,
        .first_tsc = v->first_tsc,
        .last_tsc = v->last_tsc,
    };

    if ( xabi_store_put_vcpu(c->st, c->run_id, &t) )
        return store_fail(c);
    return 0;
}

static int sum_domain(void *ctx, struct xabi_agg_vcpu *v)
{
    struct xabi_counter_map *doms = ctx;
    struct xabi_counter *d = xabi_counter_get(doms, (uint32_t)v->domid);

    if ( !d )
        return -1;
    d->count += v->records;
    if ( v->has_tsc )
        xabi_span_add(&d->has_tsc, &d->first_tsc, &d->last_tsc,
                      v->first_tsc, v->last_tsc);
    return 0;
}

static int write_domain(void *ctx, struct xabi_counter *d)
{
    struct collect *c = ctx;
    struct xabi_vcpu_totals t = {
        .domid = (int32_t)(uint32_t)d->key,
        .records = d->count,
        .has_tsc = d->has_tsc,
        .first_tsc = d->first_tsc,
        .last_tsc = d->last_tsc,
    };

    if ( xabi_store_put_domain(c->st, c->run_id, &t) )
        return store_fail(c);
    return 0;
}

static int write_pcpus(struct collect *c, const struct xabi_trace *t)
{
    struct xabi_trace_stats s;
    unsigned i;

    /* Every pCPU the reader saw a window for, records or not: pCPUs are
     * not contiguous, and one may come with no whole record. */
    xabi_trace_get_stats(t, &s);
    for ( i = 0; i < c->npcpus || i < s.npcpus; i++ )
    {
        const struct xabi_trace_pcpu_stats *ps = xabi_trace_pcpu(t, i);
        struct xabi_pcpu_totals pt = { 0 };

        if ( !ps )
            continue;
        pt.pcpu = (uint16_t)i;
        pt.windows = ps->windows;
        pt.records = ps->records;
        if ( i < c->npcpus )
        {
            pt.lost_records = c->pcpu[i].lost_records;
            pt.lost_events = c->pcpu[i].lost_events;
            pt.unknown_records = c->pcpu[i].unknown_records;
            pt.has_tsc = c->pcpu[i].has_tsc;
            pt.first_tsc = c->pcpu[i].first_tsc;
            pt.last_tsc = c->pcpu[i].last_tsc;
        }
        if ( xabi_store_put_pcpu(c->st, c->run_id, &pt) )
            return store_fail(c);
    }
    return 0;
}

static int write_totals(struct collect *c, const struct xabi_trace *t)
{
    struct xabi_counter_map *doms = xabi_counter_map_new();
    struct xabi_trace_stats s;
    int rc;

    xabi_trace_get_stats(t, &s);
    if ( !doms )
        return oom(c, "summing the domains");
    if ( s.windows &&
         xabi_store_put_event_count(c->st, c->run_id,
                                    XABI_TRC_TRACE_CPU_CHANGE, s.windows, 1) )
        rc = store_fail(c);
    else if ( (rc = xabi_agg_each(c->agg, write_agg, c)) == 0 &&
              (rc = write_events(c)) == 0 &&
              (rc = xabi_agg_each_vcpu(c->agg, write_vcpu, c)) == 0 &&
              (rc = write_pcpus(c, t)) == 0 )
    {
        if ( xabi_agg_each_vcpu(c->agg, sum_domain, doms) )
            rc = oom(c, "summing the domains");
        else
            rc = xabi_counter_each(doms, write_domain, c);
    }
    xabi_counter_map_free(doms);
    return rc;
}

/* ---- the run ---------------------------------------------------------------- */

/* Open the source: "-" is standard input.  A directory is refused here,
 * before anything is read. */
static const char *source_kind(const struct xabi_collect_opts *o)
{
    return o->source_kind ? o->source_kind : "trace";
}

static int open_source(struct collect *c, const char *path, int *fd)
{
    struct stat sb;

    if ( c->opts->use_fd )
        *fd = c->opts->fd;
    else if ( strcmp(path, "-") == 0 )
        *fd = STDIN_FILENO;
    else if ( (*fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 )
        return cfail(c, "%s: cannot open: %s", path, strerror(errno));
    if ( fstat(*fd, &sb) == 0 )
    {
        if ( S_ISDIR(sb.st_mode) )
            return cfail(c, "%s: offset 0: is a directory, not a trace",
                         path);
        if ( S_ISREG(sb.st_mode) )
            c->size = (uint64_t)sb.st_size;
    }
    /* A compressed trace is read through a thread that decompresses it;
     * the run's size and SHA-256 are then the decompressed trace's. */
    if ( !c->opts->use_fd )
    {
        int rfd;

        if ( xabi_unpack_open(*fd, path, &c->unpack, &rfd, c->err,
                              c->errlen) )
            return -1;
        if ( c->unpack )
        {
            c->file_fd = *fd;
            *fd = rfd;
            c->size = 0;
            snprintf(c->reader_name, sizeof(c->reader_name),
                     "%.1000s (decompressed %s)",
                     strcmp(path, "-") ? path : "<stdin>",
                     xabi_unpack_kind_name(xabi_unpack_kind(c->unpack)));
        }
    }
    return 0;
}

/*
 * Say what the run's status means, in the run (status_detail) and the
 * result's warning: where the damage or the end was, and what was kept.
 */
static void describe_status(struct collect *c, const struct xabi_trace_stats *s,
                            struct xabi_collect_result *res,
                            struct xabi_run_totals *tot, char *detail,
                            size_t len)
{
    const char *path = c->opts->path;

    tot->status = XABI_RUN_COMPLETE;
    if ( s->damaged )
    {
        tot->status = XABI_RUN_SALVAGED;
        snprintf(detail, len,
                 "damage at offset %llu: %s; kept only the %llu records "
                 "before it in the file, none after",
                 (unsigned long long)s->damaged_at, s->damage,
                 (unsigned long long)(c->records + s->windows));
    }
    else if ( s->truncated )
    {
        tot->status = XABI_RUN_TRUNCATED;
        snprintf(detail, len, "%s; kept the %llu whole records before it",
                 s->truncation,
                 (unsigned long long)(c->records + s->windows));
    }
    if ( tot->status != XABI_RUN_COMPLETE )
    {
        tot->status_detail = detail;
        snprintf(res->warning, sizeof(res->warning), "%.200s: %.800s", path,
                 detail);
    }
    else if ( s->reordered )
        snprintf(res->warning, sizeof(res->warning),
                 "%.200s: %llu records came out of TSC order across pCPUs "
                 "(a pCPU was quiet for more than the merge buffer)",
                 path, (unsigned long long)s->reordered);
}

static int finish_run(struct collect *c, struct xabi_trace *t,
                      struct xabi_collect_result *res)
{
    struct xabi_run_totals tot = { 0 };
    struct xabi_trace_stats s;
    char detail[1024];
    unsigned i;

    xabi_trace_get_stats(t, &s);
    describe_status(c, &s, res, &tot, detail, sizeof(detail));
    /* Window headers are records in the file, though not in the stream. */
    tot.records = c->records + s.windows;
    tot.lost_records = c->lost_records;
    tot.unknown_records = c->unknown_records;
    tot.reordered = s.reordered;
    for ( i = 0; i < c->npcpus; i++ )
    {
        const struct pcpu_state *p = &c->pcpu[i];

        if ( p->has_tsc )
            xabi_span_add(&tot.have_tsc, &tot.first_tsc, &tot.last_tsc,
                          p->first_tsc, p->last_tsc);
    }
    if ( write_totals(c, t) || xabi_store_run_finish(c->st, c->run_id, &tot) )
        return c->err[0] ? -1 : store_fail(c);
    res->status = tot.status;
    res->bytes = c->tapped; /* the source's size, even when salvaged */
    res->records = tot.records;
    res->lost_records = c->lost_records;
    res->unknown_records = c->unknown_records;
    res->reordered = s.reordered;
    return 0;
}

/* Read the rest of a decompressed stream, to its end; 0 if reached. */
static int unpack_drain(int fd)
{
    char buf[65536];
    ssize_t n;

    while ( (n = read(fd, buf, sizeof(buf))) != 0 )
    {
        if ( n < 0 && errno != EINTR )
            return -1;
    }
    return 0;
}

/* Read every record into the store.  Inside the caller's transaction. */
static int read_all(struct collect *c, int fd, struct xabi_collect_result *res)
{
    struct xabi_trace_opts to = {
        .tap = tap,
        .tap_ctx = c,
        .salvage = c->opts->salvage,
        .merge_limit = c->opts->merge_limit,
    };
    struct xabi_trace_record recs[READ_BATCH];
    struct xabi_trace *t = NULL;
    int rc, i;

    /* Hashed through the tap, as it is read: a regular file by the
     * reader's read-ahead thread, beside the decoding; a pipe (or the
     * output of a decompressing thread) by the decoding thread. */
    if ( xabi_hasher_new(fd, false, &c->hash) )
    {
        rc = oom(c, "starting to hash it");
        goto out;
    }
    to.read_ahead = c->size > 0;
    if ( xabi_trace_open_fd(fd, c->unpack ? c->reader_name
                                : strcmp(c->opts->path, "-") ? c->opts->path
                                                             : "<stdin>",
                            &to, &t) )
    {
        rc = t ? cfail(c, "%s", xabi_trace_errmsg(t))
               : oom(c, "opening the trace reader");
        goto out;
    }
    while ( (rc = xabi_trace_read(t, recs, READ_BATCH)) > 0 )
    {
        for ( i = 0; i < rc; i++ )
        {
            if ( on_record(c, &recs[i]) )
            {
                rc = -1;
                goto out;
            }
        }
        /* The store opened meanwhile (or failed to): rows go there now. */
        if ( !c->ready && c->opts->store_opened(c->opts->store_ctx) &&
             store_ready(c) )
        {
            rc = -1;
            goto out;
        }
    }
    if ( rc < 0 )
    {
        cfail(c, "%s", xabi_trace_errmsg(t));
        /* Damaged compressed data decodes to garbage before the decoder
         * can tell: if it says so by the end, that is the cause. */
        if ( c->unpack && !unpack_drain(fd) )
            xabi_unpack_finish(c->unpack, c->err, c->errlen);
    }
    else
    {
        struct xabi_trace_stats s;

        /* --salvage stops reading at the damage, but a run's size and
         * SHA-256 are its source's (they identify it: two sources that
         * differ only past the damage are two sources). */
        xabi_trace_get_stats(t, &s);
        if ( s.damaged && xabi_trace_drain(t) )
            rc = cfail(c, "%s", xabi_trace_errmsg(t));
        /* The reader saw the end of the decompressed stream: was it the
         * end of the compressed data, or damage in it? */
        else if ( xabi_unpack_finish(c->unpack, c->err, c->errlen) ||
                  store_ready(c) )
            rc = -1;
        else
            rc = finish_run(c, t, res);
    }
out:
    /* First: it stops the read-ahead thread, the tap's until then. */
    xabi_trace_close(t);
    if ( c->opts->progress && c->tapped >= PROGRESS_STEP )
        fputc('\n', stderr);
    return rc;
}

static int check_version(struct collect *c)
{
    bool known;

    if ( xabi_store_version_known(c->st, c->opts->xen_version, &known) )
        return store_fail(c);
    if ( !known )
        return cfail(c,
                     "Xen %s is not in the catalogue: give a version "
                     "from 4.2 to 4.22, or import its headers first with "
                     "`xabi abi import DIR --version %s`",
                     c->opts->xen_version, c->opts->xen_version);
    return 0;
}

/* With everything read, is this source already in the store? */
static int settle_sha(struct collect *c, struct xabi_collect_result *res,
                      bool *dup)
{
    char sha[65], why[256];
    int64_t other = 0;

    if ( xabi_hasher_finish(c->hash, res->bytes, sha, why, sizeof(why)) )
        return cfail(c, "%s: %s", c->opts->path, why);
    if ( xabi_store_find_run(c->st, source_kind(c->opts), sha, &other) )
        return store_fail(c);
    if ( other && c->opts->replace )
    {
        /* The old run goes in this transaction: if the new one fails,
         * the rollback brings it back. */
        if ( xabi_store_run_delete(c->st, other) )
            return store_fail(c);
        res->replaced = other;
        other = 0;
    }
    *dup = other != 0;
    if ( *dup )
    {
        res->run_id = other;
        res->already = true;
        return 0;
    }
    if ( xabi_store_run_set_sha256(c->st, c->run_id, sha) )
        return store_fail(c);
    return 0;
}

/* Make the run, in the transaction just begun. */
static int run_new(struct collect *c, struct xabi_collect_result *res)
{
    struct xabi_run_info ri = {
        .source_kind = source_kind(c->opts),
        .source_path = c->opts->source_name ? c->opts->source_name
                                            : c->opts->path,
        .source_size = c->size,
        .xen_version = c->opts->xen_version,
        .label = c->opts->label,
        .keep_all = c->opts->keep_all,
    };

    /* The hash is known only at the end; a placeholder until then. */
    snprintf(ri.source_sha256, sizeof(ri.source_sha256), "pending");
    if ( check_version(c) )
        return -1;
    if ( xabi_store_run_new(c->st, &ri, &c->run_id) )
        return store_fail(c);
    res->run_id = c->run_id;
    return 0;
}

/*
 * Make the store ready for rows, once: take it from opts->wait_store if it
 * was still being opened (waiting for it, if need be), begin the
 * transaction, make the run, and write the rows held until then.
 */
static int store_ready(struct collect *c)
{
    size_t i;

    if ( c->ready )
        return 0;
    if ( !c->st &&
         !(c->st = c->opts->wait_store(c->opts->store_ctx, c->err,
                                       c->errlen)) )
        return -1;
    if ( xabi_store_begin(c->st) )
        return store_fail(c);
    c->ready = true; /* from here on a failure rolls the transaction back */
    if ( run_new(c, c->res) )
        return -1;
    for ( i = 0; i < c->nheld; i++ )
    {
        const struct held_row *h = &c->held[i];

        if ( write_row(c, h->lost, &h->u.f, &h->u.l) )
            return -1;
    }
    c->nheld = 0;
    return 0;
}

/*
 * Collect, and leave the transaction open for the caller to commit.  With
 * the store at hand the run is made first; while it is still being
 * opened, the trace is read meanwhile and the run made once it is there.
 */
static int collect_in_txn(struct collect *c, int fd,
                          struct xabi_collect_result *res, bool *dup)
{
    if ( (c->st || c->keep_all) && store_ready(c) )
        return -1;
    if ( read_all(c, fd, res) )
        return -1;
    if ( c->keep_all && xabi_store_events_flush(c->st) )
        return store_fail(c);
    if ( xabi_store_run_set_size(c->st, c->run_id, res->bytes) )
        return store_fail(c);
    if ( settle_sha(c, res, dup) )
        return -1;
    if ( !*dup && c->opts->before_commit &&
         c->opts->before_commit(c->opts->hook_ctx, c->st, c->run_id, c->err,
                                c->errlen) )
        return -1;
    return 0;
}

int xabi_collect_trace(struct xabi_store *st,
                       const struct xabi_collect_opts *opts,
                       struct xabi_collect_result *res, char *err,
                       size_t errlen)
{
    struct collect c = {
        .opts = opts, .keep_all = opts->keep_all, .st = st, .err = err,
        .errlen = errlen,
        .next_progress = PROGRESS_STEP,
    };
    bool dup = false;
    int fd = -1, rc = -1;

    memset(res, 0, sizeof(*res));
    c.res = res;
    err[0] = '\0';
    c.agg = xabi_agg_new();
    c.events = calloc(EVENT_SLOTS, sizeof(*c.events));
    if ( !c.agg || !c.events )
    {
        cfail(&c, "%s: out of memory for the table of event ids (%zu MiB)",
              opts->path, (EVENT_SLOTS * sizeof(*c.events)) >> 20);
        goto out;
    }
    if ( open_source(&c, opts->path, &fd) )
        goto out;
    if ( collect_in_txn(&c, fd, res, &dup) )
    {
        if ( c.ready )
            xabi_store_rollback(c.st);
    }
    else if ( dup )
    {
        xabi_store_rollback(c.st); /* a no-op: the source is there already */
        rc = 0;
    }
    else if ( xabi_store_commit(c.st) )
    {
        store_fail(&c);
        xabi_store_rollback(c.st);
    }
    else
        rc = 0;
out:
    if ( fd > STDIN_FILENO && !opts->use_fd )
        close(fd);
    if ( c.unpack )
    {
        xabi_unpack_free(c.unpack);
        if ( c.file_fd > STDIN_FILENO )
            close(c.file_fd);
    }
    xabi_hasher_free(c.hash);
    xabi_agg_free(c.agg);
    free(c.events);
    free(c.used_events);
    free(c.pcpu);
    free(c.held);
    return rc;
}
