/*
 * db.c: how every command opens the database.  The store decides what an
 * access may do (store/store.h); this file adds what only the command line
 * knows: how long to wait for another xabi (--busy-timeout, a global
 * option parsed by main()), and where to tell the user.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/table.h"
#include "store/store.h"

/* Set once by main() before any command runs; negative: wait forever. */
static int busy_timeout_ms = -1;

void xabi_cli_set_busy_timeout(int ms)
{
    busy_timeout_ms = ms;
}

static void notice(void *ctx, const char *msg)
{
    (void)ctx;
    fputs("xabi: ", stderr);
    xabi_cli_print_text(stderr, msg, 0);
    fputc('\n', stderr);
}

int xabi_cli_store_open(const char *path, int access, struct xabi_store **st)
{
    const struct xabi_store_opts o = { (enum xabi_store_access)access,
                                       busy_timeout_ms, notice, NULL };

    return xabi_store_open_with(path, &o, st);
}
