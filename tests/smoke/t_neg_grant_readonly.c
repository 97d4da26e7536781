// SPDX-License-Identifier: GPL-2.0
/*
 * A GTF_readonly grant refuses every kind of write access: a writable
 * host mapping, a writable device mapping and a copy into it are all
 * GNTST_general_error and leave the entry as it was.  A read-only mapping
 * of it works.
 */
#include "grant.h"

#define REF	(GREF_FIRST + 9)

void test_main(void)
{
	struct grant_entry_v1 *gt = grant_table(0);
	unsigned long *page = page_alloc(), va = scratch_va(1);
	u16 self = my_domid(), ro = GTF_permit_access | GTF_readonly;
	struct gnttab_copy op = {
		.source = { .u.gmfn = virt_to_mfn(page_alloc()),
			    .domid = DOMID_SELF },
		.dest = { .u.ref = REF, .domid = DOMID_SELF },
		.len = 8, .flags = GNTCOPY_dest_gref,
	};
	s16 st;
	u32 h;

	page[0] = 0x1234;
	grant(gt, REF, self, virt_to_mfn(page), ro);
	st = grant_map(REF, self, va, GNTMAP_host_map, NULL);
	if (st != GNTST_general_error)
		test_result(FAILURE, "writable host map: status %d", st);
	st = grant_map(REF, self, 0, GNTMAP_device_map, NULL);
	if (st != GNTST_general_error)
		test_result(FAILURE, "writable device map: status %d", st);
	st = grant_copy(&op);
	if (st != GNTST_general_error)
		test_result(FAILURE, "copy into it: status %d", st);
	if (gt[REF].flags != ro || *pte_lookup(va, 1) & _PAGE_PRESENT ||
	    page[0] != 0x1234)
		test_result(FAILURE, "refusals changed flags 0x%x or memory",
			    gt[REF].flags);
	st = grant_map(REF, self, va, GNTMAP_host_map | GNTMAP_readonly, &h);
	if (st || grant_busy(gt, REF) != GTF_reading)
		test_result(FAILURE, "read-only map: status %d flags 0x%x", st,
			    gt[REF].flags);
	if (READ_ONCE(*(unsigned long *)va) != 0x1234)
		test_result(FAILURE, "read-only map reads wrong");
	st = grant_unmap(va, 0, h);
	if (st || gt[REF].flags != ro)
		test_result(FAILURE, "unmap: status %d flags 0x%x", st,
			    gt[REF].flags);
	test_result(SUCCESS, "read-only grant kept read-only");
}
