// SPDX-License-Identifier: GPL-2.0
/*
 * spin: a CPU-bound guest for scheduler checks with several domains, not
 * a smoke test (tests/smoke/run boots only t_*.c, one domain at a time).
 *
 * It counts fixed chunks of work and, at every MARK_MS of system time (one
 * clock, the same in every domain), prints how many chunks it did since
 * the previous mark: "spin: mark 2500 ms: 1234 chunks".  Domains booted
 * together print the same marks, so the counts of one mark give their
 * CPU shares.  After "secs=N" seconds (command line, default 6) it prints
 * its result line with the total and powers off.
 */
#include "smoke.h"

#define MARK_MS		500
#define NS_PER_MS	1000000UL

/* A fixed piece of work the compiler cannot drop. */
static void chunk(void)
{
	unsigned long i, sum = 0;

	for (i = 0; i < 2000; i++) {
		sum += i;
		asm volatile("" : "+r"(sum));
	}
}

static unsigned long secs_option(void)
{
	const char *p = (const char *)start_info->cmd_line;
	unsigned long n = 0;

	for (; *p; p++) {
		if (memcmp(p, "secs=", 5))
			continue;
		for (p += 5; *p >= '0' && *p <= '9'; p++)
			n = n * 10 + *p - '0';
		break;
	}
	return n ? n : 6;
}

void test_main(void)
{
	u64 mark_ns = MARK_MS * NS_PER_MS, start = system_time_ns();
	u64 next = (start / mark_ns + 1) * mark_ns;
	u64 end = start + secs_option() * 1000 * NS_PER_MS;
	unsigned long n = 0, total = 0;
	int first = 1;
	u64 now;

	for (;;) {
		chunk();
		n++;
		now = system_time_ns();
		if (now < next)
			continue;
		/* the first stretch is not a whole mark: not printed */
		if (!first)
			cprintf("spin: mark %lu ms: %lu chunks\n",
				(unsigned long)(next / NS_PER_MS), n);
		first = 0;
		total += n;
		n = 0;
		next = (now / mark_ns + 1) * mark_ns;
		if (now >= end)
			break;
	}
	test_result(SUCCESS, "spin: %lu chunks in %lu ms", total,
		    (unsigned long)((now - start) / NS_PER_MS));
}
