// SPDX-License-Identifier: GPL-2.0
/*
 * xenpv CPU state: the pv_ops.cpu hooks of a kernel that runs in ring 3.
 *
 * Descriptor tables belong to the hypervisor's checks: a frame becomes
 * part of the GDT or an LDT only when the guest has no writable mapping
 * of it, and from then on descriptors change only through
 * update_descriptor, which validates them.  Linux's TSS and LDT
 * descriptors have no meaning here (the hypervisor keeps its own), so
 * they are never written.
 *
 * Control and debug registers are the hypervisor's too: CR0 only lends
 * us TS (fpu_taskswitch), CR4 writes are emulated and filtered, debug
 * registers go through hypercalls.  CPUID is asked with the
 * forced-emulation prefix so that the hypervisor answers with its PV
 * policy, and we hide what a ring-3 kernel still must not use.  The
 * segment-base MSRs become set_segment_base; the system-call MSRs are
 * ignored, as system call entry is a hypervisor callback.
 *
 * What a context switch changes (page tables, TLS descriptors, LDT, the
 * user segment bases, the kernel stack) goes through the multicall
 * queue, so that the whole switch costs one hypercall.  The lazy CPU
 * mode ends before __switch_to() is done: the queue is held past it
 * (xenpv_mc_hold) for the user FS and GS and the kernel stack, and
 * load_sp0, always the last of them, issues it.
 */
#include <linux/bug.h>
#include <linux/init.h>
#include <linux/instrumentation.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <asm/desc.h>
#include <asm/emulate_prefix.h>
#include <asm/msr.h>
#include <asm/paravirt.h>
#include <asm/pgtable.h>
#include <asm/processor.h>
#include <asm/segment.h>
#include <asm/special_insns.h>
#include "xenpv.h"

/*
 * Change the protection of a descriptor table page: the hypervisor takes
 * a frame as a GDT or LDT page only while no writable mapping of it
 * exists.  xenpv_set_page_*() handle the direct map and the image alias
 * (the boot CPU's static per-CPU GDT is in the image); a vmalloc'ed LDT
 * has a mapping of its own.  The CPU entry area's alias of the GDT is
 * read-only by construction.
 */
static void protect_table_page(void *va, bool readonly)
{
	u64 maddr = xenpv_virt_to_machine(va);
	unsigned long pfn = xenpv_mfn_to_pfn(PFN_DOWN(maddr));
	void (*set)(void *va) = readonly ? xenpv_set_page_readonly :
					   xenpv_set_page_writable;

	if (is_vmalloc_addr(va))
		set(va);
	if (pfn != XENPV_INVALID_MFN)
		set(__va(PFN_PHYS(pfn)));
}

/*
 * The GDT is one page here (GDT_ENTRIES descriptors): the per-CPU
 * gdt_page, or its alias in the CPU entry area, which names the same
 * frame.  The frame stays read-only after it is loaded.
 */
static void xenpv_load_gdt(const struct desc_ptr *dtr)
{
	void *va = (void *)dtr->address;
	unsigned long entries = (dtr->size + 1UL) / sizeof(struct desc_struct);
	u64 maddr = xenpv_virt_to_machine(va);
	unsigned long mfn = PFN_DOWN(maddr);
	long rc;

	if (offset_in_page(va) || entries > GDT_ENTRIES || maddr == ~0ULL) {
		xenpv_die("xenpv: cannot load a GDT at %#lx, %lu entries\n",
			  dtr->address, entries);
		return;
	}
	protect_table_page(va, true);
	/* The protection change may have been queued (lazy MMU mode). */
	xenpv_mc_flush();
	rc = hv_set_gdt(&mfn, entries);
	if (rc)
		xenpv_die("xenpv: set_gdt(%#lx, %lu) failed: %ld\n", mfn,
			  entries, rc);
}

/*
 * Store one descriptor in a GDT or LDT page.  A page the hypervisor uses
 * as a table cannot be mapped writable, so a writable mapping means a
 * table not (yet) loaded, which we fill ourselves; hv-stub also refuses
 * update_descriptor on such a page.
 */
