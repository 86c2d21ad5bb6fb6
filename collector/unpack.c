/*
 * unpack.c: a compressed trace (xz, zstd, gzip), read as the trace it holds.
 *
 * The compression is recognised by the first bytes of the file, never by
 * its name.  A thread decompresses the file a chunk at a time into one end
 * of a socket pair; the trace reader reads the other end as it reads a
 * pipe, so the decompressed trace is never in memory whole.  A socket and
 * not a pipe: send(MSG_NOSIGNAL) gets EPIPE, not SIGPIPE, when the reader
 * stops early.  Bad compressed data ends the stream there; the thread
 * keeps the message (with both offsets) for xabi_unpack_finish().
 */
#include "collector/collector-int.h"

#include <errno.h>
#include <lzma.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#define IN_CHUNK  (256u << 10)
#define OUT_CHUNK (256u << 10)

struct xabi_unpack
{
    enum xabi_unpack_kind kind;
    int in_fd;   /* the compressed file, the caller's */
    int out_fd;  /* our end of the socket pair */
    const char *name;
    pthread_t thread;
    bool started;
    uint64_t in_off, out_off; /* compressed bytes consumed, bytes given */
    bool failed;
    char err[1024];
    unsigned char *in, *out;
};

static const char *const kind_names[] = {
    [XABI_UNPACK_NONE] = "uncompressed",
    [XABI_UNPACK_XZ] = "xz",
    [XABI_UNPACK_ZSTD] = "zstd",
    [XABI_UNPACK_GZIP] = "gzip",
};

const char *xabi_unpack_kind_name(enum xabi_unpack_kind k)
{
    return k < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[k]
                                                          : "?";
}

enum xabi_unpack_kind xabi_unpack_sniff(const unsigned char *b, size_t len)
{
    static const unsigned char xz[] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };
    static const unsigned char zst[] = { 0x28, 0xb5, 0x2f, 0xfd };

    if ( len >= sizeof(xz) && memcmp(b, xz, sizeof(xz)) == 0 )
        return XABI_UNPACK_XZ;
    if ( len >= sizeof(zst) && memcmp(b, zst, sizeof(zst)) == 0 )
        return XABI_UNPACK_ZSTD;
    if ( len >= 2 && b[0] == 0x1f && b[1] == 0x8b )
        return XABI_UNPACK_GZIP;
    return XABI_UNPACK_NONE;
}

static __attribute__((format(printf, 2, 3)))
void ufail(struct xabi_unpack *u, const char *fmt, ...)
{
    char what[512];
    va_list ap;

    if ( u->failed )
        return;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    snprintf(u->err, sizeof(u->err),
             "%.400s: offset %llu (0x%llx) of the %s data (%llu bytes "
             "decompressed before it): %s", u->name,
             (unsigned long long)u->in_off, (unsigned long long)u->in_off,
             xabi_unpack_kind_name(u->kind),
             (unsigned long long)u->out_off, what);
    u->failed = true;
}

/* Hand len decompressed bytes to the reader; false once it has gone. */
static bool give(struct xabi_unpack *u, const unsigned char *b, size_t len)
{
    while ( len )
    {
        ssize_t n = send(u->out_fd, b, len, MSG_NOSIGNAL);

        if ( n < 0 && errno == EINTR )
            continue;
        if ( n <= 0 )
            return false; /* the reader stopped: not an error of ours */
        b += n;
        len -= (size_t)n;
        u->out_off += (uint64_t)n;
    }
    return true;
}

/* Read the next compressed chunk: its length, 0 at the end, -1 failed. */
static ssize_t take(struct xabi_unpack *u)
{
    ssize_t n;

    do
        n = read(u->in_fd, u->in, IN_CHUNK);
    while ( n < 0 && errno == EINTR );
    if ( n < 0 )
        ufail(u, "cannot read: %s", strerror(errno));
    return n;
}

static void run_xz(struct xabi_unpack *u)
{
    lzma_stream s = LZMA_STREAM_INIT;
    lzma_action act = LZMA_RUN;
    lzma_ret r;

    if ( lzma_stream_decoder(&s, UINT64_MAX, LZMA_CONCATENATED) != LZMA_OK )
    {
        ufail(u, "out of memory for the xz decoder");
        return;
    }
    for ( ;; )
    {
        if ( s.avail_in == 0 && act == LZMA_RUN )
        {
            ssize_t n = take(u);

            if ( n < 0 )
                break;
            s.next_in = u->in;
            s.avail_in = (size_t)n;
            if ( n == 0 )
                act = LZMA_FINISH;
        }
        s.next_out = u->out;
        s.avail_out = OUT_CHUNK;
        r = lzma_code(&s, act);
        u->in_off = s.total_in;
        if ( !give(u, u->out, OUT_CHUNK - s.avail_out) )
            break;
        if ( r == LZMA_STREAM_END )
            break;
        if ( r == LZMA_BUF_ERROR )
        {
            ufail(u, "the xz data ends early (truncated file)");
            break;
        }
        if ( r != LZMA_OK )
        {
            ufail(u, "%s", r == LZMA_DATA_ERROR ? "corrupt xz data"
                           : r == LZMA_FORMAT_ERROR ? "not xz data"
                           : r == LZMA_MEM_ERROR ? "out of memory"
                           : "unsupported xz options");
            break;
        }
    }
    lzma_end(&s);
}

