/*
 * facts.c: writing a run and its facts.  Every writer binds into a cached
 * statement; callers hold the one transaction of their collect.
 */
#include "store/store-int.h"

#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Bind a TSC or NULL. */
static void bind_tsc(sqlite3_stmt *s, int col, bool has, uint64_t tsc)
{
    if ( has )
        sqlite3_bind_int64(s, col, (sqlite3_int64)tsc);
    else
        sqlite3_bind_null(s, col);
}

int xabi_store_find_run(struct xabi_store *st, const char *source_kind,
                        const char *sha256, int64_t *run_id)
{
    sqlite3_stmt *s = xabi_store_stmt(
        st, XABI_STMT_FIND_RUN,
        "SELECT id FROM run WHERE source_kind = ?1 AND source_sha256 = ?2");
    int rc;

    if ( !s )
        return -1;
    sqlite3_bind_text(s, 1, source_kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, sha256, -1, SQLITE_STATIC);
    *run_id = 0;
    rc = sqlite3_step(s);
    if ( rc == SQLITE_ROW )
        *run_id = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    if ( rc != SQLITE_ROW && rc != SQLITE_DONE )
        return xabi_store_sql_error(st, "looking up runs");
    return 0;
}

int xabi_store_version_known(struct xabi_store *st, const char *version,
                             bool *known)
{
    sqlite3_stmt *s = xabi_store_stmt(
        st, XABI_STMT_VERSION_KNOWN,
        "SELECT 1 FROM abi_version WHERE version = ?1");
    int rc;

    if ( !s )
        return -1;
    sqlite3_bind_text(s, 1, version, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    *known = rc == SQLITE_ROW;
    sqlite3_reset(s);
    if ( rc != SQLITE_ROW && rc != SQLITE_DONE )
        return xabi_store_sql_error(st, "looking up the catalogue");
    return 0;
}

int xabi_store_latest_run(struct xabi_store *st, int64_t *run_id)
{
    sqlite3_stmt *s;
    int rc;

    if ( sqlite3_prepare_v2(st->db, "SELECT max(id) FROM run", -1, &s,
                            NULL) != SQLITE_OK )
        return xabi_store_sql_error(st, "looking up runs");
    rc = sqlite3_step(s);
    *run_id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    if ( rc != SQLITE_ROW )
        return xabi_store_sql_error(st, "looking up runs");
    return 0;
}

/*
 * When a run is collected: now, or SOURCE_DATE_EPOCH when set
 * (reproducible-builds.org), so `make site` renders the same pages from
 * the same trace on any day.
 */
static time_t collect_time(void)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    char *end;
    long long v;

    if ( e && *e )
    {
        v = strtoll(e, &end, 10);
        if ( *end == '\0' && v >= 0 )
            return (time_t)v;
    }
    return time(NULL);
}

int xabi_store_run_new(struct xabi_store *st, const struct xabi_run_info *ri,
                       int64_t *run_id)
{
    sqlite3_stmt *s = xabi_store_stmt(
        st, XABI_STMT_RUN_NEW,
        "INSERT INTO run (source_kind, source_path, source_size, "
        "source_sha256, xen_version, label, collected_at, xabi_version, "
        "status, keep_all) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
        "'complete', ?9)");
    char when[32];
    time_t now = collect_time();
    struct tm tm;

    if ( !s )
        return -1;
    gmtime_r(&now, &tm);
    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
    sqlite3_bind_text(s, 1, ri->source_kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, ri->source_path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)ri->source_size);
    sqlite3_bind_text(s, 4, ri->source_sha256, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, ri->xen_version, -1, SQLITE_STATIC);
    if ( ri->label )
        sqlite3_bind_text(s, 6, ri->label, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 7, when, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 8, XABI_VERSION, -1, SQLITE_STATIC);
    sqlite3_bind_int(s, 9, ri->keep_all);
    if ( xabi_store_step_done(st, s, "recording the run") )
        return -1;
    *run_id = sqlite3_last_insert_rowid(st->db);
    return 0;
}

