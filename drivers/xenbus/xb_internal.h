/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of drivers/xenpv/xenbus share beyond the drivers' API
 * (xenbus.h): the store transport, the watch thread's entry points and
 * the start of day of each part.
 */
#ifndef _XENPV_XB_INTERNAL_H
#define _XENPV_XB_INTERNAL_H

#include <linux/types.h>
#include <linux/uio.h>
#include <xen/interface/io/xs_wire.h>
#include "xenbus.h"

#define XB_TIMEOUT	(XB_TIMEOUT_S * HZ)

/* gnttab.c */
int __init gnt_init(void);

/* xs_ring.c: messages over the store ring, matched by req_id. */
int __init xs_ring_init(void);
/*
 * Send one request, wait for its reply.  Returns the reply's payload
 * (kmalloc()ed, NUL-terminated, *@len bytes before the NUL) or an
 * ERR_PTR: the errno an XS_ERROR reply names, -ETIMEDOUT, -EIO.
 */
void *xs_talk(u32 type, xb_tx_t t, const struct kvec *vec,
	      unsigned int nvec, unsigned int *len);

/* xs_watch.c */
int __init xs_watch_init(void);
/* From the ring reader: an XS_WATCH_EVENT payload; takes @body. */
void xs_watch_event(char *body, unsigned int len);
/* Is current the xenwatch thread? */
bool xs_on_watch_thread(void);

/* xs.c */
int xs_errno(const char *name);
char *xs_join(const char *dir, const char *node);

/* bus.c: set by the start of day when the store works. */
extern bool xb_store_up;
/* Wake the boot wait: a device changed state. */
void xb_state_changed(void);

/* hypervisor.c: /sys/hypervisor. */
int __init xb_sys_hypervisor_init(void);

#endif
