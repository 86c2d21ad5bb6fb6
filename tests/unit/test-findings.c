/*
 * test-findings.c: what `xabi check` leaves in the database.  A check
 * records its findings, a second one replaces them, a check of some rules
 * replaces only theirs; an unknown run or rule, or a database another
 * program made, changes nothing.  And vCPU snapshots read back exactly as
 * written, the contract the live collector relies on.
 */
#include <sqlite3.h>

#include "tests/unit/fixtures.h"

#include "analyzer/analyzer.h"
#include "collector/snapshot.h"
#include "store/store.h"

/* A trace run of 4.17 with one hypercall aggregate and a lost span. */
static struct xabi_store *trace_run(char *path, size_t len, int64_t *run_id)
{
    struct xabi_fact_agg a = { "hypercall", 29, 1, 0, 10, 0, true, 1000,
                               2000 };
    struct xabi_lost l = { 0, 0x2000, 17, 1, 0, 1400, 1600 };
    struct xabi_run_totals t;
    struct xabi_run_info ri;
    struct xabi_store *st;

    xabi_test_db_path(path, len, "findings");
    memset(&ri, 0, sizeof(ri));
    ri.source_kind = "trace";
    ri.source_path = "fixture";
    strcpy(ri.source_sha256, "0");
    ri.xen_version = "4.17";
    memset(&t, 0, sizeof(t));
    t.records = 1000;
    t.lost_records = 17;
    assert_int_equal(xabi_store_open(path, &st), 0);
    assert_int_equal(xabi_store_begin(st), 0);
    assert_int_equal(xabi_store_run_new(st, &ri, run_id), 0);
    assert_int_equal(xabi_store_put_agg(st, *run_id, &a), 0);
    assert_int_equal(xabi_store_put_lost(st, *run_id, &l), 0);
    assert_int_equal(xabi_store_run_finish(st, *run_id, &t), 0);
    assert_int_equal(xabi_store_commit(st), 0);
    return st;
}

struct tally
{
    unsigned n, lost_warn, hc_lost;
};

static int count_cb(void *ctx, const struct xabi_finding *f)
{
    struct tally *t = ctx;

    t->n++;
    if ( strcmp(f->rule_id, "TRACE-001") == 0 && f->verdict == XABI_WARN )
    {
        /* The evidence of a loss: its vCPU, TSC and record offset. */
        assert_true(f->has_domain && f->has_tsc && f->has_offset);
        assert_true(f->offset == 0x2000 && f->tsc == 1400);
        t->lost_warn++;
    }
    if ( strcmp(f->rule_id, "HC-002") == 0 &&
         f->verdict == XABI_NOT_OBSERVED && f->reason == XABI_REASON_LOST )
        t->hc_lost++;
    return 0;
}

static struct tally stored(struct xabi_store *st, int64_t run_id)
{
    struct tally t = { 0, 0, 0 };

    assert_int_equal(xabi_store_each_finding(st, run_id, count_cb, &t), 0);
    return t;
}

static void test_check_records_and_replaces(void **state)
{
    const char *one_rule[] = { "trace-002" };
    struct xabi_check_summary sum;
    struct xabi_store *st;
    char path[256], err[512];
    int64_t run_id;
    struct tally all;

    (void)state;
    st = trace_run(path, sizeof(path), &run_id);
    assert_int_equal(stored(st, run_id).n, 0);
    assert_int_equal(xabi_check_run(st, run_id, NULL, 0, &sum, err,
                                    sizeof(err)),
                     0);
    all = stored(st, run_id);
    assert_true(all.n >= 20);
    assert_int_equal(all.lost_warn, 1);
    assert_int_equal(all.hc_lost, 1); /* the loss falls in its span */
    assert_int_equal(sum.verdicts[XABI_WARN], 1);
    /* Again: replaced, not added. */
    assert_int_equal(xabi_check_run(st, run_id, NULL, 0, &sum, err,
                                    sizeof(err)),
                     0);
    assert_int_equal(stored(st, run_id).n, all.n);
    /* One rule: only its findings are replaced. */
    assert_int_equal(xabi_check_run(st, run_id, one_rule, 1, &sum, err,
                                    sizeof(err)),
                     0);
    assert_int_equal(sum.rules_run, 1);
    assert_int_equal(stored(st, run_id).n, all.n);
    xabi_store_close(st);
    xabi_test_db_remove(path);
}

