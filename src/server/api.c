/*
 * api.c - the viewer's JSON API (see pv/api.h and docs/api.md).
 *
 * Every answer is written straight into the buffer through pv/json.h (in
 * its web style) and pv/funcjson.h, the writers of every JSON output:
 * one way for each answer, small or large.
 */
#include "pv/api.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pv/api_diff.h"
#include "pv/assets.h"
#include "pv/callers_tree.h"
#include "pv/funcjson.h"
#include "pv/json.h"
#include "pv/pyre.h"
#include "pv/report.h"
#include "pv/treediff.h"
#include "pv/treefilter.h"

size_t pv_api_f3(double v, char out[PV_API_F3_MAX])
{
	int n;
	if (isnan(v))
		n = snprintf(out, PV_API_F3_MAX, "nan");
	else if (isinf(v))
		n = snprintf(out, PV_API_F3_MAX, "%s", v < 0 ? "-inf" : "inf");
	else
		n = snprintf(out, PV_API_F3_MAX, "%.3f", v);
	if (n < 0) {
		out[0] = 0;
		return 0;
	}
	return (size_t)n < PV_API_F3_MAX ? (size_t)n : PV_API_F3_MAX - 1;
}

/* ===================================================== helpers */

/* Every answer is in the web style: it may be pasted inside <script>. */
static const pv_json_style *const st = &pv_json_web;

static void put_f3_string(pv_buf *out, double v)
{
	char t[PV_API_F3_MAX];
	size_t n = pv_api_f3(v, t);
	pv_buf_putc(out, '"');
	pv_buf_append(out, t, n);
	pv_buf_putc(out, '"');
}

static void put_profile_string(pv_buf *out, const pv_profile *p, uint32_t id)
{
	size_t len = 0;
	const char *s = pv_profile_string(p, id, &len);
	pv_json_string(out, st, s ? s : "", s ? len : 0);
}

/* ["ncalls", "tottime", "percall", "cumtime", "percall"] as pstats prints them */
static void put_columns_of(pv_buf *out, pv_count nc, pv_count cc, double tt, double ct)
{
	char t[48];
	pv_buf_puts(out, "[\"");
	pv_buf_append(out, t, pv_count_format(nc, t));
	if (nc != cc) {
		pv_buf_putc(out, '/');
		pv_buf_append(out, t, pv_count_format(cc, t));
	}
	pv_buf_putc(out, '"');
	/* a per call column is blank where there were no calls */
	const double v[4] = { tt, nc ? tt / (double)nc : 0, ct, cc ? ct / (double)cc : 0 };
	const int blank[4] = { 0, nc == 0, 0, cc == 0 };
	for (int i = 0; i < 4; i++) {
		pv_buf_putc(out, ',');
		if (blank[i])
			pv_buf_puts(out, "\"\"");
		else
			put_f3_string(out, v[i]);
	}
	pv_buf_putc(out, ']');
}

static void put_columns(pv_buf *out, const pv_func *f)
{
	put_columns_of(out, pv_func_nc(f), pv_func_cc(f), f->tt, f->ct);
}

static int finish(pv_buf *out, pv_error *err)
{
	if (!pv_buf_ok(out))
		return pv_error_set(err, "out of memory");
	return 0;
}

/* ===================================================== summary */

/*
 * The summary object without its closing '}' (the caller may add members).
 * Its roots are the call tree's (pv/calltree.h): node 0's children, each
 * with its time, built one level deep with no cutoff.
 */
static int put_summary_with(const pv_profile *p, const pv_calltree_prep *prep, pv_buf *out,
			    pv_error *err)
{
	const pv_totals *t = pv_profile_totals(p);
	pv_calltree_opts o;
	pv_calltree_opts_init(&o);
	o.max_depth = 1;
	o.min_fraction = 0;
	o.max_nodes = pv_profile_nfuncs(p) + 2;
	pv_calltree tree = { 0 };
	int rc = prep ? pv_calltree_build_prepared(prep, &o, &tree, err) : pv_calltree_build(p, &o, &tree, err);
	if (rc < 0) {
		pv_calltree_release(&tree);
		return -1;
	}
	pv_buf_printf(out, "{\"version\":%d,\"sampled\":%s,\"files\":", PV_API_VERSION,
		      pv_profile_is_sampled(p) ? "true" : "false");
	pv_fj_sources(out, st, p);
	pv_buf_printf(out, ",\"functions\":%zu,\"keys\":%zu,\"edges\":%zu,",
		      pv_profile_nfuncs(p), pv_profile_nkeys(p), pv_profile_nedges(p));
	pv_fj_totals(out, st, t->total_calls, t->prim_calls, t->total_tt);
	pv_buf_puts(out, ",\"roots\":[");
	const pv_calltree_node *r0 = tree.n ? &tree.nodes[0] : NULL;
	const char *sep = "";
	for (uint32_t i = 0; r0 && i < r0->nchildren; i++) {
		const pv_calltree_node *r = &tree.nodes[r0->first_child + i];
		if (r->kind != PV_CALLTREE_FUNC)
			continue;
		pv_buf_printf(out, "%s{\"id\":%u,\"time\":", sep, (unsigned)r->func);
		pv_json_double(out, st, r->time);
		pv_buf_putc(out, '}');
		sep = ",";
	}
	pv_buf_putc(out, ']');
	pv_calltree_release(&tree);
	return 0;
}

