/*
 * dot_write.c - the DOT text of a pruned graph, byte for byte as
 * gprof2dot's DotWriter writes it, and --list-functions (see pv/dot.h;
 * docs/gprof2dot.md §3.3, §5).
 *
 * Nodes go out in node-id order, each followed by its live out-edges in
 * callee-id order.  Names are bytes from the profile; the one change made
 * to them is U+FFFD for what is not text (Graphviz wants valid UTF-8).
 */
#include <stdlib.h>
#include <string.h>

#include "dot_internal.h"
#include "pv/fnmatch.h"
#include "pv/grow.h"
#include "pv/utf8.h"

/* ===================================================== quoting (§5.3) */

/* DotWriter.escape: "..." with \\ \n \t \" escaped; invalid UTF-8 -> U+FFFD */
void pvdot_put_quoted(pv_buf *b, const char *s, size_t n)
{
	static const char *const escapes[0x80] = {
		['"'] = "\\\"", ['\\'] = "\\\\", ['\n'] = "\\n", ['\t'] = "\\t",
	};
	pv_buf_putc(b, '"');
	size_t run = 0; /* start of a run of bytes copied verbatim */
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		pv_buf_append(b, s + run, i - run);
		if (c < 0x80) {
			const char *esc = escapes[c];
			if (esc)
				pv_buf_puts(b, esc);
			else
				pv_buf_putc(b, (char)c); /* other controls go out as they are */
			i++;
		} else {
			uint32_t cp;
			size_t k = pv_utf8_next((const unsigned char *)s + i, n - i,
						PV_UTF8_SURROGATEESCAPE, &cp);
			if (cp >= 0xd800 && cp <= 0xdfff)
				pv_utf8_put(b, 0xfffd); /* not text: Graphviz wants valid UTF-8 */
			else
				pv_buf_append(b, s + i, k);
			i += k;
		}
		run = i;
	}
	pv_buf_append(b, s + run, n - run);
	pv_buf_putc(b, '"');
}

static int strncasecmp_ascii(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int x = (unsigned char)a[i], y = (unsigned char)b[i];
		x = x >= 'A' && x <= 'Z' ? x + 32 : x;
		y = y >= 'A' && y <= 'Z' ? y + 32 : y;
		if (x != y)
			return x - y;
	}
	return 0;
}

/* DotWriter.id for strings: bare when alphanumeric (ASCII), else quoted. */
void pvdot_put_id(pv_buf *b, const char *s, size_t n)
{
	static const char *const kw[] = { "node", "edge", "graph", "digraph", "subgraph", "strict" };
	int bare = n > 0 && !(n >= 2 && s[0] == '0' && s[1] == 'x');
	for (size_t i = 0; i < n && bare; i++) {
		unsigned char c = (unsigned char)s[i];
		bare = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	}
	for (size_t i = 0; i < sizeof kw / sizeof kw[0] && bare; i++)
		if (strlen(kw[i]) == n && strncasecmp_ascii(s, kw[i], n) == 0)
			bare = 0;
	if (bare)
		pv_buf_append(b, s, n);
	else
		pvdot_put_quoted(b, s, n);
}

/* ===================================================== labels (§5.2) */

void pvdot_put_pct(pv_buf *b, double ratio)
{
	pv_buf_printf(b, "%.2f%%", ratio * 100.0);
}

void pvdot_put_calls(pv_buf *b, pv_count n)
{
	char num[48]; /* Python's %u of a negative int keeps the sign */
	pv_count_format(n, num);
	pv_buf_puts(b, num);
	pv_buf_puts(b, "\xc3\x97"); /* U+00D7 MULTIPLICATION SIGN */
}

/* "123×", or "123 samples" for a sampled profile (3.15's
 * profiling.sampling), whose counts are not calls. */
void pvdot_put_count(const pv_dot_graph *g, pv_buf *b, pv_count n)
{
	if (!pv_profile_is_sampled(g->p)) {
		pvdot_put_calls(b, n);
		return;
	}
	char num[48];
	pv_count_format(n, num);
	pv_buf_puts(b, num);
	pv_buf_puts(b, n == 1 ? " sample" : " samples");
}

/* The name line as gprof2dot draws it: strip, truncate, wrap (§5.2). */
void pvdot_node_name(const pv_dot_graph *g, uint32_t k, pv_buf *out)
{
	pv_buf a = PV_BUF_INIT, b = PV_BUF_INIT;
	pv_dot_func_name(g->p, k, &a);
	if (g->o.strip) {
		pv_dot_strip_name(a.data ? a.data : "", a.len, &b);
		pv_buf_reset(&a);
		pv_buf_append(&a, b.data ? b.data : "", b.len);
		pv_buf_reset(&b);
	}
	if (pv_buf_ok(&a) &&
	    pv_utf8_length(a.data ? a.data : "", a.len, PV_UTF8_SURROGATEESCAPE) >= 4096) {
		/* first 4095 characters and an ellipsis */
		size_t i = 0;
		uint32_t cp;
		for (size_t c = 0; c < 4095; c++)
			i += pv_utf8_next((const unsigned char *)a.data + i, a.len - i,
					  PV_UTF8_SURROGATEESCAPE, &cp);
		a.len = i;
		a.data[i] = 0;
		pv_buf_puts(&a, "\xe2\x80\xa6");
	}
	if (g->o.wrap)
		pv_dot_wrap_name(a.data ? a.data : "", a.len, out);
	else
		pv_buf_append(out, a.data ? a.data : "", a.len);
	if (!pv_buf_ok(&a) || !pv_buf_ok(&b))
		out->oom = 1;
	pv_buf_release(&a);
	pv_buf_release(&b);
}

