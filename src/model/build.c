/*
 * build.c - a profile under construction: values and their callers,
 * pstats' dict assignment (replace) and add_func_stats (add), and
 * pvm_finalize(), which turns the builder's layout (records by key id,
 * edges in replaced ranges) into the finished, read-only one of
 * pv/profile.h (see model.h).
 */
#include "model/model.h"

#include <stdlib.h>
#include <string.h>

/* ===================================================== records */

int pvm_set_calls(pv_profile *p, uint64_t *word, pv_count nc, pv_count cc, int is_int)
{
	if (pvm_pack_calls(word, nc, cc, is_int))
		return 0;
	if (pv_grow32((void **)&p->wides, &p->wides_cap, p->nwides + 1, sizeof *p->wides) != 0)
		return -1;
	pv_wide *w = malloc(sizeof *w);
	if (!w)
		return -1;
	w->nc = nc;
	w->cc = is_int ? nc : cc;
	w->is_int = !!is_int;
	p->wides[p->nwides++] = w;
	*word = (uint64_t)(uintptr_t)w | PV_CALLS_WIDE;
	return 0;
}

pv_profile *pvm_new(void)
{
	pv_profile *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	if (pthread_mutex_init(&p->cache_lock, NULL) != 0) {
		free(p);
		return NULL;
	}
	return p;
}

/* ===================================================== values */

static int stamp_reserve(pv_profile *p)
{
	uint32_t cap = p->b.stamp_cap;
	if (p->nkeys <= cap)
		return 0;
	uint32_t c2 = cap;
	if (pv_grow32((void **)&p->b.stamp, &c2, p->nkeys, sizeof *p->b.stamp) != 0)
		return -1;
	memset(p->b.stamp + cap, 0, (size_t)(c2 - cap) * sizeof *p->b.stamp);
	uint32_t c3 = cap;
	if (pv_grow32((void **)&p->b.stamp_pos, &c3, p->nkeys, sizeof *p->b.stamp_pos) != 0) {
		/* keep stamp_cap consistent with the smaller array */
		return -1;
	}
	p->b.stamp_cap = c2 < c3 ? c2 : c3;
	return 0;
}

static uint32_t next_serial(pv_profile *p)
{
	if (++p->b.serial == 0) {
		/* wrapped: forget all stamps */
		if (p->b.stamp)
			memset(p->b.stamp, 0, (size_t)p->b.stamp_cap * sizeof *p->b.stamp);
		p->b.serial = 1;
	}
	return p->b.serial;
}

void pvm_value_begin(pv_profile *p, pvm_value *v)
{
	v->cc = v->nc = 0;
	v->tt = v->ct = 0.0;
	v->n = 0;
	v->serial = next_serial(p);
}

void pvm_value_release(pvm_value *v)
{
	free(v->callers);
	v->callers = NULL;
	v->n = v->cap = 0;
}

/* Callers dicts are small: up to this many entries a linear scan finds
 * duplicates faster than the (randomly accessed) stamp arrays. */
#define SMALL_CALLERS 8

int pvm_value_set_caller(pv_profile *p, pvm_value *v, const pv_edge *e)
{
	uint32_t c = e->caller;
	if (v->n < SMALL_CALLERS) {
		for (uint32_t i = 0; i < v->n; i++)
			if (v->callers[i].caller == c) {
				v->callers[i] = *e;
				return 0;
			}
	} else {
		if (stamp_reserve(p) != 0)
			return -1;
		if (v->n == SMALL_CALLERS)  /* switching to stamps: stamp the first ones */
			for (uint32_t i = 0; i < v->n; i++) {
				p->b.stamp[v->callers[i].caller] = v->serial;
				p->b.stamp_pos[v->callers[i].caller] = i;
			}
		if (p->b.stamp[c] == v->serial) {
			v->callers[p->b.stamp_pos[c]] = *e;
			return 0;
		}
	}
	if (pv_grow32((void **)&v->callers, &v->cap, v->n + 1, sizeof *v->callers) != 0)
		return -1;
	if (v->n >= SMALL_CALLERS) {
		p->b.stamp[c] = v->serial;
		p->b.stamp_pos[c] = v->n;
	}
	v->callers[v->n++] = *e;
	return 0;
}


static int edges_reserve(pv_profile *p, uint64_t more)
{
	if (p->nedges + more > UINT32_MAX - 1)
		return -1;
	return pv_grow32((void **)&p->edges, &p->edges_cap, (uint32_t)(p->nedges + more),
		    sizeof *p->edges);
}

