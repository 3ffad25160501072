/*
 * calltree_evidence.c - the evidence the rule reads before its shares
 * (docs/calltree.md, "The rule"): the matching edge of a recursive box,
 * and Python 3's import chains (which functions are the machinery, how
 * far each is from builtins.exec, the widest paths through it, and the
 * chain boxes that carry whole module bodies down to exec).
 */
#include "calltree_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

double pvct_matching_edge(builder *b, uint32_t node, double T)
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

/* Whether edges a and c have the same calls and about the same time. */
static int edges_match(const builder *b, uint32_t a, uint32_t c)
{
	const pv_edge *ea = &b->ed[a], *ec = &b->ed[c];
	if (pv_edge_is_int(ea) || pv_edge_is_int(ec) || pv_edge_nc(ea) != pv_edge_nc(ec))
		return 0;
	double t = b->edge0[c], d = b->edge0[a] - t;
	return t > 0 && (d < 0 ? -d : d) <= 0.1 * t;
}

/*
 * importlib's hubs (_call_with_frames_removed runs exec for exec_module,
 * __import__ for _handle_fromlist, compile for source_to_code) make each
 * caller's calls through the same function.  A callee edge whose calls
 * and time match another caller's edge into the hub was made for that
 * caller (source_to_code's 5 calls and 9.1 ms into the hub are its 5
 * calls of compile): a box of the hub that came by a different caller
 * gives it last (cand.later), after its other callees.
 */
void pvct_hub_later(builder *b, uint32_t node)
{
	const pv_calltree_node *n = &b->t->nodes[node];
	const pv_func *fc = &b->fn[n->func];
	if (fc->ncallers < 2)
		return;
	for (uint32_t i = 0; i < b->ncand; i++) {
		cand *k = &b->cand[i];
		if (edges_match(b, n->edge, k->edge))
			continue;
		for (uint32_t e = fc->callers; e < fc->callers + fc->ncallers; e++)
			if (e != n->edge && edges_match(b, e, k->edge)) {
				k->later = 1;
				break;
			}
	}
}

/*
 * What the entry box of an import (its caller is no link of the chain)
 * keeps for module bodies, by the prep's rule: the modules the prep gave
 * its site (pvct_import_sites()), or those that fit its time now, largest
 * first, no more than the edge's calls.  Sets res, nmods, site1; 0 when
 * the box is no entry or keeps nothing.
 */
