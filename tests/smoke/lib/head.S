/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Start of day of a smoke kernel: the Xen ELF notes, the hypercall page
 * and the entry point.
 *
 * The domain builder enters at _start in ring 3 with rsi = virtual
 * address of start_info and rsp = top of the bootstrap stack.  We keep
 * what we were handed (for t_boot_state) and switch to our own stack.
 */
#define __ASSEMBLY__
#include "xen.h"

#define XEN_ELFNOTE_ENTRY		1
#define XEN_ELFNOTE_HYPERCALL_PAGE	2
#define XEN_ELFNOTE_VIRT_BASE		3
#define XEN_ELFNOTE_PADDR_OFFSET	4
#define XEN_ELFNOTE_XEN_VERSION		5
#define XEN_ELFNOTE_GUEST_OS		6
#define XEN_ELFNOTE_LOADER		8

.macro xen_note type:req, desc:vararg
	.pushsection .note.Xen, "a", @note
	.balign 4
	.long 2f - 1f
	.long 4f - 3f
	.long \type
1:	.asciz "Xen"
2:	.balign 4
3:	\desc
4:	.balign 4
	.popsection
.endm

	xen_note XEN_ELFNOTE_GUEST_OS,		.asciz "xenpv-smoke"
	xen_note XEN_ELFNOTE_XEN_VERSION,	.asciz "xen-3.0"
	xen_note XEN_ELFNOTE_LOADER,		.asciz "generic"
	xen_note XEN_ELFNOTE_VIRT_BASE,		.quad 0xffffffff80000000
	xen_note XEN_ELFNOTE_PADDR_OFFSET,	.quad 0
	xen_note XEN_ELFNOTE_ENTRY,		.quad _start
	xen_note XEN_ELFNOTE_HYPERCALL_PAGE,	.quad hypercall_page

	.section .text.head, "ax"
	.globl _start
_start:
	movq	%rsp, boot_rsp(%rip)
	pushfq
	popq	boot_rflags(%rip)
	movw	%cs, boot_cs(%rip)
	movw	%ss, boot_ss(%rip)
	leaq	boot_stack_top(%rip), %rsp
	movq	%rsi, %rdi
	call	smoke_start
	ud2

	/* Filled in by the domain builder (XEN_ELFNOTE_HYPERCALL_PAGE). */
	.section .text.hypercall_page, "ax"
	.balign PAGE_SIZE
	.globl hypercall_page
hypercall_page:
	.fill PAGE_SIZE, 1, 0xcc

	.data
	.balign 8
	.globl boot_rsp, boot_rflags, boot_cs, boot_ss
boot_rsp:	.quad 0
boot_rflags:	.quad 0
boot_cs:	.quad 0
boot_ss:	.quad 0

	.bss
	.balign PAGE_SIZE
boot_stack:
	.skip 4 * PAGE_SIZE
boot_stack_top:
