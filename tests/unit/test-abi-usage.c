/*
 * test-abi-usage.c: `xabi abi diff --run A --run B`: what two runs used,
 * from the store's aggregates and row facts, compared by share.
 */
#include "tests/unit/fixtures.h"

#include <stdio.h>
#include <string.h>

#include "abi/abi.h"
#include "store/store.h"

#define MAX_SEEN 64

struct seen
{
    struct xabi_usage_change c[MAX_SEEN];
    struct xabi_usage a[MAX_SEEN], b[MAX_SEEN]; /* copies: sets may move */
    size_t n;
};

static int record(void *ctx, const struct xabi_usage_change *c)
{
    struct seen *s = ctx;

    if ( s->n < MAX_SEEN )
    {
        s->c[s->n] = *c;
        if ( c->a )
            s->a[s->n] = *c->a;
        if ( c->b )
            s->b[s->n] = *c->b;
        s->n++;
    }
    return 0;
}

static void add(struct xabi_usage_set *set, const char *kind, int64_t key,
                uint64_t count, uint64_t errc)
{
    struct xabi_usage u;

    memset(&u, 0, sizeof(u));
    snprintf(u.kind, sizeof(u.kind), "%s", kind);
    u.key = key;
    u.count = count;
    u.with_error_code = errc;
    assert_int_equal(xabi_usage_add(set, &u), 0);
}

static const struct xabi_usage_change *
find(const struct seen *s, enum xabi_usage_change_kind kind, const char *what,
     int64_t key, size_t *at)
{
    size_t i;

    for ( i = 0; i < s->n; i++ )
    {
        const struct xabi_usage *u = s->c[i].a ? &s->a[i] : &s->b[i];

        if ( s->c[i].kind == kind && u->key == key &&
             strcmp(u->kind, what) == 0 )
        {
            *at = i;
            return &s->c[i];
        }
    }
    fail_msg("no %s %s %lld", xabi_usage_change_name(kind), what,
             (long long)key);
    return NULL;
}

static void test_usage_diff(void **state)
{
    struct xabi_usage_set a = { NULL, 0, 0 }, b = { NULL, 0, 0 };
    struct seen s;
    size_t at;

    (void)state;
    memset(&s, 0, sizeof(s));
    add(&a, "hypercall", 13, 500, 0); /* multicall: 50% of A */
    add(&a, "hypercall", 24, 480, 0);
    add(&a, "hypercall", 17, 20, 0);  /* xen_version: only in A */
    add(&b, "hypercall", 13, 10, 0);  /* 1% of B: x50 */
    add(&b, "hypercall", 24, 985, 0); /* ~49% vs ~98%: x2, not reported */
    add(&b, "hypercall", 42, 5, 0);   /* hypfs_op: only in B */
    add(&a, "trap", 13, 3, 3);        /* #GP with error codes in A */
    add(&b, "trap", 13, 2, 0);        /* ... and without in B */
    add(&b, "trap", 14, 1, 0);        /* summed over vCPUs: */
    add(&b, "trap", 14, 1, 1);
    add(&a, "trap", 14, 2, 1);
    add(&a, "lost_records", 7, 1, 0); /* not guest usage: ignored */
    assert_int_equal(xabi_usage_diff(&a, &b, 10, record, &s), 0);

    find(&s, XABI_USAGE_ONLY_A, "hypercall", 17, &at);
    assert_int_equal(s.a[at].count, 20);
    find(&s, XABI_USAGE_ONLY_B, "hypercall", 42, &at);
    assert_true(find(&s, XABI_USAGE_FACTOR, "hypercall", 13, &at)->factor >
                49);
    find(&s, XABI_USAGE_ERRCODE, "trap", 13, &at);
    assert_int_equal(s.a[at].with_error_code, 3);
    assert_int_equal(s.b[at].with_error_code, 0);
    /* 24 (x2), trap 14 (same shares, both with error codes), lost: quiet. */
    assert_int_equal(s.n, 4);

    /* A lower factor reports 24 too. */
    memset(&s, 0, sizeof(s));
    assert_int_equal(xabi_usage_diff(&a, &b, 1.5, record, &s), 0);
    find(&s, XABI_USAGE_FACTOR, "hypercall", 24, &at);
    xabi_usage_clear(&a);
    xabi_usage_clear(&b);
}

