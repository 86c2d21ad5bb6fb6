/*
 * test-snapshot-text.c: the loader of recorded vCPU dumps, on the real
 * dumps of tests/data/snapshots (Xen 4.17.7), and the rules on them: a
 * real PV64 domU, a real dom0 vCPU in user space and a real PVH domU must
 * give real PASS findings, and no WARN or FAIL.
 *
 * The dumps are read relative to XABI_SRCDIR (default: the current
 * directory, the source tree's root under `make test`).
 */
#include <sys/wait.h>

#include "tests/unit/fixtures.h"

#include "analyzer/analyzer.h"
#include "collector/snapshot.h"
#include "store/store.h"

static void dump_path(char *buf, size_t len, const char *name)
{
    const char *dir = getenv("XABI_SRCDIR");

    snprintf(buf, len, "%s/tests/data/snapshots/%s", dir ? dir : ".", name);
}

static struct xabi_snapshot *load(const char *name, bool type_known,
                                  enum xabi_guest_type type,
                                  enum xabi_snap_phase phase, int user)
{
    struct xabi_snapshot_text_opts o = { type_known, type, phase, user };
    struct xabi_snapshot *s;
    char path[512], err[512];

    dump_path(path, sizeof(path), name);
    if ( xabi_snapshot_text_load(path, &o, &s, err, sizeof(err)) )
        fail_msg("%s", err);
    return s;
}

static struct xabi_snapshot *pv_initial(void)
{
    return load("getctx_domU_initial.txt", false, 0, XABI_SNAP_INITIAL, 0);
}
static struct xabi_snapshot *dom0_running(void)
{
    return load("getctx_dom0_vcpu1.txt", false, 0, XABI_SNAP_RUNNING, 1);
}
static struct xabi_snapshot *pvh_hvmctx(void)
{
    return load("pvh_hvmctx_initial.txt", true, XABI_GUEST_PVH,
                XABI_SNAP_INITIAL, 0);
}
static struct xabi_snapshot *pvh_info(void)
{
    return load("pvh_pvhinfo_initial.txt", false, 0, XABI_SNAP_INITIAL, 0);
}

/* getctx_domU_initial.txt: "cs 0xe033 ss 0xe02b ds 0x0000 ...". */
static void test_pv_initial(void **state)
{
    struct xabi_snapshot *s = pv_initial();

    (void)state;
    assert_int_equal(s->domid, 1);
    assert_int_equal(s->vcpu, 0);
    assert_int_equal(s->type, XABI_GUEST_PV64);
    assert_int_equal(s->seg[XABI_SREG_CS].selector, 0xe033);
    assert_int_equal(s->seg[XABI_SREG_SS].selector, 0xe02b);
    assert_true(s->seg[XABI_SREG_GS].known);
    assert_int_equal(s->seg[XABI_SREG_GS].selector, 0);
    assert_false(s->seg[XABI_SREG_CS].has_hidden);
    assert_true(s->reg[XABI_REG_KERNEL_SS] == 0xe02b);
    assert_true(s->reg[XABI_REG_RIP] == 0xffffffff830791c0ull);
    assert_true(s->reg[XABI_REG_CR0] == 0x80050033);
    assert_true(s->reg[XABI_REG_VCPU_FLAGS] == 0x24);
    assert_true(s->traps_read);
    assert_int_equal(s->ntraps, 0); /* all 256 slots empty */
    assert_true(s->cb[XABI_CB_SYSCALL].known);
    assert_true(s->cb[XABI_CB_SYSCALL].address == 0);
    assert_true(s->gdt_read);
    assert_int_equal(s->ngdt, 0); /* "gdt.raw none (gdt_ents == 0)" */
    xabi_snapshot_text_free(s);
}

/* getctx_dom0_vcpu1.txt: trap[0..31] and trap[128], callbacks. */
static void test_dom0_running(void **state)
{
    struct xabi_snapshot *s = dom0_running();

    (void)state;
    assert_int_equal(s->domid, 0);
    assert_int_equal(s->vcpu, 1);
    assert_int_equal(s->ntraps, 33);
    assert_int_equal(s->traps[3].vector, 3);
    assert_int_equal(s->traps[3].flags, 0x7);
    assert_int_equal(s->traps[3].cs, 0x0013);
    assert_int_equal(s->traps[32].vector, 128);
    assert_true(s->traps[32].address == 0xffffffff81027ed0ull);
    assert_true(s->cb[XABI_CB_SYSCALL].address == 0xffffffff81027f30ull);
    assert_true(s->cb[XABI_CB_EVENT].address == 0xffffffff81027ef0ull);
    assert_false(s->cb[XABI_CB_SYSCALL32].known);
    assert_false(s->gdt_read); /* "gdt.map_failed" */
    assert_true(s->reg[XABI_REG_VM_ASSIST] == 0x2d);
    xabi_snapshot_text_free(s);
}

