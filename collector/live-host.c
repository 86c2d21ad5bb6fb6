/*
 * live-host.c: reading a running Xen from dom0, through libxenctrl,
 * libxenforeignmemory and libxenstore (collector/live-int.h).
 *
 * Nothing is written to a guest.  Guest memory is mapped read-only
 * (PROT_READ), and domains are never paused here: XEN_DOMCTL_getvcpucontext
 * and the HVM save record take the vCPU's state as Xen holds it.
 */
#define _GNU_SOURCE /* sched_setaffinity, CPU_SET */
#include "collector/live-int.h"
#include "collector/live-xen.h"

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <xenforeignmemory.h>
#include <xenstore.h>

struct xabi_live_host
{
    xc_interface *xc;
    xenforeignmemory_handle *fmem;
    struct xs_handle *xs; /* NULL: no xenstored, so no names */
};

/*
 * Xen's libraries are loaded with dlopen() by xabi_live_host_open(), the
 * one way in here: only `collect --live` and snapshots read a running Xen,
 * and linked, the nine libraries libxenctrl brings cost every other
 * command about 3 ms of start-up (bench/README.md).  Their names are the
 * sonames of the libraries built against (the Makefile reads them), and
 * each function's type is the one in this release's headers.
 */
#if !defined(XENCTRL_SONAME) || !defined(XENFOREIGNMEMORY_SONAME) || \
    !defined(XENSTORE_SONAME)
#error "the Makefile defines Xen's sonames (xen_soname), from libxen-dev"
#endif
_Static_assert(sizeof(XENCTRL_SONAME) > 1 &&
                   sizeof(XENFOREIGNMEMORY_SONAME) > 1 &&
                   sizeof(XENSTORE_SONAME) > 1,
               "a soname of Xen's is empty: is libxen-dev installed?");
#define XEN_LIBS(L) L(xenctrl, XENCTRL_SONAME) \
    L(xenforeignmemory, XENFOREIGNMEMORY_SONAME) L(xenstore, XENSTORE_SONAME)
#define XEN_FNS(F) \
    F(xenctrl, xc_interface_open) F(xenctrl, xc_interface_close) \
    F(xenctrl, xc_version) F(xenctrl, xc_domain_getinfolist) \
    F(xenctrl, xc_domain_get_guest_width) F(xenctrl, xc_vcpu_getcontext) \
    F(xenctrl, xc_domain_hvm_getcontext_partial) \
    F(xenctrl, xc_translate_foreign_address) F(xenctrl, xc_domain_unpause) \
    F(xenforeignmemory, xenforeignmemory_open) \
    F(xenforeignmemory, xenforeignmemory_close) \
    F(xenforeignmemory, xenforeignmemory_map) \
    F(xenforeignmemory, xenforeignmemory_unmap) \
    F(xenstore, xs_open) F(xenstore, xs_close) F(xenstore, xs_read)

static struct
{
#define XEN_FN_PTR(lib, fn) __typeof__(fn) *fn;
    XEN_FNS(XEN_FN_PTR)
#undef XEN_FN_PTR
    bool loaded;
    char why[512]; /* when not loaded */
} xen;

static pthread_once_t xen_once = PTHREAD_ONCE_INIT;

