/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenpv secondary vCPU entry.  VCPUOP_initialise (smp.c) starts the vCPU
 * here in kernel mode, events masked, on its idle task's stack (16-byte
 * aligned), with the kernel GS base at its per-CPU area already: what
 * head.S sets up for CPU 0 by hand.  The call makes the C side look like
 * a normal function at the bottom of the stack; it never returns.
 */
#include <linux/linkage.h>
#include <asm/unwind_hints.h>

	.text
SYM_CODE_START(xenpv_secondary_entry)
	UNWIND_HINT_EMPTY
	cld
	xorl	%ebp, %ebp
	call	xenpv_start_secondary
	ud2
SYM_CODE_END(xenpv_secondary_entry)