/* pvh_hvmctx_initial.txt: "cs 0000 ( 00000000 + 0xffffffff / 0x0c9b)". */
static void test_pvh_hvmctx(void **state)
{
    struct xabi_snapshot *s = pvh_hvmctx();
    const struct xabi_segment *cs = &s->seg[XABI_SREG_CS];
    const struct xabi_segment *tr = &s->seg[XABI_SREG_TR];

    (void)state;
    assert_int_equal(s->domid, 1);
    assert_int_equal(s->vcpu, 0);
    assert_true(cs->known && cs->has_hidden);
    assert_int_equal(cs->selector, 0);
    assert_true(cs->base == 0);
    assert_int_equal(cs->limit, 0xffffffff);
    assert_int_equal(cs->attr, 0x0c9b);
    assert_int_equal(tr->limit, 0x67);
    assert_int_equal(tr->attr, 0x008b);
    assert_true(s->reg[XABI_REG_CR0] == 0x11);
    assert_true(s->reg[XABI_REG_RBX] == 0x4a00000);
    assert_true(s->reg[XABI_REG_RFLAGS] == 0x2);
    assert_true((s->reg_mask >> XABI_REG_EFER) & 1);
    assert_true(s->reg[XABI_REG_EFER] == 0);
    assert_false(s->has_start_info);
    /* line 81: "MTRR: PAT 0x7040600070406, cap 0x508, default 0x806" */
    assert_true(s->has_mtrr);
    assert_true(s->mtrr.pat == 0x7040600070406ull);
    assert_true(s->mtrr.cap == 0x508);
    assert_true(s->mtrr.def_type == 0x806);
    assert_true(s->mtrr.var[15] == 0 && s->mtrr.fixed[10] == 0);
    xabi_snapshot_text_free(s);
}


/* pvh_pvhinfo_initial.txt: key=value segments and the start info. */
static void test_pvh_info(void **state)
{
    struct xabi_snapshot *s = pvh_info();

    (void)state;
    assert_int_equal(s->type, XABI_GUEST_PVH);
    assert_int_equal(s->seg[XABI_SREG_DS].attr, 0x0c93);
    assert_int_equal(s->seg[XABI_SREG_FS].attr, 0);
    assert_true(s->has_start_info);
    assert_true(s->start_info.gpa == 0x4a00000);
    assert_int_equal(s->start_info.magic, 0x336ec578);
    assert_int_equal(s->start_info.version, 1);
    assert_int_equal(s->start_info.memmap_entries, 5);
    assert_true(s->start_info.rsdp_paddr == 0xfc008000);
    xabi_snapshot_text_free(s);
}

/*
 * The smallest whole getctx dump: every line getctx always prints, each
 * once, the way it prints them (getctx_domU_initial.txt, less the lines
 * xabi does not read and with one trap-table entry).  Tests replace one
 * line at a time: GETCTX[i] is line i + 1.
 */
static const char *const GETCTX[] = {
    /*  1 */ "domid 3 vcpu 0",
    /*  2 */ "flags 0x24",
    /*  3 */ "rip 0xffffffff830791c0 rsp 0xffffffff84a2d000 rflags 0x200",
    /*  4 */ "cs 0xe033 ss 0xe02b ds 0x0000 es 0x0000 fs 0x0000 gs 0x0000",
    /*  5 */ "ldt_base 0x0 ldt_ents 0",
    /*  6 */ "gdt_ents 0 gdt_frames",
    /*  7 */ "kernel_ss 0xe02b kernel_sp 0xffffffff84a2d000",
    /*  8 */ "cr0 0x80050033 cr1 0x0 cr2 0x0 cr3 0x7ea03000 cr4 0x660",
    /*  9 */ "event_callback_eip 0x0 failsafe_callback_eip 0x0 "
             "syscall_callback_eip 0x0",
    /* 10 */ "vm_assist 0x0",
    /* 11 */ "trap[3] vector=3 flags=0x7 dpl=3 if_clear=1 cs=0x0013 "
             "address=0xffffffff81027db0",
    /* 12 */ "trap_entries 1",
    /* 13 */ "gdt.raw none (gdt_ents == 0)",
};
#define GETCTX_LINES ARRAY_SIZE(GETCTX)

/*
 * GETCTX with line `line` (1-based; 0: none) replaced by `with` (NULL:
 * left out), and only its first `upto` lines, into buf; its length.
 */
