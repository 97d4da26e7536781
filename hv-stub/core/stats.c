// SPDX-License-Identifier: GPL-2.0
/*
 * The "stats" report, printed when a domain is destroyed: a table of
 * hypercalls (transitions) and multicall entries per hypercall, the
 * page-table operations, and one machine-readable line for benchmarks:
 *
 *   (hv) stats domain D: hypercalls=N multicalls=N multicall_entries=N
 *        mmu_update_entries=N ptwr=N update_va_mapping=N mmuext=N
 *        mmuext_pin=N mmuext_unpin=N mmuext_baseptr=N mmuext_flush=N
 *        faults=N bounces=N emulations=N syscalls=N upcalls=N cr3=N
 *        flushes=N invlpg=N
 *
 * (one line).  Keys are never renamed or reordered; new ones are added at
 * the end, so parsers look keys up by name.  The census of trapped and
 * emulated instructions follows, by kind, in the same key=value form:
 *
 *   (hv) census domain D: cpuid=N rdmsr=N ... fpu=N gp_bounced=N umip=on|off
 */
#include <hv/lib.h>
#include <hv/stats.h>
#include <public/xen.h>

static const char *const hypercall_names[STATS_NR_HYPERCALLS] = {
	[__HYPERVISOR_set_trap_table] = "set_trap_table",
	[__HYPERVISOR_mmu_update] = "mmu_update",
	[__HYPERVISOR_set_gdt] = "set_gdt",
	[__HYPERVISOR_stack_switch] = "stack_switch",
	[__HYPERVISOR_set_callbacks] = "set_callbacks",
	[__HYPERVISOR_fpu_taskswitch] = "fpu_taskswitch",
	[__HYPERVISOR_update_descriptor] = "update_descriptor",
	[__HYPERVISOR_memory_op] = "memory_op",
	[__HYPERVISOR_multicall] = "multicall",
	[__HYPERVISOR_update_va_mapping] = "update_va_mapping",
	[__HYPERVISOR_set_timer_op] = "set_timer_op",
	[__HYPERVISOR_xen_version] = "xen_version",
	[__HYPERVISOR_console_io] = "console_io",
	[__HYPERVISOR_grant_table_op] = "grant_table_op",
	[__HYPERVISOR_vm_assist] = "vm_assist",
	[__HYPERVISOR_iret] = "iret",
	[__HYPERVISOR_vcpu_op] = "vcpu_op",
	[__HYPERVISOR_set_segment_base] = "set_segment_base",
	[__HYPERVISOR_mmuext_op] = "mmuext_op",
	[__HYPERVISOR_sched_op] = "sched_op",
	[__HYPERVISOR_callback_op] = "callback_op",
	[__HYPERVISOR_event_channel_op] = "event_channel_op",
	[__HYPERVISOR_physdev_op] = "physdev_op",
	[__HYPERVISOR_set_debugreg] = "set_debugreg",
	[__HYPERVISOR_get_debugreg] = "get_debugreg",
};

static const char *const emul_names[EMUL_NR] = {
	[EMUL_CPUID] = "cpuid",
	[EMUL_RDMSR] = "rdmsr",
	[EMUL_WRMSR] = "wrmsr",
	[EMUL_CR_READ] = "mov_from_cr",
	[EMUL_CR_WRITE] = "mov_to_cr",
	[EMUL_DR_READ] = "mov_from_dr",
	[EMUL_DR_WRITE] = "mov_to_dr",
	[EMUL_CLTS] = "clts",
	[EMUL_WBINVD] = "wbinvd",
	[EMUL_IO] = "in_out",
	[EMUL_CLI_STI] = "cli_sti",
	[EMUL_INT] = "int_n",
	[EMUL_RDTSC] = "rdtsc",
	[EMUL_SGDT] = "sgdt",
	[EMUL_SIDT] = "sidt",
	[EMUL_SLDT] = "sldt",
	[EMUL_SMSW] = "smsw",
	[EMUL_STR] = "str",
	[EMUL_PTWR] = "ptwr",
	[EMUL_FPU] = "fpu",
};

static void print_census(unsigned int domid, const struct dom_stats *s,
			 stats_line_fn out)
{
	char buf[640];	/* room for every counter at 20 digits */
	unsigned int k, n = 0;

	for (k = 0; k < EMUL_NR; k++)
		n += snprintf(buf + n, sizeof(buf) - n, "%s=%lu ",
			      emul_names[k], s->emul[k]);
	out("census domain %u: %sgp_bounced=%lu umip=%s\n", domid, buf,
		s->gp_bounced, arch_umip_active() ? "on" : "off");
}

