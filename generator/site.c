/*
 * site.c: the output directory.  Pages are written into a temporary
 * directory beside --out and renamed into place at the end, so readers see
 * the old site or the new one, never half of one.  An existing --out is
 * replaced only if xabi wrote it (it holds XABI_SITE_MARKER) or it is
 * empty: render must never delete a directory of someone else's.
 */
#define _GNU_SOURCE /* renameat2 */
#include "generator/generator-int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int rm_one(const char *path, const struct stat *sb, int type,
                  struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    if ( type == FTW_DP )
        return rmdir(path);
    return unlink(path);
}

/* Remove a tree we wrote; best effort. */
static void rm_tree(const char *path)
{
    nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int xabi_site_begin(struct xabi_gen *g)
{
    static const char marker[] = "written by xabi render; replaced whole by "
                                 "the next render\n";
    char sub[sizeof(g->tmp) + 16];
    int n = snprintf(g->tmp, sizeof(g->tmp), "%s.tmp-XXXXXX", g->o->out);
    int f;

    if ( n < 0 || (size_t)n >= sizeof(g->tmp) )
    {
        xabi_gen_error(g, "%s: path too long", g->o->out);
        return -1;
    }
    if ( !mkdtemp(g->tmp) )
    {
        xabi_gen_error(g, "%s: cannot write a site there: %s", g->o->out,
                       strerror(errno));
        g->tmp[0] = '\0';
        return -1;
    }
    for ( f = 0; f < XABI_FMT_MAX; f++ )
    {
        if ( !(g->o->formats & (1u << f)) )
            continue;
        snprintf(sub, sizeof(sub), "%s/%s", g->tmp, xabi_format_name(f));
        if ( mkdir(sub, 0755) )
        {
            xabi_gen_error(g, "%s: %s", sub, strerror(errno));
            return -1;
        }
    }
    return xabi_site_write(g, NULL, XABI_SITE_MARKER, marker,
                           sizeof(marker) - 1);
}

int xabi_site_write(struct xabi_gen *g, const char *subdir, const char *file,
                    const char *data, size_t len)
{
    char path[sizeof(g->tmp) + 192];
    FILE *fp;
    bool ok;

    snprintf(path, sizeof(path), "%s/%s%s%s", g->tmp, subdir ? subdir : "",
             subdir ? "/" : "", file);
    fp = fopen(path, "w");
    if ( !fp )
    {
        xabi_gen_error(g, "%s: %s", path, strerror(errno));
        return -1;
    }
    ok = fwrite(data, 1, len, fp) == len;
    if ( fclose(fp) != 0 )
        ok = false;
    if ( !ok )
    {
        xabi_gen_error(g, "%s: write failed: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

/* Is path a site xabi wrote, or an empty directory? */
static bool replaceable(const char *path)
{
    char marker[4096 + 32];
    struct dirent *e;
    bool empty = true;
    DIR *d;

    snprintf(marker, sizeof(marker), "%s/%s", path, XABI_SITE_MARKER);
    if ( access(marker, F_OK) == 0 )
        return true;
    d = opendir(path);
    if ( !d )
        return false;
    while ( (e = readdir(d)) )
    {
        if ( strcmp(e->d_name, ".") && strcmp(e->d_name, "..") )
            empty = false;
    }
    closedir(d);
    return empty;
}

int xabi_site_commit(struct xabi_gen *g)
{
    const char *out = g->o->out;
    char old[sizeof(g->tmp) + 8];
    struct stat sb;

    if ( chmod(g->tmp, 0755) )
    {
        xabi_gen_error(g, "%s: %s", g->tmp, strerror(errno));
        return -1;
    }
    if ( lstat(out, &sb) != 0 )
    {
        if ( rename(g->tmp, out) )
        {
            xabi_gen_error(g, "%s: %s", out, strerror(errno));
            return -1;
        }
        g->tmp[0] = '\0';
        return 0;
    }
    if ( !S_ISDIR(sb.st_mode) || !replaceable(out) )
    {
        xabi_gen_error(g, "%s exists and is not a site xabi wrote (no %s "
                       "in it); not replacing it", out, XABI_SITE_MARKER);
        return -1;
    }
    /* Swap the two in one step where the kernel can. */
    if ( renameat2(AT_FDCWD, g->tmp, AT_FDCWD, out, RENAME_EXCHANGE) == 0 )
    {
        rm_tree(g->tmp); /* now the old site */
        g->tmp[0] = '\0';
        return 0;
    }
    snprintf(old, sizeof(old), "%s.old", g->tmp);
    if ( rename(out, old) || rename(g->tmp, out) )
    {
        xabi_gen_error(g, "replacing %s: %s", out, strerror(errno));
        return -1;
    }
    rm_tree(old);
    g->tmp[0] = '\0';
    return 0;
}

void xabi_site_abort(struct xabi_gen *g)
{
    if ( g->tmp[0] )
        rm_tree(g->tmp);
    g->tmp[0] = '\0';
}
