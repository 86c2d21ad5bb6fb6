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
 *   - A database of an older schema is upgraded on open, one newer or
 *     damaged is refused untouched (store/schema.c, schema/README.md).
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

/* What a command may do with the database it opens. */
enum xabi_store_access
{
    XABI_STORE_WRITE,  /* collect, abi import: created and seeded if missing */
    XABI_STORE_UPDATE, /* check: must exist; writes (its findings) */
    XABI_STORE_READ,   /* stats, render, abi, decode: must exist; read only */
};

struct xabi_store_opts
{
    enum xabi_store_access access;
    /* How long to wait for another xabi that holds the database, in
     * milliseconds; negative waits as long as it takes. */
    int busy_timeout_ms;
    /* Told, one line without newline, what the user should know: an
     * upgrade, a wait for a lock.  May be NULL. */
    void (*notice)(void *ctx, const char *msg);
    void *notice_ctx;
};

/*
 * Open the database at path as o says.  Every access verifies the schema
 * (its tables, views and indexes, against the ones this xabi creates) and
 * refuses a damaged or newer database, untouched.  An older database is
 * upgraded, in one transaction, by the steps of schema/migrate/, and views
 * older than this xabi's are recreated: the only writes a READ open makes.
 * READ never writes anything else (PRAGMA query_only); WRITE and UPDATE
 * put the database in WAL mode, so readers see the committed runs while a
 * collect runs.  A nonexistent file is an error but for WRITE; so is an
 * empty file for READ and UPDATE.  *out is set even on failure (NULL only
 * if out of memory), for xabi_store_errmsg().
 */
int xabi_store_open_with(const char *path, const struct xabi_store_opts *o,
                         struct xabi_store **out);
/* xabi_store_open_with() for WRITE, waiting 5 s, with no notices. */
int xabi_store_open(const char *path, struct xabi_store **out);
/* The schema version this xabi creates and reads (3 + schema/migrate/). */
int xabi_store_schema_version(void);
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
    const char *source_kind; /* "trace", "live", "snapshot", "image",
                                "hcpage" */
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
/* File seq of a run collected from several, with its own SHA-256. */
int xabi_store_put_run_file(struct xabi_store *st, int64_t run_id,
                            unsigned seq, const char *path, uint64_t size,
                            const char *sha256);
/*
 * Delete a run and every row that hangs off it, in every table with a
 * run_id column.  Inside a transaction (the caller's: `xabi rm`, or a
 * collect --replace that stores the new run in the same one).
 */
int xabi_store_run_delete(struct xabi_store *st, int64_t run_id);
/*
 * Copy every run of the xabi database at path (this xabi's schema
 * version), with all that hangs off it, into st, renumbered after st's
 * own; a run whose source (kind and SHA-256) st already holds is skipped.
 * One transaction.  store/merge.c.
 */
struct xabi_store_merged
{
    int64_t copied, skipped;
    int64_t first_run, last_run; /* st's ids of the runs copied, or 0 */
};
int xabi_store_merge(struct xabi_store *st, const char *path,
                     struct xabi_store_merged *out);
/* Set a run's label; "" removes it. */
int xabi_store_run_set_label(struct xabi_store *st, int64_t run_id,
                             const char *label);
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

/* ---- --keep-all: every record, a row in event ----------------------- */

/* One record as the event table keeps it. */
struct xabi_event_row
{
    uint64_t offset, tsc;
    bool has_tsc;
    uint16_t pcpu;
    uint32_t event;
    int32_t domid, vcpu;
    int kind;               /* xabi_store_event_kind's code; 0: no fact */
    unsigned nextra;
    const uint32_t *extra;  /* nextra words, host order (copied) */
};

/* Rows are inserted in batches: flush before the transaction ends (an
 * error then is the insert's). */
int xabi_store_put_event(struct xabi_store *st, int64_t run_id,
                         const struct xabi_event_row *e);
