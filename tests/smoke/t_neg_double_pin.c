// SPDX-License-Identifier: GPL-2.0
/* Pinning an already pinned table fails; unpinning twice fails too. */
#include "smoke.h"

void test_main(void)
{
	void *t = page_alloc();
	unsigned long mfn = virt_to_mfn(t);
	long rc;

	if (page_set_ro(t, 1))
		test_result(ERROR, "cannot make the frame read-only");
	rc = mmuext1(MMUEXT_PIN_L1_TABLE, mfn);
	if (rc)
		test_result(ERROR, "first pin: %ld", rc);
	rc = mmuext1(MMUEXT_PIN_L1_TABLE, mfn);
	if (rc != -XEN_EINVAL)
		test_result(FAILURE, "second pin returned %ld", rc);
	rc = mmuext1(MMUEXT_UNPIN_TABLE, mfn);
	if (rc)
		test_result(FAILURE, "unpin: %ld", rc);
	rc = mmuext1(MMUEXT_UNPIN_TABLE, mfn);
	if (rc != -XEN_EINVAL)
		test_result(FAILURE, "second unpin returned %ld", rc);
	test_result(SUCCESS, "double pin and double unpin refused");
}
