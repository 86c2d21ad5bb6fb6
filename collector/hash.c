/*
 * hash.c: the SHA-256 of a source, computed beside the collect.
 *
 * Hashing costs a good part of what decoding does, so for a regular file a
 * second thread hashes while the collector decodes: the two cores of a
 * small machine both work.  The thread reads the file on its own, with
 * pread (which leaves the reader's file offset alone), a chunk at a time
 * from the page cache; reading it through a mapping instead cost more in
 * page faults than the copy saves (bench/README.md).  A pipe can be read
 * only once, so there the collector feeds every chunk it reads through
 * xabi_hasher_update() instead.  Either way the result is the hash of the
 * bytes the collector read; xabi_hasher_finish() checks the byte counts
 * agree, so a file that changed under us is an error, not a wrong hash.
 */
#include "collector/collector-int.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HASH_CHUNK (1u << 20)
struct xabi_hasher
{
    EVP_MD_CTX *md;
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
        EVP_DigestUpdate(h->md, buf, (size_t)n);
        h->bytes += (uint64_t)n;
    }
    free(buf);
    return NULL;
}

/*
 * SHA-256 is all xabi asks of OpenSSL, from its default provider: the
 * system's openssl.cnf, which OpenSSL would otherwise read and apply at
 * the first digest, has nothing to say about it.  Skipping it saves each
 * collect a file read and its parse.
 */
static void crypto_init(void)
{
    OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
}

int xabi_hasher_new(int fd, bool background, struct xabi_hasher **out)
{
    struct xabi_hasher *h;

    crypto_init();
    h = calloc(1, sizeof(*h));

    *out = h;
    if ( !h || !(h->md = EVP_MD_CTX_new()) ||
         !EVP_DigestInit_ex(h->md, EVP_sha256(), NULL) )
        return -1;
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
    EVP_DigestUpdate(h->md, buf, len);
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

void xabi_hasher_join(struct xabi_hasher *h, bool stop)
{
    if ( !h )
        return;
    if ( stop )
        atomic_store(&h->stop, true);
    join(h);
}

/* A digest of n bytes as the run table stores it: 64 lower-case digits. */
static void to_hex(const unsigned char *md, unsigned int n, char hex[65])
{
    unsigned int i;

    for ( i = 0; i < n && i < 32; i++ )
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    hex[64] = '\0';
}

void xabi_sha256_hex(const void *buf, size_t len, char hex[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;

    crypto_init();
    EVP_Digest(buf, len, md, &n, EVP_sha256(), NULL);
    to_hex(md, n, hex);
}

int xabi_hasher_finish(struct xabi_hasher *h, uint64_t bytes_read,
                       char hex[65], char *err, size_t errlen)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;

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
    EVP_DigestFinal_ex(h->md, md, &n);
    to_hex(md, n, hex);
    return 0;
}

void xabi_hasher_free(struct xabi_hasher *h)
{
    if ( !h )
        return;
    atomic_store(&h->stop, true);
    join(h);
    EVP_MD_CTX_free(h->md);
    free(h);
}
