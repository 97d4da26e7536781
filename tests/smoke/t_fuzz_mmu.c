// SPDX-License-Identifier: GPL-2.0
/*
 * A seeded, structured fuzzer of the MMU hypercalls.  Every request looks
 * valid: it is built from our own frames, a pool of POOL pages of .bss.
 * Each round is one hypercall (or a multicall batch of them):
 *
 *   mmu_update         an entry of a pool frame, of our fuzz L1 table, or an
 *                      empty slot of our live L4/L3/L2 (or a hypervisor L4
 *                      slot, which must stay untouched) set to a pool frame,
 *                      a live table, an image frame, a foreign or
 *                      hypervisor frame or a random number, with random
 *                      flag bits; now and then an M2P update of a pool frame
 *   mmuext_op          pin a random frame as a random level, unpin, the
 *                      user base pointer, flushes, an LDT on a pool page,
 *                      clear or copy a page
 *   update_va_mapping  a pool page's own address or one in the fuzz range
 *   update_descriptor  a random descriptor into a random frame
 *   set_gdt            pool frames as our GDT
 *   multicall          1..6 of the above
 *
 * We never touch what we need to run (our image's mappings, the live
 * tables' used entries, our M2P entries other than the pool's).  After the
 * rounds we undo it all: no LDT, GDT or user base pointer, every slot we
 * wrote cleared, every pin we made dropped.  Then every pool page must map
 * writable again (a page-type reference left behind fails this), read and
 * write as plain memory, sit at its own M2P entry, and our live tables must
 * be as they were.  The harness compares the hypervisor's free frames
 * before and after the domain (tests/fuzz/run).
 *
 * "seed=N rounds=N" on the command line; the seed is printed first, and a
 * failure names its round.  Safe on real Xen as dom0: every write lands in
 * our own frames.
 */
#include "smoke.h"
#include "ringfuzz.h"

#define POOL		12
#define FUZZ_N		1024	/* scratch_va() page whose L1 we fuzz */
#define MAX_SLOTS	40
#define MAX_PINS	256
#define MAX_BATCH	6

#define MMUEXT_TLB_FLUSH_ALL	10
#define MMUEXT_INVLPG_ALL	11
#define MMUEXT_FLUSH_CACHE	12
#define MMUEXT_CLEAR_PAGE	16
#define MMUEXT_COPY_PAGE	17

static _Alignas(PAGE_SIZE) char pool[POOL][PAGE_SIZE];
static unsigned long pool_mfn[POOL];
static u64 *l4, *l3, *l2, *fl1;		/* live tables, fuzz L1 */
static unsigned long l3_mfn, l2_mfn, fl1_mfn, fuzz_va;
static u64 slots[MAX_SLOTS];		/* machine addresses of free slots */
static int nr_slots;
static unsigned long pins[MAX_PINS];	/* frames we pinned, not in pool */
static int nr_pins;
static u64 saved_l4[512], saved_l3[512], saved_l2[512];
static unsigned long foreign, hv_frame, image_mfn;
static unsigned long round, seed, rounds;
static unsigned long calls, ok;
/* calls and successes by hypercall number (mmu_update ... mmuext_op) */
static unsigned long nr_by_op[27], ok_by_op[27];

static void count(unsigned long op, long rc)
{
	calls++;
	ok += !rc;
	if (op < ARRAY_SIZE(nr_by_op)) {
		nr_by_op[op]++;
		ok_by_op[op] += !rc;
	}
}

/* Argument storage of one batch: it must outlive the multicall. */
static struct mmu_update mu[MAX_BATCH][4];
static struct mmuext_op mx[MAX_BATCH][4];
static unsigned long gdt_frames[MAX_BATCH][2];
static struct multicall_entry mc[MAX_BATCH];
/*
 * The batch as we sent it.  Only an entry's result is ours to read back:
 * Xen writes a preempted sub-call's continuation (its advanced pointer,
 * its count with MMU_UPDATE_PREEMPTED, or zeroes) over the arguments.
 */
static struct multicall_entry sent[MAX_BATCH];

static __noreturn void fail(const char *fmt, ...) __printf(1, 2);