static void xen_load(void)
{
#define XEN_LIB_VAR(lib, soname) void *lib = NULL;
    XEN_LIBS(XEN_LIB_VAR)
#undef XEN_LIB_VAR
    void *sym;

#define XEN_LIB_OPEN(lib, soname)                                           \
    if ( !(lib = dlopen(soname, RTLD_NOW | RTLD_LOCAL)) )                   \
    {                                                                       \
        snprintf(xen.why, sizeof(xen.why), "cannot load Xen's %s: %s",     \
                 soname, dlerror());                                        \
        return;                                                             \
    }
    XEN_LIBS(XEN_LIB_OPEN)
#undef XEN_LIB_OPEN
    /* POSIX lets a data pointer from dlsym() be used as a function's. */
#define XEN_FN_SYM(lib, fn)                                                 \
    if ( !(sym = dlsym(lib, #fn)) )                                         \
    {                                                                       \
        snprintf(xen.why, sizeof(xen.why), "Xen's library %s has no %s",   \
                 #lib, #fn);                                                \
        return;                                                             \
    }                                                                       \
    memcpy(&xen.fn, &sym, sizeof(xen.fn));
    XEN_FNS(XEN_FN_SYM)
#undef XEN_FN_SYM
    xen.loaded = true;
}

static int fail(char *err, size_t errlen, const char *what)
{
    snprintf(err, errlen, "%s: %s", what, strerror(errno));
    return -1;
}

int xabi_live_host_open(struct xabi_live_host **out, char *err, size_t errlen)
{
    struct xabi_live_host *h = calloc(1, sizeof(*h));

    *out = NULL;
    if ( !h )
        return snprintf(err, errlen, "out of memory"), -1;
    pthread_once(&xen_once, xen_load);
    if ( !xen.loaded )
    {
        snprintf(err, errlen, "%s", xen.why);
        free(h);
        return -1;
    }
    h->xc = xen.xc_interface_open(NULL, NULL, 0);
    if ( !h->xc )
    {
        fail(err, errlen, "cannot open libxenctrl (xc_interface_open)");
        free(h);
        return -1;
    }
    h->fmem = xen.xenforeignmemory_open(NULL, 0);
    if ( !h->fmem )
    {
        fail(err, errlen, "cannot open xenforeignmemory");
        xen.xc_interface_close(h->xc);
        free(h);
        return -1;
    }
    /*
     * Without xenstored, a request through /dev/xen/xenbus would wait for
     * an answer that never comes: talk to it only when its socket is there.
     */
    if ( access("/run/xenstored/socket", F_OK) == 0 ||
         access("/var/run/xenstored/socket", F_OK) == 0 )
        h->xs = xen.xs_open(XS_OPEN_READONLY);
    *out = h;
    return 0;
}

void xabi_live_host_close(struct xabi_live_host *h)
{
    if ( !h )
        return;
    if ( h->xs )
        xen.xs_close(h->xs);
    xen.xenforeignmemory_close(h->fmem);
    xen.xc_interface_close(h->xc);
    free(h);
}

int xabi_live_host_version(struct xabi_live_host *h, char *minor,
                           size_t minor_len, char *full, size_t full_len,
                           char *caps, size_t caps_len)
{
    xen_extraversion_t extra;
    xen_capabilities_info_t cap;
    int v = xen.xc_version(h->xc, XENVER_version, NULL);

    if ( v < 0 )
        return -1;
    memset(extra, 0, sizeof(extra));
    memset(cap, 0, sizeof(cap));
    if ( xen.xc_version(h->xc, XENVER_extraversion, &extra) < 0 )
        extra[0] = '\0';
    if ( xen.xc_version(h->xc, XENVER_capabilities, &cap) < 0 )
        cap[0] = '\0';
    extra[sizeof(extra) - 1] = cap[sizeof(cap) - 1] = '\0';
    /* XENVER_version: major in the top 16 bits, minor in the bottom. */
    snprintf(minor, minor_len, "%d.%d", v >> 16, v & 0xffff);
    snprintf(full, full_len, "%d.%d%s", v >> 16, v & 0xffff, extra);
    snprintf(caps, caps_len, "%s", cap);
    return 0;
}

static void domain_name(struct xabi_live_host *h, uint32_t domid, char *out,
                        size_t len)
{
    char path[64];
    unsigned n = 0;
    char *v;

    out[0] = '\0';
    if ( !h->xs )
        return;
    snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
    v = xen.xs_read(h->xs, XBT_NULL, path, &n);
    if ( v )
        snprintf(out, len, "%.*s", (int)n, v);
    free(v);
}

/* Every domain Xen lists, dying ones too; -1 with err. */
static int list_domains(struct xabi_live_host *h, xc_domaininfo_t *info,
                        int *got, char *err, size_t errlen)
{
    *got = xen.xc_domain_getinfolist(h->xc, 0, XABI_LIVE_MAX_DOMAINS, info);
    if ( *got < 0 )
        return fail(err, errlen, "cannot list the domains "
                                 "(xc_domain_getinfolist)");
    return 0;
}

int xabi_live_host_domains(struct xabi_live_host *h,
                           struct xabi_live_domain *out, size_t max,
                           size_t *n, char *err, size_t errlen)
{
    xc_domaininfo_t info[XABI_LIVE_MAX_DOMAINS];
    int got, i;

    *n = 0;
    if ( list_domains(h, info, &got, err, errlen) )
        return -1;
    for ( i = 0; i < got && *n < max; i++ )
    {
        struct xabi_live_domain *d = &out[*n];
        unsigned width = 8;

        if ( info[i].flags & XEN_DOMINF_dying )
            continue;
        memset(d, 0, sizeof(*d));
        d->domid = info[i].domain;
        if ( !(info[i].flags & XEN_DOMINF_hvm_guest) &&
             xen.xc_domain_get_guest_width(h->xc, d->domid, &width) )
            width = 8;
        d->type = xabi_live_guest_type(&info[i], width);
        d->vcpus = info[i].max_vcpu_id == XEN_INVALID_MAX_VCPU_ID
                       ? 0
                       : info[i].max_vcpu_id + 1;
        d->paused = info[i].flags & XEN_DOMINF_paused;
        d->ever_ran = info[i].cpu_time != 0;
        xabi_live_domain_state(&info[i], false, &d->state);
        domain_name(h, d->domid, d->name, sizeof(d->name));
        (*n)++;
    }
    return 0;
}

int xabi_live_host_states(struct xabi_live_host *h,
                          struct xabi_domain_state *out, size_t max,
                          size_t *n, char *err, size_t errlen)
{
    xc_domaininfo_t info[XABI_LIVE_MAX_DOMAINS];
    int got, i;

    *n = 0;
    if ( list_domains(h, info, &got, err, errlen) )
        return -1;
    for ( i = 0; i < got && *n < max; i++ )
        xabi_live_domain_state(&info[i], true, &out[(*n)++]);
    return 0;
}

/*
 * Xen will not read a vCPU's context from that same vCPU (EINVAL): in dom0,
 * read vCPU v from a CPU other than v.  Returns 0 if the thread moved.
 */
static int move_off(unsigned vcpu, cpu_set_t *saved)
{
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    cpu_set_t set;

    if ( ncpu < 2 || sched_getaffinity(0, sizeof(*saved), saved) )
        return -1;
    CPU_ZERO(&set);
    CPU_SET(vcpu == 0 ? 1 : 0, &set);
    return sched_setaffinity(0, sizeof(set), &set);
}

static int get_context(struct xabi_live_host *h, uint32_t domid,
                       unsigned vcpu, vcpu_guest_context_any_t *ctx)
{
    cpu_set_t saved;
    int rc = xen.xc_vcpu_getcontext(h->xc, domid, vcpu, ctx);

    if ( rc && errno == EINVAL && domid == 0 && move_off(vcpu, &saved) == 0 )
    {
        rc = xen.xc_vcpu_getcontext(h->xc, domid, vcpu, ctx);
        sched_setaffinity(0, sizeof(saved), &saved);
    }
    return rc;
}

/* Map frames read-only; dom0 maps its own frames as DOMID_SELF. */
static void *map_ro(struct xabi_live_host *h, uint32_t domid, size_t n,
                    const xen_pfn_t *frames)
{
    int errs[16] = { 0 };
    void *p;
    size_t i;

    if ( n > 16 )
        return NULL;
    p = xen.xenforeignmemory_map(h->fmem, domid, PROT_READ, n, frames, errs);
    for ( i = 0; p && i < n; i++ )
    {
        if ( errs[i] )
        {
            xen.xenforeignmemory_unmap(h->fmem, p, n);
            p = NULL;
            errno = -errs[i];
        }
    }
    /* Xen refuses a domain naming itself as the foreign one (ESRCH), the
     * whole call or per page. */
    if ( !p && errno == ESRCH && domid == 0 )
        return map_ro(h, DOMID_SELF, n, frames);
    return p;
}

static void read_gdt(struct xabi_live_host *h, uint32_t domid,
                     const vcpu_guest_context_any_t *ctx, bool pv32,
                     struct xabi_live_snap *out)
{
    xen_pfn_t frames[16];
    unsigned ents, n = xabi_live_gdt_frames(ctx, pv32, frames, &ents);
    void *p;

    if ( n == 0 )
    {
        out->s.gdt_read = true; /* the guest has no GDT of its own yet */
        return;
    }
    p = map_ro(h, domid, n, frames);
    if ( !p )
    {
        snprintf(out->problem, sizeof(out->problem),
                 "GDT frames of d%uv%d not mapped: %s", domid, out->s.vcpu,
                 strerror(errno));
        return;
    }
    out->gdt = malloc(ents * sizeof(uint64_t));
    if ( out->gdt )
    {
        memcpy(out->gdt, p, ents * sizeof(uint64_t));
        out->s.gdt = out->gdt;
        out->s.ngdt = ents;
        out->s.gdt_read = true;
    }
    xen.xenforeignmemory_unmap(h->fmem, p, n);
}

/* Copy len bytes of guest-physical memory at gpa (an HVM or PVH guest). */
static int read_gpa(struct xabi_live_host *h, uint32_t domid, uint64_t gpa,
                    void *buf, size_t len)
{
    xen_pfn_t frames[2] = { gpa >> 12, (gpa >> 12) + 1 };
    size_t n = ((gpa & 4095) + len + 4095) / 4096;
    void *p;

    if ( n > 2 )
        return -1;
    p = map_ro(h, domid, n, frames);
    if ( !p )
        return -1;
    memcpy(buf, (char *)p + (gpa & 4095), len);
    xen.xenforeignmemory_unmap(h->fmem, p, n);
    return 0;
}

/*
 * At a PVH guest's entry, EBX holds the address of its hvm_start_info
 * (xen/include/public/arch-x86/hvm/start_info.h); later it holds anything.
 */
static void read_start_info(struct xabi_live_host *h, uint32_t domid,
                            struct xabi_live_snap *out)
{
    struct hvm_start_info si;
    uint64_t gpa = out->s.reg[XABI_REG_RBX] & 0xffffffffu;

    if ( read_gpa(h, domid, gpa, &si, sizeof(si)) )
    {
        snprintf(out->problem, sizeof(out->problem),
                 "start info of d%u at 0x%llx not mapped: %s", domid,
                 (unsigned long long)gpa, strerror(errno));
        return;
    }
    out->s.has_start_info = true;
    out->s.start_info = (struct xabi_start_info){
        .gpa = gpa, .magic = si.magic, .version = si.version,
        .flags = si.flags, .nr_modules = si.nr_modules,
        .modlist_paddr = si.modlist_paddr,
        .cmdline_paddr = si.cmdline_paddr, .rsdp_paddr = si.rsdp_paddr,
        .has_memmap = si.version >= 1,
        .memmap_paddr = si.version >= 1 ? si.memmap_paddr : 0,
        .memmap_entries = si.version >= 1 ? si.memmap_entries : 0,
    };
}

static void stamp(struct xabi_snapshot *s)
{
    time_t now = time(NULL);
    struct tm tm;

    if ( gmtime_r(&now, &tm) )
        strftime(s->taken_at, sizeof(s->taken_at), "%Y-%m-%dT%H:%M:%SZ",
                 &tm);
}

int xabi_live_host_snapshot(struct xabi_live_host *h,
                            const struct xabi_live_domain *d, unsigned vcpu,
                            struct xabi_live_snap *out, char *err,
                            size_t errlen)
{
    struct xabi_snapshot *s = &out->s;

    out->gdt = NULL;
    out->problem[0] = '\0';
    s->type = d->type;
    stamp(s);
    if ( d->type == XABI_GUEST_PV64 || d->type == XABI_GUEST_PV32 )
    {
        vcpu_guest_context_any_t ctx;
        bool pv32 = d->type == XABI_GUEST_PV32;

        memset(&ctx, 0, sizeof(ctx));
        if ( get_context(h, d->domid, vcpu, &ctx) )
        {
            snprintf(err, errlen,
                     "d%uv%u: XEN_DOMCTL_getvcpucontext failed: %s",
                     d->domid, vcpu, strerror(errno));
            return -1;
        }
        snprintf(s->source, sizeof(s->source), "getvcpucontext");
        if ( pv32 )
            xabi_live_from_pv32(&ctx.x32, s);
        else
            xabi_live_from_pv64(&ctx.x64, s);
        read_gdt(h, d->domid, &ctx, pv32, out);
        /* xen.h: start_info_t is at rSI at the start of day; read it
         * through the guest's own page tables. */
        if ( s->phase == XABI_SNAP_INITIAL )
        {
            uint8_t page[4096];
            uint64_t va = s->reg[XABI_REG_RSI];
            char why[160];

            /* a bootstrap element is page-aligned: else nothing to read,
             * and the claim says so from rSI itself */
            if ( (va & 0xfff) == 0 &&
                 xabi_live_host_read_page(h, d->domid, va, page, why,
                                          sizeof(why)) == 0 )
                xabi_live_pv_start_info(page, va, pv32, s);
        }
        return 0;
    }
    else
    {
        struct hvm_hw_cpu cpu;
        struct hvm_hw_mtrr mtrr;

        memset(&cpu, 0, sizeof(cpu));
        if ( xen.xc_domain_hvm_getcontext_partial(h->xc, d->domid,
                                              HVM_SAVE_CODE(CPU), vcpu, &cpu,
                                              sizeof(cpu)) )
        {
            snprintf(err, errlen,
                     "d%uv%u: the HVM CPU save record cannot be read: %s",
                     d->domid, vcpu, strerror(errno));
            return -1;
        }
        snprintf(s->source, sizeof(s->source), "hvm-save");
        xabi_live_from_hvm(&cpu, d->type, s);
        /* The MTRRs, where Xen gives them: without, has_mtrr stays false
         * and the MTRR claims say NOT-OBSERVED. */
        memset(&mtrr, 0, sizeof(mtrr));
        if ( !xen.xc_domain_hvm_getcontext_partial(h->xc, d->domid,
                                               HVM_SAVE_CODE(MTRR), vcpu,
                                               &mtrr, sizeof(mtrr)) )
            xabi_live_mtrr(&mtrr, s);
        if ( d->type == XABI_GUEST_PVH && s->phase == XABI_SNAP_INITIAL )
            read_start_info(h, d->domid, out);
    }
    return 0;
}

int xabi_live_host_read_page(struct xabi_live_host *h, uint32_t domid,
                             uint64_t va, uint8_t page[4096], char *err,
                             size_t errlen)
{
    /* Walks vCPU 0's page tables, as the guest would see va. */
    xen_pfn_t mfn = xen.xc_translate_foreign_address(h->xc, domid, 0, va);
    void *p;

    if ( !mfn )
    {
        snprintf(err, errlen, "d%u: 0x%llx is not mapped in the guest", domid,
                 (unsigned long long)va);
        return -1;
    }
    p = map_ro(h, domid, 1, &mfn);
    if ( !p )
    {
        snprintf(err, errlen, "d%u: the page at 0x%llx cannot be mapped: %s",
                 domid, (unsigned long long)va, strerror(errno));
        return -1;
    }
    memcpy(page, p, 4096);
    xen.xenforeignmemory_unmap(h->fmem, p, 1);
    return 0;
}

int xabi_live_host_unpause(struct xabi_live_host *h, uint32_t domid,
                           char *err, size_t errlen)
{
    if ( xen.xc_domain_unpause(h->xc, domid) )
    {
        snprintf(err, errlen, "d%u: cannot unpause: %s", domid,
                 strerror(errno));
        return -1;
    }
    return 0;
}
