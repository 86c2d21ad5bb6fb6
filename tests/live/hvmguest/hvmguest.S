/*
 * hvmguest.S: xabi's own HVM guest, for `make check-live`: one boot
 * sector that SeaBIOS loads from a small disk image and enters at
 * 0:0x7c00 in real mode.  It walks through three states of the hidden
 * segment state, spins in each long enough for `collect --live
 * --snapshot-interval 1s` to catch it, and says on Xen's console (port
 * 0xe9, printed as "(dN) ..." lines) when it reaches each:
 *
 *   A  plain real mode: CS 0 SS 0, DS 0x0800 ES 0x1000 FS 0x2000
 *      GS 0x3000, each base selector x 16 (0x8000 0x10000 0x20000
 *      0x30000), loaded with CR0.PE clear;
 *   B  big real mode: CR0.PE set, FS loaded with GDT entry 0x10 (data,
 *      base 0, limit 4 GiB, attributes 0xc93) and GS with 0x18 (data,
 *      base 0x20000, limit 4 GiB, 0xc93), CR0.PE cleared again: both keep
 *      what the descriptor gave them, so FS 0x0010 has base 0 (not
 *      0x100) and GS 0x0018 base 0x20000 (not 0x180);
 *   C  real mode after that: GS loaded again in real mode with 0x4000,
 *      which sets its base to 0x40000 and keeps its 4 GiB limit and
 *      attributes (Intel SDM vol. 3, 20.1.1); FS stays big.  Then it
 *      spins until it is destroyed.
 *
 * Interrupts stay off throughout, so no BIOS handler reloads a segment.
 * The time in each state is counted with RDTSC: until the high half of
 * the TSC has moved on SPIN_HI times (2^32 cycles each, about 2 s at the
 * 2.1 GHz of the machine we run on).  It never HLTs: with IF clear Xen
 * would take the vCPU down.
 */
#define SPIN_HI 4

	.code16
	.text
	.globl _start
_start:
	cli
	ljmp $0, $1f                   /* CS 0, base 0 */
1:	xor %ax, %ax
	mov %ax, %ss
	mov $0x7c00, %sp
	mov $0x0800, %ax
	mov %ax, %ds
	mov $0x1000, %ax
	mov %ax, %es
	mov $0x2000, %ax
	mov %ax, %fs
	mov $0x3000, %ax
	mov %ax, %gs
	mov $msg_a, %si
	call print
	call spin

	/* B: into protected mode, load FS and GS, and straight back. */
	lgdtl %cs:gdt_desc
	mov %cr0, %eax
	or $1, %al
	mov %eax, %cr0
	mov $0x10, %bx
	mov %bx, %fs
	mov $0x18, %bx
	mov %bx, %gs
	and $0xfe, %al
	mov %eax, %cr0
	jmp 2f                          /* CS was never reloaded: still 0 */
2:	mov $msg_b, %si
	call print
	call spin

	/* C: a real-mode load after big real mode. */
	mov $0x4000, %ax
	mov %ax, %gs
	mov $msg_c, %si
	call print
3:	pause
	jmp 3b

/* print: the NUL-terminated string at CS:SI to port 0xe9. */
print:
	lodsb %cs:(%si), %al
	test %al, %al
	jz 1f
	outb %al, $0xe9
	jmp print
1:	ret

/* spin: until the TSC's high half has moved SPIN_HI times. */
spin:
	rdtsc
	mov %edx, %esi
1:	mov $0x100000, %ecx
2:	dec %ecx
	jnz 2b
	rdtsc
	sub %esi, %edx
	cmp $SPIN_HI, %edx
	jb 1b
	ret

	.p2align 3
gdt:
	.quad 0                        /* 0x00: null */
	.quad 0                        /* 0x08: unused */
	.quad 0x00cf93000000ffff       /* 0x10: data, base 0, 4 GiB */
	.quad 0x00cf93020000ffff       /* 0x18: data, base 0x20000, 4 GiB */
gdt_end:
gdt_desc:
	.word gdt_end - gdt - 1
	.long gdt

msg_a:	.asciz "xabi-hvmguest: A real mode DS 0800 ES 1000 FS 2000 GS 3000\n"
msg_b:	.asciz "xabi-hvmguest: B big real mode FS 0010 GS 0018\n"
msg_c:	.asciz "xabi-hvmguest: C real mode GS 4000, FS still big\n"
