/*
 * fixtures.h: building trace bytes in tests, word by labelled word.
 *
 * A fixture reads like the format it encodes:
 *
 *     static const uint32_t trace[] = {
 *         WINDOW(0, 2 * REC_TSC_SIZE(1)),          // pCPU 0, 32 bytes
 *         REC_TSC(0x0020100d, 1), TSC(1000), 25,   // hypercall 25
 *         ...
 *     };
 *
 * Words are host-endian u32s; xentrace writes little-endian, which is what
 * these tests run on (x86).
 */
#ifndef XABI_TEST_FIXTURES_H
#define XABI_TEST_FIXTURES_H

/* cmocka needs these before its own header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

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

/* xen/include/public/trace.h: TRC_TRACE_CPU_CHANGE, 2 extra words. */
#define WINDOW(cpu, bytes)  0x2001f003u, (uint32_t)(cpu), (uint32_t)(bytes)
/* A record header: event, n extra words, no TSC. */
#define REC(ev, n)          ((uint32_t)(ev) | (uint32_t)(n) << 28)
/* A record header with a TSC (bit 31); follow it with TSC(v). */
#define REC_TSC(ev, n)      (REC(ev, n) | 0x80000000u)
#define TSC(v)              (uint32_t)((uint64_t)(v) & 0xffffffffu), \
                            (uint32_t)((uint64_t)(v) >> 32)
/* Sizes in bytes, for WINDOW(). */
#define REC_SIZE(n)         (4u + 4u * (n))
#define REC_TSC_SIZE(n)     (12u + 4u * (n))
/* Runstate change (old -> new) for d:v, as xen/common/sched/core.c. */
#define RUNSTATE(old, new)  (0x00021001u | (old) << 8 | (new) << 4)
#define DOMVCPU(d, v)       ((uint32_t)(d) << 16 | (uint32_t)(v))

#endif