int xabi_store_events_flush(struct xabi_store *st);

/* The integer code of a fact kind in event rows (event_kind), made if new. */
int xabi_store_event_kind(struct xabi_store *st, const char *kind, int *code);

/* ---- guest kernel images --------------------------------------------- */

/* What the image was, once unpacked. */
struct xabi_image_info
{
    const char *container;   /* "elf" or "bzImage" */
    const char *compression; /* a bzImage payload's, else NULL */
    unsigned elf_class;      /* 32 or 64 */
    unsigned elf_machine;    /* e_machine */
    uint64_t elf_entry;
    uint64_t elf_size;
};

/* One Xen ELF note (xen/include/public/elfnote.h). */
struct xabi_image_note
{
    uint32_t type;
    const char *name;   /* XEN_ELFNOTE_*, NULL for a type xabi lacks */
    uint64_t offset;    /* of the note in the ELF */
    uint32_t size;      /* of the descriptor */
    bool has_value;
    uint64_t value;     /* numeric notes */
    const char *text;   /* string notes, NUL-terminated copy; else NULL */
    const unsigned char *raw; /* the descriptor, size bytes */
};

/* A PT_LOAD program header. */
struct xabi_image_segment
{
    uint64_t vaddr, paddr, filesz, memsz;
    uint32_t flags;
};

int xabi_store_put_image(struct xabi_store *st, int64_t run_id,
                         const struct xabi_image_info *info);
/*
 * The kernel image runs of the database whose Xen note name (say
 * "XEN_ELFNOTE_PHYS32_ENTRY") holds value: in *run_id (0: none) the one
 * labelled as run `beside` is if any (xabi lab labels a guest's live run
 * and its kernel's image run alike), else the first, with its source
 * path; in *nimages how many image runs hold the note at all, whatever
 * its value.
 */
int xabi_store_image_with_note(struct xabi_store *st, const char *name,
                               uint64_t value, int64_t beside,
                               int64_t *run_id, char *path, size_t pathlen,
                               unsigned *nimages);
int xabi_store_put_elfnote(struct xabi_store *st, int64_t run_id, int seq,
                           const struct xabi_image_note *n);
int xabi_store_put_image_segment(struct xabi_store *st, int64_t run_id,
                                 int idx, const struct xabi_image_segment *s);
/* The newest catalogue version ("4.22"); out must hold 16 bytes. */
int xabi_store_newest_version(struct xabi_store *st, char *out, size_t len);

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

/*
 * A named query's rows, held as text.  A read is strict: a column the query
 * does not have, or a number getter on a cell that is not a whole base-10
 * integer, is a bug of the reader (a misspelt name would print "" or 0).
 * The first such read is recorded on the store handle the rows came from,
 * for xabi_store_read_error(); the getter then returns "" or 0.
 */
#define XABI_ROWS_MAXCOL 32

struct xabi_rows
{
    struct xabi_store *st; /* where a bad read is recorded */
    char query[64];
    bool cols_known; /* names[] are the query's (false: its table is
                      * missing, so it never ran) */
    int ncol;
    char *names[XABI_ROWS_MAXCOL];
    char ***rows; /* rows[r][c]; NULL for SQL NULL */
    size_t nrows, cap;
    bool oom;
};

/*
 * Load a named store query.  A query over tables this database lacks (the
 * analyzer's findings, the snapshots) gives no rows rather than an error
 * when need_table is given and missing: pages then say "not observed".
 */
int xabi_rows_load(struct xabi_rows *t, struct xabi_store *st,
                   const char *query, int64_t run_id, const char *need_table);
/* A cell; "" for NULL or a row past the end.  A column the query lacks
 * is a read error (above). */
const char *xabi_rows_get(const struct xabi_rows *t, size_t r,
                          const char *col);
/* A cell as an integer; 0 for NULL or a row past the end.  A cell that is
 * not a whole base-10 integer is a read error. */