static size_t getctx(char *buf, size_t len, unsigned upto, unsigned line,
                     const char *with)
{
    size_t used = 0;
    unsigned i;

    buf[0] = '\0';
    for ( i = 0; i < upto && i < GETCTX_LINES; i++ )
    {
        const char *l = i + 1 == line ? with : GETCTX[i];

        if ( l )
            used += (size_t)snprintf(buf + used, len - used, "%s\n", l);
    }
    assert_true(used < len);
    return used;
}

static int parse(const char *text, size_t len, struct xabi_snapshot **s,
                 char *err, size_t errlen)
{
    struct xabi_snapshot_text_opts o = { false, 0, XABI_SNAP_RUNNING, -1 };

    return xabi_snapshot_text_parse(text, len, "t", &o, s, err, errlen);
}

/* "flags 0x20" (VGCF_online, not VGCF_in_kernel): caught in user mode. */
static void test_user_mode_from_flags(void **state)
{
    struct xabi_snapshot *s;
    char dump[2048], err[256];
    size_t len = getctx(dump, sizeof(dump), GETCTX_LINES, 2, "flags 0x20");

    (void)state;
    if ( parse(dump, len, &s, err, sizeof(err)) )
        fail_msg("%s", err);
    assert_int_equal(s->user_mode_seen, 1);
    xabi_snapshot_text_free(s);
    /* In its kernel (0x24, as getctx_domU_initial.txt): not known. */
    s = load("getctx_domU_initial.txt", false, 0, XABI_SNAP_RUNNING, -1);
    assert_int_equal(s->user_mode_seen, -1);
    xabi_snapshot_text_free(s);
}

/* ---- malformed input: an error naming the line, never a crash ----------- */

static void expect_error(const char *text, size_t len, const char *want)
{
    struct xabi_snapshot_text_opts o = { false, 0, XABI_SNAP_INITIAL, -1 };
    struct xabi_snapshot *s = (struct xabi_snapshot *)1;
    char err[512] = "";

    assert_int_equal(xabi_snapshot_text_parse(text, len, "bad", &o, &s, err,
                                              sizeof(err)),
                     -1);
    assert_null(s);
    if ( !strstr(err, want) )
        fail_msg("error '%s' lacks '%s'", err, want);
}

static void test_malformed(void **state)
{
    static const char trap300[] = "domid 1 vcpu 0\ncs 0xe033\n"
                                  "trap[300] vector=0 flags=0x0 cs=0x0 "
                                  "address=0x1\n";
    static const char trap1x[] = "domid 1\n"
                                 "trap[1x] vector=0 flags=0 cs=0 address=1\n";
    static const char badseg[] = "domid 1 vcpu 0\ncs 0xe033 ss\n";
    static const char nul[] = "domid 1\0 vcpu 0\n";
    static const char gdt9000[] = "domid 1\ncs 0xe033\n"
                                  "gdt[9000] sel=0x0 desc=0x1\n";
    char longline[2048];

    (void)state;
    expect_error(trap300, sizeof(trap300) - 1, "line 3");
    expect_error(trap1x, sizeof(trap1x) - 1, "line 2");
    expect_error(badseg, sizeof(badseg) - 1, "line 2");
    expect_error(nul, sizeof(nul) - 1, "NUL");
    expect_error(gdt9000, sizeof(gdt9000) - 1, "line 3");
    expect_error("hello world\n", 12, "no vCPU state");
    expect_error("", 0, "no vCPU state");
    memset(longline, 'a', sizeof(longline));
    expect_error(longline, sizeof(longline), "line 1");
}

/*
 * The MTRR record of a vCPU (xen-hvmctx's dump_mtrr): every value read,
 * another vCPU's left alone, and a record without all its lines refused
 * at the line where it ends.
 */
#define MTRR_CPU "HVM save record for domain 3\n" \
    "Entry 0: type 2 instance 1, length 1032\n" \
    "    CPU:    rax 0x0000000000000000     rbx 0x0000000000000000\n" \
    "            rsp 0x0000000000000000  rip 0x0000000000001000\n" \
    "            rflags 0x0000000000000002\n" \
    "            cr0 0x0000000000000011     cr2 0x0000000000000000\n" \
    "            cr3 0x0000000000000000     cr4 0x0000000000000000\n" \
    "            efer 00000000\n"
#define MTRR_HEAD(inst) "Entry 1: type 14 instance " #inst ", length 240\n" \
    "    MTRR: PAT 0x7040600070406, cap 0x508, default 0xc00\n" \
    "          var 0 0x000000fe00000 0x00ffffe000800\n" \
    "          var 1 0000000000000 0000000000000\n" \
    "          var 2 0000000000000 0000000000000\n" \
    "          var 3 0000000000000 0000000000000\n" \
    "          var 4 0000000000000 0000000000000\n" \
    "          var 5 0000000000000 0000000000000\n" \
    "          var 6 0000000000000 0000000000000\n"
