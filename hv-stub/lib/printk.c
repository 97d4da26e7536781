// SPDX-License-Identifier: GPL-2.0
/*
 * Leveled logging to the serial console.  Every hypervisor line starts
 * with "(hv) " so that guest output and hypervisor output can be told
 * apart in one serial log.
 */
#include <hv/console.h>
#include <hv/lib.h>
#include <hv/x86.h>

int log_level = LOG_INFO;

static void vprintk(const char *prefix, const char *fmt, va_list ap)
{
	char buf[512];
	int n;

	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	console_hv_line();
	console_write(prefix, strlen(prefix));
	console_write(buf, n);
}

void log_printk(int level, const char *fmt, ...)
{
	va_list ap;

	if (level > log_level)
		return;
	va_start(ap, fmt);
	vprintk("(hv) ", fmt, ap);
	va_end(ap);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	local_irq_disable();
	va_start(ap, fmt);
	vprintk("(hv) PANIC: ", fmt, ap);
	va_end(ap);
	console_write("\n", 1);
	hv_exit(HV_EXIT_ERROR);
}
