/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The XenStore service built into hv-stub.
 *
 * The store proper (xenstore/{arena,tree,watch,transaction,ops}.c) is pure:
 * it works on wire messages (struct xsd_sockmsg + payload) and keeps the
 * node tree, watches and transactions in a static arena, so the same files
 * build in hv-stub and in tests/unit/xenstore_test.c.  The ring glue
 * (xenstore/ring.c) moves those messages through each domain's
 * struct xenstore_domain_interface page.
 *
 * Domain 0 is the store's own privileged client (hv-stub's back ends, the
 * domain builder): it bypasses permissions and quotas.  Guests are domains
 * 1 .. XS_MAX_DOMAINS - 1.
 */
#ifndef HV_XENSTORE_H
#define HV_XENSTORE_H

#include <hv/types.h>
#include <public/xen.h>
#include <public/io/xs_wire.h>

#define XS_MAX_DOMAINS		129	/* DOMID_SLOTS */

/* per-domain quotas, as xenstored's defaults or smaller */
#define XS_QUOTA_NODES		256	/* nodes owned */
#define XS_QUOTA_WATCHES	128
#define XS_QUOTA_TRANSACTIONS	10
#define XS_QUOTA_PERMS		5	/* ACL entries besides the owner */
#define XS_QUOTA_VALUE		2048	/* bytes in one node's value */
#define XS_QUOTA_MEM		(48 * 1024)	/* arena bytes charged */

/* A wire message as the ring carries it: header then payload. */
#define XS_MSG_MAX	(sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX)

/* the store's memory: at least 2 MiB; what it holds is xs_max_guests() */
#define XS_ARENA_MIN		(2u << 20)
#define XS_ARENA_MAX		(2u * XS_QUOTA_MEM * (XS_MAX_DOMAINS - 1) * 16 / 15 + (64u << 10))

/* Start the store in @size bytes at @mem (16-byte aligned); -errno. */
int xs_init(void *mem, size_t size);
/* Guest domains the store takes at once (xs_domain_created refuses more). */
unsigned int xs_max_guests(void);
/* @mem_kib: memory/target; @max_kib: memory/static-max */
int xs_domain_created(domid_t domid, const char *name, u64 mem_kib,
		      u64 max_kib, unsigned int nr_vcpus);
void xs_domain_destroyed(domid_t domid);

/*
 * Handle one request of domain @domid.  @req->len payload bytes are at
 * @payload (not looked at when @req->len exceeds XENSTORE_PAYLOAD_MAX).
 * Writes the whole reply message (header + payload) to @reply, which must
 * hold XS_MSG_MAX bytes, and returns its size.
 */
size_t xs_handle(domid_t domid, const struct xsd_sockmsg *req,
		 const char *payload, void *reply);

/*
 * Move the oldest pending XS_WATCH_EVENT message of @domid to @buf if it
 * fits in @max bytes; returns its size, 0 when none is pending (or the
 * next one does not fit).
 */
size_t xs_next_event(domid_t domid, void *buf, size_t max);
bool xs_has_event(domid_t domid);

/* Nodes in the whole tree. */
unsigned int xs_node_count(void);
/* Bytes of the store's memory in use (nodes, watches, transactions). */
size_t xs_mem_total(void);

/* Drop @domid's watches, transactions and pending events (reconnection). */
void xs_domain_reset(domid_t domid);

/*
 * For hv-stub's own back ends: domain 0, absolute paths, no transaction.
 * xs_read_str() stores the value NUL-terminated and returns its length,
 * or -errno (-E2BIG if it does not fit in @max).
 */
int xs_write_str(const char *path, const char *value);
int xs_read_str(const char *path, char *buf, size_t max);
/* The -errno an XS_ERROR reply's payload of @len bytes names (-EIO). */
int xs_error_errno(const char *payload, size_t len);

/* ring glue (xenstore/ring.c, hv-stub only) */
struct domain;
/* start of day, before any domain: the store's memory (backends/xenstore.c) */
void xs_service_init(void);
/* the domain is built: its home in the store, its ring page reset */
void xs_ring_init(struct domain *d);
/* the guest notified d->store_port: serve its ring */
void xs_ring_service(struct domain *d);
/* serve every ring (timer tick): events of other domains, lost kicks */
void xs_ring_poll(void);
/* the domain is being destroyed */
void xs_ring_release(struct domain *d);

#endif /* HV_XENSTORE_H */
