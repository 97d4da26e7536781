// SPDX-License-Identifier: GPL-2.0
/*
 * xenpv console: the boot console and hvc0.
 *
 * The boot console writes with console_io, which both Xen (for dom0)
 * and hv-stub (for any domain) accept, so it works before anything else
 * is set up.  hvc0 runs over one of two back ends:
 *
 *  - an unprivileged domain has a console ring (start_info's
 *    console.domU page and event channel).  We produce into out[] and
 *    consume from in[]; the back end owns out_cons and in_prod.  Indices
 *    run freely and are masked on use.
 *  - the initial domain on Xen has no ring: it writes and reads with
 *    console_io, and input is signalled by VIRQ_CONSOLE.
 *
 * hvc_instantiate() at console_initcall makes hvc0 a console early; the
 * tty comes at device_initcall with hvc_alloc().  The hvc core requests
 * the irq itself when the tty opens (notifier_add_irq), so the event
 * channel is only mapped to an irq here (xenpv_map_*()).
 */
#include <linux/console.h>
#include <linux/err.h>
#include <linux/init.h>
#include <linux/pfn.h>
#include <linux/spinlock.h>
#include <xen/interface/io/console.h>
#include "../../../drivers/tty/hvc/hvc_console.h"
#include "xenpv.h"
#include "events.h"
#include "console.h"

#define XENPV_VTERM		0
#define XENPV_OUTBUF_SIZE	256
/* How many times a writer yields to the back end on a full ring. */
#define RING_FULL_YIELDS	1000

/* The domU ring and its port, set once at console_initcall. */
static struct xencons_interface *ring;
static evtchn_port_t ring_port;
/*
 * Serializes our side of the ring: printk reaches put_chars through
 * hvc's console path without the hvc_struct lock.
 */
static DEFINE_SPINLOCK(ring_lock);
static const struct hv_ops *cons_ops;

static void boot_write(struct console *con, const char *s, unsigned int n)
{
	xenpv_console_io_write(s, n);
}

static struct console boot_console = {
	.name	= "xenpvboot",
	.write	= boot_write,
	.flags	= CON_BOOT | CON_PRINTBUFFER,
	.index	= -1,
};

void __init xenpv_early_console_init(void)
{
	register_console(&boot_console);
}

/* Copy what fits of @buf into out[]; the caller holds ring_lock. */
static int ring_write(const char *buf, int len)
{
	XENCONS_RING_IDX cons = READ_ONCE(ring->out_cons);
	XENCONS_RING_IDX prod = ring->out_prod;
	int n = 0;

	virt_mb();	/* read out_cons before reusing the slots it frees */
	while (n < len && prod - cons < sizeof(ring->out))
		ring->out[MASK_XENCONS_IDX(prod++, ring->out)] = buf[n++];
	virt_wmb();	/* the bytes before the index that publishes them */
	WRITE_ONCE(ring->out_prod, prod);
	return n;
}

static int ring_put_chars(u32 vtermno, const char *buf, int count)
{
	unsigned long flags;
	int sent = 0, yields = 0;

	spin_lock_irqsave(&ring_lock, flags);
	while (sent < count) {
		int n = ring_write(buf + sent, count - sent);

		if (n) {
			sent += n;
			xenpv_notify_remote(ring_port);
		} else if (yields++ < RING_FULL_YIELDS) {
			hv_sched_op(SCHEDOP_yield, NULL);
		} else {
			break;	/* back end stuck: the caller may drop */
		}
	}
	spin_unlock_irqrestore(&ring_lock, flags);
	return sent;
}

static int ring_get_chars(u32 vtermno, char *buf, int count)
{
	XENCONS_RING_IDX cons, prod;
	unsigned long flags;
	int n = 0;

	spin_lock_irqsave(&ring_lock, flags);
	cons = ring->in_cons;
	prod = READ_ONCE(ring->in_prod);
	virt_rmb();	/* in_prod before the bytes it covers */
	if (prod - cons > sizeof(ring->in))
		cons = prod;	/* nonsense from the back end: skip it */
	while (cons != prod && n < count)
		buf[n++] = ring->in[MASK_XENCONS_IDX(cons++, ring->in)];
	virt_mb();	/* the bytes read before their slots are handed back */
	WRITE_ONCE(ring->in_cons, cons);
	spin_unlock_irqrestore(&ring_lock, flags);
	if (n)
		xenpv_notify_remote(ring_port);
	return n;
}

static const struct hv_ops ring_ops = {
	.get_chars		= ring_get_chars,
	.put_chars		= ring_put_chars,
	.notifier_add		= notifier_add_irq,
	.notifier_del		= notifier_del_irq,
	.notifier_hangup	= notifier_hangup_irq,
};

static int io_put_chars(u32 vtermno, const char *buf, int count)
{
	xenpv_console_io_write(buf, count);
	return count;
}

static int io_get_chars(u32 vtermno, char *buf, int count)
{
	long n = hv_console_io(CONSOLEIO_read, count, buf);

	return n > 0 ? n : 0;
}

static const struct hv_ops io_ops = {
	.get_chars		= io_get_chars,
	.put_chars		= io_put_chars,
	.notifier_add		= notifier_add_irq,
	.notifier_del		= notifier_del_irq,
	.notifier_hangup	= notifier_hangup_irq,
};

/* Find the domU ring; without one, fall back to console_io. */
static const struct hv_ops * __init pick_ops(void)
{
	unsigned long pfn;

	if (xenpv_initial_domain || !xenpv_start_info->console.domU.mfn)
		return &io_ops;
	pfn = xenpv_mfn_to_pfn(xenpv_start_info->console.domU.mfn);
	if (pfn == XENPV_INVALID_MFN) {
		pr_warn("xenpv: console ring is not our page; using console_io\n");
		return &io_ops;
	}
	ring = __va(PFN_PHYS(pfn));
	ring_port = xenpv_start_info->console.domU.evtchn;
	return &ring_ops;
}

static int __init xenpv_cons_init(void)
{
	cons_ops = pick_ops();
	hvc_instantiate(XENPV_VTERM, 0, cons_ops);
	return 0;
}
console_initcall(xenpv_cons_init);

static int __init xenpv_hvc_init(void)
{
	struct hvc_struct *hp;
	int irq;

	if (cons_ops == &ring_ops)
		irq = xenpv_map_evtchn(ring_port);
	else if (xenpv_initial_domain)
		irq = xenpv_map_virq(VIRQ_CONSOLE, 0);
	else
		irq = 0;	/* console_io in a domU: no input */
	if (irq < 0) {
		pr_warn("xenpv: no console irq (%d); hvc0 polls\n", irq);
		irq = 0;
	}

	hp = hvc_alloc(XENPV_VTERM, irq, cons_ops, XENPV_OUTBUF_SIZE);
	if (IS_ERR(hp)) {
		if (irq)
			xenpv_unmap_irq(irq);
		return PTR_ERR(hp);
	}
	return 0;
}
device_initcall(xenpv_hvc_init);
