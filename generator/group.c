/*
 * group.c: pages consolidated over the database.  A topic page shows what
 * was observed once per Xen version (and, inside, per guest type), not
 * once per run: the runs of one version that hold something for the page
 * form a group, each value shows once with the runs, domains and vCPUs
 * that showed it ("run 3 d1v0"), and one table at the end of the page
 * names each of those runs' sources in full.
 */
#include "generator/generator-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The file name of a path: runs are named by it, not by the whole path. */
const char *xabi_gen_basename(const char *path)
{
    const char *s = strrchr(path, '/');

    return s ? s + 1 : path;
}

void xabi_gen_run_name(char *buf, size_t n, const struct xabi_gen *g,
                       size_t i)
{
    const struct xabi_rows *t = &g->runs;
    char files[256];

    if ( xabi_gen_run_files(t, i, files, sizeof(files)) )
        snprintf(buf, n, "run %s (%s)", xabi_rows_get(t, i, "id"), files);
    else
        snprintf(buf, n, "run %s (%s)", xabi_rows_get(t, i, "id"),
                 xabi_gen_basename(xabi_rows_get(t, i, "source_path")));
}

const char *xabi_gen_run_xen(const struct xabi_gen *g, size_t i, char *buf,
                             size_t n)
{
    const char *xen = xabi_rows_get(&g->runs, i, "xen_version");

    /* A kernel image comes from no Xen: it only names its notes by one. */
    if ( strcmp(xabi_rows_get(&g->runs, i, "source_kind"), "image") )
        return xen;
    snprintf(buf, n, "none observed (a kernel image; its notes named as in "
             "Xen %.40s's headers)", xen);
    return buf;
}

int xabi_gen_grouped_page(struct xabi_gen *g, struct xabi_dict *d,
                          xabi_gen_keep_fn keep, xabi_gen_group_fn one_group,
                          bool *used)
{
    size_t n = g->runs.nrows, i, j, k;
    bool *in = calloc(n ? n : 1, sizeof(*in));
    bool *done = calloc(n ? n : 1, sizeof(*done));
    int rc = 0, shown = 0;

    if ( !in || !done )
    {
        free(in);
        free(done);
        xabi_gen_error(g, "out of memory");
        return -1;
    }
    for ( i = 0; i < n && !rc; i++ )
    {
        const char *xen = xabi_rows_get(&g->runs, i, "xen_version");
        struct xabi_dict *grp;
        char runs[1024], h[96];
        size_t len = 0, members = 0;
        bool ok;

        if ( done[i] )
            continue;
        memset(in, 0, n * sizeof(*in));
        for ( j = i; j < n && !rc; j++ )
        {
            if ( done[j] ||
                 strcmp(xabi_rows_get(&g->runs, j, "xen_version"), xen) )
                continue;
            done[j] = true;
            ok = false;
            rc = keep(g, j, &ok);
            if ( !rc && ok )
            {
                in[j] = true;
                members++;
            }
        }
        if ( rc || !members )
            continue;
        grp = xabi_dict_add_section(d, "GROUP");
        snprintf(h, sizeof(h), "Xen %.40s", xen);
        xabi_gen_heading(grp, "HEADING", h);
        xabi_dict_set(grp, "XEN", xen);
        runs[0] = '\0';
        for ( k = 0; k < n && len < sizeof(runs); k++ )
        {
            char name[300];

            if ( !in[k] )
                continue;
            xabi_gen_run_name(name, sizeof(name), g, k);
            len += (size_t)snprintf(runs + len, sizeof(runs) - len, "%s%s",
                                    len ? ", " : "", name);
            if ( used )
                used[k] = true;
        }
        xabi_dict_set(grp, "RUNS", runs);
        xabi_dict_set(grp, "NRUNS", members == 1 ? "1 run" : "");
        if ( members != 1 )
        {
            char nr[32];

            snprintf(nr, sizeof(nr), "%zu runs", members);
            xabi_dict_set(grp, "NRUNS", nr);
        }
        rc = one_group(g, grp, i, in);
        shown++;
    }
    if ( !rc && !shown )
        xabi_dict_show(d, g->runs.nrows ? "NO_GROUP" : "NO_RUNS");
    free(in);
    free(done);
    return rc;
}

/* A SHA-256 in groups of 16 digits, so that it can wrap on any page. */
void xabi_gen_sha_groups(char *buf, size_t n, const char *sha)
{
    size_t i, k = 0;

    for ( i = 0; sha[i] && k + 2 < n; i++ )
    {
        if ( i && i % 16 == 0 )
            buf[k++] = ' ';
        buf[k++] = sha[i];
    }
    buf[k] = '\0';
}

