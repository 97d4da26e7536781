/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The balloon's arithmetic: how far to go in one step and how long to
 * wait after a step that got nowhere.  Pure: no kernel header, so the
 * same policy.c builds in the host unit test (tests/unit/balloon_test.c).
 */
#ifndef _XENPV_BALLOON_POLICY_H
#define _XENPV_BALLOON_POLICY_H

#define BL_BATCH		512	/* frames per hypercall: one page of MFNs */
#define BL_MAX_DELAY_S		32	/* back-off ceiling */
#define BL_RESERVE_PAGES	2048	/* 8 MiB the balloon never takes */

/* KiB (XenStore, sysfs) to pages and back. */
unsigned long bl_kb_to_pages(unsigned long long kb);
unsigned long long bl_pages_to_kb(unsigned long pages);

/*
 * Pages to give back in this step (> 0), to take in (< 0), or 0 when the
 * target is reached or nothing can move: @ballooned pages are held, up to
 * @avail pages are available to the kernel, of which BL_RESERVE_PAGES
 * and a sixteenth of @current stay with it.
 */
long bl_step(unsigned long current_pages, unsigned long target,
	     unsigned long ballooned, unsigned long avail);

/* Next delay in seconds: 1 after progress, else doubled up to the cap. */
unsigned int bl_next_delay(unsigned int delay_s, int progress);

#endif
