/*
 * Internals of store/: the handle and the statement cache.  Only the files of store/
 * include this (and with it sqlite3.h).
 */
#ifndef XABI_STORE_INT_H
#define XABI_STORE_INT_H

#include <sqlite3.h>

#include "store/store.h"

enum xabi_stmt
{
    XABI_STMT_FIND_RUN,
    XABI_STMT_RUN_NEW,
    XABI_STMT_RUN_FINISH,
    XABI_STMT_VERSION_KNOWN,
    XABI_STMT_PUT_FACT,
    XABI_STMT_PUT_AGG,
    XABI_STMT_PUT_PCPU,
    XABI_STMT_PUT_DOMAIN,
    XABI_STMT_PUT_VCPU,
    XABI_STMT_PUT_EVENT_COUNT,
    XABI_STMT_PUT_LOST,
    XABI_STMT_PUT_EVENT,
    XABI_STMT_PUT_EVENTS, /* XABI_EVENT_BATCH rows in one INSERT */
    XABI_STMT_EVENT_KIND,
    XABI_STMT_MAX
};

/* Event rows inserted by one statement: the per-statement work of
 * SQLite (reset, bindings, halt) was most of a row's cost. */
#define XABI_EVENT_BATCH 32

struct xabi_store
{
    sqlite3 *db;
    char path[4096];
    char errmsg[4096 + 512];
    bool in_txn;
    bool created; /* the file did not exist before this handle */
    bool seeded;  /* and this handle made it, a copy of the seed */
    struct xabi_store_opts opts;
    double busy_since; /* monotonic seconds of the first busy retry, or 0 */
    bool busy_gave_up; /* the busy handler ran out of --busy-timeout */
    bool busy_told;    /* the user knows we wait */
    sqlite3_stmt *stmt[XABI_STMT_MAX];
    /* --keep-all's event rows not yet inserted (store/facts.c), with a
     * copy of each one's words, and the run they are for. */
    struct xabi_event_row events[XABI_EVENT_BATCH];
    uint32_t event_words[XABI_EVENT_BATCH][7];
    unsigned nevents;
    int64_t events_run;
    /* The first bad cell read of a struct xabi_rows (store/rows.c): a
     * column its query lacks, a number that is not one; "" if none. */
    char read_error[512];
};

/* A named read query (store/queries.c, store/pages.c). */
struct xabi_named_query
{
    const char *name;
    const char *sql;
};
/*
 * xabi_store_query() that first tells cols the query's column names, once,
 * rows or none (store/rows.c: a read of a column the query lacks is then an
 * error even when it returned no row).  cols returns non-zero on failure.
 */
typedef int (*xabi_store_cols_fn)(void *ctx, int ncol,
                                  const char *const *names);
int xabi_store_query_cols(struct xabi_store *st, const char *query_name,
                          int64_t run_id, xabi_store_cols_fn cols,
                          xabi_store_row_fn fn, void *ctx);
/* The generator's queries, by name; NULL if none. */
const struct xabi_named_query *xabi_store_page_query(const char *name);

void xabi_store_set_error(struct xabi_store *st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Tell the user (opts.notice), if anyone listens. */
void xabi_store_notice(struct xabi_store *st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* store/schema.c: create the whole schema in a new (empty) database. */
int xabi_store_schema_create(struct xabi_store *st);
struct xabi_schema_file;
/*
 * store/schema.c: upgrade st, whatever its version (3 or more), to target
 * by steps[i] (from 3 + i to 4 + i), recreate the views if they are older
 * (or views, or any step ran), and verify; one transaction, with a notice.
 * The runner of xabi_store_schema_open(), apart for its unit test.
 */
int xabi_store_upgrade(struct xabi_store *st,
                       const struct xabi_schema_file *steps, int target,
                       bool views);
/* store/schema.c: accept an existing database: upgrade it if it is older,
 * recreate its views if they are older, verify its schema.  An empty
 * database is created if the access is WRITE, else refused. */
int xabi_store_schema_open(struct xabi_store *st);
/*
 * The image of a new database linked into this binary (build/seed.db, see
 * store.c); false where none is linked (the unit tests, build/mkseed).
 */
bool xabi_store_seed_image(const unsigned char **image, size_t *len);
/* Record sqlite's message for what; returns -1. */
int xabi_store_sql_error(struct xabi_store *st, const char *what);
int xabi_store_exec(struct xabi_store *st, const char *sql, const char *what);
/* The cached statement id, reset and unbound; NULL on failure. */
sqlite3_stmt *xabi_store_stmt(struct xabi_store *st, enum xabi_stmt id,
                              const char *sql);
/* Prepare a statement used once or a few times; NULL, with sqlite's
 * message, on failure. */
sqlite3_stmt *xabi_store_prepare(struct xabi_store *st, const char *sql);
/* Step a statement that returns no rows, once, and finalize it. */
int xabi_store_step_once(struct xabi_store *st, sqlite3_stmt *s,
                         const char *what);
/* Step a statement that returns no rows. */
int xabi_store_step_done(struct xabi_store *st, sqlite3_stmt *s,
                         const char *what);

#endif
