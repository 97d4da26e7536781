// SPDX-License-Identifier: GPL-2.0
/*
 * The LDT's limit is the guest's entry count, not its frame: with an
 * LDT of 4 entries whose page also holds valid descriptors at entries 8
 * and 9, a selector of entry 8 or 9 is refused everywhere a selector is
 * taken, as on Xen 4.17 (which loads the LDT with exactly that limit):
 *
 *  - loading it into %ds from the guest is #GP(selector);
 *  - set_segment_base(SEGBASE_GS_USER_SEL) with it succeeds but leaves
 *    %gs null (Xen's documented behaviour: check by reading %gs), while
 *    entry 1 loads, with its RPL raised to 3;
 *  - HYPERVISOR_iret to it as CS or as SS is #GP(selector) at the target,
 *    while entries 2 (code) and 1 (data) within the limit work.  (The
 *    iret frames give RPL 0, which keeps the guest in kernel mode: the
 *    hypervisor raises it to 3; RPL 3 would mean a return to user mode.)
 *
 * update_descriptor takes any 8-byte slot of a descriptor frame, past
 * the limit too; it accepts a present system descriptor of type 0
 * (nothing can load it) but no TSS or LDT descriptor, and refuses an
 * unaligned or non-RAM machine address.  (A reload that fails when the
 * vCPU is switched back in goes to the failsafe callback: not tested
 * here, no context switch can be forced on one vCPU on both hypervisors.)
 */
#include "smoke.h"

#define DATA_DESC	0x00cff3000000ffffull	/* flat data, DPL 3 */
#define CODE_DESC	0x00affb000000ffffull	/* 64-bit code, DPL 3 */
#define TYPE0_DESC	0x0000800000000000ull	/* present, system type 0 */
#define TSS_DESC	0x0000890000000067ull
#define LDT_DESC	0x0000820000000fffull
#define LDT_SEL(n)	(((n) << 3) | 4 | 3)
#define KSEL(sel)	((sel) & ~3)	/* RPL 0: stay in kernel mode */
#define LDT_ENTS	4
#define SEGBASE_GS_USER_SEL	3

enum stage { DS_LOAD, IRET_CS, IRET_SS, IRET_GOOD, DONE };

/* the trap hook moves the stage on: READ_ONCE outside it */
static enum stage stage;
static unsigned long iret_target, ds_insn, ds_resume;
static _Alignas(16) unsigned char stack[8192];

static unsigned short read_gs(void)
{
	unsigned short sel;

	asm volatile("movw %%gs, %0" : "=r"(sel));
	return sel;
}

/* Load @sel into %ds, then 0; the hook skips a faulting load. */
static void load_ds(unsigned short sel)
{
	asm volatile("leaq 1f(%%rip), %%rax\n\t"
		     "movq %%rax, %0\n\t"
		     "leaq 2f(%%rip), %%rax\n\t"
		     "movq %%rax, %1\n"
		     "1: movw %w2, %%ds\n"
		     "2: movw %w3, %%ds"
		     : "=m"(ds_insn), "=m"(ds_resume) : "r"(sel), "r"(0)
		     : "rax", "memory");
}

static void next_stage(void);

static void expect_gp(struct trap_frame *f, unsigned long sel)
{
	if (f->error_code != sel)
		test_result(FAILURE, "stage %d: #GP(%lx), want #GP(%lx)", stage,
			    f->error_code, sel);
}

static int on_trap(struct trap_frame *f)
{
	if (f->vector != 13)
		return 0;
	switch (stage) {
	case DS_LOAD:
		if (f->rip != ds_insn)
			return 0;
		expect_gp(f, LDT_SEL(8) & ~3);
		f->rip = ds_resume;
		WRITE_ONCE(stage, IRET_CS);
		return 1;
	case IRET_CS:
	case IRET_SS:
		expect_gp(f, stage == IRET_CS ? LDT_SEL(9) & ~3 :
			  LDT_SEL(8) & ~3);
		if (f->rip != iret_target)
			test_result(FAILURE, "stage %d: #GP at %lx, want %lx",
				    stage, f->rip, iret_target);
		WRITE_ONCE(stage, stage + 1);
		f->rip = (unsigned long)next_stage;
		f->cs = KSEL(FLAT_KERNEL_CS);
		f->ss = KSEL(FLAT_KERNEL_SS);
		f->rsp = (unsigned long)stack + sizeof(stack) - 8;
		return 1;
	default:
		return 0;
	}
}

