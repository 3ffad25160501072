/*
 * marshal.c - the .pstats reader: a marshal stream (Python 2.7 and 3.x,
 * versions 0 to 4) parsed straight into the profile model.
 *
 * The top-level dict is streamed: each (key, value) pair is parsed into a
 * small value tree in a scratch arena, turned into model entries, and the
 * arena is reset.  Only objects that carry FLAG_REF (and so may be
 * referenced later by 'r') are kept, in a persistent arena.  Strings are
 * interned into the profile as they are read.
 *
 * Every length is checked against the bytes left before anything is
 * allocated, nesting is bounded, and every error names the byte offset.
 */
/* madvise(MADV_DONTNEED) is not in POSIX */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/model.h"

#define MAX_DEPTH 2000
#define FLAG_REF 0x80

enum mv_type {
	MV_NULL,      /* the '0' marker */
	MV_NONE,
	MV_BOOL,
	MV_INT,
	MV_FLOAT,
	MV_STR,       /* u.s: interned string id */
	MV_CODE,      /* u.s: interned repr of the code object */
	MV_TUPLE,     /* n children at u.c */
	MV_LIST,
	MV_DICT,      /* n pairs: 2n children at u.c */
	MV_SET,
	MV_FROZENSET,
	MV_OTHER,     /* complex, Ellipsis, StopIteration, ... */
	MV_KEY,       /* a reference to a tuple already known as key u.s
	                 (its children are not looked at again) */
};

/* where a container's children live: arena + first index */
typedef struct mv_children {
	uint32_t first;
	uint32_t persistent;
} mv_children;

typedef struct mv {
	union {
		pv_count i;
		double f;
		uint32_t s;
		mv_children c;
	} u;
	uint32_t n;
	uint32_t ref;      /* 1 + the reference slot this object fills or came from */
	uint32_t off_lo;   /* byte offset of the object's type code (40 bits) */
	uint8_t off_hi;
	uint8_t t;
} mv;

#define MV_OFF(m) ((long long)((uint64_t)(m)->off_hi << 32 | (m)->off_lo))

typedef struct mv_vec {
	mv *v;
	uint32_t n, cap;
} mv_vec;

/*
 * The objects of FLAG_REF slots, 4 bytes each (a profile has about one or
 * two per function): the low 3 bits say what the rest is.  Strings, keys
 * and ints that fit in the other 29 bits are held in place; floats in
 * `floats` and any other object (as the generic parser built it) in `big`,
 * the slot holding the index.
 */
enum { RT_PENDING, RT_STR, RT_KEY, RT_INT, RT_FLOAT, RT_BIG };
#define RT_TAG(e) ((unsigned)((e) & 7u))
#define RT_VAL(e) ((uint32_t)(e) >> 3)
#define RT_SVAL(e) ((int32_t)(e) >> 3)   /* arithmetic shift: gcc, clang */
#define RT_MAKE(tag, v) ((uint32_t)((uint32_t)(v) << 3) | (uint32_t)(tag))
#define RT_INT_MAX (INT32_MAX >> 3)
#define RT_INT_MIN (INT32_MIN >> 3)
#define RT_IDX_MAX (UINT32_MAX >> 3)     /* the largest id or index held */

typedef struct ref_tab {
	uint32_t *v;
	uint32_t n, cap;
	mv_vec big;
	double *floats;
	uint32_t nfloats, floats_cap;
} ref_tab;

typedef struct reader {
	const unsigned char *data;
	size_t len, pos;
	pv_profile *p;
	pv_error *err;
	mv_vec arena[2];     /* 0: scratch, 1: persistent */
	ref_tab refs;        /* FLAG_REF objects, in order */
	mv_vec stack;        /* pairs of dicts being read */
	uint32_t *strtab;    /* Python 2 interned-string table */
	uint32_t nstrtab, strtab_cap;
	int depth;
	/* the input is our own file mapping: pages already parsed can be given
	 * back (nothing refers to input bytes once an entry is read) */
	int mapped;
	size_t released;
	/* code objects: the objects read while trying layouts are counted
	 * against a budget linear in the file size (nested code objects would
	 * otherwise cost 4^depth attempts).  The layouts are always tried in
	 * the same order: a 3.11 code object can misparse as 3.8 if 3.8 goes
	 * first. */
	int code_depth;
	uint64_t code_budget;
	char *tmp;           /* scratch for string conversion */
	size_t tmp_cap;
	pvm_value val;
	/* the look-ahead cursor of the fast path and its notes (see pf_advance) */
	size_t pf_pos;
	size_t pf_stuck;     /* where it could not go on; 0: it can */
	struct pf_note *pf_notes;  /* PF_NOTES of them, a ring */
	uint32_t pf_head, pf_n;
	struct pf_hash *pf_hashes; /* PF_HASHES names' hashes, by position */
	int int_callers;     /* some caller entry was a plain count */
} reader;

/* The look-ahead cursor (see pf_advance) hashes each inline function name
 * it passes; the parser finds the hash here by the name's byte position
 * instead of hashing the bytes again (slot (at / 8) % PF_HASHES: names in
 * the cursor's 4 KB window are more than 8 bytes apart; a slot holding
 * another position is simply not used). */
#define PF_HASHES 512
typedef struct pf_hash {
	size_t at;
	uint64_t h;
} pf_hash;

/* ===================================================== plumbing */

static int vec_push(mv_vec *v, const mv *x)
{
	if (v->n >= UINT32_MAX - 1 ||
	    pv_grow32((void **)&v->v, &v->cap, v->n + 1, sizeof *v->v) != 0)
		return -1;
	v->v[v->n++] = *x;
	return 0;
}

/* Reserves n zeroed slots; returns the first index or UINT32_MAX. */
static uint32_t vec_alloc(mv_vec *v, uint32_t n)
{
	if ((uint64_t)v->n + n > UINT32_MAX - 1)
		return UINT32_MAX;
	if (pv_grow32((void **)&v->v, &v->cap, v->n + n, sizeof *v->v) != 0)
		return UINT32_MAX;
	uint32_t first = v->n;
	if (n)
		memset(v->v + first, 0, (size_t)n * sizeof *v->v);
	v->n += n;
	return first;
}

