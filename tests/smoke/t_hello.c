// SPDX-License-Identifier: GPL-2.0
/* console_io(CONSOLEIO_write) works: the result line is the proof. */
#include "smoke.h"

void test_main(void)
{
	long rc = HYPERVISOR_console_io(CONSOLEIO_write, 6, "hello\n");

	if (rc < 0)
		test_result(FAILURE, "console_io write returned %ld", rc);
	test_result(SUCCESS, "hello from a PV guest");
}
