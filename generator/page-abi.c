/*
 * page-abi.c: the ABI across Xen versions, from the catalogue: per
 * release, the hypercalls, ELF notes, VM assists and callback types that
 * were added, removed, renamed or renumbered against the release before.
 * Everything here is from the headers only: nothing on this page is an
 * observation.
 */
#include "abi/abi.h"
#include "generator/generator-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_rows(const void *a, const void *b)
{
    char *const *ra = *(char *const *const *)a;
    char *const *rb = *(char *const *const *)b;

    return xabi_version_cmp(ra[0] ? ra[0] : "", rb[0] ? rb[0] : "");
}

/* Rows of one version in t (col 0 is the version): [*lo, *hi). */
static void span(const struct xabi_rows *t, const char *v, size_t *lo,
                 size_t *hi)
{
    size_t r;

    *lo = *hi = 0;
    for ( r = 0; r < t->nrows; r++ )
    {
        if ( strcmp(xabi_rows_get(t, r, "version"), v) )
            continue;
        if ( *lo == *hi )
            *lo = r;
        *hi = r + 1;
    }
}

/* Row of name in [lo, hi), or hi. */
static size_t find(const struct xabi_rows *t, size_t lo, size_t hi,
                   const char *col, const char *v)
{
    for ( ; lo < hi; lo++ )
    {
        if ( !strcmp(xabi_rows_get(t, lo, col), v) )
            break;
    }
    return lo;
}

static void change(struct xabi_dict *tab, size_t *n, const char *what,
                   const char *how, const char *name, const char *detail)
{
    struct xabi_dict *tr = xabi_gen_tr(tab);

    xabi_gen_td(tr, what);
    xabi_gen_td(tr, how);
    xabi_gen_td(tr, name);
    xabi_gen_td(tr, detail);
    (*n)++;
}

/* Row in [lo, hi) of hypercall nr under name, or hi. */
static size_t find_named(const struct xabi_rows *h, size_t lo, size_t hi,
                         const char *nr, const char *name)
{
    for ( ; lo < hi; lo++ )
    {
        if ( !strcmp(xabi_rows_get(h, lo, "nr"), nr) &&
             !strcmp(xabi_rows_get(h, lo, "name"), name) )
            break;
    }
    return lo;
}

/*
 * Hypercalls by number: added, removed, renamed.  A number may carry more
 * than one name in one release (48: the generic arch_0 and x86's mca): a
 * name is compared with the names of its number, so a number whose names
 * stayed is no change, and a rename is a name that went and one that came
 * at the same number.
 */
static void diff_hypercalls(struct xabi_dict *tab, size_t *n,
                            const struct xabi_rows *h, const char *a,
                            const char *b)
{
    size_t alo, ahi, blo, bhi, r, k;
    char det[160];

    span(h, a, &alo, &ahi);
    span(h, b, &blo, &bhi);
    for ( r = blo; r < bhi; r++ )
    {
        const char *nr = xabi_rows_get(h, r, "nr");
        const char *name = xabi_rows_get(h, r, "name");

        if ( find_named(h, alo, ahi, nr, name) < ahi )
            continue;
        /* a name of a's at this number that b no longer has */
        for ( k = alo; k < ahi; k++ )
        {
            if ( !strcmp(xabi_rows_get(h, k, "nr"), nr) &&
                 find_named(h, blo, bhi, nr,
                            xabi_rows_get(h, k, "name")) == bhi )
                break;
        }
        if ( k < ahi )
        {
            snprintf(det, sizeof(det), "number %s, was %s", nr,
                     xabi_rows_get(h, k, "name"));
            change(tab, n, "hypercall", "renamed", name, det);
        }
        else
        {
            snprintf(det, sizeof(det), "number %s", nr);
            change(tab, n, "hypercall", "added", name, det);
        }
    }
    for ( r = alo; r < ahi; r++ )
    {
        const char *nr = xabi_rows_get(h, r, "nr");

        /* gone, and its number too (else it was renamed, above) */
        if ( find_named(h, blo, bhi, nr, xabi_rows_get(h, r, "name")) ==
                 bhi &&
             find(h, blo, bhi, "nr", nr) == bhi )
        {
            snprintf(det, sizeof(det), "number %s", nr);
            change(tab, n, "hypercall", "removed",
                   xabi_rows_get(h, r, "name"), det);
        }
    }
}