long long xabi_rows_num(const struct xabi_rows *t, size_t r, const char *col);
bool xabi_rows_null(const struct xabi_rows *t, size_t r, const char *col);
/*
 * The first bad read of rows loaded from st ("page_traps has no column
 * 'vectr'"), or NULL if there was none.  A reader checks it before it
 * trusts what it built from the cells.
 */
const char *xabi_store_read_error(const struct xabi_store *st);
void xabi_rows_free(struct xabi_rows *t);

/* Does the database have this table or view?  (Optional parts of the
 * model: findings, snapshots.) */
int xabi_store_table_exists(struct xabi_store *st, const char *table,
                            bool *exists);

/* ---- the ABI catalogue --------------------------------------------- */

/* abi/abi.h: the facts of one Xen version's public headers. */
struct xabi_abi;

/*
 * Store an imported version under the name version, in one transaction.
 * An existing version is an error unless replace is set, in which case it
 * is replaced whole.  source says where the headers came from.
 */
int xabi_store_abi_put(struct xabi_store *st, const char *version,
                       const char *source, const struct xabi_abi *abi,
                       bool replace);
/*
 * Load a version into abi (from xabi_abi_new()).  A point release or build
 * not in the catalogue (4.17.3, 4.17.3-pre) loads its release (4.17);
 * abi->version says which was loaded.  An unknown version fails with a
 * message that lists the known ones.
 */
int xabi_store_abi_load(struct xabi_store *st, const char *version,
                        struct xabi_abi *abi);
/* The known versions, in version order, comma-separated, into buf. */
int xabi_store_abi_versions(struct xabi_store *st, char *buf, size_t len);

/* What names one side of `xabi abi diff --run A --run B`. */
struct xabi_run_desc
{
    int64_t id;
    char xen_version[64];
    char source_kind[16];
    char source_path[512];
    char label[128]; /* empty if none */
};
/* Describe a stored run; an unknown id fails with a message. */
int xabi_store_run_describe(struct xabi_store *st, int64_t run_id,
                            struct xabi_run_desc *out);
/*
 * Add a run's usage to set (abi/abi.h): every aggregate kind and key, and
 * the row kinds (traps) counted from their facts, per domain, summed over
 * vCPUs; and each domain's start-of-day state, trap table, callbacks and
 * hypercall page stubs where the run snapshotted them.
 */
struct xabi_usage_set;
int xabi_store_run_usage(struct xabi_store *st, int64_t run_id,
                         struct xabi_usage_set *set);

/* What a run recorded of a domain's identity. */
struct xabi_run_domain
{
    int64_t domid;
    char name[64];      /* from xenstore (live runs); "" if not recorded */
    char guest_type[8]; /* PV64, PV32, HVM, PVH; "" if not recorded */
};
/*
 * The domains a run recorded anything about beyond trace records (live
 * domains, vCPU snapshots, hypercall pages), by domid, at most max of
 * them; *n their number.  0, or -1 with the message on st.
 */
int xabi_store_run_domains(struct xabi_store *st, int64_t run_id,
                           struct xabi_run_domain *out, size_t max,
                           size_t *n);

/* ---- analyzer ------------------------------------------------------ */
/*
 * What the analyzer reads (a run, the catalogue, facts, lost spans, vCPU
 * snapshots) and writes (findings).  Plain structs both ways; strings in
 * records read back are borrowed and valid only during the callback.
 */

/* A run as the analyzer needs it. */
struct xabi_run_row
{
    int64_t id;
    char xen_version[32];
    char source_kind[16];
    char status[16];
    char status_detail[256];
    char source_path[512];
    uint64_t records, lost_records, unknown_records;
};

/* *found is false (and 0 returned) when the run does not exist. */
int xabi_store_get_run(struct xabi_store *st, int64_t run_id,
                       struct xabi_run_row *out, bool *found);

/*
 * Rows of abi_hypercall and abi_subop for version (0 when not imported),
 * and the header lines its import skipped (abi_version.skipped).
 */
