// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/xenpv: what this kernel has asked of the hypervisor and received
 * from it, counted by the guest itself, so that transitions per operation
 * can be measured on any hypervisor (real Xen keeps no such counts).
 * Only when booted with xenpv.counts=1 (counts.h); otherwise there is no
 * /proc/xenpv.
 *
 * The first line uses the key names of hv-stub's "stats" line where the
 * meaning is the same, so one parser reads both; the second line splits
 * the hypercalls by number.
 *   hypercalls   every entry into the hypervisor by syscall, iret included
 *   multicalls, multicall_entries
 *   bounces      exceptions delivered to our handlers
 *   syscalls     user system calls delivered to us
 *   upcalls      event callbacks
 */
#include <linux/init.h>
#include <linux/percpu.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <xen/interface/xen.h>
#include "xenpv.h"

DEFINE_PER_CPU(struct xenpv_counts, xenpv_counts);
bool xenpv_counting __ro_after_init;

/* start.c has read the option from start_info, before any entry. */
static int __init xenpv_counts_setup(char *arg)
{
	return 0;
}
early_param("xenpv.counts", xenpv_counts_setup);

static int counts_show(struct seq_file *m, void *v)
{
	struct xenpv_counts sum = {};
	unsigned int cpu, i;
	u64 total = 0;

	for_each_possible_cpu(cpu) {
		const struct xenpv_counts *c = per_cpu_ptr(&xenpv_counts, cpu);

		for (i = 0; i < XENPV_NR_COUNTED_HYPERCALLS; i++)
			sum.hypercall[i] += READ_ONCE(c->hypercall[i]);
		sum.bounces += READ_ONCE(c->bounces);
		sum.syscalls += READ_ONCE(c->syscalls);
		sum.upcalls += READ_ONCE(c->upcalls);
		sum.mc_entries += READ_ONCE(c->mc_entries);
	}
	for (i = 0; i < XENPV_NR_COUNTED_HYPERCALLS; i++)
		total += sum.hypercall[i];

	seq_printf(m, "hypercalls=%llu multicalls=%llu multicall_entries=%llu bounces=%llu syscalls=%llu upcalls=%llu\n",
		   total, sum.hypercall[__HYPERVISOR_multicall],
		   sum.mc_entries, sum.bounces, sum.syscalls, sum.upcalls);
	seq_puts(m, "hypercalls by number:");
	for (i = 0; i < XENPV_NR_COUNTED_HYPERCALLS; i++)
		if (sum.hypercall[i])
			seq_printf(m, " %u=%llu", i, sum.hypercall[i]);
	seq_putc(m, '\n');
	return 0;
}

/*
 * The early boot counts went to the per-CPU template, which every CPU's
 * area was copied from: only CPU 0 keeps them.
 */
void __init xenpv_counts_init(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		if (cpu)
			memset(per_cpu_ptr(&xenpv_counts, cpu), 0,
			       sizeof(struct xenpv_counts));
}

static int __init counts_proc_init(void)
{
	if (!xenpv_counting)
		return 0;
	return proc_create_single("xenpv", 0444, NULL, counts_show) ?
	       0 : -ENOMEM;
}
fs_initcall(counts_proc_init);
