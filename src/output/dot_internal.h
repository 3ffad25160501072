/*
 * dot_internal.h - what the pieces of pv/dot.h share.  Not public.
 *
 *   dot_theme.c    themes, colours and sizes (docs/gprof2dot.md §4)
 *   dot_name.c     node names: module:line:func, -s, -w (§2.2, §5.4)
 *   dot_timefmt.c  --time-format, Python's %-formatting of one float
 *   dot_graph.c    options, the graph and its pruning (§2, §3)
 *   dot_write.c    the DOT text and --list-functions (§3.3, §5)
 *   dot_compare.c  --compare (gprof2dot's compare graph) and --diff (ours)
 *
 * A graph keeps per-key and per-edge state in flat arrays indexed by the
 * profile's key and edge numbers, so building it is O(keys + edges) and
 * only the nodes that survive pruning are ever named or sorted.  Once
 * pv_dot_build() returns, the graph is read-only: alive/ealive say what
 * survived (an edge is alive only if both its ends are), and key[] lists
 * every key in node-id order, dead ones included.
 */
#ifndef PV_DOT_INTERNAL_H
#define PV_DOT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "pv/dot.h"

#define PVDOT_NONE UINT32_MAX

struct pv_dot_graph {
	const pv_profile *p;
	pv_dot_options o;
	const pv_dot_theme *theme;
	double skew;
	const pv_func *funcs;
	const pv_edge *edges;
	const uint32_t *cidx, *cstart;  /* callee index; each key's start in it */
	uint32_t nkeys, nfuncs, nedges;
	uint32_t *gid;        /* key -> node id (first-seen order); owns the block */
	uint32_t *key;        /* node id -> key (in gid's block) */
	uint8_t *alive;       /* per key (in gid's block) */
	uint8_t *ealive;      /* per edge (in gid's block) */
	double time_sum;      /* profile[TIME] */
	double total_time;    /* profile[TOTAL_TIME] */
	double self_max;      /* --color-nodes-by-selftime divisor, or 0 */
	size_t nnodes, nlive_edges;
};

/* Out-edges of key k: callee_index[cstart[k] .. cstart[k + 1]) */
#define PVDOT_FOR_OUT(g, k, e)                                                \
	for (uint32_t e##_i = (g)->cstart[k], e##_n = (g)->cstart[(k) + 1], e = 0; \
	     e##_i < e##_n && ((e = (g)->cidx[e##_i]), 1); e##_i++)

/* In-edges of key k: edges[funcs[k].callers ...] */
#define PVDOT_FOR_IN(g, k, e)                                                         \
	for (uint32_t e = (g)->funcs[k].callers, e##_n = e + (g)->funcs[k].ncallers; e < e##_n; \
	     e++)

/*
 * The figures of nodes and edges, inline because building and writing
 * the graph ask for them once per key and per edge.
 */

/* Python's max(a, b): keeps a unless b > a. */
static inline double pvdot_max(double a, double b)
{
	return b > a ? b : a;
}

/* An edge's time: its own, or for an int caller its share of the callee's. */
static inline double pvdot_edge_ct(const pv_dot_graph *g, uint32_t e)
{
	const pv_edge *ed = &g->edges[e];
	if (pv_edge_is_int(ed)) {
		const pv_func *f = &g->funcs[ed->callee];
		return pv_dot_ratio((double)pv_edge_nc(ed), (double)pv_func_nc(f)) * f->ct;
	}
	return ed->ct;
}

/* An edge's calls: the caller tuple's 2nd element, or the int. */
static inline pv_count pvdot_edge_calls(const pv_dot_graph *g, uint32_t e)
{
	const pv_edge *ed = &g->edges[e];
	return pv_edge_is_int(ed) ? pv_edge_nc(ed) : pv_edge_cc(ed);
}

static inline double pvdot_edge_ratio(const pv_dot_graph *g, uint32_t e)
{
	return pv_dot_ratio(pvdot_edge_ct(g, e), g->total_time);
}

static inline double pvdot_node_total_ratio(const pv_dot_graph *g, uint32_t k)
{
	return pv_dot_ratio(g->funcs[k].ct, g->total_time);
}

static inline double pvdot_node_self_ratio(const pv_dot_graph *g, uint32_t k)
{
	return pv_dot_ratio(g->funcs[k].tt, g->time_sum);
}

/* ---------------------------------------- dot_write.c, for --compare and --diff */

/*
 * The graph's opening lines: node text in `fontcolor`, node `style`
 * ("filled" or "solid").
 */
void pvdot_put_header(pv_buf *b, const char *fontcolor, const char *style);

/* DotWriter.escape(): s[0..n) quoted and escaped, surrogates as U+FFFD. */
void pvdot_put_quoted(pv_buf *b, const char *s, size_t n);

/* DotWriter.id() of a string: bare when ASCII alphanumeric, else quoted. */
void pvdot_put_id(pv_buf *b, const char *s, size_t n);

/* "12.34%" of a ratio. */
void pvdot_put_pct(pv_buf *b, double ratio);

/* "123×" */
void pvdot_put_calls(pv_buf *b, pv_count n);

/* Key k's name line as the graph's options draw it (-s, -w, truncation). */
void pvdot_node_name(const pv_dot_graph *g, uint32_t k, pv_buf *out);

/* One measure of node k's label (gprof2dot's Event.format), as --node-label names it. */
void pvdot_put_measure(const pv_dot_graph *g, uint32_t k, pv_dot_measure m, pv_buf *lab);

/* A count as gprof2dot writes calls ("123×"), or "123 samples" for a
 * sampled profile (3.15's profiling.sampling), whose counts are not calls. */
void pvdot_put_count(const pv_dot_graph *g, pv_buf *b, pv_count n);

/* Node k's label as gprof2dot writes it: the name, --node-label's measures, the calls. */
void pvdot_node_label(const pv_dot_graph *g, uint32_t k, pv_buf *lab);

#endif
