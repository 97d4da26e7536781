// SPDX-License-Identifier: GPL-2.0
/*
 * I/O breakpoints (DR7 R/W = 10b, with the guest's CR4.DE) on the port
 * I/O the hypervisor emulates under a virtual IOPL, as Xen 4.17 does:
 * an IN or OUT whose ports overlap an enabled I/O breakpoint gets a #DB
 * after it, with the matching B<n> in DR6; a port outside it, a disabled
 * breakpoint and a breakpoint left armed after CR4.DE is cleared get
 * none.  Under TF, Xen 4.17 reports the match alone (B0, no BS: its port
 * I/O emulation raises no single step).
 */
#include "debugreg.h"

#define DR_LEN_1		0
#define DR_LEN_2		1
#define DR_LEN_4		3

static unsigned long hits, hit_rip, hit_dr6;

static int hook(struct trap_frame *f)
{
	if (f->vector != 1)
		return 0;
	hits++;
	hit_rip = f->rip;
	hit_dr6 = HYPERVISOR_get_debugreg(6);
	HYPERVISOR_set_debugreg(6, 0);
	f->rflags &= ~X86_EFLAGS_TF;
	return 1;
}

static void arm(unsigned long dr7)
{
	long rc = HYPERVISOR_set_debugreg(0, 0x80);

	rc = rc ? rc : HYPERVISOR_set_debugreg(1, 0x70);
	rc = rc ? rc : HYPERVISOR_set_debugreg(7, dr7);
	if (rc)
		test_result(FAILURE, "arming I/O breakpoints (dr7 %lx): %ld",
			    dr7, rc);
	hits = 0;
	hit_dr6 = 0;
}

static void expect(const char *what, unsigned long n, unsigned long rip,
		   unsigned long dr6)
{
	if (hits != n)
		test_result(FAILURE, "%s: %lu #DB, want %lu", what, hits, n);
	if (n && hit_rip != rip)
		test_result(FAILURE, "%s: #DB at %lx, want %lx", what, hit_rip,
			    rip);
	if (n && hit_dr6 != (DR6_DEFAULT | dr6))
		test_result(FAILURE, "%s: dr6 %lx, want %lx", what, hit_dr6,
			    DR6_DEFAULT | dr6);
	cprintf("%s: %lu #DB, dr6 %lx\n", what, hits, hit_dr6);
}

void test_main(void)
{
	/* DR0: port 0x80, 1 byte; DR1: ports 0x70..0x73 */
	const unsigned long both = DR7_L(0) | DR7_RW(0, DR_RW_IO) |
		DR7_LEN(0, DR_LEN_1) | DR7_L(1) | DR7_RW(1, DR_RW_IO) |
		DR7_LEN(1, DR_LEN_4);

	events_disable();
	if (set_iopl(1))
		test_result(FAILURE, "set_iopl 1 refused");
	write_cr4(read_cr4() | X86_CR4_DE);
	if (!(read_cr4() & X86_CR4_DE))
		test_result(SKIP, "CR4.DE is not offered: no I/O breakpoints");
	trap_hook = hook;

	arm(both);
	asm volatile("outb %%al, $0x80\nio_out80: nop" : : "a" (0));
	expect("outb 0x80", 1, LABEL(io_out80), 0x1);

	arm(both);
	asm volatile("inb $0x72, %%al\nio_in72: nop" : : : "rax");
	expect("inb 0x72", 1, LABEL(io_in72), 0x2);

	arm(both);
	asm volatile("outw %%ax, %%dx\nio_outw7f: nop" : : "a" (0), "d" (0x7f));
	expect("outw 0x7f (covers 0x80)", 1, LABEL(io_outw7f), 0x1);

	arm(both);
	asm volatile("inl %%dx, %%eax\nio_inl6e: nop" : : "d" (0x6e) : "rax");
	expect("inl 0x6e (covers 0x70, 0x71)", 1, LABEL(io_inl6e), 0x2);

	arm(both);
	asm volatile("outb %%al, $0x81\n"
		     "inb $0x74, %%al\n"
		     "outb %%al, $0x7f" : : "a" (0));
	expect("ports 0x81, 0x74, 0x7f", 0, 0, 0);

	arm(DR7_L(1) | DR7_RW(1, DR_RW_IO) | DR7_RW(0, DR_RW_IO));
	asm volatile("outb %%al, $0x80" : : "a" (0));
	expect("disabled DR0", 0, 0, 0);

	arm(both);
	asm volatile("pushfq\n\t"
		     "orq $0x100, (%%rsp)\n\t"
		     "popfq\n"
		     "outb %%al, $0x80\n"
		     "io_stepped: nop\n\t"
		     "pushfq\n\t"
		     "andq $~0x100, (%%rsp)\n\t"
		     "popfq" : : "a" (0) : "memory", "cc");
	expect("outb 0x80 under TF", 1, LABEL(io_stepped), 0x1);

	arm(both);
	write_cr4(read_cr4() & ~X86_CR4_DE);
	asm volatile("outb %%al, $0x80" : : "a" (0));
	expect("CR4.DE cleared", 0, 0, 0);

	trap_hook = NULL;
	HYPERVISOR_set_debugreg(7, 0);
	test_result(SUCCESS, "I/O breakpoints on emulated IN/OUT as on Xen");
}
