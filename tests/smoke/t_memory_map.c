// SPDX-License-Identifier: GPL-2.0
/*
 * XENMEM_memory_map: the pseudo-physical map of a PV domU is RAM from 0
 * covering at least nr_pages and at most the maximum reservation (one
 * entry, as xl sets it); a zero-sized buffer gets no entry; a bad
 * argument or buffer address is -EFAULT.  Real Xen keeps no such map for
 * its initial domain (-ENOSYS there: dom0 asks for the machine map).
 */
#include "smoke.h"

#define XENMEM_memory_map	9
#define E820_RAM		1

struct xen_memory_map {
	unsigned int nr_entries;
	unsigned long buffer;
};

struct e820_entry {
	u64 addr, size;
	u32 type;
} __smoke_attr(packed);

static long get_map(struct xen_memory_map *m, struct e820_entry *buf,
		    unsigned int nr)
{
	m->nr_entries = nr;
	m->buffer = (unsigned long)buf;
	return HYPERVISOR_memory_op(XENMEM_memory_map, m);
}

void test_main(void)
{
	struct e820_entry e[8];
	struct xen_memory_map m;
	u64 ram = 0, pages;
	u16 dom = DOMID_SELF;
	long rc, max;
	unsigned int i, n;

	memset(e, 0xff, sizeof(e));
	rc = get_map(&m, e, ARRAY_SIZE(e));
	if (rc == -XEN_ENOSYS && is_dom0())
		test_result(SKIP, "no pseudo-physical map for the initial domain");
	if (rc)
		test_result(FAILURE, "memory_map: %ld", rc);
	if (!m.nr_entries || m.nr_entries > ARRAY_SIZE(e))
		test_result(FAILURE, "memory_map: %u entries", m.nr_entries);
	if (e[0].addr != 0 || e[0].type != E820_RAM)
		test_result(FAILURE, "first entry %lx type %u, not RAM at 0",
			    e[0].addr, e[0].type);
	n = m.nr_entries;
	for (i = 0; i < n; i++)
		if (e[i].type == E820_RAM)
			ram += e[i].size;
	pages = ram >> 12;
	max = HYPERVISOR_memory_op(XENMEM_maximum_reservation, &dom);
	if (pages < start_info->nr_pages || (max > 0 && pages > (u64)max))
		test_result(FAILURE, "RAM %lu pages, nr_pages %lu, maximum %ld",
			    pages, start_info->nr_pages, max);

	memset(e, 0xff, sizeof(e));
	rc = get_map(&m, e, 0);
	if (rc || m.nr_entries || e[0].type != 0xffffffff)
		test_result(FAILURE, "empty buffer: %ld, %u entries", rc,
			    m.nr_entries);
	rc = get_map(&m, (void *)0x1000, 1);
	if (rc != -XEN_EFAULT)
		test_result(FAILURE, "bad buffer: %ld", rc);
	rc = HYPERVISOR_memory_op(XENMEM_memory_map, (void *)0x1000);
	if (rc != -XEN_EFAULT)
		test_result(FAILURE, "bad argument: %ld", rc);
	test_result(SUCCESS, "%u entries, %lu RAM pages, nr_pages %lu, max %ld",
		    n, pages,
		    start_info->nr_pages, max);
}
