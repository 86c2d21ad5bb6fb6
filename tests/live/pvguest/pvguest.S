/*
 * pvguest.S: the smallest 64-bit PV guest that makes hypercalls through
 * Xen's hypercall page, for `make check-live`.  It makes a known number of
 * each, so the live run's counts can be checked exactly, then shuts down:
 *
 *     xen_version(XENVER_version)          64 times
 *     sched_op(SCHEDOP_yield)              32 times
 *     console_io(CONSOLEIO_write, msg)     once
 *     sched_op(SCHEDOP_shutdown, poweroff) once
 *
 * Xen's domain builder writes the hypercall page at the address the
 * XEN_ELFNOTE_HYPERCALL_PAGE note gives, before the guest runs; xabi reads
 * it from the paused guest and checks every stub.
 *
 * Built with -DPVGUEST_CRASH (pvcrash, `make check-live`'s crashing
 * guest), it then installs a trap table with a #GP handler alone
 * (set_trap_table) and executes `int $0x40`: the vector has no gate a
 * guest may raise, so Xen reflects #GP with error code 0x202 (IDT vector
 * 0x40; under QEMU 7.2's TCG 0x402, which names vector 0x80: the emulator
 * scales the vector by 16), and the handler asks for SCHEDOP_shutdown with
 * SHUTDOWN_crash, as a kernel that panics does, instead of powering off.
 * Built with -DPVGUEST_XEN_CRASH (pvxencrash) it installs no trap table:
 * Xen has nowhere to deliver the #GP and crashes the domain itself
 * (domain_crash), which writes no shutdown record to the trace.
 * Built with -DPVGUEST_TRAPS (pvtraps), it installs a trap table whose
 * #BP (3) and #OF (4) entries have DPL 0, executes `int3` and `int $4`,
 * and powers off: Xen's own gates for those vectors are DPL 3
 * (docs/guest-guide/x86/pv-traps.rst), so both reach the guest's
 * handlers as #BP and #OF, not as a #GP that its vDPL 0 would cause for
 * any other vector.  The handlers do not return (no iret): each goes on
 * to the next step, the bounce frame left on the stack.
 * Built with -DPVGUEST_SAVE (pvsave, for `xl save`), it installs the same
 * trap table and three callbacks (set_callbacks: event, failsafe,
 * syscall), then spins with the MFN of its start_info in rdx, where
 * libxc's PV save looks for vCPU 0's suspend record (Linux passes it to
 * SCHEDOP_shutdown(SHUTDOWN_suspend) there).  start_info (xen.h): the
 * guest's own address in rsi at entry, mfn_list at byte 104; the PFN of a
 * page is its address >> 12, as the guest is linked at 0.  Before that it
 * publishes its P2M the way libxc's PV save reads it (Linux does the same:
 * xen_setup_mfn_list_list): shared_info, mapped over a page of its own
 * (update_va_mapping of start_info.shared_info), gets arch.max_pfn
 * (nr_pages) and arch.pfn_to_mfn_frame_list_list, the MFN of a page
 * holding the MFN of a page that lists the MFNs of the P2M's pages.
 * Offsets (xen.h): start_info nr_pages 32, shared_info 40; shared_info
 * arch.max_pfn 3088, arch.pfn_to_mfn_frame_list_list 3096.
 *
 * Numbers: xen/include/public/xen.h (__HYPERVISOR_*), elfnote.h
 * (XEN_ELFNOTE_*), version.h (XENVER_version), sched.h (SCHEDOP_*,
 * SHUTDOWN_poweroff), xen.h (CONSOLEIO_write).  The 64-bit PV calling
 * convention passes arguments in rdi, rsi, rdx, r10, r8; a stub of the
 * page is called, 32 bytes apart per hypercall number.
 */
#define HYPERVISOR_set_trap_table 0
#define HYPERVISOR_set_callbacks 4
#define HYPERVISOR_update_va_mapping 14
#define UVMF_INVLPG             2
#define HYPERVISOR_xen_version  17
#define HYPERVISOR_console_io   18
#define HYPERVISOR_sched_op     29
#define XENVER_version          0
#define CONSOLEIO_write         0
#define SCHEDOP_yield           0
#define SCHEDOP_shutdown        2

#define HYPERCALL(n) call hypercall_page + (n) * 32

/* One Xen ELF note: name "Xen", the type, then the descriptor. */
.macro note_str type, text
	.p2align 2
	.long 4, 2f - 1f, \type
	.asciz "Xen"
	.p2align 2
1:	.asciz "\text"
2:
.endm
.macro note_quad type, value
	.p2align 2
	.long 4, 8, \type
	.asciz "Xen"
	.p2align 2
	.quad \value
.endm

	.section .note.Xen, "a", @note
	note_str 6, "xabi-pvguest"        /* XEN_ELFNOTE_GUEST_OS */
	note_str 7, "1"                   /* XEN_ELFNOTE_GUEST_VERSION */
	note_str 5, "xen-3.0"             /* XEN_ELFNOTE_XEN_VERSION */
	note_str 8, "generic"             /* XEN_ELFNOTE_LOADER */
	note_quad 3, 0                    /* XEN_ELFNOTE_VIRT_BASE */
	note_quad 4, 0                    /* XEN_ELFNOTE_PADDR_OFFSET */
	note_quad 1, _start               /* XEN_ELFNOTE_ENTRY */
	note_quad 2, hypercall_page       /* XEN_ELFNOTE_HYPERCALL_PAGE */

	.text
	.globl _start
_start:
	/* Xen's builder leaves rsp on a boot stack of its own. */
#ifdef PVGUEST_SAVE
	mov %rsi, %r12                    /* start_info, kept for the end */
#endif
	mov $64, %ebx
