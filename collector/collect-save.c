/*
 * collect-save.c: an `xl save` image (collector/save.c) into the store, as
 * a run of kind 'snapshot': the vCPU snapshots, as the live collector
 * stores its own, and the image's headers and record types as facts
 * (save_header, save_record).  The run's SHA-256 is the image file's,
 * hashed by a thread while the reader walks it.  One transaction.
 */
#include "collector/collector-int.h"
#include "collector/save.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int fill_save(struct xabi_store *st, int64_t run_id, void *ctx)
{
    const struct xabi_save_image *img = ctx;
    size_t k;
    int64_t id;

    for ( k = 0; k < img->nsnaps; k++ )
    {
        if ( xabi_store_put_snapshot(st, run_id, &img->snaps[k], &id) )
            return -1;
    }
    for ( k = 0; k < img->nheaders; k++ )
    {
        const struct xabi_save_header_fact *h = &img->headers[k];
        struct xabi_fact f = {
            .kind = "save_header", .key = h->key,
            .domid = img->nsnaps ? img->snaps[0].domid : XABI_UNKNOWN,
            .vcpu = XABI_UNKNOWN, .offset = h->offset,
            .argmask = (uint8_t)((1u << h->nargs) - 1),
        };

        memcpy(f.args, h->args, sizeof(h->args));
        if ( xabi_store_put_fact(st, run_id, &f, 0) )
            return -1;
    }
    for ( k = 0; k < img->nrecords; k++ )
    {
        const struct xabi_save_record_fact *r = &img->records[k];
        struct xabi_fact f = {
            .kind = "save_record", .key = r->type,
            .domid = img->nsnaps ? img->snaps[0].domid : XABI_UNKNOWN,
            .vcpu = XABI_UNKNOWN, .offset = r->first_offset,
            .argmask = 0xf,
            .args = { r->layer, r->count, r->bytes, r->known },
        };

        if ( xabi_store_put_fact(st, run_id, &f, 0) )
            return -1;
    }
    return 0;
}

int xabi_collect_save(struct xabi_store *st,
                      const struct xabi_save_collect_opts *o,
                      struct xabi_collect_result *res, char *err,
                      size_t errlen)
{
    struct xabi_run_info ri = {
        .source_kind = "snapshot", .source_path = o->path,
        .xen_version = o->xen_version, .label = o->label,
    };
    struct xabi_save_image *img = NULL;
    struct xabi_hasher *h = NULL;
    char ver[32], herr[256];
    int fd, rc = -1;

    memset(res, 0, sizeof(*res));
    fd = open(o->path, O_RDONLY | O_CLOEXEC);
    if ( fd < 0 )
        return snprintf(err, errlen, "%s: cannot open: %s", o->path,
                        strerror(errno)), -1;
    if ( xabi_hasher_new(fd, true, &h) )
    {
        snprintf(err, errlen, "%s: out of memory for hashing", o->path);
        goto out;
    }
    if ( xabi_save_read(fd, o->path, &o->read, &img, err, errlen) )
        goto out;
    if ( xabi_hasher_finish(h, img->size, ri.source_sha256, herr,
                            sizeof(herr)) )
    {
        snprintf(err, errlen, "%s: %s", o->path, herr);
        goto out;
    }
    if ( !ri.xen_version )
    {
        if ( !img->has_xen_version )
        {
            snprintf(err, errlen, "%s: the image does not say which Xen "
                     "wrote it (xen_major 0: converted from the legacy "
                     "format); give --xen-version", o->path);
            goto out;
        }
        snprintf(ver, sizeof(ver), "%u.%u", img->xen_major, img->xen_minor);
        ri.xen_version = ver;
    }
    ri.source_size = img->size;
    if ( xabi_collect_whole(st, &ri, o->replace, img->nsnaps, fill_save, img,
                            res, err, errlen) )
        goto out;
    res->bytes = img->size;
    res->vcpus = (unsigned)img->nsnaps;
    snprintf(res->xen_version, sizeof(res->xen_version), "%s",
             ri.xen_version);
    res->domains = 1;
    if ( img->mandatory_unknown )
        snprintf(res->warning, sizeof(res->warning),
                 "%s: %llu record%s of a type xabi does not know and restore "
                 "needs, the first of type %#x at byte %llu: skipped, what "
                 "they hold is NOT-OBSERVED", o->path,
                 (unsigned long long)img->mandatory_unknown,
                 img->mandatory_unknown == 1 ? "" : "s",
                 img->first_mandatory_unknown_type,
                 (unsigned long long)img->first_mandatory_unknown_offset);
    rc = 0;
out:
    xabi_hasher_free(h);
    xabi_save_free(img);
    close(fd);
    return rc;
}
