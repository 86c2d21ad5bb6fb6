/*
 * page-audit.c: the audit report, one section per run with the findings of
 * `xabi check` grouped by rule, and one page per rule with its doc, its
 * citation and its findings in every run.
 *
 * The findings tables belong to the analyzer.  A database without them,
 * a run never checked, and a check with no findings each say so.  What a
 * rule is (title, citation, doc) comes from the store too: `xabi check`
 * writes the analyzer's registry into the rule table next to the findings,
 * so the generator needs nothing of the analyzer.  A
 * finding is a verdict about the guest or Xen; xabi's own failures never
 * appear here (they stop the render instead).
 */
#include "generator/generator-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the pages say about a rule: a row of the rule table. */
struct page_rule
{
    const char *id; /* e.g. "SEG-001" */
    const char *title;
    const char *severity; /* "FAIL", "WARN", ... */
    const char *citation;
    const char *doc;
};

struct audit
{
    struct xabi_gen *g;
    struct xabi_rows *findings; /* per run, parallel to g->runs */
    struct xabi_rows *checked;  /* per run: its check_run row, if any */
    bool have_tables;
    struct xabi_rows db_rows;   /* the rule table the last check wrote */
    struct page_rule *db_rules;
};

/* A rule's doc, from the copy of the registry `xabi check` stored. */
static const struct page_rule *rule_doc(const struct audit *a, const char *id)
{
    size_t i;

    for ( i = 0; a->db_rules && i < a->db_rows.nrows; i++ )
    {
        if ( !strcmp(a->db_rules[i].id, id) )
            return &a->db_rules[i];
    }
    return NULL;
}

static int load_db_rules(struct audit *a)
{
    struct xabi_rows *t = &a->db_rows;
    size_t r;

    if ( xabi_gen_load(a->g, t, "page_rules", 0, "rule") )
        return -1;
    a->db_rules = calloc(t->nrows ? t->nrows : 1, sizeof(*a->db_rules));
    if ( !a->db_rules )
    {
        xabi_gen_error(a->g, "out of memory");
        return -1;
    }
    for ( r = 0; r < t->nrows; r++ )
    {
        a->db_rules[r].id = xabi_rows_get(t, r, "id");
        a->db_rules[r].title = xabi_rows_get(t, r, "title");
        a->db_rules[r].severity = xabi_rows_get(t, r, "severity");
        a->db_rules[r].citation = xabi_rows_get(t, r, "citation");
        a->db_rules[r].doc = xabi_rows_get(t, r, "doc");
    }
    return 0;
}

/* The verdicts, worst first: the order the report shows them in. */
static const char *const verdicts[] = { "FAIL", "WARN", "INFO", "PASS",
                                        "NOT-OBSERVED" };
#define NVERDICTS (sizeof(verdicts) / sizeof(verdicts[0]))
#define RANK_NO (NVERDICTS - 1) /* NOT-OBSERVED */

static size_t rank(const struct xabi_rows *f, size_t r)
{
    const char *v = xabi_rows_get(f, r, "verdict");
    size_t i;

    for ( i = 0; i < NVERDICTS; i++ )
        if ( !strcmp(v, verdicts[i]) )
            return i;
    return RANK_NO - 1; /* a verdict this page does not know: with PASS */
}

/* Findings per verdict of one run's rows. */
static void count(const struct xabi_rows *f, size_t n[NVERDICTS])
{
    size_t r;

    memset(n, 0, NVERDICTS * sizeof(n[0]));
    for ( r = 0; r < f->nrows; r++ )
        n[rank(f, r)]++;
}

static void evidence(char *buf, size_t n, const struct xabi_rows *f, size_t r)
{
    size_t k = 0;

    buf[0] = '\0';
    if ( !xabi_rows_null(f, r, "tsc") && k < n )
        k += (size_t)snprintf(buf + k, n - k, "TSC %s",
                              xabi_rows_get(f, r, "tsc"));
    if ( !xabi_rows_null(f, r, "offset") && k < n )
        k += (size_t)snprintf(buf + k, n - k, "%srecord at byte %s",
                              k ? ", " : "", xabi_rows_get(f, r, "offset"));
    if ( !xabi_rows_null(f, r, "snapshot_id") && k < n )
        k += (size_t)snprintf(buf + k, n - k, "%ssnapshot %s", k ? ", " : "",
                              xabi_rows_get(f, r, "snapshot_id"));
    if ( !xabi_rows_null(f, r, "fact_kind") && k < n )
        k += (size_t)snprintf(buf + k, n - k, "%s%s %s", k ? ", " : "",
                              xabi_rows_get(f, r, "fact_kind"),
                              xabi_rows_get(f, r, "fact_key"));
    if ( !xabi_rows_null(f, r, "count") && k < n )
        snprintf(buf + k, n - k, "%scount %s", k ? ", " : "",
                 xabi_rows_get(f, r, "count"));
}

