/*
 * stub.c: the stubs Xen writes into a PV guest's hypercall page, per guest
 * width and Xen version, as data.  The collector (collector/hcpage.c)
 * judges a disassembled page against these layouts and the generator
 * shows them, so neither keeps its own copy.
 *
 * What Xen writes (facts from Xen's source, by version):
 *
 *   - The whole page is first filled with 0xcc, int3:
 *     xen/arch/x86/x86_64/traps.c: hypercall_page_initialise (4.2-4.9),
 *     xen/arch/x86/pv/hypercall.c: hypercall_page_initialise (4.10-4.12),
 *     xen/arch/x86/domain.c: init_hypercall_page (4.13-4.22).
 *   - PV64 ("ring 3 kernel"), stub N for every N of the 128:
 *     push %rcx; push %r11; mov $N,%eax; syscall; pop %r11; pop %rcx; ret,
 *     14 bytes, in every version from 4.2 to 4.22: the pushes and pops of
 *     rcx and r11, which syscall clobbers, were never dropped.
 *     xen/arch/x86/x86_64/traps.c: hypercall_page_initialise_ring3_kernel
 *     (4.2-4.9), xen/arch/x86/pv/hypercall.c: the same name (4.10-4.12),
 *     pv_ring3_init_hypercall_page (4.13-4.22).
 *   - PV64 stub 23 (__HYPERVISOR_iret), jumped to, never called:
 *     push %rcx; push %r11; push %rax; mov $23,%eax; syscall, 11 bytes.
 *     Up to 4.3 the generic stub was written first and then overwritten,
 *     so its last three bytes (5b 59 c3: pop %rbx; pop %rcx; ret) stayed
 *     behind the syscall; Xen commit fca11da0ec ("Special case
 *     __HYPERVISOR_iret rather more when writing hypercall pages", first
 *     in 4.4) skips the generic write, leaving int3 there.
 *   - PV32 ("ring 1 kernel"): mov $N,%eax; int $0x82; ret, 8 bytes
 *     (HYPERCALL_VECTOR 0x82, xen/include/asm-x86/mach-default/
 *     irq_vectors.h); stub 23: push %eax; mov $23,%eax; int $0x82, also 8
 *     bytes, so the overwrite left nothing behind in any version.
 *     xen/arch/x86/x86_64/compat/traps.c:
 *     hypercall_page_initialise_ring1_kernel (4.2-4.9),
 *     xen/arch/x86/pv/hypercall.c: the same name (4.10-4.12),
 *     pv_ring1_init_hypercall_page (4.13-4.22, under CONFIG_PV32 from 4.14).
 *     A 32-bit Xen 4.2 (xen/arch/x86/x86_32/traps.c, removed in 4.3) wrote
 *     the same ring 1 stubs; its supervisor_mode_kernel ring 0 stubs
 *     (pushf; cli; lcall into Xen) are not in the table: they read as
 *     unexpected.
 *
 * Each layout lists its instructions by Capstone's names for them (the
 * mnemonic and register names cs_insn_name and cs_reg_name give, which
 * do not depend on the syntax chosen), and the text Xen's comments use
 * (AT&T).  The rest of a stub is int3.
 */
#include "abi/abi.h"

#include <string.h>

/* The tables below read as tables. */
/* clang-format off */

#define PUSH(r) { "push", r, XABI_STUB_IMM_NONE, 0 }
#define POP(r)  { "pop", r, XABI_STUB_IMM_NONE, 0 }
#define MOV_N   { "mov", "eax", XABI_STUB_IMM_N, 0 }
#define BARE(i) { i, NULL, XABI_STUB_IMM_NONE, 0 }
#define INT82   { "int", NULL, XABI_STUB_IMM_FIXED, 0x82 }

#define CITE64 "xen/arch/x86/x86_64/traps.c: " \
    "hypercall_page_initialise_ring3_kernel (4.2-4.9); " \
    "xen/arch/x86/pv/hypercall.c: hypercall_page_initialise_ring3_kernel " \
    "(4.10-4.12), pv_ring3_init_hypercall_page (4.13-)"
#define CITE32 "xen/arch/x86/x86_64/compat/traps.c: " \
    "hypercall_page_initialise_ring1_kernel (4.2-4.9); " \
    "xen/arch/x86/pv/hypercall.c: hypercall_page_initialise_ring1_kernel " \
    "(4.10-4.12), pv_ring1_init_hypercall_page (4.13-); HYPERCALL_VECTOR"

/* Newest first within a width and kind: the first is the one a stub is
 * explained against when nothing matches. */
static const struct xabi_stub_layout layouts[] = {
    { "pv64-hypercall", XABI_HC_PV64, false, "4.2", NULL, CITE64,
      "push %rcx; push %r11; mov $N,%eax; syscall; pop %r11; "
      "pop %rcx; ret",
      7, { PUSH("rcx"), PUSH("r11"), MOV_N, BARE("syscall"), POP("r11"),
           POP("rcx"), BARE("ret") } },
    { "pv64-iret", XABI_HC_PV64, true, "4.4", NULL,
      CITE64 "; Xen commit fca11da0ec",
      "push %rcx; push %r11; push %rax; mov $23,%eax; syscall",
      5, { PUSH("rcx"), PUSH("r11"), PUSH("rax"), MOV_N, BARE("syscall") } },
    { "pv64-iret-4.2", XABI_HC_PV64, true, "4.2", "4.3",
      CITE64 " (the generic stub's last 3 bytes left behind)",
      "push %rcx; push %r11; push %rax; mov $23,%eax; syscall; "
      "pop %rbx; pop %rcx; ret",
      8, { PUSH("rcx"), PUSH("r11"), PUSH("rax"), MOV_N, BARE("syscall"),
           POP("rbx"), POP("rcx"), BARE("ret") } },
    { "pv32-hypercall", XABI_HC_PV32, false, "4.2", NULL, CITE32,
      "mov $N,%eax; int $0x82; ret",
      3, { MOV_N, INT82, BARE("ret") } },
    { "pv32-iret", XABI_HC_PV32, true, "4.2", NULL, CITE32,
      "push %eax; mov $23,%eax; int $0x82",
      3, { PUSH("eax"), MOV_N, INT82 } },
};

/* clang-format on */

const struct xabi_stub_layout *xabi_stub_layouts(size_t *n)
{
    *n = sizeof(layouts) / sizeof(layouts[0]);
    return layouts;
}

const struct xabi_stub_layout *xabi_stub_layout_named(const char *name)
{
    size_t i;

    for ( i = 0; name && i < sizeof(layouts) / sizeof(layouts[0]); i++ )
        if ( strcmp(layouts[i].name, name) == 0 )
            return &layouts[i];
    return NULL;
}

bool xabi_stub_layout_written(const struct xabi_stub_layout *l,
                              const char *xen_version)
{
    return xen_version && xabi_version_cmp(xen_version, l->since) >= 0 &&
           (!l->until || xabi_version_cmp(xen_version, l->until) <= 0);
}
