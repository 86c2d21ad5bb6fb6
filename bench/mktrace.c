/*
 * mktrace: make a large xentrace trace out of a small real one, so that
 * bench/collect can time xabi and xenalyze on the same gigabyte of input.
 *
 *     mktrace [-s SIZE] IN OUT    write OUT, at least SIZE bytes (default 1G)
 *     mktrace --count FILE        print "RECORDS BYTES" for FILE
 *
 * SIZE takes a K, M or G suffix (powers of 1024).
 *
 * The trace format (xen/include/public/trace.h) has no file header.  A file
 * is a run of windows; each opens with a TRC_TRACE_CPU_CHANGE record whose
 * two extra words are the pCPU and the byte size of the records that follow
 * it.  A record header holds the event id (bits 0-27), the number of extra
 * words (bits 28-30) and a flag saying a 64-bit TSC follows (bit 31).  A
 * record without a TSC happened at the previous TSC of its pCPU.
 *
 * How the copy is made.  Replaying a stretch of trace is only believable to
 * a reader that follows the scheduler (xenalyze does, and gives up with a
 * FATAL error when a vCPU "continues" on a pCPU it is not on, or a pCPU runs
 * two vCPUs) if the scheduler is in the same state where the stretch ends
 * as where it starts.  So:
 *
 *  1. Merge the pCPUs' records into one stream ordered by TSC, as xenalyze
 *     reads them, and replay the runstate records along it
 *     (TRC_SCHED_RUNSTATE_CHANGE and TRC_SCHED_CONTINUE_RUNNING).  The state
 *     is, for each pCPU, the vCPU running on it, and for each vCPU seen so
 *     far, its runstate and the pCPU it last ran on.
 *
 *  2. Every distinct TSC value T is a candidate cut: the state at T is the
 *     state after every record older than T.  A stretch [TA, TB) is usable
 *     when the state at TA equals the state at TB and the stretch holds no
 *     record that must happen once: lost records and other TRC_GEN
 *     bookkeeping except TRC_TRACE_WRAP_BUFFER padding, domain creation and
 *     destruction (TRC_DOM0_DOMOPS, TRC_SCHED_DOM_ADD/REM,
 *     TRC_SCHED_SHUTDOWN*), and a vCPU going to or from RUNSTATE_offline.
 *     Of the usable stretches we take the one with the most bytes, so the
 *     copy repeats as much real behaviour as the trace offers.  The states
 *     are compared by hash while searching, then compared in full before
 *     anything is written.
 *
 *  3. Cut every pCPU at the same TA and TB: pCPU p's stretch is its records
 *     from the first one with TSC >= TA up to the first one with TSC >= TB.
 *     That first record always carries a TSC, so no record in a copy takes
 *     its time from a record outside it.
 *
 *  4. Write the records before TA, the stretch N times, then the records
 *     from TB on.  Copy k is shifted by k * (TB - TA) and the tail by
 *     (N - 1) * (TB - TA), so each pCPU's time keeps increasing and the
 *     pCPUs keep their relative order.  Only TSC fields are rewritten.
 *     Windows keep the input's order; a window cut at TA or TB is written
 *     as two windows with their sizes rewritten, and empty windows are
 *     dropped.
 *
 * A stretch of the bundled PV domU trace found this way runs from after the
 * domU came online to before it was destroyed, so the copy is mostly guest
 * hypercalls, traps and faults, as a real busy trace would be.
 *
 * Records are counted as they are in the file, window headers and wrap
 * padding included, the same way in --count and in the summary printed
 * after writing.
 *
 * This program is a benchmark helper, not part of xabi: it loads the input
 * into memory (real traces are megabytes) and streams the output.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* xen/include/public/trace.h */
