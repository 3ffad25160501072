/*
 * roots.c - where the call tree starts (see pv/roots.h).
 */
#include "pv/roots.h"

#include <stdlib.h>
#include <string.h>

static int root_cmp(const void *a, const void *b)
{
	const pv_root *x = a, *y = b;
	if (x->time > y->time)
		return -1;
	if (x->time < y->time)
		return 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * Marks in `seen` every function reachable from the roots r[0..k) through
 * callee edges.  `queue` has room for nf entries.
 */
static void reach(const pv_profile *p, const uint32_t *ci, const uint32_t *cs,
		  const pv_root *r, size_t k, unsigned char *seen, uint32_t *queue)
{
	size_t nf = pv_profile_nfuncs(p), head = 0, tail = 0;
	const pv_edge *ed = pv_profile_edges(p);
	memset(seen, 0, nf);
	for (size_t i = 0; i < k; i++)
		if (!seen[r[i].id]) {
			seen[r[i].id] = 1;
			queue[tail++] = r[i].id;
		}
	while (head < tail) {
		uint32_t f = queue[head++];
		for (uint32_t j = cs[f]; j < cs[f + 1]; j++) {
			uint32_t c = ed[ci[j]].callee;
			if (c < nf && !seen[c]) {
				seen[c] = 1;
				queue[tail++] = c;
			}
		}
	}
}

pv_root *pv_roots(const pv_profile *p, size_t *n)
{
	size_t nf = pv_profile_nfuncs(p);
	const pv_func *fn = pv_profile_funcs(p);
	const pv_edge *ed = pv_profile_edges(p);
	double total = pv_profile_totals(p)->total_tt, sum = 0;
	*n = 0;
	if (nf == 0)
		return NULL;
	const uint32_t *cs, *ci = pv_profile_callee_index(p, &cs);
	pv_root *r = malloc(nf * sizeof *r);
	unsigned char *seen = malloc(nf);
	uint32_t *queue = malloc(nf * sizeof *queue);
	if (!ci || !r || !seen || !queue) {
		free(r);
		free(seen);
		free(queue);
		return NULL;
	}
	size_t k = 0;
	for (size_t i = 0; i < nf; i++) {
		const pv_func *f = &fn[i];
		double in = 0;
		int callers = 0;
		for (uint32_t e = f->callers; e < f->callers + f->ncallers; e++) {
			if (ed[e].caller >= nf || ed[e].caller == i)
				continue;
			callers++;
			in += pv_edge_time(fn, &ed[e]);
		}
		if (callers == 0 || (f->ct - in > 0.01 * total && f->ct - in > 0)) {
			r[k].id = (uint32_t)i;
			r[k].time = f->ct;
			if (f->ct > 0)
				sum += f->ct;
			k++;
		}
	}
	/*
	 * A root whose own cumtime is less than its calls account for (an
	 * inconsistent file) starts with what its calls account for.
	 */
	if (!(sum >= 0.8 * total)) {
		sum = 0;
		for (size_t i = 0; i < k; i++) {
			uint32_t f = r[i].id;
			double out = 0;
			for (uint32_t j = cs[f]; j < cs[f + 1]; j++) {
				const pv_edge *e = &ed[ci[j]];
				if (e->callee != r[i].id)
					out += pv_edge_time(fn, e);
			}
			if (out > r[i].time)
				r[i].time = out;
			if (r[i].time > 0)
				sum += r[i].time;
		}
	}
	/*
	 * Entry points re-entered from inside the profile (exec() run again by
	 * imports and runpy) have callers and explain nothing through them:
	 * like flameprof, while the roots miss much of the total, add the
	 * heaviest function the roots do not already reach.
	 */
	for (int round = 0; round < 16 && !(sum >= 0.8 * total); round++) {
		reach(p, ci, cs, r, k, seen, queue);
		size_t best = nf;
		for (size_t i = 0; i < nf; i++)
			if (!seen[i] && fn[i].ct > 0 && (best == nf || fn[i].ct > fn[best].ct))
				best = i;
		if (best == nf)
			break;
		r[k].id = (uint32_t)best;
		r[k].time = fn[best].ct;
		sum += fn[best].ct;
		k++;
	}
	free(seen);
	free(queue);
	if (k == 0) {
		size_t best = 0;
		for (size_t i = 1; i < nf; i++)
			if (fn[i].ct > fn[best].ct)
				best = i;
		r[0].id = (uint32_t)best;
		r[0].time = fn[best].ct;
		k = 1;
	}
	qsort(r, k, sizeof *r, root_cmp);
	*n = k;
	return r;
}

