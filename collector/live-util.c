/*
 * live-util.c: the parts of live collection that need no Xen host:
 * durations, event classes, segment loads between snapshots, and the
 * xentrace child process.
 */
#include "collector/live.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

int xabi_live_parse_duration(const char *s, double *secs)
{
    static const struct { char unit; double scale; } units[] = {
        { '\0', 1 }, { 's', 1 }, { 'm', 60 }, { 'h', 3600 },
    };
    char *end;
    double v;
    size_t i;

    if ( !s || !*s )
        return -1;
    errno = 0;
    v = strtod(s, &end);
    if ( errno || end == s || !isfinite(v) || v <= 0 )
        return -1;
    for ( i = 0; i < sizeof(units) / sizeof(units[0]); i++ )
    {
        if ( *end != units[i].unit )
            continue;
        if ( *end && end[1] )
            return -1;
        v *= units[i].scale;
        if ( v >= 86400 )
            return -1;
        *secs = v;
        return 0;
    }
    return -1;
}

/* xen/include/public/trace.h: the trace classes, with their subclasses. */
static const struct
{
    const char *name;
    uint32_t mask;
} classes[] = {
    { "gen", 0x0001f000 },    /* TRC_GEN */
    { "sched", 0x0002f000 },  /* TRC_SCHED */
    { "dom0op", 0x0004f000 }, /* TRC_DOM0OP: domain create and destroy */
    { "hvm", 0x0008f000 },    /* TRC_HVM */
    { "mem", 0x0010f000 },    /* TRC_MEM */
    { "pv", 0x0020f000 },     /* TRC_PV */
    { "shadow", 0x0040f000 }, /* TRC_SHADOW */
    { "hw", 0x0080f000 },     /* TRC_HW */
    { "guest", 0x0800f000 },  /* TRC_GUEST */
    { "all", 0x0ffff000 },    /* TRC_ALL */
};

int xabi_live_event_mask(const char *list, uint32_t *mask, char *err,
                         size_t errlen)
{
    char word[32];
    const char *p = list;
    uint32_t m = 0;

    while ( p && *p )
    {
        size_t n = strcspn(p, ","), i;
        char *end;

        if ( n == 0 || n >= sizeof(word) )
            goto bad;
        memcpy(word, p, n);
        word[n] = '\0';
        for ( i = 0; i < sizeof(classes) / sizeof(classes[0]); i++ )
            if ( strcasecmp(word, classes[i].name) == 0 )
                break;
        if ( i < sizeof(classes) / sizeof(classes[0]) )
            m |= classes[i].mask;
        else
        {
            unsigned long v;

            errno = 0;
            v = strtoul(word, &end, 16);
            if ( strncasecmp(word, "0x", 2) || *end || errno || !v ||
                 v > 0x0fffffffUL )
                goto bad;
            m |= (uint32_t)v;
        }
        p += n;
        if ( *p == ',' && *++p == '\0' )
            goto bad;
        continue;
    bad:
        snprintf(err, errlen,
                 "--events: '%.*s' is not an event class (gen, sched, "
                 "dom0op, hvm, mem, pv, shadow, hw, guest, all) or a hex "
                 "mask such as 0x0020f000",
                 (int)(n < 64 ? n : 64), p);
        return -1;
    }
    if ( !m )
    {
        snprintf(err, errlen, "--events: no event class given");
        return -1;
    }
    *mask = m | 0x0002f000; /* TRC_SCHED: attribution needs it */
    return 0;
}

size_t xabi_live_segment_loads(const struct xabi_snapshot *a,
                               const struct xabi_snapshot *b,
                               struct xabi_segment_load *out)
{
    size_t n = 0;
    int r;

    for ( r = 0; r < XABI_SREG_MAX; r++ )
    {
        const struct xabi_segment *x = &a->seg[r], *y = &b->seg[r];
        bool hidden = x->has_hidden && y->has_hidden;

        if ( !x->known || !y->known )
            continue;
        if ( x->selector == y->selector &&
             (!hidden || (x->base == y->base && x->limit == y->limit &&
                          x->attr == y->attr)) )
            continue;
        out[n] = (struct xabi_segment_load){
            .domid = b->domid, .vcpu = b->vcpu, .reg = (enum xabi_sreg)r,
            .old = *x, .new = *y,
        };
        n++;
    }
    return n;
}

/* ---- the xentrace child ------------------------------------------------ */

