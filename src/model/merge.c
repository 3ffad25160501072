/*
 * merge.c - pstats' add(), strip_dirs() and Stats(F1, ..., Fn) (see
 * model.h): every one builds a new profile from finished ones, which it
 * only reads, with add_func_stats' semantics, so that a failure leaves
 * the inputs as they were.
 */
#include "model/model.h"

#include <stdlib.h>
#include <string.h>

/* Copies string `id` of `src` into `dst`, caching the mapping in map[]. */
static uint32_t map_string(pv_profile *dst, const pv_profile *src, uint32_t *map, uint32_t id)
{
	if (map[id] == PVM_NONE)
		map[id] = pvm_intern(dst, pvm_str(src, id), pvm_str_len(src, id));
	return map[id];
}

typedef uint32_t (*file_mapper)(pv_profile *dst, const pv_profile *src, uint32_t *map,
				uint32_t id);

static uint32_t map_basename(pv_profile *dst, const pv_profile *src, uint32_t *map, uint32_t id)
{
	if (map[id] == PVM_NONE) {
		const char *s = pvm_str(src, id);
		size_t len = pvm_str_len(src, id);
		size_t skip = len;
		while (skip > 0 && s[skip - 1] != '/')
			skip--;
		map[id] = pvm_intern(dst, s + skip, len - skip);
	}
	return map[id];
}

static uint32_t map_key(pv_profile *dst, const pv_profile *src, uint32_t *smap, uint32_t *fmap,
			file_mapper fm, uint32_t id)
{
	const pv_func *f = &src->funcs[id];
	uint32_t file = fm(dst, src, fmap, f->file);
	uint32_t name = map_string(dst, src, smap, f->name);
	if (file == PVM_NONE || name == PVM_NONE)
		return PVM_NONE;
	return pvm_key(dst, file, f->line, name, !!(f->flags & PV_FUNC_CODE));
}

/*
 * Feeds every function of `src` (in dict order) into `dst` with add
 * semantics; file names go through `fm`.  dst must be in building state.
 */
static int feed(pv_profile *dst, const pv_profile *src, file_mapper fm, int zero_base,
		pv_error *err)
{
	int rc = -1;
	uint32_t *smap = malloc((size_t)(src->nstr ? src->nstr : 1) * sizeof *smap);
	uint32_t *fmap = malloc((size_t)(src->nstr ? src->nstr : 1) * sizeof *fmap);
	uint32_t *kmap = malloc((size_t)(src->nkeys ? src->nkeys : 1) * sizeof *kmap);
	pvm_value v = { 0 };
	if (!smap || !fmap || !kmap) {
		pv_error_set(err, "out of memory");
		goto out;
	}
	memset(smap, 0xff, (size_t)src->nstr * sizeof *smap);
	memset(fmap, 0xff, (size_t)src->nstr * sizeof *fmap);
	for (uint32_t i = 0; i < src->nkeys; i++) {
		kmap[i] = map_key(dst, src, smap, fmap, fm, i);
		if (kmap[i] == PVM_NONE) {
			pv_error_set(err, "out of memory");
			goto out;
		}
	}
	for (uint32_t i = 0; i < src->nstats; i++) {
		const pv_func *f = &src->funcs[i];
		pvm_value_begin(dst, &v);
		v.cc = pv_func_cc(f);
		v.nc = pv_func_nc(f);
		v.tt = f->tt;
		v.ct = f->ct;
		for (uint32_t j = 0; j < f->ncallers; j++) {
			pv_edge e = src->edges[f->callers + j];
			e.caller = kmap[e.caller];
			/* exact counts live in their profile: dst gets its own */
			if (pv_calls_is_wide(e.calls) &&
			    pvm_set_calls(dst, &e.calls, pv_edge_nc(&e), pv_edge_cc(&e),
					  pv_edge_is_int(&e)) != 0) {
				pv_error_set(err, "out of memory");
				goto out;
			}
			if (pvm_value_set_caller(dst, &v, &e) != 0) {
				pv_error_set(err, "out of memory");
				goto out;
			}
		}
		if (pvm_commit_add(dst, kmap[i], &v, zero_base, err) != 0)
			goto out;
	}
	rc = 0;
out:
	pvm_value_release(&v);
	free(smap);
	free(fmap);
	free(kmap);
	return rc;
}


