/*
 * api.c - the viewer's JSON API (see pv/api.h and docs/api.md).
 *
 * Small answers (summary, one function) are assembled with cJSON, with
 * strings and numbers inserted as raw JSON text produced here, so that
 * every answer escapes and formats the same way.  The large ones
 * (function table, graph) are written straight into the buffer.
 */
#include "pv/api.h"
#include "pv/json.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pv/assets.h"

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
	pv_json_string(out, &pv_json_web, s ? s : "", s ? len : 0);
}

/* ["ncalls", "tottime", "percall", "cumtime", "percall"] as pstats prints them */
static void put_columns(pv_buf *out, const pv_func *f)
{
	char t[48];
	pv_buf_puts(out, "[\"");
	pv_buf_append(out, t, pv_count_format(pv_func_nc(f), t));
	if (pv_func_nc(f) != pv_func_cc(f)) {
		pv_buf_putc(out, '/');
		pv_buf_append(out, t, pv_count_format(pv_func_cc(f), t));
	}
	pv_buf_puts(out, "\",");
	put_f3_string(out, f->tt);
	pv_buf_putc(out, ',');
	if (pv_func_nc(f) == 0)
		pv_buf_puts(out, "\"\"");
	else
		put_f3_string(out, f->tt / (double)pv_func_nc(f));
	pv_buf_putc(out, ',');
	put_f3_string(out, f->ct);
	pv_buf_putc(out, ',');
	if (pv_func_cc(f) == 0)
		pv_buf_puts(out, "\"\"");
	else
		put_f3_string(out, f->ct / (double)pv_func_cc(f));
	pv_buf_putc(out, ']');
}

static int finish(pv_buf *out, pv_error *err)
{
	if (!pv_buf_ok(out))
		return pv_error_set(err, "out of memory");
	return 0;
}

/* cJSON node holding JSON text from a scratch buffer; NULL when out of memory. */
static cJSON *raw_from(pv_buf *tmp)
{
	cJSON *r = pv_buf_ok(tmp) ? cJSON_CreateRaw(tmp->data ? tmp->data : "null") : NULL;
	pv_buf_reset(tmp);
	return r;
}

static cJSON *raw_string(pv_buf *tmp, const char *s, size_t len)
{
	pv_json_string(tmp, &pv_json_web, s, len);
	return raw_from(tmp);
}

static cJSON *raw_pstring(pv_buf *tmp, const pv_profile *p, uint32_t id)
{
	put_profile_string(tmp, p, id);
	return raw_from(tmp);
}

static cJSON *raw_double(pv_buf *tmp, double v)
{
	pv_json_double(tmp, &pv_json_web, v);
	return raw_from(tmp);
}

static cJSON *raw_count(pv_buf *tmp, pv_count v)
{
	pv_json_count(tmp, &pv_json_web, v);
	return raw_from(tmp);
}

/* Adds `item` to `obj`; returns 0, or -1 (and frees item) when item is NULL. */
static int add(cJSON *obj, const char *key, cJSON *item)
{
	if (!item)
		return -1;
	if (!cJSON_AddItemToObject(obj, key, item)) {
		cJSON_Delete(item);
		return -1;
	}
	return 0;
}

static int push(cJSON *arr, cJSON *item)
{
	if (!item)
		return -1;
	if (!cJSON_AddItemToArray(arr, item)) {
		cJSON_Delete(item);
		return -1;
	}
	return 0;
}

/* Prints `root` into out and deletes it; rc is the result of building it. */
static int print_json(cJSON *root, int rc, pv_buf *out, pv_error *err)
{
	if (rc == 0 && root) {
		char *text = cJSON_PrintUnformatted(root);
		if (text) {
			pv_buf_puts(out, text);
			cJSON_free(text);
		} else {
			rc = -1;
		}
	} else {
		rc = -1;
	}
	cJSON_Delete(root);
	if (rc != 0)
		return pv_error_set(err, "out of memory");
	return finish(out, err);
}

/* ===================================================== summary */

