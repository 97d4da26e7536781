// SPDX-License-Identifier: GPL-2.0
/*
 * xenpv time: pvclock clocksource and sched_clock, wallclock from
 * shared_info, one-shot clock event devices on VCPUOP timers.
 *
 * The hypervisor keeps each vcpu_info's pvclock_vcpu_time_info (system
 * time in ns since the domain was built, plus TSC scaling) up to date;
 * shared_info's wc_* fields hold the wallclock at system time zero.
 * Each CPU's timer is a VCPUOP singleshot timer with an absolute system
 * time deadline, delivered as that vCPU's VIRQ_TIMER.  The periodic
 * timer Xen starts for every vCPU is stopped before ours takes over.
 *
 * User space reads the clock without a system call: the vDSO's pvclock
 * mode reads a copy of CPU 0's time info that the hypervisor keeps in a
 * page of ours (VCPUOP_register_vcpu_time_memory_area), which the vDSO
 * maps read-only.  It does so only while the hypervisor says the TSC is
 * stable, i.e. the same on every vCPU; otherwise it makes the system
 * call, except where the TSC clocksource is preferred (xenpv_timer_init).
 *
 * Setting up a CPU's timer is split for CPU hotplug: xenpv_ce_bind() binds
 * VIRQ_TIMER for a CPU and may sleep (boot CPU, or a prepare step run
 * for a secondary); xenpv_ce_start() runs on the CPU itself with irqs off.
 */
#include <linux/clockchips.h>
#include <linux/gfp.h>
#include <linux/clocksource.h>
#include <linux/interrupt.h>
#include <linux/math64.h>
#include <linux/percpu.h>
#include <linux/time64.h>
#include <asm/cpufeature.h>
#include <asm/paravirt.h>
#include <asm/processor.h>
#include <asm/pvclock.h>
#include <asm/x86_init.h>
#include "xenpv.h"
#include "events.h"

/* Longer waits are split by the clockevents core. */
#define TIMER_MIN_DELTA_NS	100000UL
#define TIMER_MAX_DELTA_NS	0xffffffffUL

struct xenpv_timer {
	struct clock_event_device evt;
	int irq;
	char name[16];
};

static DEFINE_PER_CPU(struct xenpv_timer, xenpv_timer);
/* System time at boot, so that sched_clock() starts near zero. */
static u64 sched_clock_base __ro_after_init;

static notrace u64 xenpv_clock_read(void)
{
	u64 now;

	preempt_disable_notrace();
	now = pvclock_clocksource_read(&this_cpu_read(xenpv_vcpu)->time);
	preempt_enable_notrace();
	return now;
}

static notrace u64 xenpv_sched_clock(void)
{
	return xenpv_clock_read() - sched_clock_base;
}

static u64 xenpv_cs_read(struct clocksource *cs)
{
	return xenpv_clock_read();
}

/* Becoming the clocksource: the vDSO may now map the clock page. */
static int xenpv_cs_enable(struct clocksource *cs)
{
	if (cs->vdso_clock_mode == VDSO_CLOCKMODE_PVCLOCK)
		vclocks_set_used(VDSO_CLOCKMODE_PVCLOCK);
	return 0;
}

static struct clocksource xenpv_clocksource = {
	.name	= "xenpv",
	.rating	= 400,
	.read	= xenpv_cs_read,
	.enable	= xenpv_cs_enable,
	.mask	= CLOCKSOURCE_MASK(64),
	.flags	= CLOCK_SOURCE_IS_CONTINUOUS,
};

/*
 * TSC and CPU frequency as the hypervisor scales the TSC: no PIT probe.
 * The frequency is the hypervisor's own figure, so it is known.  Without
 * the flag, the TSC clocksource replaces tsc-early only a second after
 * boot, when a refinement pass finds no HPET or PM timer to refine with.
 */
static unsigned long xenpv_tsc_khz(void)
{
	setup_force_cpu_cap(X86_FEATURE_TSC_KNOWN_FREQ);
	return pvclock_tsc_khz(&this_cpu_read(xenpv_vcpu)->time);
}

