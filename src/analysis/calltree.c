/*
 * calltree.c - the one call tree (see pv/calltree.h for the rule and
 * docs/calltree.md for why it keeps pstats' numbers).
 *
 * Three passes: budgets (per function and per edge, from the profile),
 * roots (which needs the groups of functions that call each other in a
 * circle: Tarjan's strongly connected components over the callee lists),
 * then best-first expansion from a max-heap of unexpanded boxes keyed by
 * time, so that when the node budget runs out the boxes left unexpanded
 * are the smallest.  A stamp array over function ids marks the path of
 * the box being expanded (O(depth) per expansion).
 */
#include "pv/calltree.h"

#include <stdlib.h>
#include <string.h>

#include "pv/circles.h"
#include "pv/grow.h"

/* relative slack for "equal" times (sums of doubles) */
#define NEAR 1e-9

void pv_calltree_opts_init(pv_calltree_opts *o)
{
	o->max_nodes = PV_CALLTREE_DEFAULT_NODES;
	o->min_fraction = 0.0001;
	o->max_depth = PV_CALLTREE_DEFAULT_DEPTH;
	o->focus = PV_CALLTREE_NONE;
	o->zoom = NULL;
	o->nzoom = 0;
}

void pv_calltree_release(pv_calltree *t)
{
	free(t->nodes);
	t->nodes = NULL;
	t->n = 0;
	t->min_time = 0;
	t->truncated = 0;
}

/* ===================================================== state */

/* A child a box is about to get. */
typedef struct cand {
	double want;      /* its share or demand, the sort key of a fill */
	double demand;    /* what the budgets allow */
	double x;         /* what it gets */
	double certain;
	uint32_t edge;    /* edge index, PV_CALLTREE_NONE for UNPLACED */
	uint32_t func;
	uint32_t flags;   /* PV_CALLTREE_EXACT, PV_CALLTREE_NESTED */
	int pair;         /* the pair is already on the path: no edge budget */
} cand;

typedef struct builder {
	const pv_profile *p;
	const pv_func *fn;
	const pv_edge *ed;
	const uint32_t *ci, *cs;  /* callee index and each function's start in it */
	size_t nf, ne;
	pv_calltree *t;
	size_t cap;               /* nodes allocated */
	size_t max_nodes;
	uint32_t max_depth;
	double min_time;
	uint32_t *heap;           /* unexpanded boxes */
	size_t nheap;
	uint32_t *stamp;          /* per function: the expansion that marked it */
	uint32_t *pairstamp;      /* per edge: the same, for caller->callee pairs */
	uint32_t now;
	/* budgets: what is left to place */
	double *outer;            /* per function: outermost time (cumtime) */
	double *self;             /* per function: self time (tottime) */
	double *activity;         /* per function: cumtime + nested time, fixed */
	double *edge;             /* per edge: cumulative time */
	double *edge0;            /* per edge: its time, fixed */
	unsigned char *rec;       /* per function: recursive */
	uint32_t *comp;           /* per function: its circle (strongly connected component) */
	double *crem;             /* per circle: self and outgoing edge budgets left */
	cand *cand;
	uint32_t ncand, capcand;
} builder;

static int has_stats_caller(const builder *b, uint32_t e)
{
	return b->ed[e].caller < b->nf;
}

/* ===================================================== heap */

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

/* ===================================================== nodes */

static int reserve_nodes(builder *b, size_t want)
{
	if (want <= b->cap)
		return 0;
	size_t nc = b->cap;
	if (pv_grow((void **)&b->t->nodes, &nc, want, sizeof *b->t->nodes) < 0)
		return -1;
	size_t hc = b->cap;
	if (pv_grow((void **)&b->heap, &hc, nc, sizeof *b->heap) < 0)
		return -1;
	b->cap = nc < hc ? nc : hc;
	return 0;
}

static uint32_t new_node(builder *b, pv_calltree_kind kind, uint32_t func, double time,
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
	return (uint32_t)b->t->n++;
}

static int add_cand(builder *b, const cand *c)
{
	if (pv_grow32((void **)&b->cand, &b->capcand, b->ncand + 1, sizeof *b->cand) < 0)
		return -1;
	b->cand[b->ncand++] = *c;
	return 0;
}

static int by_want(const void *pa, const void *pb)
{
	const cand *a = pa, *c = pb;
	if (a->want != c->want)
		return a->want > c->want ? -1 : 1;
	return a->func < c->func ? -1 : a->func > c->func;
}

