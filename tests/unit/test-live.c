/*
 * test-live.c: the live collector, as far as it runs without a Xen host.
 *
 *   - durations and xentrace event classes, as the user types them;
 *   - Xen's own vCPU structures (struct vcpu_guest_context, struct
 *     hvm_hw_cpu) filled with the values of the real dumps of
 *     tests/data/snapshots, converted, and compared field by field with
 *     what the recorded-dump loader reads from those same dumps;
 *   - segment loads between two snapshots;
 *   - the xentrace child and the trace collector reading its pipe, with a
 *     real trace standing in for xentrace's output.
 */
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "tests/unit/fixtures.h"

#include "collector/live-int.h"
#include "collector/live-xen.h"
#include "collector/live.h"
#include "collector/snapshot.h"

static struct xabi_snapshot *load_dump(const char *name,
                                       enum xabi_guest_type type)
{
    struct xabi_snapshot_text_opts o = { true, type, XABI_SNAP_INITIAL, 0 };
    struct xabi_snapshot *s;
    const char *dir = getenv("XABI_SRCDIR");
    char path[512], err[512];

    snprintf(path, sizeof(path), "%s/tests/data/snapshots/%s",
             dir ? dir : ".", name);
    if ( xabi_snapshot_text_load(path, &o, &s, err, sizeof(err)) )
        fail_msg("%s", err);
    return s;
}

/* ---- user input --------------------------------------------------------- */

static void test_duration(void **state)
{
    static const struct { const char *in; double secs; } good[] = {
        { "30s", 30 }, { "2m", 120 }, { "1h", 3600 }, { "1.5", 1.5 },
        { "0.25s", 0.25 },
    };
    static const char *const bad[] = {
        "", "0", "-1", "3x", "1ss", "25h", "nan", "inf", "s", "1 s",
    };
    double v;
    size_t i;

    (void)state;
    for ( i = 0; i < ARRAY_SIZE(good); i++ )
    {
        assert_int_equal(xabi_live_parse_duration(good[i].in, &v), 0);
        assert_true(v == good[i].secs);
    }
    for ( i = 0; i < ARRAY_SIZE(bad); i++ )
        if ( xabi_live_parse_duration(bad[i], &v) == 0 )
            fail_msg("'%s' accepted as %g s", bad[i], v);
}

static void test_event_mask(void **state)
{
    /* xen/include/public/trace.h: TRC_PV 0x0020f000, TRC_HVM 0x0008f000,
     * TRC_SCHED 0x0002f000 (always added), TRC_ALL 0x0ffff000. */
    static const struct { const char *in; uint32_t mask; } good[] = {
        { "pv", 0x0022f000 },
        { "pv,hvm", 0x002af000 },
        { "PV,Sched", 0x0022f000 },
        { "0x0020f000", 0x0022f000 },
        { "all", 0x0ffff000 },
        { "pv,hvm,sched,dom0op", 0x002ef000 },
    };
    static const char *const bad[] = {
        "", "foo", "pv,", ",pv", "pv,,hvm", "0x", "12", "0x1ffff0000",
        "0xzz",
    };
    char err[256];
    uint32_t m;
    size_t i;

    (void)state;
    for ( i = 0; i < ARRAY_SIZE(good); i++ )
    {
        if ( xabi_live_event_mask(good[i].in, &m, err, sizeof(err)) )
            fail_msg("'%s': %s", good[i].in, err);
        assert_int_equal(m, good[i].mask);
    }
    for ( i = 0; i < ARRAY_SIZE(bad); i++ )
    {
        err[0] = '\0';
        if ( xabi_live_event_mask(bad[i], &m, err, sizeof(err)) == 0 )
            fail_msg("'%s' accepted as 0x%08x", bad[i], m);
        assert_non_null(strstr(err, "--events"));
    }
}

static void test_tracer_argv(void **state)
{
    char buf[64], *argv[XABI_TRACER_ARGS];

    (void)state;
    xabi_tracer_argv(NULL, 0x0022f000, 10, buf, sizeof(buf), argv);
    assert_string_equal(argv[0], "xentrace");
    assert_string_equal(argv[1], "-D");
    assert_string_equal(argv[2], "-S"); /* buffers larger than xentrace's */
    assert_string_equal(argv[3], "256");
    assert_string_equal(argv[4], "-e");
    assert_string_equal(argv[5], "0x0022f000");
    assert_string_equal(argv[6], "-T");
    assert_string_equal(argv[7], "40"); /* a backstop past --duration */
    assert_string_equal(argv[8], "/dev/stdout");
    assert_null(argv[9]);
    xabi_tracer_argv("/opt/xentrace", 0x0ffff000, 0, buf, sizeof(buf), argv);
    assert_string_equal(argv[0], "/opt/xentrace");
    assert_string_equal(argv[6], "/dev/stdout"); /* no -T: until stopped */
    assert_null(argv[7]);
}

