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

#include <math.h>
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
	t->zoom_node = 0;
	t->zoom_matched = 0;
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
	int path;         /* the next box of the zoom path */
	double pre;       /* given before the rule (import chains) */
	double res;       /* import chain: what the box keeps for its modules */
	uint32_t nmods;   /* import chain: how many modules at most */
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
	double *edge;             /* per edge: cumulative time */
	double *crem;             /* per circle: self and outgoing edge budgets left */
	/* fixed, from the prep */
	const double *activity;   /* per function: cumtime + nested time */
	const unsigned char *rec; /* per function: recursive */
	const double *edge0;      /* per edge: its time */
	const uint32_t *comp;     /* per function: its circle (strongly connected component) */
	const uint32_t *idist;    /* per function: import machinery's calls to exec, or UINT32_MAX */
	uint32_t exec;            /* builtins.exec, or PV_CALLTREE_NONE */
	const unsigned char *ientry; /* per function: where an import starts */
	const double *iwidth;     /* per function: the widest path to exec */
	const double *iwidthf;    /* the same to _find_and_load */
	uint32_t fal;             /* _find_and_load, or PV_CALLTREE_NONE */
	double *res;              /* per node: cand.res */
	uint32_t *nmods;          /* per node: cand.nmods */
	uint32_t ofunc;           /* the focus: its own activity and recursion below */
	double oact;
	unsigned char orec;
	cand *cand;
	uint32_t ncand, capcand;
	/* the zoom path */
	const uint32_t *zoom;
	uint32_t nzoom;
	uint32_t zi;              /* the entry the next child must match */
	int zooming;              /* still following the path */
	uint32_t next;            /* the child settle() kept for the path */
	uint32_t zdepth;          /* the zoom box's depth */
	double fraction;          /* opts.min_fraction */
} builder;

/* f's activity (cumtime + nested time) and whether it is recursive */
static double activity_of(const builder *b, uint32_t f)
{
	return f == b->ofunc ? b->oact : b->activity[f];
}

static int rec_of(const builder *b, uint32_t f)
{
	return f == b->ofunc ? b->orec : b->rec[f];
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
	size_t rc = b->cap;
	if (pv_grow((void **)&b->res, &rc, hc, sizeof *b->res) < 0)
		return -1;
	size_t mc = b->cap;
	if (pv_grow((void **)&b->nmods, &mc, rc, sizeof *b->nmods) < 0)
		return -1;
	b->cap = nc < hc ? nc : hc;
	if (rc < b->cap)
		b->cap = rc;
	if (mc < b->cap)
		b->cap = mc;
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
	b->res[b->t->n] = 0;
	b->nmods[b->t->n] = 0;
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

/* Box `node` is the zoom box: only its subtree is expanded from now on. */
static void zoom_here(builder *b, uint32_t node)
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
static int settle(builder *b, uint32_t parent)
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
			zoom_here(b, parent);
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
			zoom_here(b, parent);
		return 1;
	}
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
		pv_calltree_node *kn = &b->t->nodes[k];
		kn->certain = c->certain;
		kn->edge = c->edge;
		b->res[k] = c->res;
		b->nmods[k] = c->nmods;
		if (!onpath) {
			heap_push(b, k);
		} else if (c->path) {
			b->next = k;
		} else { /* a sibling of the path: left unexpanded */
			kn->hidden = kn->time;
			kn->flags |= PV_CALLTREE_TRUNCATED;
		}
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
	return !rec_of(b, f) && T >= activity_of(b, f) * (1 - NEAR);
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

static int by_demand(const void *pa, const void *pb)
{
	const cand *a = pa, *c = pb;
	if (a->demand != c->demand)
		return a->demand > c->demand ? -1 : 1;
	return a->func < c->func ? -1 : a->func > c->func;
}

/* Gives cand k x before the rule: the rule splits what it still wants. */
static void give(cand *k, double x)
{
	k->x = k->pre = x;
	k->demand -= x;
	k->want = k->want > x ? k->want - x : 0;
}

/*
 * A recursive function re-entered by many callers (builtins.next driving
 * generators, exec) passes each caller's calls on to one callee: the
 * callee edge with the same number of calls and about the same time as
 * the edge the box came by is where they went, so it is given first.
 */
static uint32_t match_of(const builder *b, uint32_t edge)
{
	const pv_edge *in = &b->ed[edge];
	double calls = (double)pv_edge_nc(in), t = b->edge0[edge];
	if (pv_edge_is_int(in) || !(calls > 0) || !(t > 0))
		return PV_CALLTREE_NONE;
	uint32_t best = PV_CALLTREE_NONE;
	double bd = 0;
	for (uint32_t i = 0; i < b->ncand; i++) {
		const cand *k = &b->cand[i];
		const pv_edge *out = &b->ed[k->edge];
		if ((double)pv_edge_nc(out) != calls || pv_edge_is_int(out))
			continue;
		double d = b->edge0[k->edge] - t;
		if (d < 0)
			d = -d;
		if (d <= 0.1 * t && (best == PV_CALLTREE_NONE || d < bd)) {
			best = i;
			bd = d;
		}
	}
	return best;
}

