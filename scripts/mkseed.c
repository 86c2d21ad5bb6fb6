/*
 * mkseed: make build/seed.db, the image of a new database that
 * build/xabi copies instead of executing the schema and catalogue's SQL
 * (store/store.c: seed_new).  It opens PATH, which must not exist, with
 * the store's own code, linked without an image, so the schema and
 * catalogue are made exactly as a new database's always were.
 *
 *     mkseed PATH
 */
#include <stdio.h>

#include "store/store.h"

int main(int argc, char **argv)
{
    struct xabi_store *st;

    if ( argc != 2 )
    {
        fprintf(stderr, "usage: mkseed PATH\n");
        return 2;
    }
    if ( xabi_store_open(argv[1], &st) )
    {
        fprintf(stderr, "mkseed: %s\n", xabi_store_errmsg(st));
        xabi_store_abandon(st);
        return 1;
    }
    xabi_store_close(st);
    return 0;
}
