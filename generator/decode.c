/*
 * decode.c: x86 selectors and segment descriptors, as the start-of-day
 * and PVH pages show them (Intel SDM vol. 3 section 3.4; AMD APM vol. 2
 * section 4.7).  Only what the pages print: the abi module's decoder
 * (`xabi decode`) is the complete one.
 */
#include "generator/generator-int.h"

#include <stdio.h>
#include <string.h>

void xabi_desc_from_raw(uint64_t raw, struct xabi_seg_desc *d)
{
    uint64_t limit = (raw & 0xffff) | ((raw >> 32) & 0xf0000);

    d->base = ((raw >> 16) & 0xffffff) | (((raw >> 56) & 0xff) << 24);
    d->type = (raw >> 40) & 0xf;
    d->s = (raw >> 44) & 1;
    d->dpl = (raw >> 45) & 3;
    d->p = (raw >> 47) & 1;
    d->avl = (raw >> 52) & 1;
    d->l = (raw >> 53) & 1;
    d->db = (raw >> 54) & 1;
    d->g = (raw >> 55) & 1;
    d->limit = d->g ? (limit << 12) | 0xfff : limit;
}

void xabi_desc_from_attr(unsigned attr, uint64_t base, uint64_t limit,
                         struct xabi_seg_desc *d)
{
    d->base = base;
    d->limit = limit; /* the save record's limit is in bytes already */
    d->type = attr & 0xf;
    d->s = (attr >> 4) & 1;
    d->dpl = (attr >> 5) & 3;
    d->p = (attr >> 7) & 1;
    d->avl = (attr >> 8) & 1;
    d->l = (attr >> 9) & 1;
    d->db = (attr >> 10) & 1;
    d->g = (attr >> 11) & 1;
}

static const char *system_type(unsigned type)
{
    static const char *const names[16] = {
        "reserved system type 0", "16-bit TSS (available)", "LDT",
        "16-bit TSS (busy)", "16-bit call gate", "task gate",
        "16-bit interrupt gate", "16-bit trap gate", "reserved system type 8",
        "32/64-bit TSS (available)", "reserved system type 10",
        "32/64-bit TSS (busy)", "32/64-bit call gate",
        "reserved system type 13", "32/64-bit interrupt gate",
        "32/64-bit trap gate",
    };

    return names[type & 0xf];
}

void xabi_desc_summary(const struct xabi_seg_desc *d, char *buf, size_t n)
{
    const char *width = d->l ? (d->db ? "invalid (L and D both set)"
                                      : "64-bit")
                             : d->db ? "32-bit" : "16-bit";
    bool flat = d->base == 0 && d->limit == 0xffffffff;

    if ( !d->s )
    {
        snprintf(buf, n, "%s, DPL %u, base 0x%llx, limit 0x%llx%s",
                 system_type(d->type), d->dpl, (unsigned long long)d->base,
                 (unsigned long long)d->limit, d->p ? "" : ", not present");
        return;
    }
    if ( d->type & 8 )
        snprintf(buf, n, "%s%s ring-%u code, execute%s%s%s; base 0x%llx, "
                 "limit 0x%llx%s",
                 flat ? "flat " : "", width, d->dpl,
                 d->type & 2 ? "/read" : " only",
                 d->type & 4 ? ", conforming" : "",
                 d->type & 1 ? ", accessed" : "",
                 (unsigned long long)d->base, (unsigned long long)d->limit,
                 d->p ? "" : ", not present");
    else
        snprintf(buf, n, "%s%s ring-%u data, read%s%s%s; base 0x%llx, "
                 "limit 0x%llx%s",
                 flat ? "flat " : "", d->l ? "invalid (L set on data)"
                                           : width, d->dpl,
                 d->type & 2 ? "/write" : " only",
                 d->type & 4 ? ", expand-down" : "",
                 d->type & 1 ? ", accessed" : "",
                 (unsigned long long)d->base, (unsigned long long)d->limit,
                 d->p ? "" : ", not present");
}

void xabi_selector_text(unsigned sel, unsigned first_reserved, char *buf,
                        size_t n)
{
    unsigned idx = sel >> 3;

    if ( (sel & ~3u) == 0 )
    {
        snprintf(buf, n, "NUL selector (RPL %u)", sel & 3);
        return;
    }
    if ( !(sel & 4) && first_reserved && idx >= first_reserved )
        snprintf(buf, n, "GDT index %u (entry %u of Xen's reserved area "
                 "from %u), RPL %u", idx, idx - first_reserved,
                 first_reserved, sel & 3);
    else
        snprintf(buf, n, "%s index %u, RPL %u", sel & 4 ? "LDT" : "GDT", idx,
                 sel & 3);
}