static void finding_row(struct xabi_dict *t, const struct xabi_rows *f,
                        size_t r, const char *run)
{
    struct xabi_dict *tr = xabi_gen_tr(t);
    char who[64], ev[512];

    xabi_gen_who(who, sizeof(who), xabi_rows_get(f, r, "domid"),
                 xabi_rows_get(f, r, "vcpu"));
    evidence(ev, sizeof(ev), f, r);
    char cls[32];
    size_t i;

    /* A class per verdict, for the HTML's colours: verdict-not-observed. */
    snprintf(cls, sizeof(cls), "verdict-%s", verdicts[rank(f, r)]);
    for ( i = 0; cls[i]; i++ )
        cls[i] = (char)(cls[i] >= 'A' && cls[i] <= 'Z' ? cls[i] - 'A' + 'a'
                                                       : cls[i]);
    xabi_dict_set(xabi_dict_add_section(tr, "CLS"), "C", cls);
    if ( run )
        xabi_gen_td(tr, run);
    if ( xabi_rows_null(f, r, "reason") )
        xabi_gen_td(tr, xabi_rows_get(f, r, "verdict"));
    else
        xabi_gen_tdf(tr, "%s (%s)", xabi_rows_get(f, r, "verdict"),
                     xabi_rows_get(f, r, "reason"));
    xabi_gen_td(tr, who);
    xabi_gen_td(tr, ev);
    xabi_gen_td(tr, xabi_rows_get(f, r, "message"));
}

static void findings_head(struct xabi_dict *t, const char *first)
{
    if ( first )
        xabi_gen_th(t, first);
    xabi_gen_th(t, "verdict");
    xabi_gen_th(t, "who");
    xabi_gen_th(t, "evidence");
    xabi_gen_th(t, "finding");
}

/* "FAIL 1, PASS 2, NOT-OBSERVED 1": the run's findings by verdict. */
static void summary(struct xabi_dict *c, const struct xabi_rows *f)
{
    char buf[256];
    size_t i, k = 0, n[NVERDICTS];

    buf[0] = '\0';
    count(f, n);
    for ( i = 0; i < NVERDICTS; i++ )
    {
        if ( n[i] && k < sizeof(buf) )
            k += (size_t)snprintf(buf + k, sizeof(buf) - k, "%s%s %zu",
                                  k ? ", " : "", verdicts[i], n[i]);
    }
    xabi_dict_set(c, "SUMMARY", buf[0] ? buf : "no findings");
}

/* The rows of rule id (from row r on) whose verdict ranks w. */
static void rule_rows(struct xabi_dict *t, const struct xabi_rows *f,
                      size_t r, const char *id, size_t w, const char *first)
{
    for ( ; r < f->nrows && !strcmp(xabi_rows_get(f, r, "rule_id"), id); r++ )
        if ( rank(f, r) == w )
            finding_row(t, f, r, first);
}

/*
 * One run's findings: a group per rule, the rules with a FAIL first, then
 * WARN, INFO, PASS, each group's rows worst first; the NOT-OBSERVED ones
 * apart, in one table of their own (rows come ordered by rule).
 */
