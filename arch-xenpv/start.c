// SPDX-License-Identifier: GPL-2.0
/*
 * xenpv start of day.
 *
 * Only the first step of the port exists: the kernel proves it was
 * built and entered as a PV guest (Xen ELF notes, entry in ring 3,
 * hypercalls by syscall) by reporting through the hypervisor console,
 * then shuts its domain down.  Setting up pv_ops, the MMU, events, time
 * and the console ring comes next (issue 4).
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <generated/utsrelease.h>
#include <xen/interface/xen.h>
#include <xen/interface/sched.h>
#include <xen/interface/version.h>
#include "hypercall.h"

asmlinkage void xenpv_start_kernel(struct start_info *si);

static void __init early_puts(const char *s)
{
	xenpv_hypercall3(__HYPERVISOR_console_io, CONSOLEIO_write, strlen(s),
			 (unsigned long)s);
}

static void __init __noreturn shutdown(unsigned int reason)
{
	struct sched_shutdown sd = { .reason = reason };

	for (;;)
		xenpv_hypercall2(__HYPERVISOR_sched_op, SCHEDOP_shutdown,
				 (unsigned long)&sd);
}

asmlinkage __visible void __init xenpv_start_kernel(struct start_info *si)
{
	long ver = xenpv_hypercall2(__HYPERVISOR_xen_version, XENVER_version,
				    0);
	char line[200];
	u16 cs;

	asm volatile("mov %%cs, %0" : "=r"(cs));
	snprintf(line, sizeof(line),
		 "xenpv: Linux %s entered in ring %u on the Xen %ld.%ld ABI, %lu pages, %s\n",
		 UTS_RELEASE, cs & 3, ver >> 16, ver & 0xffff, si->nr_pages,
		 si->flags & SIF_INITDOMAIN ? "initial domain" :
		 "unprivileged domain");
	early_puts(line);
	early_puts("xenpv: the rest of the port is not written yet; shutting down\n");
	shutdown(SHUTDOWN_poweroff);
}
