/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenpv: how the hypervisor enters the kernel and how the kernel leaves.
 *
 * The hypervisor delivers exceptions, events and system calls on the
 * kernel stack with %rcx and %r11 saved on top of a normal x86_64 frame
 * (the hypervisor needed them for its own sysret).  Each stub here
 * restores them and jumps to the native entry code, which then sees what
 * the CPU itself would have pushed.  X86_FEATURE_XENPV alternatives in
 * entry_64.S already skip swapgs and the CR3 and stack switches.
 *
 * Returning is the IRET hypercall: the guest pushes flags, %rcx, %r11
 * and %rax on top of the IRET frame and calls __HYPERVISOR_iret, which
 * restores them, the event mask from RFLAGS.IF, and the mode (kernel or
 * user) from CS.RPL.
 */
#include <linux/init.h>
#include <linux/linkage.h>
#include <asm/asm-offsets.h>
#include <asm/frame.h>
#include <asm/percpu.h>
#include <asm/segment.h>
#include <asm/unwind_hints.h>
#include <xen/interface/xen.h>
#include "../entry/calling.h"
#include "counts.h"

/* Count one event in this CPU's struct xenpv_counts (counts.c). */
.macro xenpv_count offset
	incq	PER_CPU_VAR(xenpv_counts + \offset)
.endm

/*
 * The counting twin of entry stub \name, registered instead of it when
 * booted with xenpv.counts=1: count, then the stub.
 */
.macro xenpv_counted name, offset, frame=16
SYM_CODE_START(xenpv_counted_\name)
	UNWIND_HINT_IRET_REGS offset=\frame
	ENDBR
	xenpv_count \offset
	jmp	xenpv_\name
SYM_CODE_END(xenpv_counted_\name)
.endm

/* The IRET hypercall: flags 0, then %rcx, %r11, %rax over the frame. */
.macro xenpv_iret_hypercall
	pushq	$0
	pushq	%rcx
	pushq	%r11
	pushq	%rax
	movl	$__HYPERVISOR_iret, %eax
	syscall					/* does not return */
.endm

/* Size of one early exception stub below: pop, pop, jmp rel32. */
#define XENPV_EARLY_STUB_SIZE	8	/* as in xenpv.h */

	.section .noinstr.text, "ax"

/*
 * Every return to user mode ends here (entry_64.S jumps to this name on
 * X86_FEATURE_XENPV): no swapgs, the hypervisor switches the GS bases
 * and page tables itself.  It falls through into xenpv_iret.
 */
SYM_CODE_START(xenpv_restore_regs_and_return_to_usermode)
	UNWIND_HINT_REGS
	POP_REGS
	addq	$8, %rsp			/* orig_ax */
	UNWIND_HINT_IRET_REGS

/*
 * xenpv_iret: the IRET frame (rip, cs, rflags, rsp, ss) is at %rsp and all
 * other registers hold their final values.  Flags 0: restore everything.
 * With xenpv.counts=1 its first five bytes (the first three pushes of
 * xenpv_iret_hypercall) become a jmp to xenpv_counted_iret (start.c,
 * xenpv_patch_iret).
 */
SYM_INNER_LABEL(xenpv_iret, SYM_L_GLOBAL)
	xenpv_iret_hypercall
SYM_CODE_END(xenpv_restore_regs_and_return_to_usermode)

SYM_CODE_START(xenpv_counted_iret)
	UNWIND_HINT_IRET_REGS
	xenpv_count (8 * __HYPERVISOR_iret)
	xenpv_iret_hypercall
SYM_CODE_END(xenpv_counted_iret)

	.text

/* The event callback (registered with CALLBACKF_mask_events). */
SYM_CODE_START(xenpv_event_entry)
	UNWIND_HINT_IRET_REGS offset=16
	ENDBR
	popq	%rcx
	popq	%r11
	UNWIND_HINT_IRET_REGS
	jmp	asm_exc_xen_hypervisor_callback
SYM_CODE_END(xenpv_event_entry)
xenpv_counted event_entry, XENPV_COUNT_UPCALLS

/*
 * The 64-bit syscall callback: on the kernel stack, kernel GS, events
 * masked.  The frame carries the hypervisor's flat user selectors; the
 * native path expects Linux's own.
 */
SYM_CODE_START(xenpv_syscall_entry)
	UNWIND_HINT_IRET_REGS offset=16
	ENDBR
	popq	%rcx
	popq	%r11
	movq	$__USER_DS, 4*8(%rsp)
	movq	$__USER_CS, 1*8(%rsp)
	UNWIND_HINT_IRET_REGS
	jmp	entry_SYSCALL_64_after_hwframe
