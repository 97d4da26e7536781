// SPDX-License-Identifier: GPL-2.0
/*
 * xenpv multicalls: batching hypercalls while a CPU is in a lazy mode.
 *
 * Generic code brackets runs of page-table updates with the lazy MMU mode
 * (zap, mprotect, fork's copy) and each context switch with the lazy CPU
 * mode.  Inside those brackets the results of an update need not be visible
 * until the bracket closes, so instead of one hypercall per operation we
 * queue them in a per-CPU buffer and hand the whole buffer to the hypervisor
 * at once with __HYPERVISOR_multicall.  Consecutive mmu_update (or
 * mmuext_op) requests are merged into the array of the previous entry, so N
 * page-table writes cost one entry, as one mmu_update with count N would.
 *
 * Invariants:
 *  - Entries are issued in the order they were queued.  An operation that
 *    cannot be queued (no lazy mode, interrupt context) is appended and the
 *    whole buffer flushed at once, so it never overtakes older entries.
 *  - The buffer belongs to its CPU and is touched only with interrupts off:
 *    an interrupt may arrive while the interrupted code is queueing, and its
 *    own calls (never batched) then flush the interrupted batch first.
 *  - A flush with a single entry makes that hypercall directly.
 *  - A held buffer (xenpv_mc_hold) takes a few more calls after the lazy
 *    CPU mode of a context switch ended, by xenpv_mc_tail(), until
 *    xenpv_mc_release() issues it; any other call still flushes it first.
 *  - Every result is checked; a failure is reported with its arguments and a
 *    warning.  A refused page-table update must never go unnoticed.
 *
 * Boot option "xenpv.batch=0|1" (default 1): 0 disables batching, so every
 * operation is its own hypercall, as without lazy modes.  It exists to
 * measure what batching buys.
 */
#include <linux/init.h>
#include <linux/irqflags.h>
#include <linux/kernel.h>
#include <linux/kstrtox.h>
#include <linux/lockdep.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <asm/paravirt.h>
#include "xenpv.h"
#include "mmu.h"

#define MC_CALLS	32	/* multicall entries */
#define MC_UPDATES	128	/* mmu_update requests, all entries together */
#define MC_EXTS		32	/* mmuext_op requests, all entries together */

struct mc_buffer {
	bool held;		/* xenpv_mc_hold() until xenpv_mc_release() */
	unsigned int nr_calls;
	unsigned int nr_updates;
	unsigned int nr_exts;
	struct multicall_entry calls[MC_CALLS];
	/* "done" counts the hypervisor writes, indexed like calls[]. */
	unsigned int done[MC_CALLS];
	/*
	 * What each array entry asked for.  Kept apart from calls[].args:
	 * Xen rewrites the arguments of an entry it preempts (array advanced,
	 * count | MMU_UPDATE_PREEMPTED) before it resumes the multicall.
	 */
	const void *array[MC_CALLS];
	unsigned int count[MC_CALLS];
	struct mmu_update updates[MC_UPDATES];
	struct mmuext_op exts[MC_EXTS];
};

static DEFINE_PER_CPU(struct mc_buffer, mc_buffer);

bool xenpv_batch __read_mostly = true;

static int __init xenpv_batch_setup(char *arg)
{
	return kstrtobool(arg, &xenpv_batch);
}
early_param("xenpv.batch", xenpv_batch_setup);

static bool mc_batching(void)
{
	return xenpv_batch && paravirt_get_lazy_mode() != PARAVIRT_LAZY_NONE;
}

static void mc_report(const struct mc_buffer *b, unsigned int i)
{
	const struct multicall_entry *mc = &b->calls[i];
	unsigned int done = b->done[i], count = b->count[i];
	long rc = (long)mc->result;

	pr_err("xenpv: hypercall %lu failed (%ld): args %#lx %#lx %#lx %#lx %#lx\n",
	       (unsigned long)mc->op, rc, (unsigned long)mc->args[0],
	       (unsigned long)mc->args[1], (unsigned long)mc->args[2],
	       (unsigned long)mc->args[3], (unsigned long)mc->args[4]);

	if (mc->op == __HYPERVISOR_mmu_update && done < count) {
		const struct mmu_update *u = b->array[i];

		pr_err("xenpv:   mmu_update %u of %u refused: ptr %#llx val %#llx\n",
		       done, count, u[done].ptr, u[done].val);
	} else if (mc->op == __HYPERVISOR_mmuext_op && done < count) {
		const struct mmuext_op *op = b->array[i];

		pr_err("xenpv:   mmuext_op %u of %u refused: cmd %u arg1 %#lx\n",
		       done, count, op[done].cmd,
		       (unsigned long)op[done].arg1.mfn);
	}
}

