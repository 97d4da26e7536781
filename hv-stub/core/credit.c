// SPDX-License-Identifier: GPL-2.0
/*
 * Proportional share in the manner of Xen's credit scheduler, for one
 * physical CPU, in nanoseconds.  Pure: the host unit test compiles it.
 *
 * Credit is CPU time a domain may still use.  Running burns it, ns for
 * ns.  At the end of each period (CREDIT_PERIOD_NS, as long as it really
 * lasted) the period's whole length is handed out to the domains that
 * wanted CPU in it (the active list), in proportion to their weights.
 * So credit handed out equals time elapsed, and balances stay centred on
 * zero.  A balance is clamped to +-CREDIT_MAX_NS when credit is added: a
 * domain that leaves its share unused cannot hoard it, and one that ran
 * on an otherwise idle CPU does not owe it for ever.
 *
 * Credit belongs to the domain, not to each vCPU: the domain's runnable
 * vCPUs split its share by taking turns within its class.  SMP guests
 * spin on their siblings (IPIs, locks), so siblings are treated as round
 * robin did: a waker does not preempt its sibling, and a vCPU with
 * siblings waiting goes to the tail at every decision.  Per-vCPU balances
 * (as Xen's credit1 keeps), or boosted wakers preempting their siblings,
 * made SMP Linux guests here up to 4 times slower (the waiter won over
 * the vCPU it waited for).
 *
 * The run queue is one list in FIFO order.  The pick is the first vCPU
 * of the best class, BOOST (woke from blocking with credit left, for its
 * first CREDIT_BOOST_NS of CPU), UNDER (credit left), OVER (none): one
 * pass, O(queued vCPUs).  A waker of a better class than the running vCPU
 * of another domain preempts it.  A vCPU whose slice ended (or that
 * yielded) goes to the tail, one preempted before goes back to the head
 * (but see siblings above).  Entries that may no longer run (blocked
 * elsewhere, paused, dying) are dropped when the pick meets them.
 *
 * A cap C (% of one CPU) limits a domain to C * CREDIT_PERIOD_NS / 100
 * of CPU in each period: its slices end at the limit, and once it is
 * reached the domain is parked (its vCPUs are skipped, even if the CPU
 * idles) until the period ends; time used beyond the limit is carried
 * into the next period.  Back-end work done for a domain (credit_charge)
 * counts as its CPU time, against its cap, and comes off its next credit
 * (at most CREDIT_MAX_NS of it: a balance goes no lower anyway).
 */
#include <hv/credit.h>

void credit_init(struct credit_sched *cs, u64 now)
{
	*cs = (struct credit_sched){ .last = now, .period_start = now };
}

void credit_dom_init(struct sched_dom *sd)
{
	*sd = (struct sched_dom){ .weight = SCHED_DEFAULT_WEIGHT };
}

enum credit_prio credit_prio(const struct sched_vcpu *sv)
{
	if (sv->boost)
		return CREDIT_BOOST;
	return sv->dom->credit > 0 ? CREDIT_UNDER : CREDIT_OVER;
}

/* @sd's time in the current period; a stale count is from an older one. */
static u64 *dom_used(struct credit_sched *cs, struct sched_dom *sd)
{
	if (sd->used_period != cs->period) {
		sd->used_period = cs->period;
		sd->used_ns = 0;
	}
	return &sd->used_ns;
}

static u64 cap_ns(const struct sched_dom *sd, u64 period_ns)
{
	return (u64)sd->cap * period_ns / 100;
}

bool credit_parked(struct credit_sched *cs, struct sched_dom *sd)
{
	return sd->cap && *dom_used(cs, sd) >= cap_ns(sd, CREDIT_PERIOD_NS);
}

/* @sd wants CPU in this period. */
static void activate(struct credit_sched *cs, struct sched_dom *sd)
{
	if (sd->active)
		return;
	sd->active = true;
	sd->next_active = cs->active;
	cs->active = sd;
}

static void enqueue(struct credit_sched *cs, struct sched_vcpu *sv, bool head)
{
	if (sv->queued)
		return;
	sv->queued = true;
	if (head) {
		sv->rq_prev = NULL;
		sv->rq_next = cs->rq_head;
		if (cs->rq_head)
			cs->rq_head->rq_prev = sv;
		else
			cs->rq_tail = sv;
		cs->rq_head = sv;
	} else {
		sv->rq_next = NULL;
		sv->rq_prev = cs->rq_tail;
		if (cs->rq_tail)
			cs->rq_tail->rq_next = sv;
		else
			cs->rq_head = sv;
		cs->rq_tail = sv;
	}
	sv->dom->nr_queued++;
	activate(cs, sv->dom);
}

