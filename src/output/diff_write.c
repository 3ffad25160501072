/*
 * diff_write.c - a diff as text, JSON or CSV (see pv/diff_write.h and
 * docs/diff.md).
 */
#include "pv/diff_write.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pv/csv.h"
#include "pv/funcjson.h"
#include "pv/json.h"

static const char *status_word(const pv_diff_row *r)
{
	if (r->base.nfuncs && r->new_.nfuncs)
		return "both";
	return r->base.nfuncs ? "base" : "new";
}

/* "%W.6f" with Python's spelling of NaN and infinities. */
static void put_time(pv_buf *out, int width, double v, int sign)
{
	if (isnan(v))
		pv_buf_printf(out, "%*s", width, "nan");
	else if (isinf(v))
		pv_buf_printf(out, "%*s", width, v < 0 ? "-inf" : sign ? "+inf" : "inf");
	else
		pv_buf_printf(out, sign ? "%+*.6f" : "%*.6f", width, v);
}

/* A percent change as the text shows it: n/a when undefined. */
static void text_pct(char *t, size_t n, double p)
{
	if (isnan(p))
		snprintf(t, n, "n/a");
	else if (isinf(p))
		snprintf(t, n, "%sinf%%", p < 0 ? "-" : "+");
	else
		snprintf(t, n, "%+.1f%%", p);
}

/* A row's percent column: "new" / "gone" for one-sided rows. */
static void put_pct(pv_buf *out, const pv_diff_row *r, double p)
{
	char t[64];
	if (!r->base.nfuncs)
		snprintf(t, sizeof t, "new");
	else if (!r->new_.nfuncs)
		snprintf(t, sizeof t, "gone");
	else
		text_pct(t, sizeof t, p);
	pv_buf_printf(out, " %8s", t);
}

/* A count right-aligned in `width` columns, with a sign if `sign`. */
static void put_count(pv_buf *out, int width, pv_count v, int sign)
{
	char t[48];
	size_t n = 0;
	if (sign && v >= 0)
		t[n++] = '+';
	n += pv_count_format(v, t + n);
	if ((size_t)width > n)
		pv_buf_fill(out, ' ', (size_t)width - n);
	pv_buf_append(out, t, n);
}

/*
 * A total's change: "2.27 s -> 1.20 s (-1.07 s, -47.2%)" for the tottime,
 * "4791370 -> 4797643 calls (+6273, +0.1%)" when `calls`.
 */
static void text_total(pv_buf *out, const pv_diff_totals *t, int calls)
{
	static const char *const sep[] = { " -> ", " (", ", " };
	char pct[64];
	text_pct(pct, sizeof pct, calls ? t->p_calls : t->p_tt);
	for (int k = 0; k < 3; k++) {
		if (calls)
			put_count(out, 0, k == 2 ? t->d_calls : t->calls[k], k == 2);
		else
			put_time(out, 0, k == 2 ? t->d_tt : t->tt[k], k == 2);
		if (!calls)
			pv_buf_puts(out, " s");
		else if (k == 1)
			pv_buf_puts(out, " calls");
		pv_buf_puts(out, sep[k]);
	}
	pv_buf_printf(out, "%s)", pct);
}

/*
 * How a row is written, whose function is `id` of `p` (the i-th row
 * written); `label` is scratch.
 */
typedef void (*row_writer)(pv_buf *out, const pv_diff_row *r, size_t i, const pv_profile *p,
			   uint32_t id, pv_buf *label);

/* Writes rows 0 .. shown-1 in their order, each with `row`. */
static void each_row(const pv_diff *d, size_t shown, pv_buf *out, row_writer row)
{
	pv_buf label = PV_BUF_INIT;
	for (size_t i = 0; i < shown; i++) {
		const pv_diff_row *r = &d->rows[i];
		const pv_profile *p;
		uint32_t id;
		pv_diff_row_func(d, r, &p, &id);
		row(out, r, i, p, id, &label);
	}
	if (!pv_buf_ok(&label))
		out->oom = 1;
	pv_buf_release(&label);
}

