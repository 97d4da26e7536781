// SPDX-License-Identifier: GPL-2.0
/*
 * memory_op: our current reservation equals start_info.nr_pages, the
 * maximum is not below it, maximum_ram_page is above every mfn we own;
 * an unknown command fails with -XEN_ENOSYS.
 */
#include "smoke.h"

void test_main(void)
{
	u16 dom = DOMID_SELF;
	unsigned long pfn, top = 0;
	long cur, max, ram;

	cur = HYPERVISOR_memory_op(XENMEM_current_reservation, &dom);
	max = HYPERVISOR_memory_op(XENMEM_maximum_reservation, &dom);
	ram = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
	for (pfn = 0; pfn < start_info->nr_pages; pfn++)
		if (p2m[pfn] > top)
			top = p2m[pfn];
	if (cur != start_info->nr_pages)
		test_result(FAILURE, "current reservation %ld, nr_pages %lu",
			    cur, start_info->nr_pages);
	if (max < cur)
		test_result(FAILURE, "maximum reservation %ld < %ld", max, cur);
	if (ram <= top)
		test_result(FAILURE, "maximum_ram_page %lx <= our mfn %lx", ram,
			    top);
	if (HYPERVISOR_memory_op(1000, NULL) != -XEN_ENOSYS)
		test_result(FAILURE, "unknown memory_op accepted");
	test_result(SUCCESS, "reservation %ld/%ld, max ram page %lx", cur, max,
		    ram);
}
