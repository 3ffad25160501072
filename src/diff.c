/*
 * diff.c - two profiles compared function by function (pv/diff.h), and
 * the text/JSON/CSV writers of `pstat-view diff` (docs/diff.md).
 */
#include "pv/diff.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pv/api.h"
#include "pv/report.h"

/* ===================================================== matching */

typedef struct matcher {
	pv_diff_match match;
	uint32_t *slots;   /* row index + 1; 0 = empty */
	size_t mask;
} matcher;

/* The bytes of a function's file as matched: all of it, or its basename. */
static const char *key_file(const pv_profile *p, const pv_func *f, pv_diff_match m,
			    size_t *len)
{
	const char *s = pv_profile_string(p, f->file, len);
	if (m == PV_DIFF_MATCH_NAME) {
		size_t i = *len;
		while (i > 0 && s[i - 1] != '/')
			i--;
		s += i;
		*len -= i;
	}
	return s;
}

static uint64_t fnv(uint64_t h, const void *data, size_t n)
{
	const unsigned char *s = data;
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ull;
	}
	return h;
}

static uint64_t key_hash(const pv_profile *p, uint32_t id, pv_diff_match m)
{
	const pv_func *f = &pv_profile_funcs(p)[id];
	size_t fl, nl;
	const char *file = key_file(p, f, m, &fl);
	const char *name = pv_profile_string(p, f->name, &nl);
	uint64_t h = 14695981039346656037ull;
	h = fnv(h, file, fl);
	h = fnv(h, "\0", 1);
	h = fnv(h, name, nl);
	if (m == PV_DIFF_MATCH_EXACT)
		h = fnv(h, &f->line, sizeof f->line);
	return h;
}

static int key_equal(const pv_profile *p, uint32_t a, const pv_profile *q, uint32_t b,
		     pv_diff_match m)
{
	const pv_func *fa = &pv_profile_funcs(p)[a], *fb = &pv_profile_funcs(q)[b];
	if (m == PV_DIFF_MATCH_EXACT && fa->line != fb->line)
		return 0;
	size_t la, lb;
	const char *sa = key_file(p, fa, m, &la), *sb = key_file(q, fb, m, &lb);
	if (la != lb || memcmp(sa, sb, la) != 0)
		return 0;
	sa = pv_profile_string(p, fa->name, &la);
	sb = pv_profile_string(q, fb->name, &lb);
	return la == lb && memcmp(sa, sb, la) == 0;
}

/* The profile and function a row is keyed by: its first function. */
static void row_key(const pv_diff *d, const pv_diff_row *r, const pv_profile **p,
		    uint32_t *id)
{
	if (r->base.id != PV_DIFF_NONE) {
		*p = d->base;
		*id = r->base.id;
	} else {
		*p = d->new_;
		*id = r->new_.id;
	}
}

/* Returns the slot for function `id` of `p`: empty, or holding its row. */
static size_t find_slot(const matcher *mt, const pv_diff *d, const pv_profile *p, uint32_t id)
{
	size_t i = (size_t)key_hash(p, id, mt->match) & mt->mask;
	while (mt->slots[i]) {
		const pv_profile *q;
		uint32_t qid;
		row_key(d, &d->rows[mt->slots[i] - 1], &q, &qid);
		if (key_equal(p, id, q, qid, mt->match))
			break;
		i = (i + 1) & mt->mask;
	}
	return i;
}

static int add_side(pv_diff_side *s, const pv_func *f, uint32_t id, pv_error *err)
{
	if (s->nfuncs == 0) {
		s->id = id;
		s->nc = pv_func_nc(f);
		s->cc = pv_func_cc(f);
		s->tt = f->tt;
		s->ct = f->ct;
	} else {
		if (__builtin_add_overflow(s->nc, pv_func_nc(f), &s->nc) ||
		    __builtin_add_overflow(s->cc, pv_func_cc(f), &s->cc))
			return pv_error_set(err, "call counts overflow when summed");
		s->tt += f->tt;
		s->ct += f->ct;
	}
	s->nfuncs++;
	return 0;
}

