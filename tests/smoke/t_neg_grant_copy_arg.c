// SPDX-License-Identifier: GPL-2.0
/*
 * GNTTABOP_copy stays inside a page: offset + len beyond 4096 on either
 * side is GNTST_bad_copy_arg, in a batch whose good copies are done.
 * Nothing is written by the refused ones and the grants are idle after.
 */
#include "grant.h"

#define REF	(GREF_FIRST + 11)

void test_main(void)
{
	struct grant_entry_v1 *gt = grant_table(0);
	unsigned char *src = page_alloc(), *dst = page_alloc();
	u16 self = my_domid();
	struct gnttab_copy op[3];
	unsigned int i;
	long rc;

	memset(src, 0x5a, PAGE_SIZE);
	memset(dst, 0, PAGE_SIZE);
	grant(gt, REF, self, virt_to_mfn(src), GTF_permit_access);
	for (i = 0; i < ARRAY_SIZE(op); i++) {
		op[i] = (struct gnttab_copy) {
			.source = { .u.ref = REF, .domid = DOMID_SELF },
			.dest = { .u.gmfn = virt_to_mfn(dst),
				  .domid = DOMID_SELF },
			.len = 200, .flags = GNTCOPY_source_gref,
			.status = 99,
		};
	}
	op[0].source.offset = PAGE_SIZE - 100;
	op[1].dest.offset = PAGE_SIZE - 199;
	op[2].dest.offset = PAGE_SIZE - 200;
	rc = HYPERVISOR_grant_table_op(GNTTABOP_copy, op, 3);
	if (rc || op[0].status != GNTST_bad_copy_arg ||
	    op[1].status != GNTST_bad_copy_arg || op[2].status)
		test_result(FAILURE, "rc %ld, status %d %d %d", rc,
			    op[0].status, op[1].status, op[2].status);
	for (i = 0; i < PAGE_SIZE; i++)
		if (dst[i] != (i >= PAGE_SIZE - 200 ? 0x5a : 0))
			test_result(FAILURE, "byte %u is 0x%x", i, dst[i]);
	if (grant_busy(gt, REF))
		test_result(FAILURE, "grant busy after the copies");
	test_result(SUCCESS, "copies across a page end refused");
}
