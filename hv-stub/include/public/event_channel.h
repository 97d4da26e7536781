/* SPDX-License-Identifier: MIT */
/*
 * Event channels (Xen 4.17 interface): __HYPERVISOR_event_channel_op
 * commands and their arguments.  Only the 2-level ABI is served by hv-stub.
 */
#ifndef __XEN_PUBLIC_EVENT_CHANNEL_H__
#define __XEN_PUBLIC_EVENT_CHANNEL_H__

#include "xen.h"

#define EVTCHNOP_bind_interdomain	0
#define EVTCHNOP_bind_virq		1
#define EVTCHNOP_bind_pirq		2
#define EVTCHNOP_close			3
#define EVTCHNOP_send			4
#define EVTCHNOP_status			5
#define EVTCHNOP_alloc_unbound		6
#define EVTCHNOP_bind_ipi		7
#define EVTCHNOP_bind_vcpu		8
#define EVTCHNOP_unmask			9
#define EVTCHNOP_reset			10
#define EVTCHNOP_init_control		11
#define EVTCHNOP_expand_array		12
#define EVTCHNOP_set_priority		13

/* evtchn_status.status */
#define EVTCHNSTAT_closed	0
#define EVTCHNSTAT_unbound	1
#define EVTCHNSTAT_interdomain	2
#define EVTCHNSTAT_pirq		3
#define EVTCHNSTAT_virq		4
#define EVTCHNSTAT_ipi		5

#define BIND_PIRQ__WILL_SHARE	1

/* Ports addressable through shared_info's pending/mask bitmaps. */
#define EVTCHN_2L_NR_CHANNELS	(sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)

#ifndef __ASSEMBLY__

typedef uint32_t evtchn_port_t;

struct evtchn_alloc_unbound {
	domid_t dom, remote_dom;	/* in */
	evtchn_port_t port;		/* out */
};

struct evtchn_bind_interdomain {
	domid_t remote_dom;		/* in */
	evtchn_port_t remote_port;	/* in */
	evtchn_port_t local_port;	/* out */
};

struct evtchn_bind_virq {
	uint32_t virq;			/* in */
	uint32_t vcpu;			/* in */
	evtchn_port_t port;		/* out */
};

struct evtchn_bind_pirq {
	uint32_t pirq;
	uint32_t flags;
	evtchn_port_t port;
};

struct evtchn_bind_ipi {
	uint32_t vcpu;			/* in */
	evtchn_port_t port;		/* out */
};

struct evtchn_close {
	evtchn_port_t port;
};

struct evtchn_send {
	evtchn_port_t port;
};

struct evtchn_status {
	domid_t dom;			/* in */
	evtchn_port_t port;		/* in */
	uint32_t status;		/* out: EVTCHNSTAT_* */
	uint32_t vcpu;
	union {
		struct {
			domid_t dom;
		} unbound;
		struct {
			domid_t dom;
			evtchn_port_t port;
		} interdomain;
		uint32_t pirq;
		uint32_t virq;
	} u;
};

struct evtchn_bind_vcpu {
	evtchn_port_t port;
	uint32_t vcpu;
};

struct evtchn_unmask {
	evtchn_port_t port;
};

struct evtchn_reset {
	domid_t dom;
};

/* The FIFO ABI: a control block per vCPU, an event array of words. */
struct evtchn_init_control {
	uint64_t control_gfn;		/* in */
	uint32_t offset;		/* in */
	uint32_t vcpu;			/* in */
	uint8_t link_bits;		/* out */
	uint8_t _pad[7];
};

struct evtchn_expand_array {
	uint64_t array_gfn;		/* in */
};

struct evtchn_set_priority {
	evtchn_port_t port;		/* in */
	uint32_t priority;		/* in: EVTCHN_FIFO_PRIORITY_* */
};

#define EVTCHN_FIFO_PRIORITY_MAX	0
#define EVTCHN_FIFO_PRIORITY_DEFAULT	7
#define EVTCHN_FIFO_PRIORITY_MIN	15
#define EVTCHN_FIFO_MAX_QUEUES		(EVTCHN_FIFO_PRIORITY_MIN + 1)

#define EVTCHN_FIFO_PENDING		31
#define EVTCHN_FIFO_MASKED		30
#define EVTCHN_FIFO_LINKED		29
#define EVTCHN_FIFO_BUSY		28
#define EVTCHN_FIFO_LINK_BITS		17
#define EVTCHN_FIFO_NR_CHANNELS		(1 << EVTCHN_FIFO_LINK_BITS)

typedef uint32_t event_word_t;

struct evtchn_fifo_control_block {
	uint32_t ready;			/* bit per queue, guest clears */
	uint32_t _rsvd;
	event_word_t head[EVTCHN_FIFO_MAX_QUEUES];
};

/* Argument of the old __HYPERVISOR_event_channel_op_compat. */
struct evtchn_op {
	uint32_t cmd;
	union {
		struct evtchn_alloc_unbound alloc_unbound;
		struct evtchn_bind_interdomain bind_interdomain;
		struct evtchn_bind_virq bind_virq;
		struct evtchn_bind_pirq bind_pirq;
		struct evtchn_bind_ipi bind_ipi;
		struct evtchn_close close;
		struct evtchn_send send;
		struct evtchn_status status;
		struct evtchn_bind_vcpu bind_vcpu;
		struct evtchn_unmask unmask;
	} u;
};

#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_EVENT_CHANNEL_H__ */