/* ---- Xen's structures ---------------------------------------------------- */

/* getctx_domU_initial.txt: a 64-bit PV domU created paused, Xen 4.17.7. */
static void test_pv64_matches_dump(void **state)
{
    struct xabi_snapshot *want = load_dump("getctx_domU_initial.txt",
                                           XABI_GUEST_PV64);
    static vcpu_guest_context_x86_64_t c;
    static struct xabi_snapshot got;
    unsigned v, r;

    (void)state;
    memset(&c, 0, sizeof(c));
    c.flags = 0x24;
    c.user_regs.rip = 0xffffffff830791c0ull;
    c.user_regs.rsp = 0xffffffff84a2d000ull;
    c.user_regs.rflags = 0x200;
    c.user_regs.rsi = 0xffffffff84a00000ull;
    c.user_regs.cs = 0xe033;
    c.user_regs.ss = 0xe02b;
    c.kernel_ss = 0xe02b;
    c.kernel_sp = 0xffffffff84a2d000ull;
    c.ctrlreg[0] = 0x80050033;
    c.ctrlreg[3] = 0x7ea03000;
    c.ctrlreg[4] = 0x660;
    /* Xen fills every vector with the null selector at RPL 3. */
    for ( v = 0; v < 256; v++ )
        c.trap_ctxt[v].cs = 0x0003;
    got.domid = 1;
    got.phase = XABI_SNAP_INITIAL;
    got.type = XABI_GUEST_PV64;
    xabi_live_from_pv64(&c, &got);

    assert_int_equal(got.domid, 1);
    assert_int_equal(got.phase, XABI_SNAP_INITIAL);
    for ( r = 0; r < XABI_REG_MAX; r++ )
    {
        bool in_want = (want->reg_mask >> r) & 1;

        if ( !in_want )
            continue;
        assert_true((got.reg_mask >> r) & 1);
        if ( got.reg[r] != want->reg[r] )
            fail_msg("%s: 0x%llx, the dump says 0x%llx", xabi_reg_name(r),
                     (unsigned long long)got.reg[r],
                     (unsigned long long)want->reg[r]);
    }
    for ( r = 0; r < XABI_SREG_MAX; r++ )
    {
        assert_int_equal(got.seg[r].known, want->seg[r].known);
        assert_int_equal(got.seg[r].selector, want->seg[r].selector);
        assert_false(got.seg[r].has_hidden); /* PV: selectors only */
    }
    assert_true(got.traps_read);
    assert_int_equal(got.ntraps, want->ntraps);
    assert_memory_equal(got.traps, want->traps,
                        want->ntraps * sizeof(want->traps[0]));
    for ( r = 0; r < XABI_CB_MAX; r++ )
    {
        assert_int_equal(got.cb[r].known, want->cb[r].known);
        assert_int_equal(got.cb[r].address, want->cb[r].address);
    }
    xabi_snapshot_text_free(want);
}

/*
 * The page at a PV vCPU's rSI, read as start_info_t at the guest's width
 * (xen.h: struct start_info): magic, nr_pages, flags; a magic with bytes
 * that are no printable ASCII stores with '?' for them.
 */
