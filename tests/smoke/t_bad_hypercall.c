// SPDX-License-Identifier: GPL-2.0
/* Unknown hypercall numbers fail with -XEN_ENOSYS and change nothing. */
#include "smoke.h"

void test_main(void)
{
	static const unsigned long nrs[] = { 60, 63, 255, 1000, 1UL << 32 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(nrs); i++) {
		long rc = hypercall(nrs[i], 0, 0, 0);

		if (rc != -XEN_ENOSYS)
			test_result(FAILURE, "hypercall %lu returned %ld",
				    nrs[i], rc);
	}
	test_result(SUCCESS, "unknown hypercalls return -XEN_ENOSYS");
}
