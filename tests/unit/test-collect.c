/*
 * test-collect.c: from trace bytes to rows, through xabi_collect_trace.
 *
 * Each test writes a byte-labelled fixture (the comment at the start of
 * each line is the byte offset of its first word) to a file in a fresh
 * directory, collects it into a fresh database with the store's own
 * xabi_store_open, and reads back what was stored: through a named query
 * (xabi_store_query) where one answers the question, else with SQL on a
 * second, read-only connection.
 *
 * What is checked is issue 2's "What the collector reads" and "What goes
 * into SQLite": attribution by the scheduler records, the decoded fields
 * of each event family, and the storage rules (a duplicate collect is a
 * no-op; a failed collect leaves the file byte for byte as it was).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "collector/collector.h"
#include "tests/unit/fixtures.h"

/* Events (xen/include/public/trace.h). */
#define LOST          0x0001f001u /* TRC_LOST_RECORDS */
#define WRAP          0x0001f002u /* TRC_TRACE_WRAP_BUFFER */
#define CONTINUE_RUNNING 0x00021002u /* TRC_SCHED_CONTINUE_RUNNING */
#define SCHED_SWITCH  0x0002800au /* TRC_SCHED_SWITCH */
#define SWITCH_INFPREV 0x0002800eu /* TRC_SCHED_SWITCH_INFPREV */
#define SWITCH_INFNEXT 0x0002800fu /* TRC_SCHED_SWITCH_INFNEXT */
#define DOM_ADD       0x00041001u /* TRC_DOM0_DOM_ADD */
#define DOM_REM       0x00041002u /* TRC_DOM0_DOM_REM */
#define SCHED_DOM_REM 0x00028002u /* TRC_SCHED_DOM_REM */
#define SCHED_SHUTDOWN 0x00028007u /* TRC_SCHED_SHUTDOWN */
#define VMEXIT64      0x00081102u /* TRC_HVM_VMEXIT64 */
#define SVMEXIT64     0x00081103u /* TRC_HVM_SVM_EXIT64, Xen 4.19 on */
#define INJ_EXC       0x00082003u /* TRC_HVM_INJ_EXC */
#define HYPERCALL_V2  0x0020100du /* TRC_PV_HYPERCALL_V2 */
#define PV_TRAP64     0x00201103u /* TRC_PV_TRAP | TRC_64_FLAG */
#define PAGE_FAULT64  0x00201104u /* TRC_PV_PAGE_FAULT | TRC_64_FLAG */

/* Runstates (xen/include/public/vcpu.h: RUNSTATE_*). */
#define RUNNING  0u
#define RUNNABLE 1u
#define BLOCKED  2u

/* TRC_PV_HYPERCALL_V2's argument codes (TRC_PV_HYPERCALL_V2_ARG_32/64). */
#define ARG32(i) (1u << (20 + 2 * (i)))
#define ARG64(i) (2u << (20 + 2 * (i)))
#define ARG_RESERVED(i) (3u << (20 + 2 * (i)))

/* X86_EVENT_NO_EC: TRC_HVM_INJ_EXC's "no error code". */
#define NO_EC 0xffffffffu

#define XEN "4.17"

struct env
{
    char dir[64];
    char db[128];
    struct xabi_store *st;
    sqlite3 *q; /* read-only, for checks */
    struct xabi_collect_result res;
    char err[1024];
};

static int setup(void **state)
{
    struct env *e = calloc(1, sizeof(*e));

    assert_non_null(e);
    snprintf(e->dir, sizeof(e->dir), "/tmp/xabi-test-collect-XXXXXX");
    assert_non_null(mkdtemp(e->dir));
    snprintf(e->db, sizeof(e->db), "%s/xabi.db", e->dir);
    if ( xabi_store_open(e->db, &e->st) )
        fail_msg("%s", xabi_store_errmsg(e->st));
    assert_int_equal(sqlite3_open_v2(e->db, &e->q, SQLITE_OPEN_READONLY,
                                     NULL),
                     SQLITE_OK);
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    struct env *e = *state;
    char cmd[128];

    sqlite3_close(e->q);
    xabi_store_close(e->st);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e->dir);
    if ( system(cmd) != 0 )
        return -1;
    free(e);
    return 0;
}

/* Write bytes to DIR/name; the path is returned in a static buffer. */
static const char *put_file(struct env *e, const char *name, const void *buf,
                            size_t len)
{
    static char path[160];
    FILE *f;

    snprintf(path, sizeof(path), "%s/%s", e->dir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return path;
}

static int collect_opts(struct env *e, const char *path, bool salvage)
{
    struct xabi_collect_opts o = {
        .path = path,
        .xen_version = XEN,
        .salvage = salvage,
    };

    return xabi_collect_trace(e->st, &o, &e->res, e->err, sizeof(e->err));
}

/* Collect bytes that must collect cleanly; returns the run id. */
static int64_t collect_ok(struct env *e, const char *name, const void *buf,
                          size_t len)
{
    if ( collect_opts(e, put_file(e, name, buf, len), false) )
        fail_msg("collect failed: %s", e->err);
    assert_false(e->res.already);
    assert_true(e->res.run_id > 0);
    return e->res.run_id;
}

#define COLLECT(e, fixture) collect_ok(e, #fixture ".bin", fixture,      \
                                       sizeof(fixture))