#define TRC_GEN                 0x0001f000u
#define TRC_TRACE_WRAP_BUFFER   0x0001f002u
#define TRC_TRACE_CPU_CHANGE    0x0001f003u
#define TRC_SCHED_MIN           0x00021000u
#define TRC_SCHED_DOM_ADD       0x00028001u
#define TRC_SCHED_DOM_REM       0x00028002u
#define TRC_SCHED_SHUTDOWN      0x00028007u
#define TRC_SCHED_SHUTDOWN_CODE 0x00028010u
#define TRC_DOM0_DOMOPS         0x00041000u
#define TRC_SUBCLASS_MASK       0x0ffff000u
#define TRC_EVENT_MASK          0x0fffffffu
#define TRC_HD_CYCLE_FLAG       0x80000000u
#define TRACE_EXTRA_SHIFT       28
#define TRACE_EXTRA_MAX         7

/* A window header: TRC_TRACE_CPU_CHANGE, two extra words, no TSC. */
#define WINDOW_HEADER       (TRC_TRACE_CPU_CHANGE | 2u << TRACE_EXTRA_SHIFT)
#define WINDOW_HEADER_BYTES 12

/* xen/include/public/vcpu.h: RUNSTATE_running .. RUNSTATE_offline */
#define RUNSTATE_RUNNING 0
#define RUNSTATE_OFFLINE 3

#define MAX_PCPUS    4096
#define NO_VCPU      (-1)
#define NO_PCPU      0xffffu
#define DEFAULT_SIZE (1ull << 30)
#define IO_BUFFER    (1u << 20)

struct rec
{
    uint64_t off; /* offset of the header in the input */
    uint64_t tsc; /* own TSC, or the pCPU's previous one */
    uint32_t event;
    uint32_t next; /* next record of the same pCPU, or nrec */
    uint16_t cpu;
    uint8_t size; /* bytes, header included: at most 40 */
    uint8_t has_tsc;
};

struct window
{
    uint16_t cpu;
    uint32_t first; /* index of its first record */
    uint32_t count;
};

struct trace
{
    const char *path;
    uint8_t *buf;
    size_t len;
    struct rec *rec;
    uint32_t nrec;
    struct window *win;
    uint32_t nwin;
    unsigned int ncpu; /* highest pCPU seen + 1 */
    uint32_t *order;   /* record indices merged by TSC */
};

struct vcpu_state
{
    uint32_t id;   /* domid << 16 | vcpu id */
    uint16_t pcpu; /* where it last ran, or NO_PCPU */
    uint8_t runstate;
};

/* What xenalyze's runstate checks depend on. */
struct sched_state
{
    int32_t *current; /* per pCPU: index in vcpu[], or NO_VCPU */
    unsigned int ncpu;
    struct vcpu_state *vcpu;
    unsigned int nvcpu, cap;
};

/* The chosen stretch, as positions in trace.order. */
struct cut
{
    uint32_t a, b;
    uint64_t tsc_a, tsc_b;
    uint64_t bytes;
};

/* Per-pCPU record index bounds of one part of the output. */
struct part
{
    const uint32_t *lo, *hi;
    uint64_t shift;
};

struct totals
{
    uint64_t bytes, records;
};

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
    return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = v;
    p[1] = v >> 8;
    p[2] = v >> 16;
    p[3] = v >> 24;
}

static void put64(uint8_t *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

/* Size of the record whose header is h: header, optional TSC, extras. */
static unsigned int rec_size(uint32_t h)
{
    return 4 + ((h & TRC_HD_CYCLE_FLAG) ? 8 : 0) +
           4 * ((h >> TRACE_EXTRA_SHIFT) & TRACE_EXTRA_MAX);
}

static int load_file(struct trace *t, const char *path)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 1 << 20, n;

    t->path = path;
    if ( !f )
    {
        fprintf(stderr, "mktrace: %s: %s\n", path, strerror(errno));
        return -1;
    }
    t->buf = malloc(cap);
    t->len = 0;
    while ( t->buf && (n = fread(t->buf + t->len, 1, cap - t->len, f)) > 0 )
    {
        t->len += n;
        if ( t->len == cap )
        {
            uint8_t *nb = realloc(t->buf, cap * 2);

            if ( !nb )
                break;
            t->buf = nb;
            cap *= 2;
        }
    }
    if ( !t->buf || ferror(f) || !feof(f) )
    {
        fprintf(stderr, "mktrace: %s: read failed\n", path);
        fclose(f);
        return -1;
    }
    fclose(f);
    return 0;
}

