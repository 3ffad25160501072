/*
 * marshal.c - the .pstats reader's top level (see reader.h for its other
 * files): a marshal stream (Python 2.7 and 3.x, versions 0 to 5, and
 * version 6's frozendict of 3.15) parsed straight into the profile model.
 *
 * The top-level dict is streamed: each (key, value) pair is read by the
 * fast path when it has the usual shape, else parsed by the generic reader
 * into a small value tree in a scratch arena and interpreted here; the
 * arena is reset after each entry.
 */
/* madvise(MADV_DONTNEED) is not in POSIX */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "reader/reader.h"

/* ===================================================== interpretation */

/* A short printable name for messages, file:line(name), into out[cap]. */
static void describe_key(pvr_reader *r, const pvr_obj *key, char *out, size_t cap)
{
	if (key->t == MV_KEY) {
		pv_buf b = PV_BUF_INIT;
		pvm_key_std_string(r->p, key->u.s, &b);
		snprintf(out, cap, "%.250s", b.data ? b.data : "?");
		pv_buf_release(&b);
		return;
	}
	if (key->t != MV_TUPLE || key->n != 3) {
		snprintf(out, cap, "?");
		return;
	}
	const pvr_obj *f = pvr_child(r, key, 0), *l = pvr_child(r, key, 1), *n = pvr_child(r, key, 2);
	const char *fs = f->t == MV_STR ? pv_profile_string(r->p, f->u.s, NULL) : "?";
	const char *ns = (n->t == MV_STR || n->t == MV_CODE)
				 ? pv_profile_string(r->p, n->u.s, NULL) : "?";
	long long line = l->t == MV_INT ? (long long)l->u.i : 0;
	snprintf(out, cap, "%.150s:%lld(%.100s)", fs, line, ns);
	for (char *c = out; *c; c++)
		if ((unsigned char)*c < 0x20)
			*c = '?';
}

static uint32_t key_id_slow(pvr_reader *r, const pvr_obj *key, const char *role);

/* Reference slot `slot` holds key `id` from now on: later references to
 * it skip the tuple (a cache: not remembering is harmless). */
static void ref_set_key(pvr_reader *r, uint32_t slot, uint32_t id)
{
	if (slot < r->refs.n && RT_TAG(r->refs.v[slot]) != RT_PENDING && id <= RT_IDX_MAX)
		r->refs.v[slot] = RT_MAKE(RT_KEY, id);
}

/* Key ids of referenced tuples are cached: py3 files name every caller by
 * a reference to the key tuple written once. */
static uint32_t key_id(pvr_reader *r, const pvr_obj *key, const char *role)
{
	if (key->t == MV_KEY)
		return key->u.s;
	uint32_t slot = key->ref;
	if (slot && slot <= r->refs.n && RT_TAG(r->refs.v[slot - 1]) == RT_KEY)
		return (uint32_t)RT_VAL(r->refs.v[slot - 1]);
	uint32_t id = key_id_slow(r, key, role);
	if (id != PVM_NONE && slot)
		ref_set_key(r, slot - 1, id);
	return id;
}

