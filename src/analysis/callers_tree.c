/*
 * callers_tree.c - the bottom-up ("callers") tree (see pv/callers_tree.h).
 *
 * The same node array as the call tree (pv/calltree.h), so one writer
 * serves both.  Rule, per box of function G with time T:
 *   - node 0 holds all self time; its children are the functions, each
 *     with its tottime (pstats' number: EXACT); with a focus, node 0's
 *     only child is the focus with its cumtime;
 *   - a box's children are G's callers not already on the path: caller D
 *     gets T x w(D->G) / W, where w is the edge's tottime under a box that
 *     stands for self time (the first level) and the edge's cumulative time
 *     below, and W is the larger of G's own time of that kind and the sum
 *     of w over those callers, so the children never exceed the box;
 *   - what no caller takes stays the box's `self`: calls from the top of
 *     the stack (a root, or a recursive caller already on the path);
 *   - a child is EXACT when its parent is and it is the only caller with a
 *     share (its share is then all of the parent's time that has a caller).
 * Expansion is best-first within a node budget; callers below the cutoff
 * merge into one OTHER box per parent.
 */
#include "pv/callers_tree.h"

#include <stdlib.h>
#include <string.h>

#include "pv/grow.h"

#include "nodeheap.h"

typedef struct kid {
	double x;
	uint32_t func, edge;
} kid;

typedef struct cbuilder {
	const pv_profile *p;
	const pv_func *fn;
	const pv_edge *ed;
	size_t nf, nk;
	pv_calltree *t;
	size_t cap, max_nodes;
	uint32_t max_depth, base_depth;
	double min_time;
	pv_nodeheap heap;    /* unexpanded boxes */
	uint32_t *stamp; /* per key: the expansion that marked it on the path */
	uint32_t now;
	kid *kids;
	size_t nkids, capkids;
	uint32_t zoom_node;  /* expand only inside this node's subtree */
	int focused;         /* node 0 is a focus's cumtime, not all self time */
} cbuilder;

static uint32_t add_node(cbuilder *b, pv_calltree_kind kind, uint32_t func, uint32_t edge,
			 double time, uint32_t parent, uint32_t flags)
{
	pv_calltree_node *n = &b->t->nodes[b->t->n];
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->func = func;
	n->edge = edge;
	n->time = time;
	n->self = kind == PV_CALLTREE_FUNC || kind == PV_CALLTREE_ROOT ? time : 0;
	n->certain = (flags & PV_CALLTREE_EXACT) ? time : 0;
	n->parent = parent;
	n->depth = parent == PV_CALLTREE_NONE ? 0 : b->t->nodes[parent].depth + 1;
	n->flags = flags;
	return (uint32_t)b->t->n++;
}

static int by_x(const void *pa, const void *pb)
{
	const kid *a = pa, *c = pb;
	if (a->x != c->x)
		return a->x > c->x ? -1 : 1;
	return a->func < c->func ? -1 : a->func > c->func;
}

static int push_kid(cbuilder *b, double x, uint32_t func, uint32_t edge)
{
	if (pv_grow((void **)&b->kids, &b->capkids, b->nkids + 1, sizeof *b->kids) < 0)
		return -1;
	b->kids[b->nkids++] = (kid){ x, func, edge };
	return 0;
}

/* The candidate children of node k (into b->kids, unsorted). */
static int candidates(cbuilder *b, uint32_t k)
{
	const pv_calltree_node *n = &b->t->nodes[k];
	b->nkids = 0;
	if (n->kind == PV_CALLTREE_ROOT) {
		for (uint32_t f = 0; f < b->nf; f++)
			if (b->fn[f].tt > 0 && push_kid(b, b->fn[f].tt, f, PV_CALLTREE_NONE) < 0)
				return -1;
		return 0;
	}
	uint32_t g = n->func;
	if (g >= b->nf)
		return 0; /* a key seen only as a caller: no callers of its own */
	/* the path's functions, marked */
	b->now++;
	for (uint32_t a = k; a != PV_CALLTREE_NONE; a = b->t->nodes[a].parent)
		if (b->t->nodes[a].kind == PV_CALLTREE_FUNC)
			b->stamp[b->t->nodes[a].func] = b->now;
	/* the first level stands for self time: edges' tottime; then cumtime */
	int selfish = n->parent == 0 && !b->focused;
	const pv_func *gf = &b->fn[g];
	double W = selfish ? gf->tt : gf->ct, sum = 0;
	for (uint32_t i = 0; i < gf->ncallers; i++) {
		uint32_t e = gf->callers + i;
		const pv_edge *ed = &b->ed[e];
		if (b->stamp[ed->caller] == b->now)
			continue;
		double w = pv_edge_is_int(ed) ? (selfish && gf->ct > 0 ? pv_edge_time(b->fn, ed) * gf->tt / gf->ct
								: pv_edge_time(b->fn, ed))
					      : (selfish ? ed->tt : ed->ct);
		if (!(w > 0))
			continue;
		sum += w;
		if (push_kid(b, w, ed->caller, e) < 0)
			return -1;
	}
	if (sum > W)
		W = sum;
	for (size_t i = 0; i < b->nkids; i++)
		b->kids[i].x = W > 0 ? n->time * (b->kids[i].x / W) : 0;
	return 0;
}

