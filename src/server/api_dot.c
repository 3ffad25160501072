/*
 * api_dot.c - GET /api/dot: gprof2dot's graph as SVG for the viewer (see
 * pv/api_dot.h).  The graph is pv/dot.h's (the DOT of `pstat-view dot`,
 * with id="fK" on the nodes) and the picture pv/gv.h's; this file only
 * reads the query, leaves out what hide=, ignore=, show= and focus_re=
 * say (pprof's filters, on the graph), and refuses to lay out more
 * than PV_API_DOT_MAX_NODES nodes or PV_API_DOT_MAX_EDGES edges, saying
 * which threshold to raise.
 */
#include "pv/api_dot.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pv/dot.h"
#include "pv/gv.h"
#include "pv/pyre.h"

/* The node= values tried for the advice: multiples of this, in percent. */
#define ADVICE_STEP 0.001

/* The regex filters, in pprof's order of application: /api/tree's (pv/api.h). */
enum { RE_FOCUS = PV_API_TREE_FOCUS_RE, RE_IGNORE = PV_API_TREE_IGNORE, RE_HIDE = PV_API_TREE_HIDE,
       RE_SHOW = PV_API_TREE_SHOW, NRE = PV_API_TREE_NRE };

typedef struct dot_query {
	pv_dot_options o;
	const char *re[NRE];
	int have_hops;
} dot_query;

/* A percentage: [0-9.]+ as strtod reads all of it, 0..100. */
static int parse_pct(const char *v, double *out)
{
	if (!*v || strlen(v) > 32 || strspn(v, "0123456789.") != strlen(v))
		return -1;
	char *end;
	double x = strtod(v, &end);
	if (*end || !isfinite(x) || x < 0.0 || x > 100.0)
		return -1;
	*out = x;
	return 0;
}

/* A decimal in [0, max]. */
static int parse_uint(const char *v, long long max, long long *out)
{
	long long x = pv_api_parse_decimal(v);
	if (x < 0 || x > max)
		return -1;
	*out = x;
	return 0;
}

static int parse_query(const pv_profile *p, pv_api_arg arg, void *ctx, dot_query *q,
		       pv_error *err)
{
	const char *v;
	long long x;
	long long nkeys = (long long)pv_profile_nkeys(p);
	memset(q, 0, sizeof *q);
	pv_dot_options_init(&q->o);
	q->o.node_ids = 1;
	q->o.hops = PV_API_DOT_HOPS_DEFAULT;
	if ((v = arg(ctx, "node")) && parse_pct(v, &q->o.node_thres))
		return pv_error_set(err, "bad node");
	if ((v = arg(ctx, "edge")) && parse_pct(v, &q->o.edge_thres))
		return pv_error_set(err, "bad edge");
	if ((v = arg(ctx, "root"))) {
		if (parse_uint(v, nkeys - 1, &x))
			return pv_error_set(err, "bad root");
		q->o.root_key = (uint32_t)x;
	}
	if ((v = arg(ctx, "leaf"))) {
		if (parse_uint(v, nkeys - 1, &x))
			return pv_error_set(err, "bad leaf");
		q->o.leaf_key = (uint32_t)x;
	}
	if ((v = arg(ctx, "depth"))) {
		if (parse_uint(v, PV_API_DOT_DEPTH_MAX, &x))
			return pv_error_set(err, "bad depth");
		q->o.depth = (long)x;
	}
	if ((v = arg(ctx, "theme")) && !(q->o.theme = pv_dot_theme_find(v)))
		return pv_error_set(err, "bad theme");
	if ((v = arg(ctx, "selfcolor"))) {
		if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0)
			return pv_error_set(err, "bad selfcolor");
		q->o.color_by_selftime = v[0] == '1';
	}
	for (int i = 0; i < NRE; i++) {
		if ((v = arg(ctx, pv_api_re_keys[i]))) {
			if (!*v || strlen(v) > PV_API_DOT_HIDE_MAX)
				return pv_error_set(err, "bad %s", pv_api_re_keys[i]);
			q->re[i] = v;
		}
	}
	if ((v = arg(ctx, "fn"))) {
		if (parse_uint(v, nkeys - 1, &x))
			return pv_error_set(err, "bad fn");
		q->o.focus_key = (uint32_t)x;
	}
	if ((v = arg(ctx, "hops"))) {
		if (parse_uint(v, PV_API_DOT_HOPS_MAX, &x))
			return pv_error_set(err, "bad hops");
		if (q->o.focus_key == PV_DOT_NO_KEY)
			return pv_error_set(err, "hops needs fn");
		q->o.hops = (long)x;
	}
	return 0;
}

