/*
 * calltree_nodes.c - the tree's boxes as the build makes them: the node
 * array (and room in the heap of unexpanded boxes, nodeheap.h), and
 * pvct_settle(), which turns a box's candidates into its children (cutoff,
 * OTHER, UNPLACED, the node budget and the zoom path).
 */
#include "calltree_internal.h"

#include <stdlib.h>
#include <string.h>

#include "pv/grow.h"

/* ===================================================== nodes */

int pvct_reserve_nodes(builder *b, size_t want)
{
	if (want <= b->cap)
		return 0;
	size_t nc = b->cap;
	if (pv_grow((void **)&b->t->nodes, &nc, want, sizeof *b->t->nodes) < 0)
		return -1;
	if (pv_grow((void **)&b->heap.v, &b->heap.cap, nc, sizeof *b->heap.v) < 0)
		return -1;
	size_t hc = b->heap.cap;
	size_t xc = b->cap;
	if (pv_grow((void **)&b->nx, &xc, hc, sizeof *b->nx) < 0)
		return -1;
	b->cap = nc < hc ? nc : hc;
	if (xc < b->cap)
		b->cap = xc;
	return 0;
}

uint32_t pvct_new_node(builder *b, pv_calltree_kind kind, uint32_t func, double time,
			 uint32_t parent, uint32_t flags)
{
	pv_calltree_node *n = &b->t->nodes[b->t->n];
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->func = func;
	n->time = time;
	n->certain = (flags & PV_CALLTREE_EXACT) ? time : 0;
	n->parent = parent;
	n->edge = PV_CALLTREE_NONE;
	n->depth = parent == PV_CALLTREE_NONE ? 0 : b->t->nodes[parent].depth + 1;
	n->flags = flags;
	memset(&b->nx[b->t->n], 0, sizeof *b->nx);
	return (uint32_t)b->t->n++;
}

int pvct_add_cand(builder *b, const cand *c)
{
	if (pv_grow32((void **)&b->cand, &b->capcand, b->ncand + 1, sizeof *b->cand) < 0)
		return -1;
	b->cand[b->ncand++] = *c;
	return 0;
}

static int by_x(const void *pa, const void *pb)
{
	const cand *a = pa, *c = pb;
	if (a->x != c->x)
		return a->x > c->x ? -1 : 1;
	return a->func < c->func ? -1 : a->func > c->func;
}

/* Box `node` is the zoom box: only its subtree is expanded from now on. */
void pvct_zoom_here(builder *b, uint32_t node)
{
	b->zooming = 0;
	b->t->zoom_node = node;
	b->zdepth = b->t->nodes[node].depth;
	double T = b->t->nodes[node].time;
	b->min_time = T > 0 ? T * b->fraction : 0;
	b->t->min_time = b->min_time;
}

/*
 * Makes b->cand[] (given x, sorted) the children of `parent`: those below
 * the cutoff, and UNPLACED, are merged into OTHER unless big enough.
 * Returns 0, 1 when the node budget does not allow them (the parent is
 * left unexpanded), or -1 when out of memory.
 *
 * On a zoom path, the child for the next id of the path is kept whatever
 * the cutoff (the others are merged into OTHER if the budget wants it),
 * is not queued (the caller expands it next) and neither are its
 * siblings: they stay unexpanded.  When no child is the next id, the
 * parent is the zoom box.
 */
int pvct_settle(builder *b, uint32_t parent)
{
	uint32_t keep = 0, nother = 0, path = PV_CALLTREE_NONE;
	double other = 0, other_certain = 0;
	double floor = b->t->nodes[parent].time * NEAR;
	if (b->zooming) {
		uint32_t want = b->zoom[b->zi];
		for (uint32_t i = 0; i < b->ncand; i++) {
			cand *c = &b->cand[i];
			c->path = c->edge != PV_CALLTREE_NONE && c->func == want && c->x > floor;
			if (c->path)
				path = i;
		}
		if (path == PV_CALLTREE_NONE)
			pvct_zoom_here(b, parent);
	}
	int onpath = path != PV_CALLTREE_NONE;
	for (uint32_t i = 0; i < b->ncand; i++) {
		cand *c = &b->cand[i];
		if (!(c->x > floor))
			continue;
		if (c->x >= b->min_time || (onpath && c->path)) {
			b->cand[keep++] = *c;
		} else {
			other += c->x;
			other_certain += c->certain;
			nother++;
		}
	}
	uint32_t nkids = keep + (nother > 0);
	if (nkids == 0)
		return 0;
	if (b->t->n + nkids > b->max_nodes && onpath && b->t->n + 1 + (keep + nother > 1) <= b->max_nodes) {
		/* the path first: its siblings go into one OTHER box */
		uint32_t k = 0;
		for (uint32_t i = 0; i < keep; i++) {
			if (b->cand[i].path) {
				b->cand[k++] = b->cand[i];
			} else {
				other += b->cand[i].x;
				other_certain += b->cand[i].certain;
				nother++;
			}
		}
		keep = k;
		nkids = keep + (nother > 0);
	}
	if (b->t->n + nkids > b->max_nodes) {
		if (onpath) /* not even the path fits: it stops here */
			pvct_zoom_here(b, parent);
		return 1;
	}
	if (pvct_reserve_nodes(b, b->t->n + nkids) < 0)
		return -1;
	qsort(b->cand, keep, sizeof *b->cand, by_x);
	/* UNPLACED goes last among the kept */
	for (uint32_t i = 0; i + 1 < keep; i++)
		if (b->cand[i].edge == PV_CALLTREE_NONE) {
			cand u = b->cand[i];
			memmove(&b->cand[i], &b->cand[i + 1], (keep - i - 1) * sizeof u);
			b->cand[keep - 1] = u;
			break;
		}
	pv_calltree_node *pn = &b->t->nodes[parent];
	pn->first_child = (uint32_t)b->t->n;
	pn->nchildren = nkids;
	for (uint32_t i = 0; i < keep; i++) {
		const cand *c = &b->cand[i];
		if (c->edge == PV_CALLTREE_NONE) {
			pvct_new_node(b, PV_CALLTREE_UNPLACED, PV_CALLTREE_NONE, c->x, parent, 0);
			continue;
		}
		uint32_t k = pvct_new_node(b, PV_CALLTREE_FUNC, c->func, c->x, parent, c->flags);
		pv_calltree_node *kn = &b->t->nodes[k];
		kn->certain = c->certain;
		/* a root came by no edge (its cand's edge only marks it placed) */
		kn->edge = parent == 0 ? PV_CALLTREE_NONE : c->edge;
		b->nx[k].res = c->res;
		b->nx[k].nmods = c->nmods;
		b->nx[k].site1 = c->site1;
		if (!onpath) {
			if (pv_nodeheap_push(&b->heap, b->t->nodes, k) < 0)
				return -1;
		} else if (c->path) {
			b->next = k;
		} else { /* a sibling of the path: left unexpanded */
			kn->hidden = kn->time;
			kn->flags |= PV_CALLTREE_TRUNCATED;
		}
	}
	if (nother) {
		uint32_t k = pvct_new_node(b, PV_CALLTREE_OTHER, PV_CALLTREE_NONE, other, parent, 0);
		b->t->nodes[k].count = nother;
		b->t->nodes[k].certain = other_certain;
	}
	return 0;
}
