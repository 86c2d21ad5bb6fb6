/*
 * page-index.c: the index, written last: every run with its provenance and
 * domains, and a link to every page written.
 */
#include "generator/generator-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int runs_table(struct xabi_gen *g, struct xabi_dict *d)
{
    static const char *const head[] = {
        "run", "source", "size (bytes)", "sha256", "Xen", "collected",
        "status", "audit", "records", "lost", "unattributed", "domains",
        "label",
    };
    const struct xabi_rows *t = &g->runs;
    struct xabi_dict *tab = xabi_gen_table(d, "RUNS", "Runs");
    size_t r, i;

    for ( i = 0; i < sizeof(head) / sizeof(head[0]); i++ )
        xabi_gen_th(tab, head[i]);
    for ( r = 0; r < t->nrows; r++ )
    {
        struct xabi_dict *tr = xabi_gen_tr(tab);
        struct xabi_rows dom;
        char doms[512], who[48], sha[96], files[512], xen[160];
        size_t k, n = 0;

        if ( xabi_gen_load(g, &dom, "page_domains",
                           xabi_rows_num(t, r, "id"), NULL) )
            return -1;
        doms[0] = '\0';
        for ( k = 0; k < dom.nrows && n < sizeof(doms); k++ )
        {
            xabi_gen_who(who, sizeof(who), xabi_rows_get(&dom, k, "domid"),
                         "");
            n += (size_t)snprintf(doms + n, sizeof(doms) - n,
                                  "%s%s (%s vCPUs)", k ? ", " : "", who,
                                  xabi_rows_get(&dom, k, "vcpus"));
        }
        xabi_rows_free(&dom);
        xabi_gen_td(tr, xabi_rows_get(t, r, "id"));
        xabi_gen_sha_groups(sha, sizeof(sha),
                            xabi_rows_get(t, r, "source_sha256"));
        if ( xabi_gen_run_files(t, r, files, sizeof(files)) )
        {
            char each[1024];

            xabi_gen_tdf(tr, "%s %s files: %s",
                         xabi_rows_get(t, r, "source_kind"),
                         xabi_rows_get(t, r, "nfiles"), files);
            xabi_gen_td(tr, xabi_rows_get(t, r, "source_size"));
            if ( xabi_gen_run_file_hashes(t, r, each, sizeof(each)) )
                xabi_gen_tdf(tr, "%s; of the files joined in the order "
                             "given to collect: %s", each, sha);
            else
                xabi_gen_tdf(tr, "per file: NOT-OBSERVED (collected before "
                             "xabi stored them); of the files joined in the "
                             "order given to collect: %s", sha);
        }
        else
        {
            xabi_gen_tdf(tr, "%s %s", xabi_rows_get(t, r, "source_kind"),
                         xabi_rows_get(t, r, "source_path"));
            xabi_gen_td(tr, xabi_rows_get(t, r, "source_size"));
            xabi_gen_td(tr, sha);
        }
        xabi_gen_td(tr, xabi_gen_run_xen(g, r, xen, sizeof(xen)));
        xabi_gen_tdf(tr, "%s by xabi %s", xabi_rows_get(t, r, "collected_at"),
                     xabi_rows_get(t, r, "xabi_version"));
        xabi_gen_tdf(tr, "%s%s%s", xabi_rows_get(t, r, "status"),
                     *xabi_rows_get(t, r, "status_detail") ? ": " : "",
                     xabi_rows_get(t, r, "status_detail"));
        xabi_gen_td_link(tr, g->attention[r], "audit");
        xabi_gen_td(tr, xabi_rows_get(t, r, "records"));
        xabi_gen_td(tr, xabi_rows_get(t, r, "lost_records"));
        xabi_gen_td(tr, xabi_rows_get(t, r, "unknown_records"));
        xabi_gen_td(tr, doms);
        xabi_gen_td(tr, xabi_rows_get(t, r, "label"));
    }
    return 0;
}

int xabi_page_index(struct xabi_gen *g)
{
    struct xabi_dict *d = xabi_dict_new("index");
    size_t i;
    int rc = 0;

    if ( !d )
    {
        xabi_gen_error(g, "out of memory");
        return -1;
    }
    for ( i = 0; i < g->npages; i++ )
    {
        bool rule = strncmp(g->pages[i].stem, "rule-", 5) == 0;
        struct xabi_dict *p = xabi_dict_add_section(d, rule ? "RULE_PAGE"
                                                            : "PAGE");

        if ( rule )
            xabi_dict_show(d, "HAVE_RULES");
        xabi_dict_set(p, "STEM", g->pages[i].stem);
        xabi_dict_set(p, "NAME", g->pages[i].title);
    }
    if ( g->runs.nrows )
        rc = runs_table(g, d);
    else
        xabi_dict_show(d, "NO_RUNS");
    if ( !rc )
        rc = xabi_gen_emit(g, "index", "index", "Xen guest ABI, as observed",
                           d);
    xabi_dict_free(d);
    return rc;
}