int xabi_store_run_finish(struct xabi_store *st, int64_t run_id,
                          const struct xabi_run_totals *t)
{
    static const char *const status[] = {
        [XABI_RUN_COMPLETE] = "complete",
        [XABI_RUN_TRUNCATED] = "truncated",
        [XABI_RUN_SALVAGED] = "salvaged",
    };
    sqlite3_stmt *s = xabi_store_stmt(
        st, XABI_STMT_RUN_FINISH,
        "UPDATE run SET status = ?2, status_detail = ?3, records = ?4, "
        "lost_records = ?5, unknown_records = ?6, reordered = ?7, "
        "first_tsc = ?8, last_tsc = ?9 WHERE id = ?1");

    if ( !s )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_text(s, 2, status[t->status], -1, SQLITE_STATIC);
    if ( t->status_detail )
        sqlite3_bind_text(s, 3, t->status_detail, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)t->records);
    sqlite3_bind_int64(s, 5, (sqlite3_int64)t->lost_records);
    sqlite3_bind_int64(s, 6, (sqlite3_int64)t->unknown_records);
    sqlite3_bind_int64(s, 7, (sqlite3_int64)t->reordered);
    bind_tsc(s, 8, t->have_tsc, t->first_tsc);
    bind_tsc(s, 9, t->have_tsc, t->last_tsc);
    return xabi_store_step_done(st, s, "finishing the run");
}

