/*
 * image.c: the Xen ELF notes of a guest kernel image.
 *
 * A kernel comes as a vmlinux (an ELF) or as a bzImage, whose setup header
 * (Linux's Documentation/arch/x86/boot.rst: "HdrS" at 0x202, setup_sects
 * at 0x1f1, payload_offset/payload_length at 0x248/0x24c from protocol
 * 2.08) points at a compressed vmlinux.  Either way the notes are read the
 * way Xen's loader reads them (xen/common/libelf): from the PT_NOTE
 * program headers, else from SHT_NOTE sections, keeping those whose owner
 * is "Xen".  libelf does the ELF walking; we only bounds-check offsets and
 * decode descriptors by the type table below.
 */
#include "collector/collector-int.h"

#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct xabi_image
{
    char name[1024];
    char errmsg[2048];
    const char *container;   /* "elf" or "bzImage" */
    const char *compression; /* of a bzImage payload */
    unsigned char *elf_buf;  /* our copy of the ELF (libelf reads it) */
    size_t elf_len;
    Elf *elf;
    struct xabi_image_info info;
    struct xabi_image_note *notes;
    size_t nnotes;
    struct xabi_image_segment *segs;
    size_t nsegs;
};

/* How a note's descriptor reads: xen/include/public/elfnote.h. */
enum note_form { F_NUM, F_STR, F_NUMS, F_RAW };

static const struct
{
    const char *name;
    enum note_form form;
} note_types[] = {
    [0] = { "XEN_ELFNOTE_INFO", F_RAW },
    [1] = { "XEN_ELFNOTE_ENTRY", F_NUM },
    [2] = { "XEN_ELFNOTE_HYPERCALL_PAGE", F_NUM },
    [3] = { "XEN_ELFNOTE_VIRT_BASE", F_NUM },
    [4] = { "XEN_ELFNOTE_PADDR_OFFSET", F_NUM },
    [5] = { "XEN_ELFNOTE_XEN_VERSION", F_STR },
    [6] = { "XEN_ELFNOTE_GUEST_OS", F_STR },
    [7] = { "XEN_ELFNOTE_GUEST_VERSION", F_STR },
    [8] = { "XEN_ELFNOTE_LOADER", F_STR },
    [9] = { "XEN_ELFNOTE_PAE_MODE", F_STR },
    [10] = { "XEN_ELFNOTE_FEATURES", F_STR },
    [11] = { "XEN_ELFNOTE_BSD_SYMTAB", F_STR },
    [12] = { "XEN_ELFNOTE_HV_START_LOW", F_NUM },
    [13] = { "XEN_ELFNOTE_L1_MFN_VALID", F_NUMS }, /* mask, value pairs */
    [14] = { "XEN_ELFNOTE_SUSPEND_CANCEL", F_NUM },
    [15] = { "XEN_ELFNOTE_INIT_P2M", F_NUM },
    [16] = { "XEN_ELFNOTE_MOD_START_PFN", F_NUM },
    [17] = { "XEN_ELFNOTE_SUPPORTED_FEATURES", F_NUM },
    [18] = { "XEN_ELFNOTE_PHYS32_ENTRY", F_NUM },
    [19] = { "XEN_ELFNOTE_PHYS32_RELOC", F_NUMS }, /* align, min, max */
};

#define NTYPES (sizeof(note_types) / sizeof(note_types[0]))

