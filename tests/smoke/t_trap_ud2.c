// SPDX-License-Identifier: GPL-2.0
/* ud2 raises #UD (vector 6) with rip at the ud2; we skip it and resume. */
#include "smoke.h"

static int hook(struct trap_frame *f)
{
	if (f->vector != 6)
		return 0;
	f->rip += 2;
	return 1;
}

void test_main(void)
{
	unsigned long at;

	trap_hook = hook;
	asm volatile("leaq 1f(%%rip), %0\n\t"
		     "1: ud2" : "=r" (at) : : "memory");
	if (last_trap.count != 1 || last_trap.vector != 6)
		test_result(FAILURE, "%lu traps, last vector %lu",
			    last_trap.count, last_trap.vector);
	if (last_trap.rip != at)
		test_result(FAILURE, "rip %lx, want %lx", last_trap.rip, at);
	if (last_trap.error_code)
		test_result(FAILURE, "error code %lx", last_trap.error_code);
	test_result(SUCCESS, "#UD at %lx", at);
}
