/*
 * table.c - the function table of one served profile, /api/functions
 * (router.c's pv_api_get calls pvr_get_functions): the functions in the
 * order of each sort key, made once; the search (q=); in diff mode, the
 * deltas' orders and the functions only in BASE (gone=).
 */
#include "router_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pv/api_diff.h"
#include "pv/query.h"

static const char *const sort_names[S_N] = {
	"tottime", "cumtime", "ncalls", "pcalls", "tpercall", "cpercall",
	/* as pstats' sort_stats words name, filename and stdname order them */
	"name", "file", "stdname",
	/* diff mode: the changes from BASE (NaN, sorted lowest, where unknown) */
	"dtottime", "dcumtime", "dpct",
};

#define PAGE_DEFAULT 100
#define PAGE_MAX 2000

/* ===================================================== sorted orders */

/* A double as an unsigned key in the same order; NaN first. */
static uint64_t dkey(double v)
{
	if (v != v)
		return 0;
	uint64_t u;
	memcpy(&u, &v, sizeof u);
	return (u >> 63) ? ~u : u | (1ull << 63);
}

typedef struct kv {
	uint64_t k;
	uint32_t id;
} kv;

/* Stable LSD radix sort of n pairs by k (16 bits a pass). */
static int radix(kv *a, size_t n)
{
	kv *tmp = malloc((n ? n : 1) * sizeof *tmp);
	size_t *cnt = malloc(65537 * sizeof *cnt);
	if (!tmp || !cnt) {
		free(tmp);
		free(cnt);
		return -1;
	}
	for (int pass = 0; pass < 4; pass++) {
		int sh = pass * 16;
		memset(cnt, 0, 65537 * sizeof *cnt);
		for (size_t i = 0; i < n; i++)
			cnt[((a[i].k >> sh) & 0xffff) + 1]++;
		for (size_t d = 0; d < 65536; d++)
			cnt[d + 1] += cnt[d];
		for (size_t i = 0; i < n; i++)
			tmp[cnt[(a[i].k >> sh) & 0xffff]++] = a[i];
		memcpy(a, tmp, n * sizeof *a);
	}
	free(tmp);
	free(cnt);
	return 0;
}

/* The diff row of function id of the served (NEW) profile, or NULL. */
static const pv_diff_row *diff_row(const pv_api *a, uint32_t id)
{
	if (!a->diff || !a->diff->row_of[1])
		return NULL;
	uint32_t o = a->diff->row_of[1][id];
	if (o == PV_DIFF_NONE || o >= a->diff->nrows)
		return NULL;
	/* rows are in build order, so a row's `order` is its index */
	return &a->diff->rows[o];
}

/* The row of an entry: NEW's function's (may be NULL) or a gone row. */
static const pv_diff_row *entry_row(const pv_api *a, uint32_t e)
{
	size_t nf = pv_profile_nfuncs(a->p);
	return e < nf ? diff_row(a, e) : &a->diff->rows[a->dx->gone[e - nf]];
}

/* The number entry e sorts by for key s (a number key): a function of NEW's
   own (deltas: its row's); a gone row's from BASE's side (its delta being -base). */
static double entry_value(const pv_api *a, int s, uint32_t e)
{
	size_t nf = pv_profile_nfuncs(a->p);
	const pv_diff_row *r = entry_row(a, e);
	double nc, cc, tt, ct;
	if (e < nf) {
		const pv_func *f = &pv_profile_funcs(a->p)[e];
		nc = (double)pv_func_nc(f);
		cc = (double)pv_func_cc(f);
		tt = f->tt;
		ct = f->ct;
	} else {
		nc = (double)r->base.nc;
		cc = (double)r->base.cc;
		tt = r->base.tt;
		ct = r->base.ct;
	}
	switch (s) {
	case S_TOTTIME: return tt;
	case S_CUMTIME: return ct;
	case S_NCALLS: return nc;
	case S_PCALLS: return cc;
	case S_TPERCALL: return nc ? tt / nc : 0;
	case S_CPERCALL: return cc ? ct / cc : 0;
	case S_DTT: return r ? r->d_tt : (double)NAN;
	case S_DCT: return r ? r->d_ct : (double)NAN;
	default: return r ? r->p_ct : (double)NAN;
	}
}

/*
 * ids[0..n): the entries 0..n-1 in ascending order of number key s, by
 * entry_value() (ties: by entry).  Returns 0, or -1 when out of memory.
 */
