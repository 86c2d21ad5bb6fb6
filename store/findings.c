/*
 * findings.c: the analyzer's findings in and out of schema/005-findings.sql.
 *
 * A check replaces the previous findings of the rules it runs, inside the
 * caller's transaction: either the new set is there or the old one is.
 */
#include "store/store-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char *const verdict_names[] = {
    [XABI_PASS] = "PASS", [XABI_INFO] = "INFO", [XABI_WARN] = "WARN",
    [XABI_FAIL] = "FAIL", [XABI_NOT_OBSERVED] = "NOT-OBSERVED",
};
static const char *const reason_names[] = {
    [XABI_REASON_NONE] = NULL,
    [XABI_REASON_NO_SCHED] = "no-scheduler-records",
    [XABI_REASON_LOST] = "lost-records",
    [XABI_REASON_NO_SNAPSHOT] = "no-snapshot",
    [XABI_REASON_NO_CATALOGUE] = "no-catalogue",
    [XABI_REASON_NO_FACTS] = "no-facts",
    [XABI_REASON_NOT_IN_SOURCE] = "not-in-source",
    [XABI_REASON_NOT_TRACED] = "not-traced",
    [XABI_REASON_NOT_INTERCEPTED] = "not-intercepted",
};
#define NVERDICTS (sizeof(verdict_names) / sizeof(verdict_names[0]))
#define NREASONS (sizeof(reason_names) / sizeof(reason_names[0]))

const char *xabi_verdict_name(enum xabi_verdict v)
{
    return (size_t)v < NVERDICTS ? verdict_names[v] : "?";
}

int xabi_verdict_parse(const char *s)
{
    size_t i;

    for ( i = 0; s && i < NVERDICTS; i++ )
    {
        if ( strcasecmp(s, verdict_names[i]) == 0 )
            return (int)i;
    }
    return -1;
}

const char *xabi_reason_name(enum xabi_reason r)
{
    return (size_t)r < NREASONS ? reason_names[r] : NULL;
}

static int find_name(const char *const *tab, size_t n, const char *s);

enum xabi_reason xabi_reason_parse(const char *s)
{
    return (enum xabi_reason)find_name(reason_names, NREASONS, s);
}

static int find_name(const char *const *tab, size_t n, const char *s)
{
    size_t i;

    for ( i = 0; s && i < n; i++ )
    {
        if ( tab[i] && strcmp(tab[i], s) == 0 )
            return (int)i;
    }
    return 0;
}

