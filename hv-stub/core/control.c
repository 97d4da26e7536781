// SPDX-License-Identifier: GPL-2.0
/*
 * The toolstack inside hv-stub: an xl-like command language on the
 * control channel (COM2, driven by scripts/hvctl) and on the console.
 *
 * Protocol: one command per line; any number of output lines, then one
 * last line "ok" or "error: <why>".  A command that fails changes
 * nothing.  Commands run from the timer tick, in the hypervisor; "destroy"
 * answers once the domain is gone (the idle vCPU tears it down), and
 * "console D" turns the channel into D's console until the host sends
 * Ctrl-] (0x1d).
 */
#include <hv/async_exc.h>
#include <hv/backend.h>
#include <hv/console.h>
#include <hv/control.h>
#include <hv/create.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/frame.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/options.h>
#include <hv/profile.h>
#include <hv/xenstore.h>
#include <public/sched.h>

#define CTL_LINE_MAX	1024
#define CTL_MAX_ARGS	16
#define CTRL_RBRACKET	0x1d

struct sink_state {
	domid_t awaiting;	/* "destroy" answers when it is gone */
};

static struct sink_state sinks[2];
static enum control_sink out_sink;
static char chan_line[CTL_LINE_MAX];
static size_t chan_len;
static bool chan_overflow;
static domid_t attached;	/* channel is this domain's console */
static int held = -1;		/* console byte not delivered yet */

static void __printf(1, 2) say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	if (out_sink == CONTROL_CHANNEL) {
		serial2_write(buf, n);
	} else {
		console_hv_line();
		console_write(buf, n);
	}
}

static int __printf(1, 2) fail(const char *fmt, ...)
{
	char buf[240];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	say("error: %s\n", buf);
	return -EINVAL;
}

static bool parse_uint(const char *s, u64 *v)
{
	return !opt_parse_u64(s, strlen(s), v, false);
}

/* A domain by id or by name; NULL after saying why. */
static struct domain *find_domain(const char *arg)
{
	struct domain *d;
	u64 id;

	if (parse_uint(arg, &id))
		d = id < DOMID_SLOTS ? domain_by_id(id) : NULL;
	else
		d = domain_by_name(arg);
	if (!d)
		fail("no such domain %s", arg);
	return d;
}

static struct domain *live_domain(const char *arg)
{
	struct domain *d = find_domain(arg);

	if (d && d->dying) {
		fail("domain %u is dying", d->domid);
		return NULL;
	}
	return d;
}

static bool vcpu_running(const struct vcpu *v)
{
	return current == v;
}

static void state_letters(const struct domain *d, char *s)
{
	bool running = false, blocked = true;
	unsigned int i;

	for (i = 0; i < d->nr_vcpus; i++) {
		const struct vcpu *v = d->vcpus[i];

		if (!v)
			continue;
		running |= vcpu_running(v);
		if (v->state == VCPU_RUNNABLE)
			blocked = false;
	}
	s[0] = running ? 'r' : '-';
	s[1] = !running && blocked ? 'b' : '-';
	s[2] = d->paused ? 'p' : '-';
	s[3] = d->dying && !d->killed && d->shutdown_reason !=
	       SHUTDOWN_crash ? 's' : '-';
	s[4] = d->dying && d->shutdown_reason == SHUTDOWN_crash ? 'c' : '-';
	s[5] = d->dying ? 'd' : '-';
	s[6] = '\0';
}

/* ns as seconds and tenths */
static u64 secs(u64 ns)
{
	return ns / 1000000000;
}

static u64 tenths(u64 ns)
{
	return ns / 100000000 % 10;
}

static int cmd_list(int argc, char **argv)
{
	struct domain *d, *only = NULL;
	unsigned int i;
	char st[8];
	u64 ns;

	if (argc > 2)
		return fail("usage: list [D]");
	if (argc == 2) {
		only = find_domain(argv[1]);
		if (!only)
			return -EINVAL;
	}
	say("%-32s %5s %6s %5s %6s %9s\n", "Name", "ID", "Mem", "VCPUs",
	    "State", "Time(s)");
	for_each_domain(i, d) {
		if (only && d != only)
			continue;
		state_letters(d, st);
		ns = sched_domain_cpu_ns(d);
		say("%-32s %5u %6lu %5u %6s %7lu.%lu\n", d->name, d->domid,
		    d->nr_pages >> 8, d->nr_vcpus, st, secs(ns), tenths(ns));
	}
	return 0;
}

