/*
 * test-rules.c: every analyzer rule, passing and failing, on fixtures
 * written through the store's own writers (no Xen host, no trace file).
 *
 * The cases are a table: rule id, the verdict it must give, and the setup
 * that writes the facts or snapshots.  The last test compares the table
 * with the registry and fails when a rule lacks a passing case or a case
 * that gives its severity, so a new rule cannot land untested.
 *
 * Recording findings and the store's snapshot round trip are tested in
 * test-findings.c.
 *
 * Catalogue rows are written with plain SQL on a second connection: the
 * catalogue's writer belongs to `xabi abi import` (another branch).  They
 * use the fictional version "9.1", so the real catalogue, once it ships,
 * cannot change these results.
 */
#include <sqlite3.h>

#include "tests/unit/fixtures.h"

#include "analyzer/analyzer.h"
#include "collector/hcpage.h"
#include "store/store.h"

#define CAT_VERSION "9.1"   /* seeded by seed_catalogue() */
#define NOCAT_VERSION "9.2" /* never catalogued */
#define PARTIAL_VERSION "9.3" /* catalogued, but its import skipped lines */

struct fx
{
    struct xabi_store *st;
    int64_t run_id;
    struct xabi_run_totals totals;
};

/* ---- writers ------------------------------------------------------------ */

static void put_agg(struct fx *fx, const char *kind, int32_t domid,
                    int32_t vcpu, int64_t key, uint64_t count)
{
    struct xabi_fact_agg a = { kind, key, domid, vcpu, count, 0, true,
                               1000, 2000 };
    struct xabi_fact f;

    memset(&f, 0, sizeof(f));
    f.kind = kind;
    f.key = key;
    f.domid = domid;
    f.vcpu = vcpu;
    f.has_tsc = true;
    f.tsc = 1000;
    f.offset = 0x40;
    assert_int_equal(xabi_store_put_agg(fx->st, fx->run_id, &a), 0);
    assert_int_equal(xabi_store_put_fact(fx->st, fx->run_id, &f, 1), 0);
}

/* A hypercall sample whose first argument (the sub-op) was recorded. */
static void put_hypercall_sample(struct fx *fx, int64_t op, uint64_t arg0)
{
    struct xabi_fact f;

    memset(&f, 0, sizeof(f));
    f.kind = "hypercall";
    f.key = op;
    f.domid = 1;
    f.has_tsc = true;
    f.tsc = 1500;
    f.offset = 0x80;
    f.event = 0x0020100d; /* TRC_PV_HYPERCALL_V2 */
    f.argmask = 1;
    f.args[0] = arg0;
    assert_int_equal(xabi_store_put_fact(fx->st, fx->run_id, &f, 2), 0);
}

/* A row fact: a delivered trap or injected exception. */
static void put_trap(struct fx *fx, const char *kind, int64_t vector,
                     bool has_ec, uint32_t ec)
{
    struct xabi_fact f;

    memset(&f, 0, sizeof(f));
    f.kind = kind;
    f.key = vector;
    f.domid = 1;
    f.has_tsc = true;
    f.tsc = 1200;
    f.offset = 0x100;
    f.event = 0x00201003; /* TRC_PV_TRAP */
    f.has_rip = true;
    f.rip = 0xffffffff81000000ull;
    f.has_error_code = has_ec;
    f.error_code = ec;
    assert_int_equal(xabi_store_put_fact(fx->st, fx->run_id, &f, 0), 0);
}

static void put_lost(struct fx *fx)
{
    struct xabi_lost l = { 0, 0x2000, 17, 1, 0, 1400, 1600 };

    assert_int_equal(xabi_store_put_lost(fx->st, fx->run_id, &l), 0);
    fx->totals.lost_records = 17;
}

static void put_snapshot(struct fx *fx, const struct xabi_snapshot *s)
{
    int64_t id;

    assert_int_equal(xabi_store_put_snapshot(fx->st, fx->run_id, s, &id), 0);
    assert_true(id > 0);
}

static void set_reg(struct xabi_snapshot *s, enum xabi_reg r, uint64_t v)
{
    s->reg_mask |= 1u << r;
    s->reg[r] = v;
}

static void set_seg(struct xabi_snapshot *s, enum xabi_sreg g, uint16_t sel)
{
    s->seg[g].known = true;
    s->seg[g].selector = sel;
}

static void set_hidden(struct xabi_snapshot *s, enum xabi_sreg g, uint16_t sel,
                       uint64_t base, uint32_t limit, uint16_t attr)
{
    set_seg(s, g, sel);
    s->seg[g].has_hidden = true;
    s->seg[g].base = base;
    s->seg[g].limit = limit;
    s->seg[g].attr = attr;
}

/* ---- snapshots from the real data in ../shared/data --------------------- */

/*
 * xen-4.17-qemu/getctx_domU_initial.txt: domid 1 vcpu 0 right after
 * `xl create -p`: "cs 0xe033 ss 0xe02b ds 0x0000 es 0x0000 fs 0x0000
 * gs 0x0000", "kernel_ss 0xe02b", an empty trap table, no callbacks.
 */
static void snap_pv64_initial(struct xabi_snapshot *s)
{
    memset(s, 0, sizeof(*s));
    s->domid = 1;
    s->phase = XABI_SNAP_INITIAL;
    s->user_mode_seen = 0;
    s->type = XABI_GUEST_PV64;
    strcpy(s->source, "test:getctx_domU_initial");
    set_seg(s, XABI_SREG_CS, 0xe033);
    set_seg(s, XABI_SREG_SS, 0xe02b);
    set_seg(s, XABI_SREG_DS, 0);
    set_seg(s, XABI_SREG_ES, 0);
    set_seg(s, XABI_SREG_FS, 0);
    set_seg(s, XABI_SREG_GS, 0);
    set_reg(s, XABI_REG_KERNEL_SS, 0xe02b);
    set_reg(s, XABI_REG_RIP, 0xffffffff830791c0ull);
    set_reg(s, XABI_REG_RFLAGS, 0x200);
    s->traps_read = true;
}

/*
 * xen-4.17-qemu/getctx_dom0_vcpu1.txt: dom0 vcpu 1 while running user
 * space: trap[0..31] and trap[128] installed with cs 0x0013, flags 0x4
 * (DPL 0, clear event mask) except 3, 4 and 128 with flags 0x7 (DPL 3);
 * syscall_callback_eip 0xffffffff81027f30.
 */
static void snap_pv64_running(struct xabi_snapshot *s)
{
    unsigned v;

    memset(s, 0, sizeof(*s));
    s->vcpu = 1;
    s->phase = XABI_SNAP_RUNNING;
    s->user_mode_seen = 1;
    s->type = XABI_GUEST_PV64;
    strcpy(s->source, "test:getctx_dom0_vcpu1");
    set_seg(s, XABI_SREG_CS, 0xe033);
    set_seg(s, XABI_SREG_SS, 0xe02b);
    s->traps_read = true;
    for ( v = 0; v < 32; v++ )
        s->traps[s->ntraps++] = (struct xabi_trap_entry){
            (uint8_t)v, (v == 3 || v == 4) ? 0x7 : 0x4, 0x0013,
            0xffffffff81027d90ull + 0x10 * v };
    s->traps[s->ntraps++] =
        (struct xabi_trap_entry){ 0x80, 0x7, 0x0013, 0xffffffff81027ed0ull };
    s->cb[XABI_CB_EVENT] = (struct xabi_callback_entry){
        true, false, 0, 0xffffffff81027ef0ull };
    s->cb[XABI_CB_FAILSAFE] = (struct xabi_callback_entry){
        true, false, 0, 0xffffffff81c01310ull };
    s->cb[XABI_CB_SYSCALL] = (struct xabi_callback_entry){
        true, false, 0, 0xffffffff81027f30ull };
}

/* Remove vector v from a snapshot's trap table. */
static void drop_trap(struct xabi_snapshot *s, unsigned v)
{
    unsigned i, j = 0;

    for ( i = 0; i < s->ntraps; i++ )
    {
        if ( s->traps[i].vector != v )
            s->traps[j++] = s->traps[i];
    }
    s->ntraps = j;
}

/*
 * xen-4.17-qemu-pvh/pvh_hvmctx_initial.txt and pvh_pvhinfo_initial.txt:
 * rbx 0x4a00000, rip 0x1000850, rflags 0x2, cr0 0x11, cr4 0, efer 0;
 * "cs 0000 (00000000 + 0xffffffff / 0x0c9b)", ds/es/ss attr 0x0c93,
 * "tr 0000 (00000000 + 0x0067 / 0x008b)"; start_info at gpa 0x4a00000,
 * magic 0x336ec578 version 1.
 */
static void snap_pvh_initial(struct xabi_snapshot *s)
{
    memset(s, 0, sizeof(*s));
    s->domid = 1;
    s->phase = XABI_SNAP_INITIAL;
    s->user_mode_seen = 0;
    s->type = XABI_GUEST_PVH;
    strcpy(s->source, "test:pvh_hvmctx_initial");
    set_reg(s, XABI_REG_RIP, 0x1000850);
    set_reg(s, XABI_REG_RBX, 0x4a00000);
    set_reg(s, XABI_REG_RFLAGS, 0x2);
    set_reg(s, XABI_REG_CR0, 0x11);
    set_reg(s, XABI_REG_CR4, 0);
    set_reg(s, XABI_REG_EFER, 0);
    set_hidden(s, XABI_SREG_CS, 0, 0, 0xffffffff, 0x0c9b);
    set_hidden(s, XABI_SREG_DS, 0, 0, 0xffffffff, 0x0c93);
    set_hidden(s, XABI_SREG_ES, 0, 0, 0xffffffff, 0x0c93);
    set_hidden(s, XABI_SREG_SS, 0, 0, 0xffffffff, 0x0c93);
    set_hidden(s, XABI_SREG_FS, 0, 0, 0, 0);
    set_hidden(s, XABI_SREG_GS, 0, 0, 0, 0);
    set_hidden(s, XABI_SREG_TR, 0, 0, 0x67, 0x008b);
    s->has_start_info = true;
    s->start_info = (struct xabi_start_info){
        0x4a00000, 0x336ec578, 1, 0, 1, 0x4a00070, 0x4a00038, 0xfc008000,
        true, 0x4a008b0, 5 };
}

/* An HVM vCPU in real mode: CR0 0x10 (ET only), CS 0x1000 at 0x10000. */
static void snap_real_mode(struct xabi_snapshot *s)
{
    memset(s, 0, sizeof(*s));
    s->domid = 2;
    s->phase = XABI_SNAP_RUNNING;
    s->user_mode_seen = -1;
    s->type = XABI_GUEST_HVM;
    strcpy(s->source, "test:real-mode");
    set_reg(s, XABI_REG_CR0, 0x10);
    set_hidden(s, XABI_SREG_CS, 0x1000, 0x10000, 0xffff, 0x9b);
    set_hidden(s, XABI_SREG_DS, 0x0040, 0x400, 0xffff, 0x93);
    set_hidden(s, XABI_SREG_SS, 0, 0, 0xffff, 0x93);
}

