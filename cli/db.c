/*
 * db.c: how every command opens the database.  The store decides what an
 * access may do (store/store.h); this file adds what only the command line
 * knows: which file (--db, global or the command's, and $XABI_DB), how
 * long to wait for another xabi (--busy-timeout, a global option parsed
 * by main()), and where to tell the user.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/table.h"
#include "store/store.h"

/* Set once by main() before any command runs; negative: wait forever. */
static int busy_timeout_ms = -1;

/* Set once by main() from a --db before the command; NULL: none. */
static const char *global_db;

void xabi_cli_set_db(const char *path)
{
    global_db = path;
}

const char *xabi_cli_db_given(void)
{
    const char *env = getenv("XABI_DB");

    if ( global_db )
        return global_db;
    return env && *env ? env : NULL;
}

const char *xabi_cli_db(const char *cmd_db)
{
    const char *given = xabi_cli_db_given();

    if ( cmd_db )
        return cmd_db;
    return given ? given : XABI_DEFAULT_DB;
}

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
