/*
 * export.c - collapsed stacks, callgrind and JSON (pv/export.h).
 */
#include "pv/export.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pv/calltree.h"
#include "pv/funcjson.h"
#include "pv/utf8.h"

/* ===================================================== helpers */

/*
 * Appends s as one token of a line-oriented format: valid UTF-8 kept,
 * control bytes and invalid bytes as '?', and `bad` (if not 0) as `repl`.
 */
static void put_token(pv_buf *out, const char *str, size_t len, char bad, char repl)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		size_t k = pv_utf8_next(s + i, len - i, PV_UTF8_STRICT, &cp);
		if (k == 0 || s[i] < 0x20 || s[i] == 0x7F) {
			pv_buf_putc(out, '?');
			i++;
		} else if (bad && s[i] == (unsigned char)bad) {
			pv_buf_putc(out, repl);
			i++;
		} else {
			pv_buf_append(out, s + i, k);
			i += k;
		}
	}
}

/* Seconds to integer units of 1/scale s; NaN and negative times are 0. */
static long long units(double t, double scale)
{
	double v = t * scale;
	if (!(v > 0))
		return 0;
	if (!(v < 9.2e18))
		return 9200000000000000000LL;
	return llround(v);
}

/* Seconds to integer microseconds. */
static long long usec(double t)
{
	return units(t, 1e6);
}

/*
 * The collapsed stacks' unit, per second: microseconds, or for a sampled
 * profile (3.15's profiling.sampling, whose times are samples x interval)
 * samples, FlameGraph's own unit: 1 / interval, the interval being total
 * tottime / direct samples.
 */
static double collapsed_scale(const pv_profile *p)
{
	const pv_totals *t = pv_profile_totals(p);
	if (pv_profile_is_sampled(p) && t->prim_calls > 0 && t->total_tt > 0)
		return (double)t->prim_calls / t->total_tt;
	return 1e6;
}

/* Rounds a running sum: the next integer amount so that the sum stays exact. */
typedef struct rounder {
	double sum;
	long long given;
	double scale;   /* units per second */
} rounder;

static long long rounder_add(rounder *r, double t)
{
	if (t > 0)
		r->sum += t;
	long long want = units(r->sum, r->scale);
	long long v = want - r->given;
	if (v < 0)
		v = 0;
	r->given += v;
	return v;
}

/* ===================================================== collapsed */

int pv_export_collapsed(const pv_profile *p, size_t max_nodes, double min_fraction,
			pv_buf *out, pv_error *err)
{
	pv_calltree_opts o;
	pv_calltree_opts_init(&o);
	if (max_nodes)
		o.max_nodes = max_nodes;
	o.min_fraction = min_fraction;
	pv_calltree t = { 0 };
	if (pv_calltree_build(p, &o, &t, err) < 0) {
		pv_calltree_release(&t);
		return -1;
	}
	uint32_t *stack = malloc((t.n + 1) * sizeof *stack);
	size_t *plen = malloc((t.n + 2) * sizeof *plen); /* path length by depth */
	pv_buf path = PV_BUF_INIT, label = PV_BUF_INIT;
	rounder r = { 0, 0, collapsed_scale(p) };
	int rc = -1;
	if (!stack || !plen) {
		pv_error_set(err, "out of memory");
		goto done;
	}
	size_t sp = 0;
	for (uint32_t c = t.nodes[0].nchildren; c-- > 0;)
		stack[sp++] = t.nodes[0].first_child + c;
	plen[0] = 0;
	while (sp > 0) {
		uint32_t i = stack[--sp];
		const pv_calltree_node *n = &t.nodes[i];
		uint32_t d = n->depth; /* >= 1 */
		path.len = plen[d - 1];
		if (d > 1)
			pv_buf_putc(&path, ';');
		if (n->kind == PV_CALLTREE_OTHER) {
			pv_buf_puts(&path, "[other]");
		} else if (n->kind == PV_CALLTREE_UNPLACED) {
			pv_buf_puts(&path, "[not placed]");
		} else {
			pv_buf_reset(&label);
			pv_calltree_label(p, &t, i, 1, &label);
			put_token(&path, label.data ? label.data : "", label.len, ';', ':');
			if (!pv_buf_ok(&label))
				path.oom = 1;
		}
		plen[d] = path.len;
		/* OTHER and UNPLACED boxes are all their own time */
		long long v = rounder_add(&r, n->kind == PV_CALLTREE_FUNC ? n->self : n->time);
		if (v > 0 && pv_buf_ok(&path)) {
			pv_buf_append(out, path.data, path.len);
			pv_buf_printf(out, " %lld\n", v);
		}
		/* the calls of a box left unexpanded */
		v = rounder_add(&r, n->hidden);
		if (v > 0 && pv_buf_ok(&path)) {
			pv_buf_append(out, path.data, path.len);
			pv_buf_printf(out, ";[not expanded] %lld\n", v);
		}

		for (uint32_t c = n->nchildren; c-- > 0;)
			stack[sp++] = n->first_child + c;
	}
	if (!pv_buf_ok(out) || !pv_buf_ok(&path)) {
		pv_error_set(err, "out of memory");
		goto done;
	}
	rc = 0;
done:
	free(stack);
	free(plen);
	pv_buf_release(&path);
	pv_buf_release(&label);
	pv_calltree_release(&t);
	return rc;
}

