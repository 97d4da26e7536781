// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual NMIs and machine checks of a 64-bit PV vCPU, as Xen 4.17 gives
 * them (x86_64/entry.S process_mce/process_nmi, pv/iret.c, vmce.c).
 *
 * The toolstack raises them ("trigger D nmi|mce [VCPU]", like xl
 * trigger); each kind is latched, one pending per vCPU.  On every way
 * back into the guest (return_to_guest_prepare) a pending, unmasked
 * machine check is bounced to trap 18, then an NMI to trap 2 (also the
 * NMI callback), then come events: the handler's trap-table flags mask
 * events as for any exception.  A delivery masks its kind until the
 * guest's HYPERVISOR_iret, so an NMI raised inside the NMI handler waits
 * and is bounced right after that iret.  The two kinds nest: each keeps
 * the mask its delivery found, and an iret unmasks the innermost.
 *
 * No handler: an NMI is dropped with a warning (Xen's trap bounce is
 * null); a vMCE is refused and its domain crashed, as Xen's memory-error
 * handler does when inject_vmce fails (no trap 18 handler, vCPU not up,
 * one still pending).
 *
 * Pure: the same file builds in the host unit test
 * (tests/unit/async_exc_test.c), with inject_trap() and vcpu_wake() its own.
 */
#include <hv/async_exc.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/traps.h>

static const unsigned int async_vector[ASYNC_EXC_NR] = {
	[ASYNC_EXC_NMI] = X86_EXC_NMI,
	[ASYNC_EXC_MCE] = X86_EXC_MC,
};

static bool has_handler(const struct vcpu *v, enum async_exc_kind kind)
{
	return v->traps[async_vector[kind]].address != 0;
}

/* Why @v cannot take a vMCE now, its errno in *@rc; NULL if it can. */
static const char *vmce_refused(const struct vcpu *v, int *rc)
{
	if (v->state == VCPU_DOWN) {
		*rc = -ESRCH;
		return "the vCPU is not up";
	}
	if (!has_handler(v, ASYNC_EXC_MCE)) {
		*rc = -ENOENT;
		return "no machine-check handler (trap 18)";
	}
	if (v->async.pending & (1u << ASYNC_EXC_MCE)) {
		*rc = -EBUSY;
		return "the last one is still pending";
	}
	return NULL;
}

int async_exc_raise(struct vcpu *v, enum async_exc_kind kind,
		    const char **why)
{
	int rc = 0;

	if (kind == ASYNC_EXC_MCE) {
		*why = vmce_refused(v, &rc);
		if (*why) {
			domain_crash(v->d, "vMCE to vCPU %u not deliverable: %s",
				     v->id, *why);
			return rc;
		}
	}
	v->async.pending |= 1u << kind;
	vcpu_wake(v);
	return 0;
}

/* Bounce @kind if it is pending and not masked. */
static void deliver_one(struct vcpu *v, enum async_exc_kind kind)
{
	struct vcpu_async_exc *a = &v->async;
	u8 bit = 1u << kind;

	if (!(a->pending & bit) || (a->mask & bit) || v->d->dying)
		return;
	a->pending &= ~bit;
	if (!has_handler(v, kind)) {
		pr_warn("domain %u vCPU %u: no handler for trap %u, dropped\n",
			v->d->domid, v->id, async_vector[kind]);
		return;
	}
	a->old_mask[kind] = a->mask;
	a->mask |= bit;
	inject_trap(v, async_vector[kind], false, 0);
}

void async_exc_deliver(struct vcpu *v)
{
	if (!v->async.pending)
		return;
	deliver_one(v, ASYNC_EXC_MCE);
	deliver_one(v, ASYNC_EXC_NMI);
}

void async_exc_iret(struct vcpu *v)
{
	struct vcpu_async_exc *a = &v->async;
	unsigned int k;

	for (k = 0; a->mask && k < ASYNC_EXC_NR; k++) {
		if ((a->mask ^ a->old_mask[k]) == 1u << k) {
			a->mask = a->old_mask[k];
			return;
		}
	}
}
