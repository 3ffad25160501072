/*
 * profile.c - the finished profile (see pv/profile.h): its accessors, the
 * callee index and max_name_len built on first use, pstats' names and
 * their widths, Python's text comparison, and freeing.
 *
 * A finished profile is read-only: everything here takes it const.  The
 * two caches are the exception inside: they are filled once, under
 * cache_lock, and never change what a reader already saw.
 */
#include "model/model.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "pv/utf8.h"

/* ===================================================== text */

/*
 * Names are bytes that Python decoded with surrogateescape: an invalid
 * byte b is the character U+DC00 + b.  Counting and comparing them so
 * makes widths and the name sorts agree with Python's str.
 */
size_t pv_text_width(const char *s, size_t len)
{
	return pv_utf8_length(s, len, PV_UTF8_SURROGATEESCAPE);
}

int pv_text_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
	size_t i = 0, j = 0;
	while (i < alen && j < blen) {
		/* ASCII against ASCII without decoding: the sorts' common case */
		if (x[i] < 0x80 && y[j] < 0x80) {
			if (x[i] != y[j])
				return x[i] < y[j] ? -1 : 1;
			i++;
			j++;
			continue;
		}
		uint32_t ca, cb;
		i += pv_utf8_next(x + i, alen - i, PV_UTF8_SURROGATEESCAPE, &ca);
		j += pv_utf8_next(y + j, blen - j, PV_UTF8_SURROGATEESCAPE, &cb);
		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	if (i < alen)
		return 1;
	if (j < blen)
		return -1;
	return 0;
}

/* ===================================================== names */

void pv_func_std_string(const pv_profile *p, uint32_t id, pv_buf *out)
{
	const pv_func *f = &p->funcs[id];
	const char *ns = pvm_str(p, f->name);
	size_t nlen = pvm_str_len(p, f->name);
	if (f->flags & PV_FUNC_BUILTIN) {
		if (nlen >= 2 && ns[0] == '<' && ns[nlen - 1] == '>') {
			pv_buf_putc(out, '{');
			pv_buf_append(out, ns + 1, nlen - 2);
			pv_buf_putc(out, '}');
		} else {
			pv_buf_append(out, ns, nlen);
		}
		return;
	}
	pv_buf_append(out, pvm_str(p, f->file), pvm_str_len(p, f->file));
	pv_buf_printf(out, ":%lld(", (long long)f->line);
	pv_buf_append(out, ns, nlen);
	pv_buf_putc(out, ')');
}

static size_t digits(int64_t v)
{
	size_t d = v < 0 ? 2 : 1;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	while (u >= 10) {
		u /= 10;
		d++;
	}
	return d;
}

/* Characters in string `id`, as Python counts them. */
static size_t str_width(const pv_profile *p, uint32_t id)
{
	if (!(p->str_utf8[id / 64] & ((uint64_t)1 << (id % 64))))
		return pvm_str_len(p, id);
	return pv_text_width(pvm_str(p, id), pvm_str_len(p, id));
}

/* Characters in pv_func_std_string(f), without formatting it. */
static size_t std_string_width(const pv_profile *p, const pv_func *f)
{
	size_t nw = str_width(p, f->name);
	if (f->flags & PV_FUNC_BUILTIN)
		return nw;  /* {name} replaces <name>: same width */
	return str_width(p, f->file) + digits(f->line) + 3 + nw;
}

/* ===================================================== callee index */

/* Builds the callee index: edge indices grouped by caller, each group in
 * callee order (edges are stored by callee in dict order). */
static int build_callees(pv_profile *p)
{
	uint32_t nk = p->nfuncs, ne = p->nedges;
	uint32_t *start = malloc(((size_t)nk + 1) * sizeof *start);
	uint32_t *idx = malloc((size_t)(ne ? ne : 1) * sizeof *idx);
	if (!start || !idx) {
		free(start);
		free(idx);
		return -1;
	}
	enum { AHEAD = 16 };
	const pv_edge *ed = p->edges;
	memset(start, 0, ((size_t)nk + 1) * sizeof *start);
	for (uint32_t e = 0; e < ne; e++) {
		if (e + AHEAD < ne)
			__builtin_prefetch(&start[ed[e + AHEAD].caller + 1], 1);
		start[ed[e].caller + 1]++;
	}
	for (uint32_t i = 0; i < nk; i++)
		start[i + 1] += start[i];
	/* fill through start[c]: it ends as the start of c + 1, so shift it */
	for (uint32_t e = 0; e < ne; e++) {
		if (e + 2 * AHEAD < ne)
			__builtin_prefetch(&start[ed[e + 2 * AHEAD].caller], 1);
		if (e + AHEAD < ne)
			__builtin_prefetch(&idx[start[ed[e + AHEAD].caller]], 1);
		idx[start[ed[e].caller]++] = e;
	}
	memmove(start + 1, start, (size_t)nk * sizeof *start);
	start[0] = 0;
	p->callee_index = idx;
	p->callee_start = start;
	return 0;
}