/* One integer from SQL; fails the test unless there is exactly one row. */
static int64_t sql_int(struct env *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int64_t sql_int(struct env *e, const char *fmt, ...)
{
    char sql[1024];
    sqlite3_stmt *s;
    va_list ap;
    int64_t v;

    va_start(ap, fmt);
    vsnprintf(sql, sizeof(sql), fmt, ap);
    va_end(ap);
    if ( sqlite3_prepare_v2(e->q, sql, -1, &s, NULL) != SQLITE_OK )
        fail_msg("%s: %s", sql, sqlite3_errmsg(e->q));
    if ( sqlite3_step(s) != SQLITE_ROW )
        fail_msg("no row: %s", sql);
    v = sqlite3_column_type(s, 0) == SQLITE_NULL ? INT64_MIN
                                                 : sqlite3_column_int64(s, 0);
    if ( sqlite3_step(s) != SQLITE_DONE )
        fail_msg("more than one row: %s", sql);
    sqlite3_finalize(s);
    return v;
}

/* SQL NULL, as sql_int returns it. */
#define NUL INT64_MIN

/* Rows of a named store query, as "col=val col=val" lines. */
struct rows
{
    char text[4096];
    size_t len;
};

static int add_row(void *ctx, int ncol, const char *const *names,
                   const char *const *values)
{
    struct rows *r = ctx;
    int c;

    for ( c = 0; c < ncol; c++ )
        r->len += (size_t)snprintf(r->text + r->len, sizeof(r->text) - r->len,
                                   "%s%s=%s", c ? " " : "", names[c],
                                   values[c] ? values[c] : "NULL");
    r->len += (size_t)snprintf(r->text + r->len, sizeof(r->text) - r->len,
                               "\n");
    assert_true(r->len < sizeof(r->text));
    return 0;
}

static void query(struct env *e, const char *name, int64_t run,
                  struct rows *r)
{
    memset(r, 0, sizeof(*r));
    if ( xabi_store_query(e->st, name, run, add_row, r) )
        fail_msg("%s", xabi_store_errmsg(e->st));
}

/* Where the fact decoded from the record at offset was attributed. */
static void assert_fact_at(struct env *e, int64_t run, uint64_t offset,
                           int domid, int vcpu)
{
    assert_int_equal(sql_int(e,
                             "SELECT domid FROM fact WHERE run_id = %lld "
                             "AND offset = %llu AND sample <= 1",
                             (long long)run, (unsigned long long)offset),
                     domid);
    assert_int_equal(sql_int(e,
                             "SELECT vcpu FROM fact WHERE run_id = %lld "
                             "AND offset = %llu AND sample <= 1",
                             (long long)run, (unsigned long long)offset),
                     vcpu);
}

/* ---- attribution -------------------------------------------------------- */

/*
 * Records before any scheduler record are unknown; a runstate change to
 * running makes that d/v current; one from running to blocked leaves the
 * pCPU running nothing we know of.  Scheduler records themselves are not
 * "unknown records": they describe Xen, not a guest.
 */
static void test_runstate_changes_attribute_records(void **state)
{
    struct env *e = *state;
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, 4 * REC_TSC_SIZE(2) + 2 * REC_TSC_SIZE(1) +
                                REC_SIZE(2)),
        /*  12 */ REC_TSC(INJ_EXC, 2), TSC(100), 14, 2,      /* unknown */
        /*  32 */ REC_TSC(RUNSTATE(RUNNABLE, RUNNING), 1), TSC(110),
                  DOMVCPU(3, 1),                             /* d3v1 runs */
        /*  48 */ REC_TSC(INJ_EXC, 2), TSC(120), 13, 0,      /* d3v1 */
        /*  68 */ REC(INJ_EXC, 2), 6, NO_EC,                 /* d3v1 */
        /*  80 */ REC_TSC(RUNSTATE(RUNNING, BLOCKED), 1), TSC(130),
                  DOMVCPU(3, 1),                             /* d3v1 stops */
        /*  96 */ REC_TSC(INJ_EXC, 2), TSC(140), 14, 6,      /* unknown */
        /* 116 */ REC_TSC(INJ_EXC, 2), TSC(150), 14, 7,      /* unknown */
        /* 136 */
    };
    /* clang-format on */
    struct rows r;
    int64_t run;

    run = COLLECT(e, trace);
    assert_fact_at(e, run, 12, -1, -1);
    assert_fact_at(e, run, 48, 3, 1);
    assert_fact_at(e, run, 68, 3, 1);
    assert_fact_at(e, run, 96, -1, -1);
    assert_fact_at(e, run, 116, -1, -1);

    assert_int_equal(e->res.unknown_records, 3);
    assert_int_equal(e->res.records, 8); /* 7 and the window header */
    assert_int_equal(sql_int(e, "SELECT unknown_records FROM run WHERE "
                                "id = %lld", (long long)run), 3);
    assert_int_equal(sql_int(e, "SELECT unknown_records FROM pcpu WHERE "
                                "run_id = %lld AND pcpu = 0", (long long)run),
                     3);

    /* Every record is counted on the vCPU its pCPU ran when it came (a
     * scheduler record on the vCPU before it). */
    query(e, "vcpus", run, &r);
    assert_string_equal(r.text,
                        "domid=3 vcpu=1 domain_label=d3 vcpu_label=v1 "
                        "records=3 first_tsc=120 last_tsc=130\n"
                        "domid=-1 vcpu=-1 domain_label=unknown "
                        "vcpu_label=unknown records=4 first_tsc=100 "
                        "last_tsc=150\n");
}

/*
 * TRC_SCHED_SWITCH (prev dom, prev vcpu, next dom, next vcpu) makes the
 * next vCPU current, on its own pCPU only.
 */
static void test_switch_is_per_pcpu(void **state)
{
    struct env *e = *state;
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, REC_TSC_SIZE(4) + REC_TSC_SIZE(2)),
        /*  12 */ REC_TSC(SCHED_SWITCH, 4), TSC(100), 32767, 0, 5, 2,
        /*  40 */ REC_TSC(INJ_EXC, 2), TSC(120), 3, NO_EC,    /* d5v2 */
        /*  60 */ WINDOW(1, REC_TSC_SIZE(2) + REC_TSC_SIZE(4)),
        /*  72 */ REC_TSC(INJ_EXC, 2), TSC(110), 3, NO_EC,    /* unknown */
        /*  92 */ REC_TSC(SCHED_SWITCH, 4), TSC(130), 32767, 1, 0, 0,
        /* 120 */
    };
    /* clang-format on */
    int64_t run;

    run = COLLECT(e, trace);
    assert_fact_at(e, run, 40, 5, 2);
    assert_fact_at(e, run, 72, -1, -1);
    assert_int_equal(e->res.unknown_records, 1);
}

/*
 * TRC_SCHED_SWITCH_INFPREV (dom, vcpu, ...) says the vCPU leaves: if it
 * was current, nothing known runs; TRC_SCHED_SWITCH_INFNEXT (dom, vcpu,
 * ...) says which runs next; TRC_SCHED_CONTINUE_RUNNING (one packed word,
 * as a runstate change) that the vCPU runs on.
 */
static void test_switch_inf_variants(void **state)
{
    struct env *e = *state;
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, REC_TSC_SIZE(4) + 5 * REC_TSC_SIZE(2) +
                                REC_TSC_SIZE(3) + REC_TSC_SIZE(1)),
        /*  12 */ REC_TSC(SWITCH_INFNEXT, 4), TSC(100), 4, 1, 0, 0,
        /*  40 */ REC_TSC(INJ_EXC, 2), TSC(110), 3, NO_EC,    /* d4v1 */
        /*  60 */ REC_TSC(SWITCH_INFPREV, 3), TSC(120), 4, 0, 0,
        /*  84 */ REC_TSC(INJ_EXC, 2), TSC(130), 3, NO_EC,    /* still d4v1 */
        /* 104 */ REC_TSC(SWITCH_INFPREV, 2), TSC(140), 4, 1,
        /* 124 */ REC_TSC(INJ_EXC, 2), TSC(150), 3, NO_EC,    /* unknown */
        /* 144 */ REC_TSC(CONTINUE_RUNNING, 1), TSC(160), DOMVCPU(6, 2),
        /* 160 */ REC_TSC(INJ_EXC, 2), TSC(170), 3, NO_EC,    /* d6v2 */
        /* 180 */
    };
    /* clang-format on */
    int64_t run;

    run = COLLECT(e, trace);
    assert_fact_at(e, run, 40, 4, 1);
    assert_fact_at(e, run, 84, 4, 1);
    assert_fact_at(e, run, 124, -1, -1);
    assert_fact_at(e, run, 160, 6, 2);
}

