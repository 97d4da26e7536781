// SPDX-License-Identifier: GPL-2.0
/*
 * A seeded fuzzer of the block back end's ring (io/blkif.h) on xvda, the
 * patterned disk of tests/smoke/run (make_disk).  Rounds are batches of
 * random requests, each either good or with exactly one fault, so that
 * its answer is known:
 *
 *   good        read (the disk's pattern must arrive) or write (of the
 *               pattern itself, so the disk stays as it was), 1..11
 *               segments of random sector ranges; indirect reads and
 *               writes; a flush: OKAY
 *   one fault   a sector range past the end, first_sect > last_sect,
 *               last_sect past the page, a ref never granted, past our
 *               table, granted to another domain, or read-only for a
 *               read, 0 or more than 11 segments, a bad indirect page,
 *               segment count or segment inside: ERROR; a barrier or an
 *               unknown operation: EOPNOTSUPP; a discard past the end:
 *               ERROR (EOPNOTSUPP without feature-discard)
 *   garbage     random bytes with an operation the back end must refuse
 *
 * Each response must name a request in flight, carry its operation and
 * status, and find every grant of it idle; grants are ended and reused.
 * Other rounds play with the ring: req_prod more than a ring ahead of the
 * responses or behind them (the back end stops the ring: no response
 * comes), and rapid re-handshakes with reads in flight (the back end
 * answers what it took, then Closed with no grant of ours held).  Each
 * stopped ring is followed by a new handshake with a ring of random order.
 * At the end the whole disk is read back: every sector holds its pattern.
 * On real Xen we are dom0 without XenStore: SKIP.  Options: seed=N
 * rounds=N.
 */
#include "front.h"
#include "ringfuzz.h"

#define DEVID		51712		/* xvda */
#define NR_PAGES	128
#define MAX_BATCH	8
#define IND_SEGS	32		/* at most, in our indirect requests */
#define MAX_REFS	(IND_SEGS + 1)
#define FIRST_DATA_REF	64
#define TIMEOUT_NS	(5 * NS_PER_SEC)
#define STATE_NS	(5 * NS_PER_SEC)
#define FOREIGN_DOMID	7

static _Alignas(PAGE_SIZE) u8 ring[4][PAGE_SIZE];
static _Alignas(PAGE_SIZE) u8 pages[NR_PAGES][PAGE_SIZE];

struct fz_req {
	union blkif_slot slot;
	u8 want_op;
	s16 want;
	u32 ref[MAX_REFS];		/* ours, ended after the response */
	unsigned int nr_refs;
	struct { u8 *buf; u64 sector; u8 n; } chk[IND_SEGS];
	unsigned int nr_chk;
	int seen;
	const char *what;
};

static struct fz_req reqs[MAX_BATCH];
static unsigned int nr_reqs, pages_used;
static u32 free_refs[512], nr_free_refs;
static u64 next_id = 0xf022000000000000UL;
static unsigned long cur_round, n_reqs, n_ok, n_err, n_notsupp, n_stops,
	n_handshakes;

