/*
 * xen-tools.c: what Xen's own dump tools print, per release.
 *
 * xabi reads the text of some of Xen's tools (tools/misc/xen-hvmctx.c),
 * so the facts about how each release prints live here, with their
 * citations, and the collector asks.
 *
 * xen-hvmctx's dump_cpu() prints the CPU save record's six data and code
 * segment lines from one printf.  Up to Xen 4.11 its labels follow its
 * arguments, which come in the order of struct hvm_hw_cpu
 * (xen/include/public/arch-x86/hvm/save.h: cs, ds, es, fs, gs, ss).
 * Commit 47fccb664d ("tools/xen-hvmctx: drop bogus casts from
 * dump_cpu()", first released in 4.12.0) rewrote the format string with
 * the labels in the order cs, es, ds while leaving the arguments as they
 * were: from 4.12 on, the line labelled "es" holds DS and the line
 * labelled "ds" holds ES.  It is still so at RELEASE-4.22.0 and on master.
 *
 * The same commit changed how a selector is printed, from "0x%8.8x" to
 * "%#6.4x", so a dump says by its own shape which printf made it, whatever
 * Xen version the user names: a ten-character "0x" selector is the old
 * tool's, anything else the new one's.
 */
#include "abi/abi.h"

#include <string.h>

static const struct xabi_hvmctx_format hvmctx_formats[] = {
    {
        .first = "4.2",
        .last = "4.11",
        .wide_selector = true,
        .ds_es_swapped = false,
        .cite = "tools/misc/xen-hvmctx.c: dump_cpu() (RELEASE-4.2.0 to "
                "RELEASE-4.11.0): labels cs, ds, es, fs, gs, ss; arguments "
                "c.cs_*, c.ds_*, c.es_*, c.fs_*, c.gs_*, c.ss_*",
    },
    {
        .first = "4.12",
        .last = NULL,
        .wide_selector = false,
        .ds_es_swapped = true,
        .cite = "tools/misc/xen-hvmctx.c: dump_cpu() (RELEASE-4.12.0 to "
                "RELEASE-4.22.0 and master, since commit 47fccb664d): "
                "labels cs, es, ds, fs, gs, ss; arguments c.cs_*, c.ds_*, "
                "c.es_*, c.fs_*, c.gs_*, c.ss_*",
    },
};

const struct xabi_hvmctx_format *xabi_hvmctx_format_by_shape(
    bool wide_selector)
{
    size_t i;

    for ( i = 0; i < sizeof(hvmctx_formats) / sizeof(hvmctx_formats[0]); i++ )
    {
        if ( hvmctx_formats[i].wide_selector == wide_selector )
            return &hvmctx_formats[i];
    }
    return NULL;
}

const char *xabi_hvmctx_register_of(const struct xabi_hvmctx_format *f,
                                    const char *label)
{
    if ( f && f->ds_es_swapped )
    {
        if ( strcmp(label, "ds") == 0 )
            return "es";
        if ( strcmp(label, "es") == 0 )
            return "ds";
    }
    return label;
}
