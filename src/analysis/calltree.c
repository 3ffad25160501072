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
 *
 * The pieces (calltree_internal.h): calltree_prep.c prepares,
 * calltree_nodes.c holds the boxes, calltree_expand.c applies the rule
 * with calltree_evidence.c's evidence; this file plants the roots and
 * runs the builds.
 */
#include "pv/calltree.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "calltree_internal.h"

#include "pv/grow.h"

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
			pvct_log(b, PVCT_OUTER, focus);
			b->w->outer[focus] -= t;
			sum += t;
			if (pvct_add_cand(b, &k) < 0)
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
			pvct_log(b, PVCT_OUTER, f);
			b->w->outer[f] -= t;
			if (pvct_add_cand(b, &k) < 0)
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
		if (pvct_add_cand(b, &u) < 0)
			return -1;
		r->time = P->total;
		r->certain = P->total;
	}
	b->min_time = r->time > 0 ? r->time * fraction : 0;
	b->t->min_time = b->min_time;
	b->fraction = fraction;
	int st = pvct_settle(b, 0);
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

/* ===================================================== the workspace */

void pvct_log(builder *b, unsigned kind, uint32_t i)
{
	pvct_work *w = b->w;
	if (w->nlog == w->caplog &&
	    pv_grow((void **)&w->log, &w->caplog, w->nlog + 1, sizeof *w->log) < 0) {
		w->bad = 1;
		return;
	}
	w->log[w->nlog++] = (uint64_t)kind << 32 | i;
}

void pvct_work_free(pvct_work *w)
{
	if (!w)
		return;
	free(w->outer);
	free(w->self);
	free(w->edge);
	free(w->crem);
	free(w->stamp);
	free(w->pairstamp);
	free(w->log);
	free(w);
}

static pvct_work *work_new(const pv_calltree_prep *P)
{
	size_t nf1 = P->nf ? P->nf : 1, ne1 = P->ne ? P->ne : 1;
	size_t nc1 = P->ncomp ? P->ncomp : 1;
	pvct_work *w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	w->stamp = calloc(nf1, sizeof *w->stamp);
	w->pairstamp = calloc(ne1, sizeof *w->pairstamp);
	w->outer = malloc(nf1 * sizeof *w->outer);
	w->self = malloc(nf1 * sizeof *w->self);
	w->edge = malloc(ne1 * sizeof *w->edge);
	w->crem = malloc(nc1 * sizeof *w->crem);
	if (!w->stamp || !w->pairstamp || !w->outer || !w->self || !w->edge || !w->crem) {
		pvct_work_free(w);
		return NULL;
	}
	memcpy(w->outer, P->outer0, P->nf * sizeof *w->outer);
	memcpy(w->self, P->self0, P->nf * sizeof *w->self);
	memcpy(w->edge, P->edge0, P->ne * sizeof *w->edge);
	memcpy(w->crem, P->crem0, P->ncomp * sizeof *w->crem);
	return w;
}

/* Puts back the budgets a build changed; -1 when a change was not logged. */
static int work_reset(const pv_calltree_prep *P, pvct_work *w)
{
	if (w->bad)
		return -1;
	for (size_t i = 0; i < w->nlog; i++) {
		uint32_t k = (uint32_t)w->log[i];
		switch ((unsigned)(w->log[i] >> 32)) {
		case PVCT_OUTER: w->outer[k] = P->outer0[k]; break;
		case PVCT_SELF: w->self[k] = P->self0[k]; break;
		case PVCT_EDGE: w->edge[k] = P->edge0[k]; break;
		default: w->crem[k] = P->crem0[k]; break;
		}
	}
	w->nlog = 0;
	/* a big log is given back rather than kept */
	if (w->caplog > 1u << 20) {
		free(w->log);
		w->log = NULL;
		w->caplog = 0;
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
	b.iload = P->iload;
	b.fal = P->fal;
	b.use_sites = P->use_sites;
	b.loading = P->loading;
	b.sampled = pv_profile_is_sampled(P->p);
	b.edgesite = P->edgesite;
	b.sitestart = P->sitestart;
	b.sitemod = P->sitemod;
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
		pvct_focus_activity(P, focus, &b.oact, &b.orec);
	int rc = -1;
	pv_calltree_prep *mp = (pv_calltree_prep *)P; /* its workspace only */
	int kept = !atomic_flag_test_and_set(&mp->work_busy);
	if (kept && !mp->work)
		mp->work = work_new(P);
	b.w = kept ? mp->work : work_new(P);
	if (!b.w || pvct_reserve_nodes(&b, 1) < 0)
		goto oom;
	pvct_new_node(&b, PV_CALLTREE_ROOT, PV_CALLTREE_NONE, 0, PV_CALLTREE_NONE, PV_CALLTREE_EXACT);
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
			pvct_zoom_here(&b, out->zoom_node);
			break;
		}
		out->zoom_matched = ++b.zi;
		out->zoom_node = k;
		if (b.zi == b.nzoom) {
			pvct_zoom_here(&b, k);
			if (pv_nodeheap_push(&b.heap, b.t->nodes, k) < 0)
				goto oom;
			break;
		}
		if (pvct_expand(&b, k, 1) < 0)
			goto oom;
	}
	while (b.heap.n > 0) {
		uint32_t k = pv_nodeheap_pop(&b.heap, b.t->nodes);
		int grow = b.t->nodes[k].depth - b.zdepth < b.max_depth;
		if (pvct_expand(&b, k, grow) < 0)
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
	free(b.heap.v);
	free(b.nx);
	free(b.cand);
	if (kept) {
		if (b.w && work_reset(P, b.w) < 0) {
			pvct_work_free(b.w);
			mp->work = NULL;
		}
		atomic_flag_clear(&mp->work_busy);
	} else {
		pvct_work_free(b.w);
	}
	return rc;
}

