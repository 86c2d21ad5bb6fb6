/*
 * test-store-open.c: what opening a database may do to it.  The migration
 * runner takes every step in one transaction, or none; a newer or damaged
 * database is refused and left as it was; older views are recreated from
 * their hash; a read-only open never creates nor writes; a nonexistent
 * file is an error but for a write; another connection's lock is waited
 * for, said, and given up on after the timeout, while readers read.
 */
#include <sqlite3.h>
#include <sys/stat.h>

#include "tests/unit/fixtures.h"

#include "store/schema-data.h"
#include "store/store-int.h"

struct told
{
    char last[1024];
    unsigned n;
};

static void tell(void *ctx, const char *msg)
{
    struct told *t = ctx;

    snprintf(t->last, sizeof(t->last), "%s", msg);
    t->n++;
}

static int open_as(const char *path, enum xabi_store_access a, int busy_ms,
                   struct told *t, struct xabi_store **st)
{
    struct xabi_store_opts o = { a, busy_ms, tell, t };

    return xabi_store_open_with(path, &o, st);
}

/* A new, empty database at a fresh path. */
static void new_db(char *path, size_t len, const char *tag)
{
    struct xabi_store *st;

    xabi_test_db_path(path, len, tag);
    assert_int_equal(xabi_store_open(path, &st), 0);
    xabi_store_close(st);
}

static void sql(const char *path, const char *q)
{
    sqlite3 *db;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, q, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

static long long sql_int(const char *path, const char *q)
{
    sqlite3_stmt *s;
    sqlite3 *db;
    long long v = -1;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, q, -1, &s, NULL), SQLITE_OK);
    if ( sqlite3_step(s) == SQLITE_ROW )
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

/*
 * This xabi's own steps, then two more: V (this xabi's version) -> V + 1 ->
 * V + 2, where the second is bad if bad.  A new database is at V, so only
 * the two run.  Returns V.
 */
static int steps_after_ours(struct xabi_schema_file *steps, size_t max,
                            bool bad)
{
    size_t n = 0;

    for ( ; xabi_migrate_files[n].path; n++ )
    {
        assert_true(n + 3 <= max);
        steps[n] = xabi_migrate_files[n];
    }
    steps[n].path = "t/next-a.sql";
    steps[n].sql = "CREATE TABLE t_next (x INTEGER);";
    steps[n + 1].path = "t/next-b.sql";
    steps[n + 1].sql = bad ? "ALTER TABLE nope ADD COLUMN y TEXT;"
                           : "ALTER TABLE t_next ADD COLUMN y TEXT;";
    steps[n + 2].path = NULL;
    steps[n + 2].sql = NULL;
    assert_int_equal(3 + (int)n, xabi_store_schema_version());
    return 3 + (int)n;
}

/* Two steps, each in its turn. */
static void test_upgrade_runs_every_step(void **state)
{
    struct xabi_schema_file steps[64];
    struct told t = { "", 0 };
    struct xabi_store *st;
    char path[256], want[64];
    int v = steps_after_ours(steps, 64, false);

    (void)state;
    new_db(path, sizeof(path), "upgrade");
    assert_int_equal(open_as(path, XABI_STORE_WRITE, 1000, &t, &st), 0);
    assert_int_equal(xabi_store_upgrade(st, steps, v + 2, false), 0);
    xabi_store_close(st);
    assert_int_equal(sql_int(path, "PRAGMA user_version"), v + 2);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM "
                                   "pragma_table_info('t_next')"), 2);
    snprintf(want, sizeof(want), "from schema %d to %d", v, v + 2);
    assert_non_null(strstr(t.last, want));
    xabi_test_db_remove(path);
}

/* A step that fails leaves the database at its version, without the
 * steps before it. */
static void test_upgrade_failure_changes_nothing(void **state)
{
    struct xabi_schema_file steps[64];
    struct xabi_store *st;
    char path[256], want[64];
    int v = steps_after_ours(steps, 64, true);

    (void)state;
    new_db(path, sizeof(path), "upgrade-fail");
    assert_int_equal(xabi_store_open(path, &st), 0);
    assert_int_equal(xabi_store_upgrade(st, steps, v + 2, false), -1);
    assert_non_null(strstr(xabi_store_errmsg(st), "t/next-b.sql"));
    snprintf(want, sizeof(want), "from schema %d to %d", v + 1, v + 2);
    assert_non_null(strstr(xabi_store_errmsg(st), want));
    xabi_store_close(st);
    assert_int_equal(sql_int(path, "PRAGMA user_version"), v);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM sqlite_schema "
                                   "WHERE name = 't_next'"),
                     0);
    xabi_test_db_remove(path);
}