void xabi_tracer_argv(const char *xentrace, uint32_t mask, double duration,
                      char *buf, size_t buflen, char *argv[XABI_TRACER_ARGS])
{
    size_t i = 0;
    int half = (int)(buflen / 2);

    /*
     * tools/xentrace/xentrace.c: -D discards what the buffers held before
     * we started, -S sizes Xen's per-pCPU buffers (XABI_LIVE_TRACE_PAGES),
     * -e sets the event mask, -T stops after that many seconds (a
     * backstop: xabi stops it itself), and /dev/stdout is our pipe.
     */
    snprintf(buf, (size_t)half, "0x%08x", mask);
    argv[i++] = (char *)(xentrace ? xentrace : "xentrace");
    argv[i++] = (char *)"-D";
    argv[i++] = (char *)"-S";
    argv[i++] = (char *)XABI_LIVE_TRACE_PAGES;
    argv[i++] = (char *)"-e";
    argv[i++] = buf;
    if ( duration > 0 )
    {
        snprintf(buf + half, buflen - (size_t)half, "%.0f",
                 ceil(duration) + 30);
        argv[i++] = (char *)"-T";
        argv[i++] = buf + half;
    }
    /* A minimal dom0 (an initramfs on devtmpfs) may lack the /dev/stdout
     * link; xentrace would then create a file of that name. */
    argv[i++] = (char *)(access("/dev/stdout", F_OK) == 0 ? "/dev/stdout"
                                                          : "/proc/self/fd/1");
    argv[i] = NULL;
}

int xabi_tracer_start(char *const argv[], struct xabi_tracer *t, char *err,
                      size_t errlen)
{
    pid_t parent = getpid();
    sigset_t none;
    int p[2], e[2], code = 0;
    ssize_t n;

    t->pid = -1;
    t->fd = -1;
    /* Close-on-exec, so only the child's dup2'd stdout survives exec; e
     * carries exec's errno back, and closes unwritten when exec works. */
    if ( pipe(p) )
        return snprintf(err, errlen, "pipe: %s", strerror(errno)), -1;
    if ( pipe(e) )
    {
        close(p[0]);
        close(p[1]);
        return snprintf(err, errlen, "pipe: %s", strerror(errno)), -1;
    }
    fcntl(p[0], F_SETFD, FD_CLOEXEC);
    fcntl(p[1], F_SETFD, FD_CLOEXEC);
    fcntl(e[0], F_SETFD, FD_CLOEXEC);
    fcntl(e[1], F_SETFD, FD_CLOEXEC);
    t->pid = fork();
    if ( t->pid == 0 )
    {
        /*
         * However xabi ends, even killed outright, the child hears of it:
         * SIGINT, on which xentrace flushes, turns tracing off and exits.
         * Only async-signal-safe calls from here to exec.
         */
        prctl(PR_SET_PDEATHSIG, SIGINT);
        if ( getppid() != parent )
            _exit(127);
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        if ( dup2(p[1], STDOUT_FILENO) >= 0 )
            execvp(argv[0], argv);
        code = errno;
        if ( write(e[1], &code, sizeof(code)) < 0 )
            _exit(126);
        _exit(127);
    }
    close(p[1]);
    close(e[1]);
    if ( t->pid < 0 )
    {
        snprintf(err, errlen, "cannot start %s: %s", argv[0], strerror(errno));
        close(p[0]);
        close(e[0]);
        return -1;
    }
    while ( (n = read(e[0], &code, sizeof(code))) < 0 && errno == EINTR )
        ;
    close(e[0]);
    if ( n == (ssize_t)sizeof(code) )
    {
        int status;

        close(p[0]);
        waitpid(t->pid, &status, 0);
        t->pid = -1;
        return snprintf(err, errlen, "cannot start %s: %s", argv[0],
                        strerror(code)), -1;
    }
    t->fd = p[0];
    return 0;
}

void xabi_tracer_stop(struct xabi_tracer *t)
{
    if ( t->pid > 0 )
        kill(t->pid, SIGINT);
}

int xabi_tracer_wait(struct xabi_tracer *t, int *status)
{
    int st = 0;
    pid_t r;

    if ( t->fd >= 0 )
        close(t->fd);
    t->fd = -1;
    if ( t->pid <= 0 )
        return -1;
    while ( (r = waitpid(t->pid, &st, 0)) < 0 && errno == EINTR )
        ;
    t->pid = -1;
    if ( r < 0 )
        return -1;
    *status = WIFEXITED(st) ? WEXITSTATUS(st)
                            : WIFSIGNALED(st) ? 128 + WTERMSIG(st) : 1;
    return 0;
}
