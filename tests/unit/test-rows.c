/*
 * test-rows.c: a page's cells are read strictly.  A column its query does
 * not have, or a number getter on text that is not a whole integer, is
 * recorded on the store as a read error naming the query, the column (and
 * the row), instead of reading as "" or 0 on a page that looks fine.
 */
#include "tests/unit/fixtures.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include "generator/generator.h"
#include "store/store.h"

struct db
{
    char path[256];
    struct xabi_store *st;
};

/* A new database: the catalogue seeds abi_version, one row per release. */
static int setup(void **state)
{
    struct db *d = calloc(1, sizeof(*d));

    assert_non_null(d);
    xabi_test_db_path(d->path, sizeof(d->path), "rows");
    assert_int_equal(xabi_store_open(d->path, &d->st), 0);
    *state = d;
    return 0;
}

static int teardown(void **state)
{
    struct db *d = *state;

    xabi_store_close(d->st);
    xabi_test_db_remove(d->path);
    free(d);
    return 0;
}

/* The row of page_abi_versions for release v. */
static size_t row_of(const struct xabi_rows *t, const char *v)
{
    size_t r;

    for ( r = 0; r < t->nrows; r++ )
    {
        if ( strcmp(xabi_rows_get(t, r, "version"), v) == 0 )
            return r;
    }
    fail_msg("no row for %s", v);
    return 0;
}

static void test_good_read(void **state)
{
    struct db *d = *state;
    struct xabi_rows t;
    size_t r;

    assert_int_equal(xabi_rows_load(&t, d->st, "page_abi_versions", 0, NULL),
                     0);
    assert_true(t.nrows > 0);
    r = row_of(&t, "4.17");
    /* __XEN_LATEST_INTERFACE_VERSION__ of 4.17: 0x00040e00 */
    assert_int_equal(xabi_rows_num(&t, r, "interface_version"), 265728);
    assert_string_equal(xabi_rows_get(&t, r, "version"), "4.17");
    assert_string_equal(xabi_rows_get(&t, r, "interface_version"), "265728");
    assert_int_equal(strncmp(xabi_rows_get(&t, r, "source"),
                             "xen-project/xen RELEASE-4.17.0 ", 31),
                     0);
    assert_false(xabi_rows_null(&t, r, "source"));
    /* Past the last row: "" and 0, not an error (a column that exists). */
    assert_string_equal(xabi_rows_get(&t, t.nrows, "version"), "");
    assert_int_equal(xabi_rows_num(&t, t.nrows, "interface_version"), 0);
    assert_null(xabi_store_read_error(d->st));
    xabi_rows_free(&t);
}

static void test_unknown_column(void **state)
{
    struct db *d = *state;
    struct xabi_rows t;
    const char *e;

    assert_int_equal(xabi_rows_load(&t, d->st, "page_abi_versions", 0, NULL),
                     0);
    assert_null(xabi_store_read_error(d->st));
    assert_string_equal(xabi_rows_get(&t, 0, "verison"), "");
    e = xabi_store_read_error(d->st);
    assert_non_null(e);
    assert_string_equal(e, "page_abi_versions has no column 'verison'");
    /* The first bad read is the one kept. */
    assert_int_equal(xabi_rows_num(&t, 0, "interface"), 0);
    assert_string_equal(xabi_store_read_error(d->st), e);
    xabi_rows_free(&t);
}

/* A query that returns no row still knows its columns. */
static void test_unknown_column_no_rows(void **state)
{
    struct db *d = *state;
    struct xabi_rows t;

    assert_int_equal(xabi_rows_load(&t, d->st, "page_runs", 0, NULL), 0);
    assert_int_equal(t.nrows, 0);
    assert_true(xabi_rows_null(&t, 0, "source_path"));
    assert_null(xabi_store_read_error(d->st));
    assert_true(xabi_rows_null(&t, 0, "sourcepath"));
    assert_non_null(xabi_store_read_error(d->st));
    assert_string_equal(xabi_store_read_error(d->st),
                        "page_runs has no column 'sourcepath'");
    xabi_rows_free(&t);
}

/* A query over a table the database lacks never ran: no columns known,
 * nothing to check against, every cell NULL. */
static void test_missing_table(void **state)
{
    struct db *d = *state;
    struct xabi_rows t;

    assert_int_equal(xabi_rows_load(&t, d->st, "page_runs", 0,
                                    "no_such_table"),
                     0);
    assert_int_equal(t.nrows, 0);
    assert_true(xabi_rows_null(&t, 0, "anything"));
    assert_null(xabi_store_read_error(d->st));
    xabi_rows_free(&t);
}

