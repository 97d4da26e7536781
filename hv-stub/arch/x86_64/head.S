/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multiboot (v1) entry.  QEMU (or GRUB) enters here in 32-bit protected
 * mode with paging off, EAX = multiboot magic, EBX = the multiboot info.
 *
 * We map the first HV_BOOT_MAP_GIB GiB of physical memory twice, at 0 and
 * in the direct map (slot 262), with 2 MiB pages, enable long mode, and
 * jump to the linked (direct-map) address of start_hv().  The identity
 * half is dropped by paging_init() once C code runs.
 *
 * The multiboot header uses the address fields (flag 16), so the image is
 * loaded as a flat file whatever its ELF class is.
 */
#include <hv/layout.h>

#define MB_MAGIC	0x1badb002
#define MB_FLAGS	0x00010003	/* page-align modules, mem info, addresses */
#define PHYS(x)		((x) - DIRECTMAP_VIRT_START)

#define CR0_PE		0x00000001
#define CR0_WP		0x00010000
#define CR0_PG		0x80000000
#define CR4_PAE		0x00000020
#define MSR_EFER	0xc0000080
#define EFER_LME	0x00000100
#define EFER_NXE	0x00000800

	.section .text.head, "ax"
	.code32
	.globl	_start
_start:
	jmp	multiboot_entry

	.balign	4
mb_header:
	.long	MB_MAGIC
	.long	MB_FLAGS
	.long	-(MB_MAGIC + MB_FLAGS)
	.long	PHYS(mb_header)		/* header_addr */
	.long	PHYS(_start)		/* load_addr */
	.long	PHYS(_edata)		/* load_end_addr */
	.long	PHYS(_end)		/* bss_end_addr */
	.long	PHYS(multiboot_entry)	/* entry_addr */

multiboot_entry:
	cli
	cld
	movl	$PHYS(boot_stack_top), %esp
	movl	%eax, %edi		/* magic, first C argument */
	movl	%ebx, %esi		/* multiboot info, second C argument */

	/* 4 page directories of 2 MiB pages: 0..4 GiB */
	movl	$PHYS(boot_pd), %ebx
	xorl	%ecx, %ecx
1:	movl	%ecx, %eax
	shll	$21, %eax
	orl	$0x83, %eax		/* present, writable, 2 MiB */
	movl	%eax, (%ebx, %ecx, 8)
	movl	%ecx, %eax
	shrl	$11, %eax		/* bits 32+ of the address */
	movl	%eax, 4(%ebx, %ecx, 8)
	incl	%ecx
	cmpl	$(512 * HV_BOOT_MAP_GIB), %ecx
	jne	1b

	/* the PDPT points at the 4 page directories */
	movl	$PHYS(boot_pdpt), %ebx
	movl	$PHYS(boot_pd) + 3, %eax
	xorl	%ecx, %ecx
2:	movl	%eax, (%ebx, %ecx, 8)
	addl	$PAGE_SIZE, %eax
	incl	%ecx
	cmpl	$HV_BOOT_MAP_GIB, %ecx
	jne	2b

	/* L4: identity (slot 0) and direct map share the PDPT */
	movl	$PHYS(boot_pml4), %ebx
	movl	$PHYS(boot_pdpt) + 3, %eax
	movl	%eax, (%ebx)
	movl	%eax, (DIRECTMAP_SLOT * 8)(%ebx)

	movl	%ebx, %cr3
	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$(EFER_LME | EFER_NXE), %eax
	wrmsr
	movl	%cr0, %eax
	orl	$(CR0_PE | CR0_PG | CR0_WP), %eax
	movl	%eax, %cr0

	lgdt	PHYS(boot_gdt_desc)
	ljmp	$0x08, $PHYS(long_mode)

	.code64
long_mode:
	movl	$0x10, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	movabsq	$boot_stack_top, %rsp
	movabsq	$start_hv, %rax
	call	*%rax
3:	hlt
	jmp	3b

	.section .rodata.head, "a"
	.balign	8
boot_gdt:
	.quad	0
	.quad	0x00af9a000000ffff	/* 64-bit code */
	.quad	0x00cf92000000ffff	/* data */
boot_gdt_end:
boot_gdt_desc:
	.word	boot_gdt_end - boot_gdt - 1
	.long	PHYS(boot_gdt)

	.section .bss.boot, "aw", @nobits
	.balign	PAGE_SIZE
	.globl	boot_pml4
boot_pml4:
	.skip	PAGE_SIZE
boot_pdpt:
	.skip	PAGE_SIZE
boot_pd:
	.skip	PAGE_SIZE * HV_BOOT_MAP_GIB
	.globl	boot_stack
boot_stack:
	.skip	4 * PAGE_SIZE
	.globl	boot_stack_top
boot_stack_top:
