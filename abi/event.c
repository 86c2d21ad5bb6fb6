/*
 * event.c: trace event ids, trap-table entries and the numbers users type.
 *
 * An event id is the low 28 bits of a trace record's header word
 * (xen/include/public/trace.h: TRC_HD_TO_EVENT); above them sit the count
 * of extra words and the cycles flag, so a whole header word decodes too.
 * Names are not here: they differ by version (the PV ids moved in 4.3)
 * and come from the catalogue.  Record layouts are keyed by name for the
 * same reason; they describe what Xen writes (xen/arch/x86/pv/trace.c,
 * xen/common/trace.c), in words of 32 bits.
 */
#include "abi/abi.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

void xabi_event_decode(uint32_t raw, struct xabi_event *out)
{
    out->raw = raw;
    out->id = raw & 0x0fffffff;
    out->nextra = (raw >> 28) & 7;
    out->cycles = raw >> 31;
    out->cls = (out->id >> 16) & 0xfff;
    out->subclass = (out->id >> 12) & 0xf;
    out->number = out->id & 0xfff;
    /* In TRC_SCHED (class 0x002) bit 8 is a runstate or a scheduler's
     * event number (abi/trace-names.c), never TRC_64_FLAG. */
    out->flag64 = (out->number & XABI_TRC_64_FLAG) && out->cls != 0x002;
}

struct layout
{
    const char *name;
    const char *narrow; /* 32-bit guest, or no TRC_64_FLAG */
    const char *wide;   /* with TRC_64_FLAG: 64-bit guest addresses */
};

static const struct layout layouts[] = {
    { "TRC_LOST_RECORDS",
      "w0 records lost; w1 bits 0-15 domid, 16-31 vcpu; w2-w3 TSC of the "
      "first lost record", NULL },
    { "TRC_TRACE_CPU_CHANGE", "w0 the physical CPU of the records that "
      "follow", NULL },
    /* xen/common/sched/core.c (schedule.c before 4.14): sched_init_domain,
     * sched_destroy_domain, do_sched_op; xen/common/domain.c:
     * domain_create, domain_destroy.  Up to 4.6 TRC_SCHED_DOM_ADD was
     * written per vCPU, from sched_init_vcpu, with the vCPU in w1. */
    { "TRC_SCHED_DOM_ADD", "w0 domid (to 4.6: w1 vcpu)", NULL },
    { "TRC_SCHED_DOM_REM", "w0 domid", NULL },
    /* xen/common/sched/core.c: trace_runstate_change,
     * trace_continue_running */
    { "TRC_SCHED_RUNSTATE_CHANGE", "w0 bits 0-15 vcpu, 16-31 domid; the "
      "id holds the old state in bits 8-9 and the new one in bits 4-5",
      NULL },
    { "TRC_SCHED_CONTINUE_RUNNING", "w0 bits 0-15 vcpu, 16-31 domid", NULL },
    /* xen/arch/x86/hvm/vmx/vmx.c and svm/svm.c: the exit handlers */
    { "TRC_HVM_VMEXIT", "w0 exit reason; w1 eip", NULL },
    { "TRC_HVM_VMEXIT64", "w0 exit reason; w1-w2 rip", NULL },
    { "TRC_HVM_VMX_EXIT", "w0 exit reason; w1 eip", NULL },
    { "TRC_HVM_VMX_EXIT64", "w0 exit reason; w1-w2 rip", NULL },
    { "TRC_HVM_SVM_EXIT", "w0 exit code (VMEXIT_*); w1 eip", NULL },
    { "TRC_HVM_SVM_EXIT64", "w0 exit code (VMEXIT_*); w1-w2 rip", NULL },
    { "TRC_DOM0_DOM_ADD", "w0 domid", NULL },
    { "TRC_DOM0_DOM_REM", "w0 domid", NULL },
    { "TRC_SCHED_SHUTDOWN",
      "w0 domid; w1 vcpu; w2 reason (SHUTDOWN_*), as the guest passed it to "
      "SCHEDOP_shutdown", NULL },
    { "TRC_SCHED_SHUTDOWN_CODE",
      "w0 domid; w1 vcpu; w2 reason (SHUTDOWN_*), as the guest passed it to "
      "SCHEDOP_shutdown_code", NULL },
    { "TRC_PV_HYPERCALL", "w0 eip; w1 eax (hypercall number)",
      "w0-w1 rip; w2 eax (hypercall number)" },
    { "TRC_PV_HYPERCALL_V2",
      "w0 bits 0-19 hypercall number, bits 20-31 two bits per argument "
      "A0..A5 (0 absent, 1 32-bit, 2 64-bit); then the present arguments, "
      "packed; TRC_64_FLAG is never set", NULL },
    { "TRC_PV_HYPERCALL_SUBCALL",
      "as TRC_PV_HYPERCALL_V2, for one call inside a multicall", NULL },
    { "TRC_PV_TRAP",
      "w0 eip; w1 bits 0-14 vector, bit 15 error code valid, bits 16-31 "
      "error code",
      "w0-w1 rip; w2 bits 0-14 vector, bit 15 error code valid, bits 16-31 "
      "error code" },
    { "TRC_PV_PAGE_FAULT", "w0 eip; w1 address; w2 error code",
      "w0-w1 rip; w2-w3 address; w4 error code" },
    { "TRC_PV_FORCED_INVALID_OP", "w0 eip", "w0-w1 rip" },
    { "TRC_PV_EMULATE_PRIVOP", "w0 eip", "w0-w1 rip" },
    { "TRC_PV_EMULATE_4GB", "w0 eip", "w0-w1 rip" },
    { "TRC_PV_MATH_STATE_RESTORE", "no extra words", NULL },
    { "TRC_PV_PAGING_FIXUP", "w0 eip; w1 address",
      "w0-w1 rip; w2-w3 address" },
    { "TRC_PV_GDT_LDT_MAPPING_FAULT", "w0 eip; w1 offset",
      "w0-w1 rip; w2-w3 offset" },
    { "TRC_PV_PTWR_EMULATION", NULL,
      "w0-w1 new PTE; w2-w3 address; w4-w5 rip" },
    { "TRC_PV_PTWR_EMULATION_PAE", "w0-w1 new PTE; w2 address; w3 eip",
      NULL },
};

