/*
 * collector/live-xen.h: Xen's own structures into xabi's snapshots.
 *
 * The live collector reads a PV vCPU with XEN_DOMCTL_getvcpucontext
 * (struct vcpu_guest_context, in its 64- or 32-bit form by the guest's
 * width) and an HVM or PVH vCPU with its CPU save record (struct
 * hvm_hw_cpu).  These functions turn those into struct xabi_snapshot, with
 * nothing read from the host, so tests can give them recorded values.
 *
 * Only collector/live-*.c and collector/save.c include this: it brings
 * in xenctrl.h.
 */
#ifndef XABI_COLLECTOR_LIVE_XEN_H
#define XABI_COLLECTOR_LIVE_XEN_H

#include <xenctrl.h>
#include <xen/hvm/save.h>

#include "store/store.h"

/*
 * What a domain is: PV64 or PV32 by the guest's width in bytes (8 or 4),
 * HVM, or PVH, an HVM container whose legacy platform devices are not
 * emulated (xen/include/public/arch-x86/xen.h: XEN_X86_EMU_*).
 */
enum xabi_guest_type xabi_live_guest_type(const xc_domaininfo_t *di,
                                          unsigned guest_width);

/*
 * A domain's shutdown state from its XEN_DOMINF_* flags
 * (xen/include/public/domctl.h: XEN_DOMINF_shutdown, XEN_DOMINF_dying, the
 * reason in bits XEN_DOMINF_shutdownshift up, XEN_DOMINF_shutdownmask).
 */
void xabi_live_domain_state(const xc_domaininfo_t *di, bool end,
                            struct xabi_domain_state *out);

/*
 * Fill s (zeroed first, but for domid, vcpu, phase, source and the time)
 * from a PV context.  gdt, when the caller mapped the GDT frames, is left
 * to the caller.
 */
void xabi_live_from_pv64(const vcpu_guest_context_x86_64_t *c,
                         struct xabi_snapshot *s);
void xabi_live_from_pv32(const vcpu_guest_context_x86_32_t *c,
                         struct xabi_snapshot *s);
/* From the CPU save record of an HVM or PVH vCPU. */
void xabi_live_from_hvm(const struct hvm_hw_cpu *c, enum xabi_guest_type t,
                        struct xabi_snapshot *s);
/*
 * The page a PV vCPU's rSI points at, read as start_info_t (xen.h: struct
 * start_info, the guest's width) into s->pv_start_info.
 */
void xabi_live_pv_start_info(const uint8_t page[4096], uint64_t va, bool pv32,
                             struct xabi_snapshot *s);
/* The MTRR save record (struct hvm_hw_mtrr) into s->mtrr; has_mtrr. */
void xabi_live_mtrr(const struct hvm_hw_mtrr *m, struct xabi_snapshot *s);

/* The GDT frames and entry count of a PV context; returns the count. */
unsigned xabi_live_gdt_frames(const vcpu_guest_context_any_t *c, bool pv32,
                              xen_pfn_t frames[16], unsigned *entries);

#endif
