// SPDX-License-Identifier: GPL-2.0
/*
 * A hostile block front end.  As domain 1 we connect to xvda (the runner
 * gives us a 2048-sector disk whose every sector holds a known pattern,
 * tests/smoke/run make_disk) and throw malformed requests at the back end,
 * a batch at a time:
 *
 *   grants    unused, past the table, for another domain, read-only for a
 *             READ, wrong type, ended, a frame we do not own, one of our
 *             page tables, a bad segment next to a good one
 *   segments  nr_segments 0, 12, 255; first_sect > last_sect; last_sect 8
 *   range     at, across and far past the end, wrapping past 2^64
 *   ops       WRITE_BARRIER (not offered), reserved and unknown operations
 *   indirect  too many or no segments, bad indirect page grefs, bad
 *             indirect_op, bad segments in the indirect page
 *   discard   past the end, wrapping
 *
 * Each must get exactly one response with its id, its operation (for an
 * indirect request the indirect_op, as Linux's blkfront checks) and
 * BLKIF_RSP_ERROR, or BLKIF_RSP_EOPNOTSUPP for an operation not offered.
 * When a response is visible every grant it used must be idle again
 * (GTF_reading/GTF_writing clear), and pages the device must not write
 * are unchanged.  Controls around the batches (good reads, a write from a
 * read-only grant, flushes, an indirect read) must work, and reads return
 * the pattern.
 *
 * Last, req_prod jumps more than a ring ahead: the back end must stop
 * serving the ring for good, and hv-stub must stay up (the runner checks
 * the clean power-off).  On real Xen we are dom0 without XenStore: SKIP.
 */
#include "front.h"

#define DEVID		51712		/* xvda */
#define OTHER_DOM	5
#define BAD_REF		0x7ffffff0U
#define NR_PAGES	48
#define SPARE_WRITE	1500		/* the control write goes here */
#define SPARE_FOREIGN	1600		/* a refused write aimed here */
#define SPARE_OTHER	1700		/* refused writes of other batches */
#define SPARE_DISCARD	1800

static _Alignas(PAGE_SIZE) u8 ring_page[PAGE_SIZE];
static _Alignas(PAGE_SIZE) u8 pages[NR_PAGES][PAGE_SIZE];

/* --- the batches --------------------------------------------------------- */

static void controls(void)
{
	u8 *a = data_page(POISON), *b = data_page(POISON);
	u8 *d = data_page(POISON), *w = data_page(0), *x0, *x1, *ip;
	unsigned int n = blk.max_indirect < 16 ? blk.max_indirect : 16, i;
	struct req_case *c;

	c = req_new("read of the last sector", BLKIF_RSP_OKAY);
	req_rw(c, BLKIF_OP_READ, blk.sectors - 1);
	req_seg(c, grant_page(a, 0, 0), 0, 0);
	req_expect(c, a, blk.sectors - 1, 1);

	c = req_new("read of 3 segments, parts of pages", BLKIF_RSP_OKAY);
	req_rw(c, BLKIF_OP_READ, 100);
	req_seg(c, grant_page(b, 0, 0), 2, 4);
	req_seg(c, grant_page(d, 0, 0), 7, 7);
	req_seg(c, grant_page(d, 0, 0), 0, 1);
	req_expect(c, b + 2 * SECTOR_SIZE, 100, 3);
	req_expect(c, d + 7 * SECTOR_SIZE, 103, 1);
	req_expect(c, d, 104, 2);

	c = req_new("write from a read-only grant", BLKIF_RSP_OKAY);
	disk_pattern(w, 7);
	disk_pattern(w + SECTOR_SIZE, 8);
	disk_pattern(w + 2 * SECTOR_SIZE, 9);
	req_rw(c, BLKIF_OP_WRITE, SPARE_WRITE);
	req_seg(c, grant_page(w, 0, GTF_readonly), 0, 1);
	if (blk.flush) {
		c = req_new("empty FLUSH_DISKCACHE", BLKIF_RSP_OKAY);
		req_rw(c, BLKIF_OP_FLUSH_DISKCACHE, 0);
		c = req_new("FLUSH_DISKCACHE with data", BLKIF_RSP_OKAY);
		req_rw(c, BLKIF_OP_FLUSH_DISKCACHE, SPARE_WRITE + 2);
		req_seg(c, grant_page(w, 0, GTF_readonly), 2, 2);
	}

	if (n) {
		x0 = data_page(POISON);
		x1 = data_page(POISON);
		c = req_new("indirect read, one sector a segment",
			    BLKIF_RSP_OKAY);
		ip = data_page(0);
		for (i = 0; i < n; i++)
			req_ind_seg(c, ip, i, grant_page(i < 8 ? x0 : x1, 0, 0),
				    i % 8, i % 8);
		req_ind(c, BLKIF_OP_READ, 200, n,
			grant_page(ip, 0, GTF_readonly));
		req_expect(c, x0, 200, n < 8 ? n : 8);
		if (n > 8)
			req_expect(c, x1, 208, n - 8);
	}
	run_batch("controls");

	a = data_page(POISON);
	c = req_new("read back the control writes", BLKIF_RSP_OKAY);
	req_rw(c, BLKIF_OP_READ, SPARE_WRITE);
	req_seg(c, grant_page(a, 0, 0), 0, blk.flush ? 2 : 1);
	req_expect(c, a, 7, blk.flush ? 3 : 2);
	run_batch("controls");
}

