// SPDX-License-Identifier: GPL-2.0
/*
 * Domains by spec.  The multiboot modules are kept for the life of
 * hv-stub, so that an image loaded at boot can be instantiated again and
 * again; a spec (hv/domspec.h) picks the images and the resources, and is
 * checked here against what the machine has before anything is built.
 */
#include <hv/blkdev.h>
#include <hv/create.h>
#include <hv/domain.h>
#include <hv/domspec.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <hv/options.h>
#include <hv/xenstore.h>

#define DEFAULT_MEM	(128ull << 20)	/* a spec without mem= */
#define MODULE_STRING	1024

static struct boot_module modules[MAX_MODULES];
static char strings[MAX_MODULES][MODULE_STRING];
static unsigned int nr_mods;

int module_add(const void *data, u64 len, u64 maddr, const char *string)
{
	struct boot_module *m = &modules[nr_mods];
	char *s = strings[nr_mods], *p;

	if (nr_mods == MAX_MODULES)
		return -ENOSPC;
	if (strscpy(s, string, MODULE_STRING) < 0)
		return -E2BIG;
	m->data = data;
	m->len = len;
	m->maddr = maddr;
	m->path = s;
	for (p = s; *p && *p != ' '; p++)
		;
	if (*p)
		*p++ = '\0';
	while (*p == ' ')
		p++;
	m->cmdline = p;
	nr_mods++;
	return 0;
}

unsigned int nr_modules(void)
{
	return nr_mods;
}

const struct boot_module *module_get(unsigned int i)
{
	return i >= 1 && i <= nr_mods ? &modules[i - 1] : NULL;
}

static unsigned int module_by_path(const char *word, size_t len, void *ctx)
{
	unsigned int i;

	for (i = 0; i < nr_mods; i++)
		if (strlen(modules[i].path) == len &&
		    !strncmp(modules[i].path, word, len))
			return i + 1;
	return 0;
}

static u32 disks_in_use(void)
{
	struct domain *d;
	unsigned int i;
	u32 used = 0;

	for_each_domain(i, d)
		used |= d->disks;
	return used;
}

/* Fill in the defaults of @s and check it against the machine. */
static int configure(const struct dom_spec *s, domid_t domid,
		     struct dom_config *c, char *name, char *err,
		     size_t errlen)
{
	u64 mem = s->mem ?: hv_opts.dom_mem ?: DEFAULT_MEM;
	u32 bad_disks;

	if (!s->kernel) {
		snprintf(err, errlen, "the spec names no kernel");
		return -EINVAL;
	}
	c->domid = domid;
	c->kernel = module_get(s->kernel);
	c->initrd = s->initrd ? module_get(s->initrd) : NULL;
	c->cmdline = s->has_cmdline ? s->cmdline : c->kernel->cmdline;
	c->nr_pages = mem >> PAGE_SHIFT;
	c->max_pages = (s->maxmem ?: mem) >> PAGE_SHIFT;
	if (c->max_pages < c->nr_pages) {
		snprintf(err, errlen, "maxmem is below mem (%lu MiB)",
			 mem >> 20);
		return -EINVAL;
	}
	c->vcpus = s->vcpus ?: hv_opts.dom_vcpus;
	c->weight = s->weight ?: SCHED_DEFAULT_WEIGHT;
	c->cap = s->cap;
	if (c->cap > 100 * c->vcpus) {
		snprintf(err, errlen, "cap %u%% is more than %u vCPU(s) can use",
			 c->cap, c->vcpus);
		return -EINVAL;
	}
	if (s->name[0])
		strscpy(name, s->name, DOMSPEC_NAME_MAX);
	else
		snprintf(name, DOMSPEC_NAME_MAX, "dom%u", domid);
	if (domain_by_name(name)) {
		snprintf(err, errlen, "a domain named '%s' exists", name);
		return -EEXIST;
	}
	c->name = name;
	bad_disks = s->disks & ~((1u << blkdev_count()) - 1);
	if (bad_disks) {
		snprintf(err, errlen, "no disk %u (the machine has %u)",
			 __builtin_ctz(bad_disks), blkdev_count());
		return -ENODEV;
	}
	if (s->disks & disks_in_use()) {
		snprintf(err, errlen, "disk %u belongs to another domain",
			 __builtin_ctz(s->disks & disks_in_use()));
		return -EBUSY;
	}
	c->disks = s->disks;
	if (dom_build_frames(c->nr_pages) + HV_RESERVE_FRAMES > free_frames) {
		snprintf(err, errlen, "%lu MiB asked, %lu MiB free",
			 c->nr_pages >> 8,
			 free_frames > HV_RESERVE_FRAMES ?
			 (free_frames - HV_RESERVE_FRAMES) >> 8 : 0);
		return -ENOMEM;
	}
	return 0;
}

static int build(struct dom_config *c, char *err, size_t errlen)
{
	pr_info("free frames before building domain %u: %lu\n", c->domid,
		free_frames);
	return dom_build(c, err, errlen) ?: c->domid;
}

int create_domain(const char *spec, char *err, size_t errlen)
{
	static struct dom_spec s;	/* big: not on a hypervisor stack */
	char name[DOMSPEC_NAME_MAX];
	struct dom_config c = { 0 };
	domid_t domid = domid_alloc();
	int rc;

	if (!domid) {
		snprintf(err, errlen, "%u domains exist, the most hv-stub runs",
			 MAX_DOMAINS);
		return -ENOSPC;
	}
	if (nr_domains() >= xs_max_guests()) {
		snprintf(err, errlen, "%u domains exist, the most this machine's XenStore holds (give it more memory)",
			 xs_max_guests());
		return -ENOSPC;
	}
	rc = domspec_parse(spec, &s, nr_mods, module_by_path, NULL, err,
			   errlen);
	if (rc)
		return rc;
	rc = configure(&s, domid, &c, name, err, errlen);
	return rc ?: build(&c, err, errlen);
}

int create_default_domain(char *err, size_t errlen)
{
	static const char name[] = "dom1";
	struct dom_config c = {
		.domid = 1,
		.kernel = module_get(1),
		.initrd = module_get(2),
		.name = name,
		.vcpus = hv_opts.dom_vcpus,
		.weight = SCHED_DEFAULT_WEIGHT,
		.disks = (1u << blkdev_count()) - 1,
	};

	c.cmdline = c.kernel->cmdline;
	if (hv_opts.dom_mem)
		c.nr_pages = hv_opts.dom_mem >> PAGE_SHIFT;
	else if (free_frames > HV_RESERVE_FRAMES)
		c.nr_pages = free_frames - HV_RESERVE_FRAMES;
	c.max_pages = c.nr_pages;
	return build(&c, err, errlen);
}