static const struct
{
    const char *kind, *what;
} kinds[] = {
    { "elfnote", "ELF note" },
    { "vmasst", "VM assist" },
    { "callbacktype", "callback type" },
    { "flat_selector", "flat selector" },
    { "trc", "trace event" },
};

/*
 * Row in [lo, hi) of the constant that row r of c names, or hi.  The header
 * is part of the name: both x86 headers define FLAT_KERNEL_CS.
 */
static size_t find_const(const struct xabi_rows *c, size_t lo, size_t hi,
                         size_t r)
{
    for ( ; lo < hi; lo++ )
    {
        if ( !strcmp(xabi_rows_get(c, lo, "kind"),
                     xabi_rows_get(c, r, "kind")) &&
             !strcmp(xabi_rows_get(c, lo, "name"),
                     xabi_rows_get(c, r, "name")) &&
             !strcmp(xabi_rows_get(c, lo, "header"),
                     xabi_rows_get(c, r, "header")) )
            break;
    }
    return lo;
}

/* A constant's value as its kind is read: ids and selectors in hex. */
static void value_text(char *buf, size_t n, const struct xabi_rows *c,
                       size_t r)
{
    const char *kind = xabi_rows_get(c, r, "kind");

    if ( !strcmp(kind, "trc") || !strcmp(kind, "flat_selector") )
        snprintf(buf, n, "0x%llx",
                 (unsigned long long)xabi_rows_num(c, r, "value") &
                     0xffffffffULL);
    else
        snprintf(buf, n, "%s", xabi_rows_get(c, r, "value"));
}

/* A constant that stayed: renumbered, or its header comment changed. */
static void diff_kept(struct xabi_dict *tab, size_t *n, const char *what,
                      const struct xabi_rows *c, size_t was, size_t is)
{
    char det[400], a[32], b[32];

    if ( strcmp(xabi_rows_get(c, was, "value"), xabi_rows_get(c, is, "value")) )
    {
        value_text(a, sizeof(a), c, is);
        value_text(b, sizeof(b), c, was);
        snprintf(det, sizeof(det), "value %s, was %s", a, b);
        change(tab, n, what, "renumbered", xabi_rows_get(c, is, "name"), det);
    }
    if ( strcmp(xabi_rows_get(c, was, "comment"),
                xabi_rows_get(c, is, "comment")) )
    {
        snprintf(det, sizeof(det), "%.60s: \"%.120s\", was \"%.120s\"",
                 xabi_rows_get(c, is, "header"),
                 xabi_rows_get(c, is, "comment"),
                 xabi_rows_get(c, was, "comment"));
        change(tab, n, what, "comment changed", xabi_rows_get(c, is, "name"),
               det);
    }
}

/* Constants by name: added, removed, renumbered. */
static void diff_constants(struct xabi_dict *tab, size_t *n,
                           const struct xabi_rows *c, const char *a,
                           const char *b)
{
    size_t alo, ahi, blo, bhi, r, k, i;
    char det[160], val[32];

    span(c, a, &alo, &ahi);
    span(c, b, &blo, &bhi);
    for ( i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++ )
    {
        for ( r = blo; r < bhi; r++ )
        {
            if ( strcmp(xabi_rows_get(c, r, "kind"), kinds[i].kind) )
                continue;
            k = find_const(c, alo, ahi, r);
            value_text(val, sizeof(val), c, r);
            snprintf(det, sizeof(det), "value %s", val);
            if ( k == ahi )
                change(tab, n, kinds[i].what, "added",
                       xabi_rows_get(c, r, "name"), det);
            else
                diff_kept(tab, n, kinds[i].what, c, k, r);
        }
        for ( r = alo; r < ahi; r++ )
        {
            if ( strcmp(xabi_rows_get(c, r, "kind"), kinds[i].kind) ||
                 find_const(c, blo, bhi, r) != bhi )
                continue;
            value_text(val, sizeof(val), c, r);
            snprintf(det, sizeof(det), "value %s", val);
            change(tab, n, kinds[i].what, "removed",
                   xabi_rows_get(c, r, "name"), det);
        }
    }
}

static size_t count_kind(const struct xabi_rows *c, const char *v,
                         const char *kind)
{
    size_t r, n = 0;

    for ( r = 0; r < c->nrows; r++ )
        n += !strcmp(xabi_rows_get(c, r, "version"), v) &&
             !strcmp(xabi_rows_get(c, r, "kind"), kind);
    return n;
}

