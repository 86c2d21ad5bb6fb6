/*
 * test-abi-decode.c: the decoder ring against the segment facts of the PV
 * start-of-day section of the Xen wiki (the wrong ones included), and the
 * architectural layouts of system descriptors, event ids and trap_info.
 */
#include "tests/unit/fixtures.h"

#include <stdio.h>
#include <string.h>

#include "abi/abi.h"

/* The wiki's selectors: all in Xen's reserved GDT area at 7168. */
static void test_wiki_selectors(void **state)
{
    static const struct
    {
        uint16_t value;
        unsigned index, rpl, historic;
    } cases[] = {
        { 0xe019, 7171, 1, 259 }, /* FLAT_RING1_CS */
        { 0xe021, 7172, 1, 260 }, /* FLAT_RING1_DS */
        { 0xe02b, 7173, 3, 261 }, /* FLAT_RING3_CS (32), DS32 (64) */
        { 0xe033, 7174, 3, 262 }, /* FLAT_RING3_DS (32), CS64 (64) */
    };
    size_t i;

    (void)state;
    for ( i = 0; i < ARRAY_SIZE(cases); i++ )
    {
        struct xabi_selector s;
        unsigned long n = 0;
        char comment[32];

        xabi_selector_decode(cases[i].value, &s);
        assert_int_equal(s.index, cases[i].index);
        assert_int_equal(s.rpl, cases[i].rpl);
        assert_false(s.ldt);
        assert_false(s.null);
        assert_int_equal(s.index - 7168 + XABI_GDT_HISTORIC_FIRST,
                         cases[i].historic);
        snprintf(comment, sizeof(comment), "GDT index %u",
                 cases[i].historic);
        assert_int_equal(xabi_selector_check_comment(&s, 7168, comment, &n),
                         XABI_GDT_COMMENT_HISTORIC);
        assert_int_equal(n, cases[i].historic);
    }
}

/* 0xe033: index 7174 = 7168 + 6; Xen 2.0's "262" is 256 + 6. */
static void test_selector_e033_comments(void **state)
{
    struct xabi_selector s;
    unsigned long n = 0;

    (void)state;
    xabi_selector_decode(0xe033, &s);
    assert_int_equal(s.index, 7174);
    assert_int_equal(s.rpl, 3);
    assert_int_equal(xabi_selector_check_comment(&s, 7168, "GDT index 262",
                                                 &n),
                     XABI_GDT_COMMENT_HISTORIC);
    /* Before 4.13 xen-x86_64.h said 261 for 0xe033: wrong either way. */
    assert_int_equal(xabi_selector_check_comment(&s, 7168, "GDT index 261",
                                                 &n),
                     XABI_GDT_COMMENT_WRONG);
    assert_int_equal(n, 261);
    assert_int_equal(xabi_selector_check_comment(&s, 7168, "GDT index 7174",
                                                 &n),
                     XABI_GDT_COMMENT_EXACT);
    assert_int_equal(xabi_selector_check_comment(&s, 7168, "NULL selector",
                                                 &n),
                     XABI_GDT_COMMENT_NONE);
    assert_int_equal(xabi_selector_check_comment(&s, 7168, NULL, &n),
                     XABI_GDT_COMMENT_NONE);
}

