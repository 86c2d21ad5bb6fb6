/*
 * test-real-records.c: the trap rules on real trace records, ahead of the
 * collector.  These are the five TRC_PV_TRAP records of
 * ../shared/data/xen-4.17-qemu/trace_domU.bin (Xen 4.17.7), byte for byte,
 * at their offsets in that file; xenalyze --dump-all attributes all five
 * to d1v0 (the PV64 domU).  The test decodes them as the collector will
 * (xen/include/public/trace.h: TRC_PV_TRAP | TRC_64_FLAG, struct t_rec),
 * stores them through the store's writers and expects TRAP-001 and
 * TRAP-002 to PASS: #BP (3) without an error code, #GP (13) with one.
 */
#include "tests/unit/fixtures.h"

#include "analyzer/analyzer.h"
#include "store/store.h"

struct real_record
{
    uint64_t offset; /* in trace_domU.bin */
    uint16_t pcpu;
    uint8_t bytes[24];
};

/*
 * Each record: header 0xb0201103 (bit 31: TSC follows; bits 28-30: 3
 * extra words; event 0x00201103), the TSC (2 words, low first), then
 * rip (2 words, low first) and one word: trap number (bits 0-14),
 * use_error_code (bit 15), error code (bits 16-31).
 */
static const struct real_record records[] = {
    { 0x3f0db8, 1,
      { 0x03, 0x11, 0x20, 0xb0,             /* header */
        0x17, 0x07, 0x2f, 0x80, 0x28, 0x00, 0x00, 0x00, /* TSC */
        0x28, 0xa0, 0x08, 0x83, 0xff, 0xff, 0xff, 0xff, /* rip */
        0x03, 0x00, 0xff, 0xff } },         /* #BP, no error code */
    { 0x4b7558, 0,
      { 0x03, 0x11, 0x20, 0xb0,
        0xad, 0x9c, 0xdc, 0x5e, 0x29, 0x00, 0x00, 0x00,
        0x04, 0x25, 0x02, 0x81, 0xff, 0xff, 0xff, 0xff,
        0x0d, 0x80, 0x00, 0x00 } },         /* #GP, error code 0 */
    { 0x51cd60, 0,
      { 0x03, 0x11, 0x20, 0xb0,
        0x4f, 0xf1, 0xfc, 0x23, 0x2a, 0x00, 0x00, 0x00,
        0xd3, 0x65, 0x10, 0x81, 0xff, 0xff, 0xff, 0xff,
        0x03, 0x00, 0xff, 0xff } },
    { 0x51cdf0, 0,
      { 0x03, 0x11, 0x20, 0xb0,
        0x49, 0x9d, 0x0d, 0x24, 0x2a, 0x00, 0x00, 0x00,
        0xd3, 0x65, 0x10, 0x81, 0xff, 0xff, 0xff, 0xff,
        0x03, 0x00, 0xff, 0xff } },
    { 0x51ce2c, 0,
      { 0x03, 0x11, 0x20, 0xb0,
        0xa6, 0xdc, 0x0e, 0x24, 0x2a, 0x00, 0x00, 0x00,
        0xd3, 0x65, 0x10, 0x81, 0xff, 0xff, 0xff, 0xff,
        0x03, 0x00, 0xff, 0xff } },
};
#define NRECORDS (sizeof(records) / sizeof(records[0]))

static uint32_t le32(const uint8_t *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

/* Decode one record into a trap fact of d1v0. */
static void decode(const struct real_record *r, struct xabi_fact *f)
{
    uint32_t hdr = le32(r->bytes), word;

    assert_int_equal(hdr & 0x0fffffff, 0x00201103); /* TRC_PV_TRAP, 64-bit */
    assert_int_equal((hdr >> 28) & 7, 3);
    assert_true(hdr >> 31);
    memset(f, 0, sizeof(*f));
    f->kind = "trap";
    f->domid = 1;
    f->vcpu = 0;
    f->pcpu = r->pcpu;
    f->offset = r->offset;
    f->event = 0x00201103;
    f->is_64bit = true;
    f->has_tsc = true;
    f->tsc = le32(r->bytes + 4) | (uint64_t)le32(r->bytes + 8) << 32;
    f->has_rip = true;
    f->rip = le32(r->bytes + 12) | (uint64_t)le32(r->bytes + 16) << 32;
    word = le32(r->bytes + 20);
    f->key = word & 0x7fff;
    f->has_error_code = (word >> 15) & 1;
    f->error_code = f->has_error_code ? word >> 16 : 0;
}

struct seen
{
    unsigned pass, other;
    uint64_t count;
};

static int note(void *ctx, const struct xabi_finding *f)
{
    struct seen *s = ctx;

    if ( f->verdict == XABI_PASS && f->has_domain && f->domid == 1 &&
         f->vcpu == 0 )
    {
        s->pass++;
        s->count = f->count;
    }
    else
        s->other++;
    return 0;
}

static void test_real_traps_pass(void **state)
{
    const struct xabi_rule *rules[] = { xabi_rule_find("TRAP-001"),
                                        xabi_rule_find("TRAP-002") };
    struct xabi_run_info ri;
    struct xabi_run_totals t;
    struct xabi_check_summary sum;
    struct xabi_store *st;
    struct xabi_fact f;
    struct seen seen;
    char path[256], err[512];
    int64_t run_id;
    size_t i;

    (void)state;
    xabi_test_db_path(path, sizeof(path), "real-records");
    memset(&ri, 0, sizeof(ri));
    ri.source_kind = "trace";
    ri.source_path = "trace_domU.bin";
    strcpy(ri.source_sha256, "trace_domU-traps");
    ri.xen_version = "4.17.7";
    memset(&t, 0, sizeof(t));
    t.records = 498610; /* trace_domU.stats.txt */
    assert_int_equal(xabi_store_open(path, &st), 0);
    assert_int_equal(xabi_store_begin(st), 0);
    assert_int_equal(xabi_store_run_new(st, &ri, &run_id), 0);
    for ( i = 0; i < NRECORDS; i++ )
    {
        decode(&records[i], &f);
        assert_true(f.key == 3 || f.key == 13);
        if ( i == 0 ) /* as python's struct reads the file: TSC, rip */
            assert_true(f.tsc == 173949257495ull &&
                        f.rip == 0xffffffff8308a028ull);
        assert_int_equal(f.has_error_code, f.key == 13);
        assert_int_equal(xabi_store_put_fact(st, run_id, &f, 0), 0);
    }
    assert_int_equal(xabi_store_run_finish(st, run_id, &t), 0);
    assert_int_equal(xabi_store_commit(st), 0);

    memset(&seen, 0, sizeof(seen));
    assert_int_equal(xabi_analyze(st, run_id, rules, 2, note, &seen, &sum,
                                  err, sizeof(err)),
                     0);
    assert_int_equal(seen.pass, 2);  /* one per rule, for d1v0 */
    assert_int_equal(seen.other, 0);
    assert_true(seen.count == NRECORDS);
    xabi_store_close(st);
    xabi_test_db_remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_traps_pass),
    };

    return cmocka_run_group_tests_name("real-records", tests, NULL, NULL);
}
