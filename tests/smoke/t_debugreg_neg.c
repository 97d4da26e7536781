// SPDX-License-Identifier: GPL-2.0
/*
 * set_debugreg/get_debugreg refuse what Xen 4.17 refuses: a breakpoint
 * address in the hypervisor area or the non-canonical hole (-EPERM), the
 * upper half of DR6/DR7 (-EINVAL), DR7.GD and an I/O breakpoint without
 * CR4.DE (-EPERM), DR4/DR5 with CR4.DE and any number past 7 (-ENODEV).
 * A refused write leaves the register as it was.
 */
#include "debugreg.h"


static void expect_set(unsigned long reg, unsigned long val, long want)
{
	long rc = HYPERVISOR_set_debugreg(reg, val);

	if (rc != want)
		test_result(FAILURE, "set_debugreg(%#lx, %#lx) = %ld, want %ld",
			    reg, val, rc, want);
}

static void expect_get(unsigned long reg, long want)
{
	long got = HYPERVISOR_get_debugreg(reg);

	if (got != want)
		test_result(FAILURE, "get_debugreg(%#lx) = %#lx, want %#lx", reg,
			    got, want);
}

/* With CR4.DE the aliases go and I/O breakpoints become legal. */
static void with_de(void)
{
	unsigned long cr4 = read_cr4(), io = DR7_L(0) | DR7_RW(0, DR_RW_IO);

	write_cr4(cr4 | X86_CR4_DE);
	if (!(read_cr4() & X86_CR4_DE)) {
		write_cr4(cr4);
		return;		/* not offered: the -EPERM case above is all */
	}
	expect_set(4, 0, -XEN_ENODEV);
	expect_set(5, 0, -XEN_ENODEV);
	expect_get(4, -XEN_ENODEV);
	expect_get(5, -XEN_ENODEV);
	expect_set(7, io, 0);
	expect_get(7, io | DR7_DEFAULT);
	expect_set(7, 0, 0);
	write_cr4(cr4);
	expect_get(4, DR6_DEFAULT);
}

void test_main(void)
{
	static const unsigned long bad_addr[] = {
		0xffff800000000000, 0xffff830000001000, 0xffff87fffffffff8,
		0x0000800000000000, 0x8000000000000000, 0xffff7ffffffffff8,
	};
	unsigned int i;

	events_disable();
	expect_set(0, 0x4000, 0);
	for (i = 0; i < ARRAY_SIZE(bad_addr); i++) {
		expect_set(i % 4, bad_addr[i], -XEN_EPERM);
		expect_get(i % 4, i % 4 ? 0 : 0x4000);
	}
	expect_set(3, 0xffff880000000000, 0);
	expect_set(3, 0, 0);

	expect_set(6, 1UL << 32, -XEN_EINVAL);
	expect_set(7, (1UL << 32) | DR7_L(0), -XEN_EINVAL);
	expect_set(7, DR7_GD, -XEN_EPERM);
	expect_set(7, DR7_GD | DR7_L(0), -XEN_EPERM);
	expect_get(6, DR6_DEFAULT);
	expect_get(7, DR7_DEFAULT);

	/* an armed I/O breakpoint needs CR4.DE; a disarmed one is stored */
	expect_set(7, DR7_L(0) | DR7_RW(0, DR_RW_IO), -XEN_EPERM);
	expect_set(7, DR7_RW(0, DR_RW_IO), 0);
	expect_get(7, DR7_RW(0, DR_RW_IO) | DR7_DEFAULT);
	expect_set(7, 0, 0);

	expect_set(8, 0, -XEN_ENODEV);
	expect_set(0xffffffffUL, 0, -XEN_ENODEV);
	expect_get(8, -XEN_ENODEV);
	expect_get(15, -XEN_ENODEV);
	with_de();
	test_result(SUCCESS, "bad addresses -EPERM, upper bits -EINVAL, GD -EPERM, reg 8 -ENODEV");
}
