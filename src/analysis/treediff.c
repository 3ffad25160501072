/*
 * treediff.c - NEW's call tree box by box against BASE's (pv/treediff.h).
 */
#include "pv/treediff.h"

#include <stdlib.h>
#include <string.h>

/* The row (build position) of function id of side s (0 base, 1 new), or PV_DIFF_NONE. */
static uint32_t row_of(const pv_diff *d, int s, uint32_t id)
{
	const pv_profile *p = s ? d->new_ : d->base;
	if (!d->row_of[s] || id >= pv_profile_nfuncs(p))
		return PV_DIFF_NONE;
	uint32_t o = d->row_of[s][id];
	return o < d->nrows ? o : PV_DIFF_NONE;
}

/* The row at build position o, whether the rows are in build order or sorted. */
static const pv_diff_row *row_at(const pv_diff *d, uint32_t o)
{
	if (o >= d->nrows)
		return NULL;
	if (d->rows[o].order == o)
		return &d->rows[o];
	for (size_t i = 0; i < d->nrows; i++)
		if (d->rows[i].order == o)
			return &d->rows[i];
	return NULL;
}

uint32_t pv_treediff_base_id(const pv_diff *d, uint32_t new_id)
{
	const pv_diff_row *r = row_at(d, row_of(d, 1, new_id));
	if (!r || !r->base.nfuncs || r->base.id >= pv_profile_nfuncs(d->base))
		return PV_DIFF_NONE;
	return r->base.id;
}

int pv_treediff_base_opts(const pv_diff *d, const pv_calltree_opts *o, pv_calltree_opts *bo,
			  uint32_t *zoom)
{
	*bo = *o;
	bo->zoom = NULL;
	bo->nzoom = 0;
	if (o->focus != PV_CALLTREE_NONE) {
		bo->focus = pv_treediff_base_id(d, o->focus);
		if (bo->focus == PV_DIFF_NONE)
			return -1;
	}
	uint32_t n = 0;
	for (uint32_t i = 0; o->zoom && i < o->nzoom; i++) {
		uint32_t b = pv_treediff_base_id(d, o->zoom[i]);
		if (b == PV_DIFF_NONE)
			break;
		zoom[n++] = b;
	}
	if (n) {
		bo->zoom = zoom;
		bo->nzoom = n;
	}
	return 0;
}

void pv_treediff_release(pv_treediff *td)
{
	free(td->base);
	free(td->status);
	memset(td, 0, sizeof *td);
}

static double clamp(double v, double hi)
{
	return v > hi ? hi : v > 0 ? v : 0;
}

/*
 * The estimate of a box of BASE function `child` below a box of BASE
 * function `parent` that takes `t` (see pv/treediff.h).  Call trees: the
 * edge parent -> child over the parent's cumtime.  Callers trees: the edge
 * child -> parent over all of parent's caller edges (tottimes when `tt`).
 */
static double estimate(const pv_profile *bp, int callers, int tt, uint32_t parent, uint32_t child,
		       double t)
{
	size_t nf = pv_profile_nfuncs(bp);
	if (parent >= nf || child >= nf || !(t > 0))
		return 0;
	const pv_func *fn = pv_profile_funcs(bp);
	const pv_edge *ed = pv_profile_edges(bp);
	if (!callers) {
		const pv_func *c = &fn[child];
		for (uint32_t k = 0; k < c->ncallers; k++) {
			const pv_edge *e = &ed[c->callers + k];
			if (e->caller == parent)
				return fn[parent].ct > 0 ? clamp(t * (e->ct / fn[parent].ct),
								 t < e->ct ? t : e->ct) : 0;
		}
		return 0;
	}
	const pv_func *f = &fn[parent];
	double sum = 0, mine = 0;
	for (uint32_t k = 0; k < f->ncallers; k++) {
		const pv_edge *e = &ed[f->callers + k];
		double v = tt ? e->tt : e->ct;
		sum += v;
		if (e->caller == child)
			mine += v;
	}
	return sum > 0 ? clamp(t * (mine / sum), t) : 0;
}

