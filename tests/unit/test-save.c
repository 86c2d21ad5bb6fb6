/*
 * test-save.c: `xl save` images (collector/save.c), built field by
 * labelled field in the formats of tools/xl/xl.h,
 * docs/specs/libxl-migration-stream.pandoc and
 * docs/specs/libxc-migration-stream.pandoc, read back into snapshots; and
 * bad images refused with their byte offset, the database unchanged.
 */
#include "tests/unit/fixtures.h"

#include <fcntl.h>
#include <xenctrl.h>
#include <xen/hvm/save.h>

#include "collector/collector.h"
#include "collector/save.h"
#include "store/store.h"

/* ---- building an image ------------------------------------------------ */

struct img
{
    uint8_t *b;
    size_t n, cap;
};

static void put(struct img *m, const void *p, size_t len)
{
    if ( m->n + len > m->cap )
    {
        m->cap = (m->n + len) * 2 + 4096;
        m->b = realloc(m->b, m->cap);
        assert_non_null(m->b);
    }
    memcpy(m->b + m->n, p, len);
    m->n += len;
}

static void le32(struct img *m, uint32_t v)
{
    uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
                     (uint8_t)(v >> 24) };
    put(m, b, 4);
}

static void le64(struct img *m, uint64_t v)
{
    le32(m, (uint32_t)v);
    le32(m, (uint32_t)(v >> 32));
}

static void be32(struct img *m, uint32_t v)
{
    uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
                     (uint8_t)(v >> 8), (uint8_t)v };
    put(m, b, 4);
}

static void pad8(struct img *m)
{
    static const uint8_t z[8];

    put(m, z, (8 - m->n % 8) % 8);
}

/* A record header: type, body length (both streams use this layout). */
static void rec(struct img *m, uint32_t type, uint32_t len)
{
    le32(m, type);             /* type */
    le32(m, len);              /* body_length */
}

/* xl's header (xl.h: struct save_file_header) with 8 bytes of optional
 * data, libxl's header, LIBXC_CONTEXT, libxc's image and domain headers. */
static void heads(struct img *m, uint32_t dtype)
{
    put(m, "Xen saved domain, xl format\n \0 \r", 32); /* magic */
    le32(m, 0x01020304);       /* byteorder */
    le32(m, 1);                /* mandatory_flags: XL_MANDATORY_FLAG_JSON */
    le32(m, 0);                /* optional_flags */
    le32(m, 8);                /* optional_data_len */
    put(m, "{ }\0\0\0\0\0", 8);/* optional data (the config) */
    put(m, "LibxlFmt", 8);     /* libxl ident */
    be32(m, 2);                /* libxl version */
    be32(m, 0);                /* libxl options: little-endian */
    rec(m, 1, 0);              /* LIBXC_CONTEXT */
    le32(m, 0xffffffff);       /* libxc marker, 8 x 0xff */
    le32(m, 0xffffffff);
    be32(m, 0x58454e46);       /* id "XENF" */
    be32(m, 3);                /* version 3 */
    put(m, "\0\0\0\0\0\0\0\0", 8); /* options (LE), reserved */
    le32(m, dtype);            /* domain type */
    le32(m, 12);               /* page_shift (u16) + reserved */
    le32(m, 4);                /* xen_major */
    le32(m, 17);               /* xen_minor */
}

/* PAGE_DATA of one page: pfn, page bytes. */
static void page_rec(struct img *m, uint64_t pfn, const uint8_t *page)
{
    rec(m, 1, 8 + 8 + 4096);   /* PAGE_DATA */
    le32(m, 1);                /* count */
    le32(m, 0);                /* reserved */
    le64(m, pfn);              /* pfn[0], type NOTAB */
    put(m, page, 4096);        /* page_data[0] */
}

static void tails(struct img *m)
{
    rec(m, 0, 0);              /* libxc END */
    rec(m, 0, 0);              /* libxl END */
}

static struct hvm_hw_cpu pvh_cpu(void)
{
    struct hvm_hw_cpu c;

