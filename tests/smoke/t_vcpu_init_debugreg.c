// SPDX-License-Identifier: GPL-2.0
/*
 * VCPUOP_initialise loads a secondary vCPU's debug registers as Xen's
 * arch_set_info_guest() does: from their reset values, DR0..DR3, DR6 and
 * DR7 are set one by one with set_debugreg's checks, and a value those
 * checks refuse is dropped (the register keeps its reset value) instead
 * of failing the context.  DR4 and DR5 are ignored.
 *
 * vCPU 1 starts with a write watchpoint (DR0, DR7) on a variable that it
 * then writes: it reads its registers back and takes the #DB with
 * DR6.B0.  Its DR1 (in the hypervisor area) and DR2 (non-canonical) are
 * dropped, its DR3 (the first address above the hypervisor area) kept.
 * vCPU 2 starts with an I/O breakpoint in DR7 while its CR4.DE is clear
 * and a DR6 with upper bits set: both are dropped whole.  vCPU 3 starts
 * with CR4.DE in ctrlreg[4], which Xen loads before the debug registers:
 * the same I/O breakpoint is kept and DR4/DR5 no longer exist.  A context with
 * a non-canonical trap handler is refused (-EINVAL) and leaves its vCPU
 * down and uninitialised; an initialised vCPU cannot be initialised
 * again (-EEXIST).  Needs 4 vCPUs (SKIP otherwise).
 */
#include "debugreg.h"

#define NR_VCPUS	4
#define NONCANONICAL	0x0000800000000000UL
#define WAIT_NS		5000000000UL

/* What vCPU n saw, written by vCPU n, read by vCPU 0 once done is set. */
struct seen {
	unsigned long dr[8];
	unsigned long hits, hit_dr6, hit_rip, cr4;
	unsigned long done;
};

static struct seen seen[NR_VCPUS];
static unsigned long watched __aligned(8);
static char stacks[NR_VCPUS][PAGE_SIZE] __aligned(PAGE_SIZE);
static struct vcpu_guest_context ctx;

_Static_assert(sizeof(struct vcpu_guest_context) == 5168,
	       "vcpu_guest_context layout");

/* Which vCPU took a trap: the stack it was on. */
static unsigned int stack_owner(unsigned long rsp)
{
	return (rsp - (unsigned long)stacks) / PAGE_SIZE;
}

static int db_hook(struct trap_frame *f)
{
	unsigned int id = stack_owner(f->rsp);

	if (f->vector != 1 || id == 0 || id >= NR_VCPUS)
		return 0;
	seen[id].hits++;
	seen[id].hit_dr6 = HYPERVISOR_get_debugreg(6);
	seen[id].hit_rip = f->rip;
	return 1;
}

static void read_back(struct seen *s)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		s->dr[i] = HYPERVISOR_get_debugreg(i);
}

static __noreturn void finish(unsigned int id)
{
	WRITE_ONCE(seen[id].done, 1);
	for (;;)
		HYPERVISOR_vcpu_op(VCPUOP_down, id, NULL);
}

static void vcpu1_main(void)
{
	read_back(&seen[1]);
	HYPERVISOR_set_debugreg(6, 0);
	asm volatile("vcpu1_store: movq %1, %0\n"
		     "vcpu1_after: nop"
		     : "=m" (watched) : "r" (1UL) : "memory");
	finish(1);
}

static void vcpu2_main(void)
{
	read_back(&seen[2]);
	finish(2);
}

static void vcpu3_main(void)
{
	seen[3].cr4 = read_cr4();
	read_back(&seen[3]);
	finish(3);
}

static void start(unsigned int id, void (*entry)(void), const u64 dr[8],
		  unsigned long cr4)
{
	long rc;

	vcpu_context_init(&ctx, id, entry, stacks[id] + PAGE_SIZE);
	memcpy(ctx.debugreg, dr, sizeof(ctx.debugreg));
	ctx.ctrlreg[4] = cr4;
	rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, id, &ctx);
	if (rc)
		test_result(FAILURE, "vcpu %u: initialise: %ld", id, rc);
	rc = HYPERVISOR_vcpu_op(VCPUOP_up, id, NULL);
	if (rc)
		test_result(FAILURE, "vcpu %u: up: %ld", id, rc);
}

static void wait_done(unsigned int id)
{
	u64 end = system_time_ns() + WAIT_NS;

	while (!READ_ONCE(seen[id].done)) {
		if (system_time_ns() > end)
			test_result(FAILURE, "vcpu %u never reported", id);
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
}

static void expect_dr(unsigned int id, unsigned int n, unsigned long want)
{
	if (seen[id].dr[n] != want)
		test_result(FAILURE, "vcpu %u: dr%u %lx, want %lx", id, n,
			    seen[id].dr[n], want);
}

/* A refused context changes nothing: the vCPU stays down, unusable. */
static void refused_context(void)
{
	long rc;

	vcpu_context_init(&ctx, 1, vcpu1_main, stacks[1] + PAGE_SIZE);
	ctx.trap_ctxt[6].address = NONCANONICAL;
	rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &ctx);
	if (rc != -XEN_EINVAL)
		test_result(FAILURE, "non-canonical trap handler: %ld", rc);
	rc = HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL);
	if (rc != 0)
		test_result(FAILURE, "refused context: is_up %ld", rc);
	rc = HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL);
	if (rc != -XEN_EINVAL)
		test_result(FAILURE, "up after a refused context: %ld", rc);
}

