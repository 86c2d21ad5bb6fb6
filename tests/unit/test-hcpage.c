/*
 * test-hcpage.c: PV hypercall pages disassembled with Capstone, stub by
 * stub, and collected from dump files into the store.
 *
 * The pages are built byte by byte in tests/unit/fixtures.h, each byte
 * labelled with the instruction Xen's source says it writes; tampered
 * stubs must come out unexpected, with where they differ.
 */
#include "tests/unit/fixtures.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "collector/hcpage.h"
#include "store/store.h"

#define VA64 0xffffffff81001000ull
#define VA32 0xc1001000ull

static struct xabi_hcpage *disasm(const uint8_t *page, uint64_t va,
                                  enum xabi_guest_type width)
{
    struct xabi_hcpage *pg = NULL;
    char err[512];

    if ( xabi_hcpage_disasm(page, HC_PAGE, va, width, "fixture", &pg, err,
                            sizeof(err)) )
        fail_msg("disassembly failed: %s", err);
    return pg;
}

static void assert_insn(const struct xabi_hcpage_stub *s, unsigned k,
                        unsigned offset, const char *mnemonic,
                        const char *operands)
{
    assert_true(k < s->ninsn);
    assert_int_equal(s->insn[k].offset, offset);
    assert_string_equal(s->insn[k].mnemonic, mnemonic);
    assert_string_equal(s->insn[k].operands, operands);
}

/* ---- what Xen writes ---------------------------------------------------- */

static void test_pv64_page(void **state)
{
    uint8_t page[HC_PAGE];
    struct xabi_hcpage *pg;
    const struct xabi_hcpage_stub *s;
    char text[512];
    unsigned n;

    (void)state;
    hc_page(page, true);
    pg = disasm(page, VA64, XABI_GUEST_PV64);
    assert_int_equal(pg->nclass[XABI_STUB_HYPERCALL], 127);
    assert_int_equal(pg->nclass[XABI_STUB_IRET], 1);
    for ( n = 0; n < XABI_HCPAGE_NSTUBS; n++ )
    {
        s = &pg->stubs[n];
        assert_int_equal(s->idx, n);
        assert_false(s->undecoded);
        assert_string_equal(s->layout,
                            n == HC_IRET ? "pv64-iret" : "pv64-hypercall");
    }
    /* Stub 1, instruction by instruction, as Capstone spells AT&T. */
    s = &pg->stubs[1];
    assert_insn(s, 0, 0, "pushq", "%rcx");
    assert_insn(s, 1, 1, "pushq", "%r11");
    assert_insn(s, 2, 3, "movl", "$1, %eax");
    assert_insn(s, 3, 8, "syscall", "");
    assert_insn(s, 4, 10, "popq", "%r11");
    assert_insn(s, 5, 12, "popq", "%rcx");
    assert_insn(s, 6, 13, "retq", "");
    assert_int_equal(s->ninsn, 7 + 18); /* and 18 int3 */
    assert_insn(s, 7, 14, "int3", "");
    assert_int_equal(s->insn[2].size, 5);
    assert_memory_equal(s->insn[2].bytes, "\xb8\x01\x00\x00\x00", 5);
    assert_string_equal(s->xen_since, "4.2");
    assert_null(s->xen_until);
    xabi_hcpage_stub_text(s, text, sizeof(text));
    assert_string_equal(text, "pushq %rcx; pushq %r11; movl $1, %eax; "
                              "syscall; popq %r11; popq %rcx; retq; "
                              "int3 x18");
    /* The iret stub: no pops, no ret. */
    s = &pg->stubs[HC_IRET];
    assert_int_equal(s->cls, XABI_STUB_IRET);
    assert_insn(s, 2, 3, "pushq", "%rax");
    assert_insn(s, 3, 4, "movl", "$0x17, %eax");
    assert_insn(s, 4, 9, "syscall", "");
    assert_insn(s, 5, 11, "int3", "");
    assert_string_equal(s->xen_since, "4.4");
    xabi_hcpage_free(pg);
}

