/*
 * pv/calltree.h - the one call tree behind the viewer, flame graphs and
 * the folded-stack export (analysis layer, src/analysis/calltree.c).
 *
 * A .pstats file holds a call GRAPH: per function its calls, tottime and
 * cumtime, per caller->callee edge the same four numbers.  It holds no
 * paths, so a call TREE is an estimate.  This one keeps pstats' numbers
 * (docs/calltree.md states the contract and why the rule holds it):
 *
 *   conservation: for every function F, the boxes of F that are not inside
 *   another box of F add up to cumtime(F), and the self parts of all F's
 *   boxes add up to tottime(F), up to what the node budget, the depth and
 *   the cutoff put into visible OTHER boxes and `hidden` time; never more;
 *   children never exceed their parent.
 *
 * How a box of F with time T is split (an "expansion"):
 *   - every function has budgets, spent as boxes are placed: its outermost
 *     time (cumtime), its self time (tottime) and, when it is recursive,
 *     its nested time (the time its callers' edges carry beyond cumtime);
 *     every edge has its cumulative time as a budget.  No box takes more
 *     than the budgets left, so nothing is counted twice;
 *   - a function that is not recursive gives each box its share: of T,
 *     tottime/cumtime is self and each callee edge's time/cumtime goes to
 *     that callee (gprof's rule), then what budgets are left fills any
 *     room (the callees', then its own self time);
 *   - a recursive function (one whose callers' edges carry more than its
 *     cumtime: Python 3's exec re-entered through imports, f -> f) takes
 *     its self share first, then fills the box with its callee edges,
 *     largest first: the edge whose time matches the box is the evidence
 *     of where it belongs (`_run_code -> exec` 2.934 s holds `exec ->
 *     pydoc <module>` 2.934 s; the imports' smaller execs take the smaller
 *     modules).  A callee already on the path becomes a nested box that
 *     spends its function's nested budget, so no box is sealed shut;
 *   - before that split, where the data has the evidence: a recursive
 *     box gives first the callee edge with the same calls and about the
 *     same time as the edge it came by (builtins.next driving
 *     generators); Python 3's import chains (_find_and_load ... exec)
 *     keep, from the box where an import starts, room for the module
 *     bodies whose whole cumtime fits it, down to the exec box that gives
 *     them whole (docs/calltree.md);
 *   - a function whose calls were all primitive never ran inside itself:
 *     no box of it goes under a box of it (sampled profiles aside, whose
 *     counts are samples);
 *   - what no budget can fill is an UNPLACED box: time the data cannot
 *     place, shown rather than given to a function that did not spend it.
 *
 * profile-module edges hold call counts only: the prep estimates their
 * times from the functions' own numbers (a function that never nests
 * hands its callees cumtime less tottime and takes its cumtime from its
 * callers; the count shares are fitted to both), capped by the callers'
 * cumtimes.
 *
 * Roots (children of node 0, the synthetic root): functions no other
 * function calls; in a group of functions that call each other in a
 * circle (Python 3's exec/import) that nothing outside calls, the member
 * its callers explain least, then the heaviest; in a circle, a member with
 * calls no caller entry holds (the profiler's own top exec), with its
 * cumtime less what the circle's outside callers account for; and any
 * function whose cumtime exceeds what its callers' edges account for by
 * more than 1% of the total (that excess).  With opts.focus set, the focus function alone, with its
 * cumtime.
 *
 * Expansion is best-first (the largest unexpanded box next) within a node
 * budget and a depth; a box left unexpanded still has its share computed
 * (budgets spent), its children's time shown as `hidden`.  Children below
 * the cutoff are merged into one OTHER box per parent.
 *
 * EXACT: a box whose time is a whole edge of a parent box that holds all
 * of its (non-recursive) function (decided box by box, whatever was
 * estimated above that parent); its time is pstats' number, not an
 * estimate.  `certain` is the part of a box's
 * time that the data guarantees (all of it for EXACT boxes): the edge's
 * time less what the parent function spends outside this parent box.
 *
 * Each node's children are contiguous in the node array, sorted by time,
 * largest first (ties: function id), OTHER and UNPLACED last.  Nothing
 * here prints or exits.
 */
