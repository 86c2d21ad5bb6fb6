/*
 * live-xen.c: Xen's vCPU structures into xabi's snapshots, with nothing
 * read from the host (collector/live-xen.h).
 *
 * Layouts: xen/include/public/arch-x86/xen.h (struct vcpu_guest_context,
 * struct trap_info), tools/include/xen-foreign (its 32- and 64-bit forms as
 * the tools see them), xen/include/public/arch-x86/hvm/save.h (struct
 * hvm_hw_cpu).
 */
#include "collector/live-xen.h"

#include <string.h>

enum xabi_guest_type xabi_live_guest_type(const xc_domaininfo_t *di,
                                          unsigned guest_width)
{
    /* An HVM guest has a PIC, a PIT and an RTC; a PVH container has none
     * of them (libxl asks for XEN_X86_EMU_LAPIC alone). */
    const uint32_t legacy = XEN_X86_EMU_PIC | XEN_X86_EMU_PIT |
                            XEN_X86_EMU_RTC | XEN_X86_EMU_IOAPIC;

    if ( di->flags & XEN_DOMINF_hvm_guest )
        return di->arch_config.emulation_flags & legacy ? XABI_GUEST_HVM
                                                        : XABI_GUEST_PVH;
    return guest_width == 4 ? XABI_GUEST_PV32 : XABI_GUEST_PV64;
}

static void set_reg(struct xabi_snapshot *s, enum xabi_reg r, uint64_t v)
{
    s->reg[r] = v;
    s->reg_mask |= 1u << r;
}

static void set_sel(struct xabi_snapshot *s, enum xabi_sreg r, uint16_t sel)
{
    s->seg[r] = (struct xabi_segment){ .known = true, .selector = sel };
}

/* What every snapshot keeps from before the fill. */
static void reset(struct xabi_snapshot *s)
{
    struct xabi_snapshot keep = *s;

    memset(s, 0, sizeof(*s));
    s->domid = keep.domid;
    s->vcpu = keep.vcpu;
    s->phase = keep.phase;
    s->user_mode_seen = keep.user_mode_seen;
    s->has_tsc = keep.has_tsc;
    s->tsc = keep.tsc;
    s->type = keep.type;
    memcpy(s->taken_at, keep.taken_at, sizeof(s->taken_at));
    memcpy(s->source, keep.source, sizeof(s->source));
}

/*
 * The registers common to both widths.  ctrlreg[1] is the user page table
 * on 64-bit PV, not a CR1; only CR0, CR2, CR3 and CR4 are kept.
 */
#define PV_COMMON(s, c, ip, sp, bx, si, fl)                                      \
    do {                                                                     \
        set_reg(s, XABI_REG_RIP, (c)->user_regs.ip);                         \
        set_reg(s, XABI_REG_RSP, (c)->user_regs.sp);                         \
        set_reg(s, XABI_REG_RBX, (c)->user_regs.bx);                         \
        set_reg(s, XABI_REG_RSI, (c)->user_regs.si);                         \
        set_reg(s, XABI_REG_RFLAGS, (c)->user_regs.fl);                      \
        set_reg(s, XABI_REG_CR0, (c)->ctrlreg[0]);                           \
        set_reg(s, XABI_REG_CR2, (c)->ctrlreg[2]);                           \
        set_reg(s, XABI_REG_CR3, (c)->ctrlreg[3]);                           \
        set_reg(s, XABI_REG_CR4, (c)->ctrlreg[4]);                           \
        set_reg(s, XABI_REG_KERNEL_SS, (c)->kernel_ss);                      \
        set_reg(s, XABI_REG_KERNEL_SP, (c)->kernel_sp);                      \
        set_reg(s, XABI_REG_VM_ASSIST, (c)->vm_assist);                      \
        set_reg(s, XABI_REG_VCPU_FLAGS, (c)->flags);                         \
        set_reg(s, XABI_REG_GDT_ENTS, (c)->gdt_ents);                        \
        set_reg(s, XABI_REG_LDT_BASE, (c)->ldt_base);                        \
        set_reg(s, XABI_REG_LDT_ENTS, (c)->ldt_ents);                        \
        set_sel(s, XABI_SREG_CS, (c)->user_regs.cs);                         \
        set_sel(s, XABI_SREG_SS, (c)->user_regs.ss);                         \
        set_sel(s, XABI_SREG_DS, (c)->user_regs.ds);                         \
        set_sel(s, XABI_SREG_ES, (c)->user_regs.es);                         \
        set_sel(s, XABI_SREG_FS, (c)->user_regs.fs);                         \
        set_sel(s, XABI_SREG_GS, (c)->user_regs.gs);                         \
        for ( unsigned v_ = 0; v_ < 256; v_++ )                              \
        {                                                                    \
            /* No address: an empty slot of the 256. */                     \
            if ( !(c)->trap_ctxt[v_].address )                               \
                continue;                                                    \
            (s)->traps[(s)->ntraps++] = (struct xabi_trap_entry){            \
                .vector = (uint8_t)v_, .flags = (c)->trap_ctxt[v_].flags,    \
                .cs = (c)->trap_ctxt[v_].cs,                                 \
                .address = (c)->trap_ctxt[v_].address };                     \
        }                                                                    \
        (s)->traps_read = true;                                              \
    } while ( 0 )

