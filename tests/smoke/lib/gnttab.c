// SPDX-License-Identifier: GPL-2.0
/*
 * Our grant table, version 1, as a front end keeps it: the first frame
 * GNTTABOP_setup_table gives us, mapped writable, 512 entries (the table
 * may have more frames; we use only these).
 *
 * A grant is written as Xen's grant_table.h asks: domid and frame first,
 * then (after a barrier) the flags that make it valid.  GTF_reading and
 * GTF_writing are the hypervisor's: set while a grantee uses the frame.
 * Ending access clears the flags only if neither is set, atomically, so a
 * grant in use is never taken back under the grantee's feet.
 */
#include "front.h"

static struct grant_entry_v1 *table;
static unsigned int nr_entries, nr_frames;

int gnttab_init(unsigned long va)
{
	unsigned long mfn = 0;
	struct gnttab_setup_table st = {
		.dom = DOMID_SELF, .nr_frames = 1, .frame_list = &mfn,
	};
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	long rc = HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &st, 1);

	if (rc)
		return rc;
	rc = HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1);
	if (rc || q.status != GNTST_okay || !q.nr_frames)
		return rc ?: -XEN_EINVAL;
	nr_frames = q.nr_frames;
	if (st.status != GNTST_okay || !mfn)
		return -XEN_EINVAL;
	rc = map_page(va, mfn, _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED |
		      _PAGE_DIRTY | _PAGE_NX);
	if (rc)
		return rc;
	table = (struct grant_entry_v1 *)va;
	nr_entries = PAGE_SIZE / sizeof(*table);
	return 0;
}

unsigned int gnttab_entries(void)
{
	return nr_entries;
}

unsigned int gnttab_size(void)
{
	return nr_frames * (PAGE_SIZE / sizeof(*table));
}

void gnttab_set(u32 ref, u16 flags, u16 domid, u32 frame)
{
	if (ref >= nr_entries)
		test_result(ERROR, "grant ref %u outside our table", ref);
	WRITE_ONCE(table[ref].flags, 0);
	barrier();
	WRITE_ONCE(table[ref].domid, domid);
	WRITE_ONCE(table[ref].frame, frame);
	barrier();
	WRITE_ONCE(table[ref].flags, flags);
}

void gnttab_grant(u32 ref, u16 domid, unsigned long mfn, u16 flags)
{
	gnttab_set(ref, GTF_permit_access | flags, domid, mfn);
}

u16 gnttab_flags(u32 ref)
{
	return ref < nr_entries ? READ_ONCE(table[ref].flags) : 0;
}

int gnttab_end(u32 ref)
{
	u16 flags;

	if (ref >= nr_entries)
		return 0;
	do {
		flags = READ_ONCE(table[ref].flags);
		if (flags & (GTF_reading | GTF_writing))
			return -XEN_EBUSY;
	} while (!__atomic_compare_exchange_n(&table[ref].flags, &flags, 0, 0,
					      __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
	return 0;
}
