/*
 * test-trace-reader.c: the xentrace file format, as the reader sees it.
 *
 * Each test is one sentence of the format (xen/include/public/trace.h,
 * tools/xentrace/xentrace.c) or of xabi's rules for bad input, with a
 * fixture that spells out the bytes.  The comment at the start of each
 * fixture line is the byte offset of that line's first word, so the
 * offsets asserted below can be checked by eye.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "collector/collector-int.h"
#include "tests/unit/fixtures.h"

/* Some events to fill windows with (xen/include/public/trace.h). */
#define HYPERCALL_V2 0x0020100du /* TRC_PV_HYPERCALL_V2 */
#define PV_TRAP      0x00201003u /* TRC_PV_TRAP */
#define VMEXIT64     0x00081102u /* TRC_HVM_VMEXIT64 */
#define INJ_EXC      0x00082003u /* TRC_HVM_INJ_EXC */
#define LOST         0x0001f001u /* TRC_LOST_RECORDS */
#define WRAP         0x0001f002u /* TRC_TRACE_WRAP_BUFFER */

#define NAME "trace.bin"
#define MAX_RECS 64

/* Everything one read of a trace gave back. */
struct result
{
    int rc; /* of the last xabi_trace_next: 0 at the end, -1 on error */
    size_t n;
    struct xabi_trace_record rec[MAX_RECS];
    struct xabi_trace_stats stats;
    struct xabi_trace_pcpu_stats pcpu[4];
    bool pcpu_seen[4];
    char err[2048];
};

/* The fields of a record that mean something (extra past nextra does not). */
static void assert_same_record(const struct xabi_trace_record *a,
                               const struct xabi_trace_record *b)
{
    assert_int_equal(a->offset, b->offset);
    assert_int_equal(a->tsc, b->tsc);
    assert_int_equal(a->event, b->event);
    assert_int_equal(a->pcpu, b->pcpu);
    assert_int_equal(a->nextra, b->nextra);
    assert_int_equal(a->own_tsc, b->own_tsc);
    assert_int_equal(a->tsc_valid, b->tsc_valid);
    assert_memory_equal(a->extra, b->extra, a->nextra * sizeof(a->extra[0]));
}

/*
 * xabi_trace_read hands out the same records as xabi_trace_next, and ends
 * the same way: read the trace again with it, in batches of 3 (so batches
 * end inside runs, and runs inside batches), and compare with res.
 */
static void check_batched_read(const void *buf, size_t len,
                               const struct xabi_trace_opts *opts,
                               const struct result *res)
{
    struct xabi_trace_record recs[3];
    struct xabi_trace_stats stats;
    struct xabi_trace *t = NULL;
    size_t n = 0;
    int rc, i;

    assert_int_equal(xabi_trace_open_mem(buf, len, NAME, opts, &t), 0);
    while ( (rc = xabi_trace_read(t, recs, 3)) > 0 )
    {
        for ( i = 0; i < rc; i++ )
        {
            assert_true(n < res->n);
            assert_same_record(&recs[i], &res->rec[n++]);
        }
    }
    assert_int_equal(rc, res->rc);
    assert_int_equal(n, res->n);
    if ( rc < 0 )
        assert_string_equal(xabi_trace_errmsg(t), res->err);
    xabi_trace_get_stats(t, &stats);
    assert_int_equal(stats.records, res->stats.records);
    assert_int_equal(stats.reordered, res->stats.reordered);
    assert_int_equal(stats.forced, res->stats.forced);
    assert_int_equal(stats.truncated, res->stats.truncated);
    assert_int_equal(stats.damaged, res->stats.damaged);
    xabi_trace_close(t);
}

/* Read a whole trace from memory, as `xabi collect` would. */
static void read_trace(const void *buf, size_t len,
                       const struct xabi_trace_opts *opts, struct result *res)
{
    const struct xabi_trace_record *r;
    struct xabi_trace *t = NULL;
    unsigned cpu;

    memset(res, 0, sizeof(*res));
    assert_int_equal(xabi_trace_open_mem(buf, len, NAME, opts, &t), 0);
    while ( (res->rc = xabi_trace_next(t, &r)) > 0 )
    {
        assert_true(res->n < MAX_RECS);
        res->rec[res->n++] = *r;
    }
    if ( res->rc < 0 )
        snprintf(res->err, sizeof(res->err), "%s", xabi_trace_errmsg(t));
    xabi_trace_get_stats(t, &res->stats);
    for ( cpu = 0; cpu < 4; cpu++ )
    {
        const struct xabi_trace_pcpu_stats *ps = xabi_trace_pcpu(t, cpu);

        res->pcpu_seen[cpu] = ps != NULL;
        if ( ps )
            res->pcpu[cpu] = *ps;
    }
    xabi_trace_close(t);
    check_batched_read(buf, len, opts, res);
}

#define READ(fixture, res) read_trace(fixture, sizeof(fixture), NULL, res)

static void read_salvage(const void *buf, size_t len, struct result *res)
{
    struct xabi_trace_opts opts = { .salvage = true };

    read_trace(buf, len, &opts, res);
}

/* The message names the source and the byte offset, as "NAME: offset N". */
static void assert_error_at(const struct result *res, uint64_t offset,
                            const char *what)
{
    char where[64];

    snprintf(where, sizeof(where), NAME ": offset %llu (",
             (unsigned long long)offset);
    assert_int_equal(res->rc, -1);
    if ( !strstr(res->err, where) || !strstr(res->err, what) )
        fail_msg("error \"%s\" should name \"%s\" and say \"%s\"", res->err,
                 where, what);
}

/*
 * --salvage ended the trace at damage at offset, and kept nothing that
 * lies there or after it in the file, whatever was merged ahead.
 */
static void assert_salvaged_before(const struct result *res, uint64_t offset)
{
    size_t i;

    assert_int_equal(res->rc, 0);
    assert_true(res->stats.damaged);
    assert_int_equal(res->stats.damaged_at, offset);
    for ( i = 0; i < res->n; i++ )
        assert_true(res->rec[i].offset < offset);
}

static void assert_record(const struct xabi_trace_record *r, uint64_t offset,
                          unsigned pcpu, uint32_t event, uint64_t tsc,
                          bool own_tsc)
{
    assert_int_equal(r->offset, offset);
    assert_int_equal(r->pcpu, pcpu);
    assert_int_equal(r->event, event);
    assert_int_equal(r->tsc, tsc);
    assert_int_equal(r->own_tsc, own_tsc);
    assert_true(r->tsc_valid);
}

/* ---- records ------------------------------------------------------------ */

/*
 * A record without a TSC takes the previous record's TSC on that pCPU; one
 * before any TSC on its pCPU has none.
 */