void xabi_live_from_pv64(const vcpu_guest_context_x86_64_t *c,
                         struct xabi_snapshot *s)
{
    reset(s);
    PV_COMMON(s, c, rip, rsp, rbx, rsi, rflags);
    /* 64-bit PV has no callback CS: the kernel's is FLAT_KERNEL_CS. */
    s->cb[XABI_CB_EVENT] = (struct xabi_callback_entry){
        .known = true, .address = c->event_callback_eip };
    s->cb[XABI_CB_FAILSAFE] = (struct xabi_callback_entry){
        .known = true, .address = c->failsafe_callback_eip };
    s->cb[XABI_CB_SYSCALL] = (struct xabi_callback_entry){
        .known = true, .address = c->syscall_callback_eip };
}

void xabi_live_from_pv32(const vcpu_guest_context_x86_32_t *c,
                         struct xabi_snapshot *s)
{
    reset(s);
    PV_COMMON(s, c, eip, esp, ebx, esi, eflags);
    s->cb[XABI_CB_EVENT] = (struct xabi_callback_entry){
        .known = true, .has_cs = true, .cs = (uint16_t)c->event_callback_cs,
        .address = c->event_callback_eip };
    s->cb[XABI_CB_FAILSAFE] = (struct xabi_callback_entry){
        .known = true, .has_cs = true,
        .cs = (uint16_t)c->failsafe_callback_cs,
        .address = c->failsafe_callback_eip };
}

