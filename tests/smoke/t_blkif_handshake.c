// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile front end in the XenBus handshake of xvda: ring keys wrong in
 * every way we can think of, each published with state Initialised.  The
 * back end must refuse each one (Closing, never Connected) and hold none
 * of the grants it named: a ring page it pinned before it found the fault
 * must be released.  When we close (Closed) and start over (Initialising)
 * it must come back to InitWait.  Multi-queue keys too: a queue count of
 * 0 or above multi-queue-max-queues, a queue with a key missing, a bad
 * second ring after a good first one (which must be let go), two queues
 * on one event channel.  A correct two-queue handshake must connect with
 * both rings pinned; a read pushed on each ring just before we close must
 * be answered on its own ring before the back end shows Closed, and then
 * no grant may be held.  After all of them a
 * correct handshake connects and a read returns the disk's data.
 * On real Xen we are dom0 without XenStore: SKIP.
 */
#include "front.h"

#define DEVID		51712		/* xvda */
#define NR_PAGES	4
#define STATE_NS	(5 * NS_PER_SEC)

static _Alignas(PAGE_SIZE) u8 ring[2][PAGE_SIZE];
static _Alignas(PAGE_SIZE) u8 pages[NR_PAGES][PAGE_SIZE];
static u8 *pinned;		/* a frame pinned as an L1 table */
static unsigned int nr_wrong;

static const char *const keys[] = {
	"ring-ref", "ring-ref0", "ring-ref1", "ring-page-order",
	"event-channel", "protocol", "multi-queue-num-queues",
	"queue-0", "queue-1",
};
static u32 port1;		/* a second queue's event channel, or 0 */
static u32 ref1;		/* a second queue's good ring */

static const char *const what[] = {
	"ring-ref never granted",
	"ring-ref granted to domain 5",
	"ring-ref granted read-only",
	"ring-ref past the grant table",
	"ring-ref a frame pinned as a page table",
	"ring-ref 2^32 + a good ref",
	"ring-ref not a number",
	"ring-ref missing",
	"event-channel unbound for another domain",
	"event-channel never allocated",
	"event-channel 2^32 + a good port",
	"event-channel the XenStore port",
	"event-channel missing",
	"protocol bogus-abi",
	"ring-page-order above max-ring-page-order",
	"ring-page-order 1, ring-ref1 missing",
	"ring-page-order 1, ring-ref1 never granted",
	"multi-queue-num-queues 2, flat keys only",
	"multi-queue-num-queues 0",
	"multi-queue-num-queues above multi-queue-max-queues",
	"multi-queue-num-queues not a number",
	"multi-queue 2, queue-1/event-channel missing",
	"multi-queue 2, queue-1/ring-ref missing",
	"multi-queue 2, queue-1/ring-ref never granted",
	"multi-queue 2, both queues on one event channel",
};

static void set_str(const char *key, const char *value)
{
	if (blkfront_set(&blk, key, value))
		test_result(ERROR, "cannot write %s/%s", blk.fe, key);
}

static void set(const char *key, u64 val)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lu", val);
	set_str(key, buf);
}

static u32 unbound_port(u16 remote)
{
	struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
					   .remote_dom = remote };

	if (HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &au))
		test_result(ERROR, "alloc_unbound for domain %u failed",
			    remote);
	return au.port;
}

/* A two-page ring whose second ref is @ref1. */
static void order1(u32 ref0, u32 ref1, int with_ref1)
{
	set("ring-page-order", 1);
	set("ring-ref0", ref0);
	if (with_ref1)
		set("ring-ref1", ref1);
}

/* Queue @q's keys: ring @ref (unless ~0), event channel @port (unless 0). */
static void queue_keys(unsigned int q, u32 ref, u32 port)
{
	char key[32];

	if (ref != ~0U) {
		snprintf(key, sizeof(key), "queue-%u/ring-ref", q);
		set(key, ref);
	}
	if (port) {
		snprintf(key, sizeof(key), "queue-%u/event-channel", q);
		set(key, port);
	}
}

/* Two queues: @ref and @port for the first, a good or bad second one. */
static void two_queues(unsigned int i, u32 ref, u32 port)
{
	blkfront_rm(&blk, "ring-ref");
	blkfront_rm(&blk, "event-channel");
	set("multi-queue-num-queues", 2);
	queue_keys(0, ref, port);
	port1 = unbound_port(0);
	switch (i) {
	case 21:
		queue_keys(1, grant_page(ring[1], 0, 0), 0);
		break;
	case 22:
		queue_keys(1, ~0U, port1);
		break;
	case 23:
		queue_keys(1, unused_gref(), port1);
		break;
	case 24:
		queue_keys(1, grant_page(ring[1], 0, 0), port);
		break;
	default:
		ref1 = grant_page(ring[1], 0, 0);
		queue_keys(1, ref1, port1);
	}
}

