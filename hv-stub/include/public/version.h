/* SPDX-License-Identifier: MIT */
/*
 * Version queries (Xen 4.17 interface): __HYPERVISOR_xen_version.
 * XENVER_version returns (major << 16) | minor directly, XENVER_pagesize
 * the page size, XENVER_build_id the length of the id; the others fill a
 * buffer and return 0.  Sub-ops a domain may not see give XEN_DENY_STRING
 * in place of the text (or -EPERM for the build id).
 */
#ifndef __XEN_PUBLIC_VERSION_H__
#define __XEN_PUBLIC_VERSION_H__

#include "xen.h"

#define XENVER_version			0
#define XENVER_extraversion		1
#define XENVER_compile_info		2
#define XENVER_capabilities		3
#define XENVER_changeset		4
#define XENVER_platform_parameters	5
#define XENVER_get_features		6
#define XENVER_pagesize			7
#define XENVER_guest_handle		8
#define XENVER_commandline		9
#define XENVER_build_id			10

#ifndef __ASSEMBLY__

struct xen_extraversion {
	char extraversion[16];
};

struct xen_compile_info {
	char compiler[64];
	char compile_by[16];
	char compile_domain[32];
	char compile_date[32];
};

struct xen_capabilities_info {
	char info[1024];
};

struct xen_changeset_info {
	char info[64];
};

struct xen_platform_parameters {
	xen_ulong_t virt_start;
};

struct xen_feature_info {
	unsigned int submap_idx;	/* in: which 32-bit submap */
	uint32_t submap;		/* out */
};

struct xen_commandline {
	char buf[1024];
};

struct xen_build_id {
	uint32_t len;			/* in: size of buf[] */
	unsigned char buf[];		/* out */
};

#define XEN_DENY_STRING			"<denied>"

#define XEN_EXTRAVERSION_LEN		(sizeof(struct xen_extraversion))
#define XEN_CAPABILITIES_INFO_LEN	(sizeof(struct xen_capabilities_info))
#define XEN_CHANGESET_INFO_LEN		(sizeof(struct xen_changeset_info))

#endif /* !__ASSEMBLY__ */

#endif /* __XEN_PUBLIC_VERSION_H__ */