static double pct(double base, double delta)
{
	return base != 0 ? delta / fabs(base) * 100.0 : (double)NAN;
}

void pv_diff_release(pv_diff *d)
{
	free(d->rows);
	free(d->row_of[0]);
	free(d->row_of[1]);
	memset(d, 0, sizeof *d);
}

int pv_diff_compute(const pv_profile *base, const pv_profile *new_, pv_diff_match match,
		    pv_diff *out, pv_error *err)
{
	memset(out, 0, sizeof *out);
	out->base = base;
	out->new_ = new_;
	out->match = match;
	size_t nb = pv_profile_nfuncs(base), nn = pv_profile_nfuncs(new_);
	const pv_func *fb = pv_profile_funcs(base), *fnw = pv_profile_funcs(new_);
	matcher mt = { match, NULL, 0 };
	size_t cap = 16;
	while (cap < 2 * (nb + nn))
		cap *= 2;
	mt.mask = cap - 1;
	mt.slots = calloc(cap, sizeof *mt.slots);
	out->rows = malloc((nb + nn + 1) * sizeof *out->rows);
	out->row_of[0] = malloc((nb + 1) * sizeof *out->row_of[0]);
	out->row_of[1] = malloc((nn + 1) * sizeof *out->row_of[1]);
	if (!mt.slots || !out->rows || !out->row_of[0] || !out->row_of[1]) {
		free(mt.slots);
		pv_diff_release(out);
		return pv_error_set(err, "out of memory");
	}
	const pv_diff_side none = { 0, 0, 0, 0, PV_DIFF_NONE, 0 };
	int rc = 0;
	for (size_t pass = 0; pass < 2 && rc == 0; pass++) {
		const pv_profile *p = pass ? new_ : base;
		const pv_func *fn = pass ? fnw : fb;
		size_t n = pass ? nn : nb;
		for (size_t i = 0; i < n && rc == 0; i++) {
			size_t slot = find_slot(&mt, out, p, (uint32_t)i);
			pv_diff_row *r;
			if (mt.slots[slot]) {
				r = &out->rows[mt.slots[slot] - 1];
				out->row_of[pass][i] = mt.slots[slot] - 1;
			} else {
				out->row_of[pass][i] = (uint32_t)out->nrows;
				r = &out->rows[out->nrows];
				memset(r, 0, sizeof *r);
				r->base = none;
				r->new_ = none;
				r->order = (uint32_t)out->nrows;
				out->nrows++;
				/* the row is keyed by this function: set its side first */
				rc = add_side(pass ? &r->new_ : &r->base, &fn[i], (uint32_t)i, err);
				mt.slots[slot] = (uint32_t)out->nrows;
				continue;
			}
			rc = add_side(pass ? &r->new_ : &r->base, &fn[i], (uint32_t)i, err);
		}
	}
	free(mt.slots);
	pv_diff_totals *t = &out->totals;
	for (size_t i = 0; i < out->nrows && rc == 0; i++) {
		pv_diff_row *r = &out->rows[i];
		if (__builtin_sub_overflow(r->new_.nc, r->base.nc, &r->d_nc)) {
			rc = pv_error_set(err, "call counts overflow when subtracted");
			break;
		}
		r->d_tt = r->new_.tt - r->base.tt;
		r->d_ct = r->new_.ct - r->base.ct;
		r->p_nc = r->base.nc != 0 ? pct((double)r->base.nc, (double)r->d_nc) : (double)NAN;
		r->p_tt = pct(r->base.tt, r->d_tt);
		r->p_ct = pct(r->base.ct, r->d_ct);
		if (r->base.nfuncs && r->new_.nfuncs)
			t->both++;
		else if (r->base.nfuncs)
			t->only_base++;
		else
			t->only_new++;
	}
	const pv_totals *tb = pv_profile_totals(base), *tn = pv_profile_totals(new_);
	t->calls[0] = tb->total_calls;
	t->calls[1] = tn->total_calls;
	t->prim_calls[0] = tb->prim_calls;
	t->prim_calls[1] = tn->prim_calls;
	t->tt[0] = tb->total_tt;
	t->tt[1] = tn->total_tt;
	t->funcs[0] = nb;
	t->funcs[1] = nn;
	if (rc == 0 && __builtin_sub_overflow(t->calls[1], t->calls[0], &t->d_calls))
		rc = pv_error_set(err, "call counts overflow when subtracted");
	t->d_tt = t->tt[1] - t->tt[0];
	t->p_tt = pct(t->tt[0], t->d_tt);
	t->p_calls = t->calls[0] != 0 ? pct((double)t->calls[0], (double)t->d_calls) : (double)NAN;
	if (rc < 0)
		pv_diff_release(out);
	return rc;
}

