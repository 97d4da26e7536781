// SPDX-License-Identifier: GPL-2.0
/*
 * Grant references beyond our table are GNTST_bad_gntref, for a map and
 * for a copy; so is a map asking for neither a host nor a device mapping.
 * Nothing is mapped and the valid entry stays idle.
 */
#include "grant.h"

#define REF	(GREF_FIRST + 5)

void test_main(void)
{
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	struct grant_entry_v1 *gt = grant_table(0);
	unsigned long *page = page_alloc(), va = scratch_va(1);
	u16 self = my_domid();
	u32 bad[2], i;
	s16 st;

	if (HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1) || q.status)
		test_result(ERROR, "query_size failed");
	bad[0] = q.nr_frames * (PAGE_SIZE / sizeof(*gt));
	bad[1] = ~0U;
	grant(gt, REF, self, virt_to_mfn(page), GTF_permit_access);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct gnttab_copy op = {
			.source = { .u.ref = bad[i], .domid = DOMID_SELF },
			.dest = { .u.gmfn = virt_to_mfn(page),
				  .domid = DOMID_SELF },
			.len = 8, .flags = GNTCOPY_source_gref,
		};

		st = grant_map(bad[i], self, va, GNTMAP_host_map, NULL);
		if (st != GNTST_bad_gntref)
			test_result(FAILURE, "map of ref 0x%x: status %d",
				    bad[i], st);
		st = grant_copy(&op);
		if (st != GNTST_bad_gntref)
			test_result(FAILURE, "copy of ref 0x%x: status %d",
				    bad[i], st);
	}
	st = grant_map(REF, self, va, 0, NULL);
	if (st != GNTST_bad_gntref)
		test_result(FAILURE, "map without host/device: status %d", st);
	if (*pte_lookup(va, 1) & _PAGE_PRESENT || grant_busy(gt, REF))
		test_result(FAILURE, "refused map left a PTE or flags");
	test_result(SUCCESS, "refs 0x%x and 0x%x are bad", bad[0], bad[1]);
}
