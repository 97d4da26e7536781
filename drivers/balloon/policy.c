// SPDX-License-Identifier: GPL-2.0
/*
 * The balloon's arithmetic (see policy.h).  A step never takes more than
 * the kernel can spare: what stays available is at least BL_RESERVE_PAGES
 * plus a sixteenth of the current size, so a low target is approached as
 * far as memory allows and then retried with back-off, never forced
 * into an OOM storm.
 */
#include "policy.h"

#define BL_PAGE_KB	4

unsigned long bl_kb_to_pages(unsigned long long kb)
{
	return kb / BL_PAGE_KB;
}

unsigned long long bl_pages_to_kb(unsigned long pages)
{
	return (unsigned long long)pages * BL_PAGE_KB;
}

static unsigned long at_most(unsigned long a, unsigned long b)
{
	return a < b ? a : b;
}

long bl_step(unsigned long current_pages, unsigned long target,
	     unsigned long ballooned, unsigned long avail)
{
	unsigned long keep = BL_RESERVE_PAGES + current_pages / 16;

	if (target > current_pages)
		return -(long)at_most(at_most(target - current_pages, ballooned),
				      BL_BATCH);
	if (target == current_pages || avail <= keep)
		return 0;
	return at_most(at_most(current_pages - target, avail - keep),
		       BL_BATCH);
}

unsigned int bl_next_delay(unsigned int delay_s, int progress)
{
	if (progress || !delay_s)
		return 1;
	return delay_s >= BL_MAX_DELAY_S / 2 ? BL_MAX_DELAY_S : delay_s * 2;
}
