// SPDX-License-Identifier: GPL-2.0
/*
 * A seeded fuzzer of the hypervisor's instruction emulation: the
 * privileged instructions a PV kernel executes in ring 3 (the #GP and #UD
 * paths: MOV CR/DR, RDMSR/WRMSR, CLTS, WBINVD, port I/O, CLI/STI, INT n,
 * the forced-CPUID prefix, 0f 00 and 0f 01 groups) and the stores to an
 * L1 page table under VMASST_TYPE_writable_pagetables (the #PF path).
 *
 * Each round builds one instruction from a template: random legacy
 * prefixes (LOCK only where it is valid) and REX, random ModRM, SIB and
 * displacement, random immediates.  It runs alone in a sandbox (a code
 * page, data pages, a stack, a read-only canary page and a pinned L1
 * table mapped read-only) in an L4 slot of its own, far from our image:
 * displacements and registers reach only the sandbox.  We enter it
 * through HYPERVISOR_iret with the trap flag set, so that at most one
 * instruction runs; whatever trap ends it (#DB, #BP, #GP, #UD, #PF, ...)
 * lands in our hook, which resumes the loop.  No instruction writes RSP
 * (we leave out push, pop, call, jumps, SYSCALL, IRET, HLT and the like).
 *
 * Checks: the hypervisor stays up and we stay alive; every trap comes
 * from the code page; the canary page is unchanged; and when an
 * instruction aimed at the L1 table completes, it is run again, same
 * bytes and registers, with a plain page holding the old table mapped at
 * the table's address: the hypervisor's result must be the CPU's (same
 * entries but for the accessed, dirty, user, global, guest-kernel (52)
 * and, for dom0 on Xen, cache bits the hypervisor may set; same
 * registers; same end of instruction; same CF, PF, ZF, SF and OF, only CF
 * for BT*).  At the end the L1 is emptied and unpinned and must map
 * writable again; tests/fuzz/run compares hv-stub's free frames.
 *
 * On real Xen we are dom0, which may touch real I/O ports and MSRs: port
 * I/O, WRMSR, MOV DR and set_iopl are left out there.
 * "seed=N rounds=N" on the command line; the seed is printed first.
 */
#include "smoke.h"
#include "ringfuzz.h"

#define SBX		0xffff900000000000UL	/* L4 slot 288 */
#define CODE		(SBX)
#define DATA		(SBX + 1 * PAGE_SIZE)	/* 4 pages */
#define DATA_MID	(SBX + 3 * PAGE_SIZE)
#define STACK_TOP	(SBX + 7 * PAGE_SIZE - 512)	/* pages 5, 6 */
#define CANARY		(SBX + 7 * PAGE_SIZE)
#define WPT		(SBX + 8 * PAGE_SIZE)
#define NR_TARGETS	8

#define HYPERCALL_set_debugreg	8
#define EFLAGS_TF	0x100UL
#define EFLAGS_DF	0x400UL
#define EFLAGS_AC	0x40000UL
#define EFLAGS_ZF_CF	0x41UL
#define EFLAGS_ARITH	0x8c5UL		/* CF PF ZF SF OF */

/* template flags */
#define M	0x001	/* ModRM follows */
#define MEM	0x002	/* memory forms only */
#define REG	0x004	/* register forms only */
#define I8	0x008
#define I32	0x010	/* imm16 with 0x66 and no REX.W */
#define CRDR	0x020	/* ModRM always names a register (MOV CR/DR) */
#define HV	0x040	/* hv-stub only: real I/O or MSR state on Xen */
#define ST	0x080	/* a store: aim it at the L1 table too */
#define EXT	0x100	/* ModRM.reg is an opcode extension from @ext */
#define CPUIDX	0x200	/* the forced-CPUID signature */
#define LK	0x400	/* LOCK is valid (with a memory operand) */

struct tmpl {
	u8 op[3];
	u8 len;
	u16 flags;
	u8 ext_lo, ext_hi;	/* EXT: reg field range */
};

