/*
 * report_sampled.c - the words of the stats report that depend on what a
 * profile counts: calls (cProfile, profile, profiling.tracing) or samples
 * (3.15's profiling.sampling, pv_profile_is_sampled).  See
 * pv_report_names in pv/report.h.
 *
 * The text is 3.15's pstats.SampledStats: its print_title and
 * print_call_subheading are the only methods it changes (a file opened by
 * name keeps Stats' sort keys and everything else).  JSON and CSV name the
 * counts as samples ("nsamples", "psamples" as 3.15's sort keys do).
 */
#include "pv/report.h"

static const pv_fj_field call_rows[] = {
	PV_FJ_FILE, PV_FJ_LINE, PV_FJ_NAME, PV_FJ_STD_NAME, PV_FJ_NCALLS, PV_FJ_PCALLS,
	PV_FJ_TOTTIME, PV_FJ_TOTTIME_PERCALL, PV_FJ_CUMTIME, PV_FJ_CUMTIME_PERCALL, PV_FJ_END,
};

static const pv_fj_field call_edges[] = {
	PV_FJ_FILE, PV_FJ_LINE, PV_FJ_NAME, PV_FJ_STD_NAME, PV_FJ_KIND, PV_FJ_NCALLS,
	PV_FJ_PCALLS, PV_FJ_TOTTIME, PV_FJ_CUMTIME, PV_FJ_END,
};

static const pv_fj_field sample_rows[] = {
	PV_FJ_FILE, PV_FJ_LINE, PV_FJ_NAME, PV_FJ_STD_NAME, PV_FJ_NSAMPLES, PV_FJ_PSAMPLES,
	PV_FJ_TOTTIME, PV_FJ_TOTTIME_PERSAMPLE, PV_FJ_CUMTIME, PV_FJ_CUMTIME_PERSAMPLE,
	PV_FJ_END,
};

static const pv_fj_field sample_edges[] = {
	PV_FJ_FILE, PV_FJ_LINE, PV_FJ_NAME, PV_FJ_STD_NAME, PV_FJ_KIND, PV_FJ_NSAMPLES,
	PV_FJ_PSAMPLES, PV_FJ_TOTTIME, PV_FJ_CUMTIME, PV_FJ_END,
};

static const pv_report_names calls = {
	.columns = { "ncalls", "tottime", "percall", "cumtime", "percall" },
	.unit = "calls",
	.unit_one = "call",
	.title = "   ncalls  tottime  percall  cumtime  percall filename:lineno(function)\n",
	.subheading = "    ncalls  tottime  cumtime\n",
	.csv_stats = "file,line,name,std_name,ncalls,pcalls,tottime,tottime_percall,"
		     "cumtime,cumtime_percall\n",
	.csv_callers = "function,caller,file,line,name,kind,ncalls,pcalls,tottime,cumtime\n",
	.csv_callees = "function,callee,file,line,name,kind,ncalls,pcalls,tottime,cumtime\n",
	.json_total = "total_calls",
	.json_primitive = "primitive_calls",
	.row_fields = call_rows,
	.edge_fields = call_edges,
};

static const pv_report_names samples = {
	.columns = { "nsamples", "tottime", "persample", "cumtime", "persample" },
	.unit = "samples",
	.unit_one = "sample",
	.title = " nsamples  tottime persample cumtime persample filename:lineno(function)\n",
	.subheading = "    nsamples  tottime  cumtime\n",
	.csv_stats = "file,line,name,std_name,nsamples,psamples,tottime,tottime_persample,"
		     "cumtime,cumtime_persample\n",
	.csv_callers = "function,caller,file,line,name,kind,nsamples,psamples,tottime,cumtime\n",
	.csv_callees = "function,callee,file,line,name,kind,nsamples,psamples,tottime,cumtime\n",
	.json_total = "total_samples",
	.json_primitive = "primitive_samples",
	.row_fields = sample_rows,
	.edge_fields = sample_edges,
};

const pv_report_names *pv_report_names_of(const pv_profile *p)
{
	return p && pv_profile_is_sampled(p) ? &samples : &calls;
}
