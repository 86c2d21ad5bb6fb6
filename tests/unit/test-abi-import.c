/*
 * test-abi-import.c: the header importer on small header fixtures: which
 * defines it keeps, how it evaluates values that refer to other defines,
 * how it treats interface-version conditionals, and that bad input is
 * counted or refused, never a crash.
 */
#include "tests/unit/fixtures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "abi/abi.h"

static struct xabi_abi *parse(const char *header, const char *text)
{
    struct xabi_abi *abi = xabi_abi_new();

    assert_non_null(abi);
    assert_int_equal(xabi_abi_parse_file(abi, header, text, strlen(text)), 0);
    return abi;
}

static const struct xabi_abi_hypercall *hc(const struct xabi_abi *abi,
                                           const char *name)
{
    size_t i;

    for ( i = 0; i < abi->nhc; i++ )
    {
        if ( strcmp(abi->hc[i].name, name) == 0 )
            return &abi->hc[i];
    }
    return NULL;
}

static int64_t con(const struct xabi_abi *abi, const char *kind,
                   const char *name)
{
    const struct xabi_abi_constant *c =
        xabi_abi_constant_find(abi, kind, NULL, name);

    assert_non_null(c);
    return c->value;
}

static const char xen_h[] =
    "#define __HYPERVISOR_set_trap_table        0\n"
    "#define __HYPERVISOR_sched_op_compat       6 /* compat since 0x00030101 */\n"
    "#define __HYPERVISOR_platform_op           7\n"
    "#define __HYPERVISOR_iret                 23 /* x86 only */\n"
    "#define __HYPERVISOR_set_segment_base     25 /* x86/64 only */\n"
    "#define __HYPERVISOR_sched_op             29\n"
    "#define __HYPERVISOR_xenoprof_op          31 /* Dropped in Xen 4.22 */\n"
    "#define __HYPERVISOR_tmem_op              38 /* deprecated */\n"
    "#if __XEN_INTERFACE_VERSION__ < 0x00030101\n"
    "#undef __HYPERVISOR_sched_op\n"
    "#define __HYPERVISOR_sched_op __HYPERVISOR_sched_op_compat\n"
    "#endif\n"
    "#if __XEN_INTERFACE_VERSION__ < 0x00030204\n"
    "#define __HYPERVISOR_dom0_op __HYPERVISOR_platform_op\n"
    "#endif\n"
    "#define VMASST_TYPE_4gb_segments         0\n"
    "/*\n * x86 guests: Sane behaviour\n */\n"
    "#define VMASST_TYPE_architectural_iopl   4\n"
    "#define VMASST_TYPE_m2p_strict           32\n"
    "#define MAX_VMASST_TYPE                  3\n"
    "#define MMUEXT_PIN_L1_TABLE      0\n"
    "#define MMUEXT_SET_LDT          13\n";

static void test_hypercalls_and_markers(void **state)
{
    struct xabi_abi *abi = xabi_abi_new();
    const char compat[] = "#define __XEN_LATEST_INTERFACE_VERSION__ 0x00040e00\n";

    (void)state;
    assert_int_equal(xabi_abi_parse_file(abi, "xen-compat.h", compat,
                                         strlen(compat)), 0);
    assert_int_equal(xabi_abi_parse_file(abi, "xen.h", xen_h, strlen(xen_h)),
                     0);
    assert_true(abi->have_interface);
    assert_int_equal(abi->interface_version, 0x40e00);
    assert_int_equal(hc(abi, "set_trap_table")->nr, 0);
    /* The old-interface redefinition does not renumber sched_op. */
    assert_int_equal(hc(abi, "sched_op")->nr, 29);
    assert_true(hc(abi, "iret")->x86_only);
    assert_true(hc(abi, "set_segment_base")->x86_only);
    assert_false(hc(abi, "sched_op")->x86_only);
    assert_true(hc(abi, "xenoprof_op")->dropped);
    assert_string_equal(hc(abi, "xenoprof_op")->comment,
                        "Dropped in Xen 4.22");
    assert_true(hc(abi, "tmem_op")->deprecated);
    assert_string_equal(hc(abi, "sched_op_compat")->comment,
                        "compat since 0x00030101");
    /* The compat alias of old interfaces. */
    assert_non_null(hc(abi, "dom0_op"));
    assert_int_equal(hc(abi, "dom0_op")->nr, 7);
    assert_string_equal(hc(abi, "dom0_op")->alias_of, "platform_op");
    assert_string_equal(hc(abi, "platform_op")->alias_of, "");
    assert_int_equal(con(abi, "vmasst", "VMASST_TYPE_m2p_strict"), 32);
    assert_int_equal(con(abi, "vmasst", "VMASST_TYPE_architectural_iopl"), 4);
    assert_null(xabi_abi_constant_find(abi, "vmasst", NULL,
                                       "MAX_VMASST_TYPE"));
    assert_int_equal(abi->nsub, 2);
    assert_string_equal(abi->sub[1].hypercall, "mmuext_op");
    assert_int_equal(abi->sub[1].nr, 13);
    xabi_abi_free(abi);
}

