/*
 * pv/api_diff.h - the answers of diff mode (`serve --diff BASE NEW`) that
 * go beyond pv/api.h's /api/diff: the call tree box by box (GET
 * /api/treediff) and the table's rows of functions only in BASE (GET
 * /api/functions?gone=...).  Written in src/server/api.c with the other
 * answers; docs/api.md describes them.
 */
#ifndef PV_API_DIFF_H
#define PV_API_DIFF_H

#include <stddef.h>
#include <stdint.h>

#include "pv/api.h"
#include "pv/buf.h"
#include "pv/calltree.h"
#include "pv/diff.h"
#include "pv/error.h"

/*
 * GET /api/treediff: for the tree /api/tree answers for `q` (NULL: the
 * defaults) on d->new_, per node the time BASE's tree gives the same path
 * (pv/treediff.h), in columns of the same order and count.  `nprep` and
 * `bprep` (may be NULL) are the prepared states of d->new_ and d->base.
 * Returns 0, or -1 with `err` set (out of memory).
 */
int pv_api_treediff(const pv_diff *d, const pv_calltree_prep *nprep,
		    const pv_calltree_prep *bprep, const pv_api_tree_query *q, pv_buf *out,
		    pv_error *err);

/*
 * GET /api/functions in diff mode with gone=1 or gone=only: one page of
 * entries, each a function id of d->new_ (below nfuncs(d->new_)), written
 * as pv_api_functions_page() writes it, or nfuncs(d->new_) + j for the
 * row gone[j] of d->rows (a function only in BASE), written with
 * "id":-1, "base_id", "status":"gone", BASE's label and numbers and the
 * row's base/new/delta/pct.  `total` entries match, `ngone` of them gone.
 */
int pv_api_functions_page_diff(const pv_diff *d, const uint32_t *gone, const uint32_t *ents,
			       size_t n, size_t total, size_t ngone, size_t offset, pv_buf *out,
			       pv_error *err);

#endif
