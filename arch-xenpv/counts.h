/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The port's own count of its transitions, per CPU, shown in /proc/xenpv
 * (counts.c).  Counting costs instructions on every entry, return and
 * hypercall, so it is off unless the kernel boots with xenpv.counts=1:
 * then the entry code takes the counting variants of its stubs (chosen
 * once at boot, start.c) and the inline hypercalls count too.
 * The offsets below are into struct xenpv_counts, for the entry code.
 */
#ifndef _ARCH_X86_XENPV_COUNTS_H
#define _ARCH_X86_XENPV_COUNTS_H

#define XENPV_NR_COUNTED_HYPERCALLS	64	/* by number, below this */
#define XENPV_COUNT_BOUNCES	(8*64)	/* exceptions delivered */
#define XENPV_COUNT_SYSCALLS	(8*65)	/* user system calls */
#define XENPV_COUNT_UPCALLS	(8*66)	/* event callbacks */
#define XENPV_COUNT_MC_ENTRIES	(8*67)	/* multicall entries */

#ifndef __ASSEMBLY__
#include <linux/init.h>
#include <linux/percpu.h>
#include <linux/types.h>

struct xenpv_counts {
	u64 hypercall[XENPV_NR_COUNTED_HYPERCALLS];	/* by number */
	u64 bounces, syscalls, upcalls, mc_entries;
};
static_assert(offsetof(struct xenpv_counts, bounces) == XENPV_COUNT_BOUNCES);
static_assert(offsetof(struct xenpv_counts, syscalls) == XENPV_COUNT_SYSCALLS);
static_assert(offsetof(struct xenpv_counts, upcalls) == XENPV_COUNT_UPCALLS);
static_assert(offsetof(struct xenpv_counts, mc_entries) ==
	      XENPV_COUNT_MC_ENTRIES);
DECLARE_PER_CPU(struct xenpv_counts, xenpv_counts);

/* xenpv.counts=1, read from start_info's command line by start.c. */
extern bool xenpv_counting __ro_after_init;

/* @counted when counting, else @plain: an entry point to register. */
static inline void *xenpv_entry(void (*plain)(void), void (*counted)(void))
{
	return xenpv_counting ? counted : plain;
}

/* Zero what the other CPUs' areas copied from the boot template. */
void __init xenpv_counts_init(void);
#endif

#endif
