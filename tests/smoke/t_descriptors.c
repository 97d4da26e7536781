// SPDX-License-Identifier: GPL-2.0
/*
 * Segment descriptors a guest installs: an LDT set with MMUEXT_SET_LDT
 * and filled with update_descriptor is usable from ring 3 (a data
 * selector loads); a system descriptor (a TSS) is refused by
 * update_descriptor, and a descriptor page cannot be mapped writable
 * while it is in use.
 */
#include "smoke.h"

#define DATA_DESC	0x00cff3000000ffffull	/* flat data, DPL 3 */
#define TSS_DESC	0x0000890000000067ull	/* available 64-bit TSS */
#define LDT_SEL		((1 << 3) | 4 | 3)	/* LDT entry 1, RPL 3 */

void test_main(void)
{
	u64 *ldt = page_alloc(), maddr = virt_to_mfn(ldt) << PAGE_SHIFT;
	unsigned short sel;
	long rc;

	memset(ldt, 0, PAGE_SIZE);
	if (page_set_ro(ldt, 1))
		test_result(ERROR, "cannot map the LDT page read-only");
	rc = HYPERVISOR_update_descriptor(maddr + 8, DATA_DESC);
	if (rc)
		test_result(FAILURE, "update_descriptor(data): %ld", rc);
	rc = HYPERVISOR_update_descriptor(maddr + 16, TSS_DESC);
	if (rc != -XEN_EINVAL)
		test_result(FAILURE, "update_descriptor(TSS): %ld, want -EINVAL",
			    rc);
	rc = set_ldt((unsigned long)ldt, 4);
	if (rc)
		test_result(FAILURE, "MMUEXT_SET_LDT: %ld", rc);
	asm volatile("movw %w1, %%ds; movw %%ds, %w0" : "=r"(sel)
		     : "r"(LDT_SEL));
	asm volatile("movw %w0, %%ds" : : "r"(0));
	if (sel != LDT_SEL)
		test_result(FAILURE, "ds reads %#x after loading %#x", sel,
			    LDT_SEL);
	rc = page_set_ro(ldt, 0);
	if (rc != -XEN_EBUSY)
		test_result(FAILURE, "LDT page in use mapped writable: %ld", rc);
	rc = set_ldt(0, 0);
	if (rc)
		test_result(FAILURE, "clearing the LDT: %ld", rc);
	test_result(SUCCESS, "LDT selector %#x loads, TSS descriptor refused",
		    sel);
}