/* Case @i's keys: good ones (ring @ref, port @port) but for one fault. */
static void write_keys(unsigned int i, u32 ref, u32 port)
{
	set("ring-ref", ref);
	set("event-channel", port);
	set_str("protocol", "x86_64-abi");
	if (i > 20) {
		two_queues(i, ref, port);
		return;
	}
	switch (i) {
	case 0:
		set("ring-ref", unused_gref());
		break;
	case 1:
		set("ring-ref", grant_page(ring, 5, 0));
		break;
	case 2:
		set("ring-ref", grant_page(ring, 0, GTF_readonly));
		break;
	case 3:
		set("ring-ref", gnttab_size());
		break;
	case 4:
		set("ring-ref", grant_page(pinned, 0, 0));
		break;
	case 5:
		set("ring-ref", (1UL << 32) + ref);
		break;
	case 6:
		set_str("ring-ref", "8x");
		break;
	case 7:
		blkfront_rm(&blk, "ring-ref");
		break;
	case 8:
		set("event-channel", unbound_port(DOMID_SELF));
		break;
	case 9:
		set("event-channel", 1000);
		break;
	case 10:
		set("event-channel", (1UL << 32) + port);
		break;
	case 11:
		set("event-channel", start_info->store_evtchn);
		break;
	case 12:
		blkfront_rm(&blk, "event-channel");
		break;
	case 13:
		set_str("protocol", "bogus-abi");
		break;
	case 14:
		set("ring-page-order", blk.max_ring_order + 1);
		set("ring-ref0", ref);
		break;
	case 15:
		order1(ref, 0, 0);
		break;
	case 16:
		order1(ref, unused_gref(), 1);
		break;
	case 17:
		set("multi-queue-num-queues", 2);
		break;
	case 18:
		set("multi-queue-num-queues", 0);
		break;
	case 19:
		set("multi-queue-num-queues", blk.max_queues + 1);
		break;
	case 20:
		set_str("multi-queue-num-queues", "two");
		break;
	}
}

static void close_ports(u32 port)
{
	HYPERVISOR_event_channel_op(EVTCHNOP_close, &port);
	if (port1)
		HYPERVISOR_event_channel_op(EVTCHNOP_close, &port1);
	port1 = 0;
}

/* Closed, our keys gone, Initialising: the back end is in InitWait. */
static void start_over(const char *after)
{
	unsigned int i;
	int state;

	set("state", XB_CLOSED);
	state = blkfront_await(&blk, 1U << XB_CLOSED, STATE_NS);
	if (state != XB_CLOSED)
		test_result(FAILURE, "after '%s': back end in state %d once we closed, want %d",
			    after, state, XB_CLOSED);
	for (i = 0; i < ARRAY_SIZE(keys); i++)
		blkfront_rm(&blk, keys[i]);
	set("state", XB_INITIALISING);
	state = blkfront_await(&blk, 1U << XB_INITWAIT, STATE_NS);
	if (state != XB_INITWAIT)
		test_result(FAILURE, "after '%s': back end in state %d once we started over, want %d",
			    after, state, XB_INITWAIT);
}

/* Refs @first.. must all be idle; end them. */
static const char *grants_idle(u32 first, u32 last)
{
	static char why[48];
	u32 ref;

	for (ref = first; ref < last; ref++) {
		if (gnttab_end(ref)) {
			snprintf(why, sizeof(why), "grant %u still in use", ref);
			return why;
		}
	}
	return NULL;
}

static void attempt(unsigned int i)
{
	static const unsigned int done = 1U << XB_CONNECTED |
		1U << XB_CLOSING | 1U << XB_CLOSED;
	u32 first = new_gref(), port = unbound_port(0);
	const char *why = NULL;
	int state;

	gnttab_grant(first, 0, virt_to_mfn(ring), 0);
	write_keys(i, first, port);
	set("state", XB_INITIALISED);
	state = blkfront_await(&blk, done, STATE_NS);
	if (state == XB_CONNECTED)
		why = "connected";
	else if (state != XB_CLOSING && state != XB_CLOSED)
		why = "no answer in 5 s";
	else
		why = grants_idle(first, new_gref());
	cprintf("blkif: handshake: %s: back end state %d: %s%s\n", what[i],
		state, why ? "WRONG, " : "ok", why ?: "");
	if (why && !nr_wrong++)
		cprintf("blkif: handshake: first wrong: %s\n", what[i]);
	close_ports(port);
	start_over(what[i]);
}

