/*
 * findings.c: the analyzer's stored findings, for the pages that show them
 * next to what was observed.  Only the analyzer decides a verdict; a page
 * quotes the `finding` rows `xabi check` wrote (verdict, message), and
 * where there are none says the run was not checked.
 */
#include "generator/generator-int.h"

#include <stdio.h>
#include <string.h>

int xabi_gen_findings_load(struct xabi_gen *g, int64_t run_id,
                           struct xabi_rows *f)
{
    return xabi_gen_load(g, f, "page_findings", run_id, "finding");
}

/* Which findings of a rule a page cell quotes; NULL fields match any. */
struct filter
{
    const char *rule, *snapshot_id, *domid, *fact_kind, *fact_key;
    bool message;
    bool where; /* name each finding's run and domain (a group's) */
    const struct xabi_gen *g; /* with in: only the group's runs */
    const bool *in;
    const char *none; /* what a rule with findings, none of them these, is */
};

static bool col_is(const struct xabi_rows *f, size_t r, const char *col,
                   const char *want)
{
    return !want || strcmp(xabi_rows_get(f, r, col), want) == 0;
}

static void finding_text(char *buf, size_t n, const struct xabi_rows *f,
                         const struct filter *w)
{
    bool any_rule = false;
    size_t r, k = 0;

    buf[0] = '\0';
    for ( r = 0; r < f->nrows && k < n; r++ )
    {
        if ( !col_is(f, r, "rule_id", w->rule) )
            continue;
        any_rule = true;
        if ( w->in &&
             !xabi_gen_in_group(w->g, w->in, xabi_rows_get(f, r, "run_id")) )
            continue;
        if ( !col_is(f, r, "snapshot_id", w->snapshot_id) ||
             !col_is(f, r, "domid", w->domid) ||
             !col_is(f, r, "fact_kind", w->fact_kind) ||
             !col_is(f, r, "fact_key", w->fact_key) )
            continue;
        if ( w->where && k < n )
        {
            char who[64];

            xabi_gen_who(who, sizeof(who), xabi_rows_get(f, r, "domid"),
                         xabi_rows_get(f, r, "vcpu"));
            k += (size_t)snprintf(buf + k, n - k, "%srun %s %s: ",
                                  k ? "; " : "",
                                  xabi_rows_get(f, r, "run_id"), who);
        }
        if ( k >= n )
            break;
        k += (size_t)snprintf(
            buf + k, n - k, "%s%s %s%s%s%s%s%s",
            k && !w->where ? "; " : "", w->rule,
            xabi_rows_get(f, r, "verdict"),
            xabi_rows_null(f, r, "reason") ? "" : " (",
            xabi_rows_get(f, r, "reason"),
            xabi_rows_null(f, r, "reason") ? "" : ")", w->message ? ": " : "",
            w->message ? xabi_rows_get(f, r, "message") : "");
    }
    if ( k )
        return;
    if ( !any_rule )
        snprintf(buf, n, "%s: not checked: run `xabi check`", w->rule);
    else
        snprintf(buf, n, "%s: %s", w->rule, w->none);
}

void xabi_gen_finding_text(char *buf, size_t n, const struct xabi_rows *f,
                           const char *rule, const char *snapshot_id,
                           bool message)
{
    char none[96];
    struct filter w = {rule,  snapshot_id, NULL, NULL, NULL, message,
                       false, NULL,  NULL,        none};

    snprintf(none, sizeof(none), "NOT-OBSERVED: no finding for snapshot %s",
             snapshot_id ? snapshot_id : "");
    finding_text(buf, n, f, &w);
}

void xabi_gen_fact_finding_text(char *buf, size_t n, const struct xabi_rows *f,
                                const char *rule, const char *domid,
                                const char *fact_kind, const char *fact_key,
                                const char *none)
{
    struct filter w = {rule, NULL,  domid, fact_kind, fact_key, true,
                       false, NULL, NULL, none};

    finding_text(buf, n, f, &w);
}

int xabi_gen_group_findings_load(struct xabi_gen *g, size_t first,
                                 struct xabi_rows *f)
{
    return xabi_gen_load(g, f, "page_g_findings",
                         xabi_rows_num(&g->runs, first, "id"), "finding");
}

void xabi_gen_group_finding_text(char *buf, size_t n,
                                 const struct xabi_gen *g, const bool *in,
                                 const struct xabi_rows *f, const char *rule,
                                 const char *fact_kind, const char *fact_key,
                                 const char *none)
{
    struct filter w = {rule, NULL, NULL, fact_kind, fact_key, true,
                       true, g,    in,   none};

    finding_text(buf, n, f, &w);
}
