// SPDX-License-Identifier: GPL-2.0
/*
 * Without I/O privilege (no PHYSDEVOP_set_iopl, no I/O bitmap) a guest
 * kernel's inb is refused with #GP, for dom0 as for a domU.
 */
#include "smoke.h"

void test_main(void)
{
	unsigned long val = 0;

	if (probe_inb(0x80, &val) != -XEN_EFAULT)
		test_result(FAILURE, "inb 0x80 allowed, read %lx", val);
	if (last_trap.vector != 13)
		test_result(FAILURE, "inb trapped with vector %lu",
			    last_trap.vector);
	if (last_trap.error_code)
		test_result(FAILURE, "#GP error code %lx", last_trap.error_code);
	test_result(SUCCESS, "inb refused with #GP");
}