static int by_number(const pv_api *a, int s, size_t n, uint32_t *ids)
{
	kv *v = malloc((n ? n : 1) * sizeof *v);
	if (!v)
		return -1;
	for (size_t e = 0; e < n; e++)
		v[e] = (kv){ dkey(entry_value(a, s, (uint32_t)e)), (uint32_t)e };
	if (radix(v, n) < 0) {
		free(v);
		return -1;
	}
	for (size_t e = 0; e < n; e++)
		ids[e] = v[e].id;
	free(v);
	return 0;
}

/* The function ids in ascending order of key s (ties: by id), made once. */
static const uint32_t *order_of(pv_api *a, int s)
{
	if (a->order[s])
		return a->order[s];
	size_t nf = pv_profile_nfuncs(a->p);
	uint32_t *ids = malloc((nf ? nf : 1) * sizeof *ids);
	if (!ids)
		return NULL;
	if (s == S_NAME || s == S_FILE || s == S_STDNAME) {
		for (size_t i = 0; i < nf; i++)
			ids[i] = (uint32_t)i;
		pv_sort_key k = s == S_NAME ? PV_SORT_NAME : s == S_FILE ? PV_SORT_FILENAME : PV_SORT_STDNAME;
		pv_error err;
		if (pv_sort_ids(a->p, &k, 1, ids, nf, &err) < 0) {
			free(ids);
			return NULL;
		}
	} else if (by_number(a, s, nf, ids) < 0) {
		free(ids);
		return NULL;
	}
	a->order[s] = ids;
	return ids;
}

/* ===================================================== the table */

/* Whether `needle` (lower case) occurs in hay[0..n), ASCII case folded. */
static int contains(const char *hay, size_t n, const char *needle, size_t k)
{
	if (k == 0)
		return 1;
	char c0 = needle[0], u0 = (char)(c0 >= 'a' && c0 <= 'z' ? c0 - 'a' + 'A' : c0);
	for (size_t i = 0; k <= n && i <= n - k; i++) {
		if (hay[i] != c0 && hay[i] != u0)
			continue;
		size_t j = 0;
		while (j < k) {
			char c = hay[i + j];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != needle[j])
				break;
			j++;
		}
		if (j == k)
			return 1;
	}
	return 0;
}

/*
 * The functions whose label `file:line(name)` holds `low` (lower case, k
 * bytes), in id order: in[id] = 1 or 0.  When `was` is given, it is the
 * set of a text that `low` contains, so only its functions are tested (a
 * label without the shorter text has not the longer).
 *
 * A text with none of the characters pstats puts around a label's parts
 * (":", "(", ")", the braces and angle brackets of built-ins, "~") is in
 * the label exactly when it is in the file, the name or (digits only) the
 * line: each file and name string is then tested once.  Any other text
 * is looked for in every label, written out.  Returns 0, or -1 when out
 * of memory.
 */
static int match_set(const pv_profile *p, const char *low, size_t k, const unsigned char *was,
		     unsigned char *in)
{
	size_t nf = pv_profile_nfuncs(p);
	const pv_func *fn = pv_profile_funcs(p);
	int digits = 1, parts = 1;
	for (size_t i = 0; i < k; i++) {
		parts &= strchr(":(){}<>~", low[i]) == NULL;
		digits &= low[i] >= '0' && low[i] <= '9';
	}
	if (!parts) {
		pv_buf label = PV_BUF_INIT;
		for (size_t id = 0; id < nf; id++) {
			in[id] = 0;
			if (was && !was[id])
				continue;
			pv_buf_reset(&label);
			pv_func_std_string(p, (uint32_t)id, &label);
			in[id] = (unsigned char)contains(label.data ? label.data : "", label.len, low, k);
		}
		pv_buf_release(&label);
		return 0;
	}
	unsigned char *memo = calloc(pv_profile_nstrings(p) + 1, 1); /* 0 unknown, 1 in it, 2 not */
	if (!memo)
		return -1;
	/* in id order: the functions and their strings are read in the
	   order they sit in memory */
	for (size_t id = 0; id < nf; id++) {
		in[id] = 0;
		if (was && !was[id])
			continue;
		const uint32_t part[2] = { fn[id].file, fn[id].name };
		int hit = 0;
		for (int j = 0; j < 2 && !hit; j++) {
			if (!memo[part[j]]) {
				size_t len = 0;
				const char *t = pv_profile_string(p, part[j], &len);
				memo[part[j]] = contains(t ? t : "", t ? len : 0, low, k) ? 1 : 2;
			}
			hit = memo[part[j]] == 1;
		}
		if (!hit && digits && !(fn[id].line == 0 && (fn[id].flags & PV_FUNC_BUILTIN))) {
			char line[24];
			int n = snprintf(line, sizeof line, "%lld", (long long)fn[id].line);
			hit = contains(line, (size_t)n, low, k);
		}
		in[id] = (unsigned char)hit;
	}
	free(memo);
	return 0;
}