static int put_summary(const pv_profile *p, pv_buf *out, pv_error *err)
{
	return put_summary_with(p, NULL, out, err);
}

static int summary_diff(const pv_profile *p, const pv_calltree_prep *prep, const pv_diff *d,
			const char *base_label, pv_buf *out, pv_error *err);

int pv_api_summary(const pv_profile *p, pv_buf *out, pv_error *err)
{
	if (put_summary(p, out, err) < 0)
		return -1;
	pv_buf_putc(out, '}');
	return finish(out, err);
}

int pv_api_summary_with(const pv_profile *p, const pv_calltree_prep *prep, const pv_diff *d,
			const char *base_label, pv_buf *out, pv_error *err)
{
	if (d)
		return summary_diff(p, prep, d, base_label, out, err);
	if (put_summary_with(p, prep, out, err) < 0)
		return -1;
	pv_buf_putc(out, '}');
	return finish(out, err);
}

/* ===================================================== diff mode */

static int summary_diff(const pv_profile *p, const pv_calltree_prep *prep, const pv_diff *d,
			const char *base_label, pv_buf *out, pv_error *err)
{
	const pv_diff_totals *t = &d->totals;
	if (put_summary_with(p, prep, out, err) < 0)
		return -1;
	pv_buf_puts(out, ",\"diff\":{\"base\":");
	pv_json_cstring(out, st, base_label ? base_label : "");
	pv_buf_printf(out, ",\"match\":\"%s\",\"base_functions\":%zu,",
		      d->match == PV_DIFF_MATCH_NAME ? "name" : "exact", t->funcs[0]);
	pv_diff_json_total(out, t, 0, "total_tt_", 1);
	pv_buf_putc(out, ',');
	pv_diff_json_total(out, t, 1, "total_calls_", 0);
	pv_buf_printf(out, ",\"both\":%zu,\"only_base\":%zu,\"only_new\":%zu}}", t->both,
		      t->only_base, t->only_new);
	return finish(out, err);
}

static const pv_fj_field base_only_fields[] = {
	PV_FJ_LABEL, PV_FJ_FILE, PV_FJ_LINE, PV_FJ_NAME, PV_FJ_END,
};

int pv_api_diff(const pv_diff *d, pv_buf *out, pv_error *err)
{
	size_t nb = pv_profile_nfuncs(d->base), nn = pv_profile_nfuncs(d->new_);
	/* order (build position) -> index in d->rows, whatever the sort */
	size_t *at = malloc((d->nrows ? d->nrows : 1) * sizeof *at);
	if (!at)
		return pv_error_set(err, "out of memory");
	for (size_t i = 0; i < d->nrows; i++)
		if (d->rows[i].order < d->nrows)
			at[d->rows[i].order] = i;
	pv_buf_printf(out, "{\"version\":1,\"match\":\"%s\",\"functions\":[",
		      d->match == PV_DIFF_MATCH_NAME ? "name" : "exact");
	for (size_t f = 0; f < nn; f++) {
		const pv_diff_row *r = &d->rows[at[d->row_of[1][f]]];
		if (f)
			pv_buf_putc(out, ',');
		pv_buf_printf(out, "{\"id\":%zu,\"status\":\"%s\",", f,
			      r->base.nfuncs ? "both" : "new");
		pv_diff_json_row(out, r, 0);
		pv_buf_putc(out, '}');
	}
	pv_buf_puts(out, "],\"base_only\":[");
	pv_buf label = PV_BUF_INIT;
	const char *sep = "";
	for (size_t i = 0; i < d->nrows; i++) {
		const pv_diff_row *r = &d->rows[i];
		if (r->new_.nfuncs != 0 || r->base.id >= nb)
			continue;
		pv_buf_printf(out, "%s{\"base_id\":%u,", sep, (unsigned)r->base.id);
		pv_fj_write(out, st, d->base, r->base.id, NULL, base_only_fields, &label);
		pv_buf_putc(out, ',');
		pv_diff_json_row(out, r, 0);
		pv_buf_putc(out, '}');
		sep = ",";
	}
	pv_buf_puts(out, "]}");
	pv_buf_release(&label);
	free(at);
	return finish(out, err);
}

/* ===================================================== function table */

static const pv_fj_field table_fields[] = {
	PV_FJ_ID, PV_FJ_LABEL, PV_FJ_FILE, PV_FJ_LINE, PV_FJ_NAME,
	PV_FJ_NC, PV_FJ_CC, PV_FJ_TT, PV_FJ_CT, PV_FJ_END,
};

