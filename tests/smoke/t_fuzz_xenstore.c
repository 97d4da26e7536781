// SPDX-License-Identifier: GPL-2.0
/*
 * A seeded fuzzer of the XenStore ring (xs_wire.h, docs/misc/xenstore.txt,
 * docs/misc/xenstore-ring.txt).  Each round is one of:
 *
 *   garbage    a random header (type, req_id, tx_id, len) and payload;
 *              exactly one reply must come, with our req_id, the type we
 *              sent or XS_ERROR naming an E* error
 *   too big    a header with len past XENSTORE_PAYLOAD_MAX, junk behind
 *              it: E2BIG, and the store finds the next message boundary
 *              by dropping what is in the ring (hv-stub's documented
 *              rule; C xenstored ignores such a connection for good)
 *   no NUL     a path without its NUL: EINVAL
 *   bad path   empty components, a trailing '/', bad characters, too
 *              long: EINVAL
 *   huge tx    a transaction with many writes, committed or aborted: an
 *              aborted one leaves nothing behind
 *   many tx    more transactions than the quota: refused past it
 *   watches    a flood of watches (refused past the quota) and of events
 *              we do not read: replies still come
 *   indices    req_prod more than a ring ahead or behind, rsp_cons past
 *              rsp_prod or a ring behind: the store stops the connection
 *              with error XENSTORE_ERROR_RINGIDX (hv-stub offers
 *              XENSTORE_SERVER_FEATURE_RECONNECTION); we reconnect, as a
 *              front end may, and go on; rsp_cons held back within the
 *              ring only slows the replies down
 *
 * After the rounds our home's well-formed requests still work: a write
 * read back.  The harness (tests/fuzz/rings) checks that the store is back
 * to its size once we are gone.  On real Xen we are dom0 with no XenStore
 * ring: SKIP.  Options: seed=N rounds=N.
 */
#include "front.h"
#include "ringfuzz.h"

#define XS_DIRECTORY		1
#define XS_READ			2
#define XS_WATCH		4
#define XS_UNWATCH		5
#define XS_TX_START		6
#define XS_TX_END		7
#define XS_WRITE		11
#define XS_RM			13
#define XS_WATCH_EVENT		15
#define XS_ERROR		16
#define XS_RESET_WATCHES	21
#define XS_TYPES		23

#define RING_SIZE		1024
#define PAYLOAD_MAX		4096
#define REL_PATH_MAX		2048
#define SERVER_RECONNECTION	1
#define CONN_CONNECTED		0
#define CONN_RECONNECT		1
#define ERR_NONE		0
#define ERR_RINGIDX		2
#define QUOTA_TX		10	/* transactions a domain may open */
#define QUOTA_WATCHES		128
#define TIMEOUT_NS		(3 * NS_PER_SEC)

struct xs_hdr {
	u32 type, req_id, tx_id, len;
};

/* The shared page; we write req[], req_prod, rsp_cons and connection. */
struct xs_iface {
	char req[RING_SIZE];
	char rsp[RING_SIZE];
	u32 req_cons, req_prod;
	u32 rsp_cons, rsp_prod;
	u32 server_features, connection, error;
};

struct reply {
	struct xs_hdr h;
	char body[PAYLOAD_MAX + 1];	/* NUL added */
};

static struct xs_iface *xs;
static u32 next_id = 0xf0000000;
static struct reply rep;
static char msg[PAYLOAD_MAX + 64];
static unsigned long n_replies, n_errors, n_events, n_broken, n_big;
static unsigned long cur_round;