static void test_tsc_inherited_from_previous_record(void **state)
{
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, REC_SIZE(1) + REC_TSC_SIZE(1) + REC_SIZE(1) +
                                REC_SIZE(0) + REC_TSC_SIZE(0) + REC_SIZE(2)),
        /*  12 */ REC(HYPERCALL_V2, 1), 24,             /* no TSC yet */
        /*  20 */ REC_TSC(HYPERCALL_V2, 1), TSC(1000), 25,
        /*  36 */ REC(HYPERCALL_V2, 1), 26,             /* takes 1000 */
        /*  44 */ REC(INJ_EXC, 0),                      /* takes 1000 */
        /*  48 */ REC_TSC(INJ_EXC, 0), TSC(0x100000002ull),
        /*  60 */ REC(VMEXIT64, 2), 30, 0xabc,          /* takes 2^32 + 2 */
        /*  72 */
    };
    /* clang-format on */
    struct result res;

    (void)state;
    READ(trace, &res);
    assert_int_equal(res.rc, 0);
    assert_int_equal(res.n, 6);

    assert_int_equal(res.rec[0].offset, 12);
    assert_false(res.rec[0].own_tsc);
    assert_false(res.rec[0].tsc_valid);
    assert_int_equal(res.rec[0].extra[0], 24);

    assert_record(&res.rec[1], 20, 0, HYPERCALL_V2, 1000, true);
    assert_record(&res.rec[2], 36, 0, HYPERCALL_V2, 1000, false);
    assert_int_equal(res.rec[2].extra[0], 26);
    assert_record(&res.rec[3], 44, 0, INJ_EXC, 1000, false);
    assert_record(&res.rec[4], 48, 0, INJ_EXC, 0x100000002ull, true);
    assert_record(&res.rec[5], 60, 0, VMEXIT64, 0x100000002ull, false);
    assert_int_equal(res.rec[5].extra[1], 0xabc);

    assert_int_equal(res.stats.bytes, sizeof(trace));
    assert_int_equal(res.stats.records, 6);
    assert_int_equal(res.stats.windows, 1);
    assert_false(res.stats.truncated);
    assert_false(res.stats.damaged);
}

/* Bits 28-30 of the header count the extra words: 0 to 7. */
static void test_extra_word_counts_0_to_7(void **state)
{
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, 8 * REC_TSC_SIZE(0) + 4 * (0 + 1 + 2 + 3 + 4 + 5 +
                                                        6 + 7)),
        /*  12 */ REC_TSC(VMEXIT64, 0), TSC(10),
        /*  24 */ REC_TSC(VMEXIT64, 1), TSC(11), 0x100,
        /*  40 */ REC_TSC(VMEXIT64, 2), TSC(12), 0x200, 0x201,
        /*  60 */ REC_TSC(VMEXIT64, 3), TSC(13), 0x300, 0x301, 0x302,
        /*  84 */ REC_TSC(VMEXIT64, 4), TSC(14), 0x400, 0x401, 0x402, 0x403,
        /* 112 */ REC_TSC(VMEXIT64, 5), TSC(15), 0x500, 0x501, 0x502, 0x503,
                  0x504,
        /* 144 */ REC_TSC(VMEXIT64, 6), TSC(16), 0x600, 0x601, 0x602, 0x603,
                  0x604, 0x605,
        /* 180 */ REC_TSC(VMEXIT64, 7), TSC(17), 0x700, 0x701, 0x702, 0x703,
                  0x704, 0x705, 0x706,
        /* 220 */
    };
    /* clang-format on */
    static const uint64_t offsets[8] = { 12, 24, 40, 60, 84, 112, 144, 180 };
    struct result res;
    unsigned n, i;

    (void)state;
    assert_int_equal(sizeof(trace), 220);
    READ(trace, &res);
    assert_int_equal(res.rc, 0);
    assert_int_equal(res.n, 8);
    for ( n = 0; n < 8; n++ )
    {
        assert_record(&res.rec[n], offsets[n], 0, VMEXIT64, 10 + n, true);
        assert_int_equal(res.rec[n].nextra, n);
        for ( i = 0; i < n; i++ )
            assert_int_equal(res.rec[n].extra[i], 0x100 * n + i);
    }
}

/*
 * Windows of different pCPUs are merged into one stream in TSC order; a
 * record without a TSC inherits from its own pCPU, not from the record
 * merged before it.
 */
static void test_two_pcpus_merged_in_tsc_order(void **state)
{
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, 2 * REC_TSC_SIZE(1)),
        /*  12 */ REC_TSC(HYPERCALL_V2, 1), TSC(100), 1,
        /*  28 */ REC_TSC(HYPERCALL_V2, 1), TSC(300), 3,
        /*  44 */ WINDOW(1, REC_TSC_SIZE(1) + REC_SIZE(1)),
        /*  56 */ REC_TSC(HYPERCALL_V2, 1), TSC(200), 2,
        /*  72 */ REC(HYPERCALL_V2, 1), 22,              /* takes 200 */
        /*  80 */ WINDOW(0, REC_TSC_SIZE(1)),
        /*  92 */ REC_TSC(HYPERCALL_V2, 1), TSC(500), 5,
        /* 108 */ WINDOW(1, REC_TSC_SIZE(1)),
        /* 120 */ REC_TSC(HYPERCALL_V2, 1), TSC(400), 4,
        /* 136 */
    };
    /* clang-format on */
    static const struct
    {
        uint64_t offset, tsc;
        unsigned pcpu;
        uint32_t arg;
    } want[] = {
        { 12, 100, 0, 1 }, { 56, 200, 1, 2 }, { 72, 200, 1, 22 },
        { 28, 300, 0, 3 }, { 120, 400, 1, 4 }, { 92, 500, 0, 5 },
    };
    struct result res;
    unsigned i;

    (void)state;
    READ(trace, &res);
    assert_int_equal(res.rc, 0);
    assert_int_equal(res.n, 6);
    for ( i = 0; i < 6; i++ )
    {
        assert_record(&res.rec[i], want[i].offset, want[i].pcpu, HYPERCALL_V2,
                      want[i].tsc, want[i].offset != 72);
        assert_int_equal(res.rec[i].extra[0], want[i].arg);
    }
    assert_int_equal(res.stats.windows, 4);
    assert_int_equal(res.stats.npcpus, 2);
    assert_int_equal(res.stats.reordered, 0);
    assert_true(res.pcpu_seen[0] && res.pcpu_seen[1]);
    assert_false(res.pcpu_seen[2]);
    assert_int_equal(res.pcpu[0].windows, 2);
    assert_int_equal(res.pcpu[0].records, 3);
    assert_int_equal(res.pcpu[1].windows, 2);
    assert_int_equal(res.pcpu[1].records, 3);
}

/*
 * Merging holds at most merge_limit bytes; past it, a pCPU seen late can
 * bring records older than ones already handed out.  They are still
 * handed out, and counted as reordered.
 */