static double matching_edge(builder *b, uint32_t node, double T)
{
	uint32_t best = match_of(b, b->t->nodes[node].edge);
	if (best == PV_CALLTREE_NONE)
		return T;
	cand *k = &b->cand[best];
	double x = k->demand < T ? k->demand : T;
	if (!(x > 0))
		return T;
	give(k, x);
	return T - x;
}

/*
 * Python 3's imports run a chain of importlib functions down to
 * builtins.exec, which runs the module bodies; every import goes through
 * the same chain, so the chain's boxes cannot tell from the edges which
 * modules they hold.  The edge into the chain can: its time is exactly
 * the imports its caller made.  So the box where a chain is entered picks
 * the modules whose whole cumtime fits its time (largest first, no more
 * than the edge's calls), keeps that much (`res`) for them down the chain
 * (each box gives its next link at least that), and the exec box at the
 * end gives them their whole time.  The rest of each box is split by the
 * rule as before, on top of what these gave.  Returns the room left.
 */
static double import_chain(builder *b, uint32_t node, double T)
{
	pv_calltree_node *n = &b->t->nodes[node];
	uint32_t f = n->func;
	double slack = T * NEAR;
	if (b->exec == PV_CALLTREE_NONE)
		return T;
	if (b->res[node] <= 0) {
		/* the chain's entry: its caller is no link of it */
		uint32_t pf = n->parent == PV_CALLTREE_NONE ? PV_CALLTREE_NONE : b->t->nodes[n->parent].func;
		if (pf != PV_CALLTREE_NONE && b->idist[pf] != UINT32_MAX)
			return T;
		if (!(b->ientry[f]))
			return T;
		if (n->edge == PV_CALLTREE_NONE || n->parent == 0)
			return T;
		double calls = (double)pv_edge_nc(&b->ed[n->edge]);
		uint32_t x = b->exec;
		double left = T, sum = 0;
		uint32_t taken = 0;
		/* the modules, largest first */
		size_t m = b->cs[x + 1] - b->cs[x];
		double *d = malloc((m ? m : 1) * sizeof *d);
		if (!d)
			return T;
		size_t nd = 0;
		for (uint32_t j = b->cs[x]; j < b->cs[x + 1]; j++) {
			uint32_t e = b->ci[j], c = b->ed[e].callee;
			if (c >= b->nf || b->stamp[c] == b->now || c == f)
				continue;
			double dm = b->edge[e] < b->outer[c] ? b->edge[e] : b->outer[c];
			if (dm > 0)
				d[nd++] = dm;
		}
		/* sort descending (insertion: modules are few) */
		for (size_t i = 1; i < nd; i++) {
			double v = d[i];
			size_t k = i;
			while (k > 0 && d[k - 1] < v) {
				d[k] = d[k - 1];
				k--;
			}
			d[k] = v;
		}
		for (size_t i = 0; i < nd && taken < calls; i++)
			if (d[i] <= left + slack) {
				left -= d[i];
				sum += d[i];
				taken++;
			}
		free(d);
		if (!(sum > 0))
			return T;
		b->res[node] = sum < T ? sum : T;
		b->nmods[node] = taken;
	}
	double R = b->res[node];
	double room = T;
	if (f == b->exec) {
		/* the modules that fit, whole, largest first */
		qsort(b->cand, b->ncand, sizeof *b->cand, by_demand);
		uint32_t taken = 0;
		for (uint32_t i = 0; i < b->ncand && taken < b->nmods[node]; i++) {
			cand *k = &b->cand[i];
			if ((k->flags & PV_CALLTREE_NESTED) || k->demand > room + slack)
				continue;
			give(k, k->demand < room ? k->demand : room);
			room -= k->x;
			taken++;
		}
		/* the rule sees the callees in their usual order again */
		uint32_t lo = 0;
		for (uint32_t i = 0; i < b->ncand; i++)
			if (!(b->cand[i].flags & PV_CALLTREE_NESTED)) {
				cand c = b->cand[i];
				memmove(&b->cand[lo + 1], &b->cand[lo], (i - lo) * sizeof c);
				b->cand[lo++] = c;
			}
	} else {
		/* the next link: the callee edge that matches the one this box
		   came by (calls and time), else the callee the widest path
		   to exec goes by */
		uint32_t best = n->edge != PV_CALLTREE_NONE ? match_of(b, n->edge) : PV_CALLTREE_NONE;
		if (best != PV_CALLTREE_NONE && b->idist[b->cand[best].func] == UINT32_MAX)
			best = PV_CALLTREE_NONE;
		/* an import reaches _find_and_load first (from _handle_fromlist
		   by __import__), then exec */
		int loading = b->fal == PV_CALLTREE_NONE;
		for (uint32_t a = node; !loading && a != PV_CALLTREE_NONE; a = b->t->nodes[a].parent) {
			uint32_t af = b->t->nodes[a].func;
			if (af == PV_CALLTREE_NONE || b->idist[af] == UINT32_MAX)
				break;
			loading = af == b->fal;
		}
		for (int pass = loading; pass < 2 && best == PV_CALLTREE_NONE; pass++) {
			const double *width = pass ? b->iwidth : b->iwidthf;
			double bw = 0;
			for (uint32_t i = 0; i < b->ncand; i++) {
				uint32_t c = b->cand[i].func;
				if (b->idist[c] == UINT32_MAX)
					continue;
				double w = b->edge0[b->cand[i].edge];
				if (width[c] < w)
					w = width[c];
				if (w > bw) {
					bw = w;
					best = i;
				}
			}
		}
		if (best == PV_CALLTREE_NONE)
			return T;
		cand *k = &b->cand[best];
		double x = R < k->demand ? R : k->demand;
		if (x > room)
			x = room;
		if (!(x > 0))
			return T;
		give(k, x);
		k->res = x;
		k->nmods = b->nmods[node];
		room -= x;
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
	double A = activity_of(b, f);
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
	/* import chains: what this box keeps for whole modules, given first */
	double room = T, xs = 0;
	if (b->idist[f] != UINT32_MAX)
		room = import_chain(b, node, T);
	else if (rec_of(b, f) && !folded && n->edge != PV_CALLTREE_NONE)
		room = matching_edge(b, node, T);
	uint32_t nout = 0;
	while (nout < b->ncand && !(b->cand[nout].flags & PV_CALLTREE_NESTED))
		nout++;

	if (!rec_of(b, f)) {
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
			b->cand[i].x = b->cand[i].pre + b->cand[i].want * scale;
			room -= b->cand[i].x - b->cand[i].pre;
			b->cand[i].want = b->cand[i].demand - (b->cand[i].x - b->cand[i].pre);
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
			b->cand[i].x = b->cand[i].pre + b->cand[i].want * scale;
			room -= b->cand[i].x - b->cand[i].pre;
		}
		xs = b->self[f] < room ? b->self[f] : room;
		if (xs < 0)
			xs = 0;
		room -= xs;
		for (uint32_t i = 0; i < b->ncand; i++)
			b->cand[i].want = b->cand[i].demand - (b->cand[i].x - b->cand[i].pre);
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

/* ===================================================== prepare */

/*
 * What does not depend on the options, computed once by
 * pv_calltree_prepare() and only read afterwards.
 */
struct pv_calltree_prep {
	const pv_profile *p;
	const pv_func *fn;
	const pv_edge *ed;
	const uint32_t *ci, *cs;
	size_t nf, ne, ncomp;
	uint32_t *comp;            /* per function: its circle */
	unsigned char *circ;       /* per function: in a circle of several, or calls itself */
	double *outer0, *self0;    /* per function: cumtime, tottime (>= 0) */
	double *edge0;             /* per edge: its time */
	double *crem0;             /* per circle: self and outgoing edge times */
	double *in_all;            /* per function: what all its callers' edges carry */
	double *out_all;           /* per function: tottime + its callee edges */
	/* [0]: with no function a root (a focus request), [1]: unfocused roots */
	double *activity[2];
	unsigned char *rec[2];
	uint32_t *rootf;           /* the unfocused roots, by function id */
	double *roott;             /* their time */
	uint32_t nroots;
	double rootsum;            /* their sum */
	uint32_t *idist;           /* per function: import machinery's calls to exec */
	uint32_t exec;             /* builtins.exec, or PV_CALLTREE_NONE */
	unsigned char *ientry;     /* per function: where an import starts */
	double *iwidth;            /* per function: the widest path through the machinery to exec */
	double *iwidthf;           /* the same to _find_and_load */
	uint32_t fal;              /* _find_and_load, or PV_CALLTREE_NONE */
	double total;              /* the profile's total time */
};

static int has_caller(const pv_calltree_prep *P, uint32_t e)
{
	return P->ed[e].caller < P->nf;
}

/* What f's callers do not account for of its cumtime (0 when they do). */
static double excess(const pv_func *fn, const double *in_other, uint32_t f)
{
	double x = fn[f].ct - in_other[f];
	return x > 0 ? x : 0;
}

/*
 * f's activity (cumtime + nested time) and whether it is recursive, when
 * `root` of it is a root: nested time is what its callers' edges (and the
 * root) carry beyond its cumtime, or what its own callee edges do
 * (cProfile hides a pair's calls within the same pair, so either can miss
 * it); recursive means in a circle of calls, with time nested in itself
 * (callees that over-commit a function outside any circle are
 * inconsistent data, scaled down, not recursion).
 */
static void activity_at(const pv_calltree_prep *P, uint32_t f, double root, double *act,
			unsigned char *rec)
{
	double ct = P->outer0[f];
	double nest = P->in_all[f] + root - ct;
	if (P->out_all[f] - ct > nest)
		nest = P->out_all[f] - ct;
	if (!(nest > ct * 1e-6 && nest > 0))
		nest = 0;
	*rec = nest > 0 && P->circ[f];
	*act = ct + nest;
}

void pv_calltree_prep_free(pv_calltree_prep *P)
{
	if (!P)
		return;
	free(P->comp);
	free(P->circ);
	free(P->outer0);
	free(P->self0);
	free(P->edge0);
	free(P->crem0);
	free(P->in_all);
	free(P->out_all);
	for (int i = 0; i < 2; i++) {
		free(P->activity[i]);
		free(P->rec[i]);
	}
	free(P->rootf);
	free(P->roott);
	free(P->idist);
	free(P->ientry);
	free(P->iwidth);
	free(P->iwidthf);
	free(P);
}

/* The unfocused roots (see pv/calltree.h). */
static int find_roots(pv_calltree_prep *P, double *root)
{
	size_t nf = P->nf, ncomp = P->ncomp ? P->ncomp : 1;
	const pv_func *fn = P->fn;
	const uint32_t *comp = P->comp;
	double total = P->total;
	double *in_other = calloc(nf ? nf : 1, sizeof *in_other);
	uint32_t *best = malloc(ncomp * sizeof *best);
	unsigned char *entered = calloc(ncomp, 1);
	uint32_t *size = calloc(ncomp, sizeof *size);
	double *ncin = calloc(nf ? nf : 1, sizeof *ncin);
	double *top = calloc(nf ? nf : 1, sizeof *top);
	double *ext = calloc(ncomp, sizeof *ext);
	unsigned char *topk = calloc(ncomp, 1);
	int sampled = pv_profile_is_sampled(P->p);
	int rc = -1;
	if (!in_other || !best || !entered || !size || !ncin || !top || !topk || !ext)
		goto out;
	for (uint32_t e = 0; e < P->ne; e++) {
		uint32_t c = P->ed[e].callee;
		if (c >= nf || !has_caller(P, e))
			continue;
		/*
		 * A caller can hand on no more than its own cumtime: an edge
		 * from a caller recorded with less (cProfile's own top frame
		 * can be, when its key collides with another) explains only
		 * that much of the callee.
		 */
		uint32_t g = P->ed[e].caller;
		double ge = fn[g].ct > 0 ? fn[g].ct : 0;
		if (g != c)
			in_other[c] += P->edge0[e] < ge ? P->edge0[e] : ge;
	}
	/* per component: its heaviest member, and whether anything outside
	   calls into it */
	for (size_t i = 0; i < P->ncomp; i++)
		best[i] = PV_CALLTREE_NONE;
	for (uint32_t f = 0; f < nf; f++) {
		uint32_t k = comp[f];
		size[k]++;
		/* the member its callers explain least (by more than 0.1% of
		   the total), then the heaviest */
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
			if (has_caller(P, e) && comp[P->ed[e].caller] != k)
				entered[k] = 1;
	}
	/*
	 * In a circle, the callers' edges overlap (an edge from within the
	 * circle is nested in an outer activation of it), so they cannot
	 * tell what enters from the top.  The call counts can: calls of f
	 * that no caller entry holds were made by the profiler itself (the
	 * top `exec` of `python -m cProfile`), and each is outermost, so of
	 * f's cc outermost activations that many hold f's cumtime at the top,
	 * less what the circle's callers from outside account for (those
	 * cannot run inside the circle, or they would be in it; when a key
	 * collision hides the link from the top, as `<string>` overwritten by
	 * an eval's, they are what the top ran).
	 */
	for (uint32_t e = 0; e < P->ne; e++) {
		uint32_t c = P->ed[e].callee, g = P->ed[e].caller;
		if (c >= nf || !has_caller(P, e) || comp[g] == comp[c])
			continue;
		double ge = fn[g].ct > 0 ? fn[g].ct : 0;
		ext[comp[c]] += P->edge0[e] < ge ? P->edge0[e] : ge;
	}
	for (uint32_t e = 0; e < P->ne; e++) {
		uint32_t c = P->ed[e].callee;
		if (c < nf && has_caller(P, e)) {
			/* (hand-made files can hold fewer calls than primitive ones) */
			double nc = (double)pv_edge_nc(&P->ed[e]), cc = (double)pv_edge_cc(&P->ed[e]);
			ncin[c] += nc > cc ? nc : cc;
		}
	}
	for (uint32_t f = 0; f < nf; f++) {
		uint32_t k = comp[f];
		double cc = (double)pv_func_cc(&fn[f]);
		double u = (double)pv_func_nc(&fn[f]) - ncin[f];
		if (size[k] > 1 && !sampled && u >= 0.5 && cc > 0 && fn[f].ct > 0) {
			double x = fn[f].ct * (u < cc ? u / cc : 1);
			if (x > fn[f].ct - ext[k])
				x = fn[f].ct - ext[k];
			/* a circle nothing calls has its member its callers
			   explain least as a root (below): when that explains
			   the top too, the top is that */
			double xb = entered[k] || best[k] == f ? 0 : excess(fn, in_other, best[k]);
			if (x - xb > 0.01 * total) {
				top[f] = x;
				topk[k] = 1;
			}
		}
	}
	for (uint32_t f = 0; f < nf; f++) {
		if (!(fn[f].ct > 0))
			continue;
		uint32_t k = comp[f];
		int uncalled = !(in_other[f] > 0) && !entered[k] && size[k] == 1;
		if (topk[k] && top[f] > 0)
			root[f] = top[f];
		else if (uncalled || (size[k] > 1 && !entered[k] && best[k] == f))
			root[f] = fn[f].ct;
		else if (excess(fn, in_other, f) > 0.01 * total)
			root[f] = excess(fn, in_other, f);
	}
	rc = 0;
out:
	free(in_other);
	free(best);
	free(entered);
	free(size);
	free(ncin);
	free(top);
	free(topk);
	free(ext);
	return rc;
}

static int has_prefix(const char *s, size_t n, const char *pre)
{
	size_t k = strlen(pre);
	return n >= k && memcmp(s, pre, k) == 0;
}

static int has_suffix(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);
	return n >= k && memcmp(s + n - k, suf, k) == 0;
}

/*
 * The widest path (the largest smallest edge) from each of the machinery's
 * functions `set` (nset of them) to `target`, through the machinery, in
 * width[] (0: none).
 */
static void widest(const pv_calltree_prep *P, uint32_t target, double *width,
		   const uint32_t *set, size_t nset, unsigned char *done)
{
	width[target] = (double)INFINITY;
	for (;;) {
		uint32_t c = PV_CALLTREE_NONE;
		for (size_t i = 0; i < nset; i++) {
			uint32_t f = set[i];
			if (!done[f] && width[f] > 0 && (c == PV_CALLTREE_NONE || width[f] > width[c]))
				c = f;
		}
		if (c == PV_CALLTREE_NONE)
			break;
		done[c] = 1;
		const pv_func *fc = &P->fn[c];
		for (uint32_t e = fc->callers; e < fc->callers + fc->ncallers; e++) {
			uint32_t g = P->ed[e].caller;
			if (g >= P->nf || P->idist[g] == UINT32_MAX || done[g])
				continue;
			double w = P->edge0[e] < width[c] ? P->edge0[e] : width[c];
			if (w > width[g])
				width[g] = w;
		}
	}
}

/*
 * Python 3's import machinery: importlib's functions and the built-in
 * __import__, and how many calls each is from builtins.exec (the module
 * bodies' runner), through the machinery alone; UINT32_MAX for the rest.
 */
static int import_links(pv_calltree_prep *P)
{
	size_t nf = P->nf;
	P->exec = PV_CALLTREE_NONE;
	P->fal = PV_CALLTREE_NONE;
	P->idist = malloc((nf ? nf : 1) * sizeof *P->idist);
	P->ientry = calloc(nf ? nf : 1, 1);
	uint32_t *queue = malloc((nf ? nf : 1) * sizeof *queue);
	if (!P->idist || !P->ientry || !queue) {
		free(queue);
		return -1;
	}
	for (uint32_t f = 0; f < nf; f++) {
		size_t fl, nl;
		const char *file = pv_profile_string(P->p, P->fn[f].file, &fl);
		const char *name = pv_profile_string(P->p, P->fn[f].name, &nl);
		int m = 0;
		if (P->fn[f].flags & PV_FUNC_BUILTIN) {
			if (nl == 31 && memcmp(name, "<built-in method builtins.exec>", nl) == 0)
				P->exec = f;
			m = (nl == 37 && memcmp(name, "<built-in method builtins.__import__>", nl) == 0);
			P->ientry[f] = (unsigned char)m;
		} else {
			m = has_prefix(file, fl, "<frozen importlib.") ||
			    has_suffix(file, fl, "importlib/_bootstrap.py") ||
			    has_suffix(file, fl, "importlib/_bootstrap_external.py") ||
			    has_suffix(file, fl, "importlib/__init__.py");
			/* where an import starts: import statements, importlib.import_module */
			if (m && nl == 14 && memcmp(name, "_find_and_load", nl) == 0)
				P->fal = f;
			P->ientry[f] = m && ((nl == 14 && memcmp(name, "_find_and_load", nl) == 0) ||
					     (nl == 11 && memcmp(name, "_gcd_import", nl) == 0) ||
					     (nl == 16 && memcmp(name, "_handle_fromlist", nl) == 0) ||
					     (nl == 13 && memcmp(name, "import_module", nl) == 0));
		}
		P->idist[f] = m ? UINT32_MAX - 1 : UINT32_MAX;
	}
	if (P->exec == PV_CALLTREE_NONE) {
		for (uint32_t f = 0; f < nf; f++)
			P->idist[f] = UINT32_MAX;
		free(queue);
		return 0;
	}
	/* breadth first from exec, backwards over the machinery's calls */
	size_t qh = 0, qt = 0;
	P->idist[P->exec] = 0;
	queue[qt++] = P->exec;
	while (qh < qt) {
		uint32_t c = queue[qh++];
		const pv_func *fc = &P->fn[c];
		for (uint32_t e = fc->callers; e < fc->callers + fc->ncallers; e++) {
			uint32_t g = P->ed[e].caller;
			if (g >= nf || P->idist[g] != UINT32_MAX - 1)
				continue;
			P->idist[g] = P->idist[c] + 1;
			queue[qt++] = g;
		}
	}
	for (uint32_t f = 0; f < nf; f++)
		if (P->idist[f] == UINT32_MAX - 1)
			P->idist[f] = UINT32_MAX;
	/*
	 * How much time can flow from each link to exec: the widest path
	 * (the largest smallest edge) through the machinery, so that a chain
	 * follows _load_unlocked, not _find_spec's few calls to exec.
	 */
	P->iwidth = calloc(nf ? nf : 1, sizeof *P->iwidth);
	P->iwidthf = calloc(nf ? nf : 1, sizeof *P->iwidthf);
	unsigned char *done = calloc(nf ? nf : 1, 1);
	if (!P->iwidth || !P->iwidthf || !done) {
		free(done);
		free(queue);
		return -1;
	}
	qt = 0;
	for (uint32_t f = 0; f < nf; f++)
		if (P->idist[f] != UINT32_MAX)
			queue[qt++] = f;
	widest(P, P->exec, P->iwidth, queue, qt, done);
	if (P->fal != PV_CALLTREE_NONE) {
		memset(done, 0, nf);
		widest(P, P->fal, P->iwidthf, queue, qt, done);
	}
	free(done);
	free(queue);
	return 0;
}

pv_calltree_prep *pv_calltree_prepare(const pv_profile *p, pv_error *err)
{
	pv_calltree_prep *P = calloc(1, sizeof *P);
	double *root = NULL, *outside = NULL;
	uint32_t *csize = NULL;
	if (!P)
		goto oom;
	P->p = p;
	P->fn = pv_profile_funcs(p);
	P->ed = pv_profile_edges(p);
	P->ci = pv_profile_callee_index(p, &P->cs);
	P->nf = pv_profile_nfuncs(p);
	P->ne = pv_profile_nedges(p);
	P->total = pv_profile_totals(p)->total_tt;
	size_t nf = P->nf, nf1 = nf ? nf : 1, ne1 = P->ne ? P->ne : 1;
	const pv_func *fn = P->fn;
	const pv_edge *ed = P->ed;
	P->comp = malloc(nf1 * sizeof *P->comp);
	P->circ = calloc(nf1, 1);
	P->outer0 = malloc(nf1 * sizeof *P->outer0);
	P->self0 = malloc(nf1 * sizeof *P->self0);
	P->edge0 = malloc(ne1 * sizeof *P->edge0);
	P->in_all = calloc(nf1, sizeof *P->in_all);
	P->out_all = malloc(nf1 * sizeof *P->out_all);
	for (int i = 0; i < 2; i++) {
		P->activity[i] = malloc(nf1 * sizeof *P->activity[i]);
		P->rec[i] = malloc(nf1);
	}
	root = calloc(nf1, sizeof *root);
	outside = calloc(nf1, sizeof *outside);
	if (!P->ci || !P->comp || !P->circ || !P->outer0 || !P->self0 || !P->edge0 ||
	    !P->in_all || !P->out_all || !P->activity[0] || !P->activity[1] || !P->rec[0] ||
	    !P->rec[1] || !root || !outside)
		goto oom;
	long ncomp = pv_circles(p, P->comp);
	if (ncomp < 0)
		goto oom;
	P->ncomp = (size_t)ncomp;
	const uint32_t *comp = P->comp;
	P->crem0 = calloc(P->ncomp ? P->ncomp : 1, sizeof *P->crem0);
	csize = calloc(P->ncomp ? P->ncomp : 1, sizeof *csize);
	if (!P->crem0 || !csize)
		goto oom;
	/*
	 * profile-module edges hold call counts only.  A callee's outermost
	 * time comes by its calls from outside its circle (fib's one call
	 * from main, not its 21,890 calls from itself), so those edges share
	 * the cumtime by their counts; calls within the circle share it by
	 * all the calls, as pv_edge_time() does.
	 */
	for (uint32_t e = 0; e < P->ne; e++) {
		uint32_t c = ed[e].callee;
		if (c < nf && has_caller(P, e) && pv_edge_is_int(&ed[e]) &&
		    comp[ed[e].caller] != comp[c] && pv_edge_nc(&ed[e]) > 0)
			outside[c] += (double)pv_edge_nc(&ed[e]);
	}
	for (uint32_t e = 0; e < P->ne; e++) {
		uint32_t c = ed[e].callee;
		double t = 0;
		if (!has_caller(P, e) || c >= nf)
			t = 0;
		else if (pv_edge_is_int(&ed[e]) && comp[ed[e].caller] != comp[c] &&
			 outside[c] > 0 && pv_edge_nc(&ed[e]) > 0)
			t = fn[c].ct * ((double)pv_edge_nc(&ed[e]) / outside[c]);
		else
			t = pv_edge_time(fn, &ed[e]);
		P->edge0[e] = t > 0 ? t : 0;
	}
	for (uint32_t e = 0; e < P->ne; e++) {
		uint32_t c = ed[e].callee;
		if (c < nf && has_caller(P, e))
			P->in_all[c] += P->edge0[e];
	}
	for (uint32_t f = 0; f < nf; f++)
		csize[comp[f]]++;
	for (uint32_t f = 0; f < nf; f++)
		P->circ[f] = csize[comp[f]] > 1;
	for (uint32_t e = 0; e < P->ne; e++)
		if (ed[e].caller == ed[e].callee && ed[e].callee < nf)
			P->circ[ed[e].callee] = 1;
	for (uint32_t f = 0; f < nf; f++) {
		P->outer0[f] = fn[f].ct > 0 ? fn[f].ct : 0;
		P->self0[f] = fn[f].tt > 0 ? fn[f].tt : 0;
		double out_all = P->self0[f];
		for (uint32_t j = P->cs[f]; j < P->cs[f + 1]; j++)
			out_all += P->edge0[P->ci[j]];
		P->out_all[f] = out_all;
		P->crem0[comp[f]] += P->self0[f];
		for (uint32_t j = P->cs[f]; j < P->cs[f + 1]; j++) {
			uint32_t c = ed[P->ci[j]].callee;
			if (c < nf && comp[c] != comp[f])
				P->crem0[comp[f]] += P->edge0[P->ci[j]];
		}
	}
	if (find_roots(P, root) < 0 || import_links(P) < 0)
		goto oom;
	uint32_t nroots = 0;
	for (uint32_t f = 0; f < nf; f++) {
		activity_at(P, f, 0, &P->activity[0][f], &P->rec[0][f]);
		activity_at(P, f, root[f], &P->activity[1][f], &P->rec[1][f]);
		nroots += root[f] > 0;
	}
	P->rootf = malloc((nroots ? nroots : 1) * sizeof *P->rootf);
	P->roott = malloc((nroots ? nroots : 1) * sizeof *P->roott);
	if (!P->rootf || !P->roott)
		goto oom;
	for (uint32_t f = 0; f < nf; f++) {
		if (!(root[f] > 0))
			continue;
		double t = root[f] < P->outer0[f] ? root[f] : P->outer0[f];
		P->rootf[P->nroots] = f;
		P->roott[P->nroots++] = t;
		P->rootsum += t;
	}
	free(root);
	free(outside);
	free(csize);
	return P;
oom:
	pv_error_set(err, "out of memory building the call tree");
	free(root);
	free(outside);
	free(csize);
	pv_calltree_prep_free(P);
	return NULL;
}

/* ===================================================== build */

/* node 0 and its children, the roots (or the focus) */
static int plant(builder *b, const pv_calltree_prep *P, uint32_t focus, double fraction)
{
	b->ncand = 0;
	double sum = 0;
	if (focus != PV_CALLTREE_NONE) {
		double t = P->outer0[focus];
		if (t > 0) {
			cand k = { 0 };
			k.x = t;
			k.edge = 0; /* not UNPLACED */
			k.func = focus;
			k.flags = t >= P->fn[focus].ct * (1 - NEAR) ? PV_CALLTREE_EXACT : 0;
			k.certain = k.flags ? t : 0;
			b->outer[focus] -= t;
			sum += t;
			if (add_cand(b, &k) < 0)
				return -1;
		}
	} else {
		for (uint32_t i = 0; i < P->nroots; i++) {
			uint32_t f = P->rootf[i];
			double t = P->roott[i];
			cand k = { 0 };
			k.x = t;
			k.edge = 0;
			k.func = f;
			k.flags = t >= P->fn[f].ct * (1 - NEAR) ? PV_CALLTREE_EXACT : 0;
			k.certain = k.flags ? t : 0;
			b->outer[f] -= t;
			if (add_cand(b, &k) < 0)
				return -1;
		}
		sum = P->rootsum;
	}
	pv_calltree_node *r = &b->t->nodes[0];
	r->time = sum;
	r->certain = sum;
	if (focus == PV_CALLTREE_NONE && P->total > sum * (1 + NEAR)) {
		/* time under no root: shown, not dropped */
		cand u = { 0 };
		u.x = P->total - sum;
		u.edge = PV_CALLTREE_NONE;
		u.func = PV_CALLTREE_NONE;
		if (add_cand(b, &u) < 0)
			return -1;
		r->time = P->total;
		r->certain = P->total;
	}
	b->min_time = r->time > 0 ? r->time * fraction : 0;
	b->t->min_time = b->min_time;
	b->fraction = fraction;
	int st = settle(b, 0);
	if (st < 0)
		return -1;
	if (st == 1) { /* a budget too small even for the roots */
		r = &b->t->nodes[0];
		r->hidden = r->time;
		r->flags |= PV_CALLTREE_TRUNCATED;
		b->t->truncated = 1;
	}
	return 0;
}

int pv_calltree_build_prepared(const pv_calltree_prep *P, const pv_calltree_opts *o,
			       pv_calltree *out, pv_error *err)
{
	pv_calltree_opts def;
	pv_calltree_opts_init(&def);
	if (!o)
		o = &def;
	builder b;
	memset(&b, 0, sizeof b);
	memset(out, 0, sizeof *out);
	b.p = P->p;
	b.fn = P->fn;
	b.ed = P->ed;
	b.ci = P->ci;
	b.cs = P->cs;
	b.nf = P->nf;
	b.ne = P->ne;
	b.comp = P->comp;
	b.edge0 = P->edge0;
	b.idist = P->idist;
	b.ientry = P->ientry;
	b.iwidth = P->iwidth;
	b.iwidthf = P->iwidthf;
	b.fal = P->fal;
	b.exec = P->exec;
	b.t = out;
	b.max_nodes = o->max_nodes ? o->max_nodes : def.max_nodes;
	if (b.max_nodes > UINT32_MAX - 1)
		b.max_nodes = UINT32_MAX - 1;
	b.max_depth = o->max_depth ? o->max_depth : def.max_depth;
	double fraction = o->min_fraction > 0 ? o->min_fraction : 0;
	uint32_t focus = o->focus;
	if (focus != PV_CALLTREE_NONE && focus >= b.nf) {
		pv_error_set(err, "no function %u to focus on", focus);
		return -1;
	}
	/* a focus is the one root: nothing else is, and it is with its cumtime */
	int fi = focus == PV_CALLTREE_NONE;
	b.activity = P->activity[fi];
	b.rec = P->rec[fi];
	b.ofunc = focus;
	if (focus != PV_CALLTREE_NONE)
		activity_at(P, focus, P->outer0[focus], &b.oact, &b.orec);
	int rc = -1;
	size_t nf1 = b.nf ? b.nf : 1, ne1 = b.ne ? b.ne : 1;
	size_t nc1 = P->ncomp ? P->ncomp : 1;
	b.stamp = calloc(nf1, sizeof *b.stamp);
	b.pairstamp = calloc(ne1, sizeof *b.pairstamp);
	b.outer = malloc(nf1 * sizeof *b.outer);
	b.self = malloc(nf1 * sizeof *b.self);
	b.edge = malloc(ne1 * sizeof *b.edge);
	b.crem = malloc(nc1 * sizeof *b.crem);
	if (!b.stamp || !b.pairstamp || !b.outer || !b.self || !b.edge || !b.crem ||
	    reserve_nodes(&b, 1) < 0)
		goto oom;
	memcpy(b.outer, P->outer0, b.nf * sizeof *b.outer);
	memcpy(b.self, P->self0, b.nf * sizeof *b.self);
	memcpy(b.edge, P->edge0, b.ne * sizeof *b.edge);
	memcpy(b.crem, P->crem0, P->ncomp * sizeof *b.crem);
	new_node(&b, PV_CALLTREE_ROOT, PV_CALLTREE_NONE, 0, PV_CALLTREE_NONE, PV_CALLTREE_EXACT);
	b.zoom = o->zoom;
	b.nzoom = o->zoom ? o->nzoom : 0;
	b.zooming = b.nzoom > 0;
	b.next = PV_CALLTREE_NONE;
	if (plant(&b, P, focus, fraction) < 0)
		goto oom;
	/* the zoom path: each box expanded as soon as it is made */
	while (b.zooming) {
		uint32_t k = b.next;
		b.next = PV_CALLTREE_NONE;
		if (k == PV_CALLTREE_NONE) { /* nothing was settled: stop */
			zoom_here(&b, out->zoom_node);
			break;
		}
		out->zoom_matched = ++b.zi;
		out->zoom_node = k;
		if (b.zi == b.nzoom) {
			zoom_here(&b, k);
			heap_push(&b, k);
			break;
		}
		if (expand(&b, k, 1) < 0)
			goto oom;
	}
	while (b.nheap > 0) {
		uint32_t k = heap_pop(&b);
		int grow = b.t->nodes[k].depth - b.zdepth < b.max_depth;
		if (expand(&b, k, grow) < 0)
			goto oom;
		if (!grow) {
			b.t->nodes[k].flags |= PV_CALLTREE_TRUNCATED;
			b.t->truncated = 1;
		}
	}
	rc = 0;
	goto done;
oom:
	pv_error_set(err, "out of memory building the call tree");
done:
	free(b.heap);
	free(b.res);
	free(b.nmods);
	free(b.stamp);
	free(b.pairstamp);
	free(b.outer);
	free(b.self);
	free(b.crem);
	free(b.edge);
	free(b.cand);
	return rc;
}

int pv_calltree_build(const pv_profile *p, const pv_calltree_opts *o,
		      pv_calltree *out, pv_error *err)
{
	memset(out, 0, sizeof *out);
	pv_calltree_prep *P = pv_calltree_prepare(p, err);
	if (!P)
		return -1;
	int rc = pv_calltree_build_prepared(P, o, out, err);
	pv_calltree_prep_free(P);
	return rc;
}
