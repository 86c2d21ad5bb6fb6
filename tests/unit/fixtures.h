/*
 * fixtures.h: helpers shared by the unit tests.  Minimal version from the
 * analyzer branch; the lead reconciles it with the other branches' copy.
 */
#ifndef XABI_TEST_FIXTURES_H
#define XABI_TEST_FIXTURES_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

/* A fresh path for a database that does not exist yet; caller unlinks. */
static inline void xabi_test_db_path(char *buf, size_t len, const char *tag)
{
    static unsigned seq;

    snprintf(buf, len, "/tmp/xabi-test-%s-%ld-%u.db", tag, (long)getpid(),
             seq++);
    unlink(buf);
}

static inline void xabi_test_db_remove(const char *path)
{
    char j[4200];

    unlink(path);
    snprintf(j, sizeof(j), "%s-journal", path);
    unlink(j);
}

#endif