static int grow(void **p, uint32_t *cap, uint32_t need, size_t elem)
{
    void *np;
    uint32_t ncap;

    if ( need <= *cap )
        return 0;
    for ( ncap = *cap ? *cap : 1024; ncap < need; ncap *= 2 )
        if ( ncap > UINT32_MAX / 2 )
            return -1;
    if ( (size_t)ncap > SIZE_MAX / elem )
        return -1;
    np = realloc(*p, (size_t)ncap * elem);
    if ( !np )
        return -1;
    *p = np;
    *cap = ncap;
    return 0;
}

/* Parse the records of the window whose data is [off, end). */
static int parse_window(struct trace *t, uint64_t off, uint64_t end,
                        uint16_t cpu, uint64_t *last_tsc, uint32_t *rcap)
{
    while ( off < end )
    {
        uint32_t h;
        unsigned int size;
        struct rec *r;

        if ( end - off < 4 ||
             (size = rec_size(h = get32(t->buf + off))) > end - off )
        {
            fprintf(stderr,
                    "mktrace: %s: offset %" PRIu64
                    ": record runs past the end of its window\n",
                    t->path, off);
            return -1;
        }
        if ( grow((void **)&t->rec, rcap, t->nrec + 1, sizeof(*r)) )
            return -1;
        r = &t->rec[t->nrec++];
        r->off = off;
        r->event = h & TRC_EVENT_MASK;
        r->cpu = cpu;
        r->size = size;
        r->has_tsc = !!(h & TRC_HD_CYCLE_FLAG);
        if ( r->has_tsc )
        {
            uint64_t tsc = get64(t->buf + off + 4);

            /* The stretch is chosen by time, so time must not go back. */
            if ( tsc < *last_tsc )
            {
                fprintf(stderr,
                        "mktrace: %s: offset %" PRIu64
                        ": TSC goes back on pCPU %u\n",
                        t->path, off, cpu);
                return -1;
            }
            *last_tsc = tsc;
        }
        r->tsc = *last_tsc;
        off += size;
    }
    return 0;
}

static int parse(struct trace *t)
{
    uint64_t off = 0;
    uint64_t *last_tsc = calloc(MAX_PCPUS, sizeof(*last_tsc));
    uint32_t rcap = 0, wcap = 0;
    int rc = -1;

    while ( last_tsc && off < t->len )
    {
        const uint8_t *p = t->buf + off;
        uint32_t cpu, size;
        struct window *w;

        if ( t->len - off < WINDOW_HEADER_BYTES || get32(p) != WINDOW_HEADER )
        {
            fprintf(stderr,
                    "mktrace: %s: offset %" PRIu64
                    ": expected a TRC_TRACE_CPU_CHANGE window header\n",
                    t->path, off);
            goto out;
        }
        cpu = get32(p + 4);
        size = get32(p + 8);
        if ( cpu >= MAX_PCPUS )
        {
            fprintf(stderr,
                    "mktrace: %s: offset %" PRIu64 ": pCPU %" PRIu32
                    " is more than %d\n",
                    t->path, off, cpu, MAX_PCPUS - 1);
            goto out;
        }
        if ( size > t->len - off - WINDOW_HEADER_BYTES )
        {
            fprintf(stderr,
                    "mktrace: %s: offset %" PRIu64 ": window of %" PRIu32
                    " bytes runs past the end of the file\n",
                    t->path, off, size);
            goto out;
        }
        if ( grow((void **)&t->win, &wcap, t->nwin + 1, sizeof(*w)) )
            goto out;
        w = &t->win[t->nwin++];
        w->cpu = cpu;
        w->first = t->nrec;
        off += WINDOW_HEADER_BYTES;
        if ( parse_window(t, off, off + size, cpu, &last_tsc[cpu], &rcap) )
            goto out;
        w->count = t->nrec - w->first;
        off += size;
        if ( cpu + 1 > t->ncpu )
            t->ncpu = cpu + 1;
    }
    rc = t->nrec ? 0 : -1;
    if ( rc )
        fprintf(stderr, "mktrace: %s: no records\n", t->path);
out:
    free(last_tsc);
    return rc;
}

