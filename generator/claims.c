/*
 * claims.c: "What the documentation says, and what Xen does": the claims
 * register of abi/ (where each statement is written, what it says, what
 * decides it) with the verdicts rule DOC-001 stored for it, one table per
 * page for the claims about that page's guests, and the page "claims" with
 * all of them.  The verdicts are the analyzer's; the page words them
 * (INFO: refuted, PASS: verified, NOT-OBSERVED: not observable) and
 * groups the runs that gave the same one.
 */
#include "abi/abi.h"
#include "generator/generator-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Is row q a verdict on claim nr like row r's (the same message too)? */
static bool same(const struct xabi_rows *f, size_t q, size_t r, unsigned nr,
                 bool message)
{
    return (unsigned)xabi_rows_num(f, q, "claim") == nr &&
           !strcmp(xabi_rows_get(f, q, "verdict"),
                   xabi_rows_get(f, r, "verdict")) &&
           (!message || !strcmp(xabi_rows_get(f, q, "message"),
                                xabi_rows_get(f, r, "message")));
}

/*
 * The verdicts on claim nr over the runs: each refutation and verification
 * once with the runs that gave it ("refuted (run 3): snapshot 1 (d1v0)
 * starts with ss = 0xe02b"; with versions, each run with its Xen release,
 * "run 3 on Xen 4.14"), and the runs that could not decide it in one entry
 * with the first one's reason.  only: just that verdict (NULL: all).
 * *refuted: a run refuted it.
 */
static void verdicts(char *buf, size_t n, const struct xabi_rows *f,
                     unsigned nr, const char *only, bool versions,
                     bool *refuted)
{
    size_t r, k = 0, q;

    buf[0] = '\0';
    *refuted = false;
    for ( r = 0; r < f->nrows && k < n; r++ )
    {
        const char *v = xabi_rows_get(f, r, "verdict");
        bool nobs = !strcmp(v, "NOT-OBSERVED"), seen = false;
        unsigned runs = 0;

        if ( (unsigned)xabi_rows_num(f, r, "claim") != nr )
            continue;
        *refuted = *refuted || !strcmp(v, "INFO");
        for ( q = 0; q < r && !seen; q++ )
            seen = same(f, q, r, nr, !nobs);
        if ( seen || (only && strcmp(v, only)) )
            continue;
        for ( q = r; q < f->nrows; q++ )
            runs += same(f, q, r, nr, !nobs);
        k += (size_t)snprintf(buf + k, n - k, "%s%s (run%s", k ? "; " : "",
                              xabi_claim_verdict_word(v),
                              runs > 1 ? "s" : "");
        for ( q = r, runs = 0; q < f->nrows && k < n; q++ )
        {
            if ( !same(f, q, r, nr, !nobs) )
                continue;
            k += (size_t)snprintf(buf + k, n - k, "%s %s",
                                  runs++ ? "," : "",
                                  xabi_rows_get(f, q, "run_id"));
            if ( versions && k < n )
                k += (size_t)snprintf(buf + k, n - k, " on Xen %s",
                                      xabi_rows_get(f, q, "xen_version"));
        }
        if ( k < n )
            k += (size_t)snprintf(buf + k, n - k, "): %s",
                                  xabi_rows_get(f, r, "message"));
    }
    if ( !k && !only )
        snprintf(buf, n, "not checked: run `xabi check`");
}

/*
 * The page a claim belongs on: the document pv-traps.rst's on pv-traps,
 * claims about HVM or PVH guests on pvh-boot, the rest (the wiki's and
 * the PV headers' start of day) on pv-start-of-day.
 */
static const char *page_of(const struct xabi_claim *c)
{
    if ( strstr(c->doc, "pv-traps.rst") )
        return "pv-traps";
    if ( strstr(c->guest, "PVH") || strstr(c->guest, "HVM") )
        return "pvh-boot";
    return "pv-start-of-day";
}

/* Does the claim belong on page (NULL: every page)? */
static bool concerns(const struct xabi_claim *c, const char *page)
{
    return !page || !strcmp(page_of(c), page);
}

int xabi_gen_claims(struct xabi_gen *g, struct xabi_dict *d,
                    const char *page)
{
    static const char *const head[] = {
        "claim", "written in", "says", "decided by", "verdicts (xabi check)",
    };
    const struct xabi_claim *c = NULL;
    struct xabi_dict *t = NULL;
    struct xabi_rows f;
    size_t i, n;
    bool versions = false; /* runs of more than one Xen: name each's */

    if ( xabi_gen_load(g, &f, "page_claims", 0, "finding") )
        return -1;
    for ( i = 1; i < f.nrows && !versions; i++ )
        versions = strcmp(xabi_rows_get(&f, i, "xen_version"),
                          xabi_rows_get(&f, 0, "xen_version")) != 0;
    c = xabi_claims(&n);
    for ( i = 0; i < n; i++ )
    {
        struct xabi_dict *tr, *s;
        char v[4096];
        bool refuted;

        if ( !concerns(&c[i], page) )
            continue;
        if ( !t )
        {
            size_t h;

            t = xabi_gen_table(d, "CLAIMS_REGISTER",
                               "What the documentation says, and what Xen "
                               "does");
            for ( h = 0; h < sizeof(head) / sizeof(head[0]); h++ )
                xabi_gen_th(t, head[h]);
        }
        verdicts(v, sizeof(v), &f, c[i].nr, NULL, versions, &refuted);
        tr = xabi_gen_tr(t);
        xabi_gen_tdf(tr, "%u", c[i].nr);
        xabi_gen_tdf(tr, "%s: %s", c[i].doc, c[i].section);
        xabi_gen_td(tr, c[i].says);
        xabi_gen_td(tr, c[i].decided_by);
        xabi_gen_td(tr, v);
        /* The refutations again, up front, for the page's summary. */
        if ( refuted )
        {
            verdicts(v, sizeof(v), &f, c[i].nr, "INFO", versions,
                     &refuted);
            s = xabi_dict_add_section(d, "REFUTED");
            xabi_dict_set(s, "DOC", c[i].doc);
            xabi_dict_set(s, "SAYS", c[i].says);
            xabi_dict_set(s, "VERDICTS", v);
        }
    }
    xabi_rows_free(&f);
    return 0;
}

int xabi_page_claims(struct xabi_gen *g)
{
    struct xabi_dict *d = xabi_dict_new("claims");
    int rc;

    if ( !d )
    {
        xabi_gen_error(g, "out of memory");
        return -1;
    }
    rc = xabi_gen_claims(g, d, NULL);
    if ( !rc )
        rc = xabi_gen_emit(g, "claims", "claims",
                           "What the documentation says, and what Xen does",
                           d);
    xabi_dict_free(d);
    return rc;
}
