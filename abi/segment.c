/*
 * segment.c: x86 segment selectors and descriptors, as a PV guest hands
 * them to Xen (HYPERVISOR_set_gdt, update_descriptor, the FLAT_* selectors
 * of xen/include/public/arch-x86/xen-x86_{32,64}.h).
 *
 * The bit layouts are the architectural ones (Intel SDM vol. 3 sections
 * 3.4.2 and 3.4.5, AMD APM vol. 2 section 4.7-4.8).  Decoding never fails:
 * every 64-bit value is some descriptor, and what cannot be loaded is named
 * in the bad mask rather than refused.
 */
#include "abi/abi.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void xabi_selector_decode(uint16_t value, struct xabi_selector *out)
{
    out->value = value;
    out->index = value >> 3;
    out->ldt = (value >> 2) & 1;
    out->rpl = value & 3;
    out->null = !out->ldt && out->index == 0;
}

/* Find "index N" (case-insensitive) in a comment. */
static bool comment_index(const char *comment, unsigned long *n)
{
    const char *p;

    for ( p = comment; p && *p; p++ )
    {
        if ( strncasecmp(p, "index", 5) != 0 )
            continue;
        p += 5;
        while ( *p == ' ' || *p == '\t' )
            p++;
        if ( !isdigit((unsigned char)*p) )
            return false;
        *n = strtoul(p, NULL, 10);
        return true;
    }
    return false;
}

enum xabi_gdt_comment xabi_selector_check_comment(
    const struct xabi_selector *sel, unsigned first_reserved,
    const char *comment, unsigned long *stated)
{
    unsigned long n;

    if ( !comment_index(comment, &n) )
        return XABI_GDT_COMMENT_NONE;
    *stated = n;
    if ( n == sel->index )
        return XABI_GDT_COMMENT_EXACT;
    if ( !sel->ldt && sel->index >= first_reserved &&
         n == XABI_GDT_HISTORIC_FIRST + (sel->index - first_reserved) )
        return XABI_GDT_COMMENT_HISTORIC;
    return XABI_GDT_COMMENT_WRONG;
}

/* FLAT_RING3_CS64, FLAT_KERNEL_SS32, FLAT_USER_DS: the register named. */
static enum xabi_seg flat_role(const char *name)
{
    static const struct
    {
        const char *tag;
        enum xabi_seg seg;
    } tags[] = { { "_CS", XABI_SEG_CS }, { "_SS", XABI_SEG_SS },
                 { "_DS", XABI_SEG_DS } };
    size_t i;

    for ( i = 0; name && i < sizeof(tags) / sizeof(tags[0]); i++ )
    {
        if ( strstr(name, tags[i].tag) )
            return tags[i].seg;
    }
    return XABI_SEG_ANY;
}

const char *xabi_selector_misfit(enum xabi_seg seg, const char *flat_name,
                                 uint16_t value)
{
    enum xabi_seg role = flat_role(flat_name);

    /* Outside 64-bit ring 0 a null SS faults; PV kernels never run there. */
    if ( seg == XABI_SEG_SS && (value & ~3u) == 0 )
        return flat_name ? NULL : "the null selector cannot be loaded into SS";
    if ( seg == XABI_SEG_SS && role == XABI_SEG_CS )
        return "a code selector cannot be loaded into SS";
    if ( seg == XABI_SEG_CS && (role == XABI_SEG_SS || role == XABI_SEG_DS) )
        return "a data selector cannot be loaded into CS";
    return NULL;
}

const char *xabi_selector_misfit_for(int g, enum xabi_seg seg,
                                     const char *flat_name, uint16_t value)
{
    if ( g == XABI_HC_HVM64 && seg == XABI_SEG_SS && (value & ~3u) == 0 )
        return NULL;
    if ( g == XABI_HC_HVM32 || g == XABI_HC_HVM64 )
        flat_name = NULL;
    return xabi_selector_misfit(seg, flat_name, value);
}

/*
 * System descriptor types (S=0), legacy and long mode.  NULL: reserved.
 * Long mode keeps only the LDT, the 64-bit TSS and the 64-bit gates.
 */
struct sys_type
{
    const char *legacy, *longmode;
    bool gate;
};

static const struct sys_type sys_types[16] = {
    [0x1] = { "16-bit TSS (available)", NULL, false },
    [0x2] = { "LDT", "LDT", false },
    [0x3] = { "16-bit TSS (busy)", NULL, false },
    [0x4] = { "16-bit call gate", NULL, true },
    [0x5] = { "task gate", NULL, true },
    [0x6] = { "16-bit interrupt gate", NULL, true },
    [0x7] = { "16-bit trap gate", NULL, true },
    [0x9] = { "32-bit TSS (available)", "64-bit TSS (available)", false },
    [0xb] = { "32-bit TSS (busy)", "64-bit TSS (busy)", false },
    [0xc] = { "32-bit call gate", "64-bit call gate", true },
    [0xe] = { "32-bit interrupt gate", "64-bit interrupt gate", true },
    [0xf] = { "32-bit trap gate", "64-bit trap gate", true },
};

