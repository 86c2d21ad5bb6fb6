/*
 * test-abi-catalogue.c: the built-in catalogue (schema/catalogue/, made by
 * scripts/make-catalogue.sh from Xen's release tags), the store's import
 * and load, and `abi diff` finding every change the headers show from 4.2
 * to 4.22: one test per row of the table in the issue.
 */
#include "tests/unit/fixtures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "abi/abi.h"
#include "store/store.h"

#define MAX_CHANGES 512

struct changes
{
    struct xabi_change c[MAX_CHANGES];
    size_t n;
};

static int collect(void *ctx, const struct xabi_change *c)
{
    struct changes *ch = ctx;

    if ( ch->n < MAX_CHANGES )
        ch->c[ch->n++] = *c;
    return 0;
}

static struct xabi_abi *load(struct xabi_store *st, const char *version)
{
    struct xabi_abi *abi = xabi_abi_new();

    assert_non_null(abi);
    if ( xabi_store_abi_load(st, version, abi) )
        fail_msg("loading %s: %s", version, xabi_store_errmsg(st));
    return abi;
}

/* The changes from version a to b of the built-in catalogue. */
static struct changes *diff(const char *a, const char *b)
{
    struct changes *ch = calloc(1, sizeof(*ch));
    struct xabi_store *st;
    struct xabi_abi *va, *vb;

    assert_non_null(ch);
    assert_int_equal(xabi_store_open(":memory:", &st), 0);
    va = load(st, a);
    vb = load(st, b);
    assert_int_equal(xabi_abi_diff(va, vb, collect, ch), 0);
    xabi_abi_free(va);
    xabi_abi_free(vb);
    xabi_store_close(st);
    return ch;
}

static const struct xabi_change *find(const struct changes *ch,
                                      const char *what,
                                      enum xabi_change_kind kind,
                                      const char *name)
{
    size_t i;

    for ( i = 0; i < ch->n; i++ )
    {
        if ( strcmp(ch->c[i].what, what) == 0 && ch->c[i].kind == kind &&
             strcmp(ch->c[i].name, name) == 0 )
            return &ch->c[i];
    }
    fail_msg("no %s %s %s", what, xabi_change_kind_name(kind), name);
    return NULL;
}

static void test_every_version_loads(void **state)
{
    struct xabi_store *st;
    char buf[512];
    int n;

    (void)state;
    assert_int_equal(xabi_store_open(":memory:", &st), 0);
    assert_int_equal(xabi_store_abi_versions(st, buf, sizeof(buf)), 0);
    assert_string_equal(buf, "4.2, 4.3, 4.4, 4.5, 4.6, 4.7, 4.8, 4.9, 4.10, "
                             "4.11, 4.12, 4.13, 4.14, 4.15, 4.16, 4.17, 4.18, "
                             "4.19, 4.20, 4.21, 4.22");
    for ( n = 2; n <= 22; n++ )
    {
        struct xabi_abi *abi;
        char v[16];

        snprintf(v, sizeof(v), "4.%d", n);
        abi = load(st, v);
        assert_true(abi->nhc >= 40);
        assert_int_equal(xabi_abi_constant_find(abi, "gdt", NULL,
                                                "FIRST_RESERVED_GDT_ENTRY")
                             ->value,
                         7168);
        assert_non_null(strstr(abi->source, "RELEASE-"));
        xabi_abi_free(abi);
    }
    {
        /* A point release loads its release; 4.1x is not 4.1. */
        struct xabi_abi *abi = load(st, "4.17.3-pre");

        assert_string_equal(abi->version, "4.17");
        xabi_abi_free(abi);
        abi = xabi_abi_new();
        assert_int_equal(xabi_store_abi_load(st, "4.1", abi), -1);
        xabi_abi_free(abi);
    }
    {
        struct xabi_abi *abi = xabi_abi_new();

        assert_int_equal(xabi_store_abi_load(st, "4.99", abi), -1);
        assert_non_null(strstr(xabi_store_errmsg(st), "unknown Xen version"));
        assert_non_null(strstr(xabi_store_errmsg(st), "4.22"));
        xabi_abi_free(abi);
    }
    xabi_store_close(st);
}

