/*
 * render.c: xabi_render() and what every page shares: the header and
 * footer, provenance lines, tables, and writing each page in each format.
 *
 * A page builder (page-*.c) reads the store, fills one dictionary, and
 * calls xabi_gen_emit(); the same dictionary expands through each format's
 * templates.  The index goes last, as it lists every page written.
 */
#include "generator/generator-int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const format_names[XABI_FMT_MAX] = { "html", "rst",
                                                        "wiki" };

const char *xabi_format_name(enum xabi_format f)
{
    return f < XABI_FMT_MAX ? format_names[f] : "?";
}

void xabi_gen_error(struct xabi_gen *g, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(g->err, g->errlen, fmt, ap);
    va_end(ap);
}

/* The pages in every page's navigation, in order. */
static const struct
{
    const char *stem, *title;
} nav[] = {
    { "index", "Index" },
    { "hypercalls", "Hypercalls" },
    { "pv-traps", "PV traps and entry points" },
    { "pv-hypercall-page", "PV hypercall page" },
    { "pv-start-of-day", "PV start of day and segments" },
    { "pvh-boot", "PVH boot ABI" },
    { "abi-versions", "ABI across versions" },
    { "claims", "Documentation claims" },
    { "audit", "Audit report" },
};

static void add_header(struct xabi_gen *g, struct xabi_dict *d,
                       const char *stem, const char *title)
{
    struct xabi_dict *h = xabi_dict_add_include(d, "HEADER", "header.tpl");
    struct xabi_dict *f = xabi_dict_add_include(d, "FOOTER", "footer.tpl");
    char rule[300];
    size_t i, n = strlen(title) * 2 + 8;

    /* An RST title's underline must be as long as the escaped title. */
    if ( n >= sizeof(rule) )
        n = sizeof(rule) - 1;
    memset(rule, '=', n);
    rule[n] = '\0';
    xabi_dict_set(h, "TITLE", title);
    xabi_dict_set(h, "RULE_LINE", rule);
    for ( i = 0; i < sizeof(nav) / sizeof(nav[0]); i++ )
    {
        struct xabi_dict *e = xabi_dict_add_section(h, "NAV");

        xabi_dict_set(e, "STEM", nav[i].stem);
        xabi_dict_set(e, "NAME", nav[i].title);
        xabi_dict_show(e, strcmp(nav[i].stem, stem) ? "OTHER" : "CURRENT");
    }
    xabi_dict_set(f, "XABI_VERSION", g->o->xabi_version);
}

static const char *const ext[XABI_FMT_MAX] = { ".html", ".rst", ".wiki" };

/*
 * Did every cell the pages read so far exist (and every number parse)?  A
 * misspelt column would otherwise print as "" on a page that looks fine.
 */
static int reads_ok(struct xabi_gen *g)
{
    const char *e = xabi_store_read_error(g->st);

    if ( !e )
        return 0;
    xabi_gen_error(g, "a page reads a bad cell: %s", e);
    return -1;
}

int xabi_gen_emit(struct xabi_gen *g, const char *page, const char *stem,
                  const char *title, struct xabi_dict *d)
{
    char tpl[128], file[128];
    int f;

    if ( g->npages == sizeof(g->pages) / sizeof(g->pages[0]) )
    {
        xabi_gen_error(g, "too many pages (more than %zu)", g->npages);
        return -1;
    }
    add_header(g, d, stem, title);
    /* Before a byte is written: --page writes straight to its output. */
    if ( reads_ok(g) )
        return -1;
    snprintf(tpl, sizeof(tpl), "%s.tpl", page);
    for ( f = 0; f < XABI_FMT_MAX; f++ )
    {
        char *text;
        size_t len;
        int rc;

        if ( !(g->o->formats & (1u << f)) )
            continue;
        if ( xabi_tpl_expand(g->tpl[f], tpl, d, &text, &len) )
        {
            xabi_gen_error(g, "%s", xabi_tpl_errmsg(g->tpl[f]));
            return -1;
        }
        if ( g->o->page )
        {
            /* One page to page_out; the others only expanded, so a
             * broken template fails the same way. */
            rc = 0;
            if ( strcmp(stem, g->o->page) == 0 )
            {
                g->page_found = true;
                if ( fwrite(text, 1, len, g->o->page_out) != len ||
                     fflush(g->o->page_out) )
                {
                    xabi_gen_error(g, "page %s: write failed: %s", stem,
                                   strerror(errno));
                    rc = -1;
                }
            }
        }
        else
        {
            snprintf(file, sizeof(file), "%s%s", stem, ext[f]);
            rc = xabi_site_write(g, format_names[f], file, text, len);
        }
        free(text);
        if ( rc )
            return -1;
    }
    snprintf(g->pages[g->npages].stem, sizeof(g->pages[0].stem), "%s", stem);
    snprintf(g->pages[g->npages].title, sizeof(g->pages[0].title), "%s",
             title);
    g->npages++;
    return 0;
}

