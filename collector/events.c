/*
 * events.c: the event ids xabi decodes, as a table.
 *
 * Ids, names and record layouts come from Xen: the ids from
 * xen/include/public/trace.h, the layouts from the code that writes them
 * (xen/arch/x86/pv/trace.c for PV, xen/common/trace.c: __trace_hypercall
 * for TRC_PV_HYPERCALL_V2, xen/arch/x86/hvm/vmx/vmx.c and svm/svm.c for HVM,
 * xen/common/sched/core.c for the scheduler, xen/common/domain.c for
 * domain creation and destruction).  Adding an event is a line
 * here, plus a decoder if its layout is new.
 *
 * TRC_64_FLAG (0x100) marks the layouts with 64-bit addresses; Xen 4.2 and
 * earlier numbered the PV events from TRC_PV (0x0020f000) instead of
 * TRC_PV_ENTRY (0x00201000), with the same layouts.
 */
#include "collector/collector-int.h"

#include "abi/abi.h"

#include <stdlib.h>
#include <string.h>

#define TRC_64_FLAG 0x100u

static uint64_t u64_at(const uint32_t *w)
{
    return (uint64_t)w[0] | (uint64_t)w[1] << 32;
}

/* Does r carry at least n extra words, and the 64-bit layout? */
static bool need(const struct xabi_trace_record *r, unsigned n)
{
    return r->nextra >= n;
}

static bool wide(const struct xabi_trace_record *r)
{
    return r->event & TRC_64_FLAG;
}

/* An address word (or pair) at *w, advancing it. */
static uint64_t take_addr(const struct xabi_trace_record *r, unsigned *w)
{
    uint64_t v;

    if ( wide(r) )
    {
        v = u64_at(&r->extra[*w]);
        *w += 2;
    }
    else
        v = r->extra[(*w)++];
    return v;
}

/* ---- PV ------------------------------------------------------------------ */

/* TRC_PV_HYPERCALL (v1): eip, eax. */
static int dec_pv_hypercall(const struct xabi_trace_record *r,
                            struct xabi_fact *f)
{
    unsigned w = 0;

    if ( !need(r, wide(r) ? 3 : 2) )
        return -1;
    f->has_rip = true;
    f->rip = take_addr(r, &w);
    f->key = r->extra[w];
    return XABI_K_HYPERCALL;
}

/*
 * TRC_PV_HYPERCALL_V2 and _SUBCALL: word 0 holds the op in bits 0-19 and a
 * 2-bit code per argument in bits 20-31 (TRC_PV_HYPERCALL_V2_ARG_32/64);
 * the present arguments follow, one or two words each.
 */
static int dec_pv_hypercall_v2(const struct xabi_trace_record *r,
                               struct xabi_fact *f)
{
    uint32_t codes;
    unsigned i, w = 1;

    if ( !need(r, 1) )
        return -1;
    f->key = r->extra[0] & 0xfffff;
    /* Only as far as the last argument present: most calls carry few. */
    for ( i = 0, codes = r->extra[0] >> 20; codes; i++, codes >>= 2 )
    {
        unsigned code = codes & 3;

        if ( code == 1 && w < r->nextra )
        {
            f->args[i] = r->extra[w++];
            f->argmask |= 1u << i;
        }
        else if ( code == 2 && w + 1 < r->nextra )
        {
            f->args[i] = u64_at(&r->extra[w]);
            w += 2;
            f->argmask |= 1u << i;
        }
        else if ( code != 0 )
            break; /* reserved code, or words missing: stop here */
    }
    return (r->event & 0xff) == 0x0e ? XABI_K_SUBCALL : XABI_K_HYPERCALL;
}