static uint32_t key_id_slow(pvr_reader *r, const pvr_obj *key, const char *role)
{
	if (key->t == MV_TUPLE && key->n != 3) {
		pv_error_at(r->err, MV_OFF(key),
			    "%s is a %u-item tuple, not a (file, line, name) tuple", role, key->n);
		return PVM_NONE;
	}
	if (key->t != MV_TUPLE) {
		pv_error_at(r->err, MV_OFF(key),
			    "%s is %s, not a (file, line, name) tuple", role, pvr_a_type(key));
		return PVM_NONE;
	}
	const pvr_obj *f = pvr_child(r, key, 0), *l = pvr_child(r, key, 1), *n = pvr_child(r, key, 2);
	if (f->t != MV_STR) {
		pv_error_at(r->err, MV_OFF(f), "%s has %s as file name", role,
			    pvr_a_type(f));
		return PVM_NONE;
	}
	if (n->t != MV_STR && n->t != MV_CODE) {
		pv_error_at(r->err, MV_OFF(n), "%s has %s as function name", role,
			    pvr_a_type(n));
		return PVM_NONE;
	}
	int64_t line;
	if (l->t == MV_INT || l->t == MV_BOOL) {
		if (l->u.i > INT64_MAX || l->u.i < INT64_MIN) {
			pv_error_at(r->err, MV_OFF(l), "%s has a line number out of range",
				    role);
			return PVM_NONE;
		}
		line = (int64_t)l->u.i;
	} else if (l->t == MV_FLOAT && isfinite(l->u.f) && fabs(l->u.f) < 9e18) {
		line = (int64_t)l->u.f;  /* '%d' truncates, as pstats prints it */
	} else {
		pv_error_at(r->err, MV_OFF(l), "%s has %s as line number", role,
			    pvr_a_type(l));
		return PVM_NONE;
	}
	uint32_t id = pvm_key(r->p, f->u.s, line, n->u.s, n->t == MV_CODE);
	if (id == PVM_NONE)
		pvr_oom(r);
	return id;
}

/*
 * The error for object m, `what` of function `key`, which is not `want`;
 * a tuple of the wrong size is told by its size (`items`: the size and
 * the fields wanted; NULL when no tuple would do).
 */
static int bad_field(pvr_reader *r, const pvr_obj *m, const pvr_obj *key, const char *what,
		     const char *want, const char *items)
{
	char who[300];
	describe_key(r, key, who, sizeof who);
	if (items && m->t == MV_TUPLE)
		return pv_error_at(r->err, MV_OFF(m), "%s of %s has %u items, not %s", what, who,
				   m->n, items);
	return pv_error_at(r->err, MV_OFF(m), "%s of %s is %s, not %s", what, who,
			   pvr_a_type(m), want);
}

static int get_count(pvr_reader *r, const pvr_obj *m, pv_count *out, const char *what,
		     const pvr_obj *key)
{
	if (m->t != MV_INT && m->t != MV_BOOL)
		return bad_field(r, m, key, what, "an integer", NULL);
	*out = m->u.i;
	return 0;
}

static int get_time(pvr_reader *r, const pvr_obj *m, double *out, const char *what,
		    const pvr_obj *key)
{
	if (m->t == MV_FLOAT)
		*out = m->u.f;
	else if (m->t == MV_INT || m->t == MV_BOOL)
		*out = (double)m->u.i;
	else
		return bad_field(r, m, key, what, "a number", NULL);
	return 0;
}

/*
 * The marker of 3.15's sampling profiler: ('__sampled__',): True.  It
 * says the file's counts are samples; pstats pops it from the dict, and so
 * does the reader (the profile is flagged instead).  Returns 1 if the
 * entry is the marker, 0 if not, -1 (err set) for a ('__sampled__',) key
 * with another value.
 */
static int take_sampled_marker(pvr_reader *r, const pvr_obj *key, const pvr_obj *val)
{
	if (key->t != MV_TUPLE || key->n != 1)
		return 0;
	const pvr_obj *s = pvr_child(r, key, 0);
	size_t len;
	const char *text = s->t == MV_STR ? pv_profile_string(r->p, s->u.s, &len) : NULL;
	if (!text || len != 11 || memcmp(text, "__sampled__", 11) != 0)
		return 0;
	if (val->t != MV_BOOL || val->u.i != 1)
		return pv_error_at(r->err, MV_OFF(val),
				   "the sampling profiler's marker ('__sampled__',) maps to %s, "
				   "not True", val->t == MV_BOOL ? "False" : pvr_a_type(val));
	r->p->sampled = 1;
	return 1;
}