int xabi_store_catalogue_size(struct xabi_store *st, const char *version,
                              int64_t *hypercalls, int64_t *subops,
                              int64_t *skipped);

struct xabi_cat_hypercall
{
    char name[64];
    bool deprecated, dropped, x86_only;
};
/* The catalogue's entry for op nr in version; *found false if none. */
int xabi_store_abi_hypercall(struct xabi_store *st, const char *version,
                             int64_t nr, struct xabi_cat_hypercall *out,
                             bool *found);
/*
 * Is sub-op nr of hypercall (a name, e.g. "sched_op") defined in version?
 * *catalogued is false when the catalogue lists no sub-op of it at all.
 */
int xabi_store_abi_subop(struct xabi_store *st, const char *version,
                         const char *hypercall, int64_t nr, bool *catalogued,
                         bool *known);
/* x86_vector: is the vector architectural, and does it push an error code? */
int xabi_store_x86_vector(struct xabi_store *st, int vector, bool *known,
                          bool *has_error_code);

typedef int (*xabi_store_agg_fn)(void *ctx, const struct xabi_fact_agg *a);
/* Every aggregate of one kind in a run; fn returns non-zero to stop. */
int xabi_store_each_agg(struct xabi_store *st, int64_t run_id,
                        const char *kind, xabi_store_agg_fn fn, void *ctx);

typedef int (*xabi_store_fact_fn)(void *ctx, const struct xabi_fact *f,
                                  int sample);
/* Every fact row of one kind (row facts and samples), in TSC order. */
int xabi_store_each_fact(struct xabi_store *st, int64_t run_id,
                         const char *kind, xabi_store_fact_fn fn, void *ctx);
/*
 * The last n exceptions (trap, hvm_inj_exc and hvm_trap rows) attributed
 * to domid at or before tsc, the newest first: what led to a crash.
 */
int xabi_store_last_exceptions(struct xabi_store *st, int64_t run_id,
                               int32_t domid, uint64_t tsc, unsigned n,
                               xabi_store_fact_fn fn, void *ctx);
/* Does the run count any record of trace class cls (2: TRC_SCHED)? */
int xabi_store_event_class_seen(struct xabi_store *st, int64_t run_id,
                                unsigned cls, bool *seen);
/* The first fact row of an aggregate, for evidence; *found if any. */
int xabi_store_first_fact(struct xabi_store *st, int64_t run_id,
                          int32_t domid, int32_t vcpu, const char *kind,
                          int64_t key, struct xabi_fact *out, bool *found);

typedef int (*xabi_store_lost_fn)(void *ctx, const struct xabi_lost *l);
int xabi_store_each_lost(struct xabi_store *st, int64_t run_id,
                         xabi_store_lost_fn fn, void *ctx);

/* ---- vCPU snapshots (schema/006-snapshot.sql) ------------------------ */

enum xabi_guest_type
{
    XABI_GUEST_PV64,
    XABI_GUEST_PV32,
    XABI_GUEST_HVM,
    XABI_GUEST_PVH,
};

enum xabi_snap_phase
{
    XABI_SNAP_INITIAL, /* created paused, before its first instruction */
    XABI_SNAP_RUNNING,
    XABI_SNAP_FINAL,
};

enum xabi_sreg
{
    XABI_SREG_CS, XABI_SREG_SS, XABI_SREG_DS, XABI_SREG_ES,
    XABI_SREG_FS, XABI_SREG_GS, XABI_SREG_TR, XABI_SREG_LDTR,
    XABI_SREG_MAX
};

struct xabi_segment
{
    bool known;      /* the selector was read */
    bool has_hidden; /* base, limit and attr were read too */
    uint16_t selector;
    uint64_t base;
    uint32_t limit;
    uint16_t attr; /* HVM save-record form: type 0-3 S 4 DPL 5-6 P 7 ... */
};

