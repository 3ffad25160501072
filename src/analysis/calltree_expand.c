/*
 * calltree_expand.c - the rule: splits one box into its self part and
 * children within the budgets (gprof's shares for a function in no
 * circle, the largest demand first for a recursive box come by a new
 * pair, a folded box for every deeper activation of a circle), after the
 * evidence of calltree_evidence.c, and spends the budgets.
 */
#include "calltree_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int by_want(const void *pa, const void *pb)
{
	const cand *a = pa, *c = pb;
	if (a->want != c->want)
		return a->want > c->want ? -1 : 1;
	return a->func < c->func ? -1 : a->func > c->func;
}

/* ===================================================== expansion */

/* Whether a box of `f` with time `T` holds all of f's activity. */
static int holds_all(const builder *b, uint32_t f, double T)
{
	return !pvct_rec_of(b, f) && T >= pvct_activity_of(b, f) * (1 - NEAR);
}

/* Spends x of f's self budget. */
static void spend_self(builder *b, uint32_t f, double x)
{
	pvct_log(b, PVCT_SELF, f);
	pvct_log(b, PVCT_CREM, b->comp[f]);
	b->w->self[f] -= x;
	b->w->crem[b->comp[f]] -= x;
}

/* Spends x of edge e (from f), and of the callee's budget. */
static void spend_edge(builder *b, const cand *k)
{
	uint32_t c = k->func, f = b->ed[k->edge].caller;
	if (!k->pair) {
		pvct_log(b, PVCT_EDGE, k->edge);
		b->w->edge[k->edge] -= k->x;
		if (b->comp[c] != b->comp[f]) {
			pvct_log(b, PVCT_CREM, b->comp[f]);
			b->w->crem[b->comp[f]] -= k->x;
		}
	}
	if (!(k->flags & PV_CALLTREE_NESTED)) {
		pvct_log(b, PVCT_OUTER, c);
		b->w->outer[c] -= k->x;
	}
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
 * A root box's own time: the function's tottime on the calls no caller
 * entry holds (the profiler's own call of the top `exec`), its tottime
 * less its caller edges' own times, when every caller edge has them.
 * Taken before the box fills, as an entry's edge's own time is: the top
 * exec's 54 us in py311_jsontool had gone to a piece of json.tool's module
 * body, whose one call then came 54 us short where it ran, and every box
 * below it was estimated.
 */
static double root_self(const builder *b, uint32_t f, double T)
{
	const pv_func *fn = &b->fn[f];
	double tt = fn->tt;
	for (uint32_t e = fn->callers; e < fn->callers + fn->ncallers; e++) {
		const pv_edge *ed = &b->ed[e];
		if (pv_edge_is_int(ed) || !isfinite(ed->tt))
			return 0;
		tt -= ed->tt;
	}
	double x = tt < T ? tt : T;
	if (x > b->w->self[f])
		x = b->w->self[f];
	return x > 0 ? x : 0;
}

/*
 * cProfile's edge caller->f holds f's own time on the calls from that
 * caller (tottime on those calls).  When the pair never ran inside itself
 * (all the edge's calls primitive), that is the self time of the boxes of
 * f come by this edge: the box keeps its share of it (its part of the
 * edge's time), no more than f's self budget left.  0 for an edge of
 * counts only (the profile module), samples, or a pair that recursed (its
 * own time is then partly the deeper activations', which the folded
 * boxes below take).
 */
static double edge_self(const builder *b, const pv_calltree_node *n, double T)
{
	if (b->sampled)
		return 0;
	if (n->edge == PV_CALLTREE_NONE)
		return root_self(b, n->func, T);
	const pv_edge *e = &b->ed[n->edge];
	double t = b->edge0[n->edge];
	if (pv_edge_is_int(e) || pv_edge_nc(e) != pv_edge_cc(e) || !(e->tt > 0) || !(t > 0) ||
	    !isfinite(e->tt))
		return 0;
	double x = e->tt * (T < t ? T / t : 1);
	if (x > b->w->self[n->func])
		x = b->w->self[n->func];
	if (x > T)
		x = T;
	return x > 0 ? x : 0;
}

/*
 * A link of the import machinery (not exec) gives the callees what its
 * modules leave by the loading work below each (the prep's iload: the
 * loader's get_code of its own module, find_spec's search), each no more
 * than its gprof share of that work (`share`, the box's part of its
 * function's activity) and what its budgets allow.  What is left goes the
 * usual way (the largest demand first: the next link).  Returns what it
 * gave.
 */
static double loading_shares(builder *b, double room, double share)
{
	double W = 0;
	for (uint32_t i = 0; i < b->ncand; i++)
		if (!b->cand[i].later)
			W += b->iload[b->cand[i].edge];
	if (!(W > 0) || !(room > 0))
		return 0;
	double gave = 0;
	for (uint32_t i = 0; i < b->ncand; i++) {
		cand *k = &b->cand[i];
		double w = b->iload[k->edge];
		if (k->later || !(w > 0) || !(k->demand > 0))
			continue;
		double x = room * w / W;
		if (x > w * share)
			x = w * share;
		if (x > k->demand)
			x = k->demand;
		k->x += x;
		k->demand -= x;
		gave += x;
	}
	return gave;
}

/*
 * Splits box `node` into its self part and children (see pv/calltree.h),
 * spends the budgets and, when `grow`, adds the children as nodes.
 * Returns 0, or -1 when out of memory.
 */
int pvct_expand(builder *b, uint32_t node, int grow)
{
	pv_calltree_node *n = &b->t->nodes[node];
	double T = n->time;
	uint32_t f = n->func;
	if (!(T > 0))
		return 0;
	if (++b->w->now == 0) { /* wrapped: start over */
		memset(b->w->stamp, 0, b->nf * sizeof *b->w->stamp);
		memset(b->w->pairstamp, 0, b->ne * sizeof *b->w->pairstamp);
		b->w->now = 1;
	}
	int repeat = 0;
	for (uint32_t a = n->parent; a != PV_CALLTREE_NONE; a = b->t->nodes[a].parent) {
		const pv_calltree_node *an = &b->t->nodes[a];
		if (an->kind == PV_CALLTREE_FUNC)
			b->w->stamp[an->func] = b->w->now;
		if (an->edge != PV_CALLTREE_NONE)
			b->w->pairstamp[an->edge] = b->w->now;
		/* a folded box of f above, as wide as this one */
		if (b->nx[a].fold && an->func == f && an->time <= T * (1 + NEAR))
			repeat = 1;
	}
	/* a box that came by a caller->callee pair already on its path folds
	   every deeper activation of the circle into itself */
	int folded = n->edge != PV_CALLTREE_NONE && b->w->pairstamp[n->edge] == b->w->now;
	b->nx[node].fold = (unsigned char)folded;
	b->w->stamp[f] = b->w->now;
	if (n->edge != PV_CALLTREE_NONE)
		b->w->pairstamp[n->edge] = b->w->now;
	double A = pvct_activity_of(b, f);
	double share = A > 0 ? T / A : 0;
	double slack = T * NEAR;
	int whole = holds_all(b, f, T);

	/* the candidates: outside the path first, then the path's own */
	b->ncand = 0;
	for (int pass = 0; pass < 2; pass++)
		for (uint32_t j = b->cs[f]; j < b->cs[f + 1]; j++) {
			uint32_t e = b->ci[j];
			uint32_t c = b->ed[e].callee;
			if (c >= b->nf)
				continue;
			int inpath = b->w->stamp[c] == b->w->now;
			if (inpath != pass)
				continue;
			/* a function whose calls were all primitive never ran
			   inside itself: no box of it goes under one of it */
			if (inpath && pvct_never_nested(&b->fn[c], b->sampled))
				continue;
			/*
			 * cProfile leaves a call out of an edge's time when the
			 * same caller->callee pair is already running: below that
			 * pair the edge has no budget, only what the callee's
			 * circle has left to place.
			 */
			int pair = b->w->pairstamp[e] == b->w->now;
			double d;
			if (inpath) {
				d = b->w->crem[b->comp[c]];
				if (!pair && b->w->edge[e] < d)
					d = b->w->edge[e];
			} else {
				d = b->w->edge[e] < b->w->outer[c] ? b->w->edge[e] : b->w->outer[c];
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
			if (pvct_add_cand(b, &k) < 0)
				return -1;
		}
	/* a hub of the machinery, come by a caller (a root comes by none) */
	int hub = b->idist[f] != UINT32_MAX && pvct_rec_of(b, f) && !folded &&
		  n->edge != PV_CALLTREE_NONE;
	if (hub)
		pvct_hub_later(b, node);
	/* a folded box as wide as one of its function above, with no self
	   time left to take, repeats it (below) */
	repeat = repeat && folded && !(b->w->self[f] > 0);
	/* a box of the import machinery come by a new pair (an import's
	   entry: no link of a chain, which holds its modules' time) keeps
	   its edge's own time (`own`, outside `room`) before it fits modules */
	double own = b->idist[f] != UINT32_MAX && pvct_rec_of(b, f) && !folded &&
		     !(b->nx[node].res > 0) ? edge_self(b, n, T) : 0;
	/* import chains: what this box keeps for whole modules, given first */
	double room = T - own, xs = 0;
	if (b->idist[f] != UINT32_MAX && !repeat)
		room = pvct_import_chain(b, node, room);
	else if (pvct_rec_of(b, f) && !folded && n->edge != PV_CALLTREE_NONE)
		room = pvct_matching_edge(b, node, room);
	uint32_t nout = 0;
	while (nout < b->ncand && !(b->cand[nout].flags & PV_CALLTREE_NESTED))
		nout++;

	if (!pvct_rec_of(b, f)) {
		/* gprof's shares, scaled down when the data over-commits, then
		   what budgets are left fills any room */
		xs = b->fn[f].tt > 0 ? b->fn[f].tt * share : 0;
		if (xs > b->w->self[f])
			xs = b->w->self[f];
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
		/* and its own self time that other boxes left */
		if (room > slack && b->w->self[f] > xs) {
			double more = b->w->self[f] - xs < room ? b->w->self[f] - xs : room;
			xs += more;
			room -= more;
		}
	} else if (!folded) {
		/* a box of a recursive function, come by a new pair: the
		   evidence is the edge that matches, so the largest demand
		   off the path fills first, then calls back into the path;
		   self time goes to the folded boxes below, then here */
		if (b->loading && b->idist[f] != UINT32_MAX && f != b->exec)
			room -= loading_shares(b, room, share);
		for (uint32_t i = 0; i < b->ncand; i++) {
			cand *k = &b->cand[i];
			k->want = k->later ? 0 : k->demand;
		}
		qsort(b->cand, nout, sizeof *b->cand, by_want);
		room = fill(b, 0, nout, room, slack);
		qsort(b->cand + nout, b->ncand - nout, sizeof *b->cand, by_want);
		room = fill(b, nout, b->ncand, room, slack);
		if (hub) {
			/* the calls the hub made for its other callers, last */
			for (uint32_t i = 0; i < b->ncand; i++) {
				cand *k = &b->cand[i];
				k->want = k->later ? k->demand - (k->x - k->pre) : 0;
			}
			room = fill(b, 0, b->ncand, room, slack);
		}
		/* its own time kept, then what self the room takes (own <= self) */
		double more = b->w->self[f] - own < room ? b->w->self[f] - own : room;
		xs = own + more;
		room -= more;
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
		xs = b->w->self[f] < room ? b->w->self[f] : room;
		if (xs < 0)
			xs = 0;
		room -= xs;
		for (uint32_t i = 0; i < b->ncand; i++)
			b->cand[i].want = b->cand[i].demand - (b->cand[i].x - b->cand[i].pre);
		/*
		 * A folded box as wide as a folded box of its function above
		 * has nothing left to place that the one above had not: the
		 * circle's own calls below it would repeat the circle round and
		 * round down to the depth limit, a tower of boxes as wide as
		 * each other with none of their time.  Its rest is not placed.
		 */
		if (repeat)
			for (uint32_t i = nout; i < b->ncand; i++)
				if (b->cand[i].pair)
					b->cand[i].want = 0;
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
		if (pvct_add_cand(b, &u) < 0)
			return -1;
	}
	double kids = T - xs;
	if (!grow) {
		n->hidden = kids > 0 ? kids : 0;
		return 0;
	}
	int rc = pvct_settle(b, node);
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
