// SPDX-License-Identifier: GPL-2.0
/*
 * int3 is bounced to our vector-3 handler with an exact frame: rip after
 * the int3, the interrupted rsp, a kernel-mode cs, and registers intact.
 */
#include "smoke.h"

static unsigned long seen_rbx;

static int hook(struct trap_frame *f)
{
	if (f->vector != 3)
		return 0;
	seen_rbx = f->rbx;
	f->rbx = 0x600d;
	return 1;
}

void test_main(void)
{
	unsigned long after, rsp, rbx = 0xb0b;

	events_disable();
	trap_hook = hook;
	asm volatile("movq %%rsp, %1\n\t"
		     "int3\n\t"
		     "1: leaq 1b(%%rip), %0"
		     : "=r" (after), "=&r" (rsp), "+b" (rbx) : : "memory");
	if (last_trap.count != 1 || last_trap.vector != 3)
		test_result(FAILURE, "%lu traps, last vector %lu",
			    last_trap.count, last_trap.vector);
	if (last_trap.rip != after)
		test_result(FAILURE, "rip %lx, want %lx", last_trap.rip, after);
	if (last_trap.rsp != rsp)
		test_result(FAILURE, "rsp %lx, want %lx", last_trap.rsp, rsp);
	/* Kernel mode shows as RPL 0; bits 32-39 carry the upcall mask. */
	if ((last_trap.cs & 0xffff) != (FLAT_KERNEL_CS & ~3))
		test_result(FAILURE, "cs %lx", last_trap.cs);
	if (((last_trap.cs >> 32) & 0xff) != 1)
		test_result(FAILURE, "saved upcall mask %lx in cs",
			    last_trap.cs >> 32);
	if (seen_rbx != 0xb0b || rbx != 0x600d)
		test_result(FAILURE, "rbx %lx/%lx not carried through", seen_rbx,
			    rbx);
	test_result(SUCCESS, "int3 frame rip %lx cs %lx rflags %lx",
		    last_trap.rip, last_trap.cs, last_trap.rflags);
}