#define HVM_SEG(s, c, r, n)                                                  \
    ((s)->seg[r] = (struct xabi_segment){                                    \
         .known = true, .has_hidden = true,                                  \
         .selector = (uint16_t)(c)->n##_sel, .base = (c)->n##_base,          \
         .limit = (c)->n##_limit, .attr = (uint16_t)(c)->n##_arbytes })

void xabi_live_from_hvm(const struct hvm_hw_cpu *c, enum xabi_guest_type t,
                        struct xabi_snapshot *s)
{
    s->type = t;
    reset(s);
    set_reg(s, XABI_REG_RIP, c->rip);
    set_reg(s, XABI_REG_RSP, c->rsp);
    set_reg(s, XABI_REG_RBX, c->rbx);
    set_reg(s, XABI_REG_RSI, c->rsi);
    set_reg(s, XABI_REG_RFLAGS, c->rflags);
    set_reg(s, XABI_REG_CR0, c->cr0);
    set_reg(s, XABI_REG_CR2, c->cr2);
    set_reg(s, XABI_REG_CR3, c->cr3);
    set_reg(s, XABI_REG_CR4, c->cr4);
    set_reg(s, XABI_REG_EFER, c->msr_efer);
    HVM_SEG(s, c, XABI_SREG_CS, cs);
    HVM_SEG(s, c, XABI_SREG_SS, ss);
    HVM_SEG(s, c, XABI_SREG_DS, ds);
    HVM_SEG(s, c, XABI_SREG_ES, es);
    HVM_SEG(s, c, XABI_SREG_FS, fs);
    HVM_SEG(s, c, XABI_SREG_GS, gs);
    HVM_SEG(s, c, XABI_SREG_TR, tr);
    HVM_SEG(s, c, XABI_SREG_LDTR, ldtr);
}

void xabi_live_mtrr(const struct hvm_hw_mtrr *m, struct xabi_snapshot *s)
{
    _Static_assert(sizeof(m->msr_mtrr_var) == sizeof(s->mtrr.var) &&
                       sizeof(m->msr_mtrr_fixed) == sizeof(s->mtrr.fixed),
                   "struct xabi_mtrr mirrors struct hvm_hw_mtrr");
    s->mtrr.pat = m->msr_pat_cr;
    s->mtrr.cap = m->msr_mtrr_cap;
    s->mtrr.def_type = m->msr_mtrr_def_type;
    memcpy(s->mtrr.var, m->msr_mtrr_var, sizeof(s->mtrr.var));
    memcpy(s->mtrr.fixed, m->msr_mtrr_fixed, sizeof(s->mtrr.fixed));
    s->has_mtrr = true;
}

void xabi_live_pv_start_info(const uint8_t page[4096], uint64_t va, bool pv32,
                             struct xabi_snapshot *s)
{
    struct xabi_pv_start_info *si = &s->pv_start_info;
    size_t i;

    memset(si, 0, sizeof(*si));
    si->va = va;
    if ( pv32 )
    {
        start_info_x86_32_t x;

        memcpy(&x, page, sizeof(x));
        memcpy(si->magic, x.magic, sizeof(x.magic));
        si->nr_pages = x.nr_pages;
        si->flags = x.flags;
    }
    else
    {
        start_info_x86_64_t x;

        memcpy(&x, page, sizeof(x));
        memcpy(si->magic, x.magic, sizeof(x.magic));
        si->nr_pages = x.nr_pages;
        si->flags = x.flags;
    }
    /* Up to its NUL; a byte that is no printable ASCII kept as '?', so
     * whatever the page held stores as text. */
    for ( i = 0; i < sizeof(si->magic) - 1 && si->magic[i]; i++ )
    {
        if ( si->magic[i] < 0x20 || si->magic[i] > 0x7e )
            si->magic[i] = '?';
    }
    si->magic[i] = '\0';
    s->has_pv_start_info = true;
}

unsigned xabi_live_gdt_frames(const vcpu_guest_context_any_t *c, bool pv32,
                              xen_pfn_t frames[16], unsigned *entries)
{
    unsigned long ents = pv32 ? c->x32.gdt_ents : c->x64.gdt_ents;
    unsigned n, i;

    /* 512 descriptors a frame; the guest may own at most 16 frames. */
    if ( ents > 16 * 512 )
        ents = 16 * 512;
    n = (unsigned)((ents + 511) / 512);
    for ( i = 0; i < n; i++ )
        frames[i] = pv32 ? c->x32.gdt_frames[i] : c->x64.gdt_frames[i];
    *entries = (unsigned)ents;
    return n;
}

void xabi_live_domain_state(const xc_domaininfo_t *di, bool end,
                            struct xabi_domain_state *out)
{
    memset(out, 0, sizeof(*out));
    out->domid = (int32_t)di->domain;
    out->end = end;
    out->shutdown = di->flags & XEN_DOMINF_shutdown;
    out->reason = out->shutdown ? (di->flags >> XEN_DOMINF_shutdownshift) &
                                      XEN_DOMINF_shutdownmask
                                : 0;
    out->dying = di->flags & XEN_DOMINF_dying;
}