bool xabi_gen_run_observes(const struct xabi_gen *g, size_t i)
{
    const char *kind = xabi_rows_get(&g->runs, i, "source_kind");

    return strcmp(kind, "image") != 0 && strcmp(kind, "hcpage") != 0;
}

int xabi_gen_observed_page(struct xabi_gen *g, const char *name,
                           const char *title,
                           int (*one_run)(struct xabi_gen *g,
                                          struct xabi_dict *d, size_t i))
{
    struct xabi_dict *d = xabi_dict_new(name);
    size_t i;
    int rc = 0;

    if ( !d )
    {
        xabi_gen_error(g, "out of memory");
        return -1;
    }
    if ( !g->runs.nrows )
        xabi_dict_show(d, "NO_RUNS");
    for ( i = 0; i < g->runs.nrows && !rc; i++ )
    {
        if ( xabi_gen_run_observes(g, i) )
            rc = one_run(g, d, i);
    }
    if ( !rc )
        rc = xabi_gen_emit(g, name, name, title, d);
    xabi_dict_free(d);
    return rc;
}

int xabi_gen_observable(struct xabi_gen *g, size_t i, const char *kinds,
                        bool *could, char *why, size_t n)
{
    const char *src = xabi_rows_get(&g->runs, i, "source_kind");
    bool trace = strcmp(src, "trace") == 0 || strcmp(src, "live") == 0;
    struct xabi_rows t;
    size_t r, len;
    const char *k;

    *could = false;
    why[0] = '\0';
    if ( xabi_gen_load(g, &t, "page_observable",
                       xabi_rows_num(&g->runs, i, "id"), "v_run_class") )
        return -1;
    for ( k = kinds; *k; k += len + (k[len] == ' ') )
    {
        bool found = false;

        len = strcspn(k, " ");
        for ( r = 0; r < t.nrows && !found; r++ )
        {
            const char *kind = xabi_rows_get(&t, r, "kind");

            if ( strlen(kind) != len || strncmp(kind, k, len) != 0 )
                continue;
            found = true;
            if ( xabi_rows_num(&t, r, "traced") )
                *could = true;
            else if ( !why[0] )
                snprintf(why, n, "%s", xabi_rows_get(&t, r, "detail"));
        }
        /* A kind with no trace class: any trace could show it. */
        if ( !found && trace )
            *could = true;
    }
    if ( !*could && !why[0] )
        snprintf(why, n, "run %s is a %s, not a trace: it holds no trace "
                 "records", xabi_rows_get(&g->runs, i, "id"), src);
    xabi_rows_free(&t);
    return 0;
}

int xabi_gen_run_snapshots(struct xabi_gen *g, size_t i, const char *types,
                           bool *has)
{
    struct xabi_rows t;
    size_t r;

    *has = false;
    if ( xabi_gen_load(g, &t, "page_snapshot_types",
                       xabi_rows_num(&g->runs, i, "id"), "snapshot") )
        return -1;
    for ( r = 0; r < t.nrows && !*has; r++ )
    {
        const char *type = xabi_rows_get(&t, r, "guest_type");
        const char *p = strstr(types, type);
        size_t n = strlen(type);

        *has = *type && p && (p[n] == ',' || p[n] == '\0');
    }
    xabi_rows_free(&t);
    return 0;
}