/* ---- setups: one per case ------------------------------------------------ */

static void hc_ok(struct fx *fx)
{
    put_agg(fx, "hypercall", 1, 0, 29, 10); /* sched_op */
}
static void hc_undefined(struct fx *fx)
{
    put_agg(fx, "hypercall", 1, 0, 99, 3);
}
static void hc_ok_lost(struct fx *fx)
{
    hc_ok(fx);
    put_lost(fx); /* TSC 1400-1600, inside the aggregate's 1000-2000 */
}
static void hc_ok_unattributed(struct fx *fx)
{
    put_agg(fx, "hypercall", XABI_UNKNOWN, XABI_UNKNOWN, 29, 10);
}
static void hc_compat(struct fx *fx)
{
    put_agg(fx, "hypercall", 1, 0, 16, 2); /* event_channel_op_compat */
}
static void hc_deprecated(struct fx *fx)
{
    put_agg(fx, "hypercall", 1, 0, 5, 1); /* deprecated in CAT_VERSION */
}
static void vmmcall_ok(struct fx *fx)
{
    put_agg(fx, "hvm_vmmcall", 2, 0, 34, 5); /* hvm_op */
}
static void vmmcall_pv_only(struct fx *fx)
{
    put_agg(fx, "hvm_vmmcall", 2, 0, 1, 1); /* mmu_update */
}
static void vmmcall_set_trap_table(struct fx *fx)
{
    put_agg(fx, "hvm_vmmcall", 2, 0, 0, 1); /* set_trap_table */
}
/* The call of the real PVH Linux trace (tests/data/trace_pvh_linux.bin.xz). */
static void vmmcall_vm_assist(struct fx *fx)
{
    vmmcall_ok(fx);
    put_agg(fx, "hvm_vmmcall", 2, 0, 21, 1); /* vm_assist */
}
static void hc_bad_args(struct fx *fx)
{
    hc_ok(fx);
    put_trap(fx, "hypercall_bad_args", 29, false, 0);
}
static void subcall_ok(struct fx *fx)
{
    put_agg(fx, "subcall", 1, 0, 29, 4);
}
static void subcall_nested(struct fx *fx)
{
    put_agg(fx, "subcall", 1, 0, 13, 1); /* multicall */
}
static void subop_ok(struct fx *fx)
{
    hc_ok(fx);
    put_hypercall_sample(fx, 29, 1); /* SCHEDOP_block */
}
static void subop_unknown(struct fx *fx)
{
    hc_ok(fx);
    put_hypercall_sample(fx, 29, 77);
}

static void trap_ok(struct fx *fx)
{
    put_trap(fx, "trap", 14, true, 0x6); /* #PF, error code pushed */
    put_trap(fx, "trap", 6, false, 0);   /* #UD, none */
    put_trap(fx, "hvm_inj_exc", 13, true, 0);
}
static void trap_gp_no_ec(struct fx *fx)
{
    put_trap(fx, "trap", 13, false, 0); /* #GP always pushes one */
}
static void trap_0x82(struct fx *fx)
{
    put_trap(fx, "trap", 0x82, false, 0);
}
static void trap_0x80(struct fx *fx)
{
    put_trap(fx, "trap", 0x80, false, 0);
}
static void trap_reserved(struct fx *fx)
{
    put_trap(fx, "trap", 15, false, 0);
}
static void pf_ok(struct fx *fx)
{
    put_agg(fx, "page_fault", 1, 0, 0x6, 100); /* user write, not present */
}
static void pf_rsvd(struct fx *fx)
{
    put_agg(fx, "page_fault", 1, 0, 0xd, 1); /* P | RSVD | U */
}

static void pv64_initial(struct fx *fx)
{
    struct xabi_snapshot s;

    snap_pv64_initial(&s);
    put_snapshot(fx, &s);
}
static void pv64_initial_wiki_ss(struct fx *fx)
{
    struct xabi_snapshot s;

    snap_pv64_initial(&s);
    s.seg[XABI_SREG_SS].selector = 0xe033; /* what the wiki page says */
    put_snapshot(fx, &s);
}
static void pv32_initial(struct fx *fx)
{
    struct xabi_snapshot s;
    int g;

    snap_pv64_initial(&s);
    s.type = XABI_GUEST_PV32;
    for ( g = XABI_SREG_SS; g <= XABI_SREG_GS; g++ )
        s.seg[g].selector = 0xe021;
    s.seg[XABI_SREG_CS].selector = 0xe019;
    s.reg[XABI_REG_KERNEL_SS] = 0xe021;
    put_snapshot(fx, &s);
}
static void pv64_running(struct fx *fx)
{
    struct xabi_snapshot s;

    snap_pv64_running(&s);
    put_snapshot(fx, &s);
}
static void pv64_running_no_pf(struct fx *fx)
{
    struct xabi_snapshot s;

    snap_pv64_running(&s);
    drop_trap(&s, 14);
    put_snapshot(fx, &s);
}
static void pv64_running_no_syscall(struct fx *fx)
{
    struct xabi_snapshot s;

    snap_pv64_running(&s);
    s.cb[XABI_CB_SYSCALL].address = 0;
    put_snapshot(fx, &s);
}
static void pv64_running_compat(struct fx *fx)
{
    struct xabi_snapshot s;

    snap_pv64_running(&s);
    s.cb[XABI_CB_SYSCALL32] = (struct xabi_callback_entry){
        true, false, 0, 0xffffffff81028000ull };
    s.cb[XABI_CB_SYSENTER] = (struct xabi_callback_entry){
        true, false, 0, 0xffffffff81028100ull };
    put_snapshot(fx, &s);
}
static void pv64_running_no_compat(struct fx *fx)
{
    struct xabi_snapshot s;

    snap_pv64_running(&s);
    s.cb[XABI_CB_SYSCALL32] = (struct xabi_callback_entry){ true, false, 0,
                                                            0 };
    s.cb[XABI_CB_SYSENTER] = (struct xabi_callback_entry){ true, false, 0, 0 };
    put_snapshot(fx, &s);
}
static void pv64_running_no_event(struct fx *fx)
{
    struct xabi_snapshot s;

    snap_pv64_running(&s);
    s.cb[XABI_CB_EVENT].address = 0;
    put_snapshot(fx, &s);
}
static void pv64_vm_assist(struct fx *fx, uint64_t v)
{
    struct xabi_snapshot s;

    snap_pv64_running(&s);
    set_reg(&s, XABI_REG_VM_ASSIST, v);
    put_snapshot(fx, &s);
}
static void vm_assist_linux(struct fx *fx)
{
    pv64_vm_assist(fx, 0x2d); /* getctx_dom0_vcpu1.txt: "vm_assist 0x2d" */
}
static void vm_assist_bit7(struct fx *fx)
{
    pv64_vm_assist(fx, 0x80);
}
/* Vector 3 at DPL 0: Xen never reads it; user int3 still gets there. */
static void pv64_int3_dpl0(struct fx *fx)
{
    struct xabi_snapshot s;

    snap_pv64_running(&s);
    s.traps[3].flags = 0x4;
    s.traps[4].flags = 0x4;
    put_snapshot(fx, &s);
}
/* Vector 0x80 at DPL 0: the IDT fast path delivers, FRED gives #GP. */
static void pv64_int80_dpl0(struct fx *fx)
{
    struct xabi_snapshot s;

    snap_pv64_running(&s);
    s.traps[s.ntraps - 1].flags = 0x4;
    put_snapshot(fx, &s);
}
/* A trap table read with nothing installed. */
static void pv64_no_traps(struct fx *fx)
{
    struct xabi_snapshot s;

    snap_pv64_running(&s);
    s.ntraps = 0;
    put_snapshot(fx, &s);
}

/*
 * GDT descriptors, raw 8 bytes as the frame holds them.  Access byte
 * (bits 40-47): P 0x80 | DPL << 5 | S 0x10 | type; flags nibble (52-55).
 */
static const uint64_t gdt_ok[] = {
    0x0000000000000000ull, /* [0] NUL */
    0x00affa000000ffffull, /* [1] 64-bit code: access 0xfa = P DPL3 S code/r */
    0x00cff2000000ffffull, /* [2] data: access 0xf2 = P DPL3 S data/w */
    0x00008c0000101000ull, /* [3] call gate: access 0x8c = P DPL0 gate */
    0x00000000ffffffffull, /* [4] its upper half: offset 63:32 */
};
static const uint64_t gdt_bad[] = {
    0x0000000000000000ull, /* [0] NUL */
    0x00af9a000000ffffull, /* [1] 64-bit code: access 0x9a = P DPL0 S code */
    0x0000ec0000101000ull, /* [2] call gate: access 0xec = P DPL3 gate */
    0x0000000000000000ull, /* [3] its upper half */
    0x0000890000000067ull, /* [4] TSS: access 0x89 = P DPL0 avail TSS */
};

static void pv64_gdt(struct fx *fx, const uint64_t *gdt, unsigned n)
{
    struct xabi_snapshot s;

    snap_pv64_running(&s);
    s.gdt_read = true;
    s.gdt = gdt;
    s.ngdt = n;
    put_snapshot(fx, &s);
}
static void gdt_good(struct fx *fx)
{
    pv64_gdt(fx, gdt_ok, 5);
}
static void gdt_bad_dpl(struct fx *fx)
{
    pv64_gdt(fx, gdt_bad, 5);
}

static void real_mode_ok(struct fx *fx)
{
    struct xabi_snapshot s;

    snap_real_mode(&s);
    put_snapshot(fx, &s);
}
/* snap_real_mode with segment g's state replaced, as a snapshot of fx. */
static void put_real_mode(struct fx *fx, enum xabi_sreg g, uint16_t sel,
                          uint64_t base, uint32_t limit, uint16_t attr)
{
    struct xabi_snapshot s;

    snap_real_mode(&s);
    set_hidden(&s, g, sel, base, limit, attr);
    put_snapshot(fx, &s);
}
/* DS 0x40 with base 0, limit 64 KiB, attributes 0x093: a 16-bit data
 * descriptor loaded in protected mode, kept in real mode (0x40 << 4 is
 * 0x400). */
static void real_mode_pm16(struct fx *fx)
{
    put_real_mode(fx, XABI_SREG_DS, 0x40, 0, 0xffff, 0x093);
}
/* Not present with a selector that is not null: no load gives that. */
static void real_mode_stale(struct fx *fx)
{
    put_real_mode(fx, XABI_SREG_DS, 0x40, 0, 0xffff, 0x013);
}
/* Big real mode as the HVM test guest makes it: FS 0x10 from a flat 4 GiB
 * data descriptor (G and D/B set, 0xc93), GS 0x18 from one at 0x20000. */
static void real_mode_big(struct fx *fx)
{
    struct xabi_snapshot s;

    snap_real_mode(&s);
    set_hidden(&s, XABI_SREG_FS, 0x0010, 0, 0xffffffff, 0xc93);
    set_hidden(&s, XABI_SREG_GS, 0x0018, 0x20000, 0xffffffff, 0xc93);
    put_snapshot(fx, &s);
}
/* GS loaded again in real mode after that: base 0x40000, limit and
 * attributes kept from the descriptor. */
