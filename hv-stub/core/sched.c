// SPDX-License-Identifier: GPL-2.0
/*
 * The scheduler: every vCPU of every domain on hv-stub's one physical
 * CPU.  The policy (core/credit.c) is proportional share with weights and
 * caps, 10 ms slices and a 30 ms accounting period; this file is its glue:
 * vCPU states, context switches, timers, accounting hooks, SCHEDOP_*.
 *
 * Every ns is accounted to the vCPU that ran it and its domain, except
 * back-end work done for some domain (sched_charge()), which goes to that
 * domain instead of to whichever vCPU it interrupted.
 *
 * The run queue holds vCPUs that may run; vcpu_wake() and sched_vcpu_up()
 * put them there, and the timer tick catches any vCPU made runnable
 * behind the scheduler's back.  Paused and dying domains never run; a
 * paused domain's vCPUs keep their state, and sched_domain_paused()
 * queues them again when it is unpaused.
 *
 * The idle vCPU has a stack of its own and no domain.  It halts when
 * nothing can run, and it is where dead domains are torn down (never on
 * a stack that belongs to them); so is the next decision on the stack of
 * a live domain's vCPU, so that a dead domain's memory comes back at once
 * even while other domains keep the CPU busy.  When no domain is left it
 * ends QEMU with the worst verdict of the domains that shut down by
 * themselves (crash, then reboot, then poweroff); a toolstack destroy
 * gives none.
 */
#include <hv/arch.h>
#include <hv/backend.h>
#include <hv/blkdev.h>
#include <hv/console.h>
#include <hv/credit.h>
#include <hv/debugreg.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/guest.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/options.h>
#include <hv/time.h>
#include <hv/traps.h>
#include <hv/x86.h>
#include <public/sched.h>

#define TIME_SLICE_NS	CREDIT_SLICE_NS

struct vcpu *current;
static struct vcpu idle_vcpu;
bool sched_resched_pending;
static bool reap_wanted;	/* a dying domain waits for the idle vCPU */
static enum hv_exit_code last_verdict = HV_EXIT_POWEROFF;
static struct credit_sched credit;	/* the policy's state */
static u64 timer_at;		/* the LAPIC timer's deadline, last set */
static struct tlb_counts tlb_charged;	/* arch_tlb_counts, last charged */

static struct vcpu *vcpu_of(struct sched_vcpu *sv)
{
	return (struct vcpu *)((char *)sv - offsetof(struct vcpu, sched));
}

static struct domain *domain_of(const struct sched_dom *sd)
{
	return (struct domain *)((char *)sd - offsetof(struct domain, sched));
}

/* The scheduler's part of @v (linked to its domain's on first use). */
static struct sched_vcpu *sv_of(struct vcpu *v)
{
	v->sched.dom = &v->d->sched;
	return &v->sched;
}

bool credit_dom_can_run(const struct sched_dom *sd)
{
	const struct domain *d = domain_of(sd);

	return !d->dying && !d->paused;
}

bool credit_vcpu_can_run(const struct sched_vcpu *sv)
{
	const struct vcpu *v = vcpu_of((struct sched_vcpu *)sv);

	return v->state == VCPU_RUNNABLE && credit_dom_can_run(sv->dom);
}

/* Onto the run queue if it may run and is not there (or running). */
static void enqueue_runnable(struct vcpu *v)
{
	if (v && credit_vcpu_can_run(sv_of(v)))
		credit_enqueue(&credit, &v->sched);
}

static void timer_set(u64 deadline)
{
	timer_at = deadline;
	timer_program(deadline);
}

static void save_state(struct vcpu *v)
{
	if (v == &idle_vcpu)
		return;
	arch_save_data_sels(v->data_sel);
	v->fs_base = rdmsr(MSR_FS_BASE);
	v->gs_base_kernel = rdmsr(v->kernel_mode ? MSR_GS_BASE :
						   MSR_KERNEL_GS_BASE);
	v->gs_base_user = rdmsr(v->kernel_mode ? MSR_KERNEL_GS_BASE :
						 MSR_GS_BASE);
	write_cr0(read_cr0() & ~X86_CR0_TS);
	asm volatile("fxsave64 %0" : "=m"(v->fpu_area));
	debugreg_switch_from(v);
}