/* Scalar registers; reg_mask bit (1 << XABI_REG_x) says it was read. */
enum xabi_reg
{
    XABI_REG_RIP, XABI_REG_RSP, XABI_REG_RBX, XABI_REG_RFLAGS,
    XABI_REG_CR0, XABI_REG_CR2, XABI_REG_CR3, XABI_REG_CR4, XABI_REG_EFER,
    XABI_REG_KERNEL_SS, XABI_REG_KERNEL_SP, XABI_REG_VM_ASSIST,
    XABI_REG_VCPU_FLAGS,
    /* PV: the descriptor tables the guest registered */
    XABI_REG_GDT_ENTS, XABI_REG_LDT_BASE, XABI_REG_LDT_ENTS,
    /* PV: where start_info_t is at the start of day (xen.h); HVM too */
    XABI_REG_RSI,
    XABI_REG_MAX
};

/* xen/include/public/arch-x86/xen.h: struct trap_info */
struct xabi_trap_entry
{
    uint8_t vector;
    uint8_t flags; /* DPL in bits 0-1; bit 2: clear the event mask */
    uint16_t cs;
    uint64_t address;
};

/* xen/include/public/callback.h: CALLBACKTYPE_* */
enum xabi_callback
{
    XABI_CB_EVENT, XABI_CB_FAILSAFE, XABI_CB_SYSCALL, XABI_CB_SYSCALL32,
    XABI_CB_SYSENTER, XABI_CB_NMI,
    XABI_CB_MAX
};

struct xabi_callback_entry
{
    bool known;     /* false: the source does not say */
    bool has_cs;
    uint16_t cs;
    uint64_t address; /* 0: known not registered */
};

/* xen/include/public/arch-x86/hvm/start_info.h: struct hvm_start_info */
struct xabi_start_info
{
    uint64_t gpa; /* where it was read: what EBX held */
    uint32_t magic, version, flags, nr_modules;
    uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr;
    bool has_memmap;
    uint64_t memmap_paddr;
    uint32_t memmap_entries;
};

/*
 * The start_info_t page at a PV vCPU's initial rSI (xen/include/public/
 * xen.h: struct start_info): where it was read, and its first fields.
 */
struct xabi_pv_start_info
{
    uint64_t va;
    char magic[33]; /* "xen-<version>-<platform>", up to its NUL */
    uint64_t nr_pages;
    uint32_t flags;
};

/*
 * xen/include/public/arch-x86/hvm/save.h: struct hvm_hw_mtrr, one vCPU's
 * MTRRs and PAT (decoded by abi/mtrr.c).  Stored as snapshot_reg rows
 * "pat", "mtrr_cap", "mtrr_def_type", "mtrr_var0".."mtrr_var15" (base,
 * mask, base, ...) and "mtrr_fixed0".."mtrr_fixed10": all or none.
 */
struct xabi_mtrr
{
    uint64_t pat, cap, def_type;
    uint64_t var[16];  /* MTRR_VCNT (8) PHYSBASE/PHYSMASK pairs */
    uint64_t fixed[11]; /* NUM_FIXED_MSR */
};

struct xabi_snapshot
{
    int64_t id; /* set by the writer and the reader */
    int32_t domid, vcpu;
    enum xabi_snap_phase phase;
    int user_mode_seen; /* 1 yes, 0 no, -1 not known */
    bool has_tsc;
    uint64_t tsc;
    char taken_at[32]; /* UTC ISO 8601; "" when not known */
    enum xabi_guest_type type;
    char source[128];
    uint32_t reg_mask;
    uint64_t reg[XABI_REG_MAX];
    struct xabi_segment seg[XABI_SREG_MAX];
    /* The name a text dump printed each register under, when that is not
     * its own (xen-hvmctx's ds/es lines: abi/xen-tools.c); "" otherwise. */
    char seg_label[XABI_SREG_MAX][5];
    bool traps_read;
    unsigned ntraps; /* entries with a handler, in vector order */
    struct xabi_trap_entry traps[256];
    struct xabi_callback_entry cb[XABI_CB_MAX];
    bool gdt_read;
    unsigned ngdt;
    const uint64_t *gdt; /* ngdt raw descriptors; borrowed */
    bool has_start_info;
    struct xabi_start_info start_info;
    bool has_mtrr; /* HVM, PVH: the MTRR save record was read */
    struct xabi_mtrr mtrr;
    bool has_pv_start_info; /* PV, live: the page at rSI was read */
    struct xabi_pv_start_info pv_start_info;
};

