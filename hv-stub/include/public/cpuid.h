/* SPDX-License-Identifier: MIT */
/*
 * Xen's CPUID leaves (Xen 4.17 interface), answered through the forced
 * emulation prefix.  A PV guest finds them at 0x40000000; leaf N below is
 * 0x40000000 + N.
 *
 * Leaf 3, time.  Sub-leaf 0: EAX the XEN_CPUID_TSC_* flags, EBX the
 * domain's tsc_mode, ECX the guest TSC frequency in kHz, EDX the
 * incarnation (how often the domain was restored or migrated).  Sub-leaf
 * 1: EBX:EAX the TSC offset, ECX and EDX the multiplier and shift from
 * TSC ticks to nanoseconds.  Sub-leaf 2: EAX the machine's TSC frequency
 * in kHz.
 */
#ifndef __XEN_PUBLIC_CPUID_H__
#define __XEN_PUBLIC_CPUID_H__

#define XEN_CPUID_FIRST_LEAF		0x40000000
#define XEN_CPUID_LEAF(n)		(XEN_CPUID_FIRST_LEAF + (n))
#define XEN_CPUID_LEAF_TIME		3

#define XEN_CPUID_TSC_EMULATED		(1u << 0)
#define XEN_CPUID_HOST_TSC_RELIABLE	(1u << 1)
#define XEN_CPUID_RDTSCP_INSTR_AVAIL	(1u << 2)

#define XEN_CPUID_TSC_MODE_DEFAULT		0
#define XEN_CPUID_TSC_MODE_ALWAYS_EMULATE	1
#define XEN_CPUID_TSC_MODE_NEVER_EMULATE	2

#endif