#define fail(fmt, ...) \
	test_result(FAILURE, "round %lu (seed %lu): " fmt, cur_round, \
		    rf_opt("seed", 1), ##__VA_ARGS__)

static void kick(void)
{
	u32 port = start_info->store_evtchn;

	HYPERVISOR_event_channel_op(EVTCHNOP_send, &port);
}

static void wait_a_bit(void)
{
	port_poll(start_info->store_evtchn, NS_PER_MS);
}

static int broken(void)
{
	return READ_ONCE(xs->error) != ERR_NONE;
}

/* Bytes into req[]; -1 if the store stops reading or breaks. */
static int put(const void *data, u32 len)
{
	u64 deadline = system_time_ns() + TIMEOUT_NS;
	const char *p = data;
	u32 room, i;

	while (len) {
		room = RING_SIZE - (xs->req_prod - READ_ONCE(xs->req_cons));
		if (room > RING_SIZE || broken())
			return -1;
		if (!room) {
			if (system_time_ns() > deadline)
				return -1;
			kick();
			wait_a_bit();
			continue;
		}
		if (room > len)
			room = len;
		for (i = 0; i < room; i++)
			xs->req[(xs->req_prod + i) % RING_SIZE] = p[i];
		barrier();
		xs->req_prod += room;
		p += room;
		len -= room;
	}
	kick();
	return 0;
}

/* Bytes out of rsp[]; -1 on timeout or a broken connection. */
static int get(void *data, u32 len)
{
	u64 deadline = system_time_ns() + TIMEOUT_NS;
	char *p = data;
	u32 avail, i;

	while (len) {
		avail = READ_ONCE(xs->rsp_prod) - xs->rsp_cons;
		if (avail > RING_SIZE)
			fail("rsp_prod %u is %u past our rsp_cons", xs->rsp_prod,
			     avail);
		if (!avail) {
			if (broken() || system_time_ns() > deadline)
				return -1;
			wait_a_bit();
			continue;
		}
		if (avail > len)
			avail = len;
		barrier();
		for (i = 0; i < avail; i++)
			p[i] = xs->rsp[(xs->rsp_cons + i) % RING_SIZE];
		barrier();
		xs->rsp_cons += avail;
		kick();
		p += avail;
		len -= avail;
	}
	return 0;
}

/* The next message that is no watch event; -1 if none came. */
static int get_reply(void)
{
	for (;;) {
		if (get(&rep.h, sizeof(rep.h)))
			return -1;
		if (rep.h.len > PAYLOAD_MAX)
			fail("a reply of %u bytes, past XENSTORE_PAYLOAD_MAX",
			     rep.h.len);
		if (get(rep.body, rep.h.len))
			return -1;
		rep.body[rep.h.len] = 0;
		if (rep.h.type != XS_WATCH_EVENT)
			break;
		n_events++;
	}
	n_replies++;
	return 0;
}

/* An XS_ERROR reply carries one NUL-terminated E* name. */
static void check_error_reply(void)
{
	u32 n = rep.h.len;

	n_errors++;
	if (!n || n > 16 || rep.body[n - 1] || rep.body[0] != 'E' ||
	    rf_strnlen(rep.body, n) != n - 1)
		fail("XS_ERROR reply of %u bytes is no error name", n);
}

/*
 * Send a message and take its reply, which must echo @req_id and have
 * type @type or XS_ERROR.  0, or -1 if the store did not answer.
 */
static int call(u32 type, u32 req_id, u32 tx_id, const void *p, u32 len)
{
	struct xs_hdr h = { type, req_id, tx_id, len };

	if (put(&h, sizeof(h)) || put(p, len) || get_reply())
		return -1;
	if (rep.h.req_id != req_id)
		fail("reply to req_id %x has req_id %x (type %u)", req_id,
		     rep.h.req_id, rep.h.type);
	if (rep.h.type == XS_ERROR)
		check_error_reply();
	else if (rep.h.type != type)
		fail("request type %u answered with type %u", type,
		     rep.h.type);
	return 0;
}

/*
 * A well-formed request of strings @a (with NUL) and @b (without, but for
 * XS_WATCH, whose token ends with a NUL too).
 */
static void call2(u32 type, u32 tx, const char *a, const char *b)
{
	u32 la = rf_strlen(a) + 1, lb = b ? rf_strlen(b) : 0;

	if (b && type == XS_WATCH)
		lb++;

	memcpy(msg, a, la);
	if (lb)
		memcpy(msg + la, b, lb);
	if (call(type, next_id++, tx, msg, la + lb))
		fail("no reply to a well-formed request of type %u (%s)",
		     type, a);
}

static int is_error(const char *name)
{
	return rep.h.type == XS_ERROR && !memcmp(rep.body, name,
						 rf_strlen(name) + 1);
}

static void want_error(const char *name, const char *what)
{
	if (!is_error(name))
		fail("%s: reply type %u '%s', want %s", what, rep.h.type,
		     rep.h.type == XS_ERROR ? rep.body : "", name);
}

static void want_ok(const char *what)
{
	if (rep.h.type == XS_ERROR)
		fail("%s: error %s", what, rep.body);
}

static void random_bytes(char *p, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		p[i] = rf_rand();
}

/* --- the cases ------------------------------------------------------- */

static void garbage(void)
{
	u32 type = rf_one_in(8) ? (u32)rf_rand() : rf_below(XS_TYPES + 2);
	u32 tx = rf_one_in(2) ? 0 : (u32)rf_rand();
	u32 len = rf_one_in(4) ? rf_below(PAYLOAD_MAX + 1) : rf_below(64);

	/* no random XS_WATCH: a watch on "/" would make every round noisy */
	if (type == XS_WATCH)
		type = XS_UNWATCH;
	random_bytes(msg, len);
	if (call(type, next_id++, tx, msg, len))
		fail("no reply to a random message (type %u, tx %x, len %u)",
		     type, tx, len);
}

static void too_big(void)
{
	u32 junk = rf_below(200);
	struct xs_hdr h = { XS_READ, next_id++, 0,
			    PAYLOAD_MAX + 1 + (u32)rf_below(1U << 31) };

	if (rf_one_in(4))
		h.len = 0xffffffff;
	if (rf_one_in(3))
		h.type = rf_rand();
	/* one put: the junk is in the ring when the store sees the header */
	memcpy(msg, &h, sizeof(h));
	random_bytes(msg + sizeof(h), junk);
	if (put(msg, sizeof(h) + junk) || get_reply())
		fail("no reply to a request of %u bytes", h.len);
	if (rep.h.req_id != h.req_id)
		fail("E2BIG reply has req_id %x, want %x", rep.h.req_id,
		     h.req_id);
	want_error("E2BIG", "a request past XENSTORE_PAYLOAD_MAX");
	n_big++;
}

static void no_nul(void)
{
	static const char path[] = "fuzz/no-nul";

	memcpy(msg, path, sizeof(path) - 1);
	if (call(rf_one_in(2) ? XS_READ : XS_WRITE, next_id++, 0, msg,
		 sizeof(path) - 1))
		fail("no reply to a path without its NUL");
	want_error("EINVAL", "a path without its NUL");
}

static const char *const bad_paths[] = {
	"fuzz//a", "fuzz/", "/", "//local", "fuzz/a b", "fuzz/\x01",
	"fuzz/a.b", "fuzz/\xff", "/local/domain//1", "fuzz/a/",
};

static void bad_path(void)
{
	u32 i = rf_below(ARRAY_SIZE(bad_paths) + 1), n;
	const char *p;

	if (i == ARRAY_SIZE(bad_paths)) {
		n = REL_PATH_MAX + 1 + rf_below(PAYLOAD_MAX - REL_PATH_MAX - 8);
		memset(msg, 'a', n);
		msg[n] = 0;
		p = msg;
	} else {
		p = bad_paths[i];
	}
	/* "/" is a valid path; writing it is not ours to do */
	call2(p[0] == '/' && !p[1] ? XS_WRITE : rf_one_in(2) ? XS_READ :
	      XS_WRITE, 0, p, "x");
	if (p[0] == '/' && !p[1]) {
		want_error("EACCES", "a write of /");
		return;
	}
	want_error("EINVAL", "a malformed path");
}

static u32 tx_start(void)
{
	u32 id = 0, i;

	call2(XS_TX_START, 0, "", NULL);
	if (rep.h.type == XS_ERROR)
		return 0;
	for (i = 0; rep.body[i] >= '0' && rep.body[i] <= '9'; i++)
		id = id * 10 + rep.body[i] - '0';
	if (!i || rep.body[i] || !id)
		fail("TRANSACTION_START answered '%s'", rep.body);
	return id;
}

static void huge_tx(void)
{
	u32 tx = tx_start(), i, n = rf_below(400), done = 0;
	int commit = rf_one_in(2);
	char path[32], val[32];

	if (!tx)
		return;		/* quota taken by garbage rounds */
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "fuzz/tx/%u", i);
		snprintf(val, sizeof(val), "%lu", rf_rand());
		call2(XS_WRITE, tx, path, val);
		if (rep.h.type == XS_ERROR)
			break;
		done++;
	}
	call2(XS_TX_END, tx, commit ? "T" : "F", NULL);
	if (!commit)
		want_ok("aborting a transaction");
	call2(XS_READ, 0, "fuzz/tx/0", NULL);
	if ((!commit || !done) && !is_error("ENOENT"))
		fail("a node of an aborted transaction (%u writes) is there",
		     done);
	call2(XS_RM, 0, "fuzz/tx", NULL);
}

