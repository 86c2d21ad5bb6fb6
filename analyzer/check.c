/*
 * check.c: running rules over a run, and the helpers rules share.
 *
 * The driver loads what every rule needs once (the run, its lost spans, the
 * size of its version's catalogue), then calls each applicable rule with
 * the context.  A rule emits findings; it returns -1 only for xabi's own
 * failure, which aborts the whole check so that no half-made report is
 * ever recorded (xabi_check_run rolls back).
 */
#include "analyzer/analyzer-int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int xabi_check_fail(struct xabi_check *ck, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(ck->err, ck->errlen, fmt, ap);
    va_end(ap);
    return -1;
}

int xabi_check_store_fail(struct xabi_check *ck)
{
    return xabi_check_fail(ck, "%s", xabi_store_errmsg(ck->st));
}

static int emit_v(struct xabi_check *ck, enum xabi_verdict v,
                  enum xabi_reason why, const struct xabi_evidence *ev,
                  const char *fmt, va_list ap)
{
    struct xabi_finding f;
    char msg[1024];

    vsnprintf(msg, sizeof(msg), fmt, ap);
    memset(&f, 0, sizeof(f));
    f.rule_id = ck->rule->id;
    f.verdict = v;
    f.reason = why;
    f.message = msg;
    if ( ev )
    {
        f.has_domain = ev->has_domain;
        f.domid = ev->domid;
        f.vcpu = ev->vcpu;
        f.has_tsc = ev->has_tsc;
        f.tsc = ev->tsc;
        f.snapshot_id = ev->snapshot_id;
        f.has_offset = ev->has_offset;
        f.offset = ev->offset;
        f.fact_kind = ev->kind;
        f.fact_key = ev->key;
        f.count = ev->count;
    }
    ck->sum->verdicts[v]++;
    if ( ck->fn(ck->fn_ctx, &f) < 0 )
        return xabi_check_fail(ck, "recording a finding of %s: %s",
                               ck->rule->id, xabi_store_errmsg(ck->st));
    return 0;
}

int xabi_emit(struct xabi_check *ck, enum xabi_verdict v,
              const struct xabi_evidence *ev, const char *fmt, ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = emit_v(ck, v, XABI_REASON_NONE, ev, fmt, ap);
    va_end(ap);
    return rc;
}

int xabi_emit_not_observed(struct xabi_check *ck, enum xabi_reason why,
                           const struct xabi_evidence *ev, const char *fmt,
                           ...)
{
    va_list ap;
    int rc;

    va_start(ap, fmt);
    rc = emit_v(ck, XABI_NOT_OBSERVED, why, ev, fmt, ap);
    va_end(ap);
    return rc;
}

int xabi_evidence_agg(struct xabi_check *ck, const struct xabi_fact_agg *a,
                      struct xabi_evidence *ev)
{
    struct xabi_fact f;
    bool found;

    memset(ev, 0, sizeof(*ev));
    ev->has_domain = true;
    ev->domid = a->domid;
    ev->vcpu = a->vcpu;
    ev->has_tsc = a->has_tsc;
    ev->tsc = a->first_tsc;
    ev->kind = a->kind;
    ev->key = a->key;
    ev->count = a->count;
    if ( xabi_store_first_fact(ck->st, ck->run.id, a->domid, a->vcpu, a->kind,
                               a->key, &f, &found) )
        return xabi_check_store_fail(ck);
    if ( found )
    {
        ev->has_offset = true;
        ev->offset = f.offset;
        ev->has_tsc = f.has_tsc || ev->has_tsc;
        ev->tsc = f.has_tsc ? f.tsc : ev->tsc;
    }
    return 0;
}

void xabi_evidence_fact(const struct xabi_fact *f, struct xabi_evidence *ev)
{
    memset(ev, 0, sizeof(*ev));
    ev->has_domain = true;
    ev->domid = f->domid;
    ev->vcpu = f->vcpu;
    ev->has_tsc = f->has_tsc;
    ev->tsc = f->tsc;
    ev->has_offset = true;
    ev->offset = f->offset;
    ev->kind = f->kind;
    ev->key = f->key;
    ev->count = 1;
}