/* Did entry @i of a flushed buffer fail? */
static bool mc_failed(const struct mc_buffer *b, unsigned int i)
{
	const struct multicall_entry *mc = &b->calls[i];

	if ((long)mc->result < 0)
		return true;
	if (mc->op == __HYPERVISOR_mmu_update ||
	    mc->op == __HYPERVISOR_mmuext_op)
		return b->done[i] != b->count[i];
	return false;
}

static void mc_issue_one(struct multicall_entry *mc)
{
	mc->result = xenpv_hypercall(mc->op, mc->args[0], mc->args[1],
				     mc->args[2], mc->args[3], mc->args[4]);
}

/*
 * Issue the whole buffer.  Interrupts are off.  The buffer is emptied
 * before failures are reported, so that printk and WARN may themselves
 * make hypercalls; the report reads entries nothing has reused yet.
 */
static void mc_flush_buffer(struct mc_buffer *b)
{
	unsigned int i, n = b->nr_calls;
	bool failed;
	long rc = 0;

	if (!n)
		return;

	if (n == 1)
		mc_issue_one(&b->calls[0]);
	else
		rc = hv_multicall(b->calls, n);
	if (unlikely(xenpv_counting) && n > 1)
		this_cpu_add(xenpv_counts.mc_entries, n);
	b->nr_calls = 0;
	b->nr_updates = 0;
	b->nr_exts = 0;

	failed = rc != 0;
	if (failed)
		pr_err("xenpv: multicall of %u entries failed (%ld)\n", n, rc);
	for (i = 0; i < n; i++) {
		if (mc_failed(b, i)) {
			mc_report(b, i);
			failed = true;
		}
	}
	WARN(failed, "xenpv: hypercalls refused, see above\n");
}

/* A fresh entry; flushes first if the buffer is full.  Interrupts off. */
static struct multicall_entry *mc_new_entry(struct mc_buffer *b,
					    unsigned int op)
{
	struct multicall_entry *mc;

	if (b->nr_calls == MC_CALLS)
		mc_flush_buffer(b);
	mc = &b->calls[b->nr_calls];
	memset(mc, 0, sizeof(*mc));
	mc->op = op;
	b->done[b->nr_calls] = 0;
	b->count[b->nr_calls] = 0;
	b->nr_calls++;
	return mc;
}

static void mc_add_call(unsigned int op, const unsigned long *args,
			bool queue)
{
	struct multicall_entry *mc;
	struct mc_buffer *b;
	unsigned long flags;
	unsigned int i;

	local_irq_save(flags);
	b = this_cpu_ptr(&mc_buffer);
	mc = mc_new_entry(b, op);
	for (i = 0; i < 5; i++)
		mc->args[i] = args[i];
	if (!queue)
		mc_flush_buffer(b);
	local_irq_restore(flags);
}

void xenpv_mc_call(unsigned int op, unsigned long a0, unsigned long a1,
		   unsigned long a2, unsigned long a3, unsigned long a4)
{
	unsigned long args[5] = { a0, a1, a2, a3, a4 };

	mc_add_call(op, args, mc_batching());
}

void xenpv_mc_queue(unsigned int op, unsigned long a0, unsigned long a1,
		    unsigned long a2, unsigned long a3, unsigned long a4)
{
	unsigned long args[5] = { a0, a1, a2, a3, a4 };

	mc_add_call(op, args, xenpv_batch);
}

/*
 * The entry an array request of hypercall @op goes into: the last entry if
 * it is of the same kind and its array ends at @next (the slot the request
 * goes into), else a new entry whose array starts there.  Interrupts off.
 */
