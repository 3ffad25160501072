/*
 * test_diff.c - pv_diff (src/analysis/diff.c, src/output/diff_write.c):
 * matching (exact and by basename and name), sums, deltas, percentages,
 * the stable sort and the writers.
 * Profiles come from tests/diff/data and tests/flame/data.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pv/diff_write.h"
#include "pv/profile.h"

/* Two profiles and their diff (exact match). */
typedef struct pair {
	pv_profile *a, *b;
	pv_diff d;
} pair;

/* Loads AREA_A/A and AREA_B/B and diffs them; the test stops on failure. */
static void pair_open(pair *x, const char *area_a, const char *a, const char *area_b,
		      const char *b)
{
	pv_error err;
	x->a = pv_test_load(area_a, a);
	x->b = pv_test_load(area_b, b);
	CU_ASSERT_PTR_NOT_NULL_FATAL(x->a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(x->b);
	CU_ASSERT_FATAL(pv_diff_compute(x->a, x->b, PV_DIFF_MATCH_EXACT, &x->d, &err) == 0);
}

static void pair_close(pair *x)
{
	pv_diff_release(&x->d);
	pv_profile_free(x->a);
	pv_profile_free(x->b);
}

static void test_self(void)
{
	pair x;
	pair_open(&x, "diff", "py311_jsontool.pstats", "diff", "py311_jsontool.pstats");
	pv_diff *d = &x.d;
	CU_ASSERT_EQUAL(d->nrows, pv_profile_nfuncs(x.a));
	CU_ASSERT_EQUAL(d->totals.both, d->nrows);
	CU_ASSERT_EQUAL(d->totals.only_base + d->totals.only_new, 0);
	pv_diff_sort(d, PV_DIFF_SORT_CUMTIME);
	for (size_t i = 0; i < d->nrows; i++) {
		const pv_diff_row *r = &d->rows[i];
		CU_ASSERT(r->d_nc == 0);
		CU_ASSERT(r->d_tt == 0 && r->d_ct == 0);
		CU_ASSERT(r->base.id == r->new_.id);
		/* all ties: the sort keeps the dict order */
		CU_ASSERT_EQUAL(r->order, i);
		CU_ASSERT_EQUAL(r->base.id, i);
	}
	pair_close(&x);
}

static void test_versions(void)
{
	pair pr;
	pair_open(&pr, "diff", "py311_jsontool.pstats", "diff", "py312_jsontool.pstats");
	pv_profile *a = pr.a, *b = pr.b;
	pv_diff *d = &pr.d;
	CU_ASSERT_EQUAL(d->totals.both + d->totals.only_base, pv_profile_nfuncs(a));
	CU_ASSERT_EQUAL(d->totals.both + d->totals.only_new, pv_profile_nfuncs(b));
	/* the builtins match exactly across versions */
	long ea = pv_profile_find(a, "~", 0, "<built-in method builtins.exec>");
	CU_ASSERT_FATAL(ea >= 0);
	int found = 0;
	for (size_t i = 0; i < d->nrows; i++) {
		const pv_diff_row *r = &d->rows[i];
		if (r->base.id == (uint32_t)ea) {
			found = 1;
			CU_ASSERT(r->new_.nfuncs == 1);
			CU_ASSERT(r->d_nc == 10);
			CU_ASSERT_DOUBLE_EQUAL(r->d_ct, r->new_.ct - r->base.ct, 0);
			CU_ASSERT_DOUBLE_EQUAL(r->p_ct, r->d_ct / r->base.ct * 100.0, 0);
		}
		if (!r->base.nfuncs)
			CU_ASSERT(isnan(r->p_ct) && isnan(r->p_tt) && isnan(r->p_nc));
	}
	CU_ASSERT(found);
	/* sorted by |cumtime delta|, ties by build order */
	pv_diff_sort(d, PV_DIFF_SORT_CUMTIME);
	for (size_t i = 1; i < d->nrows; i++) {
		double x = fabs(d->rows[i - 1].d_ct), y = fabs(d->rows[i].d_ct);
		CU_ASSERT(x > y || (x == y && d->rows[i - 1].order < d->rows[i].order));
	}
	pv_diff_sort(d, PV_DIFF_SORT_NONE);
	for (size_t i = 0; i < d->nrows; i++)
		CU_ASSERT_EQUAL(d->rows[i].order, i);
	pv_diff_release(d);

	/* by name: python3.11 vs python3.12 paths share basenames */
	CU_ASSERT_FATAL(pv_diff_compute(a, b, PV_DIFF_MATCH_NAME, d, NULL) == 0);
	CU_ASSERT(d->totals.both > 150);
	size_t summed = 0;
	for (size_t i = 0; i < d->nrows; i++)
		summed += d->rows[i].base.nfuncs + d->rows[i].new_.nfuncs;
	CU_ASSERT_EQUAL(summed, pv_profile_nfuncs(a) + pv_profile_nfuncs(b));
	/* row_of: every function points at the row that holds it */
	for (int side = 0; side < 2; side++) {
		const pv_profile *p = side ? b : a;
		const pv_func *fn = pv_profile_funcs(p);
		for (size_t i = 0; i < pv_profile_nfuncs(p); i++) {
			uint32_t k = d->row_of[side][i];
			CU_ASSERT_FATAL(k < d->nrows);
			const pv_diff_side *s = side ? &d->rows[k].new_ : &d->rows[k].base;
			CU_ASSERT(s->nfuncs >= 1);
			CU_ASSERT(fn[i].name == fn[s->id].name);
			CU_ASSERT(i >= s->id);
		}
	}
	pair_close(&pr);
}

static cJSON *write_json(const pv_diff *d, size_t limit)
{
	pv_buf out = PV_BUF_INIT;
	pv_diff_output o = { PV_DIFF_JSON, PV_DIFF_SORT_CUMTIME, limit, "a<&>", "b\"\n" };
	CU_ASSERT(pv_diff_write(d, &o, &out, NULL) == 0);
	/* cJSON refuses \udcXX (legal JSON): make them plain escapes */
	for (char *u = out.data; (u = strstr(u, "\\ud")); u += 4)
		u[2] = '0', u[3] = '0';
	cJSON *j = cJSON_Parse(out.data);
	CU_ASSERT_PTR_NOT_NULL(j);
	pv_buf_release(&out);
	return j;
}

static void test_json(void)
{
	pair x;
	pair_open(&x, "diff", "names.pstats", "flame", "hostile.pstats");
	pv_diff *d = &x.d;
	pv_diff_sort(d, PV_DIFF_SORT_CUMTIME);
	cJSON *j = write_json(d, 3);
	CU_ASSERT_FATAL(j != NULL);
	cJSON *rows = cJSON_GetObjectItem(j, "rows");
	CU_ASSERT_EQUAL(cJSON_GetArraySize(rows), 3);
	CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "base"), "label")->valuestring,
			       "a<&>");
	cJSON *tot = cJSON_GetObjectItem(j, "totals");
	CU_ASSERT_EQUAL(cJSON_GetObjectItem(tot, "rows")->valueint, (int)d->nrows);
	cJSON_Delete(j);
	j = write_json(d, SIZE_MAX);
	CU_ASSERT_FATAL(j != NULL);
	rows = cJSON_GetObjectItem(j, "rows");
	CU_ASSERT_EQUAL(cJSON_GetArraySize(rows), (int)d->nrows);
	for (int i = 0; i < cJSON_GetArraySize(rows); i++) {
		cJSON *r = cJSON_GetArrayItem(rows, i);
		cJSON *dl = cJSON_GetObjectItem(r, "delta");
		/* the same double, or null for NaN and infinities */
		cJSON *ct = cJSON_GetObjectItem(dl, "ct");
		CU_ASSERT(isfinite(d->rows[i].d_ct) ? cJSON_IsNumber(ct) && ct->valuedouble == d->rows[i].d_ct
						    : cJSON_IsNull(ct));
		const char *st = cJSON_GetObjectItem(r, "status")->valuestring;
		CU_ASSERT(strcmp(st, "both") == 0 || strcmp(st, "base") == 0 || strcmp(st, "new") == 0);
	}
	cJSON_Delete(j);
	pair_close(&x);
}