/* ===================================================== sorting */

typedef struct sort_ent {
	pv_diff_row *row;
	double key;      /* larger first */
	pv_ucount ckey;  /* PV_DIFF_SORT_NCALLS: larger first */
	char *label;     /* PV_DIFF_SORT_NAME */
	size_t len;
} sort_ent;

static double mag(double v)
{
	return isnan(v) ? -1.0 : fabs(v);
}

static pv_ucount count_mag(pv_count v)
{
	return v < 0 ? (pv_ucount)0 - (pv_ucount)v : (pv_ucount)v;
}

static int cmp_key(const void *pa, const void *pb)
{
	const sort_ent *a = pa, *b = pb;
	if (a->key != b->key)
		return a->key > b->key ? -1 : 1;
	return a->row->order < b->row->order ? -1 : a->row->order > b->row->order;
}

static int cmp_count(const void *pa, const void *pb)
{
	const sort_ent *a = pa, *b = pb;
	if (a->ckey != b->ckey)
		return a->ckey > b->ckey ? -1 : 1;
	return a->row->order < b->row->order ? -1 : a->row->order > b->row->order;
}

static int cmp_name(const void *pa, const void *pb)
{
	const sort_ent *a = pa, *b = pb;
	int c = pv_text_cmp(a->label, a->len, b->label, b->len);
	if (c)
		return c;
	return a->row->order < b->row->order ? -1 : a->row->order > b->row->order;
}

static int cmp_order(const void *pa, const void *pb)
{
	const pv_diff_row *a = pa, *b = pb;
	return a->order < b->order ? -1 : a->order > b->order;
}

void pv_diff_sort(pv_diff *d, pv_diff_sort_key key)
{
	if (d->nrows < 2)
		return;
	if (key == PV_DIFF_SORT_NONE) {
		qsort(d->rows, d->nrows, sizeof *d->rows, cmp_order);
		return;
	}
	sort_ent *e = calloc(d->nrows, sizeof *e);
	pv_diff_row *sorted = malloc(d->nrows * sizeof *sorted);
	pv_buf labels = PV_BUF_INIT;
	size_t *off = key == PV_DIFF_SORT_NAME ? malloc((d->nrows + 1) * sizeof *off) : NULL;
	if (!e || !sorted || (key == PV_DIFF_SORT_NAME && !off))
		goto fallback;
	for (size_t i = 0; i < d->nrows; i++) {
		pv_diff_row *r = &d->rows[i];
		e[i].row = r;
		switch (key) {
		case PV_DIFF_SORT_TOTTIME: e[i].key = mag(r->d_tt); break;
		case PV_DIFF_SORT_NCALLS: e[i].ckey = count_mag(r->d_nc); break;
		case PV_DIFF_SORT_CUMPCT:
			e[i].key = !(r->base.nfuncs && r->new_.nfuncs) ? (double)INFINITY : mag(r->p_ct);
			break;
		case PV_DIFF_SORT_NAME:
			off[i] = labels.len;
			pv_diff_row_label(d, i, &labels);
			break;
		default: e[i].key = mag(r->d_ct); break;
		}
	}
	if (key == PV_DIFF_SORT_NAME) {
		if (!pv_buf_ok(&labels))
			goto fallback;
		off[d->nrows] = labels.len;
		for (size_t i = 0; i < d->nrows; i++) {
			e[i].label = labels.data ? labels.data + off[i] : (char *)"";
			e[i].len = off[i + 1] - off[i];
		}
		qsort(e, d->nrows, sizeof *e, cmp_name);
	} else {
		qsort(e, d->nrows, sizeof *e, key == PV_DIFF_SORT_NCALLS ? cmp_count : cmp_key);
	}
	for (size_t i = 0; i < d->nrows; i++)
		sorted[i] = *e[i].row;
	memcpy(d->rows, sorted, d->nrows * sizeof *sorted);
fallback:
	/* out of memory: the rows stay in their current order */
	free(e);
	free(sorted);
	free(off);
	pv_buf_release(&labels);
}

