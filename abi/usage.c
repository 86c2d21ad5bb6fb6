/*
 * usage.c: comparing what two runs observed guests do.
 *
 * Each side is a set of (fact kind, key) -> count, summed over domains and
 * vCPUs.  What only one side has is reported; what both have is compared
 * by share of its kind (hypercall 13 is 40% of all hypercalls in A, 2% in
 * B), so a one-minute trace and a ten-minute trace still compare.  For
 * kinds that carry error codes, a vector delivered with one on one side
 * and never on the other is reported too.
 */
#include "abi/abi.h"

#include <stdlib.h>
#include <string.h>

/*
 * Fact kinds that record events about the run rather than guest use of the
 * ABI (schema/002-kinds.sql): comparing them says nothing about guests.
 */
static const char *const not_usage[] = {
    "lost_records", "dom_create", "dom_destroy", "unknown_event",
};

int xabi_usage_add(struct xabi_usage_set *set, const struct xabi_usage *u)
{
    size_t i;

    for ( i = 0; i < sizeof(not_usage) / sizeof(not_usage[0]); i++ )
    {
        if ( strcmp(u->kind, not_usage[i]) == 0 )
            return 0;
    }

    for ( i = 0; i < set->n; i++ )
    {
        struct xabi_usage *x = &set->v[i];

        if ( x->key == u->key && x->domid == u->domid &&
             strcmp(x->kind, u->kind) == 0 )
        {
            x->count += u->count;
            x->with_error_code += u->with_error_code;
            return 0;
        }
    }
    if ( set->n == set->cap )
    {
        size_t ncap = set->cap ? set->cap * 2 : 64;
        struct xabi_usage *v = realloc(set->v, ncap * sizeof(*v));

        if ( !v )
            return -1;
        set->v = v;
        set->cap = ncap;
    }
    set->v[set->n++] = *u;
    return 0;
}

void xabi_usage_clear(struct xabi_usage_set *set)
{
    free(set->v);
    memset(set, 0, sizeof(*set));
}

static int by_kind_key(const void *pa, const void *pb)
{
    const struct xabi_usage *a = pa, *b = pb;
    int c = strcmp(a->kind, b->kind);

    if ( c )
        return c;
    return a->key < b->key ? -1 : a->key > b->key;
}

static uint64_t kind_total(const struct xabi_usage_set *set, const char *kind)
{
    uint64_t t = 0;
    size_t i;

    for ( i = 0; i < set->n; i++ )
    {
        if ( strcmp(set->v[i].kind, kind) == 0 )
            t += set->v[i].count;
    }
    return t;
}

static const struct xabi_usage *lookup(const struct xabi_usage_set *set,
                                       const struct xabi_usage *u)
{
    if ( set->n == 0 )
        return NULL;
    return bsearch(u, set->v, set->n, sizeof(*set->v), by_kind_key);
}

/* Compare one thing both sides used. */
static int compare(const struct xabi_usage_set *a,
                   const struct xabi_usage_set *b, const struct xabi_usage *ua,
                   const struct xabi_usage *ub, double factor,
                   xabi_usage_fn fn, void *ctx)
{
    struct xabi_usage_change c = { XABI_USAGE_FACTOR, ua, ub, 0, 0, 1 };
    uint64_t ta = kind_total(a, ua->kind), tb = kind_total(b, ub->kind);
    int rc = 0;

    c.share_a = ta ? (double)ua->count / (double)ta : 0;
    c.share_b = tb ? (double)ub->count / (double)tb : 0;
    if ( c.share_a > 0 && c.share_b > 0 )
        c.factor = c.share_a > c.share_b ? c.share_a / c.share_b
                                         : c.share_b / c.share_a;
    if ( c.factor >= factor )
        rc = fn(ctx, &c);
    if ( rc == 0 && (ua->with_error_code == 0) != (ub->with_error_code == 0) )
    {
        c.kind = XABI_USAGE_ERRCODE;
        rc = fn(ctx, &c);
    }
    return rc;
}

/* One side's things that the other lacks. */
static int only(const struct xabi_usage_set *have,
                const struct xabi_usage_set *lack, bool have_is_a,
                xabi_usage_fn fn, void *ctx)
{
    size_t i;
    int rc = 0;

    for ( i = 0; i < have->n && rc == 0; i++ )
    {
        const struct xabi_usage *u = &have->v[i];
        struct xabi_usage_change c = { have_is_a ? XABI_USAGE_ONLY_A
                                                 : XABI_USAGE_ONLY_B,
                                       have_is_a ? u : NULL,
                                       have_is_a ? NULL : u, 0, 0, 0 };
        uint64_t t = kind_total(have, u->kind);

        if ( lookup(lack, u) )
            continue;
        *(have_is_a ? &c.share_a : &c.share_b) =
            t ? (double)u->count / (double)t : 0;
        rc = fn(ctx, &c);
    }
    return rc;
}

int xabi_usage_diff(struct xabi_usage_set *a, struct xabi_usage_set *b,
                    double factor, xabi_usage_fn fn, void *ctx)
{
    size_t i;
    int rc;

    if ( a->n )
        qsort(a->v, a->n, sizeof(*a->v), by_kind_key);
    if ( b->n )
        qsort(b->v, b->n, sizeof(*b->v), by_kind_key);
    rc = only(a, b, true, fn, ctx);
    if ( rc == 0 )
        rc = only(b, a, false, fn, ctx);
    for ( i = 0; i < a->n && rc == 0; i++ )
    {
        const struct xabi_usage *ub = lookup(b, &a->v[i]);

        if ( ub )
            rc = compare(a, b, &a->v[i], ub, factor, fn, ctx);
    }
    return rc;
}

const char *xabi_usage_change_name(enum xabi_usage_change_kind kind)
{
    static const char *const names[] = {
        [XABI_USAGE_ONLY_A] = "only-a",
        [XABI_USAGE_ONLY_B] = "only-b",
        [XABI_USAGE_FACTOR] = "factor",
        [XABI_USAGE_ERRCODE] = "error-code",
    };

    if ( (size_t)kind >= sizeof(names) / sizeof(names[0]) )
        return "?";
    return names[kind];
}
