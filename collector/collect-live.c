/*
 * collect-live.c: `xabi collect --live`, one run of a running host.
 *
 * The order of things:
 *
 *   1. Read the host: its version, its domains; resolve --domain.
 *   2. Snapshot every vCPU of the chosen domains (phase 'initial' for a
 *      domain created paused that has never run), and read the hypercall
 *      page of a PV guest whose kernel (--kernel) names it.
 *   3. Start xentrace as a child, its output on a pipe, and feed the pipe
 *      to the trace collector on this thread.  A control thread waits for
 *      the first bytes (tracing is on), unpauses the domains if --start
 *      asked, snapshots every --snapshot-interval, and at the end of
 *      --duration, or on SIGINT or SIGTERM, takes the final snapshots and
 *      stops xentrace with SIGINT, so it flushes and closes the pipe.
 *   4. In the trace collector's transaction, before its commit: the host,
 *      the domains, the snapshots, the segment loads between them, and
 *      what could not be read.  A failure anywhere leaves the database
 *      as it was.
 *
 * Signals: SIGINT and SIGTERM are blocked in this process and taken by the
 * control thread with sigtimedwait, so a Ctrl-C ends the run cleanly rather
 * than killing it; xentrace gets them unblocked.
 */
#include "collector/collector-int.h"
#include "collector/hcpage.h"
#include "collector/live-int.h"
#include "collector/snapshot.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* How long to wait for xentrace's first bytes before unpausing anyway. */
#define TRACE_START_WAIT 15.0

#define MAX_PROBLEMS 64

struct live
{
    const struct xabi_live_opts *o;
    struct xabi_live_host *h;
    char minor[16], full[64], caps[1024];
    struct xabi_live_domain doms[XABI_LIVE_MAX_DOMAINS];
    bool selected[XABI_LIVE_MAX_DOMAINS];
    size_t ndoms;

    /* Every domain's shutdown state when the run ended. */
    struct xabi_domain_state end_states[XABI_LIVE_MAX_DOMAINS];
    size_t nend_states;
    bool have_end_states;

    struct xabi_live_snap **snaps; /* in the order taken */
    size_t nsnaps, capsnaps;

    struct
    {
        int32_t domid, vcpu;
        char msg[256];
    } problems[MAX_PROBLEMS];
    size_t nproblems;

    uint64_t hcpage_va; /* from the kernel's XEN_ELFNOTE_HYPERCALL_PAGE */
    bool have_hcpage_va;
    struct xabi_hcpage *pages[XABI_LIVE_MAX_DOMAINS]; /* read, per domain */
    size_t npages;

    struct xabi_tracer tracer;
    FILE *saved;                  /* --save-trace */
    pthread_mutex_t lock;         /* problems: both threads add to them */
    atomic_uint_fast64_t bytes;   /* read from xentrace so far */
    pthread_t ctl;
    bool ctl_running, started;
    sigset_t sigs;
    bool stopped_by_signal;
};

