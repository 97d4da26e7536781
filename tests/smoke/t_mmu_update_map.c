// SPDX-License-Identifier: GPL-2.0
/*
 * mmu_update(MMU_NORMAL_PT_UPDATE) on an L1 entry maps one of our frames
 * at a second virtual address; both aliases see the same memory.
 */
#include "smoke.h"

void test_main(void)
{
	unsigned long *page = page_alloc();
	unsigned long va = scratch_va(0);
	unsigned long *alias = (unsigned long *)va;
	unsigned long mfn = virt_to_mfn(page);
	long rc;

	page[7] = 0x5a5a1234;
	rc = mmu_update1(pte_maddr(va, 1), (mfn << PAGE_SHIFT) |
			 _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED |
			 _PAGE_DIRTY);
	if (rc)
		test_result(FAILURE, "mmu_update returned %ld", rc);
	if (alias[7] != 0x5a5a1234)
		test_result(FAILURE, "alias reads %lx", alias[7]);
	alias[8] = 0xfeed;
	if (READ_ONCE(page[8]) != 0xfeed)
		test_result(FAILURE, "write through alias not seen");
	if (((*pte_lookup(va, 1) & PTE_MFN_MASK) >> PAGE_SHIFT) != mfn)
		test_result(FAILURE, "L1 entry reads %lx", *pte_lookup(va, 1));
	test_result(SUCCESS, "mfn %lx mapped at %lx", mfn, va);
}