    memset(&c, 0, sizeof(c));
    c.rip = 0x100040;
    c.rbx = 0x8000;
    c.cr0 = 0x11;              /* PE | ET */
    c.cr4 = 0;
    c.msr_efer = 0;
    c.cs_sel = 0x10, c.cs_base = 0, c.cs_limit = 0xffffffff;
    c.cs_arbytes = 0xc9b;
    c.ds_sel = 0x18, c.ds_base = 0, c.ds_limit = 0xffffffff;
    c.ds_arbytes = 0xc93;
    c.es_sel = 0x20, c.es_base = 0x1000, c.es_limit = 0xfffff;
    c.es_arbytes = 0x093;
    c.ss_sel = 0x18, c.ss_limit = 0xffffffff, c.ss_arbytes = 0xc93;
    c.tr_sel = 0x0, c.tr_limit = 0x67, c.tr_arbytes = 0x8b;
    return c;
}

/* HVM_CONTEXT: HEADER descriptor, CPU descriptor for vCPU 0, the MTRR
 * descriptor for vCPU 0 if mtrr (of mtrr_len bytes), END. */
static void hvm_rec_mtrr(struct img *m, const struct hvm_hw_cpu *c,
                         uint32_t cpu_len, bool pic,
                         const struct hvm_hw_mtrr *mtrr, uint32_t mtrr_len)
{
    uint32_t len = 8 + 24 + 8 + cpu_len + 8 + (pic ? 8 + 8 : 0) +
                   (mtrr ? 8 + mtrr_len : 0);

    rec(m, 9, len);            /* HVM_CONTEXT */
    if ( pic )
    {
        le32(m, 3 | 0 << 16);  /* typecode PIC, instance 0 */
        le32(m, 8);            /* length (not read) */
        le64(m, 0);
    }
    le32(m, 1 | 0 << 16);      /* typecode HEADER, instance 0 */
    le32(m, 24);               /* length */
    put(m, "\x01\x10\x54\x58\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
        24);                   /* struct hvm_save_header */
    le32(m, 2 | 0 << 16);      /* typecode CPU, instance (vCPU) 0 */
    le32(m, cpu_len);          /* length */
    put(m, c, cpu_len);        /* struct hvm_hw_cpu */
    if ( mtrr )
    {
        le32(m, 14 | 0 << 16); /* typecode MTRR, instance (vCPU) 0 */
        le32(m, mtrr_len);     /* length */
        put(m, mtrr, mtrr_len); /* struct hvm_hw_mtrr */
    }
    le32(m, 0);                /* typecode END, instance 0 */
    le32(m, 0);                /* length 0 */
    pad8(m);
}

static void hvm_rec(struct img *m, const struct hvm_hw_cpu *c,
                    uint32_t cpu_len, bool pic)
{
    hvm_rec_mtrr(m, c, cpu_len, pic, NULL, 0);
}

static struct img pvh_image(void)
{
    struct img m = { 0 };
    struct hvm_hw_cpu c = pvh_cpu();
    uint8_t page[4096];

    memset(page, 0xab, sizeof(page));
    heads(&m, 2);              /* x86 HVM: what libxc writes for PVH */
    page_rec(&m, 0x100, page);
    rec(&m, 8, 24);            /* TSC_INFO */
    put(&m, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 24);
    hvm_rec(&m, &c, sizeof(c), false);
    tails(&m);
    return m;
}

/* A 64-bit PV guest: GDT in pfn 5, its context naming it. */
#define GDT_PFN 5
static const uint64_t gdt_desc[4] = {
    0, 0x00cf9b000000ffffull, 0x00af9b000000ffffull, 0x00cf93000000ffffull,
};

static struct img pv_image(bool info_first, size_t ctx_len)
{
    struct img m = { 0 };
    vcpu_guest_context_x86_64_t c;
    uint8_t page[4096];

    memset(page, 0, sizeof(page));
    memcpy(page, gdt_desc, sizeof(gdt_desc));
    memset(&c, 0, sizeof(c));
    c.flags = 1 << 2;          /* VGCF_in_kernel */
    c.user_regs.rip = 0xffffffff81000040ull;
    c.user_regs.cs = 0xe033, c.user_regs.ss = 0xe02b;
    c.user_regs.ds = 0, c.user_regs.es = 0;
    c.trap_ctxt[13] = (struct trap_info_x86_64){ .vector = 13, .flags = 0,
        .cs = 0xe033, .address = 0xffffffff81000100ull };
    c.gdt_frames[0] = GDT_PFN;
    c.gdt_ents = 4;
    c.kernel_ss = 0xe02b;
    c.ctrlreg[3] = 0x7000;     /* a PFN << 12 in an image */
    c.event_callback_eip = 0xffffffff81000200ull;
    c.failsafe_callback_eip = 0xffffffff81000300ull;
    c.syscall_callback_eip = 0xffffffff81000400ull;

