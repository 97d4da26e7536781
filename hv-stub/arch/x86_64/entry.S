/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every way into and out of hv-stub.
 *
 * Entries (exceptions, interrupts, SYSCALL) build a struct cpu_user_regs
 * (the Xen layout) on the hypervisor stack of the running vCPU and call
 * into C with interrupts off.  The hypervisor is never preempted: IF stays
 * clear until the C code returns through restore_all, which pops the
 * frame and IRETs to the guest (or to the idle loop).
 */
#include <hv/layout.h>

#define VEC_SYSCALL	256

	.text
	.macro	SAVE_ALL
	pushq	%rdi
	pushq	%rsi
	pushq	%rdx
	pushq	%rcx
	pushq	%rax
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	.endm

	.macro	TRAP_STUB vec, has_err
	.balign	16
	.if	\has_err == 0
	pushq	$0
	.endif
	movl	$\vec, 4(%rsp)
	jmp	trap_common
	.endm

	/* 256 stubs of 16 bytes each; idt_init() points the IDT at them */
	.balign	16
	.globl	trap_stubs
trap_stubs:
	vec = 0
	.rept	256
	.if	vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || \
		vec == 21 || vec == 29 || vec == 30
	TRAP_STUB vec, 1
	.else
	TRAP_STUB vec, 0
	.endif
	vec = vec + 1
	.endr

trap_common:
	cld
	SAVE_ALL
	movq	%rsp, %rdi
	call	do_trap
	jmp	restore_all

/*
 * #DB, NMI and #MC run on stacks of their own (IST): each can strike in
 * ring 0 while %rsp is still, or already, the guest's: at the first
 * instruction of syscall_entry (a #DB from a data breakpoint on a MOV SS
 * operand is held back until after the SYSCALL that follows), or just
 * before the SYSRET below.  One from hv-stub is handled on that stack;
 * one from the guest moves its frame to the vCPU stack, where every
 * other guest trap lands, so do_trap() may bounce it and schedule as
 * usual.
 */
	.macro	IST_ENTRY name, vec
	.globl	\name
\name:
	pushq	$0
	movl	$\vec, 4(%rsp)
	testb	$3, 16(%rsp)		/* the frame's CS */
	jz	trap_common
	pushq	%rax
	movq	%rsp, %rax
	movq	hv_stack_top(%rip), %rsp
	pushq	48(%rax)		/* ss */
	pushq	40(%rax)		/* rsp */
	pushq	32(%rax)		/* rflags */
	pushq	24(%rax)		/* cs */
	pushq	16(%rax)		/* rip */
	pushq	8(%rax)			/* error code and vector */
	movq	(%rax), %rax
	jmp	trap_common
	.endm

	IST_ENTRY db_entry, 1
	IST_ENTRY nmi_entry, 2
	IST_ENTRY mc_entry, 18

	.macro	POP_GPRS
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rax
	popq	%rcx
	popq	%rdx
	popq	%rsi
	popq	%rdi
	.endm

	/* the way in and out of every hypercall and system call: one page */
	.section .text.hot, "ax"

/*
 * SYSCALL from ring 3 (a guest kernel making a hypercall, or guest user
 * space making a system call).  FMASK has cleared IF.  There is one CPU,
 * so the current vCPU's stack top is a plain global.
 */
	.globl	syscall_entry
syscall_entry:
	movq	%rsp, syscall_guest_rsp(%rip)
	movq	hv_stack_top(%rip), %rsp
	pushq	$FLAT_RING3_SS64
	pushq	syscall_guest_rsp(%rip)
	pushq	%r11
	pushq	$FLAT_RING3_CS64
	pushq	%rcx
	pushq	$0
	movl	$VEC_SYSCALL, 4(%rsp)
	cld
	SAVE_ALL
	movq	%rsp, %rdi
	call	do_syscall
	testl	%eax, %eax
	jz	restore_all
	/*
	 * SYSRET, as do_syscall() allows: %rcx and %r11 in the frame are
	 * the return RIP and RFLAGS.  Not with the null SS of an interrupt
	 * entry (a switch from another vCPU), which SYSRET would keep on
	 * AMD.
	 */
	movl	%ss, %eax
	cmpl	$HV_DS, %eax
	jne	restore_all
	POP_GPRS
	movq	32(%rsp), %rsp		/* the guest's, from the frame */
	sysretq

	.globl	restore_all
restore_all:
	POP_GPRS
	addq	$8, %rsp
	.globl	iret_to_guest
iret_to_guest:
	iretq

/*
 * A fault on the IRET above (a bad frame built from guest input) is
 * fixed up by the exception table to here: the trap handler has already
 * arranged the failsafe callback or crashed the domain.
 */

/*
 * context_switch_stacks(u64 *save_rsp, u64 new_rsp): save callee-saved
 * registers on this stack, switch to the other vCPU's stack, restore.
 */
	.globl	context_switch_stacks
context_switch_stacks:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret

/*
 * First run of a vCPU: its stack was prepared so context_switch_stacks
 * "returns" here; leave through restore_all.
 */
	.globl	vcpu_first_entry
vcpu_first_entry:
	call	return_to_guest_prepare
	jmp	restore_all

	.data
	.balign	8
	.globl	hv_stack_top
hv_stack_top:
	.quad	0
syscall_guest_rsp:
	.quad	0