static void real_mode_big_reloaded(struct fx *fx)
{
    put_real_mode(fx, XABI_SREG_GS, 0x4000, 0x40000, 0xffffffff, 0xc93);
}
/* A 4 GiB limit with G clear: the limit alone, no descriptor gives it. */
static void real_mode_big_no_g(struct fx *fx)
{
    put_real_mode(fx, XABI_SREG_DS, 0x40, 0, 0xffffffff, 0x093);
}
/* A base no 32-bit descriptor holds. */
static void real_mode_base_64(struct fx *fx)
{
    put_real_mode(fx, XABI_SREG_FS, 0x0010, 0x100000000ull, 0xffffffff,
                  0xc93);
}

static void pvh_ok(struct fx *fx)
{
    struct xabi_snapshot s;

    snap_pvh_initial(&s);
    put_snapshot(fx, &s);
}
static void pvh_paging(struct fx *fx)
{
    struct xabi_snapshot s;

    snap_pvh_initial(&s);
    s.reg[XABI_REG_CR0] = 0x80000011; /* PG set */
    put_snapshot(fx, &s);
}
static void pvh_cs_64bit(struct fx *fx)
{
    struct xabi_snapshot s;

    snap_pvh_initial(&s);
    s.seg[XABI_SREG_CS].attr = 0x0a9b; /* L set, D/B clear: 64-bit code */
    put_snapshot(fx, &s);
}
static void pvh_if(struct fx *fx)
{
    struct xabi_snapshot s;

    snap_pvh_initial(&s);
    s.reg[XABI_REG_RFLAGS] = 0x202; /* IF */
    put_snapshot(fx, &s);
}
static void pvh_bad_magic(struct fx *fx)
{
    struct xabi_snapshot s;

    snap_pvh_initial(&s);
    s.start_info.magic = 0x336ec579;
    put_snapshot(fx, &s);
}

/*
 * TOOL-001: an HVM vCPU in real mode with DS 0x1234 and ES 0x2000, as a
 * text dump (run of the case) and as the binary HVM save record of a
 * second, live run.  fmt says how the dump labelled the two lines.
 */
static void snap_dses(struct xabi_snapshot *s, const char *source)
{
    snap_real_mode(s);
    snprintf(s->source, sizeof(s->source), "%s", source);
    set_reg(s, XABI_REG_RIP, 0x7c40);
    set_hidden(s, XABI_SREG_DS, 0x1234, 0x12340, 0xffff, 0x93);
    set_hidden(s, XABI_SREG_ES, 0x2000, 0x20000, 0xffff, 0x93);
    set_hidden(s, XABI_SREG_FS, 0, 0, 0xffff, 0x93);
    set_hidden(s, XABI_SREG_GS, 0, 0, 0xffff, 0x93);
    set_hidden(s, XABI_SREG_TR, 0, 0, 0xffff, 0x8b);
}
static void put_live_twin(struct fx *fx, const struct xabi_snapshot *s)
{
    struct xabi_run_totals t = { 0 };
    struct xabi_run_info ri;
    int64_t run_id, id;

    memset(&ri, 0, sizeof(ri));
    ri.source_kind = "live";
    ri.source_path = "live";
    strcpy(ri.source_sha256, "1");
    ri.xen_version = "4.17";
    assert_int_equal(xabi_store_run_new(fx->st, &ri, &run_id), 0);
    assert_int_equal(xabi_store_put_snapshot(fx->st, run_id, s, &id), 0);
    t.status = XABI_RUN_COMPLETE;
    assert_int_equal(xabi_store_run_finish(fx->st, run_id, &t), 0);
}
static void dump_with_twin(struct fx *fx, bool swapped_labels, bool agree)
{
    struct xabi_snapshot d, b;

    snap_dses(&d, "text:hvmctx.txt");
    if ( swapped_labels )
    {
        strcpy(d.seg_label[XABI_SREG_DS], "es");
        strcpy(d.seg_label[XABI_SREG_ES], "ds");
    }
    put_snapshot(fx, &d);
    snap_dses(&b, "hvm-save");
    if ( !agree ) /* what a loader that took the labels at their word says */
    {
        b.seg[XABI_SREG_DS] = d.seg[XABI_SREG_ES];
        b.seg[XABI_SREG_ES] = d.seg[XABI_SREG_DS];
    }
    put_live_twin(fx, &b);
}
static void dump_labels_right(struct fx *fx)
{
    dump_with_twin(fx, false, true);
}
static void dump_labels_swapped(struct fx *fx)
{
    dump_with_twin(fx, true, true);
}
static void dump_disagrees(struct fx *fx)
{
    dump_with_twin(fx, true, false);
}
static void dump_alone(struct fx *fx)
{
    struct xabi_snapshot d;

    snap_dses(&d, "text:hvmctx.txt");
    put_snapshot(fx, &d);
}
static void dump_other_state(struct fx *fx)
{
    struct xabi_snapshot d, b;

    snap_dses(&d, "text:hvmctx.txt");
    put_snapshot(fx, &d);
    snap_dses(&b, "hvm-save");
    b.reg[XABI_REG_RIP] = 0x7c42; /* the vCPU ran on in between */
    put_live_twin(fx, &b);
}

static void trace_clean(struct fx *fx)
{
    hc_ok(fx);
}
static void trace_lost(struct fx *fx)
{
    hc_ok(fx);
    put_lost(fx);
}
static void trace_unattributed(struct fx *fx)
{
    hc_ok(fx);
    fx->totals.unknown_records = 10;
}
static void trace_truncated(struct fx *fx)
{
    hc_ok(fx);
    fx->totals.status = XABI_RUN_TRUNCATED;
    fx->totals.status_detail = "last record cut at byte 4096";
}
static void nothing(struct fx *fx)
{
    (void)fx;
}
/*
 * A trace that recorded the TRC_PV_ENTRY and TRC_HVM_HANDLER classes (one
 * TRC_PV_PAGING_FIXUP, one TRC_HVM_CPUID) but no fact a rule reads: an
 * absence the trace could have shown.
 */
static void traced_nothing(struct fx *fx)
{
    assert_int_equal(xabi_store_put_event_count(fx->st, fx->run_id,
                                                0x00201009, 1, true), 0);
    assert_int_equal(xabi_store_put_event_count(fx->st, fx->run_id,
                                                0x0008200e, 1, false), 0);
}
/* An HVM guest with VM exits, and no exception intercepted or injected. */
static void hvm_exits_only(struct fx *fx)
{
    traced_nothing(fx);
    put_agg(fx, "hvm_exit", 3, 0, 0x7b, 40);
}

/* ---- domain lifecycle ---------------------------------------------------- */

/* The trace saw the scheduler: TRC_SCHED_SWITCH (0x0002800a) counted. */
static void sched_seen(struct fx *fx)
{
    assert_int_equal(xabi_store_put_event_count(fx->st, fx->run_id,
                                                0x0002800a, 100, true),
                     0);
}

/*
 * TRC_SCHED_SHUTDOWN as tests/data/trace_pvh_linux.bin.xz holds it at
 * offset 10003460: d1 v0 asked for a shutdown, reason w2.
 */
static void put_shutdown(struct fx *fx, uint32_t reason)
{
    struct xabi_fact f;

    memset(&f, 0, sizeof(f));
    f.kind = "dom_shutdown";
    f.key = reason;
    f.domid = 1;
    f.has_tsc = true;
    f.tsc = 123279114774ull;
    f.offset = 10003460;
    f.event = 0x00028007; /* TRC_SCHED_SHUTDOWN */
    f.argmask = 3;
    f.args[0] = 1; /* w0 domid */
    f.args[1] = 0; /* w1 vcpu */
    assert_int_equal(xabi_store_put_fact(fx->st, fx->run_id, &f, 0), 0);
}
static void dom_poweroff(struct fx *fx)
{
    sched_seen(fx);
    put_shutdown(fx, 0);
}
/* A #GP (INT $0x40 refused, ec 0x202) and then a SHUTDOWN_crash. */
static void dom_crash(struct fx *fx)
{
    sched_seen(fx);
    put_trap(fx, "trap", 13, true, 0x202);
    put_shutdown(fx, 3);
}
static void put_state(struct fx *fx, bool end, bool shutdown, uint32_t why)
{
    struct xabi_domain_state d = { 2, end, shutdown, why, false };

    assert_int_equal(xabi_store_put_domain_state(fx->st, fx->run_id, &d), 0);
}
/* A live run: d2 running at the start, crashed at the end, untraced. */
static void dom_live_crash(struct fx *fx)
{
    put_state(fx, false, false, 0);
    put_state(fx, true, true, 3);
}
/* The same, Xen's own crash after a #GP it could not deliver. */
static void dom_live_crash_gp(struct fx *fx)
{
    struct xabi_fact f;

    dom_live_crash(fx);
    memset(&f, 0, sizeof(f));
    f.kind = "trap";
    f.key = 13;
    f.domid = 2;
    f.has_tsc = true;
    f.tsc = 1200;
    f.offset = 0x100;
    f.event = 0x00201103; /* TRC_PV_TRAP | TRC_64_FLAG */
    f.has_rip = true;
    f.rip = 0x4c;
    f.has_error_code = true;
    f.error_code = 0x202;
    assert_int_equal(xabi_store_put_fact(fx->st, fx->run_id, &f, 0), 0);
}
static void dom_live_ok(struct fx *fx)
{
    put_state(fx, false, false, 0);
    put_state(fx, true, true, 0);
}
/* Crashed before the run began: not during it. */
static void dom_live_crashed_before(struct fx *fx)
{
    put_state(fx, false, true, 3);
    put_state(fx, true, true, 3);
}
/* No TRC_SCHED record: a crash record, had there been one, was not kept. */
static void dom_no_sched(struct fx *fx)
{
    hc_ok(fx);
}

/* ---- hypercall pages (tests/unit/fixtures.h builds them) ----------------- */

/*
 * A page as the collector stores it; with stored_range, every stub's stored
 * version range and with layout, every stub's layout name replaced, as a
 * database made by another xabi may hold them.
 */
static void put_page_as(struct fx *fx, const uint8_t *page,
                        const char *stored_since, const char *layout)
{
    struct xabi_hcpage *pg = NULL;
    int64_t id;
    char err[512];
    unsigned i;

    assert_int_equal(xabi_hcpage_disasm(page, HC_PAGE, 0xffffffff81001000ull,
                                        XABI_GUEST_PV64, "fixture", &pg, err,
                                        sizeof(err)),
                     0);
    for ( i = 0; i < XABI_HCPAGE_NSTUBS; i++ )
    {
        if ( stored_since )
        {
            pg->stubs[i].xen_since = stored_since;
            pg->stubs[i].xen_until = stored_since;
        }
        if ( layout )
            pg->stubs[i].layout = layout;
    }
    pg->domid = 1;
    pg->source = "file";
    assert_int_equal(xabi_store_put_hcpage(fx->st, fx->run_id, pg, &id), 0);
    xabi_hcpage_free(pg);
}
static void put_page(struct fx *fx, const uint8_t *page)
{
    put_page_as(fx, page, NULL, NULL);
}
/*
 * Xen 4.17's page, stored with the range 4.2-4.2 for every layout: the rules
 * ask abi/ what 4.17 writes, not the range stored with the page.
 */