static int by_x(const void *pa, const void *pb)
{
	const cand *a = pa, *c = pb;
	if (a->x != c->x)
		return a->x > c->x ? -1 : 1;
	return a->func < c->func ? -1 : a->func > c->func;
}

/*
 * Makes b->cand[] (given x, sorted) the children of `parent`: those below
 * the cutoff, and UNPLACED, are merged into OTHER unless big enough.
 * Returns 0, 1 when the node budget does not allow them (the parent is
 * left unexpanded), or -1 when out of memory.
 */
static int settle(builder *b, uint32_t parent)
{
	uint32_t keep = 0, nother = 0;
	double other = 0, other_certain = 0;
	for (uint32_t i = 0; i < b->ncand; i++) {
		cand *c = &b->cand[i];
		if (!(c->x > b->t->nodes[parent].time * NEAR))
			continue;
		if (c->x >= b->min_time) {
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
	if (b->t->n + nkids > b->max_nodes)
		return 1;
	if (reserve_nodes(b, b->t->n + nkids) < 0)
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
			new_node(b, PV_CALLTREE_UNPLACED, PV_CALLTREE_NONE, c->x, parent, 0);
			continue;
		}
		uint32_t k = new_node(b, PV_CALLTREE_FUNC, c->func, c->x, parent, c->flags);
		b->t->nodes[k].certain = c->certain;
		b->t->nodes[k].edge = c->edge;
		heap_push(b, k);
	}
	if (nother) {
		uint32_t k = new_node(b, PV_CALLTREE_OTHER, PV_CALLTREE_NONE, other, parent, 0);
		b->t->nodes[k].count = nother;
		b->t->nodes[k].certain = other_certain;
	}
	return 0;
}

/* ===================================================== expansion */

/* Whether a box of `f` with time `T` holds all of f's activity. */
static int holds_all(const builder *b, uint32_t f, double T)
{
	return !b->rec[f] && T >= b->activity[f] * (1 - NEAR);
}

/* Spends x of f's self budget. */
static void spend_self(builder *b, uint32_t f, double x)
{
	b->self[f] -= x;
	b->crem[b->comp[f]] -= x;
}

/* Spends x of edge e (from f), and of the callee's budget. */
static void spend_edge(builder *b, const cand *k)
{
	uint32_t c = k->func, f = b->ed[k->edge].caller;
	if (!k->pair) {
		b->edge[k->edge] -= k->x;
		if (b->comp[c] != b->comp[f])
			b->crem[b->comp[f]] -= k->x;
	}
	if (!(k->flags & PV_CALLTREE_NESTED))
		b->outer[c] -= k->x;
}

/* Gives the cands in [from, to) what they want, in order, while room lasts. */
static double fill(builder *b, uint32_t from, uint32_t to, double room, double slack)
{
	for (uint32_t i = from; i < to && room > slack; i++) {
		double more = b->cand[i].want < room ? b->cand[i].want : room;
		if (more > 0) {
			b->cand[i].x += more;
			room -= more;
		}
	}
	return room;
}

/*
 * Splits box `node` into its self part and children (see pv/calltree.h),
 * spends the budgets and, when `grow`, adds the children as nodes.
 * Returns 0, or -1 when out of memory.
 */