/* A code selector in SS, data in CS: judged by the header's name. */
static void test_selector_misfit(void **state)
{
    (void)state;
    /* 0xe033 is FLAT_RING3_CS64 to a 64-bit guest: not an SS. */
    assert_non_null(xabi_selector_misfit(XABI_SEG_SS, "FLAT_RING3_CS64",
                                         0xe033));
    /* ... and FLAT_RING3_SS to a 32-bit guest: fine. */
    assert_null(xabi_selector_misfit(XABI_SEG_SS, "FLAT_RING3_SS", 0xe033));
    assert_null(xabi_selector_misfit(XABI_SEG_SS, "FLAT_RING1_DS", 0xe021));
    assert_non_null(xabi_selector_misfit(XABI_SEG_CS, "FLAT_RING1_DS",
                                         0xe021));
    assert_non_null(xabi_selector_misfit(XABI_SEG_CS, "FLAT_KERNEL_SS32",
                                         0xe02b));
    assert_null(xabi_selector_misfit(XABI_SEG_CS, "FLAT_RING1_CS", 0xe019));
    /* Readable code may be loaded into DS. */
    assert_null(xabi_selector_misfit(XABI_SEG_DS, "FLAT_RING1_CS", 0xe019));
    assert_null(xabi_selector_misfit(XABI_SEG_ANY, "FLAT_RING3_CS64",
                                     0xe033));
    /* The null selector: judged once, by value. */
    assert_non_null(xabi_selector_misfit(XABI_SEG_SS, NULL, 0));
    assert_non_null(xabi_selector_misfit(XABI_SEG_SS, NULL, 3));
    assert_null(xabi_selector_misfit(XABI_SEG_SS, "FLAT_RING3_DS64", 0));
    assert_null(xabi_selector_misfit(XABI_SEG_DS, NULL, 0));
}

/* Each guest type reads a selector by its own header, or by value (HVM). */
static void test_selector_misfit_for(void **state)
{
    (void)state;
    assert_int_equal(xabi_hc_guest_parse("PV64"), XABI_HC_PV64);
    assert_int_equal(xabi_hc_guest_parse("hvm32"), XABI_HC_HVM32);
    assert_int_equal(xabi_hc_guest_parse("PVH"), -1);
    assert_int_equal(xabi_hc_guest_parse(NULL), -1);
    assert_string_equal(xabi_flat_header(XABI_HC_PV32),
                        "arch-x86/xen-x86_32.h");
    assert_string_equal(xabi_flat_header(XABI_HC_PV64),
                        "arch-x86/xen-x86_64.h");
    assert_null(xabi_flat_header(XABI_HC_HVM64));
    /* 0xe02b: FLAT_KERNEL_SS to PV64, FLAT_RING3_CS to PV32. */
    assert_null(xabi_selector_misfit_for(XABI_HC_PV64, XABI_SEG_SS,
                                         "FLAT_KERNEL_SS", 0xe02b));
    assert_non_null(xabi_selector_misfit_for(XABI_HC_PV32, XABI_SEG_SS,
                                             "FLAT_RING3_CS", 0xe02b));
    /* An HVM guest's GDT is its own: the PV names do not count. */
    assert_null(xabi_selector_misfit_for(XABI_HC_HVM32, XABI_SEG_SS,
                                         "FLAT_RING3_CS", 0xe02b));
    /* A null SS: only a 64-bit HVM kernel may hold it. */
    assert_null(xabi_selector_misfit_for(XABI_HC_HVM64, XABI_SEG_SS, NULL, 0));
    assert_non_null(xabi_selector_misfit_for(XABI_HC_HVM32, XABI_SEG_SS,
                                             NULL, 0));
    assert_non_null(xabi_selector_misfit_for(XABI_HC_PV64, XABI_SEG_SS,
                                             NULL, 0));
}

static void test_selector_null_and_ldt(void **state)
{
    struct xabi_selector s;

    (void)state;
    xabi_selector_decode(0, &s);
    assert_true(s.null);
    xabi_selector_decode(0x0007, &s);
    assert_true(s.ldt);
    assert_false(s.null);
    assert_int_equal(s.index, 0);
    assert_int_equal(s.rpl, 3);
}

static void summary_is(uint64_t lo, const char *want)
{
    struct xabi_descriptor d;
    char buf[160];

    xabi_descriptor_decode(lo, 0, false, false, XABI_SEG_ANY, &d);
    xabi_descriptor_summary(&d, buf, sizeof(buf));
    assert_string_equal(buf, want);
}