/* One row of the text table. */
static void text_row(pv_buf *out, const pv_diff_row *r, size_t i, const pv_profile *p,
		     uint32_t id, pv_buf *label)
{
	(void)i;
	/* cumtime, then tottime: base, new, delta, percent */
	const double tv[2][4] = { { r->base.ct, r->new_.ct, r->d_ct, r->p_ct },
				  { r->base.tt, r->new_.tt, r->d_tt, r->p_tt } };
	for (int k = 0; k < 2; k++) {
		put_time(out, 11, tv[k][0], 0);
		pv_buf_putc(out, ' ');
		put_time(out, 11, tv[k][1], 0);
		pv_buf_putc(out, ' ');
		put_time(out, 11, tv[k][2], 1);
		put_pct(out, r, tv[k][3]);
		pv_buf_putc(out, ' ');
	}
	put_count(out, 9, r->base.nc, 0);
	pv_buf_putc(out, ' ');
	put_count(out, 9, r->new_.nc, 0);
	pv_buf_putc(out, ' ');
	put_count(out, 9, r->d_nc, 1);
	put_pct(out, r, r->p_nc);
	pv_buf_puts(out, !r->base.nfuncs ? "  + " : !r->new_.nfuncs ? "  - " : "    ");
	pv_buf_reset(label);
	pv_func_std_string(p, id, label);
	pv_buf_append(out, label->data ? label->data : "", label->len);
	pv_buf_putc(out, '\n');
}

static void write_text(const pv_diff *d, const pv_diff_output *o, size_t shown, pv_buf *out)
{
	const pv_diff_totals *t = &d->totals;
	const char *labels[2] = { o->base_label ? o->base_label : "base",
				  o->new_label ? o->new_label : "new" };
	for (int s = 0; s < 2; s++) {
		pv_buf_printf(out, "%s %s: %zu functions, ", s ? "new: " : "base:", labels[s],
			      t->funcs[s]);
		put_count(out, 0, t->calls[s], 0);
		pv_buf_puts(out, " calls, ");
		put_time(out, 0, t->tt[s], 0);
		pv_buf_puts(out, " s\n");
	}
	pv_buf_printf(out, "Matched by %s; ordered by %s.\n",
		      d->match == PV_DIFF_MATCH_NAME ? "(basename of file, name)"
						     : "(file, line, name)",
		      o->sortby == PV_DIFF_SORT_TOTTIME  ? "tottime delta, largest first"
		      : o->sortby == PV_DIFF_SORT_NCALLS ? "ncalls delta, largest first"
		      : o->sortby == PV_DIFF_SORT_CUMPCT ? "cumtime percent change, largest first"
		      : o->sortby == PV_DIFF_SORT_NAME   ? "function name"
		      : o->sortby == PV_DIFF_SORT_NONE   ? "base order, then new order"
							 : "cumtime delta, largest first");
	pv_buf_printf(out, "%zu functions: %zu in both, %zu only in base (-), %zu only in new (+)",
		      d->nrows, t->both, t->only_base, t->only_new);
	if (shown < d->nrows)
		pv_buf_printf(out, "; %zu shown", shown);
	pv_buf_puts(out, "\n\n");
	pv_buf_puts(out, "  ---------------- cumtime (s) --------------"
			 "   ---------------- tottime (s) --------------"
			 "   ------------------ ncalls -----------------\n");
	pv_buf_printf(out, "%11s %11s %11s %8s %11s %11s %11s %8s %9s %9s %9s %8s  %s\n", "base",
		      "new", "delta", "%", "base", "new", "delta", "%", "base", "new", "delta",
		      "%", "function");
	each_row(d, shown, out, text_row);
	pv_buf_puts(out, "\nTotal: ");
	text_total(out, t, 0);
	pv_buf_puts(out, "; ");
	text_total(out, t, 1);
	pv_buf_putc(out, '\n');
}

/* The diff's JSON: the API's style (docs/diff.md, docs/json.md). */
static const pv_json_style *const json_style = &pv_json_web;