static void write_descriptor(struct desc_struct *slot, const void *desc)
{
	unsigned int level;
	pte_t *ptep;
	u64 val, maddr;
	long rc;

	memcpy(&val, desc, sizeof(val));
	ptep = lookup_address((unsigned long)slot, &level);
	if (ptep && pte_write(*ptep)) {
		WRITE_ONCE(*(u64 *)slot, val);
		return;
	}
	maddr = xenpv_virt_to_machine(slot);
	preempt_disable();
	/* Keep the order of anything still queued on this CPU. */
	xenpv_mc_flush();
	rc = hv_update_descriptor(maddr, val);
	preempt_enable();
	WARN_ONCE(rc, "xenpv: update_descriptor(%#llx, %#llx) failed: %ld\n",
		  maddr, val, rc);
}

static void xenpv_write_gdt_entry(struct desc_struct *gdt, int entry,
				  const void *desc, int type)
{
	/* The hypervisor keeps its own TSS and LDT descriptors. */
	if (type == DESC_TSS || type == DESC_LDT)
		return;
	write_descriptor(&gdt[entry], desc);
}

static void xenpv_write_ldt_entry(struct desc_struct *ldt, int entry,
				  const void *desc)
{
	write_descriptor(&ldt[entry], desc);
}

#define LDT_ENTRIES_PER_PAGE	(PAGE_SIZE / LDT_ENTRY_SIZE)

/* LDT pages (page aligned, see ldt.c) are read-only while they exist. */
static void xenpv_alloc_ldt(struct desc_struct *ldt, unsigned int entries)
{
	unsigned int i;

	for (i = 0; i < entries; i += LDT_ENTRIES_PER_PAGE)
		protect_table_page(&ldt[i], true);
}

static void xenpv_free_ldt(struct desc_struct *ldt, unsigned int entries)
{
	unsigned int i;

	for (i = 0; i < entries; i += LDT_ENTRIES_PER_PAGE)
		protect_table_page(&ldt[i], false);
}

/*
 * Whether this context switch queued descriptor changes (TLS, LDT): the
 * tail of __switch_to() loads %fs, %ds and %es itself, so these must be
 * in force when the lazy CPU mode ends.
 */
static DEFINE_PER_CPU(bool, switch_descs_queued);

static void note_switch_descs(void)
{
	if (paravirt_get_lazy_mode() == PARAVIRT_LAZY_CPU)
		this_cpu_write(switch_descs_queued, true);
}

static void xenpv_set_ldt(const void *addr, unsigned int entries)
{
	struct mmuext_op op = {
		.cmd = MMUEXT_SET_LDT,
		.arg1.linear_addr = (unsigned long)addr,
		.arg2.nr_ents = entries,
	};

	note_switch_descs();
	xenpv_mc_mmuext(&op);
}

/*
 * The TLS descriptors last sent for each CPU's GDT.  The GDT itself is
 * no reference: the hypervisor adjusts what it stores (DPL, accessed
 * bit), and queued updates are not in it yet.
 */
struct tls_shadow {
	struct desc_struct desc[GDT_ENTRY_TLS_ENTRIES];
};

static DEFINE_PER_CPU(struct tls_shadow, tls_shadow);

static void xenpv_load_tls(struct thread_struct *t, unsigned int cpu)
{
	struct desc_struct *shadow = per_cpu(tls_shadow, cpu).desc;
	struct desc_struct *gdt = get_cpu_gdt_rw(cpu);
	unsigned int i;
	u64 val;

	/*
	 * In a context switch %fs may still hold one of the old task's TLS
	 * selectors; should the hypervisor reload it after the queue is
	 * issued but before __switch_to() loads the new one, the changed
	 * descriptor could fault.  The old selector is saved already.
	 */
	if (paravirt_get_lazy_mode() == PARAVIRT_LAZY_CPU)
		loadsegment(fs, 0);

	for (i = 0; i < GDT_ENTRY_TLS_ENTRIES; i++) {
		if (!memcmp(&shadow[i], &t->tls_array[i], sizeof(shadow[i])))
			continue;
		shadow[i] = t->tls_array[i];
		memcpy(&val, &t->tls_array[i], sizeof(val));
		note_switch_descs();
		xenpv_mc_call(__HYPERVISOR_update_descriptor,
			      xenpv_virt_to_machine(&gdt[GDT_ENTRY_TLS_MIN + i]),
			      val, 0, 0, 0);
	}
}

