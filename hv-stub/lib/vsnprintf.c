// SPDX-License-Identifier: GPL-2.0
/*
 * A small vsnprintf: %d %i %u %x %X %o %c %s %p %%, with the l, ll, z and
 * h length modifiers, a field width, precision, and the 0, - and # flags.
 * Pure: used by hv-stub and compiled unchanged by the host unit tests.
 */
#include <stdarg.h>
#include <hv/lib.h>
#include <hv/types.h>

struct outbuf {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_num(struct outbuf *o, u64 v, unsigned int base, bool neg,
		    int width, char pad, bool left)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	if (!left)
		for (; width > n; width--)
			put(o, pad);
	while (n)
		put(o, tmp[--n]), width--;
	for (; left && width > 0; width--)
		put(o, ' ');
}

static void put_str(struct outbuf *o, const char *s, int width, int prec,
		    bool left)
{
	int n = 0, i;

	if (!s)
		s = "(null)";
	while (s[n] && (prec < 0 || n < prec))
		n++;
	for (; !left && width > n; width--)
		put(o, ' ');
	for (i = 0; i < n; i++)
		put(o, s[i]);
	for (; left && width > n; width--)
		put(o, ' ');
}

static u64 get_arg(va_list *ap, int lng, bool sgn, bool *neg)
{
	s64 s;

	*neg = false;
	if (!sgn) {
		if (lng >= 1)
			return va_arg(*ap, u64);
		return va_arg(*ap, unsigned int);
	}
	s = lng >= 1 ? va_arg(*ap, s64) : va_arg(*ap, int);
	if (s < 0) {
		*neg = true;
		return -(u64)s;
	}
	return s;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf o = { buf, size, 0 };
	va_list args;

	va_copy(args, ap);
	for (; *fmt; fmt++) {
		int width = 0, prec = -1, lng = 0;
		bool left = false, alt = false, neg;
		char pad = ' ';
		u64 v;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		for (; *fmt == '0' || *fmt == '-' || *fmt == '#'; fmt++)
			if (*fmt == '0')
				pad = '0';
			else if (*fmt == '#')
				alt = true;
			else
				left = true;
		for (; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + *fmt - '0';
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(args, int);
				fmt++;
			}
			for (; *fmt >= '0' && *fmt <= '9'; fmt++)
				prec = prec * 10 + *fmt - '0';
		}
		for (; *fmt == 'l' || *fmt == 'z' || *fmt == 'h'; fmt++)
			if (*fmt != 'h')
				lng++;
		switch (*fmt) {
		case 'd':
		case 'i':
			v = get_arg(&args, lng, true, &neg);
			put_num(&o, v, 10, neg, width, pad, left);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			v = get_arg(&args, lng, false, &neg);
			if (alt && (*fmt == 'x' || *fmt == 'X')) {
				put(&o, '0');
				put(&o, 'x');
			}
			put_num(&o, v, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16,
				false, width, pad, left);
			break;
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			v = (u64)(uintptr_t)va_arg(args, void *);
			put_num(&o, v, 16, false, width, pad, left);
			break;
		case 'c':
			put(&o, (char)va_arg(args, int));
			break;
		case 's':
			put_str(&o, va_arg(args, const char *), width, prec, left);
			break;
		case '%':
			put(&o, '%');
			break;
		default:
			if (!*fmt)
				fmt--;
			else
				put(&o, *fmt);
		}
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
