/*
 * test-render-decode.c: the selectors and descriptors the start-of-day
 * and PVH pages print, decoded as the Intel SDM vol. 3 section 3.4 says.
 * The descriptors are the three of the Xen wiki's Segments section; the
 * selectors are FLAT_KERNEL_* of Xen 4.17; the attr is the real PVH guest's
 * CS (xen-hvmctx: 0x0c9b).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "generator/generator-int.h"

static void check_raw(uint64_t raw, const char *want)
{
    struct xabi_seg_desc d;
    char buf[256];

    xabi_desc_from_raw(raw, &d);
    xabi_desc_summary(&d, buf, sizeof(buf));
    assert_string_equal(buf, want);
}

static void test_wiki_descriptors(void **state)
{
    (void)state;
    check_raw(0x00cfb2000000ffffULL, "flat 32-bit ring-1 data, read/write; "
                                     "base 0x0, limit 0xffffffff");
    check_raw(0x00affa000000ffffULL, "flat 64-bit ring-3 code, execute/read; "
                                     "base 0x0, limit 0xffffffff");
    check_raw(0x00cfba000000ffffULL, "flat 32-bit ring-1 code, execute/read; "
                                     "base 0x0, limit 0xffffffff");
    /* L and D both set is no valid code segment. */
    check_raw(0x00eff2000000ffffULL, "flat invalid (L set on data) ring-3 "
                                     "data, read/write; base 0x0, limit "
                                     "0xffffffff");
    /* Byte granular, not present, base in all three fields. */
    check_raw(0x12003a345678ffffULL, "16-bit ring-1 code, execute/read; "
                                     "base 0x12345678, limit 0xffff, not "
                                     "present");
}

static void test_hvm_attr(void **state)
{
    struct xabi_seg_desc d;
    char buf[256];

    (void)state;
    xabi_desc_from_attr(0xc9b, 0, 0xffffffff, &d);
    xabi_desc_summary(&d, buf, sizeof(buf));
    assert_string_equal(buf, "flat 32-bit ring-0 code, execute/read, "
                             "accessed; base 0x0, limit 0xffffffff");
    xabi_desc_from_attr(0x8b, 0, 0x67, &d);
    xabi_desc_summary(&d, buf, sizeof(buf));
    assert_string_equal(buf, "32/64-bit TSS (busy), DPL 0, base 0x0, "
                             "limit 0x67");
}

static void test_selectors(void **state)
{
    char buf[160];

    (void)state;
    xabi_selector_text(0xe033, 7168, buf, sizeof(buf));
    assert_string_equal(buf, "GDT index 7174 (entry 6 of Xen's reserved "
                             "area from 7168), RPL 3");
    xabi_selector_text(0xe02b, 7168, buf, sizeof(buf));
    assert_string_equal(buf, "GDT index 7173 (entry 5 of Xen's reserved "
                             "area from 7168), RPL 3");
    xabi_selector_text(0xe019, 7168, buf, sizeof(buf));
    assert_string_equal(buf, "GDT index 7171 (entry 3 of Xen's reserved "
                             "area from 7168), RPL 1");
    xabi_selector_text(0x2b, 7168, buf, sizeof(buf));
    assert_string_equal(buf, "GDT index 5, RPL 3");
    xabi_selector_text(0x0f, 7168, buf, sizeof(buf));
    assert_string_equal(buf, "LDT index 1, RPL 3");
    xabi_selector_text(0x3, 7168, buf, sizeof(buf));
    assert_string_equal(buf, "NUL selector (RPL 3)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wiki_descriptors),
        cmocka_unit_test(test_hvm_attr),
        cmocka_unit_test(test_selectors),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