static int take_entry(pvr_reader *r, const pvr_obj *key, const pvr_obj *val)
{
	int marker = take_sampled_marker(r, key, val);
	if (marker)
		return marker < 0 ? -1 : 0;
	uint32_t id = key_id(r, key, "a function key");
	if (id == PVM_NONE)
		return -1;
	if (val->t != MV_TUPLE || val->n != 5)
		return bad_field(r, val, key, "the value", "a (cc, nc, tt, ct, callers) tuple",
				 "5 (cc, nc, tt, ct, callers)");
	pvm_value *v = &r->val;
	pvm_value_begin(r->p, v);
	if (get_count(r, pvr_child(r, val, 0), &v->cc, "the primitive call count", key) ||
	    get_count(r, pvr_child(r, val, 1), &v->nc, "the call count", key) ||
	    get_time(r, pvr_child(r, val, 2), &v->tt, "tottime", key) ||
	    get_time(r, pvr_child(r, val, 3), &v->ct, "cumtime", key))
		return -1;
	const pvr_obj *callers = pvr_child(r, val, 4);
	if (callers->t != MV_DICT) {
		char who[300];
		describe_key(r, key, who, sizeof who);
		return pv_error_at(r->err, MV_OFF(callers), "the callers of %s are %s, not a dict",
				   who, pvr_a_type(callers));
	}
	for (uint32_t i = 0; i < callers->n; i++) {
		const pvr_obj *ck = pvr_child(r, callers, 2 * i), *cv = pvr_child(r, callers, 2 * i + 1);
		pv_edge e;
		memset(&e, 0, sizeof e);
		e.caller = key_id(r, ck, "a caller key");
		if (e.caller == PVM_NONE)
			return -1;
		pv_count nc = 0, cc = 0;
		int is_int = 0;
		if (cv->t == MV_INT || cv->t == MV_BOOL) {
			is_int = 1;
			r->int_callers = 1;
			nc = cc = cv->u.i;
		} else if (cv->t == MV_TUPLE && cv->n == 4) {
			if (get_count(r, pvr_child(r, cv, 0), &nc, "a caller's call count", key) ||
			    get_count(r, pvr_child(r, cv, 1), &cc, "a caller's primitive call count",
				      key) ||
			    get_time(r, pvr_child(r, cv, 2), &e.tt, "a caller's tottime", key) ||
			    get_time(r, pvr_child(r, cv, 3), &e.ct, "a caller's cumtime", key))
				return -1;
		} else {
			return bad_field(r, cv, key, "a caller entry",
					 "a (nc, cc, tt, ct) tuple or a call count",
					 "4 (nc, cc, tt, ct)");
		}
		if (pvm_set_calls(r->p, &e.calls, nc, cc, is_int) != 0)
			return pvr_oom(r);
		if (pvm_value_set_caller(r->p, v, &e) != 0)
			return pvr_oom(r);
	}
	if (pvm_commit_replace(r->p, id, v) != 0)
		return pvr_oom(r);
	return 0;
}

/* ===================================================== top level */