/* 4.3: the PV trace ids moved from TRC_PV + n to TRC_PV_ENTRY + n. */
static void test_diff_4_3_pv_trace_ids(void **state)
{
    struct changes *ch = diff("4.2", "4.3");
    const struct xabi_change *c;

    (void)state;
    c = find(ch, "trc", XABI_CHANGE_RENUMBERED, "TRC_PV_HYPERCALL");
    assert_int_equal(c->old_value, 0x0020f001);
    assert_int_equal(c->new_value, 0x00201001);
    c = find(ch, "trc", XABI_CHANGE_RENUMBERED, "TRC_PV_TRAP");
    assert_int_equal(c->new_value, 0x00201003);
    find(ch, "trc", XABI_CHANGE_RENUMBERED, "TRC_PV_PTWR_EMULATION_PAE");
    c = find(ch, "trc", XABI_CHANGE_ADDED, "TRC_PV_HYPERCALL_V2");
    assert_int_equal(c->new_value, 0x0020100d);
    /* An ABI change for xentrace, not one a guest can see. */
    assert_false(xabi_change_incompatible(
        find(ch, "trc", XABI_CHANGE_RENUMBERED, "TRC_PV_HYPERCALL")));
    free(ch);
}

/* The first change of a kind to a layout or member of one width. */
static const struct xabi_change *find_layout(const struct changes *ch,
                                             const char *what,
                                             enum xabi_change_kind kind,
                                             const char *width,
                                             const char *layout,
                                             const char *name)
{
    size_t i;

    for ( i = 0; i < ch->n; i++ )
    {
        const struct xabi_change *c = &ch->c[i];

        if ( strcmp(c->what, what) == 0 && c->kind == kind &&
             strcmp(c->group, width) == 0 && strcmp(c->layout, layout) == 0 &&
             strcmp(c->name, name) == 0 )
            return c;
    }
    fail_msg("no %s %s [%s] %s.%s", what, xabi_change_kind_name(kind), width,
             layout, name);
    return NULL;
}

/* 4.11: hvm_start_info grew from 40 to 56 bytes, members appended. */
static void test_diff_4_11_hvm_start_info(void **state)
{
    static const char *const widths[] = { "x86_32", "x86_64" };
    struct changes *ch = diff("4.10", "4.11");
    const struct xabi_change *c;
    size_t w;

    (void)state;
    for ( w = 0; w < 2; w++ )
    {
        c = find_layout(ch, "layout", XABI_CHANGE_RESIZED, widths[w], "",
                        "hvm_start_info");
        assert_int_equal(c->old_value, 40);
        assert_int_equal(c->new_value, 56);
        assert_false(xabi_change_incompatible(c));
        c = find_layout(ch, "member", XABI_CHANGE_ADDED, widths[w],
                        "hvm_start_info", "memmap_paddr");
        assert_int_equal(c->new_value, 40);
        assert_int_equal(c->new_size, 8);
        assert_string_equal(c->new_text, "uint64_t");
        c = find_layout(ch, "member", XABI_CHANGE_ADDED, widths[w],
                        "hvm_start_info", "memmap_entries");
        assert_int_equal(c->new_value, 48);
        c = find_layout(ch, "layout", XABI_CHANGE_ADDED, widths[w], "",
                        "hvm_memmap_table_entry");
        assert_int_equal(c->new_value, 24);
    }
    free(ch);
}

/* 4.6: arch_shared_info's 256 bytes of padding became the p2m fields. */
static void test_diff_4_6_arch_shared_info(void **state)
{
    struct changes *ch = diff("4.5", "4.6");
    const struct xabi_change *c;
    size_t i;

    (void)state;
    c = find_layout(ch, "layout", XABI_CHANGE_RESIZED, "x86_64", "",
                    "arch_shared_info");
    assert_int_equal(c->old_value, 280);
    assert_int_equal(c->new_value, 48);
    c = find_layout(ch, "layout", XABI_CHANGE_RESIZED, "x86_32", "",
                    "arch_shared_info");
    assert_int_equal(c->old_value, 268);
    assert_int_equal(c->new_value, 28);
    c = find_layout(ch, "member", XABI_CHANGE_REMOVED, "x86_64",
                    "arch_shared_info", "pad");
    assert_false(xabi_change_incompatible(c)); /* padding */
    c = find_layout(ch, "member", XABI_CHANGE_ADDED, "x86_64",
                    "arch_shared_info", "p2m_cr3");
    assert_int_equal(c->new_value, 24);
    /* gnttab_copy's anonymous source became struct gnttab_copy_ptr. */
    c = find_layout(ch, "member", XABI_CHANGE_RETYPED, "x86_64",
                    "gnttab_copy", "source");
    assert_string_equal(c->new_text, "struct gnttab_copy_ptr");
    /* XENPF_settime is now settime64; 17 is still settime32. */
    c = find(ch, "subop", XABI_CHANGE_REDIRECTED, "XENPF_settime");
    assert_int_equal(c->old_value, 17);
    assert_int_equal(c->new_value, 62);
    for ( i = 0; i < ch->n; i++ )
        assert_false(xabi_change_incompatible(&ch->c[i]));
    free(ch);
}

