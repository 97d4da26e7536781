// SPDX-License-Identifier: GPL-2.0
/*
 * GNTTABOP_copy between our own frames, one side named by a grant and
 * the other by its frame number: gref -> gmfn and gmfn -> gref in one
 * batch of two, with offsets; the bytes arrive, nothing else changes, and
 * the entries are idle afterwards.
 */
#include "grant.h"

#define SRC_REF		(GREF_FIRST + 3)
#define DST_REF		(GREF_FIRST + 4)
#define LEN		100

static void fill(unsigned char *p, unsigned char seed)
{
	unsigned int i;

	for (i = 0; i < PAGE_SIZE; i++)
		p[i] = seed + i * 7;
}

static int all(const unsigned char *p, unsigned int from, unsigned int to,
	       unsigned char c)
{
	for (; from < to; from++)
		if (p[from] != c)
			return 0;
	return 1;
}

void test_main(void)
{
	struct grant_entry_v1 *gt = grant_table(0);
	unsigned char *a = page_alloc(), *b = page_alloc();
	unsigned char *c = page_alloc(), *d = page_alloc();
	struct gnttab_copy op[2] = {
		{	/* gref a -> gmfn b */
			.source = { .u.ref = SRC_REF, .domid = DOMID_SELF,
				    .offset = 8 },
			.dest = { .u.gmfn = virt_to_mfn(b),
				  .domid = DOMID_SELF, .offset = 16 },
			.len = LEN, .flags = GNTCOPY_source_gref, .status = 99,
		}, {	/* gmfn c -> gref d */
			.source = { .u.gmfn = virt_to_mfn(c),
				    .domid = DOMID_SELF, .offset = 4000 },
			.dest = { .u.ref = DST_REF, .offset = 0 },
			.len = 96, .flags = GNTCOPY_dest_gref, .status = 99,
		},
	};
	u16 self = my_domid();
	long rc;

	fill(a, 1);
	fill(c, 2);
	memset(b, 0xee, PAGE_SIZE);
	memset(d, 0xdd, PAGE_SIZE);
	op[1].dest.domid = self;
	grant(gt, SRC_REF, self, virt_to_mfn(a),
	      GTF_permit_access | GTF_readonly);
	grant(gt, DST_REF, self, virt_to_mfn(d), GTF_permit_access);
	rc = HYPERVISOR_grant_table_op(GNTTABOP_copy, op, 2);
	if (rc || op[0].status || op[1].status)
		test_result(FAILURE, "copy: rc %ld status %d %d", rc,
			    op[0].status, op[1].status);
	if (memcmp(b + 16, a + 8, LEN) || !all(b, 0, 16, 0xee) ||
	    !all(b, 16 + LEN, PAGE_SIZE, 0xee))
		test_result(FAILURE, "gref -> gmfn: wrong bytes");
	if (memcmp(d, c + 4000, 96) || !all(d, 96, PAGE_SIZE, 0xdd))
		test_result(FAILURE, "gmfn -> gref: wrong bytes");
	if (grant_busy(gt, SRC_REF) || grant_busy(gt, DST_REF))
		test_result(FAILURE, "entries busy after copy: 0x%x 0x%x",
			    gt[SRC_REF].flags, gt[DST_REF].flags);
	test_result(SUCCESS, "gref->gmfn %u bytes, gmfn->gref 96 bytes", LEN);
}
