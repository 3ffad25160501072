/*
 * pv/callers_tree.h - the bottom-up tree of the viewer's callers view
 * (analysis layer, src/analysis/callers_tree.c).
 *
 * Where the call tree (pv/calltree.h) starts at the roots and goes down
 * to callees, this one starts at the time spent and goes up to callers:
 * node 0 holds all self time (the sum of tottimes), its children are the
 * functions with their tottime, and each box's children are the callers
 * of its function, sharing its time by the caller edges' times (tottime
 * on the first level, cumulative time above).  With opts.focus, node 0's
 * only child is that function with its cumtime, and its callers share it
 * by the edges' cumulative times (the top half of a sandwich).
 *
 * The node array is pv_calltree's: kinds FUNC (a caller), OTHER (callers
 * below the cutoff) and ROOT; a box's `self` is the part of its time no
 * caller takes (the stack starts there, or recursion), `edge` the caller
 * edge it came by.  Caller boxes already on the path are left out
 * (recursion), so a path never repeats a function.  EXACT: a function's
 * tottime on the first level, and a box that is its parent's only caller
 * below an exact box.  opts.zoom works as for the call tree: the path is
 * expanded first, then only the zoom box's subtree, with the cutoff
 * (min_fraction) and the depth relative to it.
 */
#ifndef PV_CALLERS_TREE_H
#define PV_CALLERS_TREE_H

#include "pv/calltree.h"
#include "pv/error.h"
#include "pv/profile.h"

/*
 * Builds the callers tree of `p` into `out` (released with
 * pv_calltree_release(), also after an error).  Work is O(functions) for
 * the first level plus O(nodes x callers).  Returns 0, or -1 with `err`
 * set (out of memory; a focus that is no function).
 */
int pv_callers_tree_build(const pv_profile *p, const pv_calltree_opts *o, pv_calltree *out,
			  pv_error *err);

#endif