static void test_late_pcpu_counted_as_reordered(void **state)
{
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, 2 * REC_TSC_SIZE(0)),
        /*  12 */ REC_TSC(INJ_EXC, 0), TSC(100),
        /*  24 */ REC_TSC(INJ_EXC, 0), TSC(400),
        /*  36 */ WINDOW(1, REC_TSC_SIZE(0)),
        /*  48 */ REC_TSC(INJ_EXC, 0), TSC(50),
        /*  60 */
    };
    /* clang-format on */
    struct xabi_trace_opts opts = { .merge_limit = 1 };
    struct result res;

    (void)state;
    read_trace(trace, sizeof(trace), &opts, &res);
    assert_int_equal(res.rc, 0);
    assert_int_equal(res.n, 3);
    assert_record(&res.rec[0], 12, 0, INJ_EXC, 100, true);
    assert_record(&res.rec[1], 24, 0, INJ_EXC, 400, true);
    assert_record(&res.rec[2], 48, 1, INJ_EXC, 50, true);
    assert_int_equal(res.stats.reordered, 1);

    /* With room to merge, the same bytes come out in order. */
    READ(trace, &res);
    assert_int_equal(res.n, 3);
    assert_int_equal(res.rec[0].tsc, 50);
    assert_int_equal(res.rec[1].tsc, 100);
    assert_int_equal(res.rec[2].tsc, 400);
    assert_int_equal(res.stats.reordered, 0);
}

/*
 * TRC_TRACE_WRAP_BUFFER is padding: the reader hands it out like any
 * record (so it is counted), the collector's table gives it the padding
 * role and no decoder, and its TSC is not inherited by what follows.
 */
static void test_wrap_buffer_is_padding(void **state)
{
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, REC_TSC_SIZE(1) + REC_TSC_SIZE(3) + REC_SIZE(1)),
        /*  12 */ REC_TSC(HYPERCALL_V2, 1), TSC(1000), 1,
        /*  28 */ REC_TSC(WRAP, 3), TSC(5), 0xdeadbeef, 0xdeadbeef,
                  0xdeadbeef,                         /* garbage payload */
        /*  52 */ REC(HYPERCALL_V2, 1), 2,             /* takes 1000, not 5 */
        /*  60 */
    };
    /* clang-format on */
    const struct xabi_event_desc *d;
    struct result res;

    (void)state;
    READ(trace, &res);
    assert_int_equal(res.rc, 0);
    assert_int_equal(res.n, 3);
    assert_record(&res.rec[1], 28, 0, WRAP, 1000, true);
    assert_int_equal(res.rec[1].nextra, 3);
    assert_record(&res.rec[2], 52, 0, HYPERCALL_V2, 1000, false);

    d = xabi_event_lookup(WRAP);
    assert_non_null(d);
    assert_int_equal(d->role, XABI_ROLE_PADDING);
    assert_null(d->decode);
}

/*
 * TRC_LOST_RECORDS (lost count; did:16, vid:16; TSC of the first lost
 * record) comes through whole, with the lost-records role.
 */
static void test_lost_records_come_through(void **state)
{
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, REC_TSC_SIZE(4) + REC_TSC_SIZE(1)),
        /*  12 */ REC_TSC(LOST, 4), TSC(2000),
                  17,                       /* records lost */
                  3u << 16 | 1,             /* vid 3, did 1 */
                  TSC(1500),                /* first lost record */
        /*  40 */ REC_TSC(HYPERCALL_V2, 1), TSC(2001), 1,
        /*  56 */
    };
    /* clang-format on */
    const struct xabi_event_desc *d;
    struct result res;

    (void)state;
    READ(trace, &res);
    assert_int_equal(res.rc, 0);
    assert_int_equal(res.n, 2);
    assert_record(&res.rec[0], 12, 0, LOST, 2000, true);
    assert_int_equal(res.rec[0].nextra, 4);
    assert_int_equal(res.rec[0].extra[0], 17);
    assert_int_equal(res.rec[0].extra[1], 3u << 16 | 1);
    assert_int_equal(res.rec[0].extra[2], 1500);
    assert_int_equal(res.rec[0].extra[3], 0);

    d = xabi_event_lookup(LOST);
    assert_non_null(d);
    assert_int_equal(d->role, XABI_ROLE_LOST);
}

/* The same bytes through a file descriptor give the same records. */
static void test_fd_source_reads_the_same(void **state)
{
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(1, REC_TSC_SIZE(1) + REC_SIZE(0)),
        /*  12 */ REC_TSC(HYPERCALL_V2, 1), TSC(7), 9,
        /*  28 */ REC(INJ_EXC, 0),
        /*  32 */
    };
    /* clang-format on */
    const struct xabi_trace_record *r;
    struct xabi_trace *t = NULL;
    char path[] = "/tmp/xabi-test-reader-XXXXXX";
    int fd = mkstemp(path);

    (void)state;
    assert_true(fd >= 0);
    unlink(path);
    assert_int_equal(write(fd, trace, sizeof(trace)), sizeof(trace));
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    assert_int_equal(xabi_trace_open_fd(fd, NAME, NULL, &t), 0);
    assert_int_equal(xabi_trace_next(t, &r), 1);
    assert_record(r, 12, 1, HYPERCALL_V2, 7, true);
    assert_int_equal(xabi_trace_next(t, &r), 1);
    assert_record(r, 28, 1, INJ_EXC, 7, false);
    assert_int_equal(xabi_trace_next(t, &r), 0);
    xabi_trace_close(t);
    close(fd);
}

/* ---- reading ahead ------------------------------------------------------ */

/*
 * A trace larger than the read-ahead ring (8 chunks of 256 KiB): windows of
 * 2 pCPUs taking turns, each one HYPERCALL_V2 record with a TSC, 6 MiB in
 * all.  Returns the words; *len their bytes.
 */
#define AHEAD_WINDOWS (6u << 20) / 28u
static uint32_t *ahead_trace(size_t *len)
{
    uint32_t *w = malloc((size_t)AHEAD_WINDOWS * 28);
    size_t i, k = 0;

    assert_non_null(w);
    for ( i = 0; i < AHEAD_WINDOWS; i++ )
    {
        const uint32_t win[] = {
            WINDOW(i & 1, REC_TSC_SIZE(1)),
            REC_TSC(HYPERCALL_V2, 1), TSC(100 + i), (uint32_t)i,
        };

        memcpy(w + k, win, sizeof(win));
        k += sizeof(win) / sizeof(win[0]);
    }
    *len = k * 4;
    return w;
}

struct tapped
{
    unsigned char *copy;
    size_t len, cap, calls;
};

static void tap_copy(void *ctx, const void *buf, size_t len)
{
    struct tapped *tp = ctx;

    assert_true(tp->len + len <= tp->cap);
    memcpy(tp->copy + tp->len, buf, len);
    tp->len += len;
    tp->calls++;
}

static int file_of(const void *buf, size_t len)
{
    char path[] = "/tmp/xabi-test-ahead-XXXXXX";
    int fd = mkstemp(path);

    assert_true(fd >= 0);
    unlink(path);
    assert_int_equal(write(fd, buf, len), (ssize_t)len);
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    return fd;
}

/*
 * A file read ahead by the reader's thread gives the records a memory
 * source gives, in the same order, and the tap sees every byte of the
 * file once, in order, in chunks of at most 256 KiB.
 */
