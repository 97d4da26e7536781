// SPDX-License-Identifier: GPL-2.0
/*
 * A read-only frame pins as an L1 table; while pinned it cannot be mapped
 * writable; once unpinned it can.
 */
#include "smoke.h"

#define RW_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)

void test_main(void)
{
	unsigned long *t = page_alloc();
	unsigned long mfn = virt_to_mfn(t);
	unsigned long va = scratch_va(0);
	long rc;

	if (page_set_ro(t, 1))
		test_result(ERROR, "cannot make the frame read-only");
	rc = mmuext1(MMUEXT_PIN_L1_TABLE, mfn);
	if (rc)
		test_result(FAILURE, "pin L1: %ld", rc);
	rc = HYPERVISOR_update_va_mapping(va, (mfn << PAGE_SHIFT) | RW_FLAGS,
					  UVMF_INVLPG);
	if (rc != -XEN_EBUSY)
		test_result(FAILURE, "writable map of pinned L1: %ld", rc);
	rc = mmuext1(MMUEXT_UNPIN_TABLE, mfn);
	if (rc)
		test_result(FAILURE, "unpin: %ld", rc);
	rc = HYPERVISOR_update_va_mapping(va, (mfn << PAGE_SHIFT) | RW_FLAGS,
					  UVMF_INVLPG);
	if (rc)
		test_result(FAILURE, "writable map after unpin: %ld", rc);
	*(unsigned long *)va = 42;
	if (READ_ONCE(t[0]) != 42)
		test_result(FAILURE, "write not seen");
	test_result(SUCCESS, "pin, refuse writable, unpin, writable");
}