/* TRC_PV_TRAP: rip, then trapnr:15, use_error_code:1, error_code:16. */
static int dec_pv_trap(const struct xabi_trace_record *r, struct xabi_fact *f)
{
    unsigned w = 0;
    uint32_t v;

    if ( !need(r, wide(r) ? 3 : 2) )
        return -1;
    f->has_rip = true;
    f->rip = take_addr(r, &w);
    v = r->extra[w];
    f->key = v & 0x7fff;
    f->has_error_code = (v >> 15) & 1;
    f->error_code = f->has_error_code ? v >> 16 : 0;
    return XABI_K_TRAP;
}

/* TRC_PV_PAGE_FAULT: rip, addr, error_code. */
static int dec_pv_page_fault(const struct xabi_trace_record *r,
                             struct xabi_fact *f)
{
    unsigned w = 0;

    if ( !need(r, wide(r) ? 5 : 3) )
        return -1;
    f->has_rip = f->has_addr = f->has_error_code = true;
    f->rip = take_addr(r, &w);
    f->addr = take_addr(r, &w);
    f->error_code = r->extra[w];
    f->key = f->error_code;
    return XABI_K_PAGE_FAULT;
}

/* The one- and two-address PV events: trace_trap_one_addr/_two_addr. */
static int dec_pv_addrs(const struct xabi_trace_record *r,
                        struct xabi_fact *f)
{
    static const signed char kinds[] = {
        -1, -1, -1, -1, -1,
        [0x05] = XABI_K_FORCED_INVALID_OP,  [0x06] = XABI_K_EMUL_PRIVOP,
        [0x07] = XABI_K_EMULATE_4GB,        [0x08] = XABI_K_MATH_STATE_RESTORE,
        [0x09] = XABI_K_PAGING_FIXUP,       [0x0a] = XABI_K_GDT_LDT_MAPPING_FAULT,
    };
    unsigned minor = r->event & 0xff, w = 0, per = wide(r) ? 2 : 1;

    if ( minor >= sizeof(kinds) / sizeof(kinds[0]) || kinds[minor] < 0 )
        return -1;
    if ( r->nextra >= per )
    {
        f->has_rip = true;
        f->rip = take_addr(r, &w);
    }
    if ( r->nextra >= 2 * per )
    {
        f->has_addr = true;
        f->addr = take_addr(r, &w);
    }
    return kinds[minor];
}

/* TRC_PV_PTWR_EMULATION(64): pte, addr, rip; _PAE: pte, addr32, eip32. */
static int dec_pv_ptwr(const struct xabi_trace_record *r, struct xabi_fact *f)
{
    unsigned w = 2;

    if ( !need(r, wide(r) ? 6 : 4) )
        return -1;
    f->args[0] = u64_at(&r->extra[0]); /* the new PTE */
    f->argmask = 1;
    f->has_addr = f->has_rip = true;
    f->addr = take_addr(r, &w);
    f->rip = take_addr(r, &w);
    return XABI_K_PTWR_EMULATION;
}

/* ---- HVM ----------------------------------------------------------------- */

/* TRC_HVM_VMEXIT(64): exit_reason, rip. */
static int dec_hvm_exit(const struct xabi_trace_record *r, struct xabi_fact *f)
{
    unsigned w = 1;

    if ( !need(r, wide(r) ? 3 : 2) )
        return -1;
    f->key = r->extra[0];
    f->has_rip = true;
    f->rip = take_addr(r, &w);
    return XABI_K_HVM_EXIT;
}

/* TRC_HVM_INJ_EXC: vector, error_code (X86_EVENT_NO_EC, ~0, for none). */
static int dec_hvm_inj_exc(const struct xabi_trace_record *r,
                           struct xabi_fact *f)
{
    if ( !need(r, 1) )
        return -1;
    f->key = r->extra[0];
    if ( r->nextra >= 2 && r->extra[1] != 0xffffffffu )
    {
        f->has_error_code = true;
        f->error_code = r->extra[1];
    }
    return XABI_K_HVM_INJ_EXC;
}

