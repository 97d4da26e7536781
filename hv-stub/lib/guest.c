// SPDX-License-Identifier: GPL-2.0
/*
 * Guest memory access with fault recovery.  The copy is a "rep movsq"
 * of the whole quadwords, then a "rep movsb" of the rest (under QEMU TCG
 * each iteration of a rep instruction costs about the same, whatever its
 * size, and the frames of bounces and iret are whole quadwords).  The
 * exception table sends a fault of either to the end of the copy; the
 * count left in %rcx then tells success from failure.  CR0.WP is set,
 * so a copy never writes through a read-only guest mapping (such as the
 * guest's own page tables).
 *
 * As in Xen, a range must start in the guest's part of the address
 * space (the lower canonical half, or above the hypervisor area); one
 * that runs on into the non-canonical hole stops with #GP at its first
 * bad byte, caught like a page fault, after copying what came before.
 * A range never wraps, so it can never reach the hypervisor area.
 */
#include <hv/guest.h>
#include <hv/layout.h>
#include <hv/errno.h>

#define LOW_HALF_END	(1ull << 47)

__hot bool guest_range_ok(u64 gva, size_t len)
{
	u64 end = gva + len;

	if (end < gva)
		return false;
	if (gva < LOW_HALF_END)
		return end <= HV_VIRT_START;
	return gva >= HV_VIRT_END;
}

/* Bytes not copied: 0 on success. */
static size_t raw_copy(void *dst, const void *src, size_t len)
{
	size_t quads = len / 8, bytes = len % 8;

	asm volatile("1: rep movsq\n"
		     "   movq %[bytes], %%rcx\n"
		     "2: rep movsb\n"
		     "   jmp 4f\n"
		     "3: leaq (%[bytes], %%rcx, 8), %%rcx\n"
		     "4:\n"
		     ".pushsection .ex_table, \"a\"\n"
		     ".quad 1b, 3b\n"
		     ".quad 2b, 4b\n"
		     ".popsection\n"
		     : "+D"(dst), "+S"(src), "+c"(quads)
		     : [bytes] "r"(bytes) : "memory");
	return quads;
}

__hot int copy_from_guest(void *dst, u64 gva, size_t len)
{
	if (!guest_range_ok(gva, len))
		return -EFAULT;
	return raw_copy(dst, (const void *)gva, len) ? -EFAULT : 0;
}

__hot int copy_to_guest(u64 gva, const void *src, size_t len)
{
	if (!guest_range_ok(gva, len))
		return -EFAULT;
	return raw_copy((void *)gva, src, len) ? -EFAULT : 0;
}

bool fixup_exception(u64 *rip)
{
	const struct ex_entry *e;

	for (e = __start_ex_table; e < __stop_ex_table; e++) {
		if (e->insn == *rip) {
			*rip = e->fixup;
			return true;
		}
	}
	return false;
}
