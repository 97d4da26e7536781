// SPDX-License-Identifier: GPL-2.0
/*
 * Grant tables, version 1: the shared frames a domain writes its grant
 * entries into.  Frames are allocated on first setup_table, owned by the
 * domain (it maps them writable) and freed with it.  Mapping and copying
 * grants is for the back ends and comes with them.
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/guest.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include <public/grant_table.h>

#define GNTTAB_MAX_FRAMES	32

static int grow(struct domain *d, unsigned int nr)
{
	while (d->gnttab_frames < nr) {
		u64 mfn = alloc_domain_frame(d->domid);

		if (mfn == INVALID_MFN)
			return -ENOMEM;
		d->gnttab_mfn[d->gnttab_frames++] = mfn;
	}
	return 0;
}

/* Domains start with one frame, as on Xen. */
int gnttab_init(struct domain *d)
{
	return grow(d, 1);
}

static long setup_table(struct vcpu *v, u64 arg)
{
	struct gnttab_setup_table s;
	unsigned int i;

	if (copy_from_guest(&s, arg, sizeof(s)))
		return -EFAULT;
	if (s.dom != DOMID_SELF && s.dom != v->d->domid)
		s.status = GNTST_permission_denied;
	else if (s.nr_frames > GNTTAB_MAX_FRAMES)
		s.status = GNTST_general_error;
	else if (grow(v->d, s.nr_frames))
		s.status = GNTST_no_device_space;
	else
		s.status = GNTST_okay;
	for (i = 0; s.status == GNTST_okay && i < s.nr_frames; i++) {
		u64 mfn = v->d->gnttab_mfn[i];

		if (copy_to_guest(s.frame_list + i * 8, &mfn, 8))
			return -EFAULT;
	}
	return copy_to_guest(arg, &s, sizeof(s)) ? -EFAULT : 0;
}

static long query_size(struct vcpu *v, u64 arg)
{
	struct gnttab_query_size q;

	if (copy_from_guest(&q, arg, sizeof(q)))
		return -EFAULT;
	if (q.dom != DOMID_SELF && q.dom != v->d->domid) {
		q.status = GNTST_permission_denied;
	} else {
		q.nr_frames = v->d->gnttab_frames;
		q.max_nr_frames = GNTTAB_MAX_FRAMES;
		q.status = GNTST_okay;
	}
	return copy_to_guest(arg, &q, sizeof(q)) ? -EFAULT : 0;
}

long do_grant_table_op(struct vcpu *v, u64 cmd, u64 arg, u64 count,
		       u64 a4, u64 a5)
{
	if (count != 1 && (cmd == GNTTABOP_setup_table ||
			   cmd == GNTTABOP_query_size))
		return -EINVAL;
	switch (cmd) {
	case GNTTABOP_setup_table:
		return setup_table(v, arg);
	case GNTTABOP_query_size:
		return query_size(v, arg);
	default:
		return -XEN_ENOSYS;
	}
}