int pv_api_functions(const pv_profile *p, pv_buf *out, pv_error *err)
{
	size_t nf = pv_profile_nfuncs(p);
	const pv_func *fn = pv_profile_funcs(p);
	pv_buf label = PV_BUF_INIT;
	/* pstats' column titles: ncalls/percall, or nsamples/persample for a
	 * sampled profile (3.15's SampledStats) */
	const char *const *c = pv_report_names_of(p)->columns;
	pv_buf_printf(out, "{\"version\":1,\"columns\":[\"%s\",\"%s\",\"%s\",\"%s\",\"%s\","
		      "\"filename:lineno(function)\"],\"functions\":[", c[0], c[1], c[2], c[3], c[4]);
	for (size_t i = 0; i < nf; i++) {
		pv_buf_puts(out, i ? ",{" : "{");
		pv_fj_write(out, st, p, (uint32_t)i, NULL, table_fields, &label);
		pv_buf_puts(out, ",\"text\":");
		put_columns(out, &fn[i]);
		pv_buf_putc(out, '}');
	}
	pv_buf_puts(out, "]}");
	pv_buf_release(&label);
	return finish(out, err);
}

int pv_api_functions_page(const pv_profile *p, const uint32_t *ids, size_t n, size_t total,
			  size_t offset, const long long *rank, pv_buf *out, pv_error *err)
{
	const pv_func *fn = pv_profile_funcs(p);
	pv_buf label = PV_BUF_INIT;
	const char *const *c = pv_report_names_of(p)->columns;
	pv_buf_putc(out, '{');
	if (rank)
		pv_buf_printf(out, "\"rank\":%lld,", *rank);
	pv_buf_printf(out, "\"version\":1,\"total\":%zu,\"offset\":%zu,\"columns\":[\"%s\",\"%s\","
		      "\"%s\",\"%s\",\"%s\",\"filename:lineno(function)\"],\"functions\":[",
		      total, offset, c[0], c[1], c[2], c[3], c[4]);
	for (size_t i = 0; i < n; i++) {
		pv_buf_puts(out, i ? ",{" : "{");
		pv_fj_write(out, st, p, ids[i], NULL, table_fields, &label);
		pv_buf_puts(out, ",\"text\":");
		put_columns(out, &fn[ids[i]]);
		pv_buf_putc(out, '}');
	}
	pv_buf_puts(out, "]}");
	pv_buf_release(&label);
	return finish(out, err);
}

/* ===================================================== the tree /api/tree and /api/treediff build */

/*
 * The options of q's tree (focus and zoom by p's ids): the one step from
 * a query to a tree, so that /api/treediff's NEW tree is /api/tree's.  A
 * filter (pv_api_tree) then asks for a larger tree than this.
 */
static void tree_opts(const pv_api_tree_query *q, pv_calltree_opts *o)
{
	pv_calltree_opts_init(o);
	o->max_nodes = q->nodes;
	o->min_fraction = q->cutoff;
	o->max_depth = q->depth;
	o->focus = q->focus;
	o->zoom = q->nzoom ? q->zoom : NULL;
	o->nzoom = q->nzoom;
}

/* The tree of p for `o`: the callers tree, or the call tree (with `prep` when there is one). */
static int tree_build(const pv_profile *p, const pv_calltree_prep *prep,
		      const pv_calltree_opts *o, int callers, pv_calltree *t, pv_error *err)
{
	if (callers)
		return pv_callers_tree_build(p, o, t, err);
	return prep ? pv_calltree_build_prepared(prep, o, t, err) : pv_calltree_build(p, o, t, err);
}

/* ===================================================== diff mode: the tree and gone rows */

static const pv_fj_field gone_fields[] = {
	PV_FJ_LABEL, PV_FJ_FILE, PV_FJ_LINE, PV_FJ_NAME,
	PV_FJ_NC, PV_FJ_CC, PV_FJ_TT, PV_FJ_CT, PV_FJ_END,
};

int pv_api_functions_page_diff(const pv_diff *d, const uint32_t *gone, const uint32_t *ents,
			       size_t n, size_t total, size_t ngone, size_t offset, pv_buf *out,
			       pv_error *err)
{
	const pv_profile *p = d->new_;
	size_t nf = pv_profile_nfuncs(p);
	const pv_func *fn = pv_profile_funcs(p);
	pv_buf label = PV_BUF_INIT;
	const char *const *c = pv_report_names_of(p)->columns;
	pv_buf_printf(out, "{\"version\":1,\"total\":%zu,\"gone\":%zu,\"offset\":%zu,\"columns\":"
		      "[\"%s\",\"%s\",\"%s\",\"%s\",\"%s\",\"filename:lineno(function)\"],"
		      "\"functions\":[", total, ngone, offset, c[0], c[1], c[2], c[3], c[4]);
	for (size_t i = 0; i < n; i++) {
		pv_buf_puts(out, i ? ",{" : "{");
		if (ents[i] < nf) {
			pv_fj_write(out, st, p, ents[i], NULL, table_fields, &label);
			pv_buf_puts(out, ",\"text\":");
			put_columns(out, &fn[ents[i]]);
		} else {
			/* a function only in BASE: its numbers (summed, with --match name) */
			const pv_diff_row *r = &d->rows[gone[ents[i] - nf]];
			const pv_fj_stats s = { r->base.nc, r->base.cc, r->base.tt, r->base.ct, 0 };
			pv_buf_printf(out, "\"id\":-1,\"base_id\":%u,\"status\":\"gone\",",
				      (unsigned)r->base.id);
			pv_fj_write(out, st, d->base, r->base.id, &s, gone_fields, &label);
			pv_buf_puts(out, ",\"text\":");
			put_columns_of(out, r->base.nc, r->base.cc, r->base.tt, r->base.ct);
			pv_buf_putc(out, ',');
			pv_diff_json_row(out, r, 0);
		}
		pv_buf_putc(out, '}');
	}
	pv_buf_puts(out, "]}");
	pv_buf_release(&label);
	return finish(out, err);
}

