// SPDX-License-Identifier: GPL-2.0
/*
 * Request cases against a block back end, for the t_blkif_* smoke kernels.
 *
 * A test connects to the disk the runner gave it (blk_open: a disk of
 * DISK_SECTORS sectors, each holding disk_pattern()), builds a batch of
 * requests, each with what its response must be (req_new and friends),
 * and runs it (run_batch): all requests are pushed at once, and each
 * response is judged as it is taken off the ring:
 *
 *   - exactly one response per request, with its id, its operation (the
 *     indirect_op for an indirect request, as Linux's blkfront checks)
 *     and the status wanted;
 *   - every grant the request named idle again (GTF_reading/GTF_writing
 *     clear): the back end releases grants before it responds;
 *   - a page the device must not write still holds its fill, and an OKAY
 *     read brought the disk's pattern.
 *
 * Each response prints one "blkif: batch: case: op N status N: ok" line;
 * a wrong one is counted (cases_wrong, first_wrong) and the test goes on.
 * No response within 5 s ends the test with FAILURE at once.  Grant refs
 * are never reused, pages are reused once their batch is over.
 */
#include "front.h"

#define TIMEOUT_NS	(5 * NS_PER_SEC)
#define MAX_CASES	32
#define ID_BASE		0xb10cf00d00000000UL
#define FIRST_REF	(RING_REF + 16)	/* after a ring of order 4 */

struct blkfront blk;
unsigned int cases_run, cases_wrong;
char first_wrong[128];

static u8 *pages;
static unsigned int nr_pages, pages_used;
static struct req_case cases[MAX_CASES];
static unsigned int nr_cases, batch;
static u32 next_ref = FIRST_REF, batch_ref = FIRST_REF, unused_ref;

/* Sector @s: 16 lines "hv-stub smoke sector s", padded to 31 bytes. */
void disk_pattern(u8 *buf, u64 sector)
{
	char line[32];
	int i, n = snprintf(line, sizeof(line), "hv-stub smoke sector %lu",
			    sector);

	memset(line + n, ' ', 31 - n);
	line[31] = '\n';
	for (i = 0; i < SECTOR_SIZE / 32; i++)
		memcpy(buf + i * 32, line, 32);
}

int holds_pattern(const u8 *buf, u64 sector, unsigned int n)
{
	u8 want[SECTOR_SIZE];
	unsigned int i;

	for (i = 0; i < n; i++) {
		disk_pattern(want, sector + i);
		if (memcmp(buf + i * SECTOR_SIZE, want, SECTOR_SIZE))
			return 0;
	}
	return 1;
}

int page_is(const u8 *p, u8 fill)
{
	unsigned int i;

	for (i = 0; i < PAGE_SIZE; i++)
		if (p[i] != fill)
			return 0;
	return 1;
}

/*
 * A control for every "grant idle" check: while the back end has the
 * ring, its grants show GTF_reading and GTF_writing.
 */
static void ring_in_use(unsigned int order)
{
	unsigned int i;
	u16 fl;

	for (i = 0; i < (1U << order); i++) {
		fl = gnttab_flags(RING_REF + i);
		if ((fl & (GTF_reading | GTF_writing)) !=
		    (GTF_reading | GTF_writing))
			test_result(FAILURE, "ring grant %u not marked in use while connected (flags %x)",
				    RING_REF + i, fl);
	}
	cprintf("blkif: ring grants in use while connected: ok\n");
}

void blk_probe(unsigned int devid, void *data, unsigned int nr_data)
{
	if (is_dom0() || !start_info->store_mfn)
		test_result(SKIP, "no XenStore ring (we are dom0): no block back end to test");
	events_disable();
	if (xs_init(scratch_va(0)))
		test_result(ERROR, "cannot map the XenStore ring");
	if (gnttab_init(scratch_va(1)))
		test_result(ERROR, "cannot set up the grant table");
	pages = data;
	nr_pages = nr_data;
	unused_ref = gnttab_entries() - 1;
	gnttab_set(unused_ref, 0, 0, 0);
	blkfront_probe(&blk, devid);
}

void blk_connect(void *ring, unsigned int order)
{
	if (order > blk.max_ring_order)
		order = blk.max_ring_order;
	blkfront_connect(&blk, ring, order, RING_REF);
	ring_in_use(order);
	if (blk.sector_size != SECTOR_SIZE)
		test_result(ERROR, "want a disk of 512-byte sectors, got %lu",
			    blk.sector_size);
	if (blk.sectors != DISK_SECTORS)
		test_result(FAILURE, "back end says %lu sectors, the image has %u",
			    blk.sectors, DISK_SECTORS);
}