/*
 * A store still being opened when the collect starts (st NULL, and
 * xabi_collect_opts.wait_store): the trace is read meanwhile, its rows
 * held, and written once the store is there, in the order they were made.
 * later_opened says the opening is over after ready_after polls (never,
 * if negative: then the collect waits once it holds HELD_MAX rows, or at
 * the end).
 */
struct later
{
    struct env *e;
    int polls, ready_after, waits;
    bool fail;
};

static bool later_opened(void *ctx)
{
    struct later *l = ctx;

    return l->ready_after >= 0 && ++l->polls > l->ready_after;
}

static struct xabi_store *later_wait(void *ctx, char *err, size_t errlen)
{
    struct later *l = ctx;

    l->waits++;
    if ( l->fail )
    {
        snprintf(err, errlen, "xabi.db: cannot open: disk I/O error");
        return NULL;
    }
    return l->e->st;
}

/* 3000 TRC_LOST_RECORDS on pCPU 0 (each a lost row and a lost_records
 * fact row: 6000 rows, more than are held), then an INJ_EXC. */
#define LATER_LOSSES 3000
static uint32_t *later_trace(size_t *len)
{
    size_t words = 3 + LATER_LOSSES * 7 + 5, k = 0, i;
    uint32_t *w = malloc(words * 4);
    const uint32_t hdr[] = {
        WINDOW(0, LATER_LOSSES * REC_TSC_SIZE(4) + REC_TSC_SIZE(2)),
    };
    const uint32_t exc[] = { REC_TSC(INJ_EXC, 2), TSC(100000), 14, 2 };

    assert_non_null(w);
    memcpy(w, hdr, sizeof(hdr));
    k = 3;
    for ( i = 0; i < LATER_LOSSES; i++ )
    {
        const uint32_t r[] = { REC_TSC(LOST, 4), TSC(100 + 2 * i),
                               (uint32_t)i + 1, 1u << 16 | 2,
                               TSC(99 + 2 * i) };

        memcpy(w + k, r, sizeof(r));
        k += 7;
    }
    memcpy(w + k, exc, sizeof(exc));
    *len = (k + 5) * 4;
    return w;
}

static void collect_later(struct env *e, struct later *l, const char *path)
{
    struct xabi_collect_opts o = {
        .path = path,
        .xen_version = XEN,
        .store_opened = later_opened,
        .wait_store = later_wait,
        .store_ctx = l,
    };

    l->e = e;
    if ( xabi_collect_trace(NULL, &o, &e->res, e->err, sizeof(e->err)) )
        fail_msg("collect failed: %s", e->err);
}

/* Every row arrives, in source order, whether the store comes before the
 * held rows run out (polled), when they do, or only at the end. */
static void test_store_opened_meanwhile(void **state)
{
    struct env *e = *state;
    static const int ready_after[] = { 2, -1 };
    size_t len, i;
    uint32_t *w = later_trace(&len);
    const char *path = put_file(e, "later.bin", w, len);

    for ( i = 0; i < sizeof(ready_after) / sizeof(ready_after[0]); i++ )
    {
        struct later l = { .ready_after = ready_after[i] };
        long long run;

        collect_later(e, &l, path);
        run = e->res.run_id;
        assert_int_equal(l.waits, 1);
        assert_int_equal(e->res.records, LATER_LOSSES + 2);
        assert_int_equal(sql_int(e, "SELECT count(*) FROM lost WHERE run_id "
                                    "= %lld", run),
                         LATER_LOSSES);
        assert_int_equal(sql_int(e, "SELECT count(*) FROM fact WHERE run_id "
                                    "= %lld AND kind = 'lost_records'", run),
                         LATER_LOSSES);
        /* In the order they were made: row ids follow the offsets. */
        assert_int_equal(sql_int(e, "SELECT count(*) FROM fact a JOIN fact b "
                                    "ON b.run_id = a.run_id AND b.id > a.id "
                                    "AND b.offset < a.offset WHERE a.run_id "
                                    "= %lld AND a.kind = 'lost_records' AND "
                                    "b.kind = 'lost_records'", run),
                         0);
        assert_int_equal(sql_int(e, "SELECT sum(count) FROM lost WHERE "
                                    "run_id = %lld", run),
                         (long long)LATER_LOSSES * (LATER_LOSSES + 1) / 2);
        /* gone, so that the next way collects the same bytes anew */
        if ( i == 0 )
        {
            assert_int_equal(xabi_store_run_delete(e->st, run), 0);
        }
    }
    free(w);
}

/* A store that cannot be opened fails the collect with its message, and
 * nothing is written. */
static void test_store_that_fails_to_open(void **state)
{
    struct env *e = *state;
    struct later l = { .ready_after = 0, .fail = true };
    uint32_t *w;
    size_t len;
    struct xabi_collect_opts o = {
        .xen_version = XEN,
        .store_opened = later_opened,
        .wait_store = later_wait,
        .store_ctx = &l,
    };

    w = later_trace(&len);
    o.path = put_file(e, "later.bin", w, len);
    l.e = e;
    assert_int_equal(xabi_collect_trace(NULL, &o, &e->res, e->err,
                                        sizeof(e->err)),
                     -1);
    assert_string_equal(e->err, "xabi.db: cannot open: disk I/O error");
    assert_int_equal(l.waits, 1);
    assert_int_equal(sql_int(e, "SELECT count(*) FROM run"), 0);
    free(w);
}

/*
 * TRC_LOST_RECORDS was written for the vCPU then running (did:16 in the
 * low half of its second word, vid:16 in the high half), which
 * re-synchronises attribution after the loss.  The loss is stored with
 * its span and counted per run and pCPU.
 */
static void test_lost_records_resynchronise(void **state)
{
    struct env *e = *state;
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, 2 * REC_TSC_SIZE(2) + REC_TSC_SIZE(4)),
        /*  12 */ REC_TSC(INJ_EXC, 2), TSC(100), 14, 2,       /* unknown */
        /*  32 */ REC_TSC(LOST, 4), TSC(200),
                  5,                                          /* lost */
                  1u << 16 | 2,                               /* vid 1, did 2 */
                  TSC(150),                                   /* first lost */
        /*  60 */ REC_TSC(INJ_EXC, 2), TSC(210), 14, 2,       /* d2v1 */
        /*  80 */
    };
    /* clang-format on */
    struct rows r;
    int64_t run;

    run = COLLECT(e, trace);
    assert_fact_at(e, run, 12, -1, -1);
    assert_fact_at(e, run, 60, 2, 1);

    query(e, "lost", run, &r);
    assert_string_equal(r.text, "pcpu=0 offset=32 count=5 domid=2 vcpu=1 "
                                "first_tsc=150 tsc=200\n");
    assert_int_equal(e->res.lost_records, 5);
    assert_int_equal(sql_int(e, "SELECT lost_records FROM run WHERE id = %lld",
                             (long long)run),
                     5);
    query(e, "pcpus", run, &r);
    assert_string_equal(r.text, "pcpu=0 windows=1 records=3 lost_records=5 "
                                "lost_events=1 unknown_records=1\n");
    assert_int_equal(sql_int(e,
                             "SELECT key FROM fact WHERE run_id = %lld AND "
                             "kind = 'lost_records' AND offset = 32",
                             (long long)run),
                     5);
}

