/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Domain specs: what a domain is made of, as the hv-stub option
 * "domain=SPEC" and the toolstack's "create SPEC" give it.  Pure: the host
 * unit test compiles core/domspec.c.
 *
 * SPEC is a comma-separated list of key=value; in a value "%XX" (two hex
 * digits) stands for one byte, so that a command line can hold spaces
 * ("%20"), commas ("%2c") and percent signs ("%25").  Keys:
 *
 *   kernel=N|PATH  multiboot module number (from 1) or a module's path
 *   initrd=N|PATH  module of the initrd (optional)
 *   cmdline=TEXT   guest command line (default: the kernel module's)
 *   mem=SIZE       initial memory, K/M/G suffix
 *   maxmem=SIZE    static maximum, for ballooning up (default: mem)
 *   vcpus=N        1 .. MAX_VCPUS
 *   name=NAME      [A-Za-z0-9_.-], at most 31 bytes
 *   weight=W       scheduler weight, 1 .. 65535
 *   cap=C          % of one CPU at most, 0: none (at most 100 * vcpus)
 *   disk=N         the machine's N-th disk (repeatable)
 */
#ifndef HV_DOMSPEC_H
#define HV_DOMSPEC_H

#include <hv/types.h>

#define DOMSPEC_NAME_MAX	32	/* with the NUL */
#define DOMSPEC_CMDLINE_MAX	1024	/* with the NUL, as start_info's */
#define DOMSPEC_MAX_DISKS	32

struct dom_spec {
	unsigned int kernel;	/* module number, 0: none given */
	unsigned int initrd;	/* module number, 0: none */
	bool has_cmdline;
	char cmdline[DOMSPEC_CMDLINE_MAX];
	u64 mem, maxmem;	/* bytes; 0: not given */
	unsigned int vcpus;	/* 0: not given */
	char name[DOMSPEC_NAME_MAX];	/* "": not given */
	unsigned int weight;	/* 0: not given */
	unsigned int cap;
	bool has_cap;
	u32 disks;		/* bit N: disk N */
};

/*
 * Resolves a module named by path (@len bytes at @word): its number, or 0
 * when no module has that path.
 */
typedef unsigned int (*domspec_module_fn)(const char *word, size_t len,
					  void *ctx);

/*
 * Parse @spec into @out (zeroed first).  Numbers are checked against
 * @nr_modules and the limits above; on error returns -EINVAL with a
 * one-line reason in @err.  Whether the spec names a kernel is the
 * caller's check.
 */
int domspec_parse(const char *spec, struct dom_spec *out,
		  unsigned int nr_modules, domspec_module_fn module, void *ctx,
		  char *err, size_t errlen);

#endif