static int looks_like_text(const unsigned char *d, size_t len)
{
	size_t n = len < 512 ? len : 512;
	if (n == 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = d[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			return 0;
		if (c == 0x7f)
			return 0;
	}
	return 1;
}

static int not_a_profile(pvr_reader *r)
{
	const unsigned char *d = r->data;
	size_t len = r->len;
	if (len >= 2 && d[0] == 0x1f && d[1] == 0x8b)
		return pv_error_at(r->err, 0,
				   "not a profile: gzip-compressed data (gunzip it first)");
	if (looks_like_text(d, len)) {
		size_t i = 0;
		while (i < len && (d[i] == ' ' || d[i] == '\t' || d[i] == '\n' || d[i] == '\r'))
			i++;
		if (i < len && (d[i] == '{' || d[i] == '['))
			return pv_error_at(r->err, 0,
					   "not a profile: JSON or other text, not marshal data");
		return pv_error_at(r->err, 0, "not a profile: a text file, not marshal data");
	}
	return 0;
}

/* Checks int callers point at functions (pstats looks their cumtime up). */
static int check_int_callers(pvr_reader *r)
{
	const pv_profile *p = r->p;
	for (uint32_t i = 0; i < p->nedges; i++) {
		const pv_edge *e = &p->edges[i];
		/* while building, callers and callees are key ids (funcs[key id]) */
		if (pv_edge_is_int(e) && !(p->funcs[e->caller].flags & PV_FUNC_STATS)) {
			pv_buf a = PV_BUF_INIT, b = PV_BUF_INIT;
			pvm_key_std_string(p, e->caller, &a);
			pv_func_std_string(p, e->callee, &b);
			pv_error_set(r->err,
				     "caller %.150s of %.150s has no entry of its own "
				     "(a profile-module file must list every caller)",
				     a.data ? a.data : "?", b.data ? b.data : "?");
			pv_buf_release(&a);
			pv_buf_release(&b);
			return -1;
		}
	}
	return 0;
}

static int read_profile(pvr_reader *r)
{
	if (r->len == 0)
		return pv_error_at(r->err, 0, "truncated: the file is empty");
	unsigned first = r->data[0] & 0x7f;
	if (first != '{') {
		if (not_a_profile(r) != 0)
			return -1;
		pvr_obj top;
		if (pvr_read_obj(r, &top, 0) != 0)
			return -1;
		if (top.t == MV_NULL)
			return pv_error_at(r->err, 0, "bad marshal data: NULL object at the top");
		return pv_error_at(r->err, 0,
				   "not a profile: the top-level object is %s, not a dict",
				   pvr_a_type(&top));
	}
	r->pos = 1;
	/* a real profile takes about 100 bytes per function */
	uint64_t guess = r->len / 100;
	if (guess > (1u << 26))
		guess = 1u << 26;
	/* the string table is sized for one string per function: growing it
	 * costs more time (a rehash) than its 4-byte slots cost memory when
	 * names are shared and there are fewer */
	pvm_reserve(r->p, (uint32_t)guess, (uint32_t)guess);
	if (r->data[0] & FLAG_REF) {
		pvr_obj self;
		memset(&self, 0, sizeof self);
		self.t = MV_OTHER;
		if (pvr_ref_append(&r->refs, &self) != 0)
			return pvr_oom(r);
	}
	r->depth = 1;
	pvr_ahead_start(r);
	for (;;) {
		if (r->mapped && r->pos - r->released >= ((size_t)1 << 20)) {
			size_t page = 4096, from = r->released, to = r->pos & ~(page - 1);
			if (to > from && madvise((void *)(uintptr_t)(r->data + from), to - from,
						 MADV_DONTNEED) == 0)
				r->released = to;
		}
		int f = pvr_fast_entry(r);
		if (f == FAST_ENTRY)
			continue;
		if (f == FAST_END)
			break;
		pvr_obj k, v;
		int end = pvr_read_pair(r, &k, &v, 0);
		if (end < 0)
			goto maybe_text;
		if (end)
			break;
		if (take_entry(r, &k, &v) != 0)
			return -1;
		r->arena[0].n = 0;
	}
	/* anything after the dict is ignored, as marshal.load does */
	if (r->p->nstats == 0)
		return pv_error_set(r->err, "not a profile: the dict holds no functions");
	return r->int_callers ? check_int_callers(r) : 0;
maybe_text:
	/* a '{' followed by text is JSON, not a truncated profile */
	if (r->pos <= 2 && r->len > r->pos && looks_like_text(r->data, r->len)) {
		pv_error err = *r->err;
		if (not_a_profile(r) == 0)
			*r->err = err;
	}
	return -1;
}

static void reader_release(pvr_reader *r)
{
	free(r->arena[0].v);
	free(r->arena[1].v);
	free(r->refs.v);
	free(r->refs.big.v);
	free(r->refs.floats);
	pvr_ahead_end(r);
	free(r->stack.v);
	free(r->strtab);
	free(r->tmp);
	pvm_value_release(&r->val);
}

pv_profile *pvr_load_bytes(const void *data, size_t len, const char *label, int64_t mtime,
			   int has_mtime, int mapped, pv_error *err)
{
	pv_error local;
	if (!err)
		err = &local;
	pv_error_clear(err);
	pvr_reader r;
	memset(&r, 0, sizeof r);
	r.data = data;
	r.len = len;
	r.mapped = mapped;
	r.err = err;
	/* generous for real files (a handful of code objects), linear in size */
	r.code_budget = 10000 + (uint64_t)len * 8;
	r.p = pvm_new();
	if (!r.p) {
		pv_error_set(err, "out of memory");
		return NULL;
	}
	int rc = read_profile(&r);
	if (r.mapped && len > r.released) {
		/* nothing refers to the input any more: give its pages back before
		 * finalizing allocates */
		size_t page = 4096, from = r.released & ~(page - 1);
		madvise((void *)(uintptr_t)((const unsigned char *)data + from), len - from,
			MADV_DONTNEED);
	}
	reader_release(&r);
	if (rc == 0 && pvm_finalize(r.p, 1, err) == 0 &&
	    (!label || pvm_add_source(r.p, label, mtime, has_mtime) == 0))
		return r.p;
	if (rc == 0 && err && !err->msg[0])
		pv_error_set(err, "out of memory");
	pv_profile_free(r.p);
	return NULL;
}

pv_profile *pv_profile_load_mem(const void *data, size_t len, const char *label, pv_error *err)
{
	return pvr_load_bytes(data, len, label ? label : "<memory>", 0, 1, 0, err);
}

/* n bytes little-endian at m[*at], or fails when fewer are left */
static int take_le(const unsigned char *m, size_t len, size_t *at, int n, uint64_t *v)
{
	if (len - *at < (size_t)n)
		return -1;
	*v = 0;
	for (int i = 0; i < n; i++)
		*v |= (uint64_t)m[*at + (size_t)i] << (8 * i);
	*at += (size_t)n;
	return 0;
}

/* The record of pv_profile_write_meta (marshal_write.c) applied to p. */
static int apply_meta(pv_profile *p, const unsigned char *m, size_t len)
{
	size_t at = 4;
	uint64_t nf, n, has, mtime, bits;
	if (len < 4 || memcmp(m, "PVM1", 4) != 0 || take_le(m, len, &at, 4, &nf))
		return -1;
	for (uint64_t i = 0; i < nf; i++) {
		if (take_le(m, len, &at, 4, &n) || len - at < n)
			return -1;
		char *path = malloc((size_t)n + 1);
		if (!path)
			return -1;
		memcpy(path, m + at, (size_t)n);
		path[n] = 0;
		at += (size_t)n;
		int rc = take_le(m, len, &at, 1, &has) || take_le(m, len, &at, 8, &mtime) ||
			 pvm_add_source(p, path, (int64_t)mtime, has != 0);
		free(path);
		if (rc)
			return -1;
	}
	if (take_le(m, len, &at, 8, &bits) || at != len)
		return -1;
	memcpy(&p->totals.total_tt, &bits, sizeof bits);
	return 0;
}

pv_profile *pv_profile_load_mem_meta(const void *data, size_t len, const void *meta,
				     size_t metalen, pv_error *err)
{
	if (!meta)
		return pv_profile_load_mem(data, len, NULL, err);
	pv_profile *p = pvr_load_bytes(data, len, NULL, 0, 0, 0, err);
	if (p && apply_meta(p, meta, metalen) < 0) {
		pv_error_set(err, "bad profile record");
		pv_profile_free(p);
		return NULL;
	}
	return p;
}