static void test_evaluator(void **state)
{
    static const char trace_h[] =
        "#define TRC_PV       0x0020f000    /* Xen PV traces */\n"
        "#define TRC_PV_ENTRY   0x00201000\n"
        "#define TRC_PV_HYPERCALL_V2          (TRC_PV_ENTRY + 13)\n"
        "#define TRC_SUBCLS_SHIFT 12\n"
        "#define TRC_SCHED_ID_BITS 3\n"
        "#define TRC_SCHED_ID_SHIFT (TRC_SUBCLS_SHIFT - TRC_SCHED_ID_BITS)\n"
        "#define TRC_SCHED_ID_MASK (((1UL<<TRC_SCHED_ID_BITS) - 1) << \\\n"
        "                           TRC_SCHED_ID_SHIFT)\n"
        "#define TRC_SCHED_EVT_MASK (~(TRC_SCHED_ID_MASK))\n"
        "#define TRC_CAST ((unsigned long)0x10 | (uint32_t)1)\n"
        "#define TRC_MK xen_mk_uint(0x7FF0)\n"
        "#define TRC_NEG (-10)\n"
        "#define TRC_PREC (1 + 2 * 3 << 1 | 1 & 3 ^ 8)\n"
        "#define TRC_OCT 010\n"
        "#define TRC_DIV0 (1 / 0)\n"
        "#define TRC_UNKNOWN (NOT_DEFINED + 1)\n"
        "#define TRC_LOOP_A TRC_LOOP_B\n"
        "#define TRC_LOOP_B (TRC_LOOP_A + 1)\n"
        "#define TRC_STR \"text\"\n"
        "#define TRC_BIGSHIFT (1 << 64)\n"
        "#define TRC_FN(x) ((x) + 1)\n";
    struct xabi_abi *abi = parse("trace.h", trace_h);

    (void)state;
    assert_int_equal(con(abi, "trc", "TRC_PV_HYPERCALL_V2"), 0x0020100d);
    assert_int_equal(con(abi, "trc", "TRC_SCHED_ID_SHIFT"), 9);
    assert_int_equal(con(abi, "trc", "TRC_SCHED_ID_MASK"), 0xe00);
    assert_int_equal(con(abi, "trc", "TRC_SCHED_EVT_MASK"), ~(int64_t)0xe00);
    assert_int_equal(con(abi, "trc", "TRC_CAST"), 0x11);
    assert_int_equal(con(abi, "trc", "TRC_MK"), 0x7ff0);
    assert_int_equal(con(abi, "trc", "TRC_NEG"), -10);
    assert_int_equal(con(abi, "trc", "TRC_PREC"), ((1 + 2 * 3) << 1) | ((1 & 3) ^ 8));
    assert_int_equal(con(abi, "trc", "TRC_OCT"), 8);
    assert_string_equal(
        xabi_abi_constant_find(abi, "trc", NULL, "TRC_PV")->comment,
        "Xen PV traces");
    /* Unevaluable values are counted, not guessed; macros are not values. */
    assert_null(xabi_abi_constant_find(abi, "trc", NULL, "TRC_DIV0"));
    assert_null(xabi_abi_constant_find(abi, "trc", NULL, "TRC_UNKNOWN"));
    assert_null(xabi_abi_constant_find(abi, "trc", NULL, "TRC_LOOP_A"));
    assert_null(xabi_abi_constant_find(abi, "trc", NULL, "TRC_STR"));
    assert_null(xabi_abi_constant_find(abi, "trc", NULL, "TRC_FN"));
    assert_int_equal(abi->skipped, 6);
    xabi_abi_free(abi);
}