static const struct tmpl tmpls[] = {
	/* stores (the writable page-table path) */
	{ { 0x88 }, 1, M | ST }, { { 0x89 }, 1, M | ST },
	{ { 0x86 }, 1, M | ST | LK }, { { 0x87 }, 1, M | ST | LK },
	{ { 0x08 }, 1, M | ST | LK }, { { 0x09 }, 1, M | ST | LK },
	{ { 0x20 }, 1, M | ST | LK }, { { 0x21 }, 1, M | ST | LK },
	{ { 0x01 }, 1, M | ST | LK }, { { 0x31 }, 1, M | ST | LK },
	{ { 0xc6 }, 1, M | ST | I8 | EXT, 0, 0 },
	{ { 0xc7 }, 1, M | ST | I32 | EXT, 0, 0 },
	{ { 0x80 }, 1, M | ST | LK | I8 | EXT, 0, 7 },
	{ { 0x81 }, 1, M | ST | LK | I32 | EXT, 0, 7 },
	{ { 0x83 }, 1, M | ST | LK | I8 | EXT, 0, 7 },
	{ { 0x0f, 0xb1 }, 2, M | ST | LK }, { { 0x0f, 0xb0 }, 2, M | ST | LK },
	{ { 0x0f, 0xab }, 2, M | ST | LK }, { { 0x0f, 0xb3 }, 2, M | ST | LK },
	{ { 0x0f, 0xbb }, 2, M | ST | LK }, { { 0x0f, 0xc1 }, 2, M | ST | LK },
	{ { 0x0f, 0xba }, 2, M | ST | LK | I8 | EXT, 4, 7 },
	{ { 0x0f, 0xc7 }, 2, M | ST | LK | MEM | EXT, 1, 1 },
	{ { 0xff }, 1, M | ST | LK | EXT, 0, 1 },
	{ { 0xf7 }, 1, M | ST | LK | EXT, 2, 3 },
	{ { 0xd1 }, 1, M | ST | EXT, 4, 5 },
	{ { 0xab }, 1, ST }, { { 0xa5 }, 1, ST },
	{ { 0x8b }, 1, M | ST },
	/* privileged: the #GP path */
	{ { 0x0f, 0x20 }, 2, M | CRDR }, { { 0x0f, 0x22 }, 2, M | CRDR },
	{ { 0x0f, 0x21 }, 2, M | CRDR | HV },
	{ { 0x0f, 0x23 }, 2, M | CRDR | HV },
	{ { 0x0f, 0x30 }, 2, HV }, { { 0x0f, 0x32 }, 2, 0 },
	{ { 0x0f, 0x33 }, 2, 0 }, { { 0x0f, 0x31 }, 2, 0 },
	{ { 0x0f, 0x06 }, 2, 0 }, { { 0x0f, 0x08 }, 2, 0 },
	{ { 0x0f, 0x09 }, 2, 0 }, { { 0x0f, 0x07 }, 2, 0 },
	{ { 0x0f, 0x01 }, 2, M }, { { 0x0f, 0x00 }, 2, M | EXT, 0, 5 },
	{ { 0x0f, 0x01, 0xd0 }, 3, 0 }, { { 0x0f, 0x01, 0xd1 }, 3, 0 },
	{ { 0x0f, 0x01, 0xf8 }, 3, 0 }, { { 0x0f, 0x01, 0xf9 }, 3, 0 },
	{ { 0x0f, 0xae }, 2, M | EXT, 4, 7 },
	{ { 0xe4 }, 1, I8 | HV }, { { 0xe5 }, 1, I8 | HV },
	{ { 0xe6 }, 1, I8 | HV }, { { 0xe7 }, 1, I8 | HV },
	{ { 0xec }, 1, HV }, { { 0xed }, 1, HV },
	{ { 0xee }, 1, HV }, { { 0xef }, 1, HV },
	{ { 0x6c }, 1, HV }, { { 0x6d }, 1, HV },
	{ { 0x6e }, 1, HV }, { { 0x6f }, 1, HV },
	{ { 0xfa }, 1, 0 }, { { 0xfb }, 1, 0 },
	{ { 0xcd }, 1, I8 }, { { 0xcc }, 1, 0 }, { { 0xf1 }, 1, 0 },
	{ { 0xce }, 1, 0 },
	/* the #UD path */
	{ { 0x0f, 0x0b }, 2, 0 }, { { 0x0f, 0x0b }, 2, CPUIDX },
	{ { 0x0f, 0xa2 }, 2, 0 },
};

struct outcome {
	unsigned long vector, ec, rip, rflags, cr2;
	u64 r[16];
};

unsigned long fuzz_saved_rsp;

