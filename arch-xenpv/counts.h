/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The port's own count of its transitions, per CPU, for the entry code
 * (asm) and counts.c, which shows the sums in /proc/xenpv: offsets into
 * struct xenpv_counts (xenpv.h checks them).
 */
#ifndef _ARCH_X86_XENPV_COUNTS_H
#define _ARCH_X86_XENPV_COUNTS_H

#define XENPV_NR_COUNTED_HYPERCALLS	64	/* by number, below this */
#define XENPV_COUNT_BOUNCES	(8 * 64)	/* exceptions delivered */
#define XENPV_COUNT_SYSCALLS	(8 * 65)	/* user system calls */
#define XENPV_COUNT_UPCALLS	(8 * 66)	/* event callbacks */
#define XENPV_COUNT_MC_ENTRIES	(8 * 67)	/* multicall entries */

#endif
