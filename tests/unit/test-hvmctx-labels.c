/*
 * test-hvmctx-labels.c: xen-hvmctx's segment lines under their true
 * registers.
 *
 * From Xen 4.12 on, xen-hvmctx prints DS on the line labelled "es" and ES
 * on the line labelled "ds" (abi/xen-tools.c).  The dumps here are the
 * real PVH dump of tests/data/snapshots (Xen 4.17.7's tool) with only the
 * values of those two lines changed, so that DS and ES differ as in a
 * real-mode HVM guest with DS = 0x1234 and ES = 0x2000; and the same
 * state as Xen 4.11's tool prints it, whose labels are right.
 */
#include "tests/unit/fixtures.h"

#include "abi/abi.h"
#include "collector/snapshot.h"
#include "store/store.h"

/* The real dump's text with each line from[i] (whole, without its
 * newline) replaced by to[i]; caller frees. */
static char *real_dump_with(const char *const *from, const char *const *to,
                            size_t n, size_t *len)
{
    const char *dir = getenv("XABI_SRCDIR");
    char path[512], *buf;
    size_t i;

    snprintf(path, sizeof(path), "%s/tests/data/snapshots/"
             "pvh_hvmctx_initial.txt", dir ? dir : ".");
    buf = xabi_test_slurp(path, len);
    buf[*len] = '\0';
    for ( i = 0; i < n; i++ )
    {
        char *at = strstr(buf, from[i]), *out;
        size_t head;

        assert_non_null(at);
        head = (size_t)(at - buf);
        out = malloc(*len - strlen(from[i]) + strlen(to[i]) + 1);
        assert_non_null(out);
        sprintf(out, "%.*s%s%s", (int)head, buf, to[i], at + strlen(from[i]));
        free(buf);
        buf = out;
        *len = strlen(buf);
    }
    return buf;
}

static struct xabi_snapshot *parse(const char *text, size_t len)
{
    struct xabi_snapshot_text_opts o = { true, XABI_GUEST_HVM,
                                         XABI_SNAP_RUNNING, 0 };
    struct xabi_snapshot *s;
    char err[512];

    if ( xabi_snapshot_text_parse(text, len, "dump", &o, &s, err,
                                  sizeof(err)) )
        fail_msg("%s", err);
    return s;
}

/* The real lines of pvh_hvmctx_initial.txt that the tests change. */
static const char real_es[] =
    "             es   0000 (          00000000 + 0xffffffff /  0x0c93)";
static const char real_ds[] =
    "             ds   0000 (          00000000 + 0xffffffff /  0x0c93)";

/*
 * Xen 4.12+'s printf, "%#6.4x (%#18.8x + %#10.8x / %#7.4x)": the line
 * labelled es carries DS's values (selector 0x1234, base 0x12340, a
 * 64 KiB real-mode data segment, attributes 0x0093), the one labelled ds
 * carries ES's (0x2000, base 0x20000).
 */
static void test_new_tool_swaps(void **state)
{
    static const char *const from[] = { real_es, real_ds };
    static const char *const to[] = {
        "             es 0x1234 (        0x00012340 + 0x0000ffff /  0x0093)",
        "             ds 0x2000 (        0x00020000 + 0x0000ffff /  0x0093)",
    };
    size_t len;
    char *text = real_dump_with(from, to, 2, &len);
    struct xabi_snapshot *s = parse(text, len);
    const struct xabi_segment *ds = &s->seg[XABI_SREG_DS];
    const struct xabi_segment *es = &s->seg[XABI_SREG_ES];

    (void)state;
    assert_true(ds->known && ds->has_hidden);
    assert_int_equal(ds->selector, 0x1234);
    assert_true(ds->base == 0x12340);
    assert_int_equal(es->selector, 0x2000);
    assert_true(es->base == 0x20000);
    /* and each keeps the label the dump printed it under */
    assert_string_equal(s->seg_label[XABI_SREG_DS], "es");
    assert_string_equal(s->seg_label[XABI_SREG_ES], "ds");
    assert_string_equal(s->seg_label[XABI_SREG_CS], "");
    assert_string_equal(s->seg_label[XABI_SREG_SS], "");
    xabi_snapshot_text_free(s);
    free(text);
}

