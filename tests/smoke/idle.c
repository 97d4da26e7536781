// SPDX-License-Identifier: GPL-2.0
/*
 * Not a test: a PV kernel that says it is up and then blocks for ever, the
 * small domain the e2e tier creates and destroys at run time through
 * scripts/hvctl.  Built with the smoke kernels (GUESTS in the Makefile);
 * the smoke runner only runs t_*.
 */
#include "smoke.h"

void test_main(void)
{
	cprintf("idle: up\n");
	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}
