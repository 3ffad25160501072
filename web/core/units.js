/*
 * core/units.js - what a profile's counts are: calls, or samples for a
 * profile of Python 3.15's sampling profiler (profiling.sampling
 * --pstats), which the summary says with "sampled" (docs/api.md).  The
 * words follow pstats' SampledStats: nsamples and persample where a
 * profile of calls has ncalls and percall.  DOM-free.
 */

const CALLS = {
	sampled: false,
	columns: ['ncalls', 'tottime', 'percall', 'cumtime', 'percall'],
	count: 'ncalls',
	per: 'percall',
	countTitle: 'calls: total/primitive',
	perTitle: ['tottime / ncalls', 'cumtime / primitive calls'],
	note: '',
};

const SAMPLES = {
	sampled: true,
	columns: ['nsamples', 'tottime', 'persample', 'cumtime', 'persample'],
	count: 'nsamples',
	per: 'persample',
	countTitle: 'samples: on the stack/running',
	perTitle: ['tottime / nsamples', 'cumtime / samples running'],
	note: 'Sampled profile (Python 3.15\u2019s profiling.sampling): counts are samples, ' +
		'and times are sample counts \u00d7 the sampling interval.',
};

/* The words for a profile of /api/summary answer `summary` (its "sampled"). */
export function units(summary) {
	return summary && summary.sampled ? SAMPLES : CALLS;
}
