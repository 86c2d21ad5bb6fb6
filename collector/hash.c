/*
 * hash.c: the SHA-256 of a source, computed beside the collect.
 *
 * Hashing costs a good part of what decoding does, so it is kept off the
 * decoding thread where it can be: a trace in a regular file is hashed by
 * the trace reader's read-ahead thread, through xabi_hasher_update() on
 * each chunk it reads (collector/trace-reader.c: struct ahead); a save
 * image, which the reader seeks in, by a thread of the hasher that reads
 * the file on its own with pread (background mode).  A pipe can be read
 * only once, so there the collector feeds every chunk it reads through
 * xabi_hasher_update().  Either way the result is the hash of the bytes
 * the collector read; xabi_hasher_finish() checks the byte counts agree,
 * so a file that changed under a background hasher is an error, not a
 * wrong hash.
 *
 * The digest is libgcrypt's.  On a regular file the read-ahead thread's
 * hashing is what a collect waits for, and on these machines libgcrypt
 * hashes 87 MB in 52-54 ms, where Nettle 3.8 takes 59-61 ms (it calls its
 * SHA-extension compression once per 64-byte block, libgcrypt once per run
 * of blocks) and OpenSSL 55-57 ms; libgcrypt is as quick to load as Nettle,
 * where libcrypto's 21,124 relocations cost every command 3 ms of start-up
 * (bench/README.md).
 */
#include "collector/collector-int.h"

#include <errno.h>
#include <gcrypt.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HASH_CHUNK (1u << 20)
#define SHA256_SIZE 32
struct xabi_hasher
{
    gcry_md_hd_t md;
    int fd;        /* background mode: the file to pread */
    bool threaded;
    pthread_t thread;
    atomic_bool stop;
    uint64_t bytes;
    int err; /* errno of a failed read, in the thread */
};

static void *hash_file(void *arg)
{
    struct xabi_hasher *h = arg;
    unsigned char *buf;

    buf = malloc(HASH_CHUNK);
    if ( !buf )
    {
        h->err = ENOMEM;
        return NULL;
    }
    while ( !atomic_load_explicit(&h->stop, memory_order_relaxed) )
    {
        ssize_t n = pread(h->fd, buf, HASH_CHUNK, (off_t)h->bytes);

        if ( n < 0 && errno == EINTR )
            continue;
        if ( n < 0 )
        {
            h->err = errno;
            break;
        }
        if ( n == 0 )
            break;
        gcry_md_write(h->md, buf, (size_t)n);
        h->bytes += (uint64_t)n;
    }
    free(buf);
    return NULL;
}

/*
 * libgcrypt is made ready once, before its first use, as it asks of the
 * program: no minimum version (SHA-256 is in every one), and no secure
 * memory, which a digest of public bytes does not need.
 */
static pthread_once_t gcrypt_once = PTHREAD_ONCE_INIT;

static void gcrypt_init(void)
{
    gcry_check_version(NULL);
    gcry_control(GCRYCTL_DISABLE_SECMEM, 0);
    gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
}

int xabi_hasher_new(int fd, bool background, struct xabi_hasher **out)
{
    struct xabi_hasher *h;

    pthread_once(&gcrypt_once, gcrypt_init);
    h = calloc(1, sizeof(*h));

    *out = h;
    if ( !h )
        return -1;
    if ( gcry_md_open(&h->md, GCRY_MD_SHA256, 0) )
    {
        h->md = NULL;
        return -1;
    }
    h->fd = fd;
    atomic_init(&h->stop, false);
    if ( background )
    {
        if ( pthread_create(&h->thread, NULL, hash_file, h) != 0 )
            return -1;
        h->threaded = true;
    }
    return 0;
}

void xabi_hasher_update(struct xabi_hasher *h, const void *buf, size_t len)
{
    if ( h->threaded )
        return;
    gcry_md_write(h->md, buf, len);
    h->bytes += len;
}

static void join(struct xabi_hasher *h)
{
    if ( h->threaded )
    {
        pthread_join(h->thread, NULL);
        h->threaded = false;
    }
}

/* A digest of n bytes as the run table stores it: 64 lower-case digits. */
static void to_hex(const uint8_t md[SHA256_SIZE], char hex[65])
{
    unsigned int i;

    for ( i = 0; i < SHA256_SIZE; i++ )
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    hex[64] = '\0';
}

void xabi_sha256_hex(const void *buf, size_t len, char hex[65])
{
    uint8_t md[SHA256_SIZE];

    pthread_once(&gcrypt_once, gcrypt_init);
    gcry_md_hash_buffer(GCRY_MD_SHA256, md, buf, len);
    to_hex(md, hex);
}

int xabi_hasher_finish(struct xabi_hasher *h, uint64_t bytes_read,
                       char hex[65], char *err, size_t errlen)
{
    join(h);
    if ( h->err )
    {
        snprintf(err, errlen, "reading to hash: %s", strerror(h->err));
        return -1;
    }
    if ( h->bytes != bytes_read )
    {
        snprintf(err, errlen,
                 "the file changed while it was read (%llu bytes decoded, "
                 "%llu hashed)",
                 (unsigned long long)bytes_read,
                 (unsigned long long)h->bytes);
        return -1;
    }
    /* gcry_md_read() finalises: its digest lives as long as h->md. */
    to_hex(gcry_md_read(h->md, GCRY_MD_SHA256), hex);
    return 0;
}

void xabi_hasher_free(struct xabi_hasher *h)
{
    if ( !h )
        return;
    atomic_store(&h->stop, true);
    join(h);
    gcry_md_close(h->md);
    free(h);
}
