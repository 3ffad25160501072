/*
 * query.c - sort_stats(), reverse_order() and print restrictions
 * (see pv/query.h).
 */
#include "pv/query.h"
#include "pv/pyre.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ===================================================== sort keys */

/* pstats' sort_arg_dict_default, in its order. */
static const struct { const char *word; pv_sort_key key; } sort_words[] = {
	{ "calls", PV_SORT_CALLS }, { "ncalls", PV_SORT_CALLS },
	{ "cumtime", PV_SORT_CUMULATIVE }, { "cumulative", PV_SORT_CUMULATIVE },
	{ "filename", PV_SORT_FILENAME }, { "line", PV_SORT_LINE },
	{ "module", PV_SORT_FILENAME }, { "name", PV_SORT_NAME }, { "nfl", PV_SORT_NFL },
	{ "pcalls", PV_SORT_PCALLS }, { "stdname", PV_SORT_STDNAME },
	{ "time", PV_SORT_TIME }, { "tottime", PV_SORT_TIME },
};
#define NWORDS (sizeof(sort_words) / sizeof(sort_words[0]))

static const char *const key_desc[PV_SORT_NKEYS] = {
	"call count", "cumulative time", "file name", "line number",
	"function name", "name/file/line", "primitive call count",
	"standard name", "internal time",
};

static const char *const key_word[PV_SORT_NKEYS] = {
	"calls", "cumulative", "filename", "line", "name", "nfl", "pcalls",
	"stdname", "time",
};

const char *pv_sort_key_description(pv_sort_key k)
{
	return (unsigned)k < PV_SORT_NKEYS ? key_desc[k] : "?";
}

const char *pv_sort_key_word(pv_sort_key k)
{
	return (unsigned)k < PV_SORT_NKEYS ? key_word[k] : "?";
}

const char *pv_sort_word_at(size_t i, pv_sort_key *key)
{
	if (i >= NWORDS)
		return NULL;
	if (key)
		*key = sort_words[i].key;
	return sort_words[i].word;
}

/*
 * pstats' get_sort_arg_defs(), simulated: every word (in table order) adds
 * its prefixes, longest first, until one is already present; that one is
 * marked bad and the walk stops; bad fragments are removed at the end.
 */
int pv_sort_key_parse(const char *word, pv_sort_key *out, pv_error *err)
{
	struct {
		const char *s;
		size_t len;
		int word;
		int bad;
	} frag[128];
	size_t nfrag = 0, len = strlen(word);

	for (size_t i = 0; i < NWORDS; i++) {
		const char *w = sort_words[i].word;
		for (size_t l = strlen(w); l > 0; l--) {
			size_t j;
			for (j = 0; j < nfrag; j++)
				if (frag[j].len == l && memcmp(frag[j].s, w, l) == 0)
					break;
			if (j < nfrag) {
				frag[j].bad = 1;
				break;
			}
			if (nfrag < sizeof(frag) / sizeof(frag[0])) {
				frag[nfrag].s = w;
				frag[nfrag].len = l;
				frag[nfrag].word = (int)i;
				frag[nfrag].bad = 0;
				nfrag++;
			}
		}
	}
	for (size_t j = 0; j < nfrag; j++) {
		if (frag[j].len == len && memcmp(frag[j].s, word, len) == 0) {
			if (frag[j].bad)
				return pv_error_set(err, "ambiguous sort key '%s'", word);
			*out = sort_words[frag[j].word].key;
			return 0;
		}
	}
	return pv_error_set(err, "unknown sort key '%s'", word);
}

/* ===================================================== comparing rows */

/* Fields of pstats' sort rows (cc, nc, tt, ct, file, line, name, stdname). */
enum { F_CC, F_NC, F_TT, F_CT, F_FILE, F_LINE, F_NAME, F_STD };

typedef struct sortctx {
	const pv_profile *p;
	const pv_func *funcs;
	int field[3 * 16];
	int dir[3 * 16];
	size_t nfields;
	/* func_std_string of every function, when sorting by stdname */
	char *std;
	size_t *std_off;   /* nfuncs + 1 offsets */
} sortctx;