void xabi_evidence_snapshot(const struct xabi_snapshot *s,
                            struct xabi_evidence *ev)
{
    memset(ev, 0, sizeof(*ev));
    ev->has_domain = true;
    ev->domid = s->domid;
    ev->vcpu = s->vcpu;
    ev->has_tsc = s->has_tsc;
    ev->tsc = s->tsc;
    ev->snapshot_id = s->id;
}

const struct xabi_lost *xabi_lost_within(const struct xabi_check *ck,
                                         bool has_tsc, uint64_t first,
                                         uint64_t last)
{
    size_t i;

    for ( i = 0; i < ck->nlost; i++ )
    {
        const struct xabi_lost *l = &ck->lost[i];

        if ( !has_tsc || (l->first_tsc <= last && l->tsc >= first) )
            return l;
    }
    return NULL;
}

int xabi_tally_add(struct xabi_check *ck, struct xabi_tally *t, int32_t domid,
                   int32_t vcpu, uint64_t facts, bool bad, bool has_tsc,
                   uint64_t first, uint64_t last)
{
    struct xabi_tally_entry *e = NULL;
    size_t i;

    for ( i = 0; i < t->n; i++ )
    {
        if ( t->e[i].domid == domid && t->e[i].vcpu == vcpu )
            e = &t->e[i];
    }
    if ( !e )
    {
        if ( t->n == t->cap )
        {
            size_t cap = t->cap ? 2 * t->cap : 16;
            struct xabi_tally_entry *ne = realloc(t->e, cap * sizeof(*ne));

            if ( !ne )
                return xabi_check_fail(ck, "out of memory");
            t->e = ne;
            t->cap = cap;
        }
        e = &t->e[t->n++];
        memset(e, 0, sizeof(*e));
        e->domid = domid;
        e->vcpu = vcpu;
    }
    e->facts += facts;
    e->bad += bad;
    if ( has_tsc )
    {
        if ( !e->has_tsc || first < e->first_tsc )
            e->first_tsc = first;
        if ( !e->has_tsc || last > e->last_tsc )
            e->last_tsc = last;
        e->has_tsc = true;
    }
    return 0;
}

/* The finding for one vCPU in which the rule saw no violation. */
static int tally_clean(struct xabi_check *ck, const struct xabi_tally_entry *e,
                       const char *what, const char *ok)
{
    struct xabi_evidence ev;
    const struct xabi_lost *l;

    memset(&ev, 0, sizeof(ev));
    ev.has_domain = true;
    ev.domid = e->domid;
    ev.vcpu = e->vcpu;
    ev.has_tsc = e->has_tsc;
    ev.tsc = e->first_tsc;
    ev.count = e->facts;
    l = xabi_lost_within(ck, e->has_tsc, e->first_tsc, e->last_tsc);
    if ( l )
    {
        ev.has_offset = true;
        ev.offset = l->offset;
        return xabi_emit_not_observed(
            ck, XABI_REASON_LOST, &ev,
            "%llu %s seen, but %u records were lost on pCPU %u within their "
            "span (TSC %llu-%llu): a violation may be among them",
            (unsigned long long)e->facts, what, l->count, l->pcpu,
            (unsigned long long)l->first_tsc, (unsigned long long)l->tsc);
    }
    if ( e->domid == XABI_UNKNOWN )
    {
        struct xabi_observable o;

        if ( xabi_store_observable(ck->st, ck->run.id, "TRC_SCHED", &o) )
            return xabi_check_store_fail(ck);
        if ( o.known && !o.traced )
            return xabi_emit_not_observed(
                ck, XABI_REASON_NO_SCHED, &ev,
                "%llu %s show no violation, but the trace has no scheduler "
                "records, so nothing attributes them to a domain: %s",
                (unsigned long long)e->facts, what, o.detail);
        return xabi_emit_not_observed(
            ck, XABI_REASON_NO_SCHED, &ev,
            "%llu %s show no violation, but they came before the first "
            "scheduler record of their pCPU, so nothing names the domain "
            "that made them",
            (unsigned long long)e->facts, what);
    }
    return xabi_emit(ck, XABI_PASS, &ev, "%llu %s: %s",
                     (unsigned long long)e->facts, what, ok);
}

void xabi_tally_free(struct xabi_tally *t)
{
    free(t->e);
    memset(t, 0, sizeof(*t));
}