/* A READ of sector 0 through @ref into @p, which must stay @fill. */
static struct req_case *bad_read(const char *what, u32 ref, const u8 *p,
				 u8 fill)
{
	struct req_case *c = req_new(what, BLKIF_RSP_ERROR);

	req_rw(c, BLKIF_OP_READ, 0);
	req_seg(c, ref, 0, 7);
	if (p)
		req_untouched(c, p, fill);
	return c;
}

static void grant_faults(void)
{
	u32 ref;
	u8 *p, *q;
	struct req_case *c;

	bad_read("unused gref", unused_gref(), NULL, 0);
	bad_read("gref just past the grant table", gnttab_size(), NULL, 0);
	bad_read("gref 0x7ffffff0", BAD_REF, NULL, 0);
	p = data_page(POISON);
	bad_read("gref granted to domain 5", grant_page(p, OTHER_DOM, 0), p,
		 POISON);
	p = data_page(POISON);
	bad_read("read-only gref for a READ",
		 grant_page(p, 0, GTF_readonly), p, POISON);
	p = data_page(POISON);
	ref = new_gref();
	gnttab_set(ref, GTF_accept_transfer, 0, virt_to_mfn(p));
	bad_read("gref of type accept_transfer", ref, p, POISON);
	p = data_page(POISON);
	ref = grant_page(p, 0, 0);
	gnttab_end(ref);
	bad_read("gref the front end ended", ref, p, POISON);

	p = data_page(POISON);
	c = bad_read("good segment, then an unused gref",
		     grant_page(p, 0, 0), p, POISON);
	req_seg(c, unused_gref(), 0, 7);
	p = data_page(POISON);
	c = bad_read("unused gref, then a good segment", unused_gref(), p,
		     POISON);
	req_seg(c, grant_page(p, 0, 0), 0, 7);

	c = req_new("WRITE from a frame we do not own", BLKIF_RSP_ERROR);
	ref = new_gref();
	gnttab_set(ref, GTF_permit_access | GTF_readonly, 0, foreign_mfn());
	req_rw(c, BLKIF_OP_WRITE, SPARE_FOREIGN);
	req_seg(c, ref, 0, 7);
	c = req_new("WRITE from frame 0xfffff000", BLKIF_RSP_ERROR);
	ref = new_gref();
	gnttab_set(ref, GTF_permit_access | GTF_readonly, 0, 0xfffff000);
	req_rw(c, BLKIF_OP_WRITE, SPARE_FOREIGN);
	req_seg(c, ref, 0, 7);
	q = pinned_l1();
	bad_read("READ into a frame pinned as a page table",
		 grant_page(q, 0, 0), q, 0);
	run_batch("grants");
	good_read("grant faults", 0);
	good_read("grant faults", SPARE_FOREIGN);
}