static int cmd_vcpu_list(int argc, char **argv)
{
	struct domain *d, *only = NULL;
	unsigned int i, j;
	u64 ns;

	if (argc > 2)
		return fail("usage: vcpu-list [D]");
	if (argc == 2) {
		only = find_domain(argv[1]);
		if (!only)
			return -EINVAL;
	}
	say("%-32s %5s %5s %4s %5s %9s %s\n", "Name", "ID", "VCPU", "CPU",
	    "State", "Time(s)", "Affinity (Hard / Soft)");
	for_each_domain(i, d) {
		if (only && d != only)
			continue;
		for (j = 0; j < d->nr_vcpus; j++) {
			struct vcpu *v = d->vcpus[j];
			char st[4] = "---";

			if (!v)
				continue;
			if (vcpu_running(v))
				st[0] = 'r';
			else if (v->state == VCPU_BLOCKED ||
				 v->state == VCPU_DOWN)
				st[1] = 'b';
			if (d->paused)
				st[2] = 'p';
			ns = sched_vcpu_cpu_ns(v);
			say("%-32s %5u %5u %4u %5s %7lu.%lu %s\n", d->name,
			    d->domid, j, 0, st, secs(ns), tenths(ns),
			    "all / all");
		}
	}
	return 0;
}

static int cmd_create(const char *spec)
{
	char err[200];
	int rc;

	while (*spec == ' ')
		spec++;
	if (!*spec)
		return fail("usage: create SPEC");
	rc = create_domain(spec, err, sizeof(err));
	if (rc < 0)
		return fail("create: %s", err);
	say("created domain %d %s\n", rc, domain_by_id(rc)->name);
	return 0;
}

static int cmd_destroy(int argc, char **argv)
{
	struct domain *d;

	if (argc != 2)
		return fail("usage: destroy D");
	d = find_domain(argv[1]);
	if (!d)
		return -EINVAL;
	domain_kill_by_toolstack(d);
	sinks[out_sink].awaiting = d->domid;
	return 1;	/* answered when it is gone */
}

static int cmd_shutdown(int argc, char **argv)
{
	const char *how = argc == 3 ? argv[2] : "poweroff";
	struct domain *d;
	char path[64];

	if (argc < 2 || argc > 3 ||
	    (strcmp(how, "poweroff") && strcmp(how, "reboot")))
		return fail("usage: shutdown D [poweroff|reboot]");
	d = live_domain(argv[1]);
	if (!d)
		return -EINVAL;
	snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown",
		 d->domid);
	if (be_printf(path, "%s", how))
		return fail("cannot write %s", path);
	be_store_events();
	return 0;
}

static int cmd_pause(int argc, char **argv, bool pause)
{
	struct domain *d;

	if (argc != 2)
		return fail("usage: %s D", pause ? "pause" : "unpause");
	d = live_domain(argv[1]);
	if (!d)
		return -EINVAL;
	d->paused = pause;
	sched_domain_paused(d);
	return 0;
}

/* xl's sizes: a number with b, k, m, g or t; no suffix means MiB. */
static bool parse_mem(const char *s, u64 *kib)
{
	size_t len = strlen(s);
	unsigned int shift = 20;
	u64 v;

	if (len && !(s[len - 1] >= '0' && s[len - 1] <= '9')) {
		const char *units = "bkmgt", *u = strchr(units, s[len - 1] | 0x20);

		if (!u)
			return false;
		shift = 10 * (u - units);
		len--;
	}
	if (opt_parse_u64(s, len, &v, false) || v > (1ull << 50) >> shift)
		return false;
	*kib = (v << shift) >> 10;
	return true;
}