/* A one-page read of sector @q * 8 into pages[@q] on ring @q, notified. */
static void push_read(unsigned int q, u32 port)
{
	struct blkif_sring *s = (struct blkif_sring *)ring[q];
	union blkif_slot req;

	memset(&req, 0, sizeof(req));
	req.rw.operation = BLKIF_OP_READ;
	req.rw.nr_segments = 1;
	req.rw.id = 0xd0 + q;
	req.rw.sector = q * 8;
	req.rw.seg[0].gref = grant_page(pages[q], 0, 0);
	req.rw.seg[0].last_sect = 7;
	memset(pages[q], POISON, PAGE_SIZE);
	memcpy(&s->slot[0], &req, sizeof(req));
	barrier();
	WRITE_ONCE(s->req_prod, 1);
	barrier();
	HYPERVISOR_event_channel_op(EVTCHNOP_send, &port);
}

/* After Closed: ring @q's one response, and the sector it read. */
static const char *read_answered(unsigned int q)
{
	struct blkif_sring *s = (struct blkif_sring *)ring[q];
	struct blkif_rsp *rsp = &s->slot[0].rsp;

	if (READ_ONCE(s->rsp_prod) != 1)
		return "a ring's read not answered before Closed";
	if (rsp->id != 0xd0 + q || rsp->status != BLKIF_RSP_OKAY)
		return "a read answered with the wrong id or status";
	if (!holds_pattern(pages[q], q * 8, SECTORS_PER_PAGE))
		return "a read brought the wrong data";
	return NULL;
}

/* Both rings of a good two-queue handshake pinned, drained, let go. */
static void two_queues_connect(void)
{
	u32 first = new_gref(), port = unbound_port(0);
	const char *why = NULL;
	int state;

	memset(ring, 0, sizeof(ring));
	gnttab_grant(first, 0, virt_to_mfn(ring), 0);
	write_keys(ARRAY_SIZE(what), first, port);
	set("state", XB_INITIALISED);
	state = blkfront_await(&blk, 1U << XB_CONNECTED | 1U << XB_CLOSING,
			       STATE_NS);
	if (state != XB_CONNECTED)
		why = "not connected";
	else if (!(gnttab_flags(first) & GTF_writing) ||
		 !(gnttab_flags(ref1) & GTF_writing))
		why = "a ring page not pinned while connected";
	if (!why) {
		push_read(0, port);
		push_read(1, port1);
	}
	set("state", XB_CLOSED);
	state = blkfront_await(&blk, 1U << XB_CLOSED, STATE_NS);
	if (!why && state != XB_CLOSED)
		why = "not closed";
	if (!why)
		why = read_answered(0) ?: read_answered(1);
	if (!why)
		why = grants_idle(first, new_gref());
	cprintf("blkif: handshake: multi-queue 2, good keys: %s%s\n",
		why ? "WRONG, " : "connected, reads answered, let go: ok",
		why ?: "");
	if (why)
		test_result(FAILURE, "two-queue handshake: %s", why);
	close_ports(port);
	start_over("the two-queue handshake");
}

void test_main(void)
{
	unsigned int i;

	blk_probe(DEVID, pages, NR_PAGES);
	pinned = pinned_l1();
	if (blk.max_queues < 2)
		test_result(FAILURE, "multi-queue-max-queues %lu: want 2 or more",
			    blk.max_queues);
	for (i = 0; i < ARRAY_SIZE(what); i++)
		attempt(i);
	two_queues_connect();
	blk_connect(ring, 0);
	good_read("the bad handshakes", 0);
	if (nr_wrong)
		test_result(FAILURE, "%u of %u bad handshakes not refused cleanly",
			    nr_wrong, (unsigned int)ARRAY_SIZE(what));
	if (cases_wrong)
		test_result(FAILURE, "connected after the bad handshakes, but %s",
			    first_wrong);
	test_result(SUCCESS, "%u bad handshakes refused, grants released; two queues connected, drained and closed; then connected and read",
		    (unsigned int)ARRAY_SIZE(what));
}
