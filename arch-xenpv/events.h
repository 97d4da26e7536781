/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Event channel calls beyond the binding API of xenpv.h, for the console
 * and SMP.
 *
 * "map" calls give an event channel an irq number, chip and flow handler
 * but do not request the irq: for users such as the hvc core, which
 * request_irq() and free_irq() by themselves (on tty open and close).
 * The irq stays masked until it is requested.  xenpv_unmap_irq() undoes
 * a map (after free_irq() if the irq was requested).
 *
 * Ports that events.c bound itself (VIRQs, IPIs) are closed on unmap;
 * ports that were handed over (start_info's rings) stay open: whoever
 * allocated them closes them with xenpv_evtchn_close().
 */
#ifndef _ARCH_X86_XENPV_EVENTS_H
#define _ARCH_X86_XENPV_EVENTS_H

#include <linux/interrupt.h>
#include <linux/types.h>
#include <xen/interface/event_channel.h>

/* Return the new irq, or -errno (-EBUSY if the port has one already). */
int xenpv_map_evtchn(evtchn_port_t port);
/* Bind @virq to @cpu's vCPU (global VIRQs: cpu 0) and map it. */
int xenpv_map_virq(unsigned int virq, unsigned int cpu);
void xenpv_unmap_irq(int irq);

/* An IPI channel notifying @cpu's vCPU, mapped and requested (per-CPU). */
int xenpv_bind_ipi(unsigned int cpu, irq_handler_t handler,
		   unsigned long irqflags, const char *name, void *dev_id);

/* The port behind an irq of ours, or -EINVAL. */
int xenpv_irq_to_port(int irq);

void xenpv_evtchn_close(evtchn_port_t port);

#endif