static void test_not_a_number(void **state)
{
    struct db *d = *state;
    struct xabi_rows t;
    char want[128];
    size_t r;

    assert_int_equal(xabi_rows_load(&t, d->st, "page_abi_versions", 0, NULL),
                     0);
    r = row_of(&t, "4.17");
    /* strtoll would give 4: a version is text. */
    assert_int_equal(xabi_rows_num(&t, r, "version"), 0);
    snprintf(want, sizeof(want),
             "page_abi_versions row %zu column 'version': '4.17' is not an "
             "integer",
             r);
    assert_non_null(xabi_store_read_error(d->st));
    assert_string_equal(xabi_store_read_error(d->st), want);
    xabi_rows_free(&t);
}

/* Text with a number in front, or none at all, is no number either. */
static void test_not_a_number_source(void **state)
{
    struct db *d = *state;
    struct xabi_rows t;

    assert_int_equal(xabi_rows_load(&t, d->st, "page_abi_versions", 0, NULL),
                     0);
    assert_int_equal(xabi_rows_num(&t, 0, "source"), 0);
    assert_non_null(xabi_store_read_error(d->st));
    assert_non_null(strstr(xabi_store_read_error(d->st),
                           "column 'source': 'xen-project/xen RELEASE-"));
    xabi_rows_free(&t);
}

/* SQL NULL stays allowed: the getters say "" and 0, callers test null. */
static void test_null_is_no_error(void **state)
{
    struct db *d = *state;
    struct xabi_rows t;
    sqlite3 *db;

    assert_int_equal(sqlite3_open(d->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db,
                                  "INSERT INTO abi_version (version, source) "
                                  "VALUES ('9.9', 'test')",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    assert_int_equal(xabi_rows_load(&t, d->st, "page_abi_versions", 0, NULL),
                     0);
    assert_true(xabi_rows_null(&t, row_of(&t, "9.9"), "interface_version"));
    assert_int_equal(xabi_rows_num(&t, row_of(&t, "9.9"),
                                   "interface_version"),
                     0);
    assert_string_equal(xabi_rows_get(&t, row_of(&t, "9.9"),
                                      "interface_version"),
                        "");
    assert_null(xabi_store_read_error(d->st));
    xabi_rows_free(&t);
}

/*
 * The render path: a bad read recorded on the store fails the render with
 * the message, before a page is written.  (A page of this xabi reads no
 * bad column, so the test makes the read itself, as a page would.)
 */
static void test_render_refuses(void **state)
{
    struct db *d = *state;
    struct xabi_render_opts o = { 0 };
    struct xabi_rows t;
    struct stat sb;
    char out[300], rm[400], err[1024], *page = NULL;
    size_t len = 0;
    FILE *f;

    snprintf(out, sizeof(out), "%s.site", d->path);
    snprintf(rm, sizeof(rm), "rm -rf -- '%s'", out);
    o.templates = "templates";
    o.out = out;
    o.formats = 1u << XABI_FMT_HTML;
    o.xabi_version = "test";
    /* The database renders while its reads are good. */
    assert_int_equal(xabi_render(d->st, &o, err, sizeof(err)), 0);
    assert_int_equal(stat(out, &sb), 0);
    assert_int_equal(system(rm), 0);

    assert_int_equal(xabi_rows_load(&t, d->st, "page_runs", 0, NULL), 0);
    (void)xabi_rows_get(&t, 0, "xen_verison");
    xabi_rows_free(&t);
    assert_int_equal(xabi_render(d->st, &o, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "page_runs has no column 'xen_verison'"));
    assert_int_not_equal(stat(out, &sb), 0); /* no site */

    /* One page to a stream: nothing written to it either. */
    f = open_memstream(&page, &len);
    assert_non_null(f);
    o.page = "hypercalls"; /* the first page emitted */
    o.page_out = f;
    assert_int_equal(xabi_render(d->st, &o, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "page_runs has no column 'xen_verison'"));
    fclose(f);
    assert_int_equal(len, 0);
    free(page);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_good_read, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_column, setup, teardown),
        cmocka_unit_test_setup_teardown(test_unknown_column_no_rows, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_missing_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_a_number, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_a_number_source, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_null_is_no_error, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_render_refuses, setup,
                                        teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