/* Makes order[] hold the dict order so far (while it is 0, 1, 2, ... it
 * is not kept) with room for `need` entries.  Returns 0 or -1 on OOM. */
static int order_reserve(pv_profile *p, uint32_t need)
{
	int was_implicit = !p->b.order;
	if (pv_grow32((void **)&p->b.order, &p->b.order_cap, need ? need : 1, sizeof *p->b.order) != 0)
		return -1;
	if (was_implicit)
		for (uint32_t i = 0; i < p->nstats; i++)
			p->b.order[i] = i;
	return 0;
}

/* The function record of key `kid`; its first stats entry puts it in
 * dict order. */
static pv_func *func_of(pv_profile *p, uint32_t kid, int *created)
{
	pv_func *f = &p->funcs[kid];
	*created = !(f->flags & PV_FUNC_STATS);
	if (*created) {
		if (p->b.order || kid != p->nstats) {
			if (order_reserve(p, p->nstats + 1) != 0)
				return NULL;
			p->b.order[p->nstats] = kid;
		}
		p->nstats++;
		f->flags |= PV_FUNC_STATS;
	}
	return f;
}

int pvm_commit_replace(pv_profile *p, uint32_t kid, const pvm_value *v)
{
	int created;
	if (edges_reserve(p, v->n) != 0)
		return -1;
	pv_func *f = func_of(p, kid, &created);
	if (!f)
		return -1;
	uint32_t fi = kid;
	if (pvm_set_calls(p, &f->calls, v->nc, v->cc, 0) != 0)
		return -1;
	f->tt = v->tt;
	f->ct = v->ct;
	f->callers = p->nedges;
	f->ncallers = v->n;
	for (uint32_t i = 0; i < v->n; i++) {
		pv_edge *e = &p->edges[p->nedges++];
		*e = v->callers[i];
		e->callee = fi;
	}
	if (!created) {
		p->b.dirty = 1;  /* a dict value replaced: finalize sums anew */
		return 0;
	}
	p->b.totals.total_calls += v->nc;
	p->b.totals.prim_calls += v->cc;
	p->b.totals.total_tt += v->tt;
	p->b.nan |= v->tt != v->tt || v->ct != v->ct;
	return 0;
}

int pvm_commit_add(pv_profile *p, uint32_t kid, const pvm_value *v, int zero_base,
		   pv_error *err)
{
	p->b.dirty = 1;  /* sums of merged values: finalize computes them */
	if (!(p->funcs[kid].flags & PV_FUNC_STATS)) {
		if (pvm_commit_replace(p, kid, v) != 0)
			return pv_error_set(err, "out of memory");
		if (zero_base) {
			pv_func *f = &p->funcs[kid];
			f->tt = 0.0 + f->tt;
			f->ct = 0.0 + f->ct;
		}
		return 0;
	}
	uint32_t fi = kid;
	pv_func *f = &p->funcs[fi];
	/* check first, so that a failure leaves the value untouched */
	if (stamp_reserve(p) != 0)
		return pv_error_set(err, "out of memory");
	uint32_t s = next_serial(p);
	for (uint32_t i = 0; i < f->ncallers; i++) {
		uint32_t c = p->edges[f->callers + i].caller;
		p->b.stamp[c] = s;
		p->b.stamp_pos[c] = i;
	}
	for (uint32_t i = 0; i < v->n; i++) {
		const pv_edge *ne = &v->callers[i];
		if (p->b.stamp[ne->caller] == s) {
			const pv_edge *oe = &p->edges[f->callers + p->b.stamp_pos[ne->caller]];
			if (pv_edge_is_int(oe) != pv_edge_is_int(ne))
				return pv_error_set(err,
						    "cannot add an int caller entry to a tuple one "
						    "(files from the profile and cProfile modules mixed)");
		}
	}
	if (edges_reserve(p, (uint64_t)f->ncallers + v->n) != 0)
		return pv_error_set(err, "out of memory");
	f = &p->funcs[fi];
	uint32_t start = p->nedges;
	if (f->ncallers)
		memcpy(p->edges + start, p->edges + f->callers,
		       (size_t)f->ncallers * sizeof *p->edges);
	p->nedges += f->ncallers;
	for (uint32_t i = 0; i < v->n; i++) {
		const pv_edge *ne = &v->callers[i];
		if (p->b.stamp[ne->caller] == s) {
			pv_edge *oe = &p->edges[start + p->b.stamp_pos[ne->caller]];
			if (pvm_set_calls(p, &oe->calls, pv_edge_nc(ne) + pv_edge_nc(oe),
					  pv_edge_cc(ne) + pv_edge_cc(oe), pv_edge_is_int(oe)) != 0)
				return pv_error_set(err, "out of memory");
			oe->tt = ne->tt + oe->tt;
			oe->ct = ne->ct + oe->ct;
		} else {
			pv_edge *e = &p->edges[p->nedges++];
			*e = *ne;
			e->callee = fi;
			p->b.stamp[ne->caller] = s;
			p->b.stamp_pos[ne->caller] = (uint32_t)(p->nedges - 1 - start);
		}
	}
	f->callers = start;
	f->ncallers = p->nedges - start;
	if (pvm_set_calls(p, &f->calls, v->nc + pv_func_nc(f), v->cc + pv_func_cc(f), 0) != 0)
		return pv_error_set(err, "out of memory");
	f->tt = v->tt + f->tt;
	f->ct = v->ct + f->ct;
	return 0;
}