/* Small updates on one run row; not hot, so not cached. */
static int run_update(struct xabi_store *st, const char *sql, int64_t run_id,
                      const char *text, int64_t num)
{
    sqlite3_stmt *s;

    if ( sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK )
        return xabi_store_sql_error(st, "updating the run");
    sqlite3_bind_int64(s, 1, run_id);
    if ( text )
        sqlite3_bind_text(s, 2, text, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(s, 2, num);
    if ( sqlite3_step(s) != SQLITE_DONE )
    {
        sqlite3_finalize(s);
        return xabi_store_sql_error(st, "updating the run");
    }
    sqlite3_finalize(s);
    return 0;
}

int xabi_store_run_set_sha256(struct xabi_store *st, int64_t run_id,
                              const char *sha256)
{
    return run_update(st, "UPDATE run SET source_sha256 = ?2 WHERE id = ?1",
                      run_id, sha256, 0);
}

int xabi_store_run_set_size(struct xabi_store *st, int64_t run_id,
                            uint64_t size)
{
    return run_update(st, "UPDATE run SET source_size = ?2 WHERE id = ?1",
                      run_id, NULL, (int64_t)size);
}

int xabi_store_put_run_file(struct xabi_store *st, int64_t run_id,
                            unsigned seq, const char *path, uint64_t size,
                            const char *sha256)
{
    sqlite3_stmt *s;
    int rc;

    if ( sqlite3_prepare_v2(st->db,
                            "INSERT INTO run_file (run_id, seq, path, size, "
                            "sha256) VALUES (?1, ?2, ?3, ?4, ?5)",
                            -1, &s, NULL) != SQLITE_OK )
        return xabi_store_sql_error(st, "storing a file of the run");
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int(s, 2, (int)seq);
    sqlite3_bind_text(s, 3, path, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)size);
    sqlite3_bind_text(s, 5, sha256, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0
                             : xabi_store_sql_error(st, "storing a file of "
                                                        "the run");
}

int xabi_store_put_fact(struct xabi_store *st, int64_t run_id,
                        const struct xabi_fact *f, int sample)
{
    sqlite3_stmt *s = xabi_store_stmt(
        st, XABI_STMT_PUT_FACT,
        "INSERT INTO fact (run_id, domid, vcpu, pcpu, tsc, offset, event, "
        "kind, key, sample, is_64bit, rip, addr, error_code, argmask, "
        "arg0, arg1, arg2, arg3, arg4, arg5) VALUES (?1, ?2, ?3, ?4, ?5, "
        "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
        "?20, ?21)");
    int i;

    if ( !s )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int(s, 2, f->domid);
    sqlite3_bind_int(s, 3, f->vcpu);
    sqlite3_bind_int(s, 4, f->pcpu);
    bind_tsc(s, 5, f->has_tsc, f->tsc);
    sqlite3_bind_int64(s, 6, (sqlite3_int64)f->offset);
    sqlite3_bind_int64(s, 7, f->event);
    sqlite3_bind_text(s, 8, f->kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 9, f->key);
    sqlite3_bind_int(s, 10, sample);
    sqlite3_bind_int(s, 11, f->is_64bit);
    if ( f->has_rip )
        sqlite3_bind_int64(s, 12, (sqlite3_int64)f->rip);
    if ( f->has_addr )
        sqlite3_bind_int64(s, 13, (sqlite3_int64)f->addr);
    if ( f->has_error_code )
        sqlite3_bind_int64(s, 14, f->error_code);
    sqlite3_bind_int(s, 15, f->argmask);
    for ( i = 0; i < 6; i++ )
    {
        if ( f->argmask & (1u << i) )
            sqlite3_bind_int64(s, 16 + i, (sqlite3_int64)f->args[i]);
    }
    return xabi_store_step_done(st, s, "storing a fact");
}

int xabi_store_put_agg(struct xabi_store *st, int64_t run_id,
                       const struct xabi_fact_agg *a)
{
    sqlite3_stmt *s = xabi_store_stmt(
        st, XABI_STMT_PUT_AGG,
        "INSERT INTO fact_agg (run_id, domid, vcpu, kind, key, count, "
        "with_error_code, first_tsc, last_tsc) VALUES (?1, ?2, ?3, ?4, ?5, "
        "?6, ?7, ?8, ?9)");

    if ( !s )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int(s, 2, a->domid);
    sqlite3_bind_int(s, 3, a->vcpu);
    sqlite3_bind_text(s, 4, a->kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 5, a->key);
    sqlite3_bind_int64(s, 6, (sqlite3_int64)a->count);
    sqlite3_bind_int64(s, 7, (sqlite3_int64)a->with_error_code);
    bind_tsc(s, 8, a->has_tsc, a->first_tsc);
    bind_tsc(s, 9, a->has_tsc, a->last_tsc);
    return xabi_store_step_done(st, s, "storing an aggregate");
}

int xabi_store_put_pcpu(struct xabi_store *st, int64_t run_id,
                        const struct xabi_pcpu_totals *p)
{
    sqlite3_stmt *s = xabi_store_stmt(
        st, XABI_STMT_PUT_PCPU,
        "INSERT INTO pcpu (run_id, pcpu, windows, records, lost_records, "
        "lost_events, unknown_records, first_tsc, last_tsc) VALUES (?1, ?2, "
        "?3, ?4, ?5, ?6, ?7, ?8, ?9)");

    if ( !s )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int(s, 2, p->pcpu);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)p->windows);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)p->records);
    sqlite3_bind_int64(s, 5, (sqlite3_int64)p->lost_records);
    sqlite3_bind_int64(s, 6, (sqlite3_int64)p->lost_events);
    sqlite3_bind_int64(s, 7, (sqlite3_int64)p->unknown_records);
    bind_tsc(s, 8, p->has_tsc, p->first_tsc);
    bind_tsc(s, 9, p->has_tsc, p->last_tsc);
    return xabi_store_step_done(st, s, "storing a pcpu");
}

static int put_vcpu_row(struct xabi_store *st, enum xabi_stmt id,
                        const char *sql, int64_t run_id,
                        const struct xabi_vcpu_totals *v, bool with_vcpu)
{
    sqlite3_stmt *s = xabi_store_stmt(st, id, sql);
    int col = 3;

    if ( !s )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int(s, 2, v->domid);
    if ( with_vcpu )
        sqlite3_bind_int(s, col++, v->vcpu);
    sqlite3_bind_int64(s, col++, (sqlite3_int64)v->records);
    bind_tsc(s, col, v->has_tsc, v->first_tsc);
    bind_tsc(s, col + 1, v->has_tsc, v->last_tsc);
    return xabi_store_step_done(st, s, "storing a domain");
}

int xabi_store_put_domain(struct xabi_store *st, int64_t run_id,
                          const struct xabi_vcpu_totals *d)
{
    return put_vcpu_row(st, XABI_STMT_PUT_DOMAIN,
                        "INSERT INTO domain (run_id, domid, records, "
                        "first_tsc, last_tsc) VALUES (?1, ?2, ?3, ?4, ?5)",
                        run_id, d, false);
}