/*
 * A regex key: a byte per key, 1 where the pstats label matches.  Returns
 * the mask, or NULL with `err` set: "bad KEY" (does not compile), the
 * pv/pyre.h bound's text (for hide= as it is, for the others after
 * "KEY: "), or out of memory.
 */
static uint8_t *re_mask(const pv_profile *p, const char *re, int which, pv_error *err)
{
	pv_pyre x;
	char msg[128];
	int rc = pv_pyre_compile(&x, re, msg, sizeof msg);
	if (rc == -2) {
		pv_error_set(err, "out of memory");
		return NULL;
	}
	if (rc) {
		pv_error_set(err, "bad %s", pv_api_re_keys[which]);
		return NULL;
	}
	size_t n = pv_profile_nkeys(p);
	uint8_t *mask = calloc(n + 1, 1);
	pv_buf label = PV_BUF_INIT;
	int hit = 0;
	for (size_t k = 0; mask && k < n && hit >= 0; k++) {
		pv_buf_reset(&label);
		pv_func_std_string(p, (uint32_t)k, &label);
		hit = pv_pyre_search(&x, label.data ? label.data : "", label.len);
		mask[k] = hit > 0;
	}
	if (hit == PV_PYRE_TOO_COMPLEX) {
		pv_error why;
		pv_pyre_gave_up(&x, &why);
		if (which == RE_HIDE)
			pv_error_set(err, "%s", why.msg);
		else
			pv_error_set(err, "%s: %s", pv_api_re_keys[which], why.msg);
	} else if (!mask || !pv_buf_ok(&label) || !pv_buf_ok(&x.alt)) {
		pv_error_set(err, "out of memory");
	}
	if (hit == PV_PYRE_TOO_COMPLEX || !mask || !pv_buf_ok(&label) || !pv_buf_ok(&x.alt)) {
		free(mask);
		mask = NULL;
	}
	pv_pyre_free(&x);
	pv_buf_release(&label);
	return mask;
}

/*
 * focus_re=: marks in `reach` the keys on a call path through a key of
 * `focus` (its callees' callees..., its callers' callers...), going only
 * through keys `ignored` does not mark.  Returns 0 or -1 (out of memory).
 */
static int focus_reach(const pv_profile *p, const uint8_t *focus, const uint8_t *ignored,
		       uint8_t *reach)
{
	size_t n = pv_profile_nkeys(p);
	const pv_func *fn = pv_profile_funcs(p);
	const pv_edge *ed = pv_profile_edges(p);
	const uint32_t *cs, *ci = pv_profile_callee_index(p, &cs);
	uint32_t *stack = malloc((n ? n : 1) * sizeof *stack);
	uint8_t *seen = malloc(n ? n : 1);
	if (!ci || !stack || !seen) {
		free(stack);
		free(seen);
		return -1;
	}
	for (int down = 0; down <= 1; down++) {
		size_t top = 0;
		for (size_t k = 0; k < n; k++) {
			seen[k] = focus[k] && !(ignored && ignored[k]);
			if (seen[k])
				stack[top++] = (uint32_t)k;
		}
		while (top) {
			uint32_t f = stack[--top];
			reach[f] = 1;
			size_t m = down ? cs[f + 1] - cs[f] : fn[f].ncallers;
			for (size_t i = 0; i < m; i++) {
				const pv_edge *e = down ? &ed[ci[cs[f] + i]] : &ed[fn[f].callers + i];
				uint32_t g = down ? e->callee : e->caller;
				if (g >= n || seen[g] || (ignored && ignored[g]))
					continue;
				seen[g] = 1;
				stack[top++] = g;
			}
		}
	}
	free(stack);
	free(seen);
	return 0;
}

/*
 * The keys to leave out for the query's regexes (NULL with no regex):
 * ignore='s matches, those off every path through a focus_re= match,
 * hide='s matches, and with show= those it does not match.  Returns 0, or
 * -1 with `err` set (400: a bad or too complex regex; 500: out of memory).
 */
