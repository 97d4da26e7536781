/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-domain counters behind the "stats" option, printed when the domain
 * is destroyed.  They keep batching apart from its absence: a multicall
 * carrying 30 update_va_mapping entries is one hypercall (one guest to
 * hypervisor transition), 30 multicall entries and 30 update_va_mapping
 * operations.  The counters are always kept: an increment costs no more
 * than testing the option.
 */
#ifndef HV_STATS_H
#define HV_STATS_H

#include <hv/types.h>

#define STATS_NR_HYPERCALLS	64	/* numbers above are in the totals only */
#define STATS_NR_MMUEXT		32
#define STATS_NR_VECTORS	32

/*
 * The census: every instruction hv-stub trapped and carried out for the
 * guest, by kind, and the #GPs it could not emulate and bounced back.
 */
enum emul_kind {
	EMUL_CPUID,		/* forced-emulation CPUID (#UD) */
	EMUL_RDMSR,
	EMUL_WRMSR,
	EMUL_CR_READ,		/* MOV from CR0/2/3/4 */
	EMUL_CR_WRITE,		/* MOV to CR0/CR4 */
	EMUL_DR_READ,		/* MOV from DR0..DR7 */
	EMUL_DR_WRITE,		/* MOV to DR0..DR7 */
	EMUL_CLTS,
	EMUL_WBINVD,		/* and INVD */
	EMUL_IO,		/* IN/OUT with a virtual IOPL */
	EMUL_CLI_STI,		/* with a virtual IOPL: a no-op, as on Xen */
	EMUL_INT,		/* int n the IDT refused, delivered */
	EMUL_RDTSC,		/* RDTSC/RDTSCP under the guest's CR4.TSD */
	EMUL_SGDT,		/* the five UMIP instructions */
	EMUL_SIDT,
	EMUL_SLDT,
	EMUL_SMSW,
	EMUL_STR,
	EMUL_PTWR,		/* store to a writable page table (#PF) */
	EMUL_FPU,		/* lazy FPU: #NM with no guest TS */
	EMUL_NR,
	EMUL_NONE = EMUL_NR	/* not emulated */
};

struct dom_stats {
	u64 hypercalls;			/* transitions, i.e. not multicall entries */
	u64 hypercall[STATS_NR_HYPERCALLS];
	u64 mc_entries;			/* entries of multicalls, any op */
	u64 mc_entry[STATS_NR_HYPERCALLS];
	/* page-table operations, direct or inside a multicall */
	u64 mmu_update;			/* MMU_NORMAL_PT_UPDATE, ..._PRESERVE_AD */
	u64 ptwr;			/* emulated stores to L1 tables */
	u64 update_va_mapping;
	u64 mmuext;			/* mmuext_op entries, any command */
	u64 mmuext_cmd[STATS_NR_MMUEXT];
	/* the other ways in and out of the hypervisor */
	u64 faults;			/* exceptions taken from the guest */
	u64 fault[STATS_NR_VECTORS];
	u64 bounces;			/* exceptions reflected to the guest */
	u64 emulations;			/* faults handled here (any kind) */
	u64 emul_priv;			/* privileged instructions */
	u64 emul_cpuid;			/* forced-emulation CPUID */
	u64 emul_int;			/* int n, refused by the IDT */
	u64 emul_fpu;			/* lazy FPU: #NM with no guest TS */
	u64 syscalls;			/* user system calls bounced */
	u64 upcalls;			/* event callbacks delivered */
	/* TLB work done while the domain's vCPUs ran (arch_tlb_counts) */
	u64 cr3;			/* CR3 loads: each flushes the TLB */
	u64 flushes;			/* of those, explicit full flushes */
	u64 invlpg;			/* single-page invalidations */
	u64 emul[EMUL_NR];		/* the census, by enum emul_kind */
	u64 gp_bounced;			/* #GP not emulated, given to the guest */
};

static inline void stats_count(u64 *total, u64 *by_nr, u64 nr, u64 nr_max)
{
	(*total)++;
	if (nr < nr_max)
		by_nr[nr]++;
}

static inline void stats_hypercall(struct dom_stats *s, u64 nr)
{
	stats_count(&s->hypercalls, s->hypercall, nr, STATS_NR_HYPERCALLS);
}

static inline void stats_mc_entry(struct dom_stats *s, u64 op)
{
	stats_count(&s->mc_entries, s->mc_entry, op, STATS_NR_HYPERCALLS);
}

static inline void stats_mmuext(struct dom_stats *s, u64 cmd)
{
	stats_count(&s->mmuext, s->mmuext_cmd, cmd, STATS_NR_MMUEXT);
}

/* One emulated instruction of @kind: the census and the totals. */
static inline void stats_emulated(struct dom_stats *s, enum emul_kind kind)
{
	s->emulations++;
	s->emul[kind]++;
	switch (kind) {
	case EMUL_CPUID:
		s->emul_cpuid++;
		break;
	case EMUL_INT:
		s->emul_int++;
		break;
	case EMUL_FPU:
		s->emul_fpu++;
		break;
	case EMUL_PTWR:
		s->ptwr++;
		break;
	default:
		s->emul_priv++;
		break;
	}
}

/* Is CR4.UMIP on (SGDT & co. trap and are emulated)?  emulate_umip.c */
bool arch_umip_active(void);

void stats_print(unsigned int domid, const struct dom_stats *s);
/* The same report, each line given to @out (which adds nothing). */
typedef void (*stats_line_fn)(const char *fmt, ...);
void stats_report(unsigned int domid, const struct dom_stats *s,
		  stats_line_fn out);

#endif
