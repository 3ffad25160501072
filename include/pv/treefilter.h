/*
 * pv/treefilter.h - pprof's filters and granularity over a built tree
 * (analysis layer, src/analysis/treefilter.c; docs/calltree.md,
 * "Filters and groups").
 *
 * A pass over a pv_calltree (the call tree of pv/calltree.h or the
 * callers tree of pv/callers_tree.h, built with a larger budget and a
 * smaller cutoff than the one asked for) that makes a new pv_calltree with
 * the same layout rules: node 0 the root, each node's children contiguous,
 * largest first (ties: function id), OTHER last; self + children + hidden
 * = time; merged siblings summed; the cutoff applied again (children below
 * it go into one OTHER box) and the node budget (best-first, as the tree
 * is built).
 *
 * The filters, with pprof's names and meanings, applied in pprof's order
 * (profile/filter.go: focus and ignore choose the stacks, then hide and
 * show remove frames); each RE is Python's re.search (pv/pyre.h, bounded)
 * on pstats' label file:line(name), each function tested at most once:
 *   focus  only the stacks through a matching function: a matching box
 *          keeps all of its time, its ancestors only what those stacks
 *          hold (their self and hidden time dropped), other boxes go;
 *   ignore drop the stacks through a matching function: a matching box
 *          goes with its subtree, its time taken from every ancestor;
 *   hide   remove the matching frames: a matching box goes, its self and
 *          hidden time go to its parent, its children become its parent's
 *          (merged with siblings of the same function); no box's time
 *          changes;
 *   show   keep only the matching frames: every other box is removed as
 *          hide removes.
 * Then the granularity: with PV_TREEFILTER_FILE or _PACKAGE, boxes of the
 * same group are merged as pprof merges boxes of the same function:
 * siblings of one group become one box, and a box of its parent's group
 * is merged into the parent (its self and hidden time become the
 * parent's).  A merged box names the function of the largest box merged
 * into it.  OTHER and not-placed boxes are kept as they are (their
 * functions are unknown): focus drops them outside a match, ignore, hide
 * and show keep them.
 *
 * The groups (pv_treefilter_group_label): by file, the file name
 * ("built-ins" for "~"); by package, for a file under site-packages or
 * dist-packages the first name after it ("numpy"), for Python's standard
 * library (under lib/pythonX.Y/ or Lib/, or "<frozen NAME>") its top
 * package with " (stdlib)" ("json (stdlib)"), "built-ins" for "~", and
 * otherwise the file's directory ("." for none; "<string>"-style names as
 * they are).
 */
#ifndef PV_TREEFILTER_H
#define PV_TREEFILTER_H

#include <stddef.h>
#include <stdint.h>

#include "pv/buf.h"
#include "pv/calltree.h"
#include "pv/error.h"
#include "pv/profile.h"

typedef enum pv_treefilter_gran {
	PV_TREEFILTER_FUNCTION, /* pprof's default: one box per function */
	PV_TREEFILTER_FILE,
	PV_TREEFILTER_PACKAGE,
} pv_treefilter_gran;

enum { PV_TREEFILTER_FOCUS, PV_TREEFILTER_IGNORE, PV_TREEFILTER_HIDE, PV_TREEFILTER_SHOW,
       PV_TREEFILTER_NRE };

typedef struct pv_treefilter {
	const char *re[PV_TREEFILTER_NRE]; /* focus, ignore, hide, show; NULL: none */
	const char *key[PV_TREEFILTER_NRE]; /* names for the error texts; NULL: pprof's */
	pv_treefilter_gran gran;
	size_t max_nodes;    /* node budget of the result, at least 1 */
	double min_fraction; /* of the root's (or the zoom box's) time: smaller children go to OTHER */
	uint32_t max_depth;  /* deepest depth kept below the zoom box (0: all); the filter
	                        works on a deeper tree, as matches may lie deeper */
} pv_treefilter;

/* No filter, function granularity, 2000 nodes, 0.001. */
void pv_treefilter_init(pv_treefilter *f);

/* Whether `f` changes anything (a regex, or a granularity other than function). */
int pv_treefilter_active(const pv_treefilter *f);

typedef struct pv_treefilter_result {
	pv_calltree tree;  /* the filtered tree (zoom_node: where the input's zoom box went) */
	int32_t *group;    /* per node: index into the groups, -1 for non-FUNC; NULL by function */
	pv_buf labels;     /* the groups' labels, each NUL-terminated, in index order */
	size_t *label_at;  /* offset of each label in `labels` */
	size_t ngroups;
} pv_treefilter_result;

/*
 * Filters `in` (of profile `p`) into `out` (released with
 * pv_treefilter_release(), also after an error).  Returns 0; -2 for a
 * regex that does not compile (err "bad KEY", or the compile message when
 * regular expressions are not available) or gives up at pv/pyre.h's bound
 * (err "KEY: regular expression too complex: gave up after 1000000
 * steps"); -1 out of memory.  Never repeats a pattern.  Work:
 * O(nodes log nodes) plus one search per distinct function of `in`.
 */
int pv_treefilter_apply(const pv_profile *p, const pv_calltree *in, const pv_treefilter *f,
			pv_treefilter_result *out, pv_error *err);

void pv_treefilter_release(pv_treefilter_result *r);

/* Appends the group label of function `id` for `gran` (FILE or PACKAGE) to `out`. */
void pv_treefilter_group_label(const pv_profile *p, uint32_t id, pv_treefilter_gran gran,
			       pv_buf *out);

/* The package of a file name `file[0..n)` (the rule above), appended to `out`. */
void pv_treefilter_package(const char *file, size_t n, pv_buf *out);

/* The text pv/pyre.h's WebAssembly stand-in (src/wasm/re_none.c) fails every pattern with. */
#define PV_TREEFILTER_NO_REGEX "regular expressions are not available in the exported page"

#endif
