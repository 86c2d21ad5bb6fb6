/*
 * test-render-decode.c: the selectors and descriptors the start-of-day
 * and PVH pages print, in the pages' words over abi/'s decoder.  The
 * descriptors are the three of the Xen wiki's Segments section; the
 * selectors are FLAT_KERNEL_* of Xen 4.17; the attrs are the real PVH
 * guest's CS and TR (xen-hvmctx: 0x0c9b, 0x008b).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "generator/generator-int.h"

static void check_text(uint64_t raw, const char *reg, const char *want)
{
    char buf[400];

    xabi_desc_text(raw, reg, buf, sizeof(buf));
    assert_string_equal(buf, want);
}

static void test_wiki_descriptors(void **state)
{
    char buf[200];

    (void)state;
    check_text(0x00cfb2000000ffffULL, "", "flat 32-bit ring-1 data, "
               "read/write; base 0x0, limit 0xffffffff");
    check_text(0x00affa000000ffffULL, "", "flat 64-bit ring-3 code, "
               "execute/read; base 0x0, limit 0xffffffff");
    check_text(0x00cfba000000ffffULL, "", "flat 32-bit ring-1 code, "
               "execute/read; base 0x0, limit 0xffffffff");
    /* The wiki's SS: a code descriptor cannot be loaded there. */
    assert_true(xabi_desc_misfit(0x00affa000000ffffULL, "ss", buf,
                                 sizeof(buf)));
    assert_string_equal(buf, "a code segment cannot be loaded into SS");
    assert_false(xabi_desc_misfit(0x00cfb2000000ffffULL, "ss", buf,
                                  sizeof(buf)));
    assert_string_equal(buf, "");
}

static void test_hvm_attr(void **state)
{
    uint64_t cs = xabi_desc_raw_from_attr(0xc9b, 0, 0xffffffff);
    uint64_t ds = xabi_desc_raw_from_attr(0xc93, 0, 0xffffffff);
    uint64_t tr = xabi_desc_raw_from_attr(0x8b, 0, 0x67);

    (void)state;
    assert_true(cs == 0x00cf9b000000ffffULL);
    assert_true(ds == 0x00cf93000000ffffULL);
    assert_true(tr == 0x00008b0000000067ULL);
}

static void test_selectors(void **state)
{
    char buf[200];

    (void)state;
    xabi_selector_text(0xe033, 7168, buf, sizeof(buf));
    assert_string_equal(buf, "GDT index 7174 (entry 6 of Xen's reserved "
                             "area from 7168), RPL 3");
    xabi_selector_text(0xe02b, 7168, buf, sizeof(buf));
    assert_string_equal(buf, "GDT index 7173 (entry 5 of Xen's reserved "
                             "area from 7168), RPL 3");
    xabi_selector_text(0x2b, 7168, buf, sizeof(buf));
    assert_string_equal(buf, "GDT index 5, RPL 3");
    xabi_selector_text(0x0f, 7168, buf, sizeof(buf));
    assert_string_equal(buf, "LDT index 1, RPL 3");
    xabi_selector_text(0x3, 7168, buf, sizeof(buf));
    assert_string_equal(buf, "NUL selector (RPL 3)");
    /* 0xe033 is FLAT_RING3_CS64: not for SS. */
    assert_non_null(xabi_selector_fit("ss", "FLAT_RING3_CS64", 0xe033));
    assert_null(xabi_selector_fit("ss", "FLAT_RING3_SS64", 0xe02b));
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
