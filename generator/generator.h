/*
 * generator: documentation pages from what the store holds, in three
 * formats (HTML, reStructuredText, MediaWiki), through templates/.
 *
 * The pages (index, hypercalls, PV traps, ABI across versions, audit report
 * and one page per rule, PV start of day, PVH boot ABI) read the store
 * only; every observed fact on them names its run, source file, Xen
 * version, domain and vCPU, and a fact with no observation behind it says
 * it comes from the headers only.
 *
 * A render never leaves a half-written site: it writes a temporary
 * directory beside the output and renames it into place, and replaces an
 * existing output only if that is a site xabi wrote (it holds the marker
 * file XABI_SITE_MARKER) or an empty directory.
 */
#ifndef XABI_GENERATOR_H
#define XABI_GENERATOR_H

#include <stddef.h>
#include <stdio.h>

#include "store/store.h"

#define XABI_SITE_MARKER ".xabi-site"
/* The file name of the template module (generator/template-module.h). */
#define XABI_TPL_MODULE "xabi-ctemplate.so"

enum xabi_format
{
    XABI_FMT_HTML,
    XABI_FMT_RST,
    XABI_FMT_WIKI,
    XABI_FMT_MAX
};

/* "html", "rst", "wiki"; the subdirectory of the output and of templates. */
const char *xabi_format_name(enum xabi_format f);

struct xabi_render_opts
{
    const char *templates; /* directory holding html/, rst/, wiki/ */
    /* The template module to load (template.h: xabi_tpl_load); NULL where
     * the program has the adapter linked in. */
    const char *template_module;
    const char *out;       /* the site: out/html, out/rst, out/wiki */
    unsigned formats;      /* bit (1u << enum xabi_format) per format */
    const char *xabi_version; /* printed in each page's footer */
    /*
     * One page only: its name (as in the site's file names: "index",
     * "hypercalls", "audit", "rule-SEG-001") written in the one format of
     * formats to page_out, and no site; NULL for the whole site.
     */
    const char *page;
    FILE *page_out;
};

/*
 * Render the pages.  0 on success; -1 on xabi's own failure (a missing or
 * broken template, an output it cannot write, an unusable database) with
 * the message in err, and the previous output left as it was; -2 if
 * o->page names no page, with the names there are in err.
 */
int xabi_render(struct xabi_store *st, const struct xabi_render_opts *o,
                char *err, size_t errlen);

#endif