static int left_out(const pv_profile *p, const dot_query *q, uint8_t **out, pv_error *err)
{
	uint8_t *m[NRE] = { NULL };
	int any = 0, rc = 0;
	*out = NULL;
	for (int i = 0; i < NRE && rc == 0; i++) {
		if (!q->re[i])
			continue;
		any = 1;
		if (!(m[i] = re_mask(p, q->re[i], i, err)))
			rc = -1;
	}
	size_t n = pv_profile_nkeys(p);
	uint8_t *gone = NULL;
	if (rc == 0 && any) {
		gone = calloc(n + 1, 1);
		uint8_t *reach = m[RE_FOCUS] ? calloc(n + 1, 1) : NULL;
		if (!gone || (m[RE_FOCUS] && !reach) ||
		    (reach && focus_reach(p, m[RE_FOCUS], m[RE_IGNORE], reach) < 0)) {
			pv_error_set(err, "out of memory");
			free(gone);
			gone = NULL;
			rc = -1;
		}
		for (size_t k = 0; gone && k < n; k++)
			gone[k] = (m[RE_IGNORE] && m[RE_IGNORE][k]) || (reach && !reach[k]) ||
				  (m[RE_HIDE] && m[RE_HIDE][k]) || (m[RE_SHOW] && !m[RE_SHOW][k]);
		free(reach);
	}
	for (int i = 0; i < NRE; i++)
		free(m[i]);
	*out = gone;
	return rc;
}

/* Nodes (or, when `edges`, edges) drawn with threshold `x` for node= (or edge=). */
static long long size_at(const pv_profile *p, const pv_dot_options *o, int edges, double x,
			 pv_error *err)
{
	pv_dot_options t = *o;
	if (edges)
		t.edge_thres = x;
	else
		t.node_thres = x;
	pv_dot_graph *g = pv_dot_build(p, &t, err);
	if (!g)
		return -1;
	long long n = (long long)(edges ? pv_dot_graph_nedges(g) : pv_dot_graph_nnodes(g));
	pv_dot_graph_free(g);
	return n;
}

/*
 * The smallest threshold (node=, or edge= when `edges`), a multiple of
 * ADVICE_STEP above the one in `o`, that draws at most `limit` nodes (or
 * edges), by bisection (raising a threshold never adds a node or an
 * edge).  *to is -1 when even 100 does not; *then is the size there.
 * Returns 0, or -1 with `err` set.
 */
static int advise(const pv_profile *p, const pv_dot_options *o, int edges, long long limit,
		  double *to, long long *then, pv_error *err)
{
	double from = edges ? o->edge_thres : o->node_thres;
	long long lo = (long long)floor(from / ADVICE_STEP);  /* too many there */
	long long hi = (long long)llround(100.0 / ADVICE_STEP);
	*then = size_at(p, o, edges, 100.0, err);
	if (*then < 0)
		return -1;
	if (*then > limit) {
		*to = -1;
		return 0;
	}
	while (hi - lo > 1) {
		long long mid = lo + (hi - lo) / 2;
		long long n = size_at(p, o, edges, (double)mid * ADVICE_STEP, err);
		if (n < 0)
			return -1;
		if (n <= limit) {
			hi = mid;
			*then = n;
		} else {
			lo = mid;
		}
	}
	*to = (double)hi * ADVICE_STEP;
	return 0;
}

/*
 * Over a limit: which thresholds to raise, and to what, as JSON
 * (docs/api.md): node= first, then, with that node=, edge=.
 */