static void test_read_ahead_reads_the_same(void **state)
{
    size_t len, n = 0;
    uint32_t *w = ahead_trace(&len);
    struct tapped tp = { malloc(len), 0, len, 0 };
    struct xabi_trace_opts o = { .tap = tap_copy, .tap_ctx = &tp,
                                 .read_ahead = true };
    const struct xabi_trace_record *r, *m;
    struct xabi_trace *t = NULL, *ref = NULL;
    int fd = file_of(w, len), rc;

    (void)state;
    assert_non_null(tp.copy);
    assert_int_equal(xabi_trace_open_fd(fd, NAME, &o, &t), 0);
    assert_int_equal(xabi_trace_open_mem(w, len, NAME, NULL, &ref), 0);
    while ( (rc = xabi_trace_next(t, &r)) == 1 )
    {
        assert_int_equal(xabi_trace_next(ref, &m), 1);
        assert_same_record(r, m);
        n++;
    }
    assert_int_equal(rc, 0);
    assert_int_equal(xabi_trace_next(ref, &m), 0);
    assert_int_equal(n, AHEAD_WINDOWS);
    /* the end was read: the tap is done, and saw the file */
    assert_int_equal(tp.len, len);
    assert_memory_equal(tp.copy, w, len);
    assert_true(tp.calls >= len >> 18);
    xabi_trace_close(t);
    xabi_trace_close(ref);
    close(fd);
    free(tp.copy);
    free(w);
}

/* Closed early, with the ring full, the reader stops its thread. */
static void test_read_ahead_closed_early(void **state)
{
    size_t len;
    uint32_t *w = ahead_trace(&len);
    struct tapped tp = { malloc(len), 0, len, 0 };
    struct xabi_trace_opts o = { .tap = tap_copy, .tap_ctx = &tp,
                                 .read_ahead = true };
    const struct xabi_trace_record *r;
    struct xabi_trace *t = NULL;
    int fd = file_of(w, len);

    (void)state;
    assert_int_equal(xabi_trace_open_fd(fd, NAME, &o, &t), 0);
    assert_int_equal(xabi_trace_next(t, &r), 1);
    usleep(20000); /* let the thread fill the ring */
    xabi_trace_close(t);
    /* what it tapped is a prefix of the file, whole chunks of it */
    assert_true(tp.len > 0 && tp.len <= len);
    assert_memory_equal(tp.copy, w, tp.len);
    close(fd);
    free(tp.copy);
    free(w);
}

/* A drain through the thread taps the rest of the file. */
static void test_read_ahead_drain(void **state)
{
    size_t len;
    uint32_t *w = ahead_trace(&len);
    struct tapped tp = { malloc(len), 0, len, 0 };
    struct xabi_trace_opts o = { .tap = tap_copy, .tap_ctx = &tp,
                                 .read_ahead = true };
    const struct xabi_trace_record *r;
    struct xabi_trace_stats s;
    struct xabi_trace *t = NULL;
    int fd = file_of(w, len);

    (void)state;
    assert_int_equal(xabi_trace_open_fd(fd, NAME, &o, &t), 0);
    assert_int_equal(xabi_trace_next(t, &r), 1);
    assert_int_equal(xabi_trace_drain(t), 0);
    xabi_trace_get_stats(t, &s);
    assert_int_equal(s.bytes, len);
    assert_int_equal(tp.len, len);
    assert_memory_equal(tp.copy, w, len);
    xabi_trace_close(t);
    close(fd);
    free(tp.copy);
    free(w);
}

/*
 * Windows of sizes from 16 bytes to 400 KiB, then of one size, two pCPUs
 * taking turns, so that the reader keeps buffers of windows read and gives
 * them to later windows, larger, smaller or the same, while the other
 * pCPU's window is still being read: every window still reads as its own
 * bytes,
 * from a file (read ahead or not) as from memory.  Each record's extra
 * word is its number.
 */
static void test_window_buffers_used_again(void **state)
{
    static const uint32_t nrecs[] = { 1, 25600, 1280, 6400, 1, 12800, 640,
                                      25600, 2, 3200, 19200, 1, 64, 64, 64,
                                      64, 64, 64, 64, 64 };
    size_t words = 0, k = 0, i, j, len, n;
    uint32_t *w, rec = 0;
    bool ahead;

    (void)state;
    for ( i = 0; i < 3 * sizeof(nrecs) / sizeof(nrecs[0]); i++ )
        words += 3 + 4 * nrecs[i % (sizeof(nrecs) / sizeof(nrecs[0]))];
    w = malloc(words * 4);
    assert_non_null(w);
    for ( i = 0; i < 3 * sizeof(nrecs) / sizeof(nrecs[0]); i++ )
    {
        uint32_t nr = nrecs[i % (sizeof(nrecs) / sizeof(nrecs[0]))];
        const uint32_t hdr[] = { WINDOW(i & 1, nr * REC_TSC_SIZE(1)) };

        memcpy(w + k, hdr, sizeof(hdr));
        k += 3;
        for ( j = 0; j < nr; j++, rec++ )
        {
            const uint32_t r[] = { REC_TSC(HYPERCALL_V2, 1), TSC(rec), rec };

            memcpy(w + k, r, sizeof(r));
            k += 4;
        }
    }
    len = k * 4;
    for ( ahead = false; ; ahead = true )
    {
        struct xabi_trace_opts o = { .read_ahead = ahead };
        const struct xabi_trace_record *r, *m;
        struct xabi_trace *t = NULL, *ref = NULL;
        int fd = file_of(w, len), rc;

        assert_int_equal(xabi_trace_open_fd(fd, NAME, &o, &t), 0);
        assert_int_equal(xabi_trace_open_mem(w, len, NAME, NULL, &ref), 0);
        for ( n = 0; (rc = xabi_trace_next(t, &r)) == 1; n++ )
        {
            assert_int_equal(xabi_trace_next(ref, &m), 1);
            assert_same_record(r, m);
        }
        assert_int_equal(rc, 0);
        assert_int_equal(n, rec);
        xabi_trace_close(t);
        xabi_trace_close(ref);
        close(fd);
        if ( ahead )
            break;
    }
    free(w);
}

/*
 * Windows read in place in the read-ahead thread's buffers
 * (trace-reader.c: struct ahead).  pCPU 0 has one window, first in the
 * file, whose two records are the latest of the trace: it stays queued,
 * pinning the first buffer, while 6 MiB of pCPU 1's windows are read past
 * it, more than the ring's 8 buffers of 256 KiB hold.  The reader must copy it out to
 * go on, and reads its second record from the copy; the records come out
 * as a memory source gives them, pCPU 0's last, and the tap sees the file
 * once.  Windows of 16 KiB: most lie whole in one
 * buffer and are not copied at all.
 */