/* Appends a slot holding entry e; returns 0 or -1 on OOM. */
static int ref_push(ref_tab *t, uint32_t e)
{
	if (t->n >= UINT32_MAX - 1 ||
	    pv_grow32((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v) != 0)
		return -1;
	t->v[t->n++] = e;
	return 0;
}

/* Stores object m in slot `slot`: in place when it fits, else in `big`. */
static int ref_store(ref_tab *t, uint32_t slot, const mv *m)
{
	if (m->t == MV_STR && m->n == 0 && m->u.s <= RT_IDX_MAX) {
		t->v[slot] = RT_MAKE(RT_STR, m->u.s);
		return 0;
	}
	if (m->t == MV_KEY && m->u.s <= RT_IDX_MAX) {
		t->v[slot] = RT_MAKE(RT_KEY, m->u.s);
		return 0;
	}
	if (m->t == MV_INT && m->n == 0 && m->u.i >= RT_INT_MIN && m->u.i <= RT_INT_MAX) {
		t->v[slot] = RT_MAKE(RT_INT, (uint32_t)(int32_t)m->u.i);
		return 0;
	}
	if (m->t == MV_FLOAT && m->n == 0 && t->nfloats <= RT_IDX_MAX) {
		if (pv_grow32((void **)&t->floats, &t->floats_cap, t->nfloats + 1,
			     sizeof *t->floats) != 0)
			return -1;
		t->floats[t->nfloats] = m->u.f;
		t->v[slot] = RT_MAKE(RT_FLOAT, t->nfloats++);
		return 0;
	}
	/* past RT_IDX_MAX big objects (a file of tens of GB) is out of memory */
	if (t->big.n > RT_IDX_MAX || vec_push(&t->big, m) != 0)
		return -1;
	t->v[slot] = RT_MAKE(RT_BIG, t->big.n - 1);
	return 0;
}

/* Appends a slot holding object m (its `ref` already the new slot's). */
static int ref_append(ref_tab *t, const mv *m)
{
	if (ref_push(t, RT_MAKE(RT_PENDING, 0)) != 0)
		return -1;
	return ref_store(t, t->n - 1, m);
}

/* The object of slot `idx` (not pending) as the parser sees it. */
static void ref_load(const ref_tab *t, uint32_t idx, mv *out)
{
	uint32_t e = t->v[idx];
	if (RT_TAG(e) == RT_BIG) {
		*out = t->big.v[RT_VAL(e)];
		return;
	}
	memset(out, 0, sizeof *out);
	out->ref = idx + 1;
	switch (RT_TAG(e)) {
	case RT_STR:
		out->t = MV_STR;
		out->u.s = (uint32_t)RT_VAL(e);
		break;
	case RT_KEY:
		out->t = MV_KEY;
		out->n = 3;
		out->u.s = (uint32_t)RT_VAL(e);
		break;
	case RT_FLOAT:
		out->t = MV_FLOAT;
		out->u.f = t->floats[RT_VAL(e)];
		break;
	default:
		out->t = MV_INT;
		out->u.i = RT_SVAL(e);
		break;
	}
}

/* A point the parser can go back to (undo of a failed attempt). */
typedef struct ref_mark {
	uint32_t n, nbig, nfloats;
} ref_mark;

static ref_mark ref_save(const ref_tab *t)
{
	return (ref_mark){ t->n, t->big.n, t->nfloats };
}

static void ref_undo(ref_tab *t, ref_mark m)
{
	t->n = m.n;
	t->big.n = m.nbig;
	t->nfloats = m.nfloats;
}

static const mv *child(const reader *r, const mv *m, uint32_t i)
{
	return &r->arena[m->u.c.persistent].v[m->u.c.first + i];
}

static int oom(reader *r)
{
	return pv_error_at(r->err, (long long)r->pos, "out of memory");
}

static int truncated(reader *r, size_t at, const char *what)
{
	return pv_error_at(r->err, (long long)at, "truncated: the file ends inside %s", what);
}

static int need(reader *r, size_t n, size_t at, const char *what)
{
	if (r->len - r->pos < n)
		return truncated(r, at, what);
	return 0;
}

static int32_t rd_i32(reader *r)
{
	const unsigned char *b = r->data + r->pos;
	r->pos += 4;
	uint32_t u = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
		     (uint32_t)b[3] << 24;
	return (int32_t)u;
}

static uint64_t rd_u64(reader *r)
{
	uint64_t u;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(&u, r->data + r->pos, 8);  /* marshal is little-endian too */
#else
	u = 0;
	for (int i = 7; i >= 0; i--)
		u = u << 8 | r->data[r->pos + (size_t)i];
#endif
	r->pos += 8;
	return u;
}

/* ===================================================== strings */

enum { ENC_UTF8, ENC_LATIN1, ENC_BYTES };

static int tmp_reserve(reader *r, size_t n)
{
	if (n <= r->tmp_cap)
		return 0;
	size_t c = r->tmp_cap ? r->tmp_cap : 256;
	while (c < n)
		c *= 2;
	char *t = realloc(r->tmp, c);
	if (!t)
		return -1;
	r->tmp = t;
	r->tmp_cap = c;
	return 0;
}

/*
 * Interns a string payload.  UTF-8 text from Python 3 keeps undecodable
 * bytes as lone surrogates U+DC80..U+DCFF (ED B2 80 .. ED B3 BF); they
 * become the original bytes again.  Latin-1 payloads (a A z Z) are code
 * points and become UTF-8.
 */
static uint32_t intern_payload(reader *r, const unsigned char *s, size_t len, int enc)
{
	size_t i = 0;
	while (i < len && s[i] < 0x80)
		i++;
	if (i == len || enc == ENC_BYTES)
		return pvm_intern(r->p, (const char *)s, len);
	if (tmp_reserve(r, len * 2 + 1) != 0)
		return PVM_NONE;
	char *o = r->tmp;
	size_t k = 0;
	if (enc == ENC_LATIN1) {
		for (size_t j = 0; j < len; j++) {
			if (s[j] < 0x80) {
				o[k++] = (char)s[j];
			} else {
				o[k++] = (char)(0xc0 | s[j] >> 6);
				o[k++] = (char)(0x80 | (s[j] & 0x3f));
			}
		}
	} else {
		for (size_t j = 0; j < len;) {
			if (s[j] == 0xed && j + 2 < len && (s[j + 1] == 0xb2 || s[j + 1] == 0xb3) &&
			    (s[j + 2] & 0xc0) == 0x80) {
				unsigned cp = 0xd000u | (unsigned)(s[j + 1] & 0x3f) << 6 |
					      (unsigned)(s[j + 2] & 0x3f);
				o[k++] = (char)(cp - 0xdc00u);
				j += 3;
			} else {
				o[k++] = (char)s[j++];
			}
		}
	}
	return pvm_intern(r->p, o, k);
}

/* ===================================================== objects */

static int rd_obj(reader *r, mv *out, int persist);

static int rd_long(reader *r, mv *out, size_t at)
{
	if (need(r, 4, at, "an integer"))
		return -1;
	int32_t n = rd_i32(r);
	int64_t an = n < 0 ? -(int64_t)n : n;
	if ((uint64_t)an * 2 > r->len - r->pos)
		return truncated(r, at, "an integer");
	/* 15-bit digits, least significant first; 2^126 fits a pv_count */
	pv_ucount v = 0;
	int too_big = 0;
	for (int64_t i = 0; i < an; i++) {
		unsigned d = (unsigned)r->data[r->pos] | (unsigned)r->data[r->pos + 1] << 8;
		r->pos += 2;
		if (d > 0x7fff)
			return pv_error_at(r->err, (long long)at,
					   "bad marshal data: digit out of range in a long integer");
		if (i == an - 1 && d == 0)
			return pv_error_at(r->err, (long long)at,
					   "bad marshal data: unnormalized long integer");
		if (d == 0)
			continue;
		if (15 * i + 15 > 126)
			too_big = 1;
		else
			v |= (pv_ucount)d << (15 * i);
	}
	if (too_big)
		return pv_error_at(r->err, (long long)at,
				   "integer too large (more than 120 bits)");
	out->t = MV_INT;
	out->u.i = n < 0 ? -(pv_count)v : (pv_count)v;
	return 0;
}

static int rd_float_text(reader *r, mv *out, size_t at)
{
	if (need(r, 1, at, "a float"))
		return -1;
	size_t n = r->data[r->pos++];
	if (need(r, n, at, "a float"))
		return -1;
	char buf[257];
	memcpy(buf, r->data + r->pos, n);
	buf[n] = 0;
	r->pos += n;
	char *end = NULL;
	int bad = n == 0 || strpbrk(buf, "xX_ \t\n\r\f\v") != NULL;
	double d = 0.0;
	if (!bad) {
		errno = 0;
		d = strtod(buf, &end);
		bad = end != buf + n;
	}
	if (bad) {
		/* printable excerpt only */
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)buf[i] < 0x20 || (unsigned char)buf[i] > 0x7e)
				buf[i] = '?';
		if (n > 40)
			strcpy(buf + 37, "...");
		return pv_error_at(r->err, (long long)at, "bad float text '%s'", buf);
	}
	out->t = MV_FLOAT;
	out->u.f = d;
	return 0;
}