int xabi_store_put_vcpu(struct xabi_store *st, int64_t run_id,
                        const struct xabi_vcpu_totals *v)
{
    return put_vcpu_row(st, XABI_STMT_PUT_VCPU,
                        "INSERT INTO vcpu (run_id, domid, vcpu, records, "
                        "first_tsc, last_tsc) VALUES (?1, ?2, ?3, ?4, ?5, "
                        "?6)",
                        run_id, v, true);
}

int xabi_store_put_event_count(struct xabi_store *st, int64_t run_id,
                               uint32_t event, uint64_t count, bool decoded)
{
    sqlite3_stmt *s = xabi_store_stmt(
        st, XABI_STMT_PUT_EVENT_COUNT,
        "INSERT INTO event_count (run_id, event, count, decoded) VALUES "
        "(?1, ?2, ?3, ?4)");

    if ( !s )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int64(s, 2, event);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)count);
    sqlite3_bind_int(s, 4, decoded);
    return xabi_store_step_done(st, s, "storing event counts");
}

int xabi_store_put_lost(struct xabi_store *st, int64_t run_id,
                        const struct xabi_lost *l)
{
    sqlite3_stmt *s = xabi_store_stmt(
        st, XABI_STMT_PUT_LOST,
        "INSERT INTO lost (run_id, pcpu, offset, count, domid, vcpu, "
        "first_tsc, tsc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");

    if ( !s )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int(s, 2, l->pcpu);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)l->offset);
    sqlite3_bind_int64(s, 4, l->count);
    sqlite3_bind_int(s, 5, l->domid);
    sqlite3_bind_int(s, 6, l->vcpu);
    sqlite3_bind_int64(s, 7, (sqlite3_int64)l->first_tsc);
    sqlite3_bind_int64(s, 8, (sqlite3_int64)l->tsc);
    return xabi_store_step_done(st, s, "storing lost records");
}

/* Bind event row e to the 9 parameters from base + 1 of s. */
static void bind_event(sqlite3_stmt *s, int base, int64_t run_id,
                       const struct xabi_event_row *e)
{
    sqlite3_bind_int64(s, base + 1, run_id);
    sqlite3_bind_int64(s, base + 2, (sqlite3_int64)e->offset);
    sqlite3_bind_int(s, base + 3, e->pcpu);
    bind_tsc(s, base + 4, e->has_tsc, e->tsc);
    sqlite3_bind_int64(s, base + 5, e->event);
    sqlite3_bind_int(s, base + 6, e->domid);
    sqlite3_bind_int(s, base + 7, e->vcpu);
    if ( e->kind )
        sqlite3_bind_int(s, base + 8, e->kind);
    if ( e->nextra )
        sqlite3_bind_blob(s, base + 9, e->extra, (int)(4 * e->nextra),
                          SQLITE_STATIC);
}

#define EVENT_COLUMNS \
    "INSERT INTO event (run_id, offset, pcpu, tsc, event, domid, vcpu, " \
    "kind, extra) VALUES "

/* Insert the rows put so far: XABI_EVENT_BATCH by one statement. */
int xabi_store_events_flush(struct xabi_store *st)
{
    unsigned n = st->nevents, i;
    sqlite3_stmt *s;

    st->nevents = 0;
    if ( n == XABI_EVENT_BATCH )
    {
        char sql[sizeof(EVENT_COLUMNS) + XABI_EVENT_BATCH * 24];
        size_t len = (size_t)snprintf(sql, sizeof(sql), "%s", EVENT_COLUMNS);

        for ( i = 0; i < n; i++ )
            len += (size_t)snprintf(sql + len, sizeof(sql) - len,
                                    "%s(?,?,?,?,?,?,?,?,?)", i ? "," : "");
        if ( !(s = xabi_store_stmt(st, XABI_STMT_PUT_EVENTS, sql)) )
            return -1;
        for ( i = 0; i < n; i++ )
            bind_event(s, 9 * (int)i, st->events_run, &st->events[i]);
        return xabi_store_step_done(st, s, "storing records");
    }
    for ( i = 0; i < n; i++ )
    {
        s = xabi_store_stmt(st, XABI_STMT_PUT_EVENT,
                            EVENT_COLUMNS "(?,?,?,?,?,?,?,?,?)");
        if ( !s )
            return -1;
        bind_event(s, 0, st->events_run, &st->events[i]);
        if ( xabi_store_step_done(st, s, "storing a record") )
            return -1;
    }
    return 0;
}