static int import_entry(builder *b, uint32_t node, double T)
{
	pv_calltree_node *n = &b->t->nodes[node];
	uint32_t f = n->func, x = b->exec;
	uint32_t pf = n->parent == PV_CALLTREE_NONE ? PV_CALLTREE_NONE : b->t->nodes[n->parent].func;
	if ((pf != PV_CALLTREE_NONE && b->idist[pf] != UINT32_MAX) || !b->ientry[f] ||
	    n->edge == PV_CALLTREE_NONE)
		return 0;
	double sum = 0;
	uint32_t taken = 0;
	if (b->use_sites) {
		uint32_t s = b->edgesite[n->edge];
		if (s == PV_CALLTREE_NONE)
			return 0;
		for (uint32_t j = b->sitestart[s]; j < b->sitestart[s + 1]; j++) {
			uint32_t e = b->sitemod[j], c = b->ed[e].callee;
			if (b->w->stamp[c] != b->w->now && c != f)
				sum += b->w->edge[e] < b->w->outer[c] ? b->w->edge[e] : b->w->outer[c];
		}
		b->nx[node].site1 = s + 1;
	} else {
		double calls = (double)pv_edge_nc(&b->ed[n->edge]), left = T, slack = T * NEAR;
		/* the modules, largest first */
		size_t m = b->cs[x + 1] - b->cs[x];
		double *d = malloc((m ? m : 1) * sizeof *d);
		if (!d)
			return 0;
		size_t nd = 0;
		for (uint32_t j = b->cs[x]; j < b->cs[x + 1]; j++) {
			uint32_t e = b->ci[j], c = b->ed[e].callee;
			if (c >= b->nf || b->w->stamp[c] == b->w->now || c == f)
				continue;
			double dm = b->w->edge[e] < b->w->outer[c] ? b->w->edge[e] : b->w->outer[c];
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
	}
	if (!(sum > 0))
		return 0;
	b->nx[node].res = sum < T ? sum : T;
	b->nx[node].nmods = taken;
	return 1;
}

/* The exec box at the end of a chain gives the modules kept for it. */
static double import_exec(builder *b, uint32_t node, double room)
{
	double slack = room * NEAR;
	if (b->nx[node].site1) {
		/* the site's modules, whole, largest first */
		uint32_t s = b->nx[node].site1 - 1;
		for (uint32_t j = b->sitestart[s]; j < b->sitestart[s + 1] && room > slack; j++)
			for (uint32_t i = 0; i < b->ncand; i++) {
				cand *k = &b->cand[i];
				if (k->edge != b->sitemod[j])
					continue;
				if (!(k->flags & PV_CALLTREE_NESTED) && k->demand > 0 &&
				    k->demand <= room + slack) {
					give(k, k->demand < room ? k->demand : room);
					room -= k->x;
				}
				break;
			}
		return room;
	}
	/* the modules that fit, whole, largest first */
	qsort(b->cand, b->ncand, sizeof *b->cand, by_demand);
	uint32_t taken = 0;
	for (uint32_t i = 0; i < b->ncand && taken < b->nx[node].nmods; i++) {
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
	return room;
}

/*
 * Python 3's imports run a chain of importlib functions down to
 * builtins.exec, which runs the module bodies; every import goes through
 * the same chain, so the chain's boxes cannot tell from the edges which
 * modules they hold.  The edge into the chain can: its time is exactly
 * the imports its caller made.  So the box where a chain is entered keeps
 * time (`res`) for the modules it ran (import_entry()), each box gives its
 * next link at least that, and the exec box at the end gives them their
 * whole time.  The rest of each box is split by the rule as before, on
 * top of what these gave.  Returns the room left.
 */
double pvct_import_chain(builder *b, uint32_t node, double T)
{
	pv_calltree_node *n = &b->t->nodes[node];
	uint32_t f = n->func;
	if (b->exec == PV_CALLTREE_NONE)
		return T;
	if (b->nx[node].res <= 0 && !import_entry(b, node, T))
		return T;
	double R = b->nx[node].res;
	double room = T;
	if (f == b->exec) {
		room = import_exec(b, node, room);
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
		k->nmods = b->nx[node].nmods;
		k->site1 = b->nx[node].site1;
		room -= x;
	}
	return room;
}

/*
 * Whether f is Python 3's builtins.exec (the module bodies' runner), as
 * cProfile names it (`('~', 0, '<built-in method builtins.exec>')`) or
 * the profile module (`('', 0, 'exec')`).
 */
int pvct_is_exec(const pv_profile *p, uint32_t f)
{
	const pv_func *fn = &pv_profile_funcs(p)[f];
	size_t fl, nl;
	const char *name = pv_profile_string(p, fn->name, &nl);
	pv_profile_string(p, fn->file, &fl);
	if (!name)
		return 0;
	if (fn->flags & PV_FUNC_BUILTIN)
		return nl == 31 && memcmp(name, "<built-in method builtins.exec>", nl) == 0;
	return fl == 0 && fn->line == 0 && nl == 4 && memcmp(name, "exec", nl) == 0;
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

/* a module body (or a site), by its time, and its edge */
typedef struct imod {
	double t;
	uint32_t e;
} imod;

static int imod_desc(const void *pa, const void *pb)
{
	const imod *a = pa, *c = pb;
	if (a->t != c->t)
		return a->t > c->t ? -1 : 1;
	return a->e < c->e ? -1 : a->e > c->e;
}

static int imod_asc(const void *pa, const void *pb)
{
	return imod_desc(pb, pa);
}

/* The first body of the pool at or after i not given to a site yet
   (nxt[i] == i while i is free; path halving). */
static uint32_t next_free(uint32_t *nxt, uint32_t i)
{
	while (nxt[i] != i) {
		nxt[i] = nxt[nxt[i]];
		i = nxt[i];
	}
	return i;
}

static int is_site(const pv_calltree_prep *P, uint32_t e)
{
	uint32_t g = P->ed[e].caller, c = P->ed[e].callee;
	return g < P->nf && c < P->nf && P->ientry[c] && P->idist[g] == UINT32_MAX &&
	       P->edge0[e] > 0;
}

/* a string of the profile, by pointer and length */
typedef struct pstr {
	const char *s;
	size_t n;
} pstr;

static int pstr_cmp(const void *pa, const void *pb)
{
	const pstr *a = pa, *c = pb;
	return pv_text_cmp(a->s, a->n, c->s, c->n);
}

static int is_sep(char c)
{
	return c == '/' || c == '\\';
}

/* The length of file's directory with its separator (0: none). */
static size_t dir_len(const char *file, size_t n)
{
	while (n > 0 && !is_sep(file[n - 1]))
		n--;
	return n;
}

/* Whether file names a package's __init__.py. */
static int is_init(const char *file, size_t n)
{
	return n > 11 && pvct_ends_with(file, n, "__init__.py") && is_sep(file[n - 12]);
}

/*
 * Which module bodies are a package's submodules: `from P import m`
 * (_handle_fromlist) can only run P's submodules, never a top-level
 * module.  A body is one when its package's __init__ ran too: for
 * D/m.py, D/__init__.py; for D/__init__.py, its parent's.  (A package
 * imported before the profiler started is not seen: its submodules are
 * taken for top-level ones.)  Sorted __init__ files and a binary search
 * for each body.
 */
static int submodules(pv_calltree_prep *P)
{
	uint32_t x = P->exec;
	size_t nb = P->cs[x + 1] - P->cs[x], ni = 0, cap = 0;
	P->submod = calloc(P->ne ? P->ne : 1, 1);
	pstr *inits = malloc((nb ? nb : 1) * sizeof *inits);
	char *key = NULL;
	int rc = -1;
	if (!P->submod || !inits)
		goto out;
	for (uint32_t j = P->cs[x]; j < P->cs[x + 1]; j++) {
		uint32_t c = P->ed[P->ci[j]].callee;
		if (c >= P->nf)
			continue;
		size_t fl;
		const char *file = pv_profile_string(P->p, P->fn[c].file, &fl);
		if (is_init(file, fl))
			inits[ni++] = (pstr){ file, fl };
	}
	qsort(inits, ni, sizeof *inits, pstr_cmp);
	for (uint32_t j = P->cs[x]; j < P->cs[x + 1] && ni > 0; j++) {
		uint32_t e = P->ci[j], c = P->ed[e].callee;
		if (c >= P->nf)
			continue;
		size_t fl;
		const char *file = pv_profile_string(P->p, P->fn[c].file, &fl);
		/* the package's directory: the file's, or its parent's for an __init__ */
		size_t d = dir_len(file, fl);
		if (d > 0 && is_init(file, fl))
			d = dir_len(file, d - 1);
		if (d == 0)
			continue;
		if (d + 11 > cap) {
			cap = 2 * (d + 11);
			char *k = realloc(key, cap);
			if (!k)
				goto out;
			key = k;
		}
		memcpy(key, file, d);
		memcpy(key + d, "__init__.py", 11);
		pstr want = { key, d + 11 };
		P->submod[e] = bsearch(&want, inits, ni, sizeof *inits, pstr_cmp) != NULL;
	}
	rc = 0;
out:
	free(inits);
	free(key);
	return rc;
}

/* The time of g's edge to c (0 when g does not call c). */
static double edge_time(const pv_calltree_prep *P, uint32_t g, uint32_t c)
{
	for (uint32_t j = P->cs[g]; j < P->cs[g + 1]; j++)
		if (P->ed[P->ci[j]].callee == c)
			return P->edge0[P->ci[j]];
	return 0;
}

/*
 * Which module bodies each import ran, worked out once (the other rule
 * fits them at each entry box as the build meets it).  An import site is
 * an edge into the machinery's entry from a function outside it; its time
 * is the imports it made: the bodies it ran and the machinery's own work.
 * A module is run by one import, and a module's own imports take less
 * time than its body, which holds them; so the sites are taken smallest
 * first, each the largest bodies still free that fit its time, no more of
 * them than its calls: a module's imports get their modules before the
 * import that ran it can take them.  With `fromlist` (the prep's rule), a
 * site into _handle_fromlist takes submodules only (submodules()), within
 * _handle_fromlist's time inside itself.  Worked out again when the prep
 * changes that rule (the previous lists are freed).
 */
int pvct_import_sites(pv_calltree_prep *P)
{
	uint32_t x = P->exec;
	size_t nm = P->cs[x + 1] - P->cs[x], ns = 0, np = 0;
	for (uint32_t e = 0; e < P->ne; e++)
		ns += is_site(P, e);
	imod *pool = malloc((nm ? nm : 1) * sizeof *pool);
	imod *sites = malloc((ns ? ns : 1) * sizeof *sites);
	uint32_t *nxt = malloc((nm + 1) * sizeof *nxt);
	uint32_t *owner = malloc((nm ? nm : 1) * sizeof *owner);
	free(P->edgesite);
	free(P->sitestart);
	free(P->sitemod);
	P->edgesite = malloc((P->ne ? P->ne : 1) * sizeof *P->edgesite);
	P->sitestart = calloc(ns + 1, sizeof *P->sitestart);
	P->sitemod = malloc((nm ? nm : 1) * sizeof *P->sitemod);
	int rc = -1;
	if (!pool || !sites || !nxt || !owner || !P->edgesite || !P->sitestart || !P->sitemod)
		goto out;
	for (uint32_t j = P->cs[x]; j < P->cs[x + 1]; j++) {
		uint32_t e = P->ci[j], c = P->ed[e].callee;
		if (c >= P->nf || P->idist[c] != UINT32_MAX)
			continue;
		double t = P->edge0[e] < P->outer0[c] ? P->edge0[e] : P->outer0[c];
		if (t > 0)
			pool[np++] = (imod){ t, e };
	}
	qsort(pool, np, sizeof *pool, imod_desc);
	ns = 0;
	for (uint32_t e = 0; e < P->ne; e++) {
		P->edgesite[e] = PV_CALLTREE_NONE;
		if (is_site(P, e))
			sites[ns++] = (imod){ P->edge0[e], e };
	}
	qsort(sites, ns, sizeof *sites, imod_asc);
	for (uint32_t i = 0; i <= np; i++)
		nxt[i] = i;
	for (size_t i = 0; i < np; i++)
		owner[i] = PV_CALLTREE_NONE;
	/* _handle_fromlist's time inside itself: its callers' edges beyond
	   its cumtime (cProfile's edge counts the pair's outermost calls, its
	   cumtime the function's); a body given to one of its sites that
	   calls it too spends that much of it */
	double hnest = 0;
	if (P->fromlist && P->hfl != PV_CALLTREE_NONE) {
		const pv_func *fh = &P->fn[P->hfl];
		for (uint32_t e = fh->callers; e < fh->callers + fh->ncallers; e++)
			hnest += P->edge0[e];
		hnest -= P->outer0[P->hfl];
		if (hnest < 0)
			hnest = 0;
	}
	for (uint32_t s = 0; s < ns; s++) {
		uint32_t e = sites[s].e, g = P->ed[e].caller;
		double left = sites[s].t, slack = left * NEAR;
		double calls = (double)pv_edge_nc(&P->ed[e]);
		int fromlist = P->fromlist && P->ed[e].callee == P->hfl;
		P->edgesite[e] = s;
		for (uint32_t taken = 0; taken < calls; taken++) {
			/* the first body that fits: the pool is largest first */
			size_t lo = 0, hi = np;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (pool[mid].t > left + slack)
					lo = mid + 1;
				else
					hi = mid;
			}
			uint32_t i = next_free(nxt, (uint32_t)lo);
			/* not itself; `from P import m` runs P's submodules, and
			   one that imports so too nests within hnest */
			double inner = 0;
			for (; i < np; i = next_free(nxt, i + 1)) {
				uint32_t c = P->ed[pool[i].e].callee;
				if (c == g)
					continue;
				if (!fromlist)
					break;
				inner = edge_time(P, c, P->hfl);
				if (P->submod[pool[i].e] && inner <= hnest * (1 + NEAR))
					break;
			}
			if (i >= np)
				break;
			hnest -= inner;
			owner[i] = s;
			nxt[i] = i + 1;
			left -= pool[i].t;
		}
	}
	/* the sites' modules, grouped by site; the pool is walked in order,
	   so each site's stay largest first (each start is its site's next
	   slot while they are placed, then put back) */
	for (size_t i = 0; i < np; i++)
		if (owner[i] != PV_CALLTREE_NONE)
			P->sitestart[owner[i] + 1]++;
	for (uint32_t s = 0; s < ns; s++)
		P->sitestart[s + 1] += P->sitestart[s];
	for (size_t i = 0; i < np; i++)
		if (owner[i] != PV_CALLTREE_NONE)
			P->sitemod[P->sitestart[owner[i]]++] = pool[i].e;
	for (size_t s = ns; s > 0; s--)
		P->sitestart[s] = P->sitestart[s - 1];
	P->sitestart[0] = 0;
	P->nsites = (uint32_t)ns;
	rc = 0;
out:
	free(pool);
	free(sites);
	free(nxt);
	free(owner);
	return rc;
}

/*
 * The machinery's own loading work, apart from the module bodies it runs:
 * per function, its tottime and its calls out of the machinery (reading
 * and unmarshalling a .pyc, stat, an extension's init), and its calls of
 * other links at their work per call; exec's calls of the bodies count
 * none.  The links call each other in circles (a package's parent is
 * imported inside its child's import), each call of a link a fraction of
 * its calls, so the sums are a fixed point, reached by rounds.  Under
 * the third import rule a chain link's box splits what its modules leave
 * by these weights, the work below each of its calls (calltree_expand.c,
 * loading_shares()).
 */
static int loading_work(pv_calltree_prep *P)
{
	size_t nf = P->nf, nm = 0;
	P->iload = calloc(P->ne ? P->ne : 1, sizeof *P->iload);
	double *work = calloc(nf ? nf : 1, sizeof *work);
	uint32_t *mach = malloc((nf ? nf : 1) * sizeof *mach);
	if (!P->iload || !work || !mach) {
		free(work);
		free(mach);
		return -1;
	}
	for (uint32_t f = 0; f < nf; f++)
		if (P->idist[f] != UINT32_MAX)
			mach[nm++] = f;
	for (int round = 0; round < 50; round++) {
		double moved = 0;
		for (size_t i = 0; i < nm; i++) {
			uint32_t f = mach[i];
			double v = P->self0[f];
			for (uint32_t j = P->cs[f]; j < P->cs[f + 1]; j++) {
				uint32_t e = P->ci[j], c = P->ed[e].callee;
				if (c >= nf)
					continue;
				double w = 0;
				if (P->idist[c] != UINT32_MAX) {
					double calls = (double)pv_func_nc(&P->fn[c]);
					if (calls > 0)
						w = work[c] * (double)pv_edge_nc(&P->ed[e]) / calls;
				} else if (f != P->exec) {
					w = P->edge0[e];
				}
				if (!(w > 0) || !isfinite(w))
					w = 0;
				P->iload[e] = w;
				v += w;
			}
			if (fabs(v - work[f]) > moved)
				moved = fabs(v - work[f]);
			work[f] = v;
		}
		if (!(moved > P->total * 1e-12))
			break;
	}
	/* a hub (called by several links: _call_with_frames_removed runs
	   exec, __import__ or compile for whichever called it) splits by its
	   caller's evidence, not by these weights */
	for (size_t i = 0; i < nm; i++) {
		uint32_t f = mach[i], links = 0;
		const pv_func *fc = &P->fn[f];
		for (uint32_t e = fc->callers; e < fc->callers + fc->ncallers; e++)
			links += P->ed[e].caller < nf && P->idist[P->ed[e].caller] != UINT32_MAX;
		if (links > 1)
			for (uint32_t j = P->cs[f]; j < P->cs[f + 1]; j++)
				P->iload[P->ci[j]] = 0;
	}
	free(work);
	free(mach);
	return 0;
}

/*
 * Python 3's import machinery: importlib's functions and the built-in
 * __import__, and how many calls each is from builtins.exec (the module
 * bodies' runner), through the machinery alone; UINT32_MAX for the rest.
 */
int pvct_import_links(pv_calltree_prep *P)
{
	size_t nf = P->nf;
	P->exec = PV_CALLTREE_NONE;
	P->fal = PV_CALLTREE_NONE;
	P->hfl = PV_CALLTREE_NONE;
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
		if (pvct_is_exec(P->p, f))
			P->exec = f;
		if (P->fn[f].flags & PV_FUNC_BUILTIN) {
			m = (nl == 37 && memcmp(name, "<built-in method builtins.__import__>", nl) == 0);
			P->ientry[f] = (unsigned char)m;
		} else if (fl == 0 && P->fn[f].line == 0) {
			/* the profile module's C functions: ('', 0, '__import__') */
			m = (nl == 10 && memcmp(name, "__import__", nl) == 0);
			P->ientry[f] = (unsigned char)m;
		} else {
			m = pvct_starts_with(file, fl, "<frozen importlib.") ||
			    pvct_ends_with(file, fl, "importlib/_bootstrap.py") ||
			    pvct_ends_with(file, fl, "importlib/_bootstrap_external.py") ||
			    pvct_ends_with(file, fl, "importlib/__init__.py");
			/* where an import starts: import statements, importlib.import_module */
			if (m && nl == 14 && memcmp(name, "_find_and_load", nl) == 0)
				P->fal = f;
			if (m && nl == 16 && memcmp(name, "_handle_fromlist", nl) == 0)
				P->hfl = f;
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
	return pvct_import_sites(P);
}

/*
 * The evidence only the prep's other import rules read (the loading
 * work, which bodies are submodules): worked out when the prep chooses
 * a rule, not for every profile with an exec.
 */
int pvct_rule_evidence(pv_calltree_prep *P)
{
	if (P->exec == PV_CALLTREE_NONE)
		return 0;
	return loading_work(P) < 0 || submodules(P) < 0 ? -1 : 0;
}