static void hcpage_stored_range(struct fx *fx)
{
    uint8_t page[HC_PAGE];

    hc_page(page, true);
    put_page_as(fx, page, "4.2", NULL);
}
/* A layout name this xabi does not know is not one Xen writes. */
static void hcpage_unknown_layout(struct fx *fx)
{
    uint8_t page[HC_PAGE];

    hc_page(page, true);
    put_page_as(fx, page, NULL, "pv64-from-the-future");
}
static void hcpage_ok(struct fx *fx)
{
    uint8_t page[HC_PAGE];

    hc_page(page, true);
    put_page(fx, page);
}
/* Stub 1 enters Xen as hypercall 2. */
static void hcpage_bad_stub(struct fx *fx)
{
    uint8_t page[HC_PAGE];

    hc_page(page, true);
    page[1 * HC_STUB + 4] = 2;
    put_page(fx, page);
}
/* The iret stub returns. */
static void hcpage_iret_returns(struct fx *fx)
{
    uint8_t page[HC_PAGE];

    hc_page(page, true);
    page[HC_IRET * HC_STUB + 11] = 0xc3;
    put_page(fx, page);
}
/* The iret stub of Xen 4.2-4.3: right on those, wrong on 4.17. */
static void hcpage_old_iret(struct fx *fx)
{
    uint8_t page[HC_PAGE];

    hc_page(page, true);
    hc_pv64_iret_4_2(page);
    put_page(fx, page);
}
/* Nothing was written: every stub zero. */
static void hcpage_zero(struct fx *fx)
{
    uint8_t page[HC_PAGE];

    memset(page, 0, sizeof(page));
    put_page(fx, page);
}

/* ---- the cases ---------------------------------------------------------- */

struct rule_case
{
    const char *rule;
    enum xabi_verdict want;
    enum xabi_reason reason; /* NOT-OBSERVED cases */
    void (*setup)(struct fx *);
    bool among; /* a PASS among other findings (DOC-001: one per claim) */
    const char *version;     /* NULL: 4.17 */
    const char *source_kind; /* NULL: trace */
};

#define PASS(id, fn, ...) \
    { id, XABI_PASS, XABI_REASON_NONE, fn, false, __VA_ARGS__ }
#define GIVES(id, v, fn, ...) { id, v, XABI_REASON_NONE, fn, false, __VA_ARGS__ }
#define NOTOBS(id, why, fn, ...) \
    { id, XABI_NOT_OBSERVED, why, fn, false, __VA_ARGS__ }
#define PASS_AMONG(id, fn, ...) \
    { id, XABI_PASS, XABI_REASON_NONE, fn, true, __VA_ARGS__ }

static const struct rule_case cases[] = {
    /* pvh.pandoc's entry state verified; the stale GDT comments refuted. */
    PASS_AMONG("DOC-001", pvh_ok, NULL, "snapshot"),
    /* The wiki's SS 0xe033 against a guest that starts with 0xe02b. */
    GIVES("DOC-001", XABI_INFO, pv64_initial, NULL, "snapshot"),
    NOTOBS("DOC-001", XABI_REASON_NOT_IN_SOURCE, hc_ok, NULL, NULL),
    PASS("DOM-001", dom_poweroff, NULL, NULL),
    PASS("DOM-001", sched_seen, NULL, NULL),
    GIVES("DOM-001", XABI_FAIL, dom_crash, NULL, NULL),
    GIVES("DOM-001", XABI_FAIL, dom_live_crash, NULL, "live"),
    GIVES("DOM-001", XABI_FAIL, dom_live_crash_gp, NULL, "live"),
    PASS("DOM-001", dom_live_ok, NULL, "live"),
    GIVES("DOM-001", XABI_INFO, dom_live_crashed_before, NULL, "live"),
    NOTOBS("DOM-001", XABI_REASON_NO_SCHED, dom_no_sched, NULL, NULL),
    NOTOBS("DOM-001", XABI_REASON_NOT_IN_SOURCE, pvh_ok, NULL, "snapshot"),
    PASS("HC-001", hc_ok, CAT_VERSION, NULL),
    GIVES("HC-001", XABI_FAIL, hc_undefined, CAT_VERSION, NULL),
    NOTOBS("HC-001", XABI_REASON_NO_CATALOGUE, hc_ok, NOCAT_VERSION, NULL),
    NOTOBS("HC-001", XABI_REASON_LOST, hc_ok_lost, CAT_VERSION, NULL),
    NOTOBS("HC-001", XABI_REASON_NO_SCHED, hc_ok_unattributed, CAT_VERSION,
           NULL),
    NOTOBS("HC-001", XABI_REASON_NO_FACTS, traced_nothing, CAT_VERSION, NULL),
    NOTOBS("HC-001", XABI_REASON_NOT_TRACED, nothing, CAT_VERSION, NULL),
    NOTOBS("HC-001", XABI_REASON_NOT_IN_SOURCE, pv64_running, CAT_VERSION,
           "snapshot"),
    NOTOBS("HC-001", XABI_REASON_NO_CATALOGUE, hc_undefined, PARTIAL_VERSION,
           NULL),
    PASS("HC-002", hc_ok, NULL, NULL),
    GIVES("HC-002", XABI_WARN, hc_compat, NULL, NULL),
    GIVES("HC-002", XABI_WARN, hc_deprecated, CAT_VERSION, NULL),
    PASS("HC-002", hc_deprecated, NULL, NULL), /* no catalogue: unknown */
    PASS("HC-003", vmmcall_ok, NULL, NULL),
    GIVES("HC-003", XABI_FAIL, vmmcall_pv_only, NULL, NULL),
    GIVES("HC-003", XABI_FAIL, vmmcall_set_trap_table, NULL, NULL),
    PASS("HC-003", vmmcall_vm_assist, NULL, NULL), /* 4.17 */
    PASS("HC-003", vmmcall_vm_assist, "4.14", NULL),
    GIVES("HC-003", XABI_FAIL, vmmcall_vm_assist, "4.13", NULL),
    NOTOBS("HC-003", XABI_REASON_NO_CATALOGUE, vmmcall_ok, NOCAT_VERSION,
           NULL),
    PASS("HC-004", hc_ok, NULL, NULL),
    GIVES("HC-004", XABI_WARN, hc_bad_args, NULL, NULL),
    PASS("HC-005", subcall_ok, NULL, NULL),
    GIVES("HC-005", XABI_FAIL, subcall_nested, NULL, NULL),
    PASS("HC-006", subop_ok, CAT_VERSION, NULL),
    GIVES("HC-006", XABI_WARN, subop_unknown, CAT_VERSION, NULL),
    NOTOBS("HC-006", XABI_REASON_NO_CATALOGUE, subop_ok, NOCAT_VERSION, NULL),
    PASS("HCPAGE-001", hcpage_ok, NULL, "hcpage"),
    PASS("HCPAGE-001", hcpage_stored_range, NULL, "hcpage"),
    GIVES("HCPAGE-001", XABI_FAIL, hcpage_unknown_layout, NULL, "hcpage"),
    GIVES("HCPAGE-001", XABI_FAIL, hcpage_bad_stub, NULL, "hcpage"),
    GIVES("HCPAGE-001", XABI_FAIL, hcpage_zero, NULL, "hcpage"),
    PASS("HCPAGE-001", hcpage_iret_returns, NULL, "hcpage"), /* not its stub */
    NOTOBS("HCPAGE-001", XABI_REASON_NO_FACTS, nothing, NULL, "hcpage"),
    NOTOBS("HCPAGE-001", XABI_REASON_NOT_IN_SOURCE, hc_ok, NULL, NULL),
    PASS("HCPAGE-002", hcpage_ok, NULL, "hcpage"),
    PASS("HCPAGE-002", hcpage_bad_stub, NULL, "hcpage"), /* not its stub */
    GIVES("HCPAGE-002", XABI_FAIL, hcpage_iret_returns, NULL, "hcpage"),
    GIVES("HCPAGE-002", XABI_FAIL, hcpage_old_iret, NULL, "hcpage"),
    PASS("HCPAGE-002", hcpage_old_iret, "4.3", "hcpage"),
    GIVES("HCPAGE-002", XABI_FAIL, hcpage_ok, "4.3", "hcpage"),
    NOTOBS("HCPAGE-002", XABI_REASON_NO_FACTS, nothing, NULL, "hcpage"),
    PASS("HVM-001", real_mode_ok, NULL, "live"),
    PASS("HVM-001", real_mode_pm16, NULL, "live"),
    GIVES("HVM-001", XABI_WARN, real_mode_stale, NULL, "live"),
    PASS("HVM-001", real_mode_big, NULL, "live"),
    PASS("HVM-001", real_mode_big_reloaded, NULL, "live"),
    GIVES("HVM-001", XABI_WARN, real_mode_big_no_g, NULL, "live"),
    GIVES("HVM-001", XABI_WARN, real_mode_base_64, NULL, "live"),
    PASS("PVH-001", pvh_ok, NULL, "snapshot"),
    GIVES("PVH-001", XABI_FAIL, pvh_paging, NULL, "snapshot"),
    NOTOBS("PVH-001", XABI_REASON_NO_SNAPSHOT, pv64_initial, NULL,
           "snapshot"),
    PASS("PVH-002", pvh_ok, NULL, "snapshot"),
    GIVES("PVH-002", XABI_FAIL, pvh_cs_64bit, NULL, "snapshot"),
    PASS("PVH-003", pvh_ok, NULL, "snapshot"),
    GIVES("PVH-003", XABI_FAIL, pvh_if, NULL, "snapshot"),
    PASS("PVH-004", pvh_ok, NULL, "snapshot"),
    GIVES("PVH-004", XABI_FAIL, pvh_bad_magic, NULL, "snapshot"),
    PASS("SEG-001", pv64_initial, NULL, "snapshot"),
    PASS("SEG-001", pv32_initial, NULL, "snapshot"),
    GIVES("SEG-001", XABI_FAIL, pv64_initial_wiki_ss, NULL, "snapshot"),
    NOTOBS("SEG-001", XABI_REASON_NO_SNAPSHOT, pv64_running, NULL,
           "snapshot"),
    PASS("SEG-002", pv64_running, NULL, "live"),
    GIVES("SEG-002", XABI_FAIL, pv64_running_no_pf, NULL, "live"),
    NOTOBS("SEG-002", XABI_REASON_NO_SNAPSHOT, pv64_initial, NULL, "live"),
    PASS("SEG-003", pv64_running, NULL, "live"),
    GIVES("SEG-003", XABI_FAIL, pv64_running_no_syscall, NULL, "live"),
    PASS("SEG-004", pv64_running_compat, NULL, "live"),
    GIVES("SEG-004", XABI_WARN, pv64_running_no_compat, NULL, "live"),
    NOTOBS("SEG-004", XABI_REASON_NO_SNAPSHOT, pv64_running, NULL, "live"),
    PASS("SEG-005", gdt_good, NULL, "live"),
    GIVES("SEG-005", XABI_FAIL, gdt_bad_dpl, NULL, "live"),
    NOTOBS("SEG-005", XABI_REASON_NO_SNAPSHOT, pv64_running, NULL, "live"),
    PASS("SEG-006", pv64_running, NULL, "live"),
    GIVES("SEG-006", XABI_FAIL, pv64_running_no_event, NULL, "live"),
    PASS("SEG-007", vm_assist_linux, NULL, "live"),
    GIVES("SEG-007", XABI_WARN, vm_assist_bit7, NULL, "live"),
    NOTOBS("SEG-007", XABI_REASON_NO_SNAPSHOT, pv64_running, NULL, "live"),
    PASS("TRACE-001", trace_clean, NULL, NULL),
    GIVES("TRACE-001", XABI_WARN, trace_lost, NULL, NULL),
    NOTOBS("TRACE-001", XABI_REASON_NOT_IN_SOURCE, pvh_ok, NULL, "snapshot"),
    PASS("TRACE-002", trace_clean, NULL, NULL),
    GIVES("TRACE-002", XABI_INFO, trace_unattributed, NULL, NULL),
    PASS("TRACE-003", trace_clean, NULL, NULL),
    GIVES("TRACE-003", XABI_WARN, trace_truncated, NULL, NULL),
    PASS("TRAP-001", trap_ok, NULL, NULL),
    NOTOBS("TRAP-001", XABI_REASON_NOT_INTERCEPTED, hvm_exits_only, NULL,
           NULL),
    NOTOBS("TRAP-002", XABI_REASON_NO_FACTS, traced_nothing, NULL, NULL),
    NOTOBS("TRAP-002", XABI_REASON_NOT_TRACED, nothing, NULL, NULL),
    NOTOBS("TRAP-002", XABI_REASON_NOT_IN_SOURCE, pv64_running, NULL,
           "snapshot"),
    GIVES("TRAP-001", XABI_FAIL, trap_gp_no_ec, NULL, NULL),
    PASS("TRAP-002", trap_ok, NULL, NULL),
    GIVES("TRAP-002", XABI_INFO, trap_0x82, NULL, NULL),
    GIVES("TRAP-002", XABI_INFO, trap_0x80, NULL, NULL),
    GIVES("TRAP-002", XABI_WARN, trap_reserved, NULL, NULL),
    PASS("TRAP-003", pv64_running, NULL, "live"),
    PASS("TRAP-003", pv64_int3_dpl0, NULL, "live"),
    GIVES("TRAP-003", XABI_WARN, pv64_int80_dpl0, NULL, "live"),
    GIVES("TRAP-003", XABI_INFO, pv64_no_traps, NULL, "live"),
    NOTOBS("TRAP-003", XABI_REASON_NO_SNAPSHOT, pv64_initial, NULL, "live"),
    PASS("TRAP-004", pf_ok, NULL, NULL),
    GIVES("TRAP-004", XABI_WARN, pf_rsvd, NULL, NULL),
    PASS("TOOL-001", dump_labels_right, NULL, "snapshot"),
    GIVES("TOOL-001", XABI_WARN, dump_labels_swapped, NULL, "snapshot"),
    GIVES("TOOL-001", XABI_FAIL, dump_disagrees, NULL, "snapshot"),
    NOTOBS("TOOL-001", XABI_REASON_NO_SNAPSHOT, dump_alone, NULL, "snapshot"),
    NOTOBS("TOOL-001", XABI_REASON_NO_SNAPSHOT, dump_other_state, NULL,
           "snapshot"),
    NOTOBS("TOOL-001", XABI_REASON_NO_SNAPSHOT, pvh_ok, NULL, "snapshot"),
};
#define NCASES (sizeof(cases) / sizeof(cases[0]))

