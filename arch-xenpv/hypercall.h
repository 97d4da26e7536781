/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hypercalls of the xenpv port: one inline "syscall" each; the typed
 * wrappers only give each hypercall its argument list.  No hypercall
 * page is used.  Numbers, structures and sub-commands come from the
 * kernel tree's include/xen/interface headers (the Xen public ABI).
 */
#ifndef _ARCH_X86_XENPV_HYPERCALL_H
#define _ARCH_X86_XENPV_HYPERCALL_H

#include <linux/objtool.h>
#include <linux/types.h>
#include <xen/interface/xen.h>
#include <xen/interface/callback.h>
#include <xen/interface/event_channel.h>
#include <xen/interface/grant_table.h>
#include <xen/interface/memory.h>
#include <xen/interface/physdev.h>
#include <xen/interface/sched.h>
#include <xen/interface/vcpu.h>
#include <xen/interface/version.h>
#include "counts.h"

/*
 * One hypercall, inline: the number in %rax, the arguments where the ABI
 * wants them, "syscall" from kernel mode; %rcx and %r11 come back
 * clobbered and every other register as it was, except the arguments a
 * preempted hypercall's continuation rewrote.  objtool stops at a
 * syscall instruction: the hints tell it the frame is the same after.
 */
static __always_inline long xenpv_hypercall_uncounted(unsigned long nr,
		unsigned long a1, unsigned long a2, unsigned long a3,
		unsigned long a4, unsigned long a5)
{
	register unsigned long r10 asm("r10") = a4;
	register unsigned long r8 asm("r8") = a5;
	unsigned long ret = nr;

	asm volatile(UNWIND_HINT(0, 0, UNWIND_HINT_TYPE_SAVE, 0)
		     "syscall\n\t"
		     UNWIND_HINT(0, 0, UNWIND_HINT_TYPE_RESTORE, 0)
		     : "+a" (ret), "+D" (a1), "+S" (a2), "+d" (a3),
		       "+r" (r10), "+r" (r8)
		     : : "rcx", "r11", "memory");
	return ret;
}

/* The same, counted by number when booted with xenpv.counts=1. */
static __always_inline long xenpv_hypercall(unsigned long nr,
		unsigned long a1, unsigned long a2, unsigned long a3,
		unsigned long a4, unsigned long a5)
{
	if (unlikely(xenpv_counting) && nr < XENPV_NR_COUNTED_HYPERCALLS)
		this_cpu_inc(xenpv_counts.hypercall[nr]);
	return xenpv_hypercall_uncounted(nr, a1, a2, a3, a4, a5);
}

/*
 * For what must not return (shutdown, taking a vCPU down): the hypercall
 * again and again, the loop inside the asm (objtool cannot follow a
 * C loop around the hypercall's hints).  Not counted.
 */
static __always_inline void __noreturn
xenpv_hypercall_forever(unsigned long nr, unsigned long a1, unsigned long a2,
			unsigned long a3)
{
	asm volatile("1:\n\t"
		     "movl %k0, %%eax\n\t"
		     UNWIND_HINT(0, 0, UNWIND_HINT_TYPE_SAVE, 0)
		     "syscall\n\t"
		     UNWIND_HINT(0, 0, UNWIND_HINT_TYPE_RESTORE, 0)
		     "jmp 1b"
		     : : "r" (nr), "D" (a1), "S" (a2), "d" (a3)
		     : "rax", "rcx", "r11", "memory");
	unreachable();
}

#define XPV_HC(nr, a1, a2, a3, a4, a5)					\
	xenpv_hypercall(nr, (unsigned long)(a1), (unsigned long)(a2),	\
			(unsigned long)(a3), (unsigned long)(a4),	\
			(unsigned long)(a5))

static inline long hv_set_trap_table(const struct trap_info *table)
{
	return XPV_HC(__HYPERVISOR_set_trap_table, table, 0, 0, 0, 0);
}

static inline long hv_mmu_update(struct mmu_update *req, unsigned int count,
				 unsigned int *done, domid_t dom)
{
	return XPV_HC(__HYPERVISOR_mmu_update, req, count, done, dom, 0);
}

