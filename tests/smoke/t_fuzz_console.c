// SPDX-License-Identifier: GPL-2.0
/*
 * A seeded fuzzer of the console ring (io/console.h): rounds of output
 * written as a front end should, and of index games: out_prod jumping far
 * ahead (more than the ring), out_prod behind out_cons, out_cons (which
 * the back end owns) overwritten with garbage, in_prod/in_cons garbage,
 * and floods of whole rings without waiting.  After every notification
 * the back end must have consumed up to our out_prod (its out_cons equal
 * to it): it drains what it can see and never reads past the producer.
 * After the rounds a well-formed line still goes out: the harness
 * (tests/fuzz/rings) looks for "fuzz_console: ring ok seed=S" in the log.
 * Only printable bytes and newlines are written, so that the log stays
 * readable: the ring carries bytes, not meaning, so that loses nothing.
 * On real Xen we are dom0 with no console ring: SKIP.  Options: seed=N
 * rounds=N.
 */
#include "front.h"
#include "ringfuzz.h"

#define IN_SIZE		1024
#define OUT_SIZE	2048
#define TIMEOUT_NS	(2 * NS_PER_SEC)

/* We write out[], out_prod and in_cons; the back end the others. */
struct cons_iface {
	char in[IN_SIZE];
	char out[OUT_SIZE];
	u32 in_cons, in_prod;
	u32 out_cons, out_prod;
};

static struct cons_iface *ring;
static unsigned long cur_round, n_bytes, n_games;

#define fail(fmt, ...) \
	test_result(FAILURE, "round %lu (seed %lu): " fmt, cur_round, \
		    rf_opt("seed", 1), ##__VA_ARGS__)

static void kick(void)
{
	u32 port = start_info->console.domu.evtchn;

	HYPERVISOR_event_channel_op(EVTCHNOP_send, &port);
}

/* Notify; the back end must catch up with out_prod. */
static void kick_and_check(const char *what)
{
	u64 deadline = system_time_ns() + TIMEOUT_NS;

	kick();
	while (READ_ONCE(ring->out_cons) != READ_ONCE(ring->out_prod)) {
		if (system_time_ns() > deadline)
			fail("%s: out_cons %u, out_prod %u 2 s after the notification",
			     what, ring->out_cons, ring->out_prod);
		port_poll(start_info->console.domu.evtchn, NS_PER_MS);
	}
}

static char random_char(void)
{
	static const char set[] =
		"abcdefghijklmnopqrstuvwxyz0123456789 .:-_=+*#%&()[]<>";

	return rf_one_in(40) ? '\n' : set[rf_below(sizeof(set) - 1)];
}

/* @n bytes at out_prod, as a front end writes them (@n <= OUT_SIZE). */
static void put(u32 n)
{
	u32 prod = ring->out_prod, i;

	for (i = 0; i < n; i++)
		ring->out[(prod + i) % OUT_SIZE] = random_char();
	barrier();
	WRITE_ONCE(ring->out_prod, prod + n);
	n_bytes += n;
}

static void well_formed(void)
{
	u32 room = OUT_SIZE - (ring->out_prod - READ_ONCE(ring->out_cons));

	put(rf_below(room < 200 ? room : 200));
	kick_and_check("a short write");
}

static void flood_rings(void)
{
	unsigned int i, n = 1 + rf_below(4);

	/* whole rings, one notification: the back end may skip some */
	for (i = 0; i < n; i++)
		put(OUT_SIZE);
	kick_and_check("a flood");
}

static void games(void)
{
	u32 k = 1 + rf_below(1U << 30);

	n_games++;
	switch (rf_below(5)) {
	case 0:		/* far ahead of out_cons */
		WRITE_ONCE(ring->out_prod, ring->out_prod + OUT_SIZE + k);
		break;
	case 1:		/* behind out_cons */
		WRITE_ONCE(ring->out_prod, ring->out_cons - k);
		break;
	case 2:		/* the back end's index, overwritten */
		WRITE_ONCE(ring->out_cons, (u32)rf_rand());
		break;
	case 3:		/* input indices are the back end's and ours */
		WRITE_ONCE(ring->in_prod, (u32)rf_rand());
		WRITE_ONCE(ring->in_cons, (u32)rf_rand());
		break;
	default:
		WRITE_ONCE(ring->out_cons, ring->out_prod + k);
		break;
	}
	kick_and_check("an index game");
}

void test_main(void)
{
	u64 rounds = rf_start("fuzz_console", 1, 300), r;
	char line[64];
	u32 i, n;

	if (is_dom0() || !start_info->console.domu.mfn)
		test_result(SKIP, "no console ring (we are dom0): nothing to fuzz");
	events_disable();
	ring = (struct cons_iface *)scratch_va(0);
	if (map_page((unsigned long)ring, start_info->console.domu.mfn,
		     _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY |
		     _PAGE_NX))
		test_result(ERROR, "cannot map the console ring");
	for (cur_round = 0; cur_round < rounds; cur_round++) {
		r = rf_below(100);
		if (r < 70)
			well_formed();
		else if (r < 75)
			flood_rings();
		else
			games();
	}
	/* a fresh line, then the marker, through the ring */
	WRITE_ONCE(ring->out_prod, READ_ONCE(ring->out_cons));
	n = snprintf(line, sizeof(line), "\nfuzz_console: ring ok seed=%lu\n",
		     rf_opt("seed", 1));
	for (i = 0; i < n; i++)
		ring->out[(ring->out_prod + i) % OUT_SIZE] = line[i];
	barrier();
	WRITE_ONCE(ring->out_prod, ring->out_prod + n);
	kick_and_check("the marker line");
	test_result(SUCCESS, "seed %lu, %lu rounds: %lu bytes, %lu index games; the back end kept up and took the marker line",
		    rf_opt("seed", 1), rounds, n_bytes, n_games);
}
