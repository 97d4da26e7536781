// SPDX-License-Identifier: GPL-2.0
/*
 * xenpv SMP: secondary vCPUs and inter-processor interrupts.
 *
 * Linux CPU n is vCPU n.  The vCPUs that exist are those VCPUOP_is_up
 * does not answer -ENOENT for; they are present from the start (no vCPU
 * can be added later).  The domain builder started vCPU 0; a secondary
 * vCPU is given its first register and descriptor-table state with
 * VCPUOP_initialise, once, and is then started with VCPUOP_up.  It
 * enters xenpv_secondary_entry (smp_head.S) on its idle task's stack
 * with the kernel GS base at its per-CPU area and events masked, and
 * follows start_secondary() from there.  Trap table, callbacks and
 * I/O privilege are per vCPU in the hypervisor: the context carries the
 * callbacks, and the new CPU loads the trap table (load_current_idt())
 * and asks for I/O privilege itself.
 *
 * An IPI is an event channel bound with EVTCHNOP_bind_ipi to the target
 * vCPU; sending is EVTCHNOP_send.  Each CPU has one port per IPI kind,
 * bound (with its VIRQ_TIMER) in a hotplug prepare step before the CPU
 * first comes up, and kept across CPU hotplug.  "Call function" and
 * "call function single" share one port: generic code drains a single
 * queue for both.
 *
 * Offlining (not CPU 0): the dying CPU takes its vCPU down with
 * VCPUOP_down from the idle loop; VCPUOP_up later resumes it there, and
 * it runs the same bring-up steps again.
 */
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/interrupt.h>
#include <linux/pfn.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/tick.h>
#include <asm/cpu.h>
#include <asm/desc.h>
#include <asm/fpu/api.h>
#include <asm/hardirq.h>
#include <asm/mmu_context.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/spec-ctrl.h>
#include <asm/x86_init.h>
#include <xen/interface/xen.h>
#include <xen/interface/physdev.h>
#include <xen/interface/sched.h>
#include <xen/interface/vcpu.h>
#include "xenpv.h"
#include "events.h"

asmlinkage void xenpv_secondary_entry(void);
asmlinkage __visible void xenpv_start_secondary(void);

enum xenpv_ipi {
	IPI_RESCHEDULE,
	IPI_CALL_FUNC,
	IPI_STOP,
	NR_IPIS
};

/* The port that interrupts a CPU, per kind; 0 (never a valid port): none. */
struct ipi_ports {
	evtchn_port_t port[NR_IPIS];
};

/* Written before the CPU first comes up, read by every sender. */
static DEFINE_PER_CPU(struct ipi_ports, ipi_ports);

/*
 * CPUs whose IPIs and timer are bound, and vCPUs the hypervisor holds
 * a context for; both only grow, under the CPU hotplug lock.
 */
static struct cpumask cpus_bound;
static struct cpumask vcpus_initialised;

static irqreturn_t ipi_reschedule(int irq, void *dev_id)
{
	inc_irq_stat(irq_resched_count);
	scheduler_ipi();
	return IRQ_HANDLED;
}

static irqreturn_t ipi_call_func(int irq, void *dev_id)
{
	inc_irq_stat(irq_call_count);
	generic_smp_call_function_interrupt();
	return IRQ_HANDLED;
}

/* panic() and friends: leave the CPU for good, with events masked. */
static irqreturn_t ipi_stop(int irq, void *dev_id)
{
	unsigned int cpu = smp_processor_id();

	set_cpu_online(cpu, false);
	xenpv_hypercall_forever(__HYPERVISOR_vcpu_op, VCPUOP_down, cpu, 0);
}

static const struct {
	irq_handler_t handler;
	const char *name;
} ipi_kinds[NR_IPIS] = {
	[IPI_RESCHEDULE]	= { ipi_reschedule, "resched" },
	[IPI_CALL_FUNC]		= { ipi_call_func, "callfunc" },
	[IPI_STOP]		= { ipi_stop, "stop" },
};

static void send_ipi(unsigned int cpu, enum xenpv_ipi kind)
{
	evtchn_port_t port = per_cpu(ipi_ports, cpu).port[kind];

	if (WARN_ONCE(!port, "xenpv: no IPI %d for CPU %u\n", kind, cpu))
		return;
	xenpv_notify_remote(port);
}

/*
 * Bind @cpu's IPIs and timer event (first bring-up only).  A hotplug
 * prepare step on a surviving CPU: it may sleep and allocate irqs, which
 * cpu_up (under the sparse irq lock) may not.
 */
static int bind_cpu_events(unsigned int cpu)
{
	struct ipi_ports *ports = per_cpu_ptr(&ipi_ports, cpu);
	unsigned int kind;
	int irq;

	if (cpumask_test_cpu(cpu, &cpus_bound))
		return 0;
	for (kind = 0; kind < NR_IPIS; kind++) {
		if (ports->port[kind])
			continue;
		irq = xenpv_bind_ipi(cpu, ipi_kinds[kind].handler, 0,
				     ipi_kinds[kind].name, NULL);
		if (irq < 0)
			return irq;
		ports->port[kind] = xenpv_irq_to_port(irq);
	}
	/* CPU 0's timer is bound by time.c at timer_init. */
	if (cpu) {
		irq = xenpv_ce_bind(cpu);
		if (irq)
			return irq;
	}
	cpumask_set_cpu(cpu, &cpus_bound);
	return 0;
}

