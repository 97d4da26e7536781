// SPDX-License-Identifier: GPL-2.0
/*
 * hwbp: hardware breakpoints inside the guest, as a debugger and perf use
 * them.  The #DB path of the kernel (and of the hypervisor under it) is
 * exercised three ways; each prints one line, then "hwbp: ok" or
 * "hwbp: FAIL ..." and the exit status says the same.
 *
 *  1. a write watchpoint set with ptrace (gdb's "watch"): the child stops
 *     with SIGTRAP after its store, DR6 shows B0;
 *  2. an execution breakpoint set with ptrace (gdb's "hbreak"): the child
 *     stops at the function's first instruction with B1, and resumes;
 *  3. perf_event_open(PERF_TYPE_BREAKPOINT) counts N writes exactly.
 */
#include <errno.h>
#include <stdarg.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <sys/wait.h>

#define DR7_L(n)	(1ul << (2 * (n)))
#define DR7_RW(n, rw)	((unsigned long)(rw) << (16 + 4 * (n)))
#define DR7_LEN(n, l)	((unsigned long)(l) << (18 + 4 * (n)))
#define DR_RW_EXEC	0
#define DR_RW_WRITE	1
#define DR_LEN_8	2
#define PERF_WRITES	1000

static unsigned long watched;
static unsigned long counted;

/* A store the compiler cannot drop or move. */
static void store(unsigned long *p, unsigned long v)
{
	asm volatile("movq %1, %0" : "=m"(*p) : "r"(v));
}

static int target(int x)
{
	asm volatile("" : "+r"(x));
	return x + 1;
}

/* Called through a pointer, so it stays a function of its own. */
int (*hwbp_target)(int) = target;

static void fail(const char *fmt, ...)
{
	va_list ap;

	printf("hwbp: FAIL ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	exit(1);
}

static long dr_off(int n)
{
	return offsetof(struct user, u_debugreg) + n * sizeof(long);
}

static void poke_dr(pid_t pid, int n, unsigned long v)
{
	if (ptrace(PTRACE_POKEUSER, pid, dr_off(n), v))
		fail("POKEUSER DR%d=%#lx: %s", n, v, strerror(errno));
}

static unsigned long peek_dr(pid_t pid, int n)
{
	long v;

	errno = 0;
	v = ptrace(PTRACE_PEEKUSER, pid, dr_off(n), 0);
	if (errno)
		fail("PEEKUSER DR%d: %s", n, strerror(errno));
	return v;
}

/* Wait for @pid to stop with SIGTRAP; returns its rip. */
static unsigned long wait_trap(pid_t pid, const char *what)
{
	struct user_regs_struct r;
	int st;

	if (waitpid(pid, &st, 0) != pid)
		fail("%s: waitpid: %s", what, strerror(errno));
	if (!WIFSTOPPED(st) || WSTOPSIG(st) != SIGTRAP)
		fail("%s: child status %#x, want a SIGTRAP stop", what, st);
	if (ptrace(PTRACE_GETREGS, pid, 0, &r))
		fail("%s: GETREGS: %s", what, strerror(errno));
	return r.rip;
}

static void ptrace_case(void)
{
	unsigned long dr6, rip;
	pid_t pid;
	int st;

	pid = fork();
	if (pid < 0)
		fail("fork: %s", strerror(errno));
	if (!pid) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		store(&watched, 42);			/* watchpoint */
		_exit(hwbp_target(41) == 42 ? 0 : 3);	/* breakpoint */
	}
	if (waitpid(pid, &st, 0) != pid || !WIFSTOPPED(st))
		fail("the child did not stop");
	poke_dr(pid, 0, (unsigned long)&watched);
	poke_dr(pid, 1, (unsigned long)target);
	poke_dr(pid, 7, DR7_L(0) | DR7_RW(0, DR_RW_WRITE) | DR7_LEN(0, DR_LEN_8) |
		       DR7_L(1) | DR7_RW(1, DR_RW_EXEC));
	if (ptrace(PTRACE_CONT, pid, 0, 0))
		fail("CONT: %s", strerror(errno));

	rip = wait_trap(pid, "watchpoint");
	dr6 = peek_dr(pid, 6);
	if (!(dr6 & 1))
		fail("watchpoint: DR6 %#lx without B0 (rip %#lx)", dr6, rip);
	errno = 0;
	if (ptrace(PTRACE_PEEKDATA, pid, &watched, 0) != 42 || errno)
		fail("watchpoint: the store had not happened at the stop");
	printf("hwbp: write watchpoint: SIGTRAP after the store, DR6 %#lx\n",
	       dr6);
	poke_dr(pid, 6, 0);
	if (ptrace(PTRACE_CONT, pid, 0, 0))
		fail("CONT: %s", strerror(errno));

	rip = wait_trap(pid, "breakpoint");
	dr6 = peek_dr(pid, 6);
	if (rip != (unsigned long)target || !(dr6 & 2))
		fail("breakpoint: rip %#lx (want %p), DR6 %#lx", rip, target,
		     dr6);
	printf("hwbp: execution breakpoint: SIGTRAP at %#lx, DR6 %#lx\n",
	       rip, dr6);
	poke_dr(pid, 7, 0);
	if (ptrace(PTRACE_CONT, pid, 0, 0))
		fail("CONT: %s", strerror(errno));
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st))
		fail("the child ended with status %#x", st);
}

static void perf_case(void)
{
	struct perf_event_attr a;
	long long n = -1;
	int fd, i;

	memset(&a, 0, sizeof(a));
	a.type = PERF_TYPE_BREAKPOINT;
	a.size = sizeof(a);
	a.bp_type = HW_BREAKPOINT_W;
	a.bp_addr = (unsigned long)&counted;
	a.bp_len = HW_BREAKPOINT_LEN_8;
	a.disabled = 1;
	a.exclude_kernel = 1;
	a.exclude_hv = 1;
	fd = syscall(SYS_perf_event_open, &a, 0, -1, -1, 0);
	if (fd < 0)
		fail("perf_event_open: %s", strerror(errno));
	ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
	for (i = 0; i < PERF_WRITES; i++)
		store(&counted, i);
	ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
	if (read(fd, &n, sizeof(n)) != sizeof(n) || n != PERF_WRITES)
		fail("perf counted %lld breakpoint hits, want %d", n,
		     PERF_WRITES);
	close(fd);
	printf("hwbp: perf breakpoint counted %lld of %d writes\n", n,
	       PERF_WRITES);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	ptrace_case();
	perf_case();
	printf("hwbp: ok\n");
	return 0;
}
