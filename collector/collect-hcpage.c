/*
 * collect-hcpage.c: a dump of a PV guest's hypercall page into the store,
 * as a run of kind 'hcpage': the page, its 128 stubs and their
 * instructions.  One transaction; a failure leaves the database as it was.
 * A file collected before (same SHA-256) is found and nothing is written,
 * whatever --va or --domain say this time: the bytes are the same.
 */
#include "collector/hcpage.h"
#include "collector/collector-int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Read exactly one page from path, and its SHA-256.  Anything else (no
 * file, a directory, a size other than 4096) fails naming the file and the
 * byte offset where it goes wrong.
 */
static int read_page(const char *path, unsigned char *page, char sha[65],
                     char *err, size_t errlen)
{
    unsigned char extra;
    struct stat sb;
    ssize_t n;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    if ( fd < 0 )
        return snprintf(err, errlen, "%s: cannot open: %s", path,
                        strerror(errno)),
               -1;
    if ( fstat(fd, &sb) || S_ISDIR(sb.st_mode) )
    {
        close(fd);
        return snprintf(err, errlen,
                        "%s: offset 0 (0x0): is a directory, "
                        "not a hypercall page dump",
                        path),
               -1;
    }
    n = read(fd, page, XABI_HCPAGE_SIZE);
    if ( n < 0 )
    {
        snprintf(err, errlen, "%s: offset 0 (0x0): cannot read: %s", path,
                 strerror(errno));
        close(fd);
        return -1;
    }
    /* A pipe may deliver a page in pieces. */
    while ( n > 0 && n < XABI_HCPAGE_SIZE )
    {
        ssize_t more = read(fd, page + n, XABI_HCPAGE_SIZE - (size_t)n);

        if ( more <= 0 )
            break;
        n += more;
    }
    if ( n == XABI_HCPAGE_SIZE && read(fd, &extra, 1) == 1 )
        n++;
    close(fd);
    if ( n != XABI_HCPAGE_SIZE )
        return snprintf(err, errlen,
                        "%s: offset %zu (0x%zx): a hypercall page dump is "
                        "exactly %u bytes; %s",
                        path,
                        n > XABI_HCPAGE_SIZE ? XABI_HCPAGE_SIZE : (size_t)n,
                        n > XABI_HCPAGE_SIZE ? XABI_HCPAGE_SIZE : (size_t)n,
                        XABI_HCPAGE_SIZE,
                        n < XABI_HCPAGE_SIZE ? "the file ends here"
                                             : "the file goes on past it"),
               -1;
    xabi_sha256_hex(page, XABI_HCPAGE_SIZE, sha);
    return 0;
}

static int fill_page(struct xabi_store *st, int64_t run_id, void *pg)
{
    int64_t page_id;

    return xabi_store_put_hcpage(st, run_id, pg, &page_id);
}

int xabi_collect_hcpage(struct xabi_store *st,
                        const struct xabi_hcpage_opts *opts,
                        struct xabi_collect_result *res, unsigned *nclass,
                        char *err, size_t errlen)
{
    struct xabi_run_info ri = {
        .source_kind = "hcpage",
        .source_path = opts->path,
        .source_size = XABI_HCPAGE_SIZE,
        .xen_version = opts->xen_version,
        .label = opts->label,
    };
    struct xabi_hcpage *pg = NULL;
    unsigned char *page = malloc(XABI_HCPAGE_SIZE);
    int rc = -1;

    memset(res, 0, sizeof(*res));
    if ( !page )
        return snprintf(err, errlen, "%s: out of memory for the page",
                        opts->path), -1;
    if ( read_page(opts->path, page, ri.source_sha256, err, errlen) ||
         xabi_hcpage_disasm(page, XABI_HCPAGE_SIZE, opts->va, opts->width,
                            opts->path, &pg, err, errlen) )
        goto out;
    pg->domid = opts->domid;
    pg->source = "file";
    memcpy(nclass, pg->nclass, sizeof(pg->nclass));
    if ( xabi_collect_whole(st, &ri, opts->replace, XABI_HCPAGE_NSTUBS, fill_page, pg, res,
                            err, errlen) )
        goto out;
    res->domains = res->already ? 0 : 1;
    res->bytes = XABI_HCPAGE_SIZE;
    rc = 0;
out:
    xabi_hcpage_free(pg);
    free(page);
    return rc;
}