static void problem(struct live *l, int32_t domid, int32_t vcpu,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void problem(struct live *l, int32_t domid, int32_t vcpu,
                    const char *fmt, ...)
{
    va_list ap;

    pthread_mutex_lock(&l->lock);
    if ( l->nproblems == MAX_PROBLEMS )
    {
        pthread_mutex_unlock(&l->lock);
        return;
    }
    l->problems[l->nproblems].domid = domid;
    l->problems[l->nproblems].vcpu = vcpu;
    va_start(ap, fmt);
    vsnprintf(l->problems[l->nproblems].msg,
              sizeof(l->problems[l->nproblems].msg), fmt, ap);
    va_end(ap);
    fprintf(stderr, "xabi collect: live: %s\n",
            l->problems[l->nproblems].msg);
    l->nproblems++;
    pthread_mutex_unlock(&l->lock);
}

int xabi_live_probe(char *err, size_t errlen)
{
    char caps[256] = "";
    FILE *f;

    if ( access("/dev/xen/privcmd", F_OK) )
    {
        snprintf(err, errlen,
                 "--live: no /dev/xen/privcmd: this is not a Xen dom0, or "
                 "its xen-privcmd module is not loaded");
        return -1;
    }
    /* xenfs says what this domain may do; "control_d" is dom0's mark. */
    f = fopen("/proc/xen/capabilities", "r");
    if ( f )
    {
        size_t n = fread(caps, 1, sizeof(caps) - 1, f);

        caps[n] = '\0';
        fclose(f);
        if ( !strstr(caps, "control_d") )
        {
            snprintf(err, errlen,
                     "--live: /proc/xen/capabilities lacks control_d: this "
                     "is a Xen guest, not dom0");
            return -1;
        }
    }
    if ( access("/dev/xen/privcmd", R_OK | W_OK) )
    {
        snprintf(err, errlen, "--live: /dev/xen/privcmd: %s (run as root)",
                 strerror(errno));
        return -1;
    }
    return 0;
}

/* ---- domains ------------------------------------------------------------ */

static int select_domains(struct live *l, char *err, size_t errlen)
{
    size_t i, k;

    if ( l->o->ndomains == 0 )
    {
        for ( i = 0; i < l->ndoms; i++ )
            l->selected[i] = true;
        return 0;
    }
    for ( k = 0; k < l->o->ndomains; k++ )
    {
        const char *want = l->o->domains[k];
        char *end;
        unsigned long id = strtoul(want, &end, 10);
        bool numeric = *want && !*end;

        for ( i = 0; i < l->ndoms; i++ )
            if ( numeric ? l->doms[i].domid == id
                         : strcmp(l->doms[i].name, want) == 0 )
                break;
        if ( i == l->ndoms )
        {
            char list[512] = "";
            size_t j, used = 0;

            for ( j = 0; j < l->ndoms && used + 1 < sizeof(list); j++ )
                used += (size_t)snprintf(list + used, sizeof(list) - used,
                                         "%s%u%s%s", j ? ", " : "",
                                         l->doms[j].domid,
                                         l->doms[j].name[0] ? " " : "",
                                         l->doms[j].name);
            snprintf(err, errlen, "--domain %s: no such domain (there are: %s)",
                     want, list);
            return -1;
        }
        l->selected[i] = true;
        if ( l->o->start && !l->doms[i].paused )
        {
            snprintf(err, errlen,
                     "--start: domain %s is not paused; --start takes a "
                     "domain created paused (xl create -p)", want);
            return -1;
        }
    }
    return 0;
}

/* ---- snapshots ---------------------------------------------------------- */

static void free_snap(struct xabi_live_snap *s)
{
    if ( s )
        free(s->gdt);
    free(s);
}

static int keep_snap(struct live *l, struct xabi_live_snap *s)
{
    if ( l->nsnaps == l->capsnaps )
    {
        size_t cap = l->capsnaps ? 2 * l->capsnaps : 16;
        struct xabi_live_snap **p = realloc(l->snaps, cap * sizeof(*p));

        if ( !p )
            return -1;
        l->snaps = p;
        l->capsnaps = cap;
    }
    l->snaps[l->nsnaps++] = s;
    return 0;
}

/*
 * Has this vCPU been seen in user mode: caught there now, or in an earlier
 * snapshot of this run?  1 or -1 (not known: it may have been, unseen).
 */
static int user_mode_seen(const struct live *l, const struct xabi_snapshot *s)
{
    size_t i;

    if ( xabi_snapshot_in_user_mode(s) )
        return 1;
    for ( i = 0; i < l->nsnaps; i++ )
        if ( l->snaps[i]->s.domid == s->domid &&
             l->snaps[i]->s.vcpu == s->vcpu &&
             l->snaps[i]->s.user_mode_seen == 1 )
            return 1;
    return -1;
}

/*
 * Snapshot every vCPU of the chosen domains.  A vCPU that cannot be read
 * is a problem recorded, not a failure: a domain may go away mid-run.
 */
static void snapshot_all(struct live *l, enum xabi_snap_phase phase)
{
    char why[256];
    size_t i;
    unsigned v;

    for ( i = 0; i < l->ndoms; i++ )
    {
        const struct xabi_live_domain *d = &l->doms[i];
        enum xabi_snap_phase ph = phase;

        if ( !l->selected[i] )
            continue;
        /* Before its first instruction only if it has never run. */
        if ( ph == XABI_SNAP_INITIAL && (!d->paused || d->ever_ran) )
            ph = XABI_SNAP_RUNNING;
        for ( v = 0; v < d->vcpus; v++ )
        {
            struct xabi_live_snap *s = calloc(1, sizeof(*s));

            if ( !s )
            {
                problem(l, (int32_t)d->domid, (int32_t)v, "out of memory");
                return;
            }
            s->s.domid = (int32_t)d->domid;
            s->s.vcpu = (int32_t)v;
            s->s.phase = ph;
            s->s.user_mode_seen = ph == XABI_SNAP_INITIAL ? 0 : -1;
            if ( xabi_live_host_snapshot(l->h, d, v, s, why, sizeof(why)) )
            {
                problem(l, (int32_t)d->domid, (int32_t)v, "%s", why);
                free_snap(s);
                continue;
            }
            if ( ph != XABI_SNAP_INITIAL )
                s->s.user_mode_seen = user_mode_seen(l, &s->s);
            if ( s->problem[0] )
                problem(l, (int32_t)d->domid, (int32_t)v, "%s", s->problem);
            if ( keep_snap(l, s) )
            {
                problem(l, (int32_t)d->domid, (int32_t)v, "out of memory");
                free_snap(s);
                return;
            }
        }
    }
}

/* ---- the hypercall page ------------------------------------------------- */

/*
 * Read and disassemble the hypercall page of each chosen PV domain, at the
 * address its kernel's note gives.  Xen's domain builder writes the page
 * before the guest's first instruction, so a guest created paused has it
 * already.  What cannot be read is a problem recorded, not a failure.
 */
static void read_hypercall_pages(struct live *l)
{
    static uint8_t page[4096];
    char why[512], name[64];
    size_t i;

    for ( i = 0; i < l->ndoms; i++ )
    {
        const struct xabi_live_domain *d = &l->doms[i];
        struct xabi_hcpage *pg;

        if ( !l->selected[i] ||
             (d->type != XABI_GUEST_PV64 && d->type != XABI_GUEST_PV32) )
            continue;
        if ( !l->have_hcpage_va )
        {
            if ( l->o->kernel )
                problem(l, (int32_t)d->domid, -1,
                        "%s has no XEN_ELFNOTE_HYPERCALL_PAGE: no hypercall "
                        "page to read", l->o->kernel);
            continue;
        }
        if ( xabi_live_host_read_page(l->h, d->domid, l->hcpage_va, page, why,
                                      sizeof(why)) )
        {
            problem(l, (int32_t)d->domid, -1, "hypercall page: %s", why);
            continue;
        }
        snprintf(name, sizeof(name), "d%u hypercall page", d->domid);
        if ( xabi_hcpage_disasm(page, sizeof(page), l->hcpage_va, d->type,
                                name, &pg, why, sizeof(why)) )
        {
            problem(l, (int32_t)d->domid, -1, "%s", why);
            continue;
        }
        pg->domid = (int32_t)d->domid;
        pg->source = "live";
        l->pages[l->npages++] = pg;
    }
}

/* ---- the control thread ------------------------------------------------- */

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Wait up to secs for SIGINT, SIGTERM or SIGUSR1; true if one came. */
static bool wait_signal(struct live *l, double secs)
{
    struct timespec ts;
    siginfo_t si;
    int sig;

    if ( secs < 0 )
        secs = 0;
    ts.tv_sec = (time_t)secs;
    ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
    do
        sig = sigtimedwait(&l->sigs, &si, &ts);
    while ( sig < 0 && errno == EINTR );
    if ( sig < 0 )
        return false;
    if ( sig != SIGUSR1 )
        l->stopped_by_signal = true;
    return true;
}

static void unpause_all(struct live *l)
{
    char why[256];
    size_t i;

    for ( i = 0; i < l->ndoms; i++ )
    {
        if ( !l->selected[i] )
            continue;
        if ( xabi_live_host_unpause(l->h, l->doms[i].domid, why, sizeof(why)) )
            problem(l, (int32_t)l->doms[i].domid, -1, "%s", why);
    }
    l->started = true;
}

/* How each domain ended: shut down (crashed?), dying, or gone. */
static void read_end_states(struct live *l)
{
    char why[256];

    if ( xabi_live_host_states(l->h, l->end_states, XABI_LIVE_MAX_DOMAINS,
                               &l->nend_states, why, sizeof(why)) )
        problem(l, -1, -1, "at the end: %s", why);
    else
        l->have_end_states = true;
}

static void *control(void *arg)
{
    struct live *l = arg;
    const struct xabi_live_opts *o = l->o;
    double t0 = now_s(), end, next;
    bool stop = false;

    /* Tracing is on once xentrace has written something. */
    while ( atomic_load(&l->bytes) == 0 && now_s() - t0 < TRACE_START_WAIT &&
            !(stop = wait_signal(l, 0.05)) )
        ;
    if ( !stop && atomic_load(&l->bytes) == 0 )
        problem(l, -1, -1, "xentrace wrote nothing in %.0f s",
                TRACE_START_WAIT);
    if ( !stop && o->start )
        unpause_all(l);
    t0 = now_s();
    end = o->duration > 0 ? t0 + o->duration : INFINITY;
    next = o->interval > 0 ? t0 + o->interval : INFINITY;
    while ( !stop )
    {
        double until = fmin(end, next), left = until - now_s();

        if ( isinf(until) )
            left = 3600;
        if ( wait_signal(l, left) )
            break;
        if ( now_s() >= end )
            break;
        if ( now_s() >= next )
        {
            snapshot_all(l, XABI_SNAP_RUNNING);
            next += o->interval;
        }
    }
    snapshot_all(l, XABI_SNAP_FINAL);
    read_end_states(l);
    xabi_tracer_stop(&l->tracer);
    return NULL;
}

static void on_bytes(void *ctx, const void *buf, size_t len, uint64_t total)
{
    struct live *l = ctx;

    atomic_store(&l->bytes, total);
    /* --save-trace: xentrace's bytes as they came, for other tools. */
    if ( l->saved && fwrite(buf, 1, len, l->saved) != len )
    {
        problem(l, -1, -1, "%s: cannot write the trace: %s",
                l->o->save_trace, strerror(errno));
        fclose(l->saved);
        l->saved = NULL;
    }
}

/* Stop and join the control thread; the final snapshots are then taken. */
static void end_control(struct live *l)
{
    if ( !l->ctl_running )
        return;
    pthread_kill(l->ctl, SIGUSR1);
    pthread_join(l->ctl, NULL);
    l->ctl_running = false;
}

/* ---- storing ------------------------------------------------------------ */

static int store_snapshots(struct live *l, struct xabi_store *st,
                           int64_t run_id, int64_t *ids)
{
    struct xabi_segment_load loads[XABI_SREG_MAX];
    size_t i, j, k, n;

    for ( i = 0; i < l->nsnaps; i++ )
        if ( xabi_store_put_snapshot(st, run_id, &l->snaps[i]->s, &ids[i]) )
            return -1;
    /* Each snapshot against the one of the same vCPU taken before it. */
    for ( i = 0; i < l->nsnaps; i++ )
    {
        const struct xabi_snapshot *b = &l->snaps[i]->s;

        for ( j = i; j-- > 0; )
        {
            const struct xabi_snapshot *a = &l->snaps[j]->s;

            if ( a->domid != b->domid || a->vcpu != b->vcpu )
                continue;
            n = xabi_live_segment_loads(a, b, loads);
            for ( k = 0; k < n; k++ )
                if ( xabi_store_put_segment_load(st, run_id, b->domid,
                                                 b->vcpu, loads[k].reg,
                                                 ids[j], ids[i],
                                                 &loads[k].old,
                                                 &loads[k].new) )
                    return -1;
            break;
        }
    }
    return 0;
}

static int before_commit(void *ctx, struct xabi_store *st, int64_t run_id,
                         char *err, size_t errlen)
{
    struct live *l = ctx;
    struct xabi_live_host_info hi = {
        l->full, l->caps, l->o->event_mask, l->o->duration, l->o->interval,
        l->started,
    };
    int64_t *ids, page_id;
    size_t i;
    int rc = -1;

    end_control(l);
    if ( l->saved && fclose(l->saved) )
        problem(l, -1, -1, "%s: cannot write the trace: %s",
                l->o->save_trace, strerror(errno));
    l->saved = NULL;
    ids = calloc(l->nsnaps + 1, sizeof(*ids));
    if ( !ids )
        return snprintf(err, errlen, "out of memory"), -1;
    if ( xabi_store_put_live_host(st, run_id, &hi) )
        goto out;
    for ( i = 0; i < l->ndoms; i++ )
    {
        struct xabi_live_domain_info di = {
            (int32_t)l->doms[i].domid, l->doms[i].name, l->doms[i].type,
            l->doms[i].vcpus, l->doms[i].paused, l->selected[i],
        };

        if ( xabi_store_put_live_domain(st, run_id, &di) ||
             xabi_store_put_domain_state(st, run_id, &l->doms[i].state) )
            goto out;
    }
    for ( i = 0; l->have_end_states && i < l->nend_states; i++ )
        if ( xabi_store_put_domain_state(st, run_id, &l->end_states[i]) )
            goto out;
    if ( store_snapshots(l, st, run_id, ids) )
        goto out;
    for ( i = 0; i < l->npages; i++ )
        if ( xabi_store_put_hcpage(st, run_id, l->pages[i], &page_id) )
            goto out;
    for ( i = 0; i < l->nproblems; i++ )
        if ( xabi_store_put_live_problem(st, run_id, (int)i,
                                         l->problems[i].domid,
                                         l->problems[i].vcpu,
                                         l->problems[i].msg) )
            goto out;
    rc = 0;
out:
    if ( rc )
        snprintf(err, errlen, "%s", xabi_store_errmsg(st));
    free(ids);
    return rc;
}

/* ---- the kernel --------------------------------------------------------- */

/* The hypercall page's address from the kernel's notes, if it has one. */
static int read_kernel(struct live *l, char *err, size_t errlen)
{
    const struct xabi_image_note *notes;
    struct xabi_image *im = NULL;
    unsigned char *buf = NULL;
    char sha[65];
    size_t len = 0, n, i;
    int rc = -1;

    if ( xabi_image_slurp(l->o->kernel, &buf, &len, sha, err, errlen) )
        goto out;
    if ( xabi_image_open_mem(buf, len, l->o->kernel, &im) )
    {
        snprintf(err, errlen, "%s", xabi_image_errmsg(im));
        goto out;
    }
    n = xabi_image_notes(im, &notes);
    for ( i = 0; i < n; i++ )
    {
        /* xen/include/public/elfnote.h: XEN_ELFNOTE_HYPERCALL_PAGE = 2 */
        if ( notes[i].type == 2 && notes[i].has_value )
        {
            l->hcpage_va = notes[i].value;
            l->have_hcpage_va = true;
        }
    }
    rc = 0;
out:
    xabi_image_close(im);
    free(buf);
    return rc;
}

/* ---- the run ------------------------------------------------------------ */

static void cleanup(struct live *l)
{
    size_t i;

    end_control(l);
    if ( l->saved )
        fclose(l->saved);
    pthread_mutex_destroy(&l->lock);
    for ( i = 0; i < l->nsnaps; i++ )
        free_snap(l->snaps[i]);
    free(l->snaps);
    for ( i = 0; i < l->npages; i++ )
        xabi_hcpage_free(l->pages[i]);
    xabi_live_host_close(l->h);
}

static int trace(struct live *l, struct xabi_store *st,
                 struct xabi_collect_result *res, char *err, size_t errlen)
{
    char maskbuf[64], *argv[XABI_TRACER_ARGS];
    /*
     * xentrace's stream cannot be read again, and the snapshots, the host
     * and the pages of the run are good whatever it holds, so damage in it
     * ends the trace there, as --salvage does for a file: the run keeps the
     * records before the damage, is marked salvaged with the offset and
     * what was wrong, and the rest of the stream is still read (hashed, and
     * kept by --save-trace) until xentrace stops.  Seen under a loaded
     * host, right after xentrace reported a short write to its pipe.
     */
    struct xabi_collect_opts co = {
        .path = "xentrace", .xen_version = l->minor, .label = l->o->label,
        .progress = l->o->progress, .use_fd = true, .source_kind = "live",
        .salvage = true, .on_bytes = on_bytes,
        .before_commit = before_commit, .hook_ctx = l,
    };
    sigset_t old;
    int status = 0, rc;

    xabi_tracer_argv(l->o->xentrace, l->o->event_mask, l->o->duration,
                     maskbuf, sizeof(maskbuf), argv);
    if ( l->o->save_trace && !(l->saved = fopen(l->o->save_trace, "wb")) )
        return snprintf(err, errlen, "--save-trace %s: %s", l->o->save_trace,
                        strerror(errno)), -1;
    sigemptyset(&l->sigs);
    sigaddset(&l->sigs, SIGINT);
    sigaddset(&l->sigs, SIGTERM);
    sigaddset(&l->sigs, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &l->sigs, &old);
    if ( xabi_tracer_start(argv, &l->tracer, err, errlen) )
    {
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        return -1;
    }
    co.fd = l->tracer.fd;
    if ( pthread_create(&l->ctl, NULL, control, l) == 0 )
        l->ctl_running = true;
    else
    {
        xabi_tracer_stop(&l->tracer);
        snprintf(err, errlen, "cannot start the control thread");
        xabi_tracer_wait(&l->tracer, &status);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        return -1;
    }
    rc = xabi_collect_trace(st, &co, res, err, errlen);
    end_control(l);
    xabi_tracer_stop(&l->tracer);
    if ( xabi_tracer_wait(&l->tracer, &status) == 0 && status != 0 &&
         atomic_load(&l->bytes) == 0 )
    {
        /* Its own message is on stderr already. */
        snprintf(err, errlen, "xentrace exited with status %d before it "
                 "wrote anything (is another xentrace running?)", status);
        rc = -1;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}

int xabi_collect_live(struct xabi_store *st, const struct xabi_live_opts *o,
                      struct xabi_collect_result *res, int64_t *kernel_run,
                      char *err, size_t errlen)
{
    struct live *l = calloc(1, sizeof(*l));
    int rc = -1;

    memset(res, 0, sizeof(*res));
    if ( !l )
        return snprintf(err, errlen, "out of memory"), -1;
    l->o = o;
    atomic_init(&l->bytes, 0);
    pthread_mutex_init(&l->lock, NULL);
    if ( xabi_live_probe(err, errlen) ||
         (o->kernel && read_kernel(l, err, errlen)) ||
         xabi_live_host_open(&l->h, err, errlen) )
        goto out;
    if ( xabi_live_host_version(l->h, l->minor, sizeof(l->minor), l->full,
                                sizeof(l->full), l->caps, sizeof(l->caps)) )
    {
        snprintf(err, errlen, "cannot read the Xen version: %s",
                 strerror(errno));
        goto out;
    }
    if ( xabi_live_host_domains(l->h, l->doms, XABI_LIVE_MAX_DOMAINS,
                                &l->ndoms, err, errlen) ||
         select_domains(l, err, errlen) )
        goto out;
    snapshot_all(l, XABI_SNAP_INITIAL);
    read_hypercall_pages(l);
    rc = trace(l, st, res, err, errlen);
    snprintf(res->xen_version, sizeof(res->xen_version), "%s", l->minor);
    /* The kernel's notes, named for the host's version, as a run of their
     * own: the image rules apply to it like to any other image. */
    if ( rc == 0 && o->kernel )
    {
        struct xabi_image_opts io = { o->kernel, l->minor, o->label, false };
        struct xabi_collect_result ir;
        size_t nnotes;

        rc = xabi_collect_image(st, &io, &ir, &nnotes, err, errlen);
        if ( rc == 0 && kernel_run )
            *kernel_run = ir.run_id;
    }
out:
    cleanup(l);
    free(l);
    return rc;
}