static void fail(const char *fmt, ...)
{
	char buf[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	cprintf("fuzz_mmu: seed %lu failed at round %lu of %lu; rerun: tests/fuzz/run --seed %lu --rounds %lu fuzz_mmu\n",
		seed, round, rounds, seed, rounds);
	test_result(FAILURE, "seed %lu round %lu: %s", seed, round, buf);
}

static unsigned long table_mfn(const u64 *t)
{
	return virt_to_mfn((void *)((unsigned long)t & ~(PAGE_SIZE - 1)));
}

static unsigned long rand_mfn(void)
{
	unsigned int r = rf_below(100);

	if (r < 45)
		return pool_mfn[rf_below(POOL)];
	if (r < 55) {
		switch (rf_below(4)) {
		case 0: return l4_mfn();
		case 1: return l3_mfn;
		case 2: return l2_mfn;
		default: return fl1_mfn;
		}
	}
	if (r < 65)
		return p2m[rf_below(start_info->nr_pages)];
	if (r < 72)
		return image_mfn;
	if (r < 78)
		return foreign;
	if (r < 84)
		return hv_frame;
	if (r < 88)
		return start_info->shared_info >> PAGE_SHIFT;
	if (r < 94)
		return rf_below(1ul << 20);
	return rf_rand() & (PTE_MFN_MASK >> PAGE_SHIFT);
}

/* A frame we must not write to or cannot: not ours, or no frame. */
static unsigned long bad_mfn(void)
{
	switch (rf_below(4)) {
	case 0: return foreign;
	case 1: return hv_frame;
	case 2: return rf_below(1ul << 20);
	default: return rf_rand() & (PTE_MFN_MASK >> PAGE_SHIFT);
	}
}

static u64 rand_flags(void)
{
	u64 f = 0;

	if (!rf_one_in(10))
		f |= _PAGE_PRESENT;
	if (rf_one_in(2))
		f |= _PAGE_RW;
	if (rf_one_in(2))
		f |= _PAGE_USER;
	if (rf_one_in(2))
		f |= _PAGE_ACCESSED;
	if (rf_one_in(2))
		f |= _PAGE_DIRTY;
	if (rf_one_in(10))
		f |= 0x18;		/* PWT, PCD */
	if (rf_one_in(10))
		f |= _PAGE_PSE;
	if (rf_one_in(10))
		f |= 0x100;		/* global */
	if (rf_one_in(3))
		f |= _PAGE_NX;
	f |= rf_below(8) << 9;		/* the three free bits */
	if (rf_one_in(20))
		f |= rf_rand() & 0x7ff0000000000000ul;
	return f;
}

static u64 rand_pte(void)
{
	if (rf_one_in(25))
		return rf_rand();
	return (rand_mfn() << PAGE_SHIFT) | rand_flags();
}

/* A machine address of an entry we may write. */
static u64 rand_ptr(void)
{
	unsigned int r = rf_below(100);
	u64 p;

	if (r < 45)
		p = (pool_mfn[rf_below(POOL)] << PAGE_SHIFT) + rf_below(512) * 8;
	else if (r < 70)
		p = (fl1_mfn << PAGE_SHIFT) + rf_below(512) * 8;
	else if (r < 92 && nr_slots)
		p = slots[rf_below(nr_slots)];
	else if (r < 96)	/* the hypervisor's L4 slots: refused */
		p = (l4_mfn() << PAGE_SHIFT) + (256 + rf_below(16)) * 8;
	else
		p = (bad_mfn() << PAGE_SHIFT) + rf_below(512) * 8;
	/* misaligned; the low two bits are the command (M2P for 1) */
	if (rf_one_in(40))
		p += 4;
	return p;
}

static void gen_mmu_update(struct mmu_update *req, unsigned int n)
{
	unsigned int i, k;

	for (i = 0; i < n; i++) {
		if (rf_one_in(20)) {
			/* the M2P entry of a pool frame: right or not */
			k = rf_below(POOL);
			req[i].ptr = (pool_mfn[k] << PAGE_SHIFT) |
				     MMU_MACHPHYS_UPDATE;
			req[i].val = rf_one_in(2) ? virt_to_pfn(pool[k]) :
				     rf_below(start_info->nr_pages + 16);
			continue;
		}
		req[i].ptr = rand_ptr();
		if (rf_one_in(30))	/* PRESERVE_AD, NO_TRANSLATE */
			req[i].ptr = (req[i].ptr & ~3ull) | (2 + rf_below(2));
		req[i].val = rand_pte();
	}
}

static unsigned long rand_va(void)
{
	if (rf_one_in(3))
		return (unsigned long)pool[rf_below(POOL)];
	return fuzz_va + rf_below(512) * PAGE_SIZE;
}

static void gen_mmuext(struct mmuext_op *op, unsigned int n)
{
	unsigned int i, r;

	for (i = 0; i < n; i++) {
		memset(&op[i], 0, sizeof(op[i]));
		r = rf_below(100);
		op[i].arg1.mfn = rand_mfn();
		if (r < 40) {
			op[i].cmd = MMUEXT_PIN_L1_TABLE + rf_below(4);
		} else if (r < 65) {
			op[i].cmd = MMUEXT_UNPIN_TABLE;
			/* never the live tables: the builder pinned them */
			if (op[i].arg1.mfn == l4_mfn() ||
			    op[i].arg1.mfn == l3_mfn ||
			    op[i].arg1.mfn == l2_mfn || rf_one_in(2))
				op[i].arg1.mfn = pool_mfn[rf_below(POOL)];
		} else if (r < 70) {
			op[i].cmd = MMUEXT_NEW_USER_BASEPTR;
		} else if (r < 80) {
			static const unsigned int flush[] = {
				MMUEXT_TLB_FLUSH_LOCAL, MMUEXT_INVLPG_LOCAL,
				MMUEXT_TLB_FLUSH_ALL, MMUEXT_INVLPG_ALL,
				MMUEXT_FLUSH_CACHE,
			};
			op[i].cmd = flush[rf_below(ARRAY_SIZE(flush))];
			op[i].arg1.linear_addr = rand_va();
		} else if (r < 85) {
			op[i].cmd = MMUEXT_SET_LDT;
			op[i].arg1.linear_addr = rand_va();
			op[i].arg2.nr_ents = rf_below(4) ? rf_below(512) :
					     rf_below(9000);
		} else if (r < 95) {
			op[i].cmd = rf_one_in(2) ? MMUEXT_CLEAR_PAGE :
				    MMUEXT_COPY_PAGE;
			op[i].arg1.mfn = pool_mfn[rf_below(POOL)];
			op[i].arg2.src_mfn = rand_mfn();
		} else {
			/* anything but a new kernel base pointer */
			op[i].cmd = rf_below(24);
			if (op[i].cmd == MMUEXT_NEW_BASEPTR)
				op[i].cmd = MMUEXT_TLB_FLUSH_LOCAL;
			if (op[i].cmd == MMUEXT_UNPIN_TABLE)
				op[i].arg1.mfn = pool_mfn[rf_below(POOL)];
			op[i].arg2.src_mfn = rand_mfn();
		}
	}
}

static u64 rand_desc(void)
{
	u64 limit = rf_below(4) ? 0xfffff : rf_below(1 << 20);
	u64 base = rf_below(4) ? 0 : rf_rand() & 0xffffffff;
	u64 type = rf_below(16), s = !rf_one_in(4), dpl = rf_below(4);
	u64 d;

	if (rf_one_in(10))
		return rf_rand();
	d = (limit & 0xffff) | ((base & 0xffffff) << 16) | (type << 40) |
	    (s << 44) | (dpl << 45) | ((u64)!rf_one_in(8) << 47) |
	    (((limit >> 16) & 0xf) << 48) | (rf_below(16) << 52) |
	    ((base >> 24) << 56);
	return d;
}

/* One request of kind @k into batch slot @b: fills the multicall entry. */
static void gen_call(struct multicall_entry *e, unsigned int b)
{
	unsigned int n = 1 + rf_below(4), k;

	memset(e, 0, sizeof(*e));
	switch (rf_below(12)) {
	case 0: case 1: case 2: case 3:
		gen_mmu_update(mu[b], n);
		e->op = __HYPERVISOR_mmu_update;
		e->args[0] = (unsigned long)mu[b];
		e->args[1] = n;
		e->args[3] = DOMID_SELF;
		break;
	case 4: case 5: case 6:
		gen_mmuext(mx[b], n);
		e->op = __HYPERVISOR_mmuext_op;
		e->args[0] = (unsigned long)mx[b];
		e->args[1] = n;
		e->args[3] = DOMID_SELF;
		break;
	case 7: case 8:
		e->op = __HYPERVISOR_update_va_mapping;
		e->args[0] = rand_va();
		e->args[1] = rand_pte();
		e->args[2] = rf_below(8) ? rf_below(3) : rf_rand() & 0xff;
		break;
	case 9: case 10:
		e->op = __HYPERVISOR_update_descriptor;
		k = rf_below(POOL);
		e->args[0] = rf_below(4) ?
			     (pool_mfn[k] << PAGE_SHIFT) + rf_below(512) * 8 :
			     (bad_mfn() << PAGE_SHIFT) + rf_below(4096);
		e->args[1] = rand_desc();
		break;
	default:
		e->op = __HYPERVISOR_set_gdt;
		gdt_frames[b][0] = pool_mfn[rf_below(POOL)];
		gdt_frames[b][1] = rf_one_in(2) ? pool_mfn[rf_below(POOL)] :
				   rand_mfn();
		e->args[0] = (unsigned long)gdt_frames[b];
		e->args[1] = rf_below(4) ? rf_below(1024) : rf_below(8000);
		break;
	}
}

/* Remember a successful pin of a frame outside the pool, to undo it. */
static void note_pins(const struct multicall_entry *e, long rc)
{
	const struct mmuext_op *op = (const void *)e->args[0];
	unsigned int i, k;

	if (e->op != __HYPERVISOR_mmuext_op || rc)
		return;
	for (i = 0; i < e->args[1]; i++) {
		if (op[i].cmd > MMUEXT_PIN_L4_TABLE)
			continue;
		for (k = 0; k < POOL; k++)
			if (op[i].arg1.mfn == pool_mfn[k])
				break;
		if (k == POOL && nr_pins < MAX_PINS)
			pins[nr_pins++] = op[i].arg1.mfn;
	}
}

static long issue(const struct multicall_entry *e)
{
	int done = 0;

	switch (e->op) {
	case __HYPERVISOR_mmu_update:
	case __HYPERVISOR_mmuext_op:
		return hypercall5(e->op, e->args[0], e->args[1],
				  (unsigned long)&done, e->args[3], 0);
	default:
		return hypercall5(e->op, e->args[0], e->args[1], e->args[2],
				  0, 0);
	}
}

/* An mmuext op that partly succeeded may have pinned: count each alone. */
static long issue_tracked(struct multicall_entry *e)
{
	const struct mmuext_op *op = (const void *)e->args[0];
	struct multicall_entry one = *e;
	unsigned long i, n = e->args[1];
	long rc = 0, r;

	if (e->op != __HYPERVISOR_mmuext_op)
		return issue(e);
	one.args[1] = 1;
	for (i = 0; i < n; i++) {
		one.args[0] = (unsigned long)&op[i];
		r = issue(&one);
		note_pins(&one, r);
		if (r && !rc)
			rc = r;
	}
	return rc;
}

static int is_slot(u64 maddr)
{
	int i;

	for (i = 0; i < nr_slots; i++)
		if (slots[i] == maddr)
			return 1;
	return 0;
}

/*
 * Our live tables are as they were, but for the free slots: anything
 * during the rounds (@any), empty after the clean-up.
 */
static void compare(const u64 *t, const u64 *saved, unsigned long mfn,
		    const char *name, int any)
{
	int i;

	for (i = 0; i < 512; i++) {
		u64 ma = (mfn << PAGE_SHIFT) + i * 8;

		if (!is_slot(ma) ? t[i] != saved[i] : !any && t[i])
			fail("%s[%d] is %lx, was %lx", name, i, t[i], saved[i]);
	}
}

static void check_tables(int any)
{
	compare(l4, saved_l4, l4_mfn(), "L4", any);
	compare(l3, saved_l3, l3_mfn, "L3", any);
	compare(l2, saved_l2, l2_mfn, "L2", any);
}

static void one_round(void)
{
	unsigned int i, n;
	long rc;

	if (rf_below(5)) {
		gen_call(&mc[0], 0);
		rc = issue_tracked(&mc[0]);
		count(mc[0].op, rc);
		return;
	}
	/*
	 * A batch.  Multicalled mmuext ops are single ones, so that a pin
	 * that succeeded is seen in its entry's result.
	 */
	n = 1 + rf_below(MAX_BATCH);
	for (i = 0; i < n; i++) {
		gen_call(&mc[i], i);
		if (mc[i].op == __HYPERVISOR_mmuext_op)
			mc[i].args[1] = 1;
	}
	memcpy(sent, mc, n * sizeof(mc[0]));
	rc = HYPERVISOR_multicall(mc, n);
	if (rc)
		fail("multicall of %u: %ld", n, rc);
	for (i = 0; i < n; i++) {
		note_pins(&sent[i], mc[i].result);
		count(sent[i].op, mc[i].result);
	}
}

static void find_slots(void)
{
	int i;

	for (i = 0; i < 256 && nr_slots < 8; i += 1 + rf_below(64))
		if (!l4[i])
			slots[nr_slots++] = (l4_mfn() << PAGE_SHIFT) + i * 8;
	for (i = 0; i < 510 && nr_slots < 20; i += 1 + rf_below(64))
		if (!l3[i])
			slots[nr_slots++] = (l3_mfn << PAGE_SHIFT) + i * 8;
	for (i = 256; i < 512 && nr_slots < MAX_SLOTS; i += 1 + rf_below(16))
		if (!l2[i])
			slots[nr_slots++] = (l2_mfn << PAGE_SHIFT) + i * 8;
}

static void setup(void)
{
	unsigned long va;
	int i;

	for (i = 0; i < POOL; i++) {
		memset(pool[i], 0, PAGE_SIZE);
		pool_mfn[i] = virt_to_mfn(pool[i]);
	}
	fuzz_va = scratch_va(FUZZ_N) & ~((512ul << PAGE_SHIFT) - 1);
	va = fuzz_va;
	l4 = (u64 *)start_info->pt_base;
	l3 = (u64 *)((unsigned long)pte_lookup(va, 3) & ~(PAGE_SIZE - 1));
	l2 = (u64 *)((unsigned long)pte_lookup(va, 2) & ~(PAGE_SIZE - 1));
	fl1 = (u64 *)((unsigned long)pte_lookup(va, 1) & ~(PAGE_SIZE - 1));
	if (!l3 || !l2 || !fl1)
		test_result(ERROR, "cannot find our page tables");
	l3_mfn = table_mfn(l3);
	l2_mfn = table_mfn(l2);
	fl1_mfn = table_mfn(fl1);
	for (i = 0; i < 512; i++)
		if (fl1[i])
			test_result(ERROR, "fuzz L1 not empty");
	memcpy(saved_l4, l4, PAGE_SIZE);
	memcpy(saved_l3, l3, PAGE_SIZE);
	memcpy(saved_l2, l2, PAGE_SIZE);
	foreign = foreign_mfn();
	hv_frame = (l4[262] & _PAGE_PRESENT ? l4[262] : l4[256]) >> PAGE_SHIFT;
	hv_frame &= PTE_MFN_MASK >> PAGE_SHIFT;
	image_mfn = virt_to_mfn(&saved_l4);
	find_slots();
	if (HYPERVISOR_vm_assist(VMASST_CMD_enable,
				 VMASST_TYPE_writable_pagetables))
		test_result(ERROR, "vm_assist writable_pagetables");
}

/* Undo everything, then check that the domain is as it was. */
static void cleanup(void)
{
	struct mmuext_op op = { .cmd = MMUEXT_SET_LDT };
	u64 pte;
	long rc;
	int i, j, pass, done;

	round = rounds;		/* failures now are the clean-up's */
	HYPERVISOR_mmuext_op(&op, 1, &done, DOMID_SELF);
	rc = hypercall(__HYPERVISOR_set_gdt, NULL, 0, 0);
	if (rc)
		fail("set_gdt(none): %ld", rc);
	rc = mmuext1(MMUEXT_NEW_USER_BASEPTR, 0);
	if (rc)
		fail("user base pointer 0: %ld", rc);
	for (i = 0; i < nr_slots; i++)
		if (mmu_update1(slots[i], 0))
			fail("clearing slot %lx", slots[i]);
	for (i = 0; i < 512; i++)
		if (mmu_update1((fl1_mfn << PAGE_SHIFT) + i * 8, 0))
			fail("clearing fuzz L1 entry %d", i);
	for (i = 0; i < POOL; i++) {
		struct mmu_update m2p = {
			(pool_mfn[i] << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE,
			virt_to_pfn(pool[i])
		};

		if (HYPERVISOR_mmu_update(&m2p, 1, &done, DOMID_SELF))
			fail("restoring the M2P entry of pool page %d", i);
		pte = (pool_mfn[i] << PAGE_SHIFT) | _PAGE_PRESENT |
		      _PAGE_ACCESSED | _PAGE_NX;
		rc = HYPERVISOR_update_va_mapping((unsigned long)pool[i], pte,
						  UVMF_INVLPG);
		if (rc)
			fail("pool page %d read-only at home: %ld", i, rc);
	}
	/* empty the pool tables (page tables drop what they point to) */
	for (pass = 0; pass < 4; pass++) {
		for (i = 0; i < POOL; i++) {
			const u64 *t = (const u64 *)pool[i];

			for (j = 0; j < 512; j++)
				if (t[j])
					mmu_update1((pool_mfn[i] << PAGE_SHIFT) +
						    j * 8, 0);
		}
		for (i = 0; i < POOL; i++)
			mmuext1(MMUEXT_UNPIN_TABLE, pool_mfn[i]);
	}
	/* a round may have unpinned one already: no error check */
	for (i = 0; i < nr_pins; i++)
		mmuext1(MMUEXT_UNPIN_TABLE, pins[i]);
	for (i = 0; i < POOL; i++) {
		pte = (pool_mfn[i] << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_RW |
		      _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_NX;
		rc = HYPERVISOR_update_va_mapping((unsigned long)pool[i], pte,
						  UVMF_INVLPG);
		if (rc)
			fail("pool page %d still typed: writable map %ld", i,
			     rc);
		memset(pool[i], 0x5a, PAGE_SIZE);
		for (j = 0; j < PAGE_SIZE; j += 512)
			if (pool[i][j] != 0x5a)
				fail("pool page %d does not read back", i);
		if (mfn_to_pfn(pool_mfn[i]) != virt_to_pfn(pool[i]))
			fail("M2P of pool page %d is %lx", i,
			     mfn_to_pfn(pool_mfn[i]));
	}
	check_tables(0);
}

/* Our page tables still work: a fresh mapping of a page we write. */
static void touch(void)
{
	unsigned long *page = page_alloc(), va = VIRT_BASE + 0x10000000UL;
	int rc;

	page[7] = 0x600dcafe;
	rc = map_page(va, virt_to_mfn(page), _PAGE_PRESENT | _PAGE_RW |
		      _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_NX);
	if (rc)
		fail("cannot map a fresh page: %d", rc);
	((unsigned long *)va)[9] = 0x1234;
	if (((unsigned long *)va)[7] != 0x600dcafe || page[9] != 0x1234)
		fail("a fresh mapping does not alias its page");
}

void test_main(void)
{
	seed = rf_opt("seed", 1);
	rounds = rf_start("fuzz_mmu", 1, 2000);
	setup();
	cprintf("fuzz_mmu: %d free slots, foreign %lx hypervisor %lx\n",
		nr_slots, foreign, hv_frame);
	for (round = 0; round < rounds; round++) {
		one_round();
		check_tables(1);
	}
	cleanup();
	touch();
	if (HYPERVISOR_xen_version(XENVER_version, NULL) < (3 << 16))
		fail("xen_version after the rounds");
	cprintf("fuzz_mmu: succeeded: mmu_update %lu/%lu mmuext_op %lu/%lu update_va_mapping %lu/%lu update_descriptor %lu/%lu set_gdt %lu/%lu\n",
		ok_by_op[1], nr_by_op[1], ok_by_op[26], nr_by_op[26],
		ok_by_op[14], nr_by_op[14], ok_by_op[10], nr_by_op[10],
		ok_by_op[2], nr_by_op[2]);
	test_result(SUCCESS, "seed %lu: %lu rounds, %lu calls, %lu succeeded, %d pins of our own tables undone",
		    seed, rounds, calls, ok, nr_pins);
}