/*
 * Expands node k: its children, or nothing when the budget is spent.  A
 * caller `want` (a zoom path's next step; PV_CALLTREE_NONE: none) is kept
 * whatever the cutoff and the budget.
 */
static int expand(cbuilder *b, uint32_t k, uint32_t want)
{
	if (candidates(b, k) < 0)
		return -1;
	pv_calltree_node *n = &b->t->nodes[k];
	size_t keep = 0, nother = 0;
	double other = 0, placed = 0;
	for (size_t i = 0; i < b->nkids; i++) {
		kid *c = &b->kids[i];
		if (!(c->x > 0))
			continue;
		placed += c->x;
		if (c->x >= b->min_time || c->func == want)
			b->kids[keep++] = *c;
		else {
			other += c->x;
			nother++;
		}
	}
	size_t nk = keep + (nother > 0);
	if (nk == 0)
		return 0;
	if (b->t->n + nk > b->max_nodes && want != PV_CALLTREE_NONE) {
		/* the path goes on: `want` alone, the rest merged */
		size_t w = 0;
		for (size_t i = 0; i < keep; i++) {
			if (b->kids[i].func == want) {
				b->kids[w++] = b->kids[i];
			} else {
				other += b->kids[i].x;
				nother++;
			}
		}
		keep = w;
		nk = keep + (nother > 0);
	}
	if (b->t->n + nk > b->max_nodes && want == PV_CALLTREE_NONE) {
		n->flags |= PV_CALLTREE_TRUNCATED;
		n->hidden = placed < n->self ? placed : n->self;
		n->self -= n->hidden;
		b->t->truncated = 1;
		return 0;
	}
	if (b->t->n + nk > b->cap) {
		size_t c = b->cap;
		if (pv_grow((void **)&b->t->nodes, &c, b->t->n + nk, sizeof *b->t->nodes) < 0)
			return -1;
		b->cap = c;
		n = &b->t->nodes[k];
	}
	qsort(b->kids, keep, sizeof *b->kids, by_x);
	int exact = (n->flags & PV_CALLTREE_EXACT) && keep == 1 && nother == 0;
	if (n->kind == PV_CALLTREE_ROOT)
		exact = 1; /* a function's tottime is pstats' own number */
	n->first_child = (uint32_t)b->t->n;
	n->nchildren = (uint32_t)nk;
	double self = n->time - placed;
	n->self = self > 0 ? self : 0;
	for (size_t i = 0; i < keep; i++) {
		uint32_t c = add_node(b, PV_CALLTREE_FUNC, b->kids[i].func, b->kids[i].edge,
				      b->kids[i].x, k, exact ? PV_CALLTREE_EXACT : 0);
		if (pv_nodeheap_push(&b->heap, b->t->nodes, c) < 0)
			return -1;
	}
	if (nother) {
		uint32_t c = add_node(b, PV_CALLTREE_OTHER, PV_CALLTREE_NONE, PV_CALLTREE_NONE,
				      other, k, 0);
		b->t->nodes[c].count = (uint32_t)nother;
	}
	return 0;
}

/* Whether node k is inside the zoom box's subtree (or is it). */
static int inside(const cbuilder *b, uint32_t k)
{
	for (uint32_t a = k; a != PV_CALLTREE_NONE; a = b->t->nodes[a].parent) {
		if (a == b->zoom_node)
			return 1;
		if (b->t->nodes[a].depth <= b->t->nodes[b->zoom_node].depth)
			return 0;
	}
	return 0;
}

/* The child of k that is function f, or PV_CALLTREE_NONE. */
static uint32_t child_of(const cbuilder *b, uint32_t k, uint32_t f)
{
	const pv_calltree_node *n = &b->t->nodes[k];
	for (uint32_t i = 0; i < n->nchildren; i++) {
		const pv_calltree_node *c = &b->t->nodes[n->first_child + i];
		if (c->kind == PV_CALLTREE_FUNC && c->func == f)
			return n->first_child + i;
	}
	return PV_CALLTREE_NONE;
}