/* Chain each pCPU's records, then merge the chains by TSC. */
static int merge(struct trace *t)
{
    uint32_t *head = malloc(t->ncpu * sizeof(*head));
    uint32_t *tail = malloc(t->ncpu * sizeof(*tail));
    uint32_t i, n;
    unsigned int c;

    t->order = malloc((size_t)t->nrec * sizeof(*t->order));
    if ( !head || !tail || !t->order )
    {
        free(head);
        free(tail);
        return -1;
    }
    for ( c = 0; c < t->ncpu; c++ )
        head[c] = tail[c] = t->nrec;
    for ( i = 0; i < t->nrec; i++ )
    {
        c = t->rec[i].cpu;
        t->rec[i].next = t->nrec;
        if ( head[c] == t->nrec )
            head[c] = i;
        else
            t->rec[tail[c]].next = i;
        tail[c] = i;
    }
    for ( n = 0; n < t->nrec; n++ )
    {
        unsigned int best = t->ncpu;

        /* Ties go to the lower pCPU; pCPU counts are small. */
        for ( c = 0; c < t->ncpu; c++ )
            if ( head[c] != t->nrec &&
                 (best == t->ncpu ||
                  t->rec[head[c]].tsc < t->rec[head[best]].tsc) )
                best = c;
        t->order[n] = head[best];
        head[best] = t->rec[head[best]].next;
    }
    free(head);
    free(tail);
    return 0;
}

/*
 * TRC_SCHED_RUNSTATE_CHANGE (low nibble 1, old and new runstate above it)
 * or TRC_SCHED_CONTINUE_RUNNING (low nibble 2).
 */
static int is_runstate(uint32_t event)
{
    unsigned int kind = event & 0xf;

    return (event & TRC_SUBCLASS_MASK) == TRC_SCHED_MIN &&
           (kind == 1 || kind == 2);
}

/* Records that describe a one-off event, which a copy must not repeat. */
static int once_only(uint32_t event)
{
    /* TRC_LOST_RECORDS and the like; padding is only bytes. */
    if ( (event & TRC_SUBCLASS_MASK) == TRC_GEN )
        return event != TRC_TRACE_WRAP_BUFFER;
    if ( (event & TRC_SUBCLASS_MASK) == TRC_DOM0_DOMOPS )
        return 1;
    if ( event == TRC_SCHED_DOM_ADD || event == TRC_SCHED_DOM_REM ||
         event == TRC_SCHED_SHUTDOWN || event == TRC_SCHED_SHUTDOWN_CODE )
        return 1;
    if ( is_runstate(event) && (event & 0xf) == 1 )
        return ((event >> 8) & 0xf) >= RUNSTATE_OFFLINE ||
               ((event >> 4) & 0xf) >= RUNSTATE_OFFLINE;
    return 0;
}

static int state_init(struct sched_state *s, unsigned int ncpu)
{
    unsigned int c;

    memset(s, 0, sizeof(*s));
    s->ncpu = ncpu;
    s->current = malloc(ncpu * sizeof(*s->current));
    if ( !s->current )
        return -1;
    for ( c = 0; c < ncpu; c++ )
        s->current[c] = NO_VCPU;
    return 0;
}

static void state_free(struct sched_state *s)
{
    free(s->current);
    free(s->vcpu);
}

