// SPDX-License-Identifier: GPL-2.0
/*
 * Single-step with TF in guest kernel mode.  Every step is a #DB with
 * DR6.BS at the next instruction; the handler returns through
 * HYPERVISOR_iret with TF still set, so stepping also checks that the
 * iret hypercall resumes exactly one instruction before the next #DB.
 * The second sequence steps over a hypercall (syscall): the hypervisor
 * entry must not see the trap, the hypercall must do its work, and, as
 * on Xen, the next step is reported right after the SYSCALL.
 */
#include "debugreg.h"

#define MAX_STEPS 16

static unsigned long steps, step_rip[MAX_STEPS], step_dr6[MAX_STEPS];

static noinline void step_plain(void)
{
	asm volatile("pushfq\n\t"
		     "orq $0x100, (%%rsp)\n\t"
		     "popfq\n"
		     "s_nop1: nop\n"
		     "s_nop2: nop\n"
		     "s_nop3: nop\n"
		     "s_pushf: pushfq\n"
		     "s_and: andq $~0x100, (%%rsp)\n"
		     "s_popf: popfq\n"
		     "s_end: nop"
		     : : : "memory", "cc");
}

/* xen_version(XENVER_version), stepped */
static noinline unsigned long step_hypercall(void)
{
	unsigned long ret;

	asm volatile("pushfq\n\t"
		     "orq $0x100, (%%rsp)\n\t"
		     "popfq\n"
		     "h_mov: movl $17, %%eax\n"
		     "h_xor: xorl %%edi, %%edi\n"
		     "h_syscall: syscall\n"
		     "h_after: nop\n"
		     "h_pushf: pushfq\n"
		     "h_and: andq $~0x100, (%%rsp)\n"
		     "h_popf: popfq\n"
		     "h_end: nop"
		     : "=a" (ret) : : "rdi", "rcx", "r11", "memory", "cc");
	return ret;
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

static void check(const char *what, const unsigned long *want,
		  unsigned long n)
{
	unsigned long i;

	for (i = 0; i < steps && i < MAX_STEPS; i++)
		cprintf("%s step %lu: rip %lx dr6 %lx\n", what, i, step_rip[i],
			step_dr6[i]);
	if (steps != n)
		test_result(FAILURE, "%s: %lu steps, want %lu", what, steps, n);
	for (i = 0; i < n; i++) {
		if (step_rip[i] != want[i])
			test_result(FAILURE, "%s: step %lu at %lx, want %lx", what,
				    i, step_rip[i], want[i]);
		if (step_dr6[i] != (DR6_DEFAULT | DR6_BS))
			test_result(FAILURE, "%s: step %lu dr6 %lx, want BS", what,
				    i, step_dr6[i]);
	}
}

void test_main(void)
{
	const unsigned long plain[] = {
		LABEL(s_nop2), LABEL(s_nop3), LABEL(s_pushf), LABEL(s_and),
		LABEL(s_popf), LABEL(s_end),
	};
	const unsigned long hc[] = {
		LABEL(h_xor), LABEL(h_syscall), LABEL(h_after), LABEL(h_pushf),
		LABEL(h_and), LABEL(h_popf), LABEL(h_end),
	};
	unsigned long ver;

	events_disable();
	trap_hook = hook;
	HYPERVISOR_set_debugreg(6, 0);
	step_plain();
	check("plain", plain, ARRAY_SIZE(plain));

	steps = 0;
	ver = step_hypercall();
	check("hypercall", hc, ARRAY_SIZE(hc));
	if (ver >> 16 != 4)
		test_result(FAILURE, "stepped xen_version returned %lx", ver);
	test_result(SUCCESS, "TF steps with DR6.BS, over iret and a hypercall");
}