/*
 * The set of NEW's functions whose label holds the text `low` (a search's
 * q in lower case: the search folds case), kept in a->match: the same
 * text in another order, or a page of it, costs one pass over that order,
 * and a longer text typed on from it tests only its matches.  NULL when
 * out of memory.
 */
static const unsigned char *matches_of(pv_api *a, const char *low)
{
	struct pvr_match *m = &a->match;
	if (m->in && strcmp(m->low, low) == 0)
		return m->in;
	size_t nf = pv_profile_nfuncs(a->p), k = strlen(low);
	unsigned char *in = malloc(nf ? nf : 1);
	const unsigned char *was = m->in && strstr(low, m->low) ? m->in : NULL;
	if (!in || match_set(a->p, low, k, was, in) < 0) {
		free(in);
		return NULL;
	}
	pvr_match_release(m);
	m->in = in;
	memcpy(m->low, low, k + 1);
	return in;
}

void pvr_match_release(struct pvr_match *m)
{
	free(m->in);
	m->in = NULL;
	m->low[0] = '\0';
}

/* ===================================================== diff mode: the table's gone rows, dpct */

/*
 * The dpct order ranks first the functions whose cumtime is at least this
 * share of its side's total time on either side: a percent change of a
 * function that takes no time (+5,552% of 0.000 s) says little.
 */
#define DPCT_MIN_SHARE 0.001

void pvr_diffstate_free(struct diffstate *x)
{
	if (!x)
		return;
	pv_calltree_prep_free(x->bprep);
	free(x->gone);
	for (int i = 0; i < S_N; i++)
		free(x->mixed[i]);
	for (int i = 0; i < 4; i++)
		free(x->dpct[i / 2][i % 2]);
	pvr_hits_release(&x->hits);
	free(x);
}

struct diffstate *pvr_diffstate(pv_api *a)
{
	if (!a->dx && !(a->dx = calloc(1, sizeof *a->dx)))
		return NULL;
	struct diffstate *x = a->dx;
	if (!x->have_gone) {
		const pv_diff *df = a->diff;
		size_t nb = pv_profile_nfuncs(df->base);
		x->gone = malloc((df->nrows ? df->nrows : 1) * sizeof *x->gone);
		if (!x->gone)
			return NULL;
		for (size_t i = 0; i < df->nrows; i++) {
			const pv_diff_row *r = &df->rows[i];
			if (r->new_.nfuncs == 0 && r->base.nfuncs && r->base.id < nb)
				x->gone[x->ngone++] = (uint32_t)i;
		}
		x->have_gone = 1;
	}
	return x;
}

/* Orders by text key s NEW's function x before BASE's function y (ties: NEW's first). */
static int text_le(const pv_api *a, int s, uint32_t x, uint32_t y, pv_buf *bx, pv_buf *by)
{
	const pv_profile *pn = a->p, *pb = a->diff->base;
	const pv_func *fx = &pv_profile_funcs(pn)[x], *fy = &pv_profile_funcs(pb)[y];
	const char *sx, *sy;
	size_t lx = 0, ly = 0;
	if (s == S_STDNAME) {
		pv_buf_reset(bx);
		pv_buf_reset(by);
		pv_func_std_string(pn, x, bx);
		pv_func_std_string(pb, y, by);
		sx = bx->data ? bx->data : "";
		sy = by->data ? by->data : "";
		lx = bx->len;
		ly = by->len;
	} else {
		sx = pv_profile_string(pn, s == S_NAME ? fx->name : fx->file, &lx);
		sy = pv_profile_string(pb, s == S_NAME ? fy->name : fy->file, &ly);
	}
	return pv_text_cmp(sx ? sx : "", sx ? lx : 0, sy ? sy : "", sy ? ly : 0) <= 0;
}