    heads(&m, 1);              /* x86 PV */
    if ( info_first )
    {
        rec(&m, 2, 8);         /* X86_PV_INFO */
        put(&m, "\x08\x04\0\0\0\0\0\0", 8); /* width 8, 4 levels */
    }
    page_rec(&m, GDT_PFN, page);
    rec(&m, 4, (uint32_t)(8 + ctx_len)); /* X86_PV_VCPU_BASIC */
    le32(&m, 0);               /* vcpu_id */
    le32(&m, 0);               /* reserved */
    put(&m, &c, ctx_len);      /* vcpu_guest_context (64-bit) */
    pad8(&m);
    tails(&m);
    return m;
}

static int to_file(const struct img *m, size_t len)
{
    char path[] = "/tmp/xabi-test-save-XXXXXX";
    int fd = mkstemp(path);

    assert_true(fd >= 0);
    unlink(path);
    assert_int_equal(write(fd, m->b, len), (ssize_t)len);
    return fd;
}

static int read_img(const struct img *m, size_t len,
                    struct xabi_save_image **out, char *err, size_t errlen)
{
    struct xabi_save_opts o = { .domid = 7, .phase = XABI_SNAP_FINAL };
    int fd = to_file(m, len), rc;

    rc = xabi_save_read(fd, "img", &o, out, err, errlen);
    close(fd);
    return rc;
}

/* ---- what comes out --------------------------------------------------- */

static void test_pvh(void **state)
{
    struct img m = pvh_image();
    struct xabi_save_image *img;
    const struct xabi_snapshot *s;
    char err[512];

    (void)state;
    if ( read_img(&m, m.n, &img, err, sizeof(err)) )
        fail_msg("%s", err);
    assert_int_equal(img->type, XABI_GUEST_PVH);
    assert_int_equal(img->libxc_version, 3);
    assert_true(img->has_xen_version);
    assert_int_equal(img->xen_major, 4);
    assert_int_equal(img->xen_minor, 17);
    assert_int_equal(img->pages, 1);
    assert_int_equal(img->nsnaps, 1);
    s = &img->snaps[0];
    assert_int_equal(s->domid, 7);
    assert_int_equal(s->vcpu, 0);
    assert_int_equal(s->reg[XABI_REG_RIP], 0x100040);
    assert_int_equal(s->reg[XABI_REG_RBX], 0x8000);
    assert_true(xabi_snapshot_has_reg(s, XABI_REG_EFER));
    assert_true(s->seg[XABI_SREG_ES].has_hidden);
    assert_int_equal(s->seg[XABI_SREG_ES].selector, 0x20);
    assert_int_equal(s->seg[XABI_SREG_ES].base, 0x1000);
    assert_int_equal(s->seg[XABI_SREG_ES].limit, 0xfffff);
    assert_int_equal(s->seg[XABI_SREG_ES].attr, 0x093);
    assert_int_equal(s->seg[XABI_SREG_DS].selector, 0x18);
    assert_int_equal(s->seg[XABI_SREG_CS].attr, 0xc9b);
    /* headers: xl, libxl, libxc, domain */
    assert_int_equal(img->nheaders, 4);
    assert_int_equal(img->headers[3].key, XABI_SAVE_HDR_DOMAIN);
    assert_int_equal(img->headers[3].offset, 48 + 8 + 16 + 8 + 24);
    assert_int_equal(img->headers[3].args[0], 2);
    xabi_save_free(img);
    free(m.b);
}

/* A PVH image with vCPU 0's MTRR record, of mtrr_len bytes. */
static struct img pvh_mtrr_image(uint32_t mtrr_len)
{
    struct img m = { 0 };
    struct hvm_hw_cpu c = pvh_cpu();
    struct hvm_hw_mtrr mt;

