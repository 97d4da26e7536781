/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What p2m.c, mmu.c and multicall.c share beyond xenpv.h.
 */
#ifndef _ARCH_X86_XENPV_MMU_H
#define _ARCH_X86_XENPV_MMU_H

#include <linux/init.h>
#include <linux/types.h>
#include <asm/pgtable_types.h>

/* p2m.c: move xenpv_p2m from the image mapping to the direct map. */
void __init xenpv_p2m_use_direct_map(void);

/*
 * multicall.c: queue a hypercall even outside a lazy mode (unless
 * xenpv.batch=0); the caller ends the series with xenpv_mc_flush().
 */
void xenpv_mc_queue(unsigned int op, unsigned long a0, unsigned long a1,
		    unsigned long a2, unsigned long a3, unsigned long a4);

/* mmu.c: callee-save pv ops, reached through their register thunks. */
unsigned long xenpv_read_cr2(void);
pteval_t xenpv_make_pte(pteval_t val);
u64 xenpv_make_table_entry(u64 val);
u64 xenpv_entry_val(u64 val);

#endif
