/*
 * collector/save.h: guests from `xl save` images.
 *
 * An image `xl save` writes is xl's header (tools/xl/xl.h:
 * savefileheader_magic, then byte order, flags and the optional data: the
 * domain's configuration), then libxl's stream
 * (docs/specs/libxl-migration-stream.pandoc: "LibxlFmt", records), whose
 * LIBXC_CONTEXT record hands over to libxc's migration stream, version 2
 * or 3 (docs/specs/libxc-migration-stream.pandoc: image header "XENF",
 * domain header, records up to END).  xabi reads it in one pass and then
 * reads back only the pages a fact needs (a PV vCPU's GDT frames): page
 * data is never held, the image never whole in memory.  An image may also
 * begin at libxl's or libxc's header (a stream written to a file by
 * another toolstack).
 *
 *   - PV: each X86_PV_VCPU_BASIC record (struct vcpu_guest_context of the
 *     guest's width, X86_PV_INFO) becomes a snapshot as `--live` takes it:
 *     selectors, trap table, callbacks, control registers, GDT
 *     registration, and the GDT's descriptors from the saved frames.
 *     libxc writes GDT frames and CR3 as PFNs, not the MFNs a live
 *     context holds (tools/libs/guest/xg_sr_save_x86_pv.c:
 *     write_one_vcpu_basic); CR3 is therefore not kept.
 *   - HVM and PVH: the CPU records (HVM_SAVE_CODE(CPU), struct hvm_hw_cpu
 *     of xen/include/public/arch-x86/hvm/save.h) of the HVM_CONTEXT
 *     record: segments with hidden state, CR0/2/3/4, EFER, RIP, RSP, RBX.
 *   - The headers are facts of kind save_header, each record type seen
 *     (known, or unknown and skipped) one fact of kind save_record.
 *
 * Bad input (another format, a truncated record, an absurd length, a
 * record out of place, a stream that ends before its END) fails with the
 * file and byte offset.  A record type xabi does not know is skipped
 * (its length says how far) and named in a save_record fact; if libxc's
 * spec marks it mandatory, the run's status detail says what it held is
 * NOT-OBSERVED.
 */
#ifndef XABI_COLLECTOR_SAVE_H
#define XABI_COLLECTOR_SAVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* save_header fact keys: which header a fact describes. */
enum xabi_save_header
{
    XABI_SAVE_HDR_XL = 1,     /* args: mandatory, optional flags, opt len */
    XABI_SAVE_HDR_LIBXL = 2,  /* args: version, options */
    XABI_SAVE_HDR_LIBXC = 3,  /* args: version, options */
    XABI_SAVE_HDR_DOMAIN = 4, /* args: type, page_shift, xen_major, minor */
    XABI_SAVE_HDR_PV_INFO = 5,/* args: guest width, page-table levels */
};

/* Which stream a record belongs to (save_record facts: arg0). */
enum xabi_save_layer
{
    XABI_SAVE_LIBXL = 0,
    XABI_SAVE_LIBXC = 1,
};

/* What xabi made of a record type (save_record facts: arg3). */
enum xabi_save_known
{
    XABI_SAVE_KNOWN = 1,
    XABI_SAVE_UNKNOWN_OPTIONAL = 2,
    XABI_SAVE_UNKNOWN_MANDATORY = 3,
};

struct xabi_save_header_fact
{
    enum xabi_save_header key;
    uint64_t offset;
    uint64_t args[4];
    unsigned nargs;
};

struct xabi_save_record_fact
{
    enum xabi_save_layer layer;
    uint32_t type;
    uint64_t first_offset, count, bytes;
    enum xabi_save_known known;
};

#define XABI_SAVE_MAX_HEADERS 8
#define XABI_SAVE_MAX_RECORD_KINDS 64
#define XABI_SAVE_MAX_VCPUS 512

struct xabi_save_image
{
    enum xabi_guest_type type;
    unsigned guest_width;          /* PV: 4 or 8; HVM, PVH: 0 */
    uint32_t libxc_version;
    bool has_xen_version;          /* the domain header names one */
    unsigned xen_major, xen_minor;
    uint64_t size;                 /* bytes of the file */
    uint64_t end_offset;           /* where the last END ends */
    size_t nheaders;
    struct xabi_save_header_fact headers[XABI_SAVE_MAX_HEADERS];
    size_t nrecords;
    struct xabi_save_record_fact records[XABI_SAVE_MAX_RECORD_KINDS];
    uint64_t mandatory_unknown;    /* records skipped that restore needs */
    uint64_t first_mandatory_unknown_offset;
    uint32_t first_mandatory_unknown_type;
    size_t nsnaps;                 /* one per vCPU with a context, by id */
    struct xabi_snapshot *snaps;
    uint64_t pages;                /* page frames the image holds */
    uint64_t gdt_pages_read;       /* frames read back for the GDTs */
};

struct xabi_save_opts
{
    int32_t domid;                 /* XABI_UNKNOWN: the image names none */
    enum xabi_snap_phase phase;    /* XABI_SNAP_FINAL unless told */
};

/*
 * Read the image in the regular file fd (name for messages) into a new
 * *out (freed with xabi_save_free).  -1 with err naming name and the byte
 * offset on bad input.
 */
int xabi_save_read(int fd, const char *name, const struct xabi_save_opts *o,
                   struct xabi_save_image **out, char *err, size_t errlen);
void xabi_save_free(struct xabi_save_image *img);

struct xabi_collect_result;

struct xabi_save_collect_opts
{
    const char *path;
    const char *xen_version;       /* NULL: the image's own */
    const char *label;
    struct xabi_save_opts read;
    bool replace;
};

/*
 * Collect the image into st as one run of kind 'snapshot', in one
 * transaction.  -1 with err on bad input; the database is then unchanged.
 */
int xabi_collect_save(struct xabi_store *st,
                      const struct xabi_save_collect_opts *o,
                      struct xabi_collect_result *res, char *err,
                      size_t errlen);

#endif