/* ---- decoding ----------------------------------------------------------- */

/*
 * TRC_PV_HYPERCALL_V2: the op in bits 0-19 of the first word, a 2-bit
 * code per argument in bits 20-31 (1: a 32-bit word follows, 2: a 64-bit
 * value in two words, low first); the arguments present are stored.
 */
static void test_hypercall_v2_arguments(void **state)
{
    struct env *e = *state;
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, REC_TSC_SIZE(6) + REC_TSC_SIZE(1)),
        /*  12 */ REC_TSC(HYPERCALL_V2, 6), TSC(100),
                  29 | ARG32(0) | ARG64(1) | ARG32(3) | ARG32(5),
                  0x11,                      /* arg 0 */
                  0x22, 0x33,                /* arg 1: 0x33_00000022 */
                  0x44,                      /* arg 3 (arg 2 absent) */
                  0x55,                      /* arg 5 (arg 4 absent) */
        /*  48 */ REC_TSC(HYPERCALL_V2, 1), TSC(110), 29,  /* no arguments */
        /*  64 */
    };
    /* clang-format on */
    int64_t run;

    run = COLLECT(e, trace);
    assert_int_equal(sql_int(e,
                             "SELECT count FROM fact_agg WHERE run_id = "
                             "%lld AND kind = 'hypercall' AND key = 29",
                             (long long)run),
                     2);
#define AT12(col)                                                              \
    sql_int(e, "SELECT " col " FROM fact WHERE run_id = %lld AND offset = 12 " \
               "AND kind = 'hypercall'", (long long)run)
    assert_int_equal(AT12("key"), 29);
    assert_int_equal(AT12("argmask"), 0x2b); /* args 0, 1, 3, 5 */
    assert_int_equal(AT12("arg0"), 0x11);
    assert_int_equal(AT12("arg1"), 0x3300000022ll);
    assert_int_equal(AT12("arg2"), NUL);
    assert_int_equal(AT12("arg3"), 0x44);
    assert_int_equal(AT12("arg4"), NUL);
    assert_int_equal(AT12("arg5"), 0x55);
    assert_int_equal(AT12("sample"), 1);
#undef AT12
    /* sched_op carries its cmd (args[0] = 0x11) in the trace: a sub-op. */
    assert_int_equal(sql_int(e,
                             "SELECT count FROM fact_agg WHERE run_id = %lld "
                             "AND kind = 'hypercall_subop' AND key = "
                             "(29 << 32) | 17",
                             (long long)run),
                     1);
    assert_int_equal(sql_int(e,
                             "SELECT argmask FROM fact WHERE run_id = %lld "
                             "AND offset = 48 AND kind = 'hypercall'",
                             (long long)run),
                     0);
    assert_int_equal(sql_int(e,
                             "SELECT count(*) FROM fact WHERE run_id = %lld "
                             "AND kind = 'hypercall_bad_args'",
                             (long long)run),
                     0);
}

/*
 * The op is bits 0-19 only: the argument codes above never leak into it.
 * Code 3 is reserved: the arguments before it are stored, and the record
 * also gets a 'hypercall_bad_args' row.
 */
static void test_hypercall_v2_reserved_code(void **state)
{
    struct env *e = *state;
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, REC_TSC_SIZE(4)),
        /*  12 */ REC_TSC(HYPERCALL_V2, 4), TSC(100),
                  3 | ARG32(0) | ARG_RESERVED(1) | ARG32(2),
                  0x1000, 0x2000, 0x3000,
        /*  40 */
    };
    /* clang-format on */
    int64_t run;

    run = COLLECT(e, trace);
    assert_int_equal(sql_int(e,
                             "SELECT argmask FROM fact WHERE run_id = %lld "
                             "AND kind = 'hypercall'",
                             (long long)run),
                     0x1);
    assert_int_equal(sql_int(e,
                             "SELECT arg0 FROM fact WHERE run_id = %lld "
                             "AND kind = 'hypercall'",
                             (long long)run),
                     0x1000);
    assert_int_equal(sql_int(e,
                             "SELECT key FROM fact WHERE run_id = %lld "
                             "AND kind = 'hypercall_bad_args' AND offset = 12 "
                             "AND sample = 0",
                             (long long)run),
                     3);
    assert_int_equal(sql_int(e,
                             "SELECT count(*) FROM fact_agg WHERE run_id = "
                             "%lld AND kind = 'hypercall' AND key = 3",
                             (long long)run),
                     1);
}

/*
 * TRC_PV_TRAP (64-bit): rip as a u64, then one word of trapnr:15,
 * use_error_code:1, error_code:16.  Traps are stored one row each.
 */
static void test_pv_trap(void **state)
{
    struct env *e = *state;
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, 2 * REC_TSC_SIZE(3)),
        /*  12 */ REC_TSC(PV_TRAP64, 3), TSC(100),
                  TSC(0xffff800000123456ull),      /* rip */
                  13 | 1u << 15 | 0x0018u << 16,  /* #GP, error code 0x18 */
        /*  36 */ REC_TSC(PV_TRAP64, 3), TSC(110),
                  TSC(0x401000),                   /* rip */
                  6,                               /* #UD, no error code */
        /*  60 */
    };
    /* clang-format on */
    struct rows r;
    int64_t run;

    run = COLLECT(e, trace);
#define AT(off, col)                                                           \
    sql_int(e, "SELECT " col " FROM fact WHERE run_id = %lld AND offset = "    \
               #off " AND kind = 'trap' AND sample = 0",                       \
            (long long)run)
    assert_int_equal(AT(12, "key"), 13);
    assert_int_equal((uint64_t)AT(12, "rip"), 0xffff800000123456ull);
    assert_int_equal(AT(12, "error_code"), 0x18);
    assert_int_equal(AT(12, "is_64bit"), 1);
    assert_int_equal(AT(12, "tsc"), 100);
    assert_int_equal(AT(36, "key"), 6);
    assert_int_equal(AT(36, "rip"), 0x401000);
    assert_int_equal(AT(36, "error_code"), NUL);
#undef AT
    query(e, "traps", run, &r);
    assert_non_null(strstr(r.text, "kind=trap vector=6 "));
    assert_non_null(strstr(r.text, "kind=trap vector=13 "));
    assert_non_null(strstr(r.text, "vector=13 mnemonic=#GP"));
}

/*
 * Domain lifecycle: TRC_SCHED_SHUTDOWN (domid, vcpu, reason), then
 * TRC_DOM0_DOM_REM and TRC_SCHED_DOM_REM (domid), the words of the records
 * at offsets 8607880, 8842196 and 8842488 of tests/data/trace_domU.bin.xz
 * (xenalyze: "sched_shutdown d1v0, reason = 0", "destroying domain d1",
 * "sched_destroy_domain d1"), and a crash as trace_pvh_linux.bin.xz has it.
 */
