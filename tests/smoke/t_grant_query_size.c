// SPDX-License-Identifier: GPL-2.0
/* GNTTABOP_query_size for ourselves: okay, 1 <= nr_frames <= max. */
#include "smoke.h"

void test_main(void)
{
	struct gnttab_query_size q = { .dom = DOMID_SELF, .status = -99 };
	long rc = HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1);

	if (rc)
		test_result(FAILURE, "query_size: %ld", rc);
	if (q.status != GNTST_okay)
		test_result(FAILURE, "status %d", q.status);
	if (q.nr_frames < 1 || q.nr_frames > q.max_nr_frames)
		test_result(FAILURE, "nr_frames %u max %u", q.nr_frames,
			    q.max_nr_frames);
	test_result(SUCCESS, "grant table %u of %u frames", q.nr_frames,
		    q.max_nr_frames);
}
