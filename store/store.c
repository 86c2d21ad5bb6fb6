/*
 * store.c: opening, creating and writing xabi's SQLite database.
 *
 * store/schema.c makes a new database ours, and upgrades and verifies an
 * existing one; this file opens the handle (how long to wait for another
 * xabi, read-only or not) and runs the transactions.
 *
 * Writers use prepared statements cached on the handle: a collect writes a
 * few thousand rows (aggregates, rare facts, samples), so statement reuse
 * matters more than anything else here.
 */
#include "store/store-int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/schema-data.h"

/*
 * The schema version is no longer a constant here: it is 3 plus the number
 * of schema/migrate/NNN-*.sql files (scripts/embed-sql.sh), see
 * store/schema.c and schema/README.md.
 */

void xabi_store_set_error(struct xabi_store *st, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(st->errmsg, sizeof(st->errmsg), fmt, ap);
    va_end(ap);
}

void xabi_store_notice(struct xabi_store *st, const char *fmt, ...)
{
    char msg[sizeof(st->errmsg)];
    va_list ap;

    if ( !st->opts.notice )
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    st->opts.notice(st->opts.notice_ctx, msg);
}

/* sqlite's message, or ours where sqlite's misleads. */
static const char *sql_message(struct xabi_store *st, char *buf, size_t size)
{
    int code = sqlite3_extended_errcode(st->db);

    if ( (code & 0xff) == SQLITE_BUSY )
    {
        if ( st->busy_gave_up && st->opts.busy_timeout_ms > 0 )
            snprintf(buf, size, "another xabi holds the database; gave up "
                     "after %g s (--busy-timeout)",
                     st->opts.busy_timeout_ms / 1000.0);
        else
            snprintf(buf, size, "another xabi holds the database "
                     "(--busy-timeout S waits for it)");
        return buf;
    }
    if ( ((code & 0xff) == SQLITE_IOERR || (code & 0xff) == SQLITE_FULL) &&
         sqlite3_system_errno(st->db) )
    {
        /* EFBIG, ENOSPC, EIO say more than "disk I/O error". */
        snprintf(buf, size, "%s: %s", sqlite3_errmsg(st->db),
                 strerror(sqlite3_system_errno(st->db)));
        return buf;
    }
    if ( (code & 0xff) == SQLITE_NOTADB )
    {
        snprintf(buf, size, "not an SQLite database; refusing to touch it");
        return buf;
    }
    if ( (code & 0xff) == SQLITE_READONLY )
    {
        snprintf(buf, size, "%s (is the file or its directory read-only?)",
                 sqlite3_errmsg(st->db));
        return buf;
    }
    return sqlite3_errmsg(st->db);
}

int xabi_store_sql_error(struct xabi_store *st, const char *what)
{
    char buf[256];

    xabi_store_set_error(st, "%s: %s: %s", st->path, what,
                         sql_message(st, buf, sizeof(buf)));
    return -1;
}

const char *xabi_store_errmsg(const struct xabi_store *st)
{
    return st ? st->errmsg : "out of memory";
}

int xabi_store_exec(struct xabi_store *st, const char *sql, const char *what)
{
    char *err = NULL;

    /* sqlite3_errmsg() still holds the message err copies. */
    if ( sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK )
    {
        sqlite3_free(err);
        return xabi_store_sql_error(st, what);
    }
    return 0;
}

