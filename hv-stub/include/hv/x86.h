/* SPDX-License-Identifier: GPL-2.0 */
/* Thin wrappers around x86 instructions hv-stub uses. */
#ifndef HV_X86_H
#define HV_X86_H

#include <hv/types.h>

#define X86_EFLAGS_CF	0x00000001
#define X86_EFLAGS_ZF	0x00000040
#define X86_EFLAGS_IF	0x00000200
#define X86_EFLAGS_DF	0x00000400
#define X86_EFLAGS_IOPL	0x00003000
#define X86_EFLAGS_NT	0x00004000
#define X86_EFLAGS_RF	0x00010000
#define X86_EFLAGS_VM	0x00020000
#define X86_EFLAGS_AC	0x00040000
#define X86_EFLAGS_TF	0x00000100

#define X86_CR0_TS	0x00000008
#define X86_CR4_TSD	0x00000004
#define X86_CR4_DE	0x00000008
#define X86_CR4_PAE	0x00000020
#define X86_CR4_MCE	0x00000040
#define X86_CR4_PGE	0x00000080
#define X86_CR4_OSFXSR	0x00000200
#define X86_CR4_OSXMMEXCPT 0x00000400
#define X86_CR4_UMIP	0x00000800
#define X86_CR4_FSGSBASE 0x00010000
#define X86_CR4_OSXSAVE	0x00040000
#define X86_CR4_SMEP	0x00100000

#define MSR_EFER	0xc0000080
#define MSR_STAR	0xc0000081
#define MSR_LSTAR	0xc0000082
#define MSR_CSTAR	0xc0000083
#define MSR_FMASK	0xc0000084
#define MSR_FS_BASE	0xc0000100
#define MSR_GS_BASE	0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102
#define MSR_TSC_AUX	0xc0000103
#define EFER_SCE	0x00000001

static inline void port_out8(u16 port, u8 v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void port_out32(u16 port, u32 v)
{
	asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline u8 port_in8(u16 port)
{
	u8 v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 v)
{
	asm volatile("wrmsr"
		     : : "c"(msr), "a"((u32)(v & 0xffffffff)), "d"((u32)(v >> 32)));
}

/*
 * A vCPU's GS bases while it runs: its current mode's in MSR_GS_BASE,
 * the other mode's in MSR_KERNEL_GS_BASE; a mode switch swaps them.
 */
static inline void swapgs(void)
{
	asm volatile("swapgs" : : : "memory");
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static inline void cpuid_count(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c,
			       u32 *d)
{
	asm volatile("cpuid"
		     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
		     : "a"(leaf), "c"(sub));
}

#define DEFINE_READ_CR(n)						\
static inline u64 read_cr##n(void)					\
{									\
	u64 v;								\
	asm volatile("mov %%cr" #n ", %0" : "=r"(v));			\
	return v;							\
}
#define DEFINE_WRITE_CR(n)						\
static inline void __write_cr##n(u64 v)					\
{									\
	asm volatile("mov %0, %%cr" #n : : "r"(v) : "memory");		\
}
DEFINE_READ_CR(0)
DEFINE_READ_CR(2)
DEFINE_READ_CR(3)
DEFINE_READ_CR(4)
DEFINE_WRITE_CR(0)
DEFINE_WRITE_CR(2)
DEFINE_WRITE_CR(3)
DEFINE_WRITE_CR(4)
#undef DEFINE_READ_CR
#undef DEFINE_WRITE_CR
#define write_cr0 __write_cr0
#define write_cr2 __write_cr2
#define write_cr4 __write_cr4

/*
 * TLB work of this CPU since boot.  Every CR3 load flushes the whole TLB
 * (no PCID here, and QEMU's TCG flushes on any CR3 write, global pages
 * or not), so the counts are what the benchmarks read per operation; the
 * scheduler charges them to the domain that ran (sched_account_tlb()).
 */
struct tlb_counts {
	u64 cr3;	/* CR3 loads */
	u64 flushes;	/* of those, reloads of the same value */
	u64 invlpg;
};
extern struct tlb_counts arch_tlb_counts;

static inline void write_cr3(u64 v)
{
	arch_tlb_counts.cr3++;
	__write_cr3(v);
}

/* Flush this CPU's whole TLB (global pages are not used). */
static inline void flush_tlb_local(void)
{
	arch_tlb_counts.flushes++;
	write_cr3(read_cr3());
}

static inline void flush_tlb_one(u64 va)
{
	arch_tlb_counts.invlpg++;
	asm volatile("invlpg (%0)" : : "r"(va) : "memory");
}

static inline void local_irq_disable(void)
{
	asm volatile("cli" : : : "memory");
}

static inline void local_irq_enable(void)
{
	asm volatile("sti" : : : "memory");
}

static inline void halt(void)
{
	asm volatile("sti; hlt; cli" : : : "memory");
}

#endif