void blk_open(unsigned int devid, void *ring, unsigned int order,
	      void *data, unsigned int nr_data)
{
	blk_probe(devid, data, nr_data);
	blk_connect(ring, order);
}

u8 *pinned_l1(void)
{
	u8 *t = page_alloc();

	memset(t, 0, PAGE_SIZE);
	if (page_set_ro(t, 1) || mmuext1(MMUEXT_PIN_L1_TABLE, virt_to_mfn(t)))
		test_result(ERROR, "cannot pin a frame as an L1 table");
	return t;
}

u8 *data_page(u8 fill)
{
	u8 *p;

	if (pages_used == nr_pages)
		test_result(ERROR, "test bug: out of data pages");
	p = pages + pages_used++ * PAGE_SIZE;
	memset(p, fill, PAGE_SIZE);
	return p;
}

u32 new_gref(void)
{
	if (next_ref >= unused_ref)
		test_result(ERROR, "test bug: out of grant refs");
	return next_ref++;
}

u32 unused_gref(void)
{
	return unused_ref;
}

u32 grant_page(const void *p, u16 domid, u16 flags)
{
	u32 ref = new_gref();

	gnttab_grant(ref, domid, virt_to_mfn(p), flags);
	return ref;
}

struct req_case *req_new(const char *what, s16 want)
{
	struct req_case *c;

	if (nr_cases == MAX_CASES || nr_cases == blk.ring_size)
		test_result(ERROR, "test bug: batch too big");
	c = &cases[nr_cases++];
	memset(c, 0, sizeof(*c));
	c->what = what;
	c->want = want;
	c->req.rw.id = ID_BASE | (u64)batch << 16 | nr_cases;
	return c;
}

void req_watch(struct req_case *c, u32 ref)
{
	unsigned int i;

	for (i = 0; i < c->nr_refs; i++)
		if (c->ref[i] == ref)
			return;
	if (ref < gnttab_entries() && c->nr_refs < ARRAY_SIZE(c->ref))
		c->ref[c->nr_refs++] = ref;
}

void req_rw(struct req_case *c, u8 op, u64 sector)
{
	c->req.rw.operation = op;
	c->req.rw.sector = sector;
}

void req_seg(struct req_case *c, u32 ref, u8 first, u8 last)
{
	struct blkif_req_rw *r = &c->req.rw;

	if (r->nr_segments >= BLKIF_MAX_SEGS)
		test_result(ERROR, "test bug: too many segments");
	r->seg[r->nr_segments].gref = ref;
	r->seg[r->nr_segments].first_sect = first;
	r->seg[r->nr_segments].last_sect = last;
	r->nr_segments++;
	req_watch(c, ref);
}

void req_untouched(struct req_case *c, const u8 *p, u8 fill)
{
	c->untouched = p;
	c->fill = fill;
}

void req_expect(struct req_case *c, const u8 *buf, u64 sector,
		unsigned int n)
{
	if (c->nr_chk == ARRAY_SIZE(c->chk))
		test_result(ERROR, "test bug: too many data checks");
	c->chk[c->nr_chk].buf = buf;
	c->chk[c->nr_chk].sector = sector;
	c->chk[c->nr_chk].n = n;
	c->nr_chk++;
}

void req_ind(struct req_case *c, u8 op, u64 sector, u16 nseg, u32 iref)
{
	struct blkif_req_indirect *r = &c->req.ind;

	r->operation = BLKIF_OP_INDIRECT;
	r->indirect_op = op;
	r->nr_segments = nseg;
	r->sector = sector;
	req_ind_ref(c, iref);
}

void req_ind_ref(struct req_case *c, u32 iref)
{
	unsigned int i;

	for (i = 0; i < BLKIF_MAX_INDIRECT_PAGES; i++)
		c->req.ind.indirect_grefs[i] = iref;
	req_watch(c, iref);
}

void req_ind_seg(struct req_case *c, u8 *ip, unsigned int i, u32 ref,
		 u8 first, u8 last)
{
	struct blkif_seg *s = (struct blkif_seg *)ip + i;

	s->gref = ref;
	s->first_sect = first;
	s->last_sect = last;
	req_watch(c, ref);
}

u8 *req_ind_page(struct req_case *c, unsigned int n, u32 ref)
{
	u8 *ip = data_page(0);
	unsigned int i;

	for (i = 0; i < n && i < BLKIF_SEGS_PER_PAGE; i++)
		req_ind_seg(c, ip, i, ref, i % 8, i % 8);
	return ip;
}

/* --- running a batch ------------------------------------------------------ */

/* Append @why to the list in @buf, @len long so far; the new length. */
static int add_why(char *buf, unsigned int size, int len, const char *why)
{
	return len + snprintf(buf + len, size - len, "%s%s", len ? "; " : "",
			      why);
}

