/*
 * decompress.c: the compressed payload of a bzImage, back to a vmlinux.
 *
 * Debian's kernels are xz; the kernel also builds gzip, zstd and lz4
 * payloads, so those are read too, each with its own library (zlib, liblzma,
 * libzstd, liblz4).  Output grows as needed up to a cap, so a hostile
 * payload cannot make us allocate without bound.
 */
#include "collector/collector-int.h"

#include <lz4.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

/* No real kernel comes near this; a payload that does is refused. */
#define MAX_OUTPUT (1024u << 20)

struct outbuf
{
    unsigned char *data;
    size_t len, cap;
};

/* Make room for at least more bytes; -1 past the cap or out of memory. */
static int out_reserve(struct outbuf *o, size_t more)
{
    size_t cap = o->cap ? o->cap : (8u << 20);
    unsigned char *d;

    if ( o->len + more <= o->cap )
        return 0;
    while ( cap < o->len + more )
        cap *= 2;
    if ( cap > MAX_OUTPUT )
        cap = MAX_OUTPUT;
    if ( cap < o->len + more )
        return -1;
    d = realloc(o->data, cap);
    if ( !d )
        return -1;
    o->data = d;
    o->cap = cap;
    return 0;
}

static const char *gunzip(const unsigned char *in, size_t len,
                          struct outbuf *o)
{
    z_stream z;
    int rc = Z_OK;

    memset(&z, 0, sizeof(z));
    if ( inflateInit2(&z, 16 + MAX_WBITS) != Z_OK )
        return "zlib cannot start";
    z.next_in = (unsigned char *)in;
    z.avail_in = (uInt)len;
    while ( rc == Z_OK )
    {
        if ( out_reserve(o, 1u << 20) )
        {
            rc = Z_MEM_ERROR;
            break;
        }
        z.next_out = o->data + o->len;
        z.avail_out = (uInt)(o->cap - o->len);
        rc = inflate(&z, Z_NO_FLUSH);
        o->len = o->cap - z.avail_out;
        if ( rc == Z_BUF_ERROR && z.avail_in == 0 )
            break;
        if ( rc == Z_BUF_ERROR )
            rc = Z_OK;
    }
    inflateEnd(&z);
    return rc == Z_STREAM_END ? NULL : "gzip data is corrupt or cut short";
}

static const char *unxz(const unsigned char *in, size_t len, struct outbuf *o)
{
    lzma_stream s = LZMA_STREAM_INIT;
    lzma_ret rc = LZMA_OK;

    if ( lzma_stream_decoder(&s, UINT64_MAX, 0) != LZMA_OK )
        return "liblzma cannot start";
    s.next_in = in;
    s.avail_in = len;
    while ( rc == LZMA_OK )
    {
        if ( out_reserve(o, 1u << 20) )
        {
            rc = LZMA_MEM_ERROR;
            break;
        }
        s.next_out = o->data + o->len;
        s.avail_out = o->cap - o->len;
        rc = lzma_code(&s, LZMA_FINISH);
        o->len = o->cap - s.avail_out;
    }
    lzma_end(&s);
    /* The kernel appends the output size after the stream: it stops us
     * at LZMA_STREAM_END, which is all we need. */
    return rc == LZMA_STREAM_END ? NULL : "xz data is corrupt or cut short";
}

static const char *unzstd(const unsigned char *in, size_t len,
                          struct outbuf *o)
{
    ZSTD_DStream *z = ZSTD_createDStream();
    ZSTD_inBuffer ib = { in, len, 0 };
    size_t rc = 1;

    if ( !z )
        return "libzstd cannot start";
    while ( rc != 0 )
    {
        ZSTD_outBuffer ob;

        if ( out_reserve(o, 1u << 20) )
            break;
        ob.dst = o->data;
        ob.size = o->cap;
        ob.pos = o->len;
        rc = ZSTD_decompressStream(z, &ob, &ib);
        o->len = ob.pos;
        if ( ZSTD_isError(rc) || (ib.pos == ib.size && ob.pos < ob.size &&
                                  rc != 0) )
            break;
    }
    ZSTD_freeDStream(z);
    return rc == 0 ? NULL : "zstd data is corrupt or cut short";
}

/* The kernel's lz4 is the legacy frame: a magic, then blocks each led by
 * its compressed size, each at most 8 MiB decompressed. */
static const char *unlz4(const unsigned char *in, size_t len,
                         struct outbuf *o)
{
    const size_t block_max = 8u << 20;
    size_t pos = 4;

    while ( pos + 4 <= len )
    {
        uint32_t n = (uint32_t)in[pos] | (uint32_t)in[pos + 1] << 8 |
                     (uint32_t)in[pos + 2] << 16 | (uint32_t)in[pos + 3] << 24;
        int got;

        if ( n == 0x184c2102u ) /* another frame follows */
        {
            pos += 4;
            continue;
        }
        pos += 4;
        if ( n > len - pos )
            break; /* the trailing size word, or a cut: stop */
        if ( out_reserve(o, block_max) )
            return "lz4 output too large";
        got = LZ4_decompress_safe((const char *)in + pos,
                                  (char *)o->data + o->len, (int)n,
                                  (int)block_max);
        if ( got < 0 )
            return "lz4 data is corrupt";
        o->len += (size_t)got;
        pos += n;
    }
    return o->len ? NULL : "lz4 data is empty or cut short";
}

struct codec
{
    const char *name;
    unsigned char magic[6];
    size_t magic_len;
    const char *(*run)(const unsigned char *in, size_t len, struct outbuf *o);
};

static const struct codec codecs[] = {
    { "gzip", { 0x1f, 0x8b }, 2, gunzip },
    { "xz", { 0xfd, '7', 'z', 'X', 'Z', 0x00 }, 6, unxz },
    { "zstd", { 0x28, 0xb5, 0x2f, 0xfd }, 4, unzstd },
    { "lz4", { 0x02, 0x21, 0x4c, 0x18 }, 4, unlz4 },
    { "bzip2", { 'B', 'Z', 'h' }, 3, NULL },
    { "lzma", { 0x5d, 0x00, 0x00 }, 3, NULL },
    { "lzo", { 0x89, 'L', 'Z', 'O' }, 4, NULL },
};

int xabi_decompress(const unsigned char *in, size_t len,
                    unsigned char **out, size_t *outlen, const char **codec,
                    char *err, size_t errlen)
{
    struct outbuf o = { 0 };
    const char *why;
    size_t i;

    *out = NULL;
    *outlen = 0;
    *codec = NULL;
    for ( i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++ )
    {
        if ( len >= codecs[i].magic_len &&
             memcmp(in, codecs[i].magic, codecs[i].magic_len) == 0 )
            break;
    }
    if ( i == sizeof(codecs) / sizeof(codecs[0]) )
    {
        snprintf(err, errlen, "payload is in no compression format xabi "
                 "knows (gzip, xz, zstd, lz4)");
        return -1;
    }
    *codec = codecs[i].name;
    if ( !codecs[i].run )
    {
        snprintf(err, errlen, "payload is %s-compressed, which xabi does not "
                 "read (gzip, xz, zstd, lz4)", codecs[i].name);
        return -1;
    }
    why = codecs[i].run(in, len, &o);
    if ( why )
    {
        free(o.data);
        snprintf(err, errlen, "%s", why);
        return -1;
    }
    *out = o.data;
    *outlen = o.len;
    return 0;
}