const char *xabi_event_layout(const char *name, bool flag64)
{
    size_t i;

    if ( !name )
        return NULL;
    for ( i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++ )
    {
        if ( strcmp(layouts[i].name, name) == 0 )
            return flag64 && layouts[i].wide ? layouts[i].wide
                                             : layouts[i].narrow;
    }
    return NULL;
}

/* The architectural exception vectors (Intel SDM vol. 3 table 6-1). */
static const struct
{
    const char *mnemonic, *name;
} vectors[32] = {
    [0] = { "#DE", "divide error" },    [1] = { "#DB", "debug" },
    [2] = { "NMI", "non-maskable interrupt" },
    [3] = { "#BP", "breakpoint" },      [4] = { "#OF", "overflow" },
    [5] = { "#BR", "bound range exceeded" },
    [6] = { "#UD", "invalid opcode" },  [7] = { "#NM", "device not available" },
    [8] = { "#DF", "double fault" },
    [9] = { "CSO", "coprocessor segment overrun" },
    [10] = { "#TS", "invalid TSS" },    [11] = { "#NP", "segment not present" },
    [12] = { "#SS", "stack-segment fault" },
    [13] = { "#GP", "general protection" },
    [14] = { "#PF", "page fault" },
    [16] = { "#MF", "x87 floating-point error" },
    [17] = { "#AC", "alignment check" }, [18] = { "#MC", "machine check" },
    [19] = { "#XM", "SIMD floating-point" },
    [20] = { "#VE", "virtualization exception" },
    [21] = { "#CP", "control protection" },
};

void xabi_trap_info_decode(unsigned vector, unsigned flags, uint16_t cs,
                           uint64_t address, struct xabi_trap_info *out)
{
    memset(out, 0, sizeof(*out));
    out->vector = vector;
    out->flags = flags;
    /* xen/include/public/arch-x86/xen.h: TI_GET_DPL, TI_GET_IF */
    out->dpl = flags & 3;
    out->clear_mask = (flags >> 2) & 1;
    out->rsvd = flags & ~7u;
    xabi_selector_decode(cs, &out->cs);
    out->address = address;
    if ( vector < 32 )
    {
        out->mnemonic = vectors[vector].mnemonic;
        out->vector_name = vectors[vector].name;
    }
}

const char *xabi_vector_mnemonic(unsigned vector)
{
    return vector < 32 ? vectors[vector].mnemonic : NULL;
}

int xabi_parse_u64(const char *s, uint64_t max, uint64_t *out)
{
    unsigned long long v;
    char *end;

    if ( !s || !isdigit((unsigned char)s[0]) )
        return -1;
    errno = 0;
    v = strtoull(s, &end, 0);
    if ( errno || end == s )
        return -1;
    while ( *end == 'u' || *end == 'U' || *end == 'l' || *end == 'L' )
        end++;
    if ( *end || v > max )
        return -1;
    *out = v;
    return 0;
}
const char *xabi_shutdown_reason_name(uint32_t reason)
{
    /* xen/include/public/sched.h: SHUTDOWN_poweroff .. SHUTDOWN_soft_reset */
    static const char *const names[] = {
        "poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset",
    };

    return reason < sizeof(names) / sizeof(names[0]) ? names[reason] : NULL;
}
