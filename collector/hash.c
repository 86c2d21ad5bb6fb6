/*
 * hash.c: the SHA-256 of a source, computed beside the collect.
 *
 * Hashing a gigabyte costs about half as much as decoding it, so for a
 * regular file a second thread hashes while the collector decodes: the two
 * cores of a small machine both work.  Where the reader has mapped the
 * file, the thread hashes that same mapping, a few MiB ahead of the
 * reader: it takes the page faults, and the reader finds the pages mapped
 * and in cache; it also gives the pages back once the reader is done with
 * them.  Otherwise (a file that would not map) it reads the file
 * on its own, with pread, which leaves the reader's file offset alone.  A
 * pipe can be read only once, so there the collector feeds every chunk it
 * reads through xabi_hasher_update() instead.  Either way the result is
 * the hash of the bytes the collector read; xabi_hasher_finish() checks
 * the byte counts agree, so a file that changed under us is an error, not
 * a wrong hash.
 */
#include "collector/collector-int.h"

#include <errno.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define HASH_CHUNK (1u << 20)
/*
 * Hashing the reader's mapping: steps of SHARED_STEP, at most SHARED_LEAD
 * ahead of the reader, so the pages hashed but not yet read (which count
 * in our RSS until the reader is done with them) stay few.
 */
#define SHARED_STEP (512u << 10)
#define SHARED_LEAD (4u << 20)

struct xabi_hasher
{
    EVP_MD_CTX *md;
    int fd;        /* background mode: the file to pread */
    const unsigned char *map; /* shared mode: the reader's mapping */
    size_t maplen;
    const _Atomic uint64_t *read_to; /* how far the reader has read */
    struct xabi_map_share *share;
    bool threaded;
    pthread_t thread;
    atomic_bool stop;
    uint64_t bytes;
    int err; /* errno of a failed read, in the thread */
};

/*
 * Hash the file through a mapping of its own: no copy into a buffer, and
 * the pages hashed are given back as we go, so memory stays flat.  Returns
 * false if the file would not map (then it is read instead).
 */
static bool hash_mapped(struct xabi_hasher *h)
{
    struct stat sb;
    unsigned char *map;
    size_t size, off;

    if ( fstat(h->fd, &sb) || !S_ISREG(sb.st_mode) || sb.st_size <= 0 )
        return false;
    size = (size_t)sb.st_size;
    map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, h->fd, 0);
    if ( map == MAP_FAILED )
        return false;
    madvise(map, size, MADV_SEQUENTIAL);
    for ( off = 0; off < size &&
                   !atomic_load_explicit(&h->stop, memory_order_relaxed); )
    {
        size_t n = size - off < HASH_CHUNK * 2 ? size - off : HASH_CHUNK * 2;

        EVP_DigestUpdate(h->md, map + off, n);
        madvise(map + off, n, MADV_DONTNEED);
        off += n;
        h->bytes = off;
    }
    munmap(map, size);
    return true;
}

/*
 * Hash the reader's mapping, at most SHARED_LEAD ahead of it, and give
 * back the pages it is done with (struct xabi_map_share): this thread has
 * time to spare, the reader's has none.  Should we fall behind, the
 * reader gives them back itself, and the pages we then read fault in
 * again; we give those back once hashed.
 */
static void *hash_shared(void *arg)
{
    struct xabi_hasher *h = arg;
    struct xabi_map_share *sh = h->share;
    const struct timespec nap = { 0, 20000 };
    size_t off = 0;

    while ( off < h->maplen &&
            !atomic_load_explicit(&h->stop, memory_order_relaxed) )
    {
        size_t n = h->maplen - off < SHARED_STEP ? h->maplen - off
                                                 : SHARED_STEP;
        uint64_t read_to = atomic_load_explicit(h->read_to,
                                                memory_order_relaxed);
        uint64_t done = atomic_load_explicit(&sh->reader_done,
                                             memory_order_relaxed);
        uint64_t back;

        /* Both marks are page-aligned: off is a multiple of SHARED_STEP. */
        xabi_map_give_back(h->map, sh, done < off ? done : off);
        if ( off + n > read_to + SHARED_LEAD )
        {
            nanosleep(&nap, NULL);
            continue;
        }
        EVP_DigestUpdate(h->md, h->map + off, n);
        back = atomic_load(&sh->given_back);
        if ( back > off )
            madvise((void *)(h->map + off), back < off + n ? back - off : n,
                    MADV_DONTNEED);
        off += n;
        h->bytes = off;
        atomic_store_explicit(&sh->other_done, off, memory_order_relaxed);
    }
    /* Done: the reader gives back the rest itself. */
    atomic_store_explicit(&sh->other_done, 0, memory_order_relaxed);
    return NULL;
}

static void *hash_file(void *arg)
{
    struct xabi_hasher *h = arg;
    unsigned char *buf;

    if ( hash_mapped(h) )
        return NULL;
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

int xabi_hasher_new(int fd, bool background, struct xabi_hasher **out)
{
    struct xabi_hasher *h = calloc(1, sizeof(*h));

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

int xabi_hasher_new_shared(const void *map, size_t len,
                           const _Atomic uint64_t *read_to,
                           struct xabi_map_share *share,
                           struct xabi_hasher **out)
{
    struct xabi_hasher *h = calloc(1, sizeof(*h));

    *out = h;
    if ( !h || !(h->md = EVP_MD_CTX_new()) ||
         !EVP_DigestInit_ex(h->md, EVP_sha256(), NULL) )
        return -1;
    h->fd = -1;
    h->map = map;
    h->maplen = len;
    h->read_to = read_to;
    h->share = share;
    atomic_init(&h->stop, false);
    if ( pthread_create(&h->thread, NULL, hash_shared, h) != 0 )
        return -1;
    h->threaded = true;
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
