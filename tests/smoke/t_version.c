// SPDX-License-Identifier: GPL-2.0
/* xen_version: version, page size and the feature bits of a PV guest. */
#include "smoke.h"

struct feature_info {
	unsigned int submap_idx;
	u32 submap;
};

void test_main(void)
{
	struct feature_info fi = { 0, 0 };
	long ver = HYPERVISOR_xen_version(XENVER_version, NULL);
	long rc;

	if ((ver >> 16) < 3)
		test_result(FAILURE, "version %lx", ver);
	rc = HYPERVISOR_xen_version(XENVER_pagesize, NULL);
	if (rc != PAGE_SIZE)
		test_result(FAILURE, "pagesize %ld", rc);
	rc = HYPERVISOR_xen_version(XENVER_get_features, &fi);
	if (rc)
		test_result(FAILURE, "get_features: %ld", rc);
	if (fi.submap & (1 << XENFEAT_auto_translated_physmap))
		test_result(FAILURE, "PV guest told it is auto-translated");
	rc = HYPERVISOR_xen_version(1000, NULL);
	if (rc != -XEN_ENOSYS)
		test_result(FAILURE, "unknown xen_version cmd: %ld", rc);
	test_result(SUCCESS, "version %ld.%ld features %x", ver >> 16,
		    ver & 0xffff, fi.submap);
}
