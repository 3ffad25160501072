/*
 * funcjson.c - a function of the profile as JSON members (see
 * pv/funcjson.h).
 */
#include "pv/funcjson.h"

/* The numbers of function `f`, copied (nothing is kept). */
static pv_fj_stats func_stats(const pv_func *f)
{
	pv_fj_stats s = { pv_func_nc(f), pv_func_cc(f), f->tt, f->ct, 0 };
	return s;
}

pv_fj_stats pv_fj_edge_stats(const pv_edge *e)
{
	pv_fj_stats s = { pv_edge_nc(e), pv_edge_cc(e), e->tt, e->ct, pv_edge_is_int(e) };
	return s;
}

static const char *const field_key[] = {
	[PV_FJ_ID] = "id",
	[PV_FJ_LABEL] = "label",
	[PV_FJ_STD_NAME] = "std_name",
	[PV_FJ_FILE] = "file",
	[PV_FJ_LINE] = "line",
	[PV_FJ_NAME] = "name",
	[PV_FJ_HAS_STATS] = "has_stats",
	[PV_FJ_FLAGS] = "stats",
	[PV_FJ_KIND] = "kind",
	[PV_FJ_NC] = "nc",
	[PV_FJ_CC] = "cc",
	[PV_FJ_TT] = "tt",
	[PV_FJ_CT] = "ct",
	[PV_FJ_COUNTS_ONLY] = "counts_only",
	[PV_FJ_NCALLS] = "ncalls",
	[PV_FJ_PCALLS] = "pcalls",
	[PV_FJ_TOTTIME] = "tottime",
	[PV_FJ_CUMTIME] = "cumtime",
	[PV_FJ_TOTTIME_PERCALL] = "tottime_percall",
	[PV_FJ_CUMTIME_PERCALL] = "cumtime_percall",
	[PV_FJ_NSAMPLES] = "nsamples",
	[PV_FJ_PSAMPLES] = "psamples",
	[PV_FJ_TOTTIME_PERSAMPLE] = "tottime_persample",
	[PV_FJ_CUMTIME_PERSAMPLE] = "cumtime_persample",
};

static void put_bool(pv_buf *out, int v)
{
	pv_buf_puts(out, v ? "true" : "false");
}

static void put_string_id(pv_buf *out, const pv_json_style *st, const pv_profile *p,
			  uint32_t sid)
{
	size_t len;
	const char *s = pv_profile_string(p, sid, &len);
	pv_json_string(out, st, s, len);
}

/* x / d, or null where pstats prints blanks (no calls). */
static void put_percall(pv_buf *out, const pv_json_style *st, double x, pv_count d)
{
	if (d == 0)
		pv_buf_puts(out, "null");
	else
		pv_json_double(out, st, x / (double)d);
}

/* A time, or null where the entry has no times (a plain count). */
static void put_time(pv_buf *out, const pv_json_style *st, const pv_fj_stats *s, double t)
{
	if (s->counts_only)
		pv_buf_puts(out, "null");
	else
		pv_json_double(out, st, t);
}

static void put_label(pv_buf *out, const pv_json_style *st, const pv_profile *p, uint32_t id,
		      pv_buf *scratch)
{
	pv_buf own = PV_BUF_INIT;
	pv_buf *b = scratch ? scratch : &own;
	pv_buf_reset(b);
	pv_func_std_string(p, id, b);
	if (!pv_buf_ok(b))
		out->oom = 1;
	pv_json_string(out, st, b->data ? b->data : "", b->len);
	pv_buf_release(&own);
}