/* Names as stored: "PV64", "initial", "cs", "rip", "syscall", ... */
const char *xabi_guest_type_name(enum xabi_guest_type t);
const char *xabi_snap_phase_name(enum xabi_snap_phase p);
const char *xabi_sreg_name(enum xabi_sreg s);
const char *xabi_reg_name(enum xabi_reg r);
const char *xabi_callback_name(enum xabi_callback c);
/* Was register r read into the snapshot (its reg_mask bit)? */
static inline bool xabi_snapshot_has_reg(const struct xabi_snapshot *s,
                                         enum xabi_reg r)
{
    return (s->reg_mask >> r) & 1;
}

/* Store a snapshot of a run (inside a transaction); *id receives its id. */
int xabi_store_put_snapshot(struct xabi_store *st, int64_t run_id,
                            const struct xabi_snapshot *s, int64_t *id);
typedef int (*xabi_store_snapshot_fn)(void *ctx, const struct xabi_snapshot *s);
/* Every snapshot of a run, by domain, vCPU and id. */
int xabi_store_each_snapshot(struct xabi_store *st, int64_t run_id,
                             xabi_store_snapshot_fn fn, void *ctx);
/* Every snapshot of domain domid's vCPU vcpu in the runs other than
 * run_id, by run and id: the same vCPU as another source saw it. */
int xabi_store_each_snapshot_elsewhere(struct xabi_store *st, int64_t run_id,
                                       int32_t domid, int32_t vcpu,
                                       xabi_store_snapshot_fn fn, void *ctx);

/* ---- live collection (schema/011-live.sql) --------------------------- */

struct xabi_live_host_info
{
    const char *xen_full_version, *xen_capabilities;
    uint32_t event_mask;
    double duration, interval; /* 0: not set */
    bool started;
};

struct xabi_live_domain_info
{
    int32_t domid;
    const char *name; /* NULL or "": unknown */
    enum xabi_guest_type type;
    unsigned vcpus;
    bool paused, selected;
};

/*
 * A domain's shutdown state as Xen reported it at the start or the end of
 * a live run (schema/011-live.sql: live_domain_state).
 */
struct xabi_domain_state
{
    int32_t domid;
    bool end;           /* false: at the start of the run */
    bool shutdown;
    uint32_t reason;    /* SHUTDOWN_*, when shutdown */
    bool dying;
};

int xabi_store_put_domain_state(struct xabi_store *st, int64_t run_id,
                                const struct xabi_domain_state *d);
typedef int (*xabi_store_state_fn)(void *ctx,
                                   const struct xabi_domain_state *d);
/* Every state of the run, by domid, the start before the end. */
int xabi_store_each_domain_state(struct xabi_store *st, int64_t run_id,
                                 xabi_store_state_fn fn, void *ctx);

int xabi_store_put_live_host(struct xabi_store *st, int64_t run_id,
                             const struct xabi_live_host_info *h);
int xabi_store_put_live_domain(struct xabi_store *st, int64_t run_id,
                               const struct xabi_live_domain_info *d);
/* A segment register changed between snapshots before and after. */
int xabi_store_put_segment_load(struct xabi_store *st, int64_t run_id,
                                int32_t domid, int32_t vcpu,
                                enum xabi_sreg reg, int64_t before,
                                int64_t after, const struct xabi_segment *old,
                                const struct xabi_segment *now);