static void versions_table(struct xabi_dict *d, const struct xabi_rows *v,
                           const struct xabi_rows *h,
                           const struct xabi_rows *c)
{
    struct xabi_dict *t = xabi_gen_table(d, "VERSIONS", "Versions in the "
                                                        "catalogue");
    size_t r, lo, hi;

    xabi_gen_th(t, "Xen");
    xabi_gen_th(t, "interface version");
    xabi_gen_th(t, "hypercalls");
    xabi_gen_th(t, "ELF notes");
    xabi_gen_th(t, "VM assists");
    xabi_gen_th(t, "headers from");
    for ( r = 0; r < v->nrows; r++ )
    {
        struct xabi_dict *tr = xabi_gen_tr(t);
        const char *ver = xabi_rows_get(v, r, "version");

        span(h, ver, &lo, &hi);
        xabi_gen_td(tr, ver);
        if ( xabi_rows_null(v, r, "interface_version") )
            xabi_gen_td(tr, "");
        else
            xabi_gen_tdf(tr, "0x%08llx",
                         xabi_rows_num(v, r, "interface_version"));
        xabi_gen_tdf(tr, "%zu", hi - lo);
        xabi_gen_tdf(tr, "%zu", count_kind(c, ver, "elfnote"));
        xabi_gen_tdf(tr, "%zu", count_kind(c, ver, "vmasst"));
        xabi_gen_td(tr, xabi_rows_get(v, r, "source"));
    }
}

/*
 * What the headers changed from version a to b, as table key of d with
 * caption: hypercalls, then the constants; the number of rows.
 */
static size_t changes_table(struct xabi_dict *d, const char *key,
                            const char *caption, const struct xabi_rows *h,
                            const struct xabi_rows *c, const char *a,
                            const char *b)
{
    struct xabi_dict *t = xabi_gen_table(d, key, caption);
    size_t n = 0;

    xabi_gen_th(t, "what");
    xabi_gen_th(t, "change");
    xabi_gen_th(t, "name");
    xabi_gen_th(t, "detail");
    diff_hypercalls(t, &n, h, a, b);
    diff_constants(t, &n, c, a, b);
    return n;
}

static void releases(struct xabi_dict *d, const struct xabi_rows *v,
                     const struct xabi_rows *h, const struct xabi_rows *c)
{
    size_t r;

    for ( r = 1; r < v->nrows; r++ )
    {
        const char *a = xabi_rows_get(v, r - 1, "version");
        const char *b = xabi_rows_get(v, r, "version");
        struct xabi_dict *rel = xabi_dict_add_section(d, "RELEASE");
        char head[96];
        size_t n;

        snprintf(head, sizeof(head), "Xen %.30s, against %.30s", b, a);
        xabi_gen_heading(rel, "HEADING", head);
        n = changes_table(rel, "TABLE", head, h, c, a, b);
        if ( !n )
            xabi_dict_show(rel, "NO_CHANGE");
        else
            xabi_dict_show(rel, "CHANGED");
    }
}

/* ---- observed across releases ------------------------------------------ */

/* Whether version v's catalogue defines hypercall nr. */
static bool defines(const struct xabi_rows *h, const char *v, const char *nr)
{
    size_t lo, hi;

    span(h, v, &lo, &hi);
    return find(h, lo, hi, "nr", nr) < hi;
}

/* Row of version v and hypercall nr in the observations, or o->nrows. */
static size_t observed_row(const struct xabi_rows *o, const char *v,
                           const char *nr)
{
    size_t r;

    for ( r = 0; r < o->nrows; r++ )
    {
        if ( !strcmp(xabi_rows_get(o, r, "version"), v) &&
             !strcmp(xabi_rows_get(o, r, "nr"), nr) )
            break;
    }
    return r;
}

/* What version v saw of hypercall nr, as one cell. */
static void observed_cell(struct xabi_dict *tr, const struct xabi_rows *o,
                          const struct xabi_rows *h, const char *v,
                          const char *nr)
{
    size_t r = observed_row(o, v, nr);
    long long calls, guests;
    char who[48];

    if ( r == o->nrows )
    {
        xabi_gen_td(tr, defines(h, v, nr) ? "not seen"
                                          : "not seen; not in the headers");
        return;
    }
    calls = xabi_rows_num(o, r, "calls");
    guests = xabi_rows_num(o, r, "guests");
    if ( guests )
        snprintf(who, sizeof(who), "%lld guest%s", guests,
                 guests == 1 ? "" : "s");
    else
        snprintf(who, sizeof(who), "no known domain");
    xabi_gen_tdf(tr, "%lld call%s, %s%s", calls, calls == 1 ? "" : "s", who,
                 defines(h, v, nr) ? "" : "; not in the headers");
}

