/*
 * dot_compare.c - `pstat-view dot --compare`: one graph of two profiles
 * (see pv_dot_write_compare() in pv/dot.h; gprof2dot has no such writer).
 *
 * Both profiles are pruned alone with the same options; nodes are matched
 * by key (file, line, name), so the union of what survived either side is
 * drawn once, in the new profile's node order and then the base's.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "dot_internal.h"
#include "pv/grow.h"

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

int pv_dot_write_compare(const pv_profile *base, const pv_profile *cur,
			 const pv_dot_options *o, pv_buf *out, size_t *nnodes, pv_error *err)
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
