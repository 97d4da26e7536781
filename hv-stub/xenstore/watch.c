// SPDX-License-Identifier: GPL-2.0
/*
 * XenStore watches and the per-domain queues of XS_WATCH_EVENT messages.
 * Pure.
 *
 * A watch fires once when it is registered (path = the watch's own path),
 * then on every change at or below its path (path = the changed node), and
 * for a removed subtree that contains the watch's path (path = the watch's
 * own path), as xenstored does.  A domain only hears of changes to nodes
 * it may read.  Paths of watches registered relative to the domain's home
 * are reported relative again.  "@introduceDomain" and "@releaseDomain"
 * are accepted but only fire at registration: no guest is privileged.
 *
 * Events wait in a fixed per-domain queue of whole messages until the ring
 * glue takes them; a guest that stops reading loses the events that no
 * longer fit, never memory of others.
 */
#include "xs_internal.h"

#define XS_EVQ_BYTES	8192

struct xs_watch {
	struct xs_watch *next;
	domid_t domid;
	bool relative;
	char *path;		/* absolute, or a special "@..." name */
	char *token;
};

struct xs_evq {
	u32 len;		/* bytes queued in buf */
	u32 dropped;
	u8 buf[XS_EVQ_BYTES];
};

static struct xs_watch *watches;	/* every domain's, oldest first */
static unsigned int nr_watches[XS_MAX_DOMAINS];
static struct xs_evq evq[XS_MAX_DOMAINS];

/* Length of "/local/domain/<domid>" */
static size_t home_len(domid_t domid)
{
	char digits[10];

	return 14 + xs_utoa(digits, domid);
}

static void queue_event(const struct xs_watch *w, const char *path)
{
	struct xs_evq *q = &evq[w->domid];
	struct xsd_sockmsg hdr = { .type = XS_WATCH_EVENT };
	size_t plen, tlen = xs_strlen(w->token) + 1;

	if (w->relative)
		path += home_len(w->domid) + 1;
	plen = xs_strlen(path) + 1;
	hdr.len = plen + tlen;
	if (hdr.len > XENSTORE_PAYLOAD_MAX ||
	    q->len + sizeof(hdr) + hdr.len > sizeof(q->buf)) {
		q->dropped++;
		return;
	}
	xs_memcpy(q->buf + q->len, &hdr, sizeof(hdr));
	xs_memcpy(q->buf + q->len + sizeof(hdr), path, plen);
	xs_memcpy(q->buf + q->len + sizeof(hdr) + plen, w->token, tlen);
	q->len += sizeof(hdr) + hdr.len;
}

bool xs_has_event(domid_t domid)
{
	return domid < XS_MAX_DOMAINS && evq[domid].len;
}

size_t xs_next_event(domid_t domid, void *buf, size_t max)
{
	struct xs_evq *q;
	struct xsd_sockmsg hdr;
	size_t n;

	if (!xs_has_event(domid))
		return 0;
	q = &evq[domid];
	xs_memcpy(&hdr, q->buf, sizeof(hdr));
	n = sizeof(hdr) + hdr.len;
	if (n > max)
		return 0;
	xs_memcpy(buf, q->buf, n);
	q->len -= n;
	xs_memmove(q->buf, q->buf + n, q->len);
	return n;
}

void xs_event_drop_all(domid_t domid)
{
	evq[domid].len = 0;
}

static bool may_read(const struct xs_watch *w, const struct xs_node *n)
{
	return xs_perm_for(w->domid, n->perms, n->nr_perms) & XS_PERM_READ;
}

/* @n at @path changed (@recurse: and is about to go with its subtree). */
void xs_watch_fire(const char *path, const struct xs_node *n, bool recurse)
{
	struct xs_watch *w;

	for (w = watches; w; w = w->next) {
		if (w->path[0] != '/' || !may_read(w, n))
			continue;
		if (xs_path_within(path, w->path))
			queue_event(w, path);
		else if (recurse && xs_path_within(w->path, path))
			queue_event(w, w->path);
	}
}

static struct xs_watch **find(domid_t domid, const char *path,
			      const char *token)
{
	struct xs_watch **pp;

	for (pp = &watches; *pp; pp = &(*pp)->next)
		if ((*pp)->domid == domid && xs_streq((*pp)->path, path) &&
		    xs_streq((*pp)->token, token))
			return pp;
	return pp;
}

int xs_watch_add(domid_t domid, const char *path, bool relative,
		 const char *token)
{
	size_t plen = xs_strlen(path) + 1, tlen = xs_strlen(token) + 1;
	struct xs_watch **pp = find(domid, path, token), *w;

	if (*pp)
		return -XEN_EEXIST;
	if (!xs_priv(domid) && nr_watches[domid] >= XS_QUOTA_WATCHES)
		return -XEN_E2BIG;
	w = xs_alloc(domid, sizeof(*w) + plen + tlen, true);
	if (!w)
		return xs_alloc_err();
	w->domid = domid;
	w->relative = relative;
	w->path = (char *)(w + 1);
	w->token = w->path + plen;
	xs_memcpy(w->path, path, plen);
	xs_memcpy(w->token, token, tlen);
	*pp = w;
	nr_watches[domid]++;
	queue_event(w, path);
	return 0;
}

static void unlink_watch(struct xs_watch **pp)
{
	struct xs_watch *w = *pp;

	*pp = w->next;
	nr_watches[w->domid]--;
	xs_free(w);
}

int xs_watch_del(domid_t domid, const char *path, const char *token)
{
	struct xs_watch **pp = find(domid, path, token);

	if (!*pp)
		return -XEN_ENOENT;
	unlink_watch(pp);
	return 0;
}

void xs_watch_del_all(domid_t domid)
{
	struct xs_watch **pp = &watches;

	while (*pp) {
		if ((*pp)->domid == domid)
			unlink_watch(pp);
		else
			pp = &(*pp)->next;
	}
}

void xs_watch_init(void)
{
	watches = NULL;
	xs_memset(nr_watches, 0, sizeof(nr_watches));
	xs_memset(evq, 0, sizeof(evq));
}
