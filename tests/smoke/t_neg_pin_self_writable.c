// SPDX-License-Identifier: GPL-2.0
/*
 * An L1 table that maps itself writable would let the guest edit its own
 * page table: pinning it must fail.
 */
#include "smoke.h"

void test_main(void)
{
	u64 *t = page_alloc();
	unsigned long mfn = virt_to_mfn(t);
	long rc;

	t[5] = (mfn << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_RW |
	       _PAGE_ACCESSED | _PAGE_DIRTY;
	if (page_set_ro(t, 1))
		test_result(ERROR, "cannot make the frame read-only");
	rc = mmuext1(MMUEXT_PIN_L1_TABLE, mfn);
	if (rc != -XEN_EBUSY)
		test_result(FAILURE, "pinning a self-writable L1 returned %ld",
			    rc);
	/* The failed pin must not leave the frame typed as a page table. */
	rc = page_set_ro(t, 0);
	if (rc)
		test_result(FAILURE, "frame stuck after failed pin: %ld", rc);
	t[5] &= ~_PAGE_RW;
	if (page_set_ro(t, 1))
		test_result(ERROR, "cannot make the frame read-only again");
	rc = mmuext1(MMUEXT_PIN_L1_TABLE, mfn);
	if (rc)
		test_result(FAILURE, "L1 with a read-only self map: %ld", rc);
	test_result(SUCCESS, "self-writable L1 refused, read-only one pins");
}
