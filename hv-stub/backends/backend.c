// SPDX-License-Identifier: GPL-2.0
/*
 * The table of hv-stub's back ends, and the calls that walk it.
 *
 * Order matters once: the XenStore service comes first, so a domain's
 * home exists before the other back ends write its devices, and it is
 * released last.
 */
#include <hv/backend.h>
#include <hv/domain.h>
#include <hv/lib.h>

static const struct backend *const backends[] = {
	&xenstore_backend,
	&console_backend,
	&vbd_backend,
};

/* The back end whose name prefixes a watch token ("vbd:..."). */
const struct backend *backend_of_token(const char *token)
{
	unsigned int i;
	size_t n;

	for (i = 0; i < ARRAY_SIZE(backends); i++) {
		n = strlen(backends[i]->name);
		if (!strncmp(token, backends[i]->name, n) && token[n] == ':')
			return backends[i];
	}
	return NULL;
}

void backends_domain_built(struct domain *d)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(backends); i++)
		if (backends[i]->domain_built)
			backends[i]->domain_built(d);
	be_store_events();
}

void backend_notify(struct domain *d, unsigned int port)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(backends); i++)
		if (backends[i]->notify && backends[i]->notify(d, port))
			break;
	be_store_events();
}

void backends_poll(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(backends); i++)
		if (backends[i]->poll)
			backends[i]->poll();
	be_store_events();
}

void backends_domain_dying(struct domain *d)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(backends); i++)
		if (backends[i]->domain_dying)
			backends[i]->domain_dying(d);
}

bool backends_busy(const struct domain *d)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(backends); i++)
		if (backends[i]->busy && backends[i]->busy(d))
			return true;
	return false;
}

void backends_domain_destroyed(struct domain *d)
{
	unsigned int i = ARRAY_SIZE(backends);

	while (i--)
		if (backends[i]->domain_destroyed)
			backends[i]->domain_destroyed(d);
	be_store_events();
}