/* The schema this xabi creates is the one its migrate steps lead to: a
 * fresh database needs no step, and its version is 3 + the steps. */
static void test_version_is_the_steps(void **state)
{
    const struct xabi_schema_file *f;
    char path[256];
    int n = 0;

    (void)state;
    for ( f = xabi_migrate_files; f->path; f++ )
        n++;
    assert_int_equal(xabi_store_schema_version(), 3 + n);
    new_db(path, sizeof(path), "version");
    assert_int_equal(sql_int(path, "PRAGMA user_version"), 3 + n);
    xabi_test_db_remove(path);
}

/* Newer than this xabi: refused, by every access, byte for byte intact. */
static void test_newer_refused(void **state)
{
    static const enum xabi_store_access all[] = {
        XABI_STORE_WRITE, XABI_STORE_UPDATE, XABI_STORE_READ };
    struct xabi_store *st;
    char path[256], q[64];
    char *before;
    size_t n, i;

    (void)state;
    new_db(path, sizeof(path), "newer");
    snprintf(q, sizeof(q), "PRAGMA user_version = %d",
             xabi_store_schema_version() + 1);
    sql(path, q);
    before = xabi_test_slurp(path, &n);
    for ( i = 0; i < ARRAY_SIZE(all); i++ )
    {
        assert_int_equal(open_as(path, all[i], 0, NULL, &st), -1);
        assert_non_null(strstr(xabi_store_errmsg(st), "is newer than"));
        xabi_store_close(st);
        xabi_test_assert_unchanged(path, before, n);
    }
    free(before);
    xabi_test_db_remove(path);
}

/* A dropped view (hash unchanged) or table is damage: refused, untouched. */
static void test_damage_refused(void **state)
{
    static const char *const damage[] = {
        "DROP VIEW v_hypercall",
        "DROP TABLE lost",
        "DROP INDEX fact_by_kind",
    };
    struct xabi_store *st;
    char path[256];
    char *before;
    size_t n, i;

    (void)state;
    for ( i = 0; i < ARRAY_SIZE(damage); i++ )
    {
        new_db(path, sizeof(path), "damage");
        sql(path, damage[i]);
        before = xabi_test_slurp(path, &n);
        assert_int_equal(xabi_store_open(path, &st), -1);
        assert_non_null(strstr(xabi_store_errmsg(st), "damaged database"));
        xabi_store_close(st);
        assert_int_equal(open_as(path, XABI_STORE_READ, 0, NULL, &st), -1);
        xabi_store_close(st);
        xabi_test_assert_unchanged(path, before, n);
        free(before);
        xabi_test_db_remove(path);
    }
}

/* Views of another hash are dropped and recreated from this xabi's. */
static void test_old_views_recreated(void **state)
{
    struct told t = { "", 0 };
    struct xabi_store *st;
    char path[256];

    (void)state;
    new_db(path, sizeof(path), "views");
    sql(path, "DROP VIEW v_hypercall; DROP VIEW v_trap; "
              "CREATE VIEW v_trap AS SELECT 1 AS old; "
              "UPDATE meta SET value = 'older' WHERE key = 'views_sha256'");
    assert_int_equal(open_as(path, XABI_STORE_READ, 0, &t, &st), 0);
    xabi_store_close(st);
    assert_non_null(strstr(t.last, "views recreated"));
    assert_int_equal(sql_int(path, "SELECT count(*) FROM sqlite_schema "
                                   "WHERE name = 'v_hypercall'"),
                     1);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM "
                                   "pragma_table_info('v_trap') "
                                   "WHERE name = 'old'"),
                     0);
    assert_int_equal(sql_int(path, "SELECT value = 'older' FROM meta "
                                   "WHERE key = 'views_sha256'"),
                     0);
    xabi_test_db_remove(path);
}

/*
 * A database made before the report views (schema/091-report-views.sql)
 * has the current version but not them, and the older views hash: its
 * first open makes them, with no migration.
 */
