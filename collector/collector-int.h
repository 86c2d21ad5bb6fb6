/*
 * Internals of collector/.
 */
#ifndef XABI_COLLECTOR_INT_H
#define XABI_COLLECTOR_INT_H

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>

#include "collector/collector.h"

/*
 * The one form of every bad-input message: "NAME: offset N (0xN): what".
 * Writes it into buf; returns -1, for callers to pass on.
 */
static inline int xabi_offset_msg(char *buf, size_t len, const char *name,
                                  uint64_t offset, const char *fmt, va_list ap)
{
    char what[768];

    vsnprintf(what, sizeof(what), fmt, ap);
    snprintf(buf, len, "%.1024s: offset %llu (0x%llx): %s", name,
             (unsigned long long)offset, (unsigned long long)offset, what);
    return -1;
}

/* What the collector does with an event id, beyond counting it. */
enum xabi_event_role
{
    XABI_ROLE_NONE,      /* counted by id only */
    XABI_ROLE_PADDING,   /* TRC_TRACE_WRAP_BUFFER: skipped */
    XABI_ROLE_LOST,      /* TRC_LOST_RECORDS */
    XABI_ROLE_RUNSTATE,  /* TRC_SCHED_RUNSTATE_CHANGE, old/new in the id */
    XABI_ROLE_CONTINUE,  /* TRC_SCHED_CONTINUE_RUNNING */
    XABI_ROLE_SWITCH,    /* TRC_SCHED_SWITCH: prev dom/vcpu, next dom/vcpu */
    XABI_ROLE_INFPREV,   /* TRC_SCHED_SWITCH_INFPREV: the vCPU leaving */
    XABI_ROLE_INFNEXT,   /* TRC_SCHED_SWITCH_INFNEXT: the vCPU coming */
    XABI_ROLE_FACT,      /* decoded into a fact */
};

/*
 * The fact kinds, as in schema/002-kinds.sql.  The hot path works with
 * these numbers; the names reach only the store.
 */
enum xabi_kind
{
    XABI_K_HYPERCALL, XABI_K_SUBCALL, XABI_K_PAGE_FAULT, XABI_K_EMUL_PRIVOP,
    XABI_K_EMULATE_4GB, XABI_K_FORCED_INVALID_OP, XABI_K_MATH_STATE_RESTORE,
    XABI_K_PAGING_FIXUP, XABI_K_GDT_LDT_MAPPING_FAULT, XABI_K_PTWR_EMULATION,
    XABI_K_HVM_EXIT, XABI_K_HVM_VMMCALL, XABI_K_HVM_CR_WRITE, XABI_K_HVM_LMSW,
    XABI_K_HVM_REALMODE_EMULATE, XABI_K_HYPERCALL_SUBOP,
    /* one row each from here on */
    XABI_K_FIRST_ROW,
    XABI_K_TRAP = XABI_K_FIRST_ROW, XABI_K_HVM_INJ_EXC, XABI_K_HVM_TRAP,
    XABI_K_DOM_CREATE, XABI_K_DOM_DESTROY, XABI_K_LOST_RECORDS,
    XABI_K_UNKNOWN_EVENT, XABI_K_HYPERCALL_BAD_ARGS, XABI_K_DOM_SHUTDOWN,
    XABI_K_DOM_SHUTDOWN_CODE,
    XABI_K_MAX
};

/* Its name in the store (fact_kind.kind). */
extern const char *const xabi_kind_name[XABI_K_MAX];

/*
 * Decode r into f (key and fields); provenance is filled in by the caller.
 * Returns the fact's kind, or -1 when the record is too short for its
 * layout (then it is counted, not decoded).
 */
typedef int (*xabi_decode_fn)(const struct xabi_trace_record *r,
                              struct xabi_fact *f);

struct xabi_event_desc
{
    uint32_t event; /* exact id, or the base of a masked family */
    uint32_t mask;  /* bits of event that must match; 0: all 28 */
    const char *name;
    enum xabi_event_role role;
    xabi_decode_fn decode;
    /* Does Xen of this version write the id (abi/)?  NULL: every one. */
    bool (*written_by)(const char *xen_version);
};

/* The descriptor for an event id, or NULL if xabi does not decode it. */
const struct xabi_event_desc *xabi_event_lookup(uint32_t event);
/*
 * The same for a run of Xen xen_version: an id only some releases write
 * (TRC_HVM_SVM_EXIT from 4.19) is decoded only for those.  NULL: as
 * xabi_event_lookup, every id.
 */
const struct xabi_event_desc *xabi_event_lookup_for(uint32_t event,
                                                    const char *xen_version);

/*
 * Does Xen's trace record of hypercall op carry its sub-op in arg 0?
 * (xen/common/trace.c: __trace_hypercall appends the cmd of exactly these:
 * grant_table_op, vcpu_op and sched_op.)  Inline, as the next one: they
 * are asked of every hypercall record.
 */
