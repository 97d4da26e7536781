// SPDX-License-Identifier: GPL-2.0
/*
 * MOV from and to the debug and control registers in guest kernel mode,
 * emulated as Xen 4.17 emulates them:
 *  - MOV to DR0/DR7 arms a real watchpoint (it fires, with DR6.B0), MOV
 *    from DRn reads what get_debugreg reads;
 *  - values set_debugreg refuses (a hypervisor address, DR7.GD) are
 *    #GP(0) and change nothing;
 *  - DR4/DR5 alias DR6/DR7 until the guest sets CR4.DE, then are #UD, as
 *    are DR8 and up (REX.R);
 *  - REX.R names CR8, which a PV guest does not have (#GP(0)), not CR0;
 *  - ModRM.mod is ignored (the CPU always takes a register).
 */
#include "debugreg.h"

#define HV_ADDR		0xffff800000000000UL

static unsigned long watched __aligned(8);
static unsigned long db_hits, db_rip, db_dr6;

static int hook(struct trap_frame *f)
{
	if (f->vector != 1)
		return 0;
	db_hits++;
	db_rip = f->rip;
	db_dr6 = HYPERVISOR_get_debugreg(6);
	return 1;
}

/*
 * One faulting instruction at label @l, resumed after it by the fixup;
 * the barriers keep the compiler from caching last_trap across it.
 */
#define TRY(l, insn, ...) do {						\
	barrier();							\
	asm volatile(#l ": " insn "\n" #l "_end:\n"			\
		     ".pushsection __ex_table, \"a\"\n"		\
		     ".quad " #l ", " #l "_end\n.popsection"		\
		     __VA_ARGS__);					\
	barrier();							\
} while (0)

static void expect_fault(const char *what, unsigned long before,
			 unsigned long vec, unsigned long rip)
{
	if (last_trap.count != before + 1 || last_trap.vector != vec ||
	    last_trap.error_code || last_trap.rip != rip)
		test_result(FAILURE, "%s: %lu faults, vector %lu ec %lx at %lx; want %s at %lx",
			    what, last_trap.count - before, last_trap.vector,
			    last_trap.error_code, last_trap.rip,
			    vec == 6 ? "#UD" : "#GP(0)", rip);
}

