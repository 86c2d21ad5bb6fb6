/*
 * collect-snapshot.c: recorded vCPU dumps into the store, as a run of kind
 * 'snapshot'.  The live collector takes the same state through libxenctrl;
 * dumps recorded earlier (getctx, xen-hvmctx, pvhinfo: collector/snapshot.h)
 * get the same rules, pages and comparisons.  One run per collect, holding
 * every dump given; its SHA-256 is over the dumps' bytes in order, so the
 * same dumps collected again are recognised, and each dump's own name,
 * size and SHA-256 are stored too (run_file).  One transaction.
 */
#include "collector/collector-int.h"
#include "collector/snapshot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each dump's own size and SHA-256, for run_file. */
struct one_file
{
    uint64_t size;
    char sha[65];
};

/*
 * Hash the files' bytes in order, and each file on its own; -1 with err if
 * one cannot be read.
 */
static int hash_files(const char *const *paths, size_t n, char sha[65],
                      uint64_t *size, struct one_file *each, char *err,
                      size_t errlen)
{
    struct xabi_hasher *h = NULL, *h1 = NULL;
    unsigned char buf[65536];
    size_t k, got;
    int rc = -1;

    *size = 0;
    if ( xabi_hasher_new(-1, false, &h) )
    {
        snprintf(err, errlen, "%s: out of memory for hashing the dumps",
                 paths[0]);
        goto out;
    }
    for ( k = 0; k < n; k++ )
    {
        FILE *f;

        each[k].size = 0;
        if ( xabi_hasher_new(-1, false, &h1) )
        {
            snprintf(err, errlen, "%s: out of memory for hashing the dump",
                     paths[k]);
            goto out;
        }
        if ( xabi_snapshot_text_open(paths[k], &f, err, errlen) )
            goto out;
        while ( (got = fread(buf, 1, sizeof(buf), f)) > 0 )
        {
            xabi_hasher_update(h, buf, got);
            xabi_hasher_update(h1, buf, got);
            *size += got;
            each[k].size += got;
        }
        if ( ferror(f) )
        {
            snprintf(err, errlen, "%s: cannot read: %s", paths[k],
                     strerror(errno));
            fclose(f);
            goto out;
        }
        fclose(f);
        if ( xabi_hasher_finish(h1, each[k].size, each[k].sha, err, errlen) )
            goto out;
        xabi_hasher_free(h1);
        h1 = NULL;
    }
    rc = xabi_hasher_finish(h, *size, sha, err, errlen);
out:
    xabi_hasher_free(h1);
    xabi_hasher_free(h);
    return rc;
}

struct dumps
{
    struct xabi_snapshot *const *snaps;
    const char *const *paths;
    const struct one_file *each;
    size_t n;
};

static int fill_snapshots(struct xabi_store *st, int64_t run_id, void *ctx)
{
    const struct dumps *d = ctx;
    int64_t id;
    size_t k;

    for ( k = 0; k < d->n; k++ )
    {
        if ( xabi_store_put_snapshot(st, run_id, d->snaps[k], &id) ||
             xabi_store_put_run_file(st, run_id, (unsigned)k, d->paths[k],
                                     d->each[k].size, d->each[k].sha) )
            return -1;
    }
    return 0;
}

int xabi_collect_snapshots(struct xabi_store *st,
                           const struct xabi_snapshot_collect_opts *o,
                           struct xabi_collect_result *res, char *err,
                           size_t errlen)
{
    struct xabi_run_info ri = {
        .source_kind = "snapshot", .source_path = o->paths[0],
        .xen_version = o->xen_version, .label = o->label,
    };
    struct xabi_snapshot **snaps = calloc(o->npaths, sizeof(*snaps));
    struct one_file *each = calloc(o->npaths, sizeof(*each));
    size_t k;
    int rc = -1;

    memset(res, 0, sizeof(*res));
    if ( !snaps || !each )
    {
        free(snaps);
        free(each);
        return snprintf(err, errlen, "%s: out of memory", o->paths[0]), -1;
    }
    if ( hash_files(o->paths, o->npaths, ri.source_sha256, &ri.source_size,
                    each, err, errlen) )
        goto out;
    for ( k = 0; k < o->npaths; k++ )
    {
        if ( xabi_snapshot_text_load(o->paths[k], &o->text, &snaps[k], err,
                                     errlen) )
            goto out;
    }
    if ( xabi_collect_whole(st, &ri, o->replace, o->npaths, fill_snapshots,
                            &(struct dumps){ snaps, o->paths, each,
                                             o->npaths },
                            res, err,
                            errlen) )
        goto out;
    res->bytes = ri.source_size;
    rc = 0;
out:
    for ( k = 0; k < o->npaths; k++ )
        xabi_snapshot_text_free(snaps[k]);
    free(snaps);
    free(each);
    return rc;
}
