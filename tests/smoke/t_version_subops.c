// SPDX-License-Identifier: GPL-2.0
/*
 * Every xen_version sub-op of Xen 4.17, each buffer checked for exactly
 * the bytes the hypervisor writes (a sentinel after it must survive).
 *
 * Xen's default XSM policy hides the command line and the build id from
 * unprivileged domains: a domU (every hv-stub domain) reads "<denied>"
 * (9 bytes) and gets -EPERM; the smoke kernel is dom0 on real Xen and
 * reads the real ones.  Only these two sub-ops and the XENFEAT_dom0 bit
 * depend on the privilege; the test takes the answer start_info's
 * SIF_INITDOMAIN says it must get.
 */
#include "smoke.h"

#define XENVER_extraversion		1
#define XENVER_compile_info		2
#define XENVER_capabilities		3
#define XENVER_changeset		4
#define XENVER_platform_parameters	5
#define XENVER_guest_handle		8
#define XENVER_commandline		9
#define XENVER_build_id			10
#define XENFEAT_mmu_pt_update_preserve_ad 5
#define XENFEAT_dom0			11

#define SENTINEL	0xa5
#define XEN_ENOBUFS	105

struct feature_info {
	unsigned int submap_idx;
	u32 submap;
};

static unsigned char buf[2048];

static long xenver(unsigned long cmd, void *arg)
{
	return hypercall(__HYPERVISOR_xen_version, cmd, arg, 0);
}

/* Fill buf, call @cmd on it; FAILURE unless rc 0 and only @len written. */
static void string_op(int cmd, const char *name, unsigned long len)
{
	unsigned long i;
	long rc;

	memset(buf, SENTINEL, sizeof(buf));
	rc = xenver(cmd, buf);
	if (rc)
		test_result(FAILURE, "%s: %ld", name, rc);
	for (i = len; i < len + 16; i++)
		if (buf[i] != SENTINEL)
			test_result(FAILURE, "%s wrote byte %lu of %lu", name,
				    i, len);
	for (i = 0; i < len && buf[i]; i++)
		;
	if (i == len)
		test_result(FAILURE, "%s: no NUL in %lu bytes", name, len);
}

static void check_compile_info(void)
{
	static const unsigned int end[] = { 64, 80, 112, 144 };
	unsigned int f, i, start = 0;

	string_op(XENVER_compile_info, "compile_info", 144);
	for (f = 0; f < ARRAY_SIZE(end); start = end[f++]) {
		for (i = start; i < end[f] && buf[i]; i++)
			;
		if (i == end[f])
			test_result(FAILURE, "compile_info field %u unterminated",
				    f);
	}
}

static void check_features(void)
{
	struct feature_info fi = { 0, 0 };
	unsigned int idx[] = { 1, 2, 31, 0xffffffffu };
	unsigned int i;
	long rc;

	rc = xenver(XENVER_get_features, &fi);
	if (rc)
		test_result(FAILURE, "get_features(0): %ld", rc);
	if (fi.submap & ((1 << XENFEAT_writable_page_tables) |
			 (1 << XENFEAT_auto_translated_physmap)))
		test_result(FAILURE, "PV features 0x%x claim translation",
			    fi.submap);
	if (!(fi.submap & (1 << XENFEAT_mmu_pt_update_preserve_ad)))
		test_result(FAILURE, "features 0x%x lack preserve_ad",
			    fi.submap);
	if (!!(fi.submap & (1 << XENFEAT_dom0)) != is_dom0())
		test_result(FAILURE, "features 0x%x: XENFEAT_dom0 wrong",
			    fi.submap);
	/* Xen 4.17 has one submap: any other index is -EINVAL, untouched */
	for (i = 0; i < ARRAY_SIZE(idx); i++) {
		fi.submap_idx = idx[i];
		fi.submap = 0x5a5a5a5a;
		rc = xenver(XENVER_get_features, &fi);
		if (rc != -XEN_EINVAL || fi.submap != 0x5a5a5a5a)
			test_result(FAILURE, "get_features(%u): %ld, submap 0x%x",
				    idx[i], rc, fi.submap);
	}
	rc = xenver(XENVER_get_features, NULL);
	if (rc != -XEN_EFAULT)
		test_result(FAILURE, "get_features(NULL): %ld", rc);
}

