// SPDX-License-Identifier: GPL-2.0
/*
 * Grant tables, version 1: a domain's table, its life cycle, the
 * __HYPERVISOR_grant_table_op entry point and the small commands
 * (setup_table, query_size, set_version, get_version, get_status_frames).
 *
 * The shared frames are allocated on demand (one at creation, more with
 * setup_table), owned by the domain, which maps them writable, and freed
 * with it.  Every status code and errno is Xen 4.17's for the same call;
 * hv-stub offers v1 only and answers the version commands as Xen does
 * when booted with gnttab=max-ver:1 (see set_version()).
 *
 * On domain death (gnttab_destroy) the domain's own mappings are undone
 * and its table is freed, unless others still pin its grants: then the
 * table lives on as an orphan until the last gt_release().
 */
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/guest.h>
#include <hv/hypercall.h>
#include <hv/lib.h>
#include "internal.h"

/* The low 12 bits of cmd are the command, the rest continuation state. */
#define GNTTABOP_CMD_MASK	0xfffU

#define ACTIVE_BYTES	(GNTTAB_PER_FRAME * sizeof(struct active_grant))

static int grow(struct gnttab *gt, unsigned int nr)
{
	while (gt->nr_frames < nr) {
		unsigned int i = gt->nr_frames;

		gt->active[i] = hv_alloc(ACTIVE_BYTES);
		if (!gt->active[i])
			return -ENOMEM;
		gt->frame[i] = alloc_domain_frame(gt->domid);
		if (gt->frame[i] == INVALID_MFN) {
			hv_free(gt->active[i], ACTIVE_BYTES);
			gt->active[i] = NULL;
			return -ENOMEM;
		}
		gt->nr_frames++;
	}
	return 0;
}

static void gt_free(struct gnttab *gt)
{
	unsigned int i;

	for (i = 0; i < gt->nr_frames; i++)
		hv_free(gt->active[i], ACTIVE_BYTES);
	hv_free(gt, sizeof(*gt));
}

/* A domain starts with one frame, as on Xen. */
int gnttab_init(struct domain *d)
{
	struct gnttab *gt = hv_alloc(sizeof(*gt));

	BUILD_BUG_ON(sizeof(*gt) > PAGE_SIZE);
	if (!gt)
		return -ENOMEM;
	gt->domid = d->domid;
	gt->maptrack_free = MAPTRACK_END;
	d->gnttab = gt;
	return grow(gt, 1);
}

unsigned int gnttab_pins(const struct domain *d)
{
	return d->gnttab ? d->gnttab->pins : 0;
}

bool gnttab_owns_frame(const struct domain *d, u64 mfn)
{
	unsigned int i;

	for (i = 0; d->gnttab && i < d->gnttab->nr_frames; i++)
		if (d->gnttab->frame[i] == mfn)
			return true;
	return false;
}

/*
 * Called while the domain's memory is still there, after its page tables
 * are gone (the grant PTEs took their references with them).  Its shared
 * frames are freed with the rest of its memory by the caller.
 */
void gnttab_destroy(struct domain *d)
{
	struct gnttab *gt = d->gnttab;

	if (!gt)
		return;
	gnttab_release_maptrack(gt);
	d->gnttab = NULL;
	gt->orphan = true;
	if (!gt->pins) {
		gt_free(gt);
		return;
	}
	pr_info("domain %u: %lu grant pins held by others outlive it\n",
		d->domid, gt->pins);
}

void gt_release(struct gnttab *gt, grant_ref_t ref, bool write)
{
	gt_unpin(gt, ref, write);
	if (gt->orphan && !gt->pins)
		gt_free(gt);
}

int gnttab_acquire(struct domain *granter, domid_t grantee, grant_ref_t ref,
		   bool write, u64 *mfn)
{
	if (granter->dying || !granter->gnttab)
		return GNTST_bad_domain;
	return gt_pin(granter->gnttab, grantee, ref, write ? GT_WRITE : 0,
		      mfn);
}

void gnttab_release(struct domain *granter, grant_ref_t ref, bool write)
{
	gt_release(granter->gnttab, ref, write);
}

/* DOMID_SELF or a domain id, as Xen's rcu_lock_domain_by_any_id(). */
static struct domain *any_domain(struct vcpu *v, domid_t dom)
{
	return dom == DOMID_SELF ? v->d : domain_by_id(dom);
}

/*
 * The status a set-up or query of @dom's table gets from an unprivileged
 * caller: GNTST_okay only for itself.
 */
static s16 own_table(struct vcpu *v, domid_t dom)
{
	struct domain *d = any_domain(v, dom);

	if (!d)
		return GNTST_bad_domain;
	return d == v->d ? GNTST_okay : GNTST_permission_denied;
}

static long setup_table(struct vcpu *v, u64 arg, u32 count)
{
	struct gnttab *gt = v->d->gnttab;
	struct gnttab_setup_table s;
	unsigned int i;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest(&s, arg, sizeof(s)))
		return -EFAULT;
	if (!guest_range_ok(s.frame_list, (u64)s.nr_frames * 8))
		return -EFAULT;
	s.status = own_table(v, s.dom);
	if (s.status == GNTST_okay &&
	    (s.nr_frames > GNTTAB_MAX_FRAMES || grow(gt, s.nr_frames)))
		s.status = GNTST_general_error;
	for (i = 0; s.status == GNTST_okay && i < s.nr_frames; i++)
		if (copy_to_guest(s.frame_list + i * 8, &gt->frame[i], 8))
			s.status = GNTST_bad_virt_addr;
	if (copy_to_guest(arg + offsetof(struct gnttab_setup_table, status),
			  &s.status, sizeof(s.status)))
		return -EFAULT;
	return 0;
}

