// SPDX-License-Identifier: GPL-2.0
/*
 * Our own L4 (a validated page table) can be mapped read-only but never
 * writable, neither through mmu_update nor update_va_mapping, and its
 * existing mapping stays read-only.
 */
#include "smoke.h"

void test_main(void)
{
	unsigned long l4 = l4_mfn();
	unsigned long va = scratch_va(0);
	u64 pte = (l4 << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_ACCESSED;
	long rc;

	rc = mmu_update1(pte_maddr(va, 1), pte | _PAGE_RW | _PAGE_DIRTY);
	if (rc != -XEN_EBUSY)
		test_result(FAILURE, "writable L4 via mmu_update: %ld", rc);
	rc = HYPERVISOR_update_va_mapping(start_info->pt_base,
					  pte | _PAGE_RW | _PAGE_DIRTY,
					  UVMF_INVLPG);
	if (rc != -XEN_EBUSY)
		test_result(FAILURE, "writable L4 via update_va_mapping: %ld",
			    rc);
	if (probe_write((void *)start_info->pt_base, 0) != -XEN_EFAULT)
		test_result(FAILURE, "L4 writable after all");
	rc = mmu_update1(pte_maddr(va, 1), pte);
	if (rc)
		test_result(FAILURE, "read-only L4 mapping refused: %ld", rc);
	if (*(u64 *)va != *(u64 *)start_info->pt_base)
		test_result(FAILURE, "read-only alias differs");
	test_result(SUCCESS, "page table frames stay read-only");
}