/* NEW's functions and the gone rows in ascending order of key s (not dpct), made once. */
static const uint32_t *mixed_order(pv_api *a, int s)
{
	struct diffstate *x = a->dx;
	if (x->mixed[s])
		return x->mixed[s];
	size_t nf = pv_profile_nfuncs(a->p), ng = x->ngone, n = nf + ng;
	uint32_t *ids = malloc((n ? n : 1) * sizeof *ids);
	if (!ids)
		return NULL;
	if (s == S_NAME || s == S_FILE || s == S_STDNAME) {
		/* NEW's order and the gone rows' (BASE's functions, sorted alike), merged */
		const uint32_t *no = order_of(a, s);
		const pv_profile *pb = a->diff->base;
		size_t nb = pv_profile_nfuncs(pb);
		uint32_t *bids = malloc((ng ? ng : 1) * sizeof *bids);
		uint32_t *jof = malloc((nb ? nb : 1) * sizeof *jof);
		pv_sort_key k = s == S_NAME ? PV_SORT_NAME : s == S_FILE ? PV_SORT_FILENAME : PV_SORT_STDNAME;
		pv_error err;
		if (!no || !bids || !jof) {
			free(bids);
			free(jof);
			free(ids);
			return NULL;
		}
		for (size_t j = 0; j < ng; j++) {
			bids[j] = a->diff->rows[x->gone[j]].base.id;
			jof[bids[j]] = (uint32_t)j;
		}
		if (pv_sort_ids(pb, &k, 1, bids, ng, &err) < 0) {
			free(bids);
			free(jof);
			free(ids);
			return NULL;
		}
		pv_buf bx = PV_BUF_INIT, by = PV_BUF_INIT;
		size_t i = 0, j = 0, w = 0;
		while (i < nf || j < ng) {
			if (j == ng || (i < nf && text_le(a, s, no[i], bids[j], &bx, &by)))
				ids[w++] = no[i++];
			else
				ids[w++] = (uint32_t)(nf + jof[bids[j++]]);
		}
		pv_buf_release(&bx);
		pv_buf_release(&by);
		free(bids);
		free(jof);
	} else if (by_number(a, s, n, ids) < 0) {
		free(ids);
		return NULL;
	}
	x->mixed[s] = ids;
	return ids;
}

/* ===================================================== a search's list, a page */

void pvr_hits_release(struct pvr_hits *h)
{
	free(h->ids);
	free(h->q);
	memset(h, 0, sizeof *h);
}

/* Whether h is the list of this search (q: "" for none). */
static int hits_are(const struct pvr_hits *h, int s, int d, int mode, const char *q)
{
	return h->ids && h->sort == s && h->desc == d && h->mode == mode && strcmp(h->q, q) == 0;
}

/*
 * Starts in *h the list of a search for q (at most QUERY_MAX characters)
 * among n entries, in order s, d and gone= mode `mode`: room for n entries
 * and a copy of q; `low` gets q in lower case.  Returns 0, or -1 when out
 * of memory (h then holds nothing).
 */
static int hits_start(struct pvr_hits *h, const char *q, size_t n, int s, int d, int mode,
		      char *low)
{
	size_t k = strlen(q);
	for (size_t i = 0; i <= k; i++)
		low[i] = (char)(q[i] >= 'A' && q[i] <= 'Z' ? q[i] - 'A' + 'a' : q[i]);
	*h = (struct pvr_hits){ .sort = s, .desc = d, .mode = mode };
	h->ids = malloc((n ? n : 1) * sizeof *h->ids);
	h->q = strdup(q);
	if (!h->ids || !h->q) {
		pvr_hits_release(h);
		return -1;
	}
	return 0;
}

/* Keeps the list h (from hits_start()) in *kept, in place of the last. */
static void hits_keep(struct pvr_hits *kept, const struct pvr_hits *h)
{
	pvr_hits_release(kept);
	*kept = *h;
}

/*
 * The page of at most `lim` entries from `off` of ids[0..n) (read from the
 * end when rev) into page; returns how many, and *from, where it starts.
 */
static size_t page_of(const uint32_t *ids, size_t n, int rev, size_t off, size_t lim,
		      uint32_t *page, size_t *from)
{
	*from = off < n ? off : n;
	size_t cnt = n - *from < lim ? n - *from : lim;
	for (size_t i = 0; i < cnt; i++)
		page[i] = rev ? ids[n - 1 - (*from + i)] : ids[*from + i];
	return cnt;
}