/* The totals' members as the CLI nests them and the server prefixes them. */
static void test_json_totals(void)
{
	pv_diff_totals t;
	memset(&t, 0, sizeof t);
	t.tt[0] = 2.0;
	t.tt[1] = 0.5;
	t.d_tt = -1.5;
	t.p_tt = -75;
	t.calls[0] = 0;
	t.calls[1] = (pv_count)1 << 53;
	t.d_calls = (pv_count)1 << 53;
	t.p_calls = NAN;
	pv_buf b = PV_BUF_INIT;
	pv_diff_json_total(&b, &t, 0, "", 1);
	CU_ASSERT_STRING_EQUAL(b.data, "\"base\":2,\"new\":0.5,\"delta\":-1.5,\"pct\":-75");
	pv_buf_reset(&b);
	pv_diff_json_total(&b, &t, 1, "total_calls_", 0);
	CU_ASSERT_STRING_EQUAL(b.data, "\"total_calls_base\":0,"
				       "\"total_calls_new\":\"9007199254740992\","
				       "\"total_calls_delta\":\"9007199254740992\"");
	pv_buf_reset(&b);
	pv_diff_json_total(&b, &t, 1, "", 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(b.data, ",\"pct\":null"));
	pv_buf_release(&b);
}

static void test_sort_words(void)
{
	pv_diff_sort_key k;
	CU_ASSERT(pv_diff_sort_key_parse("cumtime", &k, NULL) == 0 && k == PV_DIFF_SORT_CUMTIME);
	CU_ASSERT(pv_diff_sort_key_parse("time", &k, NULL) == 0 && k == PV_DIFF_SORT_TOTTIME);
	CU_ASSERT(pv_diff_sort_key_parse("calls", &k, NULL) == 0 && k == PV_DIFF_SORT_NCALLS);
	CU_ASSERT(pv_diff_sort_key_parse("pct", &k, NULL) == 0 && k == PV_DIFF_SORT_CUMPCT);
	pv_error err;
	CU_ASSERT(pv_diff_sort_key_parse("nope", &k, &err) == -1);
	CU_ASSERT(strstr(err.msg, "nope") != NULL);
	CU_ASSERT_STRING_EQUAL(pv_diff_sort_key_word(PV_DIFF_SORT_NAME), "name");
}

int main(void)
{
	static const pv_test tests[] = {
		{ "a profile against itself", test_self },
		{ "two Python versions, exact and by name", test_versions },
		{ "json output parses and matches the rows", test_json },
		{ "json totals, nested and prefixed", test_json_totals },
		{ "sort key words", test_sort_words },
		{ NULL, NULL },
	};
	return pv_test_run("diff", tests);
}
