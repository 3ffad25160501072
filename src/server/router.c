/*
 * router.c - the API of one served profile: which answer each path gets,
 * with the query checked, and what is kept between requests (pv/api.h).
 *
 * No HTTP here: serve.c hands over a path and a way to read the query;
 * the page's WebAssembly build does the same with a query string
 * (pv_api_query_parse), so both get the same bytes.  Everything kept is
 * made by the first request that needs it: the server starts with the
 * profile loaded and nothing else, whatever its size.
 */
#include "pv/api.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pv/api_dot.h"
#include "pv/calltree.h"
#include "pv/diff.h"
#include "pv/diff_write.h"
#include "pv/query.h"

/* the table's sort keys (sort=...) */
enum { S_TOTTIME, S_CUMTIME, S_NCALLS, S_PCALLS, S_TPERCALL, S_CPERCALL, S_NAME, S_FILE,
       S_STDNAME, S_DTT, S_DCT, S_DPCT, S_N };
static const char *const sort_names[S_N] = {
	"tottime", "cumtime", "ncalls", "pcalls", "tpercall", "cpercall",
	/* as pstats' sort_stats words name, filename and stdname order them */
	"name", "file", "stdname",
	/* diff mode: the changes from BASE (NaN, sorted lowest, where unknown) */
	"dtottime", "dcumtime", "dpct",
};

#define PAGE_DEFAULT 100
#define PAGE_MAX 2000
#define QUERY_MAX 256

struct pv_api {
	const pv_profile *p;
	const pv_diff *diff;
	const char *base_label;
	pv_buf summary, diffjs;  /* answers made once */
	int have_summary, have_diff;
	uint32_t *order[S_N];    /* function ids in ascending order of each key */
	pv_calltree_prep *prep;  /* the call tree's state, made once */
	int prep_failed;
	/* the last filtered order (for paging through one search) */
	uint32_t *hits;
	size_t nhits;
	int hits_sort, hits_desc;
	char *hits_q;
};

pv_api *pv_api_new(const pv_profile *p, const pv_diff *diff, const char *base_label)
{
	pv_api *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	a->p = p;
	a->diff = diff;
	a->base_label = base_label;
	pv_buf_init(&a->summary);
	pv_buf_init(&a->diffjs);
	return a;
}

void pv_api_free(pv_api *a)
{
	if (!a)
		return;
	pv_buf_release(&a->summary);
	pv_buf_release(&a->diffjs);
	for (int i = 0; i < S_N; i++)
		free(a->order[i]);
	pv_calltree_prep_free(a->prep);
	free(a->hits);
	free(a->hits_q);
	free(a);
}