/* The releases among vs[0..n) whose headers define nr, as a cell. */
static void headers_cell(struct xabi_dict *tr, const struct xabi_rows *h,
                         const char *const *vs, size_t n, const char *nr)
{
    char buf[256];
    size_t i, used = 0, k = 0;

    buf[0] = '\0';
    for ( i = 0; i < n; i++ )
    {
        if ( !defines(h, vs[i], nr) )
            continue;
        k++;
        used += (size_t)snprintf(buf + used, sizeof(buf) - used, "%s%s",
                                 used ? ", " : "", vs[i]);
        if ( used >= sizeof(buf) )
            break;
    }
    if ( k == n )
        xabi_gen_td(tr, n == 1 ? "defined" : "defined in each");
    else if ( !k )
        xabi_gen_td(tr, "in none of them");
    else
        xabi_gen_tdf(tr, "only in %s", buf);
}

/* The hypercall's name: the newest observed catalogue's, else as stored. */
static const char *observed_name(const struct xabi_rows *o,
                                 const struct xabi_rows *h,
                                 const char *const *vs, size_t n,
                                 const char *nr, size_t any)
{
    size_t i, lo, hi, k;

    for ( i = n; i-- > 0; )
    {
        span(h, vs[i], &lo, &hi);
        k = find(h, lo, hi, "nr", nr);
        if ( k < hi )
            return xabi_rows_get(h, k, "name");
    }
    return xabi_rows_get(o, any, "name");
}

/* One pair of consecutive observed releases: the calls one made and the
 * other did not, next to what the headers say of each. */
static void observed_pair(struct xabi_dict *d, const struct xabi_rows *o,
                          const struct xabi_rows *h, const struct xabi_rows *c,
                          const char *const *vs, size_t n, size_t b)
{
    struct xabi_dict *sec = xabi_dict_add_section(d, "OBS_PAIR");
    struct xabi_dict *t;
    const char *va = vs[b - 1], *vb = vs[b];
    const char *pair[2] = { va, vb };
    char head[96];
    size_t r, rows = 0;

    snprintf(head, sizeof(head), "Xen %.30s against %.30s, observed", vb, va);
    xabi_gen_heading(sec, "HEADING", head);
    t = xabi_gen_table(sec, "TABLE", head);
    xabi_gen_th(t, "hypercall");
    snprintf(head, sizeof(head), "Xen %.30s", va);
    xabi_gen_th(t, head);
    snprintf(head, sizeof(head), "Xen %.30s", vb);
    xabi_gen_th(t, head);
    xabi_gen_th(t, "headers");
    for ( r = 0; r < o->nrows; r++ )
    {
        const char *nr = xabi_rows_get(o, r, "nr");
        struct xabi_dict *tr;

        /* rows come by number: each hypercall once, where the two differ */
        if ( (r && !strcmp(xabi_rows_get(o, r - 1, "nr"), nr)) ||
             (observed_row(o, va, nr) < o->nrows) ==
                 (observed_row(o, vb, nr) < o->nrows) )
            continue;
        tr = xabi_gen_tr(t);
        xabi_gen_tdf(tr, "%s (%s)", observed_name(o, h, vs, n, nr, r), nr);
        observed_cell(tr, o, h, va, nr);
        observed_cell(tr, o, h, vb, nr);
        headers_cell(tr, h, pair, 2, nr);
        rows++;
    }
    xabi_dict_show(sec, rows ? "OBS_DIFFER" : "OBS_SAME");
    /* Beside it, what the headers changed from the one to the other. */
    snprintf(head, sizeof(head), "Declared: Xen %.30s's headers against "
             "%.30s's", vb, va);
    rows = changes_table(sec, "HDR_TABLE", head, h, c, va, vb);
    xabi_dict_show(sec, rows ? "HDR_DIFFER" : "HDR_SAME");
}

/*
 * What the runs of each Xen release observed, side by side: one row per
 * hypercall any of them made, a column per release, and a column of what
 * those releases' headers define; then each pair of consecutive releases.
 */
