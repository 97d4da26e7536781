// SPDX-License-Identifier: GPL-2.0
/*
 * A read-only disk (the runner gives xvda ",ro", the pattern disk of
 * tests/smoke/run) through a ring of four pages, if the back end offers
 * max-ring-page-order 2.
 *
 * The back end must say the disk is read-only (info VDISK_READONLY,
 * mode "r"), serve reads, and refuse with BLKIF_RSP_ERROR every request
 * that would change the disk: WRITE, an indirect WRITE, FLUSH_DISKCACHE
 * with data, DISCARD (EOPNOTSUPP when discard is not offered); the disk
 * still holds the pattern afterwards.  81 reads pass through slots 0..81
 * of the ring, so one request sits in slot 72, which straddles the second
 * and third ring pages.  On real Xen we are dom0 without XenStore: SKIP.
 */
#include "front.h"

#define DEVID		51712		/* xvda */
#define ORDER		2		/* 4 ring pages, 128 slots */
#define NR_PAGES	16
#define READS		27		/* per batch, three batches */
#define TARGET		10		/* the sectors the writes aim at */

static _Alignas(PAGE_SIZE) u8 ring[PAGE_SIZE << ORDER];
static _Alignas(PAGE_SIZE) u8 pages[NR_PAGES][PAGE_SIZE];

static void check_readonly(void)
{
	char path[96], mode[8];
	int rc;

	if (!(blk.info & VDISK_READONLY))
		test_result(FAILURE, "read-only disk published with info %lx",
			    blk.info);
	snprintf(path, sizeof(path), "%s/mode", blk.be);
	rc = xs_read(path, mode, sizeof(mode));
	if (rc != 1 || mode[0] != 'r')
		test_result(FAILURE, "read-only disk: %s is '%s' (%d), want 'r'",
			    path, rc > 0 ? mode : "", rc);
}

/* A batch of one-sector reads, eight to a data page. */
static void reads(unsigned int batch)
{
	static char what[READS][40];
	unsigned int i;
	struct req_case *c;
	u8 *p = NULL;
	u64 s;

	for (i = 0; i < READS; i++) {
		s = 300 + (batch * READS + i) * 7;
		if (i % 8 == 0)
			p = data_page(POISON);
		snprintf(what[i], sizeof(what[i]), "read of sector %lu", s);
		c = req_new(what[i], BLKIF_RSP_OKAY);
		req_rw(c, BLKIF_OP_READ, s);
		req_seg(c, grant_page(p, 0, 0), i % 8, i % 8);
		req_expect(c, p + (i % 8) * SECTOR_SIZE, s, 1);
	}
	run_batch("reads");
}

static void writes(void)
{
	u8 *w = data_page(0), *ip;
	struct req_case *c;
	unsigned int i;

	disk_pattern(w, 1);
	disk_pattern(w + SECTOR_SIZE, 1);
	c = req_new("WRITE", BLKIF_RSP_ERROR);
	req_rw(c, BLKIF_OP_WRITE, TARGET);
	req_seg(c, grant_page(w, 0, GTF_readonly), 0, 1);
	c = req_new("WRITE of 11 segments", BLKIF_RSP_ERROR);
	req_rw(c, BLKIF_OP_WRITE, TARGET);
	for (i = 0; i < BLKIF_MAX_SEGS; i++)
		req_seg(c, grant_page(w, 0, GTF_readonly), 0, 0);
	c = req_new("FLUSH_DISKCACHE with data", BLKIF_RSP_ERROR);
	req_rw(c, BLKIF_OP_FLUSH_DISKCACHE, TARGET);
	req_seg(c, grant_page(w, 0, GTF_readonly), 0, 0);
	if (blk.max_indirect >= 4) {
		c = req_new("indirect WRITE", BLKIF_RSP_ERROR);
		ip = req_ind_page(c, 4, grant_page(w, 0, GTF_readonly));
		req_ind(c, BLKIF_OP_WRITE, TARGET, 4,
			grant_page(ip, 0, GTF_readonly));
	}
	c = req_new(blk.discard ? "DISCARD" : "DISCARD, not offered",
		    blk.discard ? BLKIF_RSP_ERROR : BLKIF_RSP_EOPNOTSUPP);
	c->req.discard.operation = BLKIF_OP_DISCARD;
	c->req.discard.sector = TARGET;
	c->req.discard.nr_sectors = 8;
	run_batch("writes");
}

void test_main(void)
{
	blk_open(DEVID, ring, ORDER, pages, NR_PAGES);
	check_readonly();
	good_read("connecting", 0);
	reads(0);
	reads(1);
	reads(2);
	writes();
	good_read("the refused writes", TARGET - 2);
	if (cases_wrong)
		test_result(FAILURE, "%u of %u cases wrong; first: %s",
			    cases_wrong, cases_run, first_wrong);
	test_result(SUCCESS, "read-only: %u requests answered right through a %u-slot ring, writes refused, disk unchanged",
		    cases_run, blk.ring_size);
}
