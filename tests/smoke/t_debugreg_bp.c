// SPDX-License-Identifier: GPL-2.0
/*
 * Hardware breakpoints in guest kernel mode: an execution breakpoint
 * (DR1) faults at its address, a write watchpoint (DR2) traps after the
 * store, each #DB reaches our vector-1 handler with the matching B1/B2
 * bit readable through get_debugreg(6), and returning with RF set steps
 * past the execution breakpoint once.  A watchpoint on a buffer that the
 * hypervisor reads for us (console_io) must not reach the guest, nor
 * upset the hypervisor.
 */
#include "debugreg.h"

#define MAX_HITS 4

static unsigned long hits, hit_rip[MAX_HITS], hit_dr6[MAX_HITS];
static unsigned long target_runs;
static unsigned long watched __aligned(8);
static char msg[8] __aligned(8) = "dr-ok\n";

static noinline void target(void)
{
	WRITE_ONCE(target_runs, target_runs + 1);
	barrier();
}

static int hook(struct trap_frame *f)
{
	if (f->vector != 1)
		return 0;
	if (hits < MAX_HITS) {
		hit_rip[hits] = f->rip;
		hit_dr6[hits] = HYPERVISOR_get_debugreg(6);
	}
	if (++hits >= MAX_HITS)
		HYPERVISOR_set_debugreg(7, 0);	/* looping: stop it */
	f->rflags |= X86_EFLAGS_RF;
	return 1;
}

static void arm(unsigned int n, unsigned long addr, unsigned long dr7)
{
	long rc;

	hits = 0;
	rc = HYPERVISOR_set_debugreg(6, 0);
	rc = rc ? rc : HYPERVISOR_set_debugreg(n, addr);
	rc = rc ? rc : HYPERVISOR_set_debugreg(7, dr7);
	if (rc)
		test_result(FAILURE, "arming DR%u at %lx: %ld", n, addr, rc);
}

static void exec_breakpoint(void)
{
	arm(1, (unsigned long)target, DR7_L(1) | DR7_RW(1, DR_RW_EXEC));
	target();
	HYPERVISOR_set_debugreg(7, 0);
	if (hits != 1 || READ_ONCE(target_runs) != 1)
		test_result(FAILURE, "exec bp: %lu #DB, target ran %lu times (rip %lx)",
			    hits, target_runs, hit_rip[0]);
	if (hit_rip[0] != (unsigned long)target)
		test_result(FAILURE, "exec bp: #DB at %lx, want %lx", hit_rip[0],
			    (unsigned long)target);
	if (hit_dr6[0] != (DR6_DEFAULT | 0x2))
		test_result(FAILURE, "exec bp: dr6 %lx, want B1", hit_dr6[0]);
}

static noinline void write_watchpoint(void)
{
	arm(2, (unsigned long)&watched,
	    DR7_L(2) | DR7_RW(2, DR_RW_WRITE) | DR7_LEN(2, DR_LEN_8));
	asm volatile("watch_store: movq %1, %0\n"
		     "watch_after: nop"
		     : "=m" (watched) : "r" (5UL) : "memory");
	(void)READ_ONCE(watched);	/* a read: not watched */
	HYPERVISOR_set_debugreg(7, 0);
	if (hits != 1)
		test_result(FAILURE, "watchpoint: %lu #DB", hits);
	if (hit_rip[0] != LABEL(watch_after))
		test_result(FAILURE, "watchpoint: #DB at %lx, want %lx (store at %lx)",
			    hit_rip[0], LABEL(watch_after), LABEL(watch_store));
	if (hit_dr6[0] != (DR6_DEFAULT | 0x4))
		test_result(FAILURE, "watchpoint: dr6 %lx, want B2", hit_dr6[0]);
}

/* The hypervisor reads msg for us: a read/write watchpoint on it. */
static void hypervisor_touch(void)
{
	long rc;

	arm(3, (unsigned long)msg, DR7_L(3) | DR7_RW(3, 3) |
	    DR7_LEN(3, DR_LEN_8));
	rc = HYPERVISOR_console_io(CONSOLEIO_write, 6, msg);
	HYPERVISOR_set_debugreg(7, 0);
	if (rc)
		test_result(FAILURE, "console_io with a watched buffer: %ld", rc);
	if (hits)
		test_result(FAILURE, "hypervisor's read reached the guest: %lu #DB at %lx dr6 %lx",
			    hits, hit_rip[0], hit_dr6[0]);
}

void test_main(void)
{
	events_disable();
	trap_hook = hook;
	exec_breakpoint();
	write_watchpoint();
	hypervisor_touch();
	test_result(SUCCESS, "exec bp B1 at %lx, write watchpoint B2, hypervisor access dropped",
		    (unsigned long)target);
}