static int observed(struct xabi_gen *g, struct xabi_dict *d,
                    const struct xabi_rows *h, const struct xabi_rows *c)
{
    struct xabi_rows o, runs;
    const char **vs = NULL;
    struct xabi_dict *t;
    size_t n, i, r;
    int rc = -1;

    memset(&o, 0, sizeof(o));
    memset(&runs, 0, sizeof(runs));
    if ( xabi_gen_load(g, &o, "page_abi_observed", 0, NULL) ||
         xabi_gen_load(g, &runs, "page_abi_observed_runs", 0, NULL) )
        goto out;
    if ( runs.nrows ) /* rows is NULL when there are none */
        qsort(runs.rows, runs.nrows, sizeof(*runs.rows), cmp_rows);
    n = runs.nrows;
    if ( !n )
    {
        xabi_dict_show(d, "NO_OBSERVED");
        rc = 0;
        goto out;
    }
    vs = calloc(n, sizeof(*vs));
    if ( !vs )
    {
        xabi_gen_error(g, "out of memory");
        goto out;
    }
    t = xabi_gen_table(d, "OBS_RUNS", "The runs behind each column");
    xabi_gen_th(t, "Xen");
    xabi_gen_th(t, "runs that traced hypercalls");
    for ( i = 0; i < n; i++ )
    {
        struct xabi_dict *tr = xabi_gen_tr(t);

        vs[i] = xabi_rows_get(&runs, i, "version");
        xabi_gen_td(tr, vs[i]);
        xabi_gen_tdf(tr, "%s: run%s %s", xabi_rows_get(&runs, i, "runs"),
                     xabi_rows_num(&runs, i, "runs") == 1 ? "" : "s",
                     xabi_rows_get(&runs, i, "ids"));
    }
    t = xabi_gen_table(d, "OBSERVED", "Hypercalls observed, per Xen release");
    xabi_gen_th(t, "hypercall");
    for ( i = 0; i < n; i++ )
    {
        char th[48];

        snprintf(th, sizeof(th), "Xen %.30s", vs[i]);
        xabi_gen_th(t, th);
    }
    xabi_gen_th(t, "headers");
    for ( r = 0; r < o.nrows; r++ )
    {
        const char *nr = xabi_rows_get(&o, r, "nr");
        struct xabi_dict *tr;

        if ( r && !strcmp(xabi_rows_get(&o, r - 1, "nr"), nr) )
            continue; /* rows come by number: one row per hypercall */
        tr = xabi_gen_tr(t);
        xabi_gen_tdf(tr, "%s (%s)", observed_name(&o, h, vs, n, nr, r), nr);
        for ( i = 0; i < n; i++ )
            observed_cell(tr, &o, h, vs[i], nr);
        headers_cell(tr, h, vs, n, nr);
    }
    if ( n == 1 )
        xabi_dict_show(d, "OBS_ONE");
    for ( i = 1; i < n; i++ )
        observed_pair(d, &o, h, c, vs, n, i);
    rc = 0;
out:
    free(vs);
    xabi_rows_free(&o);
    xabi_rows_free(&runs);
    return rc;
}

int xabi_page_abi(struct xabi_gen *g)
{
    struct xabi_rows v, h, c;
    struct xabi_dict *d;
    int rc = -1;

    memset(&h, 0, sizeof(h));
    memset(&c, 0, sizeof(c));
    if ( xabi_gen_load(g, &v, "page_abi_versions", 0, NULL) ||
         xabi_gen_load(g, &h, "page_abi_hypercalls", 0, NULL) ||
         xabi_gen_load(g, &c, "page_abi_constants", 0, NULL) )
        goto out;
    if ( v.nrows )
        qsort(v.rows, v.nrows, sizeof(*v.rows), cmp_rows);
    d = xabi_dict_new("abi-versions");
    if ( !d )
    {
        xabi_gen_error(g, "out of memory");
        goto out;
    }
    if ( !v.nrows )
        xabi_dict_show(d, "NO_VERSIONS");
    else
        versions_table(d, &v, &h, &c);
    if ( v.nrows == 1 )
        xabi_dict_show(d, "ONE_VERSION");
    releases(d, &v, &h, &c);
    if ( observed(g, d, &h, &c) )
    {
        xabi_dict_free(d);
        goto out;
    }
    rc = xabi_gen_emit(g, "abi-versions", "abi-versions",
                       "ABI across versions", d);
    xabi_dict_free(d);
out:
    xabi_rows_free(&v);
    xabi_rows_free(&h);
    xabi_rows_free(&c);
    return rc;
}
