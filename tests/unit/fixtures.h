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

#include <stdbool.h>
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
    static const char *const suffix[] = { "-journal", "-wal", "-shm" };
    char j[4200];
    size_t i;

    unlink(path);
    for ( i = 0; i < ARRAY_SIZE(suffix); i++ )
    {
        snprintf(j, sizeof(j), "%s%s", path, suffix[i]);
        unlink(j);
    }
}

/* The bytes of a file (malloc'd, *n of them), to tell "left as it was". */
static inline char *xabi_test_slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    char *p;

    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *n = (size_t)ftell(f);
    rewind(f);
    p = malloc(*n + 1);
    assert_non_null(p);
    assert_int_equal(fread(p, 1, *n, f), *n);
    fclose(f);
    return p;
}

/* The file at path holds the n bytes of before, no more. */
static inline void xabi_test_assert_unchanged(const char *path,
                                              const char *before, size_t n)
{
    size_t m;
    char *after = xabi_test_slurp(path, &m);

    assert_int_equal(m, n);
    assert_memory_equal(after, before, n);
    free(after);
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

/* ---- PV hypercall pages, byte by byte ----------------------------------- */

/*
 * As Xen lays them out (facts from Xen's source): xen/arch/x86/domain.c:
 * init_hypercall_page fills the page with int3 (0xcc), then
 * xen/arch/x86/pv/hypercall.c: pv_ring3_init_hypercall_page (PV64) or
 * pv_ring1_init_hypercall_page (PV32) writes stub n at n * 32.
 */
#define HC_PAGE      4096
#define HC_STUB      32
#define HC_IRET      23 /* xen/include/public/xen.h: __HYPERVISOR_iret */
#define LE32(v)      (uint8_t)(v), (uint8_t)((v) >> 8), \
                     (uint8_t)((v) >> 16), (uint8_t)((v) >> 24)

static inline void hc_put(uint8_t *page, uint32_t n, const uint8_t *s,
                          size_t len)
{
    memcpy(page + n * HC_STUB, s, len);
}

/* PV64 stub n: the same in every Xen from 4.2 to 4.22. */
static inline void hc_pv64_stub(uint8_t *page, uint32_t n)
{
    const uint8_t s[] = {
        0x51,       /* +0  push %rcx */
        0x41, 0x53, /* +1  push %r11 */
        0xb8, LE32(n), /* +3  mov $n,%eax */
        0x0f, 0x05, /* +8  syscall */
        0x41, 0x5b, /* +10 pop %r11 */
        0x59,       /* +12 pop %rcx */
        0xc3,       /* +13 ret */
    };

    hc_put(page, n, s, sizeof(s));
}

/* PV64 stub 23, Xen 4.4 on: int3 after the syscall. */
static inline void hc_pv64_iret(uint8_t *page)
{
    const uint8_t s[] = {
        0x51,       /* +0  push %rcx */
        0x41, 0x53, /* +1  push %r11 */
        0x50,       /* +3  push %rax */
        0xb8, LE32(HC_IRET), /* +4  mov $23,%eax */
        0x0f, 0x05, /* +9  syscall */
    };

    hc_put(page, HC_IRET, s, sizeof(s));
}

/* PV64 stub 23, Xen 4.2 and 4.3: the generic stub's last three bytes are
 * left behind the syscall. */
static inline void hc_pv64_iret_4_2(uint8_t *page)
{
    const uint8_t tail[] = {
        0x5b, /* +11 pop %rbx (the second byte of pop %r11) */
        0x59, /* +12 pop %rcx */
        0xc3, /* +13 ret */
    };

    hc_pv64_iret(page);
    memcpy(page + HC_IRET * HC_STUB + 11, tail, sizeof(tail));
}

/* PV32 stub n: mov $n,%eax; int $0x82; ret. */
static inline void hc_pv32_stub(uint8_t *page, uint32_t n)
{
    const uint8_t s[] = {
        0xb8, LE32(n), /* +0 mov $n,%eax */
        0xcd, 0x82, /* +5 int $0x82 (HYPERCALL_VECTOR) */
        0xc3,       /* +7 ret */
    };

    hc_put(page, n, s, sizeof(s));
}

static inline void hc_pv32_iret(uint8_t *page)
{
    const uint8_t s[] = {
        0x50,       /* +0 push %eax */
        0xb8, LE32(HC_IRET), /* +1 mov $23,%eax */
        0xcd, 0x82, /* +6 int $0x82 */
    };

    hc_put(page, HC_IRET, s, sizeof(s));
}

/* A whole page as Xen 4.17 writes it for a PV64 (pv64) or PV32 guest. */
static inline void hc_page(uint8_t *page, bool pv64)
{
    uint32_t n;

    memset(page, 0xcc, HC_PAGE);
    for ( n = 0; n < HC_PAGE / HC_STUB; n++ )
    {
        if ( n == HC_IRET )
            pv64 ? hc_pv64_iret(page) : hc_pv32_iret(page);
        else
            pv64 ? hc_pv64_stub(page, n) : hc_pv32_stub(page, n);
    }
}

#endif