static double monotonic(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * sqlite calls this while another connection holds a lock we need: say so
 * once, then retry every 50 ms until opts.busy_timeout_ms runs out.
 */
static int busy_handler(void *arg, int count)
{
    struct xabi_store *st = arg;
    double now = monotonic();

    if ( count == 0 || st->busy_since == 0 )
    {
        st->busy_since = now;
        st->busy_gave_up = false;
        if ( st->opts.busy_timeout_ms != 0 && !st->busy_told )
        {
            st->busy_told = true;
            if ( st->opts.busy_timeout_ms < 0 )
                xabi_store_notice(st, "%s: another xabi holds the database; "
                                  "waiting for it (--busy-timeout S gives "
                                  "up after S seconds)", st->path);
            else
                xabi_store_notice(st, "%s: another xabi holds the database; "
                                  "waiting up to %g s for it", st->path,
                                  st->opts.busy_timeout_ms / 1000.0);
        }
    }
    if ( st->opts.busy_timeout_ms >= 0 &&
         (now - st->busy_since) * 1000.0 >= st->opts.busy_timeout_ms )
    {
        st->busy_since = 0;
        st->busy_gave_up = true;
        return 0;
    }
    sqlite3_sleep(50);
    return 1;
}

/*
 * The image of a new database, schema and catalogue seeded
 * (build/seed.db, which build/mkseed makes with this very code at build
 * time, through the SQL below): linked into build/xabi only
 * (scripts/seed.S).  Weak: where it is not linked (the unit tests,
 * build/mkseed itself) both are NULL and new databases are made by
 * executing the SQL, as the image was.
 */
extern const unsigned char xabi_seed_db[] __attribute__((weak));
extern const unsigned char xabi_seed_db_end[] __attribute__((weak));

/*
 * Make the new database path from the image: about 2 MB written, where
 * executing the schema and catalogue's 1.9 MB of SQL costs some 0.1 s of
 * CPU on every new database.  The image goes to a file of our own beside
 * path, which is then linked to path: another process creating path at
 * the same moment either wins (link fails, and we open its file) or
 * finds ours whole.  Returns 0 when path exists afterwards; -1 leaves
 * the SQL path to make it (no image, or the directory refused the file).
 */
bool xabi_store_seed_image(const unsigned char **image, size_t *len)
{
    uintptr_t from = (uintptr_t)xabi_seed_db;
    uintptr_t to = (uintptr_t)xabi_seed_db_end;

    if ( !from || to <= from )
        return false;
    *image = xabi_seed_db;
    *len = to - from;
    return true;
}

/*
 * Create path as a copy of the built-in seed database.  *ours: the file
 * is our copy (false if another process created path meanwhile).
 */
static int seed_new(const char *path, bool *ours)
{
    char tmp[sizeof(((struct xabi_store *)0)->path) + 32];
    const unsigned char *image;
    size_t len, done = 0;
    int fd, rc = -1;

    if ( !xabi_store_seed_image(&image, &len) )
        return -1;
    snprintf(tmp, sizeof(tmp), "%s.xabi-new-%ld", path, (long)getpid());
    if ( (fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0 )
        return -1;
    while ( done < len )
    {
        ssize_t n = write(fd, image + done, len - done);

        if ( n < 0 && errno == EINTR )
            continue;
        if ( n <= 0 )
            break;
        done += (size_t)n;
    }
    /*
     * On disk before it has its name, as a new file should be.  It also
     * moves the cost of writing the 2 MB image out of the end of a
     * collect, whose store is opened in a thread of its own while the
     * trace is read: the first checkpoint then writes only the pages the
     * run changed (bench/README.md).
     */
    if ( done == len && fdatasync(fd) )
        done = 0;
    if ( close(fd) == 0 && done == len )
    {
        if ( link(tmp, path) == 0 )
            rc = 0, *ours = true;
        else if ( errno == EEXIST )
            rc = 0;
    }
    unlink(tmp);
    return rc;
}

int xabi_store_open(const char *path, struct xabi_store **out)
{
    const struct xabi_store_opts o = { XABI_STORE_WRITE, 5000, NULL, NULL };

    return xabi_store_open_with(path, &o, out);
}

int xabi_store_open_with(const char *path, const struct xabi_store_opts *o,
                         struct xabi_store **out)
{
    struct xabi_store *st;
    struct stat sb;
    int flags = SQLITE_OPEN_READWRITE;

    *out = st = calloc(1, sizeof(*st));
    if ( !st )
        return -1;
    st->opts = *o;
    snprintf(st->path, sizeof(st->path), "%s", path);

    if ( stat(path, &sb) == 0 )
    {
        if ( !S_ISREG(sb.st_mode) )
        {
            xabi_store_set_error(st, "%s: not a regular file", path);
            return -1;
        }
    }
    else if ( errno == ENOENT && strcmp(path, ":memory:") == 0 )
        st->created = true;
    else if ( errno == ENOENT && o->access == XABI_STORE_WRITE )
    {
        st->created = true;
        if ( seed_new(path, &st->seeded) )
            flags |= SQLITE_OPEN_CREATE;
    }
    else if ( errno == ENOENT )
    {
        xabi_store_set_error(st,
                             "%s: no such database (`xabi collect` "
                             "creates one)",
                             path);
        return -1;
    }
    else
    {
        xabi_store_set_error(st, "%s: %s", path, strerror(errno));
        return -1;
    }

    /*
     * A handle is used by one thread at a time, so SQLite need not lock
     * around every call, and nothing reads its memory statistics: with
     * both, --keep-all spent a fifth of its time in pthread_mutex_*.
     * (The memory setting takes only before SQLite's first use; later
     * it fails harmlessly.)
     */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    flags |= SQLITE_OPEN_NOMUTEX;
    if ( sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK )
    {
        xabi_store_set_error(st, "%s: cannot open: %s", path,
                             st->db ? sqlite3_errmsg(st->db) : "out of memory");
        return -1;
    }
    sqlite3_extended_result_codes(st->db, 1);
    sqlite3_busy_handler(st->db, busy_handler, st);
    if ( xabi_store_schema_open(st) )
        return -1;
    /* Writers journal ahead, so readers see committed runs meanwhile;
     * readers never write again. */
    if ( o->access == XABI_STORE_READ )
        return xabi_store_exec(st, "PRAGMA query_only = ON", "opening");
    if ( xabi_store_exec(st, "PRAGMA journal_mode = WAL", "opening") )
        return -1;
    if ( xabi_store_exec(st, "PRAGMA foreign_keys = ON", "opening") )
        return -1;
    return 0;
}

void xabi_store_close(struct xabi_store *st)
{
    size_t i;

    if ( !st )
        return;
    if ( st->in_txn )
        xabi_store_rollback(st);
    for ( i = 0; i < XABI_STMT_MAX; i++ )
        sqlite3_finalize(st->stmt[i]);
    sqlite3_close(st->db);
    free(st);
}

void xabi_store_abandon(struct xabi_store *st)
{
    char path[sizeof(st->path)];
    bool created;

    if ( !st )
        return;
    created = st->created;
    memcpy(path, st->path, sizeof(path));
    xabi_store_close(st);
    if ( created )
    {
        static const char *const suffix[] = { "-journal", "-wal", "-shm" };
        char journal[sizeof(path) + 16];
        size_t i;

        unlink(path);
        for ( i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++ )
        {
            snprintf(journal, sizeof(journal), "%s%s", path, suffix[i]);
            unlink(journal);
        }
    }
}

int xabi_store_begin(struct xabi_store *st)
{
    if ( xabi_store_exec(st, "BEGIN IMMEDIATE", "starting a transaction") )
        return -1;
    st->in_txn = true;
    return 0;
}

int xabi_store_commit(struct xabi_store *st)
{
    if ( xabi_store_exec(st, "COMMIT", "committing") )
        return -1;
    st->in_txn = false;
    st->created = false; /* it now holds data the user asked for */
    return 0;
}

void xabi_store_rollback(struct xabi_store *st)
{
    if ( st )
        st->nevents = 0; /* rows for a transaction that is no more */
    if ( st && st->in_txn )
    {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        st->in_txn = false;
    }
}

sqlite3_stmt *xabi_store_stmt(struct xabi_store *st, enum xabi_stmt id,
                              const char *sql)
{
    sqlite3_stmt *s = st->stmt[id];

    if ( s )
    {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
        return s;
    }
    if ( sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
                            &st->stmt[id], NULL) != SQLITE_OK )
    {
        xabi_store_sql_error(st, "preparing a statement");
        return NULL;
    }
    return st->stmt[id];
}

sqlite3_stmt *xabi_store_prepare(struct xabi_store *st, const char *sql)
{
    sqlite3_stmt *s;

    if ( sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK )
    {
        xabi_store_sql_error(st, "preparing a statement");
        return NULL;
    }
    return s;
}

int xabi_store_step_once(struct xabi_store *st, sqlite3_stmt *s,
                         const char *what)
{
    int rc = sqlite3_step(s);

    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : xabi_store_sql_error(st, what);
}

int xabi_store_step_done(struct xabi_store *st, sqlite3_stmt *s,
                         const char *what)
{
    int rc = sqlite3_step(s);

    sqlite3_reset(s);
    if ( rc != SQLITE_DONE )
        return xabi_store_sql_error(st, what);
    return 0;
}