#define MTRR_VAR7 "          var 7 0000000000000 0000000000000\n"
#define MTRR_FIXED "          fixed 00 0x0606060606060606\n" \
    "          fixed 01 0000000000000000\n" \
    "          fixed 02 0000000000000000\n" \
    "          fixed 03 0000000000000000\n" \
    "          fixed 04 0000000000000000\n" \
    "          fixed 05 0000000000000000\n" \
    "          fixed 06 0000000000000000\n" \
    "          fixed 07 0000000000000000\n" \
    "          fixed 08 0000000000000000\n" \
    "          fixed 09 0000000000000000\n" \
    "          fixed 0a 0x0000000000000506\n"
#define MTRR_SEGS \
    "             cs   0000 (          00000000 + 0xffffffff /  0x0c9b)\n" \
    "             ss   0000 (          00000000 + 0xffffffff /  0x0c93)\n" \
    "             es   0000 (          00000000 + 0xffffffff /  0x0c93)\n" \
    "             ds   0000 (          00000000 + 0xffffffff /  0x0c93)\n" \
    "             fs   0000 (          00000000 +   00000000 /    0000)\n" \
    "             gs   0000 (          00000000 +   00000000 /    0000)\n" \
    "             tr   0000 (          00000000 +     0x0067 /  0x008b)\n" \
    "           ldtr   0000 (          00000000 +       0000 /    0000)\n"
#define MTRR_END "Entry 2: type 0 instance 0, length 0\n"

static void test_hvmctx_mtrr(void **state)
{
    static const char whole[] = MTRR_CPU MTRR_SEGS MTRR_HEAD(1) MTRR_VAR7
                                MTRR_FIXED MTRR_END;
    static const char other[] = MTRR_CPU MTRR_SEGS MTRR_HEAD(0) MTRR_VAR7
                                MTRR_FIXED MTRR_END;
    static const char no_var7[] = MTRR_CPU MTRR_SEGS MTRR_HEAD(1)
                                  MTRR_FIXED MTRR_END;
    static const char twice[] = MTRR_CPU MTRR_SEGS MTRR_HEAD(1) MTRR_VAR7
                                MTRR_VAR7 MTRR_FIXED MTRR_END;
    static const char cut[] = MTRR_CPU MTRR_SEGS MTRR_HEAD(1) MTRR_VAR7;
    struct xabi_snapshot_text_opts o = { true, XABI_GUEST_PVH,
                                         XABI_SNAP_INITIAL, 0 };
    struct xabi_snapshot *s;
    char err[512];

    (void)state;
    if ( xabi_snapshot_text_parse(whole, sizeof(whole) - 1, "whole", &o, &s,
                                  err, sizeof(err)) )
        fail_msg("%s", err);
    assert_int_equal(s->vcpu, 1);
    assert_true(s->has_mtrr);
    assert_true(s->mtrr.def_type == 0xc00);
    assert_true(s->mtrr.var[0] == 0xfe00000 && s->mtrr.var[1] == 0xffffe000800);
    assert_true(s->mtrr.fixed[0] == 0x0606060606060606ull);
    assert_true(s->mtrr.fixed[10] == 0x506);
    xabi_snapshot_text_free(s);
    /* vCPU 0's record is not vCPU 1's */
    if ( xabi_snapshot_text_parse(other, sizeof(other) - 1, "other", &o, &s,
                                  err, sizeof(err)) )
        fail_msg("%s", err);
    assert_false(s->has_mtrr);
    xabi_snapshot_text_free(s);
    /* line 37 is the END entry after the record without var 7 */
    expect_error(no_var7, sizeof(no_var7) - 1, "line 37: the MTRR record of "
                 "vCPU 1 (from line 17) ends before its 8 var lines");
    expect_error(twice, sizeof(twice) - 1, "line 27: MTRR record: this "
                 "line's register was given before");
    expect_error(cut, sizeof(cut) - 1, "ends before its 11 fixed lines");
}

/*
 * The small getctx dump is whole; without any one of its lines it is not,
 * and the error says what is missing, at the line where the dump ends.
 */