/* ===================================================== query strings */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t pv_api_unescape(char *s, int plus)
{
	char *w = s;
	for (const char *r = s; *r; r++) {
		int h, l;
		if (*r == '+' && plus) {
			*w++ = ' ';
		} else if (*r == '%' && (h = hexval(r[1])) >= 0 && (l = hexval(r[2])) >= 0 &&
			   (h | l) != 0) {
			*w++ = (char)(h * 16 + l);
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = 0;
	return (size_t)(w - s);
}

int pv_api_query_parse(pv_api_query *q, const char *raw)
{
	memset(q, 0, sizeof *q);
	if (!raw)
		raw = "";
	if (*raw == '?')
		raw++;
	q->buf = strdup(raw);
	if (!q->buf)
		return -1;
	for (char *s = q->buf; *s;) {
		char *amp = strchr(s, '&');
		if (amp)
			*amp = 0;
		if (*s) {
			if (q->n == 32)
				return -1;
			char *eq = strchr(s, '=');
			if (eq)
				*eq = 0;
			pv_api_unescape(s, 1);
			q->key[q->n] = s;
			if (eq)
				pv_api_unescape(eq + 1, 1);
			q->val[q->n] = eq ? eq + 1 : "";
			q->n++;
		}
		if (!amp)
			break;
		s = amp + 1;
	}
	return 0;
}

const char *pv_api_query_arg(void *ctx, const char *key)
{
	const pv_api_query *q = ctx;
	for (int i = 0; i < q->n; i++)
		if (strcmp(q->key[i], key) == 0)
			return q->val[i];
	return NULL;
}

void pv_api_query_release(pv_api_query *q)
{
	free(q->buf);
	memset(q, 0, sizeof *q);
}

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

/* The function ids in ascending order of key s (ties: by id), made once. */
static const uint32_t *order_of(pv_api *a, int s)
{
	if (a->order[s])
		return a->order[s];
	size_t nf = pv_profile_nfuncs(a->p);
	const pv_func *fn = pv_profile_funcs(a->p);
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
	} else {
		kv *v = malloc((nf ? nf : 1) * sizeof *v);
		if (!v) {
			free(ids);
			return NULL;
		}
		for (size_t i = 0; i < nf; i++) {
			const pv_func *f = &fn[i];
			double nc = (double)pv_func_nc(f), cc = (double)pv_func_cc(f);
			double x;
			if (s >= S_DTT) {
				const pv_diff_row *r = diff_row(a, (uint32_t)i);
				x = !r ? (double)NAN : s == S_DTT ? r->d_tt : s == S_DCT ? r->d_ct : r->p_ct;
			} else {
				x = s == S_TOTTIME ? f->tt : s == S_CUMTIME ? f->ct
				  : s == S_NCALLS ? nc : s == S_PCALLS ? cc
				  : s == S_TPERCALL ? (nc ? f->tt / nc : 0) : (cc ? f->ct / cc : 0);
			}
			v[i] = (kv){ dkey(x), (uint32_t)i };
		}
		if (radix(v, nf) < 0) {
			free(v);
			free(ids);
			return NULL;
		}
		for (size_t i = 0; i < nf; i++)
			ids[i] = v[i].id;
		free(v);
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
 * The search of get_functions() without writing labels out: a text with
 * none of the characters pstats puts around a label's parts (":", "(",
 * ")", the braces and angle brackets of built-ins, "~") is in the label
 * `file:line(name)` exactly when it is in the file, the name or (digits
 * only) the line.  Each file and name string is tested once.  Returns 0
 * with the hits in the order of ord (reversed when desc), or -1 when the
 * text needs the whole label (or memory ran out).
 */
static int search_parts(const pv_profile *p, const uint32_t *ord, size_t nf, int desc,
			const char *low, size_t k, uint32_t *hits, size_t *nh)
{
	int digits = 1;
	for (size_t i = 0; i < k; i++) {
		if (strchr(":(){}<>~", low[i]))
			return -1;
		digits &= low[i] >= '0' && low[i] <= '9';
	}
	const pv_func *fn = pv_profile_funcs(p);
	uint32_t maxs = 0;
	for (size_t i = 0; i < nf; i++) {
		if (fn[i].file > maxs)
			maxs = fn[i].file;
		if (fn[i].name > maxs)
			maxs = fn[i].name;
	}
	unsigned char *memo = calloc((size_t)maxs + 1, 1); /* 0 unknown, 1 in it, 2 not */
	unsigned char *in = malloc(nf ? nf : 1);
	if (!memo || !in) {
		free(memo);
		free(in);
		return -1;
	}
	/* in id order first: the functions and their strings are read in
	   the order they sit in memory; then the hits in the asked order */
	for (size_t id = 0; id < nf; id++) {
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
	for (size_t i = 0; i < nf; i++) {
		uint32_t id = ord[desc ? nf - 1 - i : i];
		if (in[id])
			hits[(*nh)++] = id;
	}
	free(memo);
	free(in);
	return 0;
}

static int error(pv_buf *out, int status, const char *msg)
{
	pv_buf_reset(out);
	pv_buf_printf(out, "{\"error\":\"%s\"}\n", msg);
	return status;
}

/*
 * GET /api/functions with sort=, desc=, offset=, limit=, q=: one page of
 * the table.  Without any of these keys, every function (the first API).
 */
static int get_functions(pv_api *a, pv_api_arg arg, void *ctx, pv_buf *out)
{
	const char *sort = arg(ctx, "sort"), *desc = arg(ctx, "desc");
	const char *offset = arg(ctx, "offset"), *limit = arg(ctx, "limit"), *q = arg(ctx, "q");
	pv_error err;
	if (!sort && !desc && !offset && !limit && !q)
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
	const uint32_t *ord = order_of(a, s);
	if (!ord)
		return error(out, 500, "out of memory");
	size_t nf = pv_profile_nfuncs(a->p);
	const uint32_t *ids = ord;
	size_t n = nf;
	if (q && *q) {
		if (!a->hits || a->hits_sort != s || a->hits_desc != d || strcmp(a->hits_q, q) != 0) {
			char low[QUERY_MAX + 1];
			size_t k = strlen(q);
			for (size_t i = 0; i <= k; i++)
				low[i] = (char)(q[i] >= 'A' && q[i] <= 'Z' ? q[i] - 'A' + 'a' : q[i]);
			uint32_t *hits = malloc((nf ? nf : 1) * sizeof *hits);
			char *qq = strdup(q);
			if (!hits || !qq) {
				free(hits);
				free(qq);
				return error(out, 500, "out of memory");
			}
			size_t nh = 0;
			if (search_parts(a->p, ord, nf, d, low, k, hits, &nh) < 0) {
				/* the text may span the parts of a label: every label, written out */
				nh = 0;
				pv_buf label = PV_BUF_INIT;
				for (size_t i = 0; i < nf; i++) {
					uint32_t id = ord[d ? nf - 1 - i : i];
					pv_buf_reset(&label);
					pv_func_std_string(a->p, id, &label);
					if (contains(label.data ? label.data : "", label.len, low, k))
						hits[nh++] = id;
				}
				pv_buf_release(&label);
			}
			free(a->hits);
			free(a->hits_q);
			a->hits = hits;
			a->nhits = nh;
			a->hits_sort = s;
			a->hits_desc = d;
			a->hits_q = qq;
		}
		ids = a->hits;
		n = a->nhits;
		d = 0; /* hits are in the asked order already */
	}
	size_t from = (size_t)off < n ? (size_t)off : n;
	size_t cnt = n - from < (size_t)lim ? n - from : (size_t)lim;
	uint32_t page[PAGE_MAX];
	for (size_t i = 0; i < cnt; i++)
		page[i] = d ? ids[n - 1 - (from + i)] : ids[from + i];
	if (pv_api_functions_page(a->p, page, cnt, n, from, out, &err))
		return error(out, 500, "internal error");
	return 200;
}

/* ===================================================== the rest */

/*
 * The key whose pstats label (func_std_string) is `label`: "file:line(name)",
 * "{name}" for a built-in ('~', 0, "<name>"), or a bare name ('~', 0).  A
 * label can be read more than one way ("a:1(b):2(c)"): each is tried, left
 * to right.  Returns the id, or -1.
 */
static long long find_label(const pv_profile *p, const char *label)
{
	size_t n = strlen(label);
	if (n > 4096)
		return -1;
	if (n == 0)
		return pv_profile_find(p, "~", 0, "");
	if (label[0] == '{' && label[n - 1] == '}') {
		char name[4100];
		snprintf(name, sizeof name, "<%.*s>", (int)(n - 2), label + 1);
		long r = pv_profile_find(p, "~", 0, name);
		if (r >= 0)
			return r;
	}
	if (label[n - 1] == ')') {
		char *t = strdup(label);
		if (!t)
			return -1;
		for (char *c = strchr(t, ':'); c; c = strchr(c + 1, ':')) {
			char *d = c + 1;
			if (!(*d >= '0' && *d <= '9') && *d != '-')
				continue;
			char *e = d + (*d == '-');
			while (*e >= '0' && *e <= '9')
				e++;
			if (*e != '(')
				continue;
			long long line = strtoll(d, NULL, 10);
			*c = 0;
			t[n - 1] = 0;
			long r = pv_profile_find(p, t, (int64_t)line, e + 1);
			*c = ':';
			t[n - 1] = ')';
			if (r >= 0) {
				free(t);
				return r;
			}
		}
		free(t);
	}
	long r = pv_profile_find(p, "~", 0, label);
	return r;
}

static int get_function(pv_api *a, pv_api_arg arg, void *ctx, pv_buf *out)
{
	const char *id = arg(ctx, "id"), *label = arg(ctx, "label");
	if (!id && label) {
		long long v = find_label(a->p, label);
		if (v < 0)
			return error(out, 404, "no such function");
		pv_error err;
		return pv_api_function(a->p, (uint32_t)v, out, &err) ? error(out, 500, "internal error") : 200;
	}
	long long v = id ? pv_api_parse_decimal(id) : -1;
	if (v < 0)
		return error(out, 400, "bad id");
	if ((size_t)v >= pv_profile_nkeys(a->p))
		return error(out, 404, "no such function");
	pv_error err;
	if (pv_api_function(a->p, (uint32_t)v, out, &err))
		return error(out, 500, "internal error");
	return 200;
}

static int get_tree(pv_api *a, pv_api_arg arg, void *ctx, pv_buf *out)
{
	pv_api_tree_query *q = malloc(sizeof *q);
	if (!q)
		return error(out, 500, "out of memory");
	pv_error err;
	int status = 200;
	if (pv_api_tree_query_parse(a->p, q, arg, ctx, &err)) {
		status = error(out, 400, err.msg);
	} else {
		if (!a->prep && !a->prep_failed && !q->callers) {
			a->prep = pv_calltree_prepare(a->p, &err);
			a->prep_failed = a->prep == NULL;
		}
		if (pv_api_tree(a->p, a->prep, q, out, &err))
			status = error(out, 500, "internal error");
	}
	free(q);
	return status;
}

/* Copies a kept answer, making it first if need be. */
static int kept(pv_buf *keep, int *have, int rc, pv_buf *out)
{
	if (rc)
		return error(out, 500, "internal error");
	*have = 1;
	pv_buf_append(out, keep->data, keep->len);
	return pv_buf_ok(out) ? 200 : error(out, 500, "out of memory");
}

int pv_api_get(pv_api *a, const char *path, pv_api_arg arg, void *ctx, pv_buf *out,
	       const char **type)
{
	pv_error err;
	*type = "application/json";
	if (strcmp(path, "/api/summary") == 0) {
		int rc = 0;
		if (!a->have_summary)
			rc = a->diff ? pv_api_summary_diff(a->p, a->diff, a->base_label, &a->summary, &err)
				     : pv_api_summary(a->p, &a->summary, &err);
		return kept(&a->summary, &a->have_summary, rc, out);
	}
	if (strcmp(path, "/api/diff") == 0) {
		if (!a->diff)
			return error(out, 404, "not found");
		int rc = a->have_diff ? 0 : pv_api_diff(a->diff, &a->diffjs, &err);
		return kept(&a->diffjs, &a->have_diff, rc, out);
	}
	if (strcmp(path, "/api/functions") == 0)
		return get_functions(a, arg, ctx, out);
	if (strcmp(path, "/api/function") == 0)
		return get_function(a, arg, ctx, out);
	if (strcmp(path, "/api/tree") == 0)
		return get_tree(a, arg, ctx, out);
	if (strcmp(path, "/api/dot") == 0) {
		/* gprof2dot's graph laid out by Graphviz: SVG, or advice when too big */
		int st = pv_api_dot(a->p, arg, ctx, out, type, &err);
		if (st != 200) {
			*type = "application/json";
			return error(out, st, err.msg);
		}
		return 200;
	}
	if (strcmp(path, "/api/graph") == 0)
		return pv_api_graph(a->p, out, &err) ? error(out, 500, "internal error") : 200;
	return error(out, 404, "not found");
}
