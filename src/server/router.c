/*
 * router.c - the API of one served profile: which answer each path gets,
 * with the query checked, and what is kept between requests (pv/api.h).
 *
 * No HTTP here: serve.c hands over a path and a way to read the query;
 * the page's WebAssembly build does the same with a query string
 * (pv_api_query_parse), so both get the same bytes.  Everything kept is
 * made by the first request that needs it: the server starts with the
 * profile loaded and nothing else, whatever its size.
 *
 * The table (/api/functions) is table.c's, the query strings
 * query_string.c's; what they share is router_internal.h.
 */
#include "router_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pv/api_diff.h"
#include "pv/api_dot.h"
#include "pv/calltree.h"
#include "pv/diff.h"
#include "pv/diff_write.h"

pv_api *pv_api_new(const pv_profile *p, const pv_diff *diff, const char *base_label)
{
	pv_api *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->p = p;
	a->diff = diff;
	a->base_label = base_label;
	pv_buf_init(&a->summary);
	pv_buf_init(&a->diffjs);
	return a;
}

void pv_api_adopt_prep(pv_api *a, pv_calltree_prep *prep)
{
	if (!prep)
		return;
	if (a->prep) {
		pv_calltree_prep_free(prep);
		return;
	}
	a->prep = prep;
}

void pv_api_free(pv_api *a)
{
	if (!a)
		return;
	pv_buf_release(&a->summary);
	pv_buf_release(&a->diffjs);
	for (int i = 0; i < S_N; i++)
		free(a->order[i]);
	pv_calltree_prep_free(a->prep);
	pvr_hits_release(&a->hits);
	pvr_match_release(&a->match);
	pvr_diffstate_free(a->dx);
	free(a);
}

/* ===================================================== the rest */

/*
 * The key whose pstats label (func_std_string) is `label`: "file:line(name)",
 * "{name}" for a built-in ('~', 0, "<name>"), or a bare name ('~', 0).  A
 * label can be read more than one way ("a:1(b):2(c)"): each is tried, left
 * to right.  Returns the id, or -1.
 */
static long long find_label(const pv_profile *p, const char *label)
{
	size_t n = strlen(label);
	if (n > 4096)
		return -1;
	if (n == 0)
		return pv_profile_find(p, "~", 0, "");
	if (label[0] == '{' && label[n - 1] == '}') {
		char name[4100];
		snprintf(name, sizeof name, "<%.*s>", (int)(n - 2), label + 1);
		long r = pv_profile_find(p, "~", 0, name);
		if (r >= 0)
			return r;
	}
	if (label[n - 1] == ')') {
		char *t = strdup(label);
		if (!t)
			return -1;
		for (char *c = strchr(t, ':'); c; c = strchr(c + 1, ':')) {
			char *d = c + 1;
			if (!(*d >= '0' && *d <= '9') && *d != '-')
				continue;
			char *e = d + (*d == '-');
			while (*e >= '0' && *e <= '9')
				e++;
			if (*e != '(')
				continue;
			long long line = strtoll(d, NULL, 10);
			*c = 0;
			t[n - 1] = 0;
			long r = pv_profile_find(p, t, (int64_t)line, e + 1);
			*c = ':';
			t[n - 1] = ')';
			if (r >= 0) {
				free(t);
				return r;
			}
		}
		free(t);
	}
	long r = pv_profile_find(p, "~", 0, label);
	return r;
}

static int get_function(pv_api *a, pv_api_arg arg, void *ctx, pv_buf *out)
{
	const char *id = arg(ctx, "id"), *label = arg(ctx, "label");
	long long v;
	if (!id && label) {
		v = find_label(a->p, label);
	} else {
		v = id ? pv_api_parse_decimal(id) : -1;
		if (v < 0)
			return error(out, 400, "bad id");
	}
	if (v < 0 || (size_t)v >= pv_profile_nkeys(a->p))
		return error(out, 404, "no such function");
	pv_error err;
	if (pv_api_function(a->p, (uint32_t)v, out, &err))
		return error(out, 500, "internal error");
	return 200;
}

/*
 * The call tree's prepared state of p into *prep, made by the first request
 * that needs it; *failed records that it could not be (the trees are then
 * built without it), so it is not tried again.
 */
static void prepare_once(const pv_profile *p, pv_calltree_prep **prep, int *failed)
{
	if (*prep || *failed)
		return;
	pv_error err;
	*prep = pv_calltree_prepare(p, &err);
	*failed = *prep == NULL;
}