/* domid and vcpu -1: not about one. */
int xabi_store_put_live_problem(struct xabi_store *st, int64_t run_id,
                                int seq, int32_t domid, int32_t vcpu,
                                const char *message);
/* ---- PV hypercall pages (schema/012-hcpage.sql) ---------------------- */

/* The page and its stubs: xen/arch/x86/pv/hypercall.c writes 32 bytes per
 * hypercall number into one 4 KiB page. */
#define XABI_HCPAGE_SIZE   4096
#define XABI_HCPAGE_STUB   32
#define XABI_HCPAGE_NSTUBS (XABI_HCPAGE_SIZE / XABI_HCPAGE_STUB)
/* An instruction is at least a byte, so a stub holds at most 32. */
#define XABI_HCPAGE_MAXINSN XABI_HCPAGE_STUB

/* What a stub is, judged by its instructions (collector/hcpage.c). */
enum xabi_stub_class
{
    XABI_STUB_HYPERCALL,  /* Xen's stub for its number */
    XABI_STUB_IRET,       /* Xen's __HYPERVISOR_iret stub */
    XABI_STUB_FILLER,     /* 32 bytes of int3, Xen's fill */
    XABI_STUB_EMPTY,      /* 32 zero bytes: never written */
    XABI_STUB_UNEXPECTED, /* anything else */
    XABI_STUB_MAX
};

/* One instruction as Capstone decoded it, in AT&T syntax. */
struct xabi_hcpage_insn
{
    uint8_t offset; /* in the stub */
    uint8_t size;
    uint8_t bytes[16];
    char mnemonic[32];
    char operands[96];
};

struct xabi_hcpage_stub
{
    unsigned idx;             /* the hypercall number */
    enum xabi_stub_class cls;
    const char *layout;       /* the Xen layout it matches; NULL if none */
    const char *xen_since;    /* the Xen versions that write that layout */
    const char *xen_until;    /* NULL: up to now */
    char why[320];            /* unexpected: the first difference */
    uint8_t bytes[XABI_HCPAGE_STUB];
    unsigned ninsn;
    struct xabi_hcpage_insn insn[XABI_HCPAGE_MAXINSN];
    bool undecoded;           /* bytes from undecoded_at on are no insn */
    uint8_t undecoded_at;
};

struct xabi_hcpage
{
    uint64_t va;                   /* of byte 0, in the guest */
    enum xabi_guest_type width;    /* PV64 or PV32 */
    int32_t domid;                 /* XABI_UNKNOWN: the source names none */
    const char *source;            /* "file", "live"; set by the caller */
    const char *disassembler;      /* "capstone 4.0" */
    unsigned nclass[XABI_STUB_MAX];
    struct xabi_hcpage_stub stubs[XABI_HCPAGE_NSTUBS];
};

/* "hypercall", "iret", "filler", "empty", "unexpected". */
const char *xabi_stub_class_name(enum xabi_stub_class c);
/* One line of a stub's instructions, runs of int3 folded ("int3 x18"). */
void xabi_hcpage_stub_text(const struct xabi_hcpage_stub *s, char *buf,
                           size_t len);

/* Store a page, its stubs and their instructions; inside a transaction. */
int xabi_store_put_hcpage(struct xabi_store *st, int64_t run_id,
                          const struct xabi_hcpage *pg, int64_t *page_id);

/* A stub as the analyzer reads it back; strings borrowed for the call. */
struct xabi_stub_row
{
    int64_t page_id;
    int32_t domid;
    uint64_t page_va;
    const char *guest_type;
    unsigned idx;
    const char *cls, *layout, *xen_since, *xen_until, *why, *disasm;
};
typedef int (*xabi_store_stub_fn)(void *ctx, const struct xabi_stub_row *s);
/* Every stub of every page of a run, by page and index. */
int xabi_store_each_stub(struct xabi_store *st, int64_t run_id,
                         xabi_store_stub_fn fn, void *ctx);