static void test_getctx_needs_every_field(void **state)
{
    static const char *const lacks[GETCTX_LINES] = {
        "without domid, vcpu", "without vcpu_flags",
        "without rip, rsp, rflags", "without cs, ss, ds, es, fs, gs",
        "without ldt_base, ldt_ents", "without gdt_ents",
        "without kernel_ss, kernel_sp", "without cr0, cr2, cr3, cr4",
        ("without event_callback_eip, failsafe_callback_eip, "
         "syscall_callback_eip"),
        "without vm_assist", "trap_entries 1, but 0 trap[N] lines",
        "without trap_entries", "without a gdt line",
    };
    struct xabi_snapshot *s;
    char dump[2048], err[512];
    unsigned i;
    size_t len;

    (void)state;
    len = getctx(dump, sizeof(dump), GETCTX_LINES, 0, NULL);
    if ( parse(dump, len, &s, err, sizeof(err)) )
        fail_msg("%s", err);
    assert_int_equal(s->type, XABI_GUEST_PV64);
    assert_int_equal(s->ntraps, 1);
    xabi_snapshot_text_free(s);
    for ( i = 0; i < GETCTX_LINES; i++ )
    {
        s = (struct xabi_snapshot *)1;
        len = getctx(dump, sizeof(dump), GETCTX_LINES, i + 1, NULL);
        assert_int_equal(parse(dump, len, &s, err, sizeof(err)), -1);
        assert_null(s);
        if ( !strstr(err, lacks[i]) )
            fail_msg("without line %u: '%s' lacks '%s'", i + 1, err,
                     lacks[i]);
    }
    /* Cut after 4 lines, as the audit found it stored as complete. */
    len = getctx(dump, sizeof(dump), 4, 0, NULL);
    assert_int_equal(parse(dump, len, &s, err, sizeof(err)), -1);
    if ( !strstr(err, "t: line 4: the getctx dump ends here without "
                      "cr0, cr2, cr3, cr4, kernel_ss") )
        fail_msg("%s", err);
}

/*
 * A value that is not a number, or is out of its field's range, is an
 * error naming the line, never dropped or cut to fit.
 */
static void test_values_out_of_range(void **state)
{
    static const struct
    {
        unsigned line;
        const char *with, *want;
    } bad[] = {
        { 3, "rip 0xffffffffffffffffffffffff rsp 0x0 rflags 0x200",
          "line 3: rip: '0xffffffffffffffffffffffff' is not a number" },
        { 3, "rip 0x1 rsp 0x0 rflags 0x100000200",
          "line 3: rflags 0x100000200 is out of range" },
        { 11, "trap[3] vector=3 flags=0a0 dpl=3 if_clear=1 cs=0x0013 "
              "address=0x1",
          "line 11: trap[3]: 'flags=0a0' is not a number" },
        { 11, "trap[3] vector=3 flags=0x1ff dpl=3 if_clear=1 cs=0x0013 "
              "address=0x1",
          "line 11: trap[3]: flags=0x1ff is out of range" },
        { 11, "trap[3] vector=3 flags=0x7 dpl=3 if_clear=1 address=0x1",
          "line 11: trap[3]: no cs=" },
        { 11, "trap[3x] vector=3 flags=0x7 cs=0x13 address=0x1",
          "line 11: malformed trap-table entry" },
        { 4, "cs 0x1e033 ss 0xe02b ds 0x0 es 0x0 fs 0x0 gs 0x0",
          "line 4: malformed selector list" },
        { 4, "cs 010 ss 0xe02b ds 0x0 es 0x0 fs 0x0 gs 0x0",
          "line 4: malformed selector list" },
        { 7, "kernel_ss 0x1e02b kernel_sp 0x0",
          "line 7: kernel_ss 0x1e02b is out of range" },
        { 6, "gdt_ents 9000", "line 6: gdt_ents 9000 is out of range" },
        { 1, "domid 32768 vcpu 0", "line 1: domid 32768 is out of range" },
        { 10, "vm_assist 0x0 vcpu 1",
          "line 10: vcpu 0x1, after 0 before: two dumps in one file?" },
        { 12, "trap_entries 2", "line 12: trap_entries 2, but 1 trap[N]" },
        { 12, "trap[2] vector=2 flags=0x0 cs=0x0 address=0x1",
          "line 12: trap[2] after trap[3]: out of order" },
        { 1, "rip: ffffffff830791c0", "line 1: a xenctx dump" },
    };
    struct xabi_snapshot *s;
    char dump[2048], err[512];
    unsigned i;
    size_t len;

    (void)state;
    for ( i = 0; i < ARRAY_SIZE(bad); i++ )
    {
        s = (struct xabi_snapshot *)1;
        len = getctx(dump, sizeof(dump), GETCTX_LINES, bad[i].line,
                     bad[i].with);
        assert_int_equal(parse(dump, len, &s, err, sizeof(err)), -1);
        assert_null(s);
        if ( !strstr(err, bad[i].want) )
            fail_msg("'%s': '%s' lacks '%s'", bad[i].with, err, bad[i].want);
    }
    /* Cut inside its last line: the number there may be cut too. */
    len = getctx(dump, sizeof(dump), GETCTX_LINES, 0, NULL);
    assert_int_equal(parse(dump, len - 1, &s, err, sizeof(err)), -1);
    if ( !strstr(err, "line 13: the last line has no end") )
        fail_msg("%s", err);
}