static u64 mmuext_sum(const struct dom_stats *s, unsigned int first,
		      unsigned int last)
{
	u64 sum = 0;

	for (; first <= last; first++)
		sum += s->mmuext_cmd[first];
	return sum;
}

static void print_hypercalls(unsigned int domid, const struct dom_stats *s,
			     stats_line_fn out)
{
	unsigned int nr;

	out("domain %u: %-20s %12s %12s\n", domid, "hypercall", "calls",
		"in multicall");
	for (nr = 0; nr < STATS_NR_HYPERCALLS; nr++) {
		if (!s->hypercall[nr] && !s->mc_entry[nr])
			continue;
		if (hypercall_names[nr])
			out("domain %u: %-20s %12lu %12lu\n", domid,
				hypercall_names[nr], s->hypercall[nr],
				s->mc_entry[nr]);
		else
			out("domain %u: %-20u %12lu %12lu\n", domid, nr,
				s->hypercall[nr], s->mc_entry[nr]);
	}
	out("domain %u: %-20s %12lu %12lu\n", domid, "total",
		s->hypercalls, s->mc_entries);
}

/* Exceptions taken from the guest, by vector, on one line. */
static void print_faults(unsigned int domid, const struct dom_stats *s,
			 stats_line_fn out)
{
	char buf[200];
	unsigned int vec, n = 0;

	for (vec = 0; vec < STATS_NR_VECTORS && n < sizeof(buf) - 24; vec++)
		if (s->fault[vec])
			n += snprintf(buf + n, sizeof(buf) - n, " #%u:%lu", vec,
				      s->fault[vec]);
	buf[n] = 0;
	out("domain %u faults: %lu (by vector:%s), %lu bounced to the guest\n",
		domid, s->faults, n ? buf : " none", s->bounces);
}

void stats_report(unsigned int domid, const struct dom_stats *s,
		  stats_line_fn out)
{
	u64 pin = mmuext_sum(s, MMUEXT_PIN_L1_TABLE, MMUEXT_PIN_L4_TABLE);
	u64 unpin = s->mmuext_cmd[MMUEXT_UNPIN_TABLE];
	u64 base = s->mmuext_cmd[MMUEXT_NEW_BASEPTR] +
		   s->mmuext_cmd[MMUEXT_NEW_USER_BASEPTR];
	u64 flush = mmuext_sum(s, MMUEXT_TLB_FLUSH_LOCAL, MMUEXT_INVLPG_ALL);

	print_hypercalls(domid, s, out);
	out("domain %u page-table operations: %lu mmu_update entries, %lu emulated stores (ptwr), %lu update_va_mapping\n",
		domid, s->mmu_update, s->ptwr, s->update_va_mapping);
	out("domain %u mmuext ops: %lu (pin %lu, unpin %lu, new baseptr %lu, flush/invlpg %lu, other %lu)\n",
		domid, s->mmuext, pin, unpin, base, flush,
		s->mmuext - pin - unpin - base - flush);
	print_faults(domid, s, out);
	out("domain %u emulated: %lu (privileged %lu, cpuid %lu, int n %lu, ptwr %lu, lazy fpu %lu); %lu user system calls, %lu event upcalls\n",
		domid, s->emulations, s->emul_priv, s->emul_cpuid, s->emul_int,
		s->ptwr, s->emul_fpu, s->syscalls, s->upcalls);
	out("domain %u TLB: %lu CR3 loads (%lu of them flushes), %lu invlpg\n",
		domid, s->cr3, s->flushes, s->invlpg);
	out("stats domain %u: hypercalls=%lu multicalls=%lu multicall_entries=%lu mmu_update_entries=%lu ptwr=%lu update_va_mapping=%lu mmuext=%lu mmuext_pin=%lu mmuext_unpin=%lu mmuext_baseptr=%lu mmuext_flush=%lu faults=%lu bounces=%lu emulations=%lu syscalls=%lu upcalls=%lu cr3=%lu flushes=%lu invlpg=%lu\n",
		domid, s->hypercalls, s->hypercall[__HYPERVISOR_multicall],
		s->mc_entries, s->mmu_update, s->ptwr,
		s->update_va_mapping, s->mmuext, pin, unpin, base, flush,
		s->faults, s->bounces, s->emulations, s->syscalls, s->upcalls,
		s->cr3, s->flushes, s->invlpg);
	print_census(domid, s, out);
}

static void __printf(1, 2) log_line(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_info("%s", buf);
}

void stats_print(unsigned int domid, const struct dom_stats *s)
{
	stats_report(domid, s, log_line);
}
