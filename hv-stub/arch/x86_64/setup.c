// SPDX-License-Identifier: GPL-2.0
/*
 * CPU tables: the GDT (Xen's reserved selectors at entry 7168 and up, in
 * the last two pages of a 64 KiB window whose first 14 pages belong to
 * the guest), the IDT, the TSS, and the SYSCALL MSRs.
 */
#include <hv/arch.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <hv/traps.h>
#include <hv/x86.h>

struct tss {
	u32 rsvd0;
	u64 rsp[3];
	u64 rsvd1;
	u64 ist[7];
	u64 rsvd2;
	u16 rsvd3;
	u16 iomap_base;
} __packed;

struct idt_entry {
	u16 off0;
	u16 sel;
	u8 ist;
	u8 type;
	u16 off1;
	u32 off2;
	u32 rsvd;
} __packed;

static struct tss tss __aligned(64);
static struct idt_entry idt[256] __aligned(16);
static u64 *hv_gdt;		/* entries 7168 .. 8191 */
static u8 df_stack[PAGE_SIZE] __aligned(16);
static u8 db_stack[PAGE_SIZE] __aligned(16);
static u8 nmi_stack[PAGE_SIZE] __aligned(16);
static u8 mc_stack[PAGE_SIZE] __aligned(16);

#define GDT_IDX(sel)	(((sel) >> 3) - HV_GDT_FIRST_ENTRY)

static void gdt_init(void)
{
	unsigned int i;
	u64 base = (u64)&tss, mfn;
	struct {
		u16 limit;
		u64 base;
	} __packed desc = { 0xffff, GDT_VIRT_START };

	mfn = alloc_frames(2);
	if (mfn == INVALID_MFN)
		panic("out of memory for the GDT");
	hv_gdt = mfn_to_virt(mfn);
	memset(hv_gdt, 0, 2 * PAGE_SIZE);
	hv_gdt[GDT_IDX(HV_CS64)] = 0x00af9b000000ffffull;
	hv_gdt[GDT_IDX(HV_DS)] = 0x00cf93000000ffffull;
	hv_gdt[GDT_IDX(FLAT_RING3_CS32)] = 0x00cffb000000ffffull;
	hv_gdt[GDT_IDX(FLAT_RING3_DS32)] = 0x00cff3000000ffffull;
	hv_gdt[GDT_IDX(FLAT_RING3_CS64)] = 0x00affb000000ffffull;
	hv_gdt[GDT_IDX(HV_TSS_SEL)] = (sizeof(tss) - 1) |
		((base & 0xffffff) << 16) | (0x89ull << 40) |
		((base >> 24) & 0xff) << 56;
	hv_gdt[GDT_IDX(HV_TSS_SEL) + 1] = base >> 32;

	for (i = 0; i < 14; i++)
		gdt_window_map(i, INVALID_MFN, false);
	gdt_window_map(14, mfn, true);
	gdt_window_map(15, mfn + 1, true);

	asm volatile("lgdt %0" : : "m"(desc));
	asm volatile("pushq %0; leaq 1f(%%rip), %%rax; pushq %%rax; lretq; 1:"
		     : : "i"(HV_CS64) : "rax", "memory");
	asm volatile("movl %0, %%ss; movl %1, %%ds; movl %1, %%es"
		     : : "r"(HV_DS), "r"(0));
	tss.iomap_base = sizeof(tss);	/* no I/O bitmap: all ports trap */
	tss.ist[0] = (u64)df_stack + sizeof(df_stack);
	tss.ist[1] = (u64)db_stack + sizeof(db_stack);
	tss.ist[2] = (u64)nmi_stack + sizeof(nmi_stack);
	tss.ist[3] = (u64)mc_stack + sizeof(mc_stack);
	asm volatile("ltr %w0" : : "r"(HV_TSS_SEL));
}

static void idt_set(unsigned int vec, u64 handler, unsigned int dpl,
		    unsigned int ist)
{
	idt[vec].off0 = handler & 0xffff;
	idt[vec].sel = HV_CS64;
	idt[vec].ist = ist;
	idt[vec].type = 0x8e | (dpl << 5);	/* interrupt gate */
	idt[vec].off1 = (handler >> 16) & 0xffff;
	idt[vec].off2 = handler >> 32;
}