/* One integer from a query, through a second connection (a reader). */
static long long query_int(const char *path, const char *sql)
{
    sqlite3_stmt *s;
    sqlite3 *db;
    long long v;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(s), SQLITE_ROW);
    v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

/* A reader of the database alone finds each finding's rule and run. */
static void test_report_view(void **state)
{
    struct xabi_check_summary sum;
    struct xabi_store *st;
    char path[256], err[512];
    int64_t run_id;
    size_t nrules;

    (void)state;
    xabi_rules(&nrules);
    st = trace_run(path, sizeof(path), &run_id);
    assert_int_equal(xabi_check_run(st, run_id, NULL, 0, &sum, err,
                                    sizeof(err)),
                     0);
    xabi_store_close(st);
    assert_int_equal(query_int(path, "SELECT count(*) FROM rule"), nrules);
    assert_int_equal(query_int(path, "SELECT count(*) FROM finding_report "
                                     "WHERE rule_title IS NULL OR "
                                     "rule_citation IS NULL OR "
                                     "xen_version != '4.17'"),
                     0);
    assert_int_equal(query_int(path, "SELECT count(*) FROM finding_report "
                                     "WHERE rule_id = 'TRACE-001' AND "
                                     "verdict = 'WARN' AND offset = 8192"),
                     1);
    xabi_test_db_remove(path);
}

static void test_check_refuses_unknown(void **state)
{
    const char *bad_rule[] = { "TRACE-001", "HC-999" };
    struct xabi_check_summary sum;
    struct xabi_store *st;
    char path[256], err[512];
    int64_t run_id;
    unsigned before;

    (void)state;
    st = trace_run(path, sizeof(path), &run_id);
    assert_int_equal(xabi_check_run(st, run_id, NULL, 0, &sum, err,
                                    sizeof(err)),
                     0);
    before = stored(st, run_id).n;
    assert_int_equal(xabi_check_run(st, run_id, bad_rule, 2, &sum, err,
                                    sizeof(err)),
                     -1);
    assert_non_null(strstr(err, "HC-999"));
    assert_int_equal(xabi_check_run(st, 4242, NULL, 0, &sum, err,
                                    sizeof(err)),
                     -1);
    assert_non_null(strstr(err, "4242"));
    assert_int_equal(stored(st, run_id).n, before);
    xabi_store_close(st);
    xabi_test_db_remove(path);
}

/* A database another program made is refused and left byte for byte. */
static void test_foreign_database_untouched(void **state)
{
    char path[256], before[8192], after[8192];
    struct xabi_store *st = NULL;
    sqlite3 *db;
    size_t nb, na;
    FILE *f;

    (void)state;
    xabi_test_db_path(path, sizeof(path), "foreign");
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x); INSERT INTO t "
                                      "VALUES (1)",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    f = fopen(path, "rb");
    assert_non_null(f);
    nb = fread(before, 1, sizeof(before), f);
    fclose(f);
    assert_int_equal(xabi_store_open(path, &st), -1);
    assert_non_null(strstr(xabi_store_errmsg(st), "not an xabi database"));
    xabi_store_close(st);
    f = fopen(path, "rb");
    assert_non_null(f);
    na = fread(after, 1, sizeof(after), f);
    fclose(f);
    assert_int_equal(na, nb);
    assert_memory_equal(before, after, nb);
    xabi_test_db_remove(path);
}
/* Snapshots read back exactly as written (the live collector's contract). */
static int compare_snapshot(void *ctx, const struct xabi_snapshot *got)
{
    const struct xabi_snapshot *want = ctx;
    int i;

    assert_true(got->id > 0);
    assert_int_equal(got->domid, want->domid);
    assert_int_equal(got->phase, want->phase);
    assert_int_equal(got->user_mode_seen, want->user_mode_seen);
    assert_int_equal(got->type, want->type);
    assert_string_equal(got->source, want->source);
    assert_string_equal(got->taken_at, want->taken_at);
    assert_int_equal(got->reg_mask, want->reg_mask);
    for ( i = 0; i < XABI_REG_MAX; i++ )
        assert_true(got->reg[i] == want->reg[i]);
    for ( i = 0; i < XABI_SREG_MAX; i++ )
    {
        const struct xabi_segment *a = &got->seg[i], *b = &want->seg[i];

        assert_true(a->known == b->known && a->has_hidden == b->has_hidden &&
                    a->selector == b->selector);
        if ( b->has_hidden )
            assert_true(a->base == b->base && a->limit == b->limit &&
                        a->attr == b->attr);
    }
    assert_int_equal(got->ntraps, want->ntraps);
    for ( i = 0; i < (int)want->ntraps; i++ )
    {
        assert_int_equal(got->traps[i].vector, want->traps[i].vector);
        assert_int_equal(got->traps[i].flags, want->traps[i].flags);
        assert_int_equal(got->traps[i].cs, want->traps[i].cs);
        assert_true(got->traps[i].address == want->traps[i].address);
    }
    for ( i = 0; i < XABI_CB_MAX; i++ )
    {
        assert_int_equal(got->cb[i].known, want->cb[i].known);
        assert_int_equal(got->cb[i].has_cs, want->cb[i].has_cs);
        assert_int_equal(got->cb[i].cs, want->cb[i].cs);
        assert_true(got->cb[i].address == want->cb[i].address);
    }
    assert_int_equal(got->gdt_read, want->gdt_read);
    assert_int_equal(got->ngdt, want->ngdt);
    if ( want->ngdt )
        assert_memory_equal(got->gdt, want->gdt,
                            want->ngdt * sizeof(want->gdt[0]));
    assert_int_equal(got->has_start_info, want->has_start_info);
    if ( want->has_start_info )
    {
        const struct xabi_start_info *a = &got->start_info,
                                     *b = &want->start_info;

        assert_true(a->gpa == b->gpa && a->magic == b->magic &&
                    a->version == b->version && a->flags == b->flags &&
                    a->nr_modules == b->nr_modules &&
                    a->modlist_paddr == b->modlist_paddr &&
                    a->cmdline_paddr == b->cmdline_paddr &&
                    a->rsdp_paddr == b->rsdp_paddr &&
                    a->has_memmap == b->has_memmap &&
                    a->memmap_paddr == b->memmap_paddr &&
                    a->memmap_entries == b->memmap_entries);
    }
    return 0;
}