static int cmd_mem_set(int argc, char **argv)
{
	struct domain *d;
	char path[64];
	u64 kib;

	if (argc != 3)
		return fail("usage: mem-set D SIZE");
	d = live_domain(argv[1]);
	if (!d)
		return -EINVAL;
	if (!parse_mem(argv[2], &kib) || !kib)
		return fail("mem-set: bad size '%s' (a number of MiB, or with b/k/m/g/t)",
			    argv[2]);
	if (kib > d->max_pages * 4)
		return fail("mem-set: %lu MiB is above domain %u's maximum (%lu MiB)",
			    kib >> 10, d->domid, d->max_pages >> 8);
	snprintf(path, sizeof(path), "/local/domain/%u/memory/target",
		 d->domid);
	if (be_printf(path, "%lu", kib))
		return fail("cannot write %s", path);
	be_store_events();
	return 0;
}

static int cmd_sched_credit(int argc, char **argv)
{
	struct domain *d = NULL, *e;
	u64 weight = 0, cap = 0;
	bool set_w = false, set_c = false;
	unsigned int i;
	int a;

	for (a = 1; a < argc; a += 2) {
		if (a + 1 >= argc)
			return fail("sched-credit: %s needs a value", argv[a]);
		if (!strcmp(argv[a], "-d")) {
			d = find_domain(argv[a + 1]);
			if (!d)
				return -EINVAL;
		} else if (!strcmp(argv[a], "-w")) {
			set_w = true;
			if (!parse_uint(argv[a + 1], &weight) || !weight ||
			    weight > SCHED_MAX_WEIGHT)
				return fail("sched-credit: weight '%s' is not 1..%u",
					    argv[a + 1], SCHED_MAX_WEIGHT);
		} else if (!strcmp(argv[a], "-c")) {
			set_c = true;
			if (!parse_uint(argv[a + 1], &cap) || cap > 100 * 128)
				return fail("sched-credit: bad cap '%s'",
					    argv[a + 1]);
		} else {
			return fail("usage: sched-credit [-d D [-w WEIGHT] [-c CAP]]");
		}
	}
	if ((set_w || set_c) && !d)
		return fail("sched-credit: -w and -c need -d D");
	if (set_w || set_c) {
		if (sched_set_credit(d, set_w ? weight : d->sched.weight,
				     set_c ? cap : d->sched.cap))
			return fail("sched-credit: cap %lu%% is more than domain %u's %u vCPU(s) can use",
				    cap, d->domid, d->nr_vcpus);
		return 0;
	}
	say("%-32s %5s %6s %4s\n", "Name", "ID", "Weight", "Cap");
	for_each_domain(i, e)
		if (!d || d == e)
			say("%-32s %5u %6u %4u\n", e->name, e->domid,
			    e->sched.weight, e->sched.cap);
	return 0;
}

/*
 * xl trigger's nmi, and a virtual machine check (what Xen injects after a
 * memory error in the domain's pages); either goes to vCPU VCPU, 0 if not
 * given.  A vMCE the guest cannot take crashes it, as on Xen.
 */
static int cmd_trigger(int argc, char **argv)
{
	enum async_exc_kind kind;
	const char *why;
	struct domain *d;
	struct vcpu *v;
	u64 id = 0;

	if (argc < 3 || argc > 4)
		return fail("usage: trigger D nmi|mce [VCPU]");
	if (!strcmp(argv[2], "nmi"))
		kind = ASYNC_EXC_NMI;
	else if (!strcmp(argv[2], "mce"))
		kind = ASYNC_EXC_MCE;
	else
		return fail("trigger: '%s' is not nmi or mce", argv[2]);
	if (argc == 4 && !parse_uint(argv[3], &id))
		return fail("trigger: '%s' is not a vCPU number", argv[3]);
	d = live_domain(argv[1]);
	if (!d)
		return -EINVAL;
	v = domain_vcpu(d, id);
	if (!v)
		return fail("trigger: domain %u has no vCPU %lu", d->domid, id);
	if (async_exc_raise(v, kind, &why))
		say("domain %u crashed: vMCE not deliverable: %s\n", d->domid,
		    why);
	return 0;
}

