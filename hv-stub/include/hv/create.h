/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Making domains (core/create.c): the images loaded at boot (multiboot
 * modules), and domains built from them by spec, at boot and at run time.
 */
#ifndef HV_CREATE_H
#define HV_CREATE_H

#include <hv/loader.h>
#include <hv/types.h>

#define MAX_MODULES	32

/* Keep module @i (from 1) of the boot loader: its image stays in memory. */
int module_add(const void *data, u64 len, u64 maddr, const char *string);
unsigned int nr_modules(void);
const struct boot_module *module_get(unsigned int i);

/*
 * Build a domain from @spec (hv/domspec.h) with the next free domain id.
 * Returns it (> 0), or -errno with the reason in @err; nothing changes
 * on failure.
 */
int create_domain(const char *spec, char *err, size_t errlen);

/* Without domain= options: domain 1 from modules 1 and 2, all disks. */
int create_default_domain(char *err, size_t errlen);

#endif
