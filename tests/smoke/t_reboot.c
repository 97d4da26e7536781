// SPDX-License-Identifier: GPL-2.0
/* SCHEDOP_shutdown(SHUTDOWN_reboot) ends the domain (expect=reboot). */
#include "smoke.h"

void test_main(void)
{
	unsigned int reason = SHUTDOWN_reboot;

	cprintf("Test result: SUCCESS reboot requested\n");
	HYPERVISOR_sched_op(SCHEDOP_shutdown, &reason);
	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
}