/* ---- running a case ------------------------------------------------------ */

/* A catalogue for CAT_VERSION: a few ops and sched_op's sub-ops. */
static void seed_catalogue(const char *path)
{
    sqlite3 *db;

    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(
        sqlite3_exec(db,
                     "INSERT INTO abi_version (version, source) VALUES "
                     "('" CAT_VERSION "', 'tests/unit/test-rules.c');"
                     "INSERT INTO abi_hypercall (version, nr, name) VALUES "
                     "('" CAT_VERSION "', 13, 'multicall'),"
                     "('" CAT_VERSION "', 16, 'event_channel_op_compat'),"
                     "('" CAT_VERSION "', 29, 'sched_op'),"
                     "('" CAT_VERSION "', 34, 'hvm_op');"
                     "INSERT INTO abi_version (version, source, skipped) "
                     "VALUES ('" PARTIAL_VERSION "', 'test', 2);"
                     "INSERT INTO abi_hypercall (version, nr, name) VALUES "
                     "('" PARTIAL_VERSION "', 29, 'sched_op');"
                     /* Fictional: a version that deprecates op 5. */
                     "INSERT INTO abi_hypercall (version, nr, name, "
                     "deprecated) VALUES ('" CAT_VERSION "', 5, "
                     "'fpu_taskswitch', 1);"
                     "INSERT INTO abi_subop (version, hypercall, nr, name) "
                     "VALUES "
                     "('" CAT_VERSION "', 'sched_op', 0, 'SCHEDOP_yield'),"
                     "('" CAT_VERSION "', 'sched_op', 1, 'SCHEDOP_block'),"
                     "('" CAT_VERSION "', 'sched_op', 2, 'SCHEDOP_shutdown');",
                     NULL, NULL, NULL),
        SQLITE_OK);
    sqlite3_close(db);
}

struct collected
{
    unsigned n[XABI_NOT_OBSERVED + 1];
    unsigned reasons[XABI_REASON_NOT_INTERCEPTED + 1];
    char first_msg[512];
};

static int collect(void *ctx, const struct xabi_finding *f)
{
    struct collected *c = ctx;

    c->n[f->verdict]++;
    if ( f->verdict == XABI_NOT_OBSERVED )
        c->reasons[f->reason]++;
    if ( !c->first_msg[0] )
        snprintf(c->first_msg, sizeof(c->first_msg), "%s %s: %s", f->rule_id,
                 xabi_verdict_name(f->verdict), f->message);
    /* Every finding names its run-wide or per-vCPU evidence. */
    assert_non_null(f->message);
    return 0;
}

/* Build the fixture of c in a fresh database; returns the open store. */
static struct xabi_store *build(const struct rule_case *c, char *path,
                                size_t len, int64_t *run_id)
{
    struct xabi_run_info ri;
    struct fx fx;

    xabi_test_db_path(path, len, "rules");
    memset(&fx, 0, sizeof(fx));
    assert_int_equal(xabi_store_open(path, &fx.st), 0);
    if ( c->version && (strcmp(c->version, CAT_VERSION) == 0 ||
                        strcmp(c->version, PARTIAL_VERSION) == 0) )
        seed_catalogue(path);
    memset(&ri, 0, sizeof(ri));
    ri.source_kind = c->source_kind ? c->source_kind : "trace";
    ri.source_path = "fixture";
    strcpy(ri.source_sha256, "0");
    ri.xen_version = c->version ? c->version : "4.17";
    assert_int_equal(xabi_store_begin(fx.st), 0);
    assert_int_equal(xabi_store_run_new(fx.st, &ri, &fx.run_id), 0);
    fx.totals.status = XABI_RUN_COMPLETE;
    fx.totals.records = strcmp(ri.source_kind, "snapshot") ? 1000 : 0;
    c->setup(&fx);
    assert_int_equal(xabi_store_run_finish(fx.st, fx.run_id, &fx.totals), 0);
    assert_int_equal(xabi_store_commit(fx.st), 0);
    *run_id = fx.run_id;
    return fx.st;
}

static void run_case(const struct rule_case *c)
{
    const struct xabi_rule *r = xabi_rule_find(c->rule);
    struct xabi_check_summary sum;
    struct collected got;
    struct xabi_store *st;
    char path[256], err[512];
    int64_t run_id;

    assert_non_null(r);
    st = build(c, path, sizeof(path), &run_id);
    memset(&got, 0, sizeof(got));
    assert_int_equal(xabi_analyze(st, run_id, &r, 1, collect, &got, &sum, err,
                                  sizeof(err)),
                     0);
    if ( c->want == XABI_PASS && c->among )
    {
        if ( got.n[XABI_PASS] == 0 )
            fail_msg("%s: want a PASS, got %s", c->rule, got.first_msg);
    }
    else if ( c->want == XABI_PASS )
    {
        /* A pass is clean: nothing else, not even NOT-OBSERVED. */
        if ( got.n[XABI_PASS] == 0 || got.n[XABI_INFO] || got.n[XABI_WARN] ||
             got.n[XABI_FAIL] || got.n[XABI_NOT_OBSERVED] )
            fail_msg("%s: want a clean PASS, got %s", c->rule, got.first_msg);
    }
    else if ( got.n[c->want] == 0 ||
              (c->want == XABI_NOT_OBSERVED && !got.reasons[c->reason]) )
        fail_msg("%s: want %s %s, got %s", c->rule,
                 xabi_verdict_name(c->want),
                 xabi_reason_name(c->reason) ? xabi_reason_name(c->reason)
                                             : "",
                 got.first_msg[0] ? got.first_msg : "nothing");
    xabi_store_close(st);
    xabi_test_db_remove(path);
}

static void test_cases(void **state)
{
    size_t i;

    (void)state;
    for ( i = 0; i < NCASES; i++ )
        run_case(&cases[i]);
}

/* Every rule of the registry has a passing case and one giving its severity. */
/* ---- DOC-001: pv-traps.rst's DPL 3 gates (claims 18 and 19) ------------- */

/*
 * check-live's pvtraps (tests/live/pvguest, -DPVGUEST_TRAPS): d2's trap
 * table gives #BP (3) and #OF (4) DPL 0 (flags 0), handlers at 0x55 and
 * 0x57; `int3` at 0x4c and `int $4` at 0x4d, so Xen's records carry the
 * rip after each: 0x4d and 0x4f.  dpl: the entries' flags.
 */
static void traps_table(struct fx *fx, uint8_t dpl)
{
    struct xabi_snapshot s;

    snap_pv64_initial(&s);
    s.domid = 2;
    s.phase = XABI_SNAP_FINAL;
    s.ntraps = 2;
    s.traps[0] = (struct xabi_trap_entry){ 3, dpl, 0xe033, 0x55 };
    s.traps[1] = (struct xabi_trap_entry){ 4, dpl, 0xe033, 0x57 };
    put_snapshot(fx, &s);
}

