// SPDX-License-Identifier: GPL-2.0
/*
 * HYPERVISOR_iret to a code selector that does not exist cannot be
 * completed.  As on Xen, the guest gets what a native IRET would raise,
 * #GP with the selector as error code, reported at the state it tried to
 * return to; neither the domain nor the hypervisor dies.
 */
#include "smoke.h"

#define BAD_CS	0x1000		/* GDT entry 512: we have no GDT */

static unsigned long target_rip;

static int on_trap(struct trap_frame *f)
{
	if (f->vector != 13)
		return 0;
	if (f->error_code != BAD_CS)
		test_result(FAILURE, "#GP error code %lx, want %x",
			    f->error_code, BAD_CS);
	if (f->rip != target_rip)
		test_result(FAILURE, "#GP at %lx, want %lx", f->rip,
			    target_rip);
	test_result(SUCCESS, "#GP(%lx) at the target %lx", f->error_code,
		    f->rip);
	return 1;
}

void test_main(void)
{
	unsigned long sp;

	asm volatile("movq %%rsp, %0" : "=r"(sp));
	target_rip = (unsigned long)test_main;
	trap_hook = on_trap;
	iret_to(target_rip, BAD_CS, 0x202, sp - 256, FLAT_KERNEL_SS);
}