static cJSON *build_summary(const pv_profile *p, pv_buf *tmp, int *rc)
{
	cJSON *o = cJSON_CreateObject();
	const pv_totals *t = pv_profile_totals(p);
	if (!o) {
		*rc = -1;
		return NULL;
	}
	int bad = 0;
	bad |= !cJSON_AddNumberToObject(o, "version", PV_API_VERSION);
	cJSON *files = cJSON_CreateArray();
	bad |= add(o, "files", files);
	for (size_t i = 0; files && i < pv_profile_nfiles(p); i++) {
		const pv_source *src = pv_profile_file(p, i);
		cJSON *f = cJSON_CreateObject();
		if (!f || push(files, f)) {
			bad = 1;
			break;
		}
		bad |= add(f, "path", raw_string(tmp, src->path, strlen(src->path)));
		if (src->has_mtime)
			bad |= !cJSON_AddNumberToObject(f, "mtime", (double)src->mtime);
		else
			bad |= !cJSON_AddNullToObject(f, "mtime");
	}
	bad |= !cJSON_AddNumberToObject(o, "functions", (double)pv_profile_nfuncs(p));
	bad |= !cJSON_AddNumberToObject(o, "keys", (double)pv_profile_nkeys(p));
	bad |= !cJSON_AddNumberToObject(o, "edges", (double)pv_profile_nedges(p));
	bad |= add(o, "total_calls", raw_count(tmp, t->total_calls));
	bad |= add(o, "primitive_calls", raw_count(tmp, t->prim_calls));
	bad |= add(o, "total_tt", raw_double(tmp, t->total_tt));
	size_t nr = 0;
	pv_root *roots = pv_roots(p, &nr);
	if (!roots && pv_profile_nfuncs(p) > 0)
		bad = 1;  /* out of memory */
	cJSON *ra = cJSON_CreateArray();
	bad |= add(o, "roots", ra);
	for (size_t i = 0; ra && i < nr; i++) {
		cJSON *r = cJSON_CreateObject();
		if (!r || push(ra, r)) {
			bad = 1;
			break;
		}
		bad |= !cJSON_AddNumberToObject(r, "id", roots[i].id);
		bad |= add(r, "time", raw_double(tmp, roots[i].time));
	}
	if (pv_profile_nfuncs(p) && !roots)
		bad = 1;
	free(roots);
	*rc = bad ? -1 : 0;
	return o;
}

int pv_api_summary(const pv_profile *p, pv_buf *out, pv_error *err)
{
	pv_buf tmp = PV_BUF_INIT;
	int rc = 0;
	cJSON *o = build_summary(p, &tmp, &rc);
	pv_buf_release(&tmp);
	return print_json(o, rc, out, err);
}

/* ===================================================== diff mode */

int pv_api_summary_diff(const pv_profile *p, const pv_diff *d, const char *base_label,
			pv_buf *out, pv_error *err)
{
	pv_buf tmp = PV_BUF_INIT;
	int rc = 0;
	cJSON *o = build_summary(p, &tmp, &rc);
	cJSON *df = o ? cJSON_CreateObject() : NULL;
	const pv_diff_totals *t = &d->totals;
	int bad = rc != 0 || add(o, "diff", df);
	if (!bad) {
		const char *lab = base_label ? base_label : "";
		bad |= add(df, "base", raw_string(&tmp, lab, strlen(lab)));
		bad |= add(df, "match", cJSON_CreateString(d->match == PV_DIFF_MATCH_NAME ? "name"
										 : "exact"));
		bad |= add(df, "base_functions", cJSON_CreateNumber((double)t->funcs[0]));
		bad |= add(df, "total_tt_base", raw_double(&tmp, t->tt[0]));
		bad |= add(df, "total_tt_new", raw_double(&tmp, t->tt[1]));
		bad |= add(df, "total_tt_delta", raw_double(&tmp, t->d_tt));
		bad |= add(df, "total_tt_pct", raw_double(&tmp, t->p_tt));
		bad |= add(df, "total_calls_base", raw_count(&tmp, t->calls[0]));
		bad |= add(df, "total_calls_new", raw_count(&tmp, t->calls[1]));
		bad |= add(df, "total_calls_delta", raw_count(&tmp, t->d_calls));
		bad |= add(df, "both", cJSON_CreateNumber((double)t->both));
		bad |= add(df, "only_base", cJSON_CreateNumber((double)t->only_base));
		bad |= add(df, "only_new", cJSON_CreateNumber((double)t->only_new));
	}
	pv_buf_release(&tmp);
	return print_json(o, bad ? -1 : 0, out, err);
}

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
	int first = 1;
	for (size_t i = 0; i < d->nrows; i++) {
		const pv_diff_row *r = &d->rows[i];
		if (r->new_.nfuncs != 0 || r->base.id >= nb)
			continue;
		const pv_func *fn = &pv_profile_funcs(d->base)[r->base.id];
		if (!first)
			pv_buf_putc(out, ',');
		first = 0;
		pv_buf_printf(out, "{\"base_id\":%u,\"label\":", (unsigned)r->base.id);
		pv_buf_reset(&label);
		pv_diff_row_label(d, i, &label);
		pv_json_string(out, &pv_json_web, label.data ? label.data : "", label.len);
		pv_buf_puts(out, ",\"file\":");
		put_profile_string(out, d->base, fn->file);
		pv_buf_printf(out, ",\"line\":%lld,\"name\":", (long long)fn->line);
		put_profile_string(out, d->base, fn->name);
		pv_buf_putc(out, ',');
		pv_diff_json_row(out, r, 0);
		pv_buf_putc(out, '}');
	}
	pv_buf_puts(out, "]}");
	if (!pv_buf_ok(&label))
		out->oom = 1;
	pv_buf_release(&label);
	free(at);
	return finish(out, err);
}

