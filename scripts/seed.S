/*
 * seed.S: build/seed.db (scripts/mkseed.c) in build/xabi's read-only
 * data, as xabi_seed_db .. xabi_seed_db_end (store/store.c: seed_new).
 * SEED_DB is its path, a string, from the Makefile.
 */
    .section .rodata
    .balign 64
    .globl xabi_seed_db
    .globl xabi_seed_db_end
xabi_seed_db:
    .incbin SEED_DB
xabi_seed_db_end:
    .section .note.GNU-stack, "", @progbits
