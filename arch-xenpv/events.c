// SPDX-License-Identifier: GPL-2.0
/*
 * xenpv event channels as Linux irqs, 2-level ABI.
 *
 * shared_info holds one pending and one mask bit per port (4096 ports in
 * 64 words of 64 bits); each vcpu_info holds a selector word whose bit w
 * says "word w of pending may have news for you" and the upcall_pending
 * flag.  The hypervisor sets pending, then, if the port is unmasked, the
 * selector bit and upcall_pending of the vCPU the port notifies, and
 * calls our event callback (entry_64.S -> xen_pv_evtchn_do_upcall()).
 *
 * Each bound port gets a dynamically allocated irq (struct evt_bind is
 * its chip data).  The chip's mask bit is the port's mask bit, ack
 * clears the pending bit.  Unmasking is left to EVTCHNOP_unmask: the
 * hypervisor clears the mask bit and, if the port became pending while
 * masked (an edge that raised no upcall), re-raises it on the right vCPU.
 *
 * Invariant: every port without a binding is masked.  xenpv_events_init()
 * masks all ports; a binding masks its port before it is published and
 * again before it is withdrawn.  A pending unmasked port without a
 * binding (a stray event) is masked, cleared and counted.
 */
#include <linux/entry-common.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <asm/irq_regs.h>
#include <asm/irq_stack.h>
#include <asm/sync_bitops.h>
#include <asm/x86_init.h>
#include "xenpv.h"
#include "events.h"

#define EVT_WORD_BITS	(sizeof(xen_ulong_t) * 8)
#define EVT_NR_PORTS	(EVT_WORD_BITS * EVT_WORD_BITS)

enum evt_kind {
	EVT_PORT,	/* handed over or allocated by a driver: not ours to close */
	EVT_VIRQ,
	EVT_IPI,
};

struct evt_bind {
	evtchn_port_t port;
	unsigned int irq;
	unsigned int cpu;	/* the vCPU the port notifies */
	enum evt_kind kind;
	unsigned int virq;
};

/*
 * port -> binding.  Written under bind_lock; read without a lock by the
 * upcall (irqs off, so an RCU reader): bindings are freed only after a
 * grace period.
 */
static struct evt_bind *port_bind[EVT_NR_PORTS];
/* VIRQ bindings of each vCPU, under bind_lock. */
struct virq_table {
	struct evt_bind *bind[NR_VIRQS];
};

static DEFINE_PER_CPU(struct virq_table, virq_bind);
static DEFINE_MUTEX(bind_lock);
/* Events that arrived on ports without a binding. */
static DEFINE_PER_CPU(unsigned long, stray_events);

static unsigned long *pending_words(void)
{
	return (unsigned long *)xenpv_shared_info->evtchn_pending;
}

static unsigned long *mask_words(void)
{
	return (unsigned long *)xenpv_shared_info->evtchn_mask;
}

static void port_mask(evtchn_port_t port)
{
	sync_set_bit(port, mask_words());
}

static void port_clear(evtchn_port_t port)
{
	sync_clear_bit(port, pending_words());
}

static void port_unmask(evtchn_port_t port)
{
	struct evtchn_unmask op = { .port = port };

	hv_event_channel_op(EVTCHNOP_unmask, &op);
}

static evtchn_port_t irqd_port(struct irq_data *d)
{
	struct evt_bind *b = irq_data_get_irq_chip_data(d);

	return b->port;
}

static void evt_irq_mask(struct irq_data *d)
{
	port_mask(irqd_port(d));
}

static void evt_irq_unmask(struct irq_data *d)
{
	port_unmask(irqd_port(d));
}

static void evt_irq_ack(struct irq_data *d)
{
	port_clear(irqd_port(d));
}

static void evt_irq_mask_ack(struct irq_data *d)
{
	port_mask(irqd_port(d));
	port_clear(irqd_port(d));
}

/* Make the port pending again; an unmasked port is delivered at once. */
static int evt_irq_retrigger(struct irq_data *d)
{
	evtchn_port_t port = irqd_port(d);
	bool masked = sync_test_and_set_bit(port, mask_words());

	sync_set_bit(port, pending_words());
	if (!masked)
		port_unmask(port);
	return 1;
}

