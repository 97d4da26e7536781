// SPDX-License-Identifier: GPL-2.0
/*
 * update_va_mapping maps a frame at a virtual address, remaps it to
 * another frame (with INVLPG, no stale TLB entry) and unmaps it.
 */
#include "smoke.h"

#define FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

void test_main(void)
{
	unsigned long *a = page_alloc(), *b = page_alloc();
	unsigned long va = scratch_va(0), val;
	long rc;

	a[0] = 0xaaaa;
	b[0] = 0xbbbb;
	rc = HYPERVISOR_update_va_mapping(va, (virt_to_mfn(a) << PAGE_SHIFT) |
					  FLAGS, UVMF_INVLPG);
	if (rc)
		test_result(FAILURE, "map: %ld", rc);
	if (*(unsigned long *)va != 0xaaaa)
		test_result(FAILURE, "first mapping reads %lx",
			    *(unsigned long *)va);
	rc = HYPERVISOR_update_va_mapping(va, (virt_to_mfn(b) << PAGE_SHIFT) |
					  FLAGS, UVMF_INVLPG);
	if (rc)
		test_result(FAILURE, "remap: %ld", rc);
	if (*(unsigned long *)va != 0xbbbb)
		test_result(FAILURE, "stale mapping after remap");
	rc = HYPERVISOR_update_va_mapping(va, 0, UVMF_INVLPG);
	if (rc)
		test_result(FAILURE, "unmap: %ld", rc);
	if (probe_read((void *)va, &val) != -XEN_EFAULT)
		test_result(FAILURE, "unmapped address still readable");
	test_result(SUCCESS, "map, remap, unmap");
}