#define fail(fmt, ...) \
	test_result(FAILURE, "round %lu (seed %lu): " fmt, cur_round, \
		    rf_opt("seed", 1), ##__VA_ARGS__)

static const char *const our_keys[] = {
	"ring-ref", "ring-ref0", "ring-ref1", "ring-ref2", "ring-ref3",
	"ring-page-order", "event-channel", "protocol",
};

/* --- grants and pages ------------------------------------------------ */

static u32 get_ref(void)
{
	if (!nr_free_refs)
		test_result(ERROR, "test bug: out of grant refs");
	return free_refs[--nr_free_refs];
}

static u8 *get_page(u8 fill)
{
	u8 *p = pages[pages_used++];

	memset(p, fill, PAGE_SIZE);
	return p;
}

static u32 grant(struct fz_req *q, const void *p, u16 domid, u16 flags)
{
	u32 ref = get_ref();

	if (q->nr_refs == MAX_REFS)
		test_result(ERROR, "test bug: too many grants in a request");
	gnttab_grant(ref, domid, virt_to_mfn(p), flags);
	q->ref[q->nr_refs++] = ref;
	return ref;
}

/* --- building requests ----------------------------------------------- */

static struct fz_req *new_req(const char *what, s16 want)
{
	struct fz_req *q = &reqs[nr_reqs++];

	memset(q, 0, sizeof(*q));
	q->what = what;
	q->want = want;
	q->slot.rw.id = next_id++;
	return q;
}

/* Fill sectors @first..@last of @p: for a write the pattern, else POISON. */
static void seg_data(struct fz_req *q, u8 *p, u8 first, u8 last, u64 sector,
		     int write)
{
	unsigned int i;

	if (write) {
		for (i = first; i <= last && i < SECTORS_PER_PAGE; i++)
			disk_pattern(p + i * SECTOR_SIZE, sector + i - first);
	} else if (q->nr_chk < IND_SEGS) {
		q->chk[q->nr_chk].buf = p + first * SECTOR_SIZE;
		q->chk[q->nr_chk].sector = sector;
		q->chk[q->nr_chk].n = last - first + 1;
		q->nr_chk++;
	}
}

/* Random first/last sectors of @n segments; total sectors. */
static unsigned int random_spans(u8 *first, u8 *last, unsigned int n)
{
	unsigned int i, total = 0;

	for (i = 0; i < n; i++) {
		first[i] = rf_below(SECTORS_PER_PAGE);
		last[i] = first[i] + rf_below(SECTORS_PER_PAGE - first[i]);
		total += last[i] - first[i] + 1;
	}
	return total;
}

enum fault {
	F_NONE, F_PAST_END, F_FIRST_GT_LAST, F_LAST_PAST_PAGE, F_UNGRANTED,
	F_PAST_TABLE, F_FOREIGN, F_RO_READ, F_NO_SEGS, F_TOO_MANY_SEGS,
	F_COUNT
};

static const char *const fault_name[] = {
	"good", "past the end", "first > last", "last past the page",
	"ref never granted", "ref past the table", "ref of another domain",
	"read into a read-only grant", "no segments", "12 segments",
};

static void rw_req(void)
{
	int write = rf_one_in(2), f = rf_one_in(2) ? F_NONE : rf_below(F_COUNT);
	unsigned int n = 1 + rf_below(BLKIF_MAX_SEGS), i, total, bad;
	struct fz_req *q;
	u8 first[BLKIF_MAX_SEGS], last[BLKIF_MAX_SEGS];
	u64 sector;
	u16 flags;
	u8 *p;

	if (f == F_RO_READ)
		write = 0;
	q = new_req(fault_name[f], f ? BLKIF_RSP_ERROR : BLKIF_RSP_OKAY);
	total = random_spans(first, last, n);
	sector = rf_below(DISK_SECTORS - total + 1);
	if (f == F_PAST_END)
		sector = rf_one_in(2) ? DISK_SECTORS - total + 1 +
			 rf_below(total) : rf_rand() | (1UL << 40);
	q->slot.rw.operation = write ? BLKIF_OP_WRITE : BLKIF_OP_READ;
	q->slot.rw.sector = sector;
	q->slot.rw.nr_segments = n;
	bad = rf_below(n);
	for (i = 0; i < n; i++) {
		struct blkif_seg *s = &q->slot.rw.seg[i];

		p = get_page(POISON);
		seg_data(q, p, first[i], last[i], sector, write);
		sector += last[i] - first[i] + 1;
		flags = write && rf_one_in(2) ? GTF_readonly : 0;
		if (i == bad && f == F_RO_READ)
			flags = GTF_readonly;
		s->gref = grant(q, p, i == bad && f == F_FOREIGN ?
				FOREIGN_DOMID : 0, flags);
		s->first_sect = first[i];
		s->last_sect = last[i];
		if (i != bad)
			continue;
		if (f == F_FIRST_GT_LAST) {
			s->first_sect = last[i] + (first[i] == last[i]);
			s->last_sect = first[i];
		} else if (f == F_LAST_PAST_PAGE)
			s->last_sect = SECTORS_PER_PAGE + rf_below(248);
		else if (f == F_UNGRANTED)
			s->gref = unused_gref();
		else if (f == F_PAST_TABLE)
			s->gref = gnttab_size() + rf_below(1U << 31);
	}
	if (f == F_NO_SEGS)
		q->slot.rw.nr_segments = 0;
	else if (f == F_TOO_MANY_SEGS)
		q->slot.rw.nr_segments = BLKIF_MAX_SEGS + 1 + rf_below(244);
	if (f)
		q->nr_chk = 0;
	q->want_op = q->slot.rw.operation;
}

static void indirect_req(void)
{
	unsigned int max = blk.max_indirect < IND_SEGS ? blk.max_indirect :
			   IND_SEGS, n = 1 + rf_below(max), i, f = rf_below(8);
	int write = rf_one_in(2);
	struct blkif_req_indirect *r;
	struct blkif_seg *segs;
	struct fz_req *q;
	u8 *ip, *p;
	u64 sector = rf_below(DISK_SECTORS - n * SECTORS_PER_PAGE + 1);

	q = new_req(f < 4 ? "indirect" : f == 4 ? "indirect, bad page ref" :
		    f == 5 ? "indirect, no segments" : f == 6 ?
		    "indirect, too many segments" : "indirect, a bad segment",
		    f < 4 ? BLKIF_RSP_OKAY : BLKIF_RSP_ERROR);
	ip = get_page(0);
	segs = (struct blkif_seg *)ip;
	r = &q->slot.ind;
	r->operation = BLKIF_OP_INDIRECT;
	r->indirect_op = write ? BLKIF_OP_WRITE : BLKIF_OP_READ;
	r->nr_segments = n;
	r->sector = sector;
	for (i = 0; i < n; i++) {
		p = get_page(POISON);
		seg_data(q, p, 0, 7, sector + i * SECTORS_PER_PAGE, write);
		segs[i].gref = grant(q, p, 0, 0);
		segs[i].last_sect = 7;
	}
	for (i = 0; i < BLKIF_MAX_INDIRECT_PAGES; i++)
		r->indirect_grefs[i] = unused_gref();
	r->indirect_grefs[0] = grant(q, ip, 0, GTF_readonly);
	if (f == 4)
		r->indirect_grefs[0] = unused_gref();
	else if (f == 5)
		r->nr_segments = 0;
	else if (f == 6)
		r->nr_segments = blk.max_indirect + 1 + rf_below(4000);
	else if (f == 7)
		segs[rf_below(n)].gref = unused_gref();
	if (f >= 4)
		q->nr_chk = 0;
	q->want_op = r->indirect_op;
}

static void other_req(void)
{
	struct fz_req *q;
	unsigned int k = rf_below(4);

	if (k == 0) {
		q = new_req("flush", BLKIF_RSP_OKAY);
		q->slot.rw.operation = BLKIF_OP_FLUSH_DISKCACHE;
	} else if (k == 1) {
		q = new_req("discard past the end", blk.discard ?
			    BLKIF_RSP_ERROR : BLKIF_RSP_EOPNOTSUPP);
		q->slot.discard.operation = BLKIF_OP_DISCARD;
		q->slot.discard.sector = DISK_SECTORS - rf_below(8);
		q->slot.discard.nr_sectors = 9 + rf_below(1000);
	} else if (k == 2) {
		q = new_req("barrier", BLKIF_RSP_EOPNOTSUPP);
		q->slot.rw.operation = BLKIF_OP_WRITE_BARRIER;
	} else {
		q = new_req("unknown operation", BLKIF_RSP_EOPNOTSUPP);
		q->slot.rw.operation = 7 + rf_below(249);
		if (rf_one_in(3))
			q->slot.rw.operation = BLKIF_OP_RESERVED_1;
	}
	q->want_op = q->slot.rw.operation;
}

/* Random bytes; only the fields that make it a refused request fixed. */
static void garbage_req(void)
{
	struct fz_req *q = new_req("garbage", BLKIF_RSP_ERROR);
	u64 id = q->slot.rw.id, *w = (u64 *)&q->slot;
	unsigned int i;

	for (i = 0; i < sizeof(q->slot) / 8; i++)
		w[i] = rf_rand();
	q->slot.rw.id = id;
	switch (rf_below(3)) {
	case 0:
		q->slot.rw.operation = BLKIF_OP_READ;
		q->slot.rw.sector |= 1UL << 40;
		break;
	case 1:
		q->slot.ind.operation = BLKIF_OP_INDIRECT;
		q->slot.ind.indirect_op = BLKIF_OP_READ;
		q->slot.ind.sector |= 1UL << 40;
		break;
	default:
		q->slot.rw.operation = 7 + rf_below(249);
		q->want = BLKIF_RSP_EOPNOTSUPP;
		break;
	}
	q->want_op = q->slot.rw.operation == BLKIF_OP_INDIRECT ?
		     q->slot.ind.indirect_op : q->slot.rw.operation;
}

/* --- running a batch ------------------------------------------------- */

static void judge(struct fz_req *q, const struct blkif_rsp *rsp)
{
	unsigned int i;

	if (rsp->status != q->want || rsp->operation != q->want_op)
		fail("%s: op %u status %d, want op %u status %d", q->what,
		     rsp->operation, rsp->status, q->want_op, q->want);
	for (i = 0; i < q->nr_refs; i++)
		if (gnttab_end(q->ref[i]))
			fail("%s: grant %u still in use at the response",
			     q->what, q->ref[i]);
	for (i = 0; rsp->status == BLKIF_RSP_OKAY && i < q->nr_chk; i++)
		if (!holds_pattern(q->chk[i].buf, q->chk[i].sector,
				   q->chk[i].n))
			fail("%s: read of sector %lu brought other data",
			     q->what, q->chk[i].sector);
	for (i = 0; i < q->nr_refs; i++)
		free_refs[nr_free_refs++] = q->ref[i];
	n_ok += rsp->status == BLKIF_RSP_OKAY;
	n_err += rsp->status == BLKIF_RSP_ERROR;
	n_notsupp += rsp->status == BLKIF_RSP_EOPNOTSUPP;
}

static struct fz_req *req_of(const struct blkif_rsp *rsp)
{
	unsigned int i;

	for (i = 0; i < nr_reqs; i++)
		if (reqs[i].slot.rw.id == rsp->id && !reqs[i].seen) {
			reqs[i].seen = 1;
			return &reqs[i];
		}
	fail("response id %lx op %u status %d: no such request in flight",
	     rsp->id, rsp->operation, rsp->status);
}

/* Take @n responses (all, if @n is nr_reqs) by @deadline; how many. */
static unsigned int take(unsigned int n, u64 deadline)
{
	struct blkif_rsp rsp;
	unsigned int got;

	for (got = 0; got < n; got++) {
		if (!blkfront_wait(&blk, 1, deadline))
			break;
		blkfront_take(&blk, &rsp);
		judge(req_of(&rsp), &rsp);
	}
	return got;
}

static void push_all(void)
{
	unsigned int i;

	for (i = 0; i < nr_reqs; i++)
		blkfront_push(&blk, &reqs[i].slot);
	n_reqs += nr_reqs;
	blkfront_kick(&blk);
}

static void end_batch(void)
{
	nr_reqs = 0;
	pages_used = 0;
}

static void batch(void)
{
	unsigned int n = 1 + rf_below(MAX_BATCH), r;

	if (n > blk.ring_size)
		n = blk.ring_size;
	while (nr_reqs < n && pages_used + IND_SEGS + 1 < NR_PAGES) {
		r = rf_below(100);
		if (r < 55)
			rw_req();
		else if (r < 70 && blk.max_indirect)
			indirect_req();
		else if (r < 85)
			other_req();
		else
			garbage_req();
	}
	push_all();
	if (take(nr_reqs, system_time_ns() + TIMEOUT_NS) < nr_reqs)
		fail("%u requests, not all answered in 5 s", nr_reqs);
	end_batch();
}

/* --- handshakes ------------------------------------------------------ */

static int await(unsigned int mask)
{
	return blkfront_await(&blk, mask, STATE_NS);
}

static void set_state(int state)
{
	char buf[4];

	snprintf(buf, sizeof(buf), "%d", state);
	if (blkfront_set(&blk, "state", buf))
		test_result(ERROR, "cannot write our state");
}

/* Close (via Closing or at once) and connect again with a new ring. */
static void rehandshake(const char *why)
{
	u32 port = blk.port;
	unsigned int i;
	int state;

	if (rf_one_in(2)) {
		set_state(XB_CLOSING);
		state = await(1U << XB_CLOSING | 1U << XB_CLOSED);
		if (state != XB_CLOSING && state != XB_CLOSED)
			fail("%s: back end in state %d after our Closing", why,
			     state);
	}
	set_state(XB_CLOSED);
	state = await(1U << XB_CLOSED);
	if (state != XB_CLOSED)
		fail("%s: back end in state %d after our Closed", why, state);
	/* responses to what it took came before Closed */
	take(nr_reqs, system_time_ns());
	for (i = 0; i < nr_reqs; i++) {
		unsigned int j;

		for (j = 0; j < reqs[i].nr_refs; j++)
			if (gnttab_end(reqs[i].ref[j]))
				fail("%s: grant %u held after Closed", why,
				     reqs[i].ref[j]);
			else if (!reqs[i].seen)
				free_refs[nr_free_refs++] = reqs[i].ref[j];
	}
	end_batch();
	for (i = 0; i < 4; i++)
		if (gnttab_end(RING_REF + i))
			fail("%s: ring grant %u held after Closed", why,
			     RING_REF + i);
	HYPERVISOR_event_channel_op(EVTCHNOP_close, &port);
	for (i = 0; i < ARRAY_SIZE(our_keys); i++)
		blkfront_rm(&blk, our_keys[i]);
	set_state(XB_INITIALISING);
	blkfront_probe(&blk, DEVID);
	blk_connect(ring, rf_below(3));
	n_handshakes++;
}

/* The ring stopped: nothing more may be answered. */
static void ring_game(void)
{
	u32 k = 1 + rf_below(1U << 20), before;

	n_stops++;
	if (rf_one_in(2))
		WRITE_ONCE(blk.sring->req_prod, blk.rsp_cons + blk.ring_size +
			   k);
	else
		WRITE_ONCE(blk.sring->req_prod, blk.rsp_cons - k);
	before = READ_ONCE(blk.sring->rsp_prod);
	blkfront_notify(&blk);
	port_poll(blk.port, 50 * NS_PER_MS);
	if (READ_ONCE(blk.sring->rsp_prod) != before)
		fail("req_prod %u with %u answered: the back end answered %u",
		     blk.sring->req_prod, blk.rsp_cons,
		     READ_ONCE(blk.sring->rsp_prod) - before);
	rehandshake("a stopped ring");
}

/* Reads in flight while we close. */
static void close_in_flight(void)
{
	unsigned int n = 1 + rf_below(MAX_BATCH), i;

	if (n > blk.ring_size)
		n = blk.ring_size;
	for (i = 0; i < n; i++)
		rw_req();
	push_all();
	rehandshake("a close with requests in flight");
}

/* --- the end --------------------------------------------------------- */

static void read_whole_disk(void)
{
	u64 s;
	unsigned int i;
	struct fz_req *q;

	for (s = 0; s < DISK_SECTORS; ) {
		q = new_req("final read", BLKIF_RSP_OKAY);
		q->slot.rw.operation = BLKIF_OP_READ;
		q->slot.rw.sector = s;
		for (i = 0; i < BLKIF_MAX_SEGS && s < DISK_SECTORS; i++) {
			u8 *p = get_page(POISON);

			q->slot.rw.seg[i].gref = grant(q, p, 0, 0);
			q->slot.rw.seg[i].last_sect = 7;
			seg_data(q, p, 0, 7, s, 0);
			s += SECTORS_PER_PAGE;
		}
		q->slot.rw.nr_segments = i;
		if (nr_reqs == MAX_BATCH || nr_reqs == blk.ring_size ||
		    s >= DISK_SECTORS) {
			push_all();
			if (take(nr_reqs, system_time_ns() + TIMEOUT_NS) <
			    nr_reqs)
				fail("the final reads were not all answered");
			end_batch();
		}
	}
}

void test_main(void)
{
	u64 rounds = rf_start("fuzz_blkif", 1, 150), r;
	u32 ref;

	blk_probe(DEVID, pages[0], NR_PAGES);
	for (ref = unused_gref() - 1; ref >= FIRST_DATA_REF; ref--)
		free_refs[nr_free_refs++] = ref;
	blk_connect(ring, rf_below(3));
	for (cur_round = 0; cur_round < rounds; cur_round++) {
		r = rf_below(100);
		if (r < 88)
			batch();
		else if (r < 94)
			ring_game();
		else
			close_in_flight();
	}
	read_whole_disk();
	test_result(SUCCESS, "seed %lu, %lu rounds: %lu requests (%lu OKAY, %lu ERROR, %lu EOPNOTSUPP), %lu stopped rings, %lu new handshakes; the whole disk reads back",
		    rf_opt("seed", 1), rounds, n_reqs, n_ok, n_err,
		    n_notsupp, n_stops, n_handshakes);
}
