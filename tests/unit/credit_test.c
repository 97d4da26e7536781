// SPDX-License-Identifier: GPL-2.0
/*
 * The credit scheduler's policy (hv-stub/core/credit.c), driven by a
 * simulated clock the way core/sched.c drives it: credit_schedule() at
 * every slice or period end, 10 ms tick and wake-up, credit_wake() when a
 * blocked vCPU's event arrives.  Workloads are spinners (always
 * runnable) and sleepers (run a burst, block for a while, wake).
 * Checked: shares follow weights, caps hold, idle domains hoard no
 * credit, wakers with credit are boosted, pause, back-end charging.
 */
#include "env.h"
#include "../../hv-stub/core/credit.c"

#define SUITE	"credit"
#define CHECK(name, ok, ...)	unit_check(SUITE, name, ok, __VA_ARGS__)

#define MS	1000000ull
#define SEC	(1000 * MS)
#define MAX_TV	512
#define MAX_TD	128

struct tdom {
	struct sched_dom sd;
	bool paused;
	s64 max_credit;
};

struct tvcpu {
	struct sched_vcpu sv;
	struct tdom *td;
	bool runnable;
	u64 burst, sleep;	/* sleeper: runs burst, blocks sleep; 0: spins */
	u64 left;		/* of the current burst */
	u64 wake_at;		/* while blocked */
	u64 woke_at;		/* waiting to run since */
	u64 max_latency;	/* wake to run, worst */
};

static struct credit_sched cs;
static struct tdom doms[MAX_TD];
static struct tvcpu vcpus[MAX_TV];
static unsigned int nr_doms, nr_vcpus;
static u64 now;

static struct tvcpu *tv_of(const struct sched_vcpu *p)
{
	return (struct tvcpu *)((char *)p - offsetof(struct tvcpu, sv));
}

static struct tdom *td_of(const struct sched_dom *p)
{
	return (struct tdom *)((char *)p - offsetof(struct tdom, sd));
}

bool credit_dom_can_run(const struct sched_dom *sd)
{
	return !td_of(sd)->paused;
}

bool credit_vcpu_can_run(const struct sched_vcpu *sv)
{
	return tv_of(sv)->runnable && credit_dom_can_run(sv->dom);
}

static void reset(void)
{
	memset(doms, 0, sizeof(doms));
	memset(vcpus, 0, sizeof(vcpus));
	nr_doms = nr_vcpus = 0;
	now = 1000 * SEC;
	credit_init(&cs, now);
}

static struct tdom *add_dom(unsigned int weight, unsigned int cap)
{
	struct tdom *td = &doms[nr_doms++];

	credit_dom_init(&td->sd);
	td->sd.weight = weight;
	td->sd.cap = cap;
	return td;
}

/* A vCPU of @td: spins when @burst is 0, else runs @burst, sleeps @sleep. */
static struct tvcpu *add_vcpu(struct tdom *td, u64 burst, u64 sleep)
{
	struct tvcpu *tv = &vcpus[nr_vcpus++];

	tv->td = td;
	tv->sv.dom = &td->sd;
	tv->burst = burst;
	tv->sleep = sleep;
	tv->left = burst;
	tv->runnable = true;
	tv->woke_at = now;
	credit_enqueue(&cs, &tv->sv);
	return tv;
}

static u64 next_event(void)
{
	u64 t = credit_deadline(&cs), tick = now + CREDIT_SLICE_NS;
	unsigned int i;

	if (tick < t)
		t = tick;
	if (cs.cur && tv_of(cs.cur)->burst && now + tv_of(cs.cur)->left < t)
		t = now + tv_of(cs.cur)->left;
	for (i = 0; i < nr_vcpus; i++)
		if (!vcpus[i].runnable && vcpus[i].wake_at < t)
			t = vcpus[i].wake_at;
	return t > now ? t : now + 1;
}

static void ran(struct tvcpu *tv, u64 ns)
{
	if (!tv->burst)
		return;
	tv->left -= ns < tv->left ? ns : tv->left;
	if (!tv->left) {
		tv->runnable = false;
		tv->wake_at = now + tv->sleep;
	}
}

