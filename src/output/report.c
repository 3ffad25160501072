/*
 * report.c - pstats' text report, and JSON/CSV (see pv/report.h).
 */
#include "pv/report.h"


#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pv/csv.h"
#include "pv/funcjson.h"
#include "pv/grow.h"
#include "pv/json.h"
#include "pv/pyrepr.h"

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

/* The edges of one function in callers/callees order; reused row to row. */
typedef struct edge_list {
	uint32_t *ids, *tmp;   /* tmp: the merge sort's scratch */
	size_t cap, tmpcap;
} edge_list;

static void edge_list_release(edge_list *l)
{
	free(l->ids);
	free(l->tmp);
}

/*
 * Fills l->ids with the entries of function `id` in callers/callees order.
 * Returns their count, or (size_t)-1 when out of memory.
 */
static size_t entries(const pv_profile *p, uint32_t id, int callees, edge_list *l)
{
	const pv_func *f = &pv_profile_funcs(p)[id];
	const uint32_t *cs = NULL, *ci = NULL;
	if (callees && !(ci = pv_profile_callee_index(p, &cs)))
		return (size_t)-1;
	size_t n = callees ? cs[id + 1] - cs[id] : f->ncallers;
	if (pv_grow((void **)&l->ids, &l->cap, n, sizeof *l->ids) < 0 ||
	    pv_grow((void **)&l->tmp, &l->tmpcap, n, sizeof *l->tmp) < 0)
		return (size_t)-1;
	for (size_t i = 0; i < n; i++)
		l->ids[i] = callees ? ci[cs[id] + i] : f->callers + (uint32_t)i;
	edge_sort s = { p, pv_profile_funcs(p), pv_profile_edges(p), callees };
	if (n > 1)
		edge_msort(&s, l->ids, l->tmp, n);
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

/* The lines of one function's callers or callees, after its name. */
static void text_entries(const pv_profile *p, const uint32_t *list, size_t n, int callees,
			 size_t width, pv_buf *out)
{
	const pv_func *funcs = pv_profile_funcs(p);
	const pv_edge *edges = pv_profile_edges(p);
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

static int text_calls(const pv_profile *p, const pv_query *q, const pv_selection *s,
		      int callees, pv_buf *out, pv_error *err)
{
	edge_list l = { 0 };
	size_t width = s->width;
	int rc = 0;
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
		size_t n = entries(p, id, callees, &l);
		if (n == (size_t)-1) {
			rc = pv_error_set(err, "out of memory");
			goto out;
		}
		text_entries(p, l.ids, n, callees, width, out);
	}
	pv_buf_puts(out, "\n\n");
out:
	edge_list_release(&l);
	return rc;
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

/* ===================================================== JSON */

/*
 * The style of the stats schema (docs/stats-json.md): Python's json.dumps
 * escapes, counts in full and times as Python's repr, so that a script
 * reading it with Python gets back what pstats holds.
 */
static const pv_json_style stats_json = { 0, 1, pv_float_repr };

static const pv_fj_field row_fields[] = {
	PV_FJ_FILE, PV_FJ_LINE, PV_FJ_NAME, PV_FJ_STD_NAME, PV_FJ_NCALLS, PV_FJ_PCALLS,
	PV_FJ_TOTTIME, PV_FJ_TOTTIME_PERCALL, PV_FJ_CUMTIME, PV_FJ_CUMTIME_PERCALL, PV_FJ_END,
};

static const pv_fj_field edge_fields[] = {
	PV_FJ_FILE, PV_FJ_LINE, PV_FJ_NAME, PV_FJ_STD_NAME, PV_FJ_KIND, PV_FJ_NCALLS,
	PV_FJ_PCALLS, PV_FJ_TOTTIME, PV_FJ_CUMTIME, PV_FJ_END,
};

static const char *mode_name(pv_report_mode m)
{
	return m == PV_REPORT_CALLERS ? "callers" : m == PV_REPORT_CALLEES ? "callees" : "stats";
}

/* "top_level", then the totals, then the sort: what the text's header says. */
static void json_header(const pv_profile *p, const pv_query *q, const pv_selection *s,
			pv_buf *out)
{
	const pv_func *funcs = pv_profile_funcs(p);
	const pv_totals *t = pv_profile_totals(p);
	size_t nf = pv_profile_nfuncs(p);
	const char *sep = "";
	pv_buf_puts(out, ",\"top_level\":[");
	for (size_t i = 0; pv_profile_ntoplevel(p) && i < nf; i++) {
		if (funcs[i].flags & PV_FUNC_TOPLEVEL) {
			size_t len;
			const char *name = pv_profile_string(p, funcs[i].name, &len);
			pv_buf_puts(out, sep);
			pv_json_string(out, &stats_json, name, len);
			sep = ",";
		}
	}
	pv_buf_puts(out, "],\"total_calls\":");
	pv_json_count(out, &stats_json, t->total_calls);
	pv_buf_puts(out, ",\"primitive_calls\":");
	pv_json_count(out, &stats_json, t->prim_calls);
	pv_buf_puts(out, ",\"total_time\":");
	pv_json_double(out, &stats_json, t->total_tt);
	pv_buf_puts(out, ",\"ordered_by\":");
	if (s->sorted)
		pv_json_cstring(out, &stats_json, s->ordered_by);
	else
		pv_buf_puts(out, "null");
	pv_buf_puts(out, ",\"sort_keys\":[");
	for (size_t i = 0; s->sorted && i < q->nkeys; i++)
		pv_buf_printf(out, "%s\"%s\"", i ? "," : "", pv_sort_key_word(q->keys[i]));
	pv_buf_printf(out, "],\"reversed\":%s", s->sorted && q->reverse ? "true" : "false");
}

/* "restrictions": what each --limit did. */
static void json_restrictions(const pv_query *q, const pv_selection *s, pv_buf *out,
			      pv_buf *tmp)
{
	static const char *const kinds[] = { "count", "fraction", "regex" };
	pv_buf_puts(out, ",\"restrictions\":[");
	for (size_t i = 0; i < q->nlimits && i < s->nlimits; i++) {
		const pv_restriction *r = &q->limits[i];
		const pv_limit_result *lr = &s->limits[i];
		pv_buf_puts(out, i ? ",{\"argument\":" : "{\"argument\":");
		pv_buf_reset(tmp);
		if (r->text)
			pv_buf_puts(tmp, r->text);
		else
			pv_restriction_repr(r, tmp);
		pv_json_string(out, &stats_json, tmp->data ? tmp->data : "", tmp->len);
		pv_buf_printf(out, ",\"kind\":\"%s\",\"repr\":", kinds[r->kind]);
		pv_buf_reset(tmp);
		pv_restriction_repr(r, tmp);
		pv_json_string(out, &stats_json, tmp->data ? tmp->data : "", tmp->len);
		pv_buf_printf(out, ",\"before\":%zu,\"after\":%zu,\"invalid\":%s", lr->before,
			      lr->after, lr->invalid ? "true" : "false");
		if (lr->invalid) {
			pv_buf_puts(out, ",\"error\":");
			pv_json_cstring(out, &stats_json, lr->error);
		}
		pv_buf_putc(out, '}');
	}
	pv_buf_putc(out, ']');
}

static int json_report(const pv_profile *p, const pv_query *q, const pv_selection *s,
		       pv_report_mode mode, pv_buf *out, pv_error *err)
{
	pv_buf tmp = PV_BUF_INIT;
	edge_list l = { 0 };
	int rc = 0;

	pv_buf_printf(out, "{\"schema\":\"pstat-view/stats/1\",\"mode\":\"%s\",\"files\":",
		      mode_name(mode));
	pv_fj_sources(out, &stats_json, p);
	json_header(p, q, s, out);
	json_restrictions(q, s, out, &tmp);
	pv_buf_printf(out, ",\"total_functions\":%zu,\"count\":%zu,\"functions\":[",
		      pv_profile_nfuncs(p), s->n);
	for (size_t i = 0; i < s->n; i++) {
		uint32_t id = s->ids[i];
		pv_buf_puts(out, i ? ",\n{" : "\n{");
		pv_fj_write(out, &stats_json, p, id, NULL, row_fields, &tmp);
		if (mode != PV_REPORT_STATS) {
			int callees = mode == PV_REPORT_CALLEES;
			size_t n = entries(p, id, callees, &l);
			if (n == (size_t)-1) {
				rc = pv_error_set(err, "out of memory");
				goto out;
			}
			pv_buf_puts(out, callees ? ",\"callees\":" : ",\"callers\":");
			pv_fj_edges(out, &stats_json, p, l.ids, 0, n, callees, edge_fields, &tmp);
		}
		pv_buf_putc(out, '}');
	}
	pv_buf_puts(out, "]}\n");
out:
	edge_list_release(&l);
	pv_buf_release(&tmp);
	return rc;
}

/* ===================================================== CSV */

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

/* ",x/d", the field empty where pstats prints blanks (no calls). */
static void csv_percall(pv_buf *out, double x, pv_count d)
{
	pv_buf_putc(out, ',');
	if (d != 0)
		pv_float_repr(x / (double)d, out);
}

/* ",nc,cc": the calls of a row or an edge. */
static void csv_calls(pv_buf *out, pv_count nc, pv_count cc)
{
	pv_buf_putc(out, ',');
	put_count(out, nc);
	pv_buf_putc(out, ',');
	put_count(out, cc);
}

static void csv_row(const pv_profile *p, uint32_t id, pv_buf *out, pv_buf *tmp)
{
	const pv_func *f = &pv_profile_funcs(p)[id];
	csv_key(p, id, out);
	pv_buf_putc(out, ',');
	csv_std(p, id, out, tmp);
	csv_calls(out, pv_func_nc(f), pv_func_cc(f));
	pv_buf_putc(out, ',');
	pv_float_repr(f->tt, out);
	csv_percall(out, f->tt, pv_func_nc(f));
	pv_buf_putc(out, ',');
	pv_float_repr(f->ct, out);
	csv_percall(out, f->ct, pv_func_cc(f));
	pv_buf_putc(out, '\n');
}

/* One caller/callee line: an int edge has no times. */
static void csv_edge(const pv_profile *p, uint32_t id, const pv_edge *e, int callees,
		     pv_buf *out, pv_buf *tmp)
{
	uint32_t other = callees ? e->callee : e->caller;
	csv_std(p, id, out, tmp);
	pv_buf_putc(out, ',');
	csv_std(p, other, out, tmp);
	pv_buf_putc(out, ',');
	csv_key(p, other, out);
	pv_buf_puts(out, pv_edge_is_int(e) ? ",int" : ",tuple");
	csv_calls(out, pv_edge_nc(e), pv_edge_cc(e));
	pv_buf_putc(out, ',');
	if (!pv_edge_is_int(e)) {
		pv_float_repr(e->tt, out);
		pv_buf_putc(out, ',');
		pv_float_repr(e->ct, out);
	} else {
		pv_buf_putc(out, ',');
	}
	pv_buf_putc(out, '\n');
}

static int csv_report(const pv_profile *p, const pv_selection *s, pv_report_mode mode,
		      pv_buf *out, pv_error *err)
{
	const pv_edge *edges = pv_profile_edges(p);
	int callees = mode == PV_REPORT_CALLEES;
	pv_buf tmp = PV_BUF_INIT;
	edge_list l = { 0 };
	int rc = 0;

	if (mode == PV_REPORT_STATS)
		pv_buf_puts(out, "file,line,name,std_name,ncalls,pcalls,tottime,tottime_percall,"
			    "cumtime,cumtime_percall\n");
	else
		pv_buf_puts(out, callees ? "function,callee,file,line,name,kind,ncalls,pcalls,"
					   "tottime,cumtime\n"
					 : "function,caller,file,line,name,kind,ncalls,pcalls,"
					   "tottime,cumtime\n");
	for (size_t i = 0; i < s->n; i++) {
		uint32_t id = s->ids[i];
		if (mode == PV_REPORT_STATS) {
			csv_row(p, id, out, &tmp);
			continue;
		}
		size_t n = entries(p, id, callees, &l);
		if (n == (size_t)-1) {
			rc = pv_error_set(err, "out of memory");
			goto out;
		}
		if (n == 0) {
			csv_std(p, id, out, &tmp);
			pv_buf_puts(out, ",,,,,,,,,\n");
		}
		for (size_t k = 0; k < n; k++)
			csv_edge(p, id, &edges[l.ids[k]], callees, out, &tmp);
	}
out:
	edge_list_release(&l);
	pv_buf_release(&tmp);
	return rc;
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
