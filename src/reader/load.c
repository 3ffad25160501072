/*
 * load.c - several files loaded as one profile, as pstats.Stats(F1, ...,
 * Fn) does (see pv_profile_load_many in pv/profile.h).
 */
#include "pv/profile.h"

#include "model/model.h"

pv_profile *pv_profile_load_many(const char *const *paths, size_t n, pv_error *err,
				 size_t *failed)
{
	if (failed)
		*failed = 0;
	if (n == 0) {
		pv_error_set(err, "no profile given");
		return NULL;
	}
	pv_profile *first = pv_profile_load(paths[0], err);
	if (!first || n == 1)
		return first;
	/*
	 * Stats(F1, ..., Fn): F1, then add(Fn), ..., add(F2).  Every file is fed
	 * into one sum, instead of pv_profile_add() copying the growing sum
	 * once per file; the totals are the files' own, summed in that order.
	 */
	pv_profile *acc = pvm_sum_begin(first, err);
	pv_profile *q = NULL;
	size_t at = 0;
	if (!acc)
		goto fail;
	for (size_t i = n - 1; i >= 1; i--) {
		at = i;
		q = pv_profile_load(paths[i], err);
		if (!q || pvm_sum_add(acc, q, err) != 0)
			goto fail;
		pv_profile_free(q);
		q = NULL;
	}
	if (pvm_sum_end(acc, err) != 0)
		goto fail;
	pv_profile_free(first);
	return acc;
fail:
	if (err && !err->msg[0])
		pv_error_set(err, "out of memory");
	if (failed)
		*failed = at;
	pv_profile_free(q);
	pv_profile_free(first);
	pv_profile_free(acc);
	return NULL;
}
