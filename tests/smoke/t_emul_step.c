// SPDX-License-Identifier: GPL-2.0
/*
 * Single-step over instructions the hypervisor emulates.  An emulated
 * instruction never retires on the CPU, so the CPU raises no single-step
 * trap for it: as on Xen, the hypervisor must raise the #DB (DR6.BS) at
 * the next instruction itself.  Stepped in guest kernel mode: the forced-
 * emulation CPUID (#UD), MOV from CR0 and DR7 and an OUT under vIOPL 1
 * (#GP(0)), then plain instructions.  One #DB per instruction, at the
 * instruction after it, or a step is missing; except, as on Xen 4.17,
 * after the OUT: Xen's port I/O emulation ends without the single step
 * (t_emul_iobp checks that I/O breakpoints still fire).
 */
#include "debugreg.h"

#define MAX_STEPS		16

static unsigned long steps, step_rip[MAX_STEPS], step_dr6[MAX_STEPS];

static noinline void step_emulated(void)
{
	asm volatile("pushfq\n\t"
		     "orq $0x100, (%%rsp)\n\t"
		     "popfq\n"
		     "e_cpuid: ud2; .ascii \"xen\"; cpuid\n"
		     "e_cr0: mov %%cr0, %%rax\n"
		     "e_out: outb %%al, $0x80\n"
		     "e_dr7: mov %%dr7, %%rax\n"
		     "e_nop: nop\n"
		     "e_pushf: pushfq\n"
		     "e_and: andq $~0x100, (%%rsp)\n"
		     "e_popf: popfq\n"
		     "e_end: nop"
		     : : "a" (0), "c" (0)
		     : "rbx", "rdx", "memory", "cc");
}

static int hook(struct trap_frame *f)
{
	if (f->vector != 1)
		return 0;
	if (steps < MAX_STEPS) {
		step_rip[steps] = f->rip;
		step_dr6[steps] = HYPERVISOR_get_debugreg(6);
		HYPERVISOR_set_debugreg(6, 0);
	}
	if (++steps >= MAX_STEPS)
		f->rflags &= ~X86_EFLAGS_TF;	/* runaway: stop */
	return 1;
}

void test_main(void)
{
	const unsigned long want[] = {
		LABEL(e_cr0), LABEL(e_out), LABEL(e_nop),
		LABEL(e_pushf), LABEL(e_and), LABEL(e_popf), LABEL(e_end),
	};
	static const char *const what[] = {
		"cpuid (forced)", "mov from cr0", "mov from dr7 (none after outb)",
		"nop", "pushf", "and", "popf",
	};
	unsigned long i;

	events_disable();
	if (set_iopl(1))
		test_result(FAILURE, "set_iopl 1 refused");
	trap_hook = hook;
	HYPERVISOR_set_debugreg(6, 0);
	step_emulated();
	trap_hook = NULL;
	for (i = 0; i < steps && i < MAX_STEPS; i++)
		cprintf("step %lu: rip %lx dr6 %lx\n", i, step_rip[i],
			step_dr6[i]);
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		if (i >= steps || step_rip[i] != want[i])
			test_result(FAILURE, "no step after %s (step %lu at %lx, want %lx)",
				    what[i], i, i < steps ? step_rip[i] : 0,
				    want[i]);
		if (step_dr6[i] != (DR6_DEFAULT | DR6_BS))
			test_result(FAILURE, "step after %s: dr6 %lx, want BS",
				    what[i], step_dr6[i]);
	}
	if (steps != ARRAY_SIZE(want))
		test_result(FAILURE, "%lu steps, want %lu", steps,
			    (unsigned long)ARRAY_SIZE(want));
	test_result(SUCCESS, "a #DB with DR6.BS after each emulated instruction");
}
