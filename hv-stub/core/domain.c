// SPDX-License-Identifier: GPL-2.0
/*
 * Domain and vCPU life cycle: creation, shutdown, crash, destruction.
 *
 * A domain that shuts down or crashes is only marked dying here; the
 * idle vCPU tears it down later (domain_destroy), off its stacks.  After
 * destruction every frame the domain owned is back in the free pool, but
 * for frames of grants others still pin: those follow with the last pin.
 */
#include <hv/arch.h>
#include <hv/backend.h>
#include <hv/domain.h>
#include <hv/frame.h>
#include <hv/gnttab.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/options.h>
#include <hv/traps.h>
#include <public/sched.h>

struct domain *domains[DOMID_SLOTS];
static domid_t last_domid;

struct domain *domain_by_id(domid_t domid)
{
	if (domid >= DOMID_SLOTS)
		return NULL;
	return domains[domid];
}

struct domain *domain_by_name(const char *name)
{
	struct domain *d;
	unsigned int i;

	for_each_domain(i, d)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

unsigned int nr_domains(void)
{
	struct domain *d;
	unsigned int i, n = 0;

	for_each_domain(i, d)
		n++;
	return n;
}

/*
 * The next free domain id after the last one handed out, as Xen does, so
 * that an id is not reused at once; 0 when MAX_DOMAINS domains are live.
 */
domid_t domid_alloc(void)
{
	unsigned int i;

	for (i = 1; i <= MAX_DOMAINS; i++) {
		domid_t id = (last_domid + i - 1) % MAX_DOMAINS + 1;

		if (!domains[id])
			return id;
	}
	return 0;
}

struct domain *domain_create(domid_t domid, unsigned int nr_vcpus)
{
	struct domain *d;

	if (!domid || domid >= DOMID_SLOTS || domains[domid] || !nr_vcpus ||
	    nr_vcpus > MAX_VCPUS)
		return NULL;
	d = hv_alloc(sizeof(*d));
	if (!d)
		return NULL;
	d->domid = domid;
	d->nr_vcpus = nr_vcpus;
	snprintf(d->name, sizeof(d->name), "dom%u", domid);
	sched_domain_init(d);
	domains[domid] = d;
	last_domid = domid;
	return d;
}

struct vcpu *vcpu_create(struct domain *d, unsigned int id)
{
	struct vcpu *v = hv_alloc(sizeof(*v));
	void *stack = hv_alloc(HV_STACK_PAGES * PAGE_SIZE);

	if (!v || !stack) {
		hv_free(v, sizeof(*v));
		hv_free(stack, HV_STACK_PAGES * PAGE_SIZE);
		return NULL;
	}
	v->d = d;
	v->id = id;
	v->state = VCPU_DOWN;
	v->stack_top = (u64)stack + HV_STACK_PAGES * PAGE_SIZE;
	v->regs = (struct cpu_user_regs *)(v->stack_top - sizeof(*v->regs));
	v->vcpu_info = id < XEN_LEGACY_MAX_VCPUS ?
		       &d->shared_info->vcpu_info[id] : NULL;
	v->vcpu_info->evtchn_upcall_mask = 1;
	v->cr4 = PV_CR4_DEFAULT;
	/* a clean FPU image: default control words */
	*(u16 *)&v->fpu_area[0] = 0x37f;
	*(u32 *)&v->fpu_area[24] = 0x1f80;
	d->vcpus[id] = v;
	return v;
}

/* Prepare @v's stack so that its first switch-in enters the guest. */
void vcpu_prepare_first_run(struct vcpu *v)
{
	u64 *sp = (u64 *)v->regs;

	*--sp = (u64)vcpu_first_entry;
	sp -= 6;		/* callee-saved registers */
	v->saved_rsp = (u64)sp;
}

static void domain_kill(struct domain *d, unsigned int reason)
{
	unsigned int i;

	if (d->dying)
		return;
	d->dying = true;
	d->shutdown_reason = reason;
	for (i = 0; i < d->nr_vcpus; i++)
		if (d->vcpus[i])
			d->vcpus[i]->state = VCPU_DEAD;
	sched_domain_dying(d);
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
	static const char *const names[] = { "poweroff", "reboot", "suspend",
					     "crash", "watchdog", "soft_reset" };

	pr_info("domain %u shut down: %s\n", d->domid,
		reason < ARRAY_SIZE(names) ? names[reason] : "unknown");
	domain_kill(d, reason);
}

/* The toolstack's destroy: no shutdown by the guest, no verdict. */
void domain_kill_by_toolstack(struct domain *d)
{
	if (d->dying)
		return;
	pr_info("domain %u destroyed by the toolstack\n", d->domid);
	d->killed = true;
	domain_kill(d, SHUTDOWN_poweroff);
}

void domain_crash(struct domain *d, const char *fmt, ...)
{
	char why[200];
	va_list ap;

	if (d->dying)
		return;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	pr_err("domain %u crashed: %s\n", d->domid, why);
	domain_kill(d, SHUTDOWN_crash);
}

/*
 * Free what the domain owned.  A frame someone else still references (a
 * grant another domain or a device has pinned) outlives it as an orphan
 * and is freed with its last reference (mm/pgtype.c).
 */
static void free_domain_frames(struct domain *d)
{
	u64 mfn, held = 0;

	for (mfn = 0; mfn < max_mfn; mfn++) {
		struct page_info *pg = mfn_to_page(mfn);

		if (pg->owner != d->domid)
			continue;
		if (!pg->count && !(pg->type_info & PGT_count_mask)) {
			free_frame(mfn);
			continue;
		}
		mm_orphan_frame(mfn);
		held++;
	}
	if (held)
		pr_info("domain %u: %lu frames still in use elsewhere, freed when released\n",
			d->domid, held);
}

/*
 * Called from the idle vCPU only.  Page tables go first: that drops the
 * references of every mapping, grant PTEs included; then the pins of the
 * domain's grant mappings, then its memory.
 */
void domain_destroy(struct domain *d)
{
	unsigned int i;

	sched_domain_destroy(d);
	backends_domain_destroyed(d);
	if (hv_opts.stats)
		stats_print(d->domid, &d->stats);
	for (i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *v = d->vcpus[i];

		if (!v)
			continue;
		if (v->kernel_l4)
			mm_put_page_and_type(v->kernel_l4);
		if (v->user_l4)
			mm_put_page_and_type(v->user_l4);
		if (v->vcpu_info_mfn)
			mm_put_page_and_type(v->vcpu_info_mfn);
		vcpu_release_gdt(v);
	}
	mm_relinquish(d->domid);
	gnttab_destroy(d);
	free_domain_frames(d);
	for (i = 0; i < d->nr_vcpus; i++) {
		if (!d->vcpus[i])
			continue;
		hv_free((void *)(d->vcpus[i]->stack_top -
				 HV_STACK_PAGES * PAGE_SIZE),
			HV_STACK_PAGES * PAGE_SIZE);
		hv_free(d->vcpus[i], sizeof(struct vcpu));
	}
	domains[d->domid] = NULL;
	i = d->domid;
	hv_free(d, sizeof(*d));
	pr_info("domain %u destroyed; free frames: %lu\n", i, free_frames);
}