static void round_trip(const struct xabi_snapshot *want)
{
    struct xabi_store *st;
    char path[256];
    int64_t run_id, id;

    st = trace_run(path, sizeof(path), &run_id);
    assert_int_equal(xabi_store_begin(st), 0);
    assert_int_equal(xabi_store_put_snapshot(st, run_id, want, &id), 0);
    assert_int_equal(xabi_store_commit(st), 0);
    assert_int_equal(xabi_store_each_snapshot(st, run_id, compare_snapshot,
                                              (void *)want),
                     0);
    xabi_store_close(st);
    xabi_test_db_remove(path);
}

static struct xabi_snapshot *load(const char *name)
{
    struct xabi_snapshot_text_opts o = { false, 0, XABI_SNAP_RUNNING, 1 };
    struct xabi_snapshot *s;
    const char *dir = getenv("XABI_SRCDIR");
    char path[512], err[512];

    snprintf(path, sizeof(path), "%s/tests/data/snapshots/%s",
             dir ? dir : ".", name);
    if ( xabi_snapshot_text_load(path, &o, &s, err, sizeof(err)) )
        fail_msg("%s", err);
    return s;
}

static void test_snapshot_round_trip(void **state)
{
    static const uint64_t gdt[] = {
        0, 0x00affa000000ffffull, 0x0000ec0000101000ull, 0,
    };
    static const char *const dumps[] = {
        "getctx_domU_initial.txt", "getctx_dom0_vcpu1.txt",
        "pvh_hvmctx_initial.txt", "pvh_pvhinfo_initial.txt",
    };
    struct xabi_snapshot *s;
    size_t i;

    (void)state;
    for ( i = 0; i < 4; i++ )
    {
        s = load(dumps[i]);
        round_trip(s);
        xabi_snapshot_text_free(s);
    }
    /* What the real dumps lack: GDT descriptors, compat callbacks. */
    s = load("getctx_dom0_vcpu1.txt");
    s->gdt_read = true;
    s->gdt = gdt;
    s->ngdt = 4;
    s->cb[XABI_CB_SYSCALL32] = (struct xabi_callback_entry){ true, true,
                                                            0xe033, 0 };
    strcpy(s->taken_at, "2026-11-21T13:50:00Z");
    round_trip(s);
    xabi_snapshot_text_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_records_and_replaces),
        cmocka_unit_test(test_check_refuses_unknown),
        cmocka_unit_test(test_report_view),
        cmocka_unit_test(test_foreign_database_untouched),
        cmocka_unit_test(test_snapshot_round_trip),
    };

    return cmocka_run_group_tests_name("findings", tests, NULL, NULL);
}
