// SPDX-License-Identifier: GPL-2.0
/*
 * SGDT, SIDT, SLDT, SMSW and STR from guest kernel and user mode (both
 * ring 3) give what a PV guest sees on Xen 4.17, whether or not the
 * hypervisor turned CR4.UMIP on.  Xen never sets UMIP for itself and
 * offers it to HVM guests only, so on Xen the five run natively: SGDT
 * shows the vCPU's GDT window (0xffff820000000000 for vCPU 0) with
 * Xen's reserved entries as its limit, SIDT an IDT of 256 gates inside
 * the hypervisor's slots, STR Xen's TSS selector 0xe040, SLDT 0 (we set
 * no LDT), SMSW the low word of CR0 as MOV from CR0 reads it.  hv-stub
 * sets UMIP where the CPU has it and emulates them to the same values,
 * operand sizes and faults: a register form writes 16 bits with 0x66 and
 * zero-extends otherwise (64 bits with REX.W); a memory form stores 2
 * bytes (10 for SGDT/SIDT) and a bad store is the #PF or #GP the CPU
 * raises.  On hv-stub, tests/smoke/census checks the stats census for
 * the counts printed in the result line.
 */
#include "smoke.h"

#define GDT_WINDOW	0xffff820000000000UL
#define HV_START	0xffff800000000000UL
#define HV_END		0xffff880000000000UL
#define TSS_SEL		0xe040
#define CR0_TS		0x8UL
#define FILL		0xccccccccccccccccUL

struct __smoke_attr(packed) dtr {
	u16 limit;
	u64 base;
	u8 pad[6];
};

/* What one round of the five instructions saw. */
struct sample {
	struct dtr gdt, idt;
	unsigned long sldt_r32, str_r32, str_r16, smsw_r16, smsw_r32;
	unsigned long smsw_r64;
	u16 sldt_m, str_m, smsw_m, after_m;
};

static struct sample ks, us;
static unsigned long kcr0;
static _Alignas(PAGE_SIZE) char kstack[2 * PAGE_SIZE];
static _Alignas(PAGE_SIZE) char ustack[PAGE_SIZE];
static unsigned long traps_seen;
/* instructions run, for the census: sgdt sidt sldt smsw str */
static unsigned int nr[5];

static void run_five(struct sample *s)
{
	unsigned long r;

	memset(s, 0xcc, sizeof(*s));
	asm volatile("sgdt %0" : "=m"(s->gdt));
	asm volatile("sidt %0" : "=m"(s->idt));
	r = FILL;
	asm volatile("sldt %k0" : "+r"(r));
	s->sldt_r32 = r;
	asm volatile("sldt %0" : "=m"(s->sldt_m));
	r = FILL;
	asm volatile("str %k0" : "+r"(r));
	s->str_r32 = r;
	r = FILL;
	asm volatile("str %w0" : "+r"(r));
	s->str_r16 = r;
	asm volatile("str %0" : "=m"(s->str_m));
	r = FILL;
	asm volatile("smsw %w0" : "+r"(r));
	s->smsw_r16 = r;
	r = FILL;
	asm volatile("smsw %k0" : "+r"(r));
	s->smsw_r32 = r;
	r = FILL;
	asm volatile("smsw %q0" : "+r"(r));
	s->smsw_r64 = r;
	asm volatile("smsw %0" : "=m"(s->smsw_m));
}

static void count_five(void)
{
	nr[0]++;		/* sgdt */
	nr[1]++;		/* sidt */
	nr[2] += 2;		/* sldt r32, m16 */
	nr[3] += 4;		/* smsw r16, r32, r64, m16 */
	nr[4] += 3;		/* str r32, r16, m16 */
}

#define CHECK(cond, ...) \
	do { if (!(cond)) test_result(FAILURE, __VA_ARGS__); } while (0)

static void check(const char *mode, const struct sample *s, unsigned long cr0)
{
	CHECK(s->gdt.base == GDT_WINDOW && s->gdt.limit == 0xefff &&
	      s->gdt.pad[0] == 0xcc,
	      "%s sgdt base %lx limit %x", mode, s->gdt.base, s->gdt.limit);
	CHECK(s->idt.limit == 0xfff && s->idt.base >= HV_START &&
	      s->idt.base < HV_END && s->idt.pad[0] == 0xcc,
	      "%s sidt base %lx limit %x", mode, s->idt.base, s->idt.limit);
	CHECK(s->sldt_r32 == 0 && s->sldt_m == 0, "%s sldt %lx/%x", mode,
	      s->sldt_r32, s->sldt_m);
	CHECK(s->str_r32 == TSS_SEL && s->str_m == TSS_SEL &&
	      s->str_r16 == ((FILL & ~0xffffUL) | TSS_SEL),
	      "%s str %lx/%lx/%x", mode, s->str_r32, s->str_r16, s->str_m);
	/* TS is Xen's lazy-FPU state in a native SMSW: compared apart */
	CHECK(((s->smsw_r32 ^ cr0) & ~CR0_TS) == 0 &&
	      ((s->smsw_r64 ^ cr0) & ~CR0_TS) == 0 &&
	      ((s->smsw_r16 ^ ((FILL & ~0xffffUL) | (cr0 & 0xffff))) &
	       ~CR0_TS) == 0 && ((s->smsw_m ^ cr0) & 0xfff7) == 0,
	      "%s smsw %lx/%lx/%lx/%x, cr0 %lx", mode, s->smsw_r16,
	      s->smsw_r32, s->smsw_r64, s->smsw_m, cr0);
	CHECK(s->after_m == 0xcccc, "%s: a store ran past its operand", mode);
}

