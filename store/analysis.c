/*
 * analysis.c: what the analyzer reads from the store: a run, the
 * catalogue of its Xen version, facts, aggregates and lost spans.
 * A callback returns 0 to go on, > 0 to stop, < 0 to fail (the walk
 * then returns -1 and the callback owns the message).
 *
 * These run once per rule per check, not per record, so each prepares its
 * statement on the spot instead of using the handle's statement cache.
 * Callbacks get plain structs whose strings are borrowed for the call.
 */
#include "store/store-int.h"

#include <stdio.h>
#include <string.h>

static int prep(struct xabi_store *st, const char *sql, sqlite3_stmt **s)
{
    if ( sqlite3_prepare_v2(st->db, sql, -1, s, NULL) != SQLITE_OK )
    {
        *s = NULL;
        return xabi_store_sql_error(st, "preparing a query");
    }
    return 0;
}

/* Step to the end; rc of the last step. */
static int finish(struct xabi_store *st, sqlite3_stmt *s, int rc,
                  const char *what)
{
    sqlite3_finalize(s);
    if ( rc < 0 ) /* a callback failed; its message is its own */
        return -1;
    if ( rc != SQLITE_DONE && rc != SQLITE_ROW )
        return xabi_store_sql_error(st, what);
    return 0;
}

static void col_text(sqlite3_stmt *s, int col, char *buf, size_t len)
{
    const unsigned char *t = sqlite3_column_text(s, col);

    snprintf(buf, len, "%s", t ? (const char *)t : "");
}

int xabi_store_get_run(struct xabi_store *st, int64_t run_id,
                       struct xabi_run_row *out, bool *found)
{
    sqlite3_stmt *s;
    int rc;

    memset(out, 0, sizeof(*out));
    *found = false;
    if ( prep(st,
              "SELECT id, xen_version, source_kind, status, status_detail, "
              "source_path, records, lost_records, unknown_records "
              "FROM run WHERE id = ?1",
              &s) )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    rc = sqlite3_step(s);
    if ( rc == SQLITE_ROW )
    {
        *found = true;
        out->id = sqlite3_column_int64(s, 0);
        col_text(s, 1, out->xen_version, sizeof(out->xen_version));
        col_text(s, 2, out->source_kind, sizeof(out->source_kind));
        col_text(s, 3, out->status, sizeof(out->status));
        col_text(s, 4, out->status_detail, sizeof(out->status_detail));
        col_text(s, 5, out->source_path, sizeof(out->source_path));
        out->records = (uint64_t)sqlite3_column_int64(s, 6);
        out->lost_records = (uint64_t)sqlite3_column_int64(s, 7);
        out->unknown_records = (uint64_t)sqlite3_column_int64(s, 8);
    }
    return finish(st, s, rc, "reading the run");
}

