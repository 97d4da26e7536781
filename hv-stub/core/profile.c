// SPDX-License-Identifier: GPL-2.0
/*
 * The sampling profiler behind profile=HZ (hv/profile.h).  Samples go
 * into one open-addressed table keyed by (domain, where, rip); when the
 * table is full, further new keys are only counted as lost.
 */
#include <hv/arch.h>
#include <hv/domain.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <hv/profile.h>
#include <public/xen.h>

#define PROFILE_SLOTS	16384		/* a power of two */

struct profile_slot {
	u64 rip;
	u32 count;			/* 0: free */
	u16 domid;
	u8 where;
};

u64 profile_period_ns;
static unsigned int profile_hz;
static struct profile_slot slots[PROFILE_SLOTS];
static u64 nr_samples, nr_lost;

void profile_init(unsigned int hz)
{
	profile_hz = hz;
	profile_period_ns = hz ? 1000000000ull / hz : 0;
}

static unsigned int slot_hash(u64 rip, u16 domid, u8 where)
{
	u64 h = (rip ^ ((u64)domid << 48) ^ ((u64)where << 62)) *
		0x9e3779b97f4a7c15ull;

	return (unsigned int)(h >> 50) & (PROFILE_SLOTS - 1);
}

static void record(u64 rip, u16 domid, u8 where)
{
	unsigned int i = slot_hash(rip, domid, where), n;

	nr_samples++;
	for (n = 0; n < PROFILE_SLOTS; n++, i = (i + 1) & (PROFILE_SLOTS - 1)) {
		struct profile_slot *s = &slots[i];

		if (!s->count) {
			s->rip = rip;
			s->domid = domid;
			s->where = where;
			s->count = 1;
			return;
		}
		if (s->rip == rip && s->domid == domid && s->where == where) {
			if (s->count != ~0u)
				s->count++;
			return;
		}
	}
	nr_lost++;
}

void profile_sample(const struct cpu_user_regs *regs)
{
	struct vcpu *v = current;
	u16 domid = DOMID_IDLE;

	if (!profile_hz)
		return;
	if (v && v->d)
		domid = v->d->domid;
	if (!guest_mode(regs))
		record(regs->rip, domid, PROFILE_HV);
	else
		record(regs->rip, domid,
		       v->kernel_mode ? PROFILE_KERNEL : PROFILE_USER);
}

void profile_report(profile_line_fn out)
{
	static const char where[] = { 'h', 'k', 'u' };
	unsigned int i;

	out("profile: hz=%u samples=%lu lost=%lu\n", profile_hz, nr_samples,
	    nr_lost);
	for (i = 0; i < PROFILE_SLOTS; i++)
		if (slots[i].count)
			out("%u %c %#lx %u\n", slots[i].domid,
			    where[slots[i].where], slots[i].rip,
			    slots[i].count);
}

void profile_reset(void)
{
	memset(slots, 0, sizeof(slots));
	nr_samples = nr_lost = 0;
}