int xabi_store_put_event(struct xabi_store *st, int64_t run_id,
                         const struct xabi_event_row *e)
{
    struct xabi_event_row *r;
    unsigned i;

    if ( st->nevents && st->events_run != run_id &&
         xabi_store_events_flush(st) )
        return -1;
    st->events_run = run_id;
    r = &st->events[st->nevents];
    *r = *e;
    r->nextra = e->nextra < 7 ? e->nextra : 7;
    for ( i = 0; i < r->nextra; i++ )
        st->event_words[st->nevents][i] = htole32(e->extra[i]);
    r->extra = st->event_words[st->nevents];
    if ( ++st->nevents == XABI_EVENT_BATCH )
        return xabi_store_events_flush(st);
    return 0;
}

int xabi_store_event_kind(struct xabi_store *st, const char *kind, int *code)
{
    sqlite3_stmt *s = xabi_store_prepare(
        st, "INSERT OR IGNORE INTO event_kind (kind) VALUES (?1)");
    int rc;

    if ( !s )
        return -1;
    sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
    if ( xabi_store_step_once(st, s, "naming a kind of record") )
        return -1;
    s = xabi_store_stmt(st, XABI_STMT_EVENT_KIND,
                        "SELECT code FROM event_kind WHERE kind = ?1");
    if ( !s )
        return -1;
    sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    *code = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
    sqlite3_reset(s);
    if ( rc != SQLITE_ROW )
        return xabi_store_sql_error(st, "naming a kind of record");
    return 0;
}

/*
 * Every table with a run_id column, then the run row itself.  Most tables
 * would go by ON DELETE CASCADE alone; naming each one from the schema
 * also clears a table keyed by run_id without a foreign key, and keeps
 * clearing whatever table a later schema adds.  Rows that hang off
 * another key (a snapshot's registers, a hypercall page's stubs) go by
 * their own cascade.
 */
int xabi_store_run_delete(struct xabi_store *st, int64_t run_id)
{
    sqlite3_stmt *s, *d;
    int rc;

    if ( sqlite3_prepare_v2(st->db,
                            "SELECT m.name FROM sqlite_master m, "
                            "pragma_table_info(m.name) p WHERE m.type = "
                            "'table' AND p.name = 'run_id' ORDER BY m.name",
                            -1, &s, NULL) != SQLITE_OK )
        return xabi_store_sql_error(st, "deleting the run");
    while ( (rc = sqlite3_step(s)) == SQLITE_ROW )
    {
        char *sql = sqlite3_mprintf("DELETE FROM \"%w\" WHERE run_id = ?1",
                                    (const char *)sqlite3_column_text(s, 0));

        if ( !sql || sqlite3_prepare_v2(st->db, sql, -1, &d, NULL) !=
                         SQLITE_OK )
        {
            sqlite3_free(sql);
            sqlite3_finalize(s);
            return xabi_store_sql_error(st, "deleting the run");
        }
        sqlite3_free(sql);
        sqlite3_bind_int64(d, 1, run_id);
        rc = sqlite3_step(d);
        sqlite3_finalize(d);
        if ( rc != SQLITE_DONE )
        {
            sqlite3_finalize(s);
            return xabi_store_sql_error(st, "deleting the run");
        }
    }
    sqlite3_finalize(s);
    if ( rc != SQLITE_DONE )
        return xabi_store_sql_error(st, "deleting the run");
    return run_update(st, "DELETE FROM run WHERE id = ?1",
                      run_id, NULL, 0);
}

int xabi_store_run_set_label(struct xabi_store *st, int64_t run_id,
                             const char *label)
{
    return run_update(st, "UPDATE run SET label = NULLIF(?2, '') WHERE id = ?1",
                      run_id, label, 0);
}
