/*
 * circles.c - the groups of functions that call each other in a circle
 * (see pv/circles.h).
 */
#include "pv/circles.h"

#include <stdlib.h>

/*
 * Labels each function with its strongly connected component (Tarjan's
 * algorithm, iteratively, over the callee lists) in comp[]; returns the
 * number of components, or -1 when out of memory.
 */
long pv_circles(const pv_profile *p, uint32_t *comp)
{
	size_t nf = pv_profile_nfuncs(p);
	const pv_edge *ed = pv_profile_edges(p);
	const uint32_t *cs, *ci = pv_profile_callee_index(p, &cs);
	if (!ci)
		return -1;
	uint32_t *index = malloc(nf * sizeof *index), *low = malloc(nf * sizeof *low);
	uint32_t *stack = malloc(nf * sizeof *stack), *work = malloc(nf * sizeof *work);
	uint32_t *pos = malloc(nf * sizeof *pos);
	unsigned char *on = calloc(nf, 1);
	long ncomp = -1;
	if (!index || !low || !stack || !work || !pos || !on)
		goto out;
	for (size_t i = 0; i < nf; i++)
		index[i] = UINT32_MAX;
	uint32_t next = 0, sp = 0;
	ncomp = 0;
	for (uint32_t s = 0; s < nf; s++) {
		if (index[s] != UINT32_MAX)
			continue;
		uint32_t wp = 0;
		work[wp++] = s;
		index[s] = low[s] = next++;
		pos[s] = cs[s];
		stack[sp++] = s;
		on[s] = 1;
		while (wp > 0) {
			uint32_t v = work[wp - 1];
			if (pos[v] < cs[v + 1]) {
				uint32_t w = ed[ci[pos[v]++]].callee;
				if (w >= nf)
					continue;
				if (index[w] == UINT32_MAX) {
					index[w] = low[w] = next++;
					pos[w] = cs[w];
					stack[sp++] = w;
					on[w] = 1;
					work[wp++] = w;
				} else if (on[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			wp--;
			if (wp > 0 && low[v] < low[work[wp - 1]])
				low[work[wp - 1]] = low[v];
			if (low[v] == index[v]) {
				uint32_t w;
				do {
					w = stack[--sp];
					on[w] = 0;
					comp[w] = (uint32_t)ncomp;
				} while (w != v);
				ncomp++;
			}
		}
	}
out:
	free(index);
	free(low);
	free(stack);
	free(work);
	free(pos);
	free(on);
	return ncomp;
}

