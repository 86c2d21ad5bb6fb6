/*
 * collector/live.h: collecting from a running Xen, in dom0.
 *
 * `xabi collect --live` reads the host through libxenctrl: the Xen version,
 * the domains and their vCPUs, and vCPU snapshots (the PV context with its
 * trap table, callbacks and GDT; the HVM CPU save record with every
 * segment's hidden state).  It starts the real xentrace as a child and
 * feeds its output into the trace collector (collector.h), so one run
 * holds the events and the snapshots, in one transaction.
 *
 * The parts that need no Xen (durations, event classes, segment-load
 * events between snapshots, the xentrace child) are declared here and
 * tested without a host; collector/live-xen.h declares the conversions
 * from Xen's own structures.
 */
#ifndef XABI_COLLECTOR_LIVE_H
#define XABI_COLLECTOR_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "collector/collector.h"

#define XABI_LIVE_MAX_DOMAINS 64

struct xabi_live_opts
{
    const char *const *domains; /* ids or names; none: every domain */
    size_t ndomains;
    double duration;            /* seconds; 0: until SIGINT or SIGTERM */
    double interval;            /* seconds between snapshots; 0: none */
    uint32_t event_mask;        /* xentrace -e (xabi_live_event_mask) */
    bool start;                 /* unpause the domains after the first
                                   snapshot: they were created paused */
    const char *kernel;         /* the guests' kernel, for its notes and
                                   the hypercall page address; may be NULL */
    const char *label;
    const char *xentrace;       /* the binary; NULL: "xentrace" on PATH */
    const char *save_trace;     /* also write xentrace's output here */
    bool progress;
};

/*
 * Collect from the running host into st: one run of kind 'live'.  Fails at
 * once, with a message saying why, where there is no Xen to read (no
 * /dev/xen/privcmd, not dom0).  The database is unchanged on failure.
 * With o->kernel, its notes are then collected as a run of kind 'image'
 * (*kernel_run, when not NULL), named for the host's Xen version.
 */
int xabi_collect_live(struct xabi_store *st, const struct xabi_live_opts *o,
                      struct xabi_collect_result *res, int64_t *kernel_run,
                      char *err, size_t errlen);

/*
 * Is this a dom0 xabi can read the host from?  0 if so; -1 with the
 * reason in err.  Looks only at files (/dev/xen/privcmd,
 * /proc/xen/capabilities), so it is safe anywhere.
 */
int xabi_live_probe(char *err, size_t errlen);

/* ---- without a host ---------------------------------------------------- */

/*
 * "30s", "2m", "1h", "1.5" (seconds) into seconds.  -1 if it is not a
 * positive duration below a day.
 */
int xabi_live_parse_duration(const char *s, double *secs);

/*
 * A comma-separated list of event classes (pv, hvm, sched, mem, gen, all,
 * or a hex mask such as 0x0020f000) into xentrace's -e mask, the classes of
 * xen/include/public/trace.h.  The scheduler class is always added: without
 * it no record can be attributed to a domain.  -1 with err naming the word.
 */
int xabi_live_event_mask(const char *list, uint32_t *mask, char *err,
                         size_t errlen);

/* A segment register that changed between two snapshots of one vCPU. */
struct xabi_segment_load
{
    int32_t domid, vcpu;
    enum xabi_sreg reg;
    unsigned before, after;  /* indexes of the two snapshots */
    struct xabi_segment old, new;
};

/*
 * The segment loads between snapshots a and b of the same vCPU, taken in
 * that order: every register known in both whose selector or hidden state
 * differs.  Writes at most XABI_SREG_MAX entries to out; returns how many.
 */
size_t xabi_live_segment_loads(const struct xabi_snapshot *a,
                               const struct xabi_snapshot *b,
                               struct xabi_segment_load *out);

/* ---- the xentrace child ----------------------------------------------- */

struct xabi_tracer
{
    pid_t pid;
    int fd;          /* its standard output, read end */
};

/*
 * Start argv[0] (searched on PATH) with its standard output on a pipe.
 * Signals blocked in the caller are unblocked in the child, and the child
 * gets SIGINT when the calling thread ends, even killed outright (Linux's
 * PR_SET_PDEATHSIG): xentrace then stops cleanly.  -1 with err.
 */
int xabi_tracer_start(char *const argv[], struct xabi_tracer *t, char *err,
                      size_t errlen);
/* Ask it to stop (SIGINT: xentrace flushes and exits).  Safe to repeat. */
void xabi_tracer_stop(struct xabi_tracer *t);
/*
 * Reap it; *status gets its exit status, or 128 + the signal.  Closes fd
 * if still open.
 */
int xabi_tracer_wait(struct xabi_tracer *t, int *status);

/*
 * The xentrace command line for a mask and a duration (0: none), into
 * argv[0..XABI_TRACER_ARGS); strings live in buf.
 */
#define XABI_TRACER_ARGS 12
/*
 * xentrace -S: Xen's trace buffer per pCPU, in pages.  xentrace's default,
 * 32 (128 KiB), loses records while busy guests run (tests/live/steps/
 * speed.sh measures it; xentrace drains the buffers every 100 ms); 256
 * pages (1 MiB a pCPU) is what the busy check-live load needs with room
 * to spare.  Xen sizes the buffers once per boot (xen/common/trace.c:
 * tb_set_size refuses once they exist; libxenctrl's xc_tbuf_enable
 * ignores that), so this takes only if no tracing came first.
 */
#define XABI_LIVE_TRACE_PAGES "256"
void xabi_tracer_argv(const char *xentrace, uint32_t mask, double duration,
                      char *buf, size_t buflen, char *argv[XABI_TRACER_ARGS]);

#endif