int pvm_add_source(pv_profile *p, const char *path, int64_t mtime, int has_mtime)
{
	pv_source *n = realloc(p->files, (p->nfiles + 1) * sizeof *n);
	if (!n)
		return -1;
	p->files = n;
	char *copy = strdup(path ? path : "<memory>");
	if (!copy)
		return -1;
	n[p->nfiles].path = copy;
	n[p->nfiles].mtime = mtime;
	n[p->nfiles].has_mtime = has_mtime;
	p->nfiles++;
	return 0;
}


void pvm_key_std_string(const pv_profile *p, uint32_t kid, pv_buf *out)
{
	pv_func_std_string(p, kid, out);  /* while building, funcs[key id] */
}

void pvm_building_release(pvm_building *b)
{
	free(b->order);
	free(b->stamp);
	free(b->stamp_pos);
	memset(b, 0, sizeof *b);
}

int pvm_finalize(pv_profile *p, int fresh, pv_error *err)
{
	uint32_t n = p->nstats, nk = p->nkeys;
	/* callee lists of an earlier layout go; they are built again on use */
	free(p->callee_index);
	free(p->callee_start);
	p->callee_index = p->callee_start = NULL;

	/* a key id, looked up while records are still indexed by key id */
	uint32_t jfile = pvm_find_string(p, "jprofile", 8);
	uint32_t jname = pvm_find_string(p, "profiler", 8);
	uint32_t jkey = (jfile != PVM_NONE && jname != PVM_NONE)
				? pvm_find_key(p, jfile, 0, jname, 0) : PVM_NONE;

	/*
	 * Function ids: dict order, then the keys seen only as callers in
	 * order of first sight.  While the dict order was 0, 1, 2, ... (order
	 * not kept) keys 0 .. n-1 are those with stats, so the numberings
	 * agree and nothing moves ("same").  The pass also sees whether the
	 * callers' edges already run in dict order (the reader commits them
	 * so): then they stay where they are.
	 */
	int same = !p->b.order;
	uint32_t *newid = NULL;
	uint64_t ne = 0;
	int in_place = 1;
	if (same) {
		for (uint32_t i = 0; i < n; i++) {
			const pv_func *f = &p->funcs[i];
			if (f->ncallers && f->callers != ne)
				in_place = 0;
			ne += f->ncallers;
		}
	} else {
		/* order[] becomes the whole list: position -> key */
		newid = malloc((size_t)(nk ? nk : 1) * sizeof *newid);
		if (!newid || order_reserve(p, nk) != 0) {
			free(newid);
			return pv_error_set(err, "out of memory");
		}
		for (uint32_t i = 0; i < n; i++)
			newid[p->b.order[i]] = i;
		for (uint32_t k = 0, j = n; k < nk; k++) {
			const pv_func *f = &p->funcs[k];
			if (!(f->flags & PV_FUNC_STATS)) {
				p->b.order[j] = k;
				newid[k] = j++;
			}
			ne += f->ncallers;
		}
		/*
		 * The records move there in place: position i takes its key's
		 * record from wherever that is now (pos), and the record it held
		 * goes there.  The positions are visited in order, so the random
		 * reads can be prefetched ahead: no chain of dependent misses as
		 * in following the permutation's cycles.  (An error from here on
		 * leaves a profile only fit to be freed.)
		 */
		uint32_t *pos = malloc((size_t)(nk ? nk : 1) * sizeof *pos);
		uint32_t *who = malloc((size_t)(nk ? nk : 1) * sizeof *who);
		if (!pos || !who) {
			free(pos);
			free(who);
			free(newid);
			return pv_error_set(err, "out of memory");
		}
		for (uint32_t k = 0; k < nk; k++)
			pos[k] = who[k] = k;
		enum { D = 16 };
		uint64_t run = 0;
		for (uint32_t i = 0; i < nk; i++) {
			if (i + D < nk)
				__builtin_prefetch(&pos[p->b.order[i + D]]);
			if (i + D / 2 < nk)
				__builtin_prefetch(&p->funcs[pos[p->b.order[i + D / 2]]], 1);
			uint32_t want = p->b.order[i], at = pos[want];
			if (at != i) {
				pv_func t = p->funcs[i];
				p->funcs[i] = p->funcs[at];
				p->funcs[at] = t;
				uint32_t other = who[i];
				who[at] = other;
				pos[other] = at;
				who[i] = want;
				pos[want] = i;
			}
			const pv_func *f = &p->funcs[i];
			if (f->ncallers && f->callers != run)
				in_place = 0;
			run += f->ncallers;
		}
		free(pos);
		free(who);
	}
	free(p->b.order);
	p->b.order = NULL;
	p->b.order_cap = 0;
	p->nfuncs = nk;
	in_place &= ne == p->nedges;

	pv_edge *edges = in_place ? p->edges : malloc((size_t)(ne ? ne : 1) * sizeof *edges);
	if (!in_place && !edges) {
		free(newid);
		return pv_error_set(err, "out of memory");
	}

	/*
	 * One pass over the records in dict order: flags, widths, totals; and
	 * over their edges, in one run, their callers renumbered from key ids
	 * to function ids (random lookups, prefetched a few edges ahead).  When
	 * the edges stay where they are, the numberings agree and no caller is
	 * the top-level marker, the edges need no visit at all.
	 */
	enum { AHEAD = 16 };
	int visit = !in_place || !same || jkey != PVM_NONE;
	if (!visit && !p->b.dirty) {
		/* nothing moves, no function is top-level and the values were
		 * summed as committed, in dict order: the records need no visit
		 * either (new_key flagged the builtins) */
		if (fresh)
			p->totals = p->b.totals;
		p->nan_times = p->b.nan;
		p->ntoplevel = 0;
		p->max_name_known = 0;
		p->nedges = (uint32_t)ne;
		goto done;
	}
	pv_func *nf = p->funcs;
	pv_totals tot = { 0, 0, 0.0 };
	uint32_t k = 0, ntop = 0;
	int nan = 0;
	for (uint32_t i = 0; i < nk; i++) {
		pv_func *f = &nf[i];
		f->flags &= ~(uint32_t)PV_FUNC_TOPLEVEL;
		if (i >= n)
			continue;  /* caller-only keys have no callers */
		tot.total_calls += pv_func_nc(f);
		tot.prim_calls += pv_func_cc(f);
		tot.total_tt += f->tt;
		nan |= f->tt != f->tt || f->ct != f->ct;
		uint32_t from = f->callers;
		f->callers = k;
		if (!visit) {
			k += f->ncallers;
			continue;
		}
		for (uint32_t j = 0; j < f->ncallers; j++, k++) {
			if (in_place) {
				if (!same && k + AHEAD < ne)
					__builtin_prefetch(&newid[edges[k + AHEAD].caller]);
			} else {
				edges[k] = p->edges[from + j];
			}
			pv_edge *e = &edges[k];
			e->callee = i;
			uint32_t c = e->caller;
			if (c == jkey && !(f->flags & PV_FUNC_TOPLEVEL)) {
				f->flags |= PV_FUNC_TOPLEVEL;
				ntop++;
			}
			if (!same)
				e->caller = newid[c];
		}
	}
	p->max_name_known = 0;
	p->nan_times = nan;
	if (fresh)
		p->totals = tot;
	p->ntoplevel = ntop;

	if (!in_place) {
		free(p->edges);
		p->edges = edges;
		p->edges_cap = (uint32_t)(ne ? ne : 1);
	}
	p->nedges = k;
done:
	/* key ids go on mapping, through newid, to function ids (no newid:
	 * they are the same) */
	free(p->kid_func);
	p->kid_func = newid;
	p->nstats = n;
	pvm_building_release(&p->b);
	p->finalized = 1;
	return 0;
}
