// SPDX-License-Identifier: GPL-2.0
/*
 * GNTTABOP_map_grant_ref of a frame we granted to ourselves, at a virtual
 * address (GNTMAP_host_map) and at a PTE's machine address
 * (GNTMAP_contains_pte): the mapping reads and writes the frame, the
 * entry shows GTF_reading and GTF_writing while it is mapped and neither
 * after the unmap, and a GNTMAP_readonly mapping sets only GTF_reading
 * and faults on a write.
 */
#include "grant.h"

#define REF	(GREF_FIRST + 2)

static struct grant_entry_v1 *gt;
static unsigned long *page;
static u16 self;

/* Map REF at @va with @flags (plus host_map) and check the mapping. */
static u32 map_checked(unsigned long va, u32 flags, u16 busy)
{
	u64 addr = flags & GNTMAP_contains_pte ? pte_maddr(va, 1) : va;
	struct gnttab_map_grant_ref op = {
		.host_addr = addr, .flags = GNTMAP_host_map | flags,
		.ref = REF, .dom = self, .status = 99,
	};
	unsigned long mfn = virt_to_mfn(page), v;
	long rc;

	rc = HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &op, 1);
	if (rc || op.status)
		test_result(FAILURE, "map 0x%x: rc %ld status %d", flags, rc,
			    op.status);
	if (op.dev_bus_addr != mfn << PAGE_SHIFT)
		test_result(FAILURE, "dev_bus_addr %lx for mfn %lx",
			    op.dev_bus_addr, mfn);
	if (grant_busy(gt, REF) != busy)
		test_result(FAILURE, "mapped 0x%x: entry flags 0x%x", flags,
			    gt[REF].flags);
	if (probe_read((void *)va, &v) || v != page[0])
		test_result(FAILURE, "read through the mapping: %lx", v);
	return op.handle;
}

static void unmap_checked(unsigned long va, u32 flags, u32 handle)
{
	u64 addr = flags & GNTMAP_contains_pte ? pte_maddr(va, 1) : va;
	s16 st = grant_unmap(addr, 0, handle);

	if (st)
		test_result(FAILURE, "unmap 0x%x: status %d", flags, st);
	if (grant_busy(gt, REF))
		test_result(FAILURE, "unmapped: entry flags 0x%x",
			    gt[REF].flags);
	if (*pte_lookup(va, 1) & _PAGE_PRESENT)
		test_result(FAILURE, "PTE %lx left after unmap",
			    *pte_lookup(va, 1));
}

void test_main(void)
{
	unsigned long va = scratch_va(1), va2 = scratch_va(2);
	u32 h;

	self = my_domid();
	gt = grant_table(0);
	page = page_alloc();
	page[0] = 0x6772616e74ul;
	grant(gt, REF, self, virt_to_mfn(page), GTF_permit_access);

	h = map_checked(va, 0, GTF_reading | GTF_writing);
	if ((*pte_lookup(va, 1) & PTE_MFN_MASK) >> PAGE_SHIFT !=
	    virt_to_mfn(page) || !(*pte_lookup(va, 1) & _PAGE_RW))
		test_result(FAILURE, "PTE %lx", *pte_lookup(va, 1));
	if (probe_write((void *)(va + 8), 0xfeed) ||
	    READ_ONCE(page[1]) != 0xfeed)
		test_result(FAILURE, "write through the mapping not seen");
	unmap_checked(va, 0, h);

	h = map_checked(va2, GNTMAP_contains_pte, GTF_reading | GTF_writing);
	unmap_checked(va2, GNTMAP_contains_pte, h);

	h = map_checked(va, GNTMAP_readonly, GTF_reading);
	if (!probe_write((void *)(va + 16), 1) || last_trap.vector != 14)
		test_result(FAILURE, "write to a read-only grant mapping");
	if (page[2])
		test_result(FAILURE, "read-only mapping was written");
	unmap_checked(va, GNTMAP_readonly, h);
	test_result(SUCCESS, "ref %u of d%u mapped rw, by PTE and ro", REF,
		    self);
}
