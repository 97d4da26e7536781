// SPDX-License-Identifier: GPL-2.0
/* The environment hooks the pure page-type module (mm/pgtype.c) calls. */
#include <stdarg.h>
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
	write_cr3(read_cr3());
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