int pv_query_string_cmp(const pv_profile *p, uint32_t a, uint32_t b)
{
	if (a == b)
		return 0;
	size_t al, bl;
	const char *as = pv_profile_string(p, a, &al);
	const char *bs = pv_profile_string(p, b, &bl);
	return pv_text_cmp(as, al, bs, bl);
}

/* -1, 0 or 1 as x is below, neither, or above y: with `<` and `>` only,
 * as Python compares, so a NaN is neither. */
#define CMP3(x, y) ((x) < (y) ? -1 : (x) > (y) ? 1 : 0)

/* TupleComp.compare(left, right) < 0: the "<" list.sort uses. */
static int row_lt(const sortctx *c, uint32_t a, uint32_t b)
{
	const pv_func *x = &c->funcs[a], *y = &c->funcs[b];
	for (size_t i = 0; i < c->nfields; i++) {
		int d = c->dir[i];
		int r; /* -1: x < y, 1: x > y, 0: neither */
		/* a switch, not a chain of tests: this runs for every comparison
		 * of a sort (a jump table measured ~6% fewer instructions than
		 * testing the field by kind) */
		switch (c->field[i]) {
		case F_TT:
			r = CMP3(x->tt, y->tt);
			break;
		case F_CT:
			r = CMP3(x->ct, y->ct);
			break;
		case F_FILE:
			r = pv_query_string_cmp(c->p, x->file, y->file);
			break;
		case F_NAME:
			r = pv_query_string_cmp(c->p, x->name, y->name);
			break;
		case F_LINE:
			r = CMP3(x->line, y->line);
			break;
		case F_CC: {
			pv_count u = pv_func_cc(x), w = pv_func_cc(y);
			r = CMP3(u, w);
			break;
		}
		case F_NC: {
			pv_count u = pv_func_nc(x), w = pv_func_nc(y);
			r = CMP3(u, w);
			break;
		}
		default:
			r = pv_text_cmp(c->std + c->std_off[a], c->std_off[a + 1] - c->std_off[a] - 1,
					c->std + c->std_off[b], c->std_off[b + 1] - c->std_off[b] - 1);
			break;
		}
		if (r < 0)
			return -d < 0;
		if (r > 0)
			return d < 0;
	}
	return 0;
}

/* ===================================================== CPython's list.sort */

/* list.sort over ids with row_lt inlined into its loops: on a million
 * rows the comparison is most of a sort's time. */
#define PV_LISTSORT_NAME list_sort
#define PV_LISTSORT_TYPE uint32_t
#define PV_LISTSORT_CTX const sortctx *
#define PV_LISTSORT_LT(c, x, y) row_lt((c), (x), (y))
#include "py/listsort_template.h"

static void reverse_ids(uint32_t *lo, uint32_t *hi)
{
	--hi;
	while (lo < hi) {
		uint32_t t = *lo;
		*lo++ = *hi;
		*hi-- = t;
	}
}

/* ===================================================== sorting ids */

static void key_fields(pv_sort_key k, sortctx *c)
{
	static const struct {
		int n;
		int f[3];
		int d[3];
	} defs[PV_SORT_NKEYS] = {
		[PV_SORT_CALLS] = { 1, { F_NC }, { -1 } },
		[PV_SORT_CUMULATIVE] = { 1, { F_CT }, { -1 } },
		[PV_SORT_FILENAME] = { 1, { F_FILE }, { 1 } },
		[PV_SORT_LINE] = { 1, { F_LINE }, { 1 } },
		[PV_SORT_NAME] = { 1, { F_NAME }, { 1 } },
		[PV_SORT_NFL] = { 3, { F_NAME, F_FILE, F_LINE }, { 1, 1, 1 } },
		[PV_SORT_PCALLS] = { 1, { F_CC }, { -1 } },
		[PV_SORT_STDNAME] = { 1, { F_STD }, { 1 } },
		[PV_SORT_TIME] = { 1, { F_TT }, { -1 } },
	};
	for (int i = 0; i < defs[k].n; i++) {
		if (c->nfields >= sizeof(c->field) / sizeof(c->field[0]))
			return;
		/* a field repeated later can never decide anything new */
		int seen = 0;
		for (size_t j = 0; j < c->nfields; j++)
			if (c->field[j] == defs[k].f[i])
				seen = 1;
		if (seen)
			continue;
		c->field[c->nfields] = defs[k].f[i];
		c->dir[c->nfields] = defs[k].d[i];
		c->nfields++;
	}
}