static void run_groups(struct audit *a, struct xabi_dict *run, size_t i)
{
    const struct xabi_rows *f = &a->findings[i];
    size_t w, v, r, start, n[NVERDICTS];
    struct xabi_dict *no = NULL, *t;

    count(f, n);
    for ( w = 0; w < RANK_NO; w++ )
    {
        for ( start = 0; start < f->nrows; start = r )
        {
            const char *id = xabi_rows_get(f, start, "rule_id");
            const struct page_rule *doc = rule_doc(a, id);
            struct xabi_dict *grp;
            size_t worst = RANK_NO;
            char stem[80];

            for ( r = start;
                  r < f->nrows && !strcmp(xabi_rows_get(f, r, "rule_id"), id);
                  r++ )
                worst = rank(f, r) < worst ? rank(f, r) : worst;
            if ( worst != w )
                continue;
            grp = xabi_dict_add_section(run, "RULE");
            xabi_gen_stem(stem, sizeof(stem), "rule-", id);
            xabi_dict_set(grp, "STEM", stem);
            xabi_dict_set(grp, "ID", id);
            xabi_dict_set(grp, "TITLE", doc ? doc->title : "");
            t = xabi_gen_table(grp, "TABLE", "Findings");
            findings_head(t, NULL);
            for ( v = w; v < RANK_NO; v++ )
                rule_rows(t, f, start, id, v, NULL);
        }
    }
    if ( !n[RANK_NO] )
        return;
    no = xabi_dict_add_section(run, "NOT_OBSERVED");
    xabi_dict_setf(no, "COUNT", "%zu", n[RANK_NO]);
    t = xabi_gen_table(no, "TABLE", "NOT-OBSERVED findings");
    findings_head(t, "rule");
    for ( start = 0; start < f->nrows; start = r )
    {
        const char *id = xabi_rows_get(f, start, "rule_id");

        rule_rows(t, f, start, id, RANK_NO, id);
        for ( r = start;
              r < f->nrows && !strcmp(xabi_rows_get(f, r, "rule_id"), id);
              r++ )
            ;
    }
}

/*
 * Findings per verdict per run, before any run's tables; each run's FAIL
 * and WARN counts also go to g->attention for the index.
 */
static void overview(struct audit *a, struct xabi_dict *d)
{
    struct xabi_gen *g = a->g;
    struct xabi_dict *t = xabi_gen_table(d, "OVERVIEW", "Findings per run");
    size_t i, v, n[NVERDICTS];

    xabi_gen_th(t, "run");
    xabi_gen_th(t, "Xen");
    for ( v = 0; v < NVERDICTS; v++ )
        xabi_gen_th(t, verdicts[v]);
    for ( i = 0; i < g->runs.nrows; i++ )
    {
        struct xabi_dict *tr = xabi_gen_tr(t);

        xabi_gen_td(tr, xabi_rows_get(&g->runs, i, "id"));
        xabi_gen_td(tr, xabi_rows_get(&g->runs, i, "xen_version"));
        if ( !a->checked[i].nrows )
        {
            xabi_gen_td(tr, "not checked");
            for ( v = 1; v < NVERDICTS; v++ )
                xabi_gen_td(tr, "");
            continue;
        }
        count(&a->findings[i], n);
        for ( v = 0; v < NVERDICTS; v++ )
            xabi_gen_tdf(tr, "%zu", n[v]);
        if ( n[0] || n[1] )
            snprintf(g->attention[i], sizeof(g->attention[i]),
                     "FAIL %zu, WARN %zu", n[0], n[1]);
        else
            snprintf(g->attention[i], sizeof(g->attention[i]),
                     "no FAIL, no WARN");
    }
}

static int report(struct audit *a)
{
    struct xabi_gen *g = a->g;
    struct xabi_dict *d = xabi_dict_new("audit");
    size_t i;
    int rc;

    if ( !d )
    {
        xabi_gen_error(g, "out of memory");
        return -1;
    }
    if ( !g->runs.nrows )
        xabi_dict_show(d, "NO_RUNS");
    else if ( !a->have_tables )
        xabi_dict_show(d, "NO_ANALYZER");
    else
        overview(a, d);
    for ( i = 0; i < g->runs.nrows && a->have_tables; i++ )
    {
        struct xabi_dict *run = xabi_dict_add_section(d, "RUN");
        char h[128];

        snprintf(h, sizeof(h), "Run %s: Xen %.40s",
                 xabi_rows_get(&g->runs, i, "id"),
                 xabi_rows_get(&g->runs, i, "xen_version"));
        xabi_gen_heading(run, "HEADING", h);
        xabi_gen_provenance(g, run, i);
        xabi_dict_set(run, "RUN_ID", xabi_rows_get(&g->runs, i, "id"));
        if ( !a->checked[i].nrows )
            xabi_dict_show(run, "NOT_CHECKED");
        else
        {
            struct xabi_dict *c = xabi_dict_add_section(run, "CHECKED");

            /* Not checked_at: the pages of the same data stay the same. */
            xabi_dict_set(c, "BY", xabi_rows_get(&a->checked[i], 0,
                                                 "xabi_version"));
            summary(c, &a->findings[i]);
            if ( !a->findings[i].nrows )
                xabi_dict_show(run, "NO_FINDINGS");
        }
        run_groups(a, run, i);
    }
    rc = xabi_gen_emit(g, "audit", "audit", "Audit report", d);
    xabi_dict_free(d);
    return rc;
}