const char *xabi_run_kind_phrase(const struct xabi_check *ck)
{
    static const struct { const char *kind, *phrase; } phrases[] = {
        { "trace", "a trace" },
        { "live", "a live run" },
        { "snapshot", "a snapshot" },
        { "image", "a kernel image" },
        { "hcpage", "a hypercall page" },
    };
    size_t i;

    for ( i = 0; i < sizeof(phrases) / sizeof(phrases[0]); i++ )
    {
        if ( !strcmp(phrases[i].kind, ck->run.source_kind) )
            return phrases[i].phrase;
    }
    return ck->run.source_kind;
}

bool xabi_run_is_trace(const struct xabi_check *ck)
{
    return strcmp(ck->run.source_kind, "trace") == 0 ||
           strcmp(ck->run.source_kind, "live") == 0;
}

int xabi_emit_absent(struct xabi_check *ck, const char *kinds,
                     const char *what)
{
    struct xabi_observable o, first;
    char kind[32];
    size_t n;
    bool any = false;

    memset(&first, 0, sizeof(first));
    if ( !xabi_run_is_trace(ck) )
        return xabi_emit_not_observed(
            ck, XABI_REASON_NOT_IN_SOURCE, NULL,
            "run %lld is %s, not a trace: it holds no trace records, so "
            "no %s could be observed",
            (long long)ck->run.id, xabi_run_kind_phrase(ck), what);
    while ( *kinds )
    {
        n = strcspn(kinds, " ");
        snprintf(kind, sizeof(kind), "%.*s", (int)n, kinds);
        kinds += n + (kinds[n] == ' ');
        if ( xabi_store_observable(ck->st, ck->run.id, kind, &o) )
            return xabi_check_store_fail(ck);
        if ( !o.known || o.traced )
            any = true;
        else if ( !first.known )
            first = o;
    }
    if ( !any && first.known )
        return xabi_emit_not_observed(ck, first.reason, NULL, "no %s: %s",
                                      what, first.detail);
    return xabi_emit_not_observed(ck, XABI_REASON_NO_FACTS, NULL,
                                  "the run holds no %s, though its trace "
                                  "would have recorded them",
                                  what);
}

int xabi_tally_close(struct xabi_check *ck, struct xabi_tally *t,
                     const char *kinds, const char *what, const char *ok)
{
    size_t i;
    int rc = 0;

    if ( t->n == 0 )
        rc = xabi_emit_absent(ck, kinds, what);
    for ( i = 0; i < t->n && !rc; i++ )
    {
        if ( !t->e[i].bad )
            rc = tally_clean(ck, &t->e[i], what, ok);
    }
    free(t->e);
    memset(t, 0, sizeof(*t));
    return rc;
}

struct snap_walk
{
    struct xabi_check *ck;
    xabi_snapshot_rule_fn fn;
    unsigned matched;
    int rc;
};

static int snap_cb(void *ctx, const struct xabi_snapshot *s)
{
    struct snap_walk *w = ctx;
    int rc = w->fn(w->ck, s);

    if ( rc < 0 )
    {
        w->rc = -1;
        return -1;
    }
    w->matched += rc == 0; /* 1: the snapshot is not what the rule reads */
    return 0;
}

int xabi_each_snapshot(struct xabi_check *ck, xabi_snapshot_rule_fn fn,
                       const char *wanted)
{
    struct snap_walk w = { ck, fn, 0, 0 };

    if ( xabi_store_each_snapshot(ck->st, ck->run.id, snap_cb, &w) )
        return w.rc ? -1 : xabi_check_store_fail(ck);
    if ( !w.matched && strcmp(ck->run.source_kind, "snapshot") != 0 &&
         strcmp(ck->run.source_kind, "live") != 0 )
        return xabi_emit_not_observed(ck, XABI_REASON_NO_SNAPSHOT, NULL,
                                      "run %lld is %s: it holds no vCPU "
                                      "snapshot, so there is no %s",
                                      (long long)ck->run.id,
                                      xabi_run_kind_phrase(ck), wanted);
    if ( !w.matched )
        return xabi_emit_not_observed(ck, XABI_REASON_NO_SNAPSHOT, NULL,
                                      "the run has no %s", wanted);
    return 0;
}