static void many_tx(void)
{
	u32 ids[QUOTA_TX + 6], n = 0, i;

	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		ids[n] = tx_start();
		if (ids[n])
			n++;
	}
	if (n > QUOTA_TX)
		fail("%u transactions open at once, quota %u", n, QUOTA_TX);
	for (i = 0; i < n; i++) {
		call2(XS_TX_END, ids[i], "F", NULL);
		want_ok("aborting one of many transactions");
	}
}

static void watch_flood(void)
{
	u32 i, n = 0, tries = QUOTA_WATCHES + 8, writes = rf_below(300);
	unsigned long events = n_events;
	char path[32], tok[32];

	for (i = 0; i < tries; i++) {
		snprintf(path, sizeof(path), "fuzz/w/%u", i % 4);
		snprintf(tok, sizeof(tok), "t%u-%lu", i, rf_rand() % 1000);
		call2(XS_WATCH, 0, path, tok);
		n += rep.h.type != XS_ERROR;
	}
	if (n > QUOTA_WATCHES || !n)
		fail("%u watches set of %u, quota %u", n, tries,
		     QUOTA_WATCHES);
	/* events we do not wait for: the replies must still come through */
	for (i = 0; i < writes; i++) {
		snprintf(path, sizeof(path), "fuzz/w/%u", i % 4);
		call2(XS_WRITE, 0, path, "v");
	}
	if (n_events == events)
		fail("%u watches set, no event came", n);
	call2(XS_RESET_WATCHES, 0, "", NULL);
	want_ok("XS_RESET_WATCHES");
	call2(XS_RM, 0, "fuzz/w", NULL);
}