static void test_domain_lifecycle(void **state)
{
    struct env *e = *state;
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, 2 * REC_TSC_SIZE(3) + 2 * REC_TSC_SIZE(1) +
                            REC_TSC_SIZE(2)),
        /*  12 */ REC_TSC(SCHED_SHUTDOWN, 3), TSC(100),
                  1,                               /* w0 domid */
                  0,                               /* w1 vcpu */
                  0,                               /* w2 SHUTDOWN_poweroff */
        /*  36 */ REC_TSC(DOM_REM, 1), TSC(110),
                  1,                               /* w0 domid */
        /*  52 */ REC_TSC(SCHED_DOM_REM, 1), TSC(120),
                  1,                               /* w0 domid */
        /*  68 */ REC_TSC(SCHED_SHUTDOWN, 3), TSC(130),
                  2, 1,                            /* d2 v1 */
                  3,                               /* SHUTDOWN_crash */
        /*  92 */ REC_TSC(SCHED_SHUTDOWN, 2), TSC(140),
                  2, 1,                            /* too short: counted */
        /* 112 */
    };
    /* clang-format on */
    struct rows r;
    int64_t run;

    run = COLLECT(e, trace);
#define AT(off, col)                                                           \
    sql_int(e, "SELECT " col " FROM fact WHERE run_id = %lld AND offset = "    \
               #off " AND sample = 0", (long long)run)
    assert_int_equal(AT(12, "key"), 0);
    assert_int_equal(AT(12, "arg0"), 1);
    assert_int_equal(AT(12, "arg1"), 0);
    assert_int_equal(AT(36, "key"), 1);
    assert_int_equal(AT(52, "key"), 1);
    assert_int_equal(AT(68, "key"), 3);
    assert_int_equal(AT(68, "arg0"), 2);
    assert_int_equal(AT(68, "arg1"), 1);
#undef AT
    assert_int_equal(sql_int(e, "SELECT count(*) FROM fact WHERE run_id = "
                                "%lld AND kind = 'dom_shutdown'",
                             (long long)run),
                     2);
    query(e, "lifecycle", run, &r);
    assert_non_null(strstr(r.text, "kind=dom_shutdown domid=1 vcpu=0 "
                                   "reason=0 tsc=100"));
    assert_non_null(strstr(r.text, "kind=dom_destroy domid=1 vcpu=NULL "
                                   "reason=NULL tsc=110"));
    assert_non_null(strstr(r.text, "event_name=TRC_SCHED_DOM_REM"));
    assert_non_null(strstr(r.text, "kind=dom_shutdown domid=2 vcpu=1 "
                                   "reason=3 tsc=130"));
}

/* TRC_PV_PAGE_FAULT (64-bit): rip u64, address u64, error code. */
static void test_pv_page_fault(void **state)
{
    struct env *e = *state;
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, REC_TSC_SIZE(5)),
        /*  12 */ REC_TSC(PAGE_FAULT64, 5), TSC(100),
                  TSC(0xffffffff81000010ull),  /* rip */
                  TSC(0x00007f0000001000ull),  /* address */
                  0x6,                         /* user write, not present */
        /*  44 */
    };
    /* clang-format on */
    struct rows r;
    int64_t run;

    run = COLLECT(e, trace);
#define AT12(col)                                                              \
    sql_int(e, "SELECT " col " FROM fact WHERE run_id = %lld AND offset = 12 " \
               "AND kind = 'page_fault'",                                      \
            (long long)run)
    assert_int_equal((uint64_t)AT12("rip"), 0xffffffff81000010ull);
    assert_int_equal(AT12("addr"), 0x00007f0000001000ll);
    assert_int_equal(AT12("error_code"), 6);
    assert_int_equal(AT12("key"), 6);
#undef AT12
    query(e, "faults", run, &r);
    assert_string_equal(r.text, "domid=-1 vcpu=-1 kind=page_fault count=1\n");
}

/* TRC_HVM_VMEXIT64: exit reason, then rip as a u64. */
static void test_hvm_vmexit64(void **state)
{
    struct env *e = *state;
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, 2 * REC_TSC_SIZE(3)),
        /*  12 */ REC_TSC(VMEXIT64, 3), TSC(100), 30, TSC(0xfffff80000001234ull),
        /*  36 */ REC_TSC(VMEXIT64, 3), TSC(110), 30, TSC(0x1000),
        /*  60 */
    };
    /* clang-format on */
    int64_t run;

    run = COLLECT(e, trace);
    assert_int_equal(sql_int(e,
                             "SELECT count FROM fact_agg WHERE run_id = "
                             "%lld AND kind = 'hvm_exit' AND key = 30",
                             (long long)run),
                     2);
    assert_int_equal((uint64_t)sql_int(e,
                                       "SELECT rip FROM fact WHERE run_id = "
                                       "%lld AND offset = 12",
                                       (long long)run),
                     0xfffff80000001234ull);
    assert_int_equal(sql_int(e,
                             "SELECT rip FROM fact WHERE run_id = %lld AND "
                             "offset = 36",
                             (long long)run),
                     0x1000);
}

/* Collect fixture as a run of Xen version; returns the run id. */
static int64_t collect_as(struct env *e, const char *name, const void *buf,
                          size_t len, const char *version)
{
    struct xabi_collect_opts o = {
        .path = put_file(e, name, buf, len),
        .xen_version = version,
    };

    if ( xabi_collect_trace(e->st, &o, &e->res, e->err, sizeof(e->err)) )
        fail_msg("collect failed: %s", e->err);
    return e->res.run_id;
}

/*
 * TRC_HVM_SVM_EXIT64 (exit code, rip as a u64) is an HVM exit in a run of
 * Xen 4.19 or later; no earlier release writes the id, so a 4.18 run
 * counts it undecoded.
 */
static void test_svm_exit64_from_4_19(void **state)
{
    struct env *e = *state;
    /* clang-format off */
    static const uint32_t t420[] = {
        /*   0 */ WINDOW(0, 2 * REC_TSC_SIZE(3)),
        /*  12 */ REC_TSC(SVMEXIT64, 3), TSC(100), 0x7b, TSC(0x1000), /* IOIO */
        /*  36 */ REC_TSC(SVMEXIT64, 3), TSC(110), 0x7b, TSC(0x1002),
        /*  60 */
    };
    static const uint32_t t418[] = {
        /*   0 */ WINDOW(0, REC_TSC_SIZE(3)),
        /*  12 */ REC_TSC(SVMEXIT64, 3), TSC(200), 0x7b, TSC(0x1000),
        /*  36 */
    };
    /* clang-format on */
    int64_t run;

    run = collect_as(e, "t420.bin", t420, sizeof(t420), "4.20");
    assert_int_equal(sql_int(e,
                             "SELECT count FROM fact_agg WHERE run_id = "
                             "%lld AND kind = 'hvm_exit' AND key = 123",
                             (long long)run),
                     2);
    run = collect_as(e, "t418.bin", t418, sizeof(t418), "4.18");
    assert_int_equal(sql_int(e,
                             "SELECT count(*) FROM fact_agg WHERE run_id = "
                             "%lld AND kind = 'hvm_exit'",
                             (long long)run),
                     0);
    assert_int_equal(sql_int(e,
                             "SELECT decoded FROM event_count WHERE "
                             "run_id = %lld AND event = %u",
                             (long long)run, SVMEXIT64),
                     0);
}