static const struct {
	const char *word;
	pv_diff_sort_key key;
} sort_words[] = {
	{ "cumtime", PV_DIFF_SORT_CUMTIME },  { "cumulative", PV_DIFF_SORT_CUMTIME },
	{ "cum", PV_DIFF_SORT_CUMTIME },      { "tottime", PV_DIFF_SORT_TOTTIME },
	{ "time", PV_DIFF_SORT_TOTTIME },     { "tot", PV_DIFF_SORT_TOTTIME },
	{ "ncalls", PV_DIFF_SORT_NCALLS },    { "calls", PV_DIFF_SORT_NCALLS },
	{ "cumpct", PV_DIFF_SORT_CUMPCT },    { "pct", PV_DIFF_SORT_CUMPCT },
	{ "name", PV_DIFF_SORT_NAME },        { "none", PV_DIFF_SORT_NONE },
};

int pv_diff_sort_key_parse(const char *word, pv_diff_sort_key *out, pv_error *err)
{
	for (size_t i = 0; i < sizeof sort_words / sizeof sort_words[0]; i++)
		if (strcmp(word, sort_words[i].word) == 0) {
			*out = sort_words[i].key;
			return 0;
		}
	return pv_error_set(err, "unknown sort key '%s' (cumtime, tottime, ncalls, cumpct, "
			    "name or none)", word);
}

const char *pv_diff_sort_key_word(pv_diff_sort_key k)
{
	switch (k) {
	case PV_DIFF_SORT_CUMTIME: return "cumtime";
	case PV_DIFF_SORT_TOTTIME: return "tottime";
	case PV_DIFF_SORT_NCALLS: return "ncalls";
	case PV_DIFF_SORT_CUMPCT: return "cumpct";
	case PV_DIFF_SORT_NAME: return "name";
	case PV_DIFF_SORT_NONE: return "none";
	}
	return "cumtime";
}

void pv_diff_row_label(const pv_diff *d, size_t i, pv_buf *out)
{
	const pv_profile *p;
	uint32_t id;
	row_key(d, &d->rows[i], &p, &id);
	pv_func_std_string(p, id, out);
}

/* ===================================================== output */

static const char *status_word(const pv_diff_row *r)
{
	if (r->base.nfuncs && r->new_.nfuncs)
		return "both";
	return r->base.nfuncs ? "base" : "new";
}

