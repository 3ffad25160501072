/*
 * marshal_fast.c - the fast path of the reader (see reader.h).
 *
 * Nearly every entry of a real profile has one shape: a key tuple (str,
 * int, str) or a reference to one, and a value tuple of ints, floats and a
 * callers dict of such keys and 4-tuples (or ints).  pvr_fast_entry() reads
 * that shape directly into the model, without building value trees.  On
 * anything else (a code object, an odd type, a flagged container, an
 * error) it undoes what it read and the generic parser takes the entry,
 * so that results and error messages are the generic ones.
 */
#include <string.h>

#include "reader/reader.h"

/* The type code at r->pos without its flag (*flag), or 0 at the end of the
 * data (no type the fast path takes). */
static inline unsigned fast_code(const pvr_reader *r, int *flag)
{
	if (r->pos >= r->len) {
		*flag = 0;
		return 0;
	}
	*flag = r->data[r->pos] & FLAG_REF;
	return r->data[r->pos] & 0x7fu;
}

/* Reads a reference ('r' at r->pos) and returns its slot's entry; an
 * invalid reference gives a pending entry (which every caller refuses). */
static inline uint32_t fast_ref(pvr_reader *r)
{
	if (r->len - r->pos < 5)
		return RT_MAKE(RT_PENDING, 0);
	r->pos++;
	int32_t idx = pvr_i32(r);
	if (idx < 0 || (uint32_t)idx >= r->refs.n)
		return RT_MAKE(RT_PENDING, 0);
	return r->refs.v[idx];
}

/* Reads an 'i' (or 'R') int32 operand after the code byte. */
static inline int fast_i32(pvr_reader *r, int32_t *v)
{
	if (r->len - r->pos < 5)
		return -1;
	r->pos++;
	*v = pvr_i32(r);
	return 0;
}

/* Fills the slot of a flagged string with its id. */
static int fast_ref_str(pvr_reader *r, uint32_t id)
{
	if (id > RT_IDX_MAX)
		return -1;
	return pvr_ref_push(&r->refs, RT_MAKE(RT_STR, id));
}

static int fast_str(pvr_reader *r, uint32_t *id)
{
	int flag;
	unsigned code = fast_code(r, &flag);
	size_t at = r->pos;
	if (code == 'r') {
		uint32_t e = fast_ref(r);
		if (RT_TAG(e) != RT_STR)
			return -1;
		*id = (uint32_t)RT_VAL(e);
		return 0;
	}
	if (code == 'R') {
		int32_t idx;
		if (fast_i32(r, &idx) || idx < 0 || (uint32_t)idx >= r->nstrtab)
			return -1;
		*id = r->strtab[idx];
		return 0;
	}
	if (code == 0 || !strchr("zZaAuts", (int)code))
		return -1;
	r->pos++;
	pvr_obj m;
	if (pvr_read_string(r, &m, at, code) != 0)
		return -1;
	*id = m.u.s;
	return flag ? fast_ref_str(r, *id) : 0;
}

/*
 * A function name: for a new short ASCII string, the key-table and
 * string-table slots are prefetched from the bytes' hash before interning,
 * so that the two lookups of a new function wait for memory once, not
 * twice.  Other forms go through fast_str.
 */
static int fast_name(pvr_reader *r, uint32_t file, int64_t line, uint32_t *id)
{
	if (r->len - r->pos < 2)
		return -1;
	unsigned code = r->data[r->pos] & 0x7f;
	int flag = r->data[r->pos] & FLAG_REF;
	if (code != 'z' && code != 'Z')
		return fast_str(r, id);
	size_t n = r->data[r->pos + 1];
	if (r->len - r->pos - 2 < n)
		return -1;
	const char *s = (const char *)r->data + r->pos + 2;
	if (!pvm_all_ascii(s, n))
		return fast_str(r, id);  /* Latin-1: converted first */
	uint64_t h;
	if (!pvr_known_hash(r, r->pos, &h))
		h = pvm_hash_bytes(s, n);
	pvm_prefetch_key(r->p, file, line, h);
	*id = pvm_intern_hashed(r->p, s, n, h);
	if (*id == PVM_NONE)
		return -1;
	r->pos += 2 + n;
	return flag ? fast_ref_str(r, *id) : 0;
}

/* An int ('i' or a reference to an int); anything else bails. */
static int fast_int(pvr_reader *r, pv_count *v)
{
	int flag;
	unsigned code = fast_code(r, &flag);
	if (code == 'i') {
		int32_t x;
		if (fast_i32(r, &x))
			return -1;
		*v = x;
		if (flag && (x < RT_INT_MIN || x > RT_INT_MAX ||
			     pvr_ref_push(&r->refs, RT_MAKE(RT_INT, (uint32_t)x)) != 0))
			return -1;
		return 0;
	}
	if (code == 'r') {
		uint32_t e = fast_ref(r);
		if (RT_TAG(e) != RT_INT)
			return -1;
		*v = RT_SVAL(e);
		return 0;
	}
	return -1;
}