/* ===================================================== callgrind */

/* "name:line" ("{name}" for built-ins): unique within a file. */
static void cg_fn_name(pv_buf *out, const pv_profile *p, uint32_t id)
{
	const pv_func *f = &pv_profile_funcs(p)[id];
	pv_buf tmp = PV_BUF_INIT;
	if (f->flags & PV_FUNC_BUILTIN) {
		pv_func_std_string(p, id, &tmp);
	} else {
		size_t n;
		const char *s = pv_profile_string(p, f->name, &n);
		pv_buf_append(&tmp, s, n);
		pv_buf_printf(&tmp, ":%lld", (long long)f->line);
	}
	if (tmp.len == 0 || tmp.data[0] == ' ' || tmp.data[0] == '\t')
		pv_buf_puts(out, "???"); /* an empty name would read as a reference */
	put_token(out, tmp.data ? tmp.data : "", tmp.len, 0, 0);
	pv_buf_release(&tmp);
}

static long long cg_line(const pv_func *f)
{
	return f->line > 0 ? (long long)f->line : 0;
}

/* fl=/fn= (or cfl=/cfn=) with name compression: "(N) name" the first time. */
static void cg_names(pv_buf *out, const pv_profile *p, uint32_t id, int call,
		     uint32_t *file_seen, uint32_t *fn_seen)
{
	const pv_func *f = &pv_profile_funcs(p)[id];
	pv_buf_puts(out, call ? "cfl=" : "fl=");
	if (file_seen[f->file]) {
		pv_buf_printf(out, "(%u)\n", file_seen[f->file]);
	} else {
		uint32_t k = file_seen[f->file] = f->file + 1;
		size_t n;
		const char *s = pv_profile_string(p, f->file, &n);
		pv_buf_printf(out, "(%u) ", k);
		/* an empty name would read as a reference: callgrind's "???" */
		if (n == 0 || s[0] == ' ' || s[0] == '\t')
			pv_buf_puts(out, "???");
		put_token(out, s, n, 0, 0);
		pv_buf_putc(out, '\n');
	}
	pv_buf_puts(out, call ? "cfn=" : "fn=");
	if (fn_seen[id]) {
		pv_buf_printf(out, "(%u)\n", fn_seen[id]);
	} else {
		fn_seen[id] = id + 1;
		pv_buf_printf(out, "(%u) ", id + 1);
		cg_fn_name(out, p, id);
		pv_buf_putc(out, '\n');
	}
}

static uint32_t max_string_id(const pv_profile *p)
{
	const pv_func *fn = pv_profile_funcs(p);
	size_t nk = pv_profile_nkeys(p);
	uint32_t m = 0;
	for (size_t i = 0; i < nk; i++)
		if (fn[i].file > m)
			m = fn[i].file;
	return m;
}

