// SPDX-License-Identifier: GPL-2.0
/* The environment hooks the pure page-type module (mm/pgtype.c) calls. */
#include <stdarg.h>
#include <hv/domain.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/x86.h>

void *mm_map_mfn(u64 mfn)
{
	return mfn_to_virt(mfn);
}

void mm_flush_tlb(void)
{
	flush_tlb_local();
}

void mm_log(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	if (log_level < LOG_DEBUG)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_debug("%s", buf);
}

/*
 * A grant PTE of @domid went away through a plain page-table update or
 * with its L1 table: a live domain is crashed, as Xen does, so that a
 * guest cannot lose track of a mapping it still holds a handle for.  A
 * dying domain's tables are torn down this way; that is fine.
 */
void mm_implicit_unmap(domid_t domid, u64 spte)
{
	struct domain *d = domain_by_id(domid);

	if (d && !d->dying)
		domain_crash(d, "implicit unmap of grant PTE %#lx", spte);
}

/* A frame that outlived its domain lost its last reference. */
void mm_free_orphan(u64 mfn)
{
	pgt_flush_stale_writable();
	free_frame(mfn);
}