static int rd_string(reader *r, mv *out, size_t at, unsigned code)
{
	size_t n;
	if (code == 'z' || code == 'Z') {
		if (need(r, 1, at, "a string"))
			return -1;
		n = r->data[r->pos++];
	} else {
		if (need(r, 4, at, "a string"))
			return -1;
		int32_t sn = rd_i32(r);
		if (sn < 0)
			return pv_error_at(r->err, (long long)at,
					   "bad marshal data: string size %d out of range", (int)sn);
		n = (size_t)sn;
	}
	if (r->len - r->pos < n)
		return pv_error_at(r->err, (long long)at,
				   "truncated: a string of %zu bytes runs past the end of the file "
				   "(%zu bytes left)", n, r->len - r->pos);
	int enc = (code == 'a' || code == 'A' || code == 'z' || code == 'Z') ? ENC_LATIN1
		  : code == 's' ? ENC_BYTES : ENC_UTF8;
	uint32_t id = intern_payload(r, r->data + r->pos, n, enc);
	if (id == PVM_NONE)
		return oom(r);
	r->pos += n;
	if (code == 't') {
		/* Python 2's table of interned strings, for 'R' */
		if (r->nstrtab >= UINT32_MAX - 1 ||
		    pv_grow32((void **)&r->strtab, &r->strtab_cap, r->nstrtab + 1,
			     sizeof *r->strtab) != 0)
			return oom(r);
		r->strtab[r->nstrtab++] = id;
	}
	out->t = MV_STR;
	out->u.s = id;
	return 0;
}

/* Reads n objects into consecutive slots of the given arena. */
static int rd_items(reader *r, mv *out, uint32_t n, int persist, int is_tuple)
{
	uint32_t first = vec_alloc(&r->arena[persist], n);
	if (first == UINT32_MAX)
		return oom(r);
	for (uint32_t i = 0; i < n; i++) {
		mv x;
		if (rd_obj(r, &x, persist) != 0)
			return -1;
		if (x.t == MV_NULL)
			return pv_error_at(r->err, MV_OFF(&x),
					   "bad marshal data: NULL object in a %s",
					   is_tuple ? "tuple" : "container");
		r->arena[persist].v[first + i] = x;
	}
	out->u.c.first = first;
	out->u.c.persistent = (uint32_t)persist;
	out->n = n;
	return 0;
}

static int unhashable(const mv *k)
{
	return k->t == MV_LIST || k->t == MV_DICT || k->t == MV_SET;
}

/* The type with its article, for messages: "an int", "None". */
static const char *a_type(const mv *m)
{
	switch (m->t) {
	case MV_NULL: return "NULL";
	case MV_NONE: return "None";
	case MV_BOOL: return "a bool";
	case MV_INT: return "an int";
	case MV_FLOAT: return "a float";
	case MV_STR: return "a str";
	case MV_CODE: return "a code object";
	case MV_TUPLE: return "a tuple";
	case MV_KEY: return "a tuple";
	case MV_LIST: return "a list";
	case MV_DICT: return "a dict";
	case MV_SET: return "a set";
	case MV_FROZENSET: return "a frozenset";
	default: return "an object";
	}
}

static int rd_dict(reader *r, mv *out, int persist)
{
	uint32_t base = r->stack.n;
	for (;;) {
		mv k, v;
		if (rd_obj(r, &k, persist) != 0)
			return -1;
		if (k.t == MV_NULL)
			break;
		if (unhashable(&k))
			return pv_error_at(r->err, MV_OFF(&k),
					   "bad marshal data: unhashable dict key (%s)",
					   a_type(&k));
		if (rd_obj(r, &v, persist) != 0)
			return -1;
		if (v.t == MV_NULL)  /* CPython 3 ends the dict here, silently */
			break;
		if (vec_push(&r->stack, &k) != 0 || vec_push(&r->stack, &v) != 0)
			return oom(r);
	}
	uint32_t n = r->stack.n - base;
	uint32_t first = vec_alloc(&r->arena[persist], n);
	if (first == UINT32_MAX)
		return oom(r);
	if (n)
		memcpy(r->arena[persist].v + first, r->stack.v + base, (size_t)n * sizeof(mv));
	r->stack.n = base;
	out->t = MV_DICT;
	out->n = n / 2;
	out->u.c.first = first;
	out->u.c.persistent = (uint32_t)persist;
	return 0;
}

/* ----- code objects: four layouts, found by trial ----- */

typedef struct code_layout {
	int nints;
	const char *before;  /* field kinds: b bytes/str, t tuple, s str */
	const char *after;
	int file_idx, name_idx;
} code_layout;

static const code_layout layouts[] = {
	{ 4, "btttttss", "b", 6, 7 },   /* 2.7 */
	{ 5, "btttttss", "b", 6, 7 },   /* 3.0 - 3.7 */
	{ 5, "btttbsss", "bb", 5, 6 },  /* 3.11 - 3.13 */
	{ 6, "btttttss", "b", 6, 7 },   /* 3.8 - 3.10 */
};

static int kind_ok(char kind, const mv *m)
{
	if (kind == 't')
		return m->t == MV_TUPLE || m->t == MV_KEY;
	return m->t == MV_STR;
}

