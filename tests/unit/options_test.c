// SPDX-License-Identifier: GPL-2.0
/*
 * hv-stub's command-line parser (core/options.c): accepted forms, and
 * every kind of refusal (unknown option, malformed or out-of-range value,
 * flag given a value, value missing).
 */
#include "env.h"
#include "../../hv-stub/core/options.c"

static const struct hv_options defaults = {
	.loglevel = LOG_INFO,
	.dom_vcpus = 1,
};

static int parse(const char *cmdline, struct hv_options *o, char *err)
{
	*o = defaults;
	err[0] = 0;
	return options_parse(cmdline, o, err, 128);
}

static void good(const char *name, const char *cmdline,
		 bool (*check)(const struct hv_options *))
{
	struct hv_options o;
	char err[128];
	int rc = parse(cmdline, &o, err);

	unit_check("options", name, !rc && check(&o), "'%s': rc %d (%s)",
		   cmdline, rc, err);
}

static void bad(const char *name, const char *cmdline, const char *msg)
{
	struct hv_options o;
	char err[128];
	int rc = parse(cmdline, &o, err);

	unit_check("options", name, rc == -EINVAL && strstr(err, msg),
		   "'%s': rc %d, message '%s', want '%s'", cmdline, rc, err,
		   msg);
}

static bool is_default(const struct hv_options *o)
{
	return !memcmp(o, &defaults, sizeof(*o));
}

static bool all_set(const struct hv_options *o)
{
	return o->loglevel == 4 && o->dom_mem == (64ull << 20) &&
	       o->dom_vcpus == 2 && o->trace_hypercalls && o->stats &&
	       o->vbd_persistent;
}

static bool only_persistent(const struct hv_options *o)
{
	struct hv_options want = defaults;

	want.vbd_persistent = true;
	return !memcmp(o, &want, sizeof(*o));
}

static bool vanish_7(const struct hv_options *o)
{
	struct hv_options want = defaults;

	want.vbd_vanish = 7;
	return !memcmp(o, &want, sizeof(*o));
}

static bool mem_1g(const struct hv_options *o)
{
	return o->dom_mem == 1ull << 30;
}

static bool mem_bytes(const struct hv_options *o)
{
	return o->dom_mem == 2097152;
}

static bool two_domains(const struct hv_options *o)
{
	return o->nr_domain_specs == 2 && o->stay &&
	       o->console_prefix == CONSOLE_PREFIX_OFF &&
	       !strcmp(o->specs + o->domain_spec[0], "kernel=1,mem=64M") &&
	       !strcmp(o->specs + o->domain_spec[1], "kernel=2");
}

static bool prefix_on(const struct hv_options *o)
{
	return o->console_prefix == CONSOLE_PREFIX_ON && !o->nr_domain_specs;
}

int main(void)
{
	good("empty", "", is_default);
	good("spaces_only", "   \t ", is_default);
	good("all_options",
	     " loglevel=4  dom_mem=64M dom_vcpus=2 trace=hypercalls stats vbd_persistent ",
	     all_set);
	good("vbd_persistent", "vbd_persistent", only_persistent);
	good("domain_specs", "domain=kernel=1,mem=64M stay console_prefix=off domain=kernel=2",
	     two_domains);
	good("console_prefix_on", "console_prefix=on", prefix_on);
	good("vbd_vanish", "vbd_vanish=7", vanish_7);
	bad("vbd_vanish_zero", "vbd_vanish=0", "out of range");
	bad("vbd_vanish_flag", "vbd_vanish", "bad value");
	good("size_suffix_g", "dom_mem=1G", mem_1g);
	good("size_lowercase_k", "dom_mem=2048k", mem_bytes);
	good("size_plain_bytes", "dom_mem=2097152", mem_bytes);
	bad("unknown", "loglevel=1 frobnicate", "unknown option 'frobnicate'");
	bad("unknown_prefix", "logleve=1", "unknown option");
	bad("name_is_prefix", "loglevelx=1", "unknown option");
	bad("missing_value", "loglevel=", "bad value");
	bad("no_equals", "loglevel", "bad value");
	bad("not_a_number", "dom_vcpus=two", "bad value");
	bad("trailing_garbage", "dom_vcpus=2x", "bad value");
	bad("negative", "loglevel=-1", "bad value");
	bad("out_of_range_high", "loglevel=5", "out of range");
	bad("zero_vcpus", "dom_vcpus=0", "out of range");
	bad("too_many_vcpus", "dom_vcpus=33", "out of range");
	bad("mem_too_small", "dom_mem=4K", "out of range");
	bad("bad_suffix", "dom_mem=64T", "bad value");
	bad("suffix_overflow", "dom_mem=99999999999999999G", "bad value");
	bad("number_overflow", "dom_mem=99999999999999999999999", "bad value");
	bad("flag_with_value", "stats=1", "bad value");
	bad("persistent_with_value", "vbd_persistent=1", "bad value");
	bad("word_wrong_value", "trace=everything", "bad value");
	bad("domain_empty", "domain=", "bad value");
	bad("prefix_bad_choice", "console_prefix=maybe", "bad value");
	bad("stay_with_value", "stay=1", "bad value");
	bad("first_error_wins", "stats bogus loglevel=9", "unknown option 'bogus'");
	return unit_failed ? 1 : 0;
}
