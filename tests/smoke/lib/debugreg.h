/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Debug registers for the t_debugreg* smoke kernels: the two hypercalls
 * and the DR6/DR7 bits of the x86 architecture.
 */
#ifndef SMOKE_DEBUGREG_H
#define SMOKE_DEBUGREG_H

#include "smoke.h"

#define noinline	__smoke_attr(noinline)
#define __aligned(x)	__smoke_attr(aligned(x))

#define __HYPERVISOR_set_debugreg	8
#define __HYPERVISOR_get_debugreg	9
#define XEN_ENODEV			19

#define DR6_BS		0x4000UL
#define DR6_DEFAULT	0xffff0ff0UL
#define DR7_DEFAULT	0x400UL
#define DR7_GD		0x2000UL
#define X86_EFLAGS_TF	0x100UL
#define X86_EFLAGS_RF	0x10000UL

/* DR7 enable (L<n>) and R/W, LEN fields for breakpoint @n */
#define DR7_L(n)	(1UL << (2 * (n)))
#define DR7_RW(n, rw)	((unsigned long)(rw) << (16 + 4 * (n)))
#define DR7_LEN(n, l)	((unsigned long)(l) << (18 + 4 * (n)))
#define DR_RW_EXEC	0
#define DR_RW_WRITE	1
#define DR_RW_IO	2
#define DR_LEN_8	2

static inline long HYPERVISOR_set_debugreg(unsigned long reg,
					   unsigned long val)
{
	return hypercall(__HYPERVISOR_set_debugreg, reg, val, 0);
}

static inline long HYPERVISOR_get_debugreg(unsigned long reg)
{
	return hypercall(__HYPERVISOR_get_debugreg, reg, 0, 0);
}

#endif /* SMOKE_DEBUGREG_H */