static void load_state(struct vcpu *v)
{
	unsigned int i;

	arch_set_stack(v->stack_top - 32);
	if (v == &idle_vcpu) {
		write_cr3(idle_l4_mfn << 12);
		return;
	}
	write_cr3((v->kernel_mode ? v->kernel_l4 : v->user_l4) << 12);
	for (i = 0; i < 14; i++)
		gdt_window_map(i, i * 512 < v->gdt_ents ? v->gdt_mfn[i] :
			       INVALID_MFN, false);
	vcpu_load_ldt(v);
	/* selectors first: loading fs or gs resets its base */
	if (!arch_load_data_sels(v->data_sel))
		v->failsafe_pending = true;
	wrmsr(MSR_FS_BASE, v->fs_base);
	wrmsr(MSR_TSC_AUX, v->tsc_aux);
	pv_load_cr4(v);
	wrmsr(v->kernel_mode ? MSR_GS_BASE : MSR_KERNEL_GS_BASE,
	      v->gs_base_kernel);
	wrmsr(v->kernel_mode ? MSR_KERNEL_GS_BASE : MSR_GS_BASE,
	      v->gs_base_user);
	asm volatile("fxrstor64 %0" : : "m"(v->fpu_area));
	if (v->fpu_ts)
		write_cr0(read_cr0() | X86_CR0_TS);
	debugreg_switch_to(v);
}

static void reap_domains(void);

void sched_account_tlb(void)
{
	struct tlb_counts now = arch_tlb_counts;

	if (current && current != &idle_vcpu) {
		struct dom_stats *s = &current->d->stats;

		s->cr3 += now.cr3 - tlb_charged.cr3;
		s->flushes += now.flushes - tlb_charged.flushes;
		s->invlpg += now.invlpg - tlb_charged.invlpg;
	}
	tlb_charged = now;
}

void schedule(void)
{
	struct vcpu *prev = current, *next;
	struct sched_vcpu *sv;
	u64 deadline;

	sched_resched_pending = false;
	/* not on a stack the dead domain owns: tear it down here */
	if (reap_wanted && prev != &idle_vcpu && !prev->d->dying)
		reap_domains();
	sv = credit_schedule(&credit, now_ns());
	next = sv ? vcpu_of(sv) : &idle_vcpu;
	deadline = credit_deadline(&credit);
	if (deadline < timer_at)
		timer_set(deadline);
	if (next == prev)
		return;
	sched_account_tlb();
	save_state(prev);
	load_state(next);
	current = next;
	context_switch_stacks(&prev->saved_rsp, next->saved_rsp);
}

void vcpu_wake(struct vcpu *v)
{
	if (v->state == VCPU_BLOCKED) {
		v->state = VCPU_RUNNABLE;
		v->polling = false;
		if (credit_wake(&credit, sv_of(v)))
			sched_resched_pending = true;
	}
}

/* Block the current vCPU until vcpu_wake(); returns when it runs again. */
void vcpu_block(struct vcpu *v)
{
	v->state = VCPU_BLOCKED;
	schedule();
}

void sched_domain_dying(struct domain *d)
{
	reap_wanted = true;
	sched_resched_pending = true;
}

void sched_vcpu_up(struct vcpu *v)
{
	v->state = VCPU_RUNNABLE;
	enqueue_runnable(v);
	if (current == &idle_vcpu)
		sched_resched_pending = true;
}