static void segment_faults(void)
{
	static const struct {
		const char *what;
		u8 nseg, first, last;
	} t[] = {
		{ "nr_segments 0", 0, 0, 7 },
		{ "nr_segments 12", 12, 0, 0 },
		{ "nr_segments 255", 255, 0, 0 },
		{ "first_sect 3 > last_sect 2", 1, 3, 2 },
		{ "last_sect 8", 1, 0, 8 },
		{ "first_sect and last_sect 8", 1, 8, 8 },
		{ "last_sect 255", 1, 0, 255 },
	};
	unsigned int i, j;
	struct req_case *c;
	u8 *p, *w = data_page(0);

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		p = data_page(POISON);
		c = bad_read(t[i].what, grant_page(p, 0, 0), p, POISON);
		c->req.rw.seg[0].first_sect = t[i].first;
		c->req.rw.seg[0].last_sect = t[i].last;
		for (j = 1; j < BLKIF_MAX_SEGS && j < t[i].nseg; j++)
			req_seg(c, grant_page(p, 0, 0), 0, 0);
		c->req.rw.nr_segments = t[i].nseg;
	}
	p = data_page(POISON);
	c = bad_read("good segment, then last_sect 8", grant_page(p, 0, 0), p,
		     POISON);
	req_seg(c, grant_page(p, 0, 0), 0, 8);
	c = req_new("WRITE with nr_segments 0", BLKIF_RSP_ERROR);
	req_rw(c, BLKIF_OP_WRITE, SPARE_OTHER);
	c = req_new("WRITE with last_sect 8", BLKIF_RSP_ERROR);
	req_rw(c, BLKIF_OP_WRITE, SPARE_OTHER);
	req_seg(c, grant_page(w, 0, GTF_readonly), 0, 8);
	run_batch("segments");
	good_read("segment faults", 0);
}

/* Capacity - @back, or @sector if @back is 0 (0: the capacity). */
static u64 from_end(u64 back, u64 sector)
{
	if (back)
		return blk.sectors - back;
	return sector ? sector : blk.sectors;
}

static void range_faults(void)
{
	const u64 s = blk.sectors;
	static const struct {
		const char *what;
		u8 op;
		u64 sector_from_end;	/* sector = capacity - this */
		u64 sector;		/* if sector_from_end is 0 */
		u8 nseg, last;
	} t[] = {
		{ "READ at the capacity", BLKIF_OP_READ, 0, 0, 1, 0 },
		{ "READ across the end", BLKIF_OP_READ, 1, 0, 1, 1 },
		{ "READ of 11 pages ending past the end", BLKIF_OP_READ, 80, 0,
		  11, 7 },
		{ "READ at sector 2^64-1", BLKIF_OP_READ, 0, ~0UL, 1, 0 },
		{ "READ wrapping past 2^64", BLKIF_OP_READ, 0, ~0UL - 3, 1, 7 },
		{ "READ at sector 2^63", BLKIF_OP_READ, 0, 1UL << 63, 1, 0 },
		{ "WRITE at the capacity", BLKIF_OP_WRITE, 0, 0, 1, 0 },
		{ "WRITE across the end", BLKIF_OP_WRITE, 1, 0, 1, 1 },
		{ "WRITE wrapping past 2^64", BLKIF_OP_WRITE, 0, ~0UL - 3, 1,
		  7 },
	};
	unsigned int i, j;
	struct req_case *c;
	u8 *p, *w = data_page(0);

	disk_pattern(w, 1);	/* not the pattern of any sector we check */
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		int rd = t[i].op == BLKIF_OP_READ;

		c = req_new(t[i].what, BLKIF_RSP_ERROR);
		req_rw(c, t[i].op, from_end(t[i].sector_from_end, t[i].sector));
		p = rd ? data_page(POISON) : w;
		for (j = 0; j < t[i].nseg; j++)
			req_seg(c, grant_page(p, 0, rd ? 0 : GTF_readonly), 0,
				t[i].last);
		if (rd)
			req_untouched(c, p, POISON);
	}
	run_batch("range");
	good_read("range faults", 0);
	good_read("range faults (the last sectors)", s - 8);
}

