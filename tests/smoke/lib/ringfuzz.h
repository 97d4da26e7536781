/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Seeds and round counts for the ring fuzzers (t_fuzz_xenstore,
 * t_fuzz_console, t_fuzz_blkif): "seed=N" and "rounds=N" on the kernel
 * command line (decimal, or hex with 0x), else the test's defaults.  The
 * generator is xorshift64*, so one seed gives the same run everywhere.
 * Header-only, so that it needs no change to the smoke Makefile.
 */
#ifndef SMOKE_RINGFUZZ_H
#define SMOKE_RINGFUZZ_H

#include "smoke.h"

static u64 rf_state;

static inline unsigned int rf_strnlen(const char *s, unsigned int max)
{
	unsigned int n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

static inline unsigned int rf_strlen(const char *s)
{
	return rf_strnlen(s, ~0U);
}

/* The value of "@key=" on our command line, or @dflt. */
static inline u64 rf_opt(const char *key, u64 dflt)
{
	const char *p = (const char *)start_info->cmd_line;
	unsigned int n = 0, base = 10, d;
	u64 v = 0;

	while (key[n])
		n++;
	for (; *p; p++) {
		if ((p != (const char *)start_info->cmd_line && p[-1] != ' ') ||
		    memcmp(p, key, n) || p[n] != '=')
			continue;
		p += n + 1;
		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
			base = 16;
			p += 2;
		}
		for (;; p++) {
			if (*p >= '0' && *p <= '9')
				d = *p - '0';
			else if (base == 16 && (*p | 0x20) >= 'a' &&
				 (*p | 0x20) <= 'f')
				d = (*p | 0x20) - 'a' + 10;
			else
				break;
			v = v * base + d;
		}
		return v;
	}
	return dflt;
}

static inline u64 rf_rand(void)
{
	rf_state ^= rf_state >> 12;
	rf_state ^= rf_state << 25;
	rf_state ^= rf_state >> 27;
	return rf_state * 0x2545f4914f6cdd1dUL;
}

/* 0 .. @n - 1 (0 for @n 0) */
static inline u64 rf_below(u64 n)
{
	return n ? rf_rand() % n : 0;
}

/* true one time in @n */
static inline int rf_one_in(u64 n)
{
	return !rf_below(n);
}

/* Read seed= and rounds=, print them first; the number of rounds. */
static inline u64 rf_start(const char *name, u64 dflt_seed, u64 dflt_rounds)
{
	u64 seed = rf_opt("seed", dflt_seed), rounds = rf_opt("rounds",
							      dflt_rounds);

	cprintf("%s: seed %lu rounds %lu\n", name, seed, rounds);
	rf_state = seed ^ 0x9e3779b97f4a7c15UL;
	if (!rf_state)
		rf_state = 1;
	return rounds;
}

#endif /* SMOKE_RINGFUZZ_H */
