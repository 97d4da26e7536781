// SPDX-License-Identifier: GPL-2.0
/*
 * GNTTABOP_unmap_grant_ref checks what it is told: an unknown handle or
 * one already unmapped is GNTST_bad_handle; a host_addr that does not
 * hold the grant's PTE is GNTST_general_error, a dev_bus_addr that is not
 * the frame's GNTST_bad_dev_addr; both leave the mapping in place.
 */
#include "grant.h"

#define REF	(GREF_FIRST + 10)

void test_main(void)
{
	struct grant_entry_v1 *gt = grant_table(0);
	unsigned long *page = page_alloc();
	unsigned long va = scratch_va(1), other = scratch_va(2);
	u64 maddr = virt_to_mfn(page) << PAGE_SHIFT;
	u16 self = my_domid();
	s16 st;
	u32 h;

	grant(gt, REF, self, virt_to_mfn(page), GTF_permit_access);
	st = grant_unmap(va, 0, 0x7fffffff);
	if (st != GNTST_bad_handle)
		test_result(FAILURE, "unknown handle: status %d", st);
	st = grant_map(REF, self, va, GNTMAP_host_map | GNTMAP_device_map, &h);
	if (st)
		test_result(ERROR, "map: status %d", st);
	st = grant_unmap(other, 0, h);
	if (st != GNTST_general_error)
		test_result(FAILURE, "unmap at the wrong address: status %d",
			    st);
	st = grant_unmap(0, maddr + PAGE_SIZE, h);
	if (st != GNTST_bad_dev_addr)
		test_result(FAILURE, "unmap of the wrong bus address: status %d",
			    st);
	if (!(*pte_lookup(va, 1) & _PAGE_PRESENT) ||
	    grant_busy(gt, REF) != GTF_busy)
		test_result(FAILURE, "refused unmaps took the mapping away");
	st = grant_unmap(va, maddr, h);
	if (st || grant_busy(gt, REF))
		test_result(FAILURE, "unmap: status %d flags 0x%x", st,
			    gt[REF].flags);
	st = grant_unmap(va, maddr, h);
	if (st != GNTST_bad_handle)
		test_result(FAILURE, "second unmap: status %d", st);
	test_result(SUCCESS, "handle %u checked", h);
}
