// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor's L4 slots (256..271) are not the guest's to change:
 * mmu_update on them fails and leaves them as they were.
 */
#include "smoke.h"

void test_main(void)
{
	static const int slots[] = { 256, 260, 262, 271 };
	u64 *l4 = (u64 *)start_info->pt_base;
	u64 base = pte_maddr(start_info->pt_base, 1);
	u64 l4_maddr = l4_mfn() << PAGE_SHIFT;
	unsigned int i;

	if (!base)
		test_result(ERROR, "cannot find our L4");
	for (i = 0; i < ARRAY_SIZE(slots); i++) {
		int s = slots[i];
		u64 old = l4[s];
		long rc = mmu_update1(l4_maddr + s * 8, l4[511]);

		if (rc != -XEN_EINVAL)
			test_result(FAILURE, "update of L4 slot %d: %ld", s, rc);
		rc = mmu_update1(l4_maddr + s * 8, 0);
		if (rc != -XEN_EINVAL)
			test_result(FAILURE, "clear of L4 slot %d: %ld", s, rc);
		if (l4[s] != old)
			test_result(FAILURE, "L4 slot %d changed", s);
	}
	test_result(SUCCESS, "hypervisor L4 slots refused");
}
