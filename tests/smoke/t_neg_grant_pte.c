// SPDX-License-Identifier: GPL-2.0
/*
 * A grant PTE is the hypervisor's to write: copying one (it carries
 * _PAGE_GNTTAB, bit 62) to another address with mmu_update or
 * update_va_mapping is refused with -EINVAL, as a debug build of Xen
 * refuses it.  Debian's release Xen does not mark grant PTEs at all
 * (_PAGE_GNTTAB is 0 there): the test then SKIPs.
 */
#include "grant.h"

#define REF	(GREF_FIRST + 12)

void test_main(void)
{
	struct grant_entry_v1 *gt = grant_table(0);
	unsigned long va = scratch_va(1), va2 = scratch_va(2);
	u16 self = my_domid();
	long rc1, rc2;
	u64 pte;
	u32 h;

	grant(gt, REF, self, virt_to_mfn(page_alloc()), GTF_permit_access);
	if (grant_map(REF, self, va, GNTMAP_host_map, &h))
		test_result(ERROR, "map failed");
	pte = *pte_lookup(va, 1);
	if (!(pte & _PAGE_GNTTAB)) {
		grant_unmap(va, 0, h);
		test_result(SKIP, "grant PTE %lx unmarked (release Xen)", pte);
	}
	rc1 = mmu_update1(pte_maddr(va2, 1), pte);
	rc2 = HYPERVISOR_update_va_mapping(va2, pte, UVMF_INVLPG);
	if (rc1 != -XEN_EINVAL || rc2 != -XEN_EINVAL ||
	    *pte_lookup(va2, 1) & _PAGE_PRESENT)
		test_result(FAILURE, "forged grant PTE %lx: %ld, %ld", pte, rc1,
			    rc2);
	if (grant_unmap(va, 0, h))
		test_result(FAILURE, "unmap of the real one failed");
	test_result(SUCCESS, "grant PTE %lx not forgeable", pte);
}