int pv_api_treediff(const pv_diff *d, const pv_calltree_prep *nprep,
		    const pv_calltree_prep *bprep, const pv_api_tree_query *q, pv_buf *out,
		    pv_error *err)
{
	pv_api_tree_query def;
	pv_api_tree_query_init(&def);
	if (!q)
		q = &def;
	/* the options pv_api_tree() builds NEW's tree with */
	pv_calltree_opts o, bo;
	tree_opts(q, &o);
	uint32_t zoom[PV_API_TREE_ZOOM_MAX];
	pv_calltree nt = { 0 }, bt = { 0 };
	pv_treediff td = { 0 };
	int has_base = pv_treediff_base_opts(d, &o, &bo, zoom) == 0;
	int rc = tree_build(d->new_, nprep, &o, q->callers, &nt, err);
	if (rc == 0 && has_base)
		rc = tree_build(d->base, bprep, &bo, q->callers, &bt, err);
	if (rc == 0 && has_base && bo.nzoom && !bt.zoom_matched && !q->callers &&
	    bo.focus == PV_CALLTREE_NONE) {
		/* the path's first function is no root of BASE: start the path at
		   BASE's outermost box of it (pv/treediff.h), then build again */
		uint32_t path[PV_API_TREE_ZOOM_MAX];
		uint32_t np = pv_treediff_zoom_prefix(d, &bt, bo.zoom[0], path,
						      PV_API_TREE_ZOOM_MAX - bo.nzoom);
		if (np) {
			memmove(zoom + np, zoom, bo.nzoom * sizeof *zoom);
			memcpy(zoom, path, np * sizeof *zoom);
			bo.nzoom += np;
			pv_calltree_release(&bt);
			rc = tree_build(d->base, bprep, &bo, q->callers, &bt, err);
		}
	}
	if (rc == 0)
		rc = pv_treediff_compute(d, &nt, has_base ? &bt : NULL,
					 q->callers ? (q->focus != PV_CALLTREE_NONE ? 2 : 1) : 0, &td, err);
	if (rc == 0) {
		pv_buf_printf(out, "{\"version\":1,\"dir\":\"%s\",\"match\":\"%s\",\"root_time\":",
			      q->callers ? "callers" : "calls",
			      d->match == PV_DIFF_MATCH_NAME ? "name" : "exact");
		pv_json_double(out, st, nt.n ? nt.nodes[0].time : 0);
		pv_buf_puts(out, ",\"base_root_time\":");
		pv_json_double(out, st, has_base && bt.n ? bt.nodes[0].time : 0);
		pv_buf_printf(out, ",\"zoom_matched\":%u,\"base_zoom\":%u,\"base_zoom_matched\":%u,"
			      "\"same\":%zu,\"new_paths\":%zu,\"estimates\":%zu,\"nodes\":{\"count\":%zu",
			      (unsigned)nt.zoom_matched, (unsigned)(has_base ? bo.nzoom : 0),
			      (unsigned)(has_base ? bt.zoom_matched : 0), td.nsame, td.nnew,
			      td.nestimate, td.n);
		pv_buf_puts(out, ",\"base\":[");
		for (size_t i = 0; i < td.n; i++) {
			if (i)
				pv_buf_putc(out, ',');
			pv_json_double(out, st, td.base[i]);
		}
		static const char *const flag_keys[2] = { "],\"new_path\":[", "],\"estimated\":[" };
		static const unsigned char flag_status[2] = { PV_TREEDIFF_NEW_PATH, PV_TREEDIFF_ESTIMATE };
		for (int k = 0; k < 2; k++) {
			pv_buf_puts(out, flag_keys[k]);
			for (size_t i = 0; i < td.n; i++)
				pv_buf_puts(out, td.status[i] == flag_status[k] ? (i ? ",1" : "1")
									: (i ? ",0" : "0"));
		}
		pv_buf_putc(out, ']');
		pv_buf_puts(out, "}}");
		rc = finish(out, err);
	}
	pv_treediff_release(&td);
	pv_calltree_release(&nt);
	pv_calltree_release(&bt);
	return rc;
}

/* ===================================================== one function */

static const pv_fj_field function_fields[] = {
	PV_FJ_ID, PV_FJ_LABEL, PV_FJ_FILE, PV_FJ_LINE, PV_FJ_NAME, PV_FJ_HAS_STATS,
	PV_FJ_NC, PV_FJ_CC, PV_FJ_TT, PV_FJ_CT, PV_FJ_END,
};

/* A caller or callee: the other function, with the edge's numbers. */
static const pv_fj_field edge_fields[] = {
	PV_FJ_ID, PV_FJ_LABEL, PV_FJ_NC, PV_FJ_CC, PV_FJ_TT, PV_FJ_CT, PV_FJ_COUNTS_ONLY,
	PV_FJ_END,
};