static void test_wiki_descriptors(void **state)
{
    struct xabi_descriptor d;

    (void)state;
    summary_is(0x00cfb2000000ffffull, "flat 32-bit ring-1 data, read/write");
    summary_is(0x00affa000000ffffull, "flat 64-bit ring-3 code, execute/read");
    summary_is(0x00cfba000000ffffull, "flat 32-bit ring-1 code, execute/read");

    xabi_descriptor_decode(0x00cfb2000000ffffull, 0, false, false,
                           XABI_SEG_ANY, &d);
    assert_int_equal(d.kind, XABI_DESC_DATA);
    assert_int_equal(d.base, 0);
    assert_int_equal(d.limit, 0xfffff);
    assert_int_equal(d.limit_last, 0xffffffffull);
    assert_true(d.s && d.p && d.g && d.db && d.writable);
    assert_false(d.l || d.avl || d.accessed || d.expand_down);
    assert_int_equal(d.dpl, 1);
    assert_int_equal(d.type, 0x2);
    assert_int_equal(d.bad, 0);

    xabi_descriptor_decode(0x00affa000000ffffull, 0, false, false,
                           XABI_SEG_CS, &d);
    assert_int_equal(d.kind, XABI_DESC_CODE);
    assert_true(d.l && d.readable && !d.db && !d.conforming);
    assert_int_equal(d.dpl, 3);
    assert_int_equal(d.bad, 0);

    xabi_descriptor_decode(0x00cfba000000ffffull, 0, false, false,
                           XABI_SEG_CS, &d);
    assert_int_equal(d.kind, XABI_DESC_CODE);
    assert_true(d.db && !d.l);
    assert_int_equal(d.dpl, 1);
    assert_int_equal(d.bad, 0);
}

static void test_descriptor_invalid(void **state)
{
    struct xabi_descriptor d;
    char buf[160];

    (void)state;
    /* L and D both set on code. */
    xabi_descriptor_decode(0x00effa000000ffffull, 0, false, false,
                           XABI_SEG_ANY, &d);
    assert_int_equal(d.bad, XABI_DESC_BAD_L_AND_D);
    xabi_descriptor_summary(&d, buf, sizeof(buf));
    assert_non_null(strstr(buf, "(invalid)"));
    assert_non_null(xabi_descriptor_bad_text(XABI_DESC_BAD_L_AND_D));
    /* A code segment in SS; read-only data in SS; data in CS. */
    xabi_descriptor_decode(0x00cfba000000ffffull, 0, false, false,
                           XABI_SEG_SS, &d);
    assert_int_equal(d.bad, XABI_DESC_BAD_CODE_IN_SS);
    xabi_descriptor_decode(0x00cfb0000000ffffull, 0, false, false,
                           XABI_SEG_SS, &d);
    assert_int_equal(d.bad, XABI_DESC_BAD_RO_IN_SS);
    xabi_descriptor_decode(0x00cfb2000000ffffull, 0, false, false,
                           XABI_SEG_CS, &d);
    assert_int_equal(d.bad, XABI_DESC_BAD_DATA_IN_CS);
    /* The ring-1 data of the wiki is fine in SS. */
    xabi_descriptor_decode(0x00cfb2000000ffffull, 0, false, false,
                           XABI_SEG_SS, &d);
    assert_int_equal(d.bad, 0);
    /* A reserved system type, and a system descriptor in a register. */
    xabi_descriptor_decode(0x0000880000000000ull, 0, false, false,
                           XABI_SEG_ANY, &d);
    assert_int_equal(d.bad, XABI_DESC_BAD_RESERVED);
    xabi_descriptor_decode(0x0000890000000067ull, 0, false, false,
                           XABI_SEG_DS, &d);
    assert_true(d.bad & XABI_DESC_BAD_SYS_IN_SEG);
    assert_null(xabi_descriptor_bad_text(1u << 30));
}

