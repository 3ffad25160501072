/*
 * pv/assets.h - the web viewer's files, embedded at build time from web/
 * and its folders ("/core/tree.js"), and the bundles cmake/bundle.cmake
 * builds from its modules: "/app.js" (the viewer) and "/flame.js" (the
 * flame graph's script).
 *
 * pv_assets is terminated by an entry whose path is NULL; each data block
 * is NUL-terminated (size excludes the NUL).  Everything is static.
 */
#ifndef PV_ASSETS_H
#define PV_ASSETS_H

#include <stddef.h>

typedef struct pv_asset {
	const char *path;            /* "/index.html" */
	const unsigned char *data;
	size_t size;
} pv_asset;

extern const pv_asset pv_assets[];
extern const size_t pv_assets_count;

/* Returns the asset at `path` ("/app.js"), or NULL. */
const pv_asset *pv_asset_find(const char *path);

#endif