#ifndef PV_CALLTREE_H
#define PV_CALLTREE_H

#include <stddef.h>
#include <stdint.h>

#include "pv/buf.h"
#include "pv/error.h"
#include "pv/profile.h"

#define PV_CALLTREE_NONE UINT32_MAX

enum {
	PV_CALLTREE_EXACT = 1u << 0,     /* see above */
	PV_CALLTREE_TRUNCATED = 1u << 1, /* not expanded: budget, depth, or outside the zoom */
	PV_CALLTREE_NESTED = 1u << 2,    /* its function is already on the path */
};

typedef enum pv_calltree_kind {
	PV_CALLTREE_ROOT,     /* node 0, the synthetic root */
	PV_CALLTREE_FUNC,     /* a function (func is its id) */
	PV_CALLTREE_OTHER,    /* children merged for being below the cutoff */
	PV_CALLTREE_UNPLACED, /* time of the parent the data cannot place */
} pv_calltree_kind;

typedef struct pv_calltree_node {
	double time;          /* inclusive time attributed to this path */
	double self;          /* the function's own time in this box */
	double hidden;        /* time of calls not drawn (box left unexpanded) */
	double certain;       /* part of `time` the data guarantees */
	uint32_t func;        /* function id (FUNC), else PV_CALLTREE_NONE */
	uint32_t edge;        /* the caller edge it came by, else PV_CALLTREE_NONE */
	uint32_t parent;      /* node index, PV_CALLTREE_NONE for node 0 */
	uint32_t first_child; /* index of the first child */
	uint32_t nchildren;
	uint32_t depth;       /* 0 for the synthetic root */
	uint32_t count;       /* OTHER: how many boxes were merged */
	uint32_t flags;       /* PV_CALLTREE_* */
	pv_calltree_kind kind;
} pv_calltree_node;

typedef struct pv_calltree {
	pv_calltree_node *nodes; /* nodes[0] is the synthetic root */
	size_t n;
	double min_time;         /* the cutoff that was applied (in the zoom box), in seconds */
	int truncated;           /* 1 if the budget or depth stopped expansion */
	uint32_t zoom_node;      /* the zoom box (opts.zoom), 0 with no zoom */
	uint32_t zoom_matched;   /* how many entries of opts.zoom matched */
} pv_calltree;

typedef struct pv_calltree_opts {
	size_t max_nodes;    /* node budget, at least 1 (0: the default) */
	double min_fraction; /* of the root's time; children below go to OTHER */
	uint32_t max_depth;  /* deepest depth expanded (0: the default) */
	uint32_t focus;      /* a function id to root the tree at, or PV_CALLTREE_NONE */
	const uint32_t *zoom; /* a path of function ids from node 0 (see below), or NULL */
	uint32_t nzoom;      /* its length */
} pv_calltree_opts;

/*
 * Zoom (opts.zoom, opts.nzoom): a path of function ids from node 0.
 * zoom[0] is a child box of node 0 (a root; with opts.focus set it must
 * be the focus), zoom[i + 1] a FUNC child of the box matched for zoom[i].
 * Node 0 is expanded, then each box of the path right after it is made,
 * before any other box, so the path is there whatever the cutoff (a path
 * box below it is kept) and the budget (when the budget is short, the
 * path box's siblings merge into one OTHER box; when not even the path
 * box and that OTHER box fit, the path stops there).  The last matched
 * box is the ZOOM BOX: from then on only boxes in its subtree are
 * expanded, best-first as without zoom; min_fraction is of the zoom box's
 * time (tree.min_time says so), max_depth counts from the zoom box, the
 * node budget counts every node.  The siblings of the path's boxes are
 * nodes but are not expanded (TRUNCATED, all their time hidden, self 0,
 * no budget spent).  An id that is no FUNC child of the previous box (a
 * stale link) ends the path at the deepest match.  tree.zoom_node is the
 * zoom box's index (0 with no zoom, or when zoom[0] matched nothing) and
 * tree.zoom_matched how many entries matched.  The zoom box's own time is
 * the one its parent's expansion gives; its children can differ slightly
 * from the unzoomed tree's, as budgets are spent in another order (the
 * boxes outside the subtree no longer take theirs first).
 */