static int cmd_info(void)
{
	unsigned int i;

	say("%-22s : %s\n", "host", "hv-stub");
	say("%-22s : %s\n", "hypervisor", "hv-stub (Xen 4.17 x86_64 PV ABI)");
	say("%-22s : %u\n", "xen_major", 4);
	say("%-22s : %u\n", "xen_minor", 17);
	say("%-22s : %u\n", "nr_cpus", 1);
	say("%-22s : %lu\n", "total_memory", ram_frames >> 8);
	say("%-22s : %lu\n", "free_memory", free_frames >> 8);
	say("%-22s : %lu\n", "free_frames", free_frames);
	say("%-22s : %u\n", "nr_domains", nr_domains());
	say("%-22s : %u\n", "max_domains", MAX_DOMAINS);
	say("%-22s : %u\n", "xenstore_nodes", xs_node_count());
	say("%-22s : %lu\n", "xenstore_bytes", (unsigned long)xs_mem_total());
	say("%-22s : %u\n", "nr_modules", nr_modules());
	for (i = 1; i <= nr_modules(); i++)
		say("module %-15u : %s (%lu KiB)\n", i, module_get(i)->path,
		    module_get(i)->len >> 10);
	return 0;
}

static int cmd_stats(int argc, char **argv)
{
	struct domain *d;

	if (argc != 2)
		return fail("usage: stats D");
	d = find_domain(argv[1]);
	if (!d)
		return -EINVAL;
	sched_account_tlb();	/* the running domain's TLB work so far */
	stats_report(d->domid, &d->stats, say);
	return 0;
}

static int cmd_profile(int argc, char **argv)
{
	if (!hv_opts.profile_hz)
		return fail("profile: hv-stub runs without profile=HZ");
	if (argc == 2 && !strcmp(argv[1], "reset")) {
		profile_reset();
		return 0;
	}
	if (argc != 1)
		return fail("usage: profile [reset]");
	profile_report(say);
	return 0;
}

static int cmd_console(int argc, char **argv)
{
	struct domain *d;

	if (out_sink != CONTROL_CHANNEL)
		return fail("console: only on the control channel (here: Ctrl-a three times)");
	if (argc != 2)
		return fail("usage: console D");
	d = live_domain(argv[1]);
	if (!d)
		return -EINVAL;
	say("ok\n");
	attached = d->domid;
	return 1;
}

static const char help_text[] =
	"list [D]                        domains: name, id, memory (MiB), vCPUs, state, CPU time\n"
	"create SPEC                     build and start a domain (kernel=N|PATH,mem=...,...)\n"
	"destroy D                       kill a domain at once\n"
	"shutdown D [poweroff|reboot]    ask the guest to shut down (control/shutdown)\n"
	"pause D / unpause D             stop / resume a domain's vCPUs\n"
	"mem-set D SIZE                  set the balloon target (MiB, or b/k/m/g/t)\n"
	"vcpu-list [D]                   vCPUs and their CPU time\n"
	"sched-credit [-d D [-w W] [-c CAP]]  show or set weights and caps\n"
	"info                            the host: memory, domains, XenStore, modules\n"
	"stats D                         a domain's hypercall and page-table counters\n"
	"trigger D nmi|mce [VCPU]        a virtual NMI or machine check to D's vCPU (0)\n"
	"profile [reset]                 (profile=HZ) the samples: domain, h|k|u, rip, count\n"
	"console D                       (control channel) D's console; Ctrl-] leaves\n"
	"echo WORD                       print WORD\n"
	"quit                            end hv-stub and the machine\n"
	"help                            this list\n";

static int cmd_help(void)
{
	const char *p = help_text, *nl;

	for (; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		say("%.*s\n", (int)(nl - p), p);
	}
	return 0;
}

static int split(char *line, char **argv)
{
	int argc = 0;

	while (*line) {
		while (*line == ' ' || *line == '\t')
			*line++ = '\0';
		if (!*line)
			break;
		if (argc == CTL_MAX_ARGS)
			return -1;
		argv[argc++] = line;
		while (*line && *line != ' ' && *line != '\t')
			line++;
	}
	return argc;
}

