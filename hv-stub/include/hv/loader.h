/* SPDX-License-Identifier: GPL-2.0 */
/* The domain builder for x86_64 PV kernels. */
#ifndef HV_LOADER_H
#define HV_LOADER_H

#include <hv/types.h>
#include <hv/options.h>

struct boot_module {
	const void *data;
	u64 len;
	u64 maddr;
	const char *cmdline;
};

/*
 * Build domain @domid from an ELF kernel with Xen notes and an optional
 * initrd.  Returns 0, or -errno after printing why (the image is bad, or
 * memory is short); nothing is left allocated on failure.
 */
int dom_build(unsigned int domid, const struct boot_module *kernel,
	      const struct boot_module *initrd, const struct hv_options *opts);

#endif