static void run_zstd(struct xabi_unpack *u)
{
    ZSTD_DStream *z = ZSTD_createDStream();
    ZSTD_inBuffer ib = { u->in, 0, 0 };
    size_t r = 1, before; /* r: 0 at a frame's end */

    if ( !z )
    {
        ufail(u, "out of memory for the zstd decoder");
        return;
    }
    for ( ;; )
    {
        ZSTD_outBuffer ob = { u->out, OUT_CHUNK, 0 };

        if ( ib.pos == ib.size )
        {
            ssize_t n = take(u);

            if ( n < 0 )
                break;
            if ( n == 0 )
            {
                if ( r != 0 )
                    ufail(u, "the zstd data ends early (truncated file)");
                break;
            }
            ib.size = (size_t)n;
            ib.pos = 0;
        }
        before = ib.pos;
        r = ZSTD_decompressStream(z, &ob, &ib);
        u->in_off += ib.pos - before;
        if ( ZSTD_isError(r) )
        {
            ufail(u, "corrupt zstd data: %s", ZSTD_getErrorName(r));
            break;
        }
        if ( !give(u, u->out, ob.pos) )
            break;
    }
    ZSTD_freeDStream(z);
}

static void run_gzip(struct xabi_unpack *u)
{
    z_stream s;
    int r = Z_OK;

    memset(&s, 0, sizeof(s));
    if ( inflateInit2(&s, 16 + MAX_WBITS) != Z_OK )
    {
        ufail(u, "out of memory for the gzip decoder");
        return;
    }
    for ( ;; )
    {
        if ( s.avail_in == 0 )
        {
            ssize_t n = take(u);

            if ( n < 0 )
                break;
            if ( n == 0 )
            {
                if ( r != Z_STREAM_END )
                    ufail(u, "the gzip data ends early (truncated file)");
                break;
            }
            s.next_in = u->in;
            s.avail_in = (uInt)n;
        }
        if ( r == Z_STREAM_END )
        {
            /* Another gzip member follows, as `cat a.gz b.gz` makes. */
            if ( inflateReset(&s) != Z_OK )
                break;
        }
        s.next_out = u->out;
        s.avail_out = OUT_CHUNK;
        r = inflate(&s, Z_NO_FLUSH);
        u->in_off = s.total_in;
        if ( r != Z_OK && r != Z_STREAM_END && r != Z_BUF_ERROR )
        {
            ufail(u, "corrupt gzip data: %s", s.msg ? s.msg : "inflate failed");
            break;
        }
        if ( !give(u, u->out, OUT_CHUNK - s.avail_out) )
            break;
    }
    inflateEnd(&s);
}

static void *unpack_thread(void *arg)
{
    struct xabi_unpack *u = arg;

    switch ( u->kind )
    {
    case XABI_UNPACK_XZ: run_xz(u); break;
    case XABI_UNPACK_ZSTD: run_zstd(u); break;
    case XABI_UNPACK_GZIP: run_gzip(u); break;
    default: break;
    }
    /* The reader sees the end of the stream here, good or bad. */
    shutdown(u->out_fd, SHUT_WR);
    return NULL;
}

int xabi_unpack_open(int fd, const char *name, struct xabi_unpack **out,
                     int *rfd, char *err, size_t errlen)
{
    unsigned char head[8];
    struct xabi_unpack *u;
    int sv[2];
    ssize_t n;
    off_t at;

    *out = NULL;
    *rfd = -1;
    at = lseek(fd, 0, SEEK_CUR);
    if ( at < 0 )
        return 0; /* a pipe: read as it is (`xz -dc f | xabi collect -`) */
    do
        n = pread(fd, head, sizeof(head), at);
    while ( n < 0 && errno == EINTR );
    if ( n <= 0 || xabi_unpack_sniff(head, (size_t)n) == XABI_UNPACK_NONE )
        return 0; /* not compressed, or not seekable: read as it is */
    u = calloc(1, sizeof(*u));
    if ( u )
        u->out_fd = -1;
    if ( !u || !(u->in = malloc(IN_CHUNK)) || !(u->out = malloc(OUT_CHUNK)) )
        goto oom;
    u->kind = xabi_unpack_sniff(head, (size_t)n);
    u->in_fd = fd;
    u->name = name;
    if ( socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) )
    {
        snprintf(err, errlen, "%.400s: cannot make a socket pair to "
                 "decompress through: %s", name, strerror(errno));
        xabi_unpack_free(u);
        return -1;
    }
    u->out_fd = sv[1];
    if ( pthread_create(&u->thread, NULL, unpack_thread, u) )
    {
        close(sv[0]);
        goto oom;
    }
    u->started = true;
    *out = u;
    *rfd = sv[0];
    return 0;
oom:
    snprintf(err, errlen, "%.400s: out of memory to decompress it", name);
    xabi_unpack_free(u);
    return -1;
}

enum xabi_unpack_kind xabi_unpack_kind(const struct xabi_unpack *u)
{
    return u ? u->kind : XABI_UNPACK_NONE;
}

int xabi_unpack_finish(struct xabi_unpack *u, char *err, size_t errlen)
{
    if ( !u )
        return 0;
    if ( u->started )
    {
        pthread_join(u->thread, NULL);
        u->started = false;
    }
    if ( u->failed )
    {
        snprintf(err, errlen, "%s", u->err);
        return -1;
    }
    return 0;
}

void xabi_unpack_free(struct xabi_unpack *u)
{
    if ( !u )
        return;
    if ( u->started )
    {
        /* The reader's end is closed by now: a send fails, the thread ends. */
        shutdown(u->out_fd, SHUT_RDWR);
        pthread_join(u->thread, NULL);
    }
    if ( u->out_fd >= 0 )
        close(u->out_fd);
    free(u->in);
    free(u->out);
    free(u);
}
