/*
 * calltree.c - the estimated call tree (see pv/calltree.h for the rule).
 *
 * Expansion is best-first: a max-heap of unexpanded nodes keyed by time,
 * so that when the node budget runs out the nodes left unexpanded are the
 * smallest ones.  Recursion is detected with a stamp array over function
 * ids, marked along the path of the node being expanded (O(depth) per
 * expansion, depth bounded by max_depth).
 */
#include "pv/calltree.h"

#include <stdlib.h>
#include <string.h>

#include "pv/grow.h"
#include "pv/roots.h"

#define NEAR 1e-9

void pv_calltree_opts_init(pv_calltree_opts *o)
{
	o->max_nodes = PV_CALLTREE_DEFAULT_NODES;
	o->min_fraction = 0.0001;
	o->max_depth = PV_CALLTREE_DEFAULT_DEPTH;
}

void pv_calltree_release(pv_calltree *t)
{
	free(t->nodes);
	t->nodes = NULL;
	t->n = 0;
	t->min_time = 0;
	t->truncated = 0;
}

/* ===================================================== helpers */

typedef struct cand {
	double time;
	uint32_t func;
	int exact;
} cand;

typedef struct builder {
	const pv_profile *p;
	const pv_func *fn;
	const pv_edge *ed;
	const uint32_t *ci, *cs;  /* callee index and each function's start in it */
	size_t nf;
	pv_calltree *t;
	size_t cap;          /* of t->nodes */
	size_t max_nodes;
	uint32_t max_depth;
	double min_time;
	uint32_t *heap;
	size_t nheap, capheap;
	uint32_t *stamp;     /* per function: the expansion that marked it */
	uint32_t now;
	uint32_t *ncallers;  /* per function: callers with stats, not itself */
	cand *cand;
	size_t ncand, capcand;
} builder;

static int heap_less(const builder *b, uint32_t x, uint32_t y)
{
	double tx = b->t->nodes[x].time, ty = b->t->nodes[y].time;
	if (tx != ty)
		return tx < ty;
	return x > y; /* earlier nodes first among equals */
}

static void heap_push(builder *b, uint32_t v)
{
	size_t i = b->nheap++;
	b->heap[i] = v;
	while (i > 0) {
		size_t up = (i - 1) / 2;
		if (!heap_less(b, b->heap[up], b->heap[i]))
			break;
		uint32_t tmp = b->heap[up];
		b->heap[up] = b->heap[i];
		b->heap[i] = tmp;
		i = up;
	}
}

static uint32_t heap_pop(builder *b)
{
	uint32_t top = b->heap[0];
	b->heap[0] = b->heap[--b->nheap];
	size_t i = 0;
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < b->nheap && heap_less(b, b->heap[m], b->heap[l]))
			m = l;
		if (r < b->nheap && heap_less(b, b->heap[m], b->heap[r]))
			m = r;
		if (m == i)
			break;
		uint32_t tmp = b->heap[m];
		b->heap[m] = b->heap[i];
		b->heap[i] = tmp;
		i = m;
	}
	return top;
}

static int add_cand(builder *b, uint32_t func, double time, int exact)
{
	if (pv_grow((void **)&b->cand, &b->capcand, b->ncand + 1, sizeof *b->cand) < 0)
		return -1;
	b->cand[b->ncand].func = func;
	b->cand[b->ncand].time = time;
	b->cand[b->ncand].exact = exact;
	b->ncand++;
	return 0;
}

static int cand_cmp(const void *pa, const void *pb)
{
	const cand *a = pa, *c = pb;
	if (a->time != c->time)
		return a->time > c->time ? -1 : 1;
	return a->func < c->func ? -1 : a->func > c->func;
}

static uint32_t new_node(builder *b, pv_calltree_kind kind, uint32_t func, double time,
			 uint32_t parent, uint32_t flags)
{
	pv_calltree_node *n = &b->t->nodes[b->t->n];
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->func = func;
	n->time = time;
	n->parent = parent;
	n->first_child = 0;
	n->depth = parent == PV_CALLTREE_NONE ? 0 : b->t->nodes[parent].depth + 1;
	n->flags = flags;
	return (uint32_t)b->t->n++;
}