int xabi_store_catalogue_size(struct xabi_store *st, const char *version,
                              int64_t *hypercalls, int64_t *subops,
                              int64_t *skipped)
{
    sqlite3_stmt *s;
    int rc;

    *hypercalls = *subops = *skipped = 0;
    if ( prep(st,
              "SELECT (SELECT count(*) FROM abi_hypercall WHERE version = ?1),"
              " (SELECT count(*) FROM abi_subop WHERE version = ?1),"
              " (SELECT coalesce(sum(skipped), 0) FROM abi_version "
              "WHERE version = ?1)",
              &s) )
        return -1;
    sqlite3_bind_text(s, 1, version, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if ( rc == SQLITE_ROW )
    {
        *hypercalls = sqlite3_column_int64(s, 0);
        *subops = sqlite3_column_int64(s, 1);
        *skipped = sqlite3_column_int64(s, 2);
    }
    return finish(st, s, rc, "reading the catalogue");
}

int xabi_store_abi_hypercall(struct xabi_store *st, const char *version,
                             int64_t nr, struct xabi_cat_hypercall *out,
                             bool *found)
{
    sqlite3_stmt *s;
    int rc;

    memset(out, 0, sizeof(*out));
    *found = false;
    /*
     * A compat alias shares its number: prefer the entry that is not one,
     * and x86's name of a generic slot (48: mca, not arch_0).
     */
    if ( prep(st,
              "SELECT name, deprecated, dropped, x86_only FROM abi_hypercall "
              "WHERE version = ?1 AND nr = ?2 "
              "ORDER BY alias_of IS NOT NULL, x86_only DESC, name LIMIT 1",
              &s) )
        return -1;
    sqlite3_bind_text(s, 1, version, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, nr);
    rc = sqlite3_step(s);
    if ( rc == SQLITE_ROW )
    {
        *found = true;
        col_text(s, 0, out->name, sizeof(out->name));
        out->deprecated = sqlite3_column_int(s, 1);
        out->dropped = sqlite3_column_int(s, 2);
        out->x86_only = sqlite3_column_int(s, 3);
    }
    return finish(st, s, rc, "reading the catalogue");
}

int xabi_store_abi_subop(struct xabi_store *st, const char *version,
                         const char *hypercall, int64_t nr, bool *catalogued,
                         bool *known)
{
    sqlite3_stmt *s;
    int rc;

    *catalogued = *known = false;
    if ( prep(st,
              "SELECT count(*), coalesce(sum(nr = ?3), 0) FROM abi_subop "
              "WHERE version = ?1 AND hypercall = ?2",
              &s) )
        return -1;
    sqlite3_bind_text(s, 1, version, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 2, hypercall, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 3, nr);
    rc = sqlite3_step(s);
    if ( rc == SQLITE_ROW )
    {
        *catalogued = sqlite3_column_int64(s, 0) > 0;
        *known = sqlite3_column_int64(s, 1) > 0;
    }
    return finish(st, s, rc, "reading the catalogue");
}

int xabi_store_x86_vector(struct xabi_store *st, int vector, bool *known,
                          bool *has_error_code)
{
    sqlite3_stmt *s;
    int rc;

    *known = *has_error_code = false;
    if ( prep(st, "SELECT has_error_code FROM x86_vector WHERE vector = ?1",
              &s) )
        return -1;
    sqlite3_bind_int(s, 1, vector);
    rc = sqlite3_step(s);
    if ( rc == SQLITE_ROW )
    {
        *known = true;
        *has_error_code = sqlite3_column_int(s, 0);
    }
    return finish(st, s, rc, "reading x86_vector");
}

int xabi_store_observable(struct xabi_store *st, int64_t run_id,
                          const char *kind_or_class,
                          struct xabi_observable *out)
{
    sqlite3_stmt *s;
    int rc;

    memset(out, 0, sizeof(*out));
    if ( prep(st,
              "SELECT traced, reason, detail FROM v_run_class "
              "WHERE run_id = ?1 AND class = coalesce((SELECT trc_class "
              "FROM fact_kind WHERE kind = ?2), ?2)",
              &s) )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_text(s, 2, kind_or_class, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if ( rc == SQLITE_ROW )
    {
        const unsigned char *d = sqlite3_column_text(s, 2);

        out->known = true;
        out->traced = sqlite3_column_int(s, 0) != 0;
        out->reason = xabi_reason_parse(
            (const char *)sqlite3_column_text(s, 1));
        snprintf(out->detail, sizeof(out->detail), "%s",
                 d ? (const char *)d : "");
    }
    return finish(st, s, rc, "reading what the run could observe");
}

/* A nullable integer column. */
static void read_opt(sqlite3_stmt *s, int col, bool *has, uint64_t *tsc)
{
    *has = sqlite3_column_type(s, col) != SQLITE_NULL;
    *tsc = *has ? (uint64_t)sqlite3_column_int64(s, col) : 0;
}

int xabi_store_each_agg(struct xabi_store *st, int64_t run_id,
                        const char *kind, xabi_store_agg_fn fn, void *ctx)
{
    struct xabi_fact_agg a;
    sqlite3_stmt *s;
    int rc, cb;

    if ( prep(st,
              "SELECT domid, vcpu, key, count, with_error_code, first_tsc, "
              "last_tsc FROM fact_agg WHERE run_id = ?1 AND kind = ?2 "
              "ORDER BY domid, vcpu, key",
              &s) )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
    while ( (rc = sqlite3_step(s)) == SQLITE_ROW )
    {
        bool has_last;

        memset(&a, 0, sizeof(a));
        a.kind = kind;
        a.domid = sqlite3_column_int(s, 0);
        a.vcpu = sqlite3_column_int(s, 1);
        a.key = sqlite3_column_int64(s, 2);
        a.count = (uint64_t)sqlite3_column_int64(s, 3);
        a.with_error_code = (uint64_t)sqlite3_column_int64(s, 4);
        read_opt(s, 5, &a.has_tsc, &a.first_tsc);
        read_opt(s, 6, &has_last, &a.last_tsc);
        if ( (cb = fn(ctx, &a)) != 0 )
        {
            rc = cb < 0 ? -1 : SQLITE_DONE;
            break;
        }
    }
    return finish(st, s, rc, "reading aggregates");
}

#define FACT_COLUMNS                                                          \
    "domid, vcpu, pcpu, tsc, offset, event, key, sample, is_64bit, rip, "     \
    "addr, error_code, argmask, arg0, arg1, arg2, arg3, arg4, arg5, kind"

/* Fill f from a row of FACT_COLUMNS; f->kind is borrowed from s. */
static int read_fact(sqlite3_stmt *s, struct xabi_fact *f)
{
    int i;

    memset(f, 0, sizeof(*f));
    f->domid = sqlite3_column_int(s, 0);
    f->vcpu = sqlite3_column_int(s, 1);
    f->pcpu = (uint16_t)sqlite3_column_int(s, 2);
    read_opt(s, 3, &f->has_tsc, &f->tsc);
    f->offset = (uint64_t)sqlite3_column_int64(s, 4);
    f->event = (uint32_t)sqlite3_column_int64(s, 5);
    f->key = sqlite3_column_int64(s, 6);
    f->is_64bit = sqlite3_column_int(s, 8);
    read_opt(s, 9, &f->has_rip, &f->rip);
    read_opt(s, 10, &f->has_addr, &f->addr);
    f->has_error_code = sqlite3_column_type(s, 11) != SQLITE_NULL;
    f->error_code = (uint32_t)sqlite3_column_int64(s, 11);
    f->argmask = (uint8_t)sqlite3_column_int(s, 12);
    for ( i = 0; i < 6; i++ )
        f->args[i] = (uint64_t)sqlite3_column_int64(s, 13 + i);
    f->kind = (const char *)sqlite3_column_text(s, 19);
    return sqlite3_column_int(s, 7);
}

/* Hand each row of s (FACT_COLUMNS) to fn, then finalize s. */
static int each_fact_row(struct xabi_store *st, sqlite3_stmt *s,
                         xabi_store_fact_fn fn, void *ctx, const char *what)
{
    struct xabi_fact f;
    int rc, cb, sample;

    while ( (rc = sqlite3_step(s)) == SQLITE_ROW )
    {
        sample = read_fact(s, &f);
        if ( (cb = fn(ctx, &f, sample)) != 0 )
        {
            rc = cb < 0 ? -1 : SQLITE_DONE;
            break;
        }
    }
    return finish(st, s, rc, what);
}

int xabi_store_each_fact(struct xabi_store *st, int64_t run_id,
                         const char *kind, xabi_store_fact_fn fn, void *ctx)
{
    sqlite3_stmt *s;

    if ( prep(st,
              "SELECT " FACT_COLUMNS " FROM fact WHERE run_id = ?1 AND "
              "kind = ?2 ORDER BY tsc, offset",
              &s) )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_text(s, 2, kind, -1, SQLITE_STATIC);
    return each_fact_row(st, s, fn, ctx, "reading facts");
}

int xabi_store_last_exceptions(struct xabi_store *st, int64_t run_id,
                               int32_t domid, uint64_t tsc, unsigned n,
                               xabi_store_fact_fn fn, void *ctx)
{
    sqlite3_stmt *s;

    if ( prep(st,
              "SELECT " FACT_COLUMNS " FROM fact WHERE run_id = ?1 AND "
              "domid = ?2 AND kind IN ('trap', 'hvm_inj_exc', 'hvm_trap') "
              "AND tsc <= ?3 ORDER BY tsc DESC, offset DESC LIMIT ?4",
              &s) )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int(s, 2, domid);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)tsc);
    sqlite3_bind_int(s, 4, (int)n);
    return each_fact_row(st, s, fn, ctx, "reading exceptions");
}