static struct irq_chip evt_chip = {
	.name			= "xenpv-evtchn",
	.irq_mask		= evt_irq_mask,
	.irq_unmask		= evt_irq_unmask,
	.irq_ack		= evt_irq_ack,
	.irq_mask_ack		= evt_irq_mask_ack,
	.irq_retrigger		= evt_irq_retrigger,
	.flags			= IRQCHIP_SKIP_SET_WAKE,
};

static void evt_handle_port(evtchn_port_t port, unsigned int cpu)
{
	struct evt_bind *b = READ_ONCE(port_bind[port]);

	if (unlikely(!b)) {
		port_mask(port);
		port_clear(port);
		this_cpu_inc(stray_events);
		return;
	}
	/* Another vCPU's port sharing a word with ours: it has its upcall. */
	if (b->cpu != cpu)
		return;
	generic_handle_irq(b->irq);
}

static void evt_scan_word(unsigned int w, unsigned int cpu)
{
	unsigned long bits = READ_ONCE(pending_words()[w]) &
			     ~READ_ONCE(mask_words()[w]);
	unsigned int b;

	for_each_set_bit(b, &bits, EVT_WORD_BITS)
		evt_handle_port(w * EVT_WORD_BITS + b, cpu);
}

static void evt_dispatch(struct vcpu_info *vcpu)
{
	unsigned int cpu = smp_processor_id();
	unsigned long sel;
	unsigned int w;

	while (READ_ONCE(vcpu->evtchn_upcall_pending)) {
		/* Clear the flag before the selector (xchg orders both). */
		WRITE_ONCE(vcpu->evtchn_upcall_pending, 0);
		sel = xchg(&vcpu->evtchn_pending_sel, 0);
		for_each_set_bit(w, &sel, EVT_WORD_BITS)
			evt_scan_word(w, cpu);
	}
}

static noinline void evt_upcall(struct pt_regs *regs)
{
	struct pt_regs *old_regs = set_irq_regs(regs);

	evt_dispatch(this_cpu_read(xenpv_vcpu));
	set_irq_regs(old_regs);
}

/*
 * The event callback, entered with events masked (CALLBACKF_mask_events)
 * from exc_xen_hypervisor_callback in entry_64.S.  Works like a system
 * vector: irq entry state, then the dispatch on the irq stack.
 */
__visible noinstr void xen_pv_evtchn_do_upcall(struct pt_regs *regs)
{
	irqentry_state_t state = irqentry_enter(regs);

	instrumentation_begin();
	run_sysvec_on_irqstack_cond(evt_upcall, regs);
	instrumentation_end();
	irqentry_exit(regs, state);
}

/* Give @port an irq; the port is left masked.  Called under bind_lock. */
static int bind_install(evtchn_port_t port, unsigned int cpu,
			enum evt_kind kind, unsigned int virq, bool percpu)
{
	struct evt_bind *b;
	int irq;

	lockdep_assert_held(&bind_lock);
	if (port >= EVT_NR_PORTS)
		return -EINVAL;
	if (port_bind[port])
		return -EBUSY;
	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	irq = irq_alloc_desc(NUMA_NO_NODE);
	if (irq < 0) {
		kfree(b);
		return irq;
	}
	b->port = port;
	b->irq = irq;
	b->cpu = cpu;
	b->kind = kind;
	b->virq = virq;
	irq_set_chip_and_handler_name(irq, &evt_chip,
				      percpu ? handle_percpu_irq :
					       handle_edge_irq,
				      percpu ? "percpu" : "edge");
	irq_set_chip_data(irq, b);
	port_mask(port);
	WRITE_ONCE(port_bind[port], b);
	return irq;
}

void xenpv_evtchn_close(evtchn_port_t port)
{
	struct evtchn_close op = { .port = port };

	hv_event_channel_op(EVTCHNOP_close, &op);
}

int xenpv_map_evtchn(evtchn_port_t port)
{
	int irq;

	mutex_lock(&bind_lock);
	/* The hypervisor binds new and handed-over ports to vCPU 0. */
	irq = bind_install(port, 0, EVT_PORT, 0, false);
	mutex_unlock(&bind_lock);
	return irq;
}

/* VIRQs raised for one vCPU rather than for the domain. */
static bool virq_is_percpu(unsigned int virq)
{
	return virq == VIRQ_TIMER || virq == VIRQ_DEBUG;
}