/*
 * Enter the sandbox at @rip with @rflags and the registers @r (x86
 * encoding order) through HYPERVISOR_iret.  The trap that ends the
 * instruction resumes at fuzz_return, which returns to our caller.
 */
static void __smoke_attr(naked) __smoke_attr(noinline)
fuzz_enter(const u64 *r, unsigned long rip, unsigned long rflags)
{
	asm volatile(
	"	pushq %rbx\n	pushq %rbp\n	pushq %r12\n"
	"	pushq %r13\n	pushq %r14\n	pushq %r15\n"
	"	movq %rsp, fuzz_saved_rsp(%rip)\n"
	/* struct iret_context: rax r11 rcx flags rip cs rflags rsp ss */
	"	pushq $0xe02b\n	pushq 32(%rdi)\n	pushq %rdx\n"
	/* a kernel frame's CS has RPL 0 (see create_bounce_frame) */
	"	pushq $0xe030\n	pushq %rsi\n	pushq $0\n"
	"	pushq 8(%rdi)\n	pushq 88(%rdi)\n	pushq 0(%rdi)\n"
	"	movq 16(%rdi), %rdx\n	movq 24(%rdi), %rbx\n"
	"	movq 40(%rdi), %rbp\n	movq 48(%rdi), %rsi\n"
	"	movq 64(%rdi), %r8\n	movq 72(%rdi), %r9\n"
	"	movq 80(%rdi), %r10\n	movq 96(%rdi), %r12\n"
	"	movq 104(%rdi), %r13\n	movq 112(%rdi), %r14\n"
	"	movq 120(%rdi), %r15\n	movq 56(%rdi), %rdi\n"
	"	movl $23, %eax\n	syscall\n	ud2\n"
	"	.globl fuzz_return\n"
	"fuzz_return:\n"
	"	popq %r15\n	popq %r14\n	popq %r13\n"
	"	popq %r12\n	popq %rbp\n	popq %rbx\n	ret\n");
}

static unsigned long fuzz_return_addr(void)
{
	unsigned long a;

	asm("leaq fuzz_return(%%rip), %0" : "=r" (a));
	return a;
}

static _Alignas(PAGE_SIZE) char pages[16][PAGE_SIZE];
static _Alignas(PAGE_SIZE) u64 wl1[512];		/* the fuzzed L1 */
static _Alignas(PAGE_SIZE) char targets[NR_TARGETS][PAGE_SIZE];
static unsigned long target_mfn[NR_TARGETS];

static int on_xen, in_sandbox;
static struct outcome res;
static unsigned long seed, rounds, round;
static u8 insn[16];
static unsigned int insn_len;
static const struct tmpl *cur;
static int verbose;
static unsigned long vectors[32], compared, cr4;
static u64 regs[16], before[512], after[512], cpu[512];
/* the data and stack pages, as they were before the instruction */
static u64 data_save[6 * PAGE_SIZE / 8];
static void *mirror;

static __noreturn void fail(const char *fmt, ...) __printf(1, 2);
static const struct outcome *cmp_emu;	/* set while comparing */
static const u64 *cmp_regs;
static unsigned long cmp_rflags;

/* The registers before, after emulation and after the CPU. */
static void dump(void)
{
	int i;

	for (i = 0; i < 16; i++)
		cprintf("fuzz_emul: r%d %lx -> %lx / %lx\n", i, cmp_regs[i],
			cmp_emu->r[i], res.r[i]);
	cprintf("fuzz_emul: vector %lu / %lu, rip %lx / %lx, rflags %lx -> %lx / %lx\n",
		cmp_emu->vector, res.vector, cmp_emu->rip, res.rip, cmp_rflags,
		cmp_emu->rflags, res.rflags);
}

static void fail(const char *fmt, ...)
{
	char buf[160];
	va_list ap;
	unsigned int i;
	int n = 0;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (cmp_emu)
		dump();
	cprintf("fuzz_emul: seed %lu failed at round %lu of %lu; rerun: tests/fuzz/run --seed %lu --rounds %lu fuzz_emul\n",
		seed, round, rounds, seed, rounds);
	{
		char hex[64];

		for (i = 0; i < insn_len && n < 60; i++)
			n += snprintf(hex + n, sizeof(hex) - n, "%02x", insn[i]);
		hex[n] = 0;
		test_result(FAILURE, "seed %lu round %lu insn %s: %s", seed,
			    round, hex, buf);
	}
}