static int rule_page(struct audit *a, const char *id)
{
    struct xabi_gen *g = a->g;
    const struct page_rule *doc = rule_doc(a, id);
    struct xabi_dict *d = xabi_dict_new("rule"), *t;
    char stem[80], title[200];
    size_t i, r, n = 0;
    int rc;

    if ( !d )
    {
        xabi_gen_error(g, "out of memory");
        return -1;
    }
    xabi_gen_stem(stem, sizeof(stem), "rule-", id);
    snprintf(title, sizeof(title), "%.60s%s%.120s", id, doc ? ": " : "",
             doc ? doc->title : "");
    xabi_dict_set(d, "ID", id);
    if ( doc )
    {
        struct xabi_dict *k = xabi_dict_add_section(d, "DOC");

        xabi_dict_set(k, "TITLE", doc->title);
        xabi_dict_set(k, "SEVERITY", doc->severity);
        xabi_dict_set(k, "CITATION", doc->citation);
        xabi_dict_set(k, "TEXT", doc->doc);
    }
    else
        xabi_dict_show(d, "NO_DOC");
    t = xabi_gen_table(d, "TABLE", "Findings in every run");
    findings_head(t, "run");
    for ( i = 0; i < g->runs.nrows && a->have_tables; i++ )
    {
        char run[160];

        snprintf(run, sizeof(run), "run %s (%.80s, Xen %.20s)",
                 xabi_rows_get(&g->runs, i, "id"),
                 xabi_rows_get(&g->runs, i, "source_path"),
                 xabi_rows_get(&g->runs, i, "xen_version"));
        for ( r = 0; r < a->findings[i].nrows; r++ )
        {
            if ( strcmp(xabi_rows_get(&a->findings[i], r, "rule_id"), id) )
                continue;
            finding_row(t, &a->findings[i], r, run);
            n++;
        }
    }
    xabi_dict_show(d, n ? "FINDINGS" : "NO_FINDINGS");
    rc = xabi_gen_emit(g, "rule", stem, title, d);
    xabi_dict_free(d);
    return rc;
}

/*
 * Every rule of the registry the last check stored, then any other id a
 * finding names.
 */
static int rule_pages(struct audit *a)
{
    struct xabi_gen *g = a->g;
    struct xabi_rows ids;
    size_t i;
    int rc = 0;

    for ( i = 0; i < a->db_rows.nrows && !rc; i++ )
        rc = rule_page(a, a->db_rules[i].id);
    if ( rc || xabi_gen_load(g, &ids, "page_finding_rules", 0, "finding") )
        return -1;
    for ( i = 0; i < ids.nrows && !rc; i++ )
    {
        if ( !rule_doc(a, xabi_rows_get(&ids, i, "rule_id")) )
            rc = rule_page(a, xabi_rows_get(&ids, i, "rule_id"));
    }
    xabi_rows_free(&ids);
    return rc;
}

int xabi_page_audit(struct xabi_gen *g)
{
    struct audit a = { g, NULL, NULL, false, { 0 }, NULL };
    size_t n = g->runs.nrows ? g->runs.nrows : 1, i;
    int rc = -1;

    a.findings = calloc(n, sizeof(*a.findings));
    a.checked = calloc(n, sizeof(*a.checked));
    if ( !a.findings || !a.checked )
    {
        xabi_gen_error(g, "out of memory");
        goto out;
    }
    if ( xabi_store_table_exists(g->st, "finding", &a.have_tables) )
    {
        xabi_gen_error(g, "%s", xabi_store_errmsg(g->st));
        goto out;
    }
    for ( i = 0; i < g->runs.nrows && a.have_tables; i++ )
    {
        int64_t id = xabi_rows_num(&g->runs, i, "id");

        if ( xabi_gen_load(g, &a.findings[i], "page_findings", id,
                           "finding") ||
             xabi_gen_load(g, &a.checked[i], "page_check_run", id,
                           "check_run") )
            goto out;
    }
    rc = load_db_rules(&a) ? -1 : report(&a);
    if ( !rc )
        rc = rule_pages(&a);
out:
    for ( i = 0; i < n && a.findings && a.checked; i++ )
    {
        xabi_rows_free(&a.findings[i]);
        xabi_rows_free(&a.checked[i]);
    }
    free(a.findings);
    free(a.checked);
    free(a.db_rules);
    xabi_rows_free(&a.db_rows);
    return rc;
}