/* TRC_HVM_INJ_EXC: vector, error code; 0xffffffff means none. */
static void test_hvm_inj_exc_error_code(void **state)
{
    struct env *e = *state;
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, 2 * REC_TSC_SIZE(2)),
        /*  12 */ REC_TSC(INJ_EXC, 2), TSC(100), 14, 0x2,
        /*  32 */ REC_TSC(INJ_EXC, 2), TSC(110), 3, NO_EC,
        /*  52 */
    };
    /* clang-format on */
    int64_t run;

    run = COLLECT(e, trace);
    assert_int_equal(sql_int(e,
                             "SELECT error_code FROM fact WHERE run_id = "
                             "%lld AND offset = 12 AND kind = 'hvm_inj_exc'",
                             (long long)run),
                     2);
    assert_int_equal(sql_int(e,
                             "SELECT key FROM fact WHERE run_id = %lld AND "
                             "offset = 32",
                             (long long)run),
                     3);
    assert_int_equal(sql_int(e,
                             "SELECT error_code FROM fact WHERE run_id = "
                             "%lld AND offset = 32",
                             (long long)run),
                     NUL);
    assert_int_equal(sql_int(e,
                             "SELECT with_error_code FROM fact_agg WHERE "
                             "run_id = %lld AND kind = 'hvm_inj_exc' AND "
                             "key = 14",
                             (long long)run),
                     1);
}

/*
 * Every event is counted by id, padding and undecoded events included;
 * padding is neither decoded nor attributed.
 */
static void test_every_event_counted(void **state)
{
    struct env *e = *state;
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, REC_TSC_SIZE(1) + REC_TSC_SIZE(2) +
                                2 * REC_TSC_SIZE(0)),
        /*  12 */ REC_TSC(DOM_ADD, 1), TSC(100), 7,
        /*  28 */ REC_TSC(WRAP, 2), TSC(0), 0xdeadbeef, 0xdeadbeef,
        /*  48 */ REC_TSC(0x00801234, 0), TSC(110),     /* TRC_HW: not decoded */
        /*  60 */ REC_TSC(0x00801234, 0), TSC(120),
        /*  72 */
    };
    /* clang-format on */
    struct rows r;
    int64_t run;

    run = COLLECT(e, trace);
    assert_int_equal(sql_int(e,
                             "SELECT count FROM event_count WHERE run_id = "
                             "%lld AND event = %u",
                             (long long)run, WRAP),
                     1);
    assert_int_equal(sql_int(e,
                             "SELECT count FROM event_count WHERE run_id = "
                             "%lld AND event = %u",
                             (long long)run, 0x00801234u),
                     2);
    assert_int_equal(sql_int(e,
                             "SELECT decoded FROM event_count WHERE run_id = "
                             "%lld AND event = %u",
                             (long long)run, 0x00801234u),
                     0);
    assert_int_equal(sql_int(e,
                             "SELECT count(*) FROM fact WHERE run_id = %lld "
                             "AND kind = 'unknown_event' AND key = %u",
                             (long long)run, 0x00801234u),
                     2);
    assert_int_equal(sql_int(e,
                             "SELECT count(*) FROM fact WHERE run_id = %lld "
                             "AND offset = 28",
                             (long long)run),
                     0);
    query(e, "lifecycle", run, &r);
    assert_string_equal(r.text, "kind=dom_create domid=7 vcpu=NULL "
                                "reason=NULL tsc=100 pcpu=0 offset=12 "
                                "event=266241 event_name=TRC_DOM0_DOM_ADD\n");
    /* The padding record is in no vCPU's count. */
    assert_int_equal(sql_int(e, "SELECT sum(records) FROM vcpu WHERE "
                                "run_id = %lld",
                             (long long)run),
                     3);
}

/*
 * A run and each of its pCPUs say which stretch of time they cover: the
 * first and last TSC of their records.
 */
static void test_run_and_pcpus_have_tsc_span(void **state)
{
    struct env *e = *state;
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, 2 * REC_TSC_SIZE(2)),
        /*  12 */ REC_TSC(INJ_EXC, 2), TSC(1000), 14, 2,
        /*  32 */ REC_TSC(INJ_EXC, 2), TSC(4000), 14, 2,
        /*  52 */ WINDOW(1, REC_TSC_SIZE(2) + REC_SIZE(2)),
        /*  64 */ REC_TSC(INJ_EXC, 2), TSC(2000), 14, 2,
        /*  84 */ REC(INJ_EXC, 2), 14, 2,                  /* takes 2000 */
        /*  96 */
    };
    /* clang-format on */
    int64_t run;

    run = COLLECT(e, trace);
    assert_int_equal(sql_int(e, "SELECT first_tsc FROM run WHERE id = %lld",
                             (long long)run),
                     1000);
    assert_int_equal(sql_int(e, "SELECT last_tsc FROM run WHERE id = %lld",
                             (long long)run),
                     4000);
    assert_int_equal(sql_int(e,
                             "SELECT first_tsc || '-' || last_tsc = "
                             "'1000-4000' FROM pcpu WHERE run_id = %lld AND "
                             "pcpu = 0",
                             (long long)run),
                     1);
    assert_int_equal(sql_int(e,
                             "SELECT first_tsc || '-' || last_tsc = "
                             "'2000-2000' FROM pcpu WHERE run_id = %lld AND "
                             "pcpu = 1",
                             (long long)run),
                     1);
}

/*
 * Every pCPU the trace has a window for gets its pcpu row, even one whose
 * only record was cut short by the end of the trace.
 */
static void test_every_pcpu_with_a_window_is_stored(void **state)
{
    struct env *e = *state;
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, REC_TSC_SIZE(2)),
        /*  12 */ REC_TSC(INJ_EXC, 2), TSC(1000), 14, 2,
        /*  32 */ WINDOW(2, REC_TSC_SIZE(2)),
        /*  44 */ REC_TSC(INJ_EXC, 2), TSC(2000), 14, 2,   /* cut after 8 */
        /*  64 */
    };
    /* clang-format on */
    struct rows r;
    int64_t run;

    run = collect_ok(e, "cut.bin", trace, 52);
    assert_int_equal(e->res.status, XABI_RUN_TRUNCATED);
    query(e, "pcpus", run, &r);
    assert_string_equal(r.text,
                        "pcpu=0 windows=1 records=1 lost_records=0 "
                        "lost_events=0 unknown_records=1\n"
                        "pcpu=2 windows=1 records=0 lost_records=0 "
                        "lost_events=0 unknown_records=0\n");
}

/* ---- storage ------------------------------------------------------------ */

/* clang-format off */
static const uint32_t good_trace[] = {
    /*   0 */ WINDOW(0, REC_TSC_SIZE(1) + REC_TSC_SIZE(2)),
    /*  12 */ REC_TSC(RUNSTATE(RUNNABLE, RUNNING), 1), TSC(100), DOMVCPU(1, 0),
    /*  28 */ REC_TSC(INJ_EXC, 2), TSC(110), 14, 2,
    /*  48 */
};
/* clang-format on */