static void idt_init(void)
{
	unsigned int v;
	struct {
		u16 limit;
		u64 base;
	} __packed desc = { sizeof(idt) - 1, (u64)idt };

	for (v = 0; v < 256; v++)
		idt_set(v, (u64)trap_stubs + v * 16, 0, 0);
	/* int3 and into may be executed by the guest directly */
	idt_set(3, (u64)trap_stubs + 3 * 16, 3, 0);
	idt_set(4, (u64)trap_stubs + 4 * 16, 3, 0);
	idt_set(8, (u64)trap_stubs + 8 * 16, 0, 1);
	/* entry.S says why these three have stacks of their own */
	idt_set(1, (u64)db_entry, 0, 2);
	idt_set(2, (u64)nmi_entry, 0, 3);
	idt_set(18, (u64)mc_entry, 0, 4);
	asm volatile("lidt %0" : : "m"(desc));
}

static void syscall_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	/* SYSCALL: CS 0xe008 SS 0xe010; SYSRET: CS 0xe033, SS 0xe02b */
	wrmsr(MSR_STAR, ((u64)(FLAT_RING3_CS32) << 48) | ((u64)HV_CS64 << 32));
	wrmsr(MSR_LSTAR, (u64)syscall_entry);
	wrmsr(MSR_CSTAR, (u64)syscall_entry);
	wrmsr(MSR_FMASK, X86_EFLAGS_IF | X86_EFLAGS_TF | X86_EFLAGS_DF |
	      X86_EFLAGS_NT | X86_EFLAGS_AC | X86_EFLAGS_IOPL);
}

static void cr4_init(void)
{
	u32 a, b, c, d;
	u64 cr4 = read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;

	cpuid_count(7, 0, &a, &b, &c, &d);
	if (b & (1u << 7))
		cr4 |= X86_CR4_SMEP;	/* never run guest code in ring 0 */
	/* SGDT & co. in ring 3 trap: emulate_umip.c answers them */
	umip_active = c & (1u << 2);
	if (umip_active)
		cr4 |= X86_CR4_UMIP;
	write_cr4(cr4);
	pr_info("UMIP %s\n", umip_active ? "on: SGDT, SIDT, SLDT, SMSW, STR emulated" :
		"absent: SGDT, SIDT, SLDT, SMSW, STR run natively");
}

void arch_cpu_init(void)
{
	gdt_init();
	idt_init();
	syscall_init();
	cr4_init();
}

void arch_set_stack(u64 top)
{
	tss.rsp[0] = top;
	hv_stack_top = top;
}

/* Point the hypervisor's LDT descriptor at @base and load it. */
void arch_load_ldt(u64 base, unsigned int ents)
{
	if (!ents) {
		asm volatile("lldt %w0" : : "r"(0));
		return;
	}
	hv_gdt[GDT_IDX(HV_LDT_SEL)] = (ents * 8 - 1) |
		((base & 0xffffff) << 16) | (0x82ull << 40) |
		((base >> 24) & 0xff) << 56;
	hv_gdt[GDT_IDX(HV_LDT_SEL) + 1] = base >> 32;
	asm volatile("lldt %w0" : : "r"(HV_LDT_SEL));
}

void arch_save_data_sels(u16 *sel)
{
	asm volatile("movw %%ds, %0; movw %%es, %1; movw %%fs, %2; movw %%gs, %3"
		     : "=m"(sel[0]), "=m"(sel[1]), "=m"(sel[2]), "=m"(sel[3]));
}

/*
 * Reload a vCPU's ds, es, fs, gs from guest-supplied selectors; one the
 * CPU refuses is replaced by the null selector.  False if any was.
 */
bool arch_load_data_sels(const u16 *sel)
{
	int ok = 1;

	asm volatile("1: movw %w1, %%ds\n"
		     "2: movw %w2, %%es\n"
		     "3: movw %w3, %%fs\n"
		     "4: movw %w4, %%gs\n"
		     "5:\n"
		     ".pushsection .ex_table, \"a\"\n"
		     ".quad 1b, 11f, 2b, 12f, 3b, 13f, 4b, 14f\n"
		     ".popsection\n"
		     ".pushsection .text.fixup, \"ax\"\n"
		     "11: movl $0, %0; movw %w5, %%ds; jmp 2b\n"
		     "12: movl $0, %0; movw %w5, %%es; jmp 3b\n"
		     "13: movl $0, %0; movw %w5, %%fs; jmp 4b\n"
		     "14: movl $0, %0; movw %w5, %%gs; jmp 5b\n"
		     ".popsection\n"
		     : "+r"(ok)
		     : "r"(sel[0]), "r"(sel[1]), "r"(sel[2]), "r"(sel[3]),
		       "r"(0));
	return ok;
}

void hv_exit(enum hv_exit_code code)
{
	port_out32(0xf4, code);
	/* no isa-debug-exit device: stop here */
	for (;;)
		asm volatile("cli; hlt");
}