/* 4.19: the ELF note and interface numbers move on; nothing breaks. */
static void test_diff_4_19_bumps(void **state)
{
    struct changes *ch = diff("4.18", "4.19");
    size_t i;

    (void)state;
    assert_int_equal(find(ch, "elfnote", XABI_CHANGE_BUMPED,
                          "XEN_ELFNOTE_MAX")->new_value, 19);
    find(ch, "interface", XABI_CHANGE_BUMPED,
         "__XEN_LATEST_INTERFACE_VERSION__");
    for ( i = 0; i < ch->n; i++ )
        assert_false(xabi_change_incompatible(&ch->c[i]));
    free(ch);
}

/* 4.17: the toolstack's domctl and sysctl interfaces moved on. */
static void test_diff_4_17_domctl_version(void **state)
{
    struct changes *ch = diff("4.16", "4.17");
    const struct xabi_change *c;
    size_t i;

    (void)state;
    c = find(ch, "interface", XABI_CHANGE_BUMPED,
             "XEN_DOMCTL_INTERFACE_VERSION");
    assert_string_equal(c->group, "domctl.h");
    assert_int_equal(c->old_value, 0x14);
    assert_int_equal(c->new_value, 0x15);
    assert_false(xabi_change_incompatible(c));
    find(ch, "interface", XABI_CHANGE_BUMPED, "XEN_SYSCTL_INTERFACE_VERSION");
    assert_int_equal(c->audience, XABI_AUDIENCE_TOOLS);
    for ( i = 0; i < ch->n; i++ )
        assert_false(xabi_change_incompatible(&ch->c[i]));
    free(ch);
}

/* x86's hypercall 48 is mca (arch-x86/xen-mca.h), in every release. */
static void test_hypercall_48_is_mca(void **state)
{
    struct xabi_store *st;
    struct xabi_cat_hypercall h;
    bool found;
    int n;

    (void)state;
    assert_int_equal(xabi_store_open(":memory:", &st), 0);
    for ( n = 2; n <= 22; n++ )
    {
        char v[16];

        snprintf(v, sizeof(v), "4.%d", n);
        assert_int_equal(xabi_store_abi_hypercall(st, v, 48, &h, &found), 0);
        assert_true(found);
        assert_string_equal(h.name, "mca");
        assert_true(h.x86_only);
    }
    xabi_store_close(st);
}

/* Every release has layouts for both widths; hvm_start_info from 4.8. */
static void test_layouts_per_release(void **state)
{
    struct xabi_store *st;
    int n;

    (void)state;
    assert_int_equal(xabi_store_open(":memory:", &st), 0);
    for ( n = 2; n <= 22; n++ )
    {
        struct xabi_abi *abi;
        size_t i, w32 = 0, w64 = 0;
        bool hsi = false;
        char v[16];

        snprintf(v, sizeof(v), "4.%d", n);
        abi = load(st, v);
        for ( i = 0; i < abi->nlay; i++ )
        {
            w32 += strcmp(abi->lay[i].width, "x86_32") == 0;
            w64 += strcmp(abi->lay[i].width, "x86_64") == 0;
            hsi |= strcmp(abi->lay[i].name, "hvm_start_info") == 0;
            assert_true(abi->lay[i].n > 0);
            assert_true(abi->lay[i].size > 0);
        }
        assert_true(w32 >= 25);
        assert_int_equal(w32, w64);
        assert_int_equal(hsi, n >= 8);
        xabi_abi_free(abi);
    }
    xabi_store_close(st);
}