static void op_faults(void)
{
	static const struct {
		const char *what;
		u8 op, nseg;
	} t[] = {
		{ "operation 4 (reserved)", BLKIF_OP_RESERVED_1, 1 },
		{ "operation 7", 7, 1 },
		{ "operation 0x80", 0x80, 1 },
		{ "operation 0xff, nr_segments 255", 0xff, 255 },
	};
	unsigned int i;
	struct req_case *c;
	u8 *p, *w = data_page(0);

	if (!blk.barrier) {
		disk_pattern(w, 1);
		c = req_new("WRITE_BARRIER, not offered",
			    BLKIF_RSP_EOPNOTSUPP);
		req_rw(c, BLKIF_OP_WRITE_BARRIER, SPARE_OTHER);
		req_seg(c, grant_page(w, 0, GTF_readonly), 0, 0);
	}
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		p = data_page(POISON);
		c = bad_read(t[i].what, grant_page(p, 0, 0), p, POISON);
		c->want = BLKIF_RSP_EOPNOTSUPP;
		c->req.rw.operation = t[i].op;
		c->req.rw.nr_segments = t[i].nseg;
	}
	run_batch("operations");
	good_read("operation faults", 0);
}

/*
 * An indirect READ of sector 0: @nseg one-sector segments of data page
 * *@p, described in indirect page *@ip.
 */
static struct req_case *bad_ind(const char *what, u8 op, u16 nseg,
				u8 **p, u8 **ip)
{
	struct req_case *c = req_new(what, BLKIF_RSP_ERROR);

	*p = data_page(POISON);
	*ip = req_ind_page(c, nseg, grant_page(*p, 0, 0));
	req_ind(c, op, 0, nseg, grant_page(*ip, 0, GTF_readonly));
	req_untouched(c, *p, POISON);
	return c;
}

static void indirect_faults(void)
{
	u32 max = blk.max_indirect;
	struct blkif_seg *segs;
	struct req_case *c;
	u8 *p, *ip;

	if (!max) {
		cprintf("blkif: indirect: not offered, not tested\n");
		return;
	}
	bad_ind("one segment more than offered", BLKIF_OP_READ, max + 1, &p,
		&ip);
	bad_ind("no segments", BLKIF_OP_READ, 0, &p, &ip);
	bad_ind("65535 segments", BLKIF_OP_READ, 65535, &p, &ip);
	c = bad_ind("indirect page gref unused", BLKIF_OP_READ, 4, &p, &ip);
	req_ind_ref(c, unused_gref());
	c = bad_ind("indirect page gref 0x7ffffff0", BLKIF_OP_READ, 4, &p,
		    &ip);
	req_ind_ref(c, BAD_REF);
	c = bad_ind("indirect page granted to domain 5", BLKIF_OP_READ, 4, &p,
		    &ip);
	req_ind_ref(c, grant_page(ip, OTHER_DOM, GTF_readonly));
	bad_ind("indirect_op WRITE_BARRIER", BLKIF_OP_WRITE_BARRIER, 4, &p,
		&ip);
	bad_ind("indirect_op INDIRECT", BLKIF_OP_INDIRECT, 4, &p, &ip);
	bad_ind("indirect_op 0xff", 0xff, 4, &p, &ip);
	bad_ind("segment 2 of 4 with last_sect 8", BLKIF_OP_READ, 4, &p,
		&ip);
	((struct blkif_seg *)ip)[2].last_sect = 8;
	bad_ind("segment 3 of 4 an unused gref", BLKIF_OP_READ, 4, &p, &ip);
	((struct blkif_seg *)ip)[3].gref = unused_gref();
	c = bad_ind("a read-only data grant for a READ", BLKIF_OP_READ, 4, &p,
		    &ip);
	segs = (struct blkif_seg *)ip;
	segs[1].gref = grant_page(p, 0, GTF_readonly);
	req_watch(c, segs[1].gref);
	c = bad_ind("READ past the end", BLKIF_OP_READ, 4, &p, &ip);
	c->req.ind.sector = blk.sectors - 2;
	c = bad_ind("WRITE past the end", BLKIF_OP_WRITE, 4, &p, &ip);
	c->req.ind.sector = blk.sectors - 2;
	run_batch("indirect");
	good_read("indirect faults", 0);
}