static void decode_gate(struct xabi_descriptor *d)
{
    d->gate_selector = (d->lo >> 16) & 0xffff;
    d->gate_offset = (d->lo & 0xffff) | ((d->lo >> 32) & 0xffff0000ull);
    if ( d->long_mode )
    {
        d->gate_offset |= (d->hi & 0xffffffffull) << 32;
        d->gate_ist = (d->lo >> 32) & 7;
    }
    else if ( d->type == 0x4 || d->type == 0xc )
        d->gate_params = (d->lo >> 32) & 0x1f;
    if ( d->type == 0x5 )
        d->gate_offset = 0; /* a task gate names only a TSS selector */
}

static void decode_system(struct xabi_descriptor *d)
{
    const struct sys_type *t = &sys_types[d->type];

    d->sys_name = d->long_mode ? t->longmode : t->legacy;
    if ( !d->sys_name )
    {
        d->bad |= XABI_DESC_BAD_RESERVED;
        return;
    }
    d->gate = t->gate;
    if ( d->long_mode )
    {
        /* Every long-mode system descriptor takes 16 bytes. */
        if ( !d->wide )
            d->bad |= XABI_DESC_BAD_NEED_UPPER;
        else if ( (d->hi >> 40) & 0x1f )
            d->bad |= XABI_DESC_BAD_UPPER_TYPE;
        if ( !d->gate )
            d->base |= (d->hi & 0xffffffffull) << 32;
    }
    if ( d->gate )
        decode_gate(d);
}

/* Does the descriptor fit the segment register it is meant for? */
static void check_seg(struct xabi_descriptor *d, enum xabi_seg seg)
{
    if ( seg == XABI_SEG_ANY )
        return;
    if ( d->kind == XABI_DESC_SYSTEM )
    {
        d->bad |= XABI_DESC_BAD_SYS_IN_SEG;
        return;
    }
    if ( seg == XABI_SEG_SS )
    {
        if ( d->kind == XABI_DESC_CODE )
            d->bad |= XABI_DESC_BAD_CODE_IN_SS;
        else if ( !d->writable )
            d->bad |= XABI_DESC_BAD_RO_IN_SS;
    }
    else if ( seg == XABI_SEG_CS && d->kind != XABI_DESC_CODE )
        d->bad |= XABI_DESC_BAD_DATA_IN_CS;
    else if ( seg == XABI_SEG_DS && d->kind == XABI_DESC_CODE &&
              !d->readable )
        d->bad |= XABI_DESC_BAD_XO_IN_DATA;
}

void xabi_descriptor_decode(uint64_t lo, uint64_t hi, bool wide,
                            bool long_mode, enum xabi_seg seg,
                            struct xabi_descriptor *d)
{
    memset(d, 0, sizeof(*d));
    d->lo = lo;
    d->hi = wide ? hi : 0;
    d->wide = wide;
    d->long_mode = long_mode;

    d->limit = (lo & 0xffff) | ((lo >> 32) & 0xf0000);
    d->base = ((lo >> 16) & 0xffffff) | ((lo >> 32) & 0xff000000ull);
    d->type = (lo >> 40) & 0xf;
    d->s = (lo >> 44) & 1;
    d->dpl = (lo >> 45) & 3;
    d->p = (lo >> 47) & 1;
    d->avl = (lo >> 52) & 1;
    d->l = (lo >> 53) & 1;
    d->db = (lo >> 54) & 1;
    d->g = (lo >> 55) & 1;
    d->limit_last = d->g ? ((uint64_t)d->limit << 12) | 0xfff : d->limit;

    if ( !d->s )
    {
        d->kind = XABI_DESC_SYSTEM;
        decode_system(d);
    }
    else if ( d->type & 8 )
    {
        d->kind = XABI_DESC_CODE;
        d->accessed = d->type & 1;
        d->readable = d->type & 2;
        d->conforming = d->type & 4;
        /* L=1 with D=1 is reserved for code (SDM 5.2.1, APM 4.8.1). */
        if ( d->l && d->db )
            d->bad |= XABI_DESC_BAD_L_AND_D;
    }
    else
    {
        d->kind = XABI_DESC_DATA;
        d->accessed = d->type & 1;
        d->writable = d->type & 2;
        d->expand_down = d->type & 4;
    }
    check_seg(d, seg);
}