static void traps_delivery(struct fx *fx, int64_t vector, uint64_t rip,
                           bool ec, uint32_t error_code)
{
    struct xabi_fact f;

    memset(&f, 0, sizeof(f));
    f.kind = "trap";
    f.key = vector;
    f.domid = 2;
    f.has_tsc = true;
    f.tsc = 1000 + rip;
    f.offset = 0x100 + rip;
    f.event = 0x00201103; /* TRC_PV_TRAP | TRC_64_FLAG */
    f.has_rip = true;
    f.rip = rip;
    f.has_error_code = ec;
    f.error_code = error_code;
    assert_int_equal(xabi_store_put_fact(fx->st, fx->run_id, &f, 0), 0);
}

/* As pvtraps ran: both vectors delivered as themselves. */
static void traps_taken(struct fx *fx)
{
    traps_table(fx, 0);
    traps_delivery(fx, 3, 0x4d, false, 0);
    traps_delivery(fx, 4, 0x4f, false, 0);
}
/* As a DPL 0 gate would make it: #GP naming IDT vector 3 (3 << 3 | 2). */
static void traps_refused(struct fx *fx)
{
    traps_table(fx, 0);
    traps_delivery(fx, 13, 0x4c, true, 0x1a);
}
/* Linux's table: DPL 3 for both, which any gate lets through. */
static void traps_linux(struct fx *fx)
{
    traps_table(fx, 3);
    traps_delivery(fx, 3, 0x4d, false, 0);
}
/* The table, and nothing raised. */
static void traps_quiet(struct fx *fx)
{
    traps_table(fx, 0);
}

/* Claims 18 to 39, at index nr - 18. */
#define CLAIM_LO 18
#define CLAIM_HI 39
struct claim_got
{
    enum xabi_verdict v[CLAIM_HI - CLAIM_LO + 1];
    enum xabi_reason why[CLAIM_HI - CLAIM_LO + 1];
    bool seen[CLAIM_HI - CLAIM_LO + 1];
    char msg[CLAIM_HI - CLAIM_LO + 1][1000];
};

static int claim_cb(void *ctx, const struct xabi_finding *f)
{
    struct claim_got *g = ctx;
    int k;

    if ( !f->fact_kind || strcmp(f->fact_kind, "claim") ||
         f->fact_key < CLAIM_LO || f->fact_key > CLAIM_HI )
        return 0;
    k = (int)f->fact_key - CLAIM_LO;
    g->seen[k] = true;
    g->v[k] = f->verdict;
    g->why[k] = f->reason;
    snprintf(g->msg[k], sizeof(g->msg[k]), "%s", f->message);
    return 0;
}

/* DOC-001 on the fixture setup builds, in a run of kind: claims CLAIM_LO to
 * CLAIM_HI. */
static void run_claims(void (*setup)(struct fx *), const char *kind,
                       struct claim_got *got)
{
    const struct rule_case c = { "DOC-001", XABI_PASS, XABI_REASON_NONE,
                                 setup, true, NULL, kind };
    const struct xabi_rule *r = xabi_rule_find("DOC-001");
    struct xabi_check_summary sum;
    struct xabi_store *st;
    char path[256], err[512];
    int64_t run_id;

    st = build(&c, path, sizeof(path), &run_id);
    memset(got, 0, sizeof(*got));
    assert_int_equal(xabi_analyze(st, run_id, &r, 1, claim_cb, got, &sum,
                                  err, sizeof(err)),
                     0);
    xabi_store_close(st);
    xabi_test_db_remove(path);
}

static void trap_claims(void (*setup)(struct fx *), const char *kind,
                        enum xabi_verdict v18, enum xabi_verdict v19,
                        enum xabi_reason why, const char *has)
{
    struct claim_got got;

    run_claims(setup, kind, &got);
    if ( !got.seen[0] || !got.seen[1] || got.v[0] != v18 ||
         got.v[1] != v19 ||
         (v18 == XABI_NOT_OBSERVED && got.why[0] != why) ||
         (has && !strstr(got.msg[0], has)) )
        fail_msg("claims 18/19: want %s/%s (%s, '%s'), got %s/%s: %s | %s",
                 xabi_verdict_name(v18), xabi_verdict_name(v19),
                 xabi_reason_name(why) ? xabi_reason_name(why) : "",
                 has ? has : "", xabi_verdict_name(got.v[0]),
                 xabi_verdict_name(got.v[1]), got.msg[0], got.msg[1]);
}

/*
 * Claim 20 (a missing handler is terminal), as check-live's pvxencrash
 * ran: no trap table (read, empty), a #GP at 0x40, and at the end d2
 * crashed (crashed: true), still running (false); end: a live run's end.
 */
static void terminal(struct fx *fx, bool end, bool crashed)
{
    struct xabi_domain_state d;

    traps_table(fx, 0);
    traps_delivery(fx, 13, 0x40, true, 0x202);
    if ( !end )
        return;
    memset(&d, 0, sizeof(d));
    d.domid = 2;
    d.end = true;
    d.shutdown = crashed;
    d.reason = crashed ? 3 : 0;
    assert_int_equal(xabi_store_put_domain_state(fx->st, fx->run_id, &d), 0);
}
static void terminal_crashed(struct fx *fx)
{
    terminal(fx, true, true);
}
static void terminal_survived(struct fx *fx)
{
    terminal(fx, true, false);
}
static void terminal_no_end(struct fx *fx)
{
    terminal(fx, false, false);
}

static void claim20(void (*setup)(struct fx *), enum xabi_verdict want,
                    enum xabi_reason why, const char *has)
{
    struct claim_got got;

    run_claims(setup, "live", &got);
    if ( !got.seen[2] || got.v[2] != want ||
         (want == XABI_NOT_OBSERVED && got.why[2] != why) ||
         !strstr(got.msg[2], has) )
        fail_msg("claim 20: want %s (%s, '%s'), got %s: %s",
                 xabi_verdict_name(want),
                 xabi_reason_name(why) ? xabi_reason_name(why) : "", has,
                 xabi_verdict_name(got.v[2]), got.msg[2]);
}

static void test_doc_terminal_claim(void **state)
{
    (void)state;
    claim20(terminal_crashed, XABI_PASS, XABI_REASON_NONE,
            "Xen delivered vector 13 to d2 (v0, rip 0x40");
    claim20(terminal_survived, XABI_INFO, XABI_REASON_NONE,
            "had not crashed at the end of the run");
    claim20(terminal_no_end, XABI_NOT_OBSERVED, XABI_REASON_NO_FACTS,
            "holds no state of d2 at its end");
    /* #BP and #OF had handlers: nothing unhandled, nothing to decide. */
    claim20(traps_taken, XABI_NOT_OBSERVED, XABI_REASON_NO_FACTS,
            "no exception");
}

/* ---- DOC-001: claims 21 to 27 of pv-traps.rst --------------------------- */

/* claim nr on the fixture setup builds, in a run of kind. */
static void claim_nr(unsigned nr, void (*setup)(struct fx *),
                     const char *kind, enum xabi_verdict want,
                     enum xabi_reason why, const char *has)
{
    struct claim_got got;
    unsigned k = nr - CLAIM_LO;

    run_claims(setup, kind, &got);
    if ( !got.seen[k] || got.v[k] != want ||
         (want == XABI_NOT_OBSERVED && got.why[k] != why) ||
         !strstr(got.msg[k], has) )
        fail_msg("claim %u: want %s (%s, '%s'), got %s (%s): %s", nr,
                 xabi_verdict_name(want),
                 xabi_reason_name(why) ? xabi_reason_name(why) : "", has,
                 xabi_verdict_name(got.v[k]),
                 xabi_reason_name(got.why[k]) ? xabi_reason_name(got.why[k])
                                              : "",
                 got.msg[k]);
}

/* A 32-bit PV guest, d2, and what Xen traced of it. */
static void pv32_guest(struct fx *fx)
{
    struct xabi_snapshot s;

    snap_pv64_initial(&s);
    s.domid = 2;
    s.type = XABI_GUEST_PV32;
    put_snapshot(fx, &s);
}
static void pv32_hypercalls(struct fx *fx)
{
    struct xabi_fact_agg a;

    pv32_guest(fx);
    memset(&a, 0, sizeof(a));
    a.kind = "hypercall";
    a.key = 17; /* xen_version */
    a.domid = 2;
    a.count = 64;
    assert_int_equal(xabi_store_put_agg(fx->st, fx->run_id, &a), 0);
}
/* As a DPL 0 gate would make it: #GP naming IDT vector 0x82 (0x412). */
static void pv32_refused(struct fx *fx)
{
    pv32_guest(fx);
    traps_delivery(fx, 13, 0x1000, true, 0x412);
}
/* A PV64 guest's hypercalls say nothing of INT $0x82. */
static void pv64_hypercalls(struct fx *fx)
{
    struct xabi_fact_agg a;

    traps_table(fx, 0);
    memset(&a, 0, sizeof(a));
    a.kind = "hypercall";
    a.key = 17;
    a.domid = 2;
    a.count = 64;
    assert_int_equal(xabi_store_put_agg(fx->st, fx->run_id, &a), 0);
}

static void test_doc_int82_claim(void **state)
{
    (void)state;
    claim_nr(22, pv32_hypercalls, "live", XABI_PASS, XABI_REASON_NONE,
             "Xen traced 64 hypercalls of d2, a 32-bit PV guest");
    claim_nr(22, pv32_refused, "live", XABI_INFO, XABI_REASON_NONE,
             "error code 0x412 (IDT vector 0x82)");
    claim_nr(22, pv32_guest, "live", XABI_NOT_OBSERVED,
             XABI_REASON_NO_FACTS, "Xen traced no hypercall of d2");
    claim_nr(22, pv32_guest, "snapshot", XABI_NOT_OBSERVED,
             XABI_REASON_NOT_IN_SOURCE, "it holds no trace");
    claim_nr(22, pv64_hypercalls, "live", XABI_NOT_OBSERVED,
             XABI_REASON_NO_SNAPSHOT, "32-bit PV guest");
}

/*
 * A PV64 guest's GDT as a snapshot reads it: the NUL descriptor, a flat
 * code segment, and a 64-bit call gate to selector 0xe033 (two entries,
 * the second of type 0) of DPL dpl, its RPL 3 as Xen leaves it.
 */
static uint64_t gdt_gate[4];
static void gdt_with_gate(struct fx *fx, unsigned dpl, bool gate)
{
    struct xabi_snapshot s;

    snap_pv64_initial(&s);
    s.domid = 2;
    gdt_gate[0] = 0;
    gdt_gate[1] = 0x00affb000000ffffull; /* 64-bit code, DPL 3 */
    gdt_gate[2] = gate ? 0x00008c00e0331000ull | ((uint64_t)dpl << 45) |
                             (3ull << 16)
                       : 0;
    gdt_gate[3] = 0;
    s.gdt_read = true;
    s.ngdt = 4;
    s.gdt = gdt_gate;
    put_snapshot(fx, &s);
}
static void gate_dpl0(struct fx *fx)
{
    gdt_with_gate(fx, 0, true);
}
static void gate_dpl3(struct fx *fx)
{
    gdt_with_gate(fx, 3, true);
}
static void gate_none(struct fx *fx)
{
    gdt_with_gate(fx, 0, false);
}

