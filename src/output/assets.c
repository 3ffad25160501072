/* assets.c - lookup in the embedded web/ table (see pv/assets.h). */
#include "pv/assets.h"

#include <string.h>

const pv_asset *pv_asset_find(const char *path)
{
	if (!path)
		return NULL;
	/* a handful of entries: a linear scan beats anything cleverer */
	for (const pv_asset *a = pv_assets; a->path; a++)
		if (strcmp(a->path, path) == 0)
			return a;
	return NULL;
}
