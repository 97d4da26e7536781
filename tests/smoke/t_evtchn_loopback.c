// SPDX-License-Identifier: GPL-2.0
/*
 * Interdomain event channel to ourselves: alloc_unbound for DOMID_SELF,
 * bind_interdomain to it (which, as in Xen, marks the new local port
 * pending in case the unbound end was notified before), and a send on
 * either end sets the other end pending.  Events stay masked.
 */
#include "smoke.h"

static int pending(unsigned int port)
{
	return !!(READ_ONCE(shared->evtchn_pending[port / 64]) &
		  (1UL << (port % 64)));
}

static void notify(unsigned int port)
{
	u32 p = port;
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_send, &p);

	if (rc)
		test_result(FAILURE, "send on %u: %ld", port, rc);
}

void test_main(void)
{
	struct evtchn_alloc_unbound au = {
		.dom = DOMID_SELF, .remote_dom = DOMID_SELF,
	};
	struct evtchn_bind_interdomain bi = { .remote_dom = DOMID_SELF };
	unsigned int a, b;
	long rc;

	events_disable();
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au);
	if (rc)
		test_result(FAILURE, "alloc_unbound: %ld", rc);
	a = au.port;
	bi.remote_port = a;
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &bi);
	if (rc)
		test_result(FAILURE, "bind_interdomain: %ld", rc);
	b = bi.local_port;
	if (a == b || pending(a) || !pending(b))
		test_result(FAILURE, "ports %u %u after bind, pending %d %d",
			    a, b, pending(a), pending(b));
	evtchn_test_and_clear(b);
	notify(b);
	if (!pending(a) || pending(b))
		test_result(FAILURE, "send on %u: pending %d %d", b,
			    pending(a), pending(b));
	evtchn_test_and_clear(a);
	notify(a);
	if (!pending(b) || pending(a))
		test_result(FAILURE, "send on %u: pending %d %d", a,
			    pending(a), pending(b));
	test_result(SUCCESS, "ports %u <-> %u", a, b);
}