static int try_layout(reader *r, const code_layout *L, int persist, uint32_t *file,
		      uint32_t *name, int32_t *line)
{
	if (r->len - r->pos < (size_t)L->nints * 4)
		return -1;
	r->pos += (size_t)L->nints * 4;
	int i = 0;
	for (const char *k = L->before; *k; k++, i++) {
		mv x;
		if (rd_obj(r, &x, persist) != 0 || !kind_ok(*k, &x))
			return -1;
		if (i == L->file_idx)
			*file = x.u.s;
		if (i == L->name_idx)
			*name = x.u.s;
	}
	if (r->len - r->pos < 4)
		return -1;
	*line = rd_i32(r);
	for (const char *k = L->after; *k; k++) {
		mv x;
		if (rd_obj(r, &x, persist) != 0 || !kind_ok(*k, &x))
			return -1;
	}
	return 0;
}

static int rd_code(reader *r, mv *out, size_t at, int persist)
{
	size_t body = r->pos;
	ref_mark nrefs = ref_save(&r->refs);
	uint32_t nstrtab = r->nstrtab;
	uint32_t na0 = r->arena[0].n, na1 = r->arena[1].n, nstack = r->stack.n;
	size_t nlayouts = sizeof layouts / sizeof layouts[0];
	for (size_t li = 0; li < nlayouts; li++) {
		uint32_t file = PVM_NONE, name = PVM_NONE;
		int32_t line = 0;
		r->code_depth++;
		int ok = try_layout(r, &layouts[li], persist, &file, &name, &line) == 0;
		r->code_depth--;
		if (ok) {
			size_t flen, nlen;
			const char *fs = pv_profile_string(r->p, file, &flen);
			const char *ns = pv_profile_string(r->p, name, &nlen);
			pv_buf b = PV_BUF_INIT;
			pv_buf_puts(&b, "<code object ");
			pv_buf_append(&b, ns, nlen);
			pv_buf_puts(&b, " at 0x7f0000000000, file \"");
			pv_buf_append(&b, fs, flen);
			pv_buf_printf(&b, "\", line %d>", (int)line);
			uint32_t id = pv_buf_ok(&b) ? pvm_intern(r->p, b.data, b.len) : PVM_NONE;
			pv_buf_release(&b);
			if (id == PVM_NONE)
				return oom(r);
			out->t = MV_CODE;
			out->u.s = id;
			return 0;
		}
		/* undo the attempt */
		r->pos = body;
		ref_undo(&r->refs, nrefs);
		r->nstrtab = nstrtab;
		r->arena[0].n = na0;
		r->arena[1].n = na1;
		r->stack.n = nstack;
		if (r->code_budget == 0)
			break;
	}
	if (r->code_budget == 0)
		return pv_error_at(r->err, (long long)at,
				   "code objects too deeply nested to decode");
	return pv_error_at(r->err, (long long)at,
			   "bad marshal data: a code object of no known layout");
}

static int rd_obj(reader *r, mv *out, int persist)
{
	size_t at = r->pos;
	memset(out, 0, sizeof *out);
	out->off_lo = (uint32_t)at;
	out->off_hi = (uint8_t)((uint64_t)at >> 32);
	if (r->pos >= r->len)
		return pv_error_at(r->err, (long long)at,
				   "truncated: the file ends where an object should start");
	unsigned code = r->data[r->pos++];
	int flag = (code & FLAG_REF) != 0;
	code &= 0x7f;
	if (++r->depth > MAX_DEPTH) {
		r->depth--;
		return pv_error_at(r->err, (long long)at, "nesting deeper than %d levels",
				   MAX_DEPTH);
	}
	if (r->code_depth > 0) {
		if (r->code_budget == 0) {
			r->depth--;
			return pv_error_at(r->err, (long long)at,
					   "code objects too deeply nested to decode");
		}
		r->code_budget--;
	}
	uint32_t slot = UINT32_MAX;
	if (flag) {
		slot = r->refs.n;
		if (ref_push(&r->refs, RT_MAKE(RT_PENDING, 0)) != 0)
			return oom(r);
		persist = 1;
	}
	int rc = 0;
	switch (code) {
	case '0':
		out->t = MV_NULL;
		break;
	case 'N':
		out->t = MV_NONE;
		break;
	case 'F':
	case 'T':
		out->t = MV_BOOL;
		out->u.i = code == 'T';
		break;
	case 'S':
	case '.':
		out->t = MV_OTHER;
		break;
	case 'i':
		if ((rc = need(r, 4, at, "an integer")) == 0) {
			out->t = MV_INT;
			out->u.i = rd_i32(r);
		}
		break;
	case 'I':
		if ((rc = need(r, 8, at, "an integer")) == 0) {
			out->t = MV_INT;
			out->u.i = (int64_t)rd_u64(r);
		}
		break;
	case 'l':
		rc = rd_long(r, out, at);
		break;
	case 'f':
		rc = rd_float_text(r, out, at);
		break;
	case 'g':
		if ((rc = need(r, 8, at, "a float")) == 0) {
			uint64_t u = rd_u64(r);
			out->t = MV_FLOAT;
			memcpy(&out->u.f, &u, 8);
		}
		break;
	case 'x': {
		mv a, b;
		if ((rc = rd_float_text(r, &a, at)) == 0)
			rc = rd_float_text(r, &b, at);
		out->t = MV_OTHER;
		break;
	}
	case 'y':
		if ((rc = need(r, 16, at, "a complex number")) == 0) {
			r->pos += 16;
			out->t = MV_OTHER;
		}
		break;
	case 's':
	case 't':
	case 'u':
	case 'a':
	case 'A':
	case 'z':
	case 'Z':
		rc = rd_string(r, out, at, code);
		break;
	case 'R': {
		if ((rc = need(r, 4, at, "a string reference")) != 0)
			break;
		int32_t idx = rd_i32(r);
		if (idx < 0 || (uint32_t)idx >= r->nstrtab) {
			rc = pv_error_at(r->err, (long long)at,
					 "bad marshal data: string reference %d out of range "
					 "(%u strings so far)", (int)idx, r->nstrtab);
			break;
		}
		out->t = MV_STR;
		out->u.s = r->strtab[idx];
		break;
	}
	case '(':
	case ')':
	case '[':
	case '<':
	case '>': {
		size_t n;
		if (code == ')') {
			if ((rc = need(r, 1, at, "a tuple")) != 0)
				break;
			n = r->data[r->pos++];
		} else {
			if ((rc = need(r, 4, at, "a container")) != 0)
				break;
			int32_t sn = rd_i32(r);
			if (sn < 0) {
				rc = pv_error_at(r->err, (long long)at,
						 "bad marshal data: size %d out of range", (int)sn);
				break;
			}
			n = (size_t)sn;
		}
		/* every item takes at least one byte */
		if (n > r->len - r->pos) {
			rc = pv_error_at(r->err, (long long)at,
					 "truncated: a container of %zu items runs past the end "
					 "of the file (%zu bytes left)", n, r->len - r->pos);
			break;
		}
		out->t = code == '(' || code == ')' ? MV_TUPLE
			 : code == '[' ? MV_LIST : code == '<' ? MV_SET : MV_FROZENSET;
		rc = rd_items(r, out, (uint32_t)n, persist, out->t == MV_TUPLE);
		break;
	}
	case '{':
		rc = rd_dict(r, out, persist);
		break;
	case 'c':
		rc = rd_code(r, out, at, persist);
		break;
	case 'r': {
		if ((rc = need(r, 4, at, "a reference")) != 0)
			break;
		int32_t idx = rd_i32(r);
		if (idx < 0 || (uint32_t)idx >= r->refs.n ||
		    RT_TAG(r->refs.v[idx]) == RT_PENDING) {
			rc = pv_error_at(r->err, (long long)at,
					 "bad marshal data: invalid reference %d (%u objects so far)",
					 (int)idx, r->refs.n);
			break;
		}
		ref_load(&r->refs, (uint32_t)idx, out);
		out->off_lo = (uint32_t)at;
		out->off_hi = (uint8_t)((uint64_t)at >> 32);
		break;
	}
	default:
		if (code >= 0x21 && code <= 0x7e)
			rc = pv_error_at(r->err, (long long)at,
					 "bad marshal data: unknown type code '%c'", (char)code);
		else
			rc = pv_error_at(r->err, (long long)at,
					 "bad marshal data: unknown type code 0x%02x",
					 code | (flag ? FLAG_REF : 0));
	}
	r->depth--;
	if (rc != 0)
		return rc;
	if (flag) {
		if (out->t == MV_NULL)
			return pv_error_at(r->err, (long long)at,
					   "bad marshal data: NULL object with a reference flag");
		out->ref = slot + 1;
		if (ref_store(&r->refs, slot, out) != 0)
			return oom(r);
	}
	return 0;
}