/* One-word HVM events: TRC_HVM_TRAP (vector), TRC_HVM_VMMCALL (eax). */
static int dec_hvm_word(const struct xabi_trace_record *r,
                        struct xabi_fact *f)
{
    if ( !need(r, 1) )
        return -1;
    f->key = r->extra[0];
    return (r->event & 0xff) == 0x12 ? XABI_K_HVM_VMMCALL : XABI_K_HVM_TRAP;
}

/* TRC_HVM_CR_WRITE(64): cr, value; TRC_HVM_LMSW(64): value. */
static int dec_hvm_cr(const struct xabi_trace_record *r, struct xabi_fact *f)
{
    bool lmsw = (r->event & 0xff) == 0x19;
    unsigned w = lmsw ? 0 : 1;

    if ( !need(r, w + (wide(r) ? 2 : 1)) )
        return -1;
    f->key = lmsw ? 0 : r->extra[0];
    f->args[0] = take_addr(r, &w);
    f->argmask = 1;
    return lmsw ? XABI_K_HVM_LMSW : XABI_K_HVM_CR_WRITE;
}

static int dec_hvm_realmode(const struct xabi_trace_record *r,
                            struct xabi_fact *f)
{
    (void)r;
    (void)f;
    return XABI_K_HVM_REALMODE_EMULATE;
}

/* ---- domains --------------------------------------------------------------- */

/*
 * TRC_DOM0_DOM_ADD / _REM (domain_create, domain_destroy) and
 * TRC_SCHED_DOM_ADD / _REM (sched_init_domain, sched_destroy_domain): w0
 * the domid.  The key is the domain created or destroyed, not the one
 * running (the toolstack's).
 */
static int dec_dom(const struct xabi_trace_record *r, struct xabi_fact *f)
{
    if ( !need(r, 1) )
        return -1;
    f->key = r->extra[0];
    return (r->event & 0xf) == 1 ? XABI_K_DOM_CREATE : XABI_K_DOM_DESTROY;
}

/*
 * TRC_SCHED_SHUTDOWN / _CODE (xen/common/sched/core.c: do_sched_op,
 * SCHEDOP_shutdown and SCHEDOP_shutdown_code): w0 domid, w1 vcpu, w2 the
 * reason the guest asked for.  Xen writes it only for a guest's own
 * request: a domain Xen crashes (domain_crash) or a toolstack shuts down
 * writes none.  The key is the reason; args 0 and 1 the domain and vCPU
 * the record names.
 */
static int dec_shutdown(const struct xabi_trace_record *r,
                        struct xabi_fact *f)
{
    if ( !need(r, 3) )
        return -1;
    f->key = r->extra[2];
    f->args[0] = r->extra[0];
    f->args[1] = r->extra[1];
    f->argmask = 3;
    return (r->event & 0xff) == 0x07 ? XABI_K_DOM_SHUTDOWN
                                     : XABI_K_DOM_SHUTDOWN_CODE;
}

/* ---- the table ------------------------------------------------------------ */

#define FACT(id, name, fn) { id, 0, name, XABI_ROLE_FACT, fn, NULL }
/* A fact only the releases gate (a test of abi/) says write it. */
#define SINCE(id, name, fn, gate)                                              \
    { id, 0, name, XABI_ROLE_FACT, fn, gate }
#define PV(n, name, fn)                                                        \
    FACT(0x00201000u + (n), name, fn),                                         \
        FACT(0x00201000u + TRC_64_FLAG + (n), name, fn),                       \
        FACT(0x0020f000u + (n), name, fn),                                     \
        FACT(0x0020f000u + TRC_64_FLAG + (n), name, fn)