static void check_privileged(void)
{
	struct { u32 len; unsigned char id[60]; } bid;
	long rc, sz;

	string_op(XENVER_commandline, "commandline", is_dom0() ? 1024 : 9);
	if (!is_dom0() && memcmp(buf, "<denied>", 9))
		test_result(FAILURE, "domU command line \"%.16s\"", buf);
	sz = xenver(XENVER_build_id, NULL);
	if (!is_dom0()) {
		bid.len = sizeof(bid.id);
		rc = xenver(XENVER_build_id, &bid);
		if (sz != -XEN_EPERM || rc != -XEN_EPERM)
			test_result(FAILURE, "domU build_id: %ld, %ld", sz, rc);
		return;
	}
	if (sz <= 0 || sz > (long)sizeof(bid.id))
		test_result(FAILURE, "dom0 build_id size %ld", sz);
	bid.len = 0;
	rc = xenver(XENVER_build_id, &bid);
	if (rc != -XEN_EINVAL)
		test_result(FAILURE, "build_id, len 0: %ld", rc);
	bid.len = sz - 1;
	rc = xenver(XENVER_build_id, &bid);
	if (rc != -XEN_ENOBUFS)
		test_result(FAILURE, "build_id, len %ld: %ld", sz - 1, rc);
	bid.len = sizeof(bid.id);
	rc = xenver(XENVER_build_id, &bid);
	if (rc != sz)
		test_result(FAILURE, "build_id: %ld, want %ld", rc, sz);
}

void test_main(void)
{
	static const unsigned long unknown[] = { 11, 12, 64, 0x7fffffff,
						 0xffffffff };
	unsigned long i;
	long ver, rc;
	u64 virt_start = 0;

	ver = xenver(XENVER_version, NULL);
	if (ver != ((4 << 16) | 17))
		test_result(FAILURE, "version 0x%lx, want 4.17", ver);
	/* the sub-op is an int: the upper half of the register is ignored */
	rc = xenver((1ul << 32) | XENVER_version, NULL);
	if (rc != ver)
		test_result(FAILURE, "version with bit 32 set: 0x%lx", rc);
	string_op(XENVER_extraversion, "extraversion", 16);
	check_compile_info();
	string_op(XENVER_capabilities, "capabilities", 1024);
	if (memcmp(buf, "xen-3.0-x86_64", 14))
		test_result(FAILURE, "capabilities \"%.32s\"", buf);
	string_op(XENVER_changeset, "changeset", 64);
	rc = xenver(XENVER_platform_parameters, &virt_start);
	if (rc || virt_start != 0xffff800000000000ul)
		test_result(FAILURE, "platform_parameters: %ld, 0x%lx", rc,
			    (unsigned long)virt_start);
	check_features();
	rc = xenver(XENVER_pagesize, NULL);
	if (rc != PAGE_SIZE)
		test_result(FAILURE, "pagesize: %ld", rc);
	rc = xenver(XENVER_pagesize, buf);
	if (rc != -XEN_EINVAL)
		test_result(FAILURE, "pagesize with a buffer: %ld", rc);
	memset(buf, SENTINEL, sizeof(buf));
	rc = xenver(XENVER_guest_handle, buf);
	if (rc || buf[16] != SENTINEL)
		test_result(FAILURE, "guest_handle: %ld, byte 16 0x%x", rc,
			    buf[16]);
	check_privileged();
	for (i = 0; i < ARRAY_SIZE(unknown); i++) {
		rc = xenver(unknown[i], buf);
		if (rc != -XEN_ENOSYS)
			test_result(FAILURE, "sub-op 0x%lx: %ld", unknown[i], rc);
	}
	test_result(SUCCESS, "version %ld.%ld, every sub-op as Xen's for a %s",
		    ver >> 16, ver & 0xffff, is_dom0() ? "dom0" : "domU");
}
