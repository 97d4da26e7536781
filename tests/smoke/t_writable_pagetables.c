// SPDX-License-Identifier: GPL-2.0
/*
 * VMASST_TYPE_writable_pagetables: a direct write to an entry of an
 * in-use L1 table (mapped read-only) is emulated by the hypervisor,
 * validated and takes effect.  (Xen 4.17 emulates such writes even
 * without the assist, so that case is not tested.)
 */
#include "smoke.h"

void test_main(void)
{
	unsigned long *page = page_alloc();
	unsigned long va = scratch_va(0);
	u64 *entry = pte_lookup(va, 1);
	u64 pte = (virt_to_mfn(page) << PAGE_SHIFT) | _PAGE_PRESENT |
		  _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;
	long rc;

	page[3] = 0xabcdef;
	rc = HYPERVISOR_vm_assist(VMASST_CMD_enable,
				  VMASST_TYPE_writable_pagetables);
	if (rc)
		test_result(FAILURE, "vm_assist: %ld", rc);
	if (probe_write(entry, pte))
		test_result(FAILURE, "valid L1 write faulted: vector %lu ec %lx",
			    last_trap.vector, last_trap.error_code);
	if (last_trap.count)
		test_result(FAILURE, "emulated write reported a trap");
	if ((*entry & PTE_MFN_MASK) != (pte & PTE_MFN_MASK))
		test_result(FAILURE, "L1 entry reads %lx", *entry);
	/* The entry was not present before: nothing stale to flush. */
	if (*(unsigned long *)(va + 24) != 0xabcdef)
		test_result(FAILURE, "new mapping not in effect");
	test_result(SUCCESS, "emulated L1 write took effect");
}