int pv_api_function(const pv_profile *p, uint32_t id, pv_buf *out, pv_error *err)
{
	if (id >= pv_profile_nkeys(p))
		return pv_error_set(err, "no function %u", (unsigned)id);
	const pv_func *f = &pv_profile_funcs(p)[id];
	const uint32_t *cs, *ci = pv_profile_callee_index(p, &cs);
	if (!ci)
		return pv_error_set(err, "out of memory");
	pv_buf label = PV_BUF_INIT;
	pv_buf_putc(out, '{');
	pv_fj_write(out, st, p, id, NULL, function_fields, &label);
	pv_buf_puts(out, ",\"text\":");
	put_columns(out, f);
	pv_buf_puts(out, ",\"callers\":");
	pv_fj_edges(out, st, p, NULL, f->callers, f->ncallers, 0, edge_fields, &label);
	pv_buf_puts(out, ",\"callees\":");
	pv_fj_edges(out, st, p, ci + cs[id], 0, cs[id + 1] - cs[id], 1, edge_fields, &label);
	pv_buf_putc(out, '}');
	pv_buf_release(&label);
	return finish(out, err);
}

/* ===================================================== graph */

int pv_api_graph(const pv_profile *p, pv_buf *out, pv_error *err)
{
	size_t nk = pv_profile_nkeys(p), ne = pv_profile_nedges(p);
	size_t nstr = 0;
	const pv_func *fn = pv_profile_funcs(p);
	const pv_edge *ed = pv_profile_edges(p);

	pv_buf_puts(out, "{\"version\":1,\"summary\":");
	if (put_summary(p, out, err) < 0)
		return -1;
	pv_buf_putc(out, '}');

	/* file names once each, functions refer to them by index */
	for (size_t i = 0; i < nk; i++)
		if (fn[i].file >= nstr)
			nstr = (size_t)fn[i].file + 1;
	int32_t *fileidx = malloc((nstr ? nstr : 1) * sizeof *fileidx);
	if (!fileidx)
		return pv_error_set(err, "out of memory");
	for (size_t i = 0; i < nstr; i++)
		fileidx[i] = -1;
	int32_t nfiles = 0;
	pv_buf_puts(out, ",\"files\":[");
	for (size_t i = 0; i < nk; i++) {
		if (fileidx[fn[i].file] >= 0)
			continue;
		fileidx[fn[i].file] = nfiles;
		if (nfiles++)
			pv_buf_putc(out, ',');
		put_profile_string(out, p, fn[i].file);
	}

/* key, then `expr` for each of `n` elements, each bound by `elem`, then ']' */
#define COLUMN(key, n, elem, expr)                          \
	do {                                                \
		pv_buf_puts(out, key);                      \
		for (size_t i = 0; i < (n); i++) {          \
			elem;                               \
			if (i)                              \
				pv_buf_putc(out, ',');      \
			expr;                               \
		}                                           \
		pv_buf_putc(out, ']');                      \
	} while (0)
#define FCOLUMN(key, expr) COLUMN(key, nk, const pv_func *f = &fn[i], expr)
#define ECOLUMN(key, expr) COLUMN(key, ne, const pv_edge *e = &ed[i], expr)

	pv_buf_printf(out, "],\"functions\":{\"count\":%zu", nk);
	FCOLUMN(",\"file\":[", pv_buf_printf(out, "%d", (int)fileidx[f->file]));
	FCOLUMN(",\"line\":[", pv_buf_printf(out, "%lld", (long long)f->line));
	FCOLUMN(",\"name\":[", put_profile_string(out, p, f->name));
	FCOLUMN(",\"flags\":[", pv_buf_printf(out, "%u", (unsigned)f->flags));
	FCOLUMN(",\"nc\":[", pv_json_count(out, st, pv_func_nc(f)));
	FCOLUMN(",\"cc\":[", pv_json_count(out, st, pv_func_cc(f)));
	FCOLUMN(",\"tt\":[", pv_json_double(out, st, f->tt));
	FCOLUMN(",\"ct\":[", pv_json_double(out, st, f->ct));
	FCOLUMN(",\"text\":[", put_columns(out, f));
	free(fileidx);

	pv_buf_printf(out, "},\"edges\":{\"count\":%zu", ne);
	ECOLUMN(",\"caller\":[", pv_buf_printf(out, "%u", (unsigned)e->caller));
	ECOLUMN(",\"callee\":[", pv_buf_printf(out, "%u", (unsigned)e->callee));
	ECOLUMN(",\"nc\":[", pv_json_count(out, st, pv_edge_nc(e)));
	ECOLUMN(",\"cc\":[", pv_json_count(out, st, pv_edge_cc(e)));
	ECOLUMN(",\"tt\":[", pv_json_double(out, st, e->tt));
	ECOLUMN(",\"ct\":[", pv_json_double(out, st, e->ct));
	ECOLUMN(",\"flags\":[", pv_buf_puts(out, pv_edge_is_int(e) ? "1" : "0"));
#undef ECOLUMN
#undef FCOLUMN
	pv_buf_puts(out, "}}");
	return finish(out, err);
}

/* ===================================================== call tree */

void pv_api_tree_query_init(pv_api_tree_query *q)
{
	memset(q, 0, sizeof *q);
	q->focus = PV_CALLTREE_NONE;
	q->nodes = PV_API_TREE_NODES_DEFAULT;
	q->cutoff = PV_API_TREE_CUTOFF_DEFAULT;
	q->depth = PV_API_TREE_DEPTH_DEFAULT;
}

