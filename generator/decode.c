/*
 * decode.c: selectors and descriptors in the words the pages print.  The
 * decoding itself is abi/'s (the one behind `xabi decode`); this adds the
 * page's phrasing, the HVM save record's attr form, and the problems a
 * descriptor has in the register it is in.
 */
#include "generator/generator-int.h"

#include <stdio.h>
#include <string.h>

#include "abi/abi.h"

uint64_t xabi_desc_raw_from_attr(unsigned attr, uint64_t base,
                                 uint64_t limit)
{
    /* The save record's limit is in bytes; the descriptor's in pages if G. */
    uint64_t field = (attr & 0x800) ? limit >> 12 : limit;

    return (field & 0xffff) | ((base & 0xffffff) << 16) |
           ((uint64_t)(attr & 0xff) << 40) | (((field >> 16) & 0xf) << 48) |
           ((uint64_t)((attr >> 8) & 0xf) << 52) |
           (((base >> 24) & 0xff) << 56);
}

static enum xabi_seg seg_of(const char *reg)
{
    if ( !strcmp(reg, "cs") )
        return XABI_SEG_CS;
    if ( !strcmp(reg, "ss") )
        return XABI_SEG_SS;
    if ( !strcmp(reg, "ds") || !strcmp(reg, "es") || !strcmp(reg, "fs") ||
         !strcmp(reg, "gs") )
        return XABI_SEG_DS;
    return XABI_SEG_ANY;
}

/* Append "; why" for each problem bit of d; returns the new length. */
static size_t add_bad(const struct xabi_descriptor *d, char *buf, size_t n,
                      size_t k)
{
    unsigned bit;

    for ( bit = 1; bit && k < n; bit <<= 1 )
    {
        const char *why = (d->bad & bit) ? xabi_descriptor_bad_text(bit)
                                         : NULL;

        if ( why )
            k += (size_t)snprintf(buf + k, n - k, "%s%s", k ? "; " : "",
                                  why);
    }
    return k;
}

void xabi_desc_text(uint64_t raw, const char *reg, char *buf, size_t n)
{
    struct xabi_descriptor d;
    size_t k;

    xabi_descriptor_decode(raw, 0, false, false, seg_of(reg), &d);
    xabi_descriptor_summary(&d, buf, n);
    k = strlen(buf);
    if ( k < n )
        k += (size_t)snprintf(buf + k, n - k, "; base 0x%llx, limit 0x%llx",
                              (unsigned long long)d.base,
                              (unsigned long long)d.limit_last);
    add_bad(&d, buf, n, k);
}

bool xabi_desc_misfit(uint64_t raw, const char *reg, char *buf, size_t n)
{
    struct xabi_descriptor d;

    buf[0] = '\0';
    xabi_descriptor_decode(raw, 0, false, false, seg_of(reg), &d);
    return add_bad(&d, buf, n, 0) > 0;
}

void xabi_selector_text(unsigned sel, unsigned first_reserved, char *buf,
                        size_t n)
{
    struct xabi_selector s;

    xabi_selector_decode((uint16_t)sel, &s);
    if ( s.null )
        snprintf(buf, n, "NUL selector (RPL %u)", s.rpl);
    else if ( !s.ldt && first_reserved && s.index >= first_reserved )
        snprintf(buf, n, "GDT index %u (entry %u of Xen's reserved area "
                 "from %u), RPL %u", s.index, s.index - first_reserved,
                 first_reserved, s.rpl);
    else
        snprintf(buf, n, "%s index %u, RPL %u", s.ldt ? "LDT" : "GDT",
                 s.index, s.rpl);
}

const char *xabi_selector_fit(const char *reg, const char *flat_name,
                              unsigned value)
{
    return xabi_selector_misfit(seg_of(reg), flat_name, (uint16_t)value);
}
