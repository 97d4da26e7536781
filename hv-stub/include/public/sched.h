/* SPDX-License-Identifier: MIT */
/*
 * Scheduler operations (Xen 4.17 interface): __HYPERVISOR_sched_op.
 */
#ifndef __XEN_PUBLIC_SCHED_H__
#define __XEN_PUBLIC_SCHED_H__

#include "event_channel.h"

#define SCHEDOP_yield			0
#define SCHEDOP_block			1
#define SCHEDOP_shutdown		2
#define SCHEDOP_poll			3
#define SCHEDOP_remote_shutdown		4
#define SCHEDOP_shutdown_code		5
#define SCHEDOP_watchdog		6
#define SCHEDOP_pin_override		7

/* Shutdown reasons. */
#define SHUTDOWN_poweroff	0
#define SHUTDOWN_reboot		1
#define SHUTDOWN_suspend	2
#define SHUTDOWN_crash		3
#define SHUTDOWN_watchdog	4
#define SHUTDOWN_soft_reset	5
#define SHUTDOWN_MAX		5

#ifndef __ASSEMBLY__

struct sched_shutdown {
	unsigned int reason;		/* SHUTDOWN_* */
};

struct sched_poll {
	uint64_t ports;	/* gva of evtchn_port_t[] */
	unsigned int nr_ports;
	uint64_t timeout;		/* absolute system time, 0 = none */
};

struct sched_remote_shutdown {
	domid_t domain_id;
	unsigned int reason;
};

struct sched_watchdog {
	uint32_t id;
	uint32_t timeout;
};

struct sched_pin_override {
	int32_t pcpu;
};

#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_SCHED_H__ */
