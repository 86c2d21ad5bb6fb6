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

void xabi_gen_finding_text(char *buf, size_t n, const struct xabi_rows *f,
                           const char *rule, const char *snapshot_id,
                           bool message)
{
    bool any_rule = false;
    size_t r, k = 0;

    buf[0] = '\0';
    if ( !f->nrows )
    {
        snprintf(buf, n, "%s: not checked: run `xabi check`", rule);
        return;
    }
    for ( r = 0; r < f->nrows && k < n; r++ )
    {
        if ( strcmp(xabi_rows_get(f, r, "rule_id"), rule) )
            continue;
        any_rule = true;
        if ( snapshot_id &&
             strcmp(xabi_rows_get(f, r, "snapshot_id"), snapshot_id) )
            continue;
        k += (size_t)snprintf(
            buf + k, n - k, "%s%s %s%s%s%s%s%s", k ? "; " : "", rule,
            xabi_rows_get(f, r, "verdict"),
            xabi_rows_null(f, r, "reason") ? "" : " (",
            xabi_rows_get(f, r, "reason"),
            xabi_rows_null(f, r, "reason") ? "" : ")", message ? ": " : "",
            message ? xabi_rows_get(f, r, "message") : "");
    }
    if ( k )
        return;
    if ( !any_rule )
        snprintf(buf, n, "%s: not checked: run `xabi check`", rule);
    else
        snprintf(buf, n, "%s: NOT-OBSERVED: no finding for snapshot %s", rule,
                 snapshot_id ? snapshot_id : "");
}