static void wakes(void)
{
	unsigned int i;

	for (i = 0; i < nr_vcpus; i++) {
		struct tvcpu *tv = &vcpus[i];

		if (tv->runnable || tv->wake_at > now)
			continue;
		tv->runnable = true;
		tv->left = tv->burst;
		tv->woke_at = now;
		credit_wake(&cs, &tv->sv);
	}
}

static void note_run(struct sched_vcpu *sv)
{
	struct tvcpu *tv;

	if (!sv)
		return;
	tv = tv_of(sv);
	if (tv->woke_at) {
		if (now - tv->woke_at > tv->max_latency)
			tv->max_latency = now - tv->woke_at;
		tv->woke_at = 0;
	}
}

/* Run the machine for @ns; every event reschedules, as a timer would. */
static void run(u64 ns)
{
	u64 end = now + ns;
	unsigned int i;

	note_run(credit_schedule(&cs, now));
	while (now < end) {
		u64 t = next_event(), from = now;

		if (t > end)
			t = end;
		now = t;
		if (cs.cur)
			ran(tv_of(cs.cur), now - from);
		wakes();
		note_run(credit_schedule(&cs, now));
		for (i = 0; i < nr_doms; i++)
			if (doms[i].sd.credit > doms[i].max_credit)
				doms[i].max_credit = doms[i].sd.credit;
	}
}

static bool near(double got, double want)
{
	return got > want - 0.01 && got < want + 0.01;
}

static double share(struct tdom *td, u64 base, u64 total)
{
	return (double)(td->sd.cpu_ns - base) / (double)total;
}

static void test_alone(void)
{
	struct tdom *a;
	struct tvcpu *v;

	reset();
	a = add_dom(SCHED_DEFAULT_WEIGHT, 0);
	v = add_vcpu(a, 0, 0);
	run(10 * SEC);
	CHECK("alone-whole-cpu", a->sd.cpu_ns == 10 * SEC &&
	      v->sv.cpu_ns == 10 * SEC, "%llu ns of %llu",
	      (unsigned long long)a->sd.cpu_ns, 10 * SEC);
}

static void test_weights(const char *name, unsigned int nv)
{
	struct tdom *a, *b;
	unsigned int i;
	double r;

	reset();
	a = add_dom(512, 0);
	b = add_dom(256, 0);
	for (i = 0; i < nv; i++) {
		add_vcpu(a, 0, 0);
		add_vcpu(b, 0, 0);
	}
	run(20 * SEC);
	r = (double)a->sd.cpu_ns / (double)b->sd.cpu_ns;
	CHECK(name, r > 1.98 && r < 2.02 &&
	      a->sd.cpu_ns + b->sd.cpu_ns == 20 * SEC,
	      "ratio %.4f, %llu + %llu ns", r,
	      (unsigned long long)a->sd.cpu_ns,
	      (unsigned long long)b->sd.cpu_ns);
	/* vCPUs of one domain share it evenly */
	if (nv > 1) {
		r = (double)vcpus[0].sv.cpu_ns / (double)vcpus[2].sv.cpu_ns;
		CHECK("weights-vcpus-even", r > 0.98 && r < 1.02,
		      "vCPU 0 / vCPU 1 of one domain: %.4f", r);
	}
}

/*
 * A vCPU that was idle while its sibling ran gets no head start over it
 * (it might only spin on the sibling): they take turns at once.
 */
static void test_siblings(void)
{
	struct tdom *a;
	struct tvcpu *v0, *v1;
	u64 base;

	reset();
	a = add_dom(SCHED_DEFAULT_WEIGHT, 0);
	v0 = add_vcpu(a, 0, 0);
	v1 = add_vcpu(a, 100000, 20 * MS);
	run(SEC);
	v1->burst = 0;
	base = v0->sv.cpu_ns;
	run(100 * MS);
	CHECK("siblings-take-turns", v0->sv.cpu_ns - base >= 40 * MS,
	      "%llu ms of 100 for the vCPU that ran before",
	      (unsigned long long)(v0->sv.cpu_ns - base) / MS);
}

