/*
 * dot_compare.c - two profiles in one graph (pv/dot.h):
 *
 *   pv_dot_compare_write()  `dot --compare`: gprof2dot's graphs_compare(),
 *                           byte for byte (docs/compare.md)
 *   pv_dot_write_diff()     `dot --diff`: pstat-view's own diff graph
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dot_internal.h"
#include "pv/fnmatch.h"
#include "pv/grow.h"

/* ===================================================== --compare (gprof2dot's) */

void pv_dot_compare_options_init(pv_dot_compare_options *c)
{
	memset(c, 0, sizeof *c);
	c->tolerance = 0.001;
}

/*
 * Python's round(x, n) of a float: the decimal correctly rounded to n
 * places (ties to even), read back.  glibc's printf rounds exactly.
 */
static double py_round(double x, long n)
{
	char buf[400];
	if (x == 0.0 || !isfinite(x) || n > 323)
		return x;
	if (n < -308)
		return 0.0 * x;
	if (n >= 0) {
		snprintf(buf, sizeof buf, "%.*f", (int)n, x);
		return strtod(buf, NULL);
	}
	/* to the 10^-n place: as many significant digits as reach it */
	snprintf(buf, sizeof buf, "%.16e", x);
	long e = strtol(strchr(buf, 'e') + 1, NULL, 10);
	long keep = e + 1 + n;
	if (keep >= 1) {
		snprintf(buf, sizeof buf, "%.*e", (int)(keep - 1), x);
		return strtod(buf, NULL);
	}
	if (keep < 0)
		return 0.0 * x;
	/* below one unit of 10^-n: 0 or one unit, a tie going to 0 (even) */
	snprintf(buf, sizeof buf, "5e%ld", e);
	double half = strtod(buf, NULL);
	snprintf(buf, sizeof buf, "1e%ld", -n);
	return fabs(x) > half ? copysign(strtod(buf, NULL), x) : 0.0 * x;
}

/*
 * Python's repr() of a float: the shortest digits that read back as x,
 * in exponent form when the decimal point is more than 4 places left or
 * 16 places right of the first digit.
 */