bool xabi_gen_run_file_hashes(const struct xabi_rows *t, size_t r,
                              char *buf, size_t n)
{
    const char *f = xabi_rows_get(t, r, "file_hashes");
    size_t k = 0;

    buf[0] = '\0';
    if ( xabi_rows_num(t, r, "nfiles") < 2 || !*f )
        return false;
    /* "dir/a.txt\tSHA\ndir/b.txt\tSHA" as "a.txt: SHA; b.txt: SHA". */
    while ( *f && k + 1 < n )
    {
        size_t len = strcspn(f, "\t\n"), base = len;

        while ( base && f[base - 1] != '/' )
            base--;
        k += (size_t)snprintf(buf + k, n - k, "%s%.*s: ", k ? "; " : "",
                              (int)(len - base), f + base);
        f += len;
        if ( *f == '\t' )
            f++;
        len = strcspn(f, "\n");
        /* In groups of 16 digits, so that it can wrap on any page. */
        for ( base = 0; base < len && k + 2 < n; base++ )
        {
            if ( base && base % 16 == 0 )
                buf[k++] = ' ';
            buf[k++] = f[base];
        }
        buf[k] = '\0';
        f += len;
        if ( *f == '\n' )
            f++;
    }
    return true;
}

bool xabi_gen_run_files(const struct xabi_rows *t, size_t r, char *buf,
                        size_t n)
{
    const char *f = xabi_rows_get(t, r, "files");
    size_t k = 0;

    if ( xabi_rows_num(t, r, "nfiles") < 2 )
        return false;
    /* In the order given to collect, where run_file says it. */
    if ( *(f = xabi_rows_get(t, r, "file_hashes")) )
    {
        while ( *f && k + 3 < n )
        {
            size_t len = strcspn(f, "\t");

            k += (size_t)snprintf(buf + k, n - k, "%s%.*s", k ? ", " : "",
                                  (int)len, f);
            f += len;
            f += strcspn(f, "\n");
            if ( *f )
                f++;
        }
        return true;
    }
    f = xabi_rows_get(t, r, "files");
    /* "text:a.txt,text:b.txt" as "a.txt, b.txt". */
    while ( *f && k + 3 < n )
    {
        if ( strncmp(f, "text:", 5) == 0 )
            f += 5;
        while ( *f && *f != ',' && k + 3 < n )
            buf[k++] = *f++;
        if ( *f == ',' )
        {
            buf[k++] = ',';
            buf[k++] = ' ';
            f++;
        }
    }
    buf[k] = '\0';
    return true;
}

void xabi_gen_provenance(struct xabi_gen *g, struct xabi_dict *d,
                         size_t r)
{
    struct xabi_dict *p = xabi_dict_add_include(d, "PROVENANCE",
                                                "provenance.tpl");
    const struct xabi_rows *t = &g->runs;
    char sha[17];

    char files[512], xen[160], each[1024];

    snprintf(sha, sizeof(sha), "%s", xabi_rows_get(t, r, "source_sha256"));
    xabi_dict_set(p, "RUN", xabi_rows_get(t, r, "id"));
    xabi_dict_set(p, "KIND", xabi_rows_get(t, r, "source_kind"));
    if ( xabi_gen_run_file_hashes(t, r, each, sizeof(each)) )
    {
        struct xabi_dict *j = xabi_dict_add_section(p, "PER_FILE");

        xabi_dict_set(j, "N", xabi_rows_get(t, r, "nfiles"));
        xabi_dict_set(j, "EACH", each);
        xabi_gen_run_files(t, r, files, sizeof(files));
        xabi_dict_set(p, "SOURCE", files);
    }
    else if ( xabi_gen_run_files(t, r, files, sizeof(files)) )
    {
        struct xabi_dict *j = xabi_dict_add_section(p, "JOINED");

        xabi_dict_set(j, "N", xabi_rows_get(t, r, "nfiles"));
        xabi_dict_set(j, "SHA", sha);
        xabi_dict_set(p, "SOURCE", files);
    }
    else
    {
        xabi_dict_set(xabi_dict_add_section(p, "ONE_SHA"), "SHA", sha);
        xabi_dict_set(p, "SOURCE", xabi_rows_get(t, r, "source_path"));
    }
    xabi_dict_set(p, "XEN", xabi_gen_run_xen(g, r, xen, sizeof(xen)));
    xabi_dict_set(p, "COLLECTED", xabi_rows_get(t, r, "collected_at"));
    xabi_dict_set(p, "STATUS", xabi_rows_get(t, r, "status"));
    if ( *xabi_rows_get(t, r, "label") )
    {
        struct xabi_dict *l = xabi_dict_add_section(p, "LABEL");

        xabi_dict_set(l, "TEXT", xabi_rows_get(t, r, "label"));
    }
}