static __noreturn void iret_stage(unsigned long cs, unsigned long ss)
{
	iret_target = (unsigned long)next_stage;
	iret_to(iret_target, cs, 0x202, (unsigned long)stack + sizeof(stack) - 8,
		ss);
}

/* Entered afresh (on our own stack) after each iret. */
static void next_stage(void)
{
	unsigned short cs, ss;

	switch (READ_ONCE(stage)) {
	case IRET_CS:
		iret_stage(KSEL(LDT_SEL(9)), FLAT_KERNEL_SS);
	case IRET_SS:
		iret_stage(KSEL(FLAT_KERNEL_CS), KSEL(LDT_SEL(8)));
	case IRET_GOOD:
		stage = DONE;
		iret_stage(KSEL(LDT_SEL(2)), KSEL(LDT_SEL(1)));
	case DONE:
		asm volatile("movw %%cs, %0; movw %%ss, %1"
			     : "=r"(cs), "=r"(ss));
		if (cs != LDT_SEL(2) || ss != LDT_SEL(1))
			test_result(FAILURE, "after iret cs %x ss %x", cs, ss);
		test_result(SUCCESS, "LDT limit %d enforced: ds, gs, iret cs/ss",
			    LDT_ENTS);
	default:
		test_result(ERROR, "stage %d", stage);
	}
}

static void check_update_descriptor(u64 maddr)
{
	long rc;

	rc = HYPERVISOR_update_descriptor(maddr + 8 * 8, DATA_DESC);
	rc = rc ? rc : HYPERVISOR_update_descriptor(maddr + 9 * 8, CODE_DESC);
	rc = rc ? rc : HYPERVISOR_update_descriptor(maddr + 1 * 8, DATA_DESC);
	rc = rc ? rc : HYPERVISOR_update_descriptor(maddr + 2 * 8, CODE_DESC);
	if (rc)
		test_result(FAILURE, "update_descriptor(code/data): %ld", rc);
	rc = HYPERVISOR_update_descriptor(maddr + PAGE_SIZE - 8, TYPE0_DESC);
	if (rc)
		test_result(FAILURE, "update_descriptor(type 0): %ld", rc);
	rc = HYPERVISOR_update_descriptor(maddr + 16 * 8, TSS_DESC);
	if (rc != -XEN_EINVAL)
		test_result(FAILURE, "update_descriptor(TSS): %ld", rc);
	rc = HYPERVISOR_update_descriptor(maddr + 16 * 8, LDT_DESC);
	if (rc != -XEN_EINVAL)
		test_result(FAILURE, "update_descriptor(LDT): %ld", rc);
	rc = HYPERVISOR_update_descriptor(maddr + 4, DATA_DESC);
	if (rc != -XEN_EINVAL)
		test_result(FAILURE, "update_descriptor(unaligned): %ld", rc);
	rc = HYPERVISOR_update_descriptor(1ull << 50, DATA_DESC);
	if (rc != -XEN_EINVAL)
		test_result(FAILURE, "update_descriptor(no RAM): %ld", rc);
}

static void check_gs_user_sel(void)
{
	long rc;

	rc = HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, LDT_SEL(1) & ~3);
	if (rc || read_gs() != LDT_SEL(1))
		test_result(FAILURE, "GS_USER_SEL entry 1: %ld, gs %x", rc,
			    read_gs());
	rc = HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, LDT_SEL(8));
	if (rc || read_gs() != 0)
		test_result(FAILURE, "GS_USER_SEL entry 8: %ld, gs %x", rc,
			    read_gs());
	HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, 0);
}

void test_main(void)
{
	u64 *ldt = page_alloc(), maddr = virt_to_mfn(ldt) << PAGE_SHIFT;

	memset(ldt, 0, PAGE_SIZE);
	if (page_set_ro(ldt, 1))
		test_result(ERROR, "cannot map the LDT page read-only");
	check_update_descriptor(maddr);
	if (set_ldt((unsigned long)ldt, LDT_ENTS))
		test_result(ERROR, "MMUEXT_SET_LDT failed");
	trap_hook = on_trap;
	stage = DS_LOAD;
	load_ds(LDT_SEL(1));
	if (READ_ONCE(stage) != DS_LOAD)
		test_result(FAILURE, "entry 1 in %%ds faulted");
	load_ds(LDT_SEL(8));
	if (READ_ONCE(stage) != IRET_CS)
		test_result(FAILURE, "entry 8 (past the limit) loaded into %%ds");
	check_gs_user_sel();
	next_stage();
}
