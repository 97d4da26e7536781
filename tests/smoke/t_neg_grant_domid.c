// SPDX-License-Identifier: GPL-2.0
/*
 * A grant is for the domain its entry names: an entry naming another
 * domain, or no valid grant at all, cannot be mapped or copied
 * (GNTST_general_error, as Xen answers), and leaves the entry untouched.
 * The granting domain of a map must be a real domain id: DOMID_SELF and
 * an absent domain are GNTST_bad_domain.
 */
#include "grant.h"

#define OTHER_REF	(GREF_FIRST + 6)
#define INVALID_REF	(GREF_FIRST + 7)
#define GOOD_REF	(GREF_FIRST + 8)

static void refused(struct grant_entry_v1 *gt, u32 ref, u16 dom, s16 want)
{
	unsigned long va = scratch_va(1);
	u16 flags = gt[ref].flags;
	s16 st = grant_map(ref, dom, va, GNTMAP_host_map, NULL);

	if (st != want)
		test_result(FAILURE, "map of ref %u from d%u: status %d",
			    ref, dom, st);
	if (gt[ref].flags != flags || *pte_lookup(va, 1) & _PAGE_PRESENT)
		test_result(FAILURE, "map of ref %u changed the entry or PTE",
			    ref);
}

void test_main(void)
{
	struct grant_entry_v1 *gt = grant_table(0);
	unsigned long mfn = virt_to_mfn(page_alloc());
	u16 self = my_domid();
	struct gnttab_copy op = {
		.source = { .u.ref = OTHER_REF, .domid = DOMID_SELF },
		.dest = { .u.gmfn = virt_to_mfn(page_alloc()),
			  .domid = DOMID_SELF },
		.len = 8, .flags = GNTCOPY_source_gref,
	};
	s16 st;

	grant(gt, OTHER_REF, self + 1, mfn, GTF_permit_access);
	grant(gt, INVALID_REF, self, mfn, 0);
	grant(gt, GOOD_REF, self, mfn, GTF_permit_access);
	refused(gt, OTHER_REF, self, GNTST_general_error);
	refused(gt, INVALID_REF, self, GNTST_general_error);
	refused(gt, GOOD_REF, DOMID_SELF, GNTST_bad_domain);
	refused(gt, GOOD_REF, 0x7000, GNTST_bad_domain);
	st = grant_copy(&op);
	if (st != GNTST_general_error || gt[OTHER_REF].flags != GTF_permit_access)
		test_result(FAILURE, "copy of a grant to d%u: status %d",
			    self + 1, st);
	test_result(SUCCESS, "grants for d%u refused to d%u", self + 1, self);
}
