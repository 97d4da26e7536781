// SPDX-License-Identifier: GPL-2.0
/* mmu_update and mmuext_op naming a domain that does not exist: -XEN_ESRCH. */
#include "smoke.h"

void test_main(void)
{
	struct mmu_update req = { 0, 0 };
	struct mmuext_op op = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };
	int done;
	long rc;

	req.ptr = pte_maddr(scratch_va(0), 1);
	rc = HYPERVISOR_mmu_update(&req, 1, &done, 0x7000);
	if (rc != -XEN_ESRCH)
		test_result(FAILURE, "mmu_update for dom 0x7000: %ld", rc);
	rc = HYPERVISOR_mmuext_op(&op, 1, &done, 0x7000);
	if (rc != -XEN_ESRCH)
		test_result(FAILURE, "mmuext_op for dom 0x7000: %ld", rc);
	test_result(SUCCESS, "unknown domain refused");
}
