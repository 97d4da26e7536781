// SPDX-License-Identifier: GPL-2.0
/*
 * xenpv start of day: from the domain builder's hand-over to start_kernel.
 *
 * head.S enters xenpv_start_kernel() in ring 3 on init_task's stack with
 * the kernel GS base at the boot per-CPU area.  Everything below runs
 * before start_kernel(), on the builder's page tables until
 * xenpv_setup_kernel_pagetable(), with events masked.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/memblock.h>
#include <linux/pfn.h>
#include <linux/string.h>
#include <asm/bootparam.h>
#include <asm/cmdline.h>
#include <asm/cpufeature.h>
#include <asm/desc.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/sections.h>
#include <asm/setup.h>
#include <asm/tlbflush.h>
#include <xen/interface/xen.h>
#include <xen/interface/sched.h>
#include <xen/interface/physdev.h>
#include "../kernel/cpu/cpu.h"	/* get_cpu_cap() */
#include "xenpv.h"
#include "console.h"

asmlinkage void xenpv_start_kernel(struct start_info *si);

struct start_info *xenpv_start_info __ro_after_init;
struct shared_info *xenpv_shared_info __ro_after_init;
DEFINE_PER_CPU(struct vcpu_info *, xenpv_vcpu);
bool xenpv_initial_domain __ro_after_init;

/* shared_info is mapped over this page (its own frame stays unused). */
static char xenpv_shared_info_page[PAGE_SIZE] __page_aligned_bss;

void xenpv_console_io_write(const char *s, unsigned int len)
{
	hv_console_io(CONSOLEIO_write, len, s);
}

/* Usable before printk works, and after it has failed. */
void xenpv_die(const char *fmt, ...)
{
	struct sched_shutdown sd = { .reason = SHUTDOWN_crash };
	static char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vscnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	xenpv_console_io_write(buf, n);
	xenpv_hypercall_forever(__HYPERVISOR_sched_op, SCHEDOP_shutdown,
				(unsigned long)&sd, 0);
}

static void __init xenpv_map_shared_info(void)
{
	unsigned long va = (unsigned long)xenpv_shared_info_page;
	u64 pte = xenpv_start_info->shared_info | _PAGE_PRESENT | _PAGE_RW |
		  _PAGE_ACCESSED | _PAGE_DIRTY;
	long rc = hv_update_va_mapping(va, pte, UVMF_INVLPG | UVMF_LOCAL);

	if (rc)
		xenpv_die("xenpv: cannot map shared_info: %ld\n", rc);
	xenpv_shared_info = (struct shared_info *)va;
	this_cpu_write(xenpv_vcpu, &xenpv_shared_info->vcpu_info[0]);
}

/* Write "jmp @target" (5 bytes) at @site; the kernel text is still writable. */
static void __init xenpv_write_jmp(void *site, const void *target)
{
	s32 rel = (long)target - ((long)site + 5);
	u8 *p = site;

	p[0] = 0xe9;
	memcpy(p + 1, &rel, sizeof(rel));
}

/*
 * Kernel-mode returns in entry_64.S pass through early_xen_iret_patch, a
 * jmp to the native iretq; make it jump to the IRET hypercall instead.
 * When counting, the IRET hypercall stub itself starts with a jmp to its
 * counting twin: every return then counts, at no cost when not counting.
 */
static void __init xenpv_patch_iret(void)
{
	xenpv_write_jmp(early_xen_iret_patch, xenpv_iret);
	if (xenpv_counting)
		xenpv_write_jmp(xenpv_iret, xenpv_counted_iret);
}

/* xenpv.counts=1: count transitions (counts.h), from the first one on. */
static void __init xenpv_parse_counts(const char *cmdline)
{
	char arg[8];
	bool on;

	if (cmdline_find_option(cmdline, "xenpv.counts", arg, sizeof(arg)) >= 0 &&
	    !kstrtobool(arg, &on))
		xenpv_counting = on;
}

/*
 * The boot CPU's features, as the cpuid pv op (cpu.c) reports them with
 * what a ring-3 kernel must not use hidden, and NX in the PTE masks.
 * XSAVE stays off unless the hypervisor had enabled it at entry.
 */
static void __init xenpv_init_capabilities(void)
{
	get_cpu_cap(&boot_cpu_data);
	if (!boot_cpu_has(X86_FEATURE_OSXSAVE))
		setup_clear_cpu_cap(X86_FEATURE_XSAVE);
	x86_configure_nx();
}

/*
 * The builder's bootstrap region (initrd, p2m list, start_info, the
 * console and XenStore pages, its page tables and boot stack) follows
 * the kernel image; keep all of it until the page allocator exists.
 */
static void __init xenpv_reserve_bootstrap(void)
{
	struct start_info *si = xenpv_start_info;
	phys_addr_t start = PFN_PHYS(PFN_UP(__pa_symbol(_end)));
	phys_addr_t end = __pa(si->pt_base) + PFN_PHYS(si->nr_pt_frames + 1);

	memblock_reserve(start, end - start);
	if (!xenpv_initial_domain) {
		memblock_reserve(PFN_PHYS(xenpv_mfn_to_pfn(si->store_mfn)),
				 PAGE_SIZE);
		memblock_reserve(PFN_PHYS(xenpv_mfn_to_pfn(si->console.domU.mfn)),
				 PAGE_SIZE);
	}
}

static void __init xenpv_fill_boot_params(void)
{
	struct start_info *si = xenpv_start_info;

	strscpy(boot_command_line, si->cmd_line, COMMAND_LINE_SIZE);
	boot_params.hdr.version = 0x020f;
	boot_params.hdr.type_of_loader = 0x90;	/* Xen */
	boot_params.hdr.hardware_subarch = X86_SUBARCH_XEN;
	boot_params.hdr.cmd_line_ptr = __pa(si->cmd_line);
	if (si->mod_start && si->mod_len) {
		boot_params.hdr.ramdisk_image = __pa(si->mod_start);
		boot_params.hdr.ramdisk_size = si->mod_len;
	}
}

asmlinkage __visible void __init xenpv_start_kernel(struct start_info *si)
{
	struct physdev_set_iopl iopl = { .iopl = 1 };

	clear_bss();
	xenpv_start_info = si;
	xenpv_initial_domain = si->flags & SIF_INITDOMAIN;
	xenpv_parse_counts(si->cmd_line);
	setup_force_cpu_cap(X86_FEATURE_XENPV);
	xenpv_patch_iret();
	hv_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables);

	xenpv_map_shared_info();
	xenpv_cpu_init_ops();
	xenpv_irq_init_ops();
	xenpv_p2m_init();
	xenpv_mmu_init_ops();
	xenpv_setup_init_ops();
	xenpv_smp_init();
	xenpv_early_console_init();

	xenpv_init_capabilities();
	__supported_pte_mask &= ~_PAGE_GLOBAL;
	__default_kernel_pte_mask &= ~_PAGE_GLOBAL;

	xenpv_setup_kernel_pagetable();
	/* The image mapping of the bootstrap region goes in cleanup_highmap(). */
	xenpv_start_info = si = __va(__pa(si));
	xenpv_reserve_bootstrap();

	switch_to_new_gdt(0);
	xenpv_traps_init_early();
	if (hv_physdev_op(PHYSDEVOP_set_iopl, &iopl))
		pr_warn("xenpv: no I/O privilege\n");

	xenpv_fill_boot_params();
	cr4_init_shadow();
	pr_info("xenpv: %s, %lu pages\n",
		xenpv_initial_domain ? "initial domain" : "unprivileged domain",
		si->nr_pages);
	x86_64_start_reservations(NULL);
}
