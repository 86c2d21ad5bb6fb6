/*
 * collect-whole.c: the frame shared by the collectors of a whole source
 * read at once (a kernel image, a hypercall page dump, vCPU dumps).
 */
#include "collector/collector-int.h"

#include <stdio.h>

int xabi_collect_whole(struct xabi_store *st, const struct xabi_run_info *ri,
                       bool replace, uint64_t records, xabi_fill_fn fill,
                       void *ctx,
                       struct xabi_collect_result *res, char *err,
                       size_t errlen)
{
    struct xabi_run_totals tot = { .status = XABI_RUN_COMPLETE,
                                   .records = records };

    if ( xabi_store_begin(st) )
        goto fail;
    if ( xabi_store_find_run(st, ri->source_kind, ri->source_sha256,
                             &res->run_id) )
        goto fail_rollback;
    if ( res->run_id && replace )
    {
        /* Gone in this transaction: a failure below brings it back. */
        if ( xabi_store_run_delete(st, res->run_id) )
            goto fail_rollback;
        res->replaced = res->run_id;
        res->run_id = 0;
    }
    if ( res->run_id )
    {
        /* The same bytes, collected before: say so, change nothing. */
        res->already = true;
        xabi_store_rollback(st);
        return 0;
    }
    if ( xabi_store_run_new(st, ri, &res->run_id) ||
         fill(st, res->run_id, ctx) ||
         xabi_store_run_finish(st, res->run_id, &tot) ||
         xabi_store_commit(st) )
        goto fail_rollback;
    res->records = records;
    return 0;
fail_rollback:
    snprintf(err, errlen, "%s", xabi_store_errmsg(st));
    xabi_store_rollback(st);
    return -1;
fail:
    snprintf(err, errlen, "%s", xabi_store_errmsg(st));
    return -1;
}