static int ifail(struct xabi_image *im, uint64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int ifail(struct xabi_image *im, uint64_t offset, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    xabi_offset_msg(im->errmsg, sizeof(im->errmsg), im->name, offset, fmt, ap);
    va_end(ap);
    return -1;
}

static uint64_t le_n(const unsigned char *p, size_t n)
{
    uint64_t v = 0;

    while ( n-- )
        v = v << 8 | p[n];
    return v;
}

/* ---- the container ------------------------------------------------------- */

/* A bzImage: find, bounds-check and decompress its payload. */
static int open_bzimage(struct xabi_image *im, const unsigned char *buf,
                        size_t len)
{
    unsigned setup_sects, version;
    uint64_t start, plen;
    char why[256];

    version = (unsigned)le_n(buf + 0x206, 2);
    if ( version < 0x208 )
        return ifail(im, 0x206, "bzImage boot protocol %u.%02u predates "
                     "payload fields (2.08)", version >> 8, version & 0xff);
    setup_sects = buf[0x1f1] ? buf[0x1f1] : 4;
    start = (uint64_t)(setup_sects + 1) * 512 + le_n(buf + 0x248, 4);
    plen = le_n(buf + 0x24c, 4);
    if ( start > len || plen > len - start || plen < 8 )
        return ifail(im, 0x248, "bzImage payload (offset %llu, %llu bytes) "
                     "lies outside the %zu-byte file",
                     (unsigned long long)start, (unsigned long long)plen, len);
    im->container = "bzImage";
    if ( xabi_decompress(buf + start, (size_t)plen, &im->elf_buf,
                         &im->elf_len, &im->compression, why, sizeof(why)) )
        return ifail(im, start, "%s", why);
    return 0;
}

/* ---- the ELF ---------------------------------------------------------------- */

static int add_note(struct xabi_image *im, uint32_t type, uint64_t offset,
                    const unsigned char *desc, size_t size)
{
    struct xabi_image_note *n;
    struct xabi_image_note *grown = realloc(im->notes,
                                            (im->nnotes + 1) * sizeof(*n));

    if ( !grown )
        return ifail(im, offset, "out of memory");
    im->notes = grown;
    n = &im->notes[im->nnotes++];
    memset(n, 0, sizeof(*n));
    n->type = type;
    n->offset = offset;
    n->size = (uint32_t)size;
    n->raw = desc;
    n->name = type < NTYPES ? note_types[type].name : NULL;
    switch ( type < NTYPES ? note_types[type].form : F_RAW )
    {
    case F_NUM:
        if ( size == 1 || size == 2 || size == 4 || size == 8 )
        {
            n->has_value = true;
            n->value = le_n(desc, size);
        }
        break;
    case F_NUMS: /* the first; the rest stay in raw */
        if ( size >= 4 )
        {
            n->has_value = true;
            n->value = le_n(desc, size >= 8 && type == 13 ? 8 : 4);
        }
        break;
    case F_STR:
        n->text = strndup((const char *)desc, size);
        if ( !n->text )
            return ifail(im, offset, "out of memory");
        break;
    case F_RAW:
        break;
    }
    return 0;
}

/* Walk one note area [off, off+size) of the ELF. */
static int walk_notes(struct xabi_image *im, uint64_t off, uint64_t size)
{
    Elf_Data *d;
    GElf_Nhdr nh;
    size_t pos = 0, name_off, desc_off, next;

    if ( off > im->elf_len || size > im->elf_len - off )
        return ifail(im, off, "note area of %llu bytes runs past the "
                     "%zu-byte ELF", (unsigned long long)size, im->elf_len);
    d = elf_getdata_rawchunk(im->elf, (int64_t)off, size, ELF_T_NHDR);
    if ( !d )
        return ifail(im, off, "unreadable note area: %s", elf_errmsg(-1));
    while ( pos < d->d_size &&
            (next = gelf_getnote(d, pos, &nh, &name_off, &desc_off)) > 0 )
    {
        const char *owner = (const char *)d->d_buf + name_off;

        if ( nh.n_namesz == 4 && memcmp(owner, "Xen", 4) == 0 &&
             add_note(im, nh.n_type, off + pos,
                      (const unsigned char *)d->d_buf + desc_off,
                      nh.n_descsz) )
            return -1;
        pos = next;
    }
    return 0;
}

static int read_phdrs(struct xabi_image *im, bool *had_notes)
{
    size_t n, i;

    *had_notes = false;
    if ( elf_getphdrnum(im->elf, &n) != 0 )
        return ifail(im, 0, "ELF program headers unreadable: %s",
                     elf_errmsg(-1));
    for ( i = 0; i < n; i++ )
    {
        GElf_Phdr ph;

        if ( !gelf_getphdr(im->elf, (int)i, &ph) )
            return ifail(im, 0, "ELF program header %zu unreadable: %s", i,
                         elf_errmsg(-1));
        if ( ph.p_type == PT_NOTE )
        {
            *had_notes = true;
            if ( walk_notes(im, ph.p_offset, ph.p_filesz) )
                return -1;
        }
        else if ( ph.p_type == PT_LOAD )
        {
            struct xabi_image_segment *s =
                realloc(im->segs, (im->nsegs + 1) * sizeof(*s));

            if ( !s )
                return ifail(im, 0, "out of memory");
            im->segs = s;
            s = &im->segs[im->nsegs++];
            s->vaddr = ph.p_vaddr;
            s->paddr = ph.p_paddr;
            s->filesz = ph.p_filesz;
            s->memsz = ph.p_memsz;
            s->flags = ph.p_flags;
        }
    }
    return 0;
}

/* No PT_NOTE: the notes may still be in SHT_NOTE sections. */
static int read_note_sections(struct xabi_image *im)
{
    Elf_Scn *scn = NULL;

    while ( (scn = elf_nextscn(im->elf, scn)) )
    {
        GElf_Shdr sh;

        if ( gelf_getshdr(scn, &sh) && sh.sh_type == SHT_NOTE &&
             walk_notes(im, sh.sh_offset, sh.sh_size) )
            return -1;
    }
    return 0;
}

static int open_elf(struct xabi_image *im)
{
    GElf_Ehdr eh;
    bool had_notes;

    if ( elf_version(EV_CURRENT) == EV_NONE )
        return ifail(im, 0, "libelf is unusable: %s", elf_errmsg(-1));
    im->elf = elf_memory((char *)im->elf_buf, im->elf_len);
    if ( !im->elf || elf_kind(im->elf) != ELF_K_ELF || !gelf_getehdr(im->elf, &eh) )
        return ifail(im, 0, "%snot an ELF file: %s",
                     im->compression ? "decompressed payload is " : "",
                     elf_errmsg(-1));
    /* libelf quietly reports no headers when the table lies past the end;
     * a kernel cut short must say so. */
    if ( eh.e_phnum &&
         (eh.e_phoff > im->elf_len ||
          (uint64_t)eh.e_phnum * eh.e_phentsize > im->elf_len - eh.e_phoff) )
        return ifail(im, eh.e_phoff, "%u program headers run past the "
                     "%zu-byte ELF", eh.e_phnum, im->elf_len);
    im->info.elf_class = gelf_getclass(im->elf) == ELFCLASS64 ? 64 : 32;
    im->info.elf_machine = eh.e_machine;
    im->info.elf_entry = eh.e_entry;
    im->info.elf_size = im->elf_len;
    if ( read_phdrs(im, &had_notes) )
        return -1;
    if ( !had_notes && read_note_sections(im) )
        return -1;
    return 0;
}

int xabi_image_open_mem(const void *buf, size_t len, const char *name,
                        struct xabi_image **out)
{
    const unsigned char *b = buf;
    struct xabi_image *im = calloc(1, sizeof(*im));

    *out = im;
    if ( !im )
        return -1;
    snprintf(im->name, sizeof(im->name), "%s", name);
    if ( len == 0 )
        return ifail(im, 0, "empty file: not a kernel image");
    if ( len >= 0x250 && memcmp(b + 0x202, "HdrS", 4) == 0 )
    {
        if ( open_bzimage(im, b, len) )
            return -1;
    }
    else if ( len >= 4 && memcmp(b, ELFMAG, SELFMAG) == 0 )
    {
        im->container = "elf";
        im->elf_buf = malloc(len);
        if ( !im->elf_buf )
            return ifail(im, 0, "out of memory");
        memcpy(im->elf_buf, b, len);
        im->elf_len = len;
    }
    else
        return ifail(im, 0, "not a kernel image: neither an ELF file nor a "
                     "bzImage (no \"HdrS\" at 0x202)");
    im->info.container = im->container;
    im->info.compression = im->compression;
    return open_elf(im);
}

const char *xabi_image_errmsg(const struct xabi_image *im)
{
    return im ? im->errmsg : "out of memory";
}

const struct xabi_image_info *xabi_image_get_info(const struct xabi_image *im)
{
    return &im->info;
}

size_t xabi_image_notes(const struct xabi_image *im,
                        const struct xabi_image_note **notes)
{
    *notes = im->notes;
    return im->nnotes;
}

size_t xabi_image_segments(const struct xabi_image *im,
                           const struct xabi_image_segment **segs)
{
    *segs = im->segs;
    return im->nsegs;
}

void xabi_image_close(struct xabi_image *im)
{
    size_t i;

    if ( !im )
        return;
    for ( i = 0; i < im->nnotes; i++ )
        free((char *)im->notes[i].text);
    free(im->notes);
    free(im->segs);
    if ( im->elf )
        elf_end(im->elf);
    free(im->elf_buf);
    free(im);
}