void credit_enqueue(struct credit_sched *cs, struct sched_vcpu *sv)
{
	if (sv != cs->cur)
		enqueue(cs, sv, false);
}

void credit_dequeue(struct credit_sched *cs, struct sched_vcpu *sv)
{
	if (!sv->queued)
		return;
	sv->queued = false;
	sv->dom->nr_queued--;
	if (sv->rq_prev)
		sv->rq_prev->rq_next = sv->rq_next;
	else
		cs->rq_head = sv->rq_next;
	if (sv->rq_next)
		sv->rq_next->rq_prev = sv->rq_prev;
	else
		cs->rq_tail = sv->rq_prev;
	sv->rq_prev = sv->rq_next = NULL;
}

bool credit_wake(struct credit_sched *cs, struct sched_vcpu *sv)
{
	sv->boost = sv->dom->credit > 0;
	sv->boost_ns = CREDIT_BOOST_NS;
	sv->slice_ns = 0;
	credit_enqueue(cs, sv);
	if (!credit_vcpu_can_run(sv) || credit_parked(cs, sv->dom))
		return false;
	if (!cs->cur)
		return true;
	/*
	 * Not its sibling: that one may hold a lock it wants (guests spin
	 * on each other); it goes first at the next decision instead.
	 */
	return cs->cur->dom != sv->dom && credit_prio(sv) < credit_prio(cs->cur);
}

void credit_account(struct credit_sched *cs, u64 now)
{
	struct sched_vcpu *sv = cs->cur;
	u64 ns = now > cs->last ? now - cs->last : 0;

	if (now > cs->last)
		cs->last = now;
	if (!sv || !ns)
		return;
	sv->cpu_ns += ns;
	sv->dom->cpu_ns += ns;
	sv->dom->credit -= ns;
	sv->slice_ns -= ns < sv->slice_ns ? ns : sv->slice_ns;
	if (sv->boost) {
		sv->boost_ns -= ns < sv->boost_ns ? ns : sv->boost_ns;
		sv->boost = sv->boost_ns != 0;
	}
	*dom_used(cs, sv->dom) += ns;
}

void credit_charge(struct credit_sched *cs, struct sched_dom *sd, u64 ns,
		   u64 now)
{
	sd->cpu_ns += ns;
	sd->debt_ns += ns;
	*dom_used(cs, sd) += ns;
	/* the interrupted vCPU did not run meanwhile */
	cs->last = cs->last + ns < now ? cs->last + ns : now;
}

static s64 clamp_credit(s64 credit)
{
	if (credit > CREDIT_MAX_NS)
		return CREDIT_MAX_NS;
	return credit < -CREDIT_MAX_NS ? -CREDIT_MAX_NS : credit;
}

/* @sd's share of the period, less its back-end debt. */
static void dom_credit(struct sched_dom *sd, u64 share)
{
	u64 debt = sd->debt_ns < (u64)CREDIT_MAX_NS ? sd->debt_ns :
						     (u64)CREDIT_MAX_NS;

	sd->debt_ns = 0;
	sd->credit = clamp_credit(sd->credit + (s64)share - (s64)debt);
}

/* Time beyond the cap of the period that ended is carried over. */
static void dom_cap_carry(struct credit_sched *cs, struct sched_dom *sd,
			  u64 period_ns)
{
	u64 used = *dom_used(cs, sd), limit = cap_ns(sd, period_ns);

	sd->used_ns = sd->cap && used > limit ? used - limit : 0;
	sd->used_period = cs->period + 1;
}

/*
 * Each active domain's share of @total, by weight; a capped domain gets
 * no more than its cap, and what it leaves is shared among the others by
 * weight, until no share is above its domain's cap.
 */
