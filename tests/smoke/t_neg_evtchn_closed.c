// SPDX-License-Identifier: GPL-2.0
/*
 * Event channel misuse: send and close on a closed port or on a port
 * beyond the table fail with -XEN_EINVAL; binding VIRQ_TIMER twice fails
 * with -XEN_EEXIST.
 */
#include "smoke.h"

static long op(int cmd, unsigned int port)
{
	u32 p = port;

	return HYPERVISOR_event_channel_op(cmd, &p);
}

void test_main(void)
{
	struct evtchn_bind_ipi ipi = { .vcpu = 0 };
	struct evtchn_bind_virq bv = { .virq = VIRQ_TIMER, .vcpu = 0 };
	long rc;

	events_disable();
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &ipi);
	if (rc)
		test_result(ERROR, "bind_ipi: %ld", rc);
	rc = op(EVTCHNOP_close, ipi.port);
	if (rc)
		test_result(FAILURE, "close: %ld", rc);
	rc = op(EVTCHNOP_send, ipi.port);
	if (rc != -XEN_EINVAL)
		test_result(FAILURE, "send on closed port: %ld", rc);
	rc = op(EVTCHNOP_close, ipi.port);
	if (rc != -XEN_EINVAL)
		test_result(FAILURE, "second close: %ld", rc);
	rc = op(EVTCHNOP_send, 1000000);
	if (rc != -XEN_EINVAL)
		test_result(FAILURE, "send on port 1000000: %ld", rc);
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv);
	if (rc)
		test_result(ERROR, "bind_virq: %ld", rc);
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv);
	if (rc != -XEN_EEXIST)
		test_result(FAILURE, "second bind_virq: %ld", rc);
	test_result(SUCCESS, "closed and bogus ports refused");
}