const uint32_t *pv_profile_callee_index(const pv_profile *cp, const uint32_t **start)
{
	/* the index is a cache: building it leaves the profile as it was */
	pv_profile *p = (pv_profile *)(uintptr_t)cp;
	pthread_mutex_lock(&p->cache_lock);
	if (!p->callee_index && build_callees(p) != 0) {
		pthread_mutex_unlock(&p->cache_lock);
		*start = NULL;
		return NULL;
	}
	pthread_mutex_unlock(&p->cache_lock);
	*start = p->callee_start;
	return p->callee_index;
}

/* ===================================================== lifetime */

static void profile_release(pv_profile *p)
{
	void *arrays[] = {
		p->pool, p->str_off, p->str_utf8, p->str_hv, p->str_key, p->str_hash,
		p->funcs, p->kid_func, p->key_hash, p->edges, p->callee_index, p->callee_start,
	};
	for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
		free(arrays[i]);
	for (uint32_t i = 0; i < p->nwides; i++)
		free(p->wides[i]);
	free(p->wides);
	pvm_building_release(&p->b);
	for (size_t i = 0; i < p->nfiles; i++)
		free((char *)p->files[i].path);
	free(p->files);
}

void pv_profile_free(pv_profile *p)
{
	if (!p)
		return;
	profile_release(p);
	pthread_mutex_destroy(&p->cache_lock);
	free(p);
}

void pvm_adopt(pv_profile *p, pv_profile *n)
{
	/* the lock is not copied: `p` keeps its own */
	profile_release(p);
	memcpy(p, n, offsetof(pv_profile, cache_lock));
	pthread_mutex_destroy(&n->cache_lock);
	free(n);
}

/* ===================================================== accessors */

size_t pv_profile_nfuncs(const pv_profile *p)
{
	return p->nstats;
}

size_t pv_profile_nkeys(const pv_profile *p)
{
	return p->nkeys;
}

const pv_func *pv_profile_funcs(const pv_profile *p)
{
	return p->funcs;
}

size_t pv_profile_nedges(const pv_profile *p)
{
	return p->nedges;
}

const pv_edge *pv_profile_edges(const pv_profile *p)
{
	return p->edges;
}


const pv_totals *pv_profile_totals(const pv_profile *p)
{
	return &p->totals;
}

int pv_profile_nan_times(const pv_profile *p)
{
	return p->nan_times;
}

size_t pv_profile_ntoplevel(const pv_profile *p)
{
	return p->ntoplevel;
}

size_t pv_profile_max_name_len(const pv_profile *cp)
{
	/* a cache: computing it leaves the profile as it was */
	pv_profile *p = (pv_profile *)(uintptr_t)cp;
	pthread_mutex_lock(&p->cache_lock);
	if (!p->max_name_known) {
		size_t w = 0;
		for (uint32_t i = 0; i < p->nstats; i++) {
			size_t fw = std_string_width(p, &p->funcs[i]);
			if (fw > w)
				w = fw;
		}
		p->max_name_len = w;
		p->max_name_known = 1;
	}
	size_t w = p->max_name_len;
	pthread_mutex_unlock(&p->cache_lock);
	return w;
}

size_t pv_func_width(const pv_profile *p, uint32_t id)
{
	return std_string_width(p, &p->funcs[id]);
}

size_t pv_profile_nstrings(const pv_profile *p)
{
	return p->nstr;
}

size_t pv_profile_nfiles(const pv_profile *p)
{
	return p->nfiles;
}

const pv_source *pv_profile_file(const pv_profile *p, size_t i)
{
	return i < p->nfiles ? &p->files[i] : NULL;
}

const char *pv_profile_string(const pv_profile *p, uint32_t id, size_t *len)
{
	if (len)
		*len = pvm_str_len(p, id);
	return pvm_str(p, id);
}

long pv_profile_find(const pv_profile *p, const char *file, int64_t line, const char *name)
{
	uint32_t f = pvm_find_string(p, file, strlen(file));
	uint32_t n = pvm_find_string(p, name, strlen(name));
	if (f == PVM_NONE || n == PVM_NONE)
		return -1;
	uint32_t id = pvm_find_key(p, f, line, n, 0);
	if (id == PVM_NONE)
		id = pvm_find_key(p, f, line, n, 1);
	return id == PVM_NONE ? -1 : (long)id;
}
