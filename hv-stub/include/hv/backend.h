/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv-stub's built-in back ends (backends/): the XenStore ring service, the
 * console and the block back end, acting as domain 0 would.
 *
 * Each back end is one struct backend.  The rest of hv-stub (the domain
 * builder, event channels, the scheduler) calls only the backends_*()
 * functions below, which walk the table in backends/backend.c; no core
 * file names a back end.  A back end reaches a guest only through what a
 * driver domain has: grants (hv/gnttab.h), event channels and XenStore
 * (the be_*() helpers, as the store's domain 0 client).
 */
#ifndef HV_BACKEND_H
#define HV_BACKEND_H

#include <hv/types.h>
#include <public/xen.h>

struct domain;

struct backend {
	const char *name;	/* also the prefix of its watch tokens */
	/* the domain is built and has not run: set up its devices */
	void (*domain_built)(struct domain *d);
	/* the guest notified @port, bound to us: true if it was ours */
	bool (*notify)(struct domain *d, unsigned int port);
	/* one of our XenStore watches fired (token begins "name:") */
	void (*watch)(const char *path, const char *token);
	/* timer tick: input, lost notifications */
	void (*poll)(void);
	/* the domain is dead: accept nothing more from it */
	void (*domain_dying)(struct domain *d);
	/* work for the dead domain still in flight (it is not freed yet) */
	bool (*busy)(const struct domain *d);
	/* last call before the domain's memory goes */
	void (*domain_destroyed)(struct domain *d);
};

extern const struct backend xenstore_backend, console_backend, vbd_backend;

void backends_domain_built(struct domain *d);
void backend_notify(struct domain *d, unsigned int port);
void backends_poll(void);
void backends_domain_dying(struct domain *d);
bool backends_busy(const struct domain *d);
void backends_domain_destroyed(struct domain *d);
const struct backend *backend_of_token(const char *token);

/*
 * XenStore as domain 0 sees it (backends/store.c): absolute paths, no
 * transaction.  Return 0 or -errno (Xen's numbering, hv/errno.h).
 * be_printf() writes a formatted value; be_read_u64() parses a decimal
 * value; be_mkdir() creates @path owned by @owner with read access for
 * @reader (DOMID_INVALID: nobody else).  Watch events are delivered to
 * struct backend.watch after the guest request that caused them.
 */
int be_printf(const char *path, const char *fmt, ...) __printf(2, 3);
int be_read(const char *path, char *buf, size_t max);
int be_read_u64(const char *path, u64 *val);
int be_mkdir(const char *path, domid_t owner, domid_t reader);
int be_rm(const char *path);
int be_watch(const char *path, const char *token);
int be_unwatch(const char *path, const char *token);
void be_store_events(void);

#endif