static int expand(builder *b, uint32_t node, int grow)
{
	pv_calltree_node *n = &b->t->nodes[node];
	double T = n->time;
	uint32_t f = n->func;
	if (!(T > 0))
		return 0;
	if (++b->now == 0) { /* wrapped: start over */
		memset(b->stamp, 0, b->nf * sizeof *b->stamp);
		memset(b->pairstamp, 0, b->ne * sizeof *b->pairstamp);
		b->now = 1;
	}
	for (uint32_t a = n->parent; a != PV_CALLTREE_NONE; a = b->t->nodes[a].parent) {
		const pv_calltree_node *an = &b->t->nodes[a];
		if (an->kind == PV_CALLTREE_FUNC)
			b->stamp[an->func] = b->now;
		if (an->edge != PV_CALLTREE_NONE)
			b->pairstamp[an->edge] = b->now;
	}
	/* a box that came by a caller->callee pair already on its path folds
	   every deeper activation of the circle into itself */
	int folded = n->edge != PV_CALLTREE_NONE && b->pairstamp[n->edge] == b->now;
	b->stamp[f] = b->now;
	if (n->edge != PV_CALLTREE_NONE)
		b->pairstamp[n->edge] = b->now;
	double A = b->activity[f];
	double share = A > 0 ? T / A : 0;
	double slack = T * NEAR;
	int whole = (n->flags & PV_CALLTREE_EXACT) && holds_all(b, f, T);

	/* the candidates: outside the path first, then the path's own */
	b->ncand = 0;
	for (int pass = 0; pass < 2; pass++)
		for (uint32_t j = b->cs[f]; j < b->cs[f + 1]; j++) {
			uint32_t e = b->ci[j];
			uint32_t c = b->ed[e].callee;
			if (c >= b->nf)
				continue;
			int inpath = b->stamp[c] == b->now;
			if (inpath != pass)
				continue;
			/*
			 * cProfile leaves a call out of an edge's time when the
			 * same caller->callee pair is already running: below that
			 * pair the edge has no budget, only what the callee's
			 * circle has left to place.
			 */
			int pair = b->pairstamp[e] == b->now;
			double d;
			if (inpath) {
				d = b->crem[b->comp[c]];
				if (!pair && b->edge[e] < d)
					d = b->edge[e];
			} else {
				d = b->edge[e] < b->outer[c] ? b->edge[e] : b->outer[c];
			}
			if (!(d > 0))
				continue;
			double e0 = b->edge0[e];
			cand k = { 0 };
			k.demand = d;
			k.want = e0 * share < d ? e0 * share : d;
			k.edge = e;
			k.func = c;
			k.flags = inpath ? PV_CALLTREE_NESTED : 0;
			k.pair = pair;
			/* the edge's time less what f spends outside this box */
			k.certain = e0 - (A - T);
			if (add_cand(b, &k) < 0)
				return -1;
		}
	uint32_t nout = 0;
	while (nout < b->ncand && !(b->cand[nout].flags & PV_CALLTREE_NESTED))
		nout++;

	double room = T, xs = 0;
	if (!b->rec[f]) {
		/* gprof's shares, scaled down when the data over-commits, then
		   what budgets are left fills any room */
		xs = b->fn[f].tt > 0 ? b->fn[f].tt * share : 0;
		if (xs > b->self[f])
			xs = b->self[f];
		if (xs > room)
			xs = room;
		room -= xs;
		double sum = 0;
		for (uint32_t i = 0; i < b->ncand; i++)
			sum += b->cand[i].want;
		double scale = sum > room && sum > 0 ? room / sum : 1;
		for (uint32_t i = 0; i < b->ncand; i++) {
			b->cand[i].x = b->cand[i].want * scale;
			room -= b->cand[i].x;
			b->cand[i].want = b->cand[i].demand - b->cand[i].x;
		}
		qsort(b->cand, b->ncand, sizeof *b->cand, by_want);
		room = fill(b, 0, b->ncand, room, slack);
	} else if (!folded) {
		/* a box of a recursive function, come by a new pair: the
		   evidence is the edge that matches, so the largest demand
		   off the path fills first, then calls back into the path;
		   self time goes to the folded boxes below, then here */
		for (uint32_t i = 0; i < b->ncand; i++)
			b->cand[i].want = b->cand[i].demand;
		qsort(b->cand, nout, sizeof *b->cand, by_want);
		room = fill(b, 0, nout, room, slack);
		qsort(b->cand + nout, b->ncand - nout, sizeof *b->cand, by_want);
		room = fill(b, nout, b->ncand, room, slack);
		xs = b->self[f] < room ? b->self[f] : room;
		room -= xs;
	} else {
		/*
		 * A folded box stands for every deeper activation of the
		 * circle: its calls off the path take their shares, then it
		 * takes all the self time its function has left, then its calls
		 * off the path and, last, the path's own take the rest.
		 */
		double sum = 0;
		for (uint32_t i = 0; i < nout; i++)
			sum += b->cand[i].want;
		double scale = sum > room && sum > 0 ? room / sum : 1;
		for (uint32_t i = 0; i < nout; i++) {
			b->cand[i].x = b->cand[i].want * scale;
			room -= b->cand[i].x;
		}
		xs = b->self[f] < room ? b->self[f] : room;
		if (xs < 0)
			xs = 0;
		room -= xs;
		for (uint32_t i = 0; i < b->ncand; i++)
			b->cand[i].want = b->cand[i].demand - b->cand[i].x;
		qsort(b->cand, nout, sizeof *b->cand, by_want);
		room = fill(b, 0, nout, room, slack);
		qsort(b->cand + nout, b->ncand - nout, sizeof *b->cand, by_want);
		room = fill(b, nout, b->ncand, room, slack);
	}
	if (!(xs > 0))
		xs = 0;
	spend_self(b, f, xs);
	n->self = xs;

	/* spend the budgets; mark what is exact */
	for (uint32_t i = 0; i < b->ncand; i++) {
		cand *k = &b->cand[i];
		if (!(k->x > 0))
			continue;
		spend_edge(b, k);
		if (whole && !(k->flags & PV_CALLTREE_NESTED) &&
		    k->x >= b->edge0[k->edge] * (1 - NEAR))
			k->flags |= PV_CALLTREE_EXACT;
		if (k->flags & PV_CALLTREE_EXACT)
			k->certain = k->x;
		else if (k->certain > k->x)
			k->certain = k->x;
		else if (!(k->certain > 0))
			k->certain = 0;
	}
	if (room > slack) {
		cand u = { 0 };
		u.x = room;
		u.edge = PV_CALLTREE_NONE;
		u.func = PV_CALLTREE_NONE;
		if (add_cand(b, &u) < 0)
			return -1;
	}
	double kids = T - xs;
	if (!grow) {
		n->hidden = kids > 0 ? kids : 0;
		return 0;
	}
	int rc = settle(b, node);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		n = &b->t->nodes[node];
		n->flags |= PV_CALLTREE_TRUNCATED;
		n->hidden = kids > 0 ? kids : 0;
		b->t->truncated = 1;
	}
	return 0;
}