static void debug_registers(void)
{
	unsigned long v = 0, before, dr7;

	/* arm a write watchpoint on @watched with MOV to DR0 and DR7 */
	dr7 = DR7_L(0) | DR7_RW(0, DR_RW_WRITE) | DR7_LEN(0, DR_LEN_8);
	HYPERVISOR_set_debugreg(6, 0);
	asm volatile("mov %0, %%dr0" : : "r"((unsigned long)&watched));
	asm volatile("mov %0, %%dr7" : : "r"(dr7));
	asm volatile("mov %%dr0, %0" : "=r"(v));
	if (v != (unsigned long)&watched ||
	    HYPERVISOR_get_debugreg(0) != (long)&watched)
		test_result(FAILURE, "mov to dr0: reads %lx, get_debugreg %lx, want %p",
			    v, HYPERVISOR_get_debugreg(0), &watched);
	asm volatile("mov %%dr7, %0" : "=r"(v));
	if (v != (dr7 | DR7_DEFAULT))
		test_result(FAILURE, "mov from dr7: %lx, want %lx", v,
			    dr7 | DR7_DEFAULT);
	trap_hook = hook;
	asm volatile("movq %1, %0\nmovdr_after: nop"
		     : "=m" (watched) : "r" (7UL) : "memory");
	trap_hook = NULL;
	if (db_hits != 1 || db_rip != LABEL(movdr_after) ||
	    db_dr6 != (DR6_DEFAULT | 1))
		test_result(FAILURE, "watchpoint armed by mov: %lu #DB at %lx dr6 %lx",
			    db_hits, db_rip, db_dr6);
	asm volatile("mov %%dr6, %0" : "=r"(v));
	if (v != (DR6_DEFAULT | 1))
		test_result(FAILURE, "mov from dr6: %lx, want B0", v);
	/* without CR4.DE, DR4 is DR6 */
	asm volatile("mov %%dr4, %0" : "=r"(v));
	if (v != (DR6_DEFAULT | 1))
		test_result(FAILURE, "mov from dr4 (no CR4.DE): %lx, want dr6", v);

	/* refused values: #GP(0), nothing changed */
	barrier();
	before = last_trap.count;
	TRY(bad_dr0, "mov %0, %%dr0", : : "r"(HV_ADDR));
	expect_fault("mov hypervisor address to dr0", before, 13,
		     LABEL(bad_dr0));
	barrier();
	before = last_trap.count;
	TRY(bad_dr7, "mov %0, %%dr7", : : "r"(dr7 | DR7_GD));
	expect_fault("mov dr7 with GD", before, 13, LABEL(bad_dr7));
	if (HYPERVISOR_get_debugreg(0) != (long)&watched ||
	    HYPERVISOR_get_debugreg(7) != (long)(dr7 | DR7_DEFAULT))
		test_result(FAILURE, "refused movs changed dr0 %lx / dr7 %lx",
			    HYPERVISOR_get_debugreg(0),
			    HYPERVISOR_get_debugreg(7));
	asm volatile("mov %0, %%dr7" : : "r"(0UL));

	/* DR8 (44 0f 21 c0: mov %dr8, %rax) does not exist */
	barrier();
	before = last_trap.count;
	TRY(dr8, ".byte 0x44, 0x0f, 0x21, 0xc0", : : : "rax");
	expect_fault("mov from dr8", before, 6, LABEL(dr8));

	/* with CR4.DE, DR4 and DR5 are #UD */
	write_cr4(read_cr4() | X86_CR4_DE);
	if (!(read_cr4() & X86_CR4_DE)) {
		cprintf("CR4.DE not offered: DR4/DR5 #UD not checked\n");
		return;
	}
	barrier();
	before = last_trap.count;
	TRY(dr4, "mov %%dr4, %0", : "=r"(v));
	expect_fault("mov from dr4 with CR4.DE", before, 6, LABEL(dr4));
	barrier();
	before = last_trap.count;
	TRY(dr5, "mov %0, %%dr5", : : "r"(0UL));
	expect_fault("mov to dr5 with CR4.DE", before, 6, LABEL(dr5));
	write_cr4(read_cr4() & ~X86_CR4_DE);
}

static void control_registers(void)
{
	unsigned long cr0 = 0, v = 0, before;

	asm volatile("mov %%cr0, %0" : "=r"(cr0));
	/* 0f 20 00: mov %cr0, %rax with ModRM.mod 0, still a register */
	asm volatile(".byte 0x0f, 0x20, 0x00" : "=a"(v));
	if (v != cr0)
		test_result(FAILURE, "mov from cr0 (mod 0): %lx, want %lx", v,
			    cr0);
	/* 44 0f 20 c0: mov %cr8, %rax */
	barrier();
	before = last_trap.count;
	v = 0x5a5a;
	TRY(cr8, ".byte 0x44, 0x0f, 0x20, 0xc0", : "+a"(v));
	expect_fault("mov from cr8", before, 13, LABEL(cr8));
	if (v != 0x5a5a)
		test_result(FAILURE, "mov from cr8 wrote rax: %lx", v);
	/* 41 0f 20 c0: mov %cr0, %r8 (REX.B: the GPR) */
	asm volatile(".byte 0x41, 0x0f, 0x20, 0xc0\n\tmov %%r8, %0"
		     : "=r"(v) : : "r8");
	if (v != cr0)
		test_result(FAILURE, "mov from cr0 to r8: %lx, want %lx", v,
			    cr0);
}

void test_main(void)
{
	events_disable();
	debug_registers();
	control_registers();
	test_result(SUCCESS, "mov to/from DRn and CRn emulated as on Xen");
}