static void test_pv_start_info(void **state)
{
    static uint8_t page[4096];
    static struct xabi_snapshot s;
    start_info_x86_64_t x64;
    start_info_x86_32_t x32;

    (void)state;
    memset(&x64, 0, sizeof(x64));
    strcpy(x64.magic, "xen-3.0-x86_64");
    x64.nr_pages = 0xa000;
    x64.flags = 0x2;
    memcpy(page, &x64, sizeof(x64));
    xabi_live_pv_start_info(page, 0xffffffff84a00000ull, false, &s);
    assert_true(s.has_pv_start_info);
    assert_true(s.pv_start_info.va == 0xffffffff84a00000ull);
    assert_string_equal(s.pv_start_info.magic, "xen-3.0-x86_64");
    assert_int_equal(s.pv_start_info.nr_pages, 0xa000);
    assert_int_equal(s.pv_start_info.flags, 0x2);

    memset(page, 0, sizeof(page));
    memset(&x32, 0, sizeof(x32));
    memcpy(x32.magic, "xen-3.0-x86_32p\x1b[2J", 19);
    x32.nr_pages = 0x4000;
    x32.flags = 0x1;
    memcpy(page, &x32, sizeof(x32));
    xabi_live_pv_start_info(page, 0xc1a00000, true, &s);
    assert_string_equal(s.pv_start_info.magic, "xen-3.0-x86_32p?[2J");
    assert_int_equal(s.pv_start_info.nr_pages, 0x4000);
    assert_int_equal(s.pv_start_info.flags, 0x1);

    /* 32 bytes of magic without a NUL: all 32, then the end */
    memset(page, 'x', 32);
    xabi_live_pv_start_info(page, 0x1000, false, &s);
    assert_int_equal(strlen(s.pv_start_info.magic), 32);
}

static void test_pv32_callbacks_carry_cs(void **state)
{
    static vcpu_guest_context_x86_32_t c;
    static struct xabi_snapshot s;

    (void)state;
    memset(&c, 0, sizeof(c));
    /* xen/include/public/arch-x86/xen-x86_32.h: FLAT_RING1_CS 0xe019 */
    c.user_regs.cs = 0xe019;
    c.user_regs.ss = 0xe021;
    c.user_regs.eip = 0xc1000000;
    c.event_callback_cs = 0xe019;
    c.event_callback_eip = 0xc1001000;
    c.failsafe_callback_cs = 0xe019;
    c.failsafe_callback_eip = 0xc1002000;
    c.trap_ctxt[14] = (trap_info_x86_32_t){ 14, 0, 0xe019, 0xc1003000 };
    xabi_live_from_pv32(&c, &s);
    assert_int_equal(s.seg[XABI_SREG_CS].selector, 0xe019);
    assert_int_equal(s.reg[XABI_REG_RIP], 0xc1000000);
    assert_true(s.cb[XABI_CB_EVENT].has_cs);
    assert_int_equal(s.cb[XABI_CB_EVENT].cs, 0xe019);
    assert_int_equal(s.cb[XABI_CB_FAILSAFE].address, 0xc1002000);
    /* 32-bit PV has no syscall callback in its context: not known. */
    assert_false(s.cb[XABI_CB_SYSCALL].known);
    assert_int_equal(s.ntraps, 1);
    assert_int_equal(s.traps[0].vector, 14);
    assert_int_equal(s.traps[0].address, 0xc1003000);
}

/* pvh_hvmctx_initial.txt: a PVH domU created paused. */
static void test_hvm_matches_dump(void **state)
{
    struct xabi_snapshot *want = load_dump("pvh_hvmctx_initial.txt",
                                           XABI_GUEST_PVH);
    static struct hvm_hw_cpu c;
    static struct xabi_snapshot got;
    unsigned r;

    (void)state;
    memset(&c, 0, sizeof(c));
    c.rbx = 0x4a00000;
    c.rip = 0x1000850;
    c.rflags = 0x2;
    c.cr0 = 0x11;
    c.cs_limit = c.es_limit = c.ds_limit = c.ss_limit = 0xffffffff;
    c.cs_arbytes = 0xc9b;
    c.es_arbytes = c.ds_arbytes = c.ss_arbytes = 0xc93;
    c.tr_limit = 0x67;
    c.tr_arbytes = 0x8b;
    xabi_live_from_hvm(&c, XABI_GUEST_PVH, &got);

    assert_int_equal(got.type, XABI_GUEST_PVH);
    for ( r = 0; r < XABI_SREG_MAX; r++ )
    {
        const struct xabi_segment *g = &got.seg[r], *w = &want->seg[r];

        assert_true(w->known && w->has_hidden);
        assert_true(g->known && g->has_hidden);
        if ( g->selector != w->selector || g->base != w->base ||
             g->limit != w->limit || g->attr != w->attr )
            fail_msg("%s: %04x %llx+%x/%x, the dump says %04x %llx+%x/%x",
                     xabi_sreg_name(r), g->selector,
                     (unsigned long long)g->base, g->limit, g->attr,
                     w->selector, (unsigned long long)w->base, w->limit,
                     w->attr);
    }
    for ( r = 0; r < XABI_REG_MAX; r++ )
        if ( (want->reg_mask >> r) & 1 )
        {
            assert_true((got.reg_mask >> r) & 1);
            assert_int_equal(got.reg[r], want->reg[r]);
        }
    assert_false(got.traps_read); /* HVM has no PV trap table */
    xabi_snapshot_text_free(want);
}

