// SPDX-License-Identifier: GPL-2.0
/*
 * Start of day: parse what the boot loader handed over, set up the CPU,
 * memory and the first domain, then enter the scheduler.
 *
 * Multiboot modules follow Xen's convention: module 1 is the first
 * domain's kernel, its multiboot string being "<path> <guest cmdline>";
 * module 2, if present, is that domain's initrd.
 */
#include <hv/arch.h>
#include <hv/blkdev.h>
#include <hv/console.h>
#include <hv/domain.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <hv/loader.h>
#include <hv/mm.h>
#include <hv/multiboot.h>
#include <hv/options.h>
#include <hv/time.h>

extern char _start_image[], _end[];

struct hv_options hv_opts = {
	.loglevel = LOG_INFO,
	.dom_vcpus = 1,
};

static void __noreturn boot_error(const char *what)
{
	pr_err("error: %s\n", what);
	hv_exit(HV_EXIT_ERROR);
}

static void parse_cmdline(const struct multiboot_info *mbi)
{
	const char *cmdline = "";
	char err[128];

	if (mbi->flags & MBI_CMDLINE)
		cmdline = maddr_to_virt(mbi->cmdline);
	/* multiboot loaders (GRUB, QEMU) put the image path first */
	while (*cmdline && *cmdline != ' ')
		cmdline++;
	if (options_parse(cmdline, &hv_opts, err, sizeof(err)))
		boot_error(err);
	log_level = hv_opts.loglevel;
	pr_info("command line:%s\n", cmdline);
}

static struct boot_module boot_mods[2];
static unsigned int nr_boot_mods;
static char guest_cmdline[MAX_GUEST_CMDLINE];

/* Copy what we need of the modules before the allocator reuses memory. */
static void collect_modules(const struct multiboot_info *mbi)
{
	const struct multiboot_module *mods = maddr_to_virt(mbi->mods_addr);
	const char *cmd;
	unsigned int i;

	if (!(mbi->flags & MBI_MODULES) || mbi->mods_count < 1)
		boot_error("no guest kernel: pass it as the first multiboot module");
	if (mbi->mods_count > 2)
		boot_error("too many modules: expected a kernel and an initrd");
	nr_boot_mods = mbi->mods_count;
	for (i = 0; i < nr_boot_mods; i++) {
		boot_mods[i].data = maddr_to_virt(mods[i].mod_start);
		boot_mods[i].len = mods[i].mod_end - mods[i].mod_start;
		boot_mods[i].maddr = mods[i].mod_start;
	}
	cmd = mods[0].string ? maddr_to_virt(mods[0].string) : "";
	while (*cmd && *cmd != ' ')
		cmd++;
	while (*cmd == ' ')
		cmd++;
	if (strscpy(guest_cmdline, cmd, sizeof(guest_cmdline)) < 0)
		boot_error("guest command line longer than 1023 bytes");
	boot_mods[0].cmdline = guest_cmdline;
}

static void memory_init(const struct multiboot_info *mbi)
{
	u64 off, i;

	if (!(mbi->flags & MBI_MMAP))
		boot_error("the boot loader gave no memory map");
	for (off = 0; off < mbi->mmap_length;) {
		const struct multiboot_mmap *e =
			maddr_to_virt(mbi->mmap_addr + off);

		pr_debug("  mem %016lx-%016lx type %u\n", e->addr,
			 e->addr + e->len, e->type);
		if (e->type == 1)
			frames_add_range(e->addr, e->addr + e->len);
		off += e->size + 4;
	}
	frames_reserve_range(0, 0x100000);
	frames_reserve_range((u64)_start_image - DIRECTMAP_VIRT_START,
			     (u64)_end - DIRECTMAP_VIRT_START);
	frames_reserve_range((u64)mbi - DIRECTMAP_VIRT_START,
			     (u64)mbi - DIRECTMAP_VIRT_START + sizeof(*mbi));
	for (i = 0; i < nr_boot_mods; i++)
		frames_reserve_range(boot_mods[i].maddr,
				     boot_mods[i].maddr + boot_mods[i].len);
	pr_info("memory: %lu MiB usable, %lu frames free\n",
		max_mfn >> 8, free_frames);
}

static void build_first_domain(void)
{
	pr_info("free frames before building domain 1: %lu\n", free_frames);
	if (dom_build(1, &boot_mods[0], nr_boot_mods > 1 ? &boot_mods[1] : NULL,
		      &hv_opts))
		hv_exit(HV_EXIT_ERROR);
}

void start_hv(u32 magic, u32 mbi_phys)
{
	const struct multiboot_info *mbi = maddr_to_virt(mbi_phys);

	serial_init();
	pr_info("hv-stub: a lean Xen-ABI (x86_64 PV) hypervisor\n");
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		boot_error("not started by a multiboot loader");
	parse_cmdline(mbi);
	collect_modules(mbi);
	memory_init(mbi);
	paging_init();
	arch_cpu_init();
	m2p_init();
	frame_table_init();
	time_init();
	sched_init();
	blkdev_init();
	build_first_domain();
	sched_start();
}
