/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The credit scheduler's policy (core/credit.c): run queue, credit,
 * weights, caps and boost, in nanoseconds of one physical CPU.  Pure: it
 * knows struct sched_vcpu and struct sched_dom (hv/sched.h) only, and
 * asks its user through the two hooks below whether one can run, so the
 * host unit test compiles it unchanged.
 */
#ifndef HV_CREDIT_H
#define HV_CREDIT_H

#include <hv/sched.h>

#define CREDIT_SLICE_NS		((u64)10000000)	/* time slice */
#define CREDIT_PERIOD_NS	((u64)30000000)	/* accounting period */
#define CREDIT_BOOST_NS		((u64)1000000)	/* how long a waker is boosted */
/* a domain's balance stays within +-CREDIT_MAX_NS when credit is added */
#define CREDIT_MAX_NS		((s64)CREDIT_PERIOD_NS)

enum credit_prio { CREDIT_BOOST, CREDIT_UNDER, CREDIT_OVER };

/* The scheduler's state; one instance (core/sched.c), or a test's. */
struct credit_sched {
	struct sched_vcpu *rq_head, *rq_tail;	/* runnable, not running */
	struct sched_dom *active;	/* domains that wanted CPU */
	struct sched_vcpu *cur;		/* running; NULL: the idle vCPU */
	u64 last;			/* cur's time is counted up to here */
	u64 period_start;
	u64 period;			/* periods since credit_init() */
	u64 slice_end;			/* when cur's time slice ends */
};

/* Hooks of the user: may @sv run (state, domain paused or dying)? */
bool credit_vcpu_can_run(const struct sched_vcpu *sv);
bool credit_dom_can_run(const struct sched_dom *sd);

void credit_init(struct credit_sched *cs, u64 now);
void credit_dom_init(struct sched_dom *sd);
/* Put @sv on the run queue (it may run); nothing if it is on it. */
void credit_enqueue(struct credit_sched *cs, struct sched_vcpu *sv);
void credit_dequeue(struct credit_sched *cs, struct sched_vcpu *sv);
/* @sv woke from blocking; true if it should preempt cs->cur. */
bool credit_wake(struct credit_sched *cs, struct sched_vcpu *sv);
/* Count cs->cur's time up to @now. */
void credit_account(struct credit_sched *cs, u64 now);
/* @ns of work for @sd just ended at @now; not cs->cur's time. */
void credit_charge(struct credit_sched *cs, struct sched_dom *sd, u64 ns,
		   u64 now);
/* Account, hand out credit if a period ended, choose: cs->cur or NULL. */
struct sched_vcpu *credit_schedule(struct credit_sched *cs, u64 now);
/* cs->cur yields: its slice is over, others of its class go first. */
void credit_yield(struct credit_sched *cs);
/* When credit_schedule() must run next: slice or period end. */
u64 credit_deadline(const struct credit_sched *cs);
/* @sd goes away: off the active list (its vCPUs already dequeued). */
void credit_dom_remove(struct credit_sched *cs, struct sched_dom *sd);
enum credit_prio credit_prio(const struct sched_vcpu *sv);
/* @sd used its cap in this period. */
bool credit_parked(struct credit_sched *cs, struct sched_dom *sd);

#endif