void pvdot_put_measure(const pv_dot_graph *g, uint32_t k, pv_dot_measure m, pv_buf *lab)
{
	const char *tf = g->o.time_format ? g->o.time_format : "%.7g";
	switch (m) {
	case PV_DOT_TOTAL_TIME_PCT:
		pvdot_put_pct(lab, pvdot_node_total_ratio(g, k));
		break;
	case PV_DOT_SELF_TIME_PCT:
		pv_buf_putc(lab, '(');
		pvdot_put_pct(lab, pvdot_node_self_ratio(g, k));
		pv_buf_putc(lab, ')');
		break;
	case PV_DOT_TOTAL_TIME:
		pv_dot_format_time(tf, g->funcs[k].ct, lab);
		break;
	case PV_DOT_SELF_TIME:
		pv_buf_putc(lab, '(');
		pv_dot_format_time(tf, g->funcs[k].tt, lab);
		pv_buf_putc(lab, ')');
		break;
	}
}

void pvdot_node_label(const pv_dot_graph *g, uint32_t k, pv_buf *lab)
{
	static const pv_dot_measure defaults[] = { PV_DOT_TOTAL_TIME_PCT, PV_DOT_SELF_TIME_PCT };
	const pv_dot_measure *m = g->o.labels ? g->o.labels : defaults;
	size_t nm = g->o.labels ? g->o.nlabels : 2;
	pvdot_node_name(g, k, lab);
	for (size_t i = 0; i < nm; i++) {
		pv_buf_putc(lab, '\n');
		pvdot_put_measure(g, k, m[i], lab);
	}
	pv_buf_putc(lab, '\n');
	pvdot_put_count(g, lab, pv_func_nc(&g->funcs[k]));
}

/* ===================================================== the graph (§5.1) */

void pvdot_put_header(pv_buf *b, const char *fontcolor, const char *style)
{
	pv_buf_printf(b,
		      "digraph {\n"
		      "\ttooltip=\" \"\n"
		      "\tgraph [fontname=Arial, nodesep=0.125, ranksep=0.25];\n"
		      "\tnode [fontcolor=%s, fontname=Arial, height=0, shape=box, style=%s, "
		      "width=0];\n"
		      "\tedge [fontname=Arial];\n",
		      fontcolor, style);
}

static void put_color(pv_buf *b, const pv_dot_theme *t, double skew, double w)
{
	double rgb[3];
	char txt[8];
	pv_dot_theme_color(t, skew, w, rgb);
	pv_dot_rgb_text(rgb, txt);
	pv_buf_putc(b, '"');
	pv_buf_puts(b, txt);
	pv_buf_putc(b, '"');
}

/* The weight a node's colour and size come from. */
static double node_weight(const pv_dot_graph *g, uint32_t k)
{
	if (g->o.color_by_selftime && g->self_max != 0.0)
		return pvdot_node_self_ratio(g, k) / g->self_max;
	return pvdot_node_total_ratio(g, k);
}

typedef struct out_edge {
	uint32_t gid;
	uint32_t e;
} out_edge;

static int out_edge_cmp(const void *a, const void *b)
{
	const out_edge *x = a, *y = b;
	return x->gid < y->gid ? -1 : x->gid > y->gid;
}

static void write_node(const pv_dot_graph *g, uint32_t id, uint32_t k, pv_buf *out, pv_buf *lab)
{
	const pv_dot_theme *t = g->theme;
	double w = node_weight(g, k);
	pv_buf_printf(out, "\t%u [color=", (unsigned)id);
	put_color(out, t, g->skew, w);
	pv_buf_puts(out, ", fontcolor=");
	if (t->solid) {
		put_color(out, t, g->skew, w);
	} else {
		/* hsl_to_rgb(bgcolor) is white in every theme */
		pv_buf_puts(out, "\"#ffffff\"");
	}
	pv_buf_printf(out, ", fontsize=\"%.2f\", label=", pv_dot_fontsize(t, w));
	pv_buf_reset(lab);
	pvdot_node_label(g, k, lab);
	pvdot_put_quoted(out, lab->data ? lab->data : "", lab->len);
	if (!pv_buf_ok(lab))
		out->oom = 1;
	pv_buf_puts(out, ", tooltip=");
	size_t flen;
	const char *file = pv_profile_string(g->p, g->funcs[k].file, &flen);
	pvdot_put_id(out, file, flen);
	if (g->o.node_ids)  /* the viewer's: the SVG node's group gets it */
		pv_buf_printf(out, ", id=f%u", (unsigned)k);
	pv_buf_puts(out, "];\n");
}

