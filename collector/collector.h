/*
 * collector: turns what guests did into facts in the store.
 *
 * Two layers, both public:
 *
 *   struct xabi_trace   reads a xentrace binary trace (a file, a pipe, or
 *                       bytes in memory) and returns its records one at a
 *                       time, merged across physical CPUs into TSC order.
 *                       It knows the file format and nothing else.
 *
 *   xabi_collect_trace  drives a reader, follows the scheduler records to
 *                       attribute every record to a domain and vCPU,
 *                       decodes the events xabi understands, and writes
 *                       runs, aggregates and facts through the store, in one
 *                       transaction.
 *
 * The format (xen/include/public/trace.h, tools/xentrace/xentrace.c): no
 * file header; a run of per-pCPU windows, each opened by a
 * TRC_TRACE_CPU_CHANGE record whose two extra words are the pCPU and the
 * size in bytes of the records that follow.  A record is a u32 header
 * (event id in bits 0-27, extra-word count in 28-30, bit 31 "a u64 TSC
 * follows"), the optional TSC (low word first), then the extra words.
 */
#ifndef XABI_COLLECTOR_H
#define XABI_COLLECTOR_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* xen/include/public/trace.h: TRC_LOST_RECORDS and friends. */
#define XABI_TRC_LOST_RECORDS      0x0001f001u
#define XABI_TRC_TRACE_WRAP_BUFFER 0x0001f002u
#define XABI_TRC_TRACE_CPU_CHANGE  0x0001f003u

/* ---- the trace reader ------------------------------------------------ */

struct xabi_trace;

/* One record, borrowed: valid until the next call on its reader. */
struct xabi_trace_record
{
    uint64_t offset; /* of the record header in the source */
    uint64_t tsc;    /* its own, or inherited from the previous record */
    uint32_t event;  /* TRC_HD_TO_EVENT(header) */
    uint16_t pcpu;
    uint8_t nextra;   /* extra words, 0-7 */
    bool own_tsc;     /* the record carried a TSC */
    bool tsc_valid;   /* tsc is meaningful (own or inherited) */
    uint32_t extra[7]; /* the first nextra; the rest mean nothing */
};

struct xabi_trace_opts
{
    /* Called with every byte read from the source, in order (hashing). */
    void (*tap)(void *ctx, const void *buf, size_t len);
    void *tap_ctx;
    /*
     * Keep what came before damage instead of failing (--salvage): each
     * window is then checked whole as it is read, before any record of a
     * later window is handed out, so what is kept is exactly the records
     * that lie before the damage in the source.
     */
    bool salvage;
    /* Bytes of windows held for merging before order is forced; 0: 64 MiB. */
    size_t merge_limit;
    /*
     * The fd is a regular file: read it ahead in a thread of the reader,
     * which then calls tap (in order, never two at once), from the open
     * on.  Whatever tap touches is that thread's until xabi_trace_read
     * returns 0 (the end) or xabi_trace_drain returns 0, or the reader is
     * closed.
     */
    bool read_ahead;
};

/* Read from fd (not closed by the reader); name is for messages. */
int xabi_trace_open_fd(int fd, const char *name,
                       const struct xabi_trace_opts *opts,
                       struct xabi_trace **out);
/* Read from memory; buf must outlive the reader. */
int xabi_trace_open_mem(const void *buf, size_t len, const char *name,
                        const struct xabi_trace_opts *opts,
                        struct xabi_trace **out);
/*
 * The next record in TSC order: 1 and *rec set, 0 at the end, -1 on bad
 * input or I/O error (see xabi_trace_errmsg; it names the byte offset).
 */
int xabi_trace_next(struct xabi_trace *t,
                    const struct xabi_trace_record **rec);
/*
 * Pass the rest of the source, unparsed, through the tap: after damage
 * under --salvage a source's size and hash are still the whole source's.
 * -1 on an I/O error (see xabi_trace_errmsg).
 */
int xabi_trace_drain(struct xabi_trace *t);
/*
 * The next records in TSC order, up to max of them, copied into recs: how
 * many (0 at the end), or -1 as xabi_trace_next.  The same records as that
 * many calls of xabi_trace_next, for less per record: a run of one pCPU's
 * records is parsed in one loop.
 */
int xabi_trace_read(struct xabi_trace *t, struct xabi_trace_record *recs,
                    size_t max);
const char *xabi_trace_errmsg(const struct xabi_trace *t);
void xabi_trace_close(struct xabi_trace *t);

/* What a reader saw, complete once xabi_trace_next returned 0. */
struct xabi_trace_pcpu_stats
{
    bool seen;
    uint64_t windows, records;
};