static void test_guest_type(void **state)
{
    xc_domaininfo_t di;

    (void)state;
    memset(&di, 0, sizeof(di));
    assert_int_equal(xabi_live_guest_type(&di, 8), XABI_GUEST_PV64);
    assert_int_equal(xabi_live_guest_type(&di, 4), XABI_GUEST_PV32);
    di.flags = XEN_DOMINF_hvm_guest;
    di.arch_config.emulation_flags = XEN_X86_EMU_LAPIC;
    assert_int_equal(xabi_live_guest_type(&di, 8), XABI_GUEST_PVH);
    di.arch_config.emulation_flags = XEN_X86_EMU_ALL;
    assert_int_equal(xabi_live_guest_type(&di, 8), XABI_GUEST_HVM);
}

/*
 * XEN_DOMINF_* flags as XEN_DOMCTL_getdomaininfo gives them: bit 0 dying,
 * bit 2 shutdown, bits 16-23 the reason (xen/include/public/domctl.h).
 */
static void test_domain_state(void **state)
{
    struct xabi_domain_state d;
    xc_domaininfo_t di;

    (void)state;
    memset(&di, 0, sizeof(di));
    di.domain = 6;
    di.flags = 0x00000020;          /* running */
    xabi_live_domain_state(&di, false, &d);
    assert_int_equal(d.domid, 6);
    assert_false(d.end);
    assert_false(d.shutdown);
    assert_false(d.dying);
    di.flags = 0x00030004;          /* shutdown, reason 3 (crash) */
    xabi_live_domain_state(&di, true, &d);
    assert_true(d.end);
    assert_true(d.shutdown);
    assert_int_equal(d.reason, 3);
    assert_false(d.dying);
    di.flags = 0x00000005;          /* dying, shutdown, reason 0 */
    xabi_live_domain_state(&di, true, &d);
    assert_true(d.dying);
    assert_true(d.shutdown);
    assert_int_equal(d.reason, 0);
}

static void test_gdt_frames(void **state)
{
    static vcpu_guest_context_any_t c;
    xen_pfn_t frames[16];
    unsigned ents;

    (void)state;
    memset(&c, 0, sizeof(c));
    assert_int_equal(xabi_live_gdt_frames(&c, false, frames, &ents), 0);
    assert_int_equal(ents, 0);
    c.x64.gdt_ents = 513; /* two frames */
    c.x64.gdt_frames[0] = 0x1234;
    c.x64.gdt_frames[1] = 0x5678;
    assert_int_equal(xabi_live_gdt_frames(&c, false, frames, &ents), 2);
    assert_int_equal(ents, 513);
    assert_int_equal(frames[1], 0x5678);
    c.x64.gdt_ents = 100000; /* more than a guest may have: capped */
    assert_int_equal(xabi_live_gdt_frames(&c, false, frames, &ents), 16);
    assert_int_equal(ents, 16 * 512);
}

/* ---- segment loads ------------------------------------------------------- */

static void test_segment_loads(void **state)
{
    static struct xabi_snapshot a, b;
    struct xabi_segment_load out[XABI_SREG_MAX];

    (void)state;
    a.domid = b.domid = 3;
    a.vcpu = b.vcpu = 1;
    /* Real mode to protected mode: CS reloaded, SS's hidden part too. */
    a.seg[XABI_SREG_CS] = (struct xabi_segment){ true, true, 0xf000,
                                                 0xf0000, 0xffff, 0x9b };
    b.seg[XABI_SREG_CS] = (struct xabi_segment){ true, true, 0x0008, 0,
                                                 0xffffffff, 0xc9b };
    a.seg[XABI_SREG_SS] = (struct xabi_segment){ true, true, 0x10, 0,
                                                 0xffff, 0x93 };
    b.seg[XABI_SREG_SS] = (struct xabi_segment){ true, true, 0x10, 0,
                                                 0xffffffff, 0xc93 };
    /* Unchanged: no event. */
    a.seg[XABI_SREG_DS] = b.seg[XABI_SREG_DS] =
        (struct xabi_segment){ true, true, 0x10, 0, 0xffffffff, 0xc93 };
    /* Known in one snapshot only: no event, we cannot say. */
    a.seg[XABI_SREG_FS] = (struct xabi_segment){ true, false, 0x2b, 0, 0, 0 };
    assert_int_equal(xabi_live_segment_loads(&a, &b, out), 2);
    assert_int_equal(out[0].reg, XABI_SREG_CS);
    assert_int_equal(out[0].old.selector, 0xf000);
    assert_int_equal(out[0].new.selector, 0x0008);
    assert_int_equal(out[0].domid, 3);
    assert_int_equal(out[0].vcpu, 1);
    assert_int_equal(out[1].reg, XABI_SREG_SS);
    assert_int_equal(out[1].new.limit, 0xffffffff);
    assert_int_equal(xabi_live_segment_loads(&b, &b, out), 0);
}