/* A float ('g', or an int, or a reference to either). */
static int fast_num(pvr_reader *r, double *v)
{
	int flag;
	unsigned code = fast_code(r, &flag);
	if (code == 'g') {
		if (r->len - r->pos < 9)
			return -1;
		r->pos++;
		uint64_t u = pvr_u64(r);
		memcpy(v, &u, 8);
		if (flag) {
			pvr_obj m;
			memset(&m, 0, sizeof m);
			m.t = MV_FLOAT;
			m.u.f = *v;
			m.ref = r->refs.n + 1;
			if (pvr_ref_append(&r->refs, &m) != 0)
				return -1;
		}
		return 0;
	}
	if (code == 'r') {
		uint32_t e = fast_ref(r);
		if (RT_TAG(e) == RT_INT) {
			*v = (double)RT_SVAL(e);
		} else if (RT_TAG(e) == RT_FLOAT) {
			*v = r->refs.floats[RT_VAL(e)];
		} else if (RT_TAG(e) == RT_BIG && r->refs.big.v[RT_VAL(e)].t == MV_INT) {
			*v = (double)r->refs.big.v[RT_VAL(e)].u.i;
		} else {
			return -1;
		}
		return 0;
	}
	pv_count i;
	if (fast_int(r, &i) != 0)
		return -1;
	*v = (double)i;
	return 0;
}

/* The header of a tuple of n items with type code `code` (a flagged code
 * is no tuple here). */
static inline int fast_tuple_code(pvr_reader *r, unsigned code, uint32_t n)
{
	if (code == ')') {
		if (r->len - r->pos < 2 || r->data[r->pos + 1] != n)
			return -1;
		r->pos += 2;
		return 0;
	}
	if (code == '(') {
		if (r->len - r->pos < 5)
			return -1;
		r->pos++;
		return pvr_i32(r) == (int32_t)n ? 0 : -1;
	}
	return -1;
}

/* The header of an unflagged tuple of n items. */
static int fast_tuple(pvr_reader *r, uint32_t n)
{
	return r->pos < r->len ? fast_tuple_code(r, r->data[r->pos], n) : -1;
}

/* A (file, line, name) key tuple, or a reference to one. */
static int fast_key(pvr_reader *r, uint32_t *id)
{
	int flag;
	unsigned code = fast_code(r, &flag);
	if (code == 'r') {
		/* keys are found through the key cache, without the object */
		uint32_t e = fast_ref(r);
		if (RT_TAG(e) != RT_KEY)
			return -1;
		*id = (uint32_t)RT_VAL(e);
		return 0;
	}
	if (fast_tuple_code(r, code, 3) != 0)
		return -1;
	uint32_t slot = r->refs.n;
	if (flag && pvr_ref_push(&r->refs, RT_MAKE(RT_PENDING, 0)) != 0)
		return -1;
	uint32_t file, name;
	pv_count line;
	if (fast_str(r, &file) || fast_int(r, &line))
		return -1;
	if (line > INT64_MAX || line < INT64_MIN)
		return -1;
	if (fast_name(r, file, (int64_t)line, &name))
		return -1;
	*id = pvm_key(r->p, file, (int64_t)line, name, 0);
	if (*id == PVM_NONE || (flag && *id > RT_IDX_MAX))
		return -1;
	if (flag) /* later references see a known key (children are not needed) */
		r->refs.v[slot] = RT_MAKE(RT_KEY, *id);
	return 0;
}

int pvr_fast_entry(pvr_reader *r)
{
	if (r->pos < r->len && r->data[r->pos] == '0') {
		r->pos++;
		return FAST_END;
	}
	pvr_ahead(r);
	size_t pos = r->pos;
	pvr_ref_mark nrefs = pvr_ref_save(&r->refs);
	uint32_t nstrtab = r->nstrtab;
	pvm_value *v = &r->val;
	uint32_t id;
	if (fast_key(r, &id) || fast_tuple(r, 5))
		goto bail;
	pvm_value_begin(r->p, v);
	if (fast_int(r, &v->cc) || fast_int(r, &v->nc) || fast_num(r, &v->tt) ||
	    fast_num(r, &v->ct))
		goto bail;
	if (r->pos >= r->len || r->data[r->pos] != '{')
		goto bail;
	r->pos++;
	for (;;) {
		if (r->pos >= r->len)
			goto bail;
		if (r->data[r->pos] == '0') {
			r->pos++;
			break;
		}
		pv_edge e;
		memset(&e, 0, sizeof e);
		if (fast_key(r, &e.caller))
			goto bail;
		if (r->pos >= r->len)
			goto bail;
		unsigned code = r->data[r->pos] & 0x7f;
		pv_count nc = 0, cc = 0;
		int is_int = 0;
		if (code == 'i' || code == 'r') {
			if (fast_int(r, &nc))
				goto bail;
			cc = nc;
			is_int = 1;
			r->int_callers = 1;
		} else if (fast_tuple(r, 4) || fast_int(r, &nc) || fast_int(r, &cc) ||
			   fast_num(r, &e.tt) || fast_num(r, &e.ct)) {
			goto bail;
		}
		if (!pvm_pack_calls(&e.calls, nc, cc, is_int) &&
		    pvm_set_calls(r->p, &e.calls, nc, cc, is_int) != 0)
			goto bail;
		if (pvm_value_set_caller(r->p, v, &e) != 0)
			goto bail;
	}
	if (pvm_commit_replace(r->p, id, v) != 0)
		goto bail;
	return FAST_ENTRY;
bail:
	/* undo: the generic parser reads the entry again from the start */
	r->pos = pos;
	pvr_ref_undo(&r->refs, nrefs);
	r->nstrtab = nstrtab;
	return FAST_BAIL;
}