static void test_system_descriptors(void **state)
{
    struct xabi_descriptor d;

    (void)state;
    /* 32-bit TSS at 0x12345678, limit 0x67. */
    xabi_descriptor_decode(0x1200893456780067ull, 0, false, false,
                           XABI_SEG_ANY, &d);
    assert_int_equal(d.kind, XABI_DESC_SYSTEM);
    assert_string_equal(d.sys_name, "32-bit TSS (available)");
    assert_int_equal(d.base, 0x12345678);
    assert_int_equal(d.limit, 0x67);
    /* The same in long mode: 16 bytes, base bits 32-63 in the upper half. */
    xabi_descriptor_decode(0x1200893456780067ull, 0xffff8000ull, true, true,
                           XABI_SEG_ANY, &d);
    assert_string_equal(d.sys_name, "64-bit TSS (available)");
    assert_int_equal(d.base, 0xffff800012345678ull);
    assert_int_equal(d.bad, 0);
    /* Long mode without the upper half, or with a type in it. */
    xabi_descriptor_decode(0x1200893456780067ull, 0, false, true,
                           XABI_SEG_ANY, &d);
    assert_int_equal(d.bad, XABI_DESC_BAD_NEED_UPPER);
    xabi_descriptor_decode(0x1200893456780067ull, 0x00000b0000000000ull, true,
                           true, XABI_SEG_ANY, &d);
    assert_int_equal(d.bad, XABI_DESC_BAD_UPPER_TYPE);
    /* LDT. */
    xabi_descriptor_decode(0x0000820000000fffull, 0, false, false,
                           XABI_SEG_ANY, &d);
    assert_string_equal(d.sys_name, "LDT");
    /* 64-bit interrupt gate: selector 0x10, IST 2, offset split three ways. */
    xabi_descriptor_decode(0xffff8e0200101234ull, 0x00000000ffffffffull, true,
                           true, XABI_SEG_ANY, &d);
    assert_string_equal(d.sys_name, "64-bit interrupt gate");
    assert_true(d.gate);
    assert_int_equal(d.gate_selector, 0x10);
    assert_int_equal(d.gate_ist, 2);
    assert_int_equal(d.gate_offset, 0xffffffffffff1234ull);
    /* 32-bit call gate with 3 parameters; 16-bit types are gone in long mode. */
    xabi_descriptor_decode(0x0000ec0300081000ull, 0, false, false,
                           XABI_SEG_ANY, &d);
    assert_string_equal(d.sys_name, "32-bit call gate");
    assert_int_equal(d.gate_params, 3);
    assert_int_equal(d.gate_offset, 0x1000);
    assert_int_equal(d.dpl, 3);
    xabi_descriptor_decode(0x0000840000081000ull, 0, true, true, XABI_SEG_ANY,
                           &d);
    assert_int_equal(d.bad, XABI_DESC_BAD_RESERVED);
}

static void test_event(void **state)
{
    struct xabi_event e;

    (void)state;
    xabi_event_decode(0x0020100d, &e);
    assert_int_equal(e.id, 0x0020100d);
    assert_int_equal(e.cls, 0x020);
    assert_int_equal(e.subclass, 1);
    assert_int_equal(e.number, 0x00d);
    assert_false(e.flag64);
    assert_int_equal(e.nextra, 0);
    assert_non_null(xabi_event_layout("TRC_PV_HYPERCALL_V2", false));
    /* A whole record header: 3 extra words, TSC, PV trap with 64-bit flag. */
    xabi_event_decode(0xb0201103u, &e);
    assert_int_equal(e.id, 0x00201103);
    assert_int_equal(e.nextra, 3);
    assert_true(e.cycles);
    assert_true(e.flag64);
    assert_string_not_equal(xabi_event_layout("TRC_PV_TRAP", true),
                            xabi_event_layout("TRC_PV_TRAP", false));
    assert_null(xabi_event_layout("TRC_NO_SUCH", false));
    assert_null(xabi_event_layout(NULL, false));
}

