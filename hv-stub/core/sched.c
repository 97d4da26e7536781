// SPDX-License-Identifier: GPL-2.0
/*
 * The scheduler: round robin over every runnable vCPU of every domain,
 * with a 10 ms time slice, on hv-stub's one physical CPU.
 *
 * The idle vCPU has a stack of its own and no domain.  It halts when
 * nothing can run, and it is where dead domains are torn down (never on
 * a stack that belongs to them).  When no domain is left it ends QEMU
 * with the last domain's verdict.
 */
#include <hv/arch.h>
#include <hv/backend.h>
#include <hv/blkdev.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/guest.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/time.h>
#include <hv/x86.h>
#include <public/sched.h>

#define TIME_SLICE_NS	10000000ull

struct vcpu *current;
static struct vcpu idle_vcpu;
static bool need_resched;
static enum hv_exit_code last_verdict = HV_EXIT_POWEROFF;

static bool runnable(const struct vcpu *v)
{
	return v && v->state == VCPU_RUNNABLE && !v->d->dying;
}

/* The next runnable vCPU after @prev in (domain, vcpu) order. */
static struct vcpu *pick_next(struct vcpu *prev)
{
	unsigned int start = 0, i, n = MAX_DOMAINS * MAX_VCPUS;

	if (prev != &idle_vcpu)
		start = prev->d->domid * MAX_VCPUS + prev->id + 1;
	for (i = 0; i < n; i++) {
		unsigned int k = (start + i) % n;
		struct domain *d = domains[k / MAX_VCPUS];

		if (d && runnable(d->vcpus[k % MAX_VCPUS]))
			return d->vcpus[k % MAX_VCPUS];
	}
	return &idle_vcpu;
}

static void save_state(struct vcpu *v)
{
	if (v == &idle_vcpu)
		return;
	arch_save_data_sels(v->data_sel);
	v->fs_base = rdmsr(MSR_FS_BASE);
	if (v->kernel_mode)
		v->gs_base_kernel = rdmsr(MSR_GS_BASE);
	else
		v->gs_base_user = rdmsr(MSR_GS_BASE);
	write_cr0(read_cr0() & ~X86_CR0_TS);
	asm volatile("fxsave64 %0" : "=m"(v->fpu_area));
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
	wrmsr(MSR_GS_BASE, v->kernel_mode ? v->gs_base_kernel :
					    v->gs_base_user);
	asm volatile("fxrstor64 %0" : : "m"(v->fpu_area));
	if (v->fpu_ts)
		write_cr0(read_cr0() | X86_CR0_TS);
}

void schedule(void)
{
	struct vcpu *prev = current, *next = pick_next(prev);

	need_resched = false;
	if (next == prev && runnable(prev))
		return;
	if (next == prev)
		next = &idle_vcpu;
	if (next == prev)
		return;
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
		if (current == &idle_vcpu)
			need_resched = true;
	}
}

/* Block the current vCPU until vcpu_wake(); returns when it runs again. */
void vcpu_block(struct vcpu *v)
{
	v->state = VCPU_BLOCKED;
	schedule();
}

bool sched_need_resched(void)
{
	return need_resched;
}

/* Earliest deadline of any timer, and the time slice. */
void sched_timer_changed(void)
{
	u64 next = now_ns() + TIME_SLICE_NS;
	unsigned int i, j;

	for (i = 0; i < MAX_DOMAINS; i++) {
		struct domain *d = domains[i];

		for (j = 0; d && j < d->nr_vcpus; j++) {
			struct vcpu *v = d->vcpus[j];

			if (v->timer_deadline && v->timer_deadline < next)
				next = v->timer_deadline;
			if (v->polling && v->poll_deadline &&
			    v->poll_deadline < next)
				next = v->poll_deadline;
		}
	}
	timer_program(next);
}

void timer_interrupt(void)
{
	u64 now = now_ns();
	unsigned int i, j;

	for (i = 0; i < MAX_DOMAINS; i++) {
		struct domain *d = domains[i];

		for (j = 0; d && j < d->nr_vcpus; j++) {
			struct vcpu *v = d->vcpus[j];

			if (v->timer_deadline && v->timer_deadline <= now) {
				v->timer_deadline = 0;
				evtchn_send_virq(v, VIRQ_TIMER);
			}
			if (v->polling && v->poll_deadline &&
			    v->poll_deadline <= now)
				vcpu_wake(v);
		}
	}
	backends_poll();
	need_resched = true;
	sched_timer_changed();
}

static bool any_domain_alive(void)
{
	unsigned int i;

	for (i = 0; i < MAX_DOMAINS; i++)
		if (domains[i])
			return true;
	return false;
}

static void reap_domains(void)
{
	unsigned int i;

	for (i = 0; i < MAX_DOMAINS; i++) {
		struct domain *d = domains[i];

		if (!d || !d->dying)
			continue;
		/* devices may still write into its frames: wait for them */
		backends_domain_dying(d);
		if (backends_busy(d))
			continue;
		last_verdict = d->shutdown_reason == SHUTDOWN_poweroff ?
			HV_EXIT_POWEROFF : d->shutdown_reason ==
			SHUTDOWN_reboot ? HV_EXIT_REBOOT : HV_EXIT_CRASH;
		domain_destroy(d);
	}
}

static void __noreturn idle_loop(void)
{
	for (;;) {
		reap_domains();
		if (!any_domain_alive()) {
			pr_info("no domains left: %s\n",
				last_verdict == HV_EXIT_POWEROFF ? "poweroff" :
				last_verdict == HV_EXIT_REBOOT ? "reboot" :
				"crash");
			hv_exit(last_verdict);
		}
		schedule();
		if (current == &idle_vcpu && !need_resched)
			blkdev_poll();
		if (current == &idle_vcpu && !need_resched) {
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
}

void sched_start(void)
{
	load_state(&idle_vcpu);
	sched_timer_changed();
	asm volatile("movq %0, %%rsp; jmp *%1"
		     : : "r"(idle_vcpu.stack_top), "r"(idle_loop));
	__builtin_unreachable();
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
