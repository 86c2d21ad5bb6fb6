/*
 * trace-reader.c: xentrace's binary format, read once, front to back.
 *
 * The source is read sequentially (so pipes work and every byte is seen
 * once by the hashing tap).  Each window's bytes are queued on its pCPU;
 * records are parsed from those queues only when they are about to be
 * merged, through a bounds-checked cursor, never by casting bytes to a
 * struct.
 *
 * Files and pipes alike are read() into buffers of our own; memory
 * sources are read in place.  A regular file may be read ahead by a
 * thread of the reader (opts.read_ahead: see struct ahead), which also
 * taps what it reads, and a window that lies whole in one of its buffers
 * is read there; other windows are copied out into buffers of their own.
 * A regular file used to be mapped instead, to save copies, but the page
 * faults cost more than the copies: on the real busy trace of bench/ the
 * mapped reader took 0.27 s of CPU where read() takes 0.19 s, on this
 * project's 2-core KVM machines (bench/README.md).
 *
 * Merging: within a pCPU, records are already in time order.  Across
 * pCPUs, the record with the smallest TSC is safe to hand out once every
 * pCPU we know of has a record queued (their TSCs only grow).  A pCPU that
 * stays quiet would make us buffer the others without bound, so past
 * merge_limit bytes the smallest head is handed out anyway ("forced"); if a
 * record later turns out to be older than one already handed out, it is
 * counted as reordered.  Neither is silent: both are in the stats.
 *
 * Invariants:
 *   - every record handed out lies wholly inside its window;
 *   - a window header appears only where the previous window ends;
 *   - within one pCPU's records, in file order, the TSC never goes back
 *     (Xen stamps them under the pCPU's trace lock, xen/common/trace.c:
 *     __trace_var).  Records without a TSC and TRC_TRACE_WRAP_BUFFER
 *     padding are not compared; TRC_LOST_RECORDS carries the time it was
 *     written, so it is.  A TSC that goes back is damage: a flipped byte,
 *     or a second trace appended to the first;
 *   - a record cut short by the end of the source ends the trace as
 *     "truncated"; any other inconsistency is damage: an error naming the
 *     byte offset, or with --salvage the end of what we keep.  Under
 *     --salvage each window is checked whole when it is read, so no record
 *     that lies after the damage in the source is ever handed out.
 */
#include "collector/collector-int.h"

#include <endian.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define CPU_CHANGE_HEADER  0x2001f003u /* 2 extra words, no TSC */
/*
 * Reads of 256 KiB into a ring of 8: the read-ahead thread's copy out of
 * the page cache is still in the CPU's caches when it hashes it, and the
 * thread took 69-71 ms of CPU for the real trace of bench/ where 1 MiB
 * reads into a ring of 4 took 73-77 ms (bench/README.md).
 */
#define READ_CHUNK         (256u << 10)
#define DEFAULT_MERGE_LIMIT (64u << 20)
#define MAX_PCPUS          4096 /* Xen's NR_CPUS tops out below this */
/*
 * Buffers of windows read, kept for the next windows rather than freed:
 * at most SPARE_BUFS of them (about one a pCPU is alive at a time), of
 * SPARE_BYTES in all.  Freed, they went back to the system and came again
 * page by page, and on these KVM machines a page fault costs some 12
 * microseconds: on the real busy trace of bench/, the copies into windows
 * made 440 of a collect's 1004 page faults, and with the buffers kept a
 * collect makes 882 (perf record -e page-faults).
 */
#define SPARE_BUFS         64
#define SPARE_BYTES        (16u << 20)
/*
 * A window is at most one per-CPU trace buffer, whose size in pages is a
 * uint16_t (xen/include/public/trace.h: struct t_info, tbuf_size).  A
 * larger size is a lie, found before we buffer it.
 */
#define MAX_WINDOW         (65535u * 4096u)

struct window
{
    struct window *next;
    uint64_t offset; /* source offset of data[0] */
    size_t len, pos, cap;
    uint32_t claimed; /* the size its header gave */
    bool cut; /* the source ended inside this window */
    const unsigned char *data; /* in the source itself, or buf */
    unsigned char *buf;        /* ours: the data of a read() source */
    int slot; /* the read-ahead slot data lies in (it pins it), or -1 */
};

struct pcpu_queue
{
    struct window *head, *tail;
    bool have_tsc;
    uint64_t last_tsc; /* 0 until have_tsc: nothing is older */
    uint64_t last_at;  /* offset of the record last_tsc came from */
    /* The same, for the records checked ahead under --salvage. */
    uint64_t scan_tsc, scan_at;
    bool has_next; /* next is parsed and waiting to be merged */
    struct xabi_trace_record next;
    struct xabi_trace_pcpu_stats stats;
};

/*
 * Read-ahead of a regular file (opts.read_ahead): a thread reads the file
 * a chunk at a time into a ring of AHEAD_SLOTS buffers and taps each
 * chunk (the collector hashes there), while the reader decodes the chunk
 * before.  The decoding thread then makes no read() and hashes nothing.
 *
 * A window that lies whole in the slot the decoder holds is read where it
 * lies, not copied out (window_fill): the window pins its slot (pins[]),
 * and a slot the decoder has moved past stays out of the ring's use while
 * windows pin it.  Slots in use, in ring order: the pinned ones (pinned of
 * them, oldest first, ending just before head), the one the decoder holds
 * (held), the ready ones, and the one the thread is filling (filling);
 * head + held + ready (mod AHEAD_SLOTS) is the next the thread fills.  The
 * pinned slots are given back oldest first, as their windows are freed.
 * Should the thread be left without a slot while the decoder waits for
 * one, the windows pinning the oldest are copied out (evacuate), as every
 * window was before: a pCPU quiet for long keeps its window queued while
 * the others are read far past it.
 *
 * Only for regular files: a read() of one never blocks for long, so
 * stopping the thread never waits on a writer.
 */
#define AHEAD_SLOTS 8
struct ahead
{
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    unsigned char *slot[AHEAD_SLOTS];
    size_t len[AHEAD_SLOTS];
    unsigned pins[AHEAD_SLOTS]; /* windows whose data lies in the slot */
    unsigned head, ready, pinned;
    bool held, filling;
    bool done; /* the thread read the end, or failed (err) */
    bool stop; /* the reader is closing */
    int err;
};

struct xabi_trace
{
    char name[1024];
    char errmsg[2048];
    struct xabi_trace_opts opts;
    int fd;                   /* -1 when reading memory */
    const unsigned char *mem; /* memory source */
    size_t memlen;
    unsigned char *buf; /* read buffer for fd sources (a slot of ahead) */
    size_t buflen, bufpos;
    struct ahead *ahead; /* read-ahead thread, or NULL */
    uint64_t consumed; /* source bytes taken out of buf or mem */
    bool eof;
    bool failed;