/* ===================================================== the import rule */

/*
 * How many functions tree t draws with their pstats numbers: of those
 * with at least 0.5% of the total, the ones whose outermost boxes add up
 * to their cumtime and whose self parts add up to their tottime, each
 * within 1% of the total (the contract, docs/calltree.md).  -1 when out
 * of memory.
 */
static long held(const pv_calltree_prep *P, const pv_calltree *t)
{
	double *out = calloc(P->nf ? P->nf : 1, sizeof *out);
	double *self = calloc(P->nf ? P->nf : 1, sizeof *self);
	uint32_t *on = calloc(P->nf ? P->nf : 1, sizeof *on);
	uint32_t *stack = malloc((t->n + 1) * sizeof *stack);
	long n = -1;
	if (!out || !self || !on || !stack)
		goto done;
	/* depth first; a node's entry on the stack is its id, its exit the
	   id with the top bit set */
	size_t sp = 0;
	stack[sp++] = 0;
	while (sp > 0) {
		uint32_t i = stack[--sp];
		int leave = (i >> 31) != 0;
		const pv_calltree_node *x = &t->nodes[i & 0x7fffffffu];
		uint32_t f = x->kind == PV_CALLTREE_FUNC ? x->func : PV_CALLTREE_NONE;
		if (leave) {
			on[f]--;
			continue;
		}
		if (f != PV_CALLTREE_NONE) {
			if (!on[f]++)
				out[f] += x->time;
			self[f] += x->self;
			stack[sp++] = i | 0x80000000u;
		}
		for (uint32_t c = x->nchildren; c-- > 0;)
			stack[sp++] = x->first_child + c;
	}
	n = 0;
	double tol = 0.01 * P->total;
	for (uint32_t f = 0; f < P->nf; f++)
		n += P->outer0[f] >= 0.005 * P->total && fabs(out[f] - P->outer0[f]) <= tol &&
		     fabs(self[f] - P->self0[f]) <= tol;
done:
	free(out);
	free(self);
	free(on);
	free(stack);
	return n;
}

/*
 * The import rules the prep chooses from: the fit; the sites; the sites
 * with the links' loading shares; each of the last two with `from P
 * import m` (_handle_fromlist) running P's submodules only, within its
 * time inside itself.  A tie keeps the first.
 */
static const struct {
	int sites, loading, fromlist;
} rules[] = { { 0, 0, 0 }, { 1, 0, 0 }, { 1, 1, 0 }, { 1, 0, 1 }, { 1, 1, 1 } };
#define NRULES (sizeof rules / sizeof *rules)

/* Makes rule r the prep's (the sites worked out again when it needs). */
static int set_rule(pv_calltree_prep *P, size_t r)
{
	P->use_sites = rules[r].sites;
	P->loading = rules[r].loading;
	if (P->fromlist == rules[r].fromlist)
		return 0;
	P->fromlist = rules[r].fromlist;
	return pvct_import_sites(P);
}

/* profiles above this many functions keep the first rule (a tree per rule to compare) */
#define PVCT_CHOOSE_MAX 200000

pv_calltree_prep *pv_calltree_prepare(const pv_profile *p, pv_error *err)
{
	pv_calltree_prep *P = pvct_prepare(p, err);
	if (!P || P->nsites == 0 || P->nf > PVCT_CHOOSE_MAX)
		return P;
	/*
	 * Python 3's imports: which module bodies an import ran is not in the
	 * file, and the rules (above) guess it (calltree_evidence.c): a fit
	 * at each entry box as the build meets it, largest first, or sites
	 * worked out once, smallest first, their links giving the rest to the
	 * next link or by the loading work below each callee, `from P import
	 * m` taking any body or P's submodules only.  Each is right where the
	 * others are wrong (docs/calltree.md), so the prep builds a tree
	 * by each (the viewer's 4,000 boxes, down to 0.05% of the total: the
	 * same choice as the whole tree on every corpus profile, at a fraction
	 * of its cost) and keeps the rule whose tree keeps most functions'
	 * numbers.
	 */
	if (pvct_rule_evidence(P) < 0)
		goto oom;
	pv_calltree_opts o;
	pv_calltree_opts_init(&o);
	o.min_fraction = 0.0005;
	o.max_nodes = 4000;
	long best = -1;
	size_t bestr = 0;
	for (size_t r = 0; r < NRULES; r++) {
		pv_calltree t;
		long sc = -1;
		if (set_rule(P, r) == 0) {
			sc = pv_calltree_build_prepared(P, &o, &t, err) < 0 ? -1 : held(P, &t);
			pv_calltree_release(&t);
		}
		if (sc < 0)
			goto oom;
		if (sc > best) {
			best = sc;
			bestr = r;
		}
	}
	if (set_rule(P, bestr) < 0)
		goto oom;
	return P;
oom:
	pv_error_set(err, "out of memory building the call tree");
	pv_calltree_prep_free(P);
	return NULL;
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
