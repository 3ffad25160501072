/*
 * pv/treediff.h - the call tree of NEW box by box against BASE's (analysis
 * layer, src/analysis/treediff.c): for each box of NEW's tree, the time
 * BASE's tree gives the same path.
 *
 * The two trees are built with the same options (pv/calltree.h or, for
 * the callers view, pv/callers_tree.h), BASE's with the focus and the
 * zoom path mapped to BASE's function ids through the diff's rows
 * (pv/diff.h: a NEW function stands for the first BASE function of its
 * row, so --match name maps too).  Then both trees are walked from node
 * 0 together: a FUNC child of a matched box matches the child of BASE's
 * box whose function is in the same diff row (two NEW siblings of one row
 * - two lambdas of one file with --match name - pair with BASE's in their
 * order, largest first).  Per NEW box:
 *
 *   SAME      BASE's tree has the box: `base` is its time.  Node 0 always
 *             (the focus's function, with a focus, must have a row in BASE).
 *             An OTHER box matches the rest of BASE's box: the time of its
 *             children (OTHER included) that no FUNC box of NEW matched; a
 *             not-placed box matches BASE's not-placed box (or 0).
 *             A root of NEW that is no root of BASE matches BASE's outermost
 *             box of its function (the shallowest, then the largest): the
 *             same code below wrappers BASE's run has and NEW's has not
 *             (Python 3.11's exec and <string> above runpy's run_module).
 *   NEW_PATH  no such path in BASE: the function is not in BASE, or BASE's
 *             box was expanded whole (no OTHER child, nothing hidden, not
 *             truncated) and has no child of that function, or a box
 *             above is NEW_PATH.  `base` is 0.
 *   ESTIMATE  BASE's tree does not draw the path but cannot rule it out
 *             (its box was not expanded, hid time, or merged small
 *             children into OTHER): `base` is the share pstats' edge gives
 *             (gprof's rule, the call tree's own for non-recursive
 *             functions): BASE's time of the parent box times the edge's
 *             cumtime over the parent function's cumtime (the callers view:
 *             over the sum of the callers' edges), at most the parent's
 *             time; an OTHER or not-placed box below an estimate scales
 *             with its parent.  Boxes below an estimate are estimates.
 *
 * A tree diffed against itself (same profile both sides) is SAME
 * everywhere with base == time.  Nothing here prints or exits.
 */
#ifndef PV_TREEDIFF_H
#define PV_TREEDIFF_H

#include <stddef.h>
#include <stdint.h>

#include "pv/calltree.h"
#include "pv/diff.h"
#include "pv/error.h"

enum {
	PV_TREEDIFF_SAME = 0,
	PV_TREEDIFF_NEW_PATH = 1,
	PV_TREEDIFF_ESTIMATE = 2,
};

typedef struct pv_treediff {
	double *base;           /* per node of NEW's tree: BASE's time of its path */
	unsigned char *status;  /* per node: PV_TREEDIFF_* */
	size_t n;               /* NEW's node count */
	size_t nsame, nnew, nestimate;
} pv_treediff;

/*
 * The BASE function a NEW function id stands for: the first BASE function
 * of its diff row, or PV_DIFF_NONE (not in BASE, or no function with stats).
 */
uint32_t pv_treediff_base_id(const pv_diff *d, uint32_t new_id);

/*
 * BASE's options for NEW's `o`: the same, with the focus and the zoom
 * mapped by pv_treediff_base_id(); the zoom path stops before its first
 * id that has no BASE function.  `zoom` has room for o->nzoom ids and
 * holds bo->zoom.  Returns 0, or -1 when the focus has no BASE function
 * (BASE has no such tree: every box is NEW_PATH).
 */
int pv_treediff_base_opts(const pv_diff *d, const pv_calltree_opts *o, pv_calltree_opts *bo,
			  uint32_t *zoom);

/*
 * Walks NEW's tree `nt` (of d->new_) against BASE's `bt` (of d->base,
 * built with pv_treediff_base_opts(); NULL when it has none) into `out`
 * (released with pv_treediff_release(), also after an error).  `callers`:
 * the trees are callers trees (pv/callers_tree.h).  O(nodes + rows), plus
 * the callers of a function for each estimate.  Returns 0, or -1 with
 * `err` set (out of memory).
 */
int pv_treediff_compute(const pv_diff *d, const pv_calltree *nt, const pv_calltree *bt,
			int callers, pv_treediff *out, pv_error *err);

void pv_treediff_release(pv_treediff *td);

/*
 * Where a zoom path whose first BASE id `first` is no root of BASE's tree
 * `bt` starts there: the functions of the boxes above BASE's outermost
 * box of it (shallowest, then largest), from node 0's child down, into
 * path[0..n) (n at most cap).  Returns n, 0 when there is none.
 */
uint32_t pv_treediff_zoom_prefix(const pv_diff *d, const pv_calltree *bt, uint32_t first,
				 uint32_t *path, uint32_t cap);

#endif