/* Collecting the same bytes again, from any path, is a no-op that says so. */
static void test_same_bytes_twice_is_a_noop(void **state)
{
    struct env *e = *state;
    int64_t run;

    run = collect_ok(e, "first.bin", good_trace, sizeof(good_trace));
    assert_int_equal(sql_int(e, "SELECT count(*) FROM run"), 1);
    assert_int_equal(
        collect_opts(e, put_file(e, "again.bin", good_trace,
                                 sizeof(good_trace)),
                     false),
        0);
    assert_true(e->res.already);
    assert_int_equal(e->res.run_id, run);
    assert_int_equal(sql_int(e, "SELECT count(*) FROM run"), 1);
    assert_int_equal(sql_int(e, "SELECT count(*) FROM fact"), 1);
    assert_int_equal(sql_int(e, "SELECT count(*) FROM fact_agg"), 1);
}

/*
 * --keep-all stores every record as an event row, with its attribution
 * and the integer kind of its fact (none for a scheduler record); the
 * facts are those a run without it keeps.
 */
static void test_keep_all_stores_every_record(void **state)
{
    struct env *e = *state;
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, REC_TSC_SIZE(1) + 2 * REC_TSC_SIZE(2)),
        /*  12 */ REC_TSC(RUNSTATE(RUNNABLE, RUNNING), 1), TSC(100),
                  DOMVCPU(1, 0),
        /*  28 */ REC_TSC(HYPERCALL_V2, 2), TSC(110), 24 | ARG32(0), 7,
        /*  48 */ REC_TSC(HYPERCALL_V2, 2), TSC(120), 24 | ARG32(0), 8,
        /*  68 */
    };
    /* clang-format on */
    struct xabi_collect_opts o = {
        .path = put_file(e, "keep.bin", trace, sizeof(trace)),
        .xen_version = XEN,
        .keep_all = true,
    };
    int64_t run;

    if ( xabi_collect_trace(e->st, &o, &e->res, e->err, sizeof(e->err)) )
        fail_msg("collect failed: %s", e->err);
    run = e->res.run_id;
    /* One event row per record, with its fact's kind as an integer;
     * the facts are as without --keep-all: the hypercalls' samples. */
    assert_int_equal(sql_int(e, "SELECT count(*) FROM event WHERE run_id = "
                                "%lld", (long long)run),
                     3);
    assert_int_equal(sql_int(e,
                             "SELECT hex(extra) = '1800100008000000' FROM "
                             "event e JOIN event_kind k ON k.code = e.kind "
                             "WHERE run_id = %lld AND offset = 48 AND "
                             "domid = 1 AND vcpu = 0 AND tsc = 120 AND "
                             "k.kind = 'hypercall' AND event = 0x0020100d",
                             (long long)run),
                     1);
    assert_int_equal(sql_int(e,
                             "SELECT count(*) FROM event WHERE run_id = "
                             "%lld AND kind IS NULL AND offset = 12",
                             (long long)run),
                     1);
    assert_int_equal(sql_int(e,
                             "SELECT count(*) FROM fact WHERE run_id = %lld "
                             "AND kind = 'hypercall' AND sample = 0",
                             (long long)run),
                     0);
    assert_int_equal(sql_int(e,
                             "SELECT arg0 FROM fact WHERE run_id = %lld AND "
                             "offset = 48 AND kind = 'hypercall'",
                             (long long)run),
                     8);
}

/* "-" reads standard input, so a trace can be streamed from xentrace. */
static void test_dash_reads_standard_input(void **state)
{
    struct env *e = *state;
    const char *path = put_file(e, "stdin.bin", good_trace,
                                sizeof(good_trace));
    int saved = dup(STDIN_FILENO);
    FILE *f = fopen(path, "rb");
    int rc;

    assert_true(saved >= 0);
    assert_non_null(f);
    assert_int_equal(dup2(fileno(f), STDIN_FILENO), STDIN_FILENO);
    fclose(f);
    rc = collect_opts(e, "-", false);
    assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
    close(saved);
    if ( rc )
        fail_msg("collect failed: %s", e->err);
    assert_int_equal(e->res.records, 3);
    assert_int_equal(e->res.bytes, sizeof(good_trace));
    assert_fact_at(e, e->res.run_id, 28, 1, 0);

    /* The same bytes from a file are the same source. */
    assert_int_equal(collect_opts(e, path, false), 0);
    assert_true(e->res.already);
}

/* The database file's bytes. */
static void *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    buf = malloc((size_t)n);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/*
 * Bad input: a message naming the file and the byte offset, and a
 * database exactly as it was, byte for byte, with no journal left.
 */
static void test_failed_collect_leaves_db_unchanged(void **state)
{
    struct env *e = *state;
    /* clang-format off */
    static const uint32_t garbage_mid[] = {
        /*   0 */ WINDOW(0, REC_TSC_SIZE(2)),
        /*  12 */ REC_TSC(INJ_EXC, 2), TSC(100), 14, 2,
        /*  32 */ 0x01234567, 0x89abcdef, 0,          /* no window header */
        /*  44 */
    };
    /* clang-format on */
    /* clang-format off */
    static const uint32_t past_end[] = {
        /*   0 */ WINDOW(0, 64),
        /*  12 */ REC_TSC(INJ_EXC, 2), TSC(100), 14, 2,
        /*  32 */ WINDOW(1, REC_TSC_SIZE(2)),        /* inside window 0 */
        /*  44 */ REC_TSC(INJ_EXC, 2), TSC(110), 14, 2,
        /*  64 */
    };
    /* clang-format on */
    /* clang-format off */
    static const uint32_t bad_class[] = {
        /*   0 */ WINDOW(0, 2 * REC_TSC_SIZE(2)),
        /*  12 */ REC_TSC(INJ_EXC, 2), TSC(100), 14, 2,
        /*  32 */ REC_TSC(0x0fff0001, 2), TSC(110), 0, 0,
        /*  52 */
    };
    /* clang-format on */
    static const char text[] = "not a trace at all\n";
    static const struct
    {
        const char *name;
        const void *buf;
        size_t len;
        const char *where;
    } bad[] = {
        { "empty.bin", "", 0, "offset 0" },
        { "text.bin", text, sizeof(text) - 1, "offset 0" },
        { "garbage-mid.bin", garbage_mid, sizeof(garbage_mid), "offset 32" },
        { "past-end.bin", past_end, sizeof(past_end), "offset 32" },
        { "bad-class.bin", bad_class, sizeof(bad_class), "offset 32" },
        { "a-directory", NULL, 0, "offset 0" },
    };
    size_t before_len, after_len, i;
    void *before, *after;
    char path[160], journal[160];
    struct stat sb;

    (void)collect_ok(e, "good.bin", good_trace, sizeof(good_trace));
    before = slurp(e->db, &before_len);
    for ( i = 0; i < sizeof(bad) / sizeof(bad[0]); i++ )
    {
        if ( bad[i].buf )
            snprintf(path, sizeof(path), "%s",
                     put_file(e, bad[i].name, bad[i].buf, bad[i].len));
        else
        {
            snprintf(path, sizeof(path), "%s/%s", e->dir, bad[i].name);
            assert_int_equal(mkdir(path, 0700), 0);
        }
        assert_int_equal(collect_opts(e, path, false), -1);
        if ( !strstr(e->err, path) || !strstr(e->err, bad[i].where) )
            fail_msg("%s: error \"%s\" should name the file and \"%s\"",
                     bad[i].name, e->err, bad[i].where);

        after = slurp(e->db, &after_len);
        assert_int_equal(after_len, before_len);
        if ( memcmp(before, after, before_len) != 0 )
            fail_msg("%s: the database file changed", bad[i].name);
        free(after);
    }
    snprintf(journal, sizeof(journal), "%s-journal", e->db);
    assert_int_equal(stat(journal, &sb), -1);
    assert_int_equal(sql_int(e, "SELECT count(*) FROM run"), 1);
    free(before);
}