static void test_report_views_made(void **state)
{
    struct told t = { "", 0 };
    struct xabi_store *st;
    char path[256];

    (void)state;
    new_db(path, sizeof(path), "report");
    sql(path, "DROP VIEW report_runs; DROP VIEW report_traps; "
              "DROP VIEW report_g_traps; "
              "UPDATE meta SET value = 'older' WHERE key = 'views_sha256'");
    assert_int_equal(open_as(path, XABI_STORE_READ, 0, &t, &st), 0);
    xabi_store_close(st);
    assert_non_null(strstr(t.last, "views recreated"));
    assert_int_equal(sql_int(path, "SELECT count(*) FROM sqlite_schema "
                                   "WHERE type = 'view' AND name IN "
                                   "('report_runs', 'report_traps', "
                                   "'report_g_traps')"),
                     3);
    assert_int_equal(sql_int(path, "PRAGMA user_version"),
                     xabi_store_schema_version());
    xabi_test_db_remove(path);
}

/* Reading never creates, never adopts an empty file, never writes. */
static void test_read_never_writes(void **state)
{
    struct xabi_run_info ri;
    struct xabi_store *st;
    struct stat sb;
    char path[256];
    int64_t id;
    FILE *f;

    (void)state;
    xabi_test_db_path(path, sizeof(path), "read");
    assert_int_equal(open_as(path, XABI_STORE_READ, 0, NULL, &st), -1);
    assert_non_null(strstr(xabi_store_errmsg(st), "no such database"));
    xabi_store_close(st);
    assert_int_equal(open_as(path, XABI_STORE_UPDATE, 0, NULL, &st), -1);
    xabi_store_close(st);
    assert_int_not_equal(stat(path, &sb), 0);

    f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(open_as(path, XABI_STORE_READ, 0, NULL, &st), -1);
    assert_non_null(strstr(xabi_store_errmsg(st), "empty file"));
    xabi_store_close(st);
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_size, 0);
    xabi_test_db_remove(path);

    new_db(path, sizeof(path), "read");
    assert_int_equal(open_as(path, XABI_STORE_READ, 0, NULL, &st), 0);
    memset(&ri, 0, sizeof(ri));
    ri.source_kind = "trace";
    ri.source_path = "x";
    ri.xen_version = "4.17";
    if ( xabi_store_begin(st) == 0 )
        assert_int_equal(xabi_store_run_new(st, &ri, &id), -1);
    xabi_store_close(st);
    assert_int_equal(sql_int(path, "SELECT count(*) FROM run"), 0);
    xabi_test_db_remove(path);
}

/* Another connection holds the write lock: a writer says it waits, gives
 * up after its timeout naming the cause; a reader reads meanwhile. */
static void test_busy(void **state)
{
    struct told t = { "", 0 };
    struct xabi_store *st;
    char path[256];
    sqlite3 *other;
    int64_t latest = -1;

    (void)state;
    new_db(path, sizeof(path), "busy");
    assert_int_equal(sqlite3_open(path, &other), SQLITE_OK);
    assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE; "
                                         "UPDATE meta SET value = value",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(open_as(path, XABI_STORE_WRITE, 300, &t, &st), 0);
    assert_int_equal(xabi_store_begin(st), -1);
    assert_non_null(strstr(xabi_store_errmsg(st), "another xabi holds the "
                                                  "database"));
    assert_null(strstr(xabi_store_errmsg(st), "not an SQLite"));
    assert_non_null(strstr(t.last, "waiting up to 0.3 s"));
    xabi_store_close(st);

    assert_int_equal(open_as(path, XABI_STORE_READ, 0, NULL, &st), 0);
    assert_int_equal(xabi_store_latest_run(st, &latest), 0);
    assert_int_equal(latest, 0);
    xabi_store_close(st);
    sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(other);
    xabi_test_db_remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_upgrade_runs_every_step),
        cmocka_unit_test(test_upgrade_failure_changes_nothing),
        cmocka_unit_test(test_version_is_the_steps),
        cmocka_unit_test(test_newer_refused),
        cmocka_unit_test(test_damage_refused),
        cmocka_unit_test(test_old_views_recreated),
        cmocka_unit_test(test_report_views_made),
        cmocka_unit_test(test_read_never_writes),
        cmocka_unit_test(test_busy),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
