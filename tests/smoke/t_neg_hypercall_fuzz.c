// SPDX-License-Identifier: GPL-2.0
/*
 * Twenty thousand hypercalls with random numbers and arguments (random
 * words, small integers, and addresses inside and outside our memory and
 * the hypervisor's range).  The hypervisor must refuse what is invalid and
 * stay up: afterwards it still answers, and this domain is still alive.
 *
 * Only the calls that would end or stall the test by design are left out
 * (trap table, callbacks, iret, console output, sched_op, VCPUOP_down,
 * and multicall, which could run any of them).
 * As dom0 on real Xen the same calls could damage the host, so the test
 * is skipped there.
 *
 * "seed=N rounds=N" on the command line (default seed 1, 20000 rounds);
 * the seed is printed first, and the same seed makes the same calls.
 */
#include "smoke.h"
#include "ringfuzz.h"

#define ROUNDS		20000
#define VCPUOP_down	2

#define rnd rf_rand

/* An argument: a random word, a small number, or an interesting address. */
static unsigned long arg(void)
{
	static const unsigned long addrs[] = {
		0, 0xffff800000000000ul, 0xffff830000000000ul,
		0xffff87fffffff000ul, 0x0000800000000000ul,
		0xffffffff80000000ul, 0xfffffffffffff000ul,
	};

	switch (rnd() % 4) {
	case 0:
		return rnd();
	case 1:
		return rnd() % 64;
	case 2:
		return addrs[rnd() % ARRAY_SIZE(addrs)] + (rnd() % 8192);
	default:
		return scratch_va(0) + (rnd() % 4096);
	}
}

static int skipped(unsigned long nr, unsigned long a1)
{
	switch (nr) {
	case __HYPERVISOR_set_trap_table:
	case __HYPERVISOR_set_callbacks:
	case __HYPERVISOR_console_io:
	case __HYPERVISOR_iret:
	case __HYPERVISOR_sched_op:
	case __HYPERVISOR_callback_op:
	case __HYPERVISOR_multicall:	/* could run any of the above */
	case 6:				/* sched_op_compat */
		return 1;
	case __HYPERVISOR_vcpu_op:
		return a1 == VCPUOP_down;
	default:
		return 0;
	}
}

void test_main(void)
{
	unsigned long i, done = 0, refused = 0, nr, a1, rounds, seed;
	long rc;

	seed = rf_opt("seed", 1);
	rounds = rf_start("neg_hypercall_fuzz", 1, ROUNDS);
	if (is_dom0())
		test_result(SKIP, "random hypercalls as dom0 could damage the host");
	/* a mapped scratch page for the "valid pointer" arguments */
	if (map_page(scratch_va(0), virt_to_mfn(page_alloc()),
		     _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY))
		test_result(ERROR, "cannot map a scratch page");
	for (i = 0; i < rounds; i++) {
		nr = rnd() % 48;
		a1 = arg();
		if (skipped(nr, a1))
			continue;
		rc = hypercall5(nr, a1, arg(), arg(), arg(), arg());
		done++;
		if (rc < 0)
			refused++;
	}
	rc = HYPERVISOR_xen_version(XENVER_version, NULL);
	if (rc < (3 << 16))
		test_result(FAILURE, "seed %lu: xen_version after the storm: %lx",
			    seed, rc);
	test_result(SUCCESS, "seed %lu: %lu random hypercalls, %lu refused, still alive",
		    seed, done, refused);
}
