/*
 * boot.c: what a guest starts with, as data: the flat selectors of the x86
 * public headers and which of them each segment register of a PV vCPU
 * holds before its first instruction, and the PVH start info magic.
 *
 * The FLAT_* values are the same in every release from 4.2 to 4.22
 * (xen/include/public/arch-x86/xen-x86_64.h and xen-x86_32.h at
 * RELEASE-4.2.0 and RELEASE-4.22.0): 64-bit PV kernels run in ring 3 with
 * FLAT_RING3_CS64/SS64 and the null selector for data, 32-bit ones in ring
 * 1.  Which register starts with which is the domain builder's: the
 * toolstack's xc_dom_x86.c (vcpu_x86_64, vcpu_x86_32) and Xen's
 * xen/arch/x86/pv/dom0_build.c load FLAT_KERNEL_CS into CS,
 * FLAT_KERNEL_SS into SS and FLAT_KERNEL_DS into DS, ES, FS and GS, and
 * kernel_ss (the stack Xen switches to on a kernel entry) is
 * FLAT_KERNEL_SS.
 */
#include "abi/abi.h"

#include <string.h>

/* The tables below read as tables. */
/* clang-format off */

#define H64 "arch-x86/xen-x86_64.h"
#define H32 "arch-x86/xen-x86_32.h"

static const struct xabi_flat_selector flats[] = {
    { XABI_HC_PV64, H64, "FLAT_KERNEL_CS", 0xe033 }, /* FLAT_RING3_CS64 */
    { XABI_HC_PV64, H64, "FLAT_KERNEL_SS", 0xe02b }, /* FLAT_RING3_SS64 */
    { XABI_HC_PV64, H64, "FLAT_KERNEL_DS", 0x0000 }, /* FLAT_RING3_DS64 */
    { XABI_HC_PV64, H64, "FLAT_RING3_CS64", 0xe033 },
    { XABI_HC_PV64, H64, "FLAT_RING3_SS64", 0xe02b },
    { XABI_HC_PV64, H64, "FLAT_RING3_DS64", 0x0000 },
    { XABI_HC_PV64, H64, "FLAT_RING3_CS32", 0xe023 },
    { XABI_HC_PV64, H64, "FLAT_RING3_DS32", 0xe02b },
    { XABI_HC_PV64, H64, "FLAT_RING3_SS32", 0xe02b },
    { XABI_HC_PV32, H32, "FLAT_KERNEL_CS", 0xe019 }, /* FLAT_RING1_CS */
    { XABI_HC_PV32, H32, "FLAT_KERNEL_SS", 0xe021 }, /* FLAT_RING1_SS */
    { XABI_HC_PV32, H32, "FLAT_KERNEL_DS", 0xe021 }, /* FLAT_RING1_DS */
    { XABI_HC_PV32, H32, "FLAT_RING1_CS", 0xe019 },
    { XABI_HC_PV32, H32, "FLAT_RING1_SS", 0xe021 },
    { XABI_HC_PV32, H32, "FLAT_RING1_DS", 0xe021 },
    { XABI_HC_PV32, H32, "FLAT_RING3_CS", 0xe02b },
    { XABI_HC_PV32, H32, "FLAT_RING3_DS", 0xe033 },
    { XABI_HC_PV32, H32, "FLAT_RING3_SS", 0xe033 },
};

static const struct xabi_start_selector starts[] = {
    { XABI_HC_PV64, "cs", "FLAT_KERNEL_CS" },
    { XABI_HC_PV64, "ss", "FLAT_KERNEL_SS" },
    { XABI_HC_PV64, "ds", "FLAT_KERNEL_DS" },
    { XABI_HC_PV64, "es", "FLAT_KERNEL_DS" },
    { XABI_HC_PV64, "fs", "FLAT_KERNEL_DS" },
    { XABI_HC_PV64, "gs", "FLAT_KERNEL_DS" },
    { XABI_HC_PV64, "kernel_ss", "FLAT_KERNEL_SS" },
    { XABI_HC_PV32, "cs", "FLAT_KERNEL_CS" },
    { XABI_HC_PV32, "ss", "FLAT_KERNEL_SS" },
    { XABI_HC_PV32, "ds", "FLAT_KERNEL_DS" },
    { XABI_HC_PV32, "es", "FLAT_KERNEL_DS" },
    { XABI_HC_PV32, "fs", "FLAT_KERNEL_DS" },
    { XABI_HC_PV32, "gs", "FLAT_KERNEL_DS" },
    { XABI_HC_PV32, "kernel_ss", "FLAT_KERNEL_SS" },
};

/* clang-format on */

const struct xabi_flat_selector *xabi_flat_selector(enum xabi_hc_guest width,
                                                    const char *name)
{
    size_t i;

    for ( i = 0; i < sizeof(flats) / sizeof(flats[0]); i++ )
    {
        if ( flats[i].width == width && strcmp(flats[i].name, name) == 0 )
            return &flats[i];
    }
    return NULL;
}

const char *xabi_flat_header(enum xabi_hc_guest g)
{
    return g == XABI_HC_PV64 ? H64 : g == XABI_HC_PV32 ? H32 : NULL;
}

const struct xabi_start_selector *xabi_start_selectors(size_t *n)
{
    *n = sizeof(starts) / sizeof(starts[0]);
    return starts;
}

int xabi_start_selector_value(const struct xabi_start_selector *s)
{
    const struct xabi_flat_selector *f = xabi_flat_selector(s->width, s->flat);

    return f ? f->value : -1;
}