/* Earliest deadline of any timer, and the time slice. */
void sched_timer_changed(void)
{
	u64 next = min(now_ns() + TIME_SLICE_NS, credit_deadline(&credit));
	struct domain *d;
	unsigned int i, j;

	for_each_domain(i, d) {
		for (j = 0; j < d->nr_vcpus; j++) {
			struct vcpu *v = d->vcpus[j];

			if (v->timer_deadline && v->timer_deadline < next)
				next = v->timer_deadline;
			if (v->polling && v->poll_deadline &&
			    v->poll_deadline < next)
				next = v->poll_deadline;
		}
	}
	timer_set(next);
}

void timer_interrupt(void)
{
	u64 now = now_ns();
	struct domain *d;
	unsigned int i, j;

	/* an early tick that only took a profile sample (timer_program()) */
	if (now < timer_at) {
		timer_program(timer_at);
		return;
	}

	for_each_domain(i, d) {
		if (d->dying)
			reap_wanted = true;
		for (j = 0; j < d->nr_vcpus; j++) {
			struct vcpu *v = d->vcpus[j];

			if (v->timer_deadline && v->timer_deadline <= now) {
				v->timer_deadline = 0;
				evtchn_send_virq(v, VIRQ_TIMER);
			}
			if (v->polling && v->poll_deadline &&
			    v->poll_deadline <= now)
				vcpu_wake(v);
			/* made runnable without sched_vcpu_up() */
			if (!v->sched.queued)
				enqueue_runnable(v);
		}
	}
	backends_poll();
	sched_resched_pending = true;
	sched_timer_changed();
}

static bool any_domain_alive(void)
{
	struct domain *d;
	unsigned int i;

	for_each_domain(i, d)
		return true;
	return false;
}

/* Log the domain's CPU time: its vCPUs' and back-end work for it. */
static void log_cpu_time(struct domain *d)
{
	u64 vcpus_ns = 0;
	unsigned int i;

	for (i = 0; i < d->nr_vcpus; i++)
		if (d->vcpus[i])
			vcpus_ns += d->vcpus[i]->sched.cpu_ns;
	pr_debug("domain %u: %lu us of CPU, %lu us of it back-end work\n",
		 d->domid, d->sched.cpu_ns / 1000,
		 (d->sched.cpu_ns - vcpus_ns) / 1000);
}

static void reap_domains(void)
{
	enum hv_exit_code verdict;
	struct domain *d;
	unsigned int i;

	reap_wanted = false;
	for_each_domain(i, d) {
		if (!d->dying)
			continue;
		/* devices may still write into its frames: wait for them */
		backends_domain_dying(d);
		if (backends_busy(d))
			continue;	/* tried again from the next tick */
		verdict = d->shutdown_reason == SHUTDOWN_poweroff ?
			HV_EXIT_POWEROFF : d->shutdown_reason ==
			SHUTDOWN_reboot ? HV_EXIT_REBOOT : HV_EXIT_CRASH;
		if (!d->killed && verdict > last_verdict)
			last_verdict = verdict;
		log_cpu_time(d);
		domain_destroy(d);
	}
}

static void __noreturn idle_loop(void)
{
	for (;;) {
		reap_domains();
		if (!any_domain_alive() && !hv_opts.stay) {
			pr_info("no domains left: %s\n",
				last_verdict == HV_EXIT_POWEROFF ? "poweroff" :
				last_verdict == HV_EXIT_REBOOT ? "reboot" :
				"crash");
			hv_exit(last_verdict);
		}
		schedule();
		if (current == &idle_vcpu && !sched_resched_pending)
			blkdev_poll();
		if (current == &idle_vcpu && !sched_resched_pending) {
			sched_timer_changed();
			halt();
		}
	}
}

void sched_init(void)
{
	idle_vcpu.stack_top = (u64)hv_alloc(HV_STACK_PAGES * PAGE_SIZE) +
			      HV_STACK_PAGES * PAGE_SIZE;
	if (idle_vcpu.stack_top == HV_STACK_PAGES * PAGE_SIZE)
		panic("no memory for the idle stack");
	current = &idle_vcpu;
	credit_init(&credit, now_ns());
}