static void test_windows_read_in_place_and_copied_out(void **state)
{
    const size_t per = (16u << 10) / REC_TSC_SIZE(1); /* records a window */
    const size_t nwin = (6u << 20) / (16u << 10);
    size_t words = 3 + 8 + nwin * (3 + 4 * per), k = 0, i, j, len, n;
    uint32_t *w = malloc(words * 4), rec = 0;
    const struct xabi_trace_record *r, *m;
    struct xabi_trace *t = NULL, *ref = NULL;
    struct xabi_trace_stats s;
    struct tapped tp;
    struct xabi_trace_opts o = { .tap = tap_copy, .tap_ctx = &tp,
                                 .read_ahead = true };
    int fd, rc;

    (void)state;
    assert_non_null(w);
    {
        const uint32_t late[] = {
            WINDOW(0, 2 * REC_TSC_SIZE(1)),
            REC_TSC(HYPERCALL_V2, 1), TSC(1u << 30), 0xfffffffeu,
            REC_TSC(HYPERCALL_V2, 1), TSC((1u << 30) + 1), 0xffffffffu,
        };

        memcpy(w, late, sizeof(late));
        k = sizeof(late) / 4;
    }
    for ( i = 0; i < nwin; i++ )
    {
        const uint32_t hdr[] = { WINDOW(1, per * REC_TSC_SIZE(1)) };

        memcpy(w + k, hdr, sizeof(hdr));
        k += 3;
        for ( j = 0; j < per; j++, rec++ )
        {
            const uint32_t one[] = { REC_TSC(HYPERCALL_V2, 1), TSC(100 + rec),
                                     rec };

            memcpy(w + k, one, sizeof(one));
            k += 4;
        }
    }
    assert_int_equal(k, words);
    len = k * 4;
    tp = (struct tapped){ malloc(len), 0, len, 0 };
    assert_non_null(tp.copy);
    fd = file_of(w, len);
    assert_int_equal(xabi_trace_open_fd(fd, NAME, &o, &t), 0);
    assert_int_equal(xabi_trace_open_mem(w, len, NAME, NULL, &ref), 0);
    for ( n = 0; (rc = xabi_trace_next(t, &r)) == 1; n++ )
    {
        assert_int_equal(xabi_trace_next(ref, &m), 1);
        assert_same_record(r, m);
        assert_int_equal(r->pcpu, n >= rec ? 0 : 1);
    }
    assert_int_equal(rc, 0);
    assert_int_equal(n, rec + 2);
    xabi_trace_get_stats(t, &s);
    assert_int_equal(s.reordered, 0);
    assert_true(s.evacuated >= 1);
    /* At most one window a buffer straddles two and is copied. */
    assert_true(s.in_place + 1 + (len >> 18) >= s.windows);
    assert_true(s.in_place > s.windows / 2);
    assert_int_equal(tp.len, len);
    assert_memory_equal(tp.copy, w, len);
    xabi_trace_close(t);
    xabi_trace_close(ref);
    close(fd);
    free(tp.copy);
    free(w);
}

/* ---- the TSC within a pCPU ---------------------------------------------- */

/*
 * Xen stamps a pCPU's records under its trace lock (xen/common/trace.c:
 * __trace_var), so within one pCPU, in file order, the TSC never goes
 * back.  A TSC that does is damage, at the record that goes back; the
 * message names the record before it.  Equal TSCs are fine.
 */
static void test_tsc_going_back_on_a_pcpu_is_damage(void **state)
{
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, 4 * REC_TSC_SIZE(1)),
        /*  12 */ REC_TSC(HYPERCALL_V2, 1), TSC(100), 1,
        /*  28 */ REC_TSC(HYPERCALL_V2, 1), TSC(300), 2,
        /*  44 */ REC_TSC(HYPERCALL_V2, 1), TSC(300), 3, /* equal: fine */
        /*  60 */ REC_TSC(HYPERCALL_V2, 1), TSC(200), 4, /* goes back */
        /*  76 */
    };
    /* clang-format on */
    struct result res;

    (void)state;
    READ(trace, &res);
    assert_int_equal(res.n, 3);
    assert_error_at(&res, 60, "TSC 0xc8 goes back from 0x12c, pCPU 0's "
                              "record at offset 44");
    assert_non_null(strstr(res.err, "concatenated"));

    /* --salvage keeps the three before it. */
    read_salvage(trace, sizeof(trace), &res);
    assert_int_equal(res.rc, 0);
    assert_int_equal(res.n, 3);
    assert_true(res.stats.damaged);
    assert_int_equal(res.stats.damaged_at, 60);
    assert_non_null(strstr(res.stats.damage, "goes back"));
}

/*
 * Windows of one pCPU continue each other: the order holds across them,
 * and between pCPUs nothing is compared (each has its own clock).
 */
static void test_tsc_order_holds_across_windows(void **state)
{
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, REC_TSC_SIZE(0)),
        /*  12 */ REC_TSC(INJ_EXC, 0), TSC(500),
        /*  24 */ WINDOW(1, REC_TSC_SIZE(0)),
        /*  36 */ REC_TSC(INJ_EXC, 0), TSC(50),       /* pCPU 1: fine */
        /*  48 */ WINDOW(0, REC_TSC_SIZE(0)),
        /*  60 */ REC_TSC(INJ_EXC, 0), TSC(400),      /* pCPU 0: back */
        /*  72 */
    };
    /* clang-format on */
    struct result res;

    (void)state;
    READ(trace, &res);
    assert_error_at(&res, 60, "goes back from 0x1f4, pCPU 0's record at "
                              "offset 12");
}

/*
 * What legitimately carries no usable TSC is not compared: records
 * without one, and TRC_TRACE_WRAP_BUFFER padding, whose TSC says nothing
 * (it may be anything).  TRC_LOST_RECORDS carries the time it was written,
 * after the records it counts, so it is in order.
 */
static void test_padding_and_tscless_records_are_not_compared(void **state)
{
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, REC_TSC_SIZE(0) + REC_TSC_SIZE(1) + REC_SIZE(0) +
                                REC_TSC_SIZE(4) + REC_TSC_SIZE(0)),
        /*  12 */ REC_TSC(INJ_EXC, 0), TSC(1000),
        /*  24 */ REC_TSC(WRAP, 1), TSC(5), 0,         /* padding: any TSC */
        /*  40 */ REC(INJ_EXC, 0),                      /* no TSC */
        /*  44 */ REC_TSC(LOST, 4), TSC(1100), 3, DOMVCPU(0, 1), TSC(900),
        /*  72 */ REC_TSC(INJ_EXC, 0), TSC(1100),
        /*  84 */
    };
    /* clang-format on */
    struct result res;

    (void)state;
    READ(trace, &res);
    assert_int_equal(res.rc, 0);
    assert_int_equal(res.n, 5);
    assert_false(res.stats.damaged);
    read_salvage(trace, sizeof(trace), &res);
    assert_int_equal(res.rc, 0);
    assert_int_equal(res.n, 5);
    assert_false(res.stats.damaged);
}

/*
 * `cat t.bin t.bin`: the second copy's first record goes back in time on
 * its pCPU.  Not a complete trace of twice the records: damage at the
 * first record of the second copy; --salvage keeps the first copy.
 */
