/*
 * test-image.c: Xen ELF notes from kernel images, and bad images.
 *
 * The fixtures are built here, field by field: a minimal ELF64 with one
 * PT_NOTE and one PT_LOAD, and bzImages wrapping it in each payload format
 * the kernel builds (compressed with the same libraries at test time).
 */
#include <elf.h>
#include <lz4.h>
#include <lzma.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <zstd.h>

#include <cmocka.h>

#include "collector/collector.h"

struct buf
{
    unsigned char d[8192];
    size_t len;
};

static void put(struct buf *b, const void *p, size_t n)
{
    assert_true(b->len + n <= sizeof(b->d));
    memcpy(b->d + b->len, p, n);
    b->len += n;
}

/* One note: namesz, descsz, type, "Xen\0", descriptor padded to 4. */
static void note(struct buf *b, const char *owner, uint32_t type,
                 const void *desc, uint32_t descsz)
{
    Elf64_Nhdr nh = { (Elf64_Word)strlen(owner) + 1, descsz, type };
    static const unsigned char zero[4];

    put(b, &nh, sizeof(nh));
    put(b, owner, nh.n_namesz);
    put(b, zero, (4 - nh.n_namesz % 4) % 4);
    put(b, desc, descsz);
    put(b, zero, (4 - descsz % 4) % 4);
}

#define ENTRY     0xffffffff81001000ull
#define PHYS32    0x01000850u
#define NOTES_AT  (sizeof(Elf64_Ehdr) + 2 * sizeof(Elf64_Phdr))

/* An ELF64 x86-64 image whose notes are GUEST_OS, ENTRY, PHYS32_ENTRY,
 * FEATURES (with markup in it), a GNU note, and an unknown Xen type. */
static void make_elf(struct buf *b, bool note_past_end)
{
    Elf64_Ehdr eh = { 0 };
    Elf64_Phdr ph[2] = { { 0 }, { 0 } };
    struct buf notes = { .len = 0 };
    uint64_t entry = ENTRY;
    uint32_t phys32 = PHYS32, gnu = 7;

    note(&notes, "Xen", 6, "linux", 6);               /* GUEST_OS */
    note(&notes, "Xen", 1, &entry, 8);                 /* ENTRY */
    note(&notes, "GNU", 3, &gnu, 4);                   /* not Xen's */
    note(&notes, "Xen", 18, &phys32, 4);               /* PHYS32_ENTRY */
    note(&notes, "Xen", 10, "<b>'x'|[[y]]", 13);       /* FEATURES */
    note(&notes, "Xen", 99, &gnu, 4);                  /* a type xabi lacks */

    memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = ELFCLASS64;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_type = ET_EXEC;
    eh.e_machine = EM_X86_64;
    eh.e_version = EV_CURRENT;
    eh.e_entry = 0x1000000;
    eh.e_phoff = sizeof(eh);
    eh.e_ehsize = sizeof(eh);
    eh.e_phentsize = sizeof(Elf64_Phdr);
    eh.e_phnum = 2;
    ph[0].p_type = PT_NOTE;
    ph[0].p_offset = NOTES_AT;
    ph[0].p_filesz = note_past_end ? 100000 : notes.len;
    ph[1].p_type = PT_LOAD;
    ph[1].p_flags = PF_R | PF_X;
    ph[1].p_vaddr = 0xffffffff81000000ull;
    ph[1].p_paddr = 0x1000000;
    ph[1].p_filesz = ph[1].p_memsz = 0x10000;
    b->len = 0;
    put(b, &eh, sizeof(eh));
    put(b, ph, sizeof(ph));
    put(b, notes.d, notes.len);
}

static const struct xabi_image_note *find(const struct xabi_image_note *n,
                                          size_t count, uint32_t type)
{
    size_t i;

    for ( i = 0; i < count; i++ )
    {
        if ( n[i].type == type )
            return &n[i];
    }
    return NULL;
}

static void check_notes(const struct xabi_image *im)
{
    const struct xabi_image_note *n;
    size_t count = xabi_image_notes(im, &n);
    const struct xabi_image_segment *s;

    assert_int_equal(count, 5); /* the GNU note is not Xen's */
    assert_string_equal(find(n, count, 6)->name, "XEN_ELFNOTE_GUEST_OS");
    assert_string_equal(find(n, count, 6)->text, "linux");
    assert_true(find(n, count, 1)->has_value);
    assert_true(find(n, count, 1)->value == ENTRY);
    assert_int_equal(find(n, count, 18)->value, PHYS32);
    /* Guest text is kept as found: escaping is for printers. */
    assert_string_equal(find(n, count, 10)->text, "<b>'x'|[[y]]");
    assert_null(find(n, count, 99)->name);
    assert_int_equal(find(n, count, 99)->size, 4);
    assert_int_equal(n[0].offset, NOTES_AT);
    assert_int_equal(xabi_image_segments(im, &s), 1);
    assert_true(s[0].vaddr == 0xffffffff81000000ull);
    assert_int_equal(xabi_image_get_info(im)->elf_class, 64);
    assert_int_equal(xabi_image_get_info(im)->elf_machine, EM_X86_64);
}

static void test_vmlinux_notes(void **state)
{
    struct buf b;
    struct xabi_image *im = NULL;

    (void)state;
    make_elf(&b, false);
    assert_int_equal(xabi_image_open_mem(b.d, b.len, "vmlinux", &im), 0);
    assert_string_equal(xabi_image_get_info(im)->container, "elf");
    check_notes(im);
    xabi_image_close(im);
}

/* ---- bzImages -------------------------------------------------------------- */

