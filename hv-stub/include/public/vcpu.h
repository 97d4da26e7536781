/* SPDX-License-Identifier: MIT */
/*
 * vCPU operations (Xen 4.17 interface): __HYPERVISOR_vcpu_op commands.
 */
#ifndef __XEN_PUBLIC_VCPU_H__
#define __XEN_PUBLIC_VCPU_H__

#include "xen.h"

#define VCPUOP_initialise			0
#define VCPUOP_up				1
#define VCPUOP_down				2
#define VCPUOP_is_up				3
#define VCPUOP_get_runstate_info		4
#define VCPUOP_register_runstate_memory_area	5
#define VCPUOP_set_periodic_timer		6
#define VCPUOP_stop_periodic_timer		7
#define VCPUOP_set_singleshot_timer		8
#define VCPUOP_stop_singleshot_timer		9
#define VCPUOP_register_vcpu_info		10
#define VCPUOP_send_nmi				11
#define VCPUOP_get_physid			12
#define VCPUOP_register_vcpu_time_memory_area	13

#define RUNSTATE_running	0
#define RUNSTATE_runnable	1
#define RUNSTATE_blocked	2
#define RUNSTATE_offline	3

/* Set in state_entry_time while the hypervisor updates a runstate area. */
#define XEN_RUNSTATE_UPDATE	(1ULL << 63)

/* vcpu_set_singleshot_timer.flags: fail with -ETIME if already past. */
#define _VCPU_SSHOTTMR_future	0
#define VCPU_SSHOTTMR_future	(1U << _VCPU_SSHOTTMR_future)

#ifndef __ASSEMBLY__

struct vcpu_runstate_info {
	int state;			/* RUNSTATE_* */
	uint64_t state_entry_time;
	uint64_t time[4];		/* ns spent in each RUNSTATE_* */
};

struct vcpu_register_runstate_memory_area {
	union {
		uint64_t h;	/* gva of a struct vcpu_runstate_info */
		uint64_t p;
	} addr;
};

struct vcpu_set_periodic_timer {
	uint64_t period_ns;
};

struct vcpu_set_singleshot_timer {
	uint64_t timeout_abs_ns;	/* system time */
	uint32_t flags;			/* VCPU_SSHOTTMR_* */
};

/* Moves vcpu_info out of shared_info, to any guest frame. */
struct vcpu_register_vcpu_info {
	uint64_t mfn;
	uint32_t offset;
	uint32_t rsvd;
};

struct vcpu_get_physid {
	uint64_t phys_id;
};

struct vcpu_register_time_memory_area {
	union {
		uint64_t h;	/* gva of a struct vcpu_time_info */
		uint64_t p;
	} addr;
};

#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_VCPU_H__ */
