// SPDX-License-Identifier: GPL-2.0
/*
 * The forced-emulation prefix (ud2; "xen"; cpuid) runs cpuid through
 * the hypervisor, which reports its signature "XenVMMXenVMM" at leaf
 * 0x40000000 with at least leaves up to 0x40000002.
 */
#include "smoke.h"

void test_main(void)
{
	u32 a, sig[3];

	xen_cpuid(0x40000000, 0, &a, &sig[0], &sig[1], &sig[2]);
	if (last_trap.count)
		test_result(FAILURE, "forced cpuid trapped (vector %lu)",
			    last_trap.vector);
	if (memcmp(sig, "XenVMMXenVMM", 12))
		test_result(FAILURE, "signature %x %x %x", sig[0], sig[1],
			    sig[2]);
	if (a < 0x40000002)
		test_result(FAILURE, "max leaf %x", a);
	test_result(SUCCESS, "XenVMMXenVMM, max leaf %x", a);
}