/*
 * The dpct order as read (desc: largest increase first), NEW's functions
 * and, when `gone`, the gone rows (-100%): first the functions that take
 * at least DPCT_MIN_SHARE of either side's total time, then the others,
 * then those with no percent (no base time: NaN), each part by percent
 * (ties: by id, gone rows last).  Made once.
 */
static const uint32_t *dpct_order(pv_api *a, int gone, int desc)
{
	struct diffstate *x = a->dx;
	if (x->dpct[gone][desc])
		return x->dpct[gone][desc];
	const pv_diff_totals *t = &a->diff->totals;
	size_t nf = pv_profile_nfuncs(a->p), n = nf + (gone ? x->ngone : 0);
	uint32_t *ids = malloc((n ? n : 1) * sizeof *ids);
	kv *v = malloc((n ? n : 1) * sizeof *v);
	if (!ids || !v) {
		free(ids);
		free(v);
		return NULL;
	}
	for (size_t e = 0; e < n; e++) {
		double p = entry_value(a, S_DPCT, (uint32_t)e);
		v[e] = (kv){ dkey(desc ? -p : p), (uint32_t)e };
	}
	if (radix(v, n) < 0) {
		free(ids);
		free(v);
		return NULL;
	}
	size_t w = 0;
	for (int tier = 0; tier < 3; tier++)
		for (size_t i = 0; i < n; i++) {
			const pv_diff_row *r = entry_row(a, v[i].id);
			int ti = !r || isnan(r->p_ct) ? 2
				 : (r->base.ct >= DPCT_MIN_SHARE * t->tt[0] ||
				    r->new_.ct >= DPCT_MIN_SHARE * t->tt[1]) ? 0 : 1;
			if (ti == tier)
				ids[w++] = v[i].id;
		}
	free(v);
	x->dpct[gone][desc] = ids;
	return ids;
}

/*
 * GET /api/functions?gone=1|only (diff mode): the page of NEW's functions
 * and the functions only in BASE (gone=1), or only the latter, in one
 * order; sort, desc, offset, limit and q as without gone.
 */
static int get_functions_gone(pv_api *a, int s, int d, size_t off, size_t lim, const char *q,
			      int mode, pv_buf *out)
{
	struct diffstate *x = pvr_diffstate(a);
	if (!x)
		return error(out, 500, "out of memory");
	size_t nf = pv_profile_nfuncs(a->p), n = nf + x->ngone, ng = x->ngone;
	int rev = s == S_DPCT ? 0 : d;
	const uint32_t *ord = s == S_DPCT ? dpct_order(a, 1, d) : mixed_order(a, s);
	if (!ord)
		return error(out, 500, "out of memory");
	const uint32_t *ids = ord;
	if (mode == 2 || (q && *q)) {
		if (!q)
			q = "";
		if (!hits_are(&x->hits, s, d, mode, q)) {
			char low[QUERY_MAX + 1];
			struct pvr_hits h;
			if (hits_start(&h, q, n, s, d, mode, low) < 0)
				return error(out, 500, "out of memory");
			size_t k = strlen(q);
			pv_buf label = PV_BUF_INIT;
			for (size_t i = 0; i < n; i++) {
				uint32_t e = ord[rev ? n - 1 - i : i];
				if (mode == 2 && e < nf)
					continue;
				if (k) {
					pv_buf_reset(&label);
					if (e < nf)
						pv_func_std_string(a->p, e, &label);
					else
						pv_func_std_string(a->diff->base,
								   a->diff->rows[x->gone[e - nf]].base.id, &label);
					if (!contains(label.data ? label.data : "", label.len, low, k))
						continue;
				}
				h.ids[h.n++] = e;
				h.ngone += e >= nf;
			}
			pv_buf_release(&label);
			hits_keep(&x->hits, &h);
		}
		ids = x->hits.ids;
		n = x->hits.n;
		ng = x->hits.ngone;
		rev = 0;
	}
	uint32_t page[PAGE_MAX];
	size_t from, cnt = page_of(ids, n, rev, off, lim, page, &from);
	pv_error err;
	if (pv_api_functions_page_diff(a->diff, x->gone, page, cnt, n, ng, from, out, &err))
		return error(out, 500, "internal error");
	return 200;
}