static int hook(struct trap_frame *f)
{
	static const unsigned char order[16] = {
		/* trap_frame word of each register in encoding order */
		14, 12, 11, 13, 0xff, 8, 10, 9, 7, 6, 5, 4, 3, 2, 1, 0,
	};
	const u64 *w = (const u64 *)f;
	int i;

	if (!in_sandbox || f->vector >= 32)
		return 0;
	in_sandbox = 0;
	res.vector = f->vector;
	res.ec = f->error_code;
	res.rip = f->rip;
	res.rflags = f->rflags;
	res.cr2 = last_trap.cr2;
	for (i = 0; i < 16; i++)
		res.r[i] = i == 4 ? f->rsp : w[order[i]];
	f->rip = fuzz_return_addr();
	f->rsp = fuzz_saved_rsp;
	f->cs = FLAT_KERNEL_CS & ~3;
	f->ss = FLAT_KERNEL_SS;
	f->rflags = 0x2;	/* IF clear: events stay masked */
	return 1;
}

static void run(const u64 *r, unsigned long rflags)
{
	in_sandbox = 1;
	fuzz_enter(r, CODE, rflags);
	events_disable();
	if (in_sandbox)
		fail("came back without a trap");
	if (res.vector < 32)
		vectors[res.vector]++;
	if (res.rip < CODE || res.rip >= CODE + PAGE_SIZE)
		fail("trap %lu at %lx, outside the sandbox", res.vector,
		     res.rip);
}

static unsigned int pick_reg(unsigned int n, unsigned int rexbit)
{
	/* never RSP: a trap is delivered on the current stack */
	if ((n | rexbit) == 4)
		n = 5 + rf_below(3);
	return n;
}

static u32 rand_disp32(void)
{
	return (u32)(rf_below(8192) - 4096);
}

/* Build one instruction into insn[]; returns its template. */
static const struct tmpl *gen_insn(int aim)
{
	static const u8 legacy[] = {
		0x66, 0x67, 0xf2, 0xf3, 0xf0, 0x2e, 0x3e, 0x26, 0x36, 0x64,
		0x65,
	};
	const struct tmpl *t;
	unsigned int n = 0, i, mod = 3, reg = 0, rm, rex = 0, rip_rel = -1u;
	unsigned int npfx, lock_ok;
	int opsize = 0;

	do {
		t = &tmpls[rf_below(ARRAY_SIZE(tmpls))];
	} while (on_xen && (t->flags & HV));
	memset(insn, 0xcc, sizeof(insn));
	if (t->flags & CPUIDX) {
		static const u8 sig[] = { 0x0f, 0x0b, 'x', 'e', 'n', 0x0f, 0xa2 };

		memcpy(insn, sig, sizeof(sig));
		if (rf_one_in(4))	/* a near miss */
			insn[2 + rf_below(5)] ^= 1 << rf_below(8);
		insn_len = sizeof(sig);
		return t;
	}
	if (rf_one_in(2)) {
		for (i = rf_below(3) + 1; i; i--) {
			u8 p = (t->flags & ST) && rf_one_in(2) ?
			       (rf_one_in(2) ? 0xf0 : 0x3e) :
			       legacy[rf_below(ARRAY_SIZE(legacy))];

			insn[n++] = p;
			opsize |= p == 0x66;
		}
	}
	npfx = n;
	if (rf_one_in(2)) {
		rex = 0x40 | rf_below(16);
		insn[n++] = rex;
	}
	for (i = 0; i < t->len; i++)
		insn[n++] = t->op[i];
	if (t->flags & M) {
		mod = t->flags & MEM ? rf_below(3) :
		      t->flags & REG ? 3 : rf_below(4);
		/* stores: mostly memory, always when aimed at the L1 */
		if ((t->flags & ST) && mod == 3 && (aim || rf_below(4)))
			mod = rf_below(3);
		if (t->flags & EXT)
			reg = t->ext_lo + rf_below(t->ext_hi - t->ext_lo + 1);
		else
			reg = pick_reg(rf_below(8), (rex & 4) << 1);
		rm = rf_below(8);
		if (mod == 3 || (t->flags & CRDR))
			rm = pick_reg(rm, (rex & 1) << 3);
		/*
		 * 0f ae /2 /3 is WRFSBASE/WRGSBASE: QEMU TCG skips the
		 * canonical check, leave it out
		 */
		if (t->op[0] == 0x0f && t->op[1] == 0xae && mod == 3 &&
		    reg < 4)
			reg += 4;
		insn[n++] = (mod << 6) | (reg << 3) | rm;
		if (mod != 3 && rm == 4) {
			u8 sib = rf_below(256);

			insn[n++] = sib;
			if (mod == 0 && (sib & 7) == 5) {
				/* no base: disp32 alone, keep it low */
				u32 d = rf_below(4096);

				memcpy(&insn[n], &d, 4);
				n += 4;
			}
		}
		if (mod == 1) {
			insn[n++] = rf_below(256);
		} else if (mod == 2) {
			u32 d = rand_disp32();

			memcpy(&insn[n], &d, 4);
			n += 4;
		} else if (mod == 0 && rm == 5) {
			rip_rel = n;	/* filled in below */
			n += 4;
		}
	}
	/*
	 * LOCK only where it is valid, which the CPU checks first (#UD):
	 * QEMU 7.2 TCG aborts ("tcg fatal error") on a locked register BT*,
	 * and real Xen under TCG hangs on a locked MOV to the L1 table.
	 */
	lock_ok = (t->flags & LK) && mod != 3 &&
		  !((t->op[0] & 0xfc) == 0x80 && reg == 7) &&	/* CMP */
		  !(t->op[0] == 0x0f && t->op[1] == 0xba && reg == 4); /* BT */
	for (i = 0; i < npfx && !lock_ok; i++)
		if (insn[i] == 0xf0)
			insn[i] = 0x2e;
	if (t->flags & I8) {
		insn[n++] = rf_below(256);
		/*
		 * Xen 4.17 carries out a BT* whose imm8 is past the operand
		 * on the next dword or qword; the CPU masks the offset
		 */
		if (on_xen && t->op[0] == 0x0f && t->op[1] == 0xba)
			insn[n - 1] &= 15;
	} else if (t->flags & I32) {
		u32 imm = rf_rand();
		unsigned int sz = opsize && !(rex & 8) ? 2 : 4;

		memcpy(&insn[n], &imm, sz);
		n += sz;
	}
	if (rip_rel != -1u) {
		/* RIP-relative: into the data pages */
		u32 d = DATA_MID + rf_below(2048) - 1024 - (CODE + n);

		memcpy(&insn[rip_rel], &d, 4);
	}
	insn_len = n;
	return t;
}