/* ---- the xentrace child and the collector on its pipe -------------------- */

static void test_tracer_child(void **state)
{
    char *argv[] = { (char *)"/bin/sh", (char *)"-c",
                     (char *)"printf abc; exit 3", NULL };
    struct xabi_tracer t;
    char buf[8] = "", err[256];
    int status = -1;
    ssize_t n;

    (void)state;
    if ( xabi_tracer_start(argv, &t, err, sizeof(err)) )
        fail_msg("%s", err);
    n = read(t.fd, buf, sizeof(buf) - 1);
    assert_int_equal(n, 3);
    assert_string_equal(buf, "abc");
    assert_int_equal(xabi_tracer_wait(&t, &status), 0);
    assert_int_equal(status, 3);

    argv[0] = (char *)"/nonexistent/xentrace";
    assert_int_equal(xabi_tracer_start(argv, &t, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "/nonexistent/xentrace"));
}

/* Gone, or a zombie no one has reaped yet. */
static bool process_gone(pid_t pid)
{
    char path[64], buf[256], *paren;
    FILE *f;
    size_t n;

    snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
    f = fopen(path, "r");
    if ( !f )
        return true;
    n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    paren = strrchr(buf, ')');
    return paren && paren[1] == ' ' && paren[2] == 'Z';
}

/*
 * xabi killed outright (SIGKILL, no chance to stop its child): the child
 * still gets SIGINT, so a real xentrace would stop cleanly, not trace on.
 */
static void test_tracer_dies_with_xabi(void **state)
{
    char pidfile[] = "/tmp/xabi-test-tracer-XXXXXX", cmd[128], err[256];
    char *argv[] = { (char *)"/bin/sh", (char *)"-c", cmd, NULL };
    struct xabi_tracer t;
    long child = 0;
    pid_t xabi;
    int fd, i, status;
    FILE *f;

    (void)state;
    fd = mkstemp(pidfile);
    assert_true(fd >= 0);
    close(fd);
    snprintf(cmd, sizeof(cmd), "echo $$ > %s; exec sleep 30", pidfile);
    xabi = fork();
    assert_true(xabi >= 0);
    if ( xabi == 0 )
    {
        if ( xabi_tracer_start(argv, &t, err, sizeof(err)) )
            _exit(1);
        for ( ;; )
            pause();
    }
    for ( i = 0; i < 500 && child <= 0; i++ )
    {
        usleep(10000);
        f = fopen(pidfile, "r");
        if ( f && fscanf(f, "%ld", &child) != 1 )
            child = 0;
        if ( f )
            fclose(f);
    }
    assert_true(child > 0);
    kill(xabi, SIGKILL);
    waitpid(xabi, &status, 0);
    for ( i = 0; i < 500 && !process_gone((pid_t)child); i++ )
        usleep(10000);
    unlink(pidfile);
    if ( !process_gone((pid_t)child) )
    {
        kill((pid_t)child, SIGKILL);
        fail_msg("the child %ld outlived xabi's SIGKILL", child);
    }
}

struct hook
{
    int calls;
    int64_t run_id;
    uint64_t last_total;
};

static int hook_commit(void *ctx, struct xabi_store *st, int64_t run_id,
                       char *err, size_t errlen)
{
    struct hook *h = ctx;
    struct xabi_live_host_info hi = { "4.17.7-test", "xen-3.0-x86_64",
                                      0x0022f000, 5, 0, false };

    (void)err;
    (void)errlen;
    h->calls++;
    h->run_id = run_id;
    return xabi_store_put_live_host(st, run_id, &hi);
}

