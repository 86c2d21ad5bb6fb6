/*
 * collect-image.c: a guest kernel image into the store, as a run of kind
 * 'image': the container, every Xen ELF note, the loadable segments.  One
 * transaction; a failure leaves the database as it was.
 */
#include "collector/collector-int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Far above any kernel; a larger file is not one. */
#define MAX_IMAGE (512u << 20)

int xabi_image_slurp(const char *path, unsigned char **buf, size_t *len,
                     char sha[65], char *err, size_t errlen)
{
    struct stat sb;
    ssize_t n;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    *buf = NULL;
    if ( fd < 0 )
        return snprintf(err, errlen, "%s: cannot open: %s", path,
                        strerror(errno)), -1;
    if ( fstat(fd, &sb) || !S_ISREG(sb.st_mode) || sb.st_size > MAX_IMAGE )
    {
        snprintf(err, errlen, "%s: offset 0: %s", path,
                 S_ISDIR(sb.st_mode) ? "is a directory, not a kernel image"
                                     : "not a regular file of kernel size");
        close(fd);
        return -1;
    }
    *len = (size_t)sb.st_size;
    *buf = malloc(*len ? *len : 1);
    if ( !*buf )
    {
        close(fd);
        return snprintf(err, errlen,
                        "%s: out of memory for the image (%zu bytes)", path,
                        *len), -1;
    }
    n = read(fd, *buf, *len);
    close(fd);
    if ( n < 0 || (size_t)n != *len )
        return snprintf(err, errlen, "%s: cannot read it whole: %s", path,
                        n < 0 ? strerror(errno) : "it changed size"), -1;
    xabi_sha256_hex(*buf, *len, sha);
    return 0;
}

static int store_image(struct xabi_store *st, const struct xabi_image *im,
                       int64_t run_id)
{
    const struct xabi_image_note *notes;
    const struct xabi_image_segment *segs;
    size_t i, n = xabi_image_notes(im, &notes);

    if ( xabi_store_put_image(st, run_id, xabi_image_get_info(im)) )
        return -1;
    for ( i = 0; i < n; i++ )
    {
        if ( xabi_store_put_elfnote(st, run_id, (int)i, &notes[i]) )
            return -1;
    }
    n = xabi_image_segments(im, &segs);
    for ( i = 0; i < n; i++ )
    {
        if ( xabi_store_put_image_segment(st, run_id, (int)i, &segs[i]) )
            return -1;
    }
    return 0;
}

static int fill_image(struct xabi_store *st, int64_t run_id, void *im)
{
    return store_image(st, im, run_id);
}

int xabi_collect_image(struct xabi_store *st,
                       const struct xabi_image_opts *opts,
                       struct xabi_collect_result *res, size_t *nnotes,
                       char *err, size_t errlen)
{
    struct xabi_run_info ri = {
        .source_kind = "image", .source_path = opts->path,
        .label = opts->label,
    };
    const struct xabi_image_note *notes;
    struct xabi_image *im = NULL;
    unsigned char *buf = NULL;
    char version[16];
    size_t len = 0;
    int rc = -1;

    memset(res, 0, sizeof(*res));
    if ( xabi_image_slurp(opts->path, &buf, &len, ri.source_sha256, err,
                          errlen) )
        goto out;
    if ( xabi_image_open_mem(buf, len, opts->path, &im) )
    {
        snprintf(err, errlen, "%s", xabi_image_errmsg(im));
        goto out;
    }
    *nnotes = xabi_image_notes(im, &notes);
    if ( !opts->xen_version &&
         xabi_store_newest_version(st, version, sizeof(version)) )
    {
        snprintf(err, errlen, "%s", xabi_store_errmsg(st));
        goto out;
    }
    ri.xen_version = opts->xen_version ? opts->xen_version : version;
    ri.source_size = len;
    if ( xabi_collect_whole(st, &ri, opts->replace, *nnotes, fill_image, im, res, err,
                            errlen) )
        goto out;
    res->bytes = len;
    rc = 0;
out:
    xabi_image_close(im);
    free(buf);
    return rc;
}