static const struct xabi_event_desc events[] = {
    { 0x0001f001u, 0, "TRC_LOST_RECORDS", XABI_ROLE_LOST, NULL, NULL },
    { 0x0001f002u, 0, "TRC_TRACE_WRAP_BUFFER", XABI_ROLE_PADDING, NULL,
      NULL },
    /* TRC_SCHED_MIN + (old << 8 | new << 4 | 1): see sched/core.c */
    { 0x00021001u, 0x0ffff00fu, "TRC_SCHED_RUNSTATE_CHANGE",
      XABI_ROLE_RUNSTATE, NULL, NULL },
    { 0x00021002u, 0, "TRC_SCHED_CONTINUE_RUNNING", XABI_ROLE_CONTINUE,
      NULL, NULL },
    { 0x0002800au, 0, "TRC_SCHED_SWITCH", XABI_ROLE_SWITCH, NULL, NULL },
    { 0x0002800eu, 0, "TRC_SCHED_SWITCH_INFPREV", XABI_ROLE_INFPREV, NULL,
      NULL },
    { 0x0002800fu, 0, "TRC_SCHED_SWITCH_INFNEXT", XABI_ROLE_INFNEXT, NULL,
      NULL },
    FACT(0x00028001u, "TRC_SCHED_DOM_ADD", dec_dom),
    FACT(0x00028002u, "TRC_SCHED_DOM_REM", dec_dom),
    FACT(0x00028007u, "TRC_SCHED_SHUTDOWN", dec_shutdown),
    FACT(0x00028010u, "TRC_SCHED_SHUTDOWN_CODE", dec_shutdown),
    FACT(0x00041001u, "TRC_DOM0_DOM_ADD", dec_dom),
    FACT(0x00041002u, "TRC_DOM0_DOM_REM", dec_dom),
    FACT(0x00081002u, "TRC_HVM_VMEXIT", dec_hvm_exit),
    FACT(0x00081102u, "TRC_HVM_VMEXIT64", dec_hvm_exit),
    FACT(0x00081402u, "TRC_HVM_VMEXIT (nested)", dec_hvm_exit),
    FACT(0x00081502u, "TRC_HVM_VMEXIT64 (nested)", dec_hvm_exit),
    /* AMD's own exit ids, written from Xen 4.19 (abi/trace-names.c) */
    SINCE(0x00081003u, "TRC_HVM_SVM_EXIT", dec_hvm_exit,
          xabi_trc_svm_exit_ids),
    SINCE(0x00081103u, "TRC_HVM_SVM_EXIT64", dec_hvm_exit,
          xabi_trc_svm_exit_ids),
    SINCE(0x00081403u, "TRC_HVM_SVM_EXIT (nested)", dec_hvm_exit,
          xabi_trc_svm_exit_ids),
    SINCE(0x00081503u, "TRC_HVM_SVM_EXIT64 (nested)", dec_hvm_exit,
          xabi_trc_svm_exit_ids),
    FACT(0x00082003u, "TRC_HVM_INJ_EXC", dec_hvm_inj_exc),
    FACT(0x00082009u, "TRC_HVM_CR_WRITE", dec_hvm_cr),
    FACT(0x00082109u, "TRC_HVM_CR_WRITE64", dec_hvm_cr),
    FACT(0x00082012u, "TRC_HVM_VMMCALL", dec_hvm_word),
    FACT(0x00082019u, "TRC_HVM_LMSW", dec_hvm_cr),
    FACT(0x00082119u, "TRC_HVM_LMSW64", dec_hvm_cr),
    FACT(0x00082022u, "TRC_HVM_REALMODE_EMULATE", dec_hvm_realmode),
    FACT(0x00082023u, "TRC_HVM_TRAP", dec_hvm_word),
    PV(0x01, "TRC_PV_HYPERCALL", dec_pv_hypercall),
    PV(0x03, "TRC_PV_TRAP", dec_pv_trap),
    PV(0x04, "TRC_PV_PAGE_FAULT", dec_pv_page_fault),
    PV(0x05, "TRC_PV_FORCED_INVALID_OP", dec_pv_addrs),
    PV(0x06, "TRC_PV_EMULATE_PRIVOP", dec_pv_addrs),
    PV(0x07, "TRC_PV_EMULATE_4GB", dec_pv_addrs),
    PV(0x08, "TRC_PV_MATH_STATE_RESTORE", dec_pv_addrs),
    PV(0x09, "TRC_PV_PAGING_FIXUP", dec_pv_addrs),
    PV(0x0a, "TRC_PV_GDT_LDT_MAPPING_FAULT", dec_pv_addrs),
    FACT(0x0020110bu, "TRC_PV_PTWR_EMULATION", dec_pv_ptwr),
    FACT(0x0020f10bu, "TRC_PV_PTWR_EMULATION", dec_pv_ptwr),
    FACT(0x0020100cu, "TRC_PV_PTWR_EMULATION_PAE", dec_pv_ptwr),
    FACT(0x0020f00cu, "TRC_PV_PTWR_EMULATION_PAE", dec_pv_ptwr),
    FACT(0x0020100du, "TRC_PV_HYPERCALL_V2", dec_pv_hypercall_v2),
    FACT(0x0020200eu, "TRC_PV_HYPERCALL_SUBCALL", dec_pv_hypercall_v2),
};