void xabi_gen_sources(struct xabi_gen *g, struct xabi_dict *d,
                      const bool *used)
{
    static const char *const head[] = {
        "run", "source", "SHA-256", "Xen", "collected", "status", "label",
    };
    const struct xabi_rows *t = &g->runs;
    struct xabi_dict *tab = NULL;
    size_t r, i;

    for ( r = 0; r < t->nrows; r++ )
    {
        struct xabi_dict *tr;
        char sha[96], xen[160], each[1024];

        if ( !used[r] )
            continue;
        if ( !tab )
        {
            tab = xabi_gen_table(d, "SOURCES", "Sources of this page");
            for ( i = 0; i < sizeof(head) / sizeof(head[0]); i++ )
                xabi_gen_th(tab, head[i]);
        }
        tr = xabi_gen_tr(tab);
        xabi_gen_td(tr, xabi_rows_get(t, r, "id"));
        if ( xabi_gen_run_files(t, r, each, sizeof(each)) )
            xabi_gen_tdf(tr, "%s %s files: %s",
                         xabi_rows_get(t, r, "source_kind"),
                         xabi_rows_get(t, r, "nfiles"), each);
        else
            xabi_gen_tdf(tr, "%s %s", xabi_rows_get(t, r, "source_kind"),
                         xabi_rows_get(t, r, "source_path"));
        xabi_gen_sha_groups(sha, sizeof(sha),
                            xabi_rows_get(t, r, "source_sha256"));
        if ( xabi_gen_run_file_hashes(t, r, each, sizeof(each)) )
            xabi_gen_tdf(tr, "%s; of the %s files joined: %s", each,
                         xabi_rows_get(t, r, "nfiles"), sha);
        else if ( xabi_rows_num(t, r, "nfiles") > 1 )
            xabi_gen_tdf(tr, "per file: NOT-OBSERVED (collected before xabi "
                         "stored them); of the %s files joined: %s",
                         xabi_rows_get(t, r, "nfiles"), sha);
        else
            xabi_gen_td(tr, sha);
        xabi_gen_td(tr, xabi_gen_run_xen(g, r, xen, sizeof(xen)));
        xabi_gen_td(tr, xabi_rows_get(t, r, "collected_at"));
        xabi_gen_td(tr, xabi_rows_get(t, r, "status"));
        xabi_gen_td(tr, xabi_rows_get(t, r, "label"));
    }
}

bool xabi_gen_in_group(const struct xabi_gen *g, const bool *in,
                       const char *run_id)
{
    size_t r;

    for ( r = 0; r < g->runs.nrows; r++ )
    {
        if ( in[r] && !strcmp(xabi_rows_get(&g->runs, r, "id"), run_id) )
            return true;
    }
    return false;
}

int xabi_gen_topic_page(struct xabi_gen *g, const char *name,
                        const char *title, xabi_gen_top_fn top,
                        xabi_gen_keep_fn keep, xabi_gen_group_fn one_group)
{
    struct xabi_dict *d = xabi_dict_new(name);
    bool *used = calloc(g->runs.nrows + 1, sizeof(*used));
    int rc = -1;

    if ( !d || !used )
    {
        xabi_gen_error(g, "out of memory");
        xabi_dict_free(d);
        free(used);
        return -1;
    }
    rc = top ? top(g, d) : 0;
    if ( !rc )
        rc = xabi_gen_grouped_page(g, d, keep, one_group, used);
    if ( !rc )
    {
        xabi_gen_sources(g, d, used);
        rc = xabi_gen_emit(g, name, name, title, d);
    }
    xabi_dict_free(d);
    free(used);
    return rc;
}

int xabi_gen_initial_regs(struct xabi_gen *g, struct xabi_dict *d,
                          size_t first, const char *types)
{
    static const char *const head[] = { "guest", "register", "value",
                                        "who" };
    struct xabi_dict *t = NULL;
    struct xabi_rows r;
    size_t i, h;

    if ( xabi_gen_load(g, &r, "page_g_initial_regs",
                       xabi_rows_num(&g->runs, first, "id"), "snapshot_reg") )
        return -1;
    for ( i = 0; i < r.nrows; i++ )
    {
        const char *type = xabi_rows_get(&r, i, "guest_type");
        struct xabi_dict *tr;

        if ( !*type || !strstr(types, type) )
            continue;
        if ( !t )
        {
            t = xabi_gen_table(d, "INITIAL_REGS", "Registers at the start "
                               "of day (initial snapshots)");
            for ( h = 0; h < sizeof(head) / sizeof(head[0]); h++ )
                xabi_gen_th(t, head[h]);
        }
        tr = xabi_gen_tr(t);
        xabi_gen_td(tr, type);
        xabi_gen_td(tr, xabi_rows_get(&r, i, "name"));
        xabi_gen_tdf(tr, "0x%llx",
                     (unsigned long long)xabi_rows_num(&r, i, "value"));
        xabi_gen_td(tr, xabi_rows_get(&r, i, "who"));
    }
    xabi_rows_free(&r);
    return 0;
}

int xabi_gen_kernel_notes(struct xabi_gen *g, struct xabi_dict *d,
                          const char *const *names, size_t nnames)
{
    struct xabi_rows n;
    size_t i, k, r, images = 0;

    if ( xabi_gen_load(g, &n, "page_entry_notes", 0, "elfnote") )
        return -1;
    for ( i = 0; i < g->runs.nrows; i++ )
    {
        const char *id = xabi_rows_get(&g->runs, i, "id");
        const char *file = xabi_gen_basename(xabi_rows_get(&g->runs, i,
                                                           "source_path"));

        if ( strcmp(xabi_rows_get(&g->runs, i, "source_kind"), "image") )
            continue;
        images++;
        for ( k = 0; k < nnames; k++ )
        {
            struct xabi_dict *s = NULL;

            for ( r = 0; r < n.nrows && !s; r++ )
            {
                if ( strcmp(xabi_rows_get(&n, r, "run_id"), id) ||
                     strcmp(xabi_rows_get(&n, r, "name"), names[k]) )
                    continue;
                s = xabi_dict_add_section(d, "KERNEL_NOTE");
                xabi_dict_setf(s, "VALUE", "0x%llx",
                               (unsigned long long)xabi_rows_num(&n, r,
                                                                 "value"));
            }
            if ( !s )
                s = xabi_dict_add_section(d, "KERNEL_NO_NOTE");
            xabi_dict_set(s, "RUN", id);
            xabi_dict_set(s, "FILE", file);
            xabi_dict_set(s, "NAME", names[k]);
        }
    }
    if ( !images )
        xabi_dict_show(d, "NO_KERNELS");
    xabi_rows_free(&n);
    return 0;
}
