// SPDX-License-Identifier: GPL-2.0
/*
 * fpu_taskswitch(1) sets the virtual CR0.TS: the next FPU instruction
 * raises #NM (vector 7); after fpu_taskswitch(0) it runs.
 */
#include "smoke.h"

static int nm;

static int hook(struct trap_frame *f)
{
	if (f->vector != 7)
		return 0;
	nm++;
	HYPERVISOR_fpu_taskswitch(0);
	return 1;
}

void test_main(void)
{
	long rc;

	trap_hook = hook;
	asm volatile("fninit");
	if (nm)
		test_result(FAILURE, "#NM with TS clear");
	rc = HYPERVISOR_fpu_taskswitch(1);
	if (rc)
		test_result(FAILURE, "fpu_taskswitch(1): %ld", rc);
	asm volatile("fninit");
	if (nm != 1)
		test_result(FAILURE, "%d #NM after fpu_taskswitch(1)", nm);
	asm volatile("fninit");
	if (nm != 1)
		test_result(FAILURE, "#NM again after fpu_taskswitch(0)");
	test_result(SUCCESS, "#NM once after fpu_taskswitch(1)");
}