/* A decimal number of at most 10 digits, nothing else; -1 if not. */
static long long parse_decimal(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 10)
		return -1;
	long long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

long long pv_api_parse_decimal(const char *s)
{
	return parse_decimal(s);
}

/* A decimal fraction ("0.001", "1e-3", "0"), nothing else; NaN if not. */
static double parse_fraction(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 32)
		return (double)NAN;
	/* no spaces, hex, "inf" or "nan": strtod would take them */
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789.eE+-", s[i]))
			return (double)NAN;
	char *end = NULL;
	double v = strtod(s, &end);
	return end == s + n ? v : (double)NAN;
}

/* The regex keys' names, in pv_api_tree_query.re's order. */
const char *const pv_api_re_keys[PV_API_TREE_NRE] = { "focus_re", "ignore", "hide", "show" };

/* Whether `q` is within its limits; the error names the key. */
static int check_tree_query(const pv_profile *p, const pv_api_tree_query *q, pv_error *err)
{
	if (q->focus != PV_CALLTREE_NONE && q->focus >= pv_profile_nfuncs(p))
		return pv_error_set(err, "no such function");
	if (q->nodes < 1 || q->nodes > PV_API_TREE_NODES_MAX)
		return pv_error_set(err, "bad nodes");
	if (!(q->cutoff >= 0 && q->cutoff <= 1))
		return pv_error_set(err, "bad cutoff");
	if (q->depth < 1 || q->depth > PV_API_TREE_DEPTH_MAX)
		return pv_error_set(err, "bad depth");
	if (q->nzoom > PV_API_TREE_ZOOM_MAX)
		return pv_error_set(err, "bad zoom");
	for (uint32_t i = 0; i < q->nzoom; i++)
		if (q->zoom[i] >= pv_profile_nkeys(p))
			return pv_error_set(err, "bad zoom");
	for (int i = 0; i < PV_API_TREE_NRE; i++)
		if (q->re[i] && (!*q->re[i] || strlen(q->re[i]) > PV_API_TREE_RE_MAX))
			return pv_error_set(err, "bad %s", pv_api_re_keys[i]);
	if (q->group != PV_TREEFILTER_FUNCTION && q->group != PV_TREEFILTER_FILE &&
	    q->group != PV_TREEFILTER_PACKAGE)
		return pv_error_set(err, "bad group");
	return 0;
}

/*
 * A regex of the query: at most PV_API_TREE_RE_MAX bytes, not empty, and
 * compiles (else "bad KEY", or the WebAssembly build's fixed text).
 */
static int parse_re(pv_api_tree_query *q, int i, const char *v, pv_error *err)
{
	if (!*v || strlen(v) > PV_API_TREE_RE_MAX)
		return pv_error_set(err, "bad %s", pv_api_re_keys[i]);
	pv_pyre r;
	char msg[128];
	int rc = pv_pyre_compile(&r, v, msg, sizeof msg);
	if (rc == 0) {
		pv_pyre_free(&r);
		q->re[i] = v;
		return 0;
	}
	if (rc == -2)
		return pv_error_set(err, "out of memory");
	if (strcmp(msg, PV_TREEFILTER_NO_REGEX) == 0)
		return pv_error_set(err, "%s", PV_TREEFILTER_NO_REGEX);
	return pv_error_set(err, "bad %s", pv_api_re_keys[i]);
}

/* "12,4,7": function ids separated by commas, at most PV_API_TREE_ZOOM_MAX */
static int parse_zoom(const pv_profile *p, pv_api_tree_query *q, const char *s)
{
	q->nzoom = 0;
	if (!*s)
		return 0;
	for (;;) {
		const char *comma = strchr(s, ',');
		size_t n = comma ? (size_t)(comma - s) : strlen(s);
		char part[12];
		if (n == 0 || n > 10 || q->nzoom >= PV_API_TREE_ZOOM_MAX)
			return -1;
		memcpy(part, s, n);
		part[n] = 0;
		long long v = parse_decimal(part);
		if (v < 0 || v >= (long long)pv_profile_nkeys(p))
			return -1;
		q->zoom[q->nzoom++] = (uint32_t)v;
		if (!comma)
			return 0;
		s = comma + 1;
	}
}

