/*
 * analyze.c: the check driver.  xabi_analyze() runs rules and hands
 * findings to a callback without writing anything; xabi_check_run() wraps
 * it in the one transaction that replaces a run's previous findings.
 */
#include "analyzer/analyzer-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int load_lost(void *ctx, const struct xabi_lost *l)
{
    struct xabi_check *ck = ctx;
    struct xabi_lost *n;

    n = realloc(ck->lost, (ck->nlost + 1) * sizeof(*n));
    if ( !n )
    {
        xabi_check_fail(ck, "out of memory");
        return -1;
    }
    ck->lost = n;
    ck->lost[ck->nlost++] = *l;
    return 0;
}

/* Everything rules share: the run, its lost spans, the catalogue size. */
static int prepare(struct xabi_check *ck, int64_t run_id)
{
    bool found;

    if ( xabi_store_get_run(ck->st, run_id, &ck->run, &found) )
        return xabi_check_store_fail(ck);
    if ( !found )
        return xabi_check_fail(ck, "no run %lld in this database "
                               "(`xabi stats` lists the runs)",
                               (long long)run_id);
    if ( xabi_store_each_lost(ck->st, run_id, load_lost, ck) )
        return ck->err[0] ? -1 : xabi_check_store_fail(ck);
    /*
     * The catalogue is keyed by release series ("4.17"); a run may name a
     * point release ("4.17.7"), whose public ABI is its series'.
     */
    if ( xabi_version_release(ck->run.xen_version, ck->abi_version,
                              sizeof(ck->abi_version)) )
        snprintf(ck->abi_version, sizeof(ck->abi_version), "%.15s",
                 ck->run.xen_version);
    if ( xabi_store_catalogue_size(ck->st, ck->abi_version,
                                   &ck->cat_hypercalls, &ck->cat_subops,
                                   &ck->cat_skipped) )
        return xabi_check_store_fail(ck);
    return 0;
}

int xabi_analyze(struct xabi_store *st, int64_t run_id,
                 const struct xabi_rule *const *rules, size_t nrules,
                 xabi_finding_fn fn, void *ctx, struct xabi_check_summary *sum,
                 char *err, size_t errlen)
{
    struct xabi_check ck;
    const struct xabi_rule *all;
    size_t i, n;
    int rc = 0;

    memset(&ck, 0, sizeof(ck));
    memset(sum, 0, sizeof(*sum));
    err[0] = '\0';
    ck.st = st;
    ck.fn = fn;
    ck.fn_ctx = ctx;
    ck.sum = sum;
    ck.err = err;
    ck.errlen = errlen;
    all = xabi_rules(&n);
    if ( nrules )
        n = nrules;
    if ( prepare(&ck, run_id) )
        rc = -1;
    for ( i = 0; i < n && !rc; i++ )
    {
        ck.rule = nrules ? rules[i] : &all[i];
        if ( !xabi_rule_applies(ck.rule, ck.run.xen_version) )
        {
            sum->rules_skipped++;
            continue;
        }
        sum->rules_run++;
        rc = ck.rule->check(&ck);
        if ( rc && !err[0] )
            xabi_check_fail(&ck, "%s: failed without a message", ck.rule->id);
    }
    free(ck.lost);
    return rc ? -1 : 0;
}

struct recorder
{
    struct xabi_store *st;
    int64_t run_id;
};

static int record_finding(void *ctx, const struct xabi_finding *f)
{
    struct recorder *r = ctx;

    return xabi_store_put_finding(r->st, r->run_id, f) ? -1 : 0;
}

/*
 * Resolve ids to rules and their canonical ids (the caller frees both); an
 * unknown id fails, naming it.
 */
static int resolve(const char *const *ids, size_t nids,
                   const struct xabi_rule ***rules, const char ***canon,
                   char *err, size_t errlen)
{
    size_t i;

    *rules = calloc(nids, sizeof(**rules));
    *canon = calloc(nids, sizeof(**canon));
    if ( !*rules || !*canon )
    {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for ( i = 0; i < nids; i++ )
    {
        (*rules)[i] = xabi_rule_find(ids[i]);
        if ( !(*rules)[i] )
        {
            snprintf(err, errlen, "no rule '%s' (`xabi rules` lists them)",
                     ids[i]);
            return -1;
        }
        (*canon)[i] = (*rules)[i]->id;
    }
    return 0;
}

/* Refuse an unknown run before a transaction touches anything. */
static int run_exists(struct xabi_store *st, int64_t run_id, char *err,
                      size_t errlen)
{
    struct xabi_run_row run;
    bool found;

    if ( xabi_store_get_run(st, run_id, &run, &found) )
        snprintf(err, errlen, "%s", xabi_store_errmsg(st));
    else if ( !found )
        snprintf(err, errlen, "no run %lld in this database",
                 (long long)run_id);
    return found ? 0 : -1;
}

/* Roll back after a failure; the store's message, unless err has one. */
static int abandon(struct xabi_store *st, char *err, size_t errlen)
{
    if ( !err[0] )
        snprintf(err, errlen, "%s", xabi_store_errmsg(st));
    xabi_store_rollback(st);
    return -1;
}

/* Refresh the database's copy of the registry (schema: rule). */
static int put_rules(struct xabi_store *st)
{
    const struct xabi_rule *r;
    size_t i, n;

    r = xabi_rules(&n);
    for ( i = 0; i < n; i++ )
    {
        struct xabi_rule_row row = {
            r[i].id,  r[i].title, xabi_verdict_name(r[i].severity),
            r[i].citation, r[i].doc, r[i].since, r[i].until, r[i].reads,
        };

        if ( xabi_store_put_rule(st, &row) )
            return -1;
    }
    return 0;
}

int xabi_check_run(struct xabi_store *st, int64_t run_id,
                   const char *const *ids, size_t nids,
                   struct xabi_check_summary *sum, char *err, size_t errlen)
{
    const struct xabi_rule **rules = NULL;
    const char **canon = NULL;
    struct recorder rec = { st, run_id };
    int rc = -1;

    memset(sum, 0, sizeof(*sum));
    err[0] = '\0';
    if ( (nids && resolve(ids, nids, &rules, &canon, err, errlen)) ||
         run_exists(st, run_id, err, errlen) )
        goto out;
    if ( xabi_store_begin(st) || put_rules(st) ||
         xabi_store_findings_reset(st, run_id, canon, nids) ||
         xabi_analyze(st, run_id, (const struct xabi_rule *const *)rules,
                      nids, record_finding, &rec, sum, err, errlen) ||
         xabi_store_commit(st) )
        rc = abandon(st, err, errlen);
    else
        rc = 0;
out:
    free(rules);
    free((void *)canon);
    return rc;
}
