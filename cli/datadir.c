/*
 * datadir.c: where this binary's data files are, relative to the binary,
 * so an installed tree works wherever it is moved to (the templates and
 * the template module of `xabi render`, the lab harness of `xabi lab`).
 */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"

/* The first of DIR/rel[i] of the file type type (S_IFDIR, S_IFREG). */
static const char *find_beside(const char *const *rel, size_t n,
                               mode_t type, char *buf, size_t len)
{
    char exe[PATH_MAX];
    const char *dir;
    struct stat sb;
    ssize_t got;
    size_t i;

    got = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if ( got <= 0 )
        return NULL;
    exe[got] = '\0';
    dir = dirname(exe);
    for ( i = 0; i < n; i++ )
    {
        if ( (size_t)snprintf(buf, len, "%s/%s", dir, rel[i]) < len &&
             stat(buf, &sb) == 0 && (sb.st_mode & S_IFMT) == type )
            return buf;
    }
    return NULL;
}

const char *xabi_cli_find_data_dir(const char *const *rel, size_t n,
                                   char *buf, size_t len)
{
    return find_beside(rel, n, S_IFDIR, buf, len);
}

const char *xabi_cli_find_data_file(const char *const *rel, size_t n,
                                    char *buf, size_t len)
{
    return find_beside(rel, n, S_IFREG, buf, len);
}