/* ===================================================== function table */

int pv_api_functions(const pv_profile *p, pv_buf *out, pv_error *err)
{
	size_t nf = pv_profile_nfuncs(p);
	const pv_func *fn = pv_profile_funcs(p);
	pv_buf label = PV_BUF_INIT;
	pv_buf_puts(out, "{\"version\":1,\"columns\":[\"ncalls\",\"tottime\",\"percall\","
			 "\"cumtime\",\"percall\",\"filename:lineno(function)\"],\"functions\":[");
	for (size_t i = 0; i < nf; i++) {
		const pv_func *f = &fn[i];
		if (i)
			pv_buf_putc(out, ',');
		pv_buf_printf(out, "{\"id\":%zu,\"label\":", i);
		pv_buf_reset(&label);
		pv_func_std_string(p, (uint32_t)i, &label);
		pv_json_string(out, &pv_json_web, label.data ? label.data : "", label.len);
		pv_buf_puts(out, ",\"file\":");
		put_profile_string(out, p, f->file);
		pv_buf_printf(out, ",\"line\":%lld,\"name\":", (long long)f->line);
		put_profile_string(out, p, f->name);
		pv_buf_puts(out, ",\"nc\":");
		pv_json_count(out, &pv_json_web, pv_func_nc(f));
		pv_buf_puts(out, ",\"cc\":");
		pv_json_count(out, &pv_json_web, pv_func_cc(f));
		pv_buf_puts(out, ",\"tt\":");
		pv_json_double(out, &pv_json_web, f->tt);
		pv_buf_puts(out, ",\"ct\":");
		pv_json_double(out, &pv_json_web, f->ct);
		pv_buf_puts(out, ",\"text\":");
		put_columns(out, f);
		pv_buf_putc(out, '}');
	}
	pv_buf_puts(out, "]}");
	if (!pv_buf_ok(&label))
		out->oom = 1;
	pv_buf_release(&label);
	return finish(out, err);
}

/* ===================================================== one function */

static cJSON *edge_object(const pv_profile *p, const pv_edge *e, uint32_t other,
			  pv_buf *tmp, pv_buf *lab, int *bad)
{
	cJSON *o = cJSON_CreateObject();
	if (!o) {
		*bad = 1;
		return NULL;
	}
	pv_buf_reset(lab);
	pv_func_std_string(p, other, lab);
	*bad |= add(o, "id", cJSON_CreateNumber(other));
	*bad |= add(o, "label", raw_string(tmp, lab->data ? lab->data : "", lab->len));
	*bad |= add(o, "nc", raw_count(tmp, pv_edge_nc(e)));
	*bad |= add(o, "cc", raw_count(tmp, pv_edge_cc(e)));
	*bad |= add(o, "tt", raw_double(tmp, e->tt));
	*bad |= add(o, "ct", raw_double(tmp, e->ct));
	*bad |= add(o, "counts_only", cJSON_CreateBool(pv_edge_is_int(e)));
	return o;
}