1:	mov $XENVER_version, %edi
	xor %esi, %esi
	HYPERCALL(HYPERVISOR_xen_version)
	dec %ebx
	jnz 1b

	mov $32, %ebx
2:	mov $SCHEDOP_yield, %edi
	xor %esi, %esi
	HYPERCALL(HYPERVISOR_sched_op)
	dec %ebx
	jnz 2b

	/* A domU may be refused (-EPERM): the call is what counts. */
	mov $CONSOLEIO_write, %edi
	mov $msg_end - msg, %esi
	lea msg(%rip), %rdx
	HYPERCALL(HYPERVISOR_console_io)

#ifdef PVGUEST_SAVE
	lea trap_table(%rip), %rdi
	HYPERCALL(HYPERVISOR_set_trap_table)
	lea event_cb(%rip), %rdi
	lea failsafe_cb(%rip), %rsi
	lea syscall_cb(%rip), %rdx
	HYPERCALL(HYPERVISOR_set_callbacks)

	mov 104(%r12), %r13               /* mfn_list: mfn = (%r13)[pfn] */
	lea shinfo_page(%rip), %rdi
	mov 40(%r12), %rsi                /* shared_info's machine address */
	or $0x67, %rsi                    /* present, rw, user, accessed, dirty */
	mov $UVMF_INVLPG, %edx
	HYPERCALL(HYPERVISOR_update_va_mapping)
	mov 32(%r12), %rcx                /* nr_pages */
	add $511, %rcx
	shr $9, %rcx                      /* pages of the P2M */
	mov %r13, %rax
	shr $12, %rax                     /* PFN of its first page */
	lea fl_page(%rip), %rdi
	xor %r8d, %r8d
7:	lea (%rax,%r8), %r10
	mov (%r13,%r10,8), %r9
	mov %r9, (%rdi,%r8,8)             /* frame list: MFN of P2M page i */
	inc %r8
	cmp %rcx, %r8
	jb 7b
	lea fl_page(%rip), %rax
	shr $12, %rax
	mov (%r13,%rax,8), %r9
	lea fll_page(%rip), %rdi
	mov %r9, (%rdi)                   /* frame list list: MFN of fl */
	shr $12, %rdi
	mov (%r13,%rdi,8), %r9
	lea shinfo_page(%rip), %rdi
	mov 32(%r12), %rcx
	mov %rcx, 3088(%rdi)              /* arch.max_pfn */
	mov %r9, 3096(%rdi)               /* arch.pfn_to_mfn_frame_list_list */

	mov %r12, %rax
	shr $12, %rax                     /* PFN of start_info */
	mov 104(%r12), %rcx               /* start_info.mfn_list */
	mov (%rcx,%rax,8), %rdx           /* its MFN: the suspend record */
6:	pause
	jmp 6b
event_cb:
	jmp event_cb
failsafe_cb:
	jmp failsafe_cb
syscall_cb:
	jmp syscall_cb
gp_handler:
	jmp gp_handler
#endif

#if defined(PVGUEST_CRASH) || defined(PVGUEST_XEN_CRASH)
#ifdef PVGUEST_CRASH
	lea trap_table(%rip), %rdi
	HYPERCALL(HYPERVISOR_set_trap_table)
#endif
	int $0x40                         /* #GP, error code 0x202 */
4:	jmp 4b                            /* not reached */
#endif

#ifdef PVGUEST_TRAPS
	lea traps_table(%rip), %rdi
	HYPERCALL(HYPERVISOR_set_trap_table)
	.globl traps_int3
traps_int3:
	int3                              /* #BP, vDPL 0 */
bp_done:
	.globl traps_int4
traps_int4:
	int $4                            /* #OF, vDPL 0 */
of_done:
	jmp traps_end
bp_handler:
	jmp bp_done
of_handler:
	jmp of_done
traps_end:
#endif

#ifdef PVGUEST_CRASH
	/* Entered with Xen's bounce frame (rcx, r11, error code, rip, ...). */
gp_handler:
	mov $SCHEDOP_shutdown, %edi
	lea crash_reason(%rip), %rsi
	HYPERCALL(HYPERVISOR_sched_op)
5:	jmp 5b                            /* not reached */
#endif

	mov $SCHEDOP_shutdown, %edi
	lea shutdown_reason(%rip), %rsi
	HYPERCALL(HYPERVISOR_sched_op)
3:	jmp 3b                            /* not reached */

	.p2align 12
	.globl hypercall_page
hypercall_page:
	.skip 4096, 0xcc                  /* Xen fills it in */

	.data
msg:	.ascii "xabi-pvguest: done\n"
msg_end:
	.p2align 2
shutdown_reason:
	.long 0                           /* SHUTDOWN_poweroff */
#ifdef PVGUEST_CRASH
crash_reason:
	.long 3                           /* SHUTDOWN_crash */
#endif
#ifdef PVGUEST_SAVE
	.p2align 12
shinfo_page:
	.skip 4096
fl_page:
	.skip 4096
fll_page:
	.skip 4096
#endif
#ifdef PVGUEST_TRAPS
	/* struct trap_info: #BP and #OF, both DPL 0 (flags 0) */
	.p2align 3
traps_table:
	.byte 3, 0
	.word 0xe033
	.long 0
	.quad bp_handler
	.byte 4, 0
	.word 0xe033
	.long 0
	.quad of_handler
	.quad 0, 0
#endif
#if defined(PVGUEST_CRASH) || defined(PVGUEST_SAVE)
	/* struct trap_info (arch-x86/xen.h): vector, flags (DPL 0), cs
	 * (FLAT_KERNEL_CS), address; a zero address ends the table. */
	.p2align 3
trap_table:
	.byte 13, 0
	.word 0xe033
	.long 0
	.quad gp_handler
	.quad 0, 0
#endif
