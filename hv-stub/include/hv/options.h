/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv-stub command-line options.  Parsing is strict: an unknown option, a
 * malformed value or a value out of range is an error, never ignored.
 */
#ifndef HV_OPTIONS_H
#define HV_OPTIONS_H

#include <hv/types.h>

struct hv_options {
	unsigned int loglevel;	/* LOG_ERR .. LOG_TRACE */
	u64 dom_mem;		/* bytes per domain; 0: all free memory */
	unsigned int dom_vcpus;
	bool trace_hypercalls;
	bool stats;		/* hypercall counts at domain exit */
	bool vbd_persistent;	/* block back end offers feature-persistent */
	unsigned int vbd_vanish; /* 0, or requests before a vbd back end vanishes */
};

/* the options hv-stub was booted with (core/main.c) */
extern struct hv_options hv_opts;

/*
 * Parse @cmdline into @opts (which holds the defaults on entry).  On error
 * returns -EINVAL and writes a one-line reason into @err.
 */
int options_parse(const char *cmdline, struct hv_options *opts,
		  char *err, size_t errlen);

#endif