/* Runstate changes and scheduler events, named as Xen's code names them. */
static void test_trc_names(void **state)
{
    struct xabi_trc_name n;
    struct xabi_event e;

    (void)state;
    /* TRC_SCHED_RUNSTATE_CHANGE | RUNSTATE_runnable << 8 | running << 4 */
    assert_int_equal(xabi_trc_name(0x00021101, &n), 0);
    assert_string_equal(n.name, "TRC_SCHED_RUNSTATE_CHANGE");
    assert_true(n.runstate);
    assert_string_equal(n.old_state, "runnable");
    assert_string_equal(n.new_state, "running");
    xabi_event_decode(0x00021101, &e);
    assert_false(e.flag64); /* bit 8 is the old state here */
    assert_int_equal(xabi_trc_name(0x00021231, &n), 0);
    assert_string_equal(n.old_state, "blocked");
    assert_string_equal(n.new_state, "offline");
    /* TRC_SCHED_CONTINUE_RUNNING is the catalogue's to name. */
    assert_int_equal(xabi_trc_name(0x00021002, &n), -1);
    /* TRC_SCHED_CLASS_EVT(CSCHED2, 6), (SNULL, 1), (RTDS, 3), (CSCHED, 9) */
    assert_int_equal(xabi_trc_name(0x00022206, &n), 0);
    assert_string_equal(n.name, "TRC_CSCHED2_TICKLE");
    assert_string_equal(n.scheduler, "credit2");
    assert_int_equal(xabi_trc_name(0x00022a01, &n), 0);
    assert_string_equal(n.name, "TRC_SNULL_PICKED_CPU");
    assert_string_equal(n.scheduler, "null");
    assert_int_equal(xabi_trc_name(0x00022803, &n), 0);
    assert_string_equal(n.name, "TRC_RTDS_BUDGET_BURN");
    assert_int_equal(xabi_trc_name(0x00022009, &n), 0);
    assert_string_equal(n.name, "TRC_CSCHED_SCHEDULE");
    assert_string_equal(n.scheduler, "credit");
    /* credit2's 18 is unused; scheduler id 7 is no one's. */
    assert_int_equal(xabi_trc_name(0x00022212, &n), 0);
    assert_null(n.name);
    assert_int_equal(xabi_trc_name(0x00022e01, &n), 0);
    assert_null(n.scheduler);
    assert_int_equal(xabi_trc_name(0x00081003, &n), -1);
    /* TRC_HVM_SVM_EXIT from 4.19 */
    assert_false(xabi_trc_svm_exit_ids("4.18"));
    assert_false(xabi_trc_svm_exit_ids("4.17.3"));
    assert_true(xabi_trc_svm_exit_ids("4.19"));
    assert_true(xabi_trc_svm_exit_ids("4.20.1-debian"));
    assert_false(xabi_trc_svm_exit_ids(NULL));
}

static void test_trap_info(void **state)
{
    struct xabi_trap_info t;

    (void)state;
    /* int 0x80 for everyone, events masked, FLAT_KERNEL_CS of x86_64. */
    xabi_trap_info_decode(0x80, 3 | 4, 0xe033, 0xffffffff81001000ull, &t);
    assert_int_equal(t.dpl, 3);
    assert_true(t.clear_mask);
    assert_int_equal(t.rsvd, 0);
    assert_int_equal(t.cs.index, 7174);
    assert_null(t.mnemonic);
    xabi_trap_info_decode(14, 0, 0xe019, 0xc0101000, &t);
    assert_string_equal(t.mnemonic, "#PF");
    assert_int_equal(t.dpl, 0);
    assert_false(t.clear_mask);
    assert_int_equal(t.cs.rpl, 1);
    xabi_trap_info_decode(3, 0xf3, 0xe019, 0, &t);
    assert_int_equal(t.rsvd, 0xf0);
    assert_string_equal(t.mnemonic, "#BP");
}

/*
 * Selector error codes (Intel SDM vol. 3 6.13).  0x202 is what a 64-bit PV
 * guest gets for `int $0x40` with no DPL 3 gate: bit 1 IDT, index 0x40.
 */