static void put_count(pv_buf *out, pv_count v, int sign)
{
	char t[48];
	if (sign && v >= 0)
		pv_buf_putc(out, '+');
	pv_buf_append(out, t, pv_count_format(v, t));
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

static void put_pct(pv_buf *out, const pv_diff_row *r, double p)
{
	char t[64];
	if (!r->base.nfuncs)
		snprintf(t, sizeof t, "new");
	else if (!r->new_.nfuncs)
		snprintf(t, sizeof t, "gone");
	else if (isnan(p))
		snprintf(t, sizeof t, "n/a");
	else if (isinf(p))
		snprintf(t, sizeof t, "%sinf%%", p < 0 ? "-" : "+");
	else
		snprintf(t, sizeof t, "%+.1f%%", p);
	pv_buf_printf(out, " %8s", t);
}

static void put_count_col(pv_buf *out, int width, pv_count v, int sign)
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

static void text_pct(char *t, size_t n, double p)
{
	if (isnan(p))
		snprintf(t, n, "n/a");
	else if (isinf(p))
		snprintf(t, n, "%sinf%%", p < 0 ? "-" : "+");
	else
		snprintf(t, n, "%+.1f%%", p);
}

static void write_text(const pv_diff *d, const pv_diff_output *o, size_t shown, pv_buf *out)
{
	const pv_diff_totals *t = &d->totals;
	const char *labels[2] = { o->base_label ? o->base_label : "base",
				  o->new_label ? o->new_label : "new" };
	for (int s = 0; s < 2; s++) {
		pv_buf_printf(out, "%s %s: %zu functions, ", s ? "new: " : "base:", labels[s],
			      t->funcs[s]);
		put_count(out, t->calls[s], 0);
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
	pv_buf label = PV_BUF_INIT;
	for (size_t i = 0; i < shown; i++) {
		const pv_diff_row *r = &d->rows[i];
		put_time(out, 11, r->base.ct, 0);
		pv_buf_putc(out, ' ');
		put_time(out, 11, r->new_.ct, 0);
		pv_buf_putc(out, ' ');
		put_time(out, 11, r->d_ct, 1);
		put_pct(out, r, r->p_ct);
		pv_buf_putc(out, ' ');
		put_time(out, 11, r->base.tt, 0);
		pv_buf_putc(out, ' ');
		put_time(out, 11, r->new_.tt, 0);
		pv_buf_putc(out, ' ');
		put_time(out, 11, r->d_tt, 1);
		put_pct(out, r, r->p_tt);
		pv_buf_putc(out, ' ');
		put_count_col(out, 9, r->base.nc, 0);
		pv_buf_putc(out, ' ');
		put_count_col(out, 9, r->new_.nc, 0);
		pv_buf_putc(out, ' ');
		put_count_col(out, 9, r->d_nc, 1);
		put_pct(out, r, r->p_nc);
		pv_buf_puts(out, !r->base.nfuncs ? "  + " : !r->new_.nfuncs ? "  - " : "    ");
		pv_buf_reset(&label);
		pv_diff_row_label(d, (size_t)(r - d->rows), &label);
		pv_buf_append(out, label.data ? label.data : "", label.len);
		pv_buf_putc(out, '\n');
	}
	if (!pv_buf_ok(&label))
		out->oom = 1;
	pv_buf_release(&label);
	char p1[64], p2[64];
	text_pct(p1, sizeof p1, t->p_tt);
	text_pct(p2, sizeof p2, t->p_calls);
	pv_buf_puts(out, "\nTotal: ");
	put_time(out, 0, t->tt[0], 0);
	pv_buf_puts(out, " s -> ");
	put_time(out, 0, t->tt[1], 0);
	pv_buf_puts(out, " s (");
	put_time(out, 0, t->d_tt, 1);
	pv_buf_printf(out, " s, %s); ", p1);
	put_count(out, t->calls[0], 0);
	pv_buf_puts(out, " -> ");
	put_count(out, t->calls[1], 0);
	pv_buf_puts(out, " calls (");
	put_count(out, t->d_calls, 1);
	pv_buf_printf(out, ", %s)\n", p2);
}

void pv_diff_json_deltas(pv_buf *out, const pv_diff_row *r)
{
	pv_buf_puts(out, "\"delta\":{\"nc\":");
	pv_json_count(out, r->d_nc);
	pv_buf_puts(out, ",\"tt\":");
	pv_json_double(out, r->d_tt);
	pv_buf_puts(out, ",\"ct\":");
	pv_json_double(out, r->d_ct);
	pv_buf_puts(out, "},\"pct\":{\"nc\":");
	pv_json_double(out, r->p_nc);
	pv_buf_puts(out, ",\"tt\":");
	pv_json_double(out, r->p_tt);
	pv_buf_puts(out, ",\"ct\":");
	pv_json_double(out, r->p_ct);
	pv_buf_putc(out, '}');
}

void pv_diff_json_side(pv_buf *out, const pv_diff_side *s, int with_ids)
{
	if (!s->nfuncs) {
		pv_buf_puts(out, "null");
		return;
	}
	pv_buf_putc(out, '{');
	if (with_ids)
		pv_buf_printf(out, "\"id\":%u,\"functions\":%u,", s->id, s->nfuncs);
	pv_buf_puts(out, "\"nc\":");
	pv_json_count(out, s->nc);
	pv_buf_puts(out, ",\"cc\":");
	pv_json_count(out, s->cc);
	pv_buf_puts(out, ",\"tt\":");
	pv_json_double(out, s->tt);
	pv_buf_puts(out, ",\"ct\":");
	pv_json_double(out, s->ct);
	pv_buf_putc(out, '}');
}

static void json_profile(pv_buf *out, const pv_diff *d, int s, const char *label)
{
	const pv_diff_totals *t = &d->totals;
	pv_buf_puts(out, "{\"label\":");
	pv_json_string(out, label, strlen(label));
	pv_buf_printf(out, ",\"functions\":%zu,\"total_calls\":", t->funcs[s]);
	pv_json_count(out, t->calls[s]);
	pv_buf_puts(out, ",\"primitive_calls\":");
	pv_json_count(out, t->prim_calls[s]);
	pv_buf_puts(out, ",\"total_tt\":");
	pv_json_double(out, t->tt[s]);
	pv_buf_putc(out, '}');
}

static void put_func_json(pv_buf *out, const pv_profile *p, uint32_t id)
{
	const pv_func *f = &pv_profile_funcs(p)[id];
	size_t len;
	const char *s = pv_profile_string(p, f->file, &len);
	pv_buf_puts(out, ",\"file\":");
	pv_json_string(out, s, len);
	pv_buf_printf(out, ",\"line\":%lld,\"name\":", (long long)f->line);
	s = pv_profile_string(p, f->name, &len);
	pv_json_string(out, s, len);
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
		      "\"only_base\":%zu,\"only_new\":%zu,\"tt\":{\"base\":",
		      d->nrows, shown, t->both, t->only_base, t->only_new);
	pv_json_double(out, t->tt[0]);
	pv_buf_puts(out, ",\"new\":");
	pv_json_double(out, t->tt[1]);
	pv_buf_puts(out, ",\"delta\":");
	pv_json_double(out, t->d_tt);
	pv_buf_puts(out, ",\"pct\":");
	pv_json_double(out, t->p_tt);
	pv_buf_puts(out, "},\"calls\":{\"base\":");
	pv_json_count(out, t->calls[0]);
	pv_buf_puts(out, ",\"new\":");
	pv_json_count(out, t->calls[1]);
	pv_buf_puts(out, ",\"delta\":");
	pv_json_count(out, t->d_calls);
	pv_buf_puts(out, ",\"pct\":");
	pv_json_double(out, t->p_calls);
	pv_buf_puts(out, "}},\"rows\":[");
	pv_buf label = PV_BUF_INIT;
	for (size_t i = 0; i < shown; i++) {
		const pv_diff_row *r = &d->rows[i];
		const pv_profile *p;
		uint32_t id;
		row_key(d, r, &p, &id);
		pv_buf_printf(out, "%s\n{\"status\":\"%s\",\"label\":", i ? "," : "", status_word(r));
		pv_buf_reset(&label);
		pv_func_std_string(p, id, &label);
		pv_json_string(out, label.data ? label.data : "", label.len);
		if (!pv_buf_ok(&label))
			out->oom = 1;
		put_func_json(out, p, id);
		pv_buf_puts(out, ",\"base\":");
		pv_diff_json_side(out, &r->base, 1);
		pv_buf_puts(out, ",\"new\":");
		pv_diff_json_side(out, &r->new_, 1);
		pv_buf_putc(out, ',');
		pv_diff_json_deltas(out, r);
		pv_buf_putc(out, '}');
	}
	pv_buf_release(&label);
	pv_buf_puts(out, "]}\n");
}

/* Full precision; NaN is an empty field, infinities "inf"/"-inf". */
static void csv_double(pv_buf *out, double v)
{
	if (isnan(v))
		return;
	if (isinf(v))
		pv_buf_puts(out, v < 0 ? "-inf" : "inf");
	else
		pv_json_double(out, v);
}

static void write_csv(const pv_diff *d, size_t shown, pv_buf *out)
{
	pv_buf_puts(out, "status,function,file,line,name,"
			 "cumtime_base,cumtime_new,cumtime_delta,cumtime_pct,"
			 "tottime_base,tottime_new,tottime_delta,tottime_pct,"
			 "ncalls_base,ncalls_new,ncalls_delta,ncalls_pct,"
			 "pcalls_base,pcalls_new\r\n");
	pv_buf label = PV_BUF_INIT;
	char t[48];
	for (size_t i = 0; i < shown; i++) {
		const pv_diff_row *r = &d->rows[i];
		const pv_profile *p;
		uint32_t id;
		row_key(d, r, &p, &id);
		const pv_func *f = &pv_profile_funcs(p)[id];
		pv_buf_puts(out, status_word(r));
		pv_buf_putc(out, ',');
		pv_buf_reset(&label);
		pv_func_std_string(p, id, &label);
		pv_report_csv_field(out, label.data ? label.data : "", label.len);
		if (!pv_buf_ok(&label))
			out->oom = 1;
		size_t len;
		const char *s = pv_profile_string(p, f->file, &len);
		pv_buf_putc(out, ',');
		pv_report_csv_field(out, s, len);
		pv_buf_printf(out, ",%lld,", (long long)f->line);
		s = pv_profile_string(p, f->name, &len);
		pv_report_csv_field(out, s, len);
		const pv_diff_side *b = &r->base, *n = &r->new_;
		const double tv[2][4] = { { b->ct, n->ct, r->d_ct, r->p_ct },
					  { b->tt, n->tt, r->d_tt, r->p_tt } };
		for (int k = 0; k < 2; k++) {
			pv_buf_putc(out, ',');
			if (b->nfuncs)
				csv_double(out, tv[k][0]);
			pv_buf_putc(out, ',');
			if (n->nfuncs)
				csv_double(out, tv[k][1]);
			pv_buf_putc(out, ',');
			csv_double(out, tv[k][2]);
			pv_buf_putc(out, ',');
			csv_double(out, tv[k][3]);
		}
		pv_buf_putc(out, ',');
		if (b->nfuncs)
			pv_buf_append(out, t, pv_count_format(b->nc, t));
		pv_buf_putc(out, ',');
		if (n->nfuncs)
			pv_buf_append(out, t, pv_count_format(n->nc, t));
		pv_buf_putc(out, ',');
		pv_buf_append(out, t, pv_count_format(r->d_nc, t));
		pv_buf_putc(out, ',');
		csv_double(out, r->p_nc);
		pv_buf_putc(out, ',');
		if (b->nfuncs)
			pv_buf_append(out, t, pv_count_format(b->cc, t));
		pv_buf_putc(out, ',');
		if (n->nfuncs)
			pv_buf_append(out, t, pv_count_format(n->cc, t));
		pv_buf_puts(out, "\r\n");
	}
	pv_buf_release(&label);
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