    memset(&mt, 0, sizeof(mt));
    mt.msr_pat_cr = 0x0007040600070406ull;
    mt.msr_mtrr_cap = 0x508;
    mt.msr_mtrr_def_type = 0x806;          /* E, default WB */
    mt.msr_mtrr_var[2] = 0xfc000000;       /* var 1 base: UC */
    mt.msr_mtrr_var[3] = 0xffc000800ull;   /* var 1 mask: V */
    mt.msr_mtrr_fixed[10] = 0x0606060606060606ull;
    heads(&m, 2);
    hvm_rec_mtrr(&m, &c, sizeof(c), false, &mt, mtrr_len);
    tails(&m);
    return m;
}

static void test_pvh_mtrr(void **state)
{
    struct img m = pvh_mtrr_image(sizeof(struct hvm_hw_mtrr));
    struct xabi_save_image *img;
    const struct xabi_snapshot *s;
    char err[512];

    (void)state;
    if ( read_img(&m, m.n, &img, err, sizeof(err)) )
        fail_msg("%s", err);
    s = &img->snaps[0];
    assert_true(s->has_mtrr);
    assert_int_equal(s->mtrr.pat, 0x0007040600070406ull);
    assert_int_equal(s->mtrr.cap, 0x508);
    assert_int_equal(s->mtrr.def_type, 0x806);
    assert_int_equal(s->mtrr.var[2], 0xfc000000);
    assert_int_equal(s->mtrr.var[3], 0xffc000800ull);
    assert_int_equal(s->mtrr.fixed[10], 0x0606060606060606ull);
    assert_int_equal(s->mtrr.fixed[9], 0);
    xabi_save_free(img);
    free(m.b);

    /* Without the record, nothing is made up. */
    m = pvh_image();
    if ( read_img(&m, m.n, &img, err, sizeof(err)) )
        fail_msg("%s", err);
    assert_false(img->snaps[0].has_mtrr);
    xabi_save_free(img);
    free(m.b);
}

/* An MTRR record of another size than Xen's: refused at its descriptor. */
static void test_pvh_mtrr_bad_length(void **state)
{
    struct img m = pvh_mtrr_image(sizeof(struct hvm_hw_mtrr) - 8);
    struct xabi_save_image *img = NULL;
    char err[512];

    (void)state;
    assert_int_equal(read_img(&m, m.n, &img, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "HVM MTRR record of 232 bytes: Xen's is "
                                "240"));
    xabi_save_free(img);
    free(m.b);
}

static void test_hvm_compat_cpu(void **state)
{
    struct img m = { 0 };
    struct hvm_hw_cpu c = pvh_cpu();
    struct xabi_save_image *img;
    char err[512];

    (void)state;
    heads(&m, 2);              /* x86 HVM */
    hvm_rec(&m, &c, sizeof(struct hvm_hw_cpu_compat), true);
    tails(&m);
    if ( read_img(&m, m.n, &img, err, sizeof(err)) )
        fail_msg("%s", err);
    assert_int_equal(img->type, XABI_GUEST_HVM);
    assert_int_equal(img->snaps[0].seg[XABI_SREG_ES].base, 0x1000);
    xabi_save_free(img);
    free(m.b);
}

static void test_pv64(void **state)
{
    struct img m = pv_image(true, sizeof(vcpu_guest_context_x86_64_t));
    struct xabi_save_image *img;
    const struct xabi_snapshot *s;
    char err[512];

    (void)state;
    if ( read_img(&m, m.n, &img, err, sizeof(err)) )
        fail_msg("%s", err);
    assert_int_equal(img->type, XABI_GUEST_PV64);
    assert_int_equal(img->guest_width, 8);
    s = &img->snaps[0];
    assert_int_equal(s->seg[XABI_SREG_CS].selector, 0xe033);
    assert_int_equal(s->seg[XABI_SREG_SS].selector, 0xe02b);
    assert_true(s->traps_read);
    assert_int_equal(s->ntraps, 1);
    assert_int_equal(s->traps[0].vector, 13);
    assert_int_equal(s->traps[0].cs, 0xe033);
    assert_int_equal(s->traps[0].address, 0xffffffff81000100ull);
    assert_int_equal(s->cb[XABI_CB_EVENT].address, 0xffffffff81000200ull);
    assert_int_equal(s->cb[XABI_CB_SYSCALL].address, 0xffffffff81000400ull);
    assert_int_equal(s->reg[XABI_REG_KERNEL_SS], 0xe02b);
    /* A PFN is not the CR3 a live context shows: not kept. */
    assert_false(xabi_snapshot_has_reg(s, XABI_REG_CR3));
    assert_true(s->gdt_read);
    assert_int_equal(s->ngdt, 4);
    assert_memory_equal(s->gdt, gdt_desc, sizeof(gdt_desc));
    assert_int_equal(img->gdt_pages_read, 1);
    xabi_save_free(img);
    free(m.b);
}

