/*
 * report.c - pstats' text report, and JSON/CSV (see pv/report.h).
 */
#include "pv/report.h"
#include "pv/csv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ===================================================== small formatters */

void pv_ctime(int64_t t, char *out)
{
	static const char wday[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char mon[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm tm;
	time_t tt = (time_t)t;
	tzset();
	if (!localtime_r(&tt, &tm) || tm.tm_wday < 0 || tm.tm_wday > 6 || tm.tm_mon < 0 ||
	    tm.tm_mon > 11) {
		snprintf(out, 64, "?");
		return;
	}
	snprintf(out, 64, "%s %s%3d %.2d:%.2d:%.2d %lld", wday[tm.tm_wday], mon[tm.tm_mon],
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (long long)tm.tm_year + 1900);
}

/* "%.3f" / "%8.3f" as Python's % formats a float: NaN is never "-nan". */
static void put_fixed3(pv_buf *out, double x, int width)
{
	if (isnan(x))
		pv_buf_printf(out, "%*s", width, "nan");
	else
		pv_buf_printf(out, "%*.3f", width, x);
}

void pv_f8(double x, pv_buf *out)
{
	put_fixed3(out, x, 8);
}

static void put_count(pv_buf *out, pv_count v)
{
	char tmp[48];
	size_t n = pv_count_format(v, tmp);
	pv_buf_append(out, tmp, n);
}

/* str(x).rjust(w) for a count, or "nc/cc".rjust(w) */
static void put_calls(pv_buf *out, pv_count nc, pv_count cc, size_t w)
{
	char tmp[100];
	size_t n = pv_count_format(nc, tmp);
	if (nc != cc) {
		tmp[n++] = '/';
		n += pv_count_format(cc, tmp + n);
	}
	if (n < w)
		pv_buf_fill(out, ' ', w - n);
	pv_buf_append(out, tmp, n);
}

/* ===================================================== callers ordering */

typedef struct edge_sort {
	const pv_profile *p;
	const pv_func *funcs;
	const pv_edge *edges;
	int callees;     /* compare callees (else callers) */
} edge_sort;

/* sorted(call_dict.keys()): (file, line, name) tuples */
static int edge_cmp(const edge_sort *s, uint32_t a, uint32_t b)
{
	const pv_edge *x = &s->edges[a], *y = &s->edges[b];
	const pv_func *f = &s->funcs[s->callees ? x->callee : x->caller];
	const pv_func *g = &s->funcs[s->callees ? y->callee : y->caller];
	int r = pv_query_string_cmp(s->p, f->file, g->file);
	if (r)
		return r;
	if (f->line != g->line)
		return f->line < g->line ? -1 : 1;
	return pv_query_string_cmp(s->p, f->name, g->name);
}

/* A plain stable merge sort; call-dict keys are unique, so any correct
   sort gives pstats' order. */
static void edge_msort(const edge_sort *s, uint32_t *a, uint32_t *tmp, size_t n)
{
	if (n < 8) {
		for (size_t i = 1; i < n; i++) {
			uint32_t v = a[i];
			size_t j = i;
			while (j > 0 && edge_cmp(s, a[j - 1], v) > 0) {
				a[j] = a[j - 1];
				j--;
			}
			a[j] = v;
		}
		return;
	}
	size_t h = n / 2;
	edge_msort(s, a, tmp, h);
	edge_msort(s, a + h, tmp, n - h);
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		tmp[k++] = edge_cmp(s, a[j], a[i]) < 0 ? a[j++] : a[i++];
	while (i < h)
		tmp[k++] = a[i++];
	while (j < n)
		tmp[k++] = a[j++];
	memcpy(a, tmp, n * sizeof(*a));
}

/*
 * The entries of function `id` in callers/callees order, into *list (grown
 * as needed, *cap entries).  Returns the count, or (size_t)-1 when out of
 * memory.
 */
static size_t entries(const pv_profile *p, uint32_t id, int callees, uint32_t **list,
		      uint32_t **tmp, size_t *cap)
{
	const pv_func *f = &pv_profile_funcs(p)[id];
	const uint32_t *cs = NULL, *ci = NULL;
	if (callees && !(ci = pv_profile_callee_index(p, &cs)))
		return (size_t)-1;
	size_t n = callees ? cs[id + 1] - cs[id] : f->ncallers;
	if (n > *cap) {
		size_t nc = n > 2 * *cap ? n : 2 * *cap;
		uint32_t *a = realloc(*list, nc * sizeof(uint32_t));
		if (!a)
			return (size_t)-1;
		*list = a;
		uint32_t *b = realloc(*tmp, nc * sizeof(uint32_t));
		if (!b)
			return (size_t)-1;
		*tmp = b;
		*cap = nc;
	}
	if (callees) {
		for (size_t i = 0; i < n; i++)
			(*list)[i] = ci[cs[id] + i];
	} else {
		for (size_t i = 0; i < n; i++)
			(*list)[i] = f->callers + (uint32_t)i;
	}
	edge_sort s = { p, pv_profile_funcs(p), pv_profile_edges(p), callees };
	if (n > 1)
		edge_msort(&s, *list, *tmp, n);
	return n;
}

/* ===================================================== text */

void pv_report_header(const pv_profile *p, pv_buf *out)
{
	size_t nfiles = pv_profile_nfiles(p);
	const pv_totals *t = pv_profile_totals(p);
	const pv_func *funcs = pv_profile_funcs(p);
	size_t nf = pv_profile_nfuncs(p);
	for (size_t i = 0; i < nfiles; i++) {
		const pv_source *src = pv_profile_file(p, i);
		if (src->has_mtime) {
			char when[64];
			pv_ctime(src->mtime, when);
			pv_buf_puts(out, when);
			pv_buf_puts(out, "    ");
		}
		pv_buf_puts(out, src->path);
		pv_buf_putc(out, '\n');
	}
	if (nfiles)
		pv_buf_putc(out, '\n');
	for (size_t i = 0; pv_profile_ntoplevel(p) && i < nf; i++) {
		if (funcs[i].flags & PV_FUNC_TOPLEVEL) {
			size_t len;
			const char *name = pv_profile_string(p, funcs[i].name, &len);
			pv_buf_puts(out, "         ");
			pv_buf_append(out, name, len);
			pv_buf_putc(out, '\n');
		}
	}
	pv_buf_puts(out, "         ");
	put_count(out, t->total_calls);
	pv_buf_puts(out, " function calls ");
	if (t->total_calls != t->prim_calls) {
		pv_buf_putc(out, '(');
		put_count(out, t->prim_calls);
		pv_buf_puts(out, " primitive calls) ");
	}
	pv_buf_puts(out, "in ");
	put_fixed3(out, t->total_tt, 0);
	pv_buf_puts(out, " seconds\n\n");
}

/* " TIME PERCALL" columns of a row: percall blank when there were no calls. */
static void put_time_percall(pv_buf *out, double t, pv_count calls)
{
	pv_buf_putc(out, ' ');
	pv_f8(t, out);
	pv_buf_putc(out, ' ');
	if (calls == 0)
		pv_buf_fill(out, ' ', 8);
	else
		pv_f8(t / (double)calls, out);
}

static void text_row(const pv_profile *p, uint32_t id, pv_buf *out)
{
	const pv_func *f = &pv_profile_funcs(p)[id];
	put_calls(out, pv_func_nc(f), pv_func_cc(f), 9);
	put_time_percall(out, f->tt, pv_func_nc(f));
	put_time_percall(out, f->ct, pv_func_cc(f));
	pv_buf_putc(out, ' ');
	pv_func_std_string(p, id, out);
	pv_buf_putc(out, '\n');
}

/* Does print_call_heading print its sub-header?  Only if the first value
   of the first non-empty callers dict (in dict order) is a tuple. */
static int has_subheader(const pv_profile *p)
{
	const pv_func *funcs = pv_profile_funcs(p);
	const pv_edge *edges = pv_profile_edges(p);
	size_t nf = pv_profile_nfuncs(p);
	for (size_t i = 0; i < nf; i++)
		if (funcs[i].ncallers)
			return !pv_edge_is_int(&edges[funcs[i].callers]);
	return 0;
}

/* An int caller's line prints the caller's own cumtime: it must exist. */
static int check_int_callers(const pv_profile *p, const pv_selection *s, pv_error *err)
{
	const pv_func *funcs = pv_profile_funcs(p);
	const pv_edge *edges = pv_profile_edges(p);
	size_t nf = pv_profile_nfuncs(p);
	pv_buf name = PV_BUF_INIT;
	for (size_t i = 0; i < s->n; i++) {
		const pv_func *f = &funcs[s->ids[i]];
		for (uint32_t e = f->callers; e < f->callers + f->ncallers; e++) {
			if (pv_edge_is_int(&edges[e]) && edges[e].caller >= nf) {
				pv_func_std_string(p, edges[e].caller, &name);
				pv_error_set(err, "caller %.*s of a profile-module entry is not a "
					     "profiled function", (int)(name.len > 200 ? 200 : name.len),
					     name.data ? name.data : "");
				pv_buf_release(&name);
				return -1;
			}
		}
	}
	return 0;
}

static int text_calls(const pv_profile *p, const pv_query *q, const pv_selection *s,
		      int callees, pv_buf *out, pv_error *err)
{
	const pv_func *funcs = pv_profile_funcs(p);
	const pv_edge *edges = pv_profile_edges(p);
	uint32_t *list = NULL, *tmp = NULL;
	size_t cap = 0;
	size_t width = s->width;
	if (s->n == 0)
		return 0;
	if (!callees && check_int_callers(p, s, err) < 0)
		return -1;
	pv_selection_message(s, q, out);
	pv_buf_putc(out, '\n');
	pv_buf_puts(out, "Function ");
	if (width > 9)
		pv_buf_fill(out, ' ', width - 9);
	pv_buf_puts(out, callees ? "called...\n" : "was called by...\n");
	if (has_subheader(p)) {
		pv_buf_fill(out, ' ', width);
		pv_buf_puts(out, "    ncalls  tottime  cumtime\n");
	}
	for (size_t i = 0; i < s->n; i++) {
		uint32_t id = s->ids[i];
		pv_func_std_string(p, id, out);
		size_t fw = pv_func_width(p, id);
		if (fw < width)
			pv_buf_fill(out, ' ', width - fw);
		pv_buf_puts(out, callees ? "-> " : "<- ");
		size_t n = entries(p, id, callees, &list, &tmp, &cap);
		if (n == (size_t)-1) {
			free(list);
			free(tmp);
			return pv_error_set(err, "out of memory");
		}
		if (n == 0)
			pv_buf_putc(out, '\n');
		for (size_t k = 0; k < n; k++) {
			const pv_edge *e = &edges[list[k]];
			uint32_t other = callees ? e->callee : e->caller;
			if (pv_edge_is_int(e)) {
				if (k)
					pv_buf_fill(out, ' ', width + 3);
				pv_func_std_string(p, other, out);
				pv_buf_putc(out, '(');
				put_count(out, pv_edge_nc(e));
				pv_buf_puts(out, ") ");
				pv_f8(funcs[other].ct, out);
			} else {
				if (k)
					pv_buf_fill(out, ' ', width + 1);
				put_calls(out, pv_edge_nc(e), pv_edge_cc(e), k ? 9 : 7);
				pv_buf_putc(out, ' ');
				pv_f8(e->tt, out);
				pv_buf_putc(out, ' ');
				pv_f8(e->ct, out);
				pv_buf_puts(out, "  ");
				pv_func_std_string(p, other, out);
			}
			pv_buf_putc(out, '\n');
		}
	}
	pv_buf_puts(out, "\n\n");
	free(list);
	free(tmp);
	return 0;
}

static int text_report(const pv_profile *p, const pv_query *q, const pv_selection *s,
		       pv_report_mode mode, pv_buf *out, pv_error *err)
{
	if (mode != PV_REPORT_STATS)
		return text_calls(p, q, s, mode == PV_REPORT_CALLEES, out, err);
	pv_report_header(p, out);
	if (s->n == 0)
		return 0;
	pv_selection_message(s, q, out);
	pv_buf_putc(out, '\n');
	pv_buf_puts(out, "   ncalls  tottime  percall  cumtime  percall filename:lineno(function)\n");
	for (size_t i = 0; i < s->n; i++)
		text_row(p, s->ids[i], out);
	pv_buf_puts(out, "\n\n");
	return 0;
}

/* ===================================================== JSON / CSV values */

static void json_str(pv_buf *out, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t run = 0;
	pv_buf_putc(out, '"');
	for (size_t i = 0; i < len;) {
		unsigned c = u[i];
		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
			i++;
			run++;
			continue;
		}
		pv_buf_append(out, s + i - run, run);
		run = 0;
		if (c < 0x80) {
			switch (c) {
			case '"': pv_buf_puts(out, "\\\""); break;
			case '\\': pv_buf_puts(out, "\\\\"); break;
			case '\n': pv_buf_puts(out, "\\n"); break;
			case '\t': pv_buf_puts(out, "\\t"); break;
			case '\r': pv_buf_puts(out, "\\r"); break;
			case '\b': pv_buf_puts(out, "\\b"); break;
			case '\f': pv_buf_puts(out, "\\f"); break;
			default: pv_buf_printf(out, "\\u%04x", c); break;
			}
			i++;
			continue;
		}
		/* multi-byte: copy valid non-surrogate UTF-8, escape the rest */
		size_t n = 0;
		uint32_t cp = 0;
		if (c >= 0xC2 && c <= 0xDF && i + 1 < len && (u[i + 1] & 0xC0) == 0x80) {
			n = 2;
		} else if (c >= 0xE0 && c <= 0xEF && i + 2 < len && (u[i + 1] & 0xC0) == 0x80 &&
			   (u[i + 2] & 0xC0) == 0x80) {
			cp = ((c & 0x0Fu) << 12) | ((u[i + 1] & 0x3Fu) << 6) | (u[i + 2] & 0x3Fu);
			if (cp >= 0x800)
				n = 3;
		} else if (c >= 0xF0 && c <= 0xF4 && i + 3 < len && (u[i + 1] & 0xC0) == 0x80 &&
			   (u[i + 2] & 0xC0) == 0x80 && (u[i + 3] & 0xC0) == 0x80) {
			cp = ((c & 0x07u) << 18) | ((u[i + 1] & 0x3Fu) << 12) |
			     ((u[i + 2] & 0x3Fu) << 6) | (u[i + 3] & 0x3Fu);
			if (cp >= 0x10000 && cp <= 0x10FFFF)
				n = 4;
		}
		if (n == 3 && cp >= 0xD800 && cp <= 0xDFFF) {
			pv_buf_printf(out, "\\u%04x", cp);
		} else if (n) {
			pv_buf_append(out, s + i, n);
		} else {
			pv_buf_printf(out, "\\u%04x", 0xDC00u + c);
			n = 1;
		}
		i += n;
	}
	pv_buf_append(out, s + len - run, run);
	pv_buf_putc(out, '"');
}

static void json_num(pv_buf *out, double x)
{
	if (isnan(x) || isinf(x)) {
		pv_buf_putc(out, '"');
		pv_float_repr(x, out);
		pv_buf_putc(out, '"');
	} else {
		pv_float_repr(x, out);
	}
}

/* ===================================================== JSON */

/* "file", "line", "name", "std_name" members of function `id` */
static void json_key(const pv_profile *p, uint32_t id, pv_buf *out, pv_buf *tmp)
{
	const pv_func *f = &pv_profile_funcs(p)[id];
	size_t len;
	const char *s = pv_profile_string(p, f->file, &len);
	pv_buf_puts(out, "\"file\":");
	json_str(out, s, len);
	pv_buf_printf(out, ",\"line\":%lld,\"name\":", (long long)f->line);
	s = pv_profile_string(p, f->name, &len);
	json_str(out, s, len);
	pv_buf_puts(out, ",\"std_name\":");
	pv_buf_reset(tmp);
	pv_func_std_string(p, id, tmp);
	json_str(out, tmp->data ? tmp->data : "", tmp->len);
	if (!pv_buf_ok(tmp))
		out->oom = 1;
}

static const char *mode_name(pv_report_mode m)
{
	return m == PV_REPORT_CALLERS ? "callers" : m == PV_REPORT_CALLEES ? "callees" : "stats";
}

static int json_report(const pv_profile *p, const pv_query *q, const pv_selection *s,
		       pv_report_mode mode, pv_buf *out, pv_error *err)
{
	const pv_func *funcs = pv_profile_funcs(p);
	const pv_edge *edges = pv_profile_edges(p);
	const pv_totals *t = pv_profile_totals(p);
	size_t nfiles = pv_profile_nfiles(p), nf = pv_profile_nfuncs(p);
	pv_buf tmp = PV_BUF_INIT;
	uint32_t *list = NULL, *scratch = NULL;
	size_t cap = 0;
	int first;

	pv_buf_printf(out, "{\"schema\":\"pstat-view/stats/1\",\"mode\":\"%s\",\"files\":[",
		      mode_name(mode));
	for (size_t i = 0; i < nfiles; i++) {
		const pv_source *src = pv_profile_file(p, i);
		pv_buf_puts(out, i ? ",{\"path\":" : "{\"path\":");
		json_str(out, src->path, strlen(src->path));
		if (src->has_mtime)
			pv_buf_printf(out, ",\"mtime\":%lld}", (long long)src->mtime);
		else
			pv_buf_puts(out, ",\"mtime\":null}");
	}
	pv_buf_puts(out, "],\"top_level\":[");
	first = 1;
	for (size_t i = 0; pv_profile_ntoplevel(p) && i < nf; i++) {
		if (funcs[i].flags & PV_FUNC_TOPLEVEL) {
			size_t len;
			const char *name = pv_profile_string(p, funcs[i].name, &len);
			if (!first)
				pv_buf_putc(out, ',');
			json_str(out, name, len);
			first = 0;
		}
	}
	pv_buf_puts(out, "],\"total_calls\":");
	put_count(out, t->total_calls);
	pv_buf_puts(out, ",\"primitive_calls\":");
	put_count(out, t->prim_calls);
	pv_buf_puts(out, ",\"total_time\":");
	json_num(out, t->total_tt);
	pv_buf_puts(out, ",\"ordered_by\":");
	if (s->sorted)
		json_str(out, s->ordered_by, strlen(s->ordered_by));
	else
		pv_buf_puts(out, "null");
	pv_buf_puts(out, ",\"sort_keys\":[");
	for (size_t i = 0; s->sorted && i < q->nkeys; i++)
		pv_buf_printf(out, "%s\"%s\"", i ? "," : "", pv_sort_key_word(q->keys[i]));
	pv_buf_printf(out, "],\"reversed\":%s,\"restrictions\":[",
		      s->sorted && q->reverse ? "true" : "false");
	for (size_t i = 0; i < q->nlimits && i < s->nlimits; i++) {
		const pv_restriction *r = &q->limits[i];
		const pv_limit_result *lr = &s->limits[i];
		static const char *const kinds[] = { "count", "fraction", "regex" };
		pv_buf_puts(out, i ? ",{\"argument\":" : "{\"argument\":");
		pv_buf_reset(&tmp);
		if (r->text)
			pv_buf_puts(&tmp, r->text);
		else
			pv_restriction_repr(r, &tmp);
		json_str(out, tmp.data ? tmp.data : "", tmp.len);
		pv_buf_printf(out, ",\"kind\":\"%s\",\"repr\":", kinds[r->kind]);
		pv_buf_reset(&tmp);
		pv_restriction_repr(r, &tmp);
		json_str(out, tmp.data ? tmp.data : "", tmp.len);
		if (!pv_buf_ok(&tmp))
			out->oom = 1;
		pv_buf_printf(out, ",\"before\":%zu,\"after\":%zu,\"invalid\":%s", lr->before,
			      lr->after, lr->invalid ? "true" : "false");
		if (lr->invalid) {
			pv_buf_puts(out, ",\"error\":");
			json_str(out, lr->error, strlen(lr->error));
		}
		pv_buf_putc(out, '}');
	}
	pv_buf_printf(out, "],\"total_functions\":%zu,\"count\":%zu,\"functions\":[", nf, s->n);
	for (size_t i = 0; i < s->n; i++) {
		uint32_t id = s->ids[i];
		const pv_func *f = &funcs[id];
		pv_buf_puts(out, i ? ",\n{" : "\n{");
		json_key(p, id, out, &tmp);
		pv_buf_puts(out, ",\"ncalls\":");
		put_count(out, pv_func_nc(f));
		pv_buf_puts(out, ",\"pcalls\":");
		put_count(out, pv_func_cc(f));
		pv_buf_puts(out, ",\"tottime\":");
		json_num(out, f->tt);
		pv_buf_puts(out, ",\"tottime_percall\":");
		if (pv_func_nc(f) == 0)
			pv_buf_puts(out, "null");
		else
			json_num(out, f->tt / (double)pv_func_nc(f));
		pv_buf_puts(out, ",\"cumtime\":");
		json_num(out, f->ct);
		pv_buf_puts(out, ",\"cumtime_percall\":");
		if (pv_func_cc(f) == 0)
			pv_buf_puts(out, "null");
		else
			json_num(out, f->ct / (double)pv_func_cc(f));
		if (mode != PV_REPORT_STATS) {
			int callees = mode == PV_REPORT_CALLEES;
			size_t n = entries(p, id, callees, &list, &scratch, &cap);
			if (n == (size_t)-1) {
				free(list);
				free(scratch);
				pv_buf_release(&tmp);
				return pv_error_set(err, "out of memory");
			}
			pv_buf_puts(out, callees ? ",\"callees\":[" : ",\"callers\":[");
			for (size_t k = 0; k < n; k++) {
				const pv_edge *e = &edges[list[k]];
				uint32_t other = callees ? e->callee : e->caller;
				pv_buf_puts(out, k ? ",{" : "{");
				json_key(p, other, out, &tmp);
				if (pv_edge_is_int(e)) {
					pv_buf_puts(out, ",\"kind\":\"int\",\"ncalls\":");
					put_count(out, pv_edge_nc(e));
					pv_buf_puts(out, ",\"pcalls\":");
					put_count(out, pv_edge_cc(e));
					pv_buf_puts(out, ",\"tottime\":null,\"cumtime\":null}");
				} else {
					pv_buf_puts(out, ",\"kind\":\"tuple\",\"ncalls\":");
					put_count(out, pv_edge_nc(e));
					pv_buf_puts(out, ",\"pcalls\":");
					put_count(out, pv_edge_cc(e));
					pv_buf_puts(out, ",\"tottime\":");
					json_num(out, e->tt);
					pv_buf_puts(out, ",\"cumtime\":");
					json_num(out, e->ct);
					pv_buf_putc(out, '}');
				}
			}
			pv_buf_putc(out, ']');
		}
		pv_buf_putc(out, '}');
	}
	pv_buf_puts(out, "]}\n");
	free(list);
	free(scratch);
	pv_buf_release(&tmp);
	return 0;
}

/* ===================================================== CSV */

static void csv_num(pv_buf *out, double x)
{
	pv_float_repr(x, out);
}

static void csv_key(const pv_profile *p, uint32_t id, pv_buf *out)
{
	const pv_func *f = &pv_profile_funcs(p)[id];
	size_t len;
	const char *s = pv_profile_string(p, f->file, &len);
	pv_csv_field(out, s, len);
	pv_buf_printf(out, ",%lld,", (long long)f->line);
	s = pv_profile_string(p, f->name, &len);
	pv_csv_field(out, s, len);
}

static void csv_std(const pv_profile *p, uint32_t id, pv_buf *out, pv_buf *tmp)
{
	pv_buf_reset(tmp);
	pv_func_std_string(p, id, tmp);
	pv_csv_field(out, tmp->data ? tmp->data : "", tmp->len);
	if (!pv_buf_ok(tmp))
		out->oom = 1;
}

static int csv_report(const pv_profile *p, const pv_selection *s, pv_report_mode mode,
		      pv_buf *out, pv_error *err)
{
	const pv_func *funcs = pv_profile_funcs(p);
	const pv_edge *edges = pv_profile_edges(p);
	pv_buf tmp = PV_BUF_INIT;
	uint32_t *list = NULL, *scratch = NULL;
	size_t cap = 0;

	if (mode == PV_REPORT_STATS) {
		pv_buf_puts(out, "file,line,name,std_name,ncalls,pcalls,tottime,tottime_percall,"
			    "cumtime,cumtime_percall\n");
		for (size_t i = 0; i < s->n; i++) {
			uint32_t id = s->ids[i];
			const pv_func *f = &funcs[id];
			csv_key(p, id, out);
			pv_buf_putc(out, ',');
			csv_std(p, id, out, &tmp);
			pv_buf_putc(out, ',');
			put_count(out, pv_func_nc(f));
			pv_buf_putc(out, ',');
			put_count(out, pv_func_cc(f));
			pv_buf_putc(out, ',');
			csv_num(out, f->tt);
			pv_buf_putc(out, ',');
			if (pv_func_nc(f) != 0)
				csv_num(out, f->tt / (double)pv_func_nc(f));
			pv_buf_putc(out, ',');
			csv_num(out, f->ct);
			pv_buf_putc(out, ',');
			if (pv_func_cc(f) != 0)
				csv_num(out, f->ct / (double)pv_func_cc(f));
			pv_buf_putc(out, '\n');
		}
		pv_buf_release(&tmp);
		return 0;
	}
	int callees = mode == PV_REPORT_CALLEES;
	pv_buf_puts(out, callees ? "function,callee" : "function,caller");
	pv_buf_puts(out, ",file,line,name,kind,ncalls,pcalls,tottime,cumtime\n");
	for (size_t i = 0; i < s->n; i++) {
		uint32_t id = s->ids[i];
		size_t n = entries(p, id, callees, &list, &scratch, &cap);
		if (n == (size_t)-1) {
			free(list);
			free(scratch);
			pv_buf_release(&tmp);
			return pv_error_set(err, "out of memory");
		}
		if (n == 0) {
			csv_std(p, id, out, &tmp);
			pv_buf_puts(out, ",,,,,,,,,\n");
		}
		for (size_t k = 0; k < n; k++) {
			const pv_edge *e = &edges[list[k]];
			uint32_t other = callees ? e->callee : e->caller;
			csv_std(p, id, out, &tmp);
			pv_buf_putc(out, ',');
			csv_std(p, other, out, &tmp);
			pv_buf_putc(out, ',');
			csv_key(p, other, out);
			pv_buf_puts(out, pv_edge_is_int(e) ? ",int," : ",tuple,");
			put_count(out, pv_edge_nc(e));
			pv_buf_putc(out, ',');
			put_count(out, pv_edge_cc(e));
			pv_buf_putc(out, ',');
			if (!pv_edge_is_int(e)) {
				csv_num(out, e->tt);
				pv_buf_putc(out, ',');
				csv_num(out, e->ct);
			} else {
				pv_buf_putc(out, ',');
			}
			pv_buf_putc(out, '\n');
		}
	}
	free(list);
	free(scratch);
	pv_buf_release(&tmp);
	return 0;
}

/* ===================================================== entry points */

int pv_report_selection(const pv_profile *p, const pv_query *q, const pv_selection *s,
			pv_report_mode mode, pv_report_format fmt, pv_buf *out, pv_error *err)
{
	int rc;
	switch (fmt) {
	case PV_FORMAT_JSON:
		rc = json_report(p, q, s, mode, out, err);
		break;
	case PV_FORMAT_CSV:
		rc = csv_report(p, s, mode, out, err);
		break;
	default:
		rc = text_report(p, q, s, mode, out, err);
		break;
	}
	if (rc == 0 && !pv_buf_ok(out))
		rc = pv_error_set(err, "out of memory");
	return rc;
}

int pv_report(const pv_profile *p, const pv_query *q, pv_report_mode mode,
	      pv_report_format fmt, pv_buf *out, pv_error *err)
{
	pv_selection s = PV_SELECTION_INIT;
	int rc = pv_query_run(p, q, &s, err);
	if (rc == 0)
		rc = pv_report_selection(p, q, &s, mode, fmt, out, err);
	pv_selection_release(&s);
	return rc;
}