static void test_gdt_and_flat(void **state)
{
    static const char arch_h[] =
        "#define FIRST_RESERVED_GDT_PAGE  14\n"
        "#define FIRST_RESERVED_GDT_BYTE  (FIRST_RESERVED_GDT_PAGE * 4096)\n"
        "#define FIRST_RESERVED_GDT_ENTRY (FIRST_RESERVED_GDT_BYTE / 8)\n";
    static const char x64_h[] =
        "#define FLAT_RING3_CS64 0xe033  /* GDT index 262 */\n"
        "#define FLAT_KERNEL_CS64 FLAT_RING3_CS64\n"
        "#define FLAT_KERNEL_CS   FLAT_KERNEL_CS64\n";
    static const char x32_h[] = "#define FLAT_KERNEL_CS 0xe019\n";
    struct xabi_abi *abi = parse("arch-x86/xen.h", arch_h);

    (void)state;
    assert_int_equal(xabi_abi_parse_file(abi, "arch-x86/xen-x86_64.h", x64_h,
                                         strlen(x64_h)), 0);
    assert_int_equal(xabi_abi_parse_file(abi, "arch-x86/xen-x86_32.h", x32_h,
                                         strlen(x32_h)), 0);
    assert_int_equal(con(abi, "gdt", "FIRST_RESERVED_GDT_ENTRY"), 7168);
    /* The same name in both headers, each with its own value. */
    assert_int_equal(xabi_abi_constant_find(abi, "flat_selector",
                                            "arch-x86/xen-x86_64.h",
                                            "FLAT_KERNEL_CS")->value, 0xe033);
    assert_int_equal(xabi_abi_constant_find(abi, "flat_selector",
                                            "arch-x86/xen-x86_32.h",
                                            "FLAT_KERNEL_CS")->value, 0xe019);
    assert_string_equal(xabi_abi_constant_find(abi, "flat_selector", NULL,
                                               "FLAT_RING3_CS64")->comment,
                        "GDT index 262");
    /* A prefix is collected only from its own header. */
    assert_int_equal(abi->nhc, 0);
    xabi_abi_free(abi);
}

static void test_subop_filters(void **state)
{
    static const char memory_h[] =
        "#define XENMEM_increase_reservation 0\n"
        "#define XENMEM_access_op 21\n"
        "#define XENMEM_access_op_set_access 0\n"
        "#define XENMEM_SHARING_OP_S_HANDLE_INVALID (-10)\n"
        "#define XENMEM_add_to_physmap_range XENMEM_add_to_physmap_batch\n"
        "#define XENMEM_add_to_physmap_batch 23\n";
    struct xabi_abi *abi = parse("memory.h", memory_h);

    (void)state;
    /* Not the nested access_op operations, not upper-case constants. */
    assert_int_equal(abi->nsub, 4);
    assert_string_equal(abi->sub[0].name, "XENMEM_increase_reservation");
    assert_string_equal(abi->sub[1].name, "XENMEM_access_op");
    /* Defined before its target: the whole file is read first. */
    assert_string_equal(abi->sub[2].name, "XENMEM_add_to_physmap_range");
    assert_int_equal(abi->sub[2].nr, 23);
    assert_string_equal(abi->sub[3].name, "XENMEM_add_to_physmap_batch");
    xabi_abi_free(abi);
}

/* Comments are kept as printable ASCII, whitespace collapsed. */
static void test_comment_text(void **state)
{
    static const char x64_h[] =
        "#define FLAT_RING3_CS64 0xe033  /* GDT\tindex \x01\xc3\xa9 262\n"
        " * second   line */\n"
        "#define FLAT_RING3_DS64 0x0000  // NULL selector\n";
    struct xabi_abi *abi = parse("arch-x86/xen-x86_64.h", x64_h);

    (void)state;
    assert_string_equal(xabi_abi_constant_find(abi, "flat_selector", NULL,
                                               "FLAT_RING3_CS64")->comment,
                        "GDT index ??? 262 second line");
    assert_string_equal(xabi_abi_constant_find(abi, "flat_selector", NULL,
                                               "FLAT_RING3_DS64")->comment,
                        "NULL selector");
    xabi_abi_free(abi);
}