/*
 * /api/tree's keys into *q (malloc'd, the caller frees it) and, for a call
 * tree (not dir=callers), the prepared states it is built with, made on
 * first use: p's, and with `x` BASE's too.  Returns 200, or the status of
 * the error answer written (*q is then NULL).
 */
static int tree_query(pv_api *a, struct diffstate *x, pv_api_arg arg, void *ctx, pv_buf *out,
		      pv_api_tree_query **qp)
{
	pv_api_tree_query *q = *qp = malloc(sizeof *q);
	if (!q)
		return error(out, 500, "out of memory");
	pv_error err;
	if (pv_api_tree_query_parse(a->p, q, arg, ctx, &err)) {
		int status = error(out, 400, err.msg);
		free(q);
		*qp = NULL;
		return status;
	}
	if (q->callers)
		return 200; /* the callers tree needs no prepared state */
	prepare_once(a->p, &a->prep, &a->prep_failed);
	if (x)
		prepare_once(a->diff->base, &x->bprep, &x->bprep_failed);
	return 200;
}

static int get_tree(pv_api *a, pv_api_arg arg, void *ctx, pv_buf *out)
{
	pv_api_tree_query *q;
	int status = tree_query(a, NULL, arg, ctx, out, &q);
	if (!q)
		return status;
	pv_error err;
	int rc = pv_api_tree(a->p, a->prep, q, out, &err);
	if (rc == -2)
		status = error(out, 400, err.msg); /* a regex gave up at its bound */
	else if (rc)
		status = error(out, 500, "internal error");
	free(q);
	return status;
}

/*
 * GET /api/treediff (diff mode): /api/tree's keys, and per node of the
 * tree /api/tree answers for them, the time of the same path in BASE's.
 */
static int get_treediff(pv_api *a, pv_api_arg arg, void *ctx, pv_buf *out)
{
	if (!a->diff || a->diff->new_ != a->p)
		return error(out, 404, "not found");
	struct diffstate *x = pvr_diffstate(a);
	if (!x)
		return error(out, 500, "out of memory");
	pv_api_tree_query *q;
	int status = tree_query(a, x, arg, ctx, out, &q);
	if (!q)
		return status;
	pv_error err;
	if (pv_api_treediff(a->diff, a->prep, x->bprep, q, out, &err))
		status = error(out, 500, "internal error");
	free(q);
	return status;
}

/* Copies a kept answer, making it first if need be. */
static int kept(pv_buf *keep, int *have, int rc, pv_buf *out)
{
	if (rc)
		return error(out, 500, "internal error");
	*have = 1;
	pv_buf_append(out, keep->data, keep->len);
	return pv_buf_ok(out) ? 200 : error(out, 500, "out of memory");
}

int pv_api_get(pv_api *a, const char *path, pv_api_arg arg, void *ctx, pv_buf *out,
	       const char **type)
{
	pv_error err;
	*type = "application/json";
	if (strcmp(path, "/api/summary") == 0) {
		int rc = 0;
		if (!a->have_summary) {
			/* the roots are the call tree's: its prepared state, made once */
			prepare_once(a->p, &a->prep, &a->prep_failed);
			rc = pv_api_summary_with(a->p, a->prep, a->diff, a->base_label, &a->summary, &err);
		}
		return kept(&a->summary, &a->have_summary, rc, out);
	}
	if (strcmp(path, "/api/diff") == 0) {
		if (!a->diff)
			return error(out, 404, "not found");
		int rc = a->have_diff ? 0 : pv_api_diff(a->diff, &a->diffjs, &err);
		return kept(&a->diffjs, &a->have_diff, rc, out);
	}
	if (strcmp(path, "/api/functions") == 0)
		return pvr_get_functions(a, arg, ctx, out);
	if (strcmp(path, "/api/function") == 0)
		return get_function(a, arg, ctx, out);
	if (strcmp(path, "/api/tree") == 0)
		return get_tree(a, arg, ctx, out);
	if (strcmp(path, "/api/treediff") == 0)
		return get_treediff(a, arg, ctx, out);
	if (strcmp(path, "/api/dot") == 0) {
		/* gprof2dot's graph laid out by Graphviz: SVG, or advice when too big */
		int st = pv_api_dot(a->p, arg, ctx, out, type, &err);
		if (st != 200) {
			*type = "application/json";
			return error(out, st, err.msg);
		}
		return 200;
	}
	if (strcmp(path, "/api/graph") == 0)
		return pv_api_graph(a->p, out, &err) ? error(out, 500, "internal error") : 200;
	return error(out, 404, "not found");
}
