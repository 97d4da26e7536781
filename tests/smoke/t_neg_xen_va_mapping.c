// SPDX-License-Identifier: GPL-2.0
/*
 * update_va_mapping on an address inside the hypervisor's range fails:
 * the guest has no L1 entry there to change.
 */
#include "smoke.h"

void test_main(void)
{
	static const unsigned long vas[] = {
		HYPERVISOR_VIRT_START, 0xffff830000000000UL,
		HYPERVISOR_VIRT_END - PAGE_SIZE,
	};
	u64 pte = (virt_to_mfn(page_alloc()) << PAGE_SHIFT) | _PAGE_PRESENT |
		  _PAGE_ACCESSED;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vas); i++) {
		long rc = HYPERVISOR_update_va_mapping(vas[i], pte,
						       UVMF_INVLPG);

		if (rc != -XEN_EINVAL)
			test_result(FAILURE, "update_va_mapping(%lx): %ld",
				    vas[i], rc);
	}
	test_result(SUCCESS, "hypervisor range not mappable");
}