/* The value of member `k`. */
static void put_value(pv_buf *out, const pv_json_style *st, const pv_profile *p, uint32_t id,
		      const pv_fj_stats *s, pv_fj_field k, pv_buf *scratch)
{
	const pv_func *f = &pv_profile_funcs(p)[id];
	switch (k) {
	case PV_FJ_ID: pv_buf_printf(out, "%u", (unsigned)id); break;
	case PV_FJ_LABEL:
	case PV_FJ_STD_NAME: put_label(out, st, p, id, scratch); break;
	case PV_FJ_FILE: put_string_id(out, st, p, f->file); break;
	case PV_FJ_LINE: pv_buf_printf(out, "%lld", (long long)f->line); break;
	case PV_FJ_NAME: put_string_id(out, st, p, f->name); break;
	case PV_FJ_HAS_STATS: put_bool(out, (f->flags & PV_FUNC_STATS) != 0); break;
	case PV_FJ_FLAGS:
		put_bool(out, (f->flags & PV_FUNC_STATS) != 0);
		pv_buf_puts(out, ",\"builtin\":");
		put_bool(out, (f->flags & PV_FUNC_BUILTIN) != 0);
		pv_buf_puts(out, ",\"code\":");
		put_bool(out, (f->flags & PV_FUNC_CODE) != 0);
		pv_buf_puts(out, ",\"toplevel\":");
		put_bool(out, (f->flags & PV_FUNC_TOPLEVEL) != 0);
		break;
	case PV_FJ_KIND: pv_buf_puts(out, s->counts_only ? "\"int\"" : "\"tuple\""); break;
	case PV_FJ_NC:
	case PV_FJ_NCALLS:
	case PV_FJ_NSAMPLES: pv_json_count(out, st, s->nc); break;
	case PV_FJ_CC:
	case PV_FJ_PCALLS:
	case PV_FJ_PSAMPLES: pv_json_count(out, st, s->cc); break;
	case PV_FJ_TT: pv_json_double(out, st, s->tt); break;
	case PV_FJ_CT: pv_json_double(out, st, s->ct); break;
	case PV_FJ_COUNTS_ONLY: put_bool(out, s->counts_only); break;
	case PV_FJ_TOTTIME: put_time(out, st, s, s->tt); break;
	case PV_FJ_CUMTIME: put_time(out, st, s, s->ct); break;
	case PV_FJ_TOTTIME_PERCALL:
	case PV_FJ_TOTTIME_PERSAMPLE: put_percall(out, st, s->tt, s->nc); break;
	case PV_FJ_CUMTIME_PERCALL:
	case PV_FJ_CUMTIME_PERSAMPLE: put_percall(out, st, s->ct, s->cc); break;
	case PV_FJ_END: break;
	}
}

void pv_fj_write(pv_buf *out, const pv_json_style *st, const pv_profile *p, uint32_t id,
		 const pv_fj_stats *s, const pv_fj_field *fields, pv_buf *scratch)
{
	pv_fj_stats own;
	if (!s) {
		own = func_stats(&pv_profile_funcs(p)[id]);
		s = &own;
	}
	for (size_t i = 0; fields[i] != PV_FJ_END; i++) {
		pv_buf_puts(out, i ? ",\"" : "\"");
		pv_buf_puts(out, field_key[fields[i]]);
		pv_buf_puts(out, "\":");
		put_value(out, st, p, id, s, fields[i], scratch);
	}
}

void pv_fj_edges(pv_buf *out, const pv_json_style *st, const pv_profile *p,
		 const uint32_t *edges, uint32_t first, size_t n, int callees,
		 const pv_fj_field *fields, pv_buf *scratch)
{
	const pv_edge *ed = pv_profile_edges(p);
	pv_buf_putc(out, '[');
	for (size_t k = 0; k < n; k++) {
		const pv_edge *e = &ed[edges ? edges[k] : first + (uint32_t)k];
		pv_fj_stats s = pv_fj_edge_stats(e);
		pv_buf_puts(out, k ? ",{" : "{");
		pv_fj_write(out, st, p, callees ? e->callee : e->caller, &s, fields, scratch);
		pv_buf_putc(out, '}');
	}
	pv_buf_putc(out, ']');
}

void pv_fj_sources(pv_buf *out, const pv_json_style *st, const pv_profile *p)
{
	pv_buf_putc(out, '[');
	for (size_t i = 0; i < pv_profile_nfiles(p); i++) {
		const pv_source *src = pv_profile_file(p, i);
		pv_buf_puts(out, i ? ",{\"path\":" : "{\"path\":");
		pv_json_cstring(out, st, src->path);
		if (src->has_mtime)
			pv_buf_printf(out, ",\"mtime\":%lld}", (long long)src->mtime);
		else
			pv_buf_puts(out, ",\"mtime\":null}");
	}
	pv_buf_putc(out, ']');
}

void pv_fj_totals(pv_buf *out, const pv_json_style *st, pv_count calls, pv_count prim,
		  double tt)
{
	pv_buf_puts(out, "\"total_calls\":");
	pv_json_count(out, st, calls);
	pv_buf_puts(out, ",\"primitive_calls\":");
	pv_json_count(out, st, prim);
	pv_buf_puts(out, ",\"total_tt\":");
	pv_json_double(out, st, tt);
}