/*
 * Every prefix of a real dump parses or fails cleanly, and one is accepted
 * only if it holds the last line its kind requires, whole.
 */
static void test_truncated_dumps(void **state)
{
    static const char *const names[] = {
        "getctx_dom0_vcpu1.txt", "pvh_hvmctx_initial.txt",
        "pvh_pvhinfo_initial.txt", "getctx_domU_initial.txt",
    };
    /* The last line each of them must have. */
    static const char *const last[] = {
        "gdt.map_failed frame=0 mfn=0xbd861\n",
        "shadow gs   0000000000000000   efer           00000000\n",
        "memmap_paddr 0x4a008b0 memmap_entries 5 reserved 0\n",
        "gdt.raw none (gdt_ents == 0)\n",
    };
    struct xabi_snapshot_text_opts o = { false, 0, XABI_SNAP_RUNNING, -1 };
    char path[512], err[512], *buf;
    size_t i, n, cut;
    FILE *f;

    (void)state;
    buf = malloc(1 << 16);
    assert_non_null(buf);
    for ( i = 0; i < ARRAY_SIZE(names); i++ )
    {
        size_t need;
        char *at;

        dump_path(path, sizeof(path), names[i]);
        f = fopen(path, "rb");
        assert_non_null(f);
        n = fread(buf, 1, (1 << 16) - 1, f);
        fclose(f);
        buf[n] = '\0';
        at = strstr(buf, last[i]);
        assert_non_null(at);
        need = (size_t)(at - buf) + strlen(last[i]);
        for ( cut = 0; cut <= n; cut++ )
        {
            struct xabi_snapshot *s = NULL;

            if ( xabi_snapshot_text_parse(buf, cut, names[i], &o, &s, err,
                                          sizeof(err)) == 0 )
            {
                assert_non_null(s);
                if ( cut < need )
                    fail_msg("%s cut at %zu, before byte %zu, accepted",
                             names[i], cut, need);
            }
            else if ( cut == n )
                fail_msg("%s", err);
            xabi_snapshot_text_free(s);
        }
    }
    free(buf);
}

/* ---- the rules on real data -------------------------------------------- */

struct verdicts
{
    unsigned n[XABI_NOT_OBSERVED + 1];
    char pass[1024];
    char bad[1024];
};

static int note(void *ctx, const struct xabi_finding *f)
{
    struct verdicts *v = ctx;
    size_t used;

    /*
     * DOC-001 judges the documents, not the guests: the wiki's SS and the
     * GDT comments are refuted by these very guests (tests/golden/claims.sh).
     */
    if ( strcmp(f->rule_id, "DOC-001") == 0 )
        return 0;
    v->n[f->verdict]++;
    if ( f->verdict == XABI_PASS )
    {
        used = strlen(v->pass);
        snprintf(v->pass + used, sizeof(v->pass) - used, "%s ", f->rule_id);
    }
    else if ( f->verdict != XABI_NOT_OBSERVED )
    {
        used = strlen(v->bad);
        snprintf(v->bad + used, sizeof(v->bad) - used, "%s %s: %s\n",
                 f->rule_id, xabi_verdict_name(f->verdict), f->message);
    }
    return 0;
}

/* A database holding the four real snapshots as one run; returns run id. */
static int64_t real_run(const char *path, struct xabi_store **out)
{
    struct xabi_snapshot *snaps[4];
    struct xabi_run_info ri;
    struct xabi_run_totals t;
    struct xabi_store *st;
    int64_t run_id, id;
    size_t i;

    snaps[0] = pv_initial();
    snaps[1] = dom0_running();
    snaps[2] = pvh_hvmctx();
    snaps[3] = pvh_info();
    /*
     * The PVH dumps come from another boot, in which the guest was domain 1
     * too, and [3] is the same vCPU as [2]: renumbered so that the report
     * keeps the three guests apart.
     */
    snaps[2]->domid = 2;
    snaps[3]->domid = 3;
    memset(&ri, 0, sizeof(ri));
    ri.source_kind = "snapshot";
    ri.source_path = "tests/data/snapshots";
    strcpy(ri.source_sha256, "real-snapshots");
    ri.xen_version = "4.17.7";
    memset(&t, 0, sizeof(t));
    assert_int_equal(xabi_store_open(path, &st), 0);
    assert_int_equal(xabi_store_begin(st), 0);
    assert_int_equal(xabi_store_run_new(st, &ri, &run_id), 0);
    for ( i = 0; i < 4; i++ )
    {
        assert_int_equal(xabi_store_put_snapshot(st, run_id, snaps[i], &id),
                         0);
        xabi_snapshot_text_free(snaps[i]);
    }
    assert_int_equal(xabi_store_run_finish(st, run_id, &t), 0);
    assert_int_equal(xabi_store_commit(st), 0);
    *out = st;
    return run_id;
}

