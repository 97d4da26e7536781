// SPDX-License-Identifier: GPL-2.0
/*
 * mmuext_op: an unknown command fails with -XEN_ENOSYS, pinning a frame we
 * do not own (an invalid mfn) fails, and the done count stops there.
 */
#include "smoke.h"

void test_main(void)
{
	struct mmuext_op ops[2] = {
		{ .cmd = MMUEXT_TLB_FLUSH_LOCAL },
		{ .cmd = 1000 },
	};
	int done = -1;
	long rc;

	rc = HYPERVISOR_mmuext_op(ops, 2, &done, DOMID_SELF);
	if (rc != -XEN_ENOSYS)
		test_result(FAILURE, "unknown command returned %ld", rc);
	if (done != 1)
		test_result(FAILURE, "done count %d, want 1", done);
	rc = mmuext1(MMUEXT_PIN_L1_TABLE, ~0UL >> 20);
	if (rc != -XEN_EINVAL)
		test_result(FAILURE, "pin of invalid mfn returned %ld", rc);
	test_result(SUCCESS, "bad mmuext commands refused");
}
