// SPDX-License-Identifier: GPL-2.0
/*
 * XenStore watches.
 *
 * Each registered watch has a token of its own ("xpv<n>", never a kernel
 * address) and sits on xs_watches.  The store reports a change with an
 * XS_WATCH_EVENT "path\0token\0"; the ring reader (xs_ring.c) hands it
 * here, where it is matched by token and queued.  One thread,
 * "xenwatch", runs the callbacks in order, one at a time, with
 * xs_watch_run held: so the bus and the drivers see probe, removal and
 * state changes serialized, and unregistering can wait for a running
 * callback.
 *
 * The store fires a new watch once at once and may fire spuriously:
 * callbacks re-read what they care about.  Events for a watch that is
 * being unregistered are dropped: unregistering takes the watch off
 * xs_watches first (no new events are queued for it), then purges the
 * queue, then waits for a callback that may be running (not when called
 * from a callback, which would wait for itself).
 */
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/wait.h>
#include "xb_internal.h"

struct xs_event {
	struct list_head list;
	struct xb_watch *watch;
	char *body;		/* "path\0token\0" */
};

static LIST_HEAD(xs_watches);		/* under xs_watches_lock */
static DEFINE_SPINLOCK(xs_watches_lock);
static u32 xs_next_token;		/* under xs_watches_lock */

static LIST_HEAD(xs_events);		/* under xs_events_lock */
static DEFINE_SPINLOCK(xs_events_lock);
static DECLARE_WAIT_QUEUE_HEAD(xs_events_wq);

static DEFINE_MUTEX(xs_watch_run);	/* held while a callback runs */
static struct task_struct *xs_watch_task;

bool xs_on_watch_thread(void)
{
	return current == xs_watch_task;
}

static struct xb_watch *xs_find_watch(const char *token)
{
	struct xb_watch *w;

	list_for_each_entry(w, &xs_watches, list)
		if (!strcmp(w->token, token))
			return w;
	return NULL;
}

static void xs_drop_event(char *body, const char *why)
{
	pr_warn_ratelimited("xenbus: watch event dropped (%s)\n", why);
	kfree(body);
}

void xs_watch_event(char *body, unsigned int len)
{
	size_t plen = strnlen(body, len);
	struct xs_event *ev;
	struct xb_watch *w;

	if (plen + 1 >= len) {
		xs_drop_event(body, "malformed");
		return;
	}
	ev = kmalloc(sizeof(*ev), GFP_KERNEL);
	if (!ev) {
		xs_drop_event(body, "no memory");
		return;
	}
	ev->body = body;
	spin_lock(&xs_watches_lock);
	w = xs_find_watch(body + plen + 1);
	ev->watch = w;
	if (w) {
		spin_lock(&xs_events_lock);
		list_add_tail(&ev->list, &xs_events);
		spin_unlock(&xs_events_lock);
	}
	spin_unlock(&xs_watches_lock);
	if (!w) {
		/* A watch we just removed: nothing to tell. */
		kfree(body);
		kfree(ev);
		return;
	}
	wake_up(&xs_events_wq);
}

static struct xs_event *xs_next_event(void)
{
	struct xs_event *ev = NULL;

	spin_lock(&xs_events_lock);
	if (!list_empty(&xs_events)) {
		ev = list_first_entry(&xs_events, struct xs_event, list);
		list_del(&ev->list);
	}
	spin_unlock(&xs_events_lock);
	return ev;
}

static bool xs_have_events(void)
{
	bool have;

	spin_lock(&xs_events_lock);
	have = !list_empty(&xs_events);
	spin_unlock(&xs_events_lock);
	return have;
}

static int xs_watch_thread(void *unused)
{
	struct xs_event *ev;

	for (;;) {
		wait_event_interruptible(xs_events_wq, xs_have_events());
		mutex_lock(&xs_watch_run);
		ev = xs_next_event();
		if (ev)
			ev->watch->callback(ev->watch, ev->body);
		mutex_unlock(&xs_watch_run);
		if (ev) {
			kfree(ev->body);
			kfree(ev);
		}
	}
	return 0;
}

static int xs_watch_op(u32 type, struct xb_watch *w)
{
	struct kvec vec[2] = {
		{ .iov_base = (void *)w->path, .iov_len = strlen(w->path) + 1 },
		{ .iov_base = w->token, .iov_len = strlen(w->token) + 1 },
	};
	void *reply = xs_talk(type, XBT_NIL, vec, 2, NULL);

	if (IS_ERR(reply))
		return PTR_ERR(reply);
	kfree(reply);
	return 0;
}

int xb_watch_register(struct xb_watch *w)
{
	int ret;

	spin_lock(&xs_watches_lock);
	snprintf(w->token, sizeof(w->token), "xpv%u", xs_next_token++);
	list_add_tail(&w->list, &xs_watches);
	spin_unlock(&xs_watches_lock);

	ret = xs_watch_op(XS_WATCH, w);
	if (ret) {
		spin_lock(&xs_watches_lock);
		list_del(&w->list);
		spin_unlock(&xs_watches_lock);
		pr_warn("xenbus: cannot watch %s: %d\n", w->path, ret);
	}
	return ret;
}

static void xs_purge_events(struct xb_watch *w)
{
	struct xs_event *ev, *n;
	LIST_HEAD(gone);

	spin_lock(&xs_events_lock);
	list_for_each_entry_safe(ev, n, &xs_events, list)
		if (ev->watch == w)
			list_move(&ev->list, &gone);
	spin_unlock(&xs_events_lock);
	list_for_each_entry_safe(ev, n, &gone, list) {
		kfree(ev->body);
		kfree(ev);
	}
}

void xb_watch_unregister(struct xb_watch *w)
{
	int ret;

	spin_lock(&xs_watches_lock);
	list_del(&w->list);
	spin_unlock(&xs_watches_lock);

	ret = xs_watch_op(XS_UNWATCH, w);
	if (ret)
		pr_warn("xenbus: cannot unwatch %s: %d\n", w->path, ret);
	xs_purge_events(w);
	if (!xs_on_watch_thread()) {
		mutex_lock(&xs_watch_run);
		mutex_unlock(&xs_watch_run);
	}
}

int __init xs_watch_init(void)
{
	struct task_struct *t = kthread_run(xs_watch_thread, NULL, "xenwatch");

	if (IS_ERR(t))
		return PTR_ERR(t);
	xs_watch_task = t;
	return 0;
}
