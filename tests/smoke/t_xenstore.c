// SPDX-License-Identifier: GPL-2.0
/*
 * The XenStore ring of an unprivileged domain, spoken raw: a relative
 * read of "domid", a write and read-back under our home, a write outside
 * it refused with EACCES, a watch that fires at once, and an oversized
 * request answered with an error after which the ring still works.
 * On real Xen the test kernel is dom0, which has no XenStore ring: SKIP.
 */
#include "smoke.h"

#define XS_READ		2
#define XS_WATCH	4
#define XS_WRITE	11
#define XS_WATCH_EVENT	15
#define XS_ERROR	16
#define RING_SIZE	1024

struct xs_msg {
	u32 type, req_id, tx_id, len;
};

struct xs_ring {
	char req[RING_SIZE];
	char rsp[RING_SIZE];
	u32 req_cons, req_prod, rsp_cons, rsp_prod;
};

static struct xs_ring *ring;

static void notify(void)
{
	u32 port = start_info->store_evtchn;

	HYPERVISOR_event_channel_op(EVTCHNOP_send, &port);
}

static void put(const void *data, u32 len)
{
	const char *p = data;
	u32 i;

	for (i = 0; i < len; i++)
		ring->req[(ring->req_prod + i) % RING_SIZE] = p[i];
	barrier();
	ring->req_prod += len;
}

static void send(u32 type, u32 id, const char *a, u32 alen, const char *b,
		 u32 blen)
{
	struct xs_msg m = { type, id, 0, alen + blen };

	put(&m, sizeof(m));
	put(a, alen);
	put(b, blen);
	notify();
}

/* Wait for one message; returns its type, payload in @buf. */
static u32 receive(struct xs_msg *m, char *buf, u32 max)
{
	u64 deadline = system_time_ns() + 2000000000ull;
	u32 i;

	while (ring->rsp_prod - ring->rsp_cons < sizeof(*m)) {
		if (system_time_ns() > deadline)
			test_result(FAILURE, "no reply from XenStore");
		barrier();
	}
	for (i = 0; i < sizeof(*m); i++)
		((char *)m)[i] = ring->rsp[(ring->rsp_cons + i) % RING_SIZE];
	if (m->len >= max)
		test_result(FAILURE, "reply of %u bytes", m->len);
	while (ring->rsp_prod - ring->rsp_cons < sizeof(*m) + m->len)
		barrier();
	for (i = 0; i < m->len; i++)
		buf[i] = ring->rsp[(ring->rsp_cons + sizeof(*m) + i) % RING_SIZE];
	buf[m->len] = 0;
	ring->rsp_cons += sizeof(*m) + m->len;
	notify();
	return m->type;
}

/* The reply's type and the start of its payload (NULs included). */
static void expect(const char *what, u32 type, const char *payload)
{
	struct xs_msg m;
	char buf[256];
	u32 n = 0;

	while (payload[n])
		n++;
	if (receive(&m, buf, sizeof(buf)) != type || m.len < n ||
	    memcmp(buf, payload, n))
		test_result(FAILURE, "%s: reply type %u '%s', want %u '%s'",
			    what, m.type, buf, type, payload);
}

void test_main(void)
{
	static const char big[8] = "x";
	struct xs_msg huge = { XS_READ, 9, 0, 5000 };

	if (is_dom0() || !start_info->store_mfn)
		test_result(SKIP, "no XenStore ring (we are dom0)");
	if (map_page(scratch_va(0), start_info->store_mfn,
		     _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY))
		test_result(ERROR, "cannot map the XenStore ring");
	ring = (struct xs_ring *)scratch_va(0);

	send(XS_READ, 1, "domid", 6, NULL, 0);
	expect("read domid", XS_READ, "1");
	send(XS_WRITE, 2, "data/smoke", 11, "hello", 5);
	expect("write data/smoke", XS_WRITE, "OK");
	send(XS_READ, 3, "data/smoke", 11, NULL, 0);
	expect("read back", XS_READ, "hello");
	send(XS_WRITE, 4, "/outside", 9, "x", 1);
	expect("write outside our home", XS_ERROR, "EACCES");
	send(XS_WATCH, 5, "data", 5, "tok", 4);
	expect("watch reply", XS_WATCH, "OK");
	expect("first watch event", XS_WATCH_EVENT, "data");
	put(&huge, sizeof(huge));
	put(big, sizeof(big));
	notify();
	expect("oversized request", XS_ERROR, "E2BIG");
	send(XS_READ, 6, "data/smoke", 11, NULL, 0);
	expect("read after the error", XS_READ, "hello");
	test_result(SUCCESS, "read, write, EACCES, watch, E2BIG recovery");
}