/*
 * A user segment base or selector.  In the tail of a context switch it
 * joins the held queue: user mode alone sees it, after load_sp0 issued
 * the queue, and a refusal is reported there.
 */
static int set_segment_base(int which, u64 base)
{
	if (xenpv_mc_held()) {
		xenpv_mc_tail(__HYPERVISOR_set_segment_base, which, base);
		return 0;
	}
	return hv_set_segment_base(which, base) ? -EIO : 0;
}

/*
 * The user GS base as a context switch read it (save_fsgs() in lazy CPU
 * mode; with FSGSBASE, user mode may have changed it, so it is read on
 * every switch).  The same __switch_to() writes the next task's after
 * end_context_switch (x86_fsgsbase_load()), with no user mode in
 * between: an equal value needs no hypercall.  Any other change of the
 * base in between forgets it.
 */
static DEFINE_PER_CPU(u64, switch_user_gs);
static DEFINE_PER_CPU(bool, switch_user_gs_read);

static void remember_switch_user_gs(u64 base)
{
	if (paravirt_get_lazy_mode() != PARAVIRT_LAZY_CPU)
		return;
	this_cpu_write(switch_user_gs, base);
	this_cpu_write(switch_user_gs_read, true);
}

/* Whether writing @base would leave the user GS base as it is; forgets. */
static bool switch_user_gs_unchanged(u64 base)
{
	if (!this_cpu_read(switch_user_gs_read))
		return false;
	this_cpu_write(switch_user_gs_read, false);
	return this_cpu_read(switch_user_gs) == base;
}

/* The user %gs selector: loaded by the hypervisor, which fixes faults. */
static void xenpv_load_gs_index(unsigned int sel)
{
	this_cpu_write(switch_user_gs_read, false);
	set_segment_base(SEGBASE_GS_USER_SEL, sel);
}

/*
 * The stack the hypervisor switches to on entry from user mode.  In a
 * context switch this is the last call of the held queue, which it
 * issues: nothing after it in __switch_to() asks the hypervisor for
 * anything the switch queued.
 */
static void xenpv_load_sp0(unsigned long sp0)
{
	if (xenpv_mc_held()) {
		xenpv_mc_tail(__HYPERVISOR_stack_switch, __KERNEL_DS, sp0);
		xenpv_mc_release();
	} else {
		xenpv_mc_call(__HYPERVISOR_stack_switch, __KERNEL_DS, sp0,
			      0, 0, 0);
	}
	this_cpu_write(cpu_tss_rw.x86_tss.sp0, sp0);
}

static unsigned long xenpv_store_tr(void)
{
	return 0;
}

/* Reading CR0 traps to the hypervisor: do it once per CPU. */
static DEFINE_PER_CPU(unsigned long, cr0_cache);

static unsigned long xenpv_read_cr0(void)
{
	unsigned long cr0 = this_cpu_read(cr0_cache);

	if (unlikely(!cr0)) {
		cr0 = native_read_cr0();
		this_cpu_write(cr0_cache, cr0);
	}
	return cr0;
}

/* Of CR0, a PV kernel controls TS only. */
static void xenpv_write_cr0(unsigned long cr0)
{
	this_cpu_write(cr0_cache, cr0);
	xenpv_mc_call(__HYPERVISOR_fpu_taskswitch, !!(cr0 & X86_CR0_TS),
		      0, 0, 0, 0);
}

/* The write traps and is emulated; paging features are not ours. */
static void xenpv_write_cr4(unsigned long cr4)
{
	native_write_cr4(cr4 & ~(X86_CR4_PGE | X86_CR4_PSE | X86_CR4_PCE));
}