int pv_export_callgrind(const pv_profile *p, const char *cmd, pv_buf *out, pv_error *err)
{
	size_t nf = pv_profile_nfuncs(p);
	const pv_func *fn = pv_profile_funcs(p);
	const pv_edge *ed = pv_profile_edges(p);
	const uint32_t *cs, *ci = pv_profile_callee_index(p, &cs);
	uint32_t *file_seen = calloc((size_t)max_string_id(p) + 1, sizeof *file_seen);
	uint32_t *fn_seen = calloc(nf ? nf : 1, sizeof *fn_seen);
	long long *self = malloc((nf ? nf : 1) * sizeof *self);
	if (!ci || !file_seen || !fn_seen || !self) {
		free(file_seen);
		free(fn_seen);
		free(self);
		return pv_error_set(err, "out of memory");
	}
	rounder r = { 0, 0, 1e6 };
	for (size_t i = 0; i < nf; i++)
		self[i] = rounder_add(&r, fn[i].tt);

	pv_buf_puts(out, "# callgrind format\nversion: 1\ncreator: pstat-view " PV_VERSION "\n");
	if (cmd) {
		pv_buf_puts(out, "cmd: ");
		put_token(out, cmd, strlen(cmd), 0, 0);
		pv_buf_putc(out, '\n');
	}
	if (pv_profile_is_sampled(p))
		/* callgrind's own words stay; a comment and the event say what
		 * the numbers are */
		pv_buf_puts(out, "# a sampled profile (Python 3.15's profiling.sampling): "
				 "calls= counts are samples, costs samples x interval\n"
				 "part: 1\npositions: line\n"
				 "event: us : Sampled time (microseconds: samples x interval)\n"
				 "events: us\n");
	else
		pv_buf_puts(out, "part: 1\npositions: line\nevent: us : Time (microseconds)\n"
				 "events: us\n");
	pv_buf_printf(out, "summary: %lld\n", r.given);
	for (size_t i = 0; i < nf; i++) {
		const pv_func *f = &fn[i];
		pv_buf_putc(out, '\n');
		cg_names(out, p, (uint32_t)i, 0, file_seen, fn_seen);
		pv_buf_printf(out, "%lld %lld\n", cg_line(f), self[i]);
		for (uint32_t j = cs[i]; j < cs[i + 1]; j++) {
			const pv_edge *e = &ed[ci[j]];
			if (e->callee >= nf)
				continue;
			double ct = e->ct;
			if (pv_edge_is_int(e)) {
				const pv_func *c = &fn[e->callee];
				ct = pv_func_nc(c) > 0 ? c->ct * ((double)pv_edge_nc(e) / (double)pv_func_nc(c)) : 0;
			}
			char t[48];
			cg_names(out, p, e->callee, 1, file_seen, fn_seen);
			pv_buf_append(out, "calls=", 6);
			pv_buf_append(out, t, pv_count_format(pv_edge_nc(e) > 0 ? pv_edge_nc(e) : 0, t));
			pv_buf_printf(out, " %lld\n%lld %lld\n", cg_line(&fn[e->callee]), cg_line(f),
				      usec(ct));
		}
	}
	pv_buf_printf(out, "\ntotals: %lld\n", r.given);
	free(file_seen);
	free(fn_seen);
	free(self);
	if (!pv_buf_ok(out))
		return pv_error_set(err, "out of memory");
	return 0;
}

/* ===================================================== json */

static const pv_fj_field func_fields[] = {
	PV_FJ_ID, PV_FJ_FILE, PV_FJ_LINE, PV_FJ_NAME, PV_FJ_LABEL, PV_FJ_FLAGS,
	PV_FJ_NC, PV_FJ_CC, PV_FJ_TT, PV_FJ_CT, PV_FJ_END,
};

static const pv_fj_field edge_fields[] = {
	PV_FJ_NC, PV_FJ_CC, PV_FJ_TT, PV_FJ_CT, PV_FJ_COUNTS_ONLY, PV_FJ_END,
};

int pv_export_json(const pv_profile *p, pv_buf *out, pv_error *err)
{
	const pv_json_style *st = &pv_json_web;
	size_t nf = pv_profile_nfuncs(p), nk = pv_profile_nkeys(p), ne = pv_profile_nedges(p);
	const pv_edge *ed = pv_profile_edges(p);
	const pv_totals *t = pv_profile_totals(p);
	pv_buf label = PV_BUF_INIT;

	pv_buf_printf(out, "{\"format\":\"pstat-view-profile\",\"version\":1,\"sampled\":%s,"
		      "\"files\":", pv_profile_is_sampled(p) ? "true" : "false");
	pv_fj_sources(out, st, p);
	pv_buf_printf(out, ",\"totals\":{\"functions\":%zu,\"keys\":%zu,\"edges\":%zu,", nf,
		      nk, ne);
	pv_fj_totals(out, st, t->total_calls, t->prim_calls, t->total_tt);
	pv_buf_puts(out, "},\n\"functions\":[");
	for (size_t i = 0; i < nk; i++) {
		pv_buf_puts(out, i ? ",\n{" : "\n{");
		pv_fj_write(out, st, p, (uint32_t)i, NULL, func_fields, &label);
		pv_buf_putc(out, '}');
	}
	pv_buf_puts(out, "],\n\"edges\":[");
	for (size_t i = 0; i < ne; i++) {
		const pv_edge *e = &ed[i];
		pv_fj_stats s = pv_fj_edge_stats(e);
		pv_buf_printf(out, "%s\n{\"caller\":%u,\"callee\":%u,", i ? "," : "", e->caller,
			      e->callee);
		pv_fj_write(out, st, p, e->callee, &s, edge_fields, NULL);
		pv_buf_putc(out, '}');
	}
	pv_buf_puts(out, "]}\n");
	pv_buf_release(&label);
	if (!pv_buf_ok(out))
		return pv_error_set(err, "out of memory");
	return 0;
}
