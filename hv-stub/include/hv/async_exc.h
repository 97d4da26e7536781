/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Asynchronous exceptions of a PV vCPU (arch/x86_64/async_exc.c): the
 * virtual NMI and the virtual machine check, raised by the toolstack
 * ("trigger D nmi|mce") and delivered as Xen 4.17 delivers them.
 */
#ifndef HV_ASYNC_EXC_H
#define HV_ASYNC_EXC_H

#include <hv/types.h>

struct vcpu;

enum async_exc_kind { ASYNC_EXC_NMI, ASYNC_EXC_MCE, ASYNC_EXC_NR };

/*
 * Per-vCPU state, bit (1 << kind) for each kind.  A kind is masked from
 * its delivery until the guest's HYPERVISOR_iret; old_mask is the mask
 * its delivery found, so that nested ones unwind in order.
 */
struct vcpu_async_exc {
	u8 pending;			/* raised, not delivered yet */
	u8 mask;			/* a handler runs: hold new ones */
	u8 old_mask[ASYNC_EXC_NR];
};

/*
 * Raise @kind on @v and wake it.  An NMI is latched: one pending at most.
 * A vMCE @v cannot take crashes its domain, as Xen does when inject_vmce
 * fails: then the result is -errno (-ESRCH: the vCPU is not up, -ENOENT:
 * no handler, -EBUSY: one still pending) and *@why says it in words.
 */
int async_exc_raise(struct vcpu *v, enum async_exc_kind kind,
		    const char **why);
/* On the way back to the guest, before events: bounce what is pending. */
void async_exc_deliver(struct vcpu *v);
/* HYPERVISOR_iret: the innermost handler is done, unmask its kind. */
void async_exc_iret(struct vcpu *v);

#endif
