/*
 * fuzz_target.c - one input through the reader, the model operations and
 * the backends.  Used by libFuzzer (tests/fuzz/run) and by the replay
 * driver that the test suite runs over the regression files.
 *
 * Whatever the input, this must not crash, leak, hang or allocate far more
 * than the input's size.  Invariants of a loaded profile are checked with
 * abort(), so a violation is a finding too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pv/api.h"
#include "pv/dot.h"
#include "pv/export.h"
#include "pv/profile.h"
#include "pv/query.h"
#include "pv/report.h"

int pv_fuzz_one(const uint8_t *data, size_t size);

static void check(const pv_profile *p)
{
	size_t n = pv_profile_nfuncs(p), nk = pv_profile_nkeys(p), ne = pv_profile_nedges(p);
	const pv_func *f = pv_profile_funcs(p);
	const pv_edge *e = pv_profile_edges(p);
	const uint32_t *cs, *ci = pv_profile_callee_index(p, &cs);
	size_t callers = 0, callees = 0, maxw = 0;
	if (n == 0 || n > nk)
		abort();
	if (!ci)
		return;  /* out of memory */
	if (cs[0] != 0 || cs[nk] != ne)
		abort();
	for (size_t i = 0; i < nk; i++) {
		if (i < n && !(f[i].flags & PV_FUNC_STATS))
			abort();
		if (i >= n && ((f[i].flags & PV_FUNC_STATS) || f[i].ncallers))
			abort();
		for (uint32_t k = 0; k < f[i].ncallers; k++)
			if (f[i].callers + k >= ne || e[f[i].callers + k].callee != i ||
			    e[f[i].callers + k].caller >= nk)
				abort();
		if (cs[i + 1] < cs[i])
			abort();
		for (uint32_t k = cs[i]; k < cs[i + 1]; k++)
			if (k >= ne || ci[k] >= ne || e[ci[k]].caller != i)
				abort();
		callers += f[i].ncallers;
		callees += cs[i + 1] - cs[i];
		if (i < n && pv_func_width(p, (uint32_t)i) > maxw)
			maxw = pv_func_width(p, (uint32_t)i);
	}
	if (callers != ne || callees != ne || maxw != pv_profile_max_name_len(p))
		abort();
}

/* Every backend on the loaded profile: none may fail but for memory. */
static void backends(const pv_profile *p)
{
	pv_error err;
	pv_buf b = PV_BUF_INIT;
	pv_sort_key keys[2];
	pv_restriction lim[2];
	if (pv_sort_key_parse("tottime", &keys[0], &err) != 0 ||
	    pv_sort_key_parse("name", &keys[1], &err) != 0)
		abort();
	pv_restriction_count(&lim[0], 30);
	if (pv_restriction_regex(&lim[1], "[a-z]", &err) != 0)
		abort();
	pv_query q = { keys, 2, 1, lim, 2 };
	static const pv_report_mode modes[] = { PV_REPORT_STATS, PV_REPORT_CALLERS,
						PV_REPORT_CALLEES };
	static const pv_report_format fmts[] = { PV_FORMAT_TEXT, PV_FORMAT_JSON, PV_FORMAT_CSV };
	for (size_t m = 0; m < 3; m++)
		for (size_t f = 0; f < 3; f++) {
			pv_buf_reset(&b);
			/* a profile-module caller naming no function may fail in
			 * callers mode (pstats' KeyError); the reader rejects those */
			if (pv_report(p, &q, modes[m], fmts[f], &b, &err) != 0)
				abort();
		}
	pv_restriction_release(&lim[1]);

	pv_dot_options o;
	pv_dot_options_init(&o);
	o.node_thres = 0;
	o.edge_thres = 0;
	pv_dot_graph *g = pv_dot_build(p, &o, &err);
	if (!g)
		abort();
	pv_buf_reset(&b);
	if (pv_dot_write(g, &b, &err) != 0)
		abort();
	pv_dot_graph_free(g);

	pv_buf_reset(&b);
	if (pv_api_graph(p, &b, &err) != 0 || pv_api_functions(p, &b, &err) != 0 ||
	    pv_api_summary(p, &b, &err) != 0 || pv_api_function(p, 0, &b, &err) != 0)
		abort();
	pv_buf_reset(&b);
	if (pv_export_json(p, &b, &err) != 0 || pv_export_callgrind(p, NULL, &b, &err) != 0 ||
	    pv_export_collapsed(p, 2000, 0.0, &b, &err) != 0)
		abort();

	/* dump_stats() output reads back with the same functions */
	pv_buf_reset(&b);
	if (pv_profile_write_marshal(p, &b, &err) != 0)
		abort();
	pv_profile *back = pv_profile_load_mem(b.data, b.len, "dump", &err);
	/* a sampled profile (3.15's profiling.sampling) stays one */
	if (!back || pv_profile_is_sampled(back) != pv_profile_is_sampled(p))
		abort();
	pv_profile_free(back);
	pv_buf_release(&b);
}

int pv_fuzz_one(const uint8_t *data, size_t size)
{
	pv_error err;
	pv_profile *p = pv_profile_load_mem(data, size, "fuzz", &err);
	if (!p) {
		if (!err.msg[0] || strchr(err.msg, '\n'))
			abort();
		return 0;
	}
	check(p);
	pv_buf b = PV_BUF_INIT;
	for (size_t i = 0; i < pv_profile_nkeys(p); i++) {
		pv_buf_reset(&b);
		pv_func_std_string(p, (uint32_t)i, &b);
		if (pv_text_width(b.data ? b.data : "", b.len) != pv_func_width(p, (uint32_t)i))
			abort();
	}
	pv_buf_release(&b);
	backends(p);

	pv_profile *q = pv_profile_clone(p);
	if (q) {
		check(q);
		if (pv_profile_add(q, p, &err) == 0) {
			check(q);
			if (pv_profile_nfuncs(q) != pv_profile_nfuncs(p))
				abort();
		}
		if (pv_profile_strip_dirs(q, &err) == 0)
			check(q);
		pv_profile_free(q);
	}
	pv_profile_free(p);
	return 0;
}

#ifdef PV_LIBFUZZER
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return pv_fuzz_one(data, size);
}
#endif
