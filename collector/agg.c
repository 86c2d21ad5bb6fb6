/*
 * agg.c: the in-memory tables a collect fills before it writes anything.
 *
 * Hot records (hypercalls, page faults, emulations) are counted here and
 * reach SQLite once per (domain, vCPU, kind, key) at the end, which is what
 * keeps collection fast: the number of rows written does not grow with the
 * trace.  Both tables are open-addressing hash maps that double when
 * half full.
 */
#include "collector/collector-int.h"

#include <stdlib.h>
#include <string.h>

struct xabi_agg_table
{
    struct xabi_agg_entry **slot;
    size_t nslots, used;
    struct xabi_agg_vcpu *vcpus;
};

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

/* All four parts of an aggregate's identity in two words. */
static uint64_t agg_hash(int kind, int64_t key, int32_t domid, int32_t vcpu)
{
    uint64_t id = (uint64_t)(uint32_t)domid << 32 | (uint32_t)vcpu;

    return mix(id ^ ((uint64_t)key * 0x9e3779b97f4a7c15ULL) ^
               ((uint64_t)kind << 56));
}

static bool agg_same(const struct xabi_agg_entry *e, int kind,
                     const struct xabi_fact *f)
{
    return e->agg.key == f->key && e->kind == kind &&
           e->agg.domid == f->domid && e->agg.vcpu == f->vcpu;
}

struct xabi_agg_table *xabi_agg_new(void)
{
    struct xabi_agg_table *t = calloc(1, sizeof(*t));

    if ( !t )
        return NULL;
    t->nslots = 256;
    t->slot = calloc(t->nslots, sizeof(*t->slot));
    if ( !t->slot )
    {
        free(t);
        return NULL;
    }
    return t;
}

struct xabi_agg_vcpu *xabi_agg_vcpu(struct xabi_agg_table *t, int32_t domid,
                                    int32_t vcpu)
{
    struct xabi_agg_vcpu *v;

    for ( v = t->vcpus; v; v = v->next )
    {
        if ( v->domid == domid && v->vcpu == vcpu )
            return v;
    }
    v = calloc(1, sizeof(*v));
    if ( !v )
        return NULL;
    v->domid = domid;
    v->vcpu = vcpu;
    v->next = t->vcpus;
    t->vcpus = v;
    return v;
}

int xabi_agg_each_vcpu(struct xabi_agg_table *t,
                       int (*fn)(void *ctx, struct xabi_agg_vcpu *v),
                       void *ctx)
{
    struct xabi_agg_vcpu *v;
    int rc;

    for ( v = t->vcpus; v; v = v->next )
    {
        if ( (rc = fn(ctx, v)) != 0 )
            return rc;
    }
    return 0;
}

void xabi_agg_free(struct xabi_agg_table *t)
{
    size_t i;

    if ( !t )
        return;
    while ( t->vcpus )
    {
        struct xabi_agg_vcpu *v = t->vcpus;

        t->vcpus = v->next;
        free(v);
    }
    for ( i = 0; i < t->nslots; i++ )
        free(t->slot[i]);
    free(t->slot);
    free(t);
}

static int agg_grow(struct xabi_agg_table *t)
{
    size_t n = t->nslots * 2, i;
    struct xabi_agg_entry **s = calloc(n, sizeof(*s));

    if ( !s )
        return -1;
    for ( i = 0; i < t->nslots; i++ )
    {
        struct xabi_agg_entry *e = t->slot[i];
        size_t j;

        if ( !e )
            continue;
        j = agg_hash(e->kind, e->agg.key, e->agg.domid, e->agg.vcpu) &
            (n - 1);
        while ( s[j] )
            j = (j + 1) & (n - 1);
        s[j] = e;
    }
    free(t->slot);
    t->slot = s;
    t->nslots = n;
    return 0;
}

/* The entry for f, found or made in the hash table. */
static struct xabi_agg_entry *agg_find(struct xabi_agg_table *t, int kind,
                                       const struct xabi_fact *f)
{
    size_t j = agg_hash(kind, f->key, f->domid, f->vcpu) & (t->nslots - 1);
    struct xabi_agg_entry *e;

    while ( (e = t->slot[j]) && !agg_same(e, kind, f) )
        j = (j + 1) & (t->nslots - 1);
    if ( !e )
    {
        e = calloc(1, sizeof(*e));
        if ( !e )
            return NULL;
        e->kind = kind;
        e->agg.kind = xabi_kind_name[kind];
        e->agg.key = f->key;
        e->agg.domid = f->domid;
        e->agg.vcpu = f->vcpu;
        t->slot[j] = e;
        if ( ++t->used * 2 > t->nslots && agg_grow(t) )
            return NULL;
    }
    return e;
}