static void test_real_snapshots_pass(void **state)
{
    static const char *const must_pass[] = {
        "SEG-001", "SEG-002", "SEG-003", "SEG-006", "SEG-007", "TRAP-003",
        "PVH-001", "PVH-002", "PVH-003", "PVH-004",
    };
    struct xabi_check_summary sum;
    struct xabi_store *st;
    struct verdicts v;
    char path[256], err[512];
    int64_t run_id;
    size_t i;

    (void)state;
    xabi_test_db_path(path, sizeof(path), "real");
    run_id = real_run(path, &st);
    memset(&v, 0, sizeof(v));
    assert_int_equal(xabi_analyze(st, run_id, NULL, 0, note, &v, &sum, err,
                                  sizeof(err)),
                     0);
    if ( v.n[XABI_WARN] || v.n[XABI_FAIL] || v.n[XABI_INFO] )
        fail_msg("real guests got:\n%s", v.bad);
    for ( i = 0; i < sizeof(must_pass) / sizeof(must_pass[0]); i++ )
    {
        if ( !strstr(v.pass, must_pass[i]) )
            fail_msg("%s did not PASS on real data (passed: %s)",
                     must_pass[i], v.pass);
    }
    xabi_store_close(st);
    xabi_test_db_remove(path);
}

/* ---- the xabi binary: exit codes, JSON, nothing changed on errors ------ */