/* A Xen version the catalogue does not know is refused, and nothing kept. */
static void test_unknown_xen_version_refused(void **state)
{
    struct env *e = *state;
    struct xabi_collect_opts o = {
        .path = put_file(e, "good.bin", good_trace, sizeof(good_trace)),
        .xen_version = "9.99",
    };

    assert_int_equal(xabi_collect_trace(e->st, &o, &e->res, e->err,
                                        sizeof(e->err)),
                     -1);
    assert_non_null(strstr(e->err, "Xen 9.99 is not in the catalogue"));
    assert_int_equal(sql_int(e, "SELECT count(*) FROM run"), 0);
}

/*
 * A record cut short at the end is accepted: the run is stored, marked
 * truncated at that record's offset, and the result carries a warning.
 */
static void test_truncated_trace_is_stored_as_such(void **state)
{
    struct env *e = *state;
    int64_t run;

    run = collect_ok(e, "cut.bin", good_trace, sizeof(good_trace) - 6);
    assert_int_equal(e->res.status, XABI_RUN_TRUNCATED);
    assert_non_null(strstr(e->res.warning, "cut.bin"));
    assert_non_null(strstr(e->res.warning, "offset 28"));
    assert_int_equal(sql_int(e, "SELECT status = 'truncated' FROM run WHERE "
                                "id = %lld", (long long)run),
                     1);
    assert_int_equal(sql_int(e, "SELECT instr(status_detail, 'offset 28') > 0 "
                                "FROM run WHERE id = %lld", (long long)run),
                     1);
    assert_int_equal(sql_int(e, "SELECT source_size FROM run WHERE id = %lld",
                             (long long)run),
                     sizeof(good_trace) - 6);
}

/* --salvage keeps what came before the damage, and the run says so. */
static void test_salvage_is_stored_as_such(void **state)
{
    struct env *e = *state;
    /* clang-format off */
    static const uint32_t damaged[] = {
        /*   0 */ WINDOW(0, REC_TSC_SIZE(1) + REC_TSC_SIZE(2)),
        /*  12 */ REC_TSC(RUNSTATE(RUNNABLE, RUNNING), 1), TSC(100),
                  DOMVCPU(1, 0),
        /*  28 */ REC_TSC(INJ_EXC, 2), TSC(110), 14, 2,
        /*  48 */ 0xdeadbeef, 0, 0,                    /* no window header */
        /*  60 */
    };
    /* clang-format on */
    const char *path = put_file(e, "damaged.bin", damaged, sizeof(damaged));
    int64_t run;

    assert_int_equal(collect_opts(e, path, false), -1);
    assert_non_null(strstr(e->err, "offset 48"));
    assert_int_equal(sql_int(e, "SELECT count(*) FROM run"), 0);

    assert_int_equal(collect_opts(e, path, true), 0);
    run = e->res.run_id;
    assert_int_equal(e->res.status, XABI_RUN_SALVAGED);
    assert_non_null(strstr(e->res.warning, "damage at offset 48"));
    assert_int_equal(sql_int(e, "SELECT status = 'salvaged' FROM run WHERE "
                                "id = %lld", (long long)run),
                     1);
    assert_fact_at(e, run, 28, 1, 0);
}

/*
 * A run's size and SHA-256 are those of its source, salvaged or not: two
 * sources that differ only after the damage are two sources.  (The reader
 * reads in chunks of 1 MiB, hence the size of these.)
 */
static void test_salvaged_run_hashes_the_whole_source(void **state)
{
    struct env *e = *state;
    /* clang-format off */
    static const uint32_t head[] = {
        /*   0 */ WINDOW(0, REC_TSC_SIZE(2)),
        /*  12 */ REC_TSC(INJ_EXC, 2), TSC(100), 14, 2,
        /*  32 */ 0xdeadbeef, 0, 0,                    /* no window header */
        /*  44 */
    };
    /* clang-format on */
    const size_t len = 3u << 20;
    unsigned char *buf = calloc(1, len);
    int64_t first;

    assert_non_null(buf);
    memcpy(buf, head, sizeof(head));
    buf[len - 1] = 'A';
    assert_int_equal(collect_opts(e, put_file(e, "a.bin", buf, len), true), 0);
    first = e->res.run_id;
    assert_int_equal(e->res.status, XABI_RUN_SALVAGED);
    assert_int_equal(sql_int(e, "SELECT source_size FROM run WHERE id = %lld",
                             (long long)first),
                     len);

    buf[len - 1] = 'B';
    assert_int_equal(collect_opts(e, put_file(e, "b.bin", buf, len), true), 0);
    assert_false(e->res.already);
    assert_true(e->res.run_id != first);
    assert_int_equal(sql_int(e, "SELECT count(DISTINCT source_sha256) FROM run"),
                     2);
    free(buf);
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        TEST(test_runstate_changes_attribute_records),
        TEST(test_switch_is_per_pcpu),
        TEST(test_switch_inf_variants),
        TEST(test_lost_records_resynchronise),
        TEST(test_store_opened_meanwhile),
        TEST(test_store_that_fails_to_open),
        TEST(test_hypercall_v2_arguments),
        TEST(test_hypercall_v2_reserved_code),
        TEST(test_pv_trap),
        TEST(test_domain_lifecycle),
        TEST(test_pv_page_fault),
        TEST(test_hvm_vmexit64),
        TEST(test_svm_exit64_from_4_19),
        TEST(test_hvm_inj_exc_error_code),
        TEST(test_every_event_counted),
        TEST(test_run_and_pcpus_have_tsc_span),
        TEST(test_every_pcpu_with_a_window_is_stored),
        TEST(test_same_bytes_twice_is_a_noop),
        TEST(test_keep_all_stores_every_record),
        TEST(test_dash_reads_standard_input),
        TEST(test_failed_collect_leaves_db_unchanged),
        TEST(test_unknown_xen_version_refused),
        TEST(test_truncated_trace_is_stored_as_such),
        TEST(test_salvage_is_stored_as_such),
        TEST(test_salvaged_run_hashes_the_whole_source),
    };

    return cmocka_run_group_tests_name("collect", tests, NULL, NULL);
}