int pv_api_tree_query_parse(const pv_profile *p, pv_api_tree_query *q, pv_api_arg arg,
			    void *ctx, pv_error *err)
{
	pv_api_tree_query_init(q);
	const char *focus = arg(ctx, "focus"), *nodes = arg(ctx, "nodes");
	const char *cutoff = arg(ctx, "cutoff"), *depth = arg(ctx, "depth");
	const char *zoom = arg(ctx, "zoom"), *dir = arg(ctx, "dir");
	if (focus) {
		long long v = parse_decimal(focus);
		if (v < 0)
			return pv_error_set(err, "bad focus");
		if (v >= (long long)pv_profile_nfuncs(p))
			return pv_error_set(err, "no such function");
		q->focus = (uint32_t)v;
	}
	if (nodes) {
		long long v = parse_decimal(nodes);
		if (v < 1 || v > PV_API_TREE_NODES_MAX)
			return pv_error_set(err, "bad nodes");
		q->nodes = (size_t)v;
	}
	if (cutoff) {
		double v = parse_fraction(cutoff);
		if (!(v >= 0 && v <= 1))
			return pv_error_set(err, "bad cutoff");
		q->cutoff = v;
	}
	if (depth) {
		long long v = parse_decimal(depth);
		if (v < 1 || v > PV_API_TREE_DEPTH_MAX)
			return pv_error_set(err, "bad depth");
		q->depth = (uint32_t)v;
	}
	if (zoom && parse_zoom(p, q, zoom) < 0)
		return pv_error_set(err, "bad zoom");
	if (dir) {
		if (strcmp(dir, "calls") == 0)
			q->callers = 0;
		else if (strcmp(dir, "callers") == 0)
			q->callers = 1;
		else
			return pv_error_set(err, "bad dir");
	}
	for (int i = 0; i < PV_API_TREE_NRE; i++) {
		const char *v = arg(ctx, pv_api_re_keys[i]);
		if (v && parse_re(q, i, v, err) < 0)
			return -1;
	}
	const char *group = arg(ctx, "group");
	if (group) {
		if (strcmp(group, "function") == 0)
			q->group = PV_TREEFILTER_FUNCTION;
		else if (strcmp(group, "file") == 0)
			q->group = PV_TREEFILTER_FILE;
		else if (strcmp(group, "package") == 0)
			q->group = PV_TREEFILTER_PACKAGE;
		else
			return pv_error_set(err, "bad group");
	}
	return check_tree_query(p, q, err);
}

/* The kinds as the answer numbers them (docs/api.md). */
static int tree_kind(pv_calltree_kind k)
{
	switch (k) {
	case PV_CALLTREE_ROOT:
		return 0;
	case PV_CALLTREE_FUNC:
		return 1;
	case PV_CALLTREE_OTHER:
		return 2;
	case PV_CALLTREE_UNPLACED:
		return 3;
	}
	return 3;
}

static int by_id(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* The distinct functions of t's nodes, sorted by id, into *ids (malloc'd). */
static size_t tree_functions(const pv_calltree *t, uint32_t **ids)
{
	size_t n = 0;
	*ids = malloc((t->n ? t->n : 1) * sizeof **ids);
	if (!*ids)
		return 0;
	for (size_t i = 0; i < t->n; i++)
		if (t->nodes[i].kind == PV_CALLTREE_FUNC)
			(*ids)[n++] = t->nodes[i].func;
	qsort(*ids, n, sizeof **ids, by_id);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (u == 0 || (*ids)[u - 1] != (*ids)[i])
			(*ids)[u++] = (*ids)[i];
	return u;
}

int pv_api_tree_write(const pv_profile *p, const pv_calltree *t, uint32_t first, int callers,
		      pv_buf *out, pv_error *err)
{
	return pv_api_tree_write_groups(p, t, first, callers, NULL, NULL, NULL, 0, out, err);
}