/* Hostile bytes: unterminated comments, NULs, long lines, deep nesting. */
static void test_bad_bytes(void **state)
{
    static const char nul_text[] = "#define TRC_A 1\0#define TRC_B 2\n/* open";
    struct xabi_abi *abi = xabi_abi_new();
    char *big;
    size_t i, n = 200000;

    (void)state;
    assert_int_equal(xabi_abi_parse_file(abi, "trace.h", nul_text,
                                         sizeof(nul_text) - 1), 0);
    big = malloc(n + 64);
    assert_non_null(big);
    memcpy(big, "#define TRC_DEEP ", 17);
    for ( i = 17; i < n; i++ )
        big[i] = i < n / 2 ? '(' : '-';
    assert_int_equal(xabi_abi_parse_file(abi, "trace.h", big, n), 0);
    for ( i = 0; i < n; i++ )
        big[i] = (char)(i * 7 + 3);
    assert_int_equal(xabi_abi_parse_file(abi, "trace.h", big, n), 0);
    assert_int_equal(xabi_abi_parse_file(abi, "xen.h", "", 0), 0);
    assert_int_equal(xabi_abi_parse_file(abi, "xen.h", "\\", 1), 0);
    assert_int_equal(xabi_abi_parse_file(abi, "xen.h", "#define", 7), 0);
    free(big);
    xabi_abi_free(abi);
    xabi_abi_free(NULL);
}

static void test_import_dir_refuses(void **state)
{
    char dir[] = "/tmp/xabi-test-import.XXXXXX";
    char path[64];
    struct xabi_abi *abi;
    FILE *f;

    (void)state;
    abi = xabi_abi_new();
    assert_int_equal(xabi_abi_import_dir(abi, "/nonexistent/xabi/headers"),
                     -1);
    assert_non_null(strstr(abi->errmsg, "No such file"));
    xabi_abi_free(abi);

    assert_non_null(mkdtemp(dir));
    abi = xabi_abi_new();
    assert_int_equal(xabi_abi_import_dir(abi, dir), -1);
    assert_non_null(strstr(abi->errmsg, "not Xen's public headers"));
    xabi_abi_free(abi);

    /* A xen.h that is somebody else's. */
    snprintf(path, sizeof(path), "%s/xen.h", dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs("#ifndef XEN_H\n#define XEN_H 1\nint xen(void);\n#endif\n", f);
    fclose(f);
    abi = xabi_abi_new();
    assert_int_equal(xabi_abi_import_dir(abi, dir), -1);
    assert_non_null(strstr(abi->errmsg, "not Xen's public headers"));
    xabi_abi_free(abi);
    unlink(path);
    rmdir(dir);
}

/* Debian's libxen-dev: the real headers, if installed. */
static void test_import_usr_include_xen(void **state)
{
    struct xabi_abi *abi;
    struct stat sb;

    (void)state;
    if ( stat("/usr/include/xen/xen.h", &sb) != 0 )
    {
        fprintf(stderr, "skipped: /usr/include/xen is missing "
                        "(apt-get install libxen-dev)\n");
        skip();
    }
    abi = xabi_abi_new();
    assert_int_equal(xabi_abi_import_dir(abi, "/usr/include/xen"), 0);
    assert_int_equal(hc(abi, "multicall")->nr, 13);
    assert_int_equal(con(abi, "gdt", "FIRST_RESERVED_GDT_ENTRY"), 7168);
    assert_int_equal(con(abi, "trc", "TRC_PV_HYPERCALL_V2"), 0x0020100d);
    assert_int_equal(con(abi, "elfnote", "XEN_ELFNOTE_PHYS32_ENTRY"), 18);
    assert_true(abi->skipped <= 1); /* GNTTABOP_error_msgs, a string table */
    xabi_abi_free(abi);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hypercalls_and_markers),
        cmocka_unit_test(test_evaluator),
        cmocka_unit_test(test_gdt_and_flat),
        cmocka_unit_test(test_subop_filters),
        cmocka_unit_test(test_comment_text),
        cmocka_unit_test(test_bad_bytes),
        cmocka_unit_test(test_import_dir_refuses),
        cmocka_unit_test(test_import_usr_include_xen),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