static void write_edge(const pv_dot_graph *g, uint32_t from, uint32_t to, uint32_t e, pv_buf *out)
{
	const pv_dot_theme *t = g->theme;
	double w = pvdot_edge_ratio(g, e);
	pv_buf_printf(out, "\t%u -> %u [arrowsize=\"%.2f\", color=", (unsigned)from, (unsigned)to,
		      pv_dot_arrowsize(t, w));
	put_color(out, t, g->skew, w);
	pv_buf_puts(out, ", fontcolor=");
	put_color(out, t, g->skew, w);
	pv_buf_printf(out, ", fontsize=\"%.2f\", label=\"", pv_dot_fontsize(t, w));
	pvdot_put_pct(out, w);
	pv_buf_puts(out, "\\n");
	pvdot_put_count(g, out, pvdot_edge_calls(g, e));
	double pw = pv_dot_penwidth(t, w);
	pv_buf_printf(out, "\", labeldistance=\"%.2f\", penwidth=\"%.2f\"];\n", pw, pw);
}

int pv_dot_write(const pv_dot_graph *g, pv_buf *out, pv_error *err)
{
	pv_buf lab = PV_BUF_INIT;
	out_edge *oe = NULL;
	size_t cap = 0;
	if (g->theme->solid)
		pvdot_put_header(out, "black", "solid");
	else
		pvdot_put_header(out, "white", "filled");
	for (uint32_t id = 0; id < g->nkeys; id++) {
		uint32_t k = g->key[id];
		if (!g->alive[k])
			continue;
		write_node(g, id, k, out, &lab);
		size_t n = 0;
		PVDOT_FOR_OUT(g, k, e)
		{
			if (!g->ealive[e])
				continue;
			if (pv_grow((void **)&oe, &cap, n + 1, sizeof *oe) != 0) {
				free(oe);
				pv_buf_release(&lab);
				return pv_error_set(err, "out of memory");
			}
			oe[n++] = (out_edge){ g->gid[g->edges[e].callee], e };
		}
		if (n > 1)
			qsort(oe, n, sizeof *oe, out_edge_cmp);
		for (size_t i = 0; i < n; i++)
			write_edge(g, id, oe[i].gid, oe[i].e, out);
		if (!pv_buf_ok(out))
			break;
	}
	pv_buf_puts(out, "}\n");
	free(oe);
	pv_buf_release(&lab);
	if (!pv_buf_ok(out))
		return pv_error_set(err, "out of memory");
	return 0;
}

/* ===================================================== --list-functions */

void pv_dot_list_functions(const pv_dot_graph *g, const char *selector, pv_buf *out)
{
	int all = strcmp(selector, "+") == 0 || strcmp(selector, "*") == 0;
	int dump = selector[0] == '%';
	const char *glob = dump ? selector + 1 : selector;
	pv_fnmatch_pattern *m = all ? NULL : pv_fnmatch_compile(glob);
	pv_buf name = PV_BUF_INIT;
	int first = 1;
	if (!all && !m) {
		out->oom = 1;
		return;
	}
	for (uint32_t id = 0; id < g->nkeys; id++) {
		uint32_t k = g->key[id];
		if (!g->alive[k])
			continue;
		pv_buf_reset(&name);
		pv_dot_func_name(g->p, k, &name);
		if (!pv_buf_ok(&name))
			break;
		if (!all && !pv_fnmatch_match(m, name.data, name.len))
			continue;
		if (!first)
			pv_buf_puts(out, ",\n");
		first = 0;
		if (all || dump)
			pv_buf_printf(out, "%u:\t", (unsigned)id);
		pv_buf_append(out, name.data, name.len);
		if (dump) {
			const pv_func *f = &g->funcs[k];
			size_t flen;
			const char *file = pv_profile_string(g->p, f->file, &flen);
			char num[48];
			pv_count_format(pv_func_nc(f), num);
			pv_buf_puts(out, "\n\tfile: ");
			pv_buf_append(out, file, flen);
			pv_buf_printf(out, "\n\t%s: %s\n\ttotal time: %.7g (",
				      pv_profile_is_sampled(g->p) ? "samples" : "calls", num, f->ct);
			pvdot_put_pct(out, pvdot_node_total_ratio(g, k));
			pv_buf_printf(out, ")\n\tself time: %.7g (", f->tt);
			pvdot_put_pct(out, pvdot_node_self_ratio(g, k));
			pv_buf_puts(out, ")");
			size_t ncallees = 0, ncallers = 0;
			PVDOT_FOR_OUT(g, k, e)
			ncallees += g->ealive[e];
			PVDOT_FOR_IN(g, k, e)
			ncallers += g->ealive[e] && g->alive[g->edges[e].caller];
			pv_buf_printf(out, "\n\tcallers shown: %zu, callees shown: %zu", ncallers,
				      ncallees);
		}
	}
	pv_buf_putc(out, '\n');
	pv_buf_release(&name);
	pv_fnmatch_free(m);
}