static int vcpu_index(struct sched_state *s, uint32_t id)
{
    unsigned int i;

    for ( i = 0; i < s->nvcpu; i++ )
        if ( s->vcpu[i].id == id )
            return i;
    if ( grow((void **)&s->vcpu, &s->cap, s->nvcpu + 1, sizeof(*s->vcpu)) )
        return -1;
    s->vcpu[i].id = id;
    s->vcpu[i].pcpu = NO_PCPU;
    s->vcpu[i].runstate = 0xff;
    s->nvcpu++;
    return i;
}

/*
 * Replay one runstate record.  The one data word holds the vCPU id in its
 * low 16 bits and the domid in the high 16; the event's bits 8-11 and 4-7
 * hold the old and new runstate (xen/common/sched/core.c logs them so).
 * Returns 1 if the state changed, 0 if not, -1 on allocation failure.
 */
static int state_apply(struct sched_state *s, const struct trace *t,
                       const struct rec *r)
{
    unsigned int old, new, kind = r->event & 0xf;
    uint32_t extra =
        (get32(t->buf + r->off) >> TRACE_EXTRA_SHIFT) & TRACE_EXTRA_MAX;
    int v;

    if ( !is_runstate(r->event) || extra < 1 )
        return 0;
    v = vcpu_index(s, get32(t->buf + r->off + r->size - 4 * extra));
    if ( v < 0 )
        return -1;
    old = kind == 2 ? RUNSTATE_RUNNING : (r->event >> 8) & 0xf;
    new = kind == 2 ? RUNSTATE_RUNNING : (r->event >> 4) & 0xf;
    if ( new == RUNSTATE_RUNNING )
    {
        s->current[r->cpu] = v;
        s->vcpu[v].pcpu = r->cpu;
    }
    else if ( old == RUNSTATE_RUNNING && s->current[r->cpu] == v )
        s->current[r->cpu] = NO_VCPU;
    s->vcpu[v].runstate = new;
    return 1;
}

/* FNV-1a over the state. */
static uint64_t state_hash(const struct sched_state *s)
{
    uint64_t h = 0xcbf29ce484222325ull;
    unsigned int i;

#define MIX(x) (h = (h ^ (uint64_t)(x)) * 0x100000001b3ull)
    for ( i = 0; i < s->ncpu; i++ )
        MIX((uint32_t)s->current[i]);
    for ( i = 0; i < s->nvcpu; i++ )
    {
        MIX(s->vcpu[i].id);
        MIX(s->vcpu[i].pcpu);
        MIX(s->vcpu[i].runstate);
    }
#undef MIX
    return h;
}

static int state_equal(const struct sched_state *x, const struct sched_state *y)
{
    unsigned int i;

    if ( x->ncpu != y->ncpu || x->nvcpu != y->nvcpu ||
         memcmp(x->current, y->current, x->ncpu * sizeof(*x->current)) )
        return 0;
    for ( i = 0; i < x->nvcpu; i++ )
        if ( x->vcpu[i].id != y->vcpu[i].id ||
             x->vcpu[i].pcpu != y->vcpu[i].pcpu ||
             x->vcpu[i].runstate != y->vcpu[i].runstate )
            return 0;
    return 1;
}

static int state_copy(struct sched_state *dst, const struct sched_state *src)
{
    if ( state_init(dst, src->ncpu) )
        return -1;
    memcpy(dst->current, src->current, src->ncpu * sizeof(*src->current));
    if ( src->nvcpu &&
         grow((void **)&dst->vcpu, &dst->cap, src->nvcpu, sizeof(*dst->vcpu)) )
        return -1;
    if ( src->nvcpu )
        memcpy(dst->vcpu, src->vcpu, src->nvcpu * sizeof(*src->vcpu));
    dst->nvcpu = src->nvcpu;
    return 0;
}

/*
 * First sighting of each state hash in the current run of repeatable
 * records.  A generation number empties the table in O(1) when a once-only
 * record ends the run.
 */