static void test_three(void)
{
	struct tdom *d[3];
	unsigned int w[3] = { 100, 100, 200 }, i;
	bool ok = true;

	reset();
	for (i = 0; i < 3; i++) {
		d[i] = add_dom(w[i], 0);
		add_vcpu(d[i], 0, 0);
	}
	run(30 * SEC);
	for (i = 0; i < 3; i++)
		ok &= near(share(d[i], 0, 30 * SEC), w[i] / 400.0);
	CHECK("weights-1:1:2", ok, "%.4f %.4f %.4f", share(d[0], 0, 30 * SEC),
	      share(d[1], 0, 30 * SEC), share(d[2], 0, 30 * SEC));
}

/* 128 domains, weights 512 and 256 alternating, 1 to 3 vCPUs each. */
static void test_many(void)
{
	u64 heavy = 0, light = 0;
	unsigned int i, j;
	double r;

	reset();
	for (i = 0; i < MAX_TD; i++) {
		struct tdom *td = add_dom(i % 2 ? 256 : 512, 0);

		for (j = 0; j <= i % 3; j++)
			add_vcpu(td, 0, 0);
	}
	run(300 * SEC);
	for (i = 0; i < MAX_TD; i++)
		*(i % 2 ? &light : &heavy) += doms[i].sd.cpu_ns;
	r = (double)heavy / (double)light;
	CHECK("weights-128-domains", r > 1.95 && r < 2.05 &&
	      heavy + light == 300 * SEC, "heavy / light %.4f", r);
}

/* a cap holds over whole periods */
#define CAP_TIME	(333 * CREDIT_PERIOD_NS)

static void test_cap(void)
{
	struct tdom *a, *b, *c;
	double s;

	reset();
	a = add_dom(SCHED_DEFAULT_WEIGHT, 25);
	add_vcpu(a, 0, 0);
	run(CAP_TIME);
	s = share(a, 0, CAP_TIME);
	CHECK("cap-25-alone", s <= 0.25 && s > 0.24,
	      "share %.4f with the CPU otherwise idle", s);

	reset();
	a = add_dom(1000, 25);
	b = add_dom(100, 0);
	add_vcpu(a, 0, 0);
	add_vcpu(a, 0, 0);
	add_vcpu(b, 0, 0);
	run(CAP_TIME);
	s = share(a, 0, CAP_TIME);
	CHECK("cap-25-heavy-weight", s <= 0.25 && s > 0.24 &&
	      share(b, 0, CAP_TIME) >= 0.75, "shares %.4f and %.4f", s,
	      share(b, 0, CAP_TIME));

	/* what a capped domain leaves goes to the others by weight */
	reset();
	a = add_dom(512, 0);
	b = add_dom(256, 0);
	c = add_dom(256, 10);
	add_vcpu(a, 0, 0);
	add_vcpu(b, 0, 0);
	add_vcpu(c, 0, 0);
	run(CAP_TIME);
	s = share(a, 0, CAP_TIME) / share(b, 0, CAP_TIME);
	CHECK("cap-leaves-share-by-weight", s > 1.95 && s < 2.05 &&
	      share(c, 0, CAP_TIME) <= 0.10 && share(c, 0, CAP_TIME) > 0.09,
	      "ratio %.4f, capped share %.4f", s, share(c, 0, CAP_TIME));

	reset();
	a = add_dom(SCHED_DEFAULT_WEIGHT, 10);
	add_vcpu(a, 0, 0);
	run(SEC);
	credit_charge(&cs, &a->sd, 2 * SEC, now);
	run(9 * SEC);
	s = share(a, 0, 10 * SEC);
	CHECK("cap-counts-backend-work", s <= 0.31,
	      "share %.4f, 2 s of it back-end work", s);
}

