/*
 * catalogue.c: how the abi and decode commands reach a version's ABI.
 *
 * With --db (the command's or the global one, or $XABI_DB) the named
 * database is used, read only (and must already exist: decoding never
 * creates files).  Without it, ./xabi.db is used if there is one,
 * else a private in-memory database seeded with the built-in catalogue,
 * so `xabi decode` works anywhere.
 */
#include "cli/catalogue.h"

#include <stdlib.h>
#include <sys/stat.h>

#include "abi/abi.h"
#include "store/store.h"

int xabi_cli_open_catalogue(const char *db, struct xabi_store **st)
{
    struct stat sb;
    const char *path = db ? db : xabi_cli_db_given();
    int access = XABI_STORE_READ;

    if ( !path && stat(XABI_DEFAULT_DB, &sb) == 0 )
        path = XABI_DEFAULT_DB;
    else if ( !path )
    {
        path = ":memory:";
        access = XABI_STORE_WRITE;
    }
    if ( xabi_cli_store_open(path, access, st) )
    {
        xabi_cli_error("%s", xabi_store_errmsg(*st));
        xabi_store_close(*st);
        *st = NULL;
        return XABI_EXIT_ERROR;
    }
    return XABI_EXIT_OK;
}

int xabi_cli_load_version(struct xabi_store *st, const char *version,
                          struct xabi_abi **abi)
{
    *abi = NULL;
    if ( !xabi_version_valid(version) )
        return xabi_cli_error("'%s' is not a Xen version (such as 4.17)",
                              version);
    *abi = xabi_abi_new();
    if ( !*abi )
        return xabi_cli_error("out of memory");
    if ( xabi_store_abi_load(st, version, *abi) )
    {
        xabi_abi_free(*abi);
        *abi = NULL;
        return xabi_cli_error("%s", xabi_store_errmsg(st));
    }
    return XABI_EXIT_OK;
}

void xabi_cli_json_key(FILE *out, bool *first, const char *key)
{
    fputs(*first ? "" : ", ", out);
    *first = false;
    xabi_cli_json_string(out, key);
    fputs(": ", out);
}