#define SEEN_BITS 18
struct seen
{
    uint64_t hash, bytes;
    uint32_t pos, gen;
};

static struct seen *seen_find(struct seen *tab, uint64_t h, uint32_t gen,
                              uint32_t *used)
{
    uint32_t mask = (1u << SEEN_BITS) - 1, i = (uint32_t)h & mask;

    for ( ; tab[i].gen == gen; i = (i + 1) & mask )
        if ( tab[i].hash == h )
            return &tab[i];
    /* Keep the table at most half full; later new states go unrecorded. */
    if ( *used >= (1u << (SEEN_BITS - 1)) )
        return NULL;
    (*used)++;
    tab[i].gen = gen;
    tab[i].hash = h;
    tab[i].pos = UINT32_MAX;
    return &tab[i];
}

/* Step 2 of the opening comment: the longest stretch that repeats. */
static int find_cut(const struct trace *t, struct cut *cut)
{
    struct sched_state s;
    struct seen *tab = calloc(1u << SEEN_BITS, sizeof(*tab));
    uint64_t bytes = 0, h;
    uint32_t i, gen = 1, used = 0;
    int rc = -1;

    memset(cut, 0, sizeof(*cut));
    if ( !tab || state_init(&s, t->ncpu) )
        goto out;
    h = state_hash(&s);
    for ( i = 0; i < t->nrec; i++ )
    {
        const struct rec *r = &t->rec[t->order[i]];
        int changed;

        if ( r->has_tsc && (i == 0 || r->tsc > t->rec[t->order[i - 1]].tsc) )
        {
            struct seen *e = seen_find(tab, h, gen, &used);

            if ( e && e->pos == UINT32_MAX )
            {
                e->pos = i;
                e->bytes = bytes;
            }
            else if ( e && bytes - e->bytes > cut->bytes )
            {
                cut->a = e->pos;
                cut->b = i;
                cut->bytes = bytes - e->bytes;
            }
        }
        if ( (changed = state_apply(&s, t, r)) < 0 )
            goto out;
        if ( changed )
            h = state_hash(&s);
        if ( once_only(r->event) )
        {
            gen++;
            used = 0;
        }
        bytes += r->size;
    }
    rc = 0;
    if ( !cut->bytes )
    {
        fprintf(stderr,
                "mktrace: %s: no stretch of the trace ends in the "
                "scheduler state it starts in\n",
                t->path);
        rc = -1;
    }
    cut->tsc_a = t->rec[t->order[cut->a]].tsc;
    cut->tsc_b = t->rec[t->order[cut->b]].tsc;
out:
    state_free(&s);
    free(tab);
    return rc;
}

/* Replay again and compare the two states in full, not by hash. */
static int verify_cut(const struct trace *t, const struct cut *cut)
{
    struct sched_state s, at_a;
    uint32_t i;
    int ok = 0;

    memset(&at_a, 0, sizeof(at_a));
    if ( state_init(&s, t->ncpu) )
        return -1;
    for ( i = 0; i < cut->b; i++ )
    {
        if ( i == cut->a && state_copy(&at_a, &s) )
            goto out;
        if ( state_apply(&s, t, &t->rec[t->order[i]]) < 0 )
            goto out;
    }
    ok = state_equal(&at_a, &s);
    if ( !ok )
        fprintf(stderr, "mktrace: state hash collision; no cut made\n");
out:
    state_free(&s);
    state_free(&at_a);
    return ok ? 0 : -1;
}

/* Each pCPU's first record at or after tsc, or nrec if it has none. */
static uint32_t *cut_points(const struct trace *t, uint64_t tsc)
{
    uint32_t *cp = malloc(t->ncpu * sizeof(*cp));
    uint32_t i;
    unsigned int c;

    if ( !cp )
        return NULL;
    for ( c = 0; c < t->ncpu; c++ )
        cp[c] = t->nrec;
    for ( i = t->nrec; i-- > 0; )
        if ( t->rec[i].tsc >= tsc )
            cp[t->rec[i].cpu] = i;
    return cp;
}