static inline bool xabi_hypercall_subop_traced(int64_t op)
{
    return op == 20 || op == 24 || op == 29;
}
/* Key of a hypercall_subop aggregate: the op above, the sub-op below. */
#define XABI_SUBOP_KEY(op, cmd) ((int64_t)(op) << 32 | (uint32_t)(cmd))

/* Does a TRC_PV_HYPERCALL_V2 record use the reserved argument code 3? */
static inline bool xabi_hypercall_v2_reserved(const struct xabi_trace_record *r)
{
    uint32_t codes = r->nextra ? r->extra[0] >> 20 : 0;

    /* A 2-bit field is 3 when both its bits are set. */
    return (codes & (codes >> 1) & 0x555u) != 0;
}

/* Fact kinds that are one row each (the rest are aggregated). */
static inline bool xabi_kind_is_row(int kind)
{
    return kind >= XABI_K_FIRST_ROW;
}

/* ---- bzImage payloads (decompress.c) ------------------------------------ */

/*
 * Decompress a payload whose format its magic bytes name.  *codec gets the
 * format's name even on failure; *out is malloc'd.  -1 with err on bad
 * or unsupported data.
 */
int xabi_decompress(const unsigned char *in, size_t len, unsigned char **out,
                    size_t *outlen, const char **codec, char *err,
                    size_t errlen);

/* ---- hashing the source (hash.c) --------------------------------------- */

struct xabi_hasher;
/*
 * Start hashing.  background: fd is a regular file, hashed by a thread of
 * its own; otherwise feed it with xabi_hasher_update().  -1: no resources.
 */
int xabi_hasher_new(int fd, bool background, struct xabi_hasher **out);
void xabi_hasher_update(struct xabi_hasher *h, const void *buf, size_t len);
/* The hex digest, once bytes_read bytes were hashed; -1 with err if not. */
int xabi_hasher_finish(struct xabi_hasher *h, uint64_t bytes_read,
                       char hex[65], char *err, size_t errlen);
/* Stop and free; accepts NULL. */
void xabi_hasher_free(struct xabi_hasher *h);
/*
 * A kernel image file read whole into *buf (the caller frees it), with its
 * SHA-256; a directory, a non-file or a file above kernel size is refused
 * naming the file and offset 0.
 */
int xabi_image_slurp(const char *path, unsigned char **buf, size_t *len,
                     char sha[65], char *err, size_t errlen);
/* The SHA-256 of len bytes at buf, in hex: a source read whole. */
void xabi_sha256_hex(const void *buf, size_t len, char hex[65]);

/*
 * Widen a TSC span [*first, *last] (empty while !*has) to take in
 * [lo, hi]: a record's TSC (lo == hi), or another span.
 */
static inline void xabi_span_add(bool *has, uint64_t *first, uint64_t *last,
                                 uint64_t lo, uint64_t hi)
{
    /* Three spans grow with every record: test has once, store it once. */
    if ( !*has )
    {
        *first = lo;
        *last = hi;
        *has = true;
        return;
    }
    if ( lo < *first )
        *first = lo;
    if ( hi > *last )
        *last = hi;
}

/* ---- aggregation (agg.c) ------------------------------------------- */

#define XABI_AGG_SAMPLES 3

struct xabi_agg_table;

struct xabi_agg_entry
{
    int kind;
    struct xabi_fact_agg agg;
    unsigned nsamples;
    struct xabi_fact samples[XABI_AGG_SAMPLES];
};

/* Keys below this are found by index, without hashing. */
#define XABI_AGG_DIRECT 256

/*
 * One vCPU's share: its record counts, and its aggregates with small keys
 * by direct index.  A pCPU keeps a pointer to the block of the vCPU it is
 * running, so the hot path never looks a vCPU up.  Blocks live as long as
 * their table.
 */
struct xabi_agg_vcpu
{
    int32_t domid, vcpu;
    uint64_t records;
    bool has_tsc;
    uint64_t first_tsc, last_tsc;
    struct xabi_agg_vcpu *next;
    struct xabi_agg_entry *direct[XABI_K_MAX][XABI_AGG_DIRECT];
    /* Of each kind, the last aggregate with a large key (a hypercall
     * sub-op's key is op << 32 | cmd): the same one often comes again. */
    struct xabi_agg_entry *last[XABI_K_MAX];
};

struct xabi_agg_table *xabi_agg_new(void);
void xabi_agg_free(struct xabi_agg_table *t);
/* The block of domid/vcpu, created on first use; NULL: out of memory. */
struct xabi_agg_vcpu *xabi_agg_vcpu(struct xabi_agg_table *t, int32_t domid,
                                    int32_t vcpu);
/* Visit every vCPU block, as xabi_agg_each. */
int xabi_agg_each_vcpu(struct xabi_agg_table *t,
                       int (*fn)(void *ctx, struct xabi_agg_vcpu *v),
                       void *ctx);
/* xabi_agg_add for an aggregate not yet found, or still taking samples. */
int xabi_agg_add_slow(struct xabi_agg_table *t, struct xabi_agg_vcpu *v,
                      int kind, const struct xabi_fact *f);