static void discard_faults(void)
{
	static const struct {
		const char *what;
		u64 sector_from_end, sector, n;
	} t[] = {
		{ "discard past the end", 4, 0, 8 },
		{ "discard at the capacity", 0, 0, 1 },
		{ "discard wrapping past 2^64", 0, 8, ~0UL },
	};
	s16 want = blk.discard ? BLKIF_RSP_ERROR : BLKIF_RSP_EOPNOTSUPP;
	struct blkif_req_discard *d;
	unsigned int i;
	struct req_case *c;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		c = req_new(t[i].what, want);
		d = &c->req.discard;
		d->operation = BLKIF_OP_DISCARD;
		d->sector = from_end(t[i].sector_from_end, t[i].sector);
		d->nr_sectors = t[i].n;
	}
	c = req_new(blk.discard ? "discard inside the disk" :
		    "discard inside the disk, not offered",
		    blk.discard ? BLKIF_RSP_OKAY : BLKIF_RSP_EOPNOTSUPP);
	c->req.discard.operation = BLKIF_OP_DISCARD;
	c->req.discard.sector = SPARE_DISCARD;
	c->req.discard.nr_sectors = 8;
	run_batch("discard");
	good_read("discard faults", 0);
	good_read("discard faults (the last sectors)", blk.sectors - 8);
}

/* Wait @ns whatever comes; the responses pushed since index @from. */
static u32 responses_within(u64 ns, u32 from)
{
	u64 deadline = system_time_ns() + ns, now;

	while ((now = system_time_ns()) < deadline)
		port_poll(blk.port, deadline - now);
	return READ_ONCE(blk.sring->rsp_prod) - from;
}

/*
 * req_prod more than a ring ahead of what the back end consumed: it must
 * stop serving the ring, for good, even once req_prod looks sane again.
 * Every slot holds a good read, so a back end that goes on answers them.
 * NULL, or what went wrong.
 */
static const char *ring_fault(void)
{
	static char why[96];
	u32 start = blk.req_prod_pvt, ref, n, i;
	u8 *p = data_page(POISON);
	union blkif_slot req;

	memset(&req, 0, sizeof(req));
	ref = grant_page(p, 0, 0);
	req.rw.operation = BLKIF_OP_READ;
	req.rw.nr_segments = 1;
	req.rw.seg[0].gref = ref;
	req.rw.seg[0].last_sect = 7;
	for (i = 0; i < blk.ring_size; i++) {
		req.rw.id = 0xfa0170000000UL | i;
		memcpy(&blk.sring->slot[(start + i) & (blk.ring_size - 1)],
		       &req, sizeof(req));
	}
	barrier();
	WRITE_ONCE(blk.sring->req_prod, start + blk.ring_size + 1);
	blkfront_notify(&blk);
	n = responses_within(NS_PER_SEC, start);
	if (n) {
		snprintf(why, sizeof(why), "req_prod jumped %u slots ahead, yet %u responses",
			 blk.ring_size + 1, n);
		return why;
	}
	WRITE_ONCE(blk.sring->req_prod, start + 1);
	blkfront_notify(&blk);
	n = responses_within(NS_PER_SEC / 2, start);
	if (n) {
		snprintf(why, sizeof(why), "%u responses once req_prod came back: the ring was not stopped",
			 n);
		return why;
	}
	if ((gnttab_flags(ref) & (GTF_reading | GTF_writing)) ||
	    !page_is(p, POISON))
		return "a request of the stopped ring was started";
	cprintf("blkif: ring fault: req_prod %u ahead, then back: no response in 1.5 s, back end state %d: ok\n",
		blk.ring_size + 1, blkfront_be_state(&blk));
	return NULL;
}

static void setup(void)
{
	blk_open(DEVID, ring_page, 0, pages, NR_PAGES);
	if (blk.info & VDISK_READONLY)
		test_result(ERROR, "want a writable disk, got info %lx",
			    blk.info);
}

void test_main(void)
{
	const char *why;

	setup();
	good_read("connecting", 0);
	controls();
	grant_faults();
	segment_faults();
	range_faults();
	op_faults();
	indirect_faults();
	discard_faults();
	why = ring_fault();
	if (cases_wrong && why)
		test_result(FAILURE, "%u of %u cases wrong; first: %s; ring fault: %s",
			    cases_wrong, cases_run, first_wrong, why);
	if (cases_wrong)
		test_result(FAILURE, "%u of %u cases wrong; first: %s",
			    cases_wrong, cases_run, first_wrong);
	if (why)
		test_result(FAILURE, "ring fault: %s", why);
	test_result(SUCCESS, "%u requests answered right, grants idle at each response; ring stopped on a req_prod jump",
		    cases_run);
}
