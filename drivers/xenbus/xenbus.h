/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The XenBus API of the xenpv front ends: the one header they share.
 *
 *  - XenStore: read, write, list and remove nodes, with or without a
 *    transaction; watches whose callbacks run one at a time on the
 *    "xenwatch" thread.  Every call sleeps and is bounded: a store that
 *    does not answer within XB_TIMEOUT_S seconds gives -ETIMEDOUT and a
 *    log line, never a silent hang.
 *  - The bus: a device per device/<type>/<id> node, a driver per type.
 *    The bus watches the other end's state and calls otherend_changed()
 *    on the xenwatch thread.
 *  - Grants: give a domain access to one of our frames, take it back.
 *  - Rings: zeroed pages granted to the other end, an unbound event
 *    channel for it, bound to an irq.
 *
 * Paths without a leading '/' are relative to our domain's home,
 * /local/domain/<domid>.  A string a call returns is kmalloc()ed and
 * NUL-terminated; the caller frees it.
 */
#ifndef _XENPV_XENBUS_H
#define _XENPV_XENBUS_H

#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/list.h>
#include <linux/mm_types.h>
#include <linux/types.h>
#include <xen/interface/xen.h>
#include <xen/interface/grant_table.h>
#include <xen/interface/event_channel.h>
#include <xen/interface/io/xenbus.h>

/* How long any XenStore call may wait for the store. */
#define XB_TIMEOUT_S	30

/* ---- XenStore (xs.c, xs_watch.c) ---- */

/* A transaction id; XBT_NIL is "no transaction". */
typedef u32 xb_tx_t;
#define XBT_NIL		((xb_tx_t)0)

/* True once the store ring is up (never on a domain without one). */
bool xb_store_ready(void);

/* Read @dir/@node (@node may be "").  @len, if given, gets the length. */
char *xb_read(xb_tx_t t, const char *dir, const char *node,
	      unsigned int *len);
int xb_write(xb_tx_t t, const char *dir, const char *node, const char *val);
__printf(4, 5)
int xb_printf(xb_tx_t t, const char *dir, const char *node,
	      const char *fmt, ...);
/* Returns the number of items converted (as sscanf) or -errno. */
__scanf(4, 5)
int xb_scanf(xb_tx_t t, const char *dir, const char *node,
	     const char *fmt, ...);
/* An unsigned value, or @def if the node is absent or not a number. */
unsigned int xb_read_uint(const char *dir, const char *node,
			  unsigned int def);
bool xb_exists(xb_tx_t t, const char *dir, const char *node);
/* The children of @dir/@node: one kmalloc()ed array of @num strings. */
char **xb_directory(xb_tx_t t, const char *dir, const char *node,
		    unsigned int *num);
int xb_rm(xb_tx_t t, const char *dir, const char *node);

/*
 * xb_transaction_end() returns -EAGAIN when the store refused the commit
 * because of a conflict: start again from xb_transaction_start().
 */
int xb_transaction_start(xb_tx_t *t);
int xb_transaction_end(xb_tx_t t, bool abort);

struct xb_watch {
	const char *path;
	/* On the xenwatch thread; @path is the node that changed. */
	void (*callback)(struct xb_watch *w, const char *path);
	/* Private to xs_watch.c. */
	struct list_head list;
	char token[16];
};

/* The callback fires once at once (the store's rule), then on changes. */
int xb_watch_register(struct xb_watch *w);
/* Afterwards no callback of @w runs or will run (but its own caller's). */
void xb_watch_unregister(struct xb_watch *w);

/* ---- The bus (bus.c, client.c) ---- */

struct xb_device {
	const char *type;		/* "vbd" */
	const char *nodename;		/* "device/vbd/51712" */
	char *otherend;			/* the back end's directory */
	domid_t otherend_id;
	enum xenbus_state state;	/* ours, as last written */
	struct xb_watch otherend_watch;
	bool busy;			/* bus.c: in otherend_changed() */
	struct device dev;
};

#define to_xb_device(d)	container_of(d, struct xb_device, dev)

struct xb_driver {
	const char *type;
	int (*probe)(struct xb_device *xd);
	void (*remove)(struct xb_device *xd);
	/* The other end's state changed (or was seen for the first time). */
	void (*otherend_changed)(struct xb_device *xd,
				 enum xenbus_state state);
	struct device_driver driver;
};

int xb_register_driver(struct xb_driver *drv);

/* Our state node, in a transaction; a vanished device is not recreated. */
int xb_switch_state(struct xb_device *xd, enum xenbus_state state);
enum xenbus_state xb_read_otherend_state(struct xb_device *xd);
/* Log and write "<errno> <text>" to error/<nodename>/error. */
__printf(3, 4)
void xb_dev_error(struct xb_device *xd, int err, const char *fmt, ...);
/* The same, then switch to Closing. */
__printf(3, 4)
void xb_dev_fatal(struct xb_device *xd, int err, const char *fmt, ...);

/* ---- Grants (gnttab.c) ---- */

/* A ref granting @domid access to @page (read-only if @ro), or -errno. */
int gnt_grant_page(domid_t domid, struct page *page, bool ro);
/*
 * Take access back.  -EBUSY: the other end still has the frame mapped;
 * the grant stays and the frame must not be reused.
 */
int gnt_end(grant_ref_t ref);
/*
 * Take access back and drop one reference to @page (NULL: none).  If the
 * other end still uses the frame, both wait on a retry list (and leak if
 * it never lets go): the page is never freed under the other end.
 */
void gnt_end_put_page(grant_ref_t ref, struct page *page);

/* ---- Rings and event channels (client.c) ---- */

/* 2^@order zeroed pages at *@vaddr, page i granted to the other end. */
int xb_setup_ring(struct xb_device *xd, unsigned int order, void **vaddr,
		  grant_ref_t *refs);
void xb_teardown_ring(void *vaddr, unsigned int order,
		      const grant_ref_t *refs);
/* An unbound port for the other end, bound to an irq of @handler. */
int xb_alloc_evtchn_irq(struct xb_device *xd, irq_handler_t handler,
			const char *name, void *dev_id, evtchn_port_t *port);
void xb_free_evtchn_irq(int irq, void *dev_id);
void xb_notify(evtchn_port_t port);

#endif