/*
 * The aggregate f counts in, when it is found without a search (a small
 * key by index, or the vCPU's last large key of its kind) and has taken
 * its samples; else NULL.  Inline, with the next two: nearly every record
 * comes here.
 */
static inline struct xabi_agg_entry *
xabi_agg_hit(struct xabi_agg_vcpu *v, int kind, const struct xabi_fact *f)
{
    struct xabi_agg_entry *e;

    if ( f->key >= 0 && f->key < XABI_AGG_DIRECT )
        e = v->direct[kind][f->key];
    else if ( (e = v->last[kind]) && e->agg.key != f->key )
        e = NULL;
    return e && e->nsamples >= XABI_AGG_SAMPLES ? e : NULL;
}

/* Count f in e, an aggregate done with its samples.  f's key, TSC and
 * error code are all it reads. */
static inline void xabi_agg_count(struct xabi_agg_entry *e,
                                  const struct xabi_fact *f)
{
    e->agg.count++;
    if ( f->has_error_code )
        e->agg.with_error_code++;
    if ( f->has_tsc )
        xabi_span_add(&e->agg.has_tsc, &e->agg.first_tsc, &e->agg.last_tsc,
                      f->tsc, f->tsc);
}

/*
 * Count f, of kind, seen on v, in its aggregate.  -1: out of memory.
 * f->kind need not be set: its samples are given their kind's name.
 */
static inline int xabi_agg_add(struct xabi_agg_table *t,
                               struct xabi_agg_vcpu *v, int kind,
                               const struct xabi_fact *f)
{
    struct xabi_agg_entry *e = xabi_agg_hit(v, kind, f);

    if ( !e )
        return xabi_agg_add_slow(t, v, kind, f);
    xabi_agg_count(e, f);
    return 0;
}
/* Visit every entry; stops at the first non-zero return and passes it on. */
int xabi_agg_each(struct xabi_agg_table *t,
                  int (*fn)(void *ctx, struct xabi_agg_entry *e), void *ctx);

/* A small integer-keyed counter map (event ids, domains, vCPUs). */
struct xabi_counter_map;
struct xabi_counter
{
    uint64_t key;
    uint64_t count;
    bool has_tsc;
    uint64_t first_tsc, last_tsc;
    uint64_t aux; /* user data, e.g. unknown-event rows kept */
};
struct xabi_counter_map *xabi_counter_map_new(void);
void xabi_counter_map_free(struct xabi_counter_map *m);
/* The counter for key, created at zero; NULL: out of memory. */
struct xabi_counter *xabi_counter_get(struct xabi_counter_map *m,
                                      uint64_t key);
int xabi_counter_each(struct xabi_counter_map *m,
                      int (*fn)(void *ctx, struct xabi_counter *c),
                      void *ctx);

/* Store what a collect read into its run, once the run row exists. */
typedef int (*xabi_fill_fn)(struct xabi_store *st, int64_t run_id, void *ctx);

/*
 * One whole source into st, in one transaction: if a run of ri's kind and
 * SHA-256 is there already, res->already and nothing changes (with
 * replace: that run is deleted, res->replaced); else a new run, fill(),
 * and the run's totals (records, complete).  -1 with the store's message
 * in err and the database unchanged.
 */
int xabi_collect_whole(struct xabi_store *st, const struct xabi_run_info *ri,
                       bool replace, uint64_t records, xabi_fill_fn fill,
                       void *ctx,
                       struct xabi_collect_result *res, char *err,
                       size_t errlen);

/*
 * A compressed trace (collector/unpack.c): xz, zstd or gzip, recognised by
 * its first bytes.  xabi_unpack_open() looks at fd (a file, read with
 * pread, so a pipe is never consumed); if it is compressed, *out is set
 * and *rfd is a socket that gives the decompressed stream, made by a
 * thread, a chunk at a time.  Otherwise *out is NULL and fd is read as it
 * is.  Once the reader has seen the end of *rfd, xabi_unpack_finish()
 * says whether the compressed data was whole (-1 and a message naming
 * name and the compressed and decompressed offsets if not).  Close *rfd
 * before xabi_unpack_free(); fd stays the caller's.
 */
enum xabi_unpack_kind
{
    XABI_UNPACK_NONE, XABI_UNPACK_XZ, XABI_UNPACK_ZSTD, XABI_UNPACK_GZIP,
};
struct xabi_unpack;
enum xabi_unpack_kind xabi_unpack_sniff(const unsigned char *b, size_t len);
const char *xabi_unpack_kind_name(enum xabi_unpack_kind k);
int xabi_unpack_open(int fd, const char *name, struct xabi_unpack **out,
                     int *rfd, char *err, size_t errlen);
enum xabi_unpack_kind xabi_unpack_kind(const struct xabi_unpack *u);
int xabi_unpack_finish(struct xabi_unpack *u, char *err, size_t errlen);
void xabi_unpack_free(struct xabi_unpack *u);

#endif
