/*
 * sampled.c - the profile's "sampled" flag: a file written by Python
 * 3.15's sampling profiler (profiling.sampling ... --pstats) carries the
 * marker entry ('__sampled__',): True, which the reader takes away and
 * records here.  Its counts are samples (nc: samples with the function on
 * the stack, cc: samples with it running), its times samples times the
 * sampling interval, its callers plain sample counts.  Samples and calls
 * do not add up, so a sum of profiles is sampled only if all its parts
 * are, and mixing them is an error.
 */
#include "model/model.h"

int pv_profile_is_sampled(const pv_profile *p)
{
	return p->sampled;
}

int pvm_sampled_join(pv_profile *dst, const pv_profile *a, const pv_profile *b,
		     pv_error *err)
{
	if (a->sampled != b->sampled)
		return pv_error_set(err, b->sampled
				    ? "a sampled profile (profiling.sampling) cannot be merged "
				      "with deterministic ones: samples are not calls"
				    : "a deterministic profile cannot be merged with sampled ones "
				      "(profiling.sampling): calls are not samples");
	dst->sampled = a->sampled;
	return 0;
}