/* Everything that is wrong with @c's response, or NULL. */
static const char *judge(struct req_case *c, const struct blkif_rsp *rsp,
			 char *buf, unsigned int size)
{
	char why[48];
	unsigned int i;
	int len = 0;
	u16 fl;

	if (rsp->status != c->want) {
		snprintf(why, sizeof(why), "want status %d", c->want);
		len = add_why(buf, size, len, why);
	}
	if (rsp->operation != c->want_op) {
		snprintf(why, sizeof(why), "want op %u", c->want_op);
		len = add_why(buf, size, len, why);
	}
	for (i = 0; i < c->nr_refs; i++) {
		fl = gnttab_flags(c->ref[i]);
		if (fl & (GTF_reading | GTF_writing)) {
			snprintf(why, sizeof(why), "grant %u in use (flags %x)",
				 c->ref[i], fl);
			len = add_why(buf, size, len, why);
		}
	}
	if (c->untouched && !page_is(c->untouched, c->fill))
		len = add_why(buf, size, len, "the device wrote into our page");
	for (i = 0; rsp->status == BLKIF_RSP_OKAY && i < c->nr_chk; i++) {
		if (holds_pattern(c->chk[i].buf, c->chk[i].sector,
				  c->chk[i].n))
			continue;
		snprintf(why, sizeof(why), "data is not sector %lu's",
			 c->chk[i].sector);
		len = add_why(buf, size, len, why);
	}
	return len ? buf : NULL;
}

static void check(const char *name, const struct blkif_rsp *rsp)
{
	struct req_case *c = NULL;
	const char *why;
	char buf[128];
	unsigned int i;

	for (i = 0; i < nr_cases; i++)
		if (cases[i].req.rw.id == rsp->id)
			c = &cases[i];
	if (!c)
		test_result(FAILURE, "%s: response id %lx op %u status %d: no such request",
			    name, rsp->id, rsp->operation, rsp->status);
	if (c->seen)
		test_result(FAILURE, "%s: %s: a second response", name,
			    c->what);
	c->seen = 1;
	cases_run++;
	why = judge(c, rsp, buf, sizeof(buf));
	cprintf("blkif: %s: %s: op %u status %d: %s%s\n", name, c->what,
		rsp->operation, rsp->status, why ? "WRONG, " : "ok",
		why ?: "");
	if (!why)
		return;
	if (!cases_wrong++)
		snprintf(first_wrong, sizeof(first_wrong), "%s: %s", c->what,
			 why);
}

static void no_response(const char *name, unsigned int got)
{
	unsigned int i;

	for (i = 0; i < nr_cases; i++)
		if (!cases[i].seen)
			test_result(FAILURE, "%s: %s: no response in 5 s (%u of %u answered)",
				    name, cases[i].what, got, nr_cases);
}

/* Every grant of the batch must end now; the next batch starts afresh. */
static void end_batch(const char *name)
{
	u32 ref;

	for (ref = batch_ref; ref < next_ref; ref++)
		if (gnttab_end(ref))
			test_result(FAILURE, "%s: grant %u still in use after every response",
				    name, ref);
	batch_ref = next_ref;
	nr_cases = 0;
	pages_used = 0;
	batch++;
}

void run_batch(const char *name)
{
	struct blkif_rsp rsp;
	unsigned int i, got;
	u64 deadline;
	u8 op;

	for (i = 0; i < nr_cases; i++) {
		/* an indirect request is answered as its indirect_op */
		op = cases[i].req.rw.operation;
		if (op == BLKIF_OP_INDIRECT)
			op = cases[i].req.ind.indirect_op;
		cases[i].want_op = op;
		blkfront_push(&blk, &cases[i].req);
	}
	blkfront_kick(&blk);
	deadline = system_time_ns() + TIMEOUT_NS;
	for (got = 0; got < nr_cases; got++) {
		if (!blkfront_wait(&blk, 1, deadline))
			no_response(name, got);
		blkfront_take(&blk, &rsp);
		check(name, &rsp);
	}
	end_batch(name);
}

void good_read(const char *after, u64 s)
{
	static char name[64], what[48];
	u8 *p = data_page(POISON);
	struct req_case *c;

	snprintf(name, sizeof(name), "after %s", after);
	snprintf(what, sizeof(what), "good read of sectors %lu-%lu", s, s + 7);
	c = req_new(what, BLKIF_RSP_OKAY);
	req_rw(c, BLKIF_OP_READ, s);
	req_seg(c, grant_page(p, 0, 0), 0, 7);
	req_expect(c, p, s, 8);
	run_batch(name);
}
