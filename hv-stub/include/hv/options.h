/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv-stub command-line options.  Parsing is strict: an unknown option, a
 * malformed value or a value out of range is an error, never ignored.
 */
#ifndef HV_OPTIONS_H
#define HV_OPTIONS_H

#include <hv/types.h>

#define OPT_MAX_DOMAIN_SPECS	128	/* domain= options at most */
#define OPT_DOMAIN_SPECS_SIZE	16384	/* bytes of all of them */

enum { CONSOLE_PREFIX_AUTO, CONSOLE_PREFIX_ON, CONSOLE_PREFIX_OFF };

struct hv_options {
	unsigned int loglevel;	/* LOG_ERR .. LOG_TRACE */
	u64 dom_mem;		/* bytes per domain; 0: all free memory */
	unsigned int dom_vcpus;
	bool trace_hypercalls;
	bool stats;		/* hypercall counts at domain exit */
	unsigned int profile_hz; /* 0, or samples per second (hv/profile.h) */
	bool vbd_persistent;	/* block back end offers feature-persistent */
	unsigned int vbd_vanish; /* 0, or requests before a vbd back end vanishes */
	bool stay;		/* keep running when no domain is left */
	unsigned int console_prefix;	/* CONSOLE_PREFIX_* */
	/* the domain= options, NUL-terminated, in order */
	unsigned int nr_domain_specs;
	u16 domain_spec[OPT_MAX_DOMAIN_SPECS];	/* offsets into specs */
	char specs[OPT_DOMAIN_SPECS_SIZE];
	unsigned int specs_used;
};

/* the options hv-stub was booted with (core/main.c) */
extern struct hv_options hv_opts;

/*
 * Parse @cmdline into @opts (which holds the defaults on entry).  On error
 * returns -EINVAL and writes a one-line reason into @err.
 */
int options_parse(const char *cmdline, struct hv_options *opts,
		  char *err, size_t errlen);

/*
 * Parse @len bytes of @s as a decimal number, with a K/M/G suffix when
 * @suffix; 0 or -EINVAL (not a number, trailing bytes, overflow).
 */
int opt_parse_u64(const char *s, size_t len, u64 *out, bool suffix);

#endif