static void test_hoard(void)
{
	struct tdom *a, *b;
	struct tvcpu *va;
	u64 base;
	double s;

	reset();
	a = add_dom(SCHED_DEFAULT_WEIGHT, 0);
	b = add_dom(SCHED_DEFAULT_WEIGHT, 0);
	va = add_vcpu(a, 100000, 20 * MS);	/* 100 us every 20 ms */
	add_vcpu(b, 0, 0);
	run(20 * SEC);
	CHECK("idle-no-hoard", a->max_credit <= CREDIT_MAX_NS,
	      "balance up to %lld ns", (long long)a->max_credit);
	/* a turns CPU bound: its saved credit buys one short burst only */
	va->burst = 0;
	base = a->sd.cpu_ns;
	run(SEC);
	s = share(a, base, SEC);
	CHECK("idle-burst-bounded", s < 0.5 + 2.0 * CREDIT_MAX_NS / SEC,
	      "share %.4f in the first second", s);
	base = a->sd.cpu_ns;
	run(10 * SEC);
	s = share(a, base, 10 * SEC);
	CHECK("idle-then-fair", s > 0.49 && s < 0.51, "share %.4f", s);

	/* blocked for good: no more credit while away */
	reset();
	a = add_dom(SCHED_DEFAULT_WEIGHT, 0);
	va = add_vcpu(a, MS, 1000 * SEC);
	run(100 * SEC);
	CHECK("blocked-bounded-credit", a->max_credit <= CREDIT_MAX_NS &&
	      a->sd.credit <= CREDIT_MAX_NS, "balance %lld",
	      (long long)a->sd.credit);
}

static void test_boost(void)
{
	struct tdom *a, *b;
	struct tvcpu *vb;
	double s;

	reset();
	a = add_dom(SCHED_DEFAULT_WEIGHT, 0);
	b = add_dom(SCHED_DEFAULT_WEIGHT, 0);
	add_vcpu(a, 0, 0);
	add_vcpu(a, 0, 0);
	vb = add_vcpu(b, 200000, 5 * MS);	/* 200 us every 5 ms */
	run(SEC);
	vb->max_latency = 0;
	run(10 * SEC);
	s = share(b, 0, 11 * SEC);
	CHECK("boost-latency", vb->max_latency == 0 && s > 0.035,
	      "worst wake-to-run %llu ns, share %.4f",
	      (unsigned long long)vb->max_latency, s);

	/* credit_wake() itself: boost and preemption with credit only */
	reset();
	a = add_dom(SCHED_DEFAULT_WEIGHT, 0);
	b = add_dom(SCHED_DEFAULT_WEIGHT, 0);
	add_vcpu(a, 0, 0);
	vb = add_vcpu(b, MS, SEC);
	run(MS);
	vb->runnable = false;
	credit_dequeue(&cs, &vb->sv);
	b->sd.credit = MS;
	vb->runnable = true;
	CHECK("boost-on-wake", credit_wake(&cs, &vb->sv) && vb->sv.boost &&
	      credit_prio(&vb->sv) == CREDIT_BOOST, "no boost with credit");
	CHECK("boost-preempts", credit_schedule(&cs, now) == &vb->sv,
	      "the waker does not run");
	now += CREDIT_BOOST_NS;
	credit_account(&cs, now);
	CHECK("boost-ends", !vb->sv.boost, "boosted after %llu ns of CPU",
	      (unsigned long long)CREDIT_BOOST_NS);
	vb->runnable = false;
	credit_schedule(&cs, now);
	b->sd.credit = -1;
	vb->runnable = true;
	CHECK("no-boost-when-over", !credit_wake(&cs, &vb->sv) &&
	      credit_prio(&vb->sv) == CREDIT_OVER, "boosted without credit");

	/* a sibling is not preempted (it may hold what the waker wants) */
	reset();
	a = add_dom(SCHED_DEFAULT_WEIGHT, 0);
	add_vcpu(a, 0, 0);
	vb = add_vcpu(a, MS, SEC);
	vb->runnable = false;
	credit_dequeue(&cs, &vb->sv);
	credit_schedule(&cs, now);
	a->sd.credit = MS;
	vb->runnable = true;
	CHECK("boost-no-sibling-preempt", !credit_wake(&cs, &vb->sv) &&
	      vb->sv.boost && cs.cur != &vb->sv,
	      "the waker preempts its sibling");
}