/* ---- findings (schema/005-findings.sql) ------------------------------ */

/* Ordered: a higher value is worse.  NOT-OBSERVED is outside the order. */
enum xabi_verdict
{
    XABI_PASS,
    XABI_INFO,
    XABI_WARN,
    XABI_FAIL,
    XABI_NOT_OBSERVED,
};

/* Why a rule could not be evaluated (NOT-OBSERVED only). */
enum xabi_reason
{
    XABI_REASON_NONE,
    XABI_REASON_NO_SCHED,     /* no scheduler record attributes the facts */
    XABI_REASON_LOST,         /* records were lost in the span */
    XABI_REASON_NO_SNAPSHOT,  /* no vCPU snapshot holds the state */
    XABI_REASON_NO_CATALOGUE, /* the Xen version's catalogue is empty */
    XABI_REASON_NO_FACTS,     /* the source could show them; none was */
    XABI_REASON_NOT_IN_SOURCE, /* this kind of run cannot hold them */
    XABI_REASON_NOT_TRACED,   /* the event mask excluded their class */
    XABI_REASON_NOT_INTERCEPTED, /* HVM/PVH: seen only if Xen intercepts */
};

const char *xabi_verdict_name(enum xabi_verdict v);
/* Case-insensitive; "NOT-OBSERVED" too.  -1 if unknown. */
int xabi_verdict_parse(const char *s);
const char *xabi_reason_name(enum xabi_reason r);
/* The reason of a name ("not-traced"); XABI_REASON_NONE if unknown. */
enum xabi_reason xabi_reason_parse(const char *s);

/*
 * Could the run have observed facts of a kind (fact_kind.kind) or a trace
 * class (trace_class.name)?  Read from the view v_run_class
 * (schema/013-observable.sql): the source kind, the live event mask, the
 * classes a trace file holds.  known is false for a kind no trace class
 * is recorded for; when !traced, reason and detail say why.
 */
struct xabi_observable
{
    bool known;
    bool traced;
    enum xabi_reason reason;
    char detail[384];
};
int xabi_store_observable(struct xabi_store *st, int64_t run_id,
                          const char *kind_or_class,
                          struct xabi_observable *out);

/* One finding and its evidence.  has_domain false: about the whole run. */
struct xabi_finding
{
    const char *rule_id;
    enum xabi_verdict verdict;
    enum xabi_reason reason;
    bool has_domain;
    int32_t domid, vcpu; /* vcpu may be XABI_UNKNOWN */
    bool has_tsc;
    uint64_t tsc;
    int64_t snapshot_id; /* 0: none */
    bool has_offset;
    uint64_t offset;
    const char *fact_kind; /* NULL: none */
    int64_t fact_key;
    uint64_t count; /* 0: not counted */
    const char *message;
};

/* A rule as the rule table keeps it (analyzer/rules.c is the source). */
struct xabi_rule_row
{
    const char *id, *title, *severity, *citation, *doc;
    const char *since, *until; /* NULL: open */
    const char *reads;
};
/* Insert or refresh one rule of the registry.  Inside a transaction. */
int xabi_store_put_rule(struct xabi_store *st, const struct xabi_rule_row *r);

/*
 * Start recording a check of run_id: inside a transaction, delete the
 * findings of the rules about to run (all when nids is 0) and note the check.
 */
int xabi_store_findings_reset(struct xabi_store *st, int64_t run_id,
                              const char *const *ids, size_t nids);
int xabi_store_put_finding(struct xabi_store *st, int64_t run_id,
                           const struct xabi_finding *f);
typedef int (*xabi_store_finding_fn)(void *ctx, const struct xabi_finding *f);
/* The findings of a run, by domain (run-wide first), rule and id. */
int xabi_store_each_finding(struct xabi_store *st, int64_t run_id,
                            xabi_store_finding_fn fn, void *ctx);

#endif /* XABI_STORE_H */
