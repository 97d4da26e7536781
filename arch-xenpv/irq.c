// SPDX-License-Identifier: GPL-2.0
/*
 * xenpv interrupt flag.
 *
 * A PV kernel runs in ring 3 and cannot use cli/sti/pushf; the flag the
 * rest of the kernel calls "interrupts enabled" is the inverse of this
 * vCPU's vcpu_info->evtchn_upcall_mask, which the hypervisor consults
 * before it delivers an event upcall.  While the mask is set the
 * hypervisor only raises evtchn_upcall_pending, so clearing the mask must
 * be followed by a look at that flag: if it is set, any hypercall makes
 * the hypervisor deliver the upcall on its way back to us.
 *
 * save_fl, irq_disable and irq_enable are reached from inline asm that
 * assumes all registers but %rax survive (callee-save thunks) and from
 * noinstr entry code, so they are noinstr and touch only the vcpu_info.
 * The vcpu_info pointer is per CPU: reading it and using it must happen
 * on the same CPU, hence the preemption-off bracket (free on
 * PREEMPT_NONE).
 *
 * Those C versions serve until smp_prepare_boot_cpu, while CPU 0's
 * vcpu_info is the one in shared_info.  Then every CPU's vcpu_info moves
 * into its own per-CPU memory (VCPUOP_register_vcpu_info) and the ops
 * become the %gs-relative instructions of irqflags.S.
 */
#include <linux/init.h>
#include <linux/instrumentation.h>
#include <linux/irqflags.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/smp.h>
#include <asm/paravirt.h>
#include <asm/percpu.h>
#include <asm/processor-flags.h>
#include "xenpv.h"

/*
 * Make the hypervisor look at this vCPU's pending events: it delivers
 * them when it returns from any hypercall, so take the cheapest one.
 */
noinstr void xenpv_force_evtchn_callback(void)
{
	/* The hypercall trampoline lives in .text. */
	instrumentation_begin();
	hv_xen_version(XENVER_version, NULL);
	instrumentation_end();
}
/* irqflags.S tail-calls it with every register but %rax live. */
__PV_CALLEE_SAVE_REGS_THUNK(xenpv_force_evtchn_callback, ".noinstr.text");

static __used noinstr unsigned long xenpv_save_fl(void)
{
	unsigned long flags;

	preempt_disable_notrace();
	flags = READ_ONCE(this_cpu_read(xenpv_vcpu)->evtchn_upcall_mask) ?
		0 : X86_EFLAGS_IF;
	preempt_enable_no_resched_notrace();
	return flags;
}
__PV_CALLEE_SAVE_REGS_THUNK(xenpv_save_fl, ".noinstr.text");

static __used noinstr void xenpv_irq_disable(void)
{
	preempt_disable_notrace();
	WRITE_ONCE(this_cpu_read(xenpv_vcpu)->evtchn_upcall_mask, 1);
	preempt_enable_no_resched_notrace();
}
__PV_CALLEE_SAVE_REGS_THUNK(xenpv_irq_disable, ".noinstr.text");

static __used noinstr void xenpv_irq_enable(void)
{
	struct vcpu_info *vcpu;

	/*
	 * Once the mask is clear we may take an upcall and, with kernel
	 * preemption, move to another CPU; the pending flag checked must
	 * still be the one of the vcpu_info we unmasked.
	 */
	preempt_disable_notrace();
	vcpu = this_cpu_read(xenpv_vcpu);
	WRITE_ONCE(vcpu->evtchn_upcall_mask, 0);
	/*
	 * Unmask, then test.  An event raised after the test finds the mask
	 * clear and is delivered by the hypervisor itself.
	 */
	barrier();
	if (unlikely(READ_ONCE(vcpu->evtchn_upcall_pending)))
		xenpv_force_evtchn_callback();
	preempt_enable_no_resched_notrace();
}
__PV_CALLEE_SAVE_REGS_THUNK(xenpv_irq_enable, ".noinstr.text");

/*
 * Idle: SCHEDOP_block clears the event mask itself and returns at once
 * if an event is already pending, so "enable and wait" is atomic, like
 * sti; hlt.  Events pending on return are delivered as the hypercall
 * returns.
 */
static void xenpv_safe_halt(void)
{
	hv_sched_op(SCHEDOP_block, NULL);
}

/*
 * Halt with events masked means "stop this CPU for good" (offlining,
 * machine halt): take the vCPU down; the hypervisor shuts the domain
 * down when its last vCPU goes.  With events enabled it is just idle.
 */
static void xenpv_halt(void)
{
	if (irqs_disabled())
		hv_vcpu_op(VCPUOP_down, smp_processor_id(), NULL);
	else
		xenpv_safe_halt();
}

DEFINE_PER_CPU_ALIGNED(struct vcpu_info, xenpv_vcpu_info);
/* irqflags.S addresses these fields by their offsets. */
static_assert(offsetof(struct vcpu_info, evtchn_upcall_pending) == 0);
static_assert(offsetof(struct vcpu_info, evtchn_upcall_mask) == 1);

/* Ask the hypervisor to keep vCPU @cpu's vcpu_info in our per-CPU area. */
static int __init place_vcpu_info(unsigned int cpu)
{
	struct vcpu_info *vi = &per_cpu(xenpv_vcpu_info, cpu);
	phys_addr_t pa = per_cpu_ptr_to_phys(vi);
	struct vcpu_register_vcpu_info info = {
		.mfn = xenpv_pfn_to_mfn(PHYS_PFN(pa)),
		.offset = offset_in_page(pa),
	};
	long rc;

	rc = hv_vcpu_op(VCPUOP_register_vcpu_info, cpu, &info);
	if (rc)
		return rc;
	per_cpu(xenpv_vcpu, cpu) = vi;
	return 0;
}

/*
 * smp_prepare_boot_cpu, events still masked: the per-CPU areas exist.
 * The hypervisor copies CPU 0's vcpu_info as it moves it.  Without the
 * move (refused for CPU 0) everything stays in shared_info with the C
 * ops; a secondary vCPU whose move is refused is left out.
 */
void __init xenpv_place_vcpu_info(void)
{
	unsigned int cpu;
	int rc;

	rc = place_vcpu_info(0);
	if (rc) {
		pr_warn("xenpv: vcpu_info stays in shared_info: %d\n", rc);
		return;
	}
	for_each_present_cpu(cpu) {
		if (cpu == 0)
			continue;
		rc = place_vcpu_info(cpu);
		if (rc) {
			pr_warn("xenpv: vCPU %u left out: its vcpu_info cannot move: %d\n",
				cpu, rc);
			set_cpu_present(cpu, false);
		}
	}
	pv_ops.irq.save_fl = __PV_IS_CALLEE_SAVE(xenpv_save_fl_direct);
	pv_ops.irq.irq_disable = __PV_IS_CALLEE_SAVE(xenpv_irq_disable_direct);
	pv_ops.irq.irq_enable = __PV_IS_CALLEE_SAVE(xenpv_irq_enable_direct);
}

void __init xenpv_irq_init_ops(void)
{
	pv_ops.irq.save_fl = PV_CALLEE_SAVE(xenpv_save_fl);
	pv_ops.irq.irq_disable = PV_CALLEE_SAVE(xenpv_irq_disable);
	pv_ops.irq.irq_enable = PV_CALLEE_SAVE(xenpv_irq_enable);
	pv_ops.irq.safe_halt = xenpv_safe_halt;
	pv_ops.irq.halt = xenpv_halt;
}
