/*
 * tree.c: the files under a directory as JSON, for `xabi render --json`:
 * what a script needs to publish the site without walking it again.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

struct tree
{
    char **paths; /* relative to the top, '/'-separated */
    size_t n, cap;
};

static int add(struct tree *t, const char *rel)
{
    char *copy = strdup(rel);

    if ( !copy )
        return -1;
    if ( t->n == t->cap )
    {
        size_t cap = t->cap ? 2 * t->cap : 64;
        char **p = realloc(t->paths, cap * sizeof(*p));

        if ( !p )
        {
            free(copy);
            return -1;
        }
        t->paths = p;
        t->cap = cap;
    }
    t->paths[t->n++] = copy;
    return 0;
}

/* Every regular file under top/rel (rel "" at the top), depth first. */
static int walk(struct tree *t, const char *top, const char *rel)
{
    char dir[4096], child[4096], full[4096];
    struct dirent *e;
    DIR *d;
    int rc = 0;

    snprintf(dir, sizeof(dir), "%s%s%s", top, *rel ? "/" : "", rel);
    if ( !(d = opendir(dir)) )
        return -1;
    while ( rc == 0 && (e = readdir(d)) )
    {
        struct stat sb;

        if ( strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 )
            continue;
        if ( snprintf(child, sizeof(child), "%s%s%s", rel, *rel ? "/" : "",
                      e->d_name) >= (int)sizeof(child) ||
             snprintf(full, sizeof(full), "%s/%s", top, child) >=
                 (int)sizeof(full) ||
             lstat(full, &sb) )
            rc = -1;
        else if ( S_ISDIR(sb.st_mode) )
            rc = walk(t, top, child);
        else if ( S_ISREG(sb.st_mode) )
            rc = add(t, child);
    }
    closedir(d);
    return rc;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int xabi_cli_print_tree_json(FILE *out, const char *dir)
{
    struct tree t = { NULL, 0, 0 };
    size_t i;
    int rc = walk(&t, dir, "");

    if ( rc == 0 )
    {
        qsort(t.paths, t.n, sizeof(*t.paths), by_name);
        fputs("{\"out\": ", out);
        xabi_cli_json_string(out, dir);
        fputs(", \"files\": [", out);
        for ( i = 0; i < t.n; i++ )
        {
            fputs(i ? ", " : "", out);
            xabi_cli_json_string(out, t.paths[i]);
        }
        fputs("]}\n", out);
    }
    for ( i = 0; i < t.n; i++ )
        free(t.paths[i]);
    free(t.paths);
    return rc;
}
