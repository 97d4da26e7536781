// SPDX-License-Identifier: GPL-2.0
/*
 * GNTTABOP_copy by frame number is for the caller's own memory only: the
 * domain must be spelt DOMID_SELF (our numeric id is
 * GNTST_permission_denied, as on Xen), a frame we do not own is
 * GNTST_bad_page, and a destination frame that is one of our page tables
 * cannot be written (GNTST_general_error).  The page table is untouched.
 */
#include "grant.h"

static s16 copy_frames(unsigned long src, u16 src_dom, unsigned long dst)
{
	struct gnttab_copy op = {
		.source = { .u.gmfn = src, .domid = src_dom },
		.dest = { .u.gmfn = dst, .domid = DOMID_SELF },
		.len = 8,
	};

	return grant_copy(&op);
}

void test_main(void)
{
	unsigned long a = virt_to_mfn(page_alloc());
	unsigned long b = virt_to_mfn(page_alloc());
	u64 *l4 = (u64 *)start_info->pt_base, l4e0 = l4[0];
	u16 self = my_domid();
	s16 st;

	st = copy_frames(a, self, b);
	if (st != GNTST_permission_denied)
		test_result(FAILURE, "frame of d%u by number: status %d", self,
			    st);
	st = copy_frames(foreign_mfn(), DOMID_SELF, b);
	if (st != GNTST_bad_page)
		test_result(FAILURE, "foreign frame: status %d", st);
	st = copy_frames(a, DOMID_SELF, l4_mfn());
	if (st != GNTST_general_error || l4[0] != l4e0)
		test_result(FAILURE, "copy into our L4: status %d", st);
	st = copy_frames(a, DOMID_SELF, b);
	if (st)
		test_result(FAILURE, "copy between our frames: status %d", st);
	test_result(SUCCESS, "frame numbers checked");
}
