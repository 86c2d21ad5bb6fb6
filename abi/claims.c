/*
 * claims.c: the claims register.  Each row is a checkable statement that a
 * document about Xen's guest ABI makes (the Xen wiki, a public header's
 * comment, docs/misc/pvh.pandoc, the output of one of Xen's tools), where
 * it is written, what it says, and what in the database decides it.  Rule
 * DOC-001 of the analyzer holds each against a run and stores its verdict
 * as a finding (fact_kind "claim", fact_key the claim's number): PASS
 * verified, INFO refuted, NOT-OBSERVED with the reason.  `xabi claims` and
 * the pages read this table and those findings; they decide nothing.
 *
 * Numbers are stable and never reused.
 */
#include "abi/abi.h"

#include <stddef.h>
#include <string.h>

#define WIKI "wiki.xenproject.org: X86_Paravirtualised_Memory_Management"
#define PVH_DOC "docs/misc/pvh.pandoc"
#define H64 "xen/include/public/arch-x86/xen-x86_64.h"
#define H32 "xen/include/public/arch-x86/xen-x86_32.h"
#define TRAPS_DOC "docs/guest-guide/x86/pv-traps.rst"

/* The tables below read as tables. */
/* clang-format off */

static const struct xabi_claim claims[] = {
    /* ---- the wiki ---- */
    { 1, WIKI, "Segments",
      "a 64-bit PV kernel starts with SS = 0xe033",
      "PV64", XABI_CLAIM_START_SELECTOR, "ss", 0xffff, 0xe033,
      "the initial vCPU snapshot of a PV64 guest (rule SEG-001 checks the "
      "headers' FLAT_KERNEL_SS)" },
    /* ---- the header comments ---- */
    { 2, H64, "FLAT_RING3_CS64",
      "FLAT_RING3_CS64 (0xe033) is GDT index 262",
      "PV64", XABI_CLAIM_GDT_INDEX, "FLAT_RING3_CS64", 0, 262,
      "a PV64 vCPU snapshot that holds the selector in a segment register "
      "(it is GDT index selector >> 3)" },
    { 3, H64, "FLAT_RING3_DS32",
      "FLAT_RING3_DS32 (0xe02b) is GDT index 261",
      "PV64", XABI_CLAIM_GDT_INDEX, "FLAT_RING3_DS32", 0, 261,
      "a PV64 vCPU snapshot that holds the selector in a segment register "
      "(it is GDT index selector >> 3)" },
    { 4, H64, "FLAT_RING3_CS32",
      "FLAT_RING3_CS32 (0xe023) is GDT index 260",
      "PV64", XABI_CLAIM_GDT_INDEX, "FLAT_RING3_CS32", 0, 260,
      "a PV64 vCPU snapshot that holds the selector in a segment register "
      "(it is GDT index selector >> 3)" },
    { 5, H32, "FLAT_RING1_CS",
      "FLAT_RING1_CS (0xe019) is GDT index 259",
      "PV32", XABI_CLAIM_GDT_INDEX, "FLAT_RING1_CS", 0, 259,
      "a PV32 vCPU snapshot that holds the selector in a segment register "
      "(it is GDT index selector >> 3)" },
    { 6, H32, "FLAT_RING1_DS",
      "FLAT_RING1_DS (0xe021) is GDT index 260",
      "PV32", XABI_CLAIM_GDT_INDEX, "FLAT_RING1_DS", 0, 260,
      "a PV32 vCPU snapshot that holds the selector in a segment register "
      "(it is GDT index selector >> 3)" },
    { 7, H64, "FLAT_KERNEL_SS",
      "a 64-bit PV kernel starts with SS = FLAT_KERNEL_SS (0xe02b)",
      "PV64", XABI_CLAIM_START_SELECTOR, "ss", 0xffff, 0xe02b,
      "the initial vCPU snapshot of a PV64 guest (rule SEG-001)" },
    { 8, H64, "FLAT_KERNEL_CS",
      "a 64-bit PV kernel starts with CS = FLAT_KERNEL_CS (0xe033)",
      "PV64", XABI_CLAIM_START_SELECTOR, "cs", 0xffff, 0xe033,
      "the initial vCPU snapshot of a PV64 guest (rule SEG-001)" },
    { 9, H64, "FLAT_KERNEL_DS",
      "a 64-bit PV kernel starts with DS = FLAT_KERNEL_DS, the null "
      "selector (and ES, FS, GS with it)",
      "PV64", XABI_CLAIM_START_SELECTOR, "ds", 0xfffc, 0,
      "the initial vCPU snapshot of a PV64 guest (rule SEG-001)" },
    /* ---- docs/misc/pvh.pandoc ---- */
    { 10, PVH_DOC, "x86/HVM and x86/PVH: entry state",
      "cr0: bit 0 (PE) set, all the other writeable bits cleared",
      "PVH", XABI_CLAIM_REG_BITS, "cr0", 0xffffffefull, 0x1,
      "the initial vCPU snapshot of a PVH guest (rule PVH-001); ET (bit 4) "
      "is not writeable" },
    { 11, PVH_DOC, "x86/HVM and x86/PVH: entry state",
      "cr4: all bits cleared",
      "PVH", XABI_CLAIM_REG_BITS, "cr4", 0xffffffffull, 0,
      "the initial vCPU snapshot of a PVH guest (rule PVH-001)" },
    { 12, PVH_DOC, "x86/HVM and x86/PVH: entry state",
      "eflags: bit 17 (VM), bit 9 (IF) and bit 8 (TF) cleared",
      "PVH", XABI_CLAIM_REG_BITS, "rflags", 0x20300, 0,
      "the initial vCPU snapshot of a PVH guest (rule PVH-003)" },
    { 13, PVH_DOC, "x86/HVM and x86/PVH: entry state",
      "cs: a 32-bit read/execute code segment, base 0, limit 0xFFFFFFFF",
      "PVH", XABI_CLAIM_SEGMENT, "cs", 0, 0,
      "the hidden state of CS in the initial snapshot of a PVH guest (rule "
      "PVH-002)" },
    { 14, PVH_DOC, "x86/HVM and x86/PVH: entry state",
      "ds, es, ss: 32-bit read/write data segments, base 0, limit "
      "0xFFFFFFFF",
      "PVH", XABI_CLAIM_SEGMENT, "ds es ss", 0, 0,
      "the hidden state of DS, ES and SS in the initial snapshot of a PVH "
      "guest (rule PVH-002)" },
    { 15, PVH_DOC, "x86/HVM and x86/PVH: entry state",
      "tr: a 32-bit TSS (active), base 0, limit 0x67",
      "PVH", XABI_CLAIM_SEGMENT, "tr", 0, 0,
      "the hidden state of TR in the initial snapshot of a PVH guest (rule "
      "PVH-002)" },
    { 16, PVH_DOC, "x86/HVM and x86/PVH: entry state",
      "ebx: the physical address of the start info structure "
      "(struct hvm_start_info, magic XEN_HVM_START_MAGIC_VALUE)",
      "PVH", XABI_CLAIM_START_INFO, "rbx", 0, XABI_HVM_START_MAGIC,
      "the initial snapshot of a PVH guest, with the start info read at "
      "EBX (rule PVH-004)" },
    /* ---- Xen's tools ---- */
    { 17, "tools/misc/xen-hvmctx.c: dump_cpu()", "output",
      "the line xen-hvmctx labels ds holds DS, and the line labelled es "
      "holds ES",
      "HVM PVH", XABI_CLAIM_DUMP_LABEL, "ds es", 0, 0,
      "a vCPU dump printed by xen-hvmctx, read by xabi by its print "
      "format; rule TOOL-001 compares such a dump with a binary read of "
      "the same vCPU" },
    /* ---- docs/guest-guide/x86/pv-traps.rst ---- */
    { 18, TRAPS_DOC, "Xen's configuration",
      "vector 3 (#BP) is DPL3 in Xen's IDT, so INT3 reaches the guest's "
      "#BP handler whatever DPL its trap table gives the vector",
      "PV64 PV32", XABI_CLAIM_TRAP_DPL3, "#BP", 0, 3,
      "a PV guest whose trap table (a vCPU snapshot) gives vector 3 DPL 0, "
      "and Xen's delivery of vector 3 to it (TRC_PV_TRAP); a #GP whose "
      "error code names IDT vector 3 would refute it" },
    { 19, TRAPS_DOC, "Xen's configuration",
      "vector 4 (#OF) is DPL3 in Xen's IDT, so INTO and INT $4 reach the "
      "guest's #OF handler whatever DPL its trap table gives the vector",
      "PV64 PV32", XABI_CLAIM_TRAP_DPL3, "#OF", 0, 4,
      "a PV guest whose trap table (a vCPU snapshot) gives vector 4 DPL 0, "
      "and Xen's delivery of vector 4 to it (TRC_PV_TRAP); a #GP whose "
      "error code names IDT vector 4 would refute it" },
    { 20, TRAPS_DOC, "PV Guest's configuration",
      "a guest is expected to configure handlers for all exceptions; "
      "failure to do so is terminal",
      "PV64 PV32", XABI_CLAIM_TRAP_TERMINAL, "", 0, 0,
      "a PV guest to which Xen delivered an exception (TRC_PV_TRAP) that "
      "its trap table (a vCPU snapshot) has no handler for, and how it "
      "ended (libxenctrl at the end of a live run): crashed verifies it, "
      "still running refutes it" },
    { 21, TRAPS_DOC, "Xen's configuration",
      "vector 0x80 is DPL3 in Xen's IDT, a fast path for INT $0x80 system "
      "calls that avoids emulating them",
      "PV64 PV32", XABI_CLAIM_UNOBSERVABLE, "", 0, 0x80,
      "nothing a run can hold: Xen's fast path (int80_direct_trap, "
      "xen/arch/x86/x86_64/entry.S) bounces INT $0x80 to the guest's "
      "handler without a trace record, so no trace shows an INT $0x80 "
      "that passed the gate; only the slow path's #GP (error code 0x402), "
      "taken when the guest has no 0x80 handler, is traced, whatever the "
      "gate's DPL.  Xen's own IDT, from its source, is on the pv-traps "
      "page (abi/idt.c)" },
    { 22, TRAPS_DOC, "Xen's configuration",
      "vector 0x82 is DPL1 when PV32 is enabled, allowing a 32-bit PV "
      "kernel (ring 1) to make hypercalls with INT $0x82",
      "PV32", XABI_CLAIM_INT82_DPL1, "", 0, 0x82,
      "a PV32 guest (a vCPU snapshot says which domains are) whose "
      "hypercalls Xen traced (TRC_PV_HYPERCALL): a 32-bit kernel's "
      "hypercall page makes them with INT $0x82, which a DPL 0 gate would "
      "refuse with a #GP naming IDT vector 0x82 (error code 0x412); such "
      "a #GP refutes it" },
    { 23, TRAPS_DOC, "Xen's configuration",
      "during audit, Xen forces all call gates in a guest's GDT to DPL0, "
      "so that their use faults with #GP and can be emulated",
      "PV64 PV32", XABI_CLAIM_CALL_GATE_DPL0, "", 0, 0,
      "the GDT a vCPU snapshot read (libxenctrl, a read-only mapping of "
      "the guest's frames): every present call gate in it (system type "
      "0xc) must have DPL 0; Xen keeps the DPL the guest asked for in the "
      "gate's target selector's RPL (check_descriptor(), "
      "xen/arch/x86/pv/descriptor-tables.c)" },
    { 24, TRAPS_DOC, "PV Traps and Entrypoints",
      "INT1 (ICEBP) generates #DB without checking the gate's DPL, so "
      "guest user space can use it unconditionally",
      "PV64 PV32", XABI_CLAIM_UNOBSERVABLE, "", 0, 1,
      "nothing a run can hold: Xen records the vector it delivers "
      "(TRC_PV_TRAP), not the instruction that raised it, and a #DB from "
      "INT1 is recorded as one from single-stepping or a debug register "
      "is; the DPL check is the processor's, before Xen sees the event" },
    { 25, TRAPS_DOC, "PV Traps and Entrypoints",
      "INTO is usable only in compatibility mode, and raises #UD in "
      "64-bit mode",
      "PV64 PV32", XABI_CLAIM_UNOBSERVABLE, "", 0, 4,
      "nothing a run can hold: a #UD Xen delivers (TRC_PV_TRAP, vector 6) "
      "does not say which instruction raised it, and the #UD is the "
      "processor's, for any 64-bit code, not Xen's" },
    { 26, TRAPS_DOC, "Xen's configuration",
      "Xen enables SYSCALL in all cases, and SYSENTER when available in "
      "64-bit mode",
      "PV64 PV32", XABI_CLAIM_UNOBSERVABLE, "", 0, 0,
      "nothing a run can hold: EFER.SCE and the SYSENTER MSRs are Xen's "
      "own, not a PV vCPU's (xc_vcpu_getcontext has no field for them), "
      "and Xen traces no SYSCALL or SYSENTER it bounces to a guest; the "
      "callbacks a guest registered for them are on the pv-traps page" },
    { 27, TRAPS_DOC, "PV Guest's configuration",
      "before Xen 4.15 there was no check that the syscall or syscall32 "
      "callback was registered before Xen delivered through it",
      "PV64 PV32", XABI_CLAIM_UNOBSERVABLE, "", 0, 0,
      "nothing a run can hold: a delivery through a syscall callback is "
      "not traced, so a run cannot show Xen using an unregistered one "
      "(the callbacks a guest registered are on the pv-traps page)" },
    /* ---- docs/misc/pvh.pandoc, again ---- */
    { 28, PVH_DOC, "x86/HVM direct boot ABI",
      "the domain builder loads the kernel and jumps into the entry point "
      "its XEN_ELFNOTE_PHYS32_ENTRY note defines",
      "PVH", XABI_CLAIM_ENTRY_NOTE, "XEN_ELFNOTE_PHYS32_ENTRY", 0, 0,
      "the initial vCPU snapshot of a PVH guest: its RIP equals the "
      "XEN_ELFNOTE_PHYS32_ENTRY of a kernel image collected into the same "
      "database (xabi collect --image, as xabi lab does).  A run does not "
      "say which kernel a guest booted, so a RIP that matches no image "
      "leaves the claim open rather than refuting it" },
    /* ---- xen/include/public/elfnote.h ---- */
    { 29, "xen/include/public/elfnote.h", "XEN_ELFNOTE_ENTRY",
      "the note is the virtual address of a PV kernel's entry point, where "
      "the guest starts",
      "PV64 PV32", XABI_CLAIM_ENTRY_NOTE, "XEN_ELFNOTE_ENTRY", 0, 0,
      "the initial vCPU snapshot of a PV guest: its RIP equals the "
      "XEN_ELFNOTE_ENTRY of a kernel image collected into the same "
      "database (xabi collect --image, as xabi lab does).  A run does not "
      "say which kernel a guest booted, so a RIP that matches no image "
      "leaves the claim open rather than refuting it" },
    { 30, PVH_DOC, "Hardware description",
      "a PVH guest with (emulated or real) hardware has ACPI tables, and "
      "the start info's field rsdp_paddr gives the address of the RSDP, "
      "if present",
      "PVH", XABI_CLAIM_RSDP, "rsdp_paddr", 0, 0,
      "the start info a PVH guest's initial snapshot read at EBX (rule "
      "PVH-004): rsdp_paddr, a field of version 1 and later, is not 0.  "
      "What lies at that address is not read, so nothing refutes it" },
    { 31, PVH_DOC, "MTRR: Unprivileged guests",
      "PVH guests are booted with MTRRs enabled and write-back as the "
      "default MTRR type",
      "PVH", XABI_CLAIM_MTRR_DEFAULT, "mtrr_def_type", 0, 0,
      "the MTRR save record (struct hvm_hw_mtrr) of a PVH domU's initial "
      "snapshot: MTRRdefType has E (bit 11) set and type (bits 0-7) 6, "
      "WB.  A PVH dom0 is the hardware domain, which this paragraph does "
      "not cover" },
    { 32, PVH_DOC, "MTRR: Unprivileged guests",
      "Xen guarantees that RAM regions have the WB cache type in the "
      "initial MTRR state",
      "PVH", XABI_CLAIM_MTRR_RAM_WB, "mtrr_def_type", 0, 0,
      "the MTRR save record of a PVH domU's initial snapshot: verified "
      "when every address is WB (MTRRs enabled, default type WB, every "
      "valid variable range and every enabled fixed range WB), refuted "
      "when the MTRRs are disabled (every address UC).  Where some range "
      "is not WB it takes the memory map to say, which xabi does not "
      "store, so the claim stays open" },
    { 33, PVH_DOC, "MTRR: Hardware domain",
      "a PVH hardware domain is booted with the MTRR state found on the "
      "host",
      "PVH", XABI_CLAIM_UNOBSERVABLE, "", 0, 0,
      "nothing a run can hold: xabi reads the MTRRs of guests, not the "
      "host's, so there is nothing to hold a PVH dom0's against" },
    { 34, PVH_DOC, "AP startup",
      "a PVH guest can bring up secondary vCPUs with VCPUOP_initialise "
      "(given a vcpu_hvm_context) and VCPUOP_up, or with the local APIC",
      "PVH", XABI_CLAIM_UNOBSERVABLE, "", 0, 0,
      "nothing a run can hold: Xen traces an HVM or PVH guest's hypercall "
      "by its number alone (TRC_HVM_VMMCALL, written at the VMCALL or "
      "VMMCALL exit by vmx.c and svm.c), so a trace cannot tell "
      "VCPUOP_initialise from another vcpu_op, nor show the context it "
      "passed; an APIC start-up IPI is not traced either" },
    /* ---- xen/include/public/xen.h ---- */
    { 35, "xen/include/public/xen.h", "Start-of-day memory layout",
      "a PV guest starts with the start_info_t structure at the address in "
      "register rSI, 4 kB-aligned like every bootstrap element",
      "PV64 PV32", XABI_CLAIM_PV_START_INFO, "rsi", 0, 0,
      "the initial vCPU snapshot of a PV guest taken live (xabi collect "
      "--live --start, xabi lab): the page at rSI, read through the "
      "guest's own page tables, begins with start_info_t's magic "
      "\"xen-<version>-<platform>\".  A text dump holds rSI but not the "
      "page, so there only an rSI that is not 4 kB-aligned decides it" },
    /* ---- docs/misc/pvh.pandoc: the paragraphs left ---- */
    { 36, PVH_DOC, "x86/HVM direct boot ABI",
      "a PVH guest reads what else it needs to boot (the console page, the "
      "xenstore event channel) from HVM parameters, as an HVM guest does",
      "PVH", XABI_CLAIM_UNOBSERVABLE, "", 0, 0,
      "nothing a run can hold: xabi reads no HVM parameter of a guest, "
      "and a trace shows an hvm_op by its hypercall number alone "
      "(TRC_HVM_VMMCALL), not which parameter it asked for" },
    { 37, PVH_DOC, "x86/HVM direct boot ABI",
      "a PVH guest sets up its hypercall page as an HVM guest does: Xen's "
      "CPUID leaves name the MSR that it writes the page's address to",
      "PVH", XABI_CLAIM_UNOBSERVABLE, "", 0, 0,
      "nothing a run can hold: Xen traces the guest's CPUID and WRMSR "
      "(xen/include/public/trace.h: TRC_HVM_CPUID, TRC_HVM_MSR_WRITE), "
      "but xabi counts those records by event id and does not decode them "
      "yet, so no run says which leaf was read or which MSR written; and "
      "the trace would have to start before the guest's first "
      "instruction" },
    { 38, PVH_DOC, "Interrupts: Interrupts from physical devices",
      "a PVH guest with physical devices gets their interrupts by the "
      "native methods, from interrupt controllers of its own",
      "PVH", XABI_CLAIM_UNOBSERVABLE, "", 0, 0,
      "nothing a run can hold: xabi does not decode the records of an "
      "interrupt injected into an HVM or PVH guest (xen/include/public/"
      "trace.h: TRC_HVM_INJ_VIRQ), nor record which devices a guest was "
      "given; and xabi lab and check-live give guests no physical device" },
    { 39, PVH_DOC, "Interrupts: Interrupts from paravirtualized devices",
      "a PVH guest gets the interrupts of paravirtualised devices as event "
      "channel notifications, their delivery set up as on an HVM guest",
      "PVH", XABI_CLAIM_UNOBSERVABLE, "", 0, 0,
      "nothing a run can hold: Xen traces no event channel notification "
      "(xen/include/public/trace.h defines no record for one), and xabi "
      "reads no HVM parameter, so neither the delivery nor its set-up is "
      "in a run" },
};

/* clang-format on */

const struct xabi_claim *xabi_claims(size_t *n)
{
    *n = sizeof(claims) / sizeof(claims[0]);
    return claims;
}

const struct xabi_claim *xabi_claim_find(unsigned nr)
{
    size_t i;

    for ( i = 0; i < sizeof(claims) / sizeof(claims[0]); i++ )
    {
        if ( claims[i].nr == nr )
            return &claims[i];
    }
    return NULL;
}

const char *xabi_claim_verdict_word(const char *verdict)
{
    if ( !strcmp(verdict, "INFO") )
        return "refuted";
    if ( !strcmp(verdict, "PASS") )
        return "verified";
    return "not observable";
}