/* ===================================================== interpretation */

static int describe_key(reader *r, const mv *key, char *out, size_t cap)
{
	/* a short printable name for messages: file:line(name) */
	if (key->t == MV_KEY) {
		pv_buf b = PV_BUF_INIT;
		pvm_key_std_string(r->p, key->u.s, &b);
		snprintf(out, cap, "%.250s", b.data ? b.data : "?");
		pv_buf_release(&b);
		return 0;
	}
	if (key->t != MV_TUPLE || key->n != 3) {
		snprintf(out, cap, "?");
		return 0;
	}
	const mv *f = child(r, key, 0), *l = child(r, key, 1), *n = child(r, key, 2);
	const char *fs = f->t == MV_STR ? pv_profile_string(r->p, f->u.s, NULL) : "?";
	const char *ns = (n->t == MV_STR || n->t == MV_CODE)
				 ? pv_profile_string(r->p, n->u.s, NULL) : "?";
	long long line = l->t == MV_INT ? (long long)l->u.i : 0;
	snprintf(out, cap, "%.150s:%lld(%.100s)", fs, line, ns);
	for (char *c = out; *c; c++)
		if ((unsigned char)*c < 0x20)
			*c = '?';
	return 0;
}

static uint32_t key_id_slow(reader *r, const mv *key, const char *role);

/* Reference slot `slot` holds key `id` from now on: later references to
 * it skip the tuple (a cache: not remembering is harmless). */
static void ref_set_key(reader *r, uint32_t slot, uint32_t id)
{
	if (slot < r->refs.n && RT_TAG(r->refs.v[slot]) != RT_PENDING && id <= RT_IDX_MAX)
		r->refs.v[slot] = RT_MAKE(RT_KEY, id);
}

/* Key ids of referenced tuples are cached: py3 files name every caller by
 * a reference to the key tuple written once. */
static uint32_t key_id(reader *r, const mv *key, const char *role)
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

static uint32_t key_id_slow(reader *r, const mv *key, const char *role)
{
	if (key->t == MV_TUPLE && key->n != 3) {
		pv_error_at(r->err, MV_OFF(key),
			    "%s is a %u-item tuple, not a (file, line, name) tuple", role, key->n);
		return PVM_NONE;
	}
	if (key->t != MV_TUPLE) {
		pv_error_at(r->err, MV_OFF(key),
			    "%s is %s, not a (file, line, name) tuple", role, a_type(key));
		return PVM_NONE;
	}
	const mv *f = child(r, key, 0), *l = child(r, key, 1), *n = child(r, key, 2);
	if (f->t != MV_STR) {
		pv_error_at(r->err, MV_OFF(f), "%s has %s as file name", role,
			    a_type(f));
		return PVM_NONE;
	}
	if (n->t != MV_STR && n->t != MV_CODE) {
		pv_error_at(r->err, MV_OFF(n), "%s has %s as function name", role,
			    a_type(n));
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
			    a_type(l));
		return PVM_NONE;
	}
	uint32_t id = pvm_key(r->p, f->u.s, line, n->u.s, n->t == MV_CODE);
	if (id == PVM_NONE)
		oom(r);
	return id;
}

static int get_count(reader *r, const mv *m, pv_count *out, const char *what, const mv *key)
{
	if (m->t != MV_INT && m->t != MV_BOOL) {
		char who[300];
		describe_key(r, key, who, sizeof who);
		return pv_error_at(r->err, MV_OFF(m), "%s of %s is %s, not an integer",
				   what, who, a_type(m));
	}
	*out = m->u.i;
	return 0;
}

static int get_time(reader *r, const mv *m, double *out, const char *what, const mv *key)
{
	if (m->t == MV_FLOAT) {
		*out = m->u.f;
	} else if (m->t == MV_INT || m->t == MV_BOOL) {
		*out = (double)m->u.i;
	} else {
		char who[300];
		describe_key(r, key, who, sizeof who);
		return pv_error_at(r->err, MV_OFF(m), "%s of %s is %s, not a number",
				   what, who, a_type(m));
	}
	return 0;
}