static void test_usage_same_run_is_quiet(void **state)
{
    struct xabi_usage_set a = { NULL, 0, 0 }, b = { NULL, 0, 0 };
    struct seen s;

    (void)state;
    memset(&s, 0, sizeof(s));
    assert_int_equal(xabi_usage_diff(&a, &b, 10, record, &s), 0);
    assert_int_equal(s.n, 0);
    add(&a, "hypercall", 1, 5, 0);
    add(&b, "hypercall", 1, 50, 0);
    assert_int_equal(xabi_usage_diff(&a, &b, 10, record, &s), 0);
    assert_int_equal(s.n, 0);
    xabi_usage_clear(&a);
    xabi_usage_clear(&b);
}

static int64_t new_run(struct xabi_store *st, const char *version,
                       const char *sha)
{
    struct xabi_run_info ri;
    int64_t id;

    memset(&ri, 0, sizeof(ri));
    ri.source_kind = "trace";
    ri.source_path = "test.trace";
    snprintf(ri.source_sha256, sizeof(ri.source_sha256), "%s", sha);
    ri.xen_version = version;
    assert_int_equal(xabi_store_run_new(st, &ri, &id), 0);
    return id;
}

static void put_agg_dom(struct xabi_store *st, int64_t run, int domid,
                        const char *kind, int64_t key, int vcpu,
                        uint64_t count)
{
    struct xabi_fact_agg a;

    memset(&a, 0, sizeof(a));
    a.kind = kind;
    a.key = key;
    a.domid = domid;
    a.vcpu = vcpu;
    a.count = count;
    assert_int_equal(xabi_store_put_agg(st, run, &a), 0);
}

static void put_agg(struct xabi_store *st, int64_t run, const char *kind,
                    int64_t key, int vcpu, uint64_t count)
{
    put_agg_dom(st, run, 1, kind, key, vcpu, count);
}

static void put_trap(struct xabi_store *st, int64_t run, int64_t vector,
                     bool errc)
{
    struct xabi_fact f;

    memset(&f, 0, sizeof(f));
    f.kind = "trap";
    f.key = vector;
    f.domid = 1;
    f.has_error_code = errc;
    assert_int_equal(xabi_store_put_fact(st, run, &f, 0), 0);
}

/* The store sums aggregates over vCPUs and counts row facts. */
static void test_store_run_usage(void **state)
{
    struct xabi_usage_set a = { NULL, 0, 0 };
    struct xabi_run_desc d;
    struct xabi_store *st;
    int64_t r1, r2;
    size_t i;

    (void)state;
    assert_int_equal(xabi_store_open(":memory:", &st), 0);
    assert_int_equal(xabi_store_begin(st), 0);
    r1 = new_run(st, "4.17", "aa");
    r2 = new_run(st, "4.19", "bb");
    put_agg(st, r1, "hypercall", 13, 0, 100);
    put_agg(st, r1, "hypercall", 13, 1, 50);
    put_agg(st, r2, "hypercall", 13, 0, 7);
    put_agg_dom(st, r2, 0, "hypercall", 13, 0, 9); /* dom0's, kept apart */
    put_trap(st, r1, 13, true);
    put_trap(st, r1, 13, true);
    put_trap(st, r1, 14, false);
    assert_int_equal(xabi_store_commit(st), 0);

    assert_int_equal(xabi_store_run_describe(st, r2, &d), 0);
    assert_string_equal(d.xen_version, "4.19");
    assert_string_equal(d.source_kind, "trace");
    assert_int_equal(xabi_store_run_describe(st, 999, &d), -1);
    assert_non_null(strstr(xabi_store_errmsg(st), "no run 999"));

    assert_int_equal(xabi_store_run_usage(st, r1, &a), 0);
    assert_int_equal(a.n, 3);
    for ( i = 0; i < a.n; i++ )
    {
        if ( strcmp(a.v[i].kind, "hypercall") == 0 )
            assert_int_equal(a.v[i].count, 150);
        else if ( a.v[i].key == 13 )
        {
            assert_int_equal(a.v[i].count, 2);
            assert_int_equal(a.v[i].with_error_code, 2);
        }
        else
            assert_int_equal(a.v[i].with_error_code, 0);
    }
    xabi_usage_clear(&a);
    /* Per domain: d1's 7 and dom0's 9 stay two rows. */
    assert_int_equal(xabi_store_run_usage(st, r2, &a), 0);
    assert_int_equal(a.n, 2);
    for ( i = 0; i < a.n; i++ )
        assert_int_equal(a.v[i].count, a.v[i].domid == 0 ? 9 : 7);
    xabi_usage_clear(&a);
    xabi_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_usage_diff),
        cmocka_unit_test(test_usage_same_run_is_quiet),
        cmocka_unit_test(test_store_run_usage),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