static void on_bytes(void *ctx, const void *buf, size_t len, uint64_t total)
{
    (void)buf;
    (void)len;
    ((struct hook *)ctx)->last_total = total;
}

static int64_t count(const char *db, const char *sql)
{
    sqlite3 *q;
    sqlite3_stmt *s;
    int64_t v = -1;

    assert_int_equal(sqlite3_open_v2(db, &q, SQLITE_OPEN_READONLY, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(q, sql, -1, &s, NULL), SQLITE_OK);
    if ( sqlite3_step(s) == SQLITE_ROW )
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(q);
    return v;
}

/*
 * A real trace through a child's pipe, as xentrace's output reaches the
 * collector in a live run: the run is of kind 'live', the hook adds to it
 * in the same transaction, and the bytes are counted as they come.
 */
static void test_collect_from_child(void **state)
{
    const char *dir = getenv("XABI_SRCDIR");
    char cmd[600], db[128], err[1024];
    char *argv[] = { (char *)"/bin/sh", (char *)"-c", cmd, NULL };
    struct xabi_tracer t;
    struct xabi_store *st;
    struct xabi_collect_result res;
    struct hook h = { 0 };
    struct xabi_collect_opts o = {
        .path = "xentrace", .xen_version = "4.17", .use_fd = true,
        .source_kind = "live", .on_bytes = on_bytes,
        .before_commit = hook_commit, .hook_ctx = &h,
    };
    int status;

    (void)state;
    snprintf(cmd, sizeof(cmd), "exec xz -dc '%s/tests/data/trace_pv.bin.xz'",
             dir ? dir : ".");
    xabi_test_db_path(db, sizeof(db), "live");
    if ( xabi_store_open(db, &st) )
        fail_msg("%s", xabi_store_errmsg(st));
    if ( xabi_tracer_start(argv, &t, err, sizeof(err)) )
        fail_msg("%s", err);
    o.fd = t.fd;
    if ( xabi_collect_trace(st, &o, &res, err, sizeof(err)) )
        fail_msg("%s", err);
    assert_int_equal(xabi_tracer_wait(&t, &status), 0);
    assert_int_equal(status, 0);
    xabi_store_close(st);

    assert_int_equal(h.calls, 1);
    assert_int_equal(h.run_id, res.run_id);
    assert_int_equal(h.last_total, res.bytes);
    assert_true(res.records > 0);
    assert_int_equal(count(db, "SELECT count(*) FROM run WHERE "
                               "source_kind = 'live'"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM live_host"), 1);
    assert_true(count(db, "SELECT sum(count) FROM fact_agg WHERE kind = "
                          "'hypercall'") > 0);
    unlink(db);
}

/*
 * Damage in xentrace's stream, as a live run meets it: the collect keeps
 * what came before it (collect-live.c collects with salvage on), marks the
 * run salvaged, and reads the pipe to its end, so xentrace is never left
 * blocked on a full pipe or killed by SIGPIPE.  64 bytes of 0xff stand in
 * the middle of the real trace, where a record header is due.
 */
static void test_damage_in_child_stream(void **state)
{
    const char *dir = getenv("XABI_SRCDIR");
    char cmd[900], db[128], err[1024];
    char *argv[] = { (char *)"/bin/sh", (char *)"-c", cmd, NULL };
    struct xabi_tracer t;
    struct xabi_store *st;
    struct xabi_collect_result res;
    struct xabi_collect_opts o = {
        .path = "xentrace", .xen_version = "4.17", .use_fd = true,
        .source_kind = "live", .salvage = true,
    };
    int status;

    (void)state;
    snprintf(cmd, sizeof(cmd),
             "f='%s/tests/data/trace_pv.bin.xz'; "
             "{ xz -dc \"$f\" | head -c 1000000; "
             "head -c 64 /dev/zero | tr '\\0' '\\377'; "
             "xz -dc \"$f\" | tail -c +1000065; }",
             dir ? dir : ".");
    xabi_test_db_path(db, sizeof(db), "live");
    if ( xabi_store_open(db, &st) )
        fail_msg("%s", xabi_store_errmsg(st));
    if ( xabi_tracer_start(argv, &t, err, sizeof(err)) )
        fail_msg("%s", err);
    o.fd = t.fd;
    if ( xabi_collect_trace(st, &o, &res, err, sizeof(err)) )
        fail_msg("%s", err);
    assert_int_equal(xabi_tracer_wait(&t, &status), 0);
    assert_int_equal(status, 0); /* its pipe was read to the end */
    xabi_store_close(st);

    assert_true(res.records > 0);
    assert_int_equal(count(db, "SELECT count(*) FROM run WHERE status = "
                               "'salvaged'"), 1);
    /* the whole stream was read and hashed, not just what was kept */
    assert_true(res.bytes > 1000064);
    assert_int_equal(count(db, "SELECT source_size FROM run"), res.bytes);
    assert_true(count(db, "SELECT max(offset) FROM fact") < 1000000);
    unlink(db);
}

/* A hook that fails rolls the whole run back. */
static int hook_fail(void *ctx, struct xabi_store *st, int64_t run_id,
                     char *err, size_t errlen)
{
    (void)ctx;
    (void)st;
    (void)run_id;
    snprintf(err, errlen, "the hook says no");
    return -1;
}

static void test_hook_failure_leaves_db(void **state)
{
    const char *dir = getenv("XABI_SRCDIR");
    char path[512], db[128], err[1024];
    struct xabi_store *st;
    struct xabi_collect_result res;
    struct xabi_collect_opts o = {
        .path = path, .xen_version = "4.17", .source_kind = "live",
        .before_commit = hook_fail,
    };
    char cmd[700];

    (void)state;
    xabi_test_db_path(db, sizeof(db), "live-fail");
    snprintf(path, sizeof(path), "%s.trace", db);
    snprintf(cmd, sizeof(cmd), "xz -dc '%s/tests/data/trace_pv.bin.xz' > '%s'",
             dir ? dir : ".", path);
    assert_int_equal(system(cmd), 0);
    if ( xabi_store_open(db, &st) )
        fail_msg("%s", xabi_store_errmsg(st));
    assert_int_equal(xabi_collect_trace(st, &o, &res, err, sizeof(err)), -1);
    assert_string_equal(err, "the hook says no");
    xabi_store_close(st);
    assert_int_equal(count(db, "SELECT count(*) FROM run"), 0);
    unlink(path);
    unlink(db);
}

static void test_probe_without_xen(void **state)
{
    struct stat sb;
    char err[256] = "";

    (void)state;
    if ( stat("/dev/xen/privcmd", &sb) == 0 )
        skip(); /* a real dom0: check-live covers it */
    assert_int_equal(xabi_live_probe(err, sizeof(err)), -1);
    assert_non_null(strstr(err, "/dev/xen/privcmd"));
}

/*
 * Xen's libraries are loaded when a host is opened (collector/live-host.c:
 * xen_load), not linked.  Off Xen they load, every function is found, and
 * the first call into them fails: the message names xc_interface_open, not
 * a library that did not load or a function it lacks.
 */
static void test_host_libraries_load(void **state)
{
    struct xabi_live_host *h = (struct xabi_live_host *)&h;
    struct stat sb;
    char err[1024] = "";

    (void)state;
    if ( stat("/dev/xen/privcmd", &sb) == 0 )
        skip(); /* a real dom0: check-live covers it */
    assert_int_equal(xabi_live_host_open(&h, err, sizeof(err)), -1);
    assert_null(h);
    if ( !strstr(err, "(xc_interface_open)") )
        fail_msg("want xc_interface_open's failure, got: %s", err);
    /* Once loaded, they stay: a second open fails the same way. */
    err[0] = '\0';
    assert_int_equal(xabi_live_host_open(&h, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "(xc_interface_open)"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_domain_state),
        cmocka_unit_test(test_duration),
        cmocka_unit_test(test_event_mask),
        cmocka_unit_test(test_tracer_argv),
        cmocka_unit_test(test_pv64_matches_dump),
        cmocka_unit_test(test_pv_start_info),
        cmocka_unit_test(test_pv32_callbacks_carry_cs),
        cmocka_unit_test(test_hvm_matches_dump),
        cmocka_unit_test(test_guest_type),
        cmocka_unit_test(test_gdt_frames),
        cmocka_unit_test(test_segment_loads),
        cmocka_unit_test(test_tracer_child),
        cmocka_unit_test(test_tracer_dies_with_xabi),
        cmocka_unit_test(test_collect_from_child),
        cmocka_unit_test(test_damage_in_child_stream),
        cmocka_unit_test(test_hook_failure_leaves_db),
        cmocka_unit_test(test_probe_without_xen),
        cmocka_unit_test(test_host_libraries_load),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
