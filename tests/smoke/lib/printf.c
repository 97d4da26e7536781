// SPDX-License-Identifier: GPL-2.0
/*
 * A small vsnprintf: %s %c %d %u %x %p with the l modifier and a field
 * width with optional zero padding.  Enough for result lines.
 */
#include "smoke.h"

struct outbuf {
	char *buf;
	unsigned long size;
	unsigned long len;
};

static void put(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_num(struct outbuf *o, unsigned long v, int base, int neg,
		    int width, char pad)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	while (width-- > n)
		put(o, pad);
	while (n)
		put(o, tmp[--n]);
}

static void put_arg(struct outbuf *o, char conv, int lng, int width,
		    char pad, va_list *ap)
{
	const char *s;
	long sv;

	switch (conv) {
	case 's':
		s = va_arg(*ap, const char *);
		if (!s)
			s = "(null)";
		while (*s)
			put(o, *s++);
		break;
	case 'c':
		put(o, va_arg(*ap, int));
		break;
	case 'd':
		sv = lng ? va_arg(*ap, long) : va_arg(*ap, int);
		put_num(o, sv < 0 ? -sv : sv, 10, sv < 0, width, pad);
		break;
	case 'u':
		put_num(o, lng ? va_arg(*ap, unsigned long) :
			va_arg(*ap, unsigned int), 10, 0, width, pad);
		break;
	case 'x':
		put_num(o, lng ? va_arg(*ap, unsigned long) :
			va_arg(*ap, unsigned int), 16, 0, width, pad);
		break;
	case 'p':
		put(o, '0');
		put(o, 'x');
		put_num(o, (unsigned long)va_arg(*ap, void *), 16, 0, width,
			pad);
		break;
	default:
		put(o, '%');
		put(o, conv);
	}
}

int vsnprintf(char *buf, unsigned long size, const char *fmt, va_list ap)
{
	struct outbuf o = { buf, size, 0 };
	va_list aq;

	va_copy(aq, ap);
	for (; *fmt; fmt++) {
		int lng = 0, width = 0;
		char pad = ' ';

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		fmt++;
		if (*fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + *fmt++ - '0';
		while (*fmt == 'l') {
			lng = 1;
			fmt++;
		}
		if (!*fmt)
			break;
		put_arg(&o, *fmt, lng, width, pad, &aq);
	}
	va_end(aq);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return o.len < size ? o.len : (size ? size - 1 : 0);
}