/* Debug registers are used from the #DB entry path: noinstr. */
static noinstr unsigned long xenpv_get_debugreg(int regno)
{
	unsigned long val;

	instrumentation_begin();	/* the hypercall is in .text */
	val = hv_get_debugreg(regno);
	instrumentation_end();
	return val;
}

static noinstr void xenpv_set_debugreg(int regno, unsigned long val)
{
	instrumentation_begin();
	hv_set_debugreg(regno, val);
	instrumentation_end();
}

#define FEATURE(f)	BIT(X86_FEATURE_##f & 31)

/*
 * Features the hypervisor may show but a ring-3 kernel must not use.
 * This is the port's one CPU feature policy: every CPUID the kernel
 * asks, at boot and on each CPU, goes through here.
 */
static void hide_features(unsigned int leaf, unsigned int subleaf,
			  unsigned int *bx, unsigned int *cx, unsigned int *dx)
{
	switch (leaf) {
	case 1:
		*cx &= ~(FEATURE(MWAIT) | FEATURE(VMX) | FEATURE(SMX) |
			 FEATURE(PCID) | FEATURE(X2APIC) | FEATURE(DCA) |
			 FEATURE(TSC_DEADLINE_TIMER));
		*cx |= FEATURE(HYPERVISOR);
		/* No large or global pages, no APIC, MTRRs, machine checks */
		*dx &= ~(FEATURE(VME) | FEATURE(PSE) | FEATURE(PSE36) |
			 FEATURE(PGE) | FEATURE(APIC) | FEATURE(MTRR) |
			 FEATURE(MCE) | FEATURE(MCA) | FEATURE(DS) |
			 FEATURE(ACPI) | FEATURE(ACC));
		break;
	case 6:
		*cx &= ~BIT(0);		/* APERF/MPERF */
		break;
	case 7:
		if (subleaf)
			break;
		/*
		 * FSGSBASE stays where the hypervisor shows it (Xen does,
		 * hv-stub does not): with CR4.FSGSBASE, Xen saves the GS
		 * base by rdgsbase rather than rdmsr on each change of mode.
		 */
		*bx &= ~(FEATURE(TSC_ADJUST) | FEATURE(SMEP) |
			 FEATURE(INVPCID) | FEATURE(SMAP));
		*cx &= ~(FEATURE(UMIP) | FEATURE(PKU) | FEATURE(OSPKE) |
			 FEATURE(LA57));
		break;
	case 0xb:
	case 0x1f:
		*bx = 0;		/* no topology: vCPUs are not threads */
		break;
	case 0x80000001:
		*cx &= ~FEATURE(SVM);
		*dx &= ~FEATURE(GBPAGES);
		break;
	}
}

static void xenpv_cpuid(unsigned int *ax, unsigned int *bx,
			unsigned int *cx, unsigned int *dx)
{
	unsigned int leaf = *ax, subleaf = *cx;

	/* ud2; .ascii "xen"; cpuid: the hypervisor answers, by its policy */
	asm volatile(".byte " __stringify(__XEN_EMULATE_PREFIX) "\n\tcpuid"
		     : "=a" (*ax), "=b" (*bx), "=c" (*cx), "=d" (*dx)
		     : "0" (leaf), "2" (subleaf)
		     : "memory");
	hide_features(leaf, subleaf, bx, cx, dx);
}


/*
 * MSRs the hypervisor owns are handled here; the others are tried for
 * real: the hypervisor emulates a few and raises #GP for the rest, which
 * the exception table of the _safe accessors turns into -EIO.
 */
