// SPDX-License-Identifier: GPL-2.0
/*
 * Overwriting a grant PTE with a plain mmu_update would drop a mapping
 * behind the grant table's back: hv-stub crashes the domain, as a debug
 * build of Xen does (expect=crash).  Debian's release Xen does not mark
 * grant PTEs and lets the update through: the test SKIPs there, before
 * trying.
 */
#include "grant.h"

#define REF	(GREF_FIRST + 13)

void test_main(void)
{
	struct grant_entry_v1 *gt = grant_table(0);
	unsigned long va = scratch_va(1);
	u16 self = my_domid();
	u32 h;

	grant(gt, REF, self, virt_to_mfn(page_alloc()), GTF_permit_access);
	if (grant_map(REF, self, va, GNTMAP_host_map, &h))
		test_result(ERROR, "map failed");
	if (!(*pte_lookup(va, 1) & _PAGE_GNTTAB)) {
		grant_unmap(va, 0, h);
		test_result(SKIP, "grant PTEs unmarked (release Xen)");
	}
	mmu_update1(pte_maddr(va, 1), 0);
	test_result(FAILURE, "implicit unmap of a grant PTE went through");
}
