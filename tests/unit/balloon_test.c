// SPDX-License-Identifier: GPL-2.0
/*
 * The balloon's arithmetic (drivers/balloon/policy.c): steps are bounded
 * by the batch, by what is ballooned (growing) and by what the kernel can
 * spare (shrinking: a reserve always stays); the back-off doubles to its
 * cap and restarts after progress; KiB and pages convert both ways.
 */
#include "env.h"
#include "../../drivers/balloon/policy.c"

#define MIB	256UL	/* pages */

static void step(const char *name, unsigned long cur, unsigned long target,
		 unsigned long ballooned, unsigned long avail, long want)
{
	long got = bl_step(cur, target, ballooned, avail);

	unit_check("balloon", name, got == want,
		   "bl_step(%lu, %lu, %lu, %lu) = %ld, want %ld", cur, target,
		   ballooned, avail, got, want);
}

static void delays(void)
{
	unsigned int d = 0, seen[8], i;

	for (i = 0; i < 8; i++)
		seen[i] = d = bl_next_delay(d, 0);
	unit_check("balloon", "backoff_doubles_to_cap",
		   seen[0] == 1 && seen[1] == 2 && seen[4] == 16 &&
		   seen[5] == BL_MAX_DELAY_S && seen[7] == BL_MAX_DELAY_S,
		   "waits %u %u %u %u %u %u", seen[0], seen[1], seen[2],
		   seen[3], seen[4], seen[5]);
	unit_check("balloon", "backoff_resets_on_progress",
		   bl_next_delay(BL_MAX_DELAY_S, 1) == 1, "got %u",
		   bl_next_delay(BL_MAX_DELAY_S, 1));
}

int main(void)
{
	unsigned long keep_256m = BL_RESERVE_PAGES + 256 * MIB / 16;

	step("at_target", 256 * MIB, 256 * MIB, 0, 200 * MIB, 0);
	step("down_one_batch", 256 * MIB, 128 * MIB, 0, 200 * MIB, BL_BATCH);
	step("down_small", 256 * MIB, 256 * MIB - 3, 0, 200 * MIB, 3);
	step("down_bounded_by_avail", 256 * MIB, 0, 0, keep_256m + 10, 10);
	step("down_nothing_to_spare", 256 * MIB, 0, 0, keep_256m, 0);
	step("down_avail_below_reserve", 256 * MIB, 0, 0, 100, 0);
	step("up_one_batch", 128 * MIB, 256 * MIB, 128 * MIB, 0, -BL_BATCH);
	step("up_small", 128 * MIB, 128 * MIB + 5, 128 * MIB, 0, -5);
	step("up_bounded_by_ballooned", 128 * MIB, 256 * MIB, 7, 0, -7);
	step("up_nothing_ballooned", 128 * MIB, 256 * MIB, 0, 0, 0);
	delays();
	unit_check("balloon", "kb_pages",
		   bl_kb_to_pages(1048576) == 262144 &&
		   bl_kb_to_pages(4095) == 1023 &&
		   bl_pages_to_kb(262144) == 1048576 &&
		   bl_pages_to_kb(~0UL) == 4ULL * ~0UL,
		   "conversions wrong");
	return unit_failed ? 1 : 0;
}