static u64 valid_pte(void)
{
	u64 f = _PAGE_PRESENT | _PAGE_ACCESSED;

	if (rf_one_in(2))
		f |= _PAGE_RW | _PAGE_DIRTY;
	if (rf_one_in(2))
		f |= _PAGE_NX;
	return (target_mfn[rf_below(NR_TARGETS)] << PAGE_SHIFT) | f;
}

/* Register values: sandbox pointers, small numbers, MSRs, PTEs, noise. */
static u64 rand_reg(int aim)
{
	static const u64 special[] = {
		0, ~0ul, 0xffffffff, 0x80000000, 0xc0000080, 0xc0000100,
		0xc0000101, 0xc0000102, 0xc0000103, 0x10, 0x1b, 0x277, 0x1a0,
		0x40000000, 0x40000001, 0x40000002, 0x40000003, 0x80000001,
		0xd, 7, 1,
	};
	unsigned int r = rf_below(100);

	if (aim && r < 30)
		return WPT + rf_below(512) * 8 +
		       (rf_one_in(8) ? rf_below(8) : 0);
	if (r < 40)
		return DATA_MID + rf_below(2048) - 1024;
	if (r < 45)
		return CANARY + rf_below(PAGE_SIZE);
	if (r < 60)
		return rf_below(256);
	if (r < 75)
		return special[rf_below(ARRAY_SIZE(special))];
	if (r < 85)
		return valid_pte();
	return rf_rand();
}

static int completed(const struct outcome *x)
{
	/* the trap flag stopped it, or it ran into the int3 padding */
	return x->vector == 1 ||
	       (x->vector == 3 && x->rip > CODE + insn_len &&
		x->rip <= CODE + 16);
}

static unsigned long end_of(const struct outcome *x)
{
	return x->vector == 1 ? x->rip : x->rip - 1;
}