/* ===================================================== budgets and roots */

/* What f's callers do not account for of its cumtime (0 when they do). */
static double excess(const pv_func *fn, const double *in_other, uint32_t f)
{
	double x = fn[f].ct - in_other[f];
	return x > 0 ? x : 0;
}

static int setup(builder *b, uint32_t focus, pv_error *err)
{
	size_t nf = b->nf;
	const pv_func *fn = b->fn;
	double total = pv_profile_totals(b->p)->total_tt;
	double *in_all = calloc(nf ? nf : 1, sizeof *in_all);
	double *in_other = calloc(nf ? nf : 1, sizeof *in_other);
	double *root = calloc(nf ? nf : 1, sizeof *root);
	uint32_t *comp = b->comp;
	int rc = -1;
	long ncomp = pv_circles(b->p, comp);
	if (!in_all || !in_other || !root || ncomp < 0)
		goto oom;
	b->crem = calloc((size_t)(ncomp ? ncomp : 1), sizeof *b->crem);
	if (!b->crem)
		goto oom;
	/*
	 * profile-module edges hold call counts only.  A callee's outermost
	 * time comes by its calls from outside its circle (fib's one call
	 * from main, not its 21,890 calls from itself), so those edges share
	 * the cumtime by their counts; calls within the circle share it by
	 * all the calls, as pv_edge_time() does.
	 */
	double *outside = calloc(nf ? nf : 1, sizeof *outside);
	if (!outside)
		goto oom;
	for (uint32_t e = 0; e < b->ne; e++) {
		uint32_t c = b->ed[e].callee;
		if (c < nf && has_stats_caller(b, e) && pv_edge_is_int(&b->ed[e]) &&
		    comp[b->ed[e].caller] != comp[c] && pv_edge_nc(&b->ed[e]) > 0)
			outside[c] += (double)pv_edge_nc(&b->ed[e]);
	}
	for (uint32_t e = 0; e < b->ne; e++) {
		uint32_t c = b->ed[e].callee;
		double t = 0;
		if (!has_stats_caller(b, e) || c >= nf)
			t = 0;
		else if (pv_edge_is_int(&b->ed[e]) && comp[b->ed[e].caller] != comp[c] &&
			 outside[c] > 0 && pv_edge_nc(&b->ed[e]) > 0)
			t = fn[c].ct * ((double)pv_edge_nc(&b->ed[e]) / outside[c]);
		else
			t = pv_edge_time(fn, &b->ed[e]);
		b->edge0[e] = b->edge[e] = t > 0 ? t : 0;
	}
	free(outside);
	for (uint32_t e = 0; e < b->ne; e++) {
		uint32_t c = b->ed[e].callee;
		if (c >= nf || !has_stats_caller(b, e))
			continue;
		in_all[c] += b->edge[e];
		/*
		 * A caller can hand on no more than its own cumtime: an edge
		 * from a caller recorded with less (cProfile's own top frame
		 * can be, when its key collides with another) explains only
		 * that much of the callee.
		 */
		uint32_t g = b->ed[e].caller;
		double ge = fn[g].ct > 0 ? fn[g].ct : 0;
		if (g != c)
			in_other[c] += b->edge[e] < ge ? b->edge[e] : ge;
	}
	if (focus != PV_CALLTREE_NONE) {
		if (focus >= nf) {
			pv_error_set(err, "no function %u to focus on", focus);
			goto out;
		}
		root[focus] = fn[focus].ct > 0 ? fn[focus].ct : 0;
	} else {
		/* per component: its heaviest member, and whether anything
		   outside calls into it */
		uint32_t *best = malloc((size_t)(ncomp ? ncomp : 1) * sizeof *best);
		unsigned char *entered = calloc((size_t)(ncomp ? ncomp : 1), 1);
		uint32_t *size = calloc((size_t)(ncomp ? ncomp : 1), sizeof *size);
		if (!best || !entered || !size) {
			free(best);
			free(entered);
			free(size);
			goto oom;
		}
		for (long i = 0; i < ncomp; i++)
			best[i] = PV_CALLTREE_NONE;
		for (uint32_t f = 0; f < nf; f++) {
			uint32_t k = comp[f];
			size[k]++;
			/* the member its callers explain least (by more than
			   0.1% of the total), then the heaviest */
			double xf = excess(fn, in_other, f), xb = 0;
			if (xf < 0.001 * total)
				xf = 0;
			if (best[k] != PV_CALLTREE_NONE) {
				xb = excess(fn, in_other, best[k]);
				if (xb < 0.001 * total)
					xb = 0;
			}
			if (best[k] == PV_CALLTREE_NONE || xf > xb ||
			    (xf == xb && fn[f].ct > fn[best[k]].ct))
				best[k] = f;
			for (uint32_t e = fn[f].callers; e < fn[f].callers + fn[f].ncallers; e++)
				if (has_stats_caller(b, e) && comp[b->ed[e].caller] != k)
					entered[k] = 1;
		}
		for (uint32_t f = 0; f < nf; f++) {
			if (!(fn[f].ct > 0))
				continue;
			uint32_t k = comp[f];
			int uncalled = !(in_other[f] > 0) && !entered[k] && size[k] == 1;
			if (uncalled || (size[k] > 1 && !entered[k] && best[k] == f))
				root[f] = fn[f].ct;
			else if (excess(fn, in_other, f) > 0.01 * total)
				root[f] = excess(fn, in_other, f);
		}
		free(best);
		free(entered);
		free(size);
	}
	uint32_t *csize = calloc((size_t)(ncomp ? ncomp : 1), sizeof *csize);
	unsigned char *selfcall = calloc(nf ? nf : 1, 1);
	if (!csize || !selfcall) {
		free(csize);
		free(selfcall);
		goto oom;
	}
	for (uint32_t f = 0; f < nf; f++)
		csize[comp[f]]++;
	for (uint32_t e = 0; e < b->ne; e++)
		if (b->ed[e].caller == b->ed[e].callee && b->ed[e].callee < nf)
			selfcall[b->ed[e].callee] = 1;
	for (uint32_t f = 0; f < nf; f++) {
		double ct = fn[f].ct > 0 ? fn[f].ct : 0;
		/*
		 * Time of nested activations, as the callers' edges show it and
		 * as f's own callee edges show it (cProfile hides a pair's calls
		 * within the same pair, so either can miss it).
		 */
		double nest = in_all[f] + root[f] - ct;
		double out_all = fn[f].tt > 0 ? fn[f].tt : 0;
		for (uint32_t j = b->cs[f]; j < b->cs[f + 1]; j++)
			out_all += b->edge[b->ci[j]];
		if (out_all - ct > nest)
			nest = out_all - ct;
		b->outer[f] = ct;
		b->self[f] = fn[f].tt > 0 ? fn[f].tt : 0;
		if (!(nest > ct * 1e-6 && nest > 0))
			nest = 0;
		/* recursive: in a circle of calls, with time nested in itself;
		   callees that over-commit a function outside any circle are
		   inconsistent data, scaled down, not recursion */
		b->rec[f] = nest > 0 && (csize[comp[f]] > 1 || selfcall[f]);
		b->activity[f] = ct + nest;
		b->crem[comp[f]] += b->self[f];
		for (uint32_t j = b->cs[f]; j < b->cs[f + 1]; j++) {
			uint32_t c = b->ed[b->ci[j]].callee;
			if (c < nf && comp[c] != comp[f])
				b->crem[comp[f]] += b->edge[b->ci[j]];
		}
	}
	free(csize);
	free(selfcall);
	/* the roots, as children of node 0 */
	b->ncand = 0;
	double sum = 0;
	for (uint32_t f = 0; f < nf; f++) {
		if (!(root[f] > 0))
			continue;
		double t = root[f] < b->outer[f] ? root[f] : b->outer[f];
		cand k = { 0 };
		k.x = t;
		k.edge = 0; /* not UNPLACED */
		k.func = f;
		k.flags = t >= fn[f].ct * (1 - NEAR) ? PV_CALLTREE_EXACT : 0;
		k.certain = k.flags ? t : 0;
		b->outer[f] -= t;
		sum += t;
		if (add_cand(b, &k) < 0)
			goto oom;
	}
	pv_calltree_node *r = &b->t->nodes[0];
	r->time = sum;
	r->certain = sum;
	if (focus == PV_CALLTREE_NONE && total > sum * (1 + NEAR)) {
		/* time under no root: shown, not dropped */
		cand u = { 0 };
		u.x = total - sum;
		u.edge = PV_CALLTREE_NONE;
		u.func = PV_CALLTREE_NONE;
		if (add_cand(b, &u) < 0)
			goto oom;
		r->time = total;
		r->certain = total;
	}
	b->min_time = r->time > 0 ? r->time * b->min_time : 0;
	b->t->min_time = b->min_time;
	int st = settle(b, 0);
	if (st < 0)
		goto oom;
	if (st == 1) { /* a budget too small even for the roots */
		r = &b->t->nodes[0];
		r->hidden = r->time;
		r->flags |= PV_CALLTREE_TRUNCATED;
		b->t->truncated = 1;
	}
	rc = 0;
	goto out;
oom:
	pv_error_set(err, "out of memory building the call tree");
out:
	free(in_all);
	free(in_other);
	free(root);
	return rc;
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
	b.ne = pv_profile_nedges(p);
	b.t = out;
	b.max_nodes = o->max_nodes ? o->max_nodes : def.max_nodes;
	if (b.max_nodes > UINT32_MAX - 1)
		b.max_nodes = UINT32_MAX - 1;
	b.max_depth = o->max_depth ? o->max_depth : def.max_depth;
	b.min_time = o->min_fraction > 0 ? o->min_fraction : 0; /* a fraction until the root is known */
	int rc = -1;
	size_t nf1 = b.nf ? b.nf : 1;

	b.stamp = calloc(nf1, sizeof *b.stamp);
	b.pairstamp = calloc(b.ne ? b.ne : 1, sizeof *b.pairstamp);
	b.outer = malloc(nf1 * sizeof *b.outer);
	b.self = malloc(nf1 * sizeof *b.self);
	b.activity = malloc(nf1 * sizeof *b.activity);
	b.rec = malloc(nf1);
	b.comp = malloc(nf1 * sizeof *b.comp);
	b.edge = malloc((b.ne ? b.ne : 1) * sizeof *b.edge);
	b.edge0 = malloc((b.ne ? b.ne : 1) * sizeof *b.edge0);
	if (!b.ci || !b.stamp || !b.pairstamp || !b.outer || !b.self || !b.activity || !b.rec || !b.comp ||
	    !b.edge || !b.edge0 || reserve_nodes(&b, 1) < 0) {
		pv_error_set(err, "out of memory building the call tree");
		goto done;
	}
	new_node(&b, PV_CALLTREE_ROOT, PV_CALLTREE_NONE, 0, PV_CALLTREE_NONE, PV_CALLTREE_EXACT);
	if (setup(&b, o->focus, err) < 0)
		goto done;
	while (b.nheap > 0) {
		uint32_t k = heap_pop(&b);
		int grow = b.t->nodes[k].depth < b.max_depth;
		if (expand(&b, k, grow) < 0) {
			pv_error_set(err, "out of memory building the call tree");
			goto done;
		}
		if (!grow) {
			b.t->nodes[k].flags |= PV_CALLTREE_TRUNCATED;
			b.t->truncated = 1;
		}
	}
	rc = 0;
done:
	free(b.heap);
	free(b.stamp);
	free(b.pairstamp);
	free(b.outer);
	free(b.self);
	free(b.activity);
	free(b.rec);
	free(b.comp);
	free(b.crem);
	free(b.edge);
	free(b.edge0);
	free(b.cand);
	return rc;
}