static void test_doc_call_gate_claim(void **state)
{
    (void)state;
    claim_nr(23, gate_dpl0, "live", XABI_PASS, XABI_REASON_NONE,
             "call gate at GDT index 2 (0x00008c00e0331000) with DPL 0; "
             "its target selector's RPL");
    claim_nr(23, gate_dpl3, "live", XABI_INFO, XABI_REASON_NONE,
             "call gate at GDT index 2 (0x0000ec00e0331000) with DPL 3");
    claim_nr(23, gate_none, "snapshot", XABI_NOT_OBSERVED,
             XABI_REASON_NO_FACTS,
             "1 snapshot of the run read a PV guest's GDT, and none");
    claim_nr(23, traps_quiet, "live", XABI_NOT_OBSERVED,
             XABI_REASON_NO_SNAPSHOT, "no snapshot of the run read");
    claim_nr(23, gate_dpl0, "trace", XABI_NOT_OBSERVED,
             XABI_REASON_NOT_IN_SOURCE, "holds no vCPU snapshot");
}

/*
 * Claim 28: a PVH guest's first RIP against the PHYS32_ENTRY of kernel
 * images collected beside it.  The lab database's real values: the guest
 * starts at 0x1000850, and Debian's 6.1 kernel's note says 0x1000850.
 */
static int64_t image_note(struct fx *fx, uint32_t type, const char *name,
                          uint64_t entry)
{
    static const unsigned char raw[8] = { 0 };
    struct xabi_run_info ri;
    struct xabi_run_totals tot;
    struct xabi_image_note n;
    int64_t id;

    memset(&ri, 0, sizeof(ri));
    ri.source_kind = "image";
    ri.source_path = "/domu/lab3/vmlinuz";
    snprintf(ri.source_sha256, sizeof(ri.source_sha256), "%u", type);
    ri.xen_version = "4.17";
    assert_int_equal(xabi_store_run_new(fx->st, &ri, &id), 0);
    memset(&n, 0, sizeof(n));
    n.type = type;
    n.name = name;
    n.size = type == 18 ? 4 : 8;
    n.has_value = true;
    n.value = entry;
    n.raw = raw;
    assert_int_equal(xabi_store_put_elfnote(fx->st, id, 0, &n), 0);
    memset(&tot, 0, sizeof(tot));
    tot.status = XABI_RUN_COMPLETE;
    assert_int_equal(xabi_store_run_finish(fx->st, id, &tot), 0);
    return id;
}
static void image_run(struct fx *fx, uint64_t entry)
{
    (void)image_note(fx, 18, "XEN_ELFNOTE_PHYS32_ENTRY", entry);
}
static void pvh_start(struct fx *fx)
{
    struct xabi_snapshot s;

    snap_pv64_initial(&s);
    memset(s.seg, 0, sizeof(s.seg));
    s.type = XABI_GUEST_PVH;
    s.domid = 3;
    set_reg(&s, XABI_REG_RIP, 0x1000850);
    put_snapshot(fx, &s);
}
static void pvh_image_same(struct fx *fx)
{
    pvh_start(fx);
    image_run(fx, 0x1000850);
}
static void pvh_image_other(struct fx *fx)
{
    pvh_start(fx);
    image_run(fx, 0x1000000);
}

static void test_doc_phys32_claim(void **state)
{
    (void)state;
    claim_nr(28, pvh_image_same, "live", XABI_PASS, XABI_REASON_NONE,
             "starts at rip 0x1000850, the XEN_ELFNOTE_PHYS32_ENTRY of the "
             "kernel image of run 2 (/domu/lab3/vmlinuz)");
    /* No link from a guest to its kernel: another entry refutes nothing. */
    claim_nr(28, pvh_image_other, "snapshot", XABI_NOT_OBSERVED,
             XABI_REASON_NOT_IN_SOURCE,
             "run 1 is a snapshot: it holds no kernel image, and no kernel "
             "image run in the database has a XEN_ELFNOTE_PHYS32_ENTRY of "
             "0x1000850");
    claim_nr(28, pvh_start, "live", XABI_NOT_OBSERVED,
             XABI_REASON_NOT_IN_SOURCE,
             "the database holds none with a XEN_ELFNOTE_PHYS32_ENTRY");
    claim_nr(28, traps_quiet, "live", XABI_NOT_OBSERVED,
             XABI_REASON_NO_SNAPSHOT, "no PVH snapshot before the first");
}

/*
 * Claim 29: a PV guest's first RIP against the XEN_ELFNOTE_ENTRY of the
 * kernel images beside it: the real 4.17 domU dump starts at
 * 0xffffffff830791c0, the ENTRY note of Debian 12's 6.1 kernel.
 */
static void pv_image_same(struct fx *fx)
{
    pv64_initial(fx);
    (void)image_note(fx, 1, "XEN_ELFNOTE_ENTRY", 0xffffffff830791c0ull);
    /* A PVH kernel's PHYS32_ENTRY is another note: no match there. */
    (void)image_note(fx, 18, "XEN_ELFNOTE_PHYS32_ENTRY", 0x1000850);
}
/* Two kernels with one entry: the one labelled as the run (xabi lab). */
static void pv_image_labelled(struct fx *fx)
{
    int64_t other, own;

    pv64_initial(fx);
    other = image_note(fx, 1, "XEN_ELFNOTE_ENTRY", 0xffffffff830791c0ull);
    own = image_note(fx, 2, "XEN_ELFNOTE_ENTRY", 0xffffffff830791c0ull);
    assert_int_equal(xabi_store_run_set_label(fx->st, other, "lab1 pv a"), 0);
    assert_int_equal(xabi_store_run_set_label(fx->st, own, "lab2 pv b"), 0);
    assert_int_equal(xabi_store_run_set_label(fx->st, fx->run_id,
                                              "lab2 pv b"),
                     0);
}
static void pv_image_phys32_only(struct fx *fx)
{
    struct xabi_snapshot s;

    snap_pv64_initial(&s);
    set_reg(&s, XABI_REG_RIP, 0x1000850);
    put_snapshot(fx, &s);
    image_note(fx, 18, "XEN_ELFNOTE_PHYS32_ENTRY", 0x1000850);
}

static void test_doc_entry_claim(void **state)
{
    (void)state;
    claim_nr(29, pv_image_same, "live", XABI_PASS, XABI_REASON_NONE,
             "snapshot 1 (d1v0) starts at rip 0xffffffff830791c0, the "
             "XEN_ELFNOTE_ENTRY of the kernel image of run 2");
    claim_nr(29, pv_image_labelled, "live", XABI_PASS, XABI_REASON_NONE,
             "the XEN_ELFNOTE_ENTRY of the kernel image of run 3");
    claim_nr(29, pv_image_phys32_only, "snapshot", XABI_NOT_OBSERVED,
             XABI_REASON_NOT_IN_SOURCE,
             "the database holds none with a XEN_ELFNOTE_ENTRY to hold "
             "against 0x1000850");
}

/* Claim 30: the start info's rsdp_paddr (pvh_ok: the real 4.17 dump's). */
static void rsdp_zero(struct fx *fx)
{
    struct xabi_snapshot s;

    snap_pvh_initial(&s);
    s.start_info.rsdp_paddr = 0;
    put_snapshot(fx, &s);
}
static void rsdp_version0(struct fx *fx)
{
    struct xabi_snapshot s;

    snap_pvh_initial(&s);
    s.start_info.version = 0;
    put_snapshot(fx, &s);
}

static void test_doc_rsdp_claim(void **state)
{
    (void)state;
    claim_nr(30, pvh_ok, "snapshot", XABI_PASS, XABI_REASON_NONE,
             "read at 0x4a00000 (version 1) gives rsdp_paddr 0xfc008000");
    claim_nr(30, rsdp_zero, "snapshot", XABI_NOT_OBSERVED,
             XABI_REASON_NO_SNAPSHOT, "its rsdp_paddr is 0: no RSDP");
    claim_nr(30, rsdp_version0, "snapshot", XABI_NOT_OBSERVED,
             XABI_REASON_NO_SNAPSHOT, "version 0, which has no field");
}

/*
 * Claims 31 and 32: the MTRRs a PVH domU starts with.  mtrr_ok holds the
 * real 4.17 dump's record (MTRRdefType 0x806); the others change one thing.
 */
static void snap_pvh_mtrr(struct xabi_snapshot *s, uint64_t def_type)
{
    snap_pvh_initial(s);
    s->has_mtrr = true;
    s->mtrr.pat = 0x7040600070406ull;
    s->mtrr.cap = 0x508;
    s->mtrr.def_type = def_type;
}
static void mtrr_with(struct fx *fx, uint64_t def_type, int32_t domid,
                      uint64_t var0_type, uint64_t fixed)
{
    struct xabi_snapshot s;
    unsigned i;

    snap_pvh_mtrr(&s, def_type);
    s.domid = domid;
    if ( var0_type != XABI_MTRR_WB )
    {
        s.mtrr.var[0] = 0xfc000000 | var0_type; /* 4 GiB - 64 MiB up */
        s.mtrr.var[1] = 0xffc000800ull;         /* 64 MiB, V */
    }
    for ( i = 0; i < XABI_MTRR_FIXED; i++ )
        s.mtrr.fixed[i] = fixed;
    put_snapshot(fx, &s);
}
static void mtrr_ok(struct fx *fx) { mtrr_with(fx, 0x806, 1, 6, 0); }
static void mtrr_off(struct fx *fx) { mtrr_with(fx, 0x006, 1, 6, 0); }
static void mtrr_uc_default(struct fx *fx) { mtrr_with(fx, 0x800, 1, 6, 0); }
static void mtrr_uc_range(struct fx *fx) { mtrr_with(fx, 0x806, 1, 0, 0); }
static void mtrr_fixed_uc(struct fx *fx) { mtrr_with(fx, 0xc06, 1, 6, 0); }
static void mtrr_fixed_wb(struct fx *fx)
{
    mtrr_with(fx, 0xc06, 1, 6, 0x0606060606060606ull);
}
static void mtrr_dom0(struct fx *fx) { mtrr_with(fx, 0x806, 0, 6, 0); }