/* Whose a definition is follows the conditionals on __XEN__. */
static void test_audience_from_conditionals(void **state)
{
    static const char evtchn[] =
        "#define EVTCHNOP_send 4\n"
        "#ifdef __XEN__\n"
        "#define EVTCHNOP_reset_cont 14\n"
        "#else\n"
        "#define EVTCHNOP_guest_side 15\n"
        "#endif\n"
        "#if defined(__XEN__) || defined(__XEN_TOOLS__)\n"
        "#define EVTCHNOP_tools 16\n"
        "# ifdef __XEN__\n"
        "#define EVTCHNOP_nested 17\n"
        "# endif\n"
        "#endif\n"
        "#if !defined(__XEN__) && !defined(__XEN_TOOLS__)\n"
        "#define EVTCHNOP_not_tools 18\n"
        "#else\n"
        "#define EVTCHNOP_else_tools 19\n"
        "#endif\n";
    static const char domctl[] = "#define XEN_DOMCTL_INTERFACE_VERSION 21\n";
    static const struct
    {
        const char *name;
        enum xabi_audience audience;
    } want[] = {
        { "EVTCHNOP_send", XABI_AUDIENCE_GUEST },
        { "EVTCHNOP_reset_cont", XABI_AUDIENCE_XEN },
        { "EVTCHNOP_guest_side", XABI_AUDIENCE_GUEST },
        { "EVTCHNOP_tools", XABI_AUDIENCE_TOOLS },
        { "EVTCHNOP_nested", XABI_AUDIENCE_XEN },
        { "EVTCHNOP_not_tools", XABI_AUDIENCE_GUEST },
        { "EVTCHNOP_else_tools", XABI_AUDIENCE_TOOLS },
    };
    struct xabi_abi *abi = xabi_abi_new();
    size_t i;

    (void)state;
    assert_int_equal(xabi_abi_parse_file(abi, "event_channel.h", evtchn,
                                         strlen(evtchn)), 0);
    assert_int_equal(xabi_abi_parse_file(abi, "domctl.h", domctl,
                                         strlen(domctl)), 0);
    assert_int_equal(abi->nsub, sizeof(want) / sizeof(want[0]));
    for ( i = 0; i < abi->nsub; i++ )
    {
        assert_string_equal(abi->sub[i].name, want[i].name);
        if ( abi->sub[i].audience != want[i].audience )
            fail_msg("%s: %s, not %s", want[i].name,
                     xabi_audience_name(abi->sub[i].audience),
                     xabi_audience_name(want[i].audience));
    }
    assert_int_equal(abi->ncon, 1);
    assert_int_equal(abi->con[0].audience, XABI_AUDIENCE_TOOLS);
    xabi_abi_free(abi);
}

/* Xen's own EVTCHNOP_reset_cont is in the catalogue, in no diff. */
static void test_xen_internal_not_compared(void **state)
{
    struct xabi_store *st;
    struct xabi_abi *a, *b;
    struct changes *ch = calloc(1, sizeof(*ch));
    size_t i;
    bool seen = false;

    (void)state;
    assert_non_null(ch);
    assert_int_equal(xabi_store_open(":memory:", &st), 0);
    a = load(st, "4.17");
    for ( i = 0; i < a->nsub; i++ )
    {
        if ( strcmp(a->sub[i].name, "EVTCHNOP_reset_cont") == 0 )
        {
            assert_int_equal(a->sub[i].audience, XABI_AUDIENCE_XEN);
            seen = true;
        }
    }
    assert_true(seen);
    /* Without it in B, nothing is reported: it was never compared. */
    b = load(st, "4.17");
    for ( i = 0; i < b->nsub; i++ )
    {
        if ( b->sub[i].audience == XABI_AUDIENCE_XEN )
            snprintf(b->sub[i].name, sizeof(b->sub[i].name), "gone");
    }
    assert_int_equal(xabi_abi_diff(a, b, collect, ch), 0);
    assert_int_equal(ch->n, 0);
    free(ch);
    xabi_abi_free(a);
    xabi_abi_free(b);
    xabi_store_close(st);
}

