// SPDX-License-Identifier: GPL-2.0
/*
 * VIRQ_TIMER with a singleshot timer: SCHEDOP_block returns once the
 * timer has fired, not before its deadline, and the upcall sees the
 * timer port pending.  Time is read from vcpu_info's pvclock.
 */
#include "smoke.h"

#define TIMEOUT_NS 20000000UL

static unsigned int port;
static int fired;
static u64 fired_at;

static int hook(struct trap_frame *f)
{
	WRITE_ONCE(shared->vcpu_info[0].evtchn_upcall_pending, 0);
	WRITE_ONCE(shared->vcpu_info[0].evtchn_pending_sel, 0);
	if (evtchn_test_and_clear(port) && !fired_at) {
		fired_at = system_time_ns();
		fired++;
	}
	return 1;
}

void test_main(void)
{
	struct evtchn_bind_virq bv = { .virq = VIRQ_TIMER, .vcpu = 0 };
	struct vcpu_set_singleshot_timer st;
	u64 start, now;
	int tries;
	long rc;

	events_disable();
	rc = HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
	if (rc)
		test_result(FAILURE, "stop_periodic_timer: %ld", rc);
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bv);
	if (rc)
		test_result(FAILURE, "bind_virq: %ld", rc);
	port = bv.port;
	evtchn_test_and_clear(port);
	trap_hook = hook;
	start = system_time_ns();
	if (!start || (shared->vcpu_info[0].time.version & 1))
		test_result(FAILURE, "no vcpu time");
	st.timeout_abs_ns = start + TIMEOUT_NS;
	st.flags = 0;
	rc = HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &st);
	if (rc)
		test_result(FAILURE, "set_singleshot_timer: %ld", rc);
	for (tries = 0; !READ_ONCE(fired) && tries < 100; tries++) {
		/* block unmasks events and returns once one is pending */
		rc = HYPERVISOR_sched_op(SCHEDOP_block, NULL);
		events_disable();
		if (rc)
			test_result(FAILURE, "block: %ld", rc);
	}
	now = system_time_ns();
	if (!fired)
		test_result(FAILURE, "timer did not fire in %d blocks", tries);
	if (fired_at < start + TIMEOUT_NS)
		test_result(FAILURE, "fired after %lu ns, timeout %lu ns",
			    fired_at - start, TIMEOUT_NS);
	if (now < fired_at)
		test_result(FAILURE, "time went backwards");
	test_result(SUCCESS, "timer fired after %lu us, %d blocks",
		    (fired_at - start) / 1000, tries);
}