/* Room for `want` nodes, and as many heap entries (want <= max_nodes). */
static int reserve_nodes(builder *b, size_t want)
{
	if (pv_grow((void **)&b->t->nodes, &b->cap, want, sizeof *b->t->nodes) < 0 ||
	    pv_grow((void **)&b->heap, &b->capheap, want, sizeof *b->heap) < 0)
		return -1;
	return 0;
}

/*
 * Turns b->cand into children of `parent`: those below the cutoff go to
 * one OTHER node.  Returns 0, 1 when the budget does not allow them (the
 * parent is marked truncated), or -1 when out of memory.
 */
static int settle(builder *b, uint32_t parent)
{
	size_t keep = 0, nother = 0;
	double other = 0;
	for (size_t i = 0; i < b->ncand; i++) {
		if (b->cand[i].time >= b->min_time && b->cand[i].time > 0) {
			b->cand[keep++] = b->cand[i];
		} else {
			other += b->cand[i].time;
			nother++;
		}
	}
	size_t nkids = keep + (nother > 0);
	if (nkids == 0)
		return 0;
	if (b->t->n + nkids > b->max_nodes) {
		b->t->nodes[parent].flags |= PV_CALLTREE_TRUNCATED;
		b->t->truncated = 1;
		return 1;
	}
	if (reserve_nodes(b, b->t->n + nkids) < 0)
		return -1;
	qsort(b->cand, keep, sizeof *b->cand, cand_cmp);
	b->t->nodes[parent].first_child = (uint32_t)b->t->n;
	b->t->nodes[parent].nchildren = (uint32_t)nkids;
	for (size_t i = 0; i < keep; i++) {
		uint32_t k = new_node(b, PV_CALLTREE_FUNC, b->cand[i].func, b->cand[i].time,
				      parent, b->cand[i].exact ? PV_CALLTREE_EXACT : 0);
		heap_push(b, k);
	}
	if (nother) {
		uint32_t k = new_node(b, PV_CALLTREE_OTHER, PV_CALLTREE_NONE, other, parent, 0);
		b->t->nodes[k].count = (uint32_t)nother;
	}
	return 0;
}

static int expand_root(builder *b)
{
	size_t nr = 0;
	pv_root *roots = pv_roots(b->p, &nr);
	if (!roots && b->nf > 0)
		return -1;
	double sum = 0;
	for (size_t i = 0; i < nr; i++)
		if (roots[i].time > 0)
			sum += roots[i].time;
	double total = pv_profile_totals(b->p)->total_tt;
	/* roots may overlap (nested exec), yet they are never scaled */
	if (!(total >= sum))
		total = sum;
	b->t->nodes[0].time = total;
	b->min_time = total > 0 ? total * b->min_time : 0;
	b->t->min_time = b->min_time;
	b->ncand = 0;
	int rc = 0;
	for (size_t i = 0; i < nr && rc == 0; i++)
		if (roots[i].time > 0)
			rc = add_cand(b, roots[i].id, roots[i].time, 1);
	free(roots);
	if (rc < 0)
		return -1;
	return settle(b, 0) < 0 ? -1 : 0;
}

static int expand_func(builder *b, uint32_t node)
{
	pv_calltree_node *n = &b->t->nodes[node];
	double T = n->time;
	uint32_t f = n->func;
	int exact = (n->flags & PV_CALLTREE_EXACT) != 0;
	if (!(T > 0))
		return 0;
	b->now++;
	if (b->now == 0) { /* wrapped: start over */
		memset(b->stamp, 0, b->nf * sizeof *b->stamp);
		b->now = 1;
	}
	for (uint32_t a = node; a != PV_CALLTREE_NONE; a = b->t->nodes[a].parent)
		if (b->t->nodes[a].kind == PV_CALLTREE_FUNC)
			b->stamp[b->t->nodes[a].func] = b->now;
	b->ncand = 0;
	double total = 0;
	for (uint32_t j = b->cs[f]; j < b->cs[f + 1]; j++) {
		const pv_edge *e = &b->ed[b->ci[j]];
		uint32_t c = e->callee;
		if (c >= b->nf || b->stamp[c] == b->now)
			continue;
		double t = pv_edge_time(b->fn, e);
		if (!(t > 0))
			continue;
		int ex = exact && b->ncallers[c] == 1 && !pv_edge_is_int(e);
		if (add_cand(b, c, t, ex) < 0)
			return -1;
		total += t;
	}
	if (total > T * (1 + NEAR)) {
		double scale = T / total;
		for (size_t i = 0; i < b->ncand; i++) {
			b->cand[i].time *= scale;
			b->cand[i].exact = 0;
		}
	}
	return settle(b, node) < 0 ? -1 : 0;
}