/* Two one-layout versions: S with members as given. */
static struct xabi_abi *one_layout(int64_t size, const char *m1,
                                   int64_t off1, int64_t size1,
                                   const char *m2, int64_t off2)
{
    struct xabi_abi *abi = xabi_abi_new();
    struct xabi_abi_layout l = { "x86_64", "s", "struct", 0, "xen.h", 0, 0 };
    struct xabi_abi_member m = { "", 0, 0, "uint32_t", -1, -1 };

    assert_non_null(abi);
    l.size = size;
    assert_int_equal(xabi_abi_add_layout(abi, &l), 0);
    snprintf(m.name, sizeof(m.name), "%s", m1);
    m.offset = off1;
    m.size = size1;
    assert_int_equal(xabi_abi_add_member(abi, &m), 0);
    snprintf(m.name, sizeof(m.name), "%s", m2);
    m.offset = off2;
    m.size = 4;
    assert_int_equal(xabi_abi_add_member(abi, &m), 0);
    return abi;
}

static void test_diff_layout_classes(void **state)
{
    struct xabi_abi *a = one_layout(8, "x", 0, 4, "y", 4);
    struct xabi_abi *moved = one_layout(12, "x", 0, 8, "y", 8);
    struct xabi_abi *pad = one_layout(8, "x", 0, 4, "pad", 4);
    struct changes ch;
    struct xabi_diff_scope scope;

    (void)state;
    memset(&ch, 0, sizeof(ch));
    assert_int_equal(xabi_abi_diff_scoped(a, moved, collect, &ch, &scope), 0);
    assert_int_equal(ch.n, 3);
    assert_false(xabi_change_incompatible(
        find_layout(&ch, "layout", XABI_CHANGE_RESIZED, "x86_64", "", "s")));
    assert_true(xabi_change_incompatible(
        find_layout(&ch, "member", XABI_CHANGE_RESIZED, "x86_64", "s", "x")));
    assert_true(xabi_change_incompatible(
        find_layout(&ch, "member", XABI_CHANGE_MOVED, "x86_64", "s", "y")));
    assert_true(scope.layouts);
    assert_int_equal(scope.items, 3); /* one layout, two members */
    assert_int_equal(scope.categories, 2);

    /* A member that went away breaks its readers; padding does not. */
    memset(&ch, 0, sizeof(ch));
    assert_int_equal(xabi_abi_diff(a, pad, collect, &ch), 0);
    assert_true(xabi_change_incompatible(
        find_layout(&ch, "member", XABI_CHANGE_REMOVED, "x86_64", "s", "y")));
    memset(&ch, 0, sizeof(ch));
    assert_int_equal(xabi_abi_diff(pad, a, collect, &ch), 0);
    assert_false(xabi_change_incompatible(
        find_layout(&ch, "member", XABI_CHANGE_REMOVED, "x86_64", "s",
                    "pad")));

    /* No layouts on one side: not compared, not "removed". */
    memset(&ch, 0, sizeof(ch));
    xabi_abi_free(pad);
    pad = xabi_abi_new();
    assert_int_equal(xabi_abi_diff_scoped(a, pad, collect, &ch, &scope), 0);
    assert_int_equal(ch.n, 0);
    assert_false(scope.layouts);
    xabi_abi_free(a);
    xabi_abi_free(moved);
    xabi_abi_free(pad);
}

static void test_diff_4_6_xenpmu_m2p_strict(void **state)
{
    struct changes *ch = diff("4.5", "4.6");

    (void)state;
    assert_int_equal(find(ch, "hypercall", XABI_CHANGE_ADDED, "xenpmu_op")
                         ->new_value, 40);
    assert_int_equal(find(ch, "vmasst", XABI_CHANGE_ADDED,
                          "VMASST_TYPE_m2p_strict")->new_value, 32);
    free(ch);
}

static void test_diff_4_7_phys32_entry_iopl(void **state)
{
    struct changes *ch = diff("4.6", "4.7");

    (void)state;
    assert_int_equal(find(ch, "elfnote", XABI_CHANGE_ADDED,
                          "XEN_ELFNOTE_PHYS32_ENTRY")->new_value, 18);
    assert_int_equal(find(ch, "vmasst", XABI_CHANGE_ADDED,
                          "VMASST_TYPE_architectural_iopl")->new_value, 4);
    free(ch);
}

static void test_diff_4_8_runstate_update_flag(void **state)
{
    struct changes *ch = diff("4.7", "4.8");

    (void)state;
    assert_int_equal(find(ch, "vmasst", XABI_CHANGE_ADDED,
                          "VMASST_TYPE_runstate_update_flag")->new_value, 5);
    free(ch);
}