int xenpv_map_virq(unsigned int virq, unsigned int cpu)
{
	struct evtchn_bind_virq op = { .virq = virq, .vcpu = cpu };
	int ret;

	if (virq >= NR_VIRQS || cpu >= nr_cpu_ids)
		return -EINVAL;
	mutex_lock(&bind_lock);
	ret = -EBUSY;
	if (per_cpu(virq_bind, cpu).bind[virq])
		goto out;
	ret = hv_event_channel_op(EVTCHNOP_bind_virq, &op);
	if (ret)
		goto out;
	ret = bind_install(op.port, cpu, EVT_VIRQ, virq,
			   virq_is_percpu(virq));
	if (ret < 0)
		xenpv_evtchn_close(op.port);
	else
		per_cpu(virq_bind, cpu).bind[virq] = port_bind[op.port];
out:
	mutex_unlock(&bind_lock);
	return ret;
}

static int map_ipi(unsigned int cpu)
{
	struct evtchn_bind_ipi op = { .vcpu = cpu };
	int ret;

	if (cpu >= nr_cpu_ids)
		return -EINVAL;
	mutex_lock(&bind_lock);
	ret = hv_event_channel_op(EVTCHNOP_bind_ipi, &op);
	if (!ret) {
		ret = bind_install(op.port, cpu, EVT_IPI, 0, true);
		if (ret < 0)
			xenpv_evtchn_close(op.port);
	}
	mutex_unlock(&bind_lock);
	return ret;
}

static struct evt_bind *irq_bind(int irq)
{
	if (irq <= 0 || irq_get_chip(irq) != &evt_chip)
		return NULL;
	return irq_get_chip_data(irq);
}

int xenpv_irq_to_port(int irq)
{
	struct evt_bind *b = irq_bind(irq);

	return b ? b->port : -EINVAL;
}

void xenpv_unmap_irq(int irq)
{
	struct evt_bind *b = irq_bind(irq);

	if (WARN_ON(!b))
		return;
	mutex_lock(&bind_lock);
	port_mask(b->port);
	WRITE_ONCE(port_bind[b->port], NULL);
	if (b->kind == EVT_VIRQ)
		per_cpu(virq_bind, b->cpu).bind[b->virq] = NULL;
	mutex_unlock(&bind_lock);

	/* No upcall still looks at the binding after this. */
	synchronize_rcu();
	if (b->kind != EVT_PORT)
		xenpv_evtchn_close(b->port);
	port_clear(b->port);
	irq_free_desc(b->irq);
	kfree(b);
}

/* Request a freshly mapped irq; on failure undo the map. */
static int request_mapped(int irq, irq_handler_t handler,
			  unsigned long irqflags, const char *name,
			  void *dev_id)
{
	int ret;

	if (irq < 0)
		return irq;
	ret = request_irq(irq, handler, irqflags, name, dev_id);
	if (ret) {
		xenpv_unmap_irq(irq);
		return ret;
	}
	return irq;
}

int xenpv_bind_virq(unsigned int virq, unsigned int cpu,
		    irq_handler_t handler, unsigned long irqflags,
		    const char *name, void *dev_id)
{
	return request_mapped(xenpv_map_virq(virq, cpu), handler, irqflags,
			      name, dev_id);
}

int xenpv_bind_ipi(unsigned int cpu, irq_handler_t handler,
		   unsigned long irqflags, const char *name, void *dev_id)
{
	return request_mapped(map_ipi(cpu), handler,
			      irqflags | IRQF_PERCPU | IRQF_NOBALANCING,
			      name, dev_id);
}

void xenpv_notify_remote(evtchn_port_t port)
{
	struct evtchn_send op = { .port = port };

	hv_event_channel_op(EVTCHNOP_send, &op);
}

/* x86_init.irqs.intr_init: no PIC, no APIC, only event channels. */
void __init xenpv_events_init(void)
{
	unsigned int w;

	for (w = 0; w < EVT_WORD_BITS; w++)
		WRITE_ONCE(mask_words()[w], ~0UL);
	pr_info("xenpv: %zu event channels (2-level ABI), all masked\n",
		EVT_NR_PORTS);
}