static int too_big(const pv_profile *p, const pv_dot_options *o, size_t nnodes, size_t nedges,
		   pv_buf *out, pv_error *err)
{
	pv_dot_options t = *o;
	double to[2] = { t.node_thres, t.edge_thres };
	long long then[2] = { (long long)nnodes, (long long)nedges };
	const long long limit[2] = { PV_API_DOT_MAX_NODES, PV_API_DOT_MAX_EDGES };
	const char *const key[2] = { "node", "edge" };
	int raise[2] = { 0, 0 }, stuck = 0;
	for (int e = 0; e <= 1 && !stuck; e++) {
		if (e == 1)
			then[1] = size_at(p, &t, 1, t.edge_thres, err);
		if (then[e] < 0)
			return -1;
		if (then[e] <= limit[e])
			continue;
		if (advise(p, &t, e, limit[e], &to[e], &then[e], err) != 0)
			return -1;
		raise[e] = 1;
		stuck = to[e] < 0;
		if (!stuck && e == 0)
			t.node_thres = to[0];
	}
	pv_buf_printf(out, "{\"too_big\":true,\"nodes\":%zu,\"edges\":%zu,\"max_nodes\":%d,"
			   "\"max_edges\":%d,\"raise\":{",
		      nnodes, nedges, PV_API_DOT_MAX_NODES, PV_API_DOT_MAX_EDGES);
	pv_buf msg = PV_BUF_INIT;
	pv_buf_printf(&msg, "%zu functions and %zu calls: more than Graphviz lays out in about a "
			    "second (%d functions, %d calls);",
		      nnodes, nedges, PV_API_DOT_MAX_NODES, PV_API_DOT_MAX_EDGES);
	for (int e = 0, first = 1; e <= 1; e++) {
		if (!raise[e])
			continue;
		double from = e ? o->edge_thres : o->node_thres;
		pv_buf_printf(out, "%s\"%s\":{\"from\":%.15g,", first ? "" : ",", key[e], from);
		if (to[e] >= 0) {
			pv_buf_printf(out, "\"to\":%.15g,\"%s_then\":%lld}", to[e],
				      e ? "edges" : "nodes", then[e]);
			pv_buf_printf(&msg, "%s %s= from %g to %g (%lld %s)", first ? " raise" : " and",
				      key[e], from, to[e], then[e], e ? "calls" : "functions");
		} else {
			pv_buf_printf(out, "\"to\":null,\"%s_then\":%lld}", e ? "edges" : "nodes",
				      then[e]);
			pv_buf_printf(&msg, "%s even %s=100 leaves %lld: pick a function with root=, "
					    "leaf= or fn=",
				      first ? "" : " and", key[e], then[e]);
		}
		first = 0;
	}
	pv_buf_puts(out, "},\"message\":\"");
	pv_buf_append(out, msg.data ? msg.data : "", msg.len);  /* digits and words only */
	pv_buf_puts(out, "\"}");
	int oom = !pv_buf_ok(&msg);
	pv_buf_release(&msg);
	return oom ? pv_error_set(err, "out of memory") : 0;
}

int pv_api_dot(const pv_profile *p, pv_api_arg arg, void *ctx, pv_buf *out, const char **type,
	       pv_error *err)
{
	dot_query q;
	if (parse_query(p, arg, ctx, &q, err) != 0)
		return 400;
	uint8_t *mask = NULL;
	if (left_out(p, &q, &mask, err) != 0)
		return strcmp(err->msg, "out of memory") == 0 ? 500 : 400;
	q.o.hide = mask;
	int status = 500;
	pv_buf dot = PV_BUF_INIT, pic = PV_BUF_INIT;
	pv_dot_graph *g = pv_dot_build(p, &q.o, err);
	if (!g)
		goto out;
	size_t nnodes = pv_dot_graph_nnodes(g), nedges = pv_dot_graph_nedges(g);
	if (nnodes > PV_API_DOT_MAX_NODES || nedges > PV_API_DOT_MAX_EDGES) {
		if (too_big(p, &q.o, nnodes, nedges, &pic, err) != 0)
			goto out;
		*type = "application/json";
	} else {
		if (pv_dot_write(g, &dot, err) != 0 || pv_gv_check("svg", err) != 0 ||
		    pv_gv_render(dot.data, dot.len, "svg", &pic, NULL, err) != 0)
			goto out;
		*type = "image/svg+xml";
	}
	if (!pv_buf_ok(&pic)) {
		pv_error_set(err, "out of memory");
		goto out;
	}
	pv_buf_append(out, pic.data, pic.len);
	status = pv_buf_ok(out) ? 200 : 500;
	if (status != 200)
		pv_error_set(err, "out of memory");
out:
	pv_dot_graph_free(g);
	pv_buf_release(&dot);
	pv_buf_release(&pic);
	free(mask);
	return status;
}
