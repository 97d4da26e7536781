// SPDX-License-Identifier: GPL-2.0
/*
 * A multicall runs every entry and stores each result in its entry; a
 * failing entry does not stop the ones after it.
 */
#include "smoke.h"

void test_main(void)
{
	unsigned long *page = page_alloc();
	unsigned long va = scratch_va(0);
	struct multicall_entry mc[4];
	long ver = HYPERVISOR_xen_version(XENVER_version, NULL);
	long rc;

	memset(mc, 0, sizeof(mc));
	mc[0].op = __HYPERVISOR_xen_version;
	mc[0].args[0] = XENVER_version;
	mc[1].op = 60;
	mc[2].op = __HYPERVISOR_update_va_mapping;
	mc[2].args[0] = va;
	mc[2].args[1] = (virt_to_mfn(page) << PAGE_SHIFT) | _PAGE_PRESENT |
			_PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY;
	mc[2].args[2] = UVMF_INVLPG;
	mc[3].op = __HYPERVISOR_xen_version;
	mc[3].args[0] = XENVER_pagesize;
	mc[1].result = mc[3].result = 0x77;
	page[0] = 0x1234;
	rc = HYPERVISOR_multicall(mc, 4);
	if (rc)
		test_result(FAILURE, "multicall returned %ld", rc);
	if (mc[0].result != ver || mc[1].result != -XEN_ENOSYS ||
	    mc[2].result != 0 || mc[3].result != PAGE_SIZE)
		test_result(FAILURE, "results %lx %ld %ld %ld", mc[0].result,
			    mc[1].result, mc[2].result, mc[3].result);
	if (*(unsigned long *)va != 0x1234)
		test_result(FAILURE, "update_va_mapping entry had no effect");
	test_result(SUCCESS, "4 entries, per-entry results");
}