static int take_entry(reader *r, const mv *key, const mv *val)
{
	uint32_t id = key_id(r, key, "a function key");
	if (id == PVM_NONE)
		return -1;
	char who[300];
	if (val->t != MV_TUPLE || val->n != 5) {
		describe_key(r, key, who, sizeof who);
		if (val->t == MV_TUPLE)
			return pv_error_at(r->err, MV_OFF(val),
					   "the value of %s has %u items, not 5 "
					   "(cc, nc, tt, ct, callers)", who, val->n);
		return pv_error_at(r->err, MV_OFF(val),
				   "the value of %s is %s, not a (cc, nc, tt, ct, callers) tuple",
				   who, a_type(val));
	}
	pvm_value *v = &r->val;
	pvm_value_begin(r->p, v);
	if (get_count(r, child(r, val, 0), &v->cc, "the primitive call count", key) ||
	    get_count(r, child(r, val, 1), &v->nc, "the call count", key) ||
	    get_time(r, child(r, val, 2), &v->tt, "tottime", key) ||
	    get_time(r, child(r, val, 3), &v->ct, "cumtime", key))
		return -1;
	const mv *callers = child(r, val, 4);
	if (callers->t != MV_DICT && describe_key(r, key, who, sizeof who) == 0)
		return pv_error_at(r->err, MV_OFF(callers),
				   "the callers of %s are %s, not a dict", who,
				   a_type(callers));
	for (uint32_t i = 0; i < callers->n; i++) {
		const mv *ck = child(r, callers, 2 * i), *cv = child(r, callers, 2 * i + 1);
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
			if (get_count(r, child(r, cv, 0), &nc, "a caller's call count", key) ||
			    get_count(r, child(r, cv, 1), &cc, "a caller's primitive call count",
				      key) ||
			    get_time(r, child(r, cv, 2), &e.tt, "a caller's tottime", key) ||
			    get_time(r, child(r, cv, 3), &e.ct, "a caller's cumtime", key))
				return -1;
		} else {
			describe_key(r, key, who, sizeof who);
			if (cv->t == MV_TUPLE)
				return pv_error_at(r->err, MV_OFF(cv),
						   "a caller entry of %s has %u items, not 4 "
						   "(nc, cc, tt, ct)", who, cv->n);
			return pv_error_at(r->err, MV_OFF(cv),
					   "a caller entry of %s is %s, not a (nc, cc, tt, ct) "
					   "tuple or a call count", who, a_type(cv));
		}
		if (pvm_set_calls(r->p, &e.calls, nc, cc, is_int) != 0)
			return oom(r);
		if (pvm_value_set_caller(r->p, v, &e) != 0)
			return oom(r);
	}
	if (pvm_commit_replace(r->p, id, v) != 0)
		return oom(r);
	return 0;
}

/* ===================================================== fast path */

/*
 * Nearly every entry of a real profile has one shape: a key tuple (str,
 * int, str) or a reference to one, and a value tuple of ints, floats and a
 * callers dict of such keys and 4-tuples (or ints).  fast_entry() reads
 * that shape directly into the model, without building value trees.  On
 * anything else (a code object, an odd type, a flagged container, an
 * error) it undoes what it read and the generic parser takes the entry,
 * so that results and error messages are the generic ones.
 */

enum { FAST_BAIL = 0, FAST_ENTRY = 1, FAST_END = 2 };

/* Reads a reference ('r' at r->pos) and returns its slot's entry; an
 * invalid reference gives a pending entry (which every caller refuses). */
static uint32_t fast_ref(reader *r)
{
	if (r->len - r->pos < 5)
		return RT_MAKE(RT_PENDING, 0);
	r->pos++;
	int32_t idx = rd_i32(r);
	if (idx < 0 || (uint32_t)idx >= r->refs.n)
		return RT_MAKE(RT_PENDING, 0);
	return r->refs.v[idx];
}

/* Reads an 'i' (or 'R') int32 operand after the code byte. */
static int fast_i32(reader *r, int32_t *v)
{
	if (r->len - r->pos < 5)
		return -1;
	r->pos++;
	*v = rd_i32(r);
	return 0;
}

static int fast_str(reader *r, uint32_t *id)
{
	if (r->pos >= r->len)
		return -1;
	unsigned code = r->data[r->pos];
	int flag = code & FLAG_REF;
	code &= 0x7f;
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
	if (!strchr("zZaAuts", (int)code) || code == 0)
		return -1;
	r->pos++;
	mv m;
	if (rd_string(r, &m, at, code) != 0)
		return -1;
	if (flag && (m.u.s > RT_IDX_MAX || ref_push(&r->refs, RT_MAKE(RT_STR, m.u.s)) != 0))
		return -1;
	*id = m.u.s;
	return 0;
}

/*
 * A function name: for a new short ASCII string, the key-table and
 * string-table slots are prefetched from the bytes' hash before interning,
 * so that the two lookups of a new function wait for memory once, not
 * twice.  Other forms go through fast_str.
 */
static int fast_name(reader *r, uint32_t file, int64_t line, uint32_t *id)
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
	const pf_hash *known = r->pf_hashes ? &r->pf_hashes[(r->pos / 8) % PF_HASHES] : NULL;
	uint64_t h = known && known->at == r->pos ? known->h : pvm_hash_bytes(s, n);
	pvm_prefetch_key(r->p, file, line, h);
	*id = pvm_intern_hashed(r->p, s, n, h);
	if (*id == PVM_NONE)
		return -1;
	r->pos += 2 + n;
	if (flag && (*id > RT_IDX_MAX || ref_push(&r->refs, RT_MAKE(RT_STR, *id)) != 0))
		return -1;
	return 0;
}

