// SPDX-License-Identifier: GPL-2.0
/*
 * Touching an unmapped address bounces #PF with the guest's view of the
 * error code (kernel mode: no U bit; W bit for writes; P bit for a
 * read-only page) and the address in vcpu_info.arch.cr2.
 */
#include "smoke.h"

static void expect(unsigned long va, unsigned long ec, const char *what)
{
	if (last_trap.vector != 14)
		test_result(FAILURE, "%s: vector %lu", what, last_trap.vector);
	if (last_trap.cr2 != va)
		test_result(FAILURE, "%s: cr2 %lx, want %lx", what,
			    last_trap.cr2, va);
	if (last_trap.error_code != ec)
		test_result(FAILURE, "%s: error code %lx, want %lx", what,
			    last_trap.error_code, ec);
}

void test_main(void)
{
	unsigned long va = scratch_va(3) + 0x128, val;
	unsigned long ro = (unsigned long)start_info->pt_base + 8;

	if (probe_read((void *)va, &val) != -XEN_EFAULT)
		test_result(FAILURE, "read of unmapped %lx did not fault", va);
	expect(va, 0, "read");
	if (probe_write((void *)va, 1) != -XEN_EFAULT)
		test_result(FAILURE, "write of unmapped %lx did not fault", va);
	expect(va, 2, "write");
	if (probe_write((void *)ro, 1) != -XEN_EFAULT)
		test_result(FAILURE, "write of read-only %lx did not fault", ro);
	expect(ro, 3, "write to read-only");
	test_result(SUCCESS, "#PF error codes 0, 2, 3 with cr2");
}