/*
 * Xen 4.2-4.11's printf, "0x%8.8x (0x%16.16llx + 0x%8.8x / 0x%5.5x)",
 * whose labels follow its arguments: "ds" is DS.
 */
static void test_old_tool_is_right(void **state)
{
    static const char *const from[] = {
        "             cs   0000 (          00000000 + 0xffffffff /  0x0c9b)",
        real_es,
        real_ds,
        "             fs   0000 (          00000000 +   00000000 /    0000)",
        "             gs   0000 (          00000000 +   00000000 /    0000)",
        "             ss   0000 (          00000000 + 0xffffffff /  0x0c93)",
        "             tr   0000 (          00000000 +     0x0067 /  0x008b)",
        "           ldtr   0000 (          00000000 +       0000 /    0000)",
    };
    static const char *const to[] = {
        "             cs 0x00000000 (0x0000000000000000 + 0xffffffff / 0x00c9b)",
        "             ds 0x00001234 (0x0000000000012340 + 0x0000ffff / 0x00093)",
        "             es 0x00002000 (0x0000000000020000 + 0x0000ffff / 0x00093)",
        "             fs 0x00000000 (0x0000000000000000 + 0x00000000 / 0x00000)",
        "             gs 0x00000000 (0x0000000000000000 + 0x00000000 / 0x00000)",
        "             ss 0x00000000 (0x0000000000000000 + 0xffffffff / 0x00c93)",
        "             tr 0x00000000 (0x0000000000000000 + 0x00000067 / 0x0008b)",
        "           ldtr 0x00000000 (0x0000000000000000 + 0x00000000 / 0x00000)",
    };
    size_t len;
    char *text = real_dump_with(from, to, ARRAY_SIZE(from), &len);
    struct xabi_snapshot *s = parse(text, len);

    (void)state;
    assert_int_equal(s->seg[XABI_SREG_DS].selector, 0x1234);
    assert_int_equal(s->seg[XABI_SREG_ES].selector, 0x2000);
    assert_int_equal(s->seg[XABI_SREG_CS].attr, 0x0c9b);
    assert_string_equal(s->seg_label[XABI_SREG_DS], "");
    assert_string_equal(s->seg_label[XABI_SREG_ES], "");
    xabi_snapshot_text_free(s);
    free(text);
}

/* Lines of both printfs in one dump are not one tool's output. */
static void test_mixed_shapes_refused(void **state)
{
    static const char *const from[] = { real_ds };
    static const char *const to[] = {
        "             ds 0x00002000 (0x0000000000020000 + 0x0000ffff / 0x00093)",
    };
    struct xabi_snapshot_text_opts o = { true, XABI_GUEST_HVM,
                                         XABI_SNAP_RUNNING, 0 };
    struct xabi_snapshot *s = NULL;
    char err[512];
    size_t len;
    char *text = real_dump_with(from, to, 1, &len);

    (void)state;
    assert_int_equal(xabi_snapshot_text_parse(text, len, "dump", &o, &s, err,
                                              sizeof(err)),
                     -1);
    assert_null(s);
    assert_non_null(strstr(err, "line 24"));
    assert_non_null(strstr(err, "not one xen-hvmctx dump"));
    free(text);
}

/* The facts themselves, as abi/ keeps them. */
static void test_abi_formats(void **state)
{
    const struct xabi_hvmctx_format *old = xabi_hvmctx_format_by_shape(true);
    const struct xabi_hvmctx_format *now = xabi_hvmctx_format_by_shape(false);

    (void)state;
    assert_non_null(old);
    assert_non_null(now);
    assert_false(old->ds_es_swapped);
    assert_string_equal(old->last, "4.11");
    assert_true(now->ds_es_swapped);
    assert_string_equal(now->first, "4.12");
    assert_null(now->last);
    assert_non_null(strstr(now->cite, "47fccb664d"));
    assert_string_equal(xabi_hvmctx_register_of(now, "es"), "ds");
    assert_string_equal(xabi_hvmctx_register_of(now, "ds"), "es");
    assert_string_equal(xabi_hvmctx_register_of(now, "ss"), "ss");
    assert_string_equal(xabi_hvmctx_register_of(old, "es"), "es");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_tool_swaps),
        cmocka_unit_test(test_old_tool_is_right),
        cmocka_unit_test(test_mixed_shapes_refused),
        cmocka_unit_test(test_abi_formats),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