/* Fills c for sorting by keys; 0, or -1 with err set.  sort_done() frees. */
static int sort_setup(sortctx *c, const pv_profile *p, const pv_sort_key *keys, size_t nkeys,
		      pv_error *err)
{
	int need_std = 0;
	memset(c, 0, sizeof(*c));
	c->p = p;
	c->funcs = pv_profile_funcs(p);
	for (size_t i = 0; i < nkeys; i++) {
		if ((unsigned)keys[i] >= PV_SORT_NKEYS)
			return pv_error_set(err, "bad sort key %d", (int)keys[i]);
		key_fields(keys[i], c);
		if (keys[i] == PV_SORT_STDNAME)
			need_std = 1;
	}
	if (need_std && c->nfields) {
		size_t nf = pv_profile_nfuncs(p);
		pv_buf b = PV_BUF_INIT;
		c->std_off = malloc((nf + 1) * sizeof(size_t));
		if (!c->std_off)
			return pv_error_set(err, "out of memory");
		for (size_t i = 0; i < nf; i++) {
			c->std_off[i] = b.len;
			pv_func_std_string(p, (uint32_t)i, &b);
			pv_buf_putc(&b, '\0');
		}
		c->std_off[nf] = b.len;
		if (!pv_buf_ok(&b)) {
			pv_buf_release(&b);
			free(c->std_off);
			c->std_off = NULL;
			return pv_error_set(err, "out of memory");
		}
		c->std = b.data;
	}
	return 0;
}

static void sort_done(sortctx *c)
{
	free(c->std);
	free(c->std_off);
}

int pv_sort_ids(const pv_profile *p, const pv_sort_key *keys, size_t nkeys,
		uint32_t *ids, size_t n, pv_error *err)
{
	sortctx c;
	int rc = 0;
	if (sort_setup(&c, p, keys, nkeys, err) != 0)
		return -1;
	/* row_lt cannot fail: the only error is running out of memory */
	if (c.nfields && n >= 2 && list_sort(ids, n, &c) != PV_LISTSORT_OK)
		rc = pv_error_set(err, "out of memory");
	sort_done(&c);
	return rc;
}

/*
 * The first k rows of the sorted list without sorting the rest.  list.sort
 * is stable, so when "<" is a total order (no NaN among the times it
 * compares) the sorted list is the one ordered by (row, position), and its
 * first k rows are the k smallest under that order: a heap of k rows over
 * one pass.  With `reverse` they are the k largest, largest first.
 * Returns 1 with ids[0..k) set, 0 when the order is not total (the caller
 * sorts everything instead), -1 on OOM.
 */
static int order_cmp(const sortctx *c, uint32_t a, uint32_t b, int reverse)
{
	int r = row_lt(c, a, b) ? -1 : row_lt(c, b, a) ? 1 : a < b ? -1 : a > b ? 1 : 0;
	return reverse ? -r : r;
}

static void heap_down(const sortctx *c, uint32_t *h, size_t n, size_t i, int reverse)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < n && order_cmp(c, h[l], h[m], reverse) > 0)
			m = l;
		if (l + 1 < n && order_cmp(c, h[l + 1], h[m], reverse) > 0)
			m = l + 1;
		if (m == i)
			return;
		uint32_t t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static double time_of(const sortctx *c, uint32_t id)
{
	return c->field[0] == F_TT ? c->funcs[id].tt : c->funcs[id].ct;
}

