// SPDX-License-Identifier: GPL-2.0
/*
 * Grant-table versions: only v1 is offered.  GNTTABOP_get_version says 1;
 * set_version(2) is -ENOSYS and set_version(0 or 3) -EINVAL, each writing
 * back the current version 1; set_version(1) succeeds.  A v1 table has no
 * status frames: get_status_frames for one is GNTST_general_error, for
 * none GNTST_okay.  get_version of an absent domain is -ESRCH.
 *
 * This is real Xen booted with gnttab=max-ver:1 (tests.list passes it); a
 * hypervisor that accepts v2 makes the test SKIP, after going back to v1.
 */
#include "grant.h"

static long set_version(u32 version, u32 *now)
{
	struct gnttab_set_version sv = { .version = version };
	long rc = HYPERVISOR_grant_table_op(GNTTABOP_set_version, &sv, 1);

	*now = sv.version;
	return rc;
}

static void check_set(u32 version, long want)
{
	u32 now = 99;
	long rc = set_version(version, &now);

	if (rc != want || now != 1)
		test_result(FAILURE, "set_version(%u): %ld, version %u", version,
			    rc, now);
}

static s16 status_frames(u32 nr)
{
	u64 frames[2] = { 0, 0 };
	struct gnttab_get_status_frames gs = {
		.nr_frames = nr, .dom = DOMID_SELF, .status = 99,
		.frame_list = frames,
	};
	long rc = HYPERVISOR_grant_table_op(GNTTABOP_get_status_frames, &gs, 1);

	if (rc)
		test_result(FAILURE, "get_status_frames(%u): %ld", nr, rc);
	return gs.status;
}

void test_main(void)
{
	struct gnttab_get_version gv = { .dom = DOMID_SELF, .version = 99 };
	u32 now = 99;
	long rc;

	rc = HYPERVISOR_grant_table_op(GNTTABOP_get_version, &gv, 1);
	if (rc || gv.version != 1)
		test_result(FAILURE, "get_version: %ld, version %u", rc,
			    gv.version);
	rc = set_version(2, &now);
	if (!rc) {
		set_version(1, &now);
		test_result(SKIP, "v2 allowed: boot Xen with gnttab=max-ver:1");
	}
	if (rc != -XEN_ENOSYS || now != 1)
		test_result(FAILURE, "set_version(2): %ld, version %u", rc, now);
	check_set(1, 0);
	check_set(0, -XEN_EINVAL);
	check_set(3, -XEN_EINVAL);
	if (status_frames(1) != GNTST_general_error || status_frames(0))
		test_result(FAILURE, "get_status_frames: %d for 1, %d for 0",
			    status_frames(1), status_frames(0));
	gv.dom = 0x7000;
	rc = HYPERVISOR_grant_table_op(GNTTABOP_get_version, &gv, 1);
	if (rc != -XEN_ESRCH)
		test_result(FAILURE, "get_version of d%u: %ld", gv.dom, rc);
	test_result(SUCCESS, "v1 only: set_version(2) is -ENOSYS");
}