static void xenpv_get_wallclock(struct timespec64 *ts)
{
	struct shared_info *s = xenpv_shared_info;
	u32 version, nsec, rem;
	u64 sec, ns;

	do {
		version = READ_ONCE(s->wc.version);
		virt_rmb();	/* version before the fields */
		sec = READ_ONCE(s->wc.sec) |
		      (u64)READ_ONCE(s->wc_sec_hi) << 32;
		nsec = READ_ONCE(s->wc.nsec);
		virt_rmb();	/* the fields before the version again */
	} while ((version & 1) || version != READ_ONCE(s->wc.version));

	ns = xenpv_clock_read() + nsec;
	sec += div_u64_rem(ns, NSEC_PER_SEC, &rem);
	ts->tv_sec = sec;
	ts->tv_nsec = rem;
}

/* Only the hardware domain's toolstack may set the wallclock. */
static int xenpv_set_wallclock(const struct timespec64 *ts)
{
	return -ENODEV;
}

static int xenpv_ce_set_next_event(unsigned long delta,
				   struct clock_event_device *evt)
{
	struct vcpu_set_singleshot_timer t = {
		/* flags 0: a deadline already past fires at once. */
		.timeout_abs_ns = xenpv_clock_read() + delta,
	};
	long ret;

	/* Only the vCPU itself may set its timer: we run on it. */
	ret = hv_vcpu_op(VCPUOP_set_singleshot_timer,
			 cpumask_first(evt->cpumask), &t);
	WARN_ON_ONCE(ret);
	return ret ? -ETIME : 0;
}

/* May run on another CPU when a CPU goes down; Xen then refuses, harmless. */
static int xenpv_ce_shutdown(struct clock_event_device *evt)
{
	hv_vcpu_op(VCPUOP_stop_singleshot_timer, cpumask_first(evt->cpumask),
		   NULL);
	return 0;
}

static irqreturn_t xenpv_ce_interrupt(int irq, void *dev_id)
{
	struct clock_event_device *evt = this_cpu_ptr(&xenpv_timer.evt);

	if (evt->event_handler)
		evt->event_handler(evt);
	return IRQ_HANDLED;
}

/* Bind @cpu's VIRQ_TIMER; may sleep, runs on any CPU. */
int xenpv_ce_bind(unsigned int cpu)
{
	struct xenpv_timer *t = per_cpu_ptr(&xenpv_timer, cpu);
	int irq;

	snprintf(t->name, sizeof(t->name), "timer%u", cpu);
	irq = xenpv_bind_virq(VIRQ_TIMER, cpu, xenpv_ce_interrupt,
			      IRQF_TIMER | IRQF_PERCPU | IRQF_NOBALANCING |
			      IRQF_IRQPOLL, t->name, NULL);
	if (irq < 0)
		return irq;
	t->irq = irq;
	return 0;
}

/* Register this CPU's clock event device; runs on the CPU, irqs off. */
void xenpv_ce_start(void)
{
	unsigned int cpu = smp_processor_id();
	struct clock_event_device *evt = this_cpu_ptr(&xenpv_timer.evt);

	/* Xen starts a periodic timer for each vCPU; we program our own. */
	hv_vcpu_op(VCPUOP_stop_periodic_timer, cpu, NULL);

	evt->name = "xenpv";
	evt->features = CLOCK_EVT_FEAT_ONESHOT;
	evt->rating = 500;
	evt->mult = 1;		/* ticks are ns */
	evt->shift = 0;
	evt->min_delta_ns = TIMER_MIN_DELTA_NS;
	evt->min_delta_ticks = TIMER_MIN_DELTA_NS;
	evt->max_delta_ns = TIMER_MAX_DELTA_NS;
	evt->max_delta_ticks = TIMER_MAX_DELTA_NS;
	evt->set_next_event = xenpv_ce_set_next_event;
	evt->set_state_shutdown = xenpv_ce_shutdown;
	evt->set_state_oneshot_stopped = xenpv_ce_shutdown;
	evt->irq = this_cpu_read(xenpv_timer.irq);
	evt->cpumask = cpumask_of(cpu);
	clockevents_register_device(evt);
}

