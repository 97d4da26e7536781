// SPDX-License-Identifier: GPL-2.0
/*
 * set_trap_table(NULL) clears every trap handler; a page fault then
 * cannot be delivered and the hypervisor must crash this domain
 * (expect=crash), not resume it.
 */
#include "smoke.h"

void test_main(void)
{
	if (HYPERVISOR_set_trap_table(NULL))
		test_result(FAILURE, "set_trap_table(NULL) failed");
	WRITE_ONCE(*(unsigned long *)scratch_va(1), 1);
	test_result(FAILURE, "fault without a handler was ignored");
}
