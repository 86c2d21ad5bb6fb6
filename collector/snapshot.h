/*
 * collector/snapshot.h: vCPU snapshots from recorded text dumps.
 *
 * The live collector reads vCPU state through libxenctrl; until a host is
 * at hand, and for tests, the same state recorded as text is loaded here
 * into the struct xabi_snapshot the store keeps (store/store.h).  Three
 * dump formats are read, told apart by their content:
 *
 *   - XEN_DOMCTL_getvcpucontext as printed by getctx (PV): selectors,
 *     control registers, kernel_ss, callbacks, trap[N] lines, gdt[N] lines;
 *   - xen-hvmctx (HVM, PVH): the CPU save record, segments as
 *     "cs SEL (BASE + LIMIT / ATTR)", and the vCPU's MTRR record if the
 *     dump has it (all its lines, or the dump is refused);
 *   - pvhinfo (PVH): key=value segments and the hvm_start_info EBX
 *     points at.
 *
 * A dump is accepted only whole: the fields its kind always prints must be
 * there, each value in range (snapshot-text.c: required[], keys[]; the
 * README lists them), or it is refused naming the line.  What a dump may
 * lack (a GDT it could not map, a register its kind does not print) stays
 * absent in the snapshot, so rules say NOT-OBSERVED rather than guess.
 * xenctx's output is refused: it names no domain or vCPU.
 */
#ifndef XABI_COLLECTOR_SNAPSHOT_H
#define XABI_COLLECTOR_SNAPSHOT_H

#include <stddef.h>
#include <stdio.h>

#include "store/store.h"

/* What a dump cannot say about itself, told by whoever recorded it. */
struct xabi_snapshot_text_opts
{
    bool type_known;            /* false: PV64/PV32 from CS, else HVM */
    enum xabi_guest_type type;
    enum xabi_snap_phase phase;
    int user_mode_seen;         /* 1, 0, or -1 not known: then 1 if a PV
                                   vCPU was caught outside its kernel */
};

/*
 * Parse the dump in text[0..len) into a new snapshot (*out, freed with
 * xabi_snapshot_text_free).  source names it in the snapshot.  -1 with a
 * message naming the line on malformed input.
 */
int xabi_snapshot_text_parse(const char *text, size_t len, const char *source,
                             const struct xabi_snapshot_text_opts *o,
                             struct xabi_snapshot **out, char *err,
                             size_t errlen);
/*
 * Open the dump at path for reading: -1 with err naming it if it cannot
 * be opened or is a directory.
 */
int xabi_snapshot_text_open(const char *path, FILE **f, char *err,
                            size_t errlen);
/* Read and parse the file at path. */
int xabi_snapshot_text_load(const char *path,
                            const struct xabi_snapshot_text_opts *o,
                            struct xabi_snapshot **out, char *err,
                            size_t errlen);
/* Accepts NULL. */
void xabi_snapshot_text_free(struct xabi_snapshot *s);

/*
 * Was this PV vCPU caught in user mode: its flags read, VGCF_in_kernel
 * clear (xen/include/public/arch-x86/xen.h)?  False for HVM and PVH.
 */
bool xabi_snapshot_in_user_mode(const struct xabi_snapshot *s);

struct xabi_collect_result;

struct xabi_snapshot_collect_opts
{
    const char *const *paths; /* the dumps, one snapshot each */
    size_t npaths;
    const char *xen_version;
    const char *label;
    struct xabi_snapshot_text_opts text; /* applied to every dump */
    bool replace; /* collected before: delete that run, same transaction */
};

/*
 * Collect dumps into st as one run of kind 'snapshot', in one transaction.
 * -1 with err (naming the file and line) on bad input; the database is
 * then unchanged.  Dumps collected before set res->already.
 */
int xabi_collect_snapshots(struct xabi_store *st,
                           const struct xabi_snapshot_collect_opts *o,
                           struct xabi_collect_result *res, char *err,
                           size_t errlen);

#endif