/* ===================================================== build */

int pv_calltree_build(const pv_profile *p, const pv_calltree_opts *o,
		      pv_calltree *out, pv_error *err)
{
	pv_calltree_opts def;
	pv_calltree_opts_init(&def);
	if (!o)
		o = &def;
	builder b;
	memset(&b, 0, sizeof b);
	memset(out, 0, sizeof *out);
	b.p = p;
	b.fn = pv_profile_funcs(p);
	b.ed = pv_profile_edges(p);
	b.ci = pv_profile_callee_index(p, &b.cs);
	b.nf = pv_profile_nfuncs(p);
	b.t = out;
	b.max_nodes = o->max_nodes ? o->max_nodes : def.max_nodes;
	if (b.max_nodes > UINT32_MAX - 1)
		b.max_nodes = UINT32_MAX - 1;
	b.max_depth = o->max_depth ? o->max_depth : def.max_depth;
	b.min_time = o->min_fraction > 0 ? o->min_fraction : 0; /* a fraction until the root is known */
	int rc = -1;

	b.stamp = calloc(b.nf ? b.nf : 1, sizeof *b.stamp);
	b.ncallers = calloc(b.nf ? b.nf : 1, sizeof *b.ncallers);
	if (!b.ci || !b.stamp || !b.ncallers || reserve_nodes(&b, 1) < 0)
		goto done;
	size_t ne = pv_profile_nedges(p);
	for (size_t e = 0; e < ne; e++)
		if (b.ed[e].caller < b.nf && b.ed[e].caller != b.ed[e].callee &&
		    b.ed[e].callee < b.nf)
			b.ncallers[b.ed[e].callee]++;

	new_node(&b, PV_CALLTREE_ROOT, PV_CALLTREE_NONE, 0, PV_CALLTREE_NONE, PV_CALLTREE_EXACT);
	if (expand_root(&b) < 0)
		goto done;
	while (b.nheap > 0) {
		uint32_t k = heap_pop(&b);
		if (b.t->nodes[k].depth >= b.max_depth) {
			b.t->nodes[k].flags |= PV_CALLTREE_TRUNCATED;
			b.t->truncated = 1;
			continue;
		}
		if (expand_func(&b, k) < 0)
			goto done;
	}
	/* self times */
	for (size_t i = 0; i < out->n; i++) {
		pv_calltree_node *n = &out->nodes[i];
		double s = n->time;
		for (uint32_t c = 0; c < n->nchildren; c++)
			s -= out->nodes[n->first_child + c].time;
		n->self = s > 0 ? s : 0;
	}
	rc = 0;
done:
	if (rc < 0)
		pv_error_set(err, "out of memory building the call tree");
	free(b.heap);
	free(b.stamp);
	free(b.ncallers);
	free(b.cand);
	return rc;
}

/* ===================================================== labels */

void pv_calltree_label(const pv_profile *p, const pv_calltree *t, uint32_t node,
		       int full, pv_buf *out)
{
	const pv_calltree_node *n = &t->nodes[node];
	if (n->kind == PV_CALLTREE_ROOT) {
		pv_buf_puts(out, "all");
		return;
	}
	if (n->kind == PV_CALLTREE_OTHER) {
		pv_buf_printf(out, "other (%u function%s)", n->count, n->count == 1 ? "" : "s");
		return;
	}
	const pv_func *f = &pv_profile_funcs(p)[n->func];
	if (f->flags & PV_FUNC_BUILTIN) {
		pv_func_std_string(p, n->func, out);
		return;
	}
	size_t flen, nlen;
	const char *file = pv_profile_string(p, f->file, &flen);
	const char *name = pv_profile_string(p, f->name, &nlen);
	if (!full) {
		size_t i = flen;
		while (i > 0 && file[i - 1] != '/')
			i--;
		if (i < flen) { /* "dir/" keeps its name: basename is empty */
			file += i;
			flen -= i;
		}
	}
	pv_buf_append(out, name, nlen);
	pv_buf_puts(out, " (");
	pv_buf_append(out, file, flen);
	pv_buf_printf(out, ":%lld)", (long long)f->line);
}
