/*
 * hypercall.c: which hypercalls Xen wires up for each x86 guest type, per
 * release, as Xen's own dispatch tables say.
 *
 * The data is abi/hypercall-tables.h, extracted from xen-project/xen at
 * the tags RELEASE-4.2.0 .. RELEASE-4.22.0 by
 * scripts/make-hypercall-tables.py (which says where each release keeps
 * its tables: xen/include/hypercall-defs.c from 4.17, the hvm and pv
 * hypercall tables in C or assembly before).  A number missing from a
 * table is not wired up: Xen answers -ENOSYS.  An entry under #ifdef
 * keeps its condition; it counts as wired when Xen's default x86 build
 * takes the condition.
 */
#include "abi/abi.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

struct hc_row
{
    int nr;
    const char *name;
    unsigned cols;    /* XABI_HC_COL_* the table lists it for */
    const char *cond; /* the #if around it, or NULL */
    bool dflt;        /* does the default x86 build take cond? */
};

struct hc_release
{
    const char *version;
    const struct hc_row *rows;
    size_t n;
    const char *cite_pv, *cite_hvm;
};

#include "abi/hypercall-tables.h"

#define NRELEASES (sizeof(hc_releases) / sizeof(hc_releases[0]))

static const struct hc_release *find_release(const char *xen_version)
{
    char series[16];
    size_t i;

    if ( !xen_version ||
         xabi_version_release(xen_version, series, sizeof(series)) )
        return NULL;
    for ( i = 0; i < NRELEASES; i++ )
    {
        if ( strcmp(hc_releases[i].version, series) == 0 )
            return &hc_releases[i];
    }
    return NULL;
}

int xabi_abi_hypercall_wiring(const char *xen_version, int64_t nr,
                              struct xabi_hc_wiring *out)
{
    const struct hc_release *r = find_release(xen_version);
    size_t i;

    memset(out, 0, sizeof(*out));
    if ( !r )
        return -1;
    out->cite_pv = r->cite_pv;
    out->cite_hvm = r->cite_hvm;
    for ( i = 0; i < r->n; i++ )
    {
        const struct hc_row *w = &r->rows[i];

        if ( w->nr != nr )
            continue;
        /* An #if/#elif pair may list it twice: the default build's wins. */
        if ( !out->name || (w->dflt && !out->condition_default) )
            out->name = w->name;
        if ( w->dflt )
            out->cols |= w->cols;
        if ( w->cond )
        {
            out->cols_config |= w->cols;
            if ( !out->condition || (w->dflt && !out->condition_default) )
            {
                out->condition = w->cond;
                out->condition_default = w->dflt;
            }
        }
    }
    return 0;
}

enum xabi_hc_allowed xabi_abi_hypercall_allowed(const char *xen_version,
                                                enum xabi_hc_guest g,
                                                int64_t nr, const char **cite)
{
    struct xabi_hc_wiring w;

    if ( cite )
        *cite = NULL;
    if ( (unsigned)g >= XABI_HC_GUESTS ||
         xabi_abi_hypercall_wiring(xen_version, nr, &w) )
        return XABI_HC_UNKNOWN_VERSION;
    if ( cite )
        *cite = g >= XABI_HC_HVM32 ? w.cite_hvm : w.cite_pv;
    return (w.cols & (1u << g)) ? XABI_HC_ALLOWED : XABI_HC_NOT_ALLOWED;
}

const char *xabi_hc_guest_name(enum xabi_hc_guest g)
{
    static const char *const names[] = {"pv32", "pv64", "hvm32", "hvm64"};

    return (unsigned)g < XABI_HC_GUESTS ? names[g] : "?";
}

int xabi_hc_guest_parse(const char *s)
{
    unsigned g;

    for ( g = 0; s && g < XABI_HC_GUESTS; g++ )
    {
        if ( strcasecmp(s, xabi_hc_guest_name(g)) == 0 )
            return (int)g;
    }
    return -1;
}

const char *xabi_hc_release(size_t i)
{
    return i < NRELEASES ? hc_releases[i].version : NULL;
}
