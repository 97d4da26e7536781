/* SPDX-License-Identifier: GPL-2.0 */
/* printk, panic and the string helpers of hv-stub's tiny libc. */
#ifndef HV_LIB_H
#define HV_LIB_H

#include <stdarg.h>
#include <hv/types.h>

#define LOG_ERR		0
#define LOG_WARN	1
#define LOG_INFO	2
#define LOG_DEBUG	3
#define LOG_TRACE	4

extern int log_level;

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__printf(3, 4);
void log_printk(int level, const char *fmt, ...)
	__printf(2, 3);
void console_write(const char *s, size_t len);
/* verdicts reported to QEMU through isa-debug-exit: status (v << 1) | 1 */
enum hv_exit_code {
	HV_EXIT_POWEROFF = 0,
	HV_EXIT_REBOOT = 1,
	HV_EXIT_CRASH = 2,
	HV_EXIT_ERROR = 3,
};

void __noreturn hv_exit(enum hv_exit_code code);
void __noreturn panic(const char *fmt, ...)
	__printf(1, 2);

#define pr_err(...)	log_printk(LOG_ERR, __VA_ARGS__)
#define pr_warn(...)	log_printk(LOG_WARN, __VA_ARGS__)
#define pr_info(...)	log_printk(LOG_INFO, __VA_ARGS__)
#define pr_debug(...)	log_printk(LOG_DEBUG, __VA_ARGS__)
#define pr_trace(...)	log_printk(LOG_TRACE, __VA_ARGS__)

#define BUG_ON(c)	do { if (c) panic("BUG at %s:%d: %s", __FILE__, \
					  __LINE__, #c); } while (0)

void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
void clear_page(void *page);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
long strscpy(char *d, const char *s, size_t n);

#endif