static void watchpoint_vcpu(void)
{
	const unsigned long dr7 = DR7_DEFAULT | DR7_L(0) |
		DR7_RW(0, DR_RW_WRITE) | DR7_LEN(0, DR_LEN_8);
	const u64 dr[8] = {
		(unsigned long)&watched, HYPERVISOR_VIRT_START, NONCANONICAL,
		HYPERVISOR_VIRT_END, 0xffffffff00000000UL, DR7_GD,
		DR6_DEFAULT | 0x2, dr7,
	};

	start(1, vcpu1_main, dr, 0);
	wait_done(1);
	expect_dr(1, 0, dr[0]);
	expect_dr(1, 1, 0);
	expect_dr(1, 2, 0);
	expect_dr(1, 3, dr[3]);
	expect_dr(1, 4, DR6_DEFAULT | 0x2);	/* DR6, CR4.DE clear */
	expect_dr(1, 5, dr7);			/* DR7, CR4.DE clear */
	expect_dr(1, 6, DR6_DEFAULT | 0x2);
	expect_dr(1, 7, dr7);
	if (seen[1].hits != 1)
		test_result(FAILURE, "vcpu 1: %lu #DB from its watchpoint",
			    seen[1].hits);
	if (seen[1].hit_rip != LABEL(vcpu1_after) ||
	    seen[1].hit_dr6 != (DR6_DEFAULT | 0x1))
		test_result(FAILURE, "vcpu 1: #DB at %lx dr6 %lx, want %lx B0",
			    seen[1].hit_rip, seen[1].hit_dr6,
			    LABEL(vcpu1_after));
}

static void dropped_dr7_vcpu(void)
{
	const u64 dr[8] = {
		0x80, 0x8000000000000000UL, HYPERVISOR_VIRT_END - 8,
		0x00007ffffffffff8UL, 0, 0, (1UL << 32) | 0x1,
		DR7_L(0) | DR7_RW(0, DR_RW_IO),
	};

	start(2, vcpu2_main, dr, 0);
	wait_done(2);
	expect_dr(2, 0, 0x80);
	expect_dr(2, 1, 0);
	expect_dr(2, 2, 0);
	expect_dr(2, 3, dr[3]);
	expect_dr(2, 6, DR6_DEFAULT);
	expect_dr(2, 7, DR7_DEFAULT);
	if (seen[2].hits)
		test_result(FAILURE, "vcpu 2: %lu #DB", seen[2].hits);
}

static void de_vcpu(void)
{
	const unsigned long dr7 = DR7_L(0) | DR7_RW(0, DR_RW_IO);
	const u64 dr[8] = { 0x80, 0, 0, 0, 0, 0, 0, dr7 };

	start(3, vcpu3_main, dr, X86_CR4_DE);
	wait_done(3);
	if (!(seen[3].cr4 & X86_CR4_DE)) {
		cprintf("vcpu 3: CR4.DE not offered (cr4 %lx): not checked\n",
			seen[3].cr4);
		return;
	}
	expect_dr(3, 0, 0x80);
	expect_dr(3, 4, -XEN_ENODEV);
	expect_dr(3, 5, -XEN_ENODEV);
	expect_dr(3, 7, dr7 | DR7_DEFAULT);
}

void test_main(void)
{
	long rc;

	events_disable();
	if (HYPERVISOR_vcpu_op(VCPUOP_is_up, NR_VCPUS - 1, NULL) ==
	    -XEN_ENOENT)
		test_result(SKIP, "needs %u vCPUs", NR_VCPUS);
	if (HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL) ||
	    HYPERVISOR_vcpu_op(VCPUOP_is_up, 2, NULL) ||
	    HYPERVISOR_vcpu_op(VCPUOP_is_up, 3, NULL))
		test_result(ERROR, "vcpus 1 to 3 are not down at boot");
	trap_hook = db_hook;
	refused_context();
	watchpoint_vcpu();
	dropped_dr7_vcpu();
	de_vcpu();
	vcpu_context_init(&ctx, 1, vcpu1_main, stacks[1] + PAGE_SIZE);
	rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &ctx);
	if (rc != -XEN_EEXIST)
		test_result(FAILURE, "second initialise of vcpu 1: %ld", rc);
	test_result(SUCCESS, "watchpoint from the context fired (B0); bad DR0-3, DR6, DR7 dropped, DR4/5 ignored, CR4.DE first");
}
