// SPDX-License-Identifier: GPL-2.0
/*
 * With writable_pagetables, a direct L1 write that maps a page table
 * writable (our L4) or a frame we do not own is refused with #PF and the
 * entry stays as it was.
 */
#include "smoke.h"

static void try(u64 *entry, u64 pte, const char *what)
{
	if (probe_write(entry, pte) != -XEN_EFAULT)
		test_result(FAILURE, "%s accepted", what);
	if (last_trap.vector != 14)
		test_result(FAILURE, "%s: vector %lu", what, last_trap.vector);
	if (*entry & _PAGE_PRESENT)
		test_result(FAILURE, "%s: entry now %lx", what, *entry);
}

void test_main(void)
{
	unsigned long va = scratch_va(0);
	u64 *entry = pte_lookup(va, 1);
	u64 flags = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;
	long rc;

	rc = HYPERVISOR_vm_assist(VMASST_CMD_enable,
				  VMASST_TYPE_writable_pagetables);
	if (rc)
		test_result(ERROR, "vm_assist: %ld", rc);
	try(entry, (l4_mfn() << PAGE_SHIFT) | flags, "writable L4 mapping");
	try(entry, (foreign_mfn() << PAGE_SHIFT) | flags, "foreign frame");
	test_result(SUCCESS, "invalid L1 writes fault");
}