void xabi_gen_heading(struct xabi_dict *d, const char *key, const char *text)
{
    char rule[300], rk[64];
    size_t n = strlen(text) * 2 + 8;

    if ( n >= sizeof(rule) )
        n = sizeof(rule) - 1;
    memset(rule, '-', n);
    rule[n] = '\0';
    snprintf(rk, sizeof(rk), "%s_RULE", key);
    xabi_dict_set(d, key, text);
    xabi_dict_set(d, rk, rule);
}

void xabi_gen_chart(struct xabi_gen *g, struct xabi_dict *d,
                    const char *title, const struct xabi_bar *bars, size_t n)
{
    char *svg;

    if ( !n || !(g->o->formats & (1u << XABI_FMT_HTML)) )
        return;
    svg = xabi_svg_bars(title, bars, n);
    if ( svg )
        xabi_dict_set(xabi_dict_add_section(d, "CHART"), "SVG", svg);
    free(svg);
}

int xabi_gen_load(struct xabi_gen *g, struct xabi_rows *t, const char *query,
                  int64_t run_id, const char *need_table)
{
    if ( xabi_rows_load(t, g->st, query, run_id, need_table) )
    {
        xabi_gen_error(g, "reading %s: %s", query,
                       t->oom ? "out of memory" : xabi_store_errmsg(g->st));
        xabi_rows_free(t);
        return -1;
    }
    return 0;
}

void xabi_gen_stem(char *buf, size_t n, const char *prefix, const char *id)
{
    size_t i = 0, k;

    k = (size_t)snprintf(buf, n, "%s", prefix);
    for ( ; id[i] && k + 1 < n && k < 60; i++, k++ )
    {
        char c = id[i];

        buf[k] = ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c >= '0' && c <= '9') || c == '-') ? c : '_';
    }
    buf[k < n ? k : n - 1] = '\0';
}

struct xabi_dict *xabi_gen_table(struct xabi_dict *d, const char *name,
                                 const char *caption)
{
    struct xabi_dict *t = xabi_dict_add_include(d, name, "table.tpl");

    xabi_dict_set(t, "CAPTION", caption);
    return t;
}

void xabi_gen_th(struct xabi_dict *table, const char *text)
{
    xabi_dict_set(xabi_dict_add_section(table, "TH"), "V", text);
}

struct xabi_dict *xabi_gen_tr(struct xabi_dict *table)
{
    return xabi_dict_add_section(table, "TR");
}

void xabi_gen_td(struct xabi_dict *row, const char *text)
{
    struct xabi_dict *c = xabi_dict_add_section(row, "TD");

    xabi_dict_set(c, "V", text && *text ? text : "-");
    xabi_dict_show(c, "PLAIN");
}

void xabi_gen_tdf(struct xabi_dict *row, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    xabi_gen_td(row, buf);
}

void xabi_gen_td_link(struct xabi_dict *row, const char *text,
                      const char *stem)
{
    struct xabi_dict *c = xabi_dict_add_section(row, "TD");
    struct xabi_dict *l = xabi_dict_add_section(c, "LINK");

    xabi_dict_set(c, "V", text && *text ? text : "-");
    xabi_dict_set(l, "STEM", stem);
}

void xabi_gen_who(char *buf, size_t n, const char *domid, const char *vcpu)
{
    char dom[32];

    if ( !*domid )
    {
        snprintf(buf, n, "whole run");
        return;
    }
    if ( strcmp(domid, "-1") == 0 )
        snprintf(dom, sizeof(dom), "unknown domain");
    else if ( strcmp(domid, "32767") == 0 )
        snprintf(dom, sizeof(dom), "idle");
    else
        snprintf(dom, sizeof(dom), "d%.20s", domid);
    if ( !*vcpu )
        snprintf(buf, n, "%s", dom);
    else if ( strcmp(vcpu, "-1") == 0 )
        snprintf(buf, n, "%s, unknown vCPU", dom);
    else
        snprintf(buf, n, "%sv%.20s", dom, vcpu);
}

