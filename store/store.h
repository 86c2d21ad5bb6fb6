/*
 * store: xabi's SQLite database, and the only code that speaks SQL.
 *
 * The store owns the data model (the .sql files of schema/, embedded at build time) and
 * the records that cross it: a run and its provenance, the facts a collector
 * observed, the catalogue of each Xen version's ABI.  Stages hand it plain
 * structs and read plain structs back; none of them includes sqlite3.h.
 *
 * Invariants:
 *   - A database is ours if its application_id is XABI_STORE_APP_ID.  A file
 *     made by another program is refused, never modified.
 *   - A collect is one transaction: xabi_store_begin() .. commit, or rollback
 *     on any failure, so a failed collect leaves the file as it was.
 *   - Every function returns 0 or -1; the message stays on the handle and is
 *     read back with xabi_store_errmsg().
 */
#ifndef XABI_STORE_H
#define XABI_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* 'xabi' in ASCII, in the SQLite header's application_id field. */
#define XABI_STORE_APP_ID 0x78616269

/* domid/vcpu of a record that no scheduler record explains. */
#define XABI_UNKNOWN (-1)

struct xabi_store;

/* Open (creating and seeding if new) the database at path. */
int xabi_store_open(const char *path, struct xabi_store **out);
/* Message of the last failure; never NULL.  Valid until the next call. */
const char *xabi_store_errmsg(const struct xabi_store *st);
/* Free the handle; accepts NULL.  An open transaction is rolled back. */
void xabi_store_close(struct xabi_store *st);
/*
 * Close after a failure: roll back, and if this handle created the file,
 * remove it, so that the file system is as it was before.  Accepts NULL.
 */
void xabi_store_abandon(struct xabi_store *st);

int xabi_store_begin(struct xabi_store *st);
int xabi_store_commit(struct xabi_store *st);
/* Roll back; harmless when no transaction is open. */
void xabi_store_rollback(struct xabi_store *st);

/* ---- runs ---------------------------------------------------------- */

enum xabi_run_status
{
    XABI_RUN_COMPLETE,
    XABI_RUN_TRUNCATED, /* the last record was cut short, as when xentrace
                           is killed; everything before it is whole */
    XABI_RUN_SALVAGED,  /* --salvage kept what came before damage */
};

/* Provenance of a run: what was collected, from where, on which Xen. */
struct xabi_run_info
{
    const char *source_kind; /* "trace", "live", "snapshot", "image" */
    const char *source_path;
    uint64_t source_size;
    char source_sha256[65];
    const char *xen_version;
    const char *label; /* may be NULL */
    bool keep_all;
};

/* Counts known once a collect ends. */
struct xabi_run_totals
{
    enum xabi_run_status status;
    const char *status_detail; /* may be NULL */
    uint64_t records;
    uint64_t lost_records;
    uint64_t unknown_records;
    uint64_t reordered;
    uint64_t first_tsc, last_tsc;
    bool have_tsc;
};

/*
 * Find the run already collected from a source with this SHA-256.
 * *run_id is 0 when there is none.
 */
int xabi_store_find_run(struct xabi_store *st, const char *source_kind,
                        const char *sha256, int64_t *run_id);
/* Insert a run row; *run_id receives its id.  Inside a transaction. */
int xabi_store_run_new(struct xabi_store *st, const struct xabi_run_info *ri,
                       int64_t *run_id);
int xabi_store_run_finish(struct xabi_store *st, int64_t run_id,
                          const struct xabi_run_totals *t);
/* Set once a single-pass read has hashed and sized the source. */
int xabi_store_run_set_sha256(struct xabi_store *st, int64_t run_id,
                              const char *sha256);
int xabi_store_run_set_size(struct xabi_store *st, int64_t run_id,
                            uint64_t size);
/* Is this a version the catalogue knows?  *known receives the answer. */
int xabi_store_version_known(struct xabi_store *st, const char *version,
                             bool *known);
/* The newest run, for commands whose --run defaults to it; 0 if none. */
int xabi_store_latest_run(struct xabi_store *st, int64_t *run_id);

