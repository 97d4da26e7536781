// SPDX-License-Identifier: GPL-2.0
/* The handful of string and memory routines hv-stub needs. */
#include <hv/errno.h>
#include <hv/lib.h>

/*
 * Whole quadwords first: under QEMU TCG a "rep stosq" costs about what a
 * "rep stosb" does per iteration, so it is eight times faster.
 */
void *memcpy(void *d, const void *s, size_t n)
{
	void *ret = d;
	size_t q = n / 8, b = n % 8;

	asm volatile("rep movsq" : "+D"(d), "+S"(s), "+c"(q) : : "memory");
	asm volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(b) : : "memory");
	return ret;
}

void *memset(void *d, int c, size_t n)
{
	void *ret = d;
	size_t q = n / 8, b = n % 8;
	u64 v = 0x0101010101010101ull * (u8)c;

	asm volatile("rep stosq" : "+D"(d), "+c"(q) : "a"(v) : "memory");
	asm volatile("rep stosb" : "+D"(d), "+c"(b) : "a"(v) : "memory");
	return ret;
}

/*
 * Zero one page with plain stores: TCG turns each into an inline host
 * store, several times faster than its "rep stos" helper.
 */
void clear_page(void *page)
{
	u64 *p = page;
	unsigned int i;

	/* an empty asm per store keeps gcc from turning this into memset */
	for (i = 0; i < 4096 / 8; i++) {
		p[i] = 0;
		asm("" : : "r"(p) : "memory");
	}
}

void *memmove(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;

	if (dp <= sp || dp >= sp + n)
		return memcpy(d, s, n);
	while (n--)
		dp[n] = sp[n];
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

int strcmp(const char *a, const char *b)
{
	return strncmp(a, b, (size_t)-1);
}

char *strchr(const char *s, int c)
{
	for (; *s; s++)
		if (*s == (char)c)
			return (char *)s;
	return c ? NULL : (char *)s;
}

/* Copy a string, always terminated; -E2BIG if it had to be cut. */
long strscpy(char *d, const char *s, size_t n)
{
	size_t len = strnlen(s, n);

	if (!n)
		return -E2BIG;
	if (len == n) {
		memcpy(d, s, n - 1);
		d[n - 1] = 0;
		return -E2BIG;
	}
	memcpy(d, s, len + 1);
	return len;
}
