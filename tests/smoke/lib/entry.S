/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trap, event and syscall entry stubs, the HYPERVISOR_iret return path and
 * the exception-table probes.
 *
 * Xen bounces an exception to a 64-bit PV kernel by pushing, on the guest
 * kernel stack (aligned down to 16 bytes): ss, rsp, rflags, cs, rip, the
 * error code for vectors that have one, then r11 and rcx (rcx lowest).
 * The event and syscall callbacks get the same frame without an error
 * code.  We restore rcx/r11, push a uniform (vector, error code) pair and
 * the GPRs (struct trap_frame), and return through HYPERVISOR_iret, whose
 * argument is struct iret_context pushed on the stack:
 * rax, r11, rcx, flags, then the rip/cs/rflags/rsp/ss frame.
 */
#define __ASSEMBLY__
#include "xen.h"

	.text

.macro trap_stub vec:req, err=0
	.balign 16
trap_\vec:
	popq	%rcx
	popq	%r11
	.if \err == 0
	pushq	$0
	.endif
	pushq	$\vec
	jmp	trap_common
.endm

	.irp v, 0, 1, 2, 3, 4, 5, 6, 7, 9, 15, 16, 18, 19, 20, 22, 23
	trap_stub \v
	.endr
	.irp v, 24, 25, 26, 27, 28, 29, 30, 31
	trap_stub \v
	.endr
	.irp v, 8, 10, 11, 12, 13, 14, 17, 21
	trap_stub \v, 1
	.endr

	.globl event_entry, syscall_entry, failsafe_entry
event_entry:
	popq	%rcx
	popq	%r11
	pushq	$0
	pushq	$256
	jmp	trap_common

syscall_entry:
	popq	%rcx
	popq	%r11
	pushq	$0
	pushq	$257
	jmp	trap_common

	/* Xen could not load our segment state: nothing sensible to do. */
failsafe_entry:
	movq	%rsp, %rdi		/* the failsafe frame */
	andq	$-16, %rsp
	call	failsafe_dispatch
	ud2

trap_common:
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, %rdi
	movq	%rsp, %rbx
	andq	$-16, %rsp
	cld
	call	trap_dispatch
	movq	%rbx, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	addq	$16, %rsp
	/* struct iret_context: flags, rcx, r11, rax on top of the frame. */
	pushq	$0
	pushq	%rcx
	pushq	%r11
	pushq	%rax
	movl	$__HYPERVISOR_iret, %eax
	syscall
	ud2

	.section .rodata
	.balign 8
	.globl trap_stubs
trap_stubs:
	.irp v, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	.quad trap_\v
	.endr
	.irp v, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	.quad trap_\v
	.endr

/*
 * Probes: an access that faults resumes at the fixup, which returns
 * -XEN_EFAULT.  Each __ex_table entry is (faulting rip, fixup rip).
 */
	.text
	.globl probe_read, probe_write
probe_read:
1:	movq	(%rdi), %rax
	movq	%rax, (%rsi)
	xorl	%eax, %eax
	ret

probe_write:
2:	movq	%rsi, (%rdi)
	xorl	%eax, %eax
	ret

	.globl probe_inb
probe_inb:
	movl	%edi, %edx
3:	inb	%dx, %al
	movzbl	%al, %eax
	movq	%rax, (%rsi)
	xorl	%eax, %eax
	ret

/* iret_to(rip, cs, rflags, rsp, ss): leave through HYPERVISOR_iret. */
	.globl iret_to
iret_to:
	pushq	%r8
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	$0
	pushq	$0
	pushq	$0
	pushq	$0
	movl	$__HYPERVISOR_iret, %eax
	syscall
	ud2

/* Ring-3 code for t_user_mode. */
	.globl user_syscall, user_syscall_ret
user_syscall:
	movq	$0x5ca11, %rdi
	movl	$__HYPERVISOR_console_io, %eax
	syscall
user_syscall_ret:
	ud2

probe_fail:
	movq	$-XEN_EFAULT, %rax
	ret

	.section __ex_table, "a"
	.balign 8
	.quad 1b, probe_fail
	.quad 2b, probe_fail
	.quad 3b, probe_fail