static void test_pv32_page(void **state)
{
    uint8_t page[HC_PAGE];
    struct xabi_hcpage *pg;
    const struct xabi_hcpage_stub *s;

    (void)state;
    hc_page(page, false);
    pg = disasm(page, VA32, XABI_GUEST_PV32);
    assert_int_equal(pg->nclass[XABI_STUB_HYPERCALL], 127);
    assert_int_equal(pg->nclass[XABI_STUB_IRET], 1);
    s = &pg->stubs[29]; /* sched_op */
    assert_string_equal(s->layout, "pv32-hypercall");
    assert_insn(s, 0, 0, "movl", "$0x1d, %eax");
    assert_insn(s, 1, 5, "int", "$0x82");
    assert_insn(s, 2, 7, "retl", "");
    s = &pg->stubs[HC_IRET];
    assert_string_equal(s->layout, "pv32-iret");
    assert_insn(s, 0, 0, "pushl", "%eax");
    assert_insn(s, 2, 6, "int", "$0x82");
    assert_insn(s, 3, 8, "int3", "");
    xabi_hcpage_free(pg);
}

/* Xen 4.2 and 4.3 left pop %rbx; pop %rcx; ret behind the iret syscall. */
static void test_pv64_iret_before_4_4(void **state)
{
    uint8_t page[HC_PAGE];
    struct xabi_hcpage *pg;
    const struct xabi_hcpage_stub *s;

    (void)state;
    hc_page(page, true);
    hc_pv64_iret_4_2(page);
    pg = disasm(page, VA64, XABI_GUEST_PV64);
    s = &pg->stubs[HC_IRET];
    assert_int_equal(s->cls, XABI_STUB_IRET);
    assert_string_equal(s->layout, "pv64-iret-4.2");
    assert_string_equal(s->xen_since, "4.2");
    assert_string_equal(s->xen_until, "4.3");
    assert_insn(s, 5, 11, "popq", "%rbx");
    assert_insn(s, 7, 13, "retq", "");
    xabi_hcpage_free(pg);
}

/* ---- what Xen does not write -------------------------------------------- */

static void test_tampered_stub(void **state)
{
    uint8_t page[HC_PAGE];
    struct xabi_hcpage *pg;
    const struct xabi_hcpage_stub *s;

    (void)state;
    hc_page(page, true);
    page[1 * HC_STUB + 4] = 2; /* stub 1: mov $2,%eax */
    pg = disasm(page, VA64, XABI_GUEST_PV64);
    s = &pg->stubs[1];
    assert_int_equal(s->cls, XABI_STUB_UNEXPECTED);
    assert_null(s->layout);
    assert_non_null(strstr(s->why, "+3: movl $2, %eax"));
    assert_int_equal(pg->nclass[XABI_STUB_HYPERCALL], 126);
    assert_int_equal(pg->nclass[XABI_STUB_UNEXPECTED], 1);
    xabi_hcpage_free(pg);
}

/* An iret stub that returns is not Xen's. */
static void test_iret_that_returns(void **state)
{
    uint8_t page[HC_PAGE];
    struct xabi_hcpage *pg;
    const struct xabi_hcpage_stub *s;

    (void)state;
    hc_page(page, true);
    page[HC_IRET * HC_STUB + 11] = 0xc3; /* ret after the syscall */
    pg = disasm(page, VA64, XABI_GUEST_PV64);
    s = &pg->stubs[HC_IRET];
    assert_int_equal(s->cls, XABI_STUB_UNEXPECTED);
    assert_non_null(strstr(s->why, "+11: retq after the iret stub"));
    xabi_hcpage_free(pg);
}