static void test_diff_4_9_dm_op(void **state)
{
    struct changes *ch = diff("4.8", "4.9");

    (void)state;
    assert_int_equal(find(ch, "hypercall", XABI_CHANGE_ADDED, "dm_op")
                         ->new_value, 41);
    free(ch);
}

static void test_diff_4_12_argo_op(void **state)
{
    struct changes *ch = diff("4.11", "4.12");
    const struct xabi_change *c;

    (void)state;
    c = find(ch, "hypercall", XABI_CHANGE_RENAMED, "argo_op");
    assert_string_equal(c->old_name, "xc_reserved_op");
    assert_int_equal(c->old_value, 39);
    assert_int_equal(c->new_value, 39);
    free(ch);
}

/* 4.13: xen-x86_64.h's 261 and 262 comments swapped to match 256 + n. */
static void test_diff_4_13_gdt_comments(void **state)
{
    struct changes *ch = diff("4.12", "4.13");
    const struct xabi_change *c;

    (void)state;
    c = find(ch, "flat_selector", XABI_CHANGE_COMMENT, "FLAT_RING3_CS64");
    assert_string_equal(c->group, "arch-x86/xen-x86_64.h");
    assert_string_equal(c->old_text, "GDT index 261");
    assert_string_equal(c->new_text, "GDT index 262");
    c = find(ch, "flat_selector", XABI_CHANGE_COMMENT, "FLAT_RING3_DS32");
    assert_string_equal(c->old_text, "GDT index 262");
    assert_string_equal(c->new_text, "GDT index 261");
    find(ch, "flat_selector", XABI_CHANGE_COMMENT, "FLAT_RING3_SS32");
    find(ch, "flat_selector", XABI_CHANGE_COMMENT, "FLAT_RING3_SS64");
    assert_false(xabi_change_incompatible(c));
    free(ch);
}

static void test_diff_4_14_hypfs_op(void **state)
{
    struct changes *ch = diff("4.13", "4.14");

    (void)state;
    assert_int_equal(find(ch, "hypercall", XABI_CHANGE_ADDED, "hypfs_op")
                         ->new_value, 42);
    free(ch);
}

static void test_diff_4_19_phys32_reloc(void **state)
{
    struct changes *ch = diff("4.18", "4.19");

    (void)state;
    assert_int_equal(find(ch, "elfnote", XABI_CHANGE_ADDED,
                          "XEN_ELFNOTE_PHYS32_RELOC")->new_value, 19);
    free(ch);
}

/* Beyond the table: 4.22 marks xenoprof_op dropped. */
static void test_diff_4_22_xenoprof_dropped(void **state)
{
    struct changes *ch = diff("4.21", "4.22");
    const struct xabi_change *c;

    (void)state;
    c = find(ch, "hypercall", XABI_CHANGE_FLAGS, "xenoprof_op");
    assert_string_equal(c->new_text, "dropped");
    free(ch);
}

static void test_diff_same_is_empty(void **state)
{
    struct changes *ch = diff("4.17", "4.17");

    (void)state;
    assert_int_equal(ch->n, 0);
    free(ch);
}

/* libxen-dev's /usr/include/xen (4.17) imports to the shipped 4.17 data. */
static void test_usr_include_xen_is_shipped_4_17(void **state)
{
    struct xabi_store *st;
    struct xabi_abi *deb, *shipped, *loaded;
    struct changes *ch;
    struct stat sb;

    (void)state;
    if ( stat("/usr/include/xen/xen.h", &sb) != 0 )
    {
        fprintf(stderr, "skipped: /usr/include/xen is missing "
                        "(apt-get install libxen-dev)\n");
        skip();
    }
    deb = xabi_abi_new();
    assert_int_equal(xabi_abi_import_dir(deb, "/usr/include/xen"), 0);
    assert_int_equal(xabi_store_open(":memory:", &st), 0);
    assert_int_equal(xabi_store_abi_put(st, "4.17-debian", "/usr/include/xen",
                                        deb, false), 0);
    shipped = load(st, "4.17");
    loaded = load(st, "4.17-debian");
    ch = calloc(1, sizeof(*ch));
    assert_non_null(ch);
    assert_int_equal(xabi_abi_diff(shipped, loaded, collect, ch), 0);
    if ( ch->n )
        fail_msg("first difference: %s %s %s", ch->c[0].what,
                 xabi_change_kind_name(ch->c[0].kind), ch->c[0].name);
    assert_int_equal(loaded->nhc, shipped->nhc);
    assert_int_equal(loaded->ncon, shipped->ncon);
    assert_int_equal(loaded->nsub, shipped->nsub);
    free(ch);
    xabi_abi_free(deb);
    xabi_abi_free(shipped);
    xabi_abi_free(loaded);
    xabi_store_close(st);
}

