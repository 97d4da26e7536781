/* SPDX-License-Identifier: GPL-2.0 */
/* Hypercalls of the xenpv port (the trampoline is in hypercall.S). */
#ifndef _ASM_X86_XENPV_HYPERCALL_H
#define _ASM_X86_XENPV_HYPERCALL_H

#include <linux/linkage.h>

asmlinkage long xenpv_hypercall(unsigned long nr, unsigned long a1,
				unsigned long a2, unsigned long a3,
				unsigned long a4, unsigned long a5);

static inline long xenpv_hypercall2(unsigned int nr, unsigned long a1,
				    unsigned long a2)
{
	return xenpv_hypercall(nr, a1, a2, 0, 0, 0);
}

static inline long xenpv_hypercall3(unsigned int nr, unsigned long a1,
				    unsigned long a2, unsigned long a3)
{
	return xenpv_hypercall(nr, a1, a2, a3, 0, 0);
}

#endif