static inline long hv_mmuext_op(struct mmuext_op *op, unsigned int count,
				unsigned int *done, domid_t dom)
{
	return XPV_HC(__HYPERVISOR_mmuext_op, op, count, done, dom, 0);
}

static inline long hv_set_gdt(unsigned long *frames, unsigned int entries)
{
	return XPV_HC(__HYPERVISOR_set_gdt, frames, entries, 0, 0, 0);
}

static inline long hv_stack_switch(unsigned long ss, unsigned long sp)
{
	return XPV_HC(__HYPERVISOR_stack_switch, ss, sp, 0, 0, 0);
}

static inline long hv_fpu_taskswitch(int set)
{
	return XPV_HC(__HYPERVISOR_fpu_taskswitch, set, 0, 0, 0, 0);
}

static inline long hv_set_debugreg(int reg, unsigned long value)
{
	return XPV_HC(__HYPERVISOR_set_debugreg, reg, value, 0, 0, 0);
}

static inline unsigned long hv_get_debugreg(int reg)
{
	return XPV_HC(__HYPERVISOR_get_debugreg, reg, 0, 0, 0, 0);
}

/* @maddr: machine address of the descriptor; @desc: its 8 bytes. */
static inline long hv_update_descriptor(u64 maddr, u64 desc)
{
	return XPV_HC(__HYPERVISOR_update_descriptor, maddr, desc, 0, 0, 0);
}

static inline long hv_update_va_mapping(unsigned long va, u64 pte,
					unsigned long flags)
{
	return XPV_HC(__HYPERVISOR_update_va_mapping, va, pte, flags, 0, 0);
}

static inline long hv_set_segment_base(int reg, unsigned long value)
{
	return XPV_HC(__HYPERVISOR_set_segment_base, reg, value, 0, 0, 0);
}

static inline long hv_multicall(struct multicall_entry *calls,
				unsigned int nr)
{
	return XPV_HC(__HYPERVISOR_multicall, calls, nr, 0, 0, 0);
}

static inline long hv_vm_assist(unsigned int cmd, unsigned int type)
{
	return XPV_HC(__HYPERVISOR_vm_assist, cmd, type, 0, 0, 0);
}

static inline long hv_xen_version(int cmd, void *arg)
{
	return XPV_HC(__HYPERVISOR_xen_version, cmd, arg, 0, 0, 0);
}

static inline long hv_memory_op(unsigned int cmd, void *arg)
{
	return XPV_HC(__HYPERVISOR_memory_op, cmd, arg, 0, 0, 0);
}

static inline long hv_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
	return XPV_HC(__HYPERVISOR_vcpu_op, cmd, vcpu, arg, 0, 0);
}

static inline long hv_sched_op(int cmd, void *arg)
{
	return XPV_HC(__HYPERVISOR_sched_op, cmd, arg, 0, 0, 0);
}

static inline long hv_set_timer_op(u64 timeout)
{
	return XPV_HC(__HYPERVISOR_set_timer_op, timeout, 0, 0, 0, 0);
}

static inline long hv_event_channel_op(int cmd, void *arg)
{
	return XPV_HC(__HYPERVISOR_event_channel_op, cmd, arg, 0, 0, 0);
}

static inline long hv_grant_table_op(unsigned int cmd, void *uop,
				     unsigned int count)
{
	return XPV_HC(__HYPERVISOR_grant_table_op, cmd, uop, count, 0, 0);
}

static inline long hv_console_io(int cmd, int count, const char *str)
{
	return XPV_HC(__HYPERVISOR_console_io, cmd, count, str, 0, 0);
}

static inline long hv_physdev_op(int cmd, void *arg)
{
	return XPV_HC(__HYPERVISOR_physdev_op, cmd, arg, 0, 0, 0);
}

static inline long hv_callback_op(int cmd, const void *arg)
{
	return XPV_HC(__HYPERVISOR_callback_op, cmd, arg, 0, 0, 0);
}

#endif