/* Run bin with args, stdout to out (NULL: discarded); its exit status. */
static int xabi_to(const char *bin, const char *args, const char *out)
{
    char cmd[2048];
    int rc;

    snprintf(cmd, sizeof(cmd), "%s %s >%s 2>/dev/null", bin, args,
             out ? out : "/dev/null");
    rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static int xabi(const char *bin, const char *args)
{
    return xabi_to(bin, args, NULL);
}

/* The file's bytes, for "nothing changed" (size in *n; caller frees). */
/* A second run whose PV64 guest started with the wiki's SS 0xe033. */
static void add_failing_run(struct xabi_store *st)
{
    struct xabi_snapshot *s = pv_initial();
    struct xabi_run_info ri;
    struct xabi_run_totals t;
    int64_t run_id, id;

    memset(&ri, 0, sizeof(ri));
    ri.source_kind = "snapshot";
    ri.source_path = "bad \"guest\"\n<path>";
    strcpy(ri.source_sha256, "bad");
    ri.xen_version = "4.17";
    memset(&t, 0, sizeof(t));
    s->seg[XABI_SREG_SS].selector = 0xe033;
    assert_int_equal(xabi_store_begin(st), 0);
    assert_int_equal(xabi_store_run_new(st, &ri, &run_id), 0);
    assert_int_equal(run_id, 2);
    assert_int_equal(xabi_store_put_snapshot(st, run_id, s, &id), 0);
    assert_int_equal(xabi_store_run_finish(st, run_id, &t), 0);
    assert_int_equal(xabi_store_commit(st), 0);
    xabi_snapshot_text_free(s);
}

/*
 * The text report on the real snapshots, byte for byte, against
 * tests/data/golden/check-real-snapshots.txt.  XABI_UPDATE_GOLDEN=1
 * rewrites the file instead; review its diff before committing it.
 */
static void check_golden(const char *bin, const char *db)
{
    const char *dir = getenv("XABI_SRCDIR");
    char golden[512], out[300], args[600], *want, *got;
    size_t nw, ng;

    snprintf(golden, sizeof(golden),
             "%s/tests/data/golden/check-real-snapshots.txt",
             dir ? dir : ".");
    snprintf(out, sizeof(out), "%s.txt", db);
    snprintf(args, sizeof(args), "check --db %s --run 1", db);
    if ( getenv("XABI_UPDATE_GOLDEN") )
    {
        assert_int_equal(xabi_to(bin, args, golden), 0);
        return;
    }
    assert_int_equal(xabi_to(bin, args, out), 0);
    want = xabi_test_slurp(golden, &nw);
    got = xabi_test_slurp(out, &ng);
    if ( nw != ng || memcmp(want, got, nw) != 0 )
        fail_msg("xabi check output differs from %s (see %s)", golden, out);
    unlink(out);
    free(want);
    free(got);
}

static void test_cli(void **state)
{
    char bin[512], path[256], json[300], args[1024], *before;
    const char *argv0 = *state;
    struct xabi_store *st;
    size_t n;
    FILE *f;

    /* BUILD/tests/test-snapshot-text -> BUILD/xabi */
    snprintf(bin, sizeof(bin), "%.*s/../xabi",
             (int)(strrchr(argv0, '/') ? strrchr(argv0, '/') - argv0 : 1),
             strrchr(argv0, '/') ? argv0 : ".");
    if ( access(bin, X_OK) != 0 )
        skip();
    xabi_test_db_path(path, sizeof(path), "cli");
    real_run(path, &st);
    add_failing_run(st);
    xabi_store_close(st);

    check_golden(bin, path);
    /* warn: DOC-001 reports the documents these guests refute as INFO. */
    snprintf(args, sizeof(args), "check --db %s --run 1 --fail-on warn", path);
    assert_int_equal(xabi(bin, args), 0);
    snprintf(args, sizeof(args), "check --db %s", path); /* newest: run 2 */
    assert_int_equal(xabi(bin, args), 3);
    snprintf(args, sizeof(args), "check --db %s --fail-on never", path);
    assert_int_equal(xabi(bin, args), 0);
    snprintf(json, sizeof(json), "%s.json", path);
    snprintf(args, sizeof(args), "check --db %s --rule seg-001,TRACE-001 "
             "--json", path);
    assert_int_equal(xabi_to(bin, args, json), 3);
    if ( access("/usr/bin/python3", X_OK) == 0 )
    {
        snprintf(args, sizeof(args), "-c 'import json,sys; d=json.load("
                 "open(\"%s.json\")); assert d[\"failed\"]; assert "
                 "d[\"run\"][\"source_path\"] == \"bad \\\"guest\\\"\\n<path>\"'",
                 path);
        assert_int_equal(xabi("/usr/bin/python3", args), 0);
    }
    unlink(json);

    /* xabi rules: every rule, as JSON too; an unknown id is a usage error. */
    assert_int_equal(xabi(bin, "rules"), 0);
    assert_int_equal(xabi(bin, "rules seg-001 TRAP-003"), 0);
    assert_int_equal(xabi(bin, "rules NOPE-001"), 2);
    assert_int_equal(xabi_to(bin, "rules --json", json), 0);
    if ( access("/usr/bin/python3", X_OK) == 0 )
    {
        snprintf(args, sizeof(args), "-c 'import json; r=json.load(open("
                 "\"%s\"))[\"rules\"]; assert len(r) >= 25; assert all("
                 "x[\"citation\"] and x[\"doc\"] for x in r)'", json);
        assert_int_equal(xabi("/usr/bin/python3", args), 0);
    }

    /* Errors: a clear exit code and the database byte for byte. */
    before = xabi_test_slurp(path, &n);
    snprintf(args, sizeof(args), "check --db %s --run 99", path);
    assert_int_equal(xabi(bin, args), 1);
    snprintf(args, sizeof(args), "check --db %s --rule NOPE-001", path);
    assert_int_equal(xabi(bin, args), 2);
    snprintf(args, sizeof(args), "check --db %s --fail-on PASS", path);
    assert_int_equal(xabi(bin, args), 2);
    snprintf(args, sizeof(args), "check --db %s --run x1", path);
    assert_int_equal(xabi(bin, args), 2);
    xabi_test_assert_unchanged(path, before, n);
    free(before);

    /* A file another program made, and a database that is not there. */
    f = fopen(path, "wb");
    assert_non_null(f);
    fputs("not a database, not ours\n", f);
    fclose(f);
    before = xabi_test_slurp(path, &n);
    snprintf(args, sizeof(args), "check --db %s", path);
    assert_int_equal(xabi(bin, args), 1);
    xabi_test_assert_unchanged(path, before, n);
    free(before);
    xabi_test_db_remove(path);
    snprintf(args, sizeof(args), "check --db %s", path);
    assert_int_equal(xabi(bin, args), 1);
    assert_int_equal(access(path, F_OK), -1);
}

int main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pv_initial),
        cmocka_unit_test(test_dom0_running),
        cmocka_unit_test(test_pvh_hvmctx),
        cmocka_unit_test(test_hvmctx_mtrr),
        cmocka_unit_test(test_pvh_info),
        cmocka_unit_test(test_user_mode_from_flags),
        cmocka_unit_test(test_getctx_needs_every_field),
        cmocka_unit_test(test_values_out_of_range),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_truncated_dumps),
        cmocka_unit_test(test_real_snapshots_pass),
        cmocka_unit_test_prestate(test_cli, argv[0]),
    };

    (void)argc;
    return cmocka_run_group_tests_name("snapshot-text", tests, NULL, NULL);
}