static void test_doc_mtrr_claims(void **state)
{
    (void)state;
    claim_nr(31, mtrr_ok, "snapshot", XABI_PASS, XABI_REASON_NONE,
             "MTRRdefType 0x806: MTRRs enabled, fixed ranges disabled, "
             "default type WB (6)");
    claim_nr(31, mtrr_off, "snapshot", XABI_INFO, XABI_REASON_NONE,
             "MTRRs disabled");
    claim_nr(31, mtrr_uc_default, "live", XABI_INFO, XABI_REASON_NONE,
             "default type UC (0)");
    claim_nr(31, mtrr_uc_range, "snapshot", XABI_PASS, XABI_REASON_NONE,
             "default type WB");
    claim_nr(31, mtrr_dom0, "snapshot", XABI_NOT_OBSERVED,
             XABI_REASON_NO_SNAPSHOT, "d0, the hardware domain");
    claim_nr(31, pvh_ok, "snapshot", XABI_NOT_OBSERVED,
             XABI_REASON_NO_SNAPSHOT, "did not read the MTRR save record");
    claim_nr(31, mtrr_ok, "trace", XABI_NOT_OBSERVED,
             XABI_REASON_NOT_IN_SOURCE, "holds no vCPU snapshot");

    claim_nr(32, mtrr_ok, "snapshot", XABI_PASS, XABI_REASON_NONE,
             "every address is WB, so every RAM region is");
    claim_nr(32, mtrr_fixed_wb, "snapshot", XABI_PASS, XABI_REASON_NONE,
             "fixed ranges enabled, all WB");
    claim_nr(32, mtrr_off, "snapshot", XABI_INFO, XABI_REASON_NONE,
             "every address is UC, RAM included");
    claim_nr(32, mtrr_uc_default, "snapshot", XABI_NOT_OBSERVED,
             XABI_REASON_NO_SNAPSHOT, "the default type is UC");
    claim_nr(32, mtrr_uc_range, "snapshot", XABI_NOT_OBSERVED,
             XABI_REASON_NO_SNAPSHOT, "variable range 0 (base 0xfc000000, "
             "mask 0xffc000800) is UC");
    claim_nr(32, mtrr_fixed_uc, "snapshot", XABI_NOT_OBSERVED,
             XABI_REASON_NO_SNAPSHOT, "fixed-range MSR 0 (0) gives byte 0 "
             "type UC");
    claim_nr(32, mtrr_dom0, "snapshot", XABI_NOT_OBSERVED,
             XABI_REASON_NO_SNAPSHOT, "d0, the hardware domain");
}

/*
 * Claim 35: start_info_t at rSI (xen.h).  pv_si_ok is what a live
 * snapshot of the real 4.17 domU would hold; the others change one thing.
 */
static void pv_si_with(struct fx *fx, uint64_t rsi, bool read,
                       const char *magic, const char *source)
{
    struct xabi_snapshot s;

    snap_pv64_initial(&s);
    strcpy(s.source, source);
    set_reg(&s, XABI_REG_RSI, rsi);
    if ( read )
    {
        s.has_pv_start_info = true;
        s.pv_start_info.va = rsi;
        snprintf(s.pv_start_info.magic, sizeof(s.pv_start_info.magic), "%s",
                 magic);
        s.pv_start_info.nr_pages = 0xa000;
    }
    put_snapshot(fx, &s);
}
static void pv_si_ok(struct fx *fx)
{
    pv_si_with(fx, 0xffffffff84a00000ull, true, "xen-3.0-x86_64",
               "getvcpucontext");
}
static void pv_si_other(struct fx *fx)
{
    pv_si_with(fx, 0xffffffff84a00000ull, true, "\x7f" "ELF?", "getvcpucontext");
}
static void pv_si_unaligned(struct fx *fx)
{
    pv_si_with(fx, 0xffffffff84a00010ull, false, "", "text:d.txt");
}
static void pv_si_text(struct fx *fx)
{
    pv_si_with(fx, 0xffffffff84a00000ull, false, "", "text:d.txt");
}

static void test_doc_pv_start_info_claim(void **state)
{
    (void)state;
    claim_nr(35, pv_si_ok, "live", XABI_PASS, XABI_REASON_NONE,
             "the page at rSI 0xffffffff84a00000 begins with "
             "\"xen-3.0-x86_64\" (nr_pages 40960, flags 0x0)");
    claim_nr(35, pv_si_other, "live", XABI_INFO, XABI_REASON_NONE,
             "not start_info_t's magic");
    claim_nr(35, pv_si_unaligned, "snapshot", XABI_INFO, XABI_REASON_NONE,
             "rSI 0xffffffff84a00010, which is not 4 kB-aligned");
    claim_nr(35, pv_si_text, "snapshot", XABI_NOT_OBSERVED,
             XABI_REASON_NO_SNAPSHOT, "a text dump holds no guest memory");
    claim_nr(35, pvh_ok, "snapshot", XABI_NOT_OBSERVED,
             XABI_REASON_NO_SNAPSHOT, "the run has no PV64 PV32 snapshot");
}

/* Claims nothing xabi reads can decide say why, in every kind of run;
 * and these are all the register marks so. */
static void test_doc_unobservable_claims(void **state)
{
    static const unsigned nrs[] = { 21, 24, 25, 26, 27, 33, 34,
                                    36, 37, 38, 39 };
    static const char *const kinds[] = { "live", "trace", "snapshot" };
    const struct xabi_claim *c;
    size_t i, j, k, n;

    (void)state;
    for ( i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++ )
    {
        for ( k = 0; k < 3; k++ )
            claim_nr(nrs[i], traps_taken, kinds[k], XABI_NOT_OBSERVED,
                     XABI_REASON_NOT_IN_SOURCE, "nothing a run can hold: ");
    }
    c = xabi_claims(&n);
    for ( j = 0; j < n; j++ )
    {
        if ( c[j].kind != XABI_CLAIM_UNOBSERVABLE )
            continue;
        for ( i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++ )
        {
            if ( nrs[i] == c[j].nr )
                break;
        }
        if ( i == sizeof(nrs) / sizeof(nrs[0]) )
            fail_msg("claim %u is not observable, but not tested so",
                     c[j].nr);
    }
}

static void test_doc_trap_claims(void **state)
{
    (void)state;
    trap_claims(traps_taken, "live", XABI_PASS, XABI_PASS, XABI_REASON_NONE,
                "Xen delivered vector 3 (#BP) to d2 (v0, rip 0x4d");
    trap_claims(traps_refused, "live", XABI_INFO, XABI_NOT_OBSERVED,
                XABI_REASON_NONE, "error code 0x1a (IDT vector 3)");
    trap_claims(traps_linux, "live", XABI_NOT_OBSERVED, XABI_NOT_OBSERVED,
                XABI_REASON_NO_SNAPSHOT, "gives vector 3 DPL 0");
    trap_claims(traps_quiet, "live", XABI_NOT_OBSERVED, XABI_NOT_OBSERVED,
                XABI_REASON_NO_FACTS, "the guest did not raise it");
    /* A trace holds no trap table, whatever Xen delivered. */
    trap_claims(traps_taken, "trace", XABI_NOT_OBSERVED, XABI_NOT_OBSERVED,
                XABI_REASON_NOT_IN_SOURCE, "trap table");
}

static void test_every_rule_has_both_cases(void **state)
{
    const struct xabi_rule *rules;
    size_t i, j, n;

    (void)state;
    rules = xabi_rules(&n);
    for ( i = 0; i < n; i++ )
    {
        bool pass = false, fail = false;

        for ( j = 0; j < NCASES; j++ )
        {
            if ( strcmp(cases[j].rule, rules[i].id) != 0 )
                continue;
            pass |= cases[j].want == XABI_PASS;
            fail |= cases[j].want == rules[i].severity;
        }
        if ( !pass || !fail )
            fail_msg("rule %s lacks a %s case in tests/unit/test-rules.c",
                     rules[i].id, pass ? "failing" : "passing");
    }
    for ( j = 0; j < NCASES; j++ )
    {
        if ( !xabi_rule_find(cases[j].rule) )
            fail_msg("case for unknown rule %s", cases[j].rule);
    }
}

/* ---- the registry itself ------------------------------------------------- */

static void test_registry_is_well_formed(void **state)
{
    const struct xabi_rule *rules;
    size_t i, n;

    (void)state;
    rules = xabi_rules(&n);
    assert_true(n >= 20);
    for ( i = 0; i < n; i++ )
    {
        const char *dash = strchr(rules[i].id, '-');

        assert_non_null(dash);
        assert_int_equal(strlen(dash), 4); /* "-NNN" */
        assert_true(rules[i].title[0] && rules[i].citation[0] &&
                    rules[i].doc[0] && rules[i].reads[0]);
        assert_non_null(rules[i].check);
        assert_true(rules[i].severity != XABI_PASS &&
                    rules[i].severity != XABI_NOT_OBSERVED);
        /* In id order, so ids are unique. */
        if ( i )
            assert_true(strcmp(rules[i - 1].id, rules[i].id) < 0);
        assert_ptr_equal(xabi_rule_find(rules[i].id), &rules[i]);
    }
    assert_null(xabi_rule_find("HC-999"));
    assert_non_null(xabi_rule_find("seg-001"));
}

static void test_versions(void **state)
{
    const struct xabi_rule *pvh = xabi_rule_find("PVH-001");

    (void)state;
    assert_int_equal(xabi_version_cmp("4.17", "4.17.7"), 0);
    assert_true(xabi_version_cmp("4.9", "4.10") < 0);
    assert_true(xabi_version_cmp("4.17", "4.10") > 0);
    assert_false(xabi_rule_applies(pvh, "4.9"));
    assert_true(xabi_rule_applies(pvh, "4.10"));
    assert_true(xabi_rule_applies(pvh, "4.17.7"));
}

/* A rule outside its versions is skipped: no finding, counted as such. */
static void test_rule_outside_versions_is_skipped(void **state)
{
    static const struct rule_case c = PASS("PVH-001", pvh_paging, "4.9",
                                           "snapshot");
    const struct xabi_rule *r = xabi_rule_find("PVH-001");
    struct xabi_check_summary sum;
    struct collected got;
    struct xabi_store *st;
    char path[256], err[512];
    int64_t run_id;

    (void)state;
    st = build(&c, path, sizeof(path), &run_id);
    memset(&got, 0, sizeof(got));
    assert_int_equal(xabi_analyze(st, run_id, &r, 1, collect, &got, &sum, err,
                                  sizeof(err)),
                     0);
    assert_int_equal(sum.rules_run, 0);
    assert_int_equal(sum.rules_skipped, 1);
    assert_int_equal(got.n[XABI_FAIL] + got.n[XABI_PASS], 0);
    xabi_store_close(st);
    xabi_test_db_remove(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_is_well_formed),
        cmocka_unit_test(test_versions),
        cmocka_unit_test(test_cases),
        cmocka_unit_test(test_rule_outside_versions_is_skipped),
        cmocka_unit_test(test_every_rule_has_both_cases),
        cmocka_unit_test(test_doc_trap_claims),
        cmocka_unit_test(test_doc_terminal_claim),
        cmocka_unit_test(test_doc_int82_claim),
        cmocka_unit_test(test_doc_call_gate_claim),
        cmocka_unit_test(test_doc_unobservable_claims),
        cmocka_unit_test(test_doc_phys32_claim),
        cmocka_unit_test(test_doc_entry_claim),
        cmocka_unit_test(test_doc_rsdp_claim),
        cmocka_unit_test(test_doc_mtrr_claims),
        cmocka_unit_test(test_doc_pv_start_info_claim),
    };

    return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