/* A store to @addr by SGDT (or SMSW) must fault as the CPU would. */
static void check_fault(const char *what, unsigned long addr, int smsw,
			unsigned long vec, unsigned long ec)
{
	unsigned long before = last_trap.count;

	if (smsw)
		asm volatile("1: smsw (%0)\n2:\n"
			     ".pushsection __ex_table, \"a\"\n"
			     ".quad 1b, 2b\n.popsection"
			     : : "r"(addr) : "memory");
	else
		asm volatile("1: sgdt (%0)\n2:\n"
			     ".pushsection __ex_table, \"a\"\n"
			     ".quad 1b, 2b\n.popsection"
			     : : "r"(addr) : "memory");
	nr[smsw ? 3 : 0]++;
	CHECK(last_trap.count == before + 1 && last_trap.vector == vec &&
	      last_trap.error_code == ec &&
	      (vec != 14 || last_trap.cr2 == addr),
	      "%s: %lu traps, vector %lu ec %lx cr2 %lx; want %lu/%lx",
	      what, last_trap.count - before, last_trap.vector,
	      last_trap.error_code, last_trap.cr2, vec, ec);
}

/* Ring-3 user mode: the same five, then back through a syscall. */
static void __smoke_attr(used) user_main(void)
{
	run_five(&us);
	asm volatile("syscall" : : "a"(0) : "rcx", "r11", "memory");
	for (;;)
		;
}

static int on_trap(struct trap_frame *f)
{
	if (f->vector == VEC_SYSCALL) {
		check("user", &us, kcr0);
		count_five();
		test_result(SUCCESS,
			    "as on Xen in kernel and user mode; census sgdt=%u sidt=%u sldt=%u smsw=%u str=%u",
			    nr[0], nr[1], nr[2], nr[3], nr[4]);
	}
	if (f->cs & 3)
		test_result(FAILURE, "user mode: trap %lu ec %lx at %lx",
			    f->vector, f->error_code, f->rip);
	traps_seen++;
	return 0;	/* the exception table, or ERROR */
}

static void enter_user(void)
{
	struct callback_register cb = {
		.type = CALLBACKTYPE_syscall,
		.flags = CALLBACKF_mask_events,
		.address = (unsigned long)syscall_entry,
	};
	u64 *ul4 = page_alloc();

	ul4[511] = ((u64 *)start_info->pt_base)[511];
	if (page_set_ro(ul4, 1) ||
	    mmuext1(MMUEXT_NEW_USER_BASEPTR, virt_to_mfn(ul4)) ||
	    HYPERVISOR_callback_op(CALLBACKOP_register, &cb) ||
	    HYPERVISOR_stack_switch(FLAT_KERNEL_SS, (unsigned long)kstack +
				    sizeof(kstack)))
		test_result(ERROR, "cannot set up user mode");
	iret_to((unsigned long)user_main, FLAT_USER_CS, 0x202,
		(unsigned long)ustack + sizeof(ustack), FLAT_USER_SS);
}

void test_main(void)
{
	unsigned long cr0, ro = scratch_va(0);
	void *page = page_alloc();

	trap_hook = on_trap;
	asm volatile("mov %%cr0, %0" : "=r"(cr0));
	kcr0 = cr0;
	run_five(&ks);
	count_five();
	CHECK(!traps_seen, "kernel mode: %lu traps", traps_seen);
	cprintf("sgdt %lx/%x sidt %lx/%x sldt %lx str %lx smsw %lx cr0 %lx\n",
		ks.gdt.base, ks.gdt.limit, ks.idt.base, ks.idt.limit,
		ks.sldt_r32, ks.str_r32, ks.smsw_r64, cr0);
	check("kernel", &ks, cr0);

	/* the TS that fpu_taskswitch sets shows in SMSW */
	HYPERVISOR_fpu_taskswitch(1);
	asm volatile("smsw %k0" : "=r"(cr0));
	nr[3]++;
	HYPERVISOR_fpu_taskswitch(0);
	CHECK(cr0 & CR0_TS, "smsw %lx without TS after fpu_taskswitch(1)",
	      cr0);

	/* faults: not present, read-only, non-canonical */
	check_fault("sgdt to an unmapped page", ro, 0, 14, 2);
	if (map_page(ro, virt_to_mfn(page), _PAGE_PRESENT | _PAGE_NX))
		test_result(ERROR, "cannot map a read-only page");
	check_fault("smsw to a read-only page", ro + 6, 1, 14, 3);
	check_fault("sgdt to a non-canonical address", 0x8000000000000000UL,
		    0, 13, 0);
	check_fault("sgdt to the hypervisor", HV_START + 0x1000, 0, 14, 3);
	enter_user();
}