/* Ask for a reconnection; the store must clear the error. */
static void reconnect(const char *after)
{
	u64 deadline = system_time_ns() + TIMEOUT_NS;

	if (!(xs->server_features & SERVER_RECONNECTION))
		test_result(FAILURE, "%s: connection stopped, and the store offers no reconnection",
			    after);
	WRITE_ONCE(xs->connection, CONN_RECONNECT);
	barrier();
	kick();
	while (READ_ONCE(xs->connection) != CONN_CONNECTED || broken()) {
		if (system_time_ns() > deadline)
			fail("%s: no reconnection in 3 s (connection %u, error %u)",
			     after, xs->connection, xs->error);
		wait_a_bit();
	}
}

/* The store must stop the connection with ERR_RINGIDX. */
static void want_broken(const char *what)
{
	u64 deadline = system_time_ns() + TIMEOUT_NS;

	kick();
	while (READ_ONCE(xs->error) != ERR_RINGIDX) {
		if (system_time_ns() > deadline)
			fail("%s: error %u after 3 s, want %u (RINGIDX)", what,
			     xs->error, ERR_RINGIDX);
		wait_a_bit();
	}
	n_broken++;
	reconnect(what);
}

static void indices(void)
{
	struct xs_hdr h = { XS_READ, next_id++, 0, 5 };
	u32 k = 1 + rf_below(RING_SIZE * 4), held;

	switch (rf_below(5)) {
	case 0:
		xs->req_prod = READ_ONCE(xs->req_cons) + RING_SIZE + k;
		want_broken("req_prod more than a ring ahead");
		break;
	case 1:
		xs->req_prod = READ_ONCE(xs->req_cons) - k;
		want_broken("req_prod behind req_cons");
		break;
	case 2:
	case 3:
		/* noticed when the store has a reply to write */
		xs->rsp_cons = rf_one_in(2) ? READ_ONCE(xs->rsp_prod) + k :
			       READ_ONCE(xs->rsp_prod) - RING_SIZE - k;
		memcpy(msg, "fuzz", 5);
		if (put(&h, sizeof(h)) || put(msg, 5))
			fail("cannot send a request after moving rsp_cons");
		want_broken("rsp_cons moved past the ring");
		break;
	default:
		/* held back within the ring: the reply waits for room */
		held = xs->rsp_cons;
		xs->rsp_cons = held - (RING_SIZE - 8);
		memcpy(msg, "fuzz", 5);
		if (put(&h, sizeof(h)) || put(msg, 5))
			fail("cannot send a request with rsp_cons held back");
		port_poll(start_info->store_evtchn, 20 * NS_PER_MS);
		if (broken())
			fail("rsp_cons held back within the ring broke the connection");
		xs->rsp_cons = held;
		kick();
		if (get_reply() || rep.h.req_id != h.req_id)
			fail("no reply once rsp_cons came back");
		break;
	}
}