int xabi_store_findings_reset(struct xabi_store *st, int64_t run_id,
                              const char *const *ids, size_t nids)
{
    sqlite3_stmt *s;
    char when[32], rules[1024] = "";
    time_t now = time(NULL);
    struct tm tm;
    size_t i, used = 0;
    int rc;

    if ( sqlite3_prepare_v2(st->db,
                            "DELETE FROM finding WHERE run_id = ?1 AND "
                            "(?2 IS NULL OR rule_id = ?2)",
                            -1, &s, NULL) != SQLITE_OK )
        return xabi_store_sql_error(st, "replacing findings");
    sqlite3_bind_int64(s, 1, run_id);
    for ( i = 0; i < (nids ? nids : 1); i++ )
    {
        if ( nids )
        {
            sqlite3_bind_text(s, 2, ids[i], -1, SQLITE_STATIC);
            used += (size_t)snprintf(rules + used, sizeof(rules) - used,
                                     "%s%s", i ? "," : "", ids[i]);
            if ( used >= sizeof(rules) )
                used = sizeof(rules) - 1;
        }
        if ( xabi_store_step_done(st, s, "replacing findings") )
        {
            sqlite3_finalize(s);
            return -1;
        }
    }
    sqlite3_finalize(s);

    gmtime_r(&now, &tm);
    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
    if ( sqlite3_prepare_v2(st->db,
                            "INSERT OR REPLACE INTO check_run VALUES (?1, ?2, "
                            "?3, ?4)",
                            -1, &s, NULL) != SQLITE_OK )
        return xabi_store_sql_error(st, "recording the check");
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_text(s, 2, when, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(s, 3, XABI_VERSION, -1, SQLITE_STATIC);
    if ( nids )
        sqlite3_bind_text(s, 4, rules, -1, SQLITE_TRANSIENT);
    rc = xabi_store_step_done(st, s, "recording the check");
    sqlite3_finalize(s);
    return rc;
}

int xabi_store_put_rule(struct xabi_store *st, const struct xabi_rule_row *r)
{
    const char *v[] = { r->id,    r->title, r->severity, r->citation,
                        r->doc,   r->since, r->until,    r->reads };
    sqlite3_stmt *s;
    size_t i;
    int rc;

    if ( sqlite3_prepare_v2(st->db,
                            "INSERT OR REPLACE INTO rule VALUES (?1, ?2, ?3, "
                            "?4, ?5, ?6, ?7, ?8)",
                            -1, &s, NULL) != SQLITE_OK )
        return xabi_store_sql_error(st, "storing a rule");
    for ( i = 0; i < sizeof(v) / sizeof(v[0]); i++ )
    {
        if ( v[i] )
            sqlite3_bind_text(s, (int)i + 1, v[i], -1, SQLITE_STATIC);
    }
    rc = xabi_store_step_done(st, s, "storing a rule");
    sqlite3_finalize(s);
    return rc;
}

int xabi_store_put_finding(struct xabi_store *st, int64_t run_id,
                           const struct xabi_finding *f)
{
    sqlite3_stmt *s;
    int rc;

    if ( sqlite3_prepare_v2(st->db,
                            "INSERT INTO finding (run_id, rule_id, verdict, "
                            "reason, domid, vcpu, tsc, snapshot_id, offset, "
                            "fact_kind, fact_key, count, message) VALUES "
                            "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
                            "?12, ?13)",
                            -1, &s, NULL) != SQLITE_OK )
        return xabi_store_sql_error(st, "storing a finding");
    sqlite3_bind_int64(s, 1, run_id);
    sqlite3_bind_text(s, 2, f->rule_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 3, xabi_verdict_name(f->verdict), -1, SQLITE_STATIC);
    if ( f->verdict == XABI_NOT_OBSERVED )
        sqlite3_bind_text(s, 4, xabi_reason_name(f->reason), -1,
                          SQLITE_STATIC);
    if ( f->has_domain )
    {
        sqlite3_bind_int(s, 5, f->domid);
        sqlite3_bind_int(s, 6, f->vcpu);
    }
    if ( f->has_tsc )
        sqlite3_bind_int64(s, 7, (sqlite3_int64)f->tsc);
    if ( f->snapshot_id )
        sqlite3_bind_int64(s, 8, f->snapshot_id);
    if ( f->has_offset )
        sqlite3_bind_int64(s, 9, (sqlite3_int64)f->offset);
    if ( f->fact_kind )
    {
        sqlite3_bind_text(s, 10, f->fact_kind, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 11, f->fact_key);
    }
    if ( f->count )
        sqlite3_bind_int64(s, 12, (sqlite3_int64)f->count);
    sqlite3_bind_text(s, 13, f->message, -1, SQLITE_STATIC);
    rc = xabi_store_step_done(st, s, "storing a finding");
    sqlite3_finalize(s);
    return rc;
}

static void read_finding(sqlite3_stmt *s, struct xabi_finding *f)
{
    memset(f, 0, sizeof(*f));
    f->rule_id = (const char *)sqlite3_column_text(s, 0);
    f->verdict = (enum xabi_verdict)find_name(
        verdict_names, NVERDICTS, (const char *)sqlite3_column_text(s, 1));
    f->reason = (enum xabi_reason)find_name(
        reason_names, NREASONS, (const char *)sqlite3_column_text(s, 2));
    f->has_domain = sqlite3_column_type(s, 3) != SQLITE_NULL;
    f->domid = sqlite3_column_int(s, 3);
    f->vcpu = sqlite3_column_int(s, 4);
    f->has_tsc = sqlite3_column_type(s, 5) != SQLITE_NULL;
    f->tsc = (uint64_t)sqlite3_column_int64(s, 5);
    f->snapshot_id = sqlite3_column_int64(s, 6);
    f->has_offset = sqlite3_column_type(s, 7) != SQLITE_NULL;
    f->offset = (uint64_t)sqlite3_column_int64(s, 7);
    f->fact_kind = (const char *)sqlite3_column_text(s, 8);
    f->fact_key = sqlite3_column_int64(s, 9);
    f->count = (uint64_t)sqlite3_column_int64(s, 10);
    f->message = (const char *)sqlite3_column_text(s, 11);
}

int xabi_store_each_finding(struct xabi_store *st, int64_t run_id,
                            xabi_store_finding_fn fn, void *ctx)
{
    struct xabi_finding f;
    sqlite3_stmt *s;
    int rc, cb = 0;

    if ( sqlite3_prepare_v2(st->db,
                            "SELECT rule_id, verdict, reason, domid, vcpu, "
                            "tsc, snapshot_id, offset, fact_kind, fact_key, "
                            "count, message FROM finding WHERE run_id = ?1 "
                            "ORDER BY domid IS NOT NULL, domid, rule_id, id",
                            -1, &s, NULL) != SQLITE_OK )
        return xabi_store_sql_error(st, "reading findings");
    sqlite3_bind_int64(s, 1, run_id);
    while ( (rc = sqlite3_step(s)) == SQLITE_ROW )
    {
        read_finding(s, &f);
        if ( (cb = fn(ctx, &f)) != 0 )
            break;
    }
    sqlite3_finalize(s);
    if ( cb < 0 )
        return -1;
    if ( cb == 0 && rc != SQLITE_DONE )
        return xabi_store_sql_error(st, "reading findings");
    return 0;
}