static const char *width_of(const struct xabi_descriptor *d)
{
    if ( d->kind == XABI_DESC_CODE && d->l && !d->db )
        return "64-bit";
    return d->db ? "32-bit" : "16-bit";
}

void xabi_descriptor_summary(const struct xabi_descriptor *d, char *buf,
                             size_t len)
{
    bool flat = d->base == 0 && d->limit_last == 0xffffffffull;
    const char *access;

    if ( d->kind == XABI_DESC_SYSTEM )
    {
        snprintf(buf, len, "%s%s, ring-%u%s",
                 d->p ? "" : "not-present ",
                 d->sys_name ? d->sys_name : "reserved system type", d->dpl,
                 d->bad ? " (invalid)" : "");
        return;
    }
    if ( d->kind == XABI_DESC_CODE )
        access = d->readable ? (d->conforming ? "execute/read, conforming"
                                              : "execute/read")
                             : (d->conforming ? "execute-only, conforming"
                                              : "execute-only");
    else
        access = d->writable ? (d->expand_down ? "read/write, expand-down"
                                               : "read/write")
                             : (d->expand_down ? "read-only, expand-down"
                                               : "read-only");
    snprintf(buf, len, "%s%s%s ring-%u %s, %s%s", d->p ? "" : "not-present ",
             flat ? "flat " : "", width_of(d), d->dpl,
             d->kind == XABI_DESC_CODE ? "code" : "data", access,
             d->bad ? " (invalid)" : "");
}

static const struct
{
    unsigned bit;
    const char *text;
} bad_texts[] = {
    { XABI_DESC_BAD_L_AND_D,
      "L and D both set: a reserved combination for code segments" },
    { XABI_DESC_BAD_CODE_IN_SS, "a code segment cannot be loaded into SS" },
    { XABI_DESC_BAD_RO_IN_SS, "SS needs a writable data segment" },
    { XABI_DESC_BAD_DATA_IN_CS, "CS needs a code segment" },
    { XABI_DESC_BAD_SYS_IN_SEG,
      "a system descriptor cannot be loaded into a segment register" },
    { XABI_DESC_BAD_RESERVED, "reserved system descriptor type" },
    { XABI_DESC_BAD_UPPER_TYPE,
      "type field of the upper half of a 16-byte descriptor is not zero" },
    { XABI_DESC_BAD_NEED_UPPER,
      "long-mode system descriptors are 16 bytes: the upper half is "
      "missing" },
    { XABI_DESC_BAD_XO_IN_DATA,
      "an execute-only code segment cannot be loaded into a data "
      "segment register" },
};

const char *xabi_descriptor_bad_text(unsigned bit)
{
    size_t i;

    for ( i = 0; i < sizeof(bad_texts) / sizeof(bad_texts[0]); i++ )
    {
        if ( bad_texts[i].bit == bit )
            return bad_texts[i].text;
    }
    return NULL;
}

/* ---- selector error codes ------------------------------------------- */

bool xabi_vector_selector_error(unsigned vector)
{
    /* Intel SDM vol. 3 6.13: #TS, #NP, #SS, #GP push a selector index. */
    return vector >= 10 && vector <= 13;
}

void xabi_selector_error_decode(uint32_t value, struct xabi_selector_error *out)
{
    memset(out, 0, sizeof(*out));
    out->value = value;
    out->ext = value & 1;
    out->idt = (value >> 1) & 1;
    out->ldt = !out->idt && ((value >> 2) & 1);
    out->index = (value >> 3) & 0x1fff;
    out->null = value == 0;
    out->high = value > 0xffff;
}

char *xabi_error_code_describe(unsigned vector, uint32_t value, char *buf,
                               size_t len)
{
    struct xabi_selector_error e;
    const char *ext;

    if ( !len )
        return buf;
    buf[0] = '\0';
    if ( !xabi_vector_selector_error(vector) )
        return buf;
    xabi_selector_error_decode(value, &e);
    if ( e.high )
        return buf;
    ext = e.ext ? ", EXT (raised while delivering an external event)" : "";
    if ( e.null )
        snprintf(buf, len, "no selector");
    else if ( e.idt && !e.ext && vector == 13 )
        /* A software INT n whose gate would not take it: for a PV guest,
         * a trap-table entry with DPL below the caller's ring, or none. */
        snprintf(buf, len, "IDT vector 0x%x, INT $0x%x refused (gate DPL "
                 "below CPL, or no gate)", e.index, e.index);
    else if ( e.idt )
        snprintf(buf, len, "IDT vector 0x%x%s", e.index, ext);
    else
        snprintf(buf, len, "%s selector 0x%x (index %u, %s)%s",
                 e.ldt ? "LDT" : "GDT", value & 0xfffc, e.index,
                 e.ldt ? "TI=1" : "TI=0", ext);
    return buf;
}