/* A page of int3, a page of zeros, and a stub cut mid-instruction. */
static void test_filler_empty_undecodable(void **state)
{
    uint8_t page[HC_PAGE];
    struct xabi_hcpage *pg;
    const struct xabi_hcpage_stub *s;
    char text[256];

    (void)state;
    memset(page, 0xcc, sizeof(page));
    pg = disasm(page, VA64, XABI_GUEST_PV64);
    assert_int_equal(pg->nclass[XABI_STUB_FILLER], 128);
    xabi_hcpage_stub_text(&pg->stubs[0], text, sizeof(text));
    assert_string_equal(text, "int3 x32");
    xabi_hcpage_free(pg);

    memset(page, 0, sizeof(page));
    pg = disasm(page, VA64, XABI_GUEST_PV64);
    assert_int_equal(pg->nclass[XABI_STUB_EMPTY], 128);
    xabi_hcpage_free(pg);

    hc_page(page, true);
    page[2 * HC_STUB + 31] = 0xb8; /* mov $imm32 needs 4 more bytes */
    pg = disasm(page, VA64, XABI_GUEST_PV64);
    s = &pg->stubs[2];
    assert_int_equal(s->cls, XABI_STUB_UNEXPECTED);
    assert_true(s->undecoded);
    assert_int_equal(s->undecoded_at, 31);
    assert_non_null(strstr(s->why, "cannot decode"));
    xabi_hcpage_stub_text(s, text, sizeof(text));
    assert_non_null(strstr(text, "(1 bytes undecodable)"));
    /* The stub after it is decoded on its own. */
    assert_int_equal(pg->stubs[3].cls, XABI_STUB_HYPERCALL);
    xabi_hcpage_free(pg);
}

/* A PV64 page read as PV32: 0x41 is inc %ecx there, nothing matches. */
static void test_wrong_width(void **state)
{
    uint8_t page[HC_PAGE];
    struct xabi_hcpage *pg;

    (void)state;
    hc_page(page, true);
    pg = disasm(page, VA64 & 0xfffff000u, XABI_GUEST_PV32);
    assert_int_equal(pg->nclass[XABI_STUB_UNEXPECTED], 128);
    assert_string_equal(pg->stubs[0].insn[1].mnemonic, "incl");
    xabi_hcpage_free(pg);
}

static void test_bad_arguments(void **state)
{
    uint8_t page[HC_PAGE + 1];
    struct xabi_hcpage *pg = NULL;
    char err[512];

    (void)state;
    hc_page(page, true);
    assert_int_equal(xabi_hcpage_disasm(page, HC_PAGE - 1, VA64,
                                        XABI_GUEST_PV64, "short.page", &pg, err,
                                        sizeof(err)),
                     -1);
    assert_null(pg);
    assert_non_null(strstr(err, "short.page: offset 4095 (0xfff)"));
    assert_int_equal(xabi_hcpage_disasm(page, HC_PAGE + 1, VA64,
                                        XABI_GUEST_PV64, "long.page", &pg, err,
                                        sizeof(err)),
                     -1);
    assert_non_null(strstr(err, "long.page: offset 4096"));
    assert_int_equal(xabi_hcpage_disasm(page, HC_PAGE, VA64, XABI_GUEST_HVM,
                                        "hvm.page", &pg, err, sizeof(err)),
                     -1);
    assert_non_null(strstr(err, "not HVM"));
    assert_int_equal(xabi_hcpage_disasm(page, HC_PAGE, VA64 + 8,
                                        XABI_GUEST_PV64, "odd.page", &pg, err,
                                        sizeof(err)),
                     -1);
    assert_non_null(strstr(err, "not page-aligned"));
    xabi_hcpage_free(NULL);
}

/* Every layout cites Xen's source and has a since version. */
static void test_layout_table(void **state)
{
    const struct xabi_stub_layout *l;
    size_t i, n;

    (void)state;
    l = xabi_stub_layouts(&n);
    assert_int_equal(n, 5);
    for ( i = 0; i < n; i++ )
    {
        assert_non_null(strstr(l[i].citation, "xen/arch/x86/"));
        assert_non_null(l[i].since);
        assert_true(l[i].text[0]);
    }
}