/* ---- facts --------------------------------------------------------- */

/*
 * One decoded fact.  kind is a name from the fact_kind table; key is the
 * hypercall number, vector, exit reason, ... as fact_kind.key_meaning says.
 */
struct xabi_fact
{
    const char *kind;
    int64_t key;
    int32_t domid, vcpu; /* XABI_UNKNOWN when not attributed */
    uint16_t pcpu;
    bool has_tsc;
    uint64_t tsc;
    uint64_t offset; /* of the record in the source */
    uint32_t event;
    bool is_64bit;
    bool has_rip, has_addr, has_error_code;
    uint64_t rip, addr;
    uint32_t error_code;
    uint8_t argmask; /* bit i set: args[i] present */
    uint64_t args[6];
};

/* One aggregate: all facts of one kind and key on one vCPU. */
struct xabi_fact_agg
{
    const char *kind;
    int64_t key;
    int32_t domid, vcpu;
    uint64_t count;
    uint64_t with_error_code;
    bool has_tsc;
    uint64_t first_tsc, last_tsc;
};

/* sample: 0 for a row fact, n > 0 for the n-th sample of an aggregate. */
int xabi_store_put_fact(struct xabi_store *st, int64_t run_id,
                        const struct xabi_fact *f, int sample);
int xabi_store_put_agg(struct xabi_store *st, int64_t run_id,
                       const struct xabi_fact_agg *a);

struct xabi_pcpu_totals
{
    uint16_t pcpu;
    uint64_t windows, records, lost_records, lost_events, unknown_records;
    bool has_tsc;
    uint64_t first_tsc, last_tsc;
};
int xabi_store_put_pcpu(struct xabi_store *st, int64_t run_id,
                        const struct xabi_pcpu_totals *p);

/* A domain (vcpu < 0 is not allowed here) or vCPU seen in a run. */
struct xabi_vcpu_totals
{
    int32_t domid, vcpu;
    uint64_t records;
    bool has_tsc;
    uint64_t first_tsc, last_tsc;
};
int xabi_store_put_domain(struct xabi_store *st, int64_t run_id,
                          const struct xabi_vcpu_totals *d);
int xabi_store_put_vcpu(struct xabi_store *st, int64_t run_id,
                        const struct xabi_vcpu_totals *v);

int xabi_store_put_event_count(struct xabi_store *st, int64_t run_id,
                               uint32_t event, uint64_t count, bool decoded);

struct xabi_lost
{
    uint16_t pcpu;
    uint64_t offset;
    uint32_t count;
    int32_t domid, vcpu;
    uint64_t first_tsc, tsc;
};
int xabi_store_put_lost(struct xabi_store *st, int64_t run_id,
                        const struct xabi_lost *l);

/* --keep-all: one raw record. */
int xabi_store_put_record(struct xabi_store *st, int64_t run_id,
                          uint64_t offset, uint16_t pcpu, bool has_tsc,
                          uint64_t tsc, uint32_t event, int32_t domid,
                          int32_t vcpu, const uint32_t *extra,
                          unsigned nextra);

/* ---- reading, for xabi stats and the later stages -------------------- */

/*
 * A generic row reader: run one of the store's named queries and call back
 * per row with its columns as text (NULL for SQL NULL).  Names are listed in
 * store/queries.c; unknown names fail.  The callback returns non-zero to
 * stop early.
 */
typedef int (*xabi_store_row_fn)(void *ctx, int ncol, const char *const *names,
                                 const char *const *values);
int xabi_store_query(struct xabi_store *st, const char *query_name,
                     int64_t run_id, xabi_store_row_fn fn, void *ctx);
int xabi_store_run_exists(struct xabi_store *st, int64_t run_id,
                          bool *exists);
/* Does the database have this table or view?  (Optional parts of the
 * model: findings, snapshots.) */
int xabi_store_table_exists(struct xabi_store *st, const char *table,
                            bool *exists);

#endif /* XABI_STORE_H */