static void test_yield(void)
{
	struct sched_vcpu *first;

	reset();
	add_vcpu(add_dom(SCHED_DEFAULT_WEIGHT, 0), 0, 0);
	add_vcpu(add_dom(SCHED_DEFAULT_WEIGHT, 0), 0, 0);
	first = credit_schedule(&cs, now);
	now += MS;
	CHECK("no-yield-keeps-slice", credit_schedule(&cs, now) == first,
	      "switched with its slice left");
	credit_yield(&cs);
	CHECK("yield-lets-other-run", credit_schedule(&cs, now) != first,
	      "the yielding vCPU runs again");
	credit_yield(&cs);
	CHECK("yield-returns", credit_schedule(&cs, now) == first,
	      "the first vCPU does not run after the other yields");

	/* siblings take turns at every decision, as round robin did */
	reset();
	add_vcpu(add_dom(SCHED_DEFAULT_WEIGHT, 0), 0, 0);
	cs.rq_head->dom->credit = MS;
	add_vcpu(vcpus[0].td, 0, 0);
	first = credit_schedule(&cs, now);
	now += MS;
	CHECK("siblings-rotate", credit_schedule(&cs, now) != first,
	      "a vCPU kept the CPU with its sibling waiting");
}

static void test_pause(void)
{
	struct tdom *a, *b;
	u64 base;
	double s;

	reset();
	a = add_dom(SCHED_DEFAULT_WEIGHT, 0);
	b = add_dom(SCHED_DEFAULT_WEIGHT, 0);
	add_vcpu(a, 0, 0);
	add_vcpu(b, 0, 0);
	run(SEC);
	a->paused = true;
	base = a->sd.cpu_ns;
	run(5 * SEC);
	CHECK("paused-never-runs", a->sd.cpu_ns == base,
	      "%llu ns while paused", (unsigned long long)(a->sd.cpu_ns - base));
	a->paused = false;
	credit_enqueue(&cs, &vcpus[0].sv);
	base = a->sd.cpu_ns;
	run(5 * SEC);
	s = share(a, base, 5 * SEC);
	CHECK("unpaused-resumes", s > 0.49 && s < 0.51, "share %.4f", s);
}

static void test_charge(void)
{
	struct tdom *a, *b;
	struct tvcpu *va;
	unsigned int i;

	reset();
	a = add_dom(SCHED_DEFAULT_WEIGHT, 0);
	b = add_dom(SCHED_DEFAULT_WEIGHT, 0);
	va = add_vcpu(a, 0, 0);
	credit_schedule(&cs, now);
	now += 4 * MS;
	credit_charge(&cs, &b->sd, 3 * MS, now);	/* b's I/O, a current */
	credit_account(&cs, now);
	CHECK("charge-not-current", va->sv.cpu_ns == MS &&
	      a->sd.cpu_ns == MS && b->sd.cpu_ns == 3 * MS,
	      "a's vCPU %llu, a %llu, b %llu ns",
	      (unsigned long long)va->sv.cpu_ns,
	      (unsigned long long)a->sd.cpu_ns,
	      (unsigned long long)b->sd.cpu_ns);

	/* b floods its disk: 2 ms of back-end work every 10 ms */
	reset();
	a = add_dom(SCHED_DEFAULT_WEIGHT, 0);
	b = add_dom(SCHED_DEFAULT_WEIGHT, 0);
	add_vcpu(a, 0, 0);
	add_vcpu(b, 0, 0);
	for (i = 0; i < 1000; i++) {
		run(8 * MS);
		now += 2 * MS;
		credit_charge(&cs, &b->sd, 2 * MS, now);
	}
	CHECK("charge-isolates", share(a, 0, 10 * SEC) > 0.49,
	      "a %.4f, b %.4f (back-end work included)",
	      share(a, 0, 10 * SEC), share(b, 0, 10 * SEC));
}

int main(void)
{
	test_alone();
	test_weights("weights-2:1", 1);
	test_weights("weights-2:1-two-vcpus", 2);
	test_siblings();
	test_three();
	test_many();
	test_cap();
	test_hoard();
	test_boost();
	test_yield();
	test_pause();
	test_charge();
	return unit_failed ? 1 : 0;
}