static void fair_shares(struct credit_sched *cs, u64 total)
{
	u64 left = total, wsum = 0;
	struct sched_dom *sd;
	bool fixed_one = true;

	for (sd = cs->active; sd; sd = sd->next_active)
		sd->share_fixed = false;
	while (fixed_one) {
		fixed_one = false;
		wsum = 0;
		for (sd = cs->active; sd; sd = sd->next_active)
			if (!sd->share_fixed)
				wsum += sd->weight;
		for (sd = cs->active; wsum && sd; sd = sd->next_active) {
			if (sd->share_fixed || !sd->cap ||
			    left * sd->weight / wsum <= cap_ns(sd, total))
				continue;
			sd->share = cap_ns(sd, total);
			sd->share_fixed = true;
			left -= min(left, sd->share);
			fixed_one = true;
		}
	}
	for (sd = cs->active; sd; sd = sd->next_active)
		if (!sd->share_fixed)
			sd->share = wsum ? left * sd->weight / wsum : 0;
}

/* The period that began at cs->period_start ended at @now. */
static void credit_period(struct credit_sched *cs, u64 now)
{
	u64 total = now - cs->period_start;
	struct sched_dom **link, *sd;

	for (link = &cs->active; (sd = *link);) {
		if (credit_dom_can_run(sd)) {
			link = &sd->next_active;
			continue;
		}
		*link = sd->next_active;
		sd->active = false;
	}
	fair_shares(cs, total);
	for (link = &cs->active; (sd = *link);) {
		dom_credit(sd, sd->share);
		dom_cap_carry(cs, sd, total);
		/* still waiting or running: it wants CPU in the next one */
		if (sd->nr_queued || (cs->cur && cs->cur->dom == sd)) {
			link = &sd->next_active;
			continue;
		}
		*link = sd->next_active;
		sd->active = false;
	}
	cs->period++;
	cs->period_start = now;
}

/* The first vCPU of the best class; drops those that cannot run. */
static struct sched_vcpu *pick(struct credit_sched *cs)
{
	struct sched_vcpu *sv, *next, *best = NULL;

	for (sv = cs->rq_head; sv; sv = next) {
		next = sv->rq_next;
		if (!credit_vcpu_can_run(sv)) {
			credit_dequeue(cs, sv);
			continue;
		}
		if (credit_parked(cs, sv->dom))
			continue;
		if (!best || credit_prio(sv) < credit_prio(best)) {
			best = sv;
			if (sv->boost)
				break;
		}
	}
	if (best)
		credit_dequeue(cs, best);
	return best;
}

/*
 * Back on the queue: at the head while its slice lasts, else at the tail.
 * A vCPU with siblings waiting goes to the tail at every decision, as
 * with round robin: it may be spinning on one of them.
 */
static void put_prev(struct credit_sched *cs, struct sched_vcpu *prev)
{
	cs->cur = NULL;
	if (!credit_vcpu_can_run(prev)) {
		prev->boost = false;
		prev->slice_ns = 0;
		return;
	}
	if (!prev->slice_ns)
		prev->boost = false;
	enqueue(cs, prev, prev->slice_ns && !prev->dom->nr_queued);
}

/*
 * Until its slice ends or its domain reaches its cap.  The end of a boost
 * takes effect at the next decision: a timer of its own cost SMP guests
 * one more switch between siblings after every wake-up.
 */
static u64 slice_of(struct credit_sched *cs, struct sched_vcpu *sv)
{
	u64 ns = sv->slice_ns, left;

	if (!sv->dom->cap)
		return ns;
	left = cap_ns(sv->dom, CREDIT_PERIOD_NS) - *dom_used(cs, sv->dom);
	return left < ns ? left : ns;
}

void credit_yield(struct credit_sched *cs)
{
	if (cs->cur)
		cs->cur->slice_ns = 0;
}

struct sched_vcpu *credit_schedule(struct credit_sched *cs, u64 now)
{
	struct sched_vcpu *next;

	credit_account(cs, now);
	if (now - cs->period_start >= CREDIT_PERIOD_NS)
		credit_period(cs, now);
	if (cs->cur)
		put_prev(cs, cs->cur);
	next = pick(cs);
	cs->cur = next;
	if (next) {
		if (!next->slice_ns)
			next->slice_ns = CREDIT_SLICE_NS;
		cs->slice_end = now + slice_of(cs, next);
	}
	return next;
}

u64 credit_deadline(const struct credit_sched *cs)
{
	u64 end = cs->period_start + CREDIT_PERIOD_NS;

	return cs->cur && cs->slice_end < end ? cs->slice_end : end;
}

void credit_dom_remove(struct credit_sched *cs, struct sched_dom *sd)
{
	struct sched_dom **link;

	for (link = &cs->active; *link; link = &(*link)->next_active) {
		if (*link == sd) {
			*link = sd->next_active;
			break;
		}
	}
	sd->active = false;
}
