// SPDX-License-Identifier: GPL-2.0
/* The M2P table is readable by the guest but not writable. */
#include "smoke.h"

void test_main(void)
{
	unsigned long *m2p = (unsigned long *)MACH2PHYS_VIRT_START;
	unsigned long mfn = virt_to_mfn(start_info), val;

	if (probe_read(&m2p[mfn], &val))
		test_result(FAILURE, "M2P not readable: trap %lu",
			    last_trap.vector);
	if (val != virt_to_pfn(start_info))
		test_result(FAILURE, "M2P[%lx] = %lx", mfn, val);
	if (probe_write(&m2p[mfn], 0x1234) != -XEN_EFAULT)
		test_result(FAILURE, "M2P writable");
	if (last_trap.vector != 14 || !(last_trap.error_code & 2))
		test_result(FAILURE, "write fault vector %lu ec %lx",
			    last_trap.vector, last_trap.error_code);
	if (m2p[mfn] != val)
		test_result(FAILURE, "M2P changed");
	test_result(SUCCESS, "M2P read-only, ec %lx", last_trap.error_code);
}