#define PV_CALLTREE_DEFAULT_NODES 100000
#define PV_CALLTREE_DEFAULT_DEPTH 1024

/* Fills `o` with the defaults: 100000 nodes, min_fraction 0.0001, depth 1024, no focus, no zoom. */
void pv_calltree_opts_init(pv_calltree_opts *o);

/*
 * Builds the call tree of `p` into `out` (which the caller releases with
 * pv_calltree_release(), also after an error).  Work and memory are
 * O(functions + edges) plus O(max_nodes).  Returns 0, or -1 with `err` set
 * (out of memory, a focus that is no function).  `o` may be NULL
 * (defaults).  Borrows `p`.  The same as pv_calltree_prepare(),
 * pv_calltree_build_prepared(), pv_calltree_prep_free().
 */
int pv_calltree_build(const pv_profile *p, const pv_calltree_opts *o,
		      pv_calltree *out, pv_error *err);

/*
 * A profile prepared for call trees: everything pv_calltree_build() works
 * out that does not depend on the options (the circles of calls, the
 * recursion flags, the budgets it starts from, the roots), computed once
 * in O(functions + edges).  It borrows the profile, which must outlive it
 * and not change.  Several threads can build from one prep at once: the
 * prep keeps one workspace (the budgets a build spends), which one build
 * at a time takes; another makes its own.
 */
typedef struct pv_calltree_prep pv_calltree_prep;

/*
 * Prepares `p`.  For a Python 3 profile with imports (up to 200,000
 * functions) it also builds two trees of 4,000 boxes, one by each of the
 * rules that place module bodies under imports, and keeps the rule whose
 * tree keeps more functions' numbers (docs/calltree.md).  Returns the
 * prep, or NULL with `err` set (out of memory).
 */
pv_calltree_prep *pv_calltree_prepare(const pv_profile *p, pv_error *err);

/* Frees a prep (NULL is fine). */
void pv_calltree_prep_free(pv_calltree_prep *prep);

/*
 * pv_calltree_build() from a prep: the same tree, node for node, for the
 * same options.  The work per call is the expansion, O(max_nodes x depth),
 * and putting back the budgets it spent (the first call, or one while
 * another runs, also copies the budgets: O(functions + edges)).
 */
int pv_calltree_build_prepared(const pv_calltree_prep *prep, const pv_calltree_opts *o,
			       pv_calltree *out, pv_error *err);

/* Frees the nodes; `t` is empty afterwards. */
void pv_calltree_release(pv_calltree *t);

/*
 * The first box worth showing: from node 0, follows the only child (or
 * the child holding at least 99% of its parent) while that child is the
 * interpreter's plumbing (builtins.exec of a module or string, runpy,
 * <string>, cProfile/profile's run, unittest's and pytest's runners; see
 * calltree.c) and returns the first box that is not.  Node 0 when the
 * tree starts with user code.  The boxes skipped are the ancestors of the
 * returned node.
 */
uint32_t pv_calltree_default_focus(const pv_profile *p, const pv_calltree *t);

/*
 * Appends the label of node `node` to `out`: for a function "name
 * (FILE:line)" with FILE the basename (full = 0) or the whole file name
 * (full = 1), and pstats' "{name}" for built-ins; "all" for the root;
 * "other (N functions)" for OTHER; "(not placed)" for UNPLACED.  The
 * bytes are the profile's, raw: the caller escapes them for its format.
 */
void pv_calltree_label(const pv_profile *p, const pv_calltree *t, uint32_t node,
		       int full, pv_buf *out);

#endif