static int sort_top(const sortctx *c, size_t nf, int reverse, uint32_t *ids, size_t k)
{
	for (size_t i = 0; i < c->nfields; i++)
		if ((c->field[i] == F_TT || c->field[i] == F_CT) && pv_profile_nan_times(c->p))
			return 0;
	if (k == 0)
		return 1;
	/* one time field (-s tottime, -s cumulative): compared directly */
	int one = c->nfields == 1 && (c->field[0] == F_TT || c->field[0] == F_CT);
	double root = 0.0;
	/* a max-heap (under the order) of the k smallest rows seen */
	size_t n = 0;
	for (uint32_t id = 0; id < nf; id++) {
		if (n < k) {
			size_t i = n++;
			ids[i] = id;
			while (i > 0 && order_cmp(c, ids[(i - 1) / 2], ids[i], reverse) < 0) {
				uint32_t t = ids[i];
				ids[i] = ids[(i - 1) / 2];
				ids[(i - 1) / 2] = t;
				i = (i - 1) / 2;
			}
			if (one && n == k)
				root = time_of(c, ids[0]);
			continue;
		}
		/* id < ids[0] under the order?  ids[0] < id, so a tie puts id
		 * after the root, or before it when reversed */
		int lt;
		if (one) {
			double x = time_of(c, id);
			lt = c->dir[0] < 0 ? x > root : x < root;
		} else {
			lt = row_lt(c, id, ids[0]);
		}
		if (reverse ? !lt : lt) {
			ids[0] = id;
			heap_down(c, ids, n, 0, reverse);
			if (one)
				root = time_of(c, ids[0]);
		}
	}
	/* heap sort: the largest goes last */
	for (size_t m = n; m > 1; m--) {
		uint32_t t = ids[0];
		ids[0] = ids[m - 1];
		ids[m - 1] = t;
		heap_down(c, ids, m - 1, 0, reverse);
	}
	return 1;
}

/* ===================================================== restrictions */

void pv_restriction_count(pv_restriction *out, long long n)
{
	memset(out, 0, sizeof(*out));
	out->kind = PV_RESTRICT_COUNT;
	out->count = n;
}

void pv_restriction_fraction(pv_restriction *out, double x)
{
	memset(out, 0, sizeof(*out));
	out->kind = PV_RESTRICT_FRACTION;
	out->fraction = x;
}

int pv_restriction_regex(pv_restriction *out, const char *pattern, pv_error *err)
{
	memset(out, 0, sizeof(*out));
	out->kind = PV_RESTRICT_REGEX;
	out->text = strdup(pattern);
	if (!out->text)
		return pv_error_set(err, "out of memory");
	return 0;
}

