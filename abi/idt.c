/*
 * idt.c: the gates Xen itself installs in its IDT, as they bear on a PV
 * guest, read from Xen's source (x86-64 builds).  A PV guest kernel runs
 * outside ring 0, so an INT $N it executes passes the CPU's check only
 * where Xen's gate for N has DPL 3; everywhere else the CPU raises #GP
 * and Xen emulates the INT against the DPL the guest's own trap table
 * gives N (docs/guest-guide/x86/pv-traps.rst).  Claims 18 and 19
 * (abi/claims.c) test the DPL 3 gates of vectors 3 and 4 on a running
 * Xen; the rest of this table is what the source says, unverified.
 *
 * Read at RELEASE-4.14.0, RELEASE-4.17.0 and RELEASE-4.20.0, whose gates
 * agree but for the kind of the INT $0x80 gate.
 */
#include "abi/abi.h"

/* The table reads as a table. */
/* clang-format off */

static const struct xabi_xen_gate gates[] = {
    { 3, 3, "interrupt gate",
      "INT3 and INT $3 reach the guest's #BP handler from any ring, "
      "without a check of the DPL the guest gave vector 3",
      "xen/arch/x86/traps.c: init_idt_traps, set_swint_gate(TRAP_int3) "
      "(X86_EXC_BP in 4.20)" },
    { 4, 3, "interrupt gate",
      "INTO (in compatibility mode) and INT $4 reach the guest's #OF "
      "handler from any ring, without a check of the DPL the guest gave "
      "vector 4",
      "xen/arch/x86/traps.c: init_idt_traps, set_swint_gate(TRAP_overflow) "
      "(X86_EXC_OF in 4.20)" },
    { 0x80, 3, "trap gate (4.14, 4.17), interrupt gate (4.20)",
      "INT $0x80 enters int80_direct_trap, which bounces it straight to "
      "a guest handler registered for 0x80 with DPL 3, and otherwise "
      "turns it back into the #GP (error code 0x402) the guest kernel "
      "would have seen",
      "xen/arch/x86/pv/traps.c: pv_trap_init, LEGACY_SYSCALL_VECTOR" },
    { 0x82, 1, "trap gate, in builds with CONFIG_PV32",
      "INT $0x82 is the hypercall entry of 32-bit PV kernels, which run "
      "in ring 1; from ring 3 it faults like any other vector",
      "xen/arch/x86/pv/traps.c: pv_trap_init, HYPERCALL_VECTOR" },
    { -1, 0, "interrupt gate",
      "every other vector: INT $N raises #GP, and Xen emulates the INT "
      "against the DPL the guest's trap table gives N, or passes the #GP "
      "on",
      "xen/arch/x86/traps.c: set_intr_gate; do_general_protection" },
};

/* clang-format on */

const struct xabi_xen_gate *xabi_xen_idt_gates(size_t *n)
{
    *n = sizeof(gates) / sizeof(gates[0]);
    return gates;
}

const char *xabi_xen_idt_read_at(void)
{
    return "RELEASE-4.14.0, RELEASE-4.17.0 and RELEASE-4.20.0";
}
