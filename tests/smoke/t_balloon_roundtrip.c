// SPDX-License-Identifier: GPL-2.0
/*
 * Ballooning one frame out and back in, as a balloon driver does: unmap
 * a page, give its frame back with decrease_reservation (the current
 * reservation drops by one; the same frame a second time is no longer
 * ours: nothing done), then populate_physmap its pfn: a new frame, its
 * MFN written back into the list, the M2P pointing at the pfn, mappable
 * and writable again.  The reservation ends where it started.
 */
#include "smoke.h"

#define XENMEM_decrease_reservation	1
#define XENMEM_populate_physmap		6

struct xen_memory_reservation {
	unsigned long *extent_start;
	unsigned long nr_extents;
	unsigned int extent_order;
	unsigned int mem_flags;
	u16 domid;
};

static long reserve(int cmd, unsigned long *frame)
{
	struct xen_memory_reservation r = {
		.extent_start = frame, .nr_extents = 1, .domid = DOMID_SELF,
	};

	return HYPERVISOR_memory_op(cmd, &r);
}

static long current_pages(void)
{
	u16 dom = DOMID_SELF;

	return HYPERVISOR_memory_op(XENMEM_current_reservation, &dom);
}

void test_main(void)
{
	unsigned long *page = page_alloc(), va = (unsigned long)page;
	unsigned long pfn = virt_to_pfn(page), frame = p2m[pfn];
	long before = current_pages(), rc;
	u64 flags = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;

	if (HYPERVISOR_update_va_mapping(va, 0, UVMF_INVLPG))
		test_result(ERROR, "cannot unmap %lx", va);
	rc = reserve(XENMEM_decrease_reservation, &frame);
	if (rc != 1)
		test_result(FAILURE, "decrease_reservation of an unmapped frame: %ld",
			    rc);
	if (current_pages() != before - 1)
		test_result(FAILURE, "reservation %ld after giving back one of %ld",
			    current_pages(), before);
	rc = reserve(XENMEM_decrease_reservation, &frame);
	if (rc != 0)
		test_result(FAILURE, "a frame given back twice: %ld", rc);

	frame = pfn;
	rc = reserve(XENMEM_populate_physmap, &frame);
	if (rc != 1)
		test_result(FAILURE, "populate_physmap: %ld", rc);
	if (current_pages() != before)
		test_result(FAILURE, "reservation %ld after populate, was %ld",
			    current_pages(), before);
	if (mfn_to_pfn(frame) != pfn)
		test_result(FAILURE, "M2P of new frame %lx is %lx, not pfn %lx",
			    frame, mfn_to_pfn(frame), pfn);
	p2m[pfn] = frame;
	if (map_page(va, frame, flags))
		test_result(FAILURE, "new frame %lx not mappable", frame);
	if (probe_write(page, 0x5a5a) || *page != 0x5a5a)
		test_result(FAILURE, "new frame %lx not writable", frame);
	test_result(SUCCESS, "frame out and back in (pfn %lx, mfn %lx), %ld pages",
		    pfn, frame, before);
}