/* ---- smp_ops ---- */

static void xenpv_send_reschedule(int cpu)
{
	if (WARN_ONCE(cpu_is_offline(cpu),
		      "xenpv: reschedule IPI to offline CPU %d\n", cpu))
		return;
	send_ipi(cpu, IPI_RESCHEDULE);
}

static void xenpv_send_call_func_ipi(const struct cpumask *mask)
{
	unsigned int cpu;

	for_each_cpu(cpu, mask)
		send_ipi(cpu, IPI_CALL_FUNC);
}

static void xenpv_send_call_func_single_ipi(int cpu)
{
	send_ipi(cpu, IPI_CALL_FUNC);
}

static void xenpv_stop_other_cpus(int wait)
{
	unsigned int cpu, this = get_cpu();
	unsigned int ms = 1000;

	for_each_online_cpu(cpu)
		if (cpu != this)
			send_ipi(cpu, IPI_STOP);
	while (wait && num_online_cpus() > 1 && ms--)
		mdelay(1);
	put_cpu();
}

/*
 * The per-CPU areas are in place: point every CPU at its shared_info
 * slot (start.c set CPU 0's in the area they were copied from), then
 * move them all into per-CPU memory.
 */
static void __init xenpv_smp_prepare_boot_cpu(void)
{
	unsigned int cpu;

	native_smp_prepare_boot_cpu();
	for_each_possible_cpu(cpu)
		per_cpu(xenpv_vcpu, cpu) = &xenpv_shared_info->vcpu_info[cpu];
	xenpv_place_vcpu_info();
	xenpv_counts_init();
}

static void __init xenpv_smp_prepare_cpus(unsigned int max_cpus)
{
	int rc;

	smp_prepare_cpus_common();
	speculative_store_bypass_ht_init();

	cpumask_set_cpu(0, &vcpus_initialised);	/* the builder started it */
	rc = bind_cpu_events(0);
	if (rc)
		panic("xenpv: cannot bind the IPIs of CPU 0: %d\n", rc);
	rc = cpuhp_setup_state_nocalls(CPUHP_BP_PREPARE_DYN, "x86/xenpv:ipi",
				       bind_cpu_events, NULL);
	if (rc < 0)
		panic("xenpv: cannot register the IPI prepare step: %d\n", rc);
}

/*
 * The state vCPU @cpu starts in: kernel mode at xenpv_secondary_entry,
 * on @idle's stack (as if called there: 16-byte aligned), kernel page
 * tables, its own per-CPU GDT (read-only from now on) and GS base.
 */
static int initialise_vcpu(unsigned int cpu, struct task_struct *idle)
{
	struct desc_struct *gdt = get_cpu_gdt_rw(cpu);
	struct vcpu_guest_context *ctx;
	struct cpu_user_regs *r;
	long rc;

	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	xenpv_set_page_readonly(gdt);

	ctx->flags = VGCF_in_kernel | VGCF_failsafe_disables_events |
		     VGCF_syscall_disables_events;
	r = &ctx->user_regs;
	r->rip = (unsigned long)xenpv_secondary_entry;
	r->rsp = (unsigned long)task_pt_regs(idle) & ~15UL;
	r->cs = FLAT_KERNEL_CS;
	r->ss = FLAT_KERNEL_SS;
	r->rflags = X86_EFLAGS_IF | X86_EFLAGS_FIXED;

	ctx->gdt_frames[0] = PFN_DOWN(xenpv_virt_to_machine(gdt));
	ctx->gdt_ents = GDT_ENTRIES;
	ctx->kernel_ss = __KERNEL_DS;
	ctx->kernel_sp = task_top_of_stack(idle);
	/* A 64-bit guest's %cr3 is the machine address of its L4. */
	ctx->ctrlreg[3] = xenpv_virt_to_machine(init_top_pgt);
	ctx->event_callback_eip = (unsigned long)
		xenpv_entry(xenpv_event_entry, xenpv_counted_event_entry);
	ctx->failsafe_callback_eip = (unsigned long)xen_failsafe_callback;
	ctx->syscall_callback_eip = (unsigned long)
		xenpv_entry(xenpv_syscall_entry, xenpv_counted_syscall_entry);
	ctx->vm_assist = BIT(VMASST_TYPE_writable_pagetables);
	ctx->gs_base_kernel = per_cpu_offset(cpu);

	rc = hv_vcpu_op(VCPUOP_initialise, cpu, ctx);
	kfree(ctx);
	if (rc)
		pr_err("xenpv: VCPUOP_initialise(%u): %ld\n", cpu, rc);
	return rc;
}