static void test_concatenated_traces_are_damage(void **state)
{
#define ONE_TRACE                                                        \
    WINDOW(0, 2 * REC_TSC_SIZE(1)),                                      \
    REC_TSC(HYPERCALL_V2, 1), TSC(100), 1,                               \
    REC_TSC(HYPERCALL_V2, 1), TSC(300), 2,                               \
    WINDOW(1, REC_TSC_SIZE(1)),                                          \
    REC_TSC(HYPERCALL_V2, 1), TSC(200), 3
    /* clang-format off */
    static const uint32_t twice[] = {
        /*   0 */ ONE_TRACE,
        /*  72 */ ONE_TRACE,     /* its first record at 84 */
        /* 144 */
    };
    /* clang-format on */
#undef ONE_TRACE
    struct result res;

    (void)state;
    READ(twice, &res);
    assert_error_at(&res, 84, "goes back from 0x12c, pCPU 0's record at "
                              "offset 28");
    read_salvage(twice, sizeof(twice), &res);
    assert_salvaged_before(&res, 84);
    assert_int_equal(res.n, 3);
    /* The first copy, whole, in TSC order. */
    assert_record(&res.rec[0], 12, 0, HYPERCALL_V2, 100, true);
    assert_record(&res.rec[1], 56, 1, HYPERCALL_V2, 200, true);
    assert_record(&res.rec[2], 28, 0, HYPERCALL_V2, 300, true);
}

/* ---- bad input ---------------------------------------------------------- */

static void test_empty_input_fails_at_offset_0(void **state)
{
    static const uint32_t none[1];
    struct result res;

    (void)state;
    read_trace(none, 0, NULL, &res);
    assert_error_at(&res, 0, "empty");
    assert_int_equal(res.n, 0);

    /* An empty buffer may come without an address at all. */
    read_trace(NULL, 0, NULL, &res);
    assert_error_at(&res, 0, "empty");

    /* --salvage has nothing to keep. */
    read_salvage(none, 0, &res);
    assert_error_at(&res, 0, "empty");
}

/* A trace opens with TRC_TRACE_CPU_CHANGE: header word 0x2001f003. */
static void test_not_a_trace(void **state)
{
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ REC_TSC(HYPERCALL_V2, 1), TSC(100), 1,
        /*  16 */
    };
    /* clang-format on */
    static const char text[] = "#!/bin/sh\necho this is not a trace\n";
    struct result res;

    (void)state;
    READ(trace, &res);
    assert_error_at(&res, 0, "not a xentrace trace");
    assert_non_null(strstr(res.err, "0x2001f003"));
    assert_non_null(strstr(res.err, "found 0x9020100d"));
    assert_int_equal(res.n, 0);

    read_salvage(text, sizeof(text) - 1, &res);
    assert_error_at(&res, 0, "not a xentrace trace");

    /* Shorter than one window header, even if it starts like one. */
    read_trace(trace, 2, NULL, &res);
    assert_error_at(&res, 0, "not a xentrace trace");
}

/*
 * A window whose size runs past the end of the file, with another window's
 * header inside it: the size is wrong.  The error names the offset of the
 * header found inside; what came before it was handed out.
 */
static void test_window_past_end_with_header_inside(void **state)
{
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, 64),                      /* 76 > 56 bytes */
        /*  12 */ REC_TSC(HYPERCALL_V2, 1), TSC(100), 1,
        /*  28 */ WINDOW(1, REC_TSC_SIZE(1)),        /* inside window 0 */
        /*  40 */ REC_TSC(HYPERCALL_V2, 1), TSC(200), 2,
        /*  56 */
    };
    /* clang-format on */
    struct result res;

    (void)state;
    READ(trace, &res);
    assert_int_equal(res.n, 1);
    assert_record(&res.rec[0], 12, 0, HYPERCALL_V2, 100, true);
    assert_error_at(&res, 28, "window header inside the window");
    assert_non_null(strstr(res.err, "offset 12: its size is wrong"));
}

/* Garbage where the next window header must be. */
static void test_garbage_instead_of_window_header(void **state)
{
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, REC_TSC_SIZE(1)),
        /*  12 */ REC_TSC(HYPERCALL_V2, 1), TSC(100), 1,
        /*  28 */ 0xdeadbeef, 0xdeadbeef, 0xdeadbeef, /* a header belongs here */
        /*  40 */ WINDOW(0, REC_TSC_SIZE(1)),
        /*  52 */ REC_TSC(HYPERCALL_V2, 1), TSC(200), 2,
        /*  68 */
    };
    /* clang-format on */
    struct result res;

    (void)state;
    READ(trace, &res);
    assert_error_at(&res, 28, "expected a window header");
    assert_non_null(strstr(res.err, "found 0xdeadbeef"));
}

/*
 * Garbage inside a window: a record whose class (bits 16-27) is not one of
 * Xen's single-bit trace classes was not written by Xen.
 */
static void test_record_with_implausible_class(void **state)
{
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, 2 * REC_TSC_SIZE(1) + REC_SIZE(0)),
        /*  12 */ REC_TSC(HYPERCALL_V2, 1), TSC(100), 1,
        /*  28 */ REC_TSC(0x00031001, 1), TSC(110), 2,  /* class 0x003 */
        /*  44 */ REC(INJ_EXC, 0),
        /*  48 */
    };
    /* clang-format on */
    /* clang-format off */
    static const uint32_t class0[] = {
        /*   0 */ WINDOW(2, REC_SIZE(0)),
        /*  12 */ REC(0x00000042, 0),                    /* class 0 */
        /*  16 */
    };
    /* clang-format on */
    struct result res;

    (void)state;
    READ(trace, &res);
    assert_int_equal(res.n, 1);
    assert_record(&res.rec[0], 12, 0, HYPERCALL_V2, 100, true);
    assert_error_at(&res, 28, "record header 0x90031001 is not a Xen trace "
                              "event (window data at offset 12)");

    READ(class0, &res);
    assert_int_equal(res.n, 0);
    assert_error_at(&res, 12, "not a Xen trace event");
}

/* Window sizes are whole 32-bit words, and pCPUs fewer than 4096. */
static void test_impossible_window_header(void **state)
{
    /* clang-format off */
    static const uint32_t odd_size[] = {
        /*   0 */ WINDOW(0, REC_SIZE(0)),
        /*  12 */ REC(INJ_EXC, 0),
        /*  16 */ WINDOW(0, 6),
        /*  28 */ REC(INJ_EXC, 0), 0,
        /*  36 */
    };
    /* clang-format on */
    /* clang-format off */
    static const uint32_t big_cpu[] = {
        /*   0 */ WINDOW(0, REC_SIZE(0)),
        /*  12 */ REC(INJ_EXC, 0),
        /*  16 */ WINDOW(4096, REC_SIZE(0)),
        /*  28 */ REC(INJ_EXC, 0),
        /*  32 */
    };
    /* clang-format on */
    struct result res;

    (void)state;
    READ(odd_size, &res);
    assert_error_at(&res, 16, "window size 6 is not a whole number");
    READ(big_cpu, &res);
    assert_error_at(&res, 16, "names pCPU 4096");
}

/*
 * A record cut short at the end of the last window is how a trace ends
 * when xentrace is killed: accepted, marked truncated at the offset of the
 * record that was cut.
 */
