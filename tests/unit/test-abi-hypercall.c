/*
 * test-abi-hypercall.c: which hypercalls Xen wires up for each guest type
 * per release (abi/hypercall.c over abi/hypercall-tables.h), and the one
 * Xen version parser (abi/version.c).
 *
 * The expectations are read off Xen's own tables at the release tags:
 * xen/include/hypercall-defs.c (4.17: vm_assist "do do do do",
 * set_trap_table and mmu_update "- -" for hvm32/hvm64),
 * xen/arch/x86/hvm/hypercall.c (4.14 adds HYPERCALL(vm_assist); 4.13 has
 * none), xen/arch/x86/hvm/hvm.c (4.2: no console_io for HVM) and
 * xen/arch/x86/x86_64/compat/entry.S (4.2: set_segment_base is
 * compat_ni_hypercall for 32-bit PV).
 */
#include "tests/unit/fixtures.h"

#include <stdio.h>
#include <string.h>

#include "abi/abi.h"
#include "store/store.h"

/* xen/include/public/xen.h */
#define HC_SET_TRAP_TABLE   0
#define HC_MMU_UPDATE       1
#define HC_MULTICALL        13
#define HC_CONSOLE_IO       18
#define HC_VM_ASSIST        21
#define HC_SET_SEGMENT_BASE 25
#define HC_HVM_OP           34
#define HC_ARGO_OP          39

static void test_vm_assist_hvm(void **state)
{
    const char *cite;

    (void)state;
    /* The PVH Linux trace's call: wired up on 4.17 ... */
    assert_int_equal(xabi_abi_hypercall_allowed("4.17", XABI_HC_HVM64,
                                                HC_VM_ASSIST, &cite),
                     XABI_HC_ALLOWED);
    assert_non_null(strstr(cite, "xen/include/hypercall-defs.c"));
    assert_non_null(strstr(cite, "RELEASE-4.17.0"));
    /* ... and in the HVM table before hypercall-defs.c existed ... */
    assert_int_equal(xabi_abi_hypercall_allowed("4.14", XABI_HC_HVM64,
                                                HC_VM_ASSIST, &cite),
                     XABI_HC_ALLOWED);
    assert_non_null(strstr(cite, "xen/arch/x86/hvm/hypercall.c"));
    assert_int_equal(xabi_abi_hypercall_allowed("4.16.2", XABI_HC_HVM32,
                                                HC_VM_ASSIST, NULL),
                     XABI_HC_ALLOWED);
    /* ... but not before 4.14. */
    assert_int_equal(xabi_abi_hypercall_allowed("4.13", XABI_HC_HVM64,
                                                HC_VM_ASSIST, &cite),
                     XABI_HC_NOT_ALLOWED);
    assert_non_null(strstr(cite, "RELEASE-4.13.0"));
}

static void test_pv_only_ops(void **state)
{
    const char *cite;

    (void)state;
    assert_int_equal(xabi_abi_hypercall_allowed("4.17", XABI_HC_HVM64,
                                                HC_SET_TRAP_TABLE, &cite),
                     XABI_HC_NOT_ALLOWED);
    assert_int_equal(xabi_abi_hypercall_allowed("4.17", XABI_HC_HVM64,
                                                HC_MMU_UPDATE, NULL),
                     XABI_HC_NOT_ALLOWED);
    assert_int_equal(xabi_abi_hypercall_allowed("4.17", XABI_HC_PV64,
                                                HC_MMU_UPDATE, &cite),
                     XABI_HC_ALLOWED);
    assert_non_null(strstr(cite, "columns pv32 pv64"));
    /* 4.2, from the assembly tables: a 64-bit-only PV op. */
    assert_int_equal(xabi_abi_hypercall_allowed("4.2", XABI_HC_PV64,
                                                HC_SET_SEGMENT_BASE, &cite),
                     XABI_HC_ALLOWED);
    assert_non_null(strstr(cite, "x86_64/entry.S"));
    assert_int_equal(xabi_abi_hypercall_allowed("4.2", XABI_HC_PV32,
                                                HC_SET_SEGMENT_BASE, NULL),
                     XABI_HC_NOT_ALLOWED);
    /* 4.2's HVM tables: hvm_op yes, console_io not yet, multicall no. */
    assert_int_equal(xabi_abi_hypercall_allowed("4.2", XABI_HC_HVM64,
                                                HC_HVM_OP, NULL),
                     XABI_HC_ALLOWED);
    assert_int_equal(xabi_abi_hypercall_allowed("4.2", XABI_HC_HVM32,
                                                HC_CONSOLE_IO, NULL),
                     XABI_HC_NOT_ALLOWED);
    assert_int_equal(xabi_abi_hypercall_allowed("4.15", XABI_HC_HVM64,
                                                HC_MULTICALL, NULL),
                     XABI_HC_NOT_ALLOWED);
    assert_int_equal(xabi_abi_hypercall_allowed("4.16", XABI_HC_HVM64,
                                                HC_MULTICALL, NULL),
                     XABI_HC_ALLOWED);
}

