// SPDX-License-Identifier: GPL-2.0
/*
 * An IPI event channel bound to our vcpu: EVTCHNOP_send sets the pending
 * bit and, once events are unmasked, the upcall runs the event callback.
 */
#include "smoke.h"

static unsigned int port;
static int upcalls, port_seen;

static int hook(struct trap_frame *f)
{
	upcalls++;
	WRITE_ONCE(shared->vcpu_info[0].evtchn_upcall_pending, 0);
	WRITE_ONCE(shared->vcpu_info[0].evtchn_pending_sel, 0);
	if (evtchn_test_and_clear(port))
		port_seen++;
	return 1;
}

void test_main(void)
{
	struct evtchn_bind_ipi ipi = { .vcpu = 0 };
	u32 send;
	long rc;

	events_disable();
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &ipi);
	if (rc)
		test_result(FAILURE, "bind_ipi: %ld", rc);
	port = ipi.port;
	trap_hook = hook;
	send = port;
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_send, &send);
	if (rc)
		test_result(FAILURE, "send: %ld", rc);
	if (upcalls)
		test_result(FAILURE, "upcall while masked");
	if (!(READ_ONCE(shared->evtchn_pending[port / 64]) &
	      (1UL << (port % 64))))
		test_result(FAILURE, "port %u not pending", port);
	if (!READ_ONCE(shared->vcpu_info[0].evtchn_upcall_pending))
		test_result(FAILURE, "upcall_pending not set");
	events_enable();
	/* A pending upcall is delivered on the next hypercall at the latest. */
	HYPERVISOR_xen_version(XENVER_version, NULL);
	events_disable();
	if (upcalls != 1 || port_seen != 1)
		test_result(FAILURE, "%d upcalls, port seen %d times", upcalls,
			    port_seen);
	test_result(SUCCESS, "ipi on port %u delivered", port);
}