static long query_size(struct vcpu *v, u64 arg, u32 count)
{
	struct gnttab_query_size q;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest(&q, arg, sizeof(q)))
		return -EFAULT;
	q.status = own_table(v, q.dom);
	if (q.status == GNTST_okay) {
		q.nr_frames = v->d->gnttab->nr_frames;
		q.max_nr_frames = GNTTAB_MAX_FRAMES;
	}
	return copy_to_guest(arg, &q, sizeof(q)) ? -EFAULT : 0;
}

/*
 * Version 1 only, answered as Xen 4.17 booted with gnttab=max-ver:1
 * (the domain's max_version 1) does, in gnttab_set_version(): a version
 * other than 1 or 2 is -EINVAL; 2 is -ENOSYS ("behave as before
 * set_version was introduced"); 1 is the current version, 0.  In every
 * case the current version, 1, is written back.
 */
static long set_version(struct vcpu *v, u64 arg)
{
	struct gnttab_set_version s;
	long rc;

	if (copy_from_guest(&s, arg, sizeof(s)))
		return -EFAULT;
	rc = s.version == 1 ? 0 : s.version == 2 ? -XEN_ENOSYS : -EINVAL;
	s.version = 1;
	return copy_to_guest(arg, &s, sizeof(s)) ? -EFAULT : rc;
}

/*
 * Xen's gnttab_get_version(): an unknown domain is -ESRCH, another
 * domain's is -EPERM for an unprivileged caller (XSM_TARGET).
 */
static long get_version(struct vcpu *v, u64 arg)
{
	struct gnttab_get_version g;
	struct domain *d;

	if (copy_from_guest(&g, arg, sizeof(g)))
		return -EFAULT;
	d = any_domain(v, g.dom);
	if (!d)
		return -ESRCH;
	if (d != v->d)
		return -EPERM;
	g.version = 1;
	return copy_to_guest(arg + offsetof(struct gnttab_get_version,
					    version),
			     &g.version, sizeof(g.version)) ? -EFAULT : 0;
}

/*
 * Xen's gnttab_get_status_frames() on a v1 table, which has no status
 * frames: asking for none is GNTST_okay, for any GNTST_general_error.
 */
static long get_status_frames(struct vcpu *v, u64 arg, u32 count)
{
	struct gnttab_get_status_frames g;

	if (count != 1)
		return -EINVAL;
	if (copy_from_guest(&g, arg, sizeof(g)))
		return -EFAULT;
	g.status = own_table(v, g.dom);
	if (g.status == GNTST_okay && g.nr_frames)
		g.status = GNTST_general_error;
	if (copy_to_guest(arg + offsetof(struct gnttab_get_status_frames,
					 status),
			  &g.status, sizeof(g.status)))
		return -EFAULT;
	return 0;
}

/* The batched commands: the whole array must be guest memory first. */
static long batch(struct vcpu *v, u32 cmd, u64 arg, u32 count)
{
	static const size_t size[] = {
		[GNTTABOP_map_grant_ref] = sizeof(struct gnttab_map_grant_ref),
		[GNTTABOP_unmap_grant_ref] =
			sizeof(struct gnttab_unmap_grant_ref),
		[GNTTABOP_copy] = sizeof(struct gnttab_copy),
	};

	if (!guest_range_ok(arg, (u64)count * size[cmd]))
		return -EFAULT;
	switch (cmd) {
	case GNTTABOP_map_grant_ref:
		return gnttab_map(v, arg, count);
	case GNTTABOP_unmap_grant_ref:
		return gnttab_unmap(v, arg, count);
	default:
		return gnttab_copy(v, arg, count);
	}
}

/*
 * Xen takes cmd and count as unsigned int.  transfer, unmap_and_replace,
 * swap_grant_ref and cache_flush are not offered (-ENOSYS); dump_table
 * is -ENOSYS on Xen too.
 */
long do_grant_table_op(struct vcpu *v, u64 a1, u64 arg, u64 a3, u64 a4,
		       u64 a5)
{
	u32 cmd = a1, count = a3;

	if ((s32)count < 0)
		return -EINVAL;
	if ((cmd & ~GNTTABOP_CMD_MASK) &&
	    (cmd & GNTTABOP_CMD_MASK) != GNTTABOP_cache_flush)
		return -EINVAL;
	switch (cmd) {
	case GNTTABOP_map_grant_ref:
	case GNTTABOP_unmap_grant_ref:
	case GNTTABOP_copy:
		return batch(v, cmd, arg, count);
	case GNTTABOP_setup_table:
		return setup_table(v, arg, count);
	case GNTTABOP_query_size:
		return query_size(v, arg, count);
	case GNTTABOP_set_version:
		return set_version(v, arg);
	case GNTTABOP_get_version:
		return get_version(v, arg);
	case GNTTABOP_get_status_frames:
		return get_status_frames(v, arg, count);
	default:
		return -XEN_ENOSYS;
	}
}
