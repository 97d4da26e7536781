/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inside drivers/xenpv/balloon: the core (balloon.c) and its sysfs face
 * (sysfs.c).
 */
#ifndef _XENPV_BALLOON_H
#define _XENPV_BALLOON_H

/* Sizes in pages; read without the lock (a snapshot is enough). */
struct bl_stats {
	unsigned long current_pages;	/* the domain's reservation */
	unsigned long target_pages;	/* where the worker is heading */
	unsigned long ballooned;	/* pfns given back, ready to refill */
};

extern struct bl_stats bl_stats;

/* Set a new target (pages) and start the worker. */
void bl_set_target(unsigned long pages);
int bl_sysfs_init(void);

#endif
