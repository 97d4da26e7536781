// SPDX-License-Identifier: GPL-2.0
/*
 * set_debugreg/get_debugreg round trip: DR0-DR3 keep any guest address,
 * DR6 and DR7 start at their reset values and come back with the fixed
 * bits forced, DR4/DR5 are DR6/DR7 while CR4.DE is clear, and the
 * register number is an int (its upper half is ignored), as on Xen 4.17.
 */
#include "debugreg.h"

static void expect_get(unsigned long reg, unsigned long want)
{
	long got = HYPERVISOR_get_debugreg(reg);

	if ((unsigned long)got != want)
		test_result(FAILURE, "get_debugreg(%#lx) = %#lx, want %#lx", reg,
			    got, want);
}

static void set_ok(unsigned long reg, unsigned long val)
{
	long rc = HYPERVISOR_set_debugreg(reg, val);

	if (rc)
		test_result(FAILURE, "set_debugreg(%#lx, %#lx) = %ld", reg, val,
			    rc);
}

/* addresses nothing here touches, so arming them never fires */
static const unsigned long addrs[4] = {
	0x1000, 0x00007ffffffff000, 0xffff880000000000, 0xffffffff70000008,
};

void test_main(void)
{
	unsigned long dr7;
	int i;

	events_disable();
	expect_get(6, DR6_DEFAULT);
	expect_get(7, DR7_DEFAULT);
	for (i = 0; i < 4; i++)
		expect_get(i, 0);
	for (i = 0; i < 4; i++)
		set_ok(i, addrs[i]);
	for (i = 0; i < 4; i++)
		expect_get(i, addrs[i]);

	/* all four armed as 8-byte write watchpoints, L and G mixed */
	dr7 = DR7_L(0) | (DR7_L(1) << 1) | DR7_L(2) | (DR7_L(3) << 1);
	for (i = 0; i < 4; i++)
		dr7 |= DR7_RW(i, DR_RW_WRITE) | DR7_LEN(i, DR_LEN_8);
	set_ok(7, dr7);
	expect_get(7, dr7 | DR7_DEFAULT);
	/* reserved bits 11, 12, 14, 15 read as zero; LE/GE are kept */
	set_ok(7, DR7_L(0) | 0xd800);
	expect_get(7, DR7_L(0) | DR7_DEFAULT);
	set_ok(7, DR7_L(0) | 0x300);
	expect_get(7, DR7_L(0) | 0x300 | DR7_DEFAULT);
	set_ok(7, 0);
	expect_get(7, DR7_DEFAULT);

	/* DR6: bits 4-11 and 16-31 read as one, bit 12 as zero */
	set_ok(6, 0);
	expect_get(6, DR6_DEFAULT);
	set_ok(6, 0x100f);
	expect_get(6, DR6_DEFAULT | 0xf);
	set_ok(6, 0xe000);
	expect_get(6, DR6_DEFAULT | 0xe000);

	/* CR4.DE clear: DR4 and DR5 are DR6 and DR7 */
	set_ok(4, 0x2);
	expect_get(6, DR6_DEFAULT | 0x2);
	expect_get(4, DR6_DEFAULT | 0x2);
	set_ok(5, DR7_L(1));
	expect_get(7, DR7_L(1) | DR7_DEFAULT);
	expect_get(5, DR7_L(1) | DR7_DEFAULT);
	set_ok(7, 0);
	set_ok(6, 0);

	/* the register number is an int */
	set_ok(0x100000000UL | 1, 0x2000);
	expect_get(1, 0x2000);
	expect_get(0x500000001UL, 0x2000);
	test_result(SUCCESS, "DR0-DR7 round trip, reset values %lx/%lx",
		    DR6_DEFAULT, DR7_DEFAULT);
}