/* ---- bad input -------------------------------------------------------- */

static void expect_fail(const struct img *m, size_t len, const char *what)
{
    struct xabi_save_image *img = NULL;
    char err[512];

    if ( !read_img(m, len, &img, err, sizeof(err)) )
        fail_msg("accepted: %s", what);
    assert_null(img);
    assert_non_null(strstr(err, "img: byte "));
}

static void expect_fail_at(const struct img *m, const char *what,
                           const char *at)
{
    struct xabi_save_image *img = NULL;
    char err[512];

    if ( !read_img(m, m->n, &img, err, sizeof(err)) )
        fail_msg("accepted: %s", what);
    if ( !strstr(err, at) )
        fail_msg("%s: '%s' does not say '%s'", what, err, at);
}

static void test_every_truncation(void **state)
{
    struct img m = pvh_image(), p = pv_image(true, sizeof(
        vcpu_guest_context_x86_64_t));
    size_t n;

    (void)state;
    for ( n = 0; n < m.n; n += n < 256 ? 1 : 7 )
        expect_fail(&m, n, "a truncated PVH image");
    for ( n = 0; n < p.n; n += n < 256 ? 1 : 13 )
        expect_fail(&p, n, "a truncated PV image");
    free(m.b);
    free(p.b);
}

/* Xen 4.17's `xl save` of a PV guest that never ran: the headers and the
 * first records, then nothing (libxc gave up at vCPU 0). */
static void test_headers_only(void **state)
{
    struct img m = { 0 };

    (void)state;
    heads(&m, 1);
    rec(&m, 2, 8);             /* X86_PV_INFO */
    put(&m, "\x08\x04\0\0\0\0\0\0", 8);
    expect_fail_at(&m, "headers only", "ends without an END");
    free(m.b);
}

