/* SPDX-License-Identifier: MIT */
/*
 * Guest entry points (Xen 4.17 interface): __HYPERVISOR_callback_op.
 */
#ifndef __XEN_PUBLIC_CALLBACK_H__
#define __XEN_PUBLIC_CALLBACK_H__

#include "xen.h"

#define CALLBACKTYPE_event			0
#define CALLBACKTYPE_failsafe			1
#define CALLBACKTYPE_syscall			2
#define CALLBACKTYPE_sysenter_deprecated	3
#define CALLBACKTYPE_nmi			4
#define CALLBACKTYPE_sysenter			5
#define CALLBACKTYPE_syscall32			7

/* Mask events (set the upcall mask) when the callback is entered. */
#define _CALLBACKF_mask_events	0
#define CALLBACKF_mask_events	(1U << _CALLBACKF_mask_events)

#define CALLBACKOP_register	0
#define CALLBACKOP_unregister	1

#ifndef __ASSEMBLY__

struct callback_register {
	uint16_t type;			/* CALLBACKTYPE_* */
	uint16_t flags;			/* CALLBACKF_* */
	xen_callback_t address;
};

struct callback_unregister {
	uint16_t type;
	uint16_t _unused;
};

#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_CALLBACK_H__ */
