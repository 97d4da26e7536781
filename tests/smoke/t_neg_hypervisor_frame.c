// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor's own page-table frame behind one of its L4 slots in our
 * L4 (the directmap slot 262, else the M2P slot 256) cannot be mapped
 * writable, and not read-only either (it belongs to no domain).
 */
#include "smoke.h"

void test_main(void)
{
	u64 *l4 = (u64 *)start_info->pt_base;
	unsigned long va = scratch_va(0);
	u64 e = l4[262], pte;
	unsigned long mfn;
	long rc;

	if (!(e & _PAGE_PRESENT))
		e = l4[256];
	if (!(e & _PAGE_PRESENT))
		test_result(ERROR, "no hypervisor L4 slot populated");
	mfn = (e & PTE_MFN_MASK) >> PAGE_SHIFT;
	pte = (mfn << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_ACCESSED;
	rc = mmu_update1(pte_maddr(va, 1), pte | _PAGE_RW | _PAGE_DIRTY);
	if (rc != -XEN_EBUSY)
		test_result(FAILURE, "writable map of mfn %lx: %ld", mfn, rc);
	rc = HYPERVISOR_update_va_mapping(va, pte, UVMF_INVLPG);
	if (rc != -XEN_EBUSY)
		test_result(FAILURE, "read-only map of mfn %lx: %ld", mfn, rc);
	test_result(SUCCESS, "hypervisor frame %lx not mappable", mfn);
}