static int remap_wpt(void *page, int rw)
{
	u64 pte = (virt_to_mfn(page) << PAGE_SHIFT) | _PAGE_PRESENT |
		  _PAGE_ACCESSED | _PAGE_NX;

	if (rw)
		pte |= _PAGE_RW | _PAGE_DIRTY;
	return HYPERVISOR_update_va_mapping(WPT, pte, UVMF_INVLPG);
}

/*
 * The instruction completed on the L1 table: run it again, same bytes,
 * same registers, same address, on a plain page holding what the table
 * held, and compare with what the CPU does there.
 */
static void compare_with_cpu(const u64 *r, unsigned long rflags)
{
	/*
	 * The hypervisor may add USER and "guest kernel" (bit 52) to a
	 * kernel mapping, Xen GLOBAL to a user one
	 */
	const u64 cache = 0x98;		/* PWT, PCD, PAT */
	u64 mask = ~(u64)(_PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_USER |
			  0x100 | (1ul << 52));
	struct outcome emu = res;
	int i;

	/* Xen makes dom0's mappings of frames it does not own uncached */
	if (on_xen)
		mask &= ~cache;
	memcpy(after, (const void *)WPT, PAGE_SIZE);
	if (remap_wpt(mirror, 1))
		fail("cannot map the mirror page");
	memcpy((void *)WPT, before, PAGE_SIZE);
	memcpy((void *)DATA, data_save, sizeof(data_save));
	run(r, rflags);
	memcpy(cpu, (const void *)WPT, PAGE_SIZE);
	if (remap_wpt(wl1, 0))
		fail("cannot map the L1 back");
	cmp_emu = &emu;
	cmp_regs = r;
	cmp_rflags = rflags;
	if (!completed(&res))
		fail("emulated, but the CPU raises %lu (ec %lx cr2 %lx)",
		     res.vector, res.ec, res.cr2);
	compared++;
	if (end_of(&emu) != end_of(&res))
		fail("emulation ends at +%lu, the CPU at +%lu",
		     end_of(&emu) - CODE, end_of(&res) - CODE);
	for (i = 0; i < 512; i++)
		if ((after[i] & mask) != (cpu[i] & mask))
			fail("entry %d: emulated %lx, CPU %lx (was %lx)", i,
			     after[i], cpu[i], before[i]);
	for (i = 0; i < 16; i++)
		if (i != 4 && emu.r[i] != res.r[i])
			fail("register %d: emulated %lx, CPU %lx (was %lx)", i,
			     emu.r[i], res.r[i], r[i]);
	/* BT*: only CF is defined (and ZF kept) */
	if ((emu.rflags ^ res.rflags) &
	    (cur->op[0] == 0x0f && (cur->op[1] == 0xab || cur->op[1] == 0xb3 ||
	     cur->op[1] == 0xbb || cur->op[1] == 0xba) ?
	     EFLAGS_ZF_CF : EFLAGS_ARITH))
		fail("flags: emulated %lx, CPU %lx", emu.rflags, res.rflags);
	cmp_emu = NULL;
}

static void check_canary(void)
{
	const u64 *c = (const u64 *)CANARY;
	int i;

	for (i = 0; i < 512; i++)
		if (c[i] != 0xca0a7ca0a7000000ul + i)
			fail("canary word %d is %lx", i, c[i]);
}

static void reset_state(void)
{
	HYPERVISOR_set_segment_base(SEGBASE_FS, 0);
	HYPERVISOR_set_segment_base(SEGBASE_GS_USER, 0);
	HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, 0);
	HYPERVISOR_fpu_taskswitch(0);
	/* a MOV to DR7 may have armed breakpoints on what we touch */
	hypercall(HYPERCALL_set_debugreg, 7, 0, 0);
	write_cr4(cr4);
}

static void one_round(void)
{
	int aim = rf_below(3);
	const struct tmpl *t = gen_insn(aim);
	unsigned long rflags = 0x2 | EFLAGS_TF | (rf_rand() & 0x8d5);
	int i, iopl = 0;

	aim = aim && (t->flags & ST);
	cur = t;
	if (verbose) {
		cprintf("%lu:", round);
		for (i = 0; i < (int)insn_len; i++)
			cprintf(" %02x", insn[i]);
		cprintf("\n");
	}
	memset((void *)CODE, 0xcc, 64);
	memcpy((void *)CODE, insn, sizeof(insn));
	for (i = 0; i < 16; i++)
		regs[i] = rand_reg(aim);
	regs[4] = STACK_TOP;
	if (!aim && rf_one_in(16))
		rflags |= EFLAGS_AC;
	if (rf_one_in(16))
		rflags |= EFLAGS_DF;
	if (!on_xen && rf_one_in(4)) {
		iopl = 1 + rf_below(3);
		set_iopl(iopl);
	}
	if (aim) {
		memcpy(before, (const void *)WPT, PAGE_SIZE);
		memcpy(data_save, (const void *)DATA, sizeof(data_save));
	}
	run(regs, rflags);
	if (aim && completed(&res))
		compare_with_cpu(regs, rflags);
	if (iopl)
		set_iopl(0);
	if (!(t->flags & ST))
		reset_state();
	check_canary();
}

