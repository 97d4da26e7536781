// SPDX-License-Identifier: GPL-2.0
/*
 * Domain specs (include/hv/domspec.h): one parser for the boot option
 * "domain=" and the toolstack's "create".  Pure: no allocation, no global
 * state; the host unit test compiles this file unchanged.
 */
#include <hv/domspec.h>
#include <hv/domain.h>
#include <hv/errno.h>
#include <hv/lib.h>
#include <hv/options.h>

struct field {
	const char *key;	/* "kernel" */
	size_t klen;
	char val[DOMSPEC_CMDLINE_MAX];	/* decoded */
	size_t vlen;
};

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode @len bytes of @s into f->val; -EINVAL on a bad escape. */
static int decode(struct field *f, const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		char c = s[i];

		if (c == '%') {
			if (i + 2 >= len || hex(s[i + 1]) < 0 ||
			    hex(s[i + 2]) < 0)
				return -EINVAL;
			c = (char)(hex(s[i + 1]) << 4 | hex(s[i + 2]));
			i += 2;
		}
		if (!c || n + 1 >= sizeof(f->val))
			return -E2BIG;
		f->val[n++] = c;
	}
	f->val[n] = '\0';
	f->vlen = n;
	return 0;
}

static int number(const struct field *f, u64 min, u64 max, u64 *out,
		  bool size)
{
	u64 v;

	if (opt_parse_u64(f->val, f->vlen, &v, size) || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static int module_of(const struct field *f, unsigned int nr_modules,
		     domspec_module_fn module, void *ctx, unsigned int *out)
{
	u64 n;

	if (!opt_parse_u64(f->val, f->vlen, &n, false)) {
		if (n < 1 || n > nr_modules)
			return -ENOENT;
		*out = (unsigned int)n;
		return 0;
	}
	n = f->vlen && module ? module(f->val, f->vlen, ctx) : 0;
	if (!n)
		return -ENOENT;
	*out = (unsigned int)n;
	return 0;
}

static bool name_ok(const char *s, size_t len)
{
	size_t i;

	if (!len || len >= DOMSPEC_NAME_MAX)
		return false;
	for (i = 0; i < len; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '.' ||
		      c == '-'))
			return false;
	}
	return true;
}

static bool is(const struct field *f, const char *key)
{
	return strlen(key) == f->klen && !strncmp(f->key, key, f->klen);
}

static int apply_field(struct field *f, struct dom_spec *o, unsigned int nr_modules,
		 domspec_module_fn module, void *ctx)
{
	u64 v = 0;
	int rc = 0;

	if (is(f, "kernel"))
		return module_of(f, nr_modules, module, ctx, &o->kernel);
	if (is(f, "initrd"))
		return module_of(f, nr_modules, module, ctx, &o->initrd);
	if (is(f, "cmdline")) {
		memcpy(o->cmdline, f->val, f->vlen + 1);
		o->has_cmdline = true;
		return 0;
	}
	if (is(f, "mem") || is(f, "maxmem")) {
		rc = number(f, 1 << 20, 1ull << 40, &v, true);
		if (!rc)
			*(is(f, "mem") ? &o->mem : &o->maxmem) = v;
		return rc;
	}
	if (is(f, "vcpus")) {
		rc = number(f, 1, MAX_VCPUS, &v, false);
		o->vcpus = (unsigned int)v;
		return rc;
	}
	if (is(f, "name")) {
		if (!name_ok(f->val, f->vlen))
			return -EINVAL;
		memcpy(o->name, f->val, f->vlen + 1);
		return 0;
	}
	if (is(f, "weight")) {
		rc = number(f, 1, 65535, &v, false);
		o->weight = (unsigned int)v;
		return rc;
	}
	if (is(f, "cap")) {
		rc = number(f, 0, 100 * MAX_VCPUS, &v, false);
		o->cap = (unsigned int)v;
		o->has_cap = true;
		return rc;
	}
	if (is(f, "disk")) {
		rc = number(f, 0, DOMSPEC_MAX_DISKS - 1, &v, false);
		if (!rc)
			o->disks |= 1u << v;
		return rc;
	}
	return -EOPNOTSUPP;
}

int domspec_parse(const char *spec, struct dom_spec *out,
		  unsigned int nr_modules, domspec_module_fn module, void *ctx,
		  char *err, size_t errlen)
{
	static struct field f;	/* big: off the (small) hypervisor stack */
	const char *p = spec;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!*p) {
		snprintf(err, errlen, "empty domain spec");
		return -EINVAL;
	}
	while (*p) {
		const char *eq, *end = p;

		while (*end && *end != ',')
			end++;
		for (eq = p; eq < end && *eq != '='; eq++)
			;
		if (eq == end) {
			snprintf(err, errlen, "'%.*s' in the spec is not key=value",
				 (int)(end - p), p);
			return -EINVAL;
		}
		f.key = p;
		f.klen = eq - p;
		rc = decode(&f, eq + 1, end - eq - 1);
		if (!rc)
			rc = apply_field(&f, out, nr_modules, module, ctx);
		if (rc == -EOPNOTSUPP)
			snprintf(err, errlen, "unknown key '%.*s' in the spec",
				 (int)f.klen, f.key);
		else if (rc == -ENOENT)
			snprintf(err, errlen, "%.*s: no module '%s'",
				 (int)f.klen, f.key, f.val);
		else if (rc)
			snprintf(err, errlen, "bad value in '%.*s'",
				 (int)(end - p), p);
		if (rc)
			return -EINVAL;
		p = *end ? end + 1 : end;
	}
	if (out->maxmem && out->mem && out->maxmem < out->mem) {
		snprintf(err, errlen, "maxmem is below mem");
		return -EINVAL;
	}
	return 0;
}
