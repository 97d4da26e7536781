/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scheduler (core/sched.c): which vCPU runs on hv-stub's one physical
 * CPU, and the CPU time each vCPU and domain has used.  The policy, a
 * credit scheduler with weights and caps, is core/credit.c (hv/credit.h).
 *
 * The fields below belong to the scheduler: only core/sched.c and
 * core/credit.c write them; others may read weight, cap and, through
 * sched_domain_cpu_ns()/sched_vcpu_cpu_ns(), the CPU time.
 */
#ifndef HV_SCHED_H
#define HV_SCHED_H

#include <hv/types.h>

struct domain;
struct vcpu;

#define SCHED_DEFAULT_WEIGHT	256
#define SCHED_MAX_WEIGHT	65535

/* per domain */
struct sched_dom {
	unsigned int weight;	/* share, 1 .. SCHED_MAX_WEIGHT */
	unsigned int cap;	/* % of one CPU at most, 0: no cap */
	u64 cpu_ns;		/* CPU time used, back-end work included */

	s64 credit;		/* ns its vCPUs may still run before OVER */
	u64 used_ns;		/* used in period used_period, for the cap */
	u64 used_period;
	u64 debt_ns;		/* back-end work not yet taken off credit */
	unsigned int nr_queued;	/* of its vCPUs on the run queue */
	bool active;		/* on the active list: wants CPU */
	u64 share;		/* credit of the period that ended */
	bool share_fixed;	/* share held at its cap */
	struct sched_dom *next_active;
};

/* per vCPU */
struct sched_vcpu {
	u64 cpu_ns;		/* CPU time this vCPU ran */

	struct sched_dom *dom;
	u64 slice_ns;		/* left of its time slice, 0: a fresh one */
	bool boost;		/* woke with credit: runs first, briefly */
	u64 boost_ns;		/* left of the boost */
	bool queued;		/* on the run queue */
	struct sched_vcpu *rq_prev, *rq_next;
};

void schedule(void);
void vcpu_wake(struct vcpu *v);
void vcpu_block(struct vcpu *v);
void sched_init(void);
void __noreturn sched_start(void);
/* A vCPU other than the running one should run: set by the scheduler. */
extern bool sched_resched_pending;

static inline bool sched_need_resched(void)
{
	return sched_resched_pending;
}
void sched_timer_changed(void);

/* A new domain: default weight, no cap. */
void sched_domain_init(struct domain *d);
/* Set weight (1..SCHED_MAX_WEIGHT) and cap (0..100 * vCPUs); -EINVAL. */
int sched_set_credit(struct domain *d, unsigned int weight, unsigned int cap);
/* The domain was paused or unpaused (struct domain.paused changed). */
void sched_domain_paused(struct domain *d);
/*
 * Charge @ns of hypervisor work done on behalf of @d (a back end), just
 * done: it is taken off the time of the vCPU that was interrupted.
 */
void sched_charge(struct domain *d, u64 ns);
/* @v became VCPU_RUNNABLE other than by vcpu_wake() (built, VCPUOP_up). */
void sched_vcpu_up(struct vcpu *v);
/* @d is dying: tear it down at the next decision that can. */
void sched_domain_dying(struct domain *d);
/* Forget @d: called before domain_destroy() frees it. */
void sched_domain_destroy(struct domain *d);
/* CPU time so far, the running vCPU's current stretch included. */
u64 sched_domain_cpu_ns(struct domain *d);
u64 sched_vcpu_cpu_ns(struct vcpu *v);
/* Charge the TLB work since the last charge to the running domain. */
void sched_account_tlb(void);

#endif
