/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host environment for hv-stub's pure modules.  A unit test includes this
 * first, then the pure .c file it tests, unchanged:
 *
 *	#include "env.h"
 *	#include "../../hv-stub/mm/pgtype.c"
 *
 * It supplies what hv-stub's core would (log_printk, panic, hv_exit) on top
 * of the host libc, and the PASS/FAIL reporting of the test protocol.
 * Subsystem hooks (mm_map_mfn, ...) are the test's own business.
 * Set UNIT_VERBOSE=1 to see hv-stub's log lines, prefixed with '#'.
 */
#ifndef UNIT_ENV_H
#define UNIT_ENV_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hv/lib.h>

int log_level = LOG_TRACE;

static inline bool unit_verbose(void)
{
	const char *v = getenv("UNIT_VERBOSE");

	return v && *v && strcmp(v, "0");
}

static inline void unit_vlog(const char *fmt, va_list ap)
{
	if (!unit_verbose())
		return;
	fputs("# ", stdout);
	vprintf(fmt, ap);
	if (!*fmt || fmt[strlen(fmt) - 1] != '\n')
		putchar('\n');
}

void log_printk(int level, const char *fmt, ...)
{
	va_list ap;

	if (level > log_level)
		return;
	va_start(ap, fmt);
	unit_vlog(fmt, ap);
	va_end(ap);
}

void console_write(const char *s, size_t len)
{
	fwrite(s, 1, len, stdout);
}

void hv_exit(enum hv_exit_code code)
{
	printf("FAIL: unit: %s(%d) called\n", __func__, code);
	exit(3);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	printf("FAIL: unit: %s: ", __func__);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	exit(2);
}

static int unit_failed __maybe_unused;

/* Print "PASS: suite name" or "FAIL: suite name: why". */
static inline __hv_attr(format(printf, 4, 5))
bool unit_check(const char *suite, const char *name, bool ok,
		const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		printf("PASS: %s %s\n", suite, name);
		return true;
	}
	unit_failed++;
	printf("FAIL: %s %s: ", suite, name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	return false;
}

#endif /* UNIT_ENV_H */
