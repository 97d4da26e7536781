// SPDX-License-Identifier: GPL-2.0
/* VCPUOP_is_up: vcpu 0 (us) is up; a vcpu beyond the domain's: -XEN_ENOENT. */
#include "smoke.h"

void test_main(void)
{
	long rc = HYPERVISOR_vcpu_op(VCPUOP_is_up, 0, NULL);

	if (rc != 1)
		test_result(FAILURE, "vcpu 0 is_up: %ld", rc);
	rc = HYPERVISOR_vcpu_op(VCPUOP_is_up, 4096, NULL);
	if (rc != -XEN_ENOENT)
		test_result(FAILURE, "vcpu 4096 is_up: %ld", rc);
	test_result(SUCCESS, "vcpu 0 up, vcpu 4096 absent");
}