int xabi_agg_add_slow(struct xabi_agg_table *t, struct xabi_agg_vcpu *v,
                      int kind, const struct xabi_fact *f)
{
    bool direct = f->key >= 0 && f->key < XABI_AGG_DIRECT;
    struct xabi_agg_entry *e = direct ? v->direct[kind][f->key] : NULL;

    if ( !e )
    {
        e = agg_find(t, kind, f);
        if ( !e )
            return -1;
        if ( direct )
            v->direct[kind][f->key] = e;
        else
            v->last[kind] = e;
    }
    xabi_agg_count(e, f);
    if ( e->nsamples < XABI_AGG_SAMPLES )
    {
        e->samples[e->nsamples] = *f;
        e->samples[e->nsamples++].kind = xabi_kind_name[kind];
    }
    return 0;
}

int xabi_agg_each(struct xabi_agg_table *t,
                  int (*fn)(void *ctx, struct xabi_agg_entry *e), void *ctx)
{
    size_t i;
    int rc;

    for ( i = 0; i < t->nslots; i++ )
    {
        if ( t->slot[i] && (rc = fn(ctx, t->slot[i])) != 0 )
            return rc;
    }
    return 0;
}

/* ---- counters ------------------------------------------------------------- */

struct xabi_counter_map
{
    struct xabi_counter *slot;
    bool *used;
    size_t nslots, n;
};

struct xabi_counter_map *xabi_counter_map_new(void)
{
    struct xabi_counter_map *m = calloc(1, sizeof(*m));

    if ( !m )
        return NULL;
    m->nslots = 64;
    m->slot = calloc(m->nslots, sizeof(*m->slot));
    m->used = calloc(m->nslots, sizeof(*m->used));
    if ( !m->slot || !m->used )
    {
        xabi_counter_map_free(m);
        return NULL;
    }
    return m;
}

void xabi_counter_map_free(struct xabi_counter_map *m)
{
    if ( !m )
        return;
    free(m->slot);
    free(m->used);
    free(m);
}

static size_t counter_find(const struct xabi_counter_map *m, uint64_t key)
{
    size_t j = mix(key) & (m->nslots - 1);

    while ( m->used[j] && m->slot[j].key != key )
        j = (j + 1) & (m->nslots - 1);
    return j;
}

static int counter_grow(struct xabi_counter_map *m)
{
    struct xabi_counter_map bigger = { 0 };
    size_t i;

    bigger.nslots = m->nslots * 2;
    bigger.slot = calloc(bigger.nslots, sizeof(*bigger.slot));
    bigger.used = calloc(bigger.nslots, sizeof(*bigger.used));
    if ( !bigger.slot || !bigger.used )
    {
        free(bigger.slot);
        free(bigger.used);
        return -1;
    }
    for ( i = 0; i < m->nslots; i++ )
    {
        if ( m->used[i] )
        {
            size_t j = counter_find(&bigger, m->slot[i].key);

            bigger.slot[j] = m->slot[i];
            bigger.used[j] = true;
        }
    }
    free(m->slot);
    free(m->used);
    m->slot = bigger.slot;
    m->used = bigger.used;
    m->nslots = bigger.nslots;
    return 0;
}

struct xabi_counter *xabi_counter_get(struct xabi_counter_map *m,
                                      uint64_t key)
{
    size_t j = counter_find(m, key);

    if ( !m->used[j] )
    {
        if ( (m->n + 1) * 2 > m->nslots )
        {
            if ( counter_grow(m) )
                return NULL;
            j = counter_find(m, key);
        }
        memset(&m->slot[j], 0, sizeof(m->slot[j]));
        m->slot[j].key = key;
        m->used[j] = true;
        m->n++;
    }
    return &m->slot[j];
}

int xabi_counter_each(struct xabi_counter_map *m,
                      int (*fn)(void *ctx, struct xabi_counter *c), void *ctx)
{
    size_t i;
    int rc;

    for ( i = 0; i < m->nslots; i++ )
    {
        if ( m->used[i] && (rc = fn(ctx, &m->slot[i])) != 0 )
            return rc;
    }
    return 0;
}