static void put_py_repr(pv_buf *b, double x)
{
	char buf[40], digits[24];
	if (isnan(x)) {
		pv_buf_puts(b, "nan");
		return;
	}
	if (isinf(x)) {
		pv_buf_puts(b, x < 0 ? "-inf" : "inf");
		return;
	}
	if (x == 0.0) {
		pv_buf_puts(b, signbit(x) ? "-0.0" : "0.0");
		return;
	}
	for (int p = 1; p <= 17; p++) {
		snprintf(buf, sizeof buf, "%.*e", p - 1, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	const char *s = buf;
	size_t nd = 0;
	if (*s == '-') {
		pv_buf_putc(b, '-');
		s++;
	}
	for (; *s && *s != 'e'; s++)
		if (*s != '.')
			digits[nd++] = *s;
	long e = strtol(s + 1, NULL, 10);
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	long decpt = e + 1;
	if (decpt <= -4 || decpt > 16) {
		pv_buf_putc(b, digits[0]);
		if (nd > 1) {
			pv_buf_putc(b, '.');
			pv_buf_append(b, digits + 1, nd - 1);
		}
		pv_buf_printf(b, "e%c%02ld", e < 0 ? '-' : '+', e < 0 ? -e : e);
	} else if (decpt <= 0) {
		pv_buf_puts(b, "0.");
		pv_buf_fill(b, '0', (size_t)-decpt);
		pv_buf_append(b, digits, nd);
	} else if ((size_t)decpt >= nd) {
		pv_buf_append(b, digits, nd);
		pv_buf_fill(b, '0', (size_t)decpt - nd);
		pv_buf_puts(b, ".0");
	} else {
		pv_buf_append(b, digits, (size_t)decpt);
		pv_buf_putc(b, '.');
		pv_buf_append(b, digits + decpt, nd - (size_t)decpt);
	}
}

/* A node name of B's graph and its node id, for matching A's by name. */
typedef struct cg_name {
	size_t off, len;
	uint32_t id;
	const char *base; /* the names' buffer, once complete */
} cg_name;

static int cg_name_cmp(const void *a, const void *b)
{
	const cg_name *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->base + x->off, y->base + y->off, n);
	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

typedef struct cg {
	const pv_dot_options *o;
	const pv_dot_compare_options *c;
	const pv_dot_theme *theme;
	pv_dot_graph *ga, *gb;
	uint32_t *match;    /* A's key -> B's key of the same name, or PVDOT_NONE */
	double min_diff, max_diff; /* min_max_difference(), for -color-by-difference */
	long places;        /* round_difference(): -floor(log10(tolerance)) */
	pv_buf lab, name;
} cg;

/*
 * One side: pruned alone, as gprof2dot prunes each profile of --compare:
 * a --root that matches nothing leaves that side empty (no error).
 */
static pv_dot_graph *cg_side(const pv_profile *p, const pv_dot_options *o, pv_error *err)
{
	pv_dot_options so = *o;
	so.leaf = NULL;
	so.stop_before_leaf = 0;
	if (!o->root || !*o->root)
		return pv_dot_build(p, &so, err);
	so.root = NULL;
	pv_dot_graph *g = pv_dot_build(p, &so, err);
	if (!g)
		return NULL;
	pv_fnmatch_pattern *m = pv_fnmatch_compile(o->root);
	pv_buf name = PV_BUF_INIT;
	int any = 0;
	for (uint32_t k = 0; m && k < g->nkeys && !any; k++) {
		if (!g->alive[k])
			continue;
		pv_buf_reset(&name);
		pv_dot_func_name(p, k, &name);
		any = pv_buf_ok(&name) && pv_fnmatch_match(m, name.data, name.len);
	}
	int oom = !m || !pv_buf_ok(&name);
	pv_fnmatch_free(m);
	pv_buf_release(&name);
	if (oom) {
		pv_dot_graph_free(g);
		pv_error_set(err, "out of memory");
		return NULL;
	}
	if (!any) {
		memset(g->alive, 0, g->nkeys);
		memset(g->ealive, 0, g->nedges);
		g->nnodes = g->nlive_edges = 0;
		return g;
	}
	pv_dot_graph_free(g);
	so.root = o->root;
	return pv_dot_build(p, &so, err);
}

/*
 * functions2 = {name: function} of B (the highest id wins a shared name),
 * looked up for each of A's functions: fills c->match.  Returns 0, or -1
 * when out of memory.
 */
static int cg_match(cg *c, const pv_profile *a, const pv_profile *b)
{
	const pv_dot_graph *ga = c->ga, *gb = c->gb;
	pv_buf names = PV_BUF_INIT;
	cg_name *v = NULL;
	size_t n = 0, cap = 0;
	int rc = -1;
	c->match = malloc((size_t)ga->nkeys * sizeof *c->match + 1);
	if (!c->match)
		goto out;
	for (uint32_t id = 0; id < gb->nkeys; id++) {
		uint32_t k = gb->key[id];
		if (!gb->alive[k])
			continue;
		size_t off = names.len;
		pv_dot_func_name(b, k, &names);
		if (!pv_buf_ok(&names) || pv_grow((void **)&v, &cap, n + 1, sizeof *v) != 0)
			goto out;
		v[n++] = (cg_name){ off, names.len - off, id, NULL };
	}
	for (size_t i = 0; i < n; i++)
		v[i].base = names.data;
	if (n > 1)
		qsort(v, n, sizeof *v, cg_name_cmp);
	for (uint32_t k = 0; k < ga->nkeys; k++) {
		c->match[k] = PVDOT_NONE;
		if (!ga->alive[k])
			continue;
		pv_buf_reset(&c->name);
		pv_dot_func_name(a, k, &c->name);
		if (!pv_buf_ok(&c->name))
			goto out;
		/* the last entry not greater than the name: its highest id */
		size_t lo = 0, hi = n;
		cg_name key = { 0, c->name.len, UINT32_MAX, c->name.data };
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (cg_name_cmp(&v[mid], &key) <= 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo > 0 && v[lo - 1].len == c->name.len &&
		    memcmp(names.data + v[lo - 1].off, c->name.data, c->name.len) == 0)
			c->match[k] = gb->key[v[lo - 1].id];
	}
	rc = 0;
out:
	free(v);
	pv_buf_release(&names);
	return rc;
}

/*
 * min_max_difference(): the smallest and largest |A% - B%| * 100 of total
 * time over the functions of A and B paired by POSITION in id order (not
 * by name, as gprof2dot does), 0 where B has fewer.
 */
static void cg_min_max(cg *c)
{
	const pv_dot_graph *ga = c->ga, *gb = c->gb;
	uint32_t jb = 0;
	int first = 1;
	for (uint32_t id = 0; id < ga->nkeys; id++) {
		uint32_t k = ga->key[id];
		if (!ga->alive[k])
			continue;
		while (jb < gb->nkeys && !gb->alive[gb->key[jb]])
			jb++;
		double d = 0.0;
		if (jb < gb->nkeys) {
			d = fabs(pvdot_node_total_ratio(ga, k) -
				 pvdot_node_total_ratio(gb, gb->key[jb])) * 100.0;
			jb++;
		}
		if (first || d < c->min_diff)
			c->min_diff = d;
		if (first || d > c->max_diff)
			c->max_diff = d;
		first = 0;
	}
}

/* The event's value of key k, as the difference is taken from it. */
static double cg_value(const pv_dot_graph *g, uint32_t k, pv_dot_measure m)
{
	switch (m) {
	case PV_DOT_TOTAL_TIME_PCT:
		return pvdot_node_total_ratio(g, k);
	case PV_DOT_SELF_TIME_PCT:
		return pvdot_node_self_ratio(g, k);
	case PV_DOT_TOTAL_TIME:
		return g->funcs[k].ct;
	case PV_DOT_SELF_TIME:
		return g->funcs[k].tt;
	}
	return 0.0;
}

/* " + 5.74%" or " - 5.74%": the difference rounded to the tolerance's places. */
static void cg_put_change(cg *c, pv_buf *lab, char sign, double difference)
{
	pv_buf_printf(lab, " %c ", sign);
	put_py_repr(lab, py_round(difference, c->places));
	pv_buf_putc(lab, '%');
}

static void cg_put_color(pv_buf *out, const cg *c, double w)
{
	double rgb[3];
	char txt[8];
	pv_dot_theme_color(c->theme, c->ga->skew, w, rgb);
	pv_dot_rgb_text(rgb, txt);
	pv_buf_printf(out, "\"%s\"", txt);
}

/*
 * Key k of A, matched with key kb of B or not: its node statement.  The
 * label, shape, orientation and weight follow graphs_compare() line by
 * line (docs/compare.md).
 */
static void cg_write_node(cg *c, uint32_t id, uint32_t k, uint32_t kb, pv_buf *out)
{
	static const pv_dot_measure defaults[] = { PV_DOT_TOTAL_TIME_PCT, PV_DOT_SELF_TIME_PCT };
	const pv_dot_graph *ga = c->ga, *gb = c->gb;
	const pv_dot_measure *m = c->o->labels ? c->o->labels : defaults;
	size_t nm = c->o->labels ? c->o->nlabels : 2;
	const pv_dot_compare_options *co = c->c;
	pv_buf *lab = &c->lab;
	int cds = 0, down = 0;
	double weight_difference = 0.0, weight;
	char num[48];

	pv_buf_reset(lab);
	if (kb != PVDOT_NONE) {
		/* the plain name, wrapped: neither stripped nor truncated */
		pv_buf_reset(&c->name);
		pv_dot_func_name(ga->p, k, &c->name);
		if (c->o->wrap)
			pv_dot_wrap_name(c->name.data ? c->name.data : "", c->name.len, lab);
		else
			pv_buf_append(lab, c->name.data ? c->name.data : "", c->name.len);
		if (!pv_buf_ok(&c->name))
			lab->oom = 1;
		for (size_t i = 0; i < nm; i++) {
			double v1 = cg_value(ga, k, m[i]), v2 = cg_value(gb, kb, m[i]);
			double difference = fabs(v1 - v2) * 100.0;
			int differs = difference >= co->tolerance;
			pv_buf_putc(lab, '\n');
			pvdot_put_measure(ga, k, m[i], lab);
			if (m[i] == PV_DOT_TOTAL_TIME_PCT) {
				weight_difference = difference;
				if (differs && v2 > v1 && !co->only_faster) {
					cds = 1;
					cg_put_change(c, lab, '+', difference);
				} else if (differs && v2 < v1 && !co->only_slower) {
					cds = down = 1;
					cg_put_change(c, lab, '-', difference);
				} else {
					weight_difference = 0.0;
				}
			} else if (differs && v2 != v1) {
				cg_put_change(c, lab, v2 > v1 ? '+' : '-', difference);
			}
			/* the calls after every figure, as gprof2dot appends them */
			if (pv_profile_is_sampled(ga->p)) {
				pv_buf_putc(lab, '\n');
				pvdot_put_count(ga, lab, pv_func_nc(&ga->funcs[k]));
				pv_buf_puts(lab, "/ ");
				pvdot_put_count(gb, lab, pv_func_nc(&gb->funcs[kb]));
			} else {
				pv_count_format(pv_func_nc(&ga->funcs[k]), num);
				pv_buf_printf(lab, "\n%s \xc3\x97/ ", num);
				pv_count_format(pv_func_nc(&gb->funcs[kb]), num);
				pv_buf_printf(lab, "%s \xc3\x97", num);
			}
		}
	} else {
		pvdot_node_label(ga, k, lab);
	}

	if (co->color_by_difference && weight_difference != 0.0) {
		/* gprof2dot divides by zero when all the differences are equal */
		double span = c->max_diff - c->min_diff;
		weight = span != 0.0 ? (weight_difference - c->min_diff) / span : 1.0;
	} else if (!co->color_by_difference) {
		if (ga->o.color_by_selftime && ga->self_max != 0.0)
			weight = pvdot_node_self_ratio(ga, k) / ga->self_max;
		else
			weight = pvdot_node_total_ratio(ga, k);
	} else {
		weight = 0.0;
	}

	pv_buf_printf(out, "\t%u [color=", (unsigned)id);
	cg_put_color(out, c, weight);
	pv_buf_puts(out, ", fontcolor=");
	if (c->theme->solid)
		cg_put_color(out, c, weight);
	else
		pv_buf_puts(out, "\"#ffffff\""); /* the graph's background: white */
	pv_buf_printf(out, ", fontsize=\"%f\", label=", pv_dot_fontsize(c->theme, weight));
	pvdot_put_quoted(out, lab->data ? lab->data : "", lab->len);
	if (!pv_buf_ok(lab))
		out->oom = 1;
	pv_buf_printf(out, ", orientation=%s, shape=%s, tooltip=", down ? "90" : "0",
		      cds ? "cds" : "box");
	size_t flen;
	const char *file = pv_profile_string(ga->p, ga->funcs[k].file, &flen);
	pvdot_put_id(out, file, flen);
	pv_buf_puts(out, "];\n");
}

/* The live edge caller -> callee of g, or PVDOT_NONE. */
static uint32_t cg_edge(const pv_dot_graph *g, uint32_t caller, uint32_t callee)
{
	if (caller == PVDOT_NONE || callee == PVDOT_NONE)
		return PVDOT_NONE;
	PVDOT_FOR_IN(g, callee, e)
	if (g->edges[e].caller == caller && g->ealive[e])
		return e;
	return PVDOT_NONE;
}

/* Edge e of A drawn from node `from` to `to`; e2 is B's same call or PVDOT_NONE. */
static void cg_write_edge(cg *c, uint32_t from, uint32_t to, uint32_t e, uint32_t e2, pv_buf *out)
{
	const pv_dot_graph *ga = c->ga, *gb = c->gb;
	const pv_dot_theme *t = c->theme;
	double w = c->c->color_by_difference ? 0.0 : pvdot_edge_ratio(ga, e);
	pv_buf_printf(out, "\t%u -> %u [arrowsize=\"%.2f\", color=", (unsigned)from, (unsigned)to,
		      pv_dot_arrowsize(t, w));
	cg_put_color(out, c, w);
	pv_buf_puts(out, ", fontcolor=");
	cg_put_color(out, c, w);
	pv_buf_printf(out, ", fontsize=\"%.2f\", label=\"", pv_dot_fontsize(t, w));
	pvdot_put_pct(out, pvdot_edge_ratio(ga, e));
	if (e2 != PVDOT_NONE) {
		pv_buf_puts(out, " / ");
		pvdot_put_pct(out, pvdot_edge_ratio(gb, e2));
	}
	pv_buf_puts(out, "\\n");
	pvdot_put_count(ga, out, pvdot_edge_calls(ga, e));
	if (e2 != PVDOT_NONE) {
		pv_buf_puts(out, " / ");
		pvdot_put_count(gb, out, pvdot_edge_calls(gb, e2));
	}
	double pw = pv_dot_penwidth(t, w);
	pv_buf_printf(out, "\", labeldistance=\"%.2f\", penwidth=\"%.2f\"];\n", pw, pw);
}

typedef struct cg_out {
	uint32_t gid, e;
} cg_out;

static int cg_out_cmp(const void *a, const void *b)
{
	const cg_out *x = a, *y = b;
	return x->gid < y->gid ? -1 : x->gid > y->gid;
}

int pv_dot_compare_write(const pv_profile *a, const pv_profile *b, const pv_dot_options *o,
			 const pv_dot_compare_options *co, pv_buf *out, size_t *nnodes,
			 pv_error *err)
{
	cg c = { .o = o, .c = co, .lab = PV_BUF_INIT, .name = PV_BUF_INIT };
	cg_out *oe = NULL;
	size_t cap = 0;
	int rc = -1;
	if (!(co->tolerance > 0.0))
		return pv_error_set(err, "the compare tolerance must be greater than 0");
	if (o->leaf && *o->leaf)
		return pv_error_set(err, "--leaf does not go with --compare");
	c.places = -(long)floor(log10(co->tolerance));
	c.theme = o->theme ? o->theme : pv_dot_theme_find("color");
	c.ga = cg_side(a, o, err);
	if (!c.ga)
		goto out;
	c.gb = cg_side(b, o, err);
	if (!c.gb)
		goto out;
	if (cg_match(&c, a, b) != 0)
		goto oom;
	if (co->color_by_difference)
		cg_min_max(&c);

	pv_buf_printf(out,
		      "digraph {\n"
		      "\ttooltip=\" \"\n"
		      "\tgraph [fontname=Arial, nodesep=0.125, ranksep=0.25];\n"
		      "\tnode [fontcolor=%s, fontname=Arial, height=0, style=%s, width=0];\n"
		      "\tedge [fontname=Arial];\n",
		      c.theme->solid ? "black" : "white", c.theme->solid ? "solid" : "filled");
	const pv_dot_graph *ga = c.ga;
	uint32_t f2 = PVDOT_NONE; /* function2: the last match, kept by unmatched nodes */
	for (uint32_t id = 0; id < ga->nkeys && pv_buf_ok(out); id++) {
		uint32_t k = ga->key[id];
		if (!ga->alive[k])
			continue;
		if (c.match[k] != PVDOT_NONE)
			f2 = c.match[k];
		cg_write_node(&c, id, k, c.match[k], out);
		size_t n = 0;
		PVDOT_FOR_OUT(ga, k, e)
		{
			if (!ga->ealive[e])
				continue;
			if (pv_grow((void **)&oe, &cap, n + 1, sizeof *oe) != 0)
				goto oom;
			oe[n++] = (cg_out){ ga->gid[ga->edges[e].callee], e };
		}
		if (n > 1)
			qsort(oe, n, sizeof *oe, cg_out_cmp);
		for (size_t i = 0; i < n; i++) {
			uint32_t callee = ga->edges[oe[i].e].callee;
			uint32_t e2 = cg_edge(c.gb, f2, c.match[callee]);
			cg_write_edge(&c, id, oe[i].gid, oe[i].e, e2, out);
		}
	}
	pv_buf_puts(out, "}\n");
	if (!pv_buf_ok(out) || !pv_buf_ok(&c.lab) || !pv_buf_ok(&c.name))
		goto oom;
	if (nnodes)
		*nnodes = ga->nnodes;
	rc = 0;
	goto out;
oom:
	pv_error_set(err, "out of memory");
out:
	free(oe);
	free(c.match);
	pv_buf_release(&c.lab);
	pv_buf_release(&c.name);
	pv_dot_graph_free(c.ga);
	pv_dot_graph_free(c.gb);
	return rc;
}

/* ===================================================== --diff (pstat-view's) */

/*
 * Both profiles are pruned alone with the same options; nodes are matched
 * by key (file, line, name), so the union of what survived either side is
 * drawn once, in the new profile's node order and then the base's.
 */

typedef struct cmp_node {
	uint32_t kb, kc; /* key in base / new profile, or PVDOT_NONE */
} cmp_node;

typedef struct cmp_edge {
	uint32_t to;
	uint32_t eb, ec; /* edge in base / new profile, or PVDOT_NONE */
} cmp_edge;

static int cmp_edge_cmp(const void *a, const void *b)
{
	const cmp_edge *x = a, *y = b;
	return x->to < y->to ? -1 : x->to > y->to;
}

/* The key of `dst` equal to key k of `src`, or PVDOT_NONE. */
static uint32_t same_key(const pv_profile *dst, const pv_profile *src, uint32_t k)
{
	const pv_func *f = &pv_profile_funcs(src)[k];
	const char *file = pv_profile_string(src, f->file, NULL);
	const char *name = pv_profile_string(src, f->name, NULL);
	long r = pv_profile_find(dst, file, f->line, name);
	return r < 0 ? PVDOT_NONE : (uint32_t)r;
}

/* The edge caller -> callee of g's profile, or PVDOT_NONE. */
static uint32_t find_edge(const pv_dot_graph *g, uint32_t caller, uint32_t callee)
{
	if (caller == PVDOT_NONE || callee == PVDOT_NONE)
		return PVDOT_NONE;
	PVDOT_FOR_IN(g, callee, e)
	if (g->edges[e].caller == caller)
		return e;
	return PVDOT_NONE;
}

/*
 * Fill colour for a change of `d` (fraction of total time) out of `max`,
 * in theme t's colour space.
 */
static void cmp_color(const pv_dot_theme *t, double d, double max, char txt[8], int *dark)
{
	double rgb[3];
	if (!(fabs(d) >= 1e-4) || !(max > 0.0)) {
		snprintf(txt, 8, "#e8e8e8");
		*dark = 0;
		return;
	}
	double x = fabs(d) / max;
	double l = 0.92 - 0.50 * (x > 1.0 ? 1.0 : x);
	pv_dot_hsl_to_rgb(t, d > 0 ? 0.0 : 1.0 / 3.0, 0.85, l, rgb);
	pv_dot_rgb_text(rgb, txt);
	*dark = l < 0.6;
}

static void cmp_pct_line(pv_buf *b, int has_b, double rb, int has_c, double rc, int paren)
{
	if (paren)
		pv_buf_putc(b, '(');
	if (has_b && has_c) {
		pvdot_put_pct(b, rb);
		pv_buf_puts(b, " \xe2\x86\x92 "); /* U+2192 RIGHTWARDS ARROW */
		pvdot_put_pct(b, rc);
		if (!paren)
			pv_buf_printf(b, " (%+.2f)", (rc - rb) * 100.0);
	} else {
		pvdot_put_pct(b, has_c ? rc : rb);
	}
	if (paren)
		pv_buf_putc(b, ')');
}

static void cmp_calls_line(pv_buf *b, int has_b, pv_count nb, int has_c, pv_count nc)
{
	if (has_b && has_c && nb != nc) {
		pvdot_put_calls(b, nb);
		pv_buf_puts(b, " \xe2\x86\x92 ");
	}
	pvdot_put_calls(b, has_c ? nc : nb);
}

/* "new: " or "gone: " before the figures of what one side lacks. */
static void cmp_status(pv_buf *b, int has_b, int has_c)
{
	if (!has_b)
		pv_buf_puts(b, "new: ");
	else if (!has_c)
		pv_buf_puts(b, "gone: ");
}

/* Both graphs, and the nodes drawn: the pairs of matching keys. */
typedef struct cmp {
	const pv_dot_theme *color; /* the colour space of the scale */
	pv_dot_graph *gb, *gc;     /* base, new */
	uint32_t *ub, *uc;         /* key -> drawn node, or PVDOT_NONE */
	cmp_node *nodes;
	size_t nn;
	double max;                /* the largest change of total % */
	cmp_edge *ce;              /* one node's edges (scratch) */
	size_t cap;
	pv_buf lab;                /* one label (scratch) */
} cmp;

/*
 * Pairs the nodes: the new profile's in its order, then those only the
 * base has; and finds the colour scale.  Returns 0, or -1 when out of
 * memory.
 */
static int cmp_match(cmp *c, const pv_profile *base, const pv_profile *cur)
{
	const pv_dot_graph *gb = c->gb, *gc = c->gc;
	c->ub = malloc((size_t)gb->nkeys * sizeof *c->ub + 1);
	c->uc = malloc((size_t)gc->nkeys * sizeof *c->uc + 1);
	c->nodes = malloc((gb->nnodes + gc->nnodes + 1) * sizeof *c->nodes);
	if (!c->ub || !c->uc || !c->nodes)
		return -1;
	for (uint32_t k = 0; k < gb->nkeys; k++)
		c->ub[k] = PVDOT_NONE;
	for (uint32_t k = 0; k < gc->nkeys; k++)
		c->uc[k] = PVDOT_NONE;
	for (uint32_t id = 0; id < gc->nkeys; id++) {
		uint32_t k = gc->key[id];
		if (!gc->alive[k])
			continue;
		uint32_t kb = same_key(base, cur, k);
		c->nodes[c->nn] = (cmp_node){ kb, k };
		c->uc[k] = (uint32_t)c->nn;
		if (kb != PVDOT_NONE)
			c->ub[kb] = (uint32_t)c->nn;
		c->nn++;
	}
	for (uint32_t id = 0; id < gb->nkeys; id++) {
		uint32_t k = gb->key[id];
		if (!gb->alive[k] || c->ub[k] != PVDOT_NONE)
			continue;
		uint32_t kc = same_key(cur, base, k);
		c->nodes[c->nn] = (cmp_node){ k, kc };
		c->ub[k] = (uint32_t)c->nn;
		if (kc != PVDOT_NONE && c->uc[kc] == PVDOT_NONE)
			c->uc[kc] = (uint32_t)c->nn;
		c->nn++;
	}
	for (size_t i = 0; i < c->nn; i++) {
		const cmp_node *n = &c->nodes[i];
		double rb = n->kb != PVDOT_NONE ? pvdot_node_total_ratio(gb, n->kb) : 0.0;
		double rcur = n->kc != PVDOT_NONE ? pvdot_node_total_ratio(gc, n->kc) : 0.0;
		c->max = pvdot_max(c->max, fabs(rcur - rb));
	}
	return 0;
}

static void cmp_write_node(cmp *c, size_t i, pv_buf *out)
{
	const pv_dot_graph *gb = c->gb, *gc = c->gc;
	uint32_t kb = c->nodes[i].kb, kc = c->nodes[i].kc;
	int hb = kb != PVDOT_NONE, hc = kc != PVDOT_NONE;
	const pv_dot_graph *g = hc ? gc : gb;
	uint32_t k = hc ? kc : kb;
	double rb = hb ? pvdot_node_total_ratio(gb, kb) : 0.0;
	double rcur = hc ? pvdot_node_total_ratio(gc, kc) : 0.0;
	pv_buf *lab = &c->lab;
	char col[8];
	int dark;
	cmp_color(c->color, rcur - rb, c->max, col, &dark);

	pv_buf_reset(lab);
	pvdot_node_name(g, k, lab);
	pv_buf_putc(lab, '\n');
	cmp_status(lab, hb, hc);
	cmp_pct_line(lab, hb, rb, hc, rcur, 0);
	pv_buf_putc(lab, '\n');
	cmp_pct_line(lab, hb, hb ? pvdot_node_self_ratio(gb, kb) : 0.0, hc,
		     hc ? pvdot_node_self_ratio(gc, kc) : 0.0, 1);
	pv_buf_putc(lab, '\n');
	cmp_calls_line(lab, hb, hb ? pv_func_nc(&gb->funcs[kb]) : 0, hc,
		       hc ? pv_func_nc(&gc->funcs[kc]) : 0);

	pv_buf_printf(out, "\t%zu [color=\"%s\", fontcolor=\"%s\", label=", i, col,
		      dark ? "#ffffff" : "#000000");
	pvdot_put_quoted(out, lab->data ? lab->data : "", lab->len);
	if (!hb || !hc)
		pv_buf_puts(out, !hb ? ", style=\"filled,bold\"" : ", style=\"filled,dashed\"");
	size_t flen;
	const char *file = pv_profile_string(g->p, g->funcs[k].file, &flen);
	pv_buf_puts(out, ", tooltip=");
	pvdot_put_id(out, file, flen);
	pv_buf_puts(out, "];\n");
}

/*
 * Node i's edges into c->ce: the union of both sides' live edges, by
 * target.  Returns how many, or -1 when out of memory.
 */
static long cmp_edges(cmp *c, size_t i)
{
	const pv_dot_graph *gb = c->gb, *gc = c->gc;
	uint32_t kb = c->nodes[i].kb, kc = c->nodes[i].kc;
	size_t ne = 0;
	if (kc != PVDOT_NONE) {
		PVDOT_FOR_OUT(gc, kc, e)
		{
			if (!gc->ealive[e])
				continue;
			if (pv_grow((void **)&c->ce, &c->cap, ne + 1, sizeof *c->ce) != 0)
				return -1;
			uint32_t to = c->uc[gc->edges[e].callee];
			c->ce[ne++] = (cmp_edge){ to, find_edge(gb, kb, c->nodes[to].kb), e };
		}
	}
	if (kb != PVDOT_NONE) {
		PVDOT_FOR_OUT(gb, kb, e)
		{
			if (!gb->ealive[e])
				continue;
			uint32_t to = c->ub[gb->edges[e].callee];
			int dup = 0;
			for (size_t q = 0; q < ne && !dup; q++)
				dup = c->ce[q].to == to;
			if (dup)
				continue;
			if (pv_grow((void **)&c->ce, &c->cap, ne + 1, sizeof *c->ce) != 0)
				return -1;
			c->ce[ne++] = (cmp_edge){ to, e, find_edge(gc, kc, c->nodes[to].kc) };
		}
	}
	if (ne > 1)
		qsort(c->ce, ne, sizeof *c->ce, cmp_edge_cmp);
	return (long)ne;
}

static void cmp_write_edge(cmp *c, size_t from, const cmp_edge *ce, pv_buf *out)
{
	const pv_dot_graph *gb = c->gb, *gc = c->gc;
	int eb = ce->eb != PVDOT_NONE, ec = ce->ec != PVDOT_NONE;
	double wb = eb ? pvdot_edge_ratio(gb, ce->eb) : 0.0;
	double wc = ec ? pvdot_edge_ratio(gc, ce->ec) : 0.0;
	pv_buf *lab = &c->lab;
	char col[8];
	int dark;
	cmp_color(c->color, wc - wb, c->max, col, &dark);
	if (!dark)
		snprintf(col, sizeof col, "#a0a0a0");
	double pw = pv_dot_penwidth(c->color, pvdot_max(wb, wc));
	pv_buf_printf(out, "\t%zu -> %u [arrowsize=\"%.2f\", color=\"%s\", fontcolor=\"%s\", label=",
		      from, (unsigned)ce->to, 0.5 * sqrt(pw), col, col);
	pv_buf_reset(lab);
	cmp_status(lab, eb, ec);
	cmp_pct_line(lab, eb, wb, ec, wc, 0);
	pv_buf_putc(lab, '\n');
	cmp_calls_line(lab, eb, eb ? pvdot_edge_calls(gb, ce->eb) : 0, ec,
		       ec ? pvdot_edge_calls(gc, ce->ec) : 0);
	pvdot_put_quoted(out, lab->data ? lab->data : "", lab->len);
	pv_buf_printf(out, ", penwidth=\"%.2f\"%s];\n", pw, eb && ec ? "" : ", style=dashed");
}

int pv_dot_write_diff(const pv_profile *base, const pv_profile *cur, const pv_dot_options *o,
		      pv_buf *out, size_t *nnodes, pv_error *err)
{
	cmp c = { .color = pv_dot_theme_find("color"), .lab = PV_BUF_INIT };
	int rc = -1, oom;
	c.gb = pv_dot_build(base, o, err);
	if (!c.gb)
		goto out;
	c.gc = pv_dot_build(cur, o, err);
	if (!c.gc)
		goto out;
	oom = cmp_match(&c, base, cur) != 0;
	pvdot_put_header(out, "black", "filled");
	for (size_t i = 0; i < c.nn && !oom; i++) {
		cmp_write_node(&c, i, out);
		long ne = cmp_edges(&c, i);
		oom = ne < 0;
		for (long q = 0; q < ne; q++)
			cmp_write_edge(&c, i, &c.ce[q], out);
	}
	pv_buf_puts(out, "}\n");
	if (oom || !pv_buf_ok(out) || !pv_buf_ok(&c.lab)) {
		pv_error_set(err, "out of memory");
		goto out;
	}
	if (nnodes)
		*nnodes = c.nn;
	rc = 0;
out:
	pv_buf_release(&c.lab);
	free(c.ce);
	free(c.nodes);
	free(c.ub);
	free(c.uc);
	pv_dot_graph_free(c.gb);
	pv_dot_graph_free(c.gc);
	return rc;
}
