/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Printing side of the ABI cross-check, shared by both programs.  Each item
 * becomes one line "group|name|value" (or "group|name|SKIP why"); the
 * run script joins the two outputs on name.  NAME_OURS selects which
 * spelling of a renamed item is compiled.
 */
#ifndef ABI_PRINT_H
#define ABI_PRINT_H

#include <stddef.h>
#include <stdio.h>

static const char *abi_group = "";

static void abi_put(const char *name, unsigned long long val)
{
	printf("%s|%s|0x%llx\n", abi_group, name, val);
}

#define GROUP(g)	(abi_group = (g))
#define SZ(s)		abi_put("sizeof(" #s ")", sizeof(struct s))
#define OFF(s, f)	abi_put(#s "." #f, offsetof(struct s, f))
#define CONST(c)	abi_put(#c, (unsigned long long)(c))

#ifdef NAME_OURS
#define OFF2(s, o, l)	abi_put(#s "." #o "/" #l, offsetof(struct s, o))
#define CONST2(o, l)	abi_put(#o "/" #l, (unsigned long long)(o))
#define ERRNO(x)	abi_put("E" #x, (unsigned long long)(XEN_E##x))
#define OURS(c, why)	abi_put(#c, (unsigned long long)(c))
#else
#define OFF2(s, o, l)	abi_put(#s "." #o "/" #l, offsetof(struct s, l))
#define CONST2(o, l)	abi_put(#o "/" #l, (unsigned long long)(l))
#define ERRNO(x)	abi_put("E" #x, (unsigned long long)(E##x))
#define OURS(c, why)	printf("%s|%s|SKIP %s\n", abi_group, #c, why)
#endif

#endif /* ABI_PRINT_H */