/* ,"tt":..,"ct":.. */
static void json_times(pv_buf *out, double tt, double ct)
{
	pv_buf_puts(out, ",\"tt\":");
	pv_json_double(out, json_style, tt);
	pv_buf_puts(out, ",\"ct\":");
	pv_json_double(out, json_style, ct);
}

/* One side of a row: null when absent, else its numbers. */
static void json_side(pv_buf *out, const pv_diff_side *s, int with_ids)
{
	if (!s->nfuncs) {
		pv_buf_puts(out, "null");
		return;
	}
	pv_buf_putc(out, '{');
	if (with_ids)
		pv_buf_printf(out, "\"id\":%u,\"functions\":%u,", s->id, s->nfuncs);
	pv_buf_puts(out, "\"nc\":");
	pv_json_count(out, json_style, s->nc);
	pv_buf_puts(out, ",\"cc\":");
	pv_json_count(out, json_style, s->cc);
	json_times(out, s->tt, s->ct);
	pv_buf_putc(out, '}');
}

void pv_diff_json_row(pv_buf *out, const pv_diff_row *r, int with_ids)
{
	pv_buf_puts(out, "\"base\":");
	json_side(out, &r->base, with_ids);
	pv_buf_puts(out, ",\"new\":");
	json_side(out, &r->new_, with_ids);
	pv_buf_puts(out, ",\"delta\":{\"nc\":");
	pv_json_count(out, json_style, r->d_nc);
	json_times(out, r->d_tt, r->d_ct);
	pv_buf_puts(out, "},\"pct\":{\"nc\":");
	pv_json_double(out, json_style, r->p_nc);
	json_times(out, r->p_tt, r->p_ct);
	pv_buf_putc(out, '}');
}

void pv_diff_json_total(pv_buf *out, const pv_diff_totals *t, int calls, const char *pre,
			int with_pct)
{
	static const char *const word[] = { "base", "new", "delta", "pct" };
	for (int k = 0; k < 3 + (with_pct != 0); k++) {
		pv_buf_printf(out, "%s\"%s%s\":", k ? "," : "", pre, word[k]);
		if (k == 3)
			pv_json_double(out, json_style, calls ? t->p_calls : t->p_tt);
		else if (calls)
			pv_json_count(out, json_style, k == 2 ? t->d_calls : t->calls[k]);
		else
			pv_json_double(out, json_style, k == 2 ? t->d_tt : t->tt[k]);
	}
}

static void json_profile(pv_buf *out, const pv_diff *d, int s, const char *label)
{
	const pv_diff_totals *t = &d->totals;
	pv_buf_puts(out, "{\"label\":");
	pv_json_cstring(out, json_style, label);
	pv_buf_printf(out, ",\"functions\":%zu,", t->funcs[s]);
	pv_fj_totals(out, json_style, t->calls[s], t->prim_calls[s], t->tt[s]);
	pv_buf_putc(out, '}');
}

static const pv_fj_field row_fields[] = {
	PV_FJ_LABEL, PV_FJ_FILE, PV_FJ_LINE, PV_FJ_NAME, PV_FJ_END,
};

/* One row of the JSON "rows", on its own line. */
static void json_row(pv_buf *out, const pv_diff_row *r, size_t i, const pv_profile *p,
		     uint32_t id, pv_buf *label)
{
	pv_buf_printf(out, "%s\n{\"status\":\"%s\",", i ? "," : "", status_word(r));
	pv_fj_write(out, json_style, p, id, NULL, row_fields, label);
	pv_buf_putc(out, ',');
	pv_diff_json_row(out, r, 1);
	pv_buf_putc(out, '}');
}