static int copy_sources(pv_profile *dst, const pv_profile *src)
{
	for (size_t i = 0; i < src->nfiles; i++)
		if (pvm_add_source(dst, src->files[i].path, src->files[i].mtime,
				   src->files[i].has_mtime) != 0)
			return -1;
	return 0;
}

/* Builds a copy of src through `fm` (identity or basename). */
static pv_profile *rebuild(const pv_profile *src, file_mapper fm, pv_error *err)
{
	pv_profile *n = pvm_new();
	if (!n) {
		pv_error_set(err, "out of memory");
		return NULL;
	}
	if (feed(n, src, fm, 0, err) != 0 || pvm_finalize(n, 0, err) != 0)
		goto fail;
	if (copy_sources(n, src) != 0) {
		pv_error_set(err, "out of memory");
		goto fail;
	}
	n->totals = src->totals;
	n->sampled = src->sampled;
	return n;
fail:
	pv_profile_free(n);
	return NULL;
}

pv_profile *pv_profile_clone(const pv_profile *p)
{
	pv_error err;
	return rebuild(p, map_string, &err);
}

int pv_profile_strip_dirs(pv_profile *p, pv_error *err)
{
	pv_profile *n = rebuild(p, map_basename, err);
	if (!n)
		return -1;
	pvm_adopt(p, n);
	return 0;
}

int pv_profile_add(pv_profile *dst, const pv_profile *src, pv_error *err)
{
	/* build the sum anew, so that a failure leaves dst unchanged */
	pv_profile *n = pvm_new();
	if (!n)
		return pv_error_set(err, "out of memory");
	if (pvm_sampled_join(n, dst, src, err) != 0)
		goto fail;
	if (feed(n, dst, map_string, 0, err) != 0 || feed(n, src, map_string, 1, err) != 0 ||
	    pvm_finalize(n, 0, err) != 0)
		goto fail;
	if (copy_sources(n, dst) != 0 || copy_sources(n, src) != 0) {
		pv_error_set(err, "out of memory");
		goto fail;
	}
	n->totals.total_calls = dst->totals.total_calls + src->totals.total_calls;
	n->totals.prim_calls = dst->totals.prim_calls + src->totals.prim_calls;
	n->totals.total_tt = dst->totals.total_tt + src->totals.total_tt;
	pvm_adopt(dst, n);
	return 0;
fail:
	pv_profile_free(n);
	return -1;
}

pv_profile *pvm_sum_begin(const pv_profile *first, pv_error *err)
{
	pv_profile *acc = pvm_new();
	if (!acc || feed(acc, first, map_string, 0, err) != 0 || copy_sources(acc, first) != 0) {
		if (err && !err->msg[0])
			pv_error_set(err, "out of memory");
		pv_profile_free(acc);
		return NULL;
	}
	acc->totals = first->totals;
	acc->sampled = first->sampled;
	return acc;
}

int pvm_sum_add(pv_profile *acc, const pv_profile *q, pv_error *err)
{
	if (pvm_sampled_join(acc, acc, q, err) != 0)
		return -1;
	if (feed(acc, q, map_string, 1, err) != 0 || copy_sources(acc, q) != 0) {
		if (err && !err->msg[0])
			pv_error_set(err, "out of memory");
		return -1;
	}
	acc->totals.total_calls = acc->totals.total_calls + q->totals.total_calls;
	acc->totals.prim_calls = acc->totals.prim_calls + q->totals.prim_calls;
	acc->totals.total_tt = acc->totals.total_tt + q->totals.total_tt;
	return 0;
}

int pvm_sum_end(pv_profile *acc, pv_error *err)
{
	return pvm_finalize(acc, 0, err);
}