void sched_start(void)
{
	struct domain *d;
	unsigned int i, j;

	for_each_domain(i, d)
		for (j = 0; j < d->nr_vcpus; j++)
			enqueue_runnable(d->vcpus[j]);
	load_state(&idle_vcpu);
	sched_timer_changed();
	asm volatile("movq %0, %%rsp; jmp *%1"
		     : : "r"(idle_vcpu.stack_top), "r"(idle_loop));
	__builtin_unreachable();
}

void sched_domain_init(struct domain *d)
{
	credit_dom_init(&d->sched);
}

int sched_set_credit(struct domain *d, unsigned int weight, unsigned int cap)
{
	if (!weight || weight > SCHED_MAX_WEIGHT || cap > 100 * d->nr_vcpus)
		return -EINVAL;
	d->sched.weight = weight;
	d->sched.cap = cap;
	return 0;
}

void sched_domain_paused(struct domain *d)
{
	unsigned int i;

	if (d->paused) {
		if (current->d == d)
			sched_resched_pending = true;
		return;
	}
	for (i = 0; i < d->nr_vcpus; i++)
		enqueue_runnable(d->vcpus[i]);
	if (current == &idle_vcpu)
		sched_resched_pending = true;
}

void sched_charge(struct domain *d, u64 ns)
{
	credit_charge(&credit, &d->sched, ns, now_ns());
}

void sched_domain_destroy(struct domain *d)
{
	unsigned int i;

	BUG_ON(current->d == d);
	for (i = 0; i < d->nr_vcpus; i++)
		if (d->vcpus[i])
			credit_dequeue(&credit, &d->vcpus[i]->sched);
	credit_dom_remove(&credit, &d->sched);
}

u64 sched_domain_cpu_ns(struct domain *d)
{
	credit_account(&credit, now_ns());
	return d->sched.cpu_ns;
}

u64 sched_vcpu_cpu_ns(struct vcpu *v)
{
	credit_account(&credit, now_ns());
	return v->sched.cpu_ns;
}

/* SCHEDOP_poll: wait until one of the ports is pending, or timeout. */
static long sched_poll(struct vcpu *v, u64 arg)
{
	struct sched_poll p;
	u32 port;
	unsigned int i;

	if (copy_from_guest(&p, arg, sizeof(p)))
		return -EFAULT;
	if (p.nr_ports > 128)
		return -EINVAL;
	for (i = 0; i < p.nr_ports; i++) {
		if (copy_from_guest(&port, p.ports + i * 4, 4))
			return -EFAULT;
		if (port >= NR_EVTCHN_USED)
			return -EINVAL;
		if (evtchn_is_pending(v->d, port))
			return 0;
	}
	v->polling = true;
	v->poll_deadline = p.timeout;
	sched_timer_changed();
	vcpu_block(v);
	v->polling = false;
	return 0;
}

long do_sched_op(struct vcpu *v, u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5)
{
	struct sched_shutdown sd;

	switch (cmd) {
	case SCHEDOP_yield:
		credit_yield(&credit);
		schedule();
		return 0;
	case SCHEDOP_block:
		/* blocking enables events, so a pending one wakes at once */
		v->vcpu_info->evtchn_upcall_mask = 0;
		if (!v->vcpu_info->evtchn_upcall_pending)
			vcpu_block(v);
		return 0;
	case SCHEDOP_shutdown:
		if (copy_from_guest(&sd, arg, sizeof(sd)))
			return -EFAULT;
		if (sd.reason > SHUTDOWN_MAX)
			return -EINVAL;
		domain_shutdown(v->d, sd.reason);
		return 0;
	case SCHEDOP_shutdown_code:
		return 0;
	case SCHEDOP_poll:
		return sched_poll(v, arg);
	case SCHEDOP_remote_shutdown:
		return -EPERM;
	default:
		return -XEN_ENOSYS;
	}
}