static void write_json(const pv_diff *d, const pv_diff_output *o, size_t shown, pv_buf *out)
{
	const pv_diff_totals *t = &d->totals;
	pv_buf_printf(out, "{\"version\":1,\"match\":\"%s\",\"sortby\":\"%s\",\"base\":",
		      d->match == PV_DIFF_MATCH_NAME ? "name" : "exact",
		      pv_diff_sort_key_word(o->sortby));
	json_profile(out, d, 0, o->base_label ? o->base_label : "base");
	pv_buf_puts(out, ",\"new\":");
	json_profile(out, d, 1, o->new_label ? o->new_label : "new");
	pv_buf_printf(out, ",\"totals\":{\"rows\":%zu,\"shown\":%zu,\"both\":%zu,"
		      "\"only_base\":%zu,\"only_new\":%zu,\"tt\":{",
		      d->nrows, shown, t->both, t->only_base, t->only_new);
	pv_diff_json_total(out, t, 0, "", 1);
	pv_buf_puts(out, "},\"calls\":{");
	pv_diff_json_total(out, t, 1, "", 1);
	pv_buf_puts(out, "}},\"rows\":[");
	each_row(d, shown, out, json_row);
	pv_buf_puts(out, "]}\n");
}

/*
 * ",v" in full precision; the field is empty when the side is absent
 * (`present` 0) or v is NaN, infinities are "inf"/"-inf".
 */
static void csv_time(pv_buf *out, double v, int present)
{
	pv_buf_putc(out, ',');
	if (!present || isnan(v))
		return;
	if (isinf(v))
		pv_buf_puts(out, v < 0 ? "-inf" : "inf");
	else
		pv_json_double(out, json_style, v);
}

/* ",v", the field empty when the side is absent. */
static void csv_count(pv_buf *out, pv_count v, int present)
{
	char t[48];
	pv_buf_putc(out, ',');
	if (present)
		pv_buf_append(out, t, pv_count_format(v, t));
}

/* One CSV line. */
static void csv_row(pv_buf *out, const pv_diff_row *r, size_t i, const pv_profile *p,
		    uint32_t id, pv_buf *label)
{
	(void)i;
	const pv_func *f = &pv_profile_funcs(p)[id];
	pv_buf_puts(out, status_word(r));
	pv_buf_putc(out, ',');
	pv_buf_reset(label);
	pv_func_std_string(p, id, label);
	pv_csv_field(out, label->data ? label->data : "", label->len);
	size_t len;
	const char *s = pv_profile_string(p, f->file, &len);
	pv_buf_putc(out, ',');
	pv_csv_field(out, s, len);
	pv_buf_printf(out, ",%lld,", (long long)f->line);
	s = pv_profile_string(p, f->name, &len);
	pv_csv_field(out, s, len);
	const pv_diff_side *b = &r->base, *n = &r->new_;
	const double tv[2][4] = { { b->ct, n->ct, r->d_ct, r->p_ct },
				  { b->tt, n->tt, r->d_tt, r->p_tt } };
	for (int k = 0; k < 2; k++) {
		csv_time(out, tv[k][0], b->nfuncs);
		csv_time(out, tv[k][1], n->nfuncs);
		csv_time(out, tv[k][2], 1);
		csv_time(out, tv[k][3], 1);
	}
	csv_count(out, b->nc, b->nfuncs);
	csv_count(out, n->nc, n->nfuncs);
	csv_count(out, r->d_nc, 1);
	csv_time(out, r->p_nc, 1);
	csv_count(out, b->cc, b->nfuncs);
	csv_count(out, n->cc, n->nfuncs);
	pv_buf_puts(out, "\r\n");
}

static void write_csv(const pv_diff *d, size_t shown, pv_buf *out)
{
	pv_buf_puts(out, "status,function,file,line,name,"
			 "cumtime_base,cumtime_new,cumtime_delta,cumtime_pct,"
			 "tottime_base,tottime_new,tottime_delta,tottime_pct,"
			 "ncalls_base,ncalls_new,ncalls_delta,ncalls_pct,"
			 "pcalls_base,pcalls_new\r\n");
	each_row(d, shown, out, csv_row);
}

int pv_diff_write(const pv_diff *d, const pv_diff_output *o, pv_buf *out, pv_error *err)
{
	size_t shown = o->limit < d->nrows ? o->limit : d->nrows;
	switch (o->format) {
	case PV_DIFF_JSON: write_json(d, o, shown, out); break;
	case PV_DIFF_CSV: write_csv(d, shown, out); break;
	default: write_text(d, o, shown, out); break;
	}
	if (!pv_buf_ok(out))
		return pv_error_set(err, "out of memory");
	return 0;
}