static void test_other_formats(void **state)
{
    struct img m = { 0 };

    (void)state;
    put(&m, "\x7f" "ELF\2\1\1\0\0\0\0\0\0\0\0\0", 16);
    expect_fail_at(&m, "an ELF file", "byte 0: not an xl save image");
    m.n = 0;
    /* a legacy (pre-4.6) stream after xl's header */
    put(&m, "Xen saved domain, xl format\n \0 \r", 32);
    le32(&m, 0x01020304);
    le32(&m, 0), le32(&m, 0), le32(&m, 0);
    put(&m, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
    expect_fail_at(&m, "no libxl header", "byte 48: no libxl stream");
    m.n = 0;
    put(&m, "Xen saved domain, xl format\n \0 \r", 32);
    le32(&m, 0x04030201);      /* big-endian */
    le32(&m, 0), le32(&m, 0), le32(&m, 0);
    expect_fail_at(&m, "big-endian xl header", "byte 32: xl header byte");
    free(m.b);
}

static void test_absurd_lengths(void **state)
{
    struct img m = { 0 };
    size_t at;

    (void)state;
    heads(&m, 3);
    at = m.n;
    rec(&m, 9, 0xfffffff0);    /* HVM_CONTEXT of 4 GiB */
    expect_fail_at(&m, "a 4 GiB record", "claims 4294967280 bytes");
    m.n = at;
    rec(&m, 1, 16 + 4096);     /* PAGE_DATA */
    le32(&m, 1000);            /* count: more pfns than the record holds */
    le32(&m, 0);
    le64(&m, 1);
    {
        /* a page of filler: put() may move m.b, so never from m.b itself */
        static const uint8_t page[4096];

        put(&m, page, sizeof(page));
    }
    tails(&m);
    expect_fail_at(&m, "PAGE_DATA count", "PAGE_DATA count 1000");
    m.n = at;
    rec(&m, 1, 16);            /* PAGE_DATA */
    le32(&m, 1);
    le32(&m, 0);
    le64(&m, 6ull << 60 | 1);  /* a reserved page type */
    tails(&m);
    expect_fail_at(&m, "reserved page type", "reserved type 0x6");
    free(m.b);
}

static void test_pv_out_of_order(void **state)
{
    struct img m = pv_image(false, sizeof(vcpu_guest_context_x86_64_t));

    (void)state;
    expect_fail_at(&m, "BASIC before PV_INFO", "before X86_PV_INFO");
    free(m.b);
    m = pv_image(true, 4000);
    expect_fail_at(&m, "a short context", "X86_PV_VCPU_BASIC of 4008 bytes");
    free(m.b);
}

static void test_unknown_records(void **state)
{
    struct img m = { 0 }, t = pvh_image();
    struct xabi_save_image *img;
    char err[512];
    size_t k, end = t.n - 16;  /* before the two ENDs */

    (void)state;
    put(&m, t.b, end);
    rec(&m, 0x80000123, 3);    /* an optional record xabi does not know */
    put(&m, "abc\0\0\0\0\0", 8);
    rec(&m, 0x40, 0);          /* a mandatory one */
    tails(&m);
    if ( read_img(&m, m.n, &img, err, sizeof(err)) )
        fail_msg("%s", err);
    assert_int_equal(img->nsnaps, 1);
    assert_int_equal(img->mandatory_unknown, 1);
    assert_int_equal(img->first_mandatory_unknown_type, 0x40);
    assert_int_equal(img->first_mandatory_unknown_offset, end + 16);
    for ( k = 0; k < img->nrecords; k++ )
        if ( img->records[k].type == 0x80000123 )
            break;
    assert_true(k < img->nrecords);
    assert_int_equal(img->records[k].known, XABI_SAVE_UNKNOWN_OPTIONAL);
    assert_int_equal(img->records[k].first_offset, end);
    xabi_save_free(img);
    free(m.b);
    free(t.b);
}

/* ---- into the store --------------------------------------------------- */

static void test_collect(void **state)
{
    struct img m = pvh_image();
    char db[256], path[] = "/tmp/xabi-test-save-img-XXXXXX", err[512];
    struct xabi_store *st;
    struct xabi_collect_result r;
    struct xabi_save_collect_opts o = {
        .path = path, .read = { .domid = 3, .phase = XABI_SNAP_FINAL } };
    char *before;
    size_t nbefore;
    int fd;

    (void)state;
    xabi_test_db_path(db, sizeof(db), "save");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, m.b, m.n), (ssize_t)m.n);
    close(fd);
    assert_int_equal(xabi_store_open(db, &st), 0);
    if ( xabi_collect_save(st, &o, &r, err, sizeof(err)) )
        fail_msg("%s", err);
    assert_false(r.already);
    assert_int_equal(r.vcpus, 1);
    xabi_store_close(st);
    /* A truncated image leaves the database as it was. */
    before = xabi_test_slurp(db, &nbefore);
    assert_int_equal(truncate(path, (off_t)(m.n - 9)), 0);
    assert_int_equal(xabi_store_open(db, &st), 0);
    assert_int_equal(xabi_collect_save(st, &o, &r, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "truncated"));
    xabi_store_close(st);
    xabi_test_assert_unchanged(db, before, nbefore);
    free(before);
    unlink(path);
    xabi_test_db_remove(db);
    free(m.b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pvh),
        cmocka_unit_test(test_pvh_mtrr),
        cmocka_unit_test(test_pvh_mtrr_bad_length),
        cmocka_unit_test(test_hvm_compat_cpu),
        cmocka_unit_test(test_pv64),
        cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_headers_only),
        cmocka_unit_test(test_other_formats),
        cmocka_unit_test(test_absurd_lengths),
        cmocka_unit_test(test_pv_out_of_order),
        cmocka_unit_test(test_unknown_records),
        cmocka_unit_test(test_collect),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