/*
 * Write (or with out NULL, only measure) one part of the output: every
 * input window, cut down to its records inside the part, TSCs shifted.
 */
static int emit_part(const struct trace *t, const struct part *pt,
                     uint8_t *scratch, FILE *out, struct totals *tot)
{
    uint32_t w;

    for ( w = 0; w < t->nwin; w++ )
    {
        const struct window *win = &t->win[w];
        uint32_t lo = win->first, hi = win->first + win->count, i;
        size_t n = WINDOW_HEADER_BYTES;

        if ( lo < pt->lo[win->cpu] )
            lo = pt->lo[win->cpu];
        if ( hi > pt->hi[win->cpu] )
            hi = pt->hi[win->cpu];
        if ( lo >= hi )
            continue;
        for ( i = lo; i < hi; i++ )
        {
            const struct rec *r = &t->rec[i];

            memcpy(scratch + n, t->buf + r->off, r->size);
            if ( r->has_tsc )
                put64(scratch + n + 4, r->tsc + pt->shift);
            n += r->size;
        }
        tot->records += 1 + (hi - lo);
        put32(scratch, WINDOW_HEADER);
        put32(scratch + 4, win->cpu);
        put32(scratch + 8, (uint32_t)(n - WINDOW_HEADER_BYTES));
        tot->bytes += n;
        if ( out && fwrite(scratch, 1, n, out) != n )
            return -1;
    }
    return 0;
}

static uint64_t parse_size(const char *s)
{
    char *end;
    unsigned long long v;

    errno = 0;
    v = strtoull(s, &end, 10);
    if ( errno || end == s )
        return 0;
    switch ( *end )
    {
    case 'G':
    case 'g':
        v <<= 10; /* fall through */
    case 'M':
    case 'm':
        v <<= 10; /* fall through */
    case 'K':
    case 'k':
        v <<= 10;
        end++;
        break;
    case '\0':
        break;
    default:
        return 0;
    }
    return *end ? 0 : v;
}

/* Plan the parts, find how many copies reach size, then write them. */
static int write_copy(const struct trace *t, const struct cut *cut,
                      uint64_t size, const char *path)
{
    uint32_t *at_a = cut_points(t, cut->tsc_a);
    uint32_t *at_b = cut_points(t, cut->tsc_b);
    uint32_t *start = calloc(t->ncpu, sizeof(*start));
    uint32_t *end = malloc(t->ncpu * sizeof(*end));
    uint8_t *scratch = malloc(t->len + WINDOW_HEADER_BYTES);
    uint64_t span = cut->tsc_b - cut->tsc_a, copies, k;
    struct part head, body, tail;
    struct totals fixed = {0}, one = {0}, all = {0};
    FILE *out = NULL;
    int rc = -1;
    unsigned int c;

    if ( !at_a || !at_b || !start || !end || !scratch )
        goto out;
    for ( c = 0; c < t->ncpu; c++ )
        end[c] = t->nrec;
    head = (struct part){start, at_a, 0};
    body = (struct part){at_a, at_b, 0};
    tail = (struct part){at_b, end, 0};
    if ( emit_part(t, &head, scratch, NULL, &fixed) ||
         emit_part(t, &tail, scratch, NULL, &fixed) ||
         emit_part(t, &body, scratch, NULL, &one) )
        goto out;
    copies = size > fixed.bytes
                 ? (size - fixed.bytes + one.bytes - 1) / one.bytes
                 : 1;
    if ( !copies )
        copies = 1;
    if ( (copies - 1) >
         (UINT64_MAX - t->rec[t->order[t->nrec - 1]].tsc) / span )
    {
        fprintf(stderr, "mktrace: %s copies would overflow the TSC\n", path);
        goto out;
    }
    if ( !(out = fopen(path, "wb")) )
    {
        fprintf(stderr, "mktrace: %s: %s\n", path, strerror(errno));
        goto out;
    }
    setvbuf(out, NULL, _IOFBF, IO_BUFFER);
    if ( emit_part(t, &head, scratch, out, &all) )
        goto out;
    for ( k = 0; k < copies; k++ )
    {
        body.shift = k * span;
        if ( emit_part(t, &body, scratch, out, &all) )
            goto out;
    }
    tail.shift = (copies - 1) * span;
    if ( emit_part(t, &tail, scratch, out, &all) )
        goto out;
    rc = 0;
    fprintf(stderr,
            "mktrace: stretch of %" PRIu64 " bytes, %" PRIu64
            " records, TSC %" PRIu64 "..%" PRIu64 ", written %" PRIu64
            " times\nmktrace: %s: %" PRIu64 " bytes, %" PRIu64 " records\n",
            one.bytes, one.records, cut->tsc_a, cut->tsc_b, copies, path,
            all.bytes, all.records);
out:
    if ( out && fclose(out) && !rc )
        rc = -1;
    if ( rc && out )
        fprintf(stderr, "mktrace: %s: write failed\n", path);
    free(at_a);
    free(at_b);
    free(start);
    free(end);
    free(scratch);
    return rc;
}

