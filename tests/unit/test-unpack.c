/*
 * test-unpack.c: the decompressing reader behind `xabi collect FILE.xz`.
 *
 * The magic bytes are given byte by byte; the streams are made here with
 * the same libraries, from a payload larger than one chunk (so the thread
 * hands out several), and read back through the socket xabi_unpack_open
 * returns.  A cut stream and a corrupted one must end in a message that
 * names the file and the compressed offset.
 */
#include <lzma.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cmocka.h>

#include "collector/collector-int.h"

#define PAYLOAD (600u << 10) /* more than one 256 KiB chunk */

static unsigned char *payload(void)
{
    unsigned char *p = malloc(PAYLOAD);
    uint32_t x = 1;
    size_t i;

    assert_non_null(p);
    /* Compressible, but not a run of one byte. */
    for ( i = 0; i < PAYLOAD; i++ )
    {
        x = x * 1103515245u + 12345u;
        p[i] = (unsigned char)("xentrace"[(x >> 16) & 7]);
    }
    return p;
}

/* A file holding len bytes of b, at offset 0. */
static int file_of(const unsigned char *b, size_t len)
{
    FILE *f = tmpfile();
    int fd;

    assert_non_null(f);
    fd = dup(fileno(f));
    fclose(f);
    assert_int_equal(write(fd, b, len), (ssize_t)len);
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    return fd;
}

/* Decompress file fd through xabi_unpack; returns finish's status. */
static int unpack(int fd, enum xabi_unpack_kind want, unsigned char *out,
                  size_t *outlen, char *err, size_t errlen)
{
    struct xabi_unpack *u;
    int rfd, rc;
    ssize_t n;

    assert_int_equal(xabi_unpack_open(fd, "t.bin", &u, &rfd, err, errlen), 0);
    assert_non_null(u);
    assert_int_equal(xabi_unpack_kind(u), want);
    *outlen = 0;
    while ( (n = read(rfd, out + *outlen, PAYLOAD + 1 - *outlen)) > 0 )
        *outlen += (size_t)n;
    assert_true(n == 0);
    rc = xabi_unpack_finish(u, err, errlen);
    close(rfd);
    xabi_unpack_free(u);
    close(fd);
    return rc;
}

static void test_sniff(void **state)
{
    static const unsigned char xz[] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };
    static const unsigned char zst[] = { 0x28, 0xb5, 0x2f, 0xfd };
    static const unsigned char gz[] = { 0x1f, 0x8b };
    /* TRC_TRACE_CPU_CHANGE, little-endian: a trace as xentrace wrote it. */
    static const unsigned char trace[] = { 0x03, 0xf0, 0x01, 0x20 };

    (void)state;
    assert_int_equal(xabi_unpack_sniff(xz, sizeof(xz)), XABI_UNPACK_XZ);
    assert_int_equal(xabi_unpack_sniff(xz, 5), XABI_UNPACK_NONE);
    assert_int_equal(xabi_unpack_sniff(zst, sizeof(zst)), XABI_UNPACK_ZSTD);
    assert_int_equal(xabi_unpack_sniff(gz, sizeof(gz)), XABI_UNPACK_GZIP);
    assert_int_equal(xabi_unpack_sniff(gz, 1), XABI_UNPACK_NONE);
    assert_int_equal(xabi_unpack_sniff(trace, sizeof(trace)),
                     XABI_UNPACK_NONE);
}

static void test_plain_is_left_alone(void **state)
{
    static const unsigned char trace[] = { 0x03, 0xf0, 0x01, 0x20, 0, 0 };
    struct xabi_unpack *u;
    int fd = file_of(trace, sizeof(trace)), rfd;
    char err[256];

    (void)state;
    assert_int_equal(xabi_unpack_open(fd, "t.bin", &u, &rfd, err,
                                      sizeof(err)), 0);
    assert_null(u);
    assert_int_equal(rfd, -1);
    close(fd);
}

/* Compress p with kind into a malloc'd buffer. */
static unsigned char *pack(enum xabi_unpack_kind kind,
                               const unsigned char *p, size_t *len)
{
    size_t cap = PAYLOAD + 4096;
    unsigned char *c = malloc(cap);

    assert_non_null(c);
    *len = 0;
    if ( kind == XABI_UNPACK_XZ )
        assert_int_equal(lzma_easy_buffer_encode(1, LZMA_CHECK_CRC64, NULL, p,
                                                 PAYLOAD, c, len, cap),
                         LZMA_OK);
    else if ( kind == XABI_UNPACK_ZSTD )
    {
        /* With the checksum, as the zstd command writes by default:
         * without it, zstd cannot tell garbage from data. */
        ZSTD_CCtx *z = ZSTD_createCCtx();

        assert_non_null(z);
        assert_false(ZSTD_isError(ZSTD_CCtx_setParameter(
            z, ZSTD_c_checksumFlag, 1)));
        *len = ZSTD_compress2(z, c, cap, p, PAYLOAD);
        assert_false(ZSTD_isError(*len));
        ZSTD_freeCCtx(z);
    }
    else
    {
        z_stream s;

        memset(&s, 0, sizeof(s));
        assert_int_equal(deflateInit2(&s, 1, Z_DEFLATED, 16 + MAX_WBITS, 8,
                                      Z_DEFAULT_STRATEGY), Z_OK);
        s.next_in = (unsigned char *)p;
        s.avail_in = PAYLOAD;
        s.next_out = c;
        s.avail_out = (uInt)cap;
        assert_int_equal(deflate(&s, Z_FINISH), Z_STREAM_END);
        *len = s.total_out;
        deflateEnd(&s);
    }
    return c;
}

static void round_trip(enum xabi_unpack_kind kind)
{
    unsigned char *p = payload(), *out = malloc(PAYLOAD + 1), *c;
    size_t clen, outlen;
    char err[1024];

    assert_non_null(out);
    c = pack(kind, p, &clen);

    /* Whole: the payload, byte for byte. */
    assert_int_equal(unpack(file_of(c, clen), kind, out, &outlen, err,
                            sizeof(err)), 0);
    assert_int_equal(outlen, PAYLOAD);
    assert_memory_equal(out, p, PAYLOAD);

    /* Cut in the middle: what came before, then a message with the
     * file and where the compressed data ended. */
    assert_int_equal(unpack(file_of(c, clen / 2), kind, out, &outlen, err,
                            sizeof(err)), -1);
    assert_true(outlen < PAYLOAD);
    assert_memory_equal(out, p, outlen);
    assert_non_null(strstr(err, "t.bin: offset "));
    assert_non_null(strstr(err, "ends early"));

    /* Garbage in the middle: a message, never the payload passed off
     * as whole. */
    memset(c + clen / 2, 0x5a, 64);
    assert_int_equal(unpack(file_of(c, clen), kind, out, &outlen, err,
                            sizeof(err)), -1);
    assert_non_null(strstr(err, "t.bin: offset "));
    free(c);
    free(out);
    free(p);
}

static void test_xz(void **state) { (void)state; round_trip(XABI_UNPACK_XZ); }
static void test_zstd(void **state) { (void)state; round_trip(XABI_UNPACK_ZSTD); }
static void test_gzip(void **state) { (void)state; round_trip(XABI_UNPACK_GZIP); }

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_plain_is_left_alone),
        cmocka_unit_test(test_xz),
        cmocka_unit_test(test_zstd),
        cmocka_unit_test(test_gzip),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