/* An int ('i' or a reference to an int); anything else bails. */
static int fast_int(reader *r, pv_count *v)
{
	if (r->pos >= r->len)
		return -1;
	unsigned code = r->data[r->pos];
	int flag = code & FLAG_REF;
	code &= 0x7f;
	if (code == 'i') {
		int32_t x;
		if (fast_i32(r, &x))
			return -1;
		*v = x;
		if (flag && (x < RT_INT_MIN || x > RT_INT_MAX ||
			     ref_push(&r->refs, RT_MAKE(RT_INT, (uint32_t)x)) != 0))
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
static int fast_num(reader *r, double *v)
{
	if (r->pos >= r->len)
		return -1;
	unsigned code = r->data[r->pos];
	int flag = code & FLAG_REF;
	code &= 0x7f;
	if (code == 'g') {
		if (r->len - r->pos < 9)
			return -1;
		r->pos++;
		uint64_t u = rd_u64(r);
		memcpy(v, &u, 8);
		if (flag) {
			mv m;
			memset(&m, 0, sizeof m);
			m.t = MV_FLOAT;
			m.u.f = *v;
			m.ref = r->refs.n + 1;
			if (ref_append(&r->refs, &m) != 0)
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

/* A (file, line, name) key tuple, or a reference to one. */
static int fast_key(reader *r, uint32_t *id)
{
	if (r->pos >= r->len)
		return -1;
	unsigned code = r->data[r->pos];
	int flag = code & FLAG_REF;
	code &= 0x7f;
	if (code == 'r') {
		/* keys are found through the key cache, without the object */
		uint32_t e = fast_ref(r);
		if (RT_TAG(e) != RT_KEY)
			return -1;
		*id = (uint32_t)RT_VAL(e);
		return 0;
	}
	if (code == ')') {
		if (r->len - r->pos < 2 || r->data[r->pos + 1] != 3)
			return -1;
		r->pos += 2;
	} else if (code == '(') {
		if (r->len - r->pos < 5)
			return -1;
		r->pos++;
		if (rd_i32(r) != 3)
			return -1;
	} else {
		return -1;
	}
	uint32_t slot = r->refs.n;
	if (flag && ref_push(&r->refs, RT_MAKE(RT_PENDING, 0)) != 0)
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

/* The header of an unflagged tuple of n items. */
static int fast_tuple(reader *r, uint32_t n)
{
	if (r->pos >= r->len)
		return -1;
	unsigned code = r->data[r->pos];
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
		return rd_i32(r) == (int32_t)n ? 0 : -1;
	}
	return -1;
}

/*
 * Look-ahead.  Each new function costs a cache miss in the string table
 * (its name), references cost misses in the reference table, and keys with
 * shared names one in the key table; issued just before use, a prefetch
 * hides little.  So a cursor runs PF_FAR bytes ahead of the parser over
 * entries of the usual shape, only skipping bytes: it prefetches the
 * string and reference slots at once, and notes each key it passes.  When
 * the parser comes within PF_NEAR bytes of a noted key, the slots are
 * cached and say which key-table slot or key record the key will need:
 * that is prefetched then.  The cursor checks bounds and nothing else: on
 * anything unusual it stops until the parser has passed that point.  None
 * of this changes state the parser reads.
 */
#define PF_FAR 4096
#define PF_NEAR 1024
#define PF_NOTES 256

/* A key the cursor passed: reference indices (PF_NO if absent) and values. */
#define PF_NO UINT32_MAX
typedef struct pf_note {
	size_t at;          /* where the key starts */
	uint32_t key_ref;   /* the entry's own key given as a reference */
	uint32_t file_ref;  /* an inline key's file, as a reference */
	uint32_t name_ref;  /* its name as a reference, or */
	uint32_t name_hv;   /* the hash of its inline name's bytes (name_ref PF_NO) */
	uint32_t line_ref;  /* its line as a reference (a small int), or */
	int32_t line;
} pf_note;

static uint32_t pf_u32(const unsigned char *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

static size_t pf_simple(const reader *r, size_t pos)
{
	const unsigned char *d = r->data;
	size_t len = r->len;
	if (pos >= len)
		return 0;
	switch (d[pos] & 0x7f) {
	case 'r':
		if (len - pos >= 5) {
			uint32_t idx = pf_u32(d + pos + 1);
			if (idx < r->refs.cap)
				__builtin_prefetch(&r->refs.v[idx]);
		}
		return pos + 5;
	case 'i':
		return pos + 5;
	case 'g':
		return pos + 9;
	case 'N':
	case 'T':
	case 'F':
		return pos + 1;
	case 'z':
	case 'Z':
		return pos + 1 < len ? pos + 2 + d[pos + 1] : 0;
	default:
		return 0;
	}
}

/* Skips a key (noting it in *n, n->at set by the caller); 0 if unusual. */
static size_t pf_key(reader *r, size_t pos, int own, pf_note *n)
{
	const unsigned char *d = r->data;
	n->key_ref = n->file_ref = n->name_ref = n->line_ref = PF_NO;
	n->name_hv = 0;
	n->line = 0;
	if (pos + 1 >= r->len)
		return 0;
	unsigned code = d[pos] & 0x7f;
	if (code == 'r') {
		if (own && r->len - pos >= 5)
			n->key_ref = pf_u32(d + pos + 1);
		return pf_simple(r, pos);
	}
	if (code != ')' || d[pos + 1] != 3)
		return 0;
	pos += 2;
	if (pos < r->len && (d[pos] & 0x7f) == 'r' && r->len - pos >= 5)
		n->file_ref = pf_u32(d + pos + 1);
	pos = pf_simple(r, pos);
	if (!pos || pos >= r->len)
		return 0;
	if ((d[pos] & 0x7f) == 'i' && r->len - pos >= 5)
		n->line = (int32_t)pf_u32(d + pos + 1);
	else if ((d[pos] & 0x7f) == 'r' && r->len - pos >= 5)
		n->line_ref = pf_u32(d + pos + 1);  /* small ints are shared objects */
	else
		n->file_ref = PF_NO;  /* no note: the line is not a plain int */
	pos = pf_simple(r, pos);
	if (!pos || pos + 1 >= r->len)
		return 0;
	code = d[pos] & 0x7f;
	if (code == 'z' || code == 'Z') {
		size_t len = d[pos + 1];
		if (r->len - pos - 2 < len)
			return 0;
		uint64_t h = pvm_hash_bytes((const char *)d + pos + 2, len);
		pvm_prefetch_string(r->p, h);
		n->name_hv = (uint32_t)h;
		r->pf_hashes[(pos / 8) % PF_HASHES] = (pf_hash){ pos, h };
		return pos + 2 + len;
	}
	if (code == 'r' && r->len - pos >= 5)
		n->name_ref = pf_u32(d + pos + 1);
	return pf_simple(r, pos);
}

static void pf_push(reader *r, const pf_note *n)
{
	if (n->key_ref == PF_NO && n->file_ref == PF_NO)
		return;
	if (r->pf_n == PF_NOTES)
		return;  /* full: a hint less */
	r->pf_notes[(r->pf_head + r->pf_n++) % PF_NOTES] = *n;
}

/* Skips one entry of the usual shape; returns the position after it or 0. */
static size_t pf_entry(reader *r, size_t pos)
{
	const unsigned char *d = r->data;
	pf_note n;
	n.at = pos;
	pos = pf_key(r, pos, 1, &n);
	if (!pos || pos + 1 >= r->len || (d[pos] & 0x7f) != ')' || d[pos + 1] != 5)
		return 0;
	pf_push(r, &n);
	pos += 2;
	for (int i = 0; i < 4 && pos; i++)
		pos = pf_simple(r, pos);
	if (!pos || pos >= r->len || d[pos] != '{')
		return 0;
	pos++;
	while (pos < r->len && d[pos] != '0') {
		n.at = pos;
		pos = pf_key(r, pos, 0, &n);
		if (!pos || pos + 1 >= r->len)
			return 0;
		pf_push(r, &n);
		if ((d[pos] & 0x7f) == ')' && d[pos + 1] == 4) {
			pos += 2;
			for (int i = 0; i < 4 && pos; i++)
				pos = pf_simple(r, pos);
		} else {
			pos = pf_simple(r, pos);
		}
		if (!pos)
			return 0;
	}
	return pos < r->len ? pos + 1 : 0;
}

/* The string id in reference slot idx, or PVM_NONE. */
static uint32_t pf_ref_str(const reader *r, uint32_t idx)
{
	if (idx >= r->refs.n || RT_TAG(r->refs.v[idx]) != RT_STR)
		return PVM_NONE;
	return (uint32_t)RT_VAL(r->refs.v[idx]);
}

/* A noted key the parser is about to read: its key slot or record. */
static void pf_near(const reader *r, const pf_note *n)
{
	const pv_profile *p = r->p;
	if (n->key_ref != PF_NO) {
		if (n->key_ref < r->refs.n && RT_TAG(r->refs.v[n->key_ref]) == RT_KEY &&
		    RT_VAL(r->refs.v[n->key_ref]) < p->nkeys)
			__builtin_prefetch(&p->funcs[RT_VAL(r->refs.v[n->key_ref])]);
		return;
	}
	uint32_t file = pf_ref_str(r, n->file_ref);
	if (file == PVM_NONE)
		return;
	int64_t line = n->line;
	if (n->line_ref != PF_NO) {
		if (n->line_ref >= r->refs.n || RT_TAG(r->refs.v[n->line_ref]) != RT_INT)
			return;
		line = RT_SVAL(r->refs.v[n->line_ref]);
	}
	if (n->name_ref != PF_NO) {
		uint32_t name = pf_ref_str(r, n->name_ref);
		if (name == PVM_NONE || name >= p->nstr)
			return;
		uint32_t sk = p->str_key[name];
		if (sk == PVM_MANY)
			pvm_prefetch_key_slot(p, file, line, p->str_hv[name]);
		else if (sk && sk - 1 < p->nkeys)
			__builtin_prefetch(&p->funcs[sk - 1]);
	} else if (p->key_hash_cap) {
		pvm_prefetch_key_slot(p, file, line, n->name_hv);
	}
}

static void pf_advance(reader *r)
{
	if (!r->pf_notes || !r->pf_hashes)
		return;
	while (r->pf_n && r->pf_notes[r->pf_head].at < r->pos + PF_NEAR) {
		const pf_note *n = &r->pf_notes[r->pf_head];
		if (n->at >= r->pos)
			pf_near(r, n);
		r->pf_head = (r->pf_head + 1) % PF_NOTES;
		r->pf_n--;
	}
	if (r->pf_stuck) {
		if (r->pos <= r->pf_stuck)
			return;
		r->pf_stuck = 0;
	}
	if (r->pf_pos < r->pos)
		r->pf_pos = r->pos;
	while (r->pf_pos < r->pos + PF_FAR && r->pf_n < PF_NOTES) {
		size_t next = pf_entry(r, r->pf_pos);
		if (!next) {
			r->pf_stuck = r->pf_pos;
			return;
		}
		r->pf_pos = next;
	}
}

static int fast_entry(reader *r)
{
	if (r->pos < r->len && r->data[r->pos] == '0') {
		r->pos++;
		return FAST_END;
	}
	pf_advance(r);
	size_t pos = r->pos;
	ref_mark nrefs = ref_save(&r->refs);
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
	ref_undo(&r->refs, nrefs);
	r->nstrtab = nstrtab;
	return FAST_BAIL;
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

static int not_a_profile(reader *r)
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
static int check_int_callers(reader *r)
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

static int read_profile(reader *r)
{
	if (r->len == 0)
		return pv_error_at(r->err, 0, "truncated: the file is empty");
	unsigned first = r->data[0] & 0x7f;
	if (first != '{') {
		if (not_a_profile(r) != 0)
			return -1;
		mv top;
		if (rd_obj(r, &top, 0) != 0)
			return -1;
		if (top.t == MV_NULL)
			return pv_error_at(r->err, 0, "bad marshal data: NULL object at the top");
		return pv_error_at(r->err, 0,
				   "not a profile: the top-level object is %s, not a dict",
				   a_type(&top));
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
		mv self;
		memset(&self, 0, sizeof self);
		self.t = MV_OTHER;
		if (ref_append(&r->refs, &self) != 0)
			return oom(r);
	}
	r->depth = 1;
	r->pf_notes = malloc(PF_NOTES * sizeof *r->pf_notes);  /* NULL: no look-ahead */
	r->pf_hashes = calloc(PF_HASHES, sizeof *r->pf_hashes);
	for (;;) {
		if (r->mapped && r->pos - r->released >= ((size_t)1 << 20)) {
			size_t page = 4096, from = r->released, to = r->pos & ~(page - 1);
			if (to > from && madvise((void *)(uintptr_t)(r->data + from), to - from,
						 MADV_DONTNEED) == 0)
				r->released = to;
		}
		int f = fast_entry(r);
		if (f == FAST_ENTRY)
			continue;
		if (f == FAST_END)
			break;
		mv k, v;
		if (rd_obj(r, &k, 0) != 0)
			goto maybe_text;
		if (k.t == MV_NULL)
			break;
		if (unhashable(&k))
			return pv_error_at(r->err, MV_OFF(&k),
					   "bad marshal data: unhashable dict key (%s)",
					   a_type(&k));
		if (rd_obj(r, &v, 0) != 0)
			return -1;
		if (v.t == MV_NULL)
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

static void reader_release(reader *r)
{
	free(r->arena[0].v);
	free(r->arena[1].v);
	free(r->refs.v);
	free(r->refs.big.v);
	free(r->refs.floats);
	free(r->pf_notes);
	free(r->pf_hashes);
	free(r->stack.v);
	free(r->strtab);
	free(r->tmp);
	pvm_value_release(&r->val);
}

static pv_profile *load_bytes(const void *data, size_t len, const char *label, int64_t mtime,
			      int has_mtime, int mapped, pv_error *err)
{
	pv_error local;
	if (!err)
		err = &local;
	pv_error_clear(err);
	reader r;
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
	    pvm_add_source(r.p, label, mtime, has_mtime) == 0)
		return r.p;
	if (rc == 0 && err && !err->msg[0])
		pv_error_set(err, "out of memory");
	pv_profile_free(r.p);
	return NULL;
}

pv_profile *pv_profile_load_mem(const void *data, size_t len, const char *label, pv_error *err)
{
	return load_bytes(data, len, label ? label : "<memory>", 0, 1, 0, err);
}

pv_profile *pv_profile_load(const char *path, pv_error *err)
{
	pv_error local;
	if (!err)
		err = &local;
	pv_error_clear(err);
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		pv_error_set(err, "cannot open: %s", strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		pv_error_set(err, "cannot stat: %s", strerror(errno));
		close(fd);
		return NULL;
	}
	if (S_ISDIR(st.st_mode)) {
		pv_error_set(err, "is a directory, not a profile");
		close(fd);
		return NULL;
	}
	pv_profile *p = NULL;
	if (S_ISREG(st.st_mode) && st.st_size > 0) {
		/* map regular files: no copy, no anonymous memory for the bytes */
		size_t len = (size_t)st.st_size;
		void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map != MAP_FAILED) {
			close(fd);
			p = load_bytes(map, len, path, (int64_t)st.st_mtime, 1, 1, err);
			munmap(map, len);
			return p;
		}
	}
	/* pipes, empty files and the like: read into a growing buffer */
	size_t cap = 65536, len = 0;
	unsigned char *buf = malloc(cap);
	if (!buf) {
		pv_error_set(err, "out of memory reading the file");
		close(fd);
		return NULL;
	}
	for (;;) {
		ssize_t got = read(fd, buf + len, cap - len);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			pv_error_set(err, "cannot read: %s", strerror(errno));
			free(buf);
			close(fd);
			return NULL;
		}
		if (got == 0)
			break;
		len += (size_t)got;
		if (len == cap) {
			unsigned char *nb = realloc(buf, cap * 2);
			if (!nb) {
				pv_error_set(err, "out of memory reading the file");
				free(buf);
				close(fd);
				return NULL;
			}
			buf = nb;
			cap *= 2;
		}
	}
	close(fd);
	p = load_bytes(buf, len, path, (int64_t)st.st_mtime, 1, 0, err);
	free(buf);
	return p;
}
