// SPDX-License-Identifier: GPL-2.0
/*
 * The page named by XEN_ELFNOTE_HYPERCALL_PAGE is filled with working
 * stubs: entry nr at offset 32 * nr, same result as a direct syscall.
 */
#include "smoke.h"

static long page_call(unsigned int nr, unsigned long a1, unsigned long a2,
		      unsigned long a3)
{
	void *entry = hypercall_page + nr * HYPERCALL_ENTRY_SIZE;
	long ret;

	asm volatile("call *%[entry]"
		     : "=a" (ret), "+D" (a1), "+S" (a2), "+d" (a3)
		     : [entry] "r" (entry)
		     : "rcx", "r8", "r9", "r10", "r11", "memory");
	return ret;
}

void test_main(void)
{
	static const char msg[] = "via the hypercall page\n";
	long direct = HYPERVISOR_xen_version(XENVER_version, NULL);
	long rc;

	if ((unsigned char)hypercall_page[0] == 0xcc)
		test_result(FAILURE, "hypercall page not filled in");
	rc = page_call(__HYPERVISOR_xen_version, XENVER_version, 0, 0);
	if (rc != direct)
		test_result(FAILURE, "xen_version via page %lx, direct %lx",
			    rc, direct);
	rc = page_call(__HYPERVISOR_console_io, CONSOLEIO_write,
		       sizeof(msg) - 1, (unsigned long)msg);
	if (rc < 0)
		test_result(FAILURE, "console_io via page: %ld", rc);
	test_result(SUCCESS, "hypercall page works");
}
