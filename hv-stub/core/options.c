// SPDX-License-Identifier: GPL-2.0
/*
 * hv-stub's command line: space separated "name=value" or "name" words,
 * described by one table.  Pure: the host unit test compiles this file.
 *
 *   loglevel=0..4      0 errors only .. 4 trace (default 2, info)
 *   dom_mem=SIZE       memory of each domain, with K/M/G suffix (default:
 *                      all free memory)
 *   dom_vcpus=1..32    vCPUs of each domain (default 1)
 *   trace=hypercalls   log every hypercall
 *   stats              print hypercall counts when a domain ends
 *   profile=HZ         sample where the CPU is HZ times a second
 *                      (10..10000; the control channel's "profile")
 *   vbd_persistent     the block back end offers persistent grants
 *   vbd_vanish=N       (fault injection) each block device's back end stops
 *                      after taking N requests: no more answers, Closed
 *   domain=SPEC        a domain to build at boot (repeatable; hv/domspec.h);
 *                      without any, module 1 (and 2) make domain 1
 *   stay               keep running when no domain is left (the control
 *                      channel's "quit" ends hv-stub)
 *   console_prefix=auto|on|off  "(dN) " before each line of a domain's
 *                      console output; auto: unless domain 1 is alone
 */
#include <hv/options.h>
#include <hv/lib.h>
#include <hv/errno.h>

enum opt_kind { OPT_UINT, OPT_SIZE, OPT_FLAG, OPT_WORD, OPT_CHOICE,
		OPT_SPEC };

struct opt_desc {
	const char *name;
	enum opt_kind kind;
	size_t offset;
	u64 min, max;
	/* OPT_WORD: the only accepted value; OPT_CHOICE: "a|b|c" (0, 1, 2) */
	const char *word;
};

#define OFF(f) offsetof(struct hv_options, f)

static const struct opt_desc opt_table[] = {
	{ "loglevel", OPT_UINT, OFF(loglevel), 0, 4, NULL },
	{ "dom_mem", OPT_SIZE, OFF(dom_mem), 1 << 20, 1ull << 40, NULL },
	{ "dom_vcpus", OPT_UINT, OFF(dom_vcpus), 1, 32, NULL },
	{ "trace", OPT_WORD, OFF(trace_hypercalls), 0, 0, "hypercalls" },
	{ "stats", OPT_FLAG, OFF(stats), 0, 0, NULL },
	{ "profile", OPT_UINT, OFF(profile_hz), 10, 10000, NULL },
	{ "vbd_persistent", OPT_FLAG, OFF(vbd_persistent), 0, 0, NULL },
	{ "vbd_vanish", OPT_UINT, OFF(vbd_vanish), 1, 1000000000, NULL },
	{ "domain", OPT_SPEC, 0, 0, 0, NULL },
	{ "stay", OPT_FLAG, OFF(stay), 0, 0, NULL },
	{ "console_prefix", OPT_CHOICE, OFF(console_prefix), 0, 0,
	  "auto|on|off" },
};

/* Index of @vlen bytes at @val among @choices ("a|b|c"), or -1. */
static int choice(const char *choices, const char *val, size_t vlen)
{
	int i = 0;

	for (;;) {
		size_t n = 0;

		while (choices[n] && choices[n] != '|')
			n++;
		if (n == vlen && !strncmp(choices, val, n))
			return i;
		if (!choices[n])
			return -1;
		choices += n + 1;
		i++;
	}
}

/* Keep a copy of a domain= value: the boot command line is not kept. */
static int add_spec(struct hv_options *opts, const char *val, size_t vlen)
{
	if (!vlen)
		return -EINVAL;
	if (opts->nr_domain_specs == OPT_MAX_DOMAIN_SPECS ||
	    opts->specs_used + vlen + 1 > sizeof(opts->specs))
		return -ERANGE;
	opts->domain_spec[opts->nr_domain_specs++] = opts->specs_used;
	memcpy(opts->specs + opts->specs_used, val, vlen);
	opts->specs[opts->specs_used + vlen] = '\0';
	opts->specs_used += vlen + 1;
	return 0;
}

int opt_parse_u64(const char *s, size_t len, u64 *out, bool suffix)
{
	u64 v = 0;
	size_t i;

	if (!len)
		return -EINVAL;
	for (i = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		if (v > (~0ull - 9) / 10)
			return -EINVAL;
		v = v * 10 + (s[i] - '0');
	}
	if (!i)
		return -EINVAL;
	if (i < len && suffix && i + 1 == len) {
		unsigned int shift = s[i] == 'K' || s[i] == 'k' ? 10 :
				     s[i] == 'M' || s[i] == 'm' ? 20 :
				     s[i] == 'G' || s[i] == 'g' ? 30 : 0;

		if (!shift || v > (~0ull >> shift))
			return -EINVAL;
		v <<= shift;
		i++;
	}
	if (i != len)
		return -EINVAL;
	*out = v;
	return 0;
}

static int apply(const struct opt_desc *d, const char *val, size_t vlen,
		 bool has_val, struct hv_options *opts)
{
	char *field = (char *)opts + d->offset;
	u64 v;
	int i;

	switch (d->kind) {
	case OPT_SPEC:
		return has_val ? add_spec(opts, val, vlen) : -EINVAL;
	case OPT_CHOICE:
		i = has_val ? choice(d->word, val, vlen) : -1;
		if (i < 0)
			return -EINVAL;
		*(unsigned int *)field = i;
		return 0;
	case OPT_FLAG:
		if (has_val)
			return -EINVAL;
		*(bool *)field = true;
		return 0;
	case OPT_WORD:
		if (!has_val || vlen != strlen(d->word) ||
		    strncmp(val, d->word, vlen))
			return -EINVAL;
		*(bool *)field = true;
		return 0;
	default:
		if (!has_val || opt_parse_u64(val, vlen, &v, d->kind == OPT_SIZE))
			return -EINVAL;
		if (v < d->min || v > d->max)
			return -ERANGE;
		if (d->kind == OPT_SIZE)
			*(u64 *)field = v;
		else
			*(unsigned int *)field = (unsigned int)v;
		return 0;
	}
}

static int parse_word(const char *w, size_t len, struct hv_options *opts,
		      char *err, size_t errlen)
{
	size_t nlen = 0, i;
	int rc;

	while (nlen < len && w[nlen] != '=')
		nlen++;
	for (i = 0; i < ARRAY_SIZE(opt_table); i++) {
		const struct opt_desc *d = &opt_table[i];

		if (strlen(d->name) != nlen || strncmp(d->name, w, nlen))
			continue;
		rc = apply(d, w + nlen + 1, nlen < len ? len - nlen - 1 : 0,
			   nlen < len, opts);
		if (rc)
			snprintf(err, errlen, "bad value in option '%.*s'%s",
				 (int)len, w, rc == -ERANGE ?
				 " (out of range)" : "");
		return rc ? -EINVAL : 0;
	}
	snprintf(err, errlen, "unknown option '%.*s'", (int)len, w);
	return -EINVAL;
}

int options_parse(const char *cmdline, struct hv_options *opts,
		  char *err, size_t errlen)
{
	const char *p = cmdline;

	while (p && *p) {
		size_t len = 0;

		while (*p == ' ' || *p == '\t')
			p++;
		while (p[len] && p[len] != ' ' && p[len] != '\t')
			len++;
		if (len && parse_word(p, len, opts, err, errlen))
			return -EINVAL;
		p += len;
	}
	return 0;
}