int pv_callers_tree_build(const pv_profile *p, const pv_calltree_opts *o, pv_calltree *out,
			  pv_error *err)
{
	pv_calltree_opts def;
	pv_calltree_opts_init(&def);
	if (!o)
		o = &def;
	memset(out, 0, sizeof *out);
	cbuilder b;
	memset(&b, 0, sizeof b);
	b.p = p;
	b.fn = pv_profile_funcs(p);
	b.ed = pv_profile_edges(p);
	b.nf = pv_profile_nfuncs(p);
	b.nk = pv_profile_nkeys(p);
	b.t = out;
	b.max_nodes = o->max_nodes ? o->max_nodes : def.max_nodes;
	b.max_depth = o->max_depth ? o->max_depth : def.max_depth;
	if (o->focus != PV_CALLTREE_NONE && o->focus >= b.nf)
		return pv_error_set(err, "no such function");
	int rc = -1;
	b.stamp = calloc(b.nk ? b.nk : 1, sizeof *b.stamp);
	b.cap = 16;
	out->nodes = malloc(b.cap * sizeof *out->nodes);
	if (!b.stamp || !out->nodes)
		goto oom;
	double total = 0;
	for (uint32_t f = 0; f < b.nf; f++)
		if (b.fn[f].tt > 0)
			total += b.fn[f].tt;
	if (o->focus != PV_CALLTREE_NONE) {
		/* the focus with its cumtime; the first level is then edges' cumtime */
		const pv_func *ff = &b.fn[o->focus];
		double ct = ff->ct > 0 ? ff->ct : 0;
		b.focused = 1;
		add_node(&b, PV_CALLTREE_ROOT, PV_CALLTREE_NONE, PV_CALLTREE_NONE, ct,
			 PV_CALLTREE_NONE, PV_CALLTREE_EXACT);
		if (ct > 0) {
			out->nodes[0].self = 0;
			out->nodes[0].first_child = 1;
			out->nodes[0].nchildren = 1;
			add_node(&b, PV_CALLTREE_FUNC, o->focus, PV_CALLTREE_NONE, ct, 0,
				 PV_CALLTREE_EXACT);
		}
	} else {
		add_node(&b, PV_CALLTREE_ROOT, PV_CALLTREE_NONE, PV_CALLTREE_NONE, total,
			 PV_CALLTREE_NONE, PV_CALLTREE_EXACT);
	}
	/* the zoom path: expanded first, whatever the budget's order */
	uint32_t at = 0, start = o->focus != PV_CALLTREE_NONE && out->n > 1 ? 1 : 0;
	uint32_t matched = 0;
	if (start == 1 && o->nzoom > 0 && o->zoom[0] == o->focus) {
		at = 1;
		matched = 1;
	}
	b.min_time = o->min_fraction > 0 ? o->min_fraction * out->nodes[0].time : 0;
	for (uint32_t i = matched; i < o->nzoom; i++) {
		if (out->nodes[at].nchildren == 0 && expand(&b, at, o->zoom[i]) < 0)
			goto oom;
		uint32_t c = child_of(&b, at, o->zoom[i]);
		if (c == PV_CALLTREE_NONE)
			break;
		at = c;
		matched++;
	}
	b.zoom_node = at;
	out->zoom_node = at;
	out->zoom_matched = matched;
	b.base_depth = out->nodes[at].depth;
	b.min_time = o->min_fraction > 0 ? o->min_fraction * out->nodes[at].time : 0;
	out->min_time = b.min_time;
	b.heap.n = 0; /* only the zoom box's subtree from here */
	if (out->nodes[at].nchildren == 0 && (at != 0 || start == 0) &&
	    pv_nodeheap_push(&b.heap, out->nodes, at) < 0)
		goto oom;
	if (start == 1 && at == 0 && out->n > 1 && pv_nodeheap_push(&b.heap, out->nodes, 1) < 0)
		goto oom;
	while (b.heap.n > 0) {
		uint32_t k = pv_nodeheap_pop(&b.heap, out->nodes);
		if (!inside(&b, k))
			continue;
		if (out->nodes[k].depth - b.base_depth >= b.max_depth) {
			if (out->nodes[k].kind == PV_CALLTREE_FUNC && out->nodes[k].func < b.nf &&
			    b.fn[out->nodes[k].func].ncallers > 0) {
				out->nodes[k].flags |= PV_CALLTREE_TRUNCATED;
				out->truncated = 1;
			}
			continue;
		}
		if (expand(&b, k, PV_CALLTREE_NONE) < 0)
			goto oom;
	}
	rc = 0;
	goto done;
oom:
	pv_error_set(err, "out of memory building the callers tree");
done:
	free(b.heap.v);
	free(b.stamp);
	free(b.kids);
	return rc;
}
