/*
 * pv/calltree.h - the estimated call tree behind flame graphs and the
 * collapsed-stack export.
 *
 * A .pstats file holds a call GRAPH with totals per caller->callee edge and
 * no per-path information, so a call TREE can only be estimated.  The rule
 * is snakeviz's, as the viewer of `pstat-view serve` applies it (web/core/tree.js):
 *
 *   - node 0 is a synthetic root ("all") whose children are the roots of
 *     pv_roots(): functions with no caller that has stats (other than
 *     themselves), plus functions whose cumtime exceeds what their callers
 *     account for by more than 1 % of the total, plus (while the roots
 *     cover less than 80 % of the total) the heaviest function they do not
 *     reach.  A root starts with its cumtime.  The synthetic root's time is
 *     max(total tottime, sum of the roots' times);
 *   - a child of function f gets the f->callee edge's cumulative time (for
 *     profile-module edges, which hold only a call count, the callee's
 *     cumtime times its share of the calls); when f's children add up to
 *     more than f's time, all are scaled down by the same factor; a callee
 *     already on the path (recursion) is left out, its time stays in f's
 *     self time;
 *   - a node is EXACT when every function on its path below the synthetic
 *     root has exactly one caller with stats, no profile-module edge was
 *     used and nothing was scaled; ESTIMATED otherwise;
 *   - children whose time is below min_fraction of the root's time are
 *     merged into one OTHER node (one per parent, last among the children),
 *     so that a parent's children never add up to more than its time;
 *   - nodes are expanded largest first until max_nodes exist; a node
 *     that was not expanded for lack of budget or depth is TRUNCATED (its
 *     whole time counts as its self time).
 *
 * Each node's children are contiguous in the node array and sorted by
 * time, largest first (ties: function id), with the OTHER node last.
 * Nothing here prints or exits.
 */
#ifndef PV_CALLTREE_H
#define PV_CALLTREE_H

#include <stddef.h>
#include <stdint.h>

#include "pv/error.h"
#include "pv/profile.h"

#define PV_CALLTREE_NONE UINT32_MAX

enum {
	PV_CALLTREE_EXACT = 1u << 0,     /* see above */
	PV_CALLTREE_TRUNCATED = 1u << 1, /* not expanded: budget or depth */
};

typedef enum pv_calltree_kind {
	PV_CALLTREE_ROOT,  /* node 0, the synthetic root */
	PV_CALLTREE_FUNC,  /* a function (func is its id) */
	PV_CALLTREE_OTHER, /* children merged for being below the cutoff */
} pv_calltree_kind;

typedef struct pv_calltree_node {
	double time;          /* inclusive time attributed to this path */
	double self;          /* time - sum of the children's times (>= 0) */
	uint32_t func;        /* function id (FUNC), else PV_CALLTREE_NONE */
	uint32_t parent;      /* node index, PV_CALLTREE_NONE for node 0 */
	uint32_t first_child; /* index of the first child */
	uint32_t nchildren;
	uint32_t depth;       /* 0 for the synthetic root */
	uint32_t count;       /* OTHER: how many children were merged */
	uint32_t flags;       /* PV_CALLTREE_* */
	pv_calltree_kind kind;
} pv_calltree_node;

typedef struct pv_calltree {
	pv_calltree_node *nodes; /* nodes[0] is the synthetic root */
	size_t n;
	double min_time;         /* the cutoff that was applied, in seconds */
	int truncated;           /* 1 if the budget or depth stopped expansion */
} pv_calltree;

typedef struct pv_calltree_opts {
	size_t max_nodes;    /* node budget, at least 1 (0: the default) */
	double min_fraction; /* of the root's time; children below go to OTHER */
	uint32_t max_depth;  /* deepest depth expanded (0: the default) */
} pv_calltree_opts;

#define PV_CALLTREE_DEFAULT_NODES 100000
#define PV_CALLTREE_DEFAULT_DEPTH 1024

/* Fills `o` with the defaults: 100000 nodes, min_fraction 0.0001, depth 1024. */
void pv_calltree_opts_init(pv_calltree_opts *o);

/*
 * Builds the estimated call tree of `p` into `out` (which the caller
 * releases with pv_calltree_release(), also after an error).  Work and
 * memory are bounded by o->max_nodes whatever the size of the profile
 * (plus O(keys) for the roots).  Returns 0, or -1 with `err` set (out of
 * memory).  `o` may be NULL (defaults).  Borrows `p`.
 */
int pv_calltree_build(const pv_profile *p, const pv_calltree_opts *o,
		      pv_calltree *out, pv_error *err);

/* Frees the nodes; `t` is empty afterwards. */
void pv_calltree_release(pv_calltree *t);

/*
 * Appends the label of node `node` to `out`: for a function "name
 * (FILE:line)" with FILE the basename (full = 0) or the whole file name
 * (full = 1), and pstats' "{name}" for built-ins; "all" for the root;
 * "other (N functions)" for OTHER.  The bytes are the profile's, raw: the
 * caller escapes them for its format.
 */
void pv_calltree_label(const pv_profile *p, const pv_calltree *t, uint32_t node,
		       int full, pv_buf *out);

#endif
