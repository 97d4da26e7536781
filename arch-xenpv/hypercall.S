/* SPDX-License-Identifier: GPL-2.0 */
/*
 * long xenpv_hypercall(nr, a1, a2, a3, a4, a5)
 *
 * A 64-bit PV kernel calls the hypervisor with "syscall" from guest
 * kernel mode: number in %rax, arguments in %rdi, %rsi, %rdx, %r10, %r8;
 * %rcx and %r11 are clobbered, the result comes back in %rax.  This moves
 * the C arguments into place and counts the call (counts.c).  No
 * hypercall page is used.
 */
#include <linux/linkage.h>
#include <asm/percpu.h>
#include <asm/unwind_hints.h>
#include "counts.h"

	.section .noinstr.text, "ax"
SYM_FUNC_START(xenpv_hypercall)
	cmpq	$XENPV_NR_COUNTED_HYPERCALLS, %rdi
	jae	1f
	incq	PER_CPU_VAR(xenpv_counts)(, %rdi, 8)
1:
/* The same without the count, before the kernel GS base is set. */
SYM_INNER_LABEL(xenpv_hypercall_uncounted, SYM_L_GLOBAL)
	movq	%rdi, %rax
	movq	%rsi, %rdi
	movq	%rdx, %rsi
	movq	%rcx, %rdx
	movq	%r8, %r10
	movq	%r9, %r8
	UNWIND_HINT_SAVE
	syscall
	UNWIND_HINT_RESTORE
	RET
SYM_FUNC_END(xenpv_hypercall)