static int sandbox_map(unsigned long va, void *page, int rw, int nx)
{
	u64 f = _PAGE_PRESENT | _PAGE_ACCESSED;

	if (rw)
		f |= _PAGE_RW | _PAGE_DIRTY;
	if (nx)
		f |= _PAGE_NX;
	return map_page(va, virt_to_mfn(page), f);
}

static void setup(void)
{
	u64 *canary = (u64 *)pages[7];
	int i;

	for (i = 0; i < NR_TARGETS; i++)
		target_mfn[i] = virt_to_mfn(targets[i]);
	for (i = 0; i < 512; i++)
		canary[i] = 0xca0a7ca0a7000000ul + i;
	for (i = 0; i < 512; i++)
		wl1[i] = rf_one_in(3) ? 0 : valid_pte();
	memset(pages[0], 0xcc, PAGE_SIZE);
	if (page_set_ro(canary, 1) || page_set_ro(wl1, 1))
		test_result(ERROR, "cannot map the canary or L1 read-only");
	if (mmuext1(MMUEXT_PIN_L1_TABLE, virt_to_mfn(wl1)))
		test_result(ERROR, "cannot pin the L1 table");
	for (i = 0; i < 7; i++)
		if (sandbox_map(SBX + i * PAGE_SIZE, pages[i], 1, i != 0))
			test_result(ERROR, "cannot map sandbox page %d", i);
	mirror = pages[12];
	if (sandbox_map(CANARY, canary, 0, 1) || sandbox_map(WPT, wl1, 0, 1))
		test_result(ERROR, "cannot map the canary or the L1");
	if (HYPERVISOR_vm_assist(VMASST_CMD_enable,
				 VMASST_TYPE_writable_pagetables))
		test_result(ERROR, "vm_assist writable_pagetables");
	cr4 = read_cr4();
	trap_hook = hook;
}

static void cleanup(void)
{
	u64 ma = virt_to_mfn(wl1) << PAGE_SHIFT;
	int i;

	round = rounds;
	for (i = 0; i < 512; i++)
		if (wl1[i] && mmu_update1(ma + i * 8, 0))
			fail("cannot clear L1 entry %d (%lx)", i, wl1[i]);
	if (mmuext1(MMUEXT_UNPIN_TABLE, virt_to_mfn(wl1)))
		fail("cannot unpin the L1 table");
	if (map_page(WPT, 0, 0))
		fail("cannot unmap the L1 table");
	if (page_set_ro(wl1, 0))
		fail("the L1 does not map writable after unpinning");
	wl1[5] = 0x1234;
	if (wl1[5] != 0x1234)
		fail("the L1 does not read back");
	for (i = 0; i < NR_TARGETS; i++) {
		targets[i][100] = i;
		if (targets[i][100] != i)
			fail("target page %d does not read back", i);
	}
}

void test_main(void)
{
	on_xen = is_dom0();
	seed = rf_opt("seed", 1);
	verbose = rf_opt("verbose", 0);
	rounds = rf_start("fuzz_emul", 1, 3000);
	setup();
	for (round = 0; round < rounds; round++)
		one_round();
	trap_hook = NULL;
	cleanup();
	if (HYPERVISOR_xen_version(XENVER_version, NULL) < (3 << 16))
		fail("xen_version after the rounds");
	test_result(SUCCESS, "seed %lu: %lu rounds%s; #DB %lu #BP %lu #UD %lu #GP %lu #PF %lu; %lu stores compared with the CPU",
		    seed, rounds, on_xen ? " (no I/O, WRMSR, DR)" : "",
		    vectors[1], vectors[3], vectors[6], vectors[13],
		    vectors[14], compared);
}
