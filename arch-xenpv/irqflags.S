/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The interrupt-flag pv ops once every CPU's vcpu_info sits in its own
 * per-CPU memory (irq.c, xenpv_place_vcpu_info): one %gs-relative
 * instruction reaches this CPU's event mask, so no preemption bracket
 * and no register saving are needed.  They are callee-save pv ops: only
 * %rax and the flags may change.
 */
#include <linux/linkage.h>
#include <asm/percpu.h>

/* Offsets in struct vcpu_info; irq.c checks them at build time. */
#define VI_PENDING	0	/* evtchn_upcall_pending */
#define VI_MASK		1	/* evtchn_upcall_mask */

	.section .noinstr.text, "ax"

/* %rax = X86_EFLAGS_IF (0x200) when events are unmasked, else 0. */
SYM_FUNC_START(xenpv_save_fl_direct)
	xorl	%eax, %eax
	testb	$0xff, PER_CPU_VAR(xenpv_vcpu_info + VI_MASK)
	setz	%ah
	addb	%ah, %ah
	RET
SYM_FUNC_END(xenpv_save_fl_direct)

SYM_FUNC_START(xenpv_irq_disable_direct)
	movb	$1, PER_CPU_VAR(xenpv_vcpu_info + VI_MASK)
	RET
SYM_FUNC_END(xenpv_irq_disable_direct)

/*
 * Unmask, then look at the pending flag: an event raised while masked
 * is only flagged, and any hypercall makes the hypervisor deliver it.
 * If we are moved to another CPU in between, that CPU's events were
 * unmasked already and the test is merely spare.
 */
SYM_FUNC_START(xenpv_irq_enable_direct)
	movb	$0, PER_CPU_VAR(xenpv_vcpu_info + VI_MASK)
	testb	$0xff, PER_CPU_VAR(xenpv_vcpu_info + VI_PENDING)
	jnz	1f
	RET
1:	jmp	__raw_callee_save_xenpv_force_evtchn_callback
SYM_FUNC_END(xenpv_irq_enable_direct)