static void test_cut_record_at_end_is_truncation(void **state)
{
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, 2 * REC_TSC_SIZE(1)),
        /*  12 */ REC_TSC(HYPERCALL_V2, 1), TSC(100), 1,
        /*  28 */ REC_TSC(HYPERCALL_V2, 1), TSC(200), 2, /* cut after 6 */
        /*  44 */
    };
    /* clang-format on */
    struct result res;

    (void)state;
    read_trace(trace, 34, NULL, &res);
    assert_int_equal(res.rc, 0);
    assert_int_equal(res.n, 1);
    assert_record(&res.rec[0], 12, 0, HYPERCALL_V2, 100, true);
    assert_true(res.stats.truncated);
    assert_int_equal(res.stats.truncated_at, 28);
    assert_false(res.stats.damaged);
    assert_int_equal(res.stats.bytes, 34);

    /* Cut inside the record header itself. */
    read_trace(trace, 30, NULL, &res);
    assert_int_equal(res.rc, 0);
    assert_int_equal(res.n, 1);
    assert_true(res.stats.truncated);
    assert_int_equal(res.stats.truncated_at, 28);

    /* Cut inside the window header: the last window never began. */
    {
        /* clang-format off */
        static const uint32_t two[] = {
            /*   0 */ WINDOW(0, REC_TSC_SIZE(1)),
            /*  12 */ REC_TSC(HYPERCALL_V2, 1), TSC(100), 1,
            /*  28 */ WINDOW(1, REC_TSC_SIZE(1)),     /* cut after 7 */
            /*  40 */
        };
        /* clang-format on */

        read_trace(two, 35, NULL, &res);
        assert_int_equal(res.rc, 0);
        assert_int_equal(res.n, 1);
        assert_true(res.stats.truncated);
        assert_int_equal(res.stats.truncated_at, 28);

        read_trace(two, 30, NULL, &res); /* after 2: still a header */
        assert_int_equal(res.rc, 0);
        assert_true(res.stats.truncated);
        assert_int_equal(res.stats.truncated_at, 28);
    }
}

/*
 * The end of the source can fall between two records of a window whose
 * size promised more: that is truncation too, at the end of the bytes
 * that arrived, not a complete trace.
 */
static void test_window_cut_between_records_is_truncation(void **state)
{
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, 4 * REC_TSC_SIZE(1)),     /* 76 > 44 bytes */
        /*  12 */ REC_TSC(HYPERCALL_V2, 1), TSC(100), 1,
        /*  28 */ REC_TSC(HYPERCALL_V2, 1), TSC(200), 2,
        /*  44 */
    };
    /* clang-format on */
    /* clang-format off */
    static const uint32_t no_data[] = {
        /*   0 */ WINDOW(0, REC_TSC_SIZE(1)),
        /*  12 */ REC_TSC(HYPERCALL_V2, 1), TSC(100), 1,
        /*  28 */ WINDOW(1, REC_TSC_SIZE(1)),        /* and nothing after */
        /*  40 */
    };
    /* clang-format on */
    struct result res;

    (void)state;
    READ(trace, &res);
    assert_int_equal(res.rc, 0);
    assert_int_equal(res.n, 2);
    assert_record(&res.rec[1], 28, 0, HYPERCALL_V2, 200, true);
    assert_true(res.stats.truncated);
    assert_int_equal(res.stats.truncated_at, 44);

    READ(no_data, &res);
    assert_int_equal(res.rc, 0);
    assert_int_equal(res.n, 1);
    assert_true(res.stats.truncated);
    assert_int_equal(res.stats.truncated_at, 40);
}

/*
 * The last window's size claims more bytes than the file holds, and the
 * file ends between two records: truncation at the end of the file, and
 * the message says the window claims more and names its last whole
 * record, not a record "at" the end of the file.
 */
static void test_last_window_claiming_more_is_named(void **state)
{
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, REC_TSC_SIZE(1)),
        /*  12 */ REC_TSC(HYPERCALL_V2, 1), TSC(100), 1,
        /*  28 */ WINDOW(1, 1000),                     /* 32 bytes follow */
        /*  40 */ REC_TSC(HYPERCALL_V2, 1), TSC(200), 2,
        /*  56 */ REC_TSC(HYPERCALL_V2, 1), TSC(210), 3,
        /*  72 */
    };
    /* clang-format on */
    struct result res;

    (void)state;
    READ(trace, &res);
    assert_int_equal(res.rc, 0);
    assert_int_equal(res.n, 3);
    assert_true(res.stats.truncated);
    assert_int_equal(res.stats.truncated_at, 72);
    if ( !strstr(res.stats.truncation,
                 "the last window (pCPU 1, header at offset 28) claims 1000 "
                 "bytes, more than the file holds: it ends 32 bytes into "
                 "it, at offset 72; its last whole record is at offset 56") )
        fail_msg("%s", res.stats.truncation);

    /* A record cut short names itself and where the file ends. */
    read_trace(trace, 62, NULL, &res);
    assert_true(res.stats.truncated);
    assert_int_equal(res.stats.truncated_at, 56);
    if ( !strstr(res.stats.truncation,
                 "the last record, at offset 56 (pCPU 1), is cut short: the "
                 "file ends 6 bytes into it, at offset 62") )
        fail_msg("%s", res.stats.truncation);
}

/*
 * A record cut short is only truncation at the end of the source; a record
 * that crosses the end of a window followed by another is damage.
 */
static void test_record_crossing_window_end_is_damage(void **state)
{
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, REC_TSC_SIZE(0) + 4),
        /*  12 */ REC_TSC(INJ_EXC, 0), TSC(100),
        /*  24 */ REC(INJ_EXC, 1),                   /* its word is not here */
        /*  28 */ WINDOW(0, REC_TSC_SIZE(0)),
        /*  40 */ REC_TSC(INJ_EXC, 0), TSC(200),
        /*  52 */
    };
    /* clang-format on */
    struct result res;

    (void)state;
    READ(trace, &res);
    assert_int_equal(res.n, 1);
    assert_error_at(&res, 24, "record of 8 bytes crosses the end of its "
                              "window (window data at offset 12, 16 bytes)");
}

/* ---- --salvage ---------------------------------------------------------- */

/*
 * With --salvage, damage ends the trace instead of failing it: the records
 * before the damage are handed out, and the stats say where and what.
 */
static void test_salvage_keeps_records_before_bad_header(void **state)
{
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, REC_TSC_SIZE(1)),
        /*  12 */ REC_TSC(HYPERCALL_V2, 1), TSC(100), 1,
        /*  28 */ WINDOW(1, REC_TSC_SIZE(1)),
        /*  40 */ REC_TSC(HYPERCALL_V2, 1), TSC(150), 2,
        /*  56 */ 0xdeadbeef, 0xdeadbeef, 0xdeadbeef, /* a header belongs here */
        /*  68 */ WINDOW(0, REC_TSC_SIZE(1)),
        /*  80 */ REC_TSC(HYPERCALL_V2, 1), TSC(300), 3,
        /*  96 */
    };
    /* clang-format on */
    struct result res;

    (void)state;
    read_salvage(trace, sizeof(trace), &res);
    assert_int_equal(res.rc, 0);
    assert_int_equal(res.n, 2);
    assert_record(&res.rec[0], 12, 0, HYPERCALL_V2, 100, true);
    assert_record(&res.rec[1], 40, 1, HYPERCALL_V2, 150, true);
    assert_true(res.stats.damaged);
    assert_int_equal(res.stats.damaged_at, 56);
    assert_non_null(strstr(res.stats.damage, "expected a window header"));
    assert_false(res.stats.truncated);
}

