// SPDX-License-Identifier: GPL-2.0
/*
 * Hypercall arguments at any guest address.  A buffer on the stack, at
 * an odd address or across two mapped pages works; one that runs into
 * an unmapped page, sits in a read-only page (for output), at the top of
 * the address space, in the non-canonical hole or in the hypervisor's
 * area (even its read-only M2P, which the guest itself can read) gets
 * -EFAULT, and the hypervisor survives them all.  Exercised through
 * xen_version (read and write back), console_io (read) and multicall.
 */
#include "smoke.h"

#define XENVER_extraversion	1

struct feature_info {
	unsigned int submap_idx;
	u32 submap;
};

static _Alignas(PAGE_SIZE) unsigned char two_pages[2 * PAGE_SIZE];

static const unsigned long bad[] = {
	0, 1, 0xfff,
	0x00007ffffffffffcul,	/* runs off the lower canonical half */
	0x0000800000000000ul,	/* non-canonical */
	0x8000000000000000ul,
	0xffff7ffffffffff8ul,
	0xffff800000000000ul,	/* the read-only M2P */
	0xffff830000000000ul,	/* hypervisor area */
	0xffff87fffffffff8ul,
	0xfffffffffffffff8ul,	/* top of the address space */
	0xfffffffffffff000ul,
};

static long features_at(unsigned long gva)
{
	return HYPERVISOR_xen_version(XENVER_get_features, (void *)gva);
}

static void check_good(unsigned long gva, const char *what)
{
	struct feature_info *fi = (struct feature_info *)gva;
	long rc;

	memset(fi, 0x77, sizeof(*fi));
	fi->submap_idx = 0;
	rc = features_at(gva);
	if (rc || fi->submap == 0x77777777)
		test_result(FAILURE, "get_features %s (%lx): %ld", what, gva,
			    rc);
	rc = HYPERVISOR_xen_version(XENVER_extraversion, (void *)gva);
	if (rc)
		test_result(FAILURE, "extraversion %s (%lx): %ld", what, gva,
			    rc);
}

static void check_bad(unsigned long gva, const char *what)
{
	long rc = features_at(gva);

	if (rc != -XEN_EFAULT)
		test_result(FAILURE, "get_features %s (%lx): %ld", what, gva,
			    rc);
	rc = HYPERVISOR_xen_version(XENVER_extraversion, (void *)gva);
	if (rc != -XEN_EFAULT)
		test_result(FAILURE, "extraversion %s (%lx): %ld", what, gva,
			    rc);
	rc = HYPERVISOR_console_io(CONSOLEIO_write, 8, (const char *)gva);
	if (rc != -XEN_EFAULT)
		test_result(FAILURE, "console_io %s (%lx): %ld", what, gva, rc);
	rc = HYPERVISOR_multicall((struct multicall_entry *)gva, 1);
	if (rc != -XEN_EFAULT)
		test_result(FAILURE, "multicall list %s (%lx): %ld", what, gva,
			    rc);
}

/* A page mapped at @va with nothing mapped after it. */
static unsigned char *edge_page(int read_only)
{
	unsigned long va = scratch_va(read_only ? 8 : 4);
	void *page = page_alloc();
	u64 flags = _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_DIRTY |
		    (read_only ? 0 : _PAGE_RW);

	memset(page, 0, PAGE_SIZE);
	if (map_page(va, virt_to_mfn(page), flags))
		test_result(ERROR, "cannot map a page at %lx", va);
	return (unsigned char *)va;
}

static void check_multicall(unsigned char *edge)
{
	struct multicall_entry *mc =
		(struct multicall_entry *)(edge + PAGE_SIZE - sizeof(*mc));
	long rc;

	/* the first entry is readable, the second lies in the hole */
	memset(mc, 0, sizeof(*mc));
	mc->op = __HYPERVISOR_xen_version;
	mc->args[0] = XENVER_version;
	mc->result = 0x1234;
	rc = HYPERVISOR_multicall(mc, 2);
	if (rc != -XEN_EFAULT || (mc->result >> 16) != 4)
		test_result(FAILURE, "multicall into an unmapped page: %ld, first result %lx",
			    rc, (unsigned long)mc->result);
}

void test_main(void)
{
	struct feature_info on_stack[2];
	unsigned char *edge = edge_page(0), *ro = edge_page(1);
	unsigned long i, m2p_word;

	check_good((unsigned long)&on_stack[1], "on the stack");
	check_good((unsigned long)two_pages + 3, "unaligned");
	check_good((unsigned long)two_pages + PAGE_SIZE - 5,
		   "across two pages");
	check_good((unsigned long)edge + PAGE_SIZE - 16, "at a page's end");
	check_bad((unsigned long)edge + PAGE_SIZE - 4, "into an unmapped page");
	check_bad((unsigned long)edge + PAGE_SIZE, "in an unmapped page");
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		check_bad(bad[i], "at a bad address");
	/* the guest reads the M2P itself, the hypervisor refuses it */
	if (probe_read((void *)MACH2PHYS_VIRT_START, &m2p_word))
		test_result(FAILURE, "guest cannot read the M2P");
	/* read-only: xen_version reads its input, cannot write back */
	if (features_at((unsigned long)ro) != -XEN_EFAULT)
		test_result(FAILURE, "get_features into a read-only page: %ld",
			    features_at((unsigned long)ro));
	check_multicall(edge);
	test_result(SUCCESS, "%lu bad addresses refused with -EFAULT, good ones work",
		    ARRAY_SIZE(bad) + 2);
}