    struct pcpu_queue *pcpu; /* indexed by pCPU number */
    unsigned npcpus;
    size_t buffered; /* window bytes queued */
    bool primed;     /* read ahead past the first window of every pCPU */

    uint64_t last_emitted_tsc;
    /* Window buffers to use again (see SPARE_BUFS). */
    unsigned char *spare[SPARE_BUFS];
    size_t spare_cap[SPARE_BUFS];
    size_t spare_bytes;
    unsigned nspare;
    /*
     * The current run: records of one pCPU handed out back to back while
     * their TSC is at most run_bound, the smallest head of the others.
     * Runs are long (tens of records), so the pCPUs are compared once a
     * run, not once a record.
     */
    struct pcpu_queue *run;
    unsigned run_cpu;
    uint64_t run_bound;
    struct xabi_trace_stats stats;
};

static int fail(struct xabi_trace *t, uint64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Record an error at a byte offset; returns -1. */
static int fail(struct xabi_trace *t, uint64_t offset, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    xabi_offset_msg(t->errmsg, sizeof(t->errmsg), t->name, offset, fmt, ap);
    va_end(ap);
    t->failed = true;
    t->run = NULL;
    return -1;
}

static void truncated(struct xabi_trace *t, uint64_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The source ended inside a window: say where and how, for the run. */
static void truncated(struct xabi_trace *t, uint64_t at, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(t->stats.truncation, sizeof(t->stats.truncation), fmt, ap);
    va_end(ap);
    t->stats.truncated = true;
    t->stats.truncated_at = at;
}

/* A little-endian u32 at any alignment: one load on x86. */
static uint32_t le32(const unsigned char *p)
{
    uint32_t v;

    memcpy(&v, p, sizeof(v));
    return le32toh(v);
}

static int damage(struct xabi_trace *t, struct pcpu_queue *q,
                  uint64_t offset, const char *what);
static void salvage_scan(struct xabi_trace *t, unsigned cpu,
                         struct pcpu_queue *q, struct window *w);

/* ---- the source ------------------------------------------------------- */

static unsigned ahead_free_slots(const struct ahead *a)
{
    return AHEAD_SLOTS - a->pinned - a->held - a->ready - a->filling;
}

/* The oldest pinned slot (a->pinned > 0). */
static unsigned ahead_oldest(const struct ahead *a)
{
    return (a->head + AHEAD_SLOTS - a->pinned) % AHEAD_SLOTS;
}

/* Give back the oldest pinned slots that no window uses any more; true if
 * any was. */
static bool ahead_reclaim(struct ahead *a)
{
    bool any = false;

    while ( a->pinned && !a->pins[ahead_oldest(a)] )
    {
        a->pinned--;
        any = true;
    }
    return any;
}

static int evacuate(struct xabi_trace *t, unsigned slot);

/* The read-ahead thread: fill free slots until the end or a stop. */
static void *ahead_main(void *arg)
{
    struct xabi_trace *t = arg;
    struct ahead *a = t->ahead;

    for ( ;; )
    {
        unsigned idx;
        ssize_t r;

        pthread_mutex_lock(&a->mu);
        while ( !a->stop && !ahead_free_slots(a) )
            pthread_cond_wait(&a->cv, &a->mu);
        if ( a->stop )
        {
            pthread_mutex_unlock(&a->mu);
            return NULL;
        }
        idx = (a->head + a->held + a->ready) % AHEAD_SLOTS;
        a->filling = true;
        pthread_mutex_unlock(&a->mu);
        do
            r = read(t->fd, a->slot[idx], READ_CHUNK);
        while ( r < 0 && errno == EINTR );
        if ( r > 0 && t->opts.tap )
            t->opts.tap(t->opts.tap_ctx, a->slot[idx], (size_t)r);
        pthread_mutex_lock(&a->mu);
        a->filling = false;
        if ( r <= 0 )
        {
            a->done = true;
            a->err = r < 0 ? errno : 0;
        }
        else
        {
            a->len[idx] = (size_t)r;
            a->ready++;
        }
        pthread_cond_broadcast(&a->cv);
        pthread_mutex_unlock(&a->mu);
        if ( r <= 0 )
            return NULL;
    }
}

/* Hand the slot the decoder held back, and take the next: its length, 0
 * at the end, -1 (errno set) if the thread's read failed or no memory was
 * left to copy pinned windows out. */
static ssize_t ahead_next(struct xabi_trace *t)
{
    struct ahead *a = t->ahead;
    ssize_t n;

    pthread_mutex_lock(&a->mu);
    if ( a->held )
    {
        /* Windows may still use it: then it is the newest pinned slot. */
        a->held = false;
        a->head = (a->head + 1) % AHEAD_SLOTS;
        a->pinned++;
        ahead_reclaim(a);
        pthread_cond_broadcast(&a->cv);
    }
    while ( !a->ready && !a->done )
    {
        if ( !a->filling && !ahead_free_slots(a) )
        {
            /* The thread waits for a slot, and we for the thread. */
            if ( evacuate(t, ahead_oldest(a)) )
            {
                int e = errno;

                pthread_mutex_unlock(&a->mu);
                errno = e;
                return -1;
            }
            ahead_reclaim(a);
            pthread_cond_broadcast(&a->cv);
            continue;
        }
        pthread_cond_wait(&a->cv, &a->mu);
    }
    if ( a->ready )
    {
        a->ready--;
        a->held = true;
        t->buf = a->slot[a->head];
        n = (ssize_t)a->len[a->head];
    }
    else
    {
        n = a->err ? -1 : 0;
        errno = a->err;
    }
    pthread_mutex_unlock(&a->mu);
    return n;
}

/* Stop the thread (it ends within one read) and free the ring. */
static void ahead_free(struct xabi_trace *t)
{
    struct ahead *a = t->ahead;

    if ( !a )
        return;
    pthread_mutex_lock(&a->mu);
    a->stop = true;
    pthread_cond_broadcast(&a->cv);
    pthread_mutex_unlock(&a->mu);
    pthread_join(a->thread, NULL);
    pthread_mutex_destroy(&a->mu);
    pthread_cond_destroy(&a->cv);
    munmap(a->slot[0], AHEAD_SLOTS * (size_t)READ_CHUNK);
    free(a);
    t->ahead = NULL;
    t->buf = NULL;
}

static int ahead_start(struct xabi_trace *t)
{
    struct ahead *a = calloc(1, sizeof(*a));
    unsigned char *ring;
    unsigned i;

    if ( !a )
        return -1;
    /*
     * One mapping, its pages made present at once (MAP_POPULATE): on
     * these KVM machines a page fault costs microseconds, and the 1024
     * faults of touching 4 MiB page by page were a good part of a small
     * collect (bench/README.md).
     */
    ring = mmap(NULL, AHEAD_SLOTS * (size_t)READ_CHUNK,
                PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if ( ring == MAP_FAILED )
    {
        free(a);
        return -1;
    }
    for ( i = 0; i < AHEAD_SLOTS; i++ )
        a->slot[i] = ring + (size_t)i * READ_CHUNK;
    if ( pthread_mutex_init(&a->mu, NULL) )
        goto nomem;
    if ( pthread_cond_init(&a->cv, NULL) )
    {
        pthread_mutex_destroy(&a->mu);
        goto nomem;
    }
    t->ahead = a;
    if ( pthread_create(&a->thread, NULL, ahead_main, t) == 0 )
        return 0;
    t->ahead = NULL;
    pthread_cond_destroy(&a->cv);
    pthread_mutex_destroy(&a->mu);
nomem:
    munmap(ring, AHEAD_SLOTS * (size_t)READ_CHUNK);
    free(a);
    return -1;
}

/*
 * The next chunk of an fd source into t->buf (read here and tapped, or
 * taken from the read-ahead thread, which tapped it): its length, 0 at
 * the end, -1 with an error recorded.
 */
static ssize_t next_chunk(struct xabi_trace *t)
{
    ssize_t r;

    if ( t->ahead )
        r = ahead_next(t);
    else
    {
        do
            r = read(t->fd, t->buf, READ_CHUNK);
        while ( r < 0 && errno == EINTR );
        if ( r > 0 && t->opts.tap )
            t->opts.tap(t->opts.tap_ctx, t->buf, (size_t)r);
    }
    if ( r < 0 )
        fail(t, t->consumed, "read failed: %s", strerror(errno));
    return r;
}

/* Make the next chunk the one t->buf/bufpos read from: its length, 0 at
 * the end (buf is left as it was), -1 with an error recorded. */
static ssize_t refill(struct xabi_trace *t)
{
    ssize_t r = next_chunk(t);

    if ( r > 0 )
    {
        t->buflen = (size_t)r;
        t->bufpos = 0;
    }
    return r;
}

/*
 * Copy up to len bytes from the source into dst; returns how many (less
 * than len only at the end), or -1 on an I/O error.
 */
static ssize_t source_read(struct xabi_trace *t, unsigned char *dst,
                           size_t len)
{
    size_t got = 0;

    if ( t->fd < 0 )
    {
        size_t left = t->memlen - t->consumed;

        got = len < left ? len : left;
        if ( got == 0 )
            return 0; /* t->mem may be NULL for an empty buffer */
        memcpy(dst, t->mem + t->consumed, got);
        if ( t->opts.tap )
            t->opts.tap(t->opts.tap_ctx, dst, got);
        t->consumed += got;
        return (ssize_t)got;
    }
    while ( got < len )
    {
        size_t n;

        if ( t->bufpos == t->buflen )
        {
            ssize_t r = refill(t);

            if ( r < 0 )
                return -1;
            if ( r == 0 )
                break;
        }
        n = t->buflen - t->bufpos;
        if ( n > len - got )
            n = len - got;
        memcpy(dst + got, t->buf + t->bufpos, n);
        t->bufpos += n;
        got += n;
        t->consumed += n;
    }
    return (ssize_t)got;
}

/* ---- windows ------------------------------------------------------------ */

static struct pcpu_queue *pcpu_get(struct xabi_trace *t, unsigned cpu)
{
    if ( cpu >= t->npcpus )
    {
        unsigned n = cpu + 1;
        struct pcpu_queue *p = realloc(t->pcpu, n * sizeof(*p));

        if ( !p )
            return NULL;
        memset(p + t->npcpus, 0, (n - t->npcpus) * sizeof(*p));
        t->pcpu = p;
        t->npcpus = n;
    }
    return &t->pcpu[cpu];
}

/* w no longer uses its read-ahead slot; give the slot back if it was the
 * last window in it and the decoder has moved past it. */
static void window_unpin(struct xabi_trace *t, struct window *w)
{
    struct ahead *a = t->ahead;

    pthread_mutex_lock(&a->mu);
    a->pins[w->slot]--;
    if ( ahead_reclaim(a) )
        pthread_cond_broadcast(&a->cv);
    pthread_mutex_unlock(&a->mu);
    w->slot = -1;
}

/* Free w, keeping its buffer for another window if there is room. */
static void window_free(struct xabi_trace *t, struct window *w)
{
    if ( !w )
        return;
    if ( w->slot >= 0 && t->ahead )
        window_unpin(t, w);
    if ( w->buf && t->nspare < SPARE_BUFS &&
         w->cap <= SPARE_BYTES - t->spare_bytes )
    {
        t->spare[t->nspare] = w->buf;
        t->spare_cap[t->nspare++] = w->cap;
        t->spare_bytes += w->cap;
    }
    else
        free(w->buf);
    free(w);
}

/* A buffer of *cap bytes or more for a new window, *cap set to its size:
 * the smallest spare one that is large enough, else the largest grown,
 * else a new one; NULL if out of memory. */
static unsigned char *window_buf(struct xabi_trace *t, size_t *cap)
{
    unsigned i, pick = 0;
    unsigned char *d;

    if ( !t->nspare )
        return malloc(*cap);
    for ( i = 1; i < t->nspare; i++ )
    {
        bool fits = t->spare_cap[i] >= *cap;
        bool picked_fits = t->spare_cap[pick] >= *cap;

        if ( fits ? !picked_fits || t->spare_cap[i] < t->spare_cap[pick]
                  : !picked_fits && t->spare_cap[i] > t->spare_cap[pick] )
            pick = i;
    }
    d = t->spare[pick];
    t->spare_bytes -= t->spare_cap[pick];
    if ( t->spare_cap[pick] >= *cap )
        *cap = t->spare_cap[pick];
    else if ( !(d = realloc(d, *cap)) )
    {
        t->spare_bytes += t->spare_cap[pick]; /* it stays, freed at close */
        return NULL;
    }
    t->nspare--;
    t->spare[pick] = t->spare[t->nspare];
    t->spare_cap[pick] = t->spare_cap[t->nspare];
    return d;
}

/*
 * Copy the windows whose data lies in read-ahead slot s out of it, into
 * buffers of their own; -1 (errno set) if out of memory, or if windows pin
 * s that no queue holds, which would leave the reading stuck.  Called with
 * the ring's lock held, by the decoder, which alone touches windows and
 * pins.
 */
static int evacuate(struct xabi_trace *t, unsigned s)
{
    struct ahead *a = t->ahead;
    unsigned i;

    for ( i = 0; i < t->npcpus && a->pins[s]; i++ )
    {
        struct window *w;

        for ( w = t->pcpu[i].head; w && a->pins[s]; w = w->next )
        {
            size_t cap = w->len;
            unsigned char *d;

            if ( w->slot != (int)s )
                continue;
            if ( !(d = window_buf(t, &cap)) )
                return errno = ENOMEM, -1;
            memcpy(d, w->data, w->len);
            w->buf = d;
            w->data = d;
            w->cap = cap;
            w->slot = -1;
            a->pins[s]--;
            t->stats.evacuated++;
        }
    }
    return a->pins[s] ? (errno = EDEADLK, -1) : 0;
}

/*
 * A window of a memory source (or a mapped file) is read where it lies:
 * its data is the source's bytes, and only the tap sees them go by.
 */
static void window_in_place(struct xabi_trace *t, struct window *w,
                            size_t size)
{
    size_t left = t->memlen - t->consumed;

    w->len = size < left ? size : left;
    w->data = w->len ? t->mem + t->consumed : NULL;
    if ( w->len && t->opts.tap )
        t->opts.tap(t->opts.tap_ctx, w->data, w->len);
    t->consumed += w->len;
    if ( w->len < size )
    {
        w->cut = true;
        t->eof = true;
    }
}

/* Read a window's data, growing as it arrives so a lying size costs
 * nothing until the bytes are really there. */
static int window_fill(struct xabi_trace *t, struct window *w, size_t size)
{
    if ( t->fd < 0 )
    {
        window_in_place(t, w, size);
        return 0;
    }
    if ( t->ahead && size )
    {
        /* Whole in the slot held (the next one, if that one is used up):
         * read where it lies, the slot pinned.  The thread tapped it. */
        if ( t->bufpos == t->buflen && refill(t) < 0 )
            return -1;
        if ( t->buflen - t->bufpos >= size )
        {
            struct ahead *a = t->ahead;

            w->data = t->buf + t->bufpos;
            w->len = size;
            w->slot = (int)a->head;
            a->pins[a->head]++; /* the decoder's alone, with the slot held */
            t->stats.in_place++;
            t->bufpos += size;
            t->consumed += size;
            return 0;
        }
    }
    while ( w->len < size )
    {
        size_t want = size - w->len;
        ssize_t got;

        if ( w->cap - w->len < want && w->cap - w->len < READ_CHUNK )
        {
            size_t cap = w->cap ? w->cap * 2 : 65536;
            unsigned char *d;

            while ( cap < w->len + (want < READ_CHUNK ? want : READ_CHUNK) )
                cap *= 2;
            if ( cap > w->len + want )
                cap = w->len + want;
            d = w->buf ? realloc(w->buf, cap) : window_buf(t, &cap);
            if ( !d )
                return fail(t, w->offset,
                            "out of memory for a window of %u bytes "
                            "(%zu read so far)",
                            w->claimed, w->len);
            w->buf = d;
            w->data = d;
            w->cap = cap;
        }
        if ( want > w->cap - w->len )
            want = w->cap - w->len;
        got = source_read(t, w->buf + w->len, want);
        if ( got < 0 )
            return -1;
        w->len += (size_t)got;
        if ( (size_t)got < want )
        {
            w->cut = true;
            t->eof = true;
            break;
        }
    }
    return 0;
}

/* The end of the source inside a window header or data: damage or cut? */
static int read_window_header(struct xabi_trace *t, unsigned char hdr[12],
                              uint64_t at, bool *end)
{
    /* TRC_TRACE_CPU_CHANGE's header as it lies in the file. */
    static const unsigned char magic[4] = { 0x03, 0xf0, 0x01, 0x20 };
    ssize_t got;

    /* Fewer than 4 bytes may arrive: compare only those, never the rest. */
    memset(hdr, 0, 12);
    got = source_read(t, hdr, 12);
    *end = false;
    if ( got < 0 )
        return -1;
    if ( got == 0 )
    {
        *end = true;
        t->eof = true;
        if ( at == 0 )
            return fail(t, 0, "empty file: no trace records");
        return 0;
    }
    if ( memcmp(hdr, magic, got < 4 ? (size_t)got : 4) != 0 )
    {
        char what[256];

        if ( at == 0 )
            return fail(t, 0,
                        "not a xentrace trace: it must open with "
                        "TRC_TRACE_CPU_CHANGE (header 0x%08x), found 0x%08x",
                        CPU_CHANGE_HEADER, got >= 4 ? le32(hdr) : 0);
        snprintf(what, sizeof(what),
                 "expected a window header (TRC_TRACE_CPU_CHANGE, 0x%08x) "
                 "where the previous window ends, found 0x%08x",
                 CPU_CHANGE_HEADER, got >= 4 ? le32(hdr) : 0);
        *end = true;
        return damage(t, NULL, at, what);
    }
    if ( got < 12 && at == 0 )
        return fail(t, 0,
                    "not a xentrace trace: %zd bytes, shorter than one "
                    "window header (12 bytes)",
                    got);
    if ( got < 12 )
    {
        /* Cut inside the header: the trace ends here. */
        *end = true;
        t->eof = true;
        truncated(t, at,
                  "the last window header, at offset %llu, is cut short "
                  "after %zd of its 12 bytes (as when xentrace is stopped "
                  "mid-write)",
                  (unsigned long long)at, got);
        return 0;
    }
    return 0;
}

/* Read the next window from the source onto its pCPU's queue. */
static int read_window(struct xabi_trace *t)
{
    unsigned char hdr[12];
    uint64_t at = t->consumed;
    struct pcpu_queue *q;
    struct window *w;
    uint32_t cpu, size;
    bool end;

    if ( read_window_header(t, hdr, at, &end) )
        return -1;
    if ( end )
        return 0;
    cpu = le32(hdr + 4);
    size = le32(hdr + 8);
    if ( cpu >= MAX_PCPUS || size % 4 || size > MAX_WINDOW )
    {
        char what[160];

        snprintf(what, sizeof(what),
                 cpu >= MAX_PCPUS ? "window header names pCPU %u, more "
                                    "than Xen supports"
                 : size % 4       ? "window size %u is not a whole number "
                                    "of 32-bit words"
                                  : "window size %u is larger than any "
                                    "trace buffer Xen can have",
                 cpu >= MAX_PCPUS ? cpu : size);
        return damage(t, NULL, at, what);
    }
    q = pcpu_get(t, cpu);
    w = calloc(1, sizeof(*w));
    if ( !q || !w )
    {
        free(w);
        return fail(t, at, "out of memory for the window of pCPU %u",
                    (unsigned)cpu);
    }
    w->offset = at + 12;
    w->claimed = size;
    w->slot = -1;
    if ( window_fill(t, w, size) )
    {
        window_free(t, w);
        return -1;
    }
    if ( t->opts.salvage )
        salvage_scan(t, cpu, q, w);
    q->stats.seen = true;
    q->stats.windows++;
    t->stats.windows++;
    if ( q->tail )
        q->tail->next = w;
    else
        q->head = w;
    q->tail = w;
    t->buffered += w->len;
    return 0;
}

/* ---- records ------------------------------------------------------------ */

/*
 * Xen's trace classes are single bits of the 12-bit class field
 * (xen/include/public/trace.h: TRC_GEN .. TRC_GUEST); anything else is not
 * a record Xen wrote.
 */
static bool plausible_event(uint32_t event)
{
    uint32_t cls = (event >> 16) & 0xfff;

    return cls != 0 && (cls & (cls - 1)) == 0;
}

/* Drop the rest of a window, at the end of the trace or after damage. */
static void window_drop_rest(struct xabi_trace *t, struct pcpu_queue *q)
{
    while ( q->head )
    {
        struct window *w = q->head;

        q->head = w->next;
        t->buffered -= w->len;
        window_free(t, w);
    }
    q->tail = NULL;
}

/*
 * Drop what q holds from after offset in the source: a record already
 * parsed from there, and the windows queued there (a queue is in source
 * order, and no window straddles another's damage).
 */
static void drop_after(struct xabi_trace *t, struct pcpu_queue *q,
                       uint64_t offset)
{
    struct window **pw = &q->head, *last = NULL;

    if ( q->has_next && q->next.offset > offset )
    {
        q->has_next = false;
        q->stats.records--;
    }
    while ( *pw && (*pw)->offset <= offset )
    {
        last = *pw;
        pw = &last->next;
    }
    while ( *pw )
    {
        struct window *w = *pw;

        *pw = w->next;
        t->buffered -= w->len;
        window_free(t, w);
    }
    q->tail = last;
}

/*
 * Damage found at offset: fail, or with --salvage end the trace there.
 * Salvage keeps exactly the records that lie before the damage in the
 * source: the rest of q's windows (q holds the damage) go, and so does
 * whatever other pCPUs had read ahead past it for merging, so what is
 * kept does not depend on how far the reader had read ahead.  (Records
 * already handed out stay so; only a record whose TSC is older than the
 * pCPU it was merged with can lie after the damage and be among them.)
 */
static void note_damage(struct xabi_trace *t, uint64_t offset,
                        const char *what)
{
    t->stats.damaged = true;
    t->stats.damaged_at = offset;
    snprintf(t->stats.damage, sizeof(t->stats.damage), "%s", what);
    t->eof = true;
}

static int damage(struct xabi_trace *t, struct pcpu_queue *q,
                  uint64_t offset, const char *what)
{
    unsigned i;

    if ( !t->opts.salvage || offset == 0 )
        return fail(t, offset, "%s", what);
    note_damage(t, offset, what);
    if ( q )
        window_drop_rest(t, q);
    for ( i = 0; i < t->npcpus; i++ )
        drop_after(t, &t->pcpu[i], offset);
    return 0;
}

/* A little-endian u64 at any alignment. */
static uint64_t le64(const unsigned char *p)
{
    uint64_t v;

    memcpy(&v, p, sizeof(v));
    return le64toh(v);
}

/* What check_record found. */
enum rec_check
{
    REC_OK,
    REC_CUT, /* cut short by the end of the source: truncation */
    REC_BAD, /* damage: what says why */
};

/*
 * Check the record at pos of w, a window of pCPU cpu whose records so far
 * ended with TSC last_tsc, in the record at last_at (last_tsc 0: none
 * yet).  *size gets its size.  The one place that says what a record may
 * be: parse_next and salvage_scan both ask it.
 */
static enum rec_check check_record(const struct window *w, size_t pos,
                                   unsigned cpu, uint64_t last_tsc,
                                   uint64_t last_at, size_t *size,
                                   char *what, size_t len)
{
    size_t left = w->len - pos;
    const unsigned char *p = w->data + pos;
    uint32_t hdr = left >= 4 ? le32(p) : 0, event = hdr & 0x0fffffff;
    uint64_t tsc;

    *size = 4 + ((hdr >> 31) ? 8 : 0) + 4 * ((hdr >> 28) & 7);
    if ( left < 4 || *size > left )
    {
        if ( w->cut && !w->next )
            return REC_CUT;
        snprintf(what, len,
                 "record of %zu bytes crosses the end of its window "
                 "(window data at offset %llu, %zu bytes)",
                 *size, (unsigned long long)w->offset, w->len);
        return REC_BAD;
    }
    if ( event == XABI_TRC_TRACE_CPU_CHANGE )
    {
        snprintf(what, len,
                 "a window header inside the window whose data starts at "
                 "offset %llu: its size is wrong",
                 (unsigned long long)w->offset);
        return REC_BAD;
    }
    if ( !plausible_event(event) )
    {
        snprintf(what, len,
                 "record header 0x%08llx is not a Xen trace event (window "
                 "data at offset %llu)",
                 (unsigned long long)hdr, (unsigned long long)w->offset);
        return REC_BAD;
    }
    if ( (hdr >> 31) && event != XABI_TRC_TRACE_WRAP_BUFFER &&
         (tsc = le64(p + 4)) < last_tsc )
    {
        snprintf(what, len,
                 "TSC 0x%llx goes back from 0x%llx, pCPU %u's record at "
                 "offset %llu: one of the two is damaged, or a second trace "
                 "begins here (traces concatenated)",
                 (unsigned long long)tsc, (unsigned long long)last_tsc, cpu,
                 (unsigned long long)last_at);
        return REC_BAD;
    }
    return REC_OK;
}

/* The TSC of a record check_record passed, if it orders the pCPU's records. */
static bool record_tsc(const unsigned char *p, uint64_t *tsc)
{
    uint32_t hdr = le32(p);

    if ( !(hdr >> 31) || (hdr & 0x0fffffff) == XABI_TRC_TRACE_WRAP_BUFFER )
        return false;
    *tsc = le64(p + 4);
    return true;
}

/*
 * --salvage: check w, just read for pCPU q, whole, before anything of it
 * or after it is handed out.  At damage, w keeps only the records before
 * it and the source ends there, so what is kept is exactly what lies
 * before the damage, however far the merge reads ahead.  A record cut by
 * the end of the source is left for parse_next to call truncation.
 */
static void salvage_scan(struct xabi_trace *t, unsigned cpu,
                         struct pcpu_queue *q, struct window *w)
{
    size_t pos = 0, size;
    char what[320];

    while ( pos < w->len )
    {
        switch ( check_record(w, pos, cpu, q->scan_tsc, q->scan_at, &size,
                              what, sizeof(what)) )
        {
        case REC_CUT:
            return;
        case REC_BAD:
            note_damage(t, w->offset + pos, what);
            w->len = pos;
            w->cut = false;
            return;
        case REC_OK:
            break;
        }
        if ( record_tsc(w->data + pos, &q->scan_tsc) )
            q->scan_at = w->offset + pos;
        pos += size;
    }
}

/* The offset of the last whole record in w (of len bytes), or false. */
static bool last_whole_record(const struct window *w, uint64_t *at)
{
    size_t pos = 0, size;
    bool any = false;

    while ( w->len - pos >= 4 )
    {
        uint32_t hdr = le32(w->data + pos);

        size = 4 + ((hdr >> 31) ? 8 : 0) + 4 * ((hdr >> 28) & 7);
        if ( size > w->len - pos )
            break;
        *at = w->offset + pos;
        any = true;
        pos += size;
    }
    return any;
}

/*
 * The source ended between two records of w, the last window, whose
 * header promised more: a lying size, or xentrace stopped between
 * records.
 */
static void window_cut(struct xabi_trace *t, unsigned cpu,
                       const struct window *w)
{
    uint64_t end = w->offset + w->len, last = 0;
    char whole[96] = "it holds no whole record";

    if ( last_whole_record(w, &last) )
        snprintf(whole, sizeof(whole), "its last whole record is at offset "
                 "%llu", (unsigned long long)last);
    truncated(t, end,
              "the last window (pCPU %u, header at offset %llu) claims %u "
              "bytes, more than the file holds: it ends %zu bytes into it, "
              "at offset %llu; %s",
              cpu, (unsigned long long)(w->offset - 12), w->claimed, w->len,
              (unsigned long long)end, whole);
}

/*
 * The common record: whole inside its window (left bytes from p to the
 * window's end), with a TSC of its own, of a plausible event that is
 * neither padding nor a window header.  Returns its size, or 0 for
 * anything else, which parse_next handles (every case, errors included);
 * what this does accept, parse_next would parse the same way.
 */
static inline size_t ordinary_size(const unsigned char *p, size_t left)
{
    uint32_t hdr, event;
    size_t size;

    if ( left < 12 )
        return 0;
    hdr = le32(p);
    size = 12 + 4 * ((hdr >> 28) & 7);
    event = hdr & 0x0fffffff;
    if ( !(hdr >> 31) || size > left || event == XABI_TRC_TRACE_WRAP_BUFFER ||
         event == XABI_TRC_TRACE_CPU_CHANGE || !plausible_event(event) )
        return 0;
    return size;
}

/* Fill r from the common record at p (see ordinary_size), at offset. */
static inline void fill_ordinary(struct xabi_trace_record *r,
                                 const unsigned char *p, size_t left,
                                 uint64_t offset, unsigned cpu)
{
    uint32_t hdr = le32(p);
    unsigned i;

    r->offset = offset;
    r->tsc = le64(p + 4);
    r->event = hdr & 0x0fffffff;
    r->pcpu = (uint16_t)cpu;
    r->nextra = (hdr >> 28) & 7;
    r->own_tsc = true;
    r->tsc_valid = true;
#if __BYTE_ORDER == __LITTLE_ENDIAN
    /* One fixed-size copy, not a loop, where the window has the bytes:
     * the words past nextra are never read. */
    if ( left >= 12 + sizeof(r->extra) )
        memcpy(r->extra, p + 12, sizeof(r->extra));
    else
#endif
        for ( i = 0; i < r->nextra; i++ )
            r->extra[i] = le32(p + 12 + 4 * i);
}

/*
 * Parse q's next record into r if it is a common one (ordinary_size);
 * the caller sets has_next.  q must have no record parsed.
 */
static inline bool parse_fast(struct pcpu_queue *q, unsigned cpu,
                              struct xabi_trace_record *r)
{
    struct window *w = q->head;
    size_t left, size;

    if ( !w || (left = w->len - w->pos) < 12 ||
         !(size = ordinary_size(w->data + w->pos, left)) ||
         le64(w->data + w->pos + 4) < q->last_tsc )
        return false; /* parse_next says what is wrong, if anything */
    fill_ordinary(r, w->data + w->pos, left, w->offset + w->pos, cpu);
    q->last_tsc = r->tsc;
    q->last_at = r->offset;
    q->have_tsc = true;
    w->pos += size;
    q->stats.records++;
    return true;
}

/* Parse the next record of pCPU q into q->next, if it has one queued. */
static int parse_next(struct xabi_trace *t, unsigned cpu,
                      struct pcpu_queue *q)
{
    struct xabi_trace_record *r = &q->next;

    while ( !q->has_next && q->head )
    {
        struct window *w = q->head;
        uint64_t at = w->offset + w->pos;
        const unsigned char *p;
        size_t size, i;
        uint32_t hdr;
        char what[320];

        if ( w->pos == w->len )
        {
            /* The source ended inside this window, between two records:
             * its size promised more, so this is no complete trace. */
            if ( w->cut )
                window_cut(t, cpu, w);
            q->head = w->next;
            if ( !q->head )
                q->tail = NULL;
            t->buffered -= w->len;
            window_free(t, w);
            continue;
        }
        switch ( check_record(w, w->pos, cpu, q->last_tsc, q->last_at, &size,
                              what, sizeof(what)) )
        {
        case REC_CUT:
            truncated(t, at,
                      "the last record, at offset %llu (pCPU %u), is cut "
                      "short: the file ends %zu bytes into it, at offset "
                      "%llu (as when xentrace is stopped mid-write)",
                      (unsigned long long)at, cpu, w->len - w->pos,
                      (unsigned long long)(w->offset + w->len));
            window_drop_rest(t, q);
            return 0;
        case REC_BAD:
            return damage(t, q, at, what);
        case REC_OK:
            break;
        }
        p = w->data + w->pos;
        hdr = le32(p);
        r->event = hdr & 0x0fffffff;
        r->offset = at;
        r->pcpu = (uint16_t)cpu;
        r->own_tsc = hdr >> 31;
        r->nextra = (hdr >> 28) & 7;
        p += 4;
        if ( r->own_tsc )
        {
            r->tsc = le64(p);
            p += 8;
            /* Padding's TSC says nothing about the records around it. */
            if ( r->event != XABI_TRC_TRACE_WRAP_BUFFER )
            {
                q->last_tsc = r->tsc;
                q->last_at = at;
                q->have_tsc = true;
            }
        }
        if ( !r->own_tsc || r->event == XABI_TRC_TRACE_WRAP_BUFFER )
            r->tsc = q->last_tsc;
        r->tsc_valid = q->have_tsc;
        for ( i = 0; i < r->nextra; i++ )
            r->extra[i] = le32(p + 4 * i);
        w->pos += size;
        q->has_next = true;
        q->stats.records++;
    }
    return 0;
}

/* ---- merging ------------------------------------------------------------ */

/*
 * Make sure every pCPU has its next record parsed, reading windows as
 * needed while under the merge limit.  *complete is true when no pCPU is
 * waiting for more input (so the smallest head is safe).
 */
static int fill_heads(struct xabi_trace *t, bool *complete)
{
    size_t limit = t->opts.merge_limit ? t->opts.merge_limit
                                       : DEFAULT_MERGE_LIMIT;

    for ( ;; )
    {
        unsigned i, waiting = 0;

        for ( i = 0; i < t->npcpus; i++ )
        {
            struct pcpu_queue *q = &t->pcpu[i];

            if ( parse_next(t, i, q) )
                return -1;
            if ( q->stats.seen && !q->has_next )
                waiting++;
        }
        *complete = waiting == 0 && t->primed;
        if ( t->eof )
        {
            *complete = true;
            return 0;
        }
        if ( *complete || (t->buffered >= limit && t->primed) )
            return 0;
        if ( read_window(t) )
            return -1;
        /* Primed once a pCPU shows up for its second window: by then
         * xentrace has been round every pCPU at least once. */
        if ( !t->primed && t->npcpus )
        {
            struct pcpu_queue *last = NULL;

            for ( i = 0; i < t->npcpus; i++ )
            {
                if ( t->pcpu[i].stats.windows > 1 )
                    last = &t->pcpu[i];
            }
            if ( last || t->buffered >= limit )
                t->primed = true;
        }
    }
}

static uint64_t head_tsc(const struct pcpu_queue *q)
{
    return q->next.tsc_valid ? q->next.tsc : 0;
}

/* Count r as handed out.  (Every TSC is at least 0, the first
 * last_emitted_tsc.) */
static inline void count_emitted(struct xabi_trace *t,
                                 const struct xabi_trace_record *r)
{
    if ( r->tsc_valid )
    {
        if ( r->tsc < t->last_emitted_tsc )
            t->stats.reordered++;
        else
            t->last_emitted_tsc = r->tsc;
    }
    t->stats.records++;
}

/* Hand out q's parsed record. */
static inline int emit(struct xabi_trace *t, struct pcpu_queue *q,
                       const struct xabi_trace_record **rec)
{
    /* In place: it stays put until this pCPU is parsed again, on the
     * next call. */
    q->has_next = false;
    count_emitted(t, &q->next);
    *rec = &q->next;
    return 1;
}

/*
 * The pCPU with the smallest head (its number in *cpu), and in *bound the
 * smallest head of the others: how far its run may go.  Queues with no
 * record parsed are passed over, or with every_seen make it NULL if one
 * of them has been seen (it may need a window read first).  NULL too
 * when no queue has a record.
 */
static inline struct pcpu_queue *smallest_head(struct xabi_trace *t,
                                               bool every_seen, unsigned *cpu,
                                               uint64_t *bound)
{
    struct pcpu_queue *best = NULL;
    unsigned i;

    *bound = UINT64_MAX;
    for ( i = 0; i < t->npcpus; i++ )
    {
        struct pcpu_queue *q = &t->pcpu[i];

        if ( !q->has_next )
        {
            if ( every_seen && q->stats.seen )
                return NULL;
            continue;
        }
        if ( !best || head_tsc(q) < head_tsc(best) )
        {
            if ( best && head_tsc(best) < *bound )
                *bound = head_tsc(best);
            best = q;
            *cpu = i;
        }
        else if ( head_tsc(q) < *bound )
            *bound = head_tsc(q);
    }
    return best;
}

/* Choose the pCPU with the smallest head, and how far its run may go. */
static int next_slow(struct xabi_trace *t, const struct xabi_trace_record **rec)
{
    struct pcpu_queue *best;
    uint64_t bound;
    unsigned best_cpu = 0;
    bool complete;

    if ( fill_heads(t, &complete) )
        return -1;
    if ( !(best = smallest_head(t, false, &best_cpu, &bound)) )
        return 0;
    if ( !complete )
        t->stats.forced++;
    /* A forced record starts no run: the next one is chosen afresh. */
    t->run = complete ? best : NULL;
    t->run_cpu = best_cpu;
    t->run_bound = bound;
    return emit(t, best, rec);
}

/* xabi_trace_next past the common case: a run ends or a new one starts. */
static int __attribute__((noinline))
next_general(struct xabi_trace *t, const struct xabi_trace_record **rec)
{
    struct pcpu_queue *q = t->run;

    if ( t->failed )
        return -1;
    if ( q )
    {
        if ( !q->has_next && parse_next(t, t->run_cpu, q) )
            return -1;
        if ( q->has_next && head_tsc(q) <= t->run_bound )
            return emit(t, q, rec);
        t->run = NULL;
    }
    return next_slow(t, rec);
}

int xabi_trace_next(struct xabi_trace *t,
                    const struct xabi_trace_record **rec)
{
    struct pcpu_queue *q = t->run;

    /*
     * The common case, kept small: the run goes on with the next record
     * of its pCPU (handed out by the last call, so none is parsed).  A
     * failed reader has no run.
     */
    if ( q && parse_fast(q, t->run_cpu, &q->next) )
    {
        q->has_next = true;
        if ( q->next.tsc <= t->run_bound )
            return emit(t, q, rec);
    }
    return next_general(t, rec);
}

/*
 * While the run goes on, parse its records straight into recs, up to max,
 * each counted as handed out: the common records (ordinary_size) of its
 * pCPU's current window with a TSC no later than the run's bound.
 * Returns how many; anything else is left for next_general.  The state
 * the loop changes is kept in locals and written back once.
 */
static size_t parse_run(struct xabi_trace *t, struct xabi_trace_record *recs,
                        size_t max)
{
    struct pcpu_queue *q = t->run;
    struct window *w = q ? q->head : NULL;
    uint64_t bound = t->run_bound, last = t->last_emitted_tsc;
    uint64_t reordered = 0, base, tsc, prev;
    const unsigned char *data;
    size_t pos, len, size, n = 0;
    unsigned cpu = t->run_cpu;

    if ( !w )
        return 0;
    data = w->data;
    pos = w->pos;
    len = w->len;
    base = w->offset;
    prev = q->last_tsc;
    /* A TSC older than the one before it (damage) is left for parse_next. */
    while ( n < max && len - pos >= 12 &&
            (size = ordinary_size(data + pos, len - pos)) &&
            (tsc = le64(data + pos + 4)) <= bound && tsc >= prev )
    {
        fill_ordinary(&recs[n], data + pos, len - pos, base + pos, cpu);
        prev = tsc;
        if ( recs[n].tsc < last )
            reordered++;
        else
            last = recs[n].tsc;
        pos += size;
        n++;
    }
    if ( n )
    {
        w->pos = pos;
        q->last_tsc = prev;
        q->last_at = recs[n - 1].offset;
        q->have_tsc = true;
        q->stats.records += n;
        t->stats.records += n;
        t->stats.reordered += reordered;
        t->last_emitted_tsc = last;
    }
    return n;
}

/*
 * Where parse_run stopped, in the common case on a real trace (pCPUs
 * interleaved finely, runs of a dozen records): the run's next record is
 * a common one past the bound, and every pCPU has its next record parsed.
 * Then the next run is chosen here, as next_slow would, without its
 * fill_heads (which, with every head parsed, reads nothing) and with the
 * record parsed by parse_fast rather than parse_next.  false: anything
 * else, for next_general, which then finds the record parsed if it was.
 */
static inline bool switch_run(struct xabi_trace *t,
                              const struct xabi_trace_record **rec)
{
    struct pcpu_queue *q = t->run, *best;
    uint64_t bound;
    unsigned best_cpu = 0;

    if ( !q || !t->primed || t->failed )
        return false;
    if ( !q->has_next )
    {
        if ( !parse_fast(q, t->run_cpu, &q->next) )
            return false;
        q->has_next = true;
    }
    if ( head_tsc(q) <= t->run_bound )
    {
        emit(t, q, rec);
        return true;
    }
    /* A pCPU with nothing parsed may need a window read: next_slow's. */
    if ( !(best = smallest_head(t, true, &best_cpu, &bound)) )
        return false;
    t->run = best;
    t->run_cpu = best_cpu;
    t->run_bound = bound;
    emit(t, best, rec);
    return true;
}

int xabi_trace_read(struct xabi_trace *t, struct xabi_trace_record *recs,
                    size_t max)
{
    const struct xabi_trace_record *r;
    size_t n = 0;
    int rc;

    while ( n < max )
    {
        n += parse_run(t, recs + n, max - n);
        if ( n == max )
            break;
        if ( switch_run(t, &r) )
        {
            recs[n++] = *r;
            continue;
        }
        if ( (rc = next_general(t, &r)) <= 0 )
            return n ? (int)n : rc; /* a failure is sticky: said next */
        recs[n++] = *r;
    }
    return (int)n;
}

int xabi_trace_drain(struct xabi_trace *t)
{
    if ( t->fd < 0 )
    {
        size_t left = t->memlen - t->consumed;

        if ( left && t->opts.tap )
            t->opts.tap(t->opts.tap_ctx, t->mem + t->consumed, left);
        t->consumed += left;
        return 0;
    }
    /* What is left in buf was tapped when it was read. */
    t->consumed += t->buflen - t->bufpos;
    t->bufpos = t->buflen;
    for ( ;; )
    {
        ssize_t n = next_chunk(t);

        if ( n < 0 )
            return -1;
        if ( n == 0 )
            return 0;
        t->consumed += (uint64_t)n;
    }
}

/* ---- the handle --------------------------------------------------------- */

static int trace_new(const char *name, const struct xabi_trace_opts *opts,
                     struct xabi_trace **out)
{
    struct xabi_trace *t = calloc(1, sizeof(*t));

    *out = t;
    if ( !t )
        return -1;
    snprintf(t->name, sizeof(t->name), "%s", name);
    if ( opts )
        t->opts = *opts;
    t->fd = -1;
    return 0;
}

int xabi_trace_open_fd(int fd, const char *name,
                       const struct xabi_trace_opts *opts,
                       struct xabi_trace **out)
{
    struct xabi_trace *t;

    if ( trace_new(name, opts, out) )
        return -1;
    t = *out;
    t->fd = fd;
    if ( t->opts.read_ahead )
    {
        if ( ahead_start(t) )
            return fail(t, 0, "out of memory or threads for reading ahead "
                        "(%u buffers of %u bytes)", AHEAD_SLOTS, READ_CHUNK);
        return 0;
    }
    t->buf = malloc(READ_CHUNK);
    if ( !t->buf )
        return fail(t, 0, "out of memory for a read buffer of %u bytes",
                    READ_CHUNK);
    return 0;
}

int xabi_trace_open_mem(const void *buf, size_t len, const char *name,
                        const struct xabi_trace_opts *opts,
                        struct xabi_trace **out)
{
    if ( trace_new(name, opts, out) )
        return -1;
    (*out)->mem = buf;
    (*out)->memlen = len;
    return 0;
}

const char *xabi_trace_errmsg(const struct xabi_trace *t)
{
    return t ? t->errmsg : "out of memory";
}

void xabi_trace_get_stats(const struct xabi_trace *t,
                          struct xabi_trace_stats *s)
{
    *s = t->stats;
    s->bytes = t->consumed;
    s->npcpus = t->npcpus;
}

const struct xabi_trace_pcpu_stats *
xabi_trace_pcpu(const struct xabi_trace *t, unsigned cpu)
{
    if ( cpu >= t->npcpus || !t->pcpu[cpu].stats.seen )
        return NULL;
    return &t->pcpu[cpu].stats;
}

void xabi_trace_close(struct xabi_trace *t)
{
    unsigned i;

    if ( !t )
        return;
    for ( i = 0; i < t->npcpus; i++ )
        window_drop_rest(t, &t->pcpu[i]);
    for ( i = 0; i < t->nspare; i++ )
        free(t->spare[i]);
    free(t->pcpu);
    if ( t->ahead )
        ahead_free(t);
    else
        free(t->buf);
    free(t);
}
