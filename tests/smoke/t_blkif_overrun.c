// SPDX-License-Identifier: GPL-2.0
/*
 * A ring-level fault with requests in flight: a full ring of reads, and
 * while none of them is answered yet a second full ring on top, so that
 * req_prod runs two rings ahead of the responses although only one ring
 * ahead of what the back end consumed.  A back end must count from its
 * responses (Linux's RING_REQUEST_PROD_OVERFLOW: req_prod - rsp_prod_pvt
 * > ring size): it stops serving the ring, answers at most the first
 * ring's requests and never takes the second ring's, whose responses
 * would have no slot.  hv-stub stays up (the runner checks the clean
 * power-off).  On real Xen we are dom0 without XenStore: SKIP.
 *
 * "None answered yet" is a race we cannot win every time (the disk is
 * fast, and hv-stub answers from the device interrupt); we know we won it
 * when rsp_prod had not moved by the time our second notification
 * returned, and try again otherwise (a try that loses costs a few ms).
 */
#include "front.h"

#define DEVID		51712		/* xvda */
#define NR_PAGES	8
#define TRIES		200

static _Alignas(PAGE_SIZE) u8 ring_page[PAGE_SIZE];
static _Alignas(PAGE_SIZE) u8 pages[NR_PAGES][PAGE_SIZE];

/* Put one ring of page-sized reads at req_prod_pvt, ids @id.. */
static void fill_ring(u32 ref, u64 id)
{
	union blkif_slot req;
	unsigned int i;

	memset(&req, 0, sizeof(req));
	req.rw.operation = BLKIF_OP_READ;
	req.rw.nr_segments = 1;
	req.rw.seg[0].gref = ref;
	for (i = 0; i < blk.ring_size; i++) {
		req.rw.id = id + i;
		req.rw.sector = i * 8;
		req.rw.seg[0].last_sect = 7;
		blkfront_push(&blk, &req);
	}
}

/* Take @want responses; FAILURE if the back end hangs. */
static void drain(u32 want)
{
	u64 deadline = system_time_ns() + 5 * NS_PER_SEC;
	struct blkif_rsp rsp;

	if (blkfront_wait(&blk, want, deadline) < want)
		test_result(FAILURE, "no response to %u reads in 5 s", want);
	while (want--)
		blkfront_take(&blk, &rsp);
}

/* Responses pushed since index @from, once @ns have passed. */
static u32 responses_within(u64 ns, u32 from)
{
	u64 deadline = system_time_ns() + ns, now;

	while ((now = system_time_ns()) < deadline)
		port_poll(blk.port, deadline - now);
	return READ_ONCE(blk.sring->rsp_prod) - from;
}

/*
 * One try: ends the test with its verdict, or returns when an answer came
 * too soon to tell, with every response taken, ready for another try.
 */
static void try_overrun(u32 ref, unsigned int try)
{
	u32 start = blk.req_prod_pvt, n, size = blk.ring_size;
	int early;

	fill_ring(ref, 0x0e00000000UL | (u64)try << 16);
	blkfront_kick(&blk);
	if (READ_ONCE(blk.sring->rsp_prod) != start) {
		cprintf("blkif: overrun: try %u: the first ring was answered too soon\n",
			try);
		drain(size);
		return;
	}
	/* a second ring over slots the back end copied, not yet answered */
	blk.req_prod_pvt = start;
	fill_ring(ref, 0x0f00000000UL | (u64)try << 16);
	blk.req_prod_pvt = start + 2 * size;
	blkfront_kick(&blk);
	early = READ_ONCE(blk.sring->rsp_prod) != start;
	n = responses_within(NS_PER_SEC, start);
	cprintf("blkif: overrun: try %u: req_prod %u ahead of the responses, %u of the consumer: %u responses%s\n",
		try, 2 * size, size, n, early ? " (one came early)" : "");
	if (n <= size)
		test_result(SUCCESS, "overrun with %u reads in flight: %u responses, the second ring not served",
			    size, n);
	if (!early)
		test_result(FAILURE, "req_prod %u ahead of the responses (%u reads in flight): %u responses on a %u-slot ring, want at most %u",
			    2 * size, size, n, size, size);
	drain(2 * size);
}

void test_main(void)
{
	unsigned int i;
	u32 ref;

	blk_open(DEVID, ring_page, 0, pages, NR_PAGES);
	ref = grant_page(data_page(POISON), 0, 0);
	for (i = 0; i < TRIES; i++)
		try_overrun(ref, i);
	test_result(ERROR, "could not keep %u reads in flight in %u tries",
		    blk.ring_size, TRIES);
}