/* An entry under a Kconfig option off by default is not wired. */
static void test_kconfig(void **state)
{
    struct xabi_hc_wiring w;

    (void)state;
    assert_int_equal(xabi_abi_hypercall_wiring("4.17", HC_ARGO_OP, &w), 0);
    assert_string_equal(w.name, "argo_op");
    assert_int_equal(w.cols, 0);
    assert_int_equal(w.cols_config & XABI_HC_COL_HVM, XABI_HC_COL_HVM);
    assert_string_equal(w.condition, "CONFIG_ARGO");
    assert_false(w.condition_default);
    assert_int_equal(xabi_abi_hypercall_allowed("4.17", XABI_HC_HVM64,
                                                HC_ARGO_OP, NULL),
                     XABI_HC_NOT_ALLOWED);
    /* hvm_op is under CONFIG_HVM, on by default. */
    assert_int_equal(xabi_abi_hypercall_wiring("4.17", HC_HVM_OP, &w), 0);
    assert_string_equal(w.condition, "CONFIG_HVM");
    assert_true(w.condition_default);
    assert_int_equal(w.cols & XABI_HC_COL_HVM, XABI_HC_COL_HVM);
}

static void test_versions_covered(void **state)
{
    char want[8];
    size_t i;

    (void)state;
    for ( i = 0; i <= 20; i++ )
    {
        snprintf(want, sizeof(want), "4.%zu", i + 2);
        assert_non_null(xabi_hc_release(i));
        assert_string_equal(xabi_hc_release(i), want);
    }
    assert_null(xabi_hc_release(21));
    assert_int_equal(xabi_abi_hypercall_allowed("4.1", XABI_HC_HVM64,
                                                HC_HVM_OP, NULL),
                     XABI_HC_UNKNOWN_VERSION);
    assert_int_equal(xabi_abi_hypercall_allowed("9.2", XABI_HC_PV64,
                                                HC_HVM_OP, NULL),
                     XABI_HC_UNKNOWN_VERSION);
    assert_int_equal(xabi_abi_hypercall_allowed("garbage", XABI_HC_PV64,
                                                HC_HVM_OP, NULL),
                     XABI_HC_UNKNOWN_VERSION);
    assert_int_equal(xabi_abi_hypercall_allowed(NULL, XABI_HC_PV64,
                                                HC_HVM_OP, NULL),
                     XABI_HC_UNKNOWN_VERSION);
}

static void test_version_parser(void **state)
{
    char s[16];

    (void)state;
    assert_int_equal(xabi_version_release("4.17", s, sizeof(s)), 0);
    assert_string_equal(s, "4.17");
    assert_int_equal(xabi_version_release("4.17.7", s, sizeof(s)), 0);
    assert_string_equal(s, "4.17");
    assert_int_equal(xabi_version_release("4.9-debian", s, sizeof(s)), 0);
    assert_string_equal(s, "4.9");
    assert_int_equal(xabi_version_release("x.y", s, sizeof(s)), -1);
    assert_int_equal(xabi_version_release("4", s, sizeof(s)), -1);
    assert_int_equal(xabi_version_release("4.100", s, sizeof(s)), -1);
    assert_true(xabi_version_cmp("4.9", "4.10") < 0);
    assert_true(xabi_version_cmp("4.22", "4.3") > 0);
    assert_int_equal(xabi_version_cmp("4.17", "4.17.7"), 0);
}

/*
 * abi/'s facts agree with the catalogue extracted from each release's
 * public headers (schema/catalogue/): every number a dispatch table wires
 * up is a hypercall the release defines, and every FLAT_* selector abi/
 * keeps has the headers' value.
 */
static void test_agrees_with_catalogue(void **state)
{
    struct xabi_store *st = NULL;
    const struct xabi_start_selector *ss;
    const char *v;
    size_t i, k, nss;

    (void)state;
    assert_int_equal(xabi_store_open(":memory:", &st), 0);
    ss = xabi_start_selectors(&nss);
    for ( i = 0; (v = xabi_hc_release(i)) != NULL; i++ )
    {
        struct xabi_abi *abi = xabi_abi_new();
        int64_t nr;

        assert_non_null(abi);
        assert_int_equal(xabi_store_abi_load(st, v, abi), 0);
        for ( nr = 0; nr < 64; nr++ )
        {
            struct xabi_hc_wiring w;
            bool defined = false;

            assert_int_equal(xabi_abi_hypercall_wiring(v, nr, &w), 0);
            for ( k = 0; k < abi->nhc; k++ )
                defined |= abi->hc[k].nr == nr;
            if ( w.cols && !defined )
                fail_msg("Xen %s wires up op %lld (%s), which its headers "
                         "do not define", v, (long long)nr, w.name);
        }
        for ( k = 0; k < nss; k++ )
        {
            const struct xabi_flat_selector *f =
                xabi_flat_selector(ss[k].width, ss[k].flat);
            const struct xabi_abi_constant *c;

            assert_non_null(f);
            c = xabi_abi_constant_find(abi, "flat_selector", f->header,
                                       f->name);
            if ( !c || c->value != f->value )
                fail_msg("Xen %s: %s %s is 0x%llx in abi/, %s in the "
                         "catalogue", v, f->header, f->name,
                         (unsigned long long)f->value,
                         c ? "another value" : "missing");
        }
        xabi_abi_free(abi);
    }
    assert_int_equal(i, 21);
    xabi_store_close(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vm_assist_hvm),
        cmocka_unit_test(test_pv_only_ops),
        cmocka_unit_test(test_kconfig),
        cmocka_unit_test(test_versions_covered),
        cmocka_unit_test(test_version_parser),
        cmocka_unit_test(test_agrees_with_catalogue),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