/*
 * GET /api/functions with sort=, desc=, offset=, limit=, q= (and, in diff
 * mode, gone=): one page of the table.  Without any of these keys, every
 * function (the first API).
 */
int pvr_get_functions(pv_api *a, pv_api_arg arg, void *ctx, pv_buf *out)
{
	const char *sort = arg(ctx, "sort"), *desc = arg(ctx, "desc");
	const char *offset = arg(ctx, "offset"), *limit = arg(ctx, "limit"), *q = arg(ctx, "q");
	const char *gone = arg(ctx, "gone"), *rank = arg(ctx, "rank");
	pv_error err;
	long long want = rank ? pv_api_parse_decimal(rank) : -1;
	if (rank && want < 0)
		return error(out, 400, "bad rank");
	if (!sort && !desc && !offset && !limit && !q && !gone && !rank)
		return pv_api_functions(a->p, out, &err) ? error(out, 500, "internal error") : 200;
	int s = S_TOTTIME;
	if (sort) {
		for (s = 0; s < S_N && strcmp(sort, sort_names[s]) != 0; s++)
			;
		if (s == S_N || (s >= S_DTT && !a->diff))
			return error(out, 400, "bad sort");
	}
	int d = s != S_NAME && s != S_FILE && s != S_STDNAME;
	if (desc) {
		if (strcmp(desc, "0") && strcmp(desc, "1"))
			return error(out, 400, "bad desc");
		d = desc[0] == '1';
	}
	long long off = offset ? pv_api_parse_decimal(offset) : 0;
	if (off < 0)
		return error(out, 400, "bad offset");
	long long lim = limit ? pv_api_parse_decimal(limit) : PAGE_DEFAULT;
	if (lim < 1 || lim > PAGE_MAX)
		return error(out, 400, "bad limit");
	if (q && strlen(q) > QUERY_MAX)
		return error(out, 400, "bad q");
	/* diff mode: 1 with the functions only in BASE, 2 only those */
	int mode = 0;
	if (gone) {
		mode = !strcmp(gone, "0") ? 0 : !strcmp(gone, "1") ? 1 : !strcmp(gone, "only") ? 2 : -1;
		if (mode < 0 || (mode && !a->diff))
			return error(out, 400, "bad gone");
	}
	if (mode)
		return get_functions_gone(a, s, d, (size_t)off, (size_t)lim, q, mode, out);
	/* rev: the order is read backwards (dpct's is made in the asked direction) */
	int rev = d;
	const uint32_t *ord;
	if (s == S_DPCT) {
		ord = pvr_diffstate(a) ? dpct_order(a, 0, d) : NULL;
		rev = 0;
	} else {
		ord = order_of(a, s);
	}
	if (!ord)
		return error(out, 500, "out of memory");
	size_t nf = pv_profile_nfuncs(a->p);
	const uint32_t *ids = ord;
	size_t n = nf;
	if (q && *q) {
		if (!hits_are(&a->hits, s, d, 0, q)) {
			char low[QUERY_MAX + 1];
			struct pvr_hits h;
			if (hits_start(&h, q, nf, s, d, 0, low) < 0)
				return error(out, 500, "out of memory");
			const unsigned char *in = matches_of(a, low);
			if (!in) {
				pvr_hits_release(&h);
				return error(out, 500, "out of memory");
			}
			for (size_t i = 0; i < nf; i++) {
				uint32_t id = ord[rev ? nf - 1 - i : i];
				if (in[id])
					h.ids[h.n++] = id;
			}
			hits_keep(&a->hits, &h);
		}
		ids = a->hits.ids;
		n = a->hits.n;
		rev = 0; /* hits are in the asked order already */
	}
	uint32_t page[PAGE_MAX];
	size_t from, cnt = page_of(ids, n, rev, (size_t)off, (size_t)lim, page, &from);
	/* rank=ID: where function ID stands in this order (-1: not in it),
	   so the page can scroll its table to a selected function */
	long long at = -1;
	for (size_t i = 0; rank && i < n; i++)
		if ((rev ? ids[n - 1 - i] : ids[i]) == (unsigned long long)want) {
			at = (long long)i;
			break;
		}
	if (pv_api_functions_page(a->p, page, cnt, n, from, rank ? &at : NULL, out, &err))
		return error(out, 500, "internal error");
	return 200;
}