static int xenpv_cpu_up(unsigned int cpu, struct task_struct *idle)
{
	long rc;

	rc = common_cpu_up(cpu, idle);
	rc = rc ?: cpu_check_up_prepare(cpu);
	if (rc)
		return rc;
	per_cpu(cpu_current_top_of_stack, cpu) = task_top_of_stack(idle);
	/* It starts (or resumes) with events masked. */
	per_cpu(xenpv_vcpu, cpu)->evtchn_upcall_mask = 1;

	if (!cpumask_test_cpu(cpu, &vcpus_initialised)) {
		rc = initialise_vcpu(cpu, idle);
		if (rc)
			return rc;
		cpumask_set_cpu(cpu, &vcpus_initialised);
	}
	/* cpu_init() on the new CPU waits for this. */
	cpumask_set_cpu(cpu, cpu_callout_mask);
	rc = hv_vcpu_op(VCPUOP_up, cpu, NULL);
	if (rc) {
		pr_err("xenpv: VCPUOP_up(%u): %ld\n", cpu, rc);
		cpumask_clear_cpu(cpu, cpu_callout_mask);
		return rc;
	}
	while (!cpu_online(cpu))
		hv_sched_op(SCHEDOP_yield, NULL);
	return 0;
}

static int xenpv_cpu_disable(void)
{
	if (smp_processor_id() == 0)
		return -EBUSY;
	cpu_disable_common();
	/* A down vCPU must not keep a process's tables pinned in its %cr3. */
	load_cr3(swapper_pg_dir);
	return 0;
}

/* On a surviving CPU: wait until the dying vCPU is down. */
static void xenpv_cpu_die(unsigned int cpu)
{
	while (hv_vcpu_op(VCPUOP_is_up, cpu, NULL) > 0)
		schedule_timeout_uninterruptible(HZ / 100);
	common_cpu_die(cpu);
}

/* ---- The secondary CPU's side ---- */

/* start_secondary(), minus APIC, MTRR, TSC sync and delay calibration. */
static void xenpv_cpu_bringup(void)
{
	struct physdev_set_iopl iopl = { .iopl = 1 };
	unsigned int cpu;

	cr4_init();
	cpu_init_secondary();		/* trap table, GDT, TLB state, FPU */
	hv_physdev_op(PHYSDEVOP_set_iopl, &iopl);	/* as CPU 0 */
	cpu = smp_processor_id();
	rcu_cpu_starting(cpu);
	smp_store_cpu_info(cpu);
	set_cpu_sibling_map(cpu);
	speculative_store_bypass_ht_init();
	xenpv_ce_start();

	notify_cpu_starting(cpu);
	cpumask_set_cpu(cpu, cpu_callin_mask);
	set_cpu_online(cpu, true);
	cpu_set_state_online(cpu);
	local_irq_enable();
}

asmlinkage __visible void xenpv_start_secondary(void)
{
	xenpv_cpu_bringup();
	cpu_startup_entry(CPUHP_AP_ONLINE_IDLE);
}

/* The idle task of an offlined CPU; returns when the CPU is up again. */
static void xenpv_play_dead(void)
{
	play_dead_common();
	hv_vcpu_op(VCPUOP_down, smp_processor_id(), NULL);

	/* VCPUOP_up resumes the vCPU here. */
	xenpv_cpu_bringup();
	/* As cpu_startup_entry() would have it for the idle loop. */
	tick_nohz_idle_enter();
	tick_nohz_idle_stop_tick_protected();
	cpuhp_online_idle(CPUHP_AP_ONLINE_IDLE);
}

/* ---- Start of day ---- */

/*
 * x86_init.mpparse.get_smp_config: vCPUs 0..n-1 exist.  shared_info has
 * a vcpu_info for the first MAX_VIRT_CPUS only.
 */
static void __init xenpv_get_smp_config(unsigned int early)
{
	unsigned int max = min_t(unsigned int, nr_cpu_ids, MAX_VIRT_CPUS);
	unsigned int cpu;

	if (early)
		return;
	num_processors = 0;
	disabled_cpus = 0;
	for (cpu = 0; cpu < max; cpu++) {
		if (hv_vcpu_op(VCPUOP_is_up, cpu, NULL) < 0)
			break;
		num_processors++;
		set_cpu_present(cpu, true);
	}
	pr_info("xenpv: %u vCPUs\n", num_processors);
}

void __init xenpv_smp_init(void)
{
	smp_ops.smp_prepare_boot_cpu = xenpv_smp_prepare_boot_cpu;
	smp_ops.smp_prepare_cpus = xenpv_smp_prepare_cpus;
	smp_ops.smp_cpus_done = native_smp_cpus_done;
	smp_ops.stop_other_cpus = xenpv_stop_other_cpus;
	smp_ops.smp_send_reschedule = xenpv_send_reschedule;
	smp_ops.cpu_up = xenpv_cpu_up;
	smp_ops.cpu_disable = xenpv_cpu_disable;
	smp_ops.cpu_die = xenpv_cpu_die;
	smp_ops.play_dead = xenpv_play_dead;
	smp_ops.send_call_func_ipi = xenpv_send_call_func_ipi;
	smp_ops.send_call_func_single_ipi = xenpv_send_call_func_single_ipi;

	x86_init.mpparse.get_smp_config = xenpv_get_smp_config;
}