static int xenpv_write_msr_safe(unsigned int msr, unsigned int low,
				unsigned int high)
{
	u64 val = (u64)high << 32 | low;

	switch (msr) {
	case MSR_FS_BASE:
		return set_segment_base(SEGBASE_FS, val);
	case MSR_KERNEL_GS_BASE:
		if (switch_user_gs_unchanged(val))
			return 0;
		return set_segment_base(SEGBASE_GS_USER, val);
	case MSR_GS_BASE:
		/*
		 * load_percpu_segment() nulled %gs, and with it the base the
		 * counting in xenpv_hypercall relies on.
		 */
		return xenpv_hypercall_uncounted(__HYPERVISOR_set_segment_base,
						 SEGBASE_GS_KERNEL, val, 0, 0,
						 0) ? -EIO : 0;
	case MSR_STAR:
	case MSR_LSTAR:
	case MSR_CSTAR:
	case MSR_SYSCALL_MASK:
	case MSR_IA32_SYSENTER_CS:
	case MSR_IA32_SYSENTER_ESP:
	case MSR_IA32_SYSENTER_EIP:
		return 0;	/* system calls arrive by hypervisor callback */
	default:
		return native_write_msr_safe(msr, low, high);
	}
}

static u64 xenpv_read_msr_safe(unsigned int msr, int *err)
{
	u64 val = native_read_msr_safe(msr, err);

	if (msr == MSR_KERNEL_GS_BASE && !*err)
		remember_switch_user_gs(val);
	return val;
}

/*
 * The unchecked accessors: an MSR the hypervisor does not emulate reads
 * as 0 and ignores writes, as on the in-tree port, with one line each.
 */
static u64 xenpv_read_msr(unsigned int msr)
{
	int err;
	u64 val = xenpv_read_msr_safe(msr, &err);

	if (err)
		pr_info_ratelimited("xenpv: rdmsr %#x not emulated, reads 0\n",
				    msr);
	return err ? 0 : val;
}

static void xenpv_write_msr(unsigned int msr, unsigned int low,
			    unsigned int high)
{
	int err = xenpv_write_msr_safe(msr, low, high);

	if (err)
		pr_info_ratelimited("xenpv: wrmsr %#x <- %#x:%#x not emulated, ignored\n",
				    msr, high, low);
}

/* CR4.PCE stays clear, so rdpmc would fault; there is no PMU for us. */
static u64 xenpv_read_pmc(int counter)
{
	return 0;
}

/*
 * The lazy CPU mode ends; the queue stays held for the tail of
 * __switch_to(), unless descriptors it loads itself are in it.
 */
static void xenpv_end_context_switch(struct task_struct *next)
{
	if (this_cpu_read(switch_descs_queued)) {
		this_cpu_write(switch_descs_queued, false);
		xenpv_mc_flush();
	}
	xenpv_mc_hold();
	paravirt_end_context_switch(next);
}

void __init xenpv_cpu_init_ops(void)
{
	struct pv_cpu_ops *ops = &pv_ops.cpu;

	pv_info.name = "xenpv";
	pv_info.extra_user_64bit_cs = FLAT_USER_CS64;

	ops->io_delay = paravirt_nop;
	ops->get_debugreg = xenpv_get_debugreg;
	ops->set_debugreg = xenpv_set_debugreg;
	ops->read_cr0 = xenpv_read_cr0;
	ops->write_cr0 = xenpv_write_cr0;
	ops->write_cr4 = xenpv_write_cr4;

	ops->load_tr_desc = paravirt_nop;
	ops->store_tr = xenpv_store_tr;
	ops->load_gdt = xenpv_load_gdt;
	ops->write_gdt_entry = xenpv_write_gdt_entry;
	ops->write_ldt_entry = xenpv_write_ldt_entry;
	ops->alloc_ldt = xenpv_alloc_ldt;
	ops->free_ldt = xenpv_free_ldt;
	ops->set_ldt = xenpv_set_ldt;
	ops->load_tls = xenpv_load_tls;
	ops->load_gs_index = xenpv_load_gs_index;
	ops->load_sp0 = xenpv_load_sp0;

	ops->wbinvd = native_wbinvd;	/* emulated as a no-op */
	ops->cpuid = xenpv_cpuid;
	ops->read_msr = xenpv_read_msr;
	ops->write_msr = xenpv_write_msr;
	ops->read_msr_safe = xenpv_read_msr_safe;
	ops->write_msr_safe = xenpv_write_msr_safe;
	ops->read_pmc = xenpv_read_pmc;

	ops->start_context_switch = paravirt_start_context_switch;
	ops->end_context_switch = xenpv_end_context_switch;
}