/* --count: stream the file window by window, holding one window at most. */
static int count(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t hdr[WINDOW_HEADER_BYTES], *w = NULL;
    uint32_t cap = 0;
    uint64_t off = 0, records = 0;
    size_t n;
    int rc = -1;

    if ( !f )
    {
        fprintf(stderr, "mktrace: %s: %s\n", path, strerror(errno));
        return -1;
    }
    setvbuf(f, NULL, _IOFBF, IO_BUFFER);
    while ( (n = fread(hdr, 1, sizeof(hdr), f)) > 0 )
    {
        uint32_t size = get32(hdr + 8), pos = 0;

        if ( n != sizeof(hdr) || get32(hdr) != WINDOW_HEADER ||
             grow((void **)&w, &cap, size ? size : 1, 1) ||
             fread(w, 1, size, f) != size )
            goto bad;
        while ( pos < size )
        {
            uint32_t h;

            if ( size - pos < 4 || rec_size(h = get32(w + pos)) > size - pos )
                goto bad;
            records++;
            pos += rec_size(h);
        }
        records++;
        off += sizeof(hdr) + size;
    }
    if ( ferror(f) )
        goto bad;
    printf("%" PRIu64 " %" PRIu64 "\n", records, off);
    rc = 0;
    goto out;
bad:
    fprintf(stderr,
            "mktrace: %s: offset %" PRIu64 ": not a whole trace "
            "window\n",
            path, off);
out:
    free(w);
    fclose(f);
    return rc;
}

static int usage(void)
{
    fprintf(stderr, "usage: mktrace [-s SIZE] IN OUT\n"
                    "       mktrace --count FILE\n");
    return 2;
}

int main(int argc, char **argv)
{
    struct trace t;
    struct cut cut;
    uint64_t size = DEFAULT_SIZE;
    int i = 1, rc = 1;

    if ( argc == 3 && !strcmp(argv[1], "--count") )
        return count(argv[2]) ? 1 : 0;
    if ( argc > 2 && !strcmp(argv[1], "-s") )
    {
        if ( !(size = parse_size(argv[2])) )
            return usage();
        i = 3;
    }
    if ( argc - i != 2 )
        return usage();
    memset(&t, 0, sizeof(t));
    if ( !load_file(&t, argv[i]) && !parse(&t) && !merge(&t) &&
         !find_cut(&t, &cut) && !verify_cut(&t, &cut) &&
         !write_copy(&t, &cut, size, argv[i + 1]) )
        rc = 0;
    free(t.buf);
    free(t.rec);
    free(t.win);
    free(t.order);
    return rc;
}