/* The setup header fields xabi reads (Linux boot protocol 2.08+). */
static size_t bzimage(unsigned char *out, size_t cap, const unsigned char *pl,
                      size_t plen)
{
    const size_t at = 2 * 512; /* setup_sects 1, so the kernel at 1024 */

    assert_true(at + plen <= cap);
    memset(out, 0, at);
    out[0x1f1] = 1;                          /* setup_sects */
    memcpy(out + 0x202, "HdrS", 4);          /* header magic */
    out[0x206] = 0x0f, out[0x207] = 0x02;    /* protocol 2.15 */
    memset(out + 0x248, 0, 4);               /* payload_offset */
    out[0x24c] = plen & 0xff;                /* payload_length */
    out[0x24d] = (plen >> 8) & 0xff;
    out[0x24e] = (plen >> 16) & 0xff;
    memcpy(out + at, pl, plen);
    return at + plen;
}

static size_t gzip_it(const struct buf *in, unsigned char *out, size_t cap)
{
    z_stream z = { 0 };

    assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
                                  Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (unsigned char *)in->d;
    z.avail_in = (uInt)in->len;
    z.next_out = out;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    deflateEnd(&z);
    return cap - z.avail_out;
}

static size_t xz_it(const struct buf *in, unsigned char *out, size_t cap)
{
    size_t pos = 0;

    assert_int_equal(lzma_easy_buffer_encode(6, LZMA_CHECK_CRC32, NULL,
                                             in->d, in->len, out, &pos, cap),
                     LZMA_OK);
    return pos;
}

static size_t zstd_it(const struct buf *in, unsigned char *out, size_t cap)
{
    size_t n = ZSTD_compress(out, cap, in->d, in->len, 3);

    assert_false(ZSTD_isError(n));
    return n;
}

/* The kernel's lz4: legacy magic, one block led by its size. */
static size_t lz4_it(const struct buf *in, unsigned char *out, size_t cap)
{
    int n = LZ4_compress_default((const char *)in->d, (char *)out + 8,
                                 (int)in->len, (int)cap - 8);

    assert_true(n > 0);
    memcpy(out, "\x02\x21\x4c\x18", 4);
    out[4] = n & 0xff, out[5] = (n >> 8) & 0xff, out[6] = 0, out[7] = 0;
    return (size_t)n + 8;
}

static void bz_roundtrip(size_t (*squash)(const struct buf *, unsigned char *,
                                          size_t),
                         const char *codec)
{
    static unsigned char payload[16384], image[32768];
    struct xabi_image *im = NULL;
    struct buf b;
    size_t plen, len;

    make_elf(&b, false);
    plen = squash(&b, payload, sizeof(payload));
    len = bzimage(image, sizeof(image), payload, plen);
    assert_int_equal(xabi_image_open_mem(image, len, "bzImage", &im), 0);
    assert_string_equal(xabi_image_get_info(im)->container, "bzImage");
    assert_string_equal(xabi_image_get_info(im)->compression, codec);
    check_notes(im);
    xabi_image_close(im);
}

static void test_bzimage_gzip(void **state) { (void)state; bz_roundtrip(gzip_it, "gzip"); }
static void test_bzimage_xz(void **state) { (void)state; bz_roundtrip(xz_it, "xz"); }
static void test_bzimage_zstd(void **state) { (void)state; bz_roundtrip(zstd_it, "zstd"); }
static void test_bzimage_lz4(void **state) { (void)state; bz_roundtrip(lz4_it, "lz4"); }

/* ---- bad images ---------------------------------------------------------------- */

static void expect_error(const void *buf, size_t len, const char *want)
{
    struct xabi_image *im = NULL;

    assert_int_equal(xabi_image_open_mem(buf, len, "k.img", &im), -1);
    if ( !strstr(xabi_image_errmsg(im), want) )
        fail_msg("message '%s' lacks '%s'", xabi_image_errmsg(im), want);
    assert_non_null(strstr(xabi_image_errmsg(im), "k.img: offset "));
    xabi_image_close(im);
}

static void test_bad_images(void **state)
{
    static unsigned char image[32768], payload[16384];
    unsigned char junk[4096];
    struct buf b;
    size_t i, len, plen;

    (void)state;
    expect_error("", 0, "offset 0 (0x0): empty file");
    for ( i = 0; i < sizeof(junk); i++ )
        junk[i] = (unsigned char)(i * 37 + 11);
    expect_error(junk, sizeof(junk), "offset 0 (0x0): not a kernel image");
    /* A note area past the end of the ELF names the area's offset. */
    make_elf(&b, true);
    expect_error(b.d, b.len, "offset 176 (0xb0): note area of 100000 bytes");
    /* An ELF cut inside its program headers. */
    make_elf(&b, false);
    expect_error(b.d, 80, "offset 64 (0x40): 2 program headers run past");
    /* A bzImage whose payload lies outside the file. */
    make_elf(&b, false);
    plen = xz_it(&b, payload, sizeof(payload));
    len = bzimage(image, sizeof(image), payload, plen);
    expect_error(image, len - 100, "offset 584 (0x248): bzImage payload");
    /* A corrupt xz payload names where the payload starts. */
    image[1024 + 40] ^= 0xff;
    image[1024 + 41] ^= 0xff;
    expect_error(image, len, "offset 1024 (0x400): xz data is corrupt");
    /* A payload in a format the kernel no longer builds. */
    memcpy(image + 1024, "BZh91AY&SY", 10);
    expect_error(image, len, "bzip2-compressed, which xabi does not read");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vmlinux_notes),
        cmocka_unit_test(test_bzimage_gzip),
        cmocka_unit_test(test_bzimage_xz),
        cmocka_unit_test(test_bzimage_zstd),
        cmocka_unit_test(test_bzimage_lz4),
        cmocka_unit_test(test_bad_images),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