int pv_treediff_compute(const pv_diff *d, const pv_calltree *nt, const pv_calltree *bt,
			int callers, pv_treediff *out, pv_error *err)
{
	memset(out, 0, sizeof *out);
	size_t n = nt->n, bn = bt ? bt->n : 0;
	out->base = calloc(n ? n : 1, sizeof *out->base);
	out->status = malloc(n ? n : 1);
	uint32_t *cp = malloc((n ? n : 1) * sizeof *cp);          /* BASE's node, or NONE */
	uint32_t *head = malloc((d->nrows ? d->nrows : 1) * sizeof *head);
	uint32_t *next = malloc((bn ? bn : 1) * sizeof *next);
	unsigned char *used = calloc(bn ? bn : 1, 1);
	/* per row, BASE's outermost box of it (shallowest, then largest):
	   where a root of NEW that is no root of BASE matches */
	uint32_t *outer = malloc((d->nrows ? d->nrows : 1) * sizeof *outer);
	if (!out->base || !out->status || !cp || !head || !next || !used || !outer) {
		free(cp);
		free(head);
		free(next);
		free(used);
		free(outer);
		pv_treediff_release(out);
		return pv_error_set(err, "out of memory");
	}
	out->n = n;
	for (size_t r = 0; r < d->nrows; r++)
		head[r] = outer[r] = PV_CALLTREE_NONE;
	const pv_calltree_node *nn = nt->nodes, *bb = bt ? bt->nodes : NULL;
	for (size_t b = 1; b < bn; b++) {
		if (bb[b].kind != PV_CALLTREE_FUNC || (bb[b].flags & PV_CALLTREE_NESTED))
			continue;
		uint32_t r = row_of(d, 0, bb[b].func), o = r != PV_DIFF_NONE ? outer[r] : 0;
		if (r != PV_DIFF_NONE && (o == PV_CALLTREE_NONE || bb[b].depth < bb[o].depth ||
					  (bb[b].depth == bb[o].depth && bb[b].time > bb[o].time)))
			outer[r] = (uint32_t)b;
	}
	if (n) {
		cp[0] = bn ? 0 : PV_CALLTREE_NONE;
		out->status[0] = bn ? PV_TREEDIFF_SAME : PV_TREEDIFF_NEW_PATH;
		out->base[0] = bn ? bb[0].time : 0;
	}
	for (size_t i = 0; i < n; i++) {
		const pv_calltree_node *p = &nn[i];
		uint32_t c0 = p->first_child, cn = p->nchildren;
		if (!cn)
			continue;
		unsigned char st = out->status[i];
		if (st == PV_TREEDIFF_NEW_PATH) {
			for (uint32_t k = 0; k < cn; k++) {
				out->status[c0 + k] = PV_TREEDIFF_NEW_PATH;
				out->base[c0 + k] = 0;
				cp[c0 + k] = PV_CALLTREE_NONE;
			}
			continue;
		}
		/* the level of the callers view shared by tottime: node 0's children without focus */
		int tt = callers == 1 && p->kind == PV_CALLTREE_ROOT;
		if (st == PV_TREEDIFF_ESTIMATE) {
			uint32_t pf = p->kind == PV_CALLTREE_FUNC ? pv_treediff_base_id(d, p->func)
								  : PV_DIFF_NONE;
			for (uint32_t k = 0; k < cn; k++) {
				const pv_calltree_node *c = &nn[c0 + k];
				cp[c0 + k] = PV_CALLTREE_NONE;
				if (c->kind == PV_CALLTREE_FUNC) {
					uint32_t cf = pv_treediff_base_id(d, c->func);
					out->status[c0 + k] = cf == PV_DIFF_NONE ? PV_TREEDIFF_NEW_PATH
										 : PV_TREEDIFF_ESTIMATE;
					out->base[c0 + k] = cf == PV_DIFF_NONE ? 0
						: estimate(d->base, callers, tt, pf, cf, out->base[i]);
				} else {
					out->status[c0 + k] = PV_TREEDIFF_ESTIMATE;
					out->base[c0 + k] = p->time > 0 ? out->base[i] * (c->time / p->time) : 0;
				}
			}
			continue;
		}
		/* SAME: BASE's box B; its FUNC children by row, in their order */
		const pv_calltree_node *B = &bb[cp[i]];
		int whole = !(B->flags & PV_CALLTREE_TRUNCATED) && !(B->hidden > 0);
		uint32_t unplaced = PV_CALLTREE_NONE;
		for (uint32_t k = B->nchildren; k-- > 0;) {
			uint32_t b = B->first_child + k;
			if (bb[b].kind == PV_CALLTREE_FUNC) {
				uint32_t r = row_of(d, 0, bb[b].func);
				if (r != PV_DIFF_NONE) {
					next[b] = head[r];
					head[r] = b;
				}
			} else {
				whole = 0;
				if (bb[b].kind == PV_CALLTREE_UNPLACED)
					unplaced = b;
			}
		}
		uint32_t pf = B->kind == PV_CALLTREE_FUNC ? B->func : PV_DIFF_NONE;
		for (uint32_t k = 0; k < cn; k++) {
			const pv_calltree_node *c = &nn[c0 + k];
			uint32_t ci = c0 + k;
			cp[ci] = PV_CALLTREE_NONE;
			if (c->kind != PV_CALLTREE_FUNC)
				continue;
			uint32_t r = row_of(d, 1, c->func);
			uint32_t b = r != PV_DIFF_NONE ? head[r] : PV_CALLTREE_NONE;
			if (b != PV_CALLTREE_NONE) {
				head[r] = next[b];
				used[b] = 1;
				cp[ci] = b;
				out->status[ci] = PV_TREEDIFF_SAME;
				out->base[ci] = bb[b].time;
				continue;
			}
			if (B->kind == PV_CALLTREE_ROOT && r != PV_DIFF_NONE &&
			    (b = outer[r]) != PV_CALLTREE_NONE && !used[b]) {
				/* a root of NEW below wrappers in BASE (Python 3.11's exec
				   and <string> above runpy, which 3.12 does not show) */
				used[b] = 1;
				cp[ci] = b;
				out->status[ci] = PV_TREEDIFF_SAME;
				out->base[ci] = bb[b].time;
				continue;
			}
			uint32_t cf = pv_treediff_base_id(d, c->func);
			if (cf == PV_DIFF_NONE || whole) {
				out->status[ci] = PV_TREEDIFF_NEW_PATH;
				out->base[ci] = 0;
			} else {
				out->status[ci] = PV_TREEDIFF_ESTIMATE;
				out->base[ci] = estimate(d->base, callers, tt, pf, cf, out->base[i]);
			}
		}
		/* OTHER: the rest of B; not placed: B's own */
		double rest = 0;
		for (uint32_t k = 0; k < B->nchildren; k++) {
			uint32_t b = B->first_child + k;
			if (!used[b] && bb[b].kind != PV_CALLTREE_UNPLACED)
				rest += bb[b].time;
		}
		for (uint32_t k = 0; k < cn; k++) {
			const pv_calltree_node *c = &nn[c0 + k];
			uint32_t ci = c0 + k;
			if (c->kind == PV_CALLTREE_OTHER) {
				out->status[ci] = PV_TREEDIFF_SAME;
				out->base[ci] = rest;
			} else if (c->kind == PV_CALLTREE_UNPLACED) {
				out->status[ci] = unplaced != PV_CALLTREE_NONE ? PV_TREEDIFF_SAME
									 : PV_TREEDIFF_NEW_PATH;
				out->base[ci] = unplaced != PV_CALLTREE_NONE ? bb[unplaced].time : 0;
			}
		}
		/* leave the index empty for the next box */
		for (uint32_t k = 0; k < B->nchildren; k++) {
			uint32_t b = B->first_child + k;
			if (bb[b].kind == PV_CALLTREE_FUNC) {
				uint32_t r = row_of(d, 0, bb[b].func);
				if (r != PV_DIFF_NONE)
					head[r] = PV_CALLTREE_NONE;
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		if (out->status[i] == PV_TREEDIFF_SAME)
			out->nsame++;
		else if (out->status[i] == PV_TREEDIFF_NEW_PATH)
			out->nnew++;
		else
			out->nestimate++;
	}
	free(cp);
	free(head);
	free(next);
	free(used);
	free(outer);
	return 0;
}

uint32_t pv_treediff_zoom_prefix(const pv_diff *d, const pv_calltree *bt, uint32_t first,
				 uint32_t *path, uint32_t cap)
{
	uint32_t r = row_of(d, 0, first), best = PV_CALLTREE_NONE;
	if (r == PV_DIFF_NONE)
		return 0;
	for (size_t b = 1; b < bt->n; b++) {
		const pv_calltree_node *x = &bt->nodes[b];
		if (x->kind != PV_CALLTREE_FUNC || (x->flags & PV_CALLTREE_NESTED) ||
		    row_of(d, 0, x->func) != r)
			continue;
		if (best == PV_CALLTREE_NONE || x->depth < bt->nodes[best].depth ||
		    (x->depth == bt->nodes[best].depth && x->time > bt->nodes[best].time))
			best = (uint32_t)b;
	}
	if (best == PV_CALLTREE_NONE || bt->nodes[best].depth < 2 || bt->nodes[best].depth - 1 > cap)
		return 0;
	uint32_t n = bt->nodes[best].depth - 1;
	uint32_t at = bt->nodes[best].parent;
	for (uint32_t i = n; i-- > 0; at = bt->nodes[at].parent)
		path[i] = bt->nodes[at].func;
	return n;
}