int pv_api_tree_write_groups(const pv_profile *p, const pv_calltree *t, uint32_t first,
			     int callers, const int32_t *group, const char *labels,
			     const size_t *label_at, size_t ngroups, pv_buf *out, pv_error *err)
{
	const pv_calltree_node *nd = t->nodes;
	pv_buf_printf(out, "{\"version\":1,\"dir\":\"%s\",\"root_time\":", callers ? "callers" : "calls");
	pv_json_double(out, st, t->n ? nd[0].time : 0);
	pv_buf_puts(out, ",\"min_time\":");
	pv_json_double(out, st, t->min_time);
	pv_buf_printf(out, ",\"truncated\":%s,\"default_focus\":%u,\"zoom_node\":%u,"
		      "\"zoom_matched\":%u,\"nodes\":{\"count\":%zu",
		      t->truncated ? "true" : "false", (unsigned)first, (unsigned)t->zoom_node,
		      (unsigned)t->zoom_matched, t->n);

/* key, then `expr` for each node n, then ']' */
#define NCOLUMN(key, expr) COLUMN(key, t->n, const pv_calltree_node *n = &nd[i], expr)
#define NONE_OR(v) ((v) == PV_CALLTREE_NONE ? -1LL : (long long)(v))

	NCOLUMN(",\"kind\":[", pv_buf_printf(out, "%d", tree_kind(n->kind)));
	NCOLUMN(",\"func\":[", pv_buf_printf(out, "%lld",
					      n->kind == PV_CALLTREE_FUNC ? NONE_OR(n->func) : -1LL));
	NCOLUMN(",\"parent\":[", pv_buf_printf(out, "%lld", NONE_OR(n->parent)));
	NCOLUMN(",\"time\":[", pv_json_double(out, st, n->time));
	NCOLUMN(",\"self\":[", pv_json_double(out, st, n->self));
	NCOLUMN(",\"hidden\":[", pv_json_double(out, st, n->hidden));
	NCOLUMN(",\"certain\":[", pv_json_double(out, st, n->certain));
	NCOLUMN(",\"flags\":[", pv_buf_printf(out, "%u", (unsigned)(n->flags & 7u)));
	NCOLUMN(",\"merged\":[", pv_buf_printf(out, "%u",
					       n->kind == PV_CALLTREE_OTHER ? (unsigned)n->count : 0u));
	if (group)
		NCOLUMN(",\"group\":[", pv_buf_printf(out, "%d",
						     n->kind == PV_CALLTREE_FUNC ? (int)group[i] : -1));
#undef NONE_OR
#undef NCOLUMN
	/* the functions the nodes name, once each: what a box's label and
	   tooltip show, so the page needs nothing else to draw */
	uint32_t *ids = NULL;
	size_t nu = tree_functions(t, &ids);
	if (!ids)
		return pv_error_set(err, "out of memory");
	const pv_func *fn = pv_profile_funcs(p);
	size_t nfs = pv_profile_nfuncs(p);
	pv_buf label = PV_BUF_INIT;
	pv_buf_printf(out, "},\"functions\":{\"count\":%zu", nu);
#define UCOLUMN(key, expr) COLUMN(key, nu, uint32_t id = ids[i]; const pv_func *f = &fn[id]; (void)f, expr)
	UCOLUMN(",\"id\":[", pv_buf_printf(out, "%u", (unsigned)id));
	UCOLUMN(",\"name\":[", put_profile_string(out, p, f->name));
	UCOLUMN(",\"file\":[", put_profile_string(out, p, f->file));
	UCOLUMN(",\"line\":[", pv_buf_printf(out, "%lld", (long long)f->line));
	UCOLUMN(",\"label\":[", (pv_buf_reset(&label), pv_func_std_string(p, id, &label),
				  pv_json_string(out, st, label.data ? label.data : "", label.len)));
	UCOLUMN(",\"flags\":[", pv_buf_printf(out, "%u", (unsigned)f->flags));
	UCOLUMN(",\"tt\":[", pv_json_double(out, st, id < nfs ? f->tt : 0));
	UCOLUMN(",\"ct\":[", pv_json_double(out, st, id < nfs ? f->ct : 0));
	UCOLUMN(",\"text\":[", put_columns(out, f));
#undef UCOLUMN
	pv_buf_putc(out, '}');
	if (group) {
		/* group=file|package: the groups' labels, which the nodes' "group" indexes */
		pv_buf_puts(out, ",\"groups\":[");
		for (size_t g = 0; g < ngroups; g++) {
			if (g)
				pv_buf_putc(out, ',');
			const char *l = labels + label_at[g];
			pv_json_string(out, st, l, strlen(l));
		}
		pv_buf_putc(out, ']');
	}
	pv_buf_putc(out, '}');
	pv_buf_release(&label);
	free(ids);
	return finish(out, err);
}

int pv_api_tree(const pv_profile *p, const pv_calltree_prep *prep, const pv_api_tree_query *q,
		pv_buf *out, pv_error *err)
{
	pv_api_tree_query def;
	pv_api_tree_query_init(&def);
	if (!q)
		q = &def;
	if (check_tree_query(p, q, err) < 0)
		return -1;
	pv_treefilter f;
	pv_treefilter_init(&f);
	for (int i = 0; i < PV_API_TREE_NRE; i++) {
		f.re[i] = q->re[i];
		f.key[i] = pv_api_re_keys[i];
	}
	f.gran = (pv_treefilter_gran)q->group;
	f.max_nodes = q->nodes;
	f.min_fraction = q->cutoff;
	f.max_depth = q->depth;
	int filtering = pv_treefilter_active(&f);
	pv_calltree_opts o;
	tree_opts(q, &o);
	if (filtering) {
		/* a filter works on a larger tree than the one it answers with */
		o.max_nodes = PV_API_TREE_FILTER_NODES(q->nodes);
		o.min_fraction = q->cutoff / 100;
		/* a match may lie deeper than the depth asked: the filter sees 64
		   levels more, then cuts to the depth (deeper still costs: expansion
		   is O(depth) a box, 24,000 boxes 1,024 deep take 1.2 s on a real
		   pydoc profile, 128 deep 0.17 s) */
		o.max_depth = q->depth + 64 < PV_API_TREE_DEPTH_MAX ? q->depth + 64 : PV_API_TREE_DEPTH_MAX;
	}
	pv_calltree t = { 0 };
	int rc = tree_build(p, prep, &o, q->callers, &t, err);
	if (rc < 0) {
		pv_calltree_release(&t);
		return -1;
	}
	pv_treefilter_result fr = { 0 };
	pv_calltree *shown = &t;
	if (filtering) {
		rc = pv_treefilter_apply(p, &t, &f, &fr, err);
		pv_calltree_release(&t);
		if (rc < 0) {
			pv_treefilter_release(&fr);
			return rc;
		}
		shown = &fr.tree;
	}
	/* the first box to show: the focus's own box, or past the plumbing */
	uint32_t first = q->focus != PV_CALLTREE_NONE ? (shown->n > 1 ? 1 : 0)
			 : q->callers ? 0 : pv_calltree_default_focus(p, shown);
	rc = pv_api_tree_write_groups(p, shown, first, q->callers, fr.group, fr.labels.data,
				      fr.label_at, fr.ngroups, out, err);
	if (filtering)
		pv_treefilter_release(&fr);
	else
		pv_calltree_release(&t);
	return rc;
}
