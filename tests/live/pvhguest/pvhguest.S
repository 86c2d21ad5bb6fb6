/*
 * pvhguest.S: the smallest PVH guest, for `make check-live`: it loads
 * two different data segments into DS and ES and spins, so that a dump
 * of its paused vCPU shows which register each of a tool's lines holds.
 *
 * Xen enters a PVH kernel at XEN_ELFNOTE_PHYS32_ENTRY in 32-bit protected
 * mode, paging off, with flat segments whose selectors are unspecified
 * and no GDT of the guest's (docs/misc/pvh.pandoc).  This guest brings
 * its own GDT and loads
 *
 *     DS = 0x10: data, base 0,       limit 4 GiB, attributes 0xc93
 *     ES = 0x18: data, base 0x20000, limit 64 KiB, attributes 0x093
 *
 * so DS and ES differ in selector, base, limit and attributes.  It makes
 * no hypercall: it spins until the toolstack pauses and destroys it.
 *
 * Numbers: xen/include/public/elfnote.h (XEN_ELFNOTE_PHYS32_ENTRY 18,
 * XEN_ELFNOTE_GUEST_OS 6).  Descriptors: Intel SDM vol. 3, 3.4.5.
 */

/* One Xen ELF note: name "Xen", the type, then the descriptor. */
.macro note_str type, text
	.p2align 2
	.long 4, 2f - 1f, \type
	.asciz "Xen"
	.p2align 2
1:	.asciz "\text"
2:
.endm

	.section .note.Xen, "a", @note
	note_str 6, "xabi-pvhguest"        /* XEN_ELFNOTE_GUEST_OS */
	.p2align 2
	.long 4, 4, 18                     /* XEN_ELFNOTE_PHYS32_ENTRY */
	.asciz "Xen"
	.p2align 2
	.long _start

	.text
	.code32
	.globl _start
_start:
	lgdt gdt_desc
	mov $0x10, %eax
	mov %eax, %ds
	mov $0x18, %eax
	mov %eax, %es
1:	pause
	jmp 1b

	.data
	.p2align 3
gdt:
	.quad 0                        /* 0x00: null */
	.quad 0x00cf9b000000ffff       /* 0x08: code, flat, 32-bit (unused) */
	.quad 0x00cf93000000ffff       /* 0x10: data, flat, 4 GiB */
	.quad 0x000093020000ffff       /* 0x18: data, base 0x20000, 64 KiB */
gdt_end:
gdt_desc:
	.word gdt_end - gdt - 1
	.long gdt