/* Files a format needs beyond its pages: Sphinx's conf.py. */
/* The RST project's own files: conf.py, and xabi.css for wide tables. */
static int extras(struct xabi_gen *g)
{
    static const char *const files[] = { "conf.py", "xabi.css" };
    struct xabi_dict *d;
    char tpl[32], *text;
    size_t len, i;
    int rc = 0;

    if ( !(g->o->formats & (1u << XABI_FMT_RST)) )
        return 0;
    d = xabi_dict_new("conf");
    if ( !d )
    {
        xabi_gen_error(g, "out of memory");
        return -1;
    }
    xabi_dict_set(d, "XABI_VERSION", g->o->xabi_version);
    for ( i = 0; i < sizeof(files) / sizeof(files[0]) && !rc; i++ )
    {
        snprintf(tpl, sizeof(tpl), "%s.tpl", files[i]);
        if ( xabi_tpl_expand(g->tpl[XABI_FMT_RST], tpl, d, &text, &len) )
        {
            xabi_gen_error(g, "%s", xabi_tpl_errmsg(g->tpl[XABI_FMT_RST]));
            rc = -1;
            break;
        }
        rc = xabi_site_write(g, "rst", files[i], text, len);
        free(text);
    }
    xabi_dict_free(d);
    return rc;
}

static int open_templates(struct xabi_gen *g)
{
    char dir[4096];
    struct stat sb;
    char why[4096 + 256];
    int f;

    if ( xabi_tpl_load(g->o->template_module, why, sizeof(why)) )
    {
        xabi_gen_error(g, "%s", why);
        return -1;
    }
    for ( f = 0; f < XABI_FMT_MAX; f++ )
    {
        if ( !(g->o->formats & (1u << f)) )
            continue;
        snprintf(dir, sizeof(dir), "%s/%s", g->o->templates, format_names[f]);
        if ( stat(dir, &sb) || !S_ISDIR(sb.st_mode) )
        {
            xabi_gen_error(g, "templates: %s: %s", dir,
                           errno == ENOENT || !errno ? "missing"
                                                     : strerror(errno));
            return -1;
        }
        if ( xabi_tpl_new(dir, &g->tpl[f]) )
        {
            xabi_gen_error(g, "out of memory");
            return -1;
        }
    }
    return 0;
}

/* -2, with the names of the pages there are in the error. */
static int unknown_page(struct xabi_gen *g)
{
    size_t i, n;

    n = (size_t)snprintf(g->err, g->errlen, "no page '%s'; the pages:",
                         g->o->page);
    for ( i = 0; i < g->npages && n < g->errlen; i++ )
        n += (size_t)snprintf(g->err + n, g->errlen - n, " %s",
                              g->pages[i].stem);
    return -2;
}

static int build(struct xabi_gen *g)
{
    static int (*const pages[])(struct xabi_gen *) = {
        xabi_page_hypercalls, xabi_page_traps, xabi_page_hcpage,
        xabi_page_start_of_day, xabi_page_pvh, xabi_page_abi,
        xabi_page_claims, xabi_page_audit, xabi_page_index,
    };
    size_t i;

    if ( open_templates(g) ||
         xabi_rows_load(&g->runs, g->st, "page_runs", 0, NULL) )
        return -1;
    g->attention = calloc(g->runs.nrows + 1, sizeof(*g->attention));
    if ( !g->attention )
    {
        xabi_gen_error(g, "out of memory");
        return -1;
    }
    for ( i = 0; i < g->runs.nrows; i++ )
        snprintf(g->attention[i], sizeof(g->attention[i]), "not checked");
    if ( !g->o->page && xabi_site_begin(g) )
        return -1;
    for ( i = 0; i < sizeof(pages) / sizeof(pages[0]); i++ )
    {
        /* Also after the page: a bad read after its last emit. */
        if ( pages[i](g) || reads_ok(g) )
            return -1;
    }
    if ( g->o->page )
        return g->page_found ? 0 : unknown_page(g);
    if ( extras(g) )
        return -1;
    return xabi_site_commit(g);
}

int xabi_render(struct xabi_store *st, const struct xabi_render_opts *o,
                char *err, size_t errlen)
{
    struct xabi_gen *g = calloc(1, sizeof(*g));
    int rc, f;

    if ( !g )
    {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    g->st = st;
    g->o = o;
    g->err = err;
    g->errlen = errlen;
    err[0] = '\0';
    rc = build(g);
    if ( rc && !err[0] )
        snprintf(err, errlen, "%s", xabi_store_errmsg(st));
    xabi_site_abort(g);
    for ( f = 0; f < XABI_FMT_MAX; f++ )
        xabi_tpl_free(g->tpl[f]);
    xabi_rows_free(&g->runs);
    free(g->attention);
    free(g);
    return rc;
}