int xabi_store_event_class_seen(struct xabi_store *st, int64_t run_id,
                                unsigned cls, bool *seen)
{
    sqlite3_stmt *s;
    int rc;

    *seen = false;
    if ( prep(st,
              "SELECT 1 FROM event_count WHERE run_id = ?1 AND "
              "((event >> 16) & 4095) = ?2 LIMIT 1",
              &s) )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int(s, 2, (int)cls);
    rc = sqlite3_step(s);
    *seen = rc == SQLITE_ROW;
    return finish(st, s, rc, "reading event counts");
}

int xabi_store_each_domain_state(struct xabi_store *st, int64_t run_id,
                                 xabi_store_state_fn fn, void *ctx)
{
    struct xabi_domain_state d;
    sqlite3_stmt *s;
    int rc, cb;

    if ( prep(st,
              "SELECT domid, phase = 'end', shutdown, shutdown_reason, dying "
              "FROM live_domain_state WHERE run_id = ?1 "
              "ORDER BY domid, phase = 'end'",
              &s) )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    while ( (rc = sqlite3_step(s)) == SQLITE_ROW )
    {
        memset(&d, 0, sizeof(d));
        d.domid = sqlite3_column_int(s, 0);
        d.end = sqlite3_column_int(s, 1);
        d.shutdown = sqlite3_column_int(s, 2);
        d.reason = (uint32_t)sqlite3_column_int64(s, 3);
        d.dying = sqlite3_column_int(s, 4);
        if ( (cb = fn(ctx, &d)) != 0 )
        {
            rc = cb < 0 ? -1 : SQLITE_DONE;
            break;
        }
    }
    return finish(st, s, rc, "reading domain states");
}