int pv_api_function(const pv_profile *p, uint32_t id, pv_buf *out, pv_error *err)
{
	if (id >= pv_profile_nkeys(p))
		return pv_error_set(err, "no function %u", (unsigned)id);
	const pv_func *f = &pv_profile_funcs(p)[id];
	const pv_edge *ed = pv_profile_edges(p);
	const uint32_t *cs, *ci = pv_profile_callee_index(p, &cs);
	if (!ci)
		return pv_error_set(err, "out of memory");
	pv_buf tmp = PV_BUF_INIT, lab = PV_BUF_INIT;
	int bad = 0;
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return pv_error_set(err, "out of memory");
	bad |= add(o, "id", cJSON_CreateNumber(id));
	pv_func_std_string(p, id, &lab);
	bad |= add(o, "label", raw_string(&tmp, lab.data ? lab.data : "", lab.len));
	bad |= add(o, "file", raw_pstring(&tmp, p, f->file));
	bad |= add(o, "line", cJSON_CreateNumber((double)f->line));
	bad |= add(o, "name", raw_pstring(&tmp, p, f->name));
	bad |= add(o, "has_stats", cJSON_CreateBool((f->flags & PV_FUNC_STATS) != 0));
	bad |= add(o, "nc", raw_count(&tmp, pv_func_nc(f)));
	bad |= add(o, "cc", raw_count(&tmp, pv_func_cc(f)));
	bad |= add(o, "tt", raw_double(&tmp, f->tt));
	bad |= add(o, "ct", raw_double(&tmp, f->ct));
	put_columns(&tmp, f);
	bad |= add(o, "text", raw_from(&tmp));
	cJSON *callers = cJSON_CreateArray(), *callees = cJSON_CreateArray();
	bad |= add(o, "callers", callers);
	bad |= add(o, "callees", callees);
	for (uint32_t i = 0; !bad && i < f->ncallers; i++) {
		const pv_edge *e = &ed[f->callers + i];
		bad |= push(callers, edge_object(p, e, e->caller, &tmp, &lab, &bad));
	}
	for (uint32_t i = cs[id]; !bad && i < cs[id + 1]; i++) {
		const pv_edge *e = &ed[ci[i]];
		bad |= push(callees, edge_object(p, e, e->callee, &tmp, &lab, &bad));
	}
	if (!pv_buf_ok(&lab))
		bad = 1;
	pv_buf_release(&tmp);
	pv_buf_release(&lab);
	return print_json(o, bad ? -1 : 0, out, err);
}

/* ===================================================== graph */

int pv_api_graph(const pv_profile *p, pv_buf *out, pv_error *err)
{
	size_t nk = pv_profile_nkeys(p), ne = pv_profile_nedges(p);
	size_t nstr = 0;
	const pv_func *fn = pv_profile_funcs(p);
	const pv_edge *ed = pv_profile_edges(p);
	pv_buf tmp = PV_BUF_INIT;
	int rc = 0;

	pv_buf_puts(out, "{\"version\":1,\"summary\":");
	cJSON *sum = build_summary(p, &tmp, &rc);
	pv_buf_release(&tmp);
	if (print_json(sum, rc, out, err))
		return -1;

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
	FCOLUMN(",\"nc\":[", pv_json_count(out, &pv_json_web, pv_func_nc(f)));
	FCOLUMN(",\"cc\":[", pv_json_count(out, &pv_json_web, pv_func_cc(f)));
	FCOLUMN(",\"tt\":[", pv_json_double(out, &pv_json_web, f->tt));
	FCOLUMN(",\"ct\":[", pv_json_double(out, &pv_json_web, f->ct));
	FCOLUMN(",\"text\":[", put_columns(out, f));
	free(fileidx);

	pv_buf_printf(out, "},\"edges\":{\"count\":%zu", ne);
	ECOLUMN(",\"caller\":[", pv_buf_printf(out, "%u", (unsigned)e->caller));
	ECOLUMN(",\"callee\":[", pv_buf_printf(out, "%u", (unsigned)e->callee));
	ECOLUMN(",\"nc\":[", pv_json_count(out, &pv_json_web, pv_edge_nc(e)));
	ECOLUMN(",\"cc\":[", pv_json_count(out, &pv_json_web, pv_edge_cc(e)));
	ECOLUMN(",\"tt\":[", pv_json_double(out, &pv_json_web, e->tt));
	ECOLUMN(",\"ct\":[", pv_json_double(out, &pv_json_web, e->ct));
	ECOLUMN(",\"flags\":[", pv_buf_puts(out, pv_edge_is_int(e) ? "1" : "0"));
#undef ECOLUMN
#undef FCOLUMN
#undef COLUMN
	pv_buf_puts(out, "}}");
	return finish(out, err);
}