static void test_salvage_keeps_records_before_bad_record(void **state)
{
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, 3 * REC_TSC_SIZE(1)),
        /*  12 */ REC_TSC(HYPERCALL_V2, 1), TSC(100), 1,
        /*  28 */ REC_TSC(HYPERCALL_V2, 1), TSC(110), 2,
        /*  44 */ REC_TSC(0x00031001, 1), TSC(120), 3,  /* class 0x003 */
        /*  60 */
    };
    /* clang-format on */
    struct result res;

    (void)state;
    read_salvage(trace, sizeof(trace), &res);
    assert_int_equal(res.rc, 0);
    assert_int_equal(res.n, 2);
    assert_record(&res.rec[0], 12, 0, HYPERCALL_V2, 100, true);
    assert_record(&res.rec[1], 28, 0, HYPERCALL_V2, 110, true);
    assert_true(res.stats.damaged);
    assert_int_equal(res.stats.damaged_at, 44);
    assert_non_null(strstr(res.stats.damage, "not a Xen trace event"));
}

/*
 * The reader reads ahead of what it hands out, to merge pCPUs.  What
 * --salvage keeps must not depend on how far: a window of another pCPU
 * that lies after the damage in the file is not kept, even if it was
 * already read when the damage came to light.
 */
static void test_salvage_keeps_nothing_after_the_damage(void **state)
{
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, REC_TSC_SIZE(1)),
        /*  12 */ REC_TSC(HYPERCALL_V2, 1), TSC(100), 1,
        /*  28 */ WINDOW(1, REC_TSC_SIZE(1)),
        /*  40 */ REC_TSC(HYPERCALL_V2, 1), TSC(150), 2,
        /*  56 */ WINDOW(0, 2 * REC_TSC_SIZE(1)),
        /*  68 */ REC_TSC(HYPERCALL_V2, 1), TSC(300), 3,
        /*  84 */ REC_TSC(0x00031001, 1), TSC(310), 4,  /* damage */
        /* 100 */ WINDOW(1, REC_TSC_SIZE(1)),           /* after it */
        /* 112 */ REC_TSC(HYPERCALL_V2, 1), TSC(400), 5,
        /* 128 */ WINDOW(1, REC_TSC_SIZE(1)),
        /* 140 */ REC_TSC(HYPERCALL_V2, 1), TSC(500), 6,
        /* 156 */
    };
    /* clang-format on */
    struct result res;

    (void)state;
    read_salvage(trace, sizeof(trace), &res);
    assert_salvaged_before(&res, 84);
    assert_int_equal(res.n, 3);
    assert_record(&res.rec[0], 12, 0, HYPERCALL_V2, 100, true);
    assert_record(&res.rec[1], 40, 1, HYPERCALL_V2, 150, true);
    assert_record(&res.rec[2], 68, 0, HYPERCALL_V2, 300, true);
}

/*
 * The merge hands out another pCPU's records, from a window after the
 * damaged one, while the damaged window is still being read: their TSCs
 * are older than the records before the damage.  --salvage must still keep
 * only what lies before the damage in the file, so it checks a window
 * whole as soon as it is read.
 */
static void test_salvage_keeps_nothing_merged_from_after_the_damage(
    void **state)
{
    /* clang-format off */
    static const uint32_t trace[] = {
        /*   0 */ WINDOW(0, 3 * REC_TSC_SIZE(1)),
        /*  12 */ REC_TSC(HYPERCALL_V2, 1), TSC(100), 1,
        /*  28 */ REC_TSC(HYPERCALL_V2, 1), TSC(300), 2,
        /*  44 */ REC_TSC(0x00031001, 1), TSC(310), 3,  /* damage */
        /*  60 */ WINDOW(1, 2 * REC_TSC_SIZE(1)),       /* after it */
        /*  72 */ REC_TSC(HYPERCALL_V2, 1), TSC(150), 4, /* older than 300 */
        /*  88 */ REC_TSC(HYPERCALL_V2, 1), TSC(250), 5,
        /* 104 */ WINDOW(0, REC_TSC_SIZE(1)),
        /* 116 */ REC_TSC(HYPERCALL_V2, 1), TSC(500), 6,
        /* 132 */
    };
    /* clang-format on */
    struct result res;

    (void)state;
    read_salvage(trace, sizeof(trace), &res);
    assert_salvaged_before(&res, 44);
    assert_int_equal(res.n, 2);
    assert_record(&res.rec[0], 12, 0, HYPERCALL_V2, 100, true);
    assert_record(&res.rec[1], 28, 0, HYPERCALL_V2, 300, true);

    /* Without --salvage the same bytes fail at the same offset. */
    READ(trace, &res);
    assert_error_at(&res, 44, "not a Xen trace event");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tsc_inherited_from_previous_record),
        cmocka_unit_test(test_extra_word_counts_0_to_7),
        cmocka_unit_test(test_two_pcpus_merged_in_tsc_order),
        cmocka_unit_test(test_late_pcpu_counted_as_reordered),
        cmocka_unit_test(test_wrap_buffer_is_padding),
        cmocka_unit_test(test_lost_records_come_through),
        cmocka_unit_test(test_fd_source_reads_the_same),
        cmocka_unit_test(test_read_ahead_reads_the_same),
        cmocka_unit_test(test_read_ahead_closed_early),
        cmocka_unit_test(test_read_ahead_drain),
        cmocka_unit_test(test_windows_read_in_place_and_copied_out),
        cmocka_unit_test(test_window_buffers_used_again),
        cmocka_unit_test(test_tsc_going_back_on_a_pcpu_is_damage),
        cmocka_unit_test(test_tsc_order_holds_across_windows),
        cmocka_unit_test(test_padding_and_tscless_records_are_not_compared),
        cmocka_unit_test(test_concatenated_traces_are_damage),
        cmocka_unit_test(test_empty_input_fails_at_offset_0),
        cmocka_unit_test(test_not_a_trace),
        cmocka_unit_test(test_window_past_end_with_header_inside),
        cmocka_unit_test(test_garbage_instead_of_window_header),
        cmocka_unit_test(test_record_with_implausible_class),
        cmocka_unit_test(test_impossible_window_header),
        cmocka_unit_test(test_cut_record_at_end_is_truncation),
        cmocka_unit_test(test_window_cut_between_records_is_truncation),
        cmocka_unit_test(test_last_window_claiming_more_is_named),
        cmocka_unit_test(test_record_crossing_window_end_is_damage),
        cmocka_unit_test(test_salvage_keeps_records_before_bad_header),
        cmocka_unit_test(test_salvage_keeps_records_before_bad_record),
        cmocka_unit_test(test_salvage_keeps_nothing_after_the_damage),
        cmocka_unit_test(
            test_salvage_keeps_nothing_merged_from_after_the_damage),
    };

    return cmocka_run_group_tests_name("trace-reader", tests, NULL, NULL);
}