/* A failed import changes nothing; --replace replaces whole. */
static void test_store_put_replace(void **state)
{
    static const char xen_h[] = "#define __HYPERVISOR_only_one 0\n";
    struct xabi_store *st;
    struct xabi_abi *abi = xabi_abi_new(), *got;

    (void)state;
    assert_int_equal(xabi_abi_parse_file(abi, "xen.h", xen_h,
                                         strlen(xen_h)), 0);
    assert_int_equal(xabi_store_open(":memory:", &st), 0);
    assert_int_equal(xabi_store_abi_put(st, "4.17", "test", abi, false), -1);
    assert_non_null(strstr(xabi_store_errmsg(st), "already in the catalogue"));
    got = load(st, "4.17");
    assert_true(got->nhc > 40);
    xabi_abi_free(got);
    assert_int_equal(xabi_store_abi_put(st, "4.17", "test", abi, true), 0);
    got = load(st, "4.17");
    assert_int_equal(got->nhc, 1);
    assert_int_equal(got->ncon, 0);
    assert_string_equal(got->source, "test");
    xabi_abi_free(got);
    xabi_abi_free(abi);
    xabi_store_close(st);
}

/*
 * Every new database is seeded with every built-in version.  How long that
 * takes is printed for whoever reads the log, never asserted: a test must
 * not fail because the machine is busy (bench/ measures speed).
 */
static void test_new_database_is_seeded(void **state)
{
    char path[] = "/tmp/xabi-test-seed.XXXXXX";
    char versions[512];
    struct xabi_store *st;
    struct timespec t0, t1;
    int fd;

    (void)state;
    fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(xabi_store_open(path, &st), 0);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    assert_int_equal(xabi_store_abi_versions(st, versions, sizeof(versions)),
                     0);
    xabi_store_close(st);
    unlink(path);
    fprintf(stderr, "new database with the catalogue: %.1f ms; versions %s\n",
            (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6,
            versions);
    assert_string_equal(versions,
                        "4.2, 4.3, 4.4, 4.5, 4.6, 4.7, 4.8, 4.9, 4.10, "
                        "4.11, 4.12, 4.13, 4.14, 4.15, 4.16, 4.17, 4.18, "
                        "4.19, 4.20, 4.21, 4.22");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_version_loads),
        cmocka_unit_test(test_diff_4_3_pv_trace_ids),
        cmocka_unit_test(test_diff_4_11_hvm_start_info),
        cmocka_unit_test(test_diff_4_6_arch_shared_info),
        cmocka_unit_test(test_diff_4_19_bumps),
        cmocka_unit_test(test_diff_layout_classes),
        cmocka_unit_test(test_diff_4_17_domctl_version),
        cmocka_unit_test(test_hypercall_48_is_mca),
        cmocka_unit_test(test_layouts_per_release),
        cmocka_unit_test(test_audience_from_conditionals),
        cmocka_unit_test(test_xen_internal_not_compared),
        cmocka_unit_test(test_diff_4_6_xenpmu_m2p_strict),
        cmocka_unit_test(test_diff_4_7_phys32_entry_iopl),
        cmocka_unit_test(test_diff_4_8_runstate_update_flag),
        cmocka_unit_test(test_diff_4_9_dm_op),
        cmocka_unit_test(test_diff_4_12_argo_op),
        cmocka_unit_test(test_diff_4_13_gdt_comments),
        cmocka_unit_test(test_diff_4_14_hypfs_op),
        cmocka_unit_test(test_diff_4_19_phys32_reloc),
        cmocka_unit_test(test_diff_4_22_xenoprof_dropped),
        cmocka_unit_test(test_diff_same_is_empty),
        cmocka_unit_test(test_usr_include_xen_is_shipped_4_17),
        cmocka_unit_test(test_store_put_replace),
        cmocka_unit_test(test_new_database_is_seeded),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