struct xabi_trace_stats
{
    uint64_t bytes;     /* consumed from the source */
    uint64_t records;   /* every record, padding included, headers not */
    uint64_t windows;
    uint64_t reordered; /* records that came out of TSC order */
    uint64_t forced;    /* emitted before every pCPU was read up to them */
    /* Windows read in place in a read-ahead buffer, then copied out of it
     * to free the buffer for the reading (trace-reader.c: evacuate). */
    uint64_t in_place, evacuated;
    bool truncated;     /* the source ended inside a window or record */
    uint64_t truncated_at; /* the record cut short, or the end */
    char truncation[320]; /* how it ended, for the run's status */
    bool damaged;       /* --salvage stopped at damage */
    uint64_t damaged_at; /* every record handed out lies before this */
    char damage[320];   /* what the damage was */
    unsigned npcpus;    /* highest pCPU seen + 1 */
};
void xabi_trace_get_stats(const struct xabi_trace *t,
                          struct xabi_trace_stats *s);
/* Per-pCPU counts; NULL when cpu was never seen. */
const struct xabi_trace_pcpu_stats *
xabi_trace_pcpu(const struct xabi_trace *t, unsigned cpu);

/* ---- collecting into the store --------------------------------------- */

struct xabi_collect_opts
{
    const char *path;        /* "-" reads standard input */
    const char *xen_version; /* the format carries none: the user says */
    const char *label;       /* may be NULL */
    bool keep_all;           /* also every record, as an event row */
    bool salvage;
    bool progress;           /* a progress line on stderr */
    size_t merge_limit;      /* see xabi_trace_opts */
    bool replace;            /* the same bytes collected before: delete
                                that run, in the same transaction */
    const char *source_name; /* stored as the run's source instead of
                                path (NULL: path), e.g. what "-" was */

    /* For collectors built on this one (the live collector): */
    bool use_fd;             /* read fd, the caller's, left open; path
                                only names it in messages */
    int fd;
    const char *source_kind; /* the run's kind; NULL: "trace" */
    /* Given every chunk read, with the total so far. */
    void (*on_bytes)(void *ctx, const void *buf, size_t len, uint64_t total);
    /* Called in the transaction after the trace is stored, before the
     * commit, to add facts of its own to the run; -1 with err aborts. */
    int (*before_commit)(void *ctx, struct xabi_store *st, int64_t run_id,
                         char *err, size_t errlen);
    void *hook_ctx;

    /*
     * For xabi_collect_trace with no store yet (st NULL), which the caller
     * is opening meanwhile: store_opened says, without waiting, whether
     * the opening is over (opened or failed); wait_store waits for it to
     * be over and returns the store, or NULL with a message in err.
     */
    bool (*store_opened)(void *ctx);
    struct xabi_store *(*wait_store)(void *ctx, char *err, size_t errlen);
    void *store_ctx;
};

struct xabi_collect_result
{
    int64_t run_id;
    bool already;   /* collected before: run_id is that run, nothing written */
    int64_t replaced; /* with replace: the run deleted, 0 if none */
    enum xabi_run_status status;
    uint64_t bytes, records, lost_records, unknown_records, reordered;
    unsigned domains, vcpus;
    char xen_version[32]; /* --live, --save: the version the run stores */
    char warning[1024]; /* non-empty: say it (truncated, salvaged, ...) */
};

/*
 * Collect one trace into st, in one transaction.  On failure returns -1
 * with a message naming the file and byte offset in err, and the database
 * unchanged.  st may be NULL while the caller opens it (see
 * opts->wait_store): the trace is then read meanwhile, its few rows held
 * in memory, and the run made once the store is there.  Not with
 * keep_all, whose every record is a row: that waits for the store first.
 */
int xabi_collect_trace(struct xabi_store *st,
                       const struct xabi_collect_opts *opts,
                       struct xabi_collect_result *res, char *err,
                       size_t errlen);

/* ---- guest kernel images ----------------------------------------------- */

struct xabi_image;

/*
 * Read a kernel image held in memory: a vmlinux, or a bzImage whose payload
 * is unpacked (gzip, xz, zstd, lz4).  -1 on bad input, with a message
 * naming the offset in xabi_image_errmsg().
 */
int xabi_image_open_mem(const void *buf, size_t len, const char *name,
                        struct xabi_image **out);
const char *xabi_image_errmsg(const struct xabi_image *im);
const struct xabi_image_info *xabi_image_get_info(const struct xabi_image *im);
/* The Xen notes, in file order; borrowed until close. */
size_t xabi_image_notes(const struct xabi_image *im,
                        const struct xabi_image_note **notes);
size_t xabi_image_segments(const struct xabi_image *im,
                           const struct xabi_image_segment **segs);
void xabi_image_close(struct xabi_image *im);

struct xabi_image_opts
{
    const char *path;
    const char *xen_version; /* NULL: the newest in the catalogue */
    const char *label;
    bool replace; /* collected before: delete that run, same transaction */
};

/* Collect an image's notes into st as a run of kind 'image'; one
 * transaction, as xabi_collect_trace. */
int xabi_collect_image(struct xabi_store *st,
                       const struct xabi_image_opts *opts,
                       struct xabi_collect_result *res, size_t *nnotes,
                       char *err, size_t errlen);

#endif /* XABI_COLLECTOR_H */