/* 0: done, answer ok; 1: answered or to be answered later; < 0: failed */
static int run(char *line)
{
	char *argv[CTL_MAX_ARGS], *rest;
	int argc;

	while (*line == ' ')
		line++;
	if (!strncmp(line, "create ", 7) || !strcmp(line, "create"))
		return cmd_create(line + 6);
	rest = line;
	argc = split(rest, argv);
	if (argc < 0)
		return fail("too many words");
	if (!argc)
		return 0;
	if (!strcmp(argv[0], "list"))
		return cmd_list(argc, argv);
	if (!strcmp(argv[0], "destroy"))
		return cmd_destroy(argc, argv);
	if (!strcmp(argv[0], "shutdown"))
		return cmd_shutdown(argc, argv);
	if (!strcmp(argv[0], "pause") || !strcmp(argv[0], "unpause"))
		return cmd_pause(argc, argv, argv[0][0] == 'p');
	if (!strcmp(argv[0], "mem-set"))
		return cmd_mem_set(argc, argv);
	if (!strcmp(argv[0], "vcpu-list"))
		return cmd_vcpu_list(argc, argv);
	if (!strcmp(argv[0], "sched-credit"))
		return cmd_sched_credit(argc, argv);
	if (!strcmp(argv[0], "info") && argc == 1)
		return cmd_info();
	if (!strcmp(argv[0], "stats"))
		return cmd_stats(argc, argv);
	if (!strcmp(argv[0], "trigger"))
		return cmd_trigger(argc, argv);
	if (!strcmp(argv[0], "profile"))
		return cmd_profile(argc, argv);
	if (!strcmp(argv[0], "console"))
		return cmd_console(argc, argv);
	if (!strcmp(argv[0], "echo")) {
		say("%s\n", argc > 1 ? argv[1] : "");
		return 0;
	}
	if (!strcmp(argv[0], "help") && argc == 1)
		return cmd_help();
	if (!strcmp(argv[0], "quit") && argc == 1) {
		say("ok\n");
		pr_info("quit from the toolstack\n");
		hv_exit(HV_EXIT_POWEROFF);
	}
	return fail("unknown command '%s' (try help)", argv[0]);
}

void control_exec(const char *line, enum control_sink sink)
{
	static char copy[CTL_LINE_MAX];

	out_sink = sink;
	if (sinks[sink].awaiting) {
		fail("busy: waiting for domain %u to go", sinks[sink].awaiting);
		return;
	}
	strscpy(copy, line, sizeof(copy));
	if (!run(copy))
		say("ok\n");
}

void control_domain_destroyed(struct domain *d)
{
	unsigned int s;

	for (s = 0; s < ARRAY_SIZE(sinks); s++) {
		if (sinks[s].awaiting != d->domid)
			continue;
		sinks[s].awaiting = 0;
		out_sink = s;
		say("ok\n");
	}
	if (attached == d->domid) {
		attached = 0;
		serial2_write("\n[domain gone: console closed]\n", 32);
	}
}

void control_console_output(struct domain *d, const char *s, size_t len)
{
	if (attached && attached == d->domid)
		serial2_write(s, len);
}

/* The channel carries a domain's console: bytes go to its input ring. */
static void poll_attached(void)
{
	struct domain *d = domain_by_id(attached);
	int c, n;

	for (n = 0; n < 64; n++) {
		c = held >= 0 ? held : serial2_getc();
		held = -1;
		if (c < 0)
			return;
		if (c == CTRL_RBRACKET) {
			attached = 0;
			return;
		}
		if (d && !console_input(d, c)) {
			held = c;
			return;
		}
	}
}

void control_poll(void)
{
	int c, n;

	if (attached) {
		poll_attached();
		return;
	}
	/* one command at a time: a destroy in progress holds the line */
	for (n = 0; n < 256 && !sinks[CONTROL_CHANNEL].awaiting; n++) {
		c = serial2_getc();
		if (c < 0)
			return;
		if (c == CTRL_RBRACKET || c == '\r')
			continue;
		if (c != '\n') {
			if (chan_len + 1 < sizeof(chan_line))
				chan_line[chan_len++] = c;
			else
				chan_overflow = true;
			continue;
		}
		chan_line[chan_len] = '\0';
		if (chan_overflow) {
			out_sink = CONTROL_CHANNEL;
			fail("line longer than %u bytes", CTL_LINE_MAX - 1);
		} else {
			control_exec(chan_line, CONTROL_CHANNEL);
		}
		chan_len = 0;
		chan_overflow = false;
		if (attached)
			return;
	}
}

void control_init(void)
{
	if (serial2_init())
		pr_info("control channel on COM2 (scripts/hvctl)\n");
}
