// SPDX-License-Identifier: GPL-2.0
/*
 * xenpv platform: memory map, platform hooks, hypervisor detection and
 * the machine operations (power-off, reboot, crash = sched_op shutdown).
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/notifier.h>
#include <linux/panic_notifier.h>
#include <linux/pfn.h>
#include <asm/e820/api.h>
#include <asm/hypervisor.h>
#include <asm/i8259.h>
#include <asm/reboot.h>
#include <asm/x86_init.h>
#include <xen/interface/sched.h>
#include "xenpv.h"

static void xenpv_shutdown(unsigned int reason)
{
	struct sched_shutdown sd = { .reason = reason };

	xenpv_hypercall_forever(__HYPERVISOR_sched_op, SCHEDOP_shutdown,
				(unsigned long)&sd, 0);
}

static void xenpv_restart(char *cmd)
{
	xenpv_shutdown(SHUTDOWN_reboot);
}

static void xenpv_power_off(void)
{
	xenpv_shutdown(SHUTDOWN_poweroff);
}

static void xenpv_emergency_restart(void)
{
	xenpv_shutdown(SHUTDOWN_reboot);
}

static void xenpv_machine_shutdown(void)
{
}

static int xenpv_panic(struct notifier_block *nb, unsigned long e, void *p)
{
	xenpv_shutdown(SHUTDOWN_crash);
	return NOTIFY_DONE;
}

static struct notifier_block xenpv_panic_block = {
	.notifier_call = xenpv_panic,
	.priority = INT_MIN,	/* after everything else has reported */
};

/*
 * The guest's pseudo-physical memory is one contiguous run of RAM.  The
 * extra memory past nr_pages has no frames: reserved, for the balloon.
 */
static char * __init xenpv_memory_setup(void)
{
	u64 nr = PFN_PHYS((u64)xenpv_start_info->nr_pages);

	e820__range_add(0, PFN_PHYS((u64)xenpv_ram_pfns), E820_TYPE_RAM);
	e820__update_table(e820_table);
	memblock_reserve(nr, PFN_PHYS((u64)xenpv_ram_pfns) - nr);
	return "xenpv";
}

static void __init xenpv_arch_setup(void)
{
	atomic_notifier_chain_register(&panic_notifier_list,
				       &xenpv_panic_block);
}

static unsigned char xenpv_get_nmi_reason(void)
{
	return 0;
}

static u32 __init xenpv_detect(void)
{
	return boot_cpu_has(X86_FEATURE_XENPV) ? UINT_MAX : 0;
}

/* Generic code knows a PV guest by this name (cpu/hypervisor.c). */
const __initconst struct hypervisor_x86 x86_hyper_xen_pv = {
	.name = "Xen PV (xenpv)",
	.detect = xenpv_detect,
	.type = X86_HYPER_XEN_PV,
	.ignore_nopv = true,
	/* Static calls (sched_clock) can only be changed from here on. */
	.init.init_platform = xenpv_time_init_ops,
};

/*
 * There is no firmware, no PIC, no local APIC and no real-mode
 * trampoline: every hook that would look for them becomes a no-op.
 */
void __init xenpv_setup_init_ops(void)
{
	x86_init.resources.memory_setup = xenpv_memory_setup;
	x86_init.resources.probe_roms = x86_init_noop;
	x86_init.mpparse.find_smp_config = x86_init_noop;
	x86_init.irqs.intr_init = xenpv_events_init;
	x86_init.irqs.intr_mode_select = x86_init_noop;
	x86_init.irqs.intr_mode_init = x86_init_noop;
	x86_init.oem.arch_setup = xenpv_arch_setup;
	x86_platform.realmode_reserve = x86_init_noop;
	x86_platform.realmode_init = x86_init_noop;
	x86_platform.get_nmi_reason = xenpv_get_nmi_reason;
	legacy_pic = &null_legacy_pic;	/* no 8259 to probe with port I/O */

	machine_ops.restart = xenpv_restart;
	machine_ops.halt = xenpv_power_off;
	machine_ops.power_off = xenpv_power_off;
	machine_ops.shutdown = xenpv_machine_shutdown;
	machine_ops.emergency_restart = xenpv_emergency_restart;
}
