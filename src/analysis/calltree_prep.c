/*
 * calltree_prep.c - pvct_prepare(): what does not depend on the
 * options, O(functions + edges): the circles, the budgets the builds
 * start from (profile-module edges shared by their counts), the
 * recursion flags and activities, the import machinery, and the roots.
 */
#include "calltree_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pv/circles.h"

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
void pvct_activity_at(const pv_calltree_prep *P, uint32_t f, double root, double *act,
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

/*
 * The same for a focus, the one root of its tree: its callers are outside
 * that tree, so their edges nest nothing in it unless it ran inside
 * itself (not all its calls primitive); callees that over-commit it count
 * as always (an estimate, not recursion).
 */
void pvct_focus_activity(const pv_calltree_prep *P, uint32_t f, double *act,
			 unsigned char *rec)
{
	const pv_func *fn = &P->fn[f];
	if (!pvct_never_nested(fn, pv_profile_is_sampled(P->p))) {
		pvct_activity_at(P, f, P->outer0[f], act, rec);
		return;
	}
	double ct = P->outer0[f], over = P->out_all[f] - ct;
	*act = ct + (over > ct * 1e-6 && over > 0 ? over : 0);
	*rec = 0;
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
	free(P->iload);
	free(P->submod);
	free(P->edgesite);
	free(P->sitestart);
	free(P->sitemod);
	pvct_work_free(P->work);
	free(P);
}

/* Whether edge e into c is a counted (profile-module) edge of the group
   `outer` (from outside c's circle) or not (from within). */
static int counted(const pv_calltree_prep *P, uint32_t e, uint32_t c, int outer)
{
	const pv_edge *d = &P->ed[e];
	return has_caller(P, e) && pv_edge_is_int(d) && pv_edge_nc(d) > 0 &&
	       (P->comp[d->caller] != P->comp[c]) == outer;
}

/*
 * profile-module edges hold call counts only, but the functions' own
 * numbers bound them: a function that never nests in itself (all its
 * calls primitive) hands its callees exactly its cumtime less its
 * tottime, and receives from its callers exactly its cumtime when every
 * call of it is in a caller entry.  The count shares are scaled, caller
 * by caller and callee by callee, until both hold (iterative
 * proportional fitting: the fit nearest the count shares, each edge its
 * share times a caller factor times a callee factor).  An edge whose
 * caller and callee both nest (an import chain's own calls) keeps its
 * share.  So a module body's import of another gets what the body does
 * not spend elsewhere: `json/__init__`'s two imports its 4 ms, not two
 * sixths of all six.
 */
#define FIT_ROUNDS 300     /* the corpus's fits settle by then */
#define FIT_MIN_ROUNDS 10
#define FIT_WORK 20000000.0 /* edges x rounds: 15 rounds at 1.3M edges */
enum { BOUND_ROW = 1, BOUND_COL = 2 };

/* Whether the fit binds counted edge e: its caller's or its callee's own
   numbers hold it. */
static int bound_edge(const pv_calltree_prep *P, const unsigned char *bound, uint32_t e)
{
	return (bound[P->ed[e].caller] & BOUND_ROW) || (bound[P->ed[e].callee] & BOUND_COL);
}

/* Whether the fit moves edge e: counted, with both ends, bound. */
static int fitted(const pv_calltree_prep *P, const unsigned char *bound, uint32_t e)
{
	return P->ed[e].callee < P->nf && has_caller(P, e) && pv_edge_is_int(&P->ed[e]) &&
	       bound_edge(P, bound, e);
}

/* Sets bound[] (BOUND_ROW, BOUND_COL per function) and fits edge0[]. */
static int fit_counted(pv_calltree_prep *P, unsigned char *bound)
{
	size_t nf = P->nf, nf1 = nf ? nf : 1;
	const pv_func *fn = P->fn;
	const pv_edge *ed = P->ed;
	/* want[0]: what each caller hands on, want[1]: what each callee takes */
	double *want[2] = { malloc(nf1 * sizeof(double)), malloc(nf1 * sizeof(double)) };
	double *sum = malloc(nf1 * sizeof *sum), *ncin = calloc(nf1, sizeof *ncin);
	uint32_t *fe = NULL, *end[2] = { NULL, NULL };
	double *val = NULL;
	int rc = -1;
	if (!want[0] || !want[1] || !sum || !ncin)
		goto out;
	for (uint32_t f = 0; f < nf; f++) {
		int flat = pv_func_cc(&fn[f]) == pv_func_nc(&fn[f]) && fn[f].ct > 0 &&
			   isfinite(fn[f].ct) && isfinite(fn[f].tt);
		bound[f] = flat ? BOUND_ROW | BOUND_COL : 0;
		want[0][f] = fn[f].ct - (fn[f].tt > 0 ? fn[f].tt : 0);
		want[1][f] = fn[f].ct;
	}
	for (uint32_t e = 0; e < P->ne; e++) {
		uint32_t c = ed[e].callee;
		if (c >= nf || !has_caller(P, e))
			continue;
		ncin[c] += (double)pv_edge_nc(&ed[e]);
		if (!pv_edge_is_int(&ed[e])) {
			/* timed edges (a merge made by hand) are known */
			want[0][ed[e].caller] -= P->edge0[e];
			want[1][c] -= P->edge0[e];
		}
	}
	for (uint32_t f = 0; f < nf; f++) {
		if (ncin[f] < (double)pv_func_nc(&fn[f]))
			bound[f] &= (unsigned char)~BOUND_COL; /* the profiler's own calls hold some */
		for (int side = 0; side < 2; side++)
			if (!(want[side][f] > 0))
				want[side][f] = 0;
	}
	/* the edges the fit moves, in callee order: their ends and times */
	size_t n = 0;
	for (uint32_t e = 0; e < P->ne; e++)
		n += fitted(P, bound, e);
	fe = malloc((n ? n : 1) * sizeof *fe);
	end[0] = malloc((n ? n : 1) * sizeof *end[0]);
	end[1] = malloc((n ? n : 1) * sizeof *end[1]);
	val = malloc((n ? n : 1) * sizeof *val);
	if (!fe || !end[0] || !end[1] || !val)
		goto out;
	n = 0;
	for (uint32_t e = 0; e < P->ne; e++)
		if (fitted(P, bound, e)) {
			fe[n] = e;
			end[0][n] = ed[e].caller;
			end[1][n] = ed[e].callee;
			val[n++] = P->edge0[e];
		}
	/* each round is four passes over those edges; on a large profile
	   whose numbers do not quite agree (they seldom do: timer noise)
	   the rounds stop at a budget */
	double rounds = n ? FIT_WORK / (double)n : 0;
	if (rounds > FIT_ROUNDS)
		rounds = FIT_ROUNDS;
	if (n && rounds < FIT_MIN_ROUNDS)
		rounds = FIT_MIN_ROUNDS;
	for (int round = 0; round < rounds; round++) {
		double moved = 0;
		for (int side = 0; side < 2; side++) {
			const uint32_t *k = end[side];
			unsigned char flag = side ? BOUND_COL : BOUND_ROW;
			memset(sum, 0, nf1 * sizeof *sum);
			for (size_t i = 0; i < n; i++)
				sum[k[i]] += val[i];
			/* sum becomes each function's factor (1: not bound) */
			for (uint32_t f = 0; f < nf; f++)
				sum[f] = (bound[f] & flag) && sum[f] > 0 && isfinite(sum[f]) ?
						 want[side][f] / sum[f] : 1;
			for (size_t i = 0; i < n; i++) {
				double t = val[i] * sum[k[i]];
				if (fabs(t - val[i]) > moved)
					moved = fabs(t - val[i]);
				val[i] = t;
			}
		}
		if (moved <= P->total * 1e-9)
			break;
	}
	for (size_t i = 0; i < n; i++)
		P->edge0[fe[i]] = val[i];
	rc = 0;
out:
	free(want[0]);
	free(want[1]);
	free(sum);
	free(ncin);
	free(fe);
	free(end[0]);
	free(end[1]);
	free(val);
	return rc;
}

/*
 * A caller hands on no more than its own cumtime.  profile-module edges
 * (counts only) share a callee's cumtime by their calls; where a share
 * is more than its caller's cumtime (an eval of 0.0002 s making 4 of the
 * 5 calls of `<string>:1`, whose 1 call from the top exec ran the whole
 * program), that edge gets its caller's cumtime and the rest goes to the
 * callee's other edges of the same group (from outside its circle, or
 * from within), by their calls.  Edges the fit bound keep their time and
 * the others share the rest: that eval's edges hold what the evals ran,
 * and the exec's edge the rest.  `fixed` is all 0 on entry and on return.
 */
static void cap_counted(pv_calltree_prep *P, uint32_t c, int outer, const unsigned char *bound,
			unsigned char *fixed)
{
	const pv_func *fn = P->fn;
	uint32_t lo = fn[c].callers, hi = lo + fn[c].ncallers;
	double X = 0, held = 0;
	int over = 0, nbound = 0, nfree = 0;
	for (uint32_t e = lo; e < hi; e++) {
		if (!counted(P, e, c, outer))
			continue;
		double cap = fn[P->ed[e].caller].ct > 0 ? fn[P->ed[e].caller].ct : 0;
		X += P->edge0[e];
		if (bound_edge(P, bound, e)) {
			fixed[e - lo] = 2;
			held += P->edge0[e];
			nbound++;
		} else {
			over |= P->edge0[e] > cap * (1 + NEAR);
			nfree++;
		}
	}
	if (!nfree || !(over || nbound)) {
		for (uint32_t e = lo; e < hi; e++)
			fixed[e - lo] = 0;
		return;
	}
	/* calls from within the circle nest in each other: a capped edge's
	   time can lie inside the others', so they share the whole cumtime;
	   calls from outside share it less what the bound ones hold */
	if (!outer || nbound)
		X = fn[c].ct > 0 ? fn[c].ct : 0;
	if (outer)
		X -= held;
	double lambda = 0;
	for (int more = 1; more;) {
		double rest = X, w = 0;
		for (uint32_t e = lo; e < hi; e++) {
			if (!counted(P, e, c, outer) || fixed[e - lo] == 2)
				continue;
			if (fixed[e - lo]) {
				if (outer)
					rest -= fn[P->ed[e].caller].ct > 0 ? fn[P->ed[e].caller].ct : 0;
			} else
				w += (double)pv_edge_nc(&P->ed[e]);
		}
		lambda = w > 0 && rest > 0 ? rest / w : 0;
		more = 0;
		for (uint32_t e = lo; e < hi; e++) {
			if (!counted(P, e, c, outer) || fixed[e - lo])
				continue;
			double cap = fn[P->ed[e].caller].ct > 0 ? fn[P->ed[e].caller].ct : 0;
			if (lambda * (double)pv_edge_nc(&P->ed[e]) > cap) {
				fixed[e - lo] = 1;
				more = 1;
			}
		}
	}
	for (uint32_t e = lo; e < hi; e++) {
		if (!counted(P, e, c, outer))
			continue;
		double cap = fn[P->ed[e].caller].ct > 0 ? fn[P->ed[e].caller].ct : 0;
		if (fixed[e - lo] != 2)
			P->edge0[e] = fixed[e - lo] ? cap : lambda * (double)pv_edge_nc(&P->ed[e]);
		fixed[e - lo] = 0;
	}
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

pv_calltree_prep *pvct_prepare(const pv_profile *p, pv_error *err)
{
	pv_calltree_prep *P = calloc(1, sizeof *P);
	double *root = NULL, *outside = NULL;
	uint32_t *csize = NULL;
	unsigned char *fixed = NULL, *bound = NULL;
	if (!P)
		goto oom;
	atomic_flag_clear(&P->work_busy);
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
	int sampled = pv_profile_is_sampled(p);
	/* (a sampled file's edges count samples, the caller's and callee's
	   frames adjacent: from outside the callee's circle, where the pair
	   is in a stack at most once, that is the edge's time exactly) */
	for (uint32_t e = 0; e < P->ne && !sampled; e++) {
		uint32_t c = ed[e].callee;
		if (c < nf && has_caller(P, e) && pv_edge_is_int(&ed[e]) &&
		    comp[ed[e].caller] != comp[c] && pv_edge_nc(&ed[e]) > 0)
			outside[c] += (double)pv_edge_nc(&ed[e]);
	}
	int anyint = 0;
	for (uint32_t e = 0; e < P->ne && !anyint; e++)
		anyint = pv_edge_is_int(&ed[e]);
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
	if (anyint) {
		fixed = calloc(ne1, 1);
		bound = malloc(nf1);
		if (!fixed || !bound)
			goto oom;
		/* (a sampled file's call counts are samples: its primitive
		   calls are self samples, which say nothing of nesting) */
		if (sampled)
			memset(bound, 0, nf1);
		else if (fit_counted(P, bound) < 0)
			goto oom;
		for (uint32_t c = 0; c < nf; c++)
			for (int outer = 0; outer < 2; outer++)
				if (outside[c] > 0 || !outer)
					cap_counted(P, c, outer, bound, fixed);
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
	/*
	 * A circle's outermost activation holds no more than its members'
	 * tottimes and its calls out of it; a profile that contradicts
	 * itself (the threaded tests' main thread, whose cumtimes count wall
	 * time nothing's tottime does) can have a member whose cumtime is
	 * more.  That member's box still gets its cumtime: the circle holds
	 * at least its largest member, and what the budgets cannot fill is
	 * shown as not placed.
	 */
	for (uint32_t f = 0; f < nf; f++)
		if (P->circ[f] && P->crem0[comp[f]] < P->outer0[f])
			P->crem0[comp[f]] = P->outer0[f];
	if (find_roots(P, root) < 0 || pvct_import_links(P) < 0)
		goto oom;
	uint32_t nroots = 0;
	for (uint32_t f = 0; f < nf; f++) {
		pvct_activity_at(P, f, 0, &P->activity[0][f], &P->rec[0][f]);
		pvct_activity_at(P, f, root[f], &P->activity[1][f], &P->rec[1][f]);
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
	free(fixed);
	free(bound);
	free(csize);
	return P;
oom:
	pv_error_set(err, "out of memory building the call tree");
	free(root);
	free(outside);
	free(fixed);
	free(bound);
	free(csize);
	pv_calltree_prep_free(P);
	return NULL;
}
