// SPDX-License-Identifier: GPL-2.0
/*
 * A well-behaved domain: steady XenStore and block I/O in a loop, every
 * answer checked, for the ring fuzzers' harness (tests/fuzz/rings) to run
 * beside a hostile domain.  Each pass writes a counter into our home and
 * reads it back, writes the pattern of a random sector range of xvda (the
 * patterned disk of tests/smoke/run: make_disk) and reads it back, and
 * reads another range.  It goes on until the toolstack asks us to shut
 * down (control/shutdown, "hvctl shutdown"), or for secs=N seconds
 * (default 3), and reports what it did; any wrong answer, a grant still
 * in use at its response or a request not answered in 5 s is a FAILURE
 * at once.  On real Xen we are dom0 without XenStore: SKIP.
 */
#include "front.h"
#include "ringfuzz.h"

#define DEVID		51712		/* xvda */
#define NR_PAGES	BLKIF_MAX_SEGS
#define DATA_REF	64		/* our refs: DATA_REF + page */
#define TIMEOUT_NS	(5 * NS_PER_SEC)

static _Alignas(PAGE_SIZE) u8 ring_page[PAGE_SIZE];
static _Alignas(PAGE_SIZE) u8 pages[NR_PAGES][PAGE_SIZE];
static unsigned long n_xs, n_reads, n_writes, n_sectors;

/* One request of @n whole pages at @sector; OKAY, grants idle after. */
static void rw(u8 op, u64 sector, unsigned int n)
{
	u64 deadline = system_time_ns() + TIMEOUT_NS;
	union blkif_slot req;
	struct blkif_rsp rsp;
	unsigned int i, j;

	memset(&req, 0, sizeof(req));
	req.rw.operation = op;
	req.rw.id = 0x57ead000 + n_reads + n_writes;
	req.rw.sector = sector;
	req.rw.nr_segments = n;
	for (i = 0; i < n; i++) {
		if (op == BLKIF_OP_WRITE)
			for (j = 0; j < SECTORS_PER_PAGE; j++)
				disk_pattern(pages[i] + j * SECTOR_SIZE,
					     sector + i * SECTORS_PER_PAGE + j);
		else
			memset(pages[i], POISON, PAGE_SIZE);
		gnttab_grant(DATA_REF + i, 0, virt_to_mfn(pages[i]),
			     op == BLKIF_OP_WRITE ? GTF_readonly : 0);
		req.rw.seg[i].gref = DATA_REF + i;
		req.rw.seg[i].last_sect = SECTORS_PER_PAGE - 1;
	}
	blkfront_push(&blk, &req);
	blkfront_kick(&blk);
	if (!blkfront_wait(&blk, 1, deadline))
		test_result(FAILURE, "%s of sector %lu: no response in 5 s",
			    op ? "write" : "read", sector);
	blkfront_take(&blk, &rsp);
	if (rsp.id != req.rw.id || rsp.operation != op ||
	    rsp.status != BLKIF_RSP_OKAY)
		test_result(FAILURE, "%s of sector %lu: id %lx op %u status %d",
			    op ? "write" : "read", sector, rsp.id,
			    rsp.operation, rsp.status);
	for (i = 0; i < n; i++)
		if (gnttab_end(DATA_REF + i))
			test_result(FAILURE, "grant %u in use after its response",
				    DATA_REF + i);
	if (op == BLKIF_OP_READ &&
	    !holds_pattern(pages[0], sector, n * SECTORS_PER_PAGE))
		test_result(FAILURE, "read of sector %lu: not the disk's data",
			    sector);
	n_writes += op == BLKIF_OP_WRITE;
	n_reads += op == BLKIF_OP_READ;
	n_sectors += n * SECTORS_PER_PAGE;
}

static void block_pass(void)
{
	unsigned int n = 1 + rf_below(NR_PAGES);
	u64 s = rf_below(DISK_SECTORS / SECTORS_PER_PAGE - n + 1) *
		SECTORS_PER_PAGE;

	rw(BLKIF_OP_WRITE, s, n);
	rw(BLKIF_OP_READ, s, n);
	n = 1 + rf_below(NR_PAGES);
	s = rf_below(DISK_SECTORS / SECTORS_PER_PAGE - n + 1) *
	    SECTORS_PER_PAGE;
	rw(BLKIF_OP_READ, s, n);
}

static void xs_pass(void)
{
	char want[24], got[24];
	int rc;

	snprintf(want, sizeof(want), "%lu", n_xs);
	rc = xs_write("steady/counter", want);
	if (rc)
		test_result(FAILURE, "XenStore write %lu: error %d", n_xs, rc);
	rc = xs_read("steady/counter", got, sizeof(got));
	if (rc < 0 || memcmp(got, want, rc + 1))
		test_result(FAILURE, "XenStore read back '%s' (%d), wrote '%s'",
			    rc < 0 ? "" : got, rc, want);
	n_xs++;
}

/* Asked to shut down by the toolstack? */
static int shutdown_asked(void)
{
	char buf[16];

	return xs_read("control/shutdown", buf, sizeof(buf)) > 0;
}

void test_main(void)
{
	u64 secs = rf_opt("secs", 3), start, end;
	int asked = 0;

	rf_start("steady_io", 7, 0);
	blk_open(DEVID, ring_page, 0, pages, NR_PAGES);
	start = system_time_ns();
	end = start + secs * NS_PER_SEC;
	cprintf("steady_io: up, for %lu s or until shut down\n", secs);
	while (system_time_ns() < end) {
		xs_pass();
		block_pass();
		if (!(n_xs % 16) && shutdown_asked()) {
			asked = 1;
			break;
		}
	}
	if (xs_rm("steady"))
		test_result(FAILURE, "XenStore rm of our nodes failed");
	test_result(SUCCESS, "%s after %lu ms: %lu XenStore write+read, %lu block writes, %lu reads (%lu sectors), all checked",
		    asked ? "shut down" : "time up",
		    (system_time_ns() - start) / NS_PER_MS, n_xs, n_writes,
		    n_reads, n_sectors);
}