/* ===================================================== static page */

/* memmem is a GNU extension; this is the portable few lines of it. */
static const char *find(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; k <= n && i <= n - k; i++)
		if (s[i] == needle[0] && memcmp(s + i, needle, k) == 0)
			return s + i;
	return NULL;
}

/* Appends asset `path`, or fails. */
static int put_asset(pv_buf *out, const char *path, pv_error *err)
{
	const pv_asset *a = pv_asset_find(path);
	if (!a)
		return pv_error_set(err, "viewer asset '%s' is missing from the build", path);
	pv_buf_append(out, a->data, a->size);
	return 0;
}

/*
 * index.html carries three markers, each alone on its line:
 *   <!--pv:style-->  the <link> to style.css follows on the same line
 *   <!--pv:script--> the <script src="app.js"> follows on the same line
 *   <!--pv:data-->   where the exported page puts the profile
 * Each marked line is replaced; everything else is copied.
 */
int pv_api_static_page(const pv_profile *p, pv_buf *out, pv_error *err)
{
	const pv_asset *index = pv_asset_find("/index.html");
	if (!index)
		return pv_error_set(err, "viewer asset '/index.html' is missing from the build");
	const char *s = (const char *)index->data, *end = s + index->size;
	int seen = 0;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *eol = nl ? nl + 1 : end;
		size_t n = (size_t)(eol - s);
		const char *m = find(s, n, "<!--pv:");
		if (!m) {
			pv_buf_append(out, s, n);
		} else if (strncmp(m, "<!--pv:style-->", 15) == 0) {
			pv_buf_puts(out, "<style>\n");
			if (put_asset(out, "/style.css", err))
				return -1;
			pv_buf_puts(out, "</style>\n");
			seen |= 1;
		} else if (strncmp(m, "<!--pv:script-->", 16) == 0) {
			const pv_asset *a = pv_asset_find("/app.js");
			if (!a)
				return pv_error_set(err, "viewer asset '/app.js' is missing from the build");
			if (find((const char *)a->data, a->size, "</"))
				return pv_error_set(err, "app.js cannot be inlined (it contains '</')");
			pv_buf_puts(out, "<script>\n");
			pv_buf_append(out, a->data, a->size);
			pv_buf_puts(out, "</script>\n");
			seen |= 2;
		} else if (strncmp(m, "<!--pv:data-->", 14) == 0) {
			/* the JSON escapes '<', so it cannot close the element */
			pv_buf_puts(out, "<script type=\"application/json\" id=\"pv-data\">");
			if (pv_api_graph(p, out, err))
				return -1;
			pv_buf_puts(out, "</script>\n");
			seen |= 4;
		} else if (strncmp(m, "<!--pv:csp-->", 13) == 0) {
			/* a file page may run its inline code and fetch nothing */
			pv_buf_puts(out, "<meta http-equiv=\"Content-Security-Policy\" content=\""
					 "default-src 'none'; script-src 'unsafe-inline'; "
					 "style-src 'unsafe-inline'; img-src data: blob:\">\n");
		} else {
			pv_buf_append(out, s, n);
		}
		s = eol;
	}
	if (seen != 7)
		return pv_error_set(err, "index.html lacks the export markers");
	return finish(out, err);
}
