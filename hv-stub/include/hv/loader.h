/* SPDX-License-Identifier: GPL-2.0 */
/* The domain builder for x86_64 PV kernels. */
#ifndef HV_LOADER_H
#define HV_LOADER_H

#include <hv/types.h>
#include <hv/options.h>
#include <public/xen.h>

struct boot_module {
	const void *data;
	u64 len;
	u64 maddr;
	const char *path;	/* first word of the multiboot string */
	const char *cmdline;	/* the rest */
};

/* What to build: a checked domain spec (core/create.c) */
struct dom_config {
	domid_t domid;
	const struct boot_module *kernel;
	const struct boot_module *initrd;	/* or NULL */
	const char *cmdline;
	const char *name;
	u64 nr_pages, max_pages;
	unsigned int vcpus, weight, cap;
	u32 disks;
};

/* Frames hv-stub keeps for itself when sizing domains. */
#define HV_RESERVE_FRAMES	1024ul	/* 4 MiB */

/*
 * Build domain @c->domid from an ELF kernel with Xen notes and an optional
 * initrd, and make it runnable.  Returns 0, or -errno after writing why
 * to @err (the image is bad, or memory is short); nothing is left
 * allocated on failure.
 */
int dom_build(const struct dom_config *c, char *err, size_t errlen);
/* Free frames dom_build() needs for a domain of @nr_pages pages. */
u64 dom_build_frames(u64 nr_pages);

#endif