SYM_CODE_END(xenpv_syscall_entry)
xenpv_counted syscall_entry, XENPV_COUNT_SYSCALLS

/* One stub per exception vector that goes to Linux's handler. */
.macro xenpv_trap_stub name
SYM_CODE_START(xenpv_\name)
	UNWIND_HINT_IRET_REGS offset=16
	ENDBR
	popq	%rcx
	popq	%r11
	UNWIND_HINT_IRET_REGS
	jmp	\name
SYM_CODE_END(xenpv_\name)
xenpv_counted \name, XENPV_COUNT_BOUNCES
.endm

xenpv_trap_stub asm_exc_divide_error
xenpv_trap_stub asm_exc_int3
xenpv_trap_stub asm_exc_overflow
xenpv_trap_stub asm_exc_bounds
xenpv_trap_stub asm_exc_invalid_op
xenpv_trap_stub asm_exc_device_not_available
xenpv_trap_stub asm_exc_coproc_segment_overrun
xenpv_trap_stub asm_exc_invalid_tss
xenpv_trap_stub asm_exc_segment_not_present
xenpv_trap_stub asm_exc_stack_segment
xenpv_trap_stub asm_exc_general_protection
xenpv_trap_stub asm_exc_page_fault
xenpv_trap_stub asm_exc_spurious_interrupt_bug
xenpv_trap_stub asm_exc_coprocessor_error
xenpv_trap_stub asm_exc_alignment_check
xenpv_trap_stub asm_exc_simd_coprocessor_error
xenpv_trap_stub asm_exc_xen_unknown_trap

/*
 * #DB, NMI, #DF and #MC.  Their native entries are IST (paranoid) ones,
 * which a PV kernel cannot have: the hypervisor delivers them on the
 * kernel stack like any other exception (DR6 comes from the hypervisor,
 * read by the handler; an NMI or a machine check stays masked until the
 * IRET hypercall).  Build pt_regs, call the C handler, which does the
 * entry and exit work itself, and return through the IRET hypercall.
 * With an error code (#DF), the C handler gets it as its second argument,
 * as from the native idtentry.
 */
.macro xenpv_raw_entry name cfunc has_error_code=0
SYM_CODE_START(xenpv_\name)
	UNWIND_HINT_IRET_REGS offset=16+8*\has_error_code
	ENDBR
	popq	%rcx
	popq	%r11
	UNWIND_HINT_IRET_REGS offset=8*\has_error_code
	.if !\has_error_code
	pushq	$-1				/* orig_ax: no system call */
	.endif
	PUSH_AND_CLEAR_REGS
	ENCODE_FRAME_POINTER
	UNWIND_HINT_REGS
	movq	%rsp, %rdi
	.if \has_error_code
	movq	ORIG_RAX(%rsp), %rsi		/* the error code ... */
	movq	$-1, ORIG_RAX(%rsp)		/* ... was in orig_ax's place */
	.endif
	call	\cfunc
	POP_REGS
	addq	$8, %rsp			/* orig_ax */
	UNWIND_HINT_IRET_REGS
	jmp	xenpv_iret
SYM_CODE_END(xenpv_\name)
xenpv_counted \name, XENPV_COUNT_BOUNCES, 16+8*\has_error_code
.endm

xenpv_raw_entry asm_exc_debug xenpv_handle_debug
xenpv_raw_entry asm_exc_nmi exc_nmi
xenpv_raw_entry asm_exc_double_fault exc_double_fault has_error_code=1
xenpv_raw_entry asm_exc_machine_check xenpv_handle_machine_check

/*
 * Before trap_init(), head64's early handlers take every exception (MSR
 * probing relies on their fixups); stub i leads to early handler i.
 */
	__INIT
SYM_CODE_START(xenpv_early_idt_stubs)
	i = 0
	.rept NUM_EXCEPTION_VECTORS
	UNWIND_HINT_IRET_REGS offset=16
	popq	%rcx
	popq	%r11
	UNWIND_HINT_IRET_REGS
	jmp	early_idt_handler_array + i * EARLY_IDT_HANDLER_SIZE
	i = i + 1
	.fill xenpv_early_idt_stubs + i * XENPV_EARLY_STUB_SIZE - ., 1, 0xcc
	.endr
SYM_CODE_END(xenpv_early_idt_stubs)
