/*
 * rules.c: the rule registry.  One table; each entry is a rule's whole
 * public face: its id, title, the verdict it gives when violated, what it
 * enforces (a Xen header symbol or document), its doc paragraph, the Xen
 * versions it applies to, what it reads, and its check.
 *
 * Ids are stable and never reused: a retired rule keeps its entry with a
 * closed `until`.  Pages (generator/) and tests (tests/unit/test-rules.c,
 * which fails when a rule here lacks a passing or a failing test) key off
 * the ids.
 */
#include "analyzer/analyzer-int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct xabi_rule rules[] = {
    /* ---- documentation ---- */
    { "DOC-001", "What the documentation says of the guest ABI holds",
      XABI_INFO,
      "the claims register, abi/claims.c: the Xen wiki's "
      "X86_Paravirtualised_Memory_Management, the FLAT_* comments of "
      "xen/include/public/arch-x86/xen-x86_64.h and xen-x86_32.h, "
      "docs/misc/pvh.pandoc, docs/guest-guide/x86/pv-traps.rst, "
      "tools/misc/xen-hvmctx.c",
      "Each checkable statement of the documents a guest author reads "
      "(where it is written, what it says, what decides it: abi/claims.c) "
      "is held against the run: one finding per claim, fact_kind claim and "
      "fact_key the claim's number. PASS when what the run holds verifies "
      "it, INFO when it refutes it (the document is wrong, not the guest "
      "or Xen, so no --fail-on above INFO trips on it), with the "
      "observation; a claim about a guest's "
      "start of day is decided by the initial vCPU snapshots of that guest "
      "type, a header comment's GDT index by the selector's value, a "
      "gate's DPL by a PV guest whose trap table gives the vector DPL 0 "
      "and which still receives it (TRC_PV_TRAP). "
      "NOT-OBSERVED with the reason when the run holds nothing that "
      "decides it (a trace holds no snapshot). `xabi claims` lists them.",
      NULL, NULL, "snapshot, trap, abi/", xabi_rule_doc_claims },
    /* ---- domains ---- */
    { "DOM-001", "No domain crashed during the run", XABI_FAIL,
      "xen/include/public/sched.h: SHUTDOWN_crash, SCHEDOP_shutdown, "
      "SCHEDOP_shutdown_code; xen/common/sched/core.c: do_sched_op "
      "(TRC_SCHED_SHUTDOWN); xen/common/domain.c: domain_shutdown, "
      "__domain_crash",
      "A guest that crashed stopped following the ABI somewhere, and every "
      "other rule only saw it up to there. A trace shows a crash the guest "
      "declared: Xen writes TRC_SCHED_SHUTDOWN (domid, vCPU, reason) when "
      "a guest calls SCHEDOP_shutdown, as Linux does with SHUTDOWN_crash "
      "(3) when it panics, and TRC_SCHED_SHUTDOWN_CODE when it sets the "
      "reason of a later shutdown. A crash Xen imposes (domain_crash, e.g. "
      "an exception with no handler or an emulation that failed) writes no "
      "trace record; a live run sees it in the shutdown state libxenctrl "
      "reports for each domain at its end. The finding names the shutdown "
      "record and the last exceptions delivered to that domain before it, "
      "with their error codes. NOT-OBSERVED for a trace without scheduler "
      "records, and for runs that hold no trace (snapshots, images).",
      NULL, NULL, "trace, live domain state", xabi_rule_dom_crash },
    /* ---- hypercalls ---- */
    { "HC-001", "Hypercall op is defined for the run's Xen version",
      XABI_FAIL, "xen/include/public/xen.h: __HYPERVISOR_*",
      "Every hypercall number a guest used (PV hypercalls, multicall "
      "sub-calls, HVM/PVH VMMCALLs) must be one that the public headers of "
      "the Xen version the run was recorded on define and have not "
      "dropped. Xen answers anything else with -ENOSYS. Reads the "
      "catalogue (schema/catalogue/); NOT-OBSERVED when that version's "
      "catalogue has not been imported, or when an op is missing from a "
      "catalogue whose import skipped header lines.",
      NULL, NULL, "trace, catalogue", xabi_rule_hc_defined },
    { "HC-002", "Compat hypercalls are not used", XABI_WARN,
      "xen/include/public/xen.h: __HYPERVISOR_sched_op_compat, "
      "__HYPERVISOR_event_channel_op_compat, __HYPERVISOR_physdev_op_compat",
      "Ops 6, 16 and 19 are the old forms of sched_op (29; \"compat since "
      "0x00030101\", the interface of Xen 3.0.2), event_channel_op (32) and "
      "physdev_op (33; both \"compat since 0x00030202\", Xen 3.0.3), kept "
      "for old guests. A "
      "current guest that still uses them is relying on a compatibility "
      "path. Where the version's catalogue is imported, any other op its "
      "headers mark deprecated is reported too.",
      NULL, NULL, "trace", xabi_rule_hc_compat },
    { "HC-003", "Hypercalls from HVM and PVH guests are ones Xen wires up "
      "for them", XABI_FAIL,
      "xen/include/hypercall-defs.c: the hvm32/hvm64 columns (4.17 on); "
      "hvm_hypercall_table in xen/arch/x86/hvm/hypercall.c (4.9-4.16) and "
      "xen/arch/x86/hvm/hvm.c (4.7-4.8), hvm_hypercall64_table and "
      "hvm_hypercall32_table there (4.2-4.6)",
      "HVM and PVH guests reach Xen through VMCALL/VMMCALL, and Xen "
      "dispatches only the ops its HVM table for that release wires up; "
      "any other gets -ENOSYS, so the guest took a PV code path by "
      "mistake. The tables differ by release (vm_assist, for one, is "
      "wired up for HVM guests since 4.14, multicall since 4.16) and are "
      "kept per release in abi/ (abi/hypercall-tables.h, extracted from "
      "Xen's source by scripts/make-hypercall-tables.py); an op under a "
      "Kconfig option counts as wired when Xen's default x86 build turns "
      "it on. Each finding cites the release's table. NOT-OBSERVED for a "
      "Xen version abi/ has no table for.",
      NULL, NULL, "trace", xabi_rule_hc_hvm_wired },
    { "HC-004", "Hypercall records use only defined argument widths",
      XABI_WARN, "xen/include/public/trace.h: TRC_PV_HYPERCALL_V2",
      "A TRC_PV_HYPERCALL_V2 record gives each of the six arguments a 2-bit "
      "code: 0 absent, 1 32-bit, 2 64-bit. Code 3 is reserved, so a record "
      "using it is corrupt or comes from a Xen whose trace format xabi does "
      "not know; its arguments are not trusted.",
      NULL, NULL, "trace", xabi_rule_hc_bad_args },
    { "HC-005", "A multicall sub-call is not itself a multicall", XABI_FAIL,
      "xen/common/multicall.c: do_multicall(), _MCSF_in_multicall",
      "Xen refuses to re-enter a multicall from inside one (\"Multicall "
      "reentry is disallowed\"), so a sub-call with op 13 fails; a guest "
      "batching calls must flatten them.",
      NULL, NULL, "trace", xabi_rule_hc_nested_multicall },
    { "HC-006", "Sub-op numbers are defined for the run's Xen version",
      XABI_WARN, "xen/include/public/sched.h: SCHEDOP_*, event_channel.h: "
      "EVTCHNOP_*, memory.h: XENMEM_*, MEMOP_CMD_MASK, and the other "
      "multiplexed ops' headers",
      "For the multiplexed ops whose first argument is the sub-op "
      "(sched_op, memory_op, event_channel_op, grant_table_op, vcpu_op, "
      "physdev_op, hvm_op, ...), the recorded argument must be a sub-op the "
      "version defines. Only records whose arguments were kept (the samples "
      "of each aggregate) are checked. Reads the catalogue.",
      NULL, NULL, "trace, catalogue", xabi_rule_hc_subop },
    /* ---- PV hypercall page ---- */
    { "HCPAGE-001", "Every hypercall stub is the one Xen writes for its number",
      XABI_FAIL, "xen/arch/x86/pv/hypercall.c: pv_ring3_init_hypercall_page, "
      "pv_ring1_init_hypercall_page (hypercall_page_initialise_ring3_kernel "
      "and _ring1_kernel in xen/arch/x86/x86_64/traps.c and compat/traps.c "
      "before 4.10); xen/arch/x86/domain.c: init_hypercall_page",
      "A PV guest enters Xen by calling stub N of the hypercall page, 32 "
      "bytes at N x 32. Xen fills the page with int3 and writes every stub: "
      "on PV64 push %rcx; push %r11; mov $N,%eax; syscall; pop %r11; "
      "pop %rcx; ret (the same in every release from 4.2 to 4.22), on PV32 "
      "mov $N,%eax; int $0x82; ret. Each stub other than iret's is "
      "disassembled with Capstone and must be exactly those instructions, "
      "with int3 after them. A stub that is anything else was written by "
      "someone other than Xen, or the page is not the one "
      "XEN_ELFNOTE_HYPERCALL_PAGE names. Reads pages collected with "
      "`xabi collect --hypercall-page`; NOT-OBSERVED without one.",
      "4.2", NULL, "hypercall page", xabi_rule_hcpage_stubs },
    { "HCPAGE-002", "The iret stub enters Xen and does not return", XABI_FAIL,
      "xen/arch/x86/pv/hypercall.c: pv_ring3_init_hypercall_page, "
      "pv_ring1_init_hypercall_page (__HYPERVISOR_iret); Xen commit "
      "fca11da0ec (4.4)",
      "Stub 23, __HYPERVISOR_iret, is jumped to with an iret frame on the "
      "stack, and Xen never returns from it: on PV64 it is push %rcx; push "
      "%r11; push %rax; mov $23,%eax; syscall, on PV32 push %eax; mov "
      "$23,%eax; int $0x82, with no ret. Up to Xen 4.3 the PV64 stub kept "
      "the unreachable tail pop %rbx; pop %rcx; ret of the generic stub it "
      "overwrote; from 4.4 int3 follows the syscall. The stub must be the "
      "layout of the run's Xen version. NOT-OBSERVED without a page.",
      "4.2", NULL, "hypercall page", xabi_rule_hcpage_iret },
    /* ---- HVM ---- */
    { "HVM-001", "In real mode a segment's base is its selector x 16, "
      "or what a protected-mode load left",
      XABI_WARN, "Intel SDM vol. 3, 20.1.1 Address Translation in "
      "Real-Address Mode and 3.4.5 Segment Descriptors; "
      "xen/include/public/arch-x86/hvm/save.h: struct hvm_hw_cpu",
      "With CR0.PE clear, loading a segment register sets its hidden base "
      "to selector << 4 and nothing else: the limit and attributes stay "
      "as they were, which is why big real mode survives real-mode loads. "
      "A base that differs is only right if the segment was loaded in "
      "protected mode and kept on the way back (big real mode): its "
      "attributes and limit must then be what a code or data descriptor "
      "gives (P and S set, a 32-bit base, a limit of 20 bits, scaled by "
      "4 KiB with G), or an unusable null selector. Such a segment PASSes "
      "and is named with its hidden state; one no descriptor could give "
      "means the saved hidden state is wrong (WARN). A limit beyond 64 KiB "
      "alone proves nothing. The reset state CS 0xf000 base 0xffff0000 is "
      "the one architectural exception.",
      NULL, NULL, "snapshot", xabi_rule_hvm_real_mode_base },
    /* ---- PVH ---- */
    { "PVH-001", "PVH starts with CR0.PE set, paging off, and CR4 0",
      XABI_FAIL, "docs/misc/pvh.pandoc: the cr0 and cr4 entries of the "
      "initial register state",
      "A PVH kernel is entered in 32-bit protected mode without paging: "
      "CR0 has PE set and every other writable bit clear, and CR4 is 0. "
      "ET (bit 4) is not writable and reads 1 on every modern CPU, so CR0 "
      "0x11 passes (it is what a real PVH guest on Xen 4.17 starts with).",
      "4.10", NULL, "snapshot", xabi_rule_pvh_control_regs },
    { "PVH-002", "PVH starts with flat 32-bit segments and a 32-bit TSS",
      XABI_FAIL, "docs/misc/pvh.pandoc: the cs, ds/es/ss and tr entries of "
      "the initial register state",
      "CS is a 32-bit read/execute code segment and DS, ES, SS 32-bit "
      "read/write data segments, each with base 0 and limit 0xffffffff, "
      "whatever their selector values (unspecified; a real guest has 0). "
      "TR is a 32-bit TSS with base 0 and limit 0x67. Read from the hidden "
      "state of the HVM save record.",
      "4.10", NULL, "snapshot", xabi_rule_pvh_segments },
    { "PVH-003", "PVH starts with EFLAGS VM, IF and TF clear", XABI_FAIL,
      "docs/misc/pvh.pandoc: the eflags entry of the initial register state",
      "The kernel is entered with virtual-8086 mode, interrupts and single "
      "stepping off; the other EFLAGS bits are unspecified.",
      "4.10", NULL, "snapshot", xabi_rule_pvh_eflags },
    { "PVH-004", "PVH starts with EBX pointing at hvm_start_info", XABI_FAIL,
      "docs/misc/pvh.pandoc: ebx; xen/include/public/arch-x86/hvm/"
      "start_info.h: XEN_HVM_START_MAGIC_VALUE",
      "EBX holds the physical address of a struct hvm_start_info whose "
      "magic is 0x336ec578. Checked on the structure read from guest "
      "memory at EBX.",
      "4.10", NULL, "snapshot", xabi_rule_pvh_start_info },
    /* ---- PV start of day and segments ---- */
    { "SEG-001", "PV guest starts with the flat kernel selectors", XABI_FAIL,
      "xen/include/public/arch-x86/xen-x86_64.h: FLAT_KERNEL_CS, "
      "FLAT_KERNEL_SS; xen/include/public/arch-x86/xen-x86_32.h: "
      "FLAT_KERNEL_CS, FLAT_KERNEL_SS",
      "Before its first instruction a 64-bit PV vCPU has CS 0xe033 and SS "
      "0xe02b (and kernel_ss 0xe02b), with DS, ES, FS and GS NUL; a 32-bit "
      "PV vCPU has CS 0xe019 and SS, DS, ES, FS, GS 0xe021. These are "
      "Xen's reserved flat GDT entries; a kernel's entry code relies on "
      "them. Needs a snapshot taken before the vCPU first ran.",
      NULL, NULL, "snapshot", xabi_rule_seg_start_of_day },
    { "SEG-002", "PV exception handlers are installed before user mode",
      XABI_FAIL, "docs/guest-guide/x86/pv-traps.rst (Xen master); "
      "xen/arch/x86/pv/traps.c: pv_inject_event (\"Unhandled\"); "
      "xen/arch/x86/x86_64/entry.S: create_bounce_frame "
      "(create_bounce_frame_bad_bounce_ip, asm_domain_crash_synchronous); "
      "xen/include/public/arch-x86/xen.h: struct trap_info",
      "Exceptions 0-19, except NMI (2, delivered through its callback) and "
      "the reserved 9 and 15, need a trap-table handler once the guest "
      "runs user code: Xen has nowhere to deliver a fault without one and "
      "the guest is crashed, as a triple fault would reset a machine. "
      "Checked on snapshots taken after the guest entered user mode.",
      NULL, NULL, "snapshot", xabi_rule_seg_exception_handlers },
    { "SEG-003", "PV64 syscall callback is registered before user mode",
      XABI_FAIL, "xen/include/public/callback.h: CALLBACKTYPE_syscall; "
      "docs/guest-guide/x86/pv-traps.rst",
      "A 64-bit PV guest's user-mode SYSCALL enters its kernel through the "
      "syscall callback. Xen before 4.15 did not check that one was "
      "registered and bounced the call to address 0 in the guest kernel; "
      "since 4.15 it injects #UD into the user process instead. Either "
      "way user space cannot make system calls.",
      NULL, NULL, "snapshot", xabi_rule_seg_syscall_callback },
    { "SEG-004", "PV64 syscall32 and sysenter callbacks for 32-bit user space",
      XABI_WARN, "xen/include/public/callback.h: CALLBACKTYPE_syscall32, "
      "CALLBACKTYPE_sysenter",
      "32-bit processes under a 64-bit PV kernel enter it through the "
      "syscall32 and sysenter callbacks. Without them their SYSCALL or "
      "SYSENTER faults. A warning only: a guest with no 32-bit user space "
      "does not need them. NOT-OBSERVED where the snapshot does not record "
      "these callbacks (XEN_DOMCTL_getvcpucontext does not return them).",
      NULL, NULL, "snapshot", xabi_rule_seg_compat_callbacks },
    { "SEG-005", "PV GDT descriptors pass Xen's descriptor audit", XABI_FAIL,
      "xen/arch/x86/pv/descriptor-tables.c: check_descriptor() "
      "(xen/arch/x86/x86_64/mm.c in older trees)",
      "Xen audits every descriptor a PV guest puts in its GDT: a code or "
      "data descriptor's DPL is raised to the guest kernel's ring (3 for "
      "PV64, 1 for PV32), a call gate's DPL is forced to 0 (its DPL moves "
      "to the target selector's RPL, so that Xen can emulate it), and "
      "every other system descriptor is refused. A registered GDT frame "
      "holding a DPL 0 code/data descriptor or a call gate above DPL 0 was "
      "not audited.",
      NULL, NULL, "snapshot", xabi_rule_seg_gdt_audit },
    { "SEG-006", "PV event and failsafe callbacks are registered",
      XABI_FAIL, "xen/include/public/callback.h: CALLBACKTYPE_event, "
      "CALLBACKTYPE_failsafe",
      "Xen delivers event-channel upcalls to the event callback, and "
      "enters the failsafe callback when it cannot restore the guest's "
      "segments on a return to it. A PV guest that runs user code without "
      "either has nowhere to take an event, or is crashed by the first "
      "bad segment it loads.",
      NULL, NULL, "snapshot", xabi_rule_seg_event_callbacks },
    { "SEG-007", "PV vm_assist holds only defined assist types", XABI_WARN,
      "xen/include/public/xen.h: VMASST_TYPE_*, VMASST_CMD_enable",
      "vm_assist is the set of VMASST_TYPE_* assists the guest enabled "
      "(4gb_segments, writable_pagetables, pae_extended_cr3, "
      "architectural_iopl, runstate_update_flag, m2p_strict, ...). Xen "
      "refuses a type it does not know, so a bit no VMASST_TYPE defines "
      "means the snapshot or the header table is wrong.",
      NULL, NULL, "snapshot", xabi_rule_seg_vm_assist },
    /* ---- Xen's own tools ---- */
    { "TOOL-001", "xen-hvmctx prints each segment under its own name",
      XABI_WARN, "tools/misc/xen-hvmctx.c: dump_cpu(); "
      "xen/include/public/arch-x86/hvm/save.h: struct hvm_hw_cpu",
      "xen-hvmctx prints the CPU save record's segments one line each. "
      "Since Xen 4.12 its format string labels the second and third lines "
      "es and ds while its arguments still pass DS, then ES, so the line "
      "labelled es holds DS and the one labelled ds holds ES. xabi reads "
      "such dumps by which printf made them (abi/xen-tools.c) and stores "
      "each register under its true name. This rule holds a dump against "
      "a binary read of the same paused vCPU in the same database (collect "
      "--live): WARN when the dump's labels are the wrong way round, PASS "
      "when they are right, FAIL when the two sources disagree on DS or ES "
      "even after the mapping. NOT-OBSERVED without a binary read of the "
      "same state, or while DS and ES are equal.",
      NULL, NULL, "snapshot", xabi_rule_tool_dump_labels },
    /* ---- trace quality ---- */
    { "TRACE-001", "No trace records were lost", XABI_WARN,
      "xen/include/public/trace.h: TRC_LOST_RECORDS",
      "When Xen's trace buffers fill it drops records and later writes how "
      "many. Every rule over trace facts says NOT-OBSERVED, instead of "
      "PASS, for a vCPU whose span overlaps the loss: the violation may be "
      "among the lost records. A larger buffer (xentrace -S) avoids it.",
      NULL, NULL, "trace", xabi_rule_trace_lost },
    { "TRACE-002", "Every record is attributed to a domain", XABI_INFO,
      "xen/include/public/trace.h: TRC_SCHED_SWITCH, TRC_SCHED_RUNSTATE_CHANGE",
      "xabi attributes a record to a domain and vCPU only by following the "
      "scheduler records; records before a pCPU's first context switch, or "
      "in a trace taken without the TRC_SCHED class, belong to no domain. "
      "Said once per run; other rules report such facts under the unknown "
      "domain, and never PASS a guest on them.",
      NULL, NULL, "trace", xabi_rule_trace_unattributed },
    { "TRACE-003", "The trace ends on a record boundary", XABI_WARN,
      "xen/include/public/trace.h: struct t_rec",
      "A trace cut short (xentrace killed) or salvaged past damage holds "
      "only what came before: nothing after that point was observed.",
      NULL, NULL, "trace", xabi_rule_trace_truncated },
    /* ---- traps ---- */
    { "TRAP-001", "Error-code presence fits the vector", XABI_FAIL,
      "xen/include/public/trace.h: TRC_PV_TRAP, TRC_HVM_INJ_EXC; Intel SDM "
      "vol. 3 table 6-1 (schema/003-x86.sql: x86_vector)",
      "The CPU pushes an error code for #DF (8), #TS (10), #NP (11), #SS "
      "(12), #GP (13), #PF (14), #AC (17) and #CP (21) (and AMD's #VC and "
      "#SX), and for nothing else. An exception Xen delivered to a PV guest "
      "or injected into an HVM guest with an error code where the CPU has "
      "none, or without one where it always has one, leaves the guest's "
      "handler reading a misaligned frame.",
      NULL, NULL, "trace", xabi_rule_trap_error_code },
    { "TRAP-002", "A vector delivered as a PV trap is an exception",
      XABI_WARN, "xen/include/public/trace.h: TRC_PV_TRAP; "
      "xen/arch/x86/pv/traps.c: pv_inject_event (trace_pv_trap); "
      "xen/arch/x86/traps.c: do_general_protection (permit_softint); "
      "docs/guest-guide/x86/pv-traps.rst (Xen master)",
      "Xen bounces exceptions to a PV guest through its trap table, and "
      "traces each bounce, software interrupts included: an INT $n the "
      "guest's DPL allows is emulated from #GP into the same delivery. "
      "0x80, 0x82 and the other vectors from 32 up are such software "
      "interrupts (INFO; 0x82 is Xen's hypercall gate only for a 32-bit PV "
      "kernel, and an ordinary INT $n from a PV64 guest or PV32 user "
      "space). 9, 15 and the reserved 20-31 are raised by no current CPU "
      "(WARN): the record does not say whether an INT $n made them.",
      NULL, NULL, "trace", xabi_rule_trap_vector },
    { "TRAP-003", "The int $0x80 entry of a PV trap table has DPL 3",
      XABI_WARN, "xen/arch/x86/x86_64/entry.S: int80_direct_trap "
      "(entry_int80 from 4.19); xen/arch/x86/traps.c: "
      "do_general_protection, init_idt_traps (set_swint_gate for "
      "TRAP_int3, TRAP_overflow), entry_from_pv (4.21.1 and later); "
      "xen/arch/x86/pv/callback.c: do_set_trap_table; "
      "docs/guest-guide/x86/pv-traps.rst (Xen master); "
      "xen/include/public/arch-x86/xen.h: struct trap_info (flags)",
      "A PV guest's trap-table entry carries a DPL (flags bits 0-1) that "
      "says whether user mode may raise the vector with INT $n; Xen stores "
      "it unchecked (do_set_trap_table) and reads it for an INT $n it "
      "emulates from #GP (permit_softint). Not for 3 (#BP) and 4 (#OF): "
      "Xen's IDT gates for them are DPL 3 and their DPL in the trap table "
      "is never read, so user int3 and into always reach the handler. For "
      "0x80, Xen's IDT gate is DPL 3 and its fast path bounces a user int "
      "$0x80 to any registered handler without reading the DPL, in every "
      "release; under FRED delivery (Xen 4.21.1 and later, opt-in, by "
      "default where the CPU has FRED from 4.22) the DPL is checked and a "
      "DPL below 3 makes the user's int $0x80 a #GP. So 0x80 below DPL 3 "
      "works on one Xen and not on the next (WARN); no handler for 0x80 "
      "(INFO) makes every user int $0x80 a #GP.",
      NULL, NULL, "snapshot", xabi_rule_trap_dpl },
    { "TRAP-004", "No page fault with the reserved-bit flag is reflected",
      XABI_WARN, "xen/include/public/trace.h: TRC_PV_PAGE_FAULT; Intel SDM "
      "vol. 3 4.7 (error code bit 3, RSVD)",
      "A #PF whose error code has RSVD set means a page-table entry the "
      "guest wrote has reserved bits set. Xen validates PV page tables, so "
      "such a fault reflected to a PV guest points at a guest or Xen bug.",
      NULL, NULL, "trace", xabi_rule_trap_pf_rsvd },
};

#define NRULES (sizeof(rules) / sizeof(rules[0]))

const struct xabi_rule *xabi_rules(size_t *n)
{
    *n = NRULES;
    return rules;
}

const struct xabi_rule *xabi_rule_find(const char *id)
{
    size_t i;

    for ( i = 0; id && i < NRULES; i++ )
    {
        if ( strcasecmp(rules[i].id, id) == 0 )
            return &rules[i];
    }
    return NULL;
}

bool xabi_rule_applies(const struct xabi_rule *r, const char *xen_version)
{
    if ( r->since && xabi_version_cmp(xen_version, r->since) < 0 )
        return false;
    if ( r->until && xabi_version_cmp(xen_version, r->until) > 0 )
        return false;
    return true;
}