/*
 * Give the vDSO its clock page.  Without it, or without a stable TSC,
 * clock_gettime() and friends stay system calls.
 */
static void __init xenpv_vdso_clock_init(void)
{
	struct pvclock_vsyscall_time_info *ti;
	struct vcpu_register_time_memory_area area;

	ti = (void *)get_zeroed_page(GFP_KERNEL);
	if (!ti)
		return;
	area.addr.v = &ti->pvti;
	if (hv_vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0, &area))
		goto out_free;
	if (!(READ_ONCE(ti->pvti.flags) & PVCLOCK_TSC_STABLE_BIT)) {
		area.addr.v = NULL;
		if (hv_vcpu_op(VCPUOP_register_vcpu_time_memory_area, 0,
			       &area))
			return;	/* the hypervisor keeps writing it: leak it */
		goto out_free;
	}
	pvclock_set_pvti_cpu0_va(ti);
	xenpv_clocksource.vdso_clock_mode = VDSO_CLOCKMODE_PVCLOCK;
	return;
out_free:
	free_page((unsigned long)ti);
}

/*
 * Xen's time leaf (hypervisor base + 3), sub-leaf 0, EBX: the domain's
 * tsc_mode.  Linux 6.1's asm/xen/cpuid.h describes it but names no value.
 */
#define XENPV_CPUID_LEAF_TIME		3
#define XENPV_TSC_MODE_NEVER_EMULATE	2

static bool __init xenpv_tsc_never_emulated(void)
{
	u32 base = hypervisor_cpuid_base("XenVMMXenVMM", XENPV_CPUID_LEAF_TIME);
	u32 eax, ebx, ecx, edx;

	if (!base)
		return false;
	cpuid_count(base + XENPV_CPUID_LEAF_TIME, 0, &eax, &ebx, &ecx, &edx);
	return ebx == XENPV_TSC_MODE_NEVER_EMULATE;
}

/* x86_init.timers.timer_init, from late_time_init. */
static void __init xenpv_timer_init(void)
{
	int ret;

	xenpv_vdso_clock_init();
	/*
	 * Where the TSC this domain reads is the machine's and stays so, let
	 * the TSC clocksource (rating 300) win: the vDSO reads it without
	 * pvclock's scaling, even where the pvclock is not marked stable.
	 * That holds in real Xen's dom0, which never moves to another host,
	 * and wherever the hypervisor never emulates the TSC, as this port
	 * has neither save/restore nor migration.  This clocksource stays
	 * registered: the watchdog checks the TSC against it, and a TSC
	 * marked unstable leaves it the best one.
	 */
	if (xenpv_initial_domain || xenpv_tsc_never_emulated())
		xenpv_clocksource.rating = 275;
	clocksource_register_hz(&xenpv_clocksource, NSEC_PER_SEC);
	ret = xenpv_ce_bind(smp_processor_id());
	if (ret)
		xenpv_die("xenpv: cannot bind VIRQ_TIMER: %d\n", ret);
	xenpv_ce_start();
}

/* Called by start.c with shared_info mapped and xenpv_vcpu set. */
void __init xenpv_time_init_ops(void)
{
	/* The hypervisor sets the stable bit only when it is true. */
	pvclock_set_flags(PVCLOCK_TSC_STABLE_BIT);
	sched_clock_base = xenpv_clock_read();
	paravirt_set_sched_clock(xenpv_sched_clock);

	x86_platform.calibrate_tsc = xenpv_tsc_khz;
	x86_platform.calibrate_cpu = xenpv_tsc_khz;
	x86_platform.get_wallclock = xenpv_get_wallclock;
	x86_platform.set_wallclock = xenpv_set_wallclock;

	x86_init.timers.timer_init = xenpv_timer_init;
	x86_init.timers.setup_percpu_clockev = x86_init_noop;
	x86_cpuinit.setup_percpu_clockev = x86_init_noop;
}