int xabi_store_first_fact(struct xabi_store *st, int64_t run_id,
                          int32_t domid, int32_t vcpu, const char *kind,
                          int64_t key, struct xabi_fact *out, bool *found)
{
    sqlite3_stmt *s;
    int rc;

    *found = false;
    memset(out, 0, sizeof(*out));
    if ( prep(st,
              "SELECT " FACT_COLUMNS " FROM fact WHERE run_id = ?1 AND "
              "domid = ?2 AND vcpu = ?3 AND kind = ?4 AND key = ?5 "
              "ORDER BY tsc, offset LIMIT 1",
              &s) )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_int(s, 2, domid);
    sqlite3_bind_int(s, 3, vcpu);
    sqlite3_bind_text(s, 4, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 5, key);
    rc = sqlite3_step(s);
    if ( rc == SQLITE_ROW )
    {
        *found = true;
        read_fact(s, out);
        out->kind = kind; /* the row's text dies with the statement */
    }
    return finish(st, s, rc, "reading facts");
}

int xabi_store_each_lost(struct xabi_store *st, int64_t run_id,
                         xabi_store_lost_fn fn, void *ctx)
{
    struct xabi_lost l;
    sqlite3_stmt *s;
    int rc, cb;

    if ( prep(st,
              "SELECT pcpu, offset, count, domid, vcpu, first_tsc, tsc "
              "FROM lost WHERE run_id = ?1 ORDER BY first_tsc, pcpu",
              &s) )
        return -1;
    sqlite3_bind_int64(s, 1, run_id);
    while ( (rc = sqlite3_step(s)) == SQLITE_ROW )
    {
        memset(&l, 0, sizeof(l));
        l.pcpu = (uint16_t)sqlite3_column_int(s, 0);
        l.offset = (uint64_t)sqlite3_column_int64(s, 1);
        l.count = (uint32_t)sqlite3_column_int64(s, 2);
        l.domid = sqlite3_column_int(s, 3);
        l.vcpu = sqlite3_column_int(s, 4);
        l.first_tsc = (uint64_t)sqlite3_column_int64(s, 5);
        l.tsc = (uint64_t)sqlite3_column_int64(s, 6);
        if ( (cb = fn(ctx, &l)) != 0 )
        {
            rc = cb < 0 ? -1 : SQLITE_DONE;
            break;
        }
    }
    return finish(st, s, rc, "reading lost records");
}