void pv_restriction_release(pv_restriction *r)
{
	if (!r)
		return;
	free(r->text);
	r->text = NULL;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* ^[+-]?[0-9]+$ (Python's $ also matches before a final newline) */
static int match_int(const char *s, size_t len)
{
	size_t i = 0;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	size_t d = i;
	while (i < len && is_digit(s[i]))
		i++;
	return i > d && i == len;
}

/* ^[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][+-]?[0-9]+)?$ */
static int match_float(const char *s, size_t len)
{
	size_t i = 0, a, b = 0;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	a = i;
	while (i < len && is_digit(s[i]))
		i++;
	a = i - a;
	if (i < len && s[i] == '.') {
		i++;
		size_t f = i;
		while (i < len && is_digit(s[i]))
			i++;
		b = i - f;
		if (a == 0 && b == 0)
			return 0;
	} else if (a == 0) {
		return 0;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		size_t e = i;
		while (i < len && is_digit(s[i]))
			i++;
		if (i == e)
			return 0;
	}
	return i == len;
}

int pv_restriction_parse(const char *arg, pv_restriction *out, pv_error *err)
{
	size_t len = strlen(arg);
	size_t core = len;
	memset(out, 0, sizeof(*out));
	if (core > 0 && arg[core - 1] == '\n')
		core--;
	if (match_int(arg, core)) {
		char *end;
		errno = 0;
		long long v = strtoll(arg, &end, 10);
		/* out of range: clamped; such counts restrict nothing anyway */
		pv_restriction_count(out, v);
	} else if (match_float(arg, core)) {
		double x = strtod(arg, NULL);
		if (x >= 0.0 && x < 1.0)
			pv_restriction_fraction(out, x);
		else
			return pv_restriction_regex(out, arg, err);
	} else {
		return pv_restriction_regex(out, arg, err);
	}
	out->text = strdup(arg);
	if (!out->text)
		return pv_error_set(err, "out of memory");
	return 0;
}

void pv_restriction_repr(const pv_restriction *r, pv_buf *out)
{
	switch (r->kind) {
	case PV_RESTRICT_COUNT:
		pv_buf_printf(out, "%lld", r->count);
		break;
	case PV_RESTRICT_FRACTION:
		pv_float_repr(r->fraction, out);
		break;
	default:
		pv_str_repr(r->text ? r->text : "", r->text ? strlen(r->text) : 0, out);
		break;
	}
}

/* ===================================================== queries */

void pv_selection_release(pv_selection *s)
{
	if (s) {
		free(s->ids);
		free(s->ordered_by);
		free(s->limits);
		*s = (pv_selection)PV_SELECTION_INIT;
	}
}

/*
 * sort_stats() and reverse_order(): out->ids in the query's order (dict
 * order without keys).  When the first restriction is a small count only
 * those rows are selected, and *first_limit says that restriction is
 * applied.  Returns 0, or -1 with `err` set.
 */
static int order_rows(const pv_profile *p, const pv_query *q, pv_selection *out,
		      size_t *first_limit, pv_error *err)
{
	size_t nf = out->nfuncs;
	int top = 0;
	if (q->nkeys > 0 && q->nlimits && q->limits[0].kind == PV_RESTRICT_COUNT &&
	    q->limits[0].count >= 0 && (unsigned long long)q->limits[0].count < nf / 8) {
		/* only the first rows are listed: select them, sort those */
		size_t k = (size_t)q->limits[0].count;
		sortctx c;
		if (sort_setup(&c, p, q->keys, q->nkeys, err) != 0)
			return -1;
		top = c.nfields ? sort_top(&c, nf, q->reverse, out->ids, k) : 0;
		sort_done(&c);
		if (top) {
			out->n = k;
			out->limits[0].before = nf;
			out->limits[0].after = k;
			*first_limit = 1;
		}
	}
	if (!top) {
		for (size_t i = 0; i < nf; i++)
			out->ids[i] = (uint32_t)i;  /* dict order */
		if (q->nkeys == 0)
			return 0;  /* reverse_order() without keys changes nothing */
		if (pv_sort_ids(p, q->keys, q->nkeys, out->ids, nf, err) < 0)
			return -1;
		if (q->reverse && nf > 1)
			reverse_ids(out->ids, out->ids + nf);
	}
	pv_buf desc = PV_BUF_INIT;
	for (size_t i = 0; i < q->nkeys; i++) {
		if (i)
			pv_buf_puts(&desc, ", ");
		pv_buf_puts(&desc, pv_sort_key_description(q->keys[i]));
	}
	out->ordered_by = pv_buf_detach(&desc, NULL);  /* NULL, and released, on OOM */
	if (!out->ordered_by)
		return pv_error_set(err, "out of memory");
	out->sorted = 1;
	return 0;
}

/*
 * Applies restriction `r` to the out->n listed rows, recording what it did
 * in `res`; `name` is scratch.  Returns 0, or -1 with `err` set (out of
 * memory; an invalid regex is not an error).
 */
static int apply_limit(const pv_profile *p, const pv_restriction *r, pv_limit_result *res,
		       pv_selection *out, pv_buf *name, pv_error *err)
{
	size_t count = out->n;
	res->before = res->after = count;
	if (r->kind == PV_RESTRICT_REGEX) {
		pv_pyre x;
		int c = pv_pyre_compile(&x, r->text ? r->text : "", res->error, sizeof(res->error));
		if (c == -2)
			return pv_error_set(err, "out of memory");
		if (c < 0) {
			res->invalid = 1;
			return 0;
		}
		size_t k = 0;
		int hit = 0;
		for (size_t i = 0; i < count && hit >= 0; i++) {
			pv_buf_reset(name);
			pv_func_std_string(p, out->ids[i], name);
			hit = pv_pyre_search(&x, name->data ? name->data : "", name->len);
			if (hit > 0)
				out->ids[k++] = out->ids[i];
		}
		int alt_oom = !pv_buf_ok(&x.alt);
		if (hit == PV_PYRE_TOO_COMPLEX)  /* Python would backtrack for ever */
			pv_pyre_gave_up(&x, err);
		pv_pyre_free(&x);
		if (hit == PV_PYRE_TOO_COMPLEX)
			return -1;
		if (!pv_buf_ok(name) || alt_oom)
			return pv_error_set(err, "out of memory");
		out->n = k;
	} else if (r->kind == PV_RESTRICT_FRACTION) {
		if (r->fraction >= 0.0 && r->fraction < 1.0)
			out->n = (size_t)((double)count * r->fraction + .5);
	} else if (r->count >= 0 && (unsigned long long)r->count < count) {
		out->n = (size_t)r->count;
	}
	res->after = out->n;
	return 0;
}

int pv_query_run(const pv_profile *p, const pv_query *q, pv_selection *out,
		 pv_error *err)
{
	size_t nf = pv_profile_nfuncs(p), first_limit = 0;
	pv_buf name = PV_BUF_INIT;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	out->nfuncs = nf;
	out->ids = malloc((nf ? nf : 1) * sizeof(uint32_t));
	out->limits = calloc(q->nlimits ? q->nlimits : 1, sizeof(pv_limit_result));
	if (!out->ids || !out->limits) {
		pv_error_set(err, "out of memory");
		goto out;
	}
	out->nlimits = q->nlimits;
	out->n = nf;
	if (order_rows(p, q, out, &first_limit, err) != 0)
		goto out;
	for (size_t li = first_limit; li < q->nlimits; li++)
		if (apply_limit(p, &q->limits[li], &out->limits[li], out, &name, err) != 0)
			goto out;

	/* pstats' name column for callers/callees: the widest listed name
	 * when some rows are left out, else max_name_len */
	size_t w = 0;
	if (out->n < nf)
		for (size_t i = 0; i < out->n; i++)
			if (pv_func_width(p, out->ids[i]) > w)
				w = pv_func_width(p, out->ids[i]);
	out->width = (out->n < nf ? w : pv_profile_max_name_len(p)) + 2;
	rc = 0;
out:
	pv_buf_release(&name);
	return rc;
}

void pv_selection_message(const pv_selection *s, const pv_query *q, pv_buf *out)
{
	if (s->sorted) {
		pv_buf_puts(out, "   Ordered by: ");
		pv_buf_puts(out, s->ordered_by ? s->ordered_by : "");
		pv_buf_putc(out, '\n');
	} else {
		pv_buf_puts(out, "   Random listing order was used\n");
	}
	for (size_t i = 0; i < s->nlimits && i < q->nlimits; i++) {
		const pv_limit_result *r = &s->limits[i];
		if (r->invalid) {
			pv_buf_puts(out, "   <Invalid regular expression ");
			pv_restriction_repr(&q->limits[i], out);
			pv_buf_puts(out, ">\n");
		} else if (r->before != r->after) {
			pv_buf_printf(out, "   List reduced from %zu to %zu due to restriction <",
				      r->before, r->after);
			pv_restriction_repr(&q->limits[i], out);
			pv_buf_puts(out, ">\n");
		}
	}
}