static struct multicall_entry *mc_array_entry(struct mc_buffer *b,
					      unsigned int op, void *next,
					      size_t size)
{
	struct multicall_entry *mc;

	if (b->nr_calls) {
		mc = &b->calls[b->nr_calls - 1];
		if (mc->op == op && mc->args[0] + mc->args[1] * size ==
		    (unsigned long)next)
			return mc;
	}

	mc = mc_new_entry(b, op);
	mc->args[0] = (unsigned long)next;
	mc->args[1] = 0;
	mc->args[2] = (unsigned long)&b->done[mc - b->calls];
	b->array[mc - b->calls] = next;
	mc->args[3] = DOMID_SELF;
	return mc;
}

void xenpv_mc_mmu_update(u64 ptr, u64 val)
{
	struct multicall_entry *mc;
	struct mc_buffer *b;
	unsigned long flags;

	local_irq_save(flags);
	b = this_cpu_ptr(&mc_buffer);
	if (b->nr_updates == MC_UPDATES || b->nr_calls == MC_CALLS)
		mc_flush_buffer(b);
	mc = mc_array_entry(b, __HYPERVISOR_mmu_update,
			    &b->updates[b->nr_updates], sizeof(b->updates[0]));
	b->updates[b->nr_updates].ptr = ptr;
	b->updates[b->nr_updates].val = val;
	b->nr_updates++;
	mc->args[1]++;
	b->count[mc - b->calls]++;
	if (!mc_batching())
		mc_flush_buffer(b);
	local_irq_restore(flags);
}

void xenpv_mc_mmuext(const struct mmuext_op *op)
{
	struct multicall_entry *mc;
	struct mc_buffer *b;
	unsigned long flags;

	local_irq_save(flags);
	b = this_cpu_ptr(&mc_buffer);
	if (b->nr_exts == MC_EXTS || b->nr_calls == MC_CALLS)
		mc_flush_buffer(b);
	mc = mc_array_entry(b, __HYPERVISOR_mmuext_op, &b->exts[b->nr_exts],
			    sizeof(b->exts[0]));
	b->exts[b->nr_exts++] = *op;
	mc->args[1]++;
	b->count[mc - b->calls]++;
	if (!mc_batching())
		mc_flush_buffer(b);
	local_irq_restore(flags);
}

/*
 * The tail of a context switch (cpu.c): after the lazy CPU mode ended,
 * __switch_to() still changes state that matters to user mode only (the
 * user segment bases, the kernel stack of the next entry).  Those calls
 * join the switch's queue through xenpv_mc_tail() instead of costing a
 * hypercall each; xenpv_mc_release(), before the switch returns, issues
 * them all.  Interrupts stay off from hold to release.
 */
void xenpv_mc_hold(void)
{
	struct mc_buffer *b = this_cpu_ptr(&mc_buffer);

	lockdep_assert_irqs_disabled();
	if (WARN_ONCE(b->held, "xenpv: a context switch left its queue held\n"))
		mc_flush_buffer(b);
	b->held = xenpv_batch;
}

bool xenpv_mc_held(void)
{
	return this_cpu_read(mc_buffer.held);
}

/* Queue @op (two arguments) on the held buffer.  Interrupts off. */
void xenpv_mc_tail(unsigned int op, unsigned long a0, unsigned long a1)
{
	struct mc_buffer *b = this_cpu_ptr(&mc_buffer);
	struct multicall_entry *mc;

	if (b->nr_calls == MC_CALLS)
		mc_flush_buffer(b);
	mc = &b->calls[b->nr_calls++];
	mc->op = op;
	mc->args[0] = a0;
	mc->args[1] = a1;
	mc->args[2] = 0;
	mc->args[3] = 0;
	mc->args[4] = 0;
}

void xenpv_mc_release(void)
{
	struct mc_buffer *b = this_cpu_ptr(&mc_buffer);

	b->held = false;
	mc_flush_buffer(b);
}

void xenpv_mc_flush(void)
{
	unsigned long flags;

	local_irq_save(flags);
	mc_flush_buffer(this_cpu_ptr(&mc_buffer));
	local_irq_restore(flags);
}