static void round_once(void)
{
	u64 r = rf_below(100);

	if (r < 55)
		garbage();
	else if (r < 62)
		too_big();
	else if (r < 67)
		no_nul();
	else if (r < 77)
		bad_path();
	else if (r < 82)
		huge_tx();
	else if (r < 85)
		many_tx();
	else if (r < 89)
		watch_flood();
	else
		indices();
}

static void check_service(void)
{
	char val[32];

	/* drops what garbage rounds left: watches, transactions */
	reconnect("the final reconnection");
	call2(XS_RM, 0, "fuzz", NULL);
	snprintf(val, sizeof(val), "seed-%lu", rf_opt("seed", 1));
	call2(XS_WRITE, 0, "fuzz-check", val);
	want_ok("the final write");
	call2(XS_READ, 0, "fuzz-check", NULL);
	want_ok("the final read");
	if (memcmp(rep.body, val, rf_strlen(val) + 1))
		fail("read back '%s', wrote '%s'", rep.body, val);
	call2(XS_RM, 0, "fuzz-check", NULL);
	want_ok("the final rm");
}

void test_main(void)
{
	u64 rounds = rf_start("fuzz_xenstore", 1, 400);

	if (is_dom0() || !start_info->store_mfn)
		test_result(SKIP, "no XenStore ring (we are dom0): nothing to fuzz");
	events_disable();
	xs = (struct xs_iface *)scratch_va(0);
	if (map_page((unsigned long)xs, start_info->store_mfn, _PAGE_PRESENT |
		     _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_NX))
		test_result(ERROR, "cannot map the XenStore ring");
	for (cur_round = 0; cur_round < rounds; cur_round++)
		round_once();
	check_service();
	test_result(SUCCESS, "seed %lu, %lu rounds: %lu replies (%lu errors), %lu events skipped, %lu E2BIG, %lu stopped connections resumed; then read and write work",
		    rf_opt("seed", 1), rounds, n_replies, n_errors, n_events,
		    n_big, n_broken);
}
