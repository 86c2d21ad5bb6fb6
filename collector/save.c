/*
 * save.c: the `xl save` image reader (collector/save.h).
 *
 * Formats: tools/xl/xl.h (struct save_file_header, savefileheader_magic),
 * docs/specs/libxl-migration-stream.pandoc and
 * docs/specs/libxc-migration-stream.pandoc (RELEASE-4.17.0; the spec's
 * table stops at CHECKPOINT, 0x0e: CHECKPOINT_DIRTY_PFN_LIST 0x0f, and
 * version 3's STATIC_DATA_END 0x10, X86_CPUID_POLICY 0x11 and
 * X86_MSR_POLICY 0x12 are in tools/libs/guest/xg_sr_stream_format.h and
 * tools/python/xen/migration/libxc.py), the record bodies
 * xen/include/public/arch-x86/xen.h (struct vcpu_guest_context, through
 * the tools' xen-foreign forms) and xen/include/public/hvm/save.h,
 * arch-x86/hvm/save.h (struct hvm_save_descriptor, struct hvm_hw_cpu).
 *
 * Every read is a pread at a known offset, so every message can name it.
 * The first pass walks the records, keeping each PAGE_DATA record's
 * offset and the vCPU contexts; the second reads back only the GDT frames
 * those contexts name.
 */
#include "collector/save.h"
#include "collector/live-xen.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* tools/xl/xl.h */
static const char xl_magic[32] = "Xen saved domain, xl format\n \0 \r";
#define XL_BYTEORDER 0x01020304u
/* libxl-migration-stream.pandoc */
static const char libxl_ident[8] = "LibxlFmt";
enum
{
    LIBXL_END = 0, LIBXL_LIBXC_CONTEXT = 1, LIBXL_EMULATOR_XENSTORE = 2,
    LIBXL_EMULATOR_CONTEXT = 3, LIBXL_CHECKPOINT_END = 4,
};
/* libxc-migration-stream.pandoc */
#define LIBXC_MARKER 0xffffffffffffffffull
#define LIBXC_ID 0x58454e46u /* "XENF" */
enum
{
    REC_END = 0x00, REC_PAGE_DATA = 0x01, REC_X86_PV_INFO = 0x02,
    REC_X86_PV_P2M_FRAMES = 0x03, REC_X86_PV_VCPU_BASIC = 0x04,
    REC_X86_PV_VCPU_EXTENDED = 0x05, REC_X86_PV_VCPU_XSAVE = 0x06,
    REC_SHARED_INFO = 0x07, REC_TSC_INFO = 0x08, REC_HVM_CONTEXT = 0x09,
    REC_HVM_PARAMS = 0x0a, REC_TOOLSTACK = 0x0b, REC_X86_PV_VCPU_MSRS = 0x0c,
    REC_VERIFY = 0x0d, REC_CHECKPOINT = 0x0e,
    REC_CHECKPOINT_DIRTY_PFN_LIST = 0x0f, REC_STATIC_DATA_END = 0x10,
    REC_X86_CPUID_POLICY = 0x11, REC_X86_MSR_POLICY = 0x12,
};
#define REC_OPTIONAL 0x80000000u
/* domain header types */
enum { DHDR_X86_PV = 1, DHDR_X86_HVM = 2, DHDR_X86_PVH = 3 };
/* PAGE_DATA pfn: type in bits 63-60 (XEN_DOMCTL_PFINFO_* >> 28). */
#define PFN_MASK ((1ull << 52) - 1)
#define PFINFO_BROKEN 0xd
#define PFINFO_XALLOC 0xe
#define PFINFO_XTAB 0xf
#define PAGE_SIZE 4096u
/* libxc sends at most MAX_BATCH_SIZE (1024) pages a record; a record of
 * more than this many pfns is absurd. */
#define MAX_PAGE_RECORD 65536u
/* No record but PAGE_DATA is near this big (HVM_CONTEXT of 128 vCPUs is
 * well under 1 MiB). */
#define MAX_OTHER_RECORD (16u << 20)

struct pv_ctx
{
    bool have;
    uint64_t offset;
    vcpu_guest_context_any_t c;
};

struct hvm_ctx
{
    bool have;
    uint64_t offset;
    struct hvm_hw_cpu c;
    bool have_mtrr;
    struct hvm_hw_mtrr mtrr;
};

