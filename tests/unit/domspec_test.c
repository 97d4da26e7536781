// SPDX-License-Identifier: GPL-2.0
/*
 * Domain specs (core/domspec.c): every key, the %XX escapes, modules by
 * number and by path, defaults left to the caller, and each refusal with
 * its reason.
 */
#include "env.h"
#include "../../hv-stub/core/options.c"
#include "../../hv-stub/core/domspec.c"

static unsigned int by_path(const char *word, size_t len,
			    void *ctx __maybe_unused)
{
	if (len == 9 && !strncmp(word, "/k/vmlinx", 9))
		return 2;
	return 0;
}

static struct dom_spec s;
static char err[160];

static int parse(const char *spec)
{
	err[0] = 0;
	return domspec_parse(spec, &s, 3, by_path, NULL, err, sizeof(err));
}

/* Parse @spec, which must be accepted, and check the result with @ok. */
static void good(const char *name, const char *spec,
		 bool (*ok)(const struct dom_spec *))
{
	int rc = parse(spec);

	unit_check("domspec", name, !rc && ok(&s), "'%s': rc %d (%s)", spec,
		   rc, err);
}

static bool all_keys(const struct dom_spec *p)
{
	return p->kernel == 1 && p->initrd == 3 && p->mem == 64ull << 20 &&
	       p->maxmem == 1ull << 30 && p->vcpus == 2 &&
	       !strcmp(p->name, "web-1") && p->weight == 512 &&
	       p->cap == 150 && p->has_cap && p->disks == 0x9 &&
	       !p->has_cmdline;
}

static bool nothing_else(const struct dom_spec *p)
{
	return p->kernel == 2 && !p->initrd && !p->mem && !p->vcpus &&
	       !p->name[0] && !p->weight && !p->has_cap && !p->disks;
}

static bool path_2(const struct dom_spec *p)
{
	return p->kernel == 2;
}

static bool escaped(const struct dom_spec *p)
{
	return p->has_cmdline &&
	       !strcmp(p->cmdline, "console=hvc0 xenpv.cmd=a,b%");
}

static bool empty_cmdline(const struct dom_spec *p)
{
	return p->has_cmdline && !p->cmdline[0];
}

static bool no_kernel(const struct dom_spec *p)
{
	return !p->kernel && p->mem == 8 << 20;
}

static void bad(const char *name, const char *spec, const char *msg)
{
	int rc = parse(spec);

	unit_check("domspec", name, rc == -EINVAL && strstr(err, msg),
		   "'%s': rc %d, message '%s', want '%s'", spec, rc, err, msg);
}

int main(void)
{
	good("all keys", "kernel=1,initrd=3,mem=64M,maxmem=1G,vcpus=2,name=web-1,weight=512,cap=150,disk=0,disk=3",
	     all_keys);
	good("defaults left to the caller", "kernel=2", nothing_else);
	good("module by path", "kernel=/k/vmlinx", path_2);
	good("escapes", "kernel=1,cmdline=console=hvc0%20xenpv.cmd=a%2cb%25",
	     escaped);
	good("empty cmdline", "kernel=1,cmdline=", empty_cmdline);
	good("no kernel is the caller's check", "mem=8M", no_kernel);
	bad("empty", "", "empty domain spec");
	bad("not key=value", "kernel=1,junk", "'junk' in the spec is not key=value");
	bad("unknown key", "kernel=1,colour=red", "unknown key 'colour'");
	bad("module 0", "kernel=0", "kernel: no module '0'");
	bad("module beyond", "kernel=4", "kernel: no module '4'");
	bad("no such path", "kernel=/k/other", "kernel: no module '/k/other'");
	bad("mem too small", "kernel=1,mem=4K", "bad value in 'mem=4K'");
	bad("mem not a size", "kernel=1,mem=lots", "bad value in 'mem=lots'");
	bad("maxmem below mem", "kernel=1,mem=64M,maxmem=32M", "maxmem is below mem");
	bad("vcpus 0", "kernel=1,vcpus=0", "bad value in 'vcpus=0'");
	bad("vcpus 33", "kernel=1,vcpus=33", "bad value in 'vcpus=33'");
	bad("weight 0", "kernel=1,weight=0", "bad value in 'weight=0'");
	bad("weight 65536", "kernel=1,weight=65536", "bad value");
	bad("name with space", "kernel=1,name=a%20b", "bad value");
	bad("name too long", "kernel=1,name=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bad value");
	bad("disk 32", "kernel=1,disk=32", "bad value in 'disk=32'");
	bad("bad escape", "kernel=1,cmdline=a%2", "bad value");
	bad("bad hex", "kernel=1,cmdline=a%zz", "bad value");
	bad("NUL escape", "kernel=1,cmdline=a%00", "bad value");
	return unit_failed ? 1 : 0;
}
