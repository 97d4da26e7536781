// SPDX-License-Identifier: GPL-2.0
/*
 * A RAM frame that is not in our p2m belongs to someone else (the
 * hypervisor's heap, another domain): mapping it, read-only or writable,
 * is refused.
 */
#include "smoke.h"

void test_main(void)
{
	unsigned long va = scratch_va(0);
	unsigned long mfn = foreign_mfn();
	u64 pte;
	long rc;

	pte = (mfn << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_ACCESSED;
	rc = HYPERVISOR_update_va_mapping(va, pte, UVMF_INVLPG);
	if (rc != -XEN_EBUSY)
		test_result(FAILURE, "read-only map of mfn %lx: %ld", mfn, rc);
	rc = mmu_update1(pte_maddr(va, 1), pte | _PAGE_RW | _PAGE_DIRTY);
	if (rc != -XEN_EBUSY)
		test_result(FAILURE, "writable map of mfn %lx: %ld", mfn, rc);
	if (*pte_lookup(va, 1) & _PAGE_PRESENT)
		test_result(FAILURE, "L1 entry changed");
	test_result(SUCCESS, "mfn %lx not mappable", mfn);
}