struct reader
{
    int fd;
    const char *name;
    uint64_t size;
    char *err;
    size_t errlen;
    struct xabi_save_image *img;
    const struct xabi_save_opts *o;
    bool libxc_seen;      /* the libxc headers are read */
    bool legacy_devices;  /* HVM_CONTEXT saves a PIC, IOAPIC, PIT or RTC */
    bool pv_info_seen;
    unsigned dtype;       /* DHDR_* */
    uint64_t *page_recs;  /* body offsets of the PAGE_DATA records */
    size_t npage_recs, cap_page_recs;
    struct pv_ctx *pv[XABI_SAVE_MAX_VCPUS];   /* allocated as seen */
    struct hvm_ctx *hvm[XABI_SAVE_MAX_VCPUS];
};

static int fail(struct reader *r, uint64_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(struct reader *r, uint64_t off, const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(r->err, r->errlen, "%s: byte %llu: ", r->name,
                     (unsigned long long)off);

    if ( n < 0 || (size_t)n >= r->errlen )
        return -1;
    va_start(ap, fmt);
    vsnprintf(r->err + n, r->errlen - n, fmt, ap);
    va_end(ap);
    return -1;
}

/* len bytes at off, all of them: the file ending first is truncation. */
static int get(struct reader *r, uint64_t off, void *buf, size_t len,
               const char *what)
{
    size_t done = 0;

    if ( off > r->size || len > r->size - off )
        return fail(r, off, "truncated: %s needs %zu bytes, the file ends "
                    "%llu bytes later", what, len,
                    (unsigned long long)(off > r->size ? 0 : r->size - off));
    while ( done < len )
    {
        ssize_t n = pread(r->fd, (char *)buf + done, len - done,
                          (off_t)(off + done));

        if ( n < 0 && errno == EINTR )
            continue;
        if ( n < 0 )
            return fail(r, off + done, "cannot read %s: %s", what,
                        strerror(errno));
        if ( n == 0 )
            return fail(r, off + done, "truncated: the file ends inside %s",
                        what);
        done += (size_t)n;
    }
    return 0;
}

static uint32_t le32(const unsigned char *p)
{
    return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
    return le32(p) | (uint64_t)le32(p + 4) << 32;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
           (uint32_t)p[2] << 8 | p[3];
}

static void header_fact(struct reader *r, enum xabi_save_header key,
                        uint64_t off, unsigned nargs, uint64_t a0,
                        uint64_t a1, uint64_t a2, uint64_t a3)
{
    struct xabi_save_image *img = r->img;

    if ( img->nheaders == XABI_SAVE_MAX_HEADERS )
        return;
    img->headers[img->nheaders++] = (struct xabi_save_header_fact){
        .key = key, .offset = off, .nargs = nargs,
        .args = { a0, a1, a2, a3 } };
}

static int record_fact(struct reader *r, enum xabi_save_layer layer,
                       uint32_t type, uint64_t off, uint64_t len,
                       enum xabi_save_known known)
{
    struct xabi_save_image *img = r->img;
    size_t k;

    for ( k = 0; k < img->nrecords; k++ )
    {
        if ( img->records[k].layer == layer && img->records[k].type == type )
        {
            img->records[k].count++;
            img->records[k].bytes += len;
            return 0;
        }
    }
    if ( img->nrecords == XABI_SAVE_MAX_RECORD_KINDS )
        return fail(r, off, "more than %d record types: not a save image",
                    XABI_SAVE_MAX_RECORD_KINDS);
    img->records[img->nrecords++] = (struct xabi_save_record_fact){
        .layer = layer, .type = type, .first_offset = off, .count = 1,
        .bytes = len, .known = known };
    if ( known == XABI_SAVE_UNKNOWN_MANDATORY && !img->mandatory_unknown++ )
    {
        img->first_mandatory_unknown_offset = off;
        img->first_mandatory_unknown_type = type;
    }
    return 0;
}

/* ---- libxc records ---------------------------------------------------- */

static int page_data(struct reader *r, uint64_t off, uint64_t len)
{
    unsigned char head[8];
    uint64_t body = off + 8, count, k, with_data = 0;
    unsigned char buf[8 * 256];

    if ( len < 16 )
        return fail(r, off, "PAGE_DATA record of %llu bytes: it holds at "
                    "least a count and one pfn", (unsigned long long)len);
    if ( get(r, body, head, 8, "PAGE_DATA count") )
        return -1;
    count = le32(head);
    if ( count == 0 || count > MAX_PAGE_RECORD || 8 + count * 8 > len )
        return fail(r, body, "PAGE_DATA count %llu does not fit its %llu "
                    "bytes", (unsigned long long)count,
                    (unsigned long long)len);
    for ( k = 0; k < count; )
    {
        size_t n = count - k > 256 ? 256 : (size_t)(count - k), i;

        if ( get(r, body + 8 + k * 8, buf, n * 8, "PAGE_DATA pfns") )
            return -1;
        for ( i = 0; i < n; i++ )
        {
            unsigned t = (unsigned)(le64(buf + i * 8) >> 60);

            if ( t >= 5 && t <= 8 )
                return fail(r, body + 8 + (k + i) * 8,
                            "PAGE_DATA pfn of reserved type %#x", t);
            if ( t != PFINFO_BROKEN && t != PFINFO_XALLOC && t != PFINFO_XTAB )
                with_data++;
        }
        k += n;
    }
    if ( len != 8 + count * 8 + with_data * PAGE_SIZE )
        return fail(r, off, "PAGE_DATA of %llu pfns (%llu with data) is "
                    "%llu bytes, not %llu", (unsigned long long)count,
                    (unsigned long long)with_data, (unsigned long long)len,
                    (unsigned long long)(8 + count * 8 +
                                         with_data * PAGE_SIZE));
    r->img->pages += with_data;
    if ( r->npage_recs == r->cap_page_recs )
    {
        size_t cap = r->cap_page_recs ? r->cap_page_recs * 2 : 64;
        uint64_t *p = realloc(r->page_recs, cap * sizeof(*p));

        if ( !p )
            return fail(r, off, "out of memory for the page index");
        r->page_recs = p;
        r->cap_page_recs = cap;
    }
    r->page_recs[r->npage_recs++] = body;
    return 0;
}

static int vcpu_id(struct reader *r, uint64_t off, const char *what,
                   uint32_t *id)
{
    unsigned char b[8];

    if ( get(r, off + 8, b, 8, what) )
        return -1;
    *id = le32(b);
    if ( *id >= XABI_SAVE_MAX_VCPUS )
        return fail(r, off + 8, "%s of vCPU %u: xabi reads at most %d vCPUs",
                    what, *id, XABI_SAVE_MAX_VCPUS);
    return 0;
}

static int pv_basic(struct reader *r, uint64_t off, uint64_t len)
{
    size_t sz;
    uint32_t id;

    if ( r->dtype != DHDR_X86_PV )
        return fail(r, off, "X86_PV_VCPU_BASIC in an image of a guest that "
                    "is not PV");
    if ( !r->pv_info_seen )
        return fail(r, off, "X86_PV_VCPU_BASIC before X86_PV_INFO: the "
                    "guest's width is not known");
    sz = r->img->guest_width == 4 ? sizeof(vcpu_guest_context_x86_32_t)
                                  : sizeof(vcpu_guest_context_x86_64_t);
    if ( len != 8 + sz )
        return fail(r, off, "X86_PV_VCPU_BASIC of %llu bytes: a %u-byte "
                    "guest's context record is %zu",
                    (unsigned long long)len, r->img->guest_width, 8 + sz);
    if ( vcpu_id(r, off, "X86_PV_VCPU_BASIC", &id) )
        return -1;
    if ( !r->pv[id] && !(r->pv[id] = calloc(1, sizeof(*r->pv[id]))) )
        return fail(r, off, "out of memory for a vCPU context");
    memset(&r->pv[id]->c, 0, sizeof(r->pv[id]->c));
    if ( get(r, off + 16, &r->pv[id]->c, sz, "the vCPU context") )
        return -1;
    r->pv[id]->have = true;
    r->pv[id]->offset = off;
    return 0;
}

static int hvm_context(struct reader *r, uint64_t off, uint64_t len)
{
    uint64_t p = off + 8, end = off + 8 + len;

    if ( r->dtype == DHDR_X86_PV )
        return fail(r, off, "HVM_CONTEXT in an image of a PV guest");
    while ( p < end )
    {
        unsigned char d[8];
        unsigned code, inst;
        uint32_t dlen;

        if ( end - p < 8 )
            return fail(r, p, "HVM_CONTEXT ends inside a save descriptor");
        if ( get(r, p, d, 8, "an HVM save descriptor") )
            return -1;
        code = d[0] | (unsigned)d[1] << 8;
        inst = d[2] | (unsigned)d[3] << 8;
        dlen = le32(d + 4);
        if ( dlen > end - p - 8 )
            return fail(r, p, "HVM save descriptor (type %u) claims %u bytes, "
                        "its record has %llu left", code, dlen,
                        (unsigned long long)(end - p - 8));
        if ( code == 0 )   /* HVM_SAVE_CODE(END) */
            return 0;
        if ( code == HVM_SAVE_CODE(PIC) || code == HVM_SAVE_CODE(IOAPIC) ||
             code == HVM_SAVE_CODE(PIT) || code == HVM_SAVE_CODE(RTC) )
            r->legacy_devices = true;
        if ( code == HVM_SAVE_CODE(CPU) )
        {
            /* Xen 4.17 writes the whole struct; older ones the size
             * without the trailing flags (struct hvm_hw_cpu_compat). */
            if ( dlen != sizeof(struct hvm_hw_cpu) &&
                 dlen != sizeof(struct hvm_hw_cpu_compat) )
                return fail(r, p, "HVM CPU record of %u bytes: Xen's is %zu "
                            "(or %zu before flags)", dlen,
                            sizeof(struct hvm_hw_cpu),
                            sizeof(struct hvm_hw_cpu_compat));
            if ( inst >= XABI_SAVE_MAX_VCPUS )
                return fail(r, p, "HVM CPU record of vCPU %u: xabi reads at "
                            "most %d vCPUs", inst, XABI_SAVE_MAX_VCPUS);
            if ( !r->hvm[inst] &&
                 !(r->hvm[inst] = calloc(1, sizeof(*r->hvm[inst]))) )
                return fail(r, p, "out of memory for a vCPU context");
            memset(&r->hvm[inst]->c, 0, sizeof(r->hvm[inst]->c));
            if ( get(r, p + 8, &r->hvm[inst]->c, dlen, "an HVM CPU record") )
                return -1;
            r->hvm[inst]->have = true;
            r->hvm[inst]->offset = p;
        }
        /* Its MTRRs: after the CPU records, as Xen orders them by type. */
        if ( code == HVM_SAVE_CODE(MTRR) && inst < XABI_SAVE_MAX_VCPUS &&
             r->hvm[inst] )
        {
            if ( dlen != sizeof(struct hvm_hw_mtrr) )
                return fail(r, p, "HVM MTRR record of %u bytes: Xen's is %zu",
                            dlen, sizeof(struct hvm_hw_mtrr));
            if ( get(r, p + 8, &r->hvm[inst]->mtrr, dlen,
                     "an HVM MTRR record") )
                return -1;
            r->hvm[inst]->have_mtrr = true;
        }
        p += 8 + dlen;
    }
    return fail(r, end, "HVM_CONTEXT has no END descriptor");
}

static int libxc_headers(struct reader *r, uint64_t off, uint64_t *next)
{
    unsigned char h[24], d[16];
    uint64_t marker;
    uint32_t id, version, type;
    unsigned options, shift;

    if ( get(r, off, h, 24, "libxc's image header") )
        return -1;
    marker = (uint64_t)be32(h) << 32 | be32(h + 4);
    id = be32(h + 8);
    version = be32(h + 12);
    options = (unsigned)h[16] << 8 | h[17];
    if ( marker != LIBXC_MARKER || id != LIBXC_ID )
        return fail(r, off, "no libxc image header (marker and \"XENF\"): "
                    "a legacy stream, or not a save image");
    if ( version != 2 && version != 3 )
        return fail(r, off + 12, "libxc stream version %u: xabi reads 2 "
                    "and 3", version);
    if ( options & 1 )
        return fail(r, off + 16, "a big-endian libxc stream: xabi reads "
                    "x86 images, little-endian");
    header_fact(r, XABI_SAVE_HDR_LIBXC, off, 2, version, options, 0, 0);
    r->img->libxc_version = version;
    if ( get(r, off + 24, d, 16, "libxc's domain header") )
        return -1;
    type = le32(d);
    shift = le32(d + 4) & 0xffff;
    header_fact(r, XABI_SAVE_HDR_DOMAIN, off + 24, 4, type, shift,
                le32(d + 8), le32(d + 12));
    if ( type != DHDR_X86_PV && type != DHDR_X86_HVM && type != DHDR_X86_PVH )
        return fail(r, off + 24, "domain type %u: xabi reads x86 PV, HVM "
                    "and PVH (1, 2, 3)", type);
    if ( shift != 12 )
        return fail(r, off + 28, "page shift %u: x86 pages are 4 KiB (12)",
                    shift);
    r->dtype = type;
    r->img->type = type == DHDR_X86_HVM ? XABI_GUEST_HVM
                 : type == DHDR_X86_PVH ? XABI_GUEST_PVH : XABI_GUEST_PV64;
    /* The legacy converter writes xen_major 0 (the spec says so). */
    r->img->has_xen_version = le32(d + 8) != 0;
    r->img->xen_major = le32(d + 8);
    r->img->xen_minor = le32(d + 12);
    r->libxc_seen = true;
    *next = off + 40;
    return 0;
}

/*
 * The header of the record of stream `who` ("libxc", "libxl") at off:
 * its type, body length and length padded to 8, checked against the
 * bytes the file has left.
 */
static int rec_header(struct reader *r, const char *who, uint64_t off,
                      uint32_t *type, uint64_t *len, uint64_t *padded)
{
    unsigned char h[8];
    char what[32];

    if ( off == r->size )
        return fail(r, off, "truncated: the %s stream ends without an END "
                    "record", who);
    snprintf(what, sizeof(what), "a %s record header", who);
    if ( get(r, off, h, 8, what) )
        return -1;
    *type = le32(h);
    *len = le32(h + 4);
    *padded = (*len + 7) & ~7ull;
    if ( *padded > r->size - off - 8 )
        return fail(r, off, "truncated: %s record type %#x claims %llu bytes, "
                    "the file has %llu left", who, *type,
                    (unsigned long long)*len,
                    (unsigned long long)(r->size - off - 8));
    return 0;
}

/*
 * libxc's records from off to END (*ended) or CHECKPOINT (back to
 * libxl); *next is where the stream goes on.
 */
static int libxc_records(struct reader *r, uint64_t off, uint64_t *next,
                         bool *ended)
{
    for ( ;; )
    {
        uint32_t type;
        uint64_t len, padded;
        enum xabi_save_known known = XABI_SAVE_KNOWN;

        if ( rec_header(r, "libxc", off, &type, &len, &padded) )
            return -1;
        if ( type != REC_PAGE_DATA && len > MAX_OTHER_RECORD )
            return fail(r, off, "libxc record type %#x of %llu bytes: "
                        "absurd", type, (unsigned long long)len);
        switch ( type )
        {
        case REC_END:
        case REC_VERIFY:
        case REC_CHECKPOINT:
        case REC_STATIC_DATA_END:
            if ( len )
                return fail(r, off, "libxc record type %#x has a body of "
                            "%llu bytes; it has none", type,
                            (unsigned long long)len);
            break;
        case REC_PAGE_DATA:
            if ( page_data(r, off, len) )
                return -1;
            break;
        case REC_X86_PV_INFO:
        {
            unsigned char b[8];

            if ( r->dtype != DHDR_X86_PV || len != 8 )
                return fail(r, off, "X86_PV_INFO of %llu bytes in an image "
                            "of domain type %u", (unsigned long long)len,
                            r->dtype);
            if ( get(r, off + 8, b, 8, "X86_PV_INFO") )
                return -1;
            if ( (b[0] != 4 && b[0] != 8) || (b[1] != 3 && b[1] != 4) )
                return fail(r, off + 8, "X86_PV_INFO: guest width %u, %u "
                            "page-table levels: x86 PV is 4 or 8, 3 or 4",
                            b[0], b[1]);
            r->pv_info_seen = true;
            r->img->guest_width = b[0];
            r->img->type = b[0] == 4 ? XABI_GUEST_PV32 : XABI_GUEST_PV64;
            header_fact(r, XABI_SAVE_HDR_PV_INFO, off, 2, b[0], b[1], 0, 0);
            break;
        }
        case REC_X86_PV_VCPU_BASIC:
            if ( pv_basic(r, off, len) )
                return -1;
            break;
        case REC_HVM_CONTEXT:
            if ( hvm_context(r, off, len) )
                return -1;
            break;
        case REC_X86_PV_P2M_FRAMES:
        case REC_X86_PV_VCPU_EXTENDED:
        case REC_X86_PV_VCPU_XSAVE:
        case REC_X86_PV_VCPU_MSRS:
        case REC_SHARED_INFO:
        case REC_TSC_INFO:
        case REC_HVM_PARAMS:
        case REC_TOOLSTACK:
        case REC_CHECKPOINT_DIRTY_PFN_LIST:
        case REC_X86_CPUID_POLICY:
        case REC_X86_MSR_POLICY:
            break;     /* known; nothing in them xabi keeps */
        default:
            known = type & REC_OPTIONAL ? XABI_SAVE_UNKNOWN_OPTIONAL
                                        : XABI_SAVE_UNKNOWN_MANDATORY;
            break;
        }
        if ( record_fact(r, XABI_SAVE_LIBXC, type, off, len, known) )
            return -1;
        off += 8 + padded;
        if ( type == REC_END || type == REC_CHECKPOINT )
        {
            *ended = type == REC_END;
            *next = off;
            return 0;
        }
    }
}

/* ---- libxl records ---------------------------------------------------- */

static int libxl_stream(struct reader *r, uint64_t off)
{
    unsigned char h[16];
    uint32_t version, options;

    if ( get(r, off, h, 16, "libxl's stream header") )
        return -1;
    if ( memcmp(h, libxl_ident, 8) )
        return fail(r, off, "no libxl stream header (\"LibxlFmt\") after "
                    "xl's header");
    version = be32(h + 8);
    options = be32(h + 12);
    header_fact(r, XABI_SAVE_HDR_LIBXL, off, 2, version, options, 0, 0);
    if ( version != 2 )
        return fail(r, off + 8, "libxl stream version %u: xabi reads 2",
                    version);
    if ( options & 1 )
        return fail(r, off + 12, "a big-endian libxl stream: xabi reads x86 "
                    "images, little-endian");
    off += 16;
    for ( ;; )
    {
        uint32_t type;
        uint64_t len, padded;
        enum xabi_save_known known = XABI_SAVE_KNOWN;

        if ( rec_header(r, "libxl", off, &type, &len, &padded) )
            return -1;
        if ( type > LIBXL_CHECKPOINT_END )
            known = type & REC_OPTIONAL ? XABI_SAVE_UNKNOWN_OPTIONAL
                                        : XABI_SAVE_UNKNOWN_MANDATORY;
        if ( (type == LIBXL_END || type == LIBXL_LIBXC_CONTEXT ||
              type == LIBXL_CHECKPOINT_END) && len )
            return fail(r, off, "libxl record type %u has a body of %llu "
                        "bytes; it has none", type, (unsigned long long)len);
        if ( record_fact(r, XABI_SAVE_LIBXL, type, off, len, known) )
            return -1;
        off += 8 + padded;
        if ( type == LIBXL_END )
        {
            if ( !r->libxc_seen )
                return fail(r, off - 8, "the libxl stream ends without a "
                            "libxc stream: no guest in it");
            r->img->end_offset = off;
            return 0;
        }
        if ( type == LIBXL_LIBXC_CONTEXT )
        {
            bool ended = false;

            /* After a CHECKPOINT, libxc's records go on without headers. */
            if ( !r->libxc_seen && libxc_headers(r, off, &off) )
                return -1;
            if ( libxc_records(r, off, &off, &ended) )
                return -1;
        }
    }
}

/* ---- the second pass: GDT frames -------------------------------------- */

/* The frame pfn, from the last PAGE_DATA record that holds it: 0 if found,
 * 1 if the image has no data for it. */
static int find_page(struct reader *r, uint64_t pfn, unsigned char *page)
{
    size_t k;
    int found = 1;

    for ( k = 0; k < r->npage_recs; k++ )
    {
        uint64_t body = r->page_recs[k], count, i, data = 0;
        unsigned char b[8];

        if ( get(r, body, b, 8, "PAGE_DATA count") )
            return -1;
        count = le32(b);
        for ( i = 0; i < count; i++ )
        {
            uint64_t e;
            unsigned t;

            if ( get(r, body + 8 + i * 8, b, 8, "a PAGE_DATA pfn") )
                return -1;
            e = le64(b);
            t = (unsigned)(e >> 60);
            if ( t == PFINFO_BROKEN || t == PFINFO_XALLOC || t == PFINFO_XTAB )
            {
                if ( (e & PFN_MASK) == pfn )
                    found = 1;   /* a later record dropped it */
                continue;
            }
            if ( (e & PFN_MASK) == pfn )
            {
                if ( get(r, body + 8 + count * 8 + data * PAGE_SIZE, page,
                         PAGE_SIZE, "a GDT frame") )
                    return -1;
                found = 0;
            }
            data++;
        }
    }
    return found;
}

static int read_gdt(struct reader *r, struct xabi_snapshot *s,
                    const vcpu_guest_context_any_t *c, bool pv32)
{
    xen_pfn_t frames[16];
    unsigned ents, n = xabi_live_gdt_frames(c, pv32, frames, &ents), i;
    uint64_t *gdt;
    unsigned char page[PAGE_SIZE];

    if ( n == 0 )
    {
        s->gdt_read = true;   /* no GDT of its own */
        return 0;
    }
    gdt = calloc(n * 512, sizeof(*gdt));
    if ( !gdt )
        return fail(r, 0, "out of memory for a GDT");
    for ( i = 0; i < n; i++ )
    {
        int rc = find_page(r, frames[i], page);

        if ( rc < 0 )
        {
            free(gdt);
            return -1;
        }
        if ( rc > 0 )
        {
            /* Not in the image: the GDT stays unread (NOT-OBSERVED). */
            free(gdt);
            return 0;
        }
        memcpy(gdt + i * 512, page, PAGE_SIZE);
        r->img->gdt_pages_read++;
    }
    s->gdt = gdt;
    s->ngdt = ents;
    s->gdt_read = true;
    return 0;
}

static int make_snapshots(struct reader *r)
{
    struct xabi_save_image *img = r->img;
    unsigned id, n = 0;
    bool pv = r->dtype == DHDR_X86_PV;

    for ( id = 0; id < XABI_SAVE_MAX_VCPUS; id++ )
        n += pv ? r->pv[id] != NULL : r->hvm[id] != NULL;
    if ( n == 0 )
        return fail(r, img->end_offset, "the image holds no vCPU context "
                    "(%s)", pv ? "X86_PV_VCPU_BASIC" : "HVM_CONTEXT CPU");
    /*
     * libxc writes a PVH guest's domain header as x86 HVM (Xen 4.17's
     * xg_sr_save_x86_hvm.c serves both).  As the live collector does
     * (collector/live-xen.c: xabi_live_guest_type), tell them apart by
     * the legacy platform devices: only an HVM guest has them emulated,
     * so only its HVM_CONTEXT saves their state.
     */
    if ( !pv )
        img->type = r->legacy_devices ? XABI_GUEST_HVM : XABI_GUEST_PVH;
    img->snaps = calloc(n, sizeof(*img->snaps));
    if ( !img->snaps )
        return fail(r, 0, "out of memory for %u snapshots", n);
    for ( id = 0; id < XABI_SAVE_MAX_VCPUS; id++ )
    {
        struct xabi_snapshot *s = &img->snaps[img->nsnaps];
        uint64_t at;

        if ( !(pv ? (void *)r->pv[id] : (void *)r->hvm[id]) )
            continue;
        s->domid = r->o->domid;
        s->vcpu = (int32_t)id;
        s->phase = r->o->phase;
        s->user_mode_seen = -1;
        s->type = img->type;
        at = pv ? r->pv[id]->offset : r->hvm[id]->offset;
        snprintf(s->source, sizeof(s->source), "xl save: %s at byte %llu",
                 pv ? "X86_PV_VCPU_BASIC" : "HVM CPU record",
                 (unsigned long long)at);
        img->nsnaps++;
        if ( !pv )
        {
            xabi_live_from_hvm(&r->hvm[id]->c, img->type, s);
            if ( r->hvm[id]->have_mtrr )
                xabi_live_mtrr(&r->hvm[id]->mtrr, s);
            continue;
        }
        if ( img->guest_width == 4 )
            xabi_live_from_pv32(&r->pv[id]->c.x32, s);
        else
            xabi_live_from_pv64(&r->pv[id]->c.x64, s);
        /* A PFN here, an MFN in a live context: not the same CR3. */
        s->reg_mask &= ~(1u << XABI_REG_CR3);
        s->reg[XABI_REG_CR3] = 0;
        if ( read_gdt(r, s, &r->pv[id]->c, img->guest_width == 4) )
            return -1;
    }
    return 0;
}

/* ---- the whole image -------------------------------------------------- */

static int read_image(struct reader *r)
{
    unsigned char h[48];
    uint64_t off = 0;

    if ( r->size < 8 )
        return fail(r, 0, "%llu bytes: too short for a save image",
                    (unsigned long long)r->size);
    if ( get(r, 0, h, r->size < 48 ? 8 : 48, "the first bytes") )
        return -1;
    if ( r->size >= 48 && !memcmp(h, xl_magic, sizeof(xl_magic)) )
    {
        uint32_t order = le32(h + 32), optlen = le32(h + 44);

        if ( order != XL_BYTEORDER )
            return fail(r, 32, "xl header byte order %#x: xabi reads "
                        "little-endian images (0x01020304)", order);
        header_fact(r, XABI_SAVE_HDR_XL, 0, 3, le32(h + 36), le32(h + 40),
                    optlen, 0);
        if ( optlen > r->size - 48 )
            return fail(r, 44, "truncated: xl's optional data claims %u "
                        "bytes, the file has %llu after the header", optlen,
                        (unsigned long long)(r->size - 48));
        off = 48 + (uint64_t)optlen;
        return libxl_stream(r, off);
    }
    if ( !memcmp(h, libxl_ident, 8) )
        return libxl_stream(r, 0);
    if ( !memcmp(h, "\xff\xff\xff\xff\xff\xff\xff\xff", 8) )
    {
        bool ended = false;

        if ( libxc_headers(r, 0, &off) || libxc_records(r, off, &off, &ended) )
            return -1;
        if ( !ended )
            return fail(r, off, "the libxc stream stops at a CHECKPOINT "
                        "outside a libxl stream");
        r->img->end_offset = off;
        return 0;
    }
    return fail(r, 0, "not an xl save image: no xl header (\"Xen saved "
                "domain, xl format\"), libxl header (\"LibxlFmt\") or libxc "
                "image header");
}

int xabi_save_read(int fd, const char *name, const struct xabi_save_opts *o,
                   struct xabi_save_image **out, char *err, size_t errlen)
{
    struct reader *rp = calloc(1, sizeof(*rp));
    struct stat st;
    unsigned id;
    int rc = -1;

    *out = NULL;
    if ( !rp )
        return snprintf(err, errlen, "%s: out of memory", name), -1;
    *rp = (struct reader){ .fd = fd, .name = name, .err = err,
                           .errlen = errlen, .o = o };
    if ( fstat(fd, &st) )
    {
        snprintf(err, errlen, "%s: %s", name, strerror(errno));
        goto out;
    }
    if ( !S_ISREG(st.st_mode) )
    {
        snprintf(err, errlen, "%s: not a regular file: a save image is read "
                 "in two passes", name);
        goto out;
    }
    rp->size = (uint64_t)st.st_size;
    rp->img = calloc(1, sizeof(*rp->img));
    if ( !rp->img )
    {
        snprintf(err, errlen, "%s: out of memory", name);
        goto out;
    }
    rp->img->size = rp->size;
    if ( read_image(rp) || make_snapshots(rp) )
        goto out;
    *out = rp->img;
    rp->img = NULL;
    rc = 0;
out:
    xabi_save_free(rp->img);
    for ( id = 0; id < XABI_SAVE_MAX_VCPUS; id++ )
    {
        free(rp->pv[id]);
        free(rp->hvm[id]);
    }
    free(rp->page_recs);
    free(rp);
    return rc;
}

void xabi_save_free(struct xabi_save_image *img)
{
    size_t k;

    if ( !img )
        return;
    for ( k = 0; k < img->nsnaps; k++ )
        free((void *)img->snaps[k].gdt);
    free(img->snaps);
    free(img);
}