#define NEVENTS (sizeof(events) / sizeof(events[0]))

const struct xabi_event_desc *xabi_event_lookup_for(uint32_t event,
                                                    const char *xen_version)
{
    size_t i;

    for ( i = 0; i < NEVENTS; i++ )
    {
        uint32_t mask = events[i].mask ? events[i].mask : 0x0fffffffu;

        if ( (event & mask) == events[i].event &&
             (!xen_version || !events[i].written_by ||
              events[i].written_by(xen_version)) )
            return &events[i];
    }
    return NULL;
}

const struct xabi_event_desc *xabi_event_lookup(uint32_t event)
{
    return xabi_event_lookup_for(event, NULL);
}

const char *const xabi_kind_name[XABI_K_MAX] = {
    [XABI_K_HYPERCALL] = "hypercall",
    [XABI_K_SUBCALL] = "subcall",
    [XABI_K_PAGE_FAULT] = "page_fault",
    [XABI_K_EMUL_PRIVOP] = "emul_privop",
    [XABI_K_EMULATE_4GB] = "emulate_4gb",
    [XABI_K_FORCED_INVALID_OP] = "forced_invalid_op",
    [XABI_K_MATH_STATE_RESTORE] = "math_state_restore",
    [XABI_K_PAGING_FIXUP] = "paging_fixup",
    [XABI_K_GDT_LDT_MAPPING_FAULT] = "gdt_ldt_mapping_fault",
    [XABI_K_PTWR_EMULATION] = "ptwr_emulation",
    [XABI_K_HVM_EXIT] = "hvm_exit",
    [XABI_K_HVM_VMMCALL] = "hvm_vmmcall",
    [XABI_K_HVM_CR_WRITE] = "hvm_cr_write",
    [XABI_K_HVM_LMSW] = "hvm_lmsw",
    [XABI_K_HVM_REALMODE_EMULATE] = "hvm_realmode_emulate",
    [XABI_K_HYPERCALL_SUBOP] = "hypercall_subop",
    [XABI_K_TRAP] = "trap",
    [XABI_K_HVM_INJ_EXC] = "hvm_inj_exc",
    [XABI_K_HVM_TRAP] = "hvm_trap",
    [XABI_K_DOM_CREATE] = "dom_create",
    [XABI_K_DOM_DESTROY] = "dom_destroy",
    [XABI_K_LOST_RECORDS] = "lost_records",
    [XABI_K_UNKNOWN_EVENT] = "unknown_event",
    [XABI_K_HYPERCALL_BAD_ARGS] = "hypercall_bad_args",
    [XABI_K_DOM_SHUTDOWN] = "dom_shutdown",
    [XABI_K_DOM_SHUTDOWN_CODE] = "dom_shutdown_code",
};