static void test_selector_error(void **state)
{
    struct xabi_selector_error e;
    char buf[160];

    (void)state;
    xabi_selector_error_decode(0x202, &e);
    assert_true(e.idt);
    assert_false(e.ext);
    assert_false(e.ldt);
    assert_int_equal(e.index, 0x40);
    assert_string_equal(xabi_error_code_describe(13, 0x202, buf, sizeof(buf)),
                        "IDT vector 0x40, INT $0x40 refused (gate DPL below "
                        "CPL, or no gate)");
    /* 0x0e03: EXT and IDT set, bits 3-15 0x1c0. */
    xabi_selector_error_decode(0x0e03, &e);
    assert_true(e.ext && e.idt);
    assert_int_equal(e.index, 0x1c0);
    assert_string_equal(xabi_error_code_describe(11, 0x0e03, buf, sizeof(buf)),
                        "IDT vector 0x1c0, EXT (raised while delivering an "
                        "external event)");
    /* 0xe02c: LDT (TI, bit 2) index 0x1c05; 0xe030: GDT index 0x1c06. */
    xabi_selector_error_decode(0xe02c, &e);
    assert_true(e.ldt);
    assert_false(e.idt);
    assert_int_equal(e.index, 0x1c05);
    assert_string_equal(xabi_error_code_describe(13, 0xe030, buf, sizeof(buf)),
                        "GDT selector 0xe030 (index 7174, TI=0)");
    assert_string_equal(xabi_error_code_describe(12, 0xe02c, buf, sizeof(buf)),
                        "LDT selector 0xe02c (index 7173, TI=1)");
    assert_string_equal(xabi_error_code_describe(13, 0, buf, sizeof(buf)),
                        "no selector");
    /* Not a selector error code: #PF's, and bits above 15. */
    assert_string_equal(xabi_error_code_describe(14, 0x202, buf, sizeof(buf)),
                        "");
    assert_string_equal(xabi_error_code_describe(13, 0x10000, buf,
                                                 sizeof(buf)),
                        "");
    assert_true(xabi_vector_selector_error(10));
    assert_false(xabi_vector_selector_error(14));
    assert_string_equal(xabi_shutdown_reason_name(3), "crash");
    assert_string_equal(xabi_shutdown_reason_name(5), "soft_reset");
    assert_null(xabi_shutdown_reason_name(6));
}

static void test_numbers_and_versions(void **state)
{
    uint64_t v;

    (void)state;
    assert_int_equal(xabi_parse_u64("0xe033", 0xffff, &v), 0);
    assert_int_equal(v, 0xe033);
    assert_int_equal(xabi_parse_u64("0x00cfb2000000ffffULL", UINT64_MAX, &v),
                     0);
    assert_int_equal(v, 0x00cfb2000000ffffull);
    assert_int_equal(xabi_parse_u64("0x10000", 0xffff, &v), -1);
    assert_int_equal(xabi_parse_u64("0xe03g", 0xffff, &v), -1);
    assert_int_equal(xabi_parse_u64("-1", 0xffff, &v), -1);
    assert_int_equal(xabi_parse_u64("", 0xffff, &v), -1);
    assert_int_equal(xabi_parse_u64("0x1ffffffffffffffff", UINT64_MAX, &v),
                     -1);
    assert_int_equal(xabi_parse_u64(NULL, 1, &v), -1);
    assert_true(xabi_version_valid("4.17"));
    assert_true(xabi_version_valid("4.17.1"));
    assert_true(xabi_version_valid("4.17-debian"));
    assert_false(xabi_version_valid("4"));
    assert_false(xabi_version_valid("4.17-"));
    assert_false(xabi_version_valid("4.17; DROP TABLE"));
    assert_false(xabi_version_valid("x"));
    assert_false(xabi_version_valid(""));
    assert_false(xabi_version_valid(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wiki_selectors),
        cmocka_unit_test(test_selector_e033_comments),
        cmocka_unit_test(test_selector_misfit),
        cmocka_unit_test(test_selector_misfit_for),
        cmocka_unit_test(test_selector_null_and_ldt),
        cmocka_unit_test(test_wiki_descriptors),
        cmocka_unit_test(test_descriptor_invalid),
        cmocka_unit_test(test_system_descriptors),
        cmocka_unit_test(test_event),
        cmocka_unit_test(test_trc_names),
        cmocka_unit_test(test_trap_info),
        cmocka_unit_test(test_selector_error),
        cmocka_unit_test(test_numbers_and_versions),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
