// SPDX-License-Identifier: GPL-2.0
/*
 * Start of day: parse what the boot loader handed over, set up the CPU,
 * memory and the first domain, then enter the scheduler.
 *
 * Multiboot modules follow Xen's convention: module 1 is the first
 * domain's kernel, its multiboot string being "<path> <guest cmdline>";
 * module 2, if present, is that domain's initrd.  With domain= options
 * (hv/domspec.h) the modules are images that specs pick by number or
 * path, and each option is a domain.
 */
#include <hv/arch.h>
#include <hv/blkdev.h>
#include <hv/console.h>
#include <hv/control.h>
#include <hv/create.h>
#include <hv/domain.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <hv/loader.h>
#include <hv/mm.h>
#include <hv/multiboot.h>
#include <hv/options.h>
#include <hv/profile.h>
#include <hv/time.h>
#include <hv/xenstore.h>

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
	profile_init(hv_opts.profile_hz);
	pr_info("command line:%s\n", cmdline);
}

/*
 * Keep the modules (their images stay where the loader put them, taken
 * out of the free pool by memory_init) and their strings (copied: the
 * loader's memory is reused).
 */
static void collect_modules(const struct multiboot_info *mbi)
{
	const struct multiboot_module *mods = maddr_to_virt(mbi->mods_addr);
	unsigned int i;

	if (!(mbi->flags & MBI_MODULES) || mbi->mods_count < 1)
		boot_error("no guest kernel: pass it as the first multiboot module");
	if (mbi->mods_count > MAX_MODULES)
		boot_error("too many multiboot modules (at most 32)");
	for (i = 0; i < mbi->mods_count; i++) {
		const char *str = mods[i].string ?
				  maddr_to_virt(mods[i].string) : "";

		if (module_add(maddr_to_virt(mods[i].mod_start),
			       mods[i].mod_end - mods[i].mod_start,
			       mods[i].mod_start, str))
			boot_error("a module's string (path and command line) is longer than 1023 bytes");
	}
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
	for (i = 1; i <= nr_modules(); i++)
		frames_reserve_range(module_get(i)->maddr,
				     module_get(i)->maddr + module_get(i)->len);
	pr_info("memory: %lu MiB usable, %lu frames free\n",
		ram_frames >> 8, free_frames);
}

static void build_boot_domains(void)
{
	char err[160];
	unsigned int i;
	int rc;

	if (!hv_opts.nr_domain_specs) {
		if (create_default_domain(err, sizeof(err)) < 0)
			boot_error(err);
		return;
	}
	for (i = 0; i < hv_opts.nr_domain_specs; i++) {
		const char *spec = hv_opts.specs + hv_opts.domain_spec[i];

		rc = create_domain(spec, err, sizeof(err));
		if (rc < 0) {
			pr_err("error: domain=%s: %s\n", spec, err);
			hv_exit(HV_EXIT_ERROR);
		}
	}
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
	control_init();
	xs_service_init();
	build_boot_domains();
	sched_start();
}
