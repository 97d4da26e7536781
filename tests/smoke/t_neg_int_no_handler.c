// SPDX-License-Identifier: GPL-2.0
/*
 * A software interrupt whose virtual IDT entry lets it through (DPL 3)
 * but has no handler address.  set_trap_table cannot make such an entry
 * (one with address 0 ends its table); VCPUOP_initialise can, as its
 * trap_ctxt is the whole table, taken as given.  vCPU 1 starts with
 * vector 0x80 so and runs int $0x80: the interrupt is allowed, there is
 * nowhere to deliver it, and the hypervisor must crash the domain
 * (expect=crash) rather than raise #GP or resume.  Needs 2 vCPUs (SKIP
 * otherwise).
 */
#include "smoke.h"

#define VEC		0x80
#define WAIT_NS		5000000000UL

static _Alignas(PAGE_SIZE) char stack[PAGE_SIZE];
static struct vcpu_guest_context ctx;
static unsigned long reached;

static int hook(struct trap_frame *f)
{
	if (f->vector == 13)
		test_result(FAILURE, "int $%#x with DPL 3 raised #GP (ec %lx)",
			    VEC, f->error_code);
	return 0;
}

static void vcpu1_main(void)
{
	WRITE_ONCE(reached, 1);
	asm volatile("int %0" : : "i" (VEC) : "memory");
	test_result(FAILURE, "int $%#x without a handler returned", VEC);
}

void test_main(void)
{
	u64 end;
	long rc;

	events_disable();
	if (HYPERVISOR_vcpu_op(VCPUOP_is_up, 1, NULL) == -XEN_ENOENT)
		test_result(SKIP, "needs 2 vCPUs");
	trap_hook = hook;
	vcpu_context_init(&ctx, 1, vcpu1_main, stack + PAGE_SIZE);
	ctx.trap_ctxt[VEC].vector = VEC;
	ctx.trap_ctxt[VEC].flags = 3;
	ctx.trap_ctxt[VEC].cs = FLAT_KERNEL_CS;
	rc = HYPERVISOR_vcpu_op(VCPUOP_initialise, 1, &ctx);
	if (rc)
		test_result(ERROR, "initialise vcpu 1: %ld", rc);
	rc = HYPERVISOR_vcpu_op(VCPUOP_up, 1, NULL);
	if (rc)
		test_result(ERROR, "up vcpu 1: %ld", rc);
	end = system_time_ns() + WAIT_NS;
	while (system_time_ns() < end)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	if (!READ_ONCE(reached))
		test_result(ERROR, "vcpu 1 never ran");
	test_result(FAILURE, "domain alive after int $%#x without a handler",
		    VEC);
}