/* ---- collecting a dump file --------------------------------------------- */

static void write_file(const char *path, const void *buf, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

    assert_true(fd >= 0);
    assert_int_equal(write(fd, buf, len), (ssize_t)len);
    close(fd);
}

struct count
{
    unsigned stubs, hypercall, pages;
};

static int count_stub(void *ctx, const struct xabi_stub_row *s)
{
    struct count *c = ctx;

    c->stubs++;
    c->hypercall += strcmp(s->cls, "hypercall") == 0;
    assert_int_equal(s->domid, 5);
    assert_int_equal(s->page_va, VA64);
    assert_string_equal(s->guest_type, "PV64");
    assert_non_null(s->disasm);
    return 0;
}

static int64_t runs(struct xabi_store *st)
{
    int64_t id = 0;

    assert_int_equal(xabi_store_latest_run(st, &id), 0);
    return id;
}

static void test_collect_file(void **state)
{
    uint8_t page[HC_PAGE];
    struct xabi_hcpage_opts o = {.va = VA64,
                                 .width = XABI_GUEST_PV64,
                                 .domid = 5,
                                 .xen_version = "4.17"};
    struct xabi_collect_result r;
    struct xabi_store *st;
    struct count c = {0};
    unsigned nclass[XABI_STUB_MAX];
    char db[256], file[300], err[2048];

    (void)state;
    xabi_test_db_path(db, sizeof(db), "hcpage");
    snprintf(file, sizeof(file), "%s.page", db);
    hc_page(page, true);
    write_file(file, page, sizeof(page));
    assert_int_equal(xabi_store_open(db, &st), 0);
    o.path = file;
    assert_int_equal(xabi_collect_hcpage(st, &o, &r, nclass, err, sizeof(err)),
                     0);
    assert_false(r.already);
    assert_int_equal(nclass[XABI_STUB_HYPERCALL], 127);
    assert_int_equal(xabi_store_each_stub(st, r.run_id, count_stub, &c), 0);
    assert_int_equal(c.stubs, 128);
    assert_int_equal(c.hypercall, 127);

    /* The same bytes again: found by SHA-256, nothing written. */
    assert_int_equal(xabi_collect_hcpage(st, &o, &r, nclass, err, sizeof(err)),
                     0);
    assert_true(r.already);
    assert_int_equal(runs(st), 1);

    /* Bad input: named with its offset, and the database unchanged. */
    write_file(file, page, 100);
    assert_int_equal(xabi_collect_hcpage(st, &o, &r, nclass, err, sizeof(err)),
                     -1);
    assert_non_null(strstr(err, "offset 100 (0x64)"));
    assert_non_null(strstr(err, file));
    o.path = "/tmp";
    assert_int_equal(xabi_collect_hcpage(st, &o, &r, nclass, err, sizeof(err)),
                     -1);
    assert_non_null(strstr(err, "/tmp: offset 0 (0x0): is a directory"));
    o.path = "/nonexistent/page";
    assert_int_equal(xabi_collect_hcpage(st, &o, &r, nclass, err, sizeof(err)),
                     -1);
    assert_non_null(strstr(err, "cannot open"));
    assert_int_equal(runs(st), 1);
    xabi_store_close(st);
    unlink(file);
    xabi_test_db_remove(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pv64_page),
        cmocka_unit_test(test_pv32_page),
        cmocka_unit_test(test_pv64_iret_before_4_4),
        cmocka_unit_test(test_tampered_stub),
        cmocka_unit_test(test_iret_that_returns),
        cmocka_unit_test(test_filler_empty_undecodable),
        cmocka_unit_test(test_wrong_width),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_layout_table),
        cmocka_unit_test(test_collect_file),
    };

    return cmocka_run_group_tests_name("hcpage", tests, NULL, NULL);
}
