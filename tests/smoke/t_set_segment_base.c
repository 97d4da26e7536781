// SPDX-License-Identifier: GPL-2.0
/*
 * set_segment_base(SEGBASE_FS) sets the fs base used by %fs: accesses;
 * a non-canonical base is refused.
 */
#include "smoke.h"

static unsigned long cell[2] = { 0x1111, 0xf5f5f5 };

void test_main(void)
{
	unsigned long val;
	long rc;

	rc = HYPERVISOR_set_segment_base(SEGBASE_FS, (unsigned long)cell);
	if (rc)
		test_result(FAILURE, "set fs base: %ld", rc);
	asm volatile("movq %%fs:8, %0" : "=r" (val));
	if (val != 0xf5f5f5)
		test_result(FAILURE, "%%fs:8 reads %lx", val);
	rc = HYPERVISOR_set_segment_base(SEGBASE_GS_USER, (unsigned long)cell);
	if (rc)
		test_result(FAILURE, "set user gs base: %ld", rc);
	rc = HYPERVISOR_set_segment_base(SEGBASE_FS, 0x0000800000000000UL);
	if (rc != -XEN_EINVAL)
		test_result(FAILURE, "non-canonical fs base: %ld", rc);
	rc = HYPERVISOR_set_segment_base(42, 0);
	if (rc != -XEN_EINVAL)
		test_result(FAILURE, "unknown segment: %ld", rc);
	test_result(SUCCESS, "fs base set, bad bases refused");
}
