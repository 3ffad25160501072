/*
 * marshal_obj.c - the generic marshal reader (see reader.h): any object of
 * a marshal stream, Python 2.7 and 3.x, as a small value tree.  Besides
 * what pstats files hold at the top (see pstats_format.md), code objects
 * of the profile module hold constants of any type: since 3.14 (marshal
 * version 5) slices ':', and since 3.15 (version 6) frozendicts '}'.
 *
 * Children live in one of two arenas: the scratch arena is reset after
 * each top-level entry; objects that carry FLAG_REF (and so may be
 * referenced later by 'r') are built in the persistent one.  Strings are
 * interned into the profile as they are read.  Nesting is bounded, and
 * every error names the byte offset.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pv/utf8.h"
#include "reader/reader.h"

/* ===================================================== plumbing */

static int vec_push(pvr_objs *v, const pvr_obj *x)
{
	if (v->n >= UINT32_MAX - 1 ||
	    pv_grow32((void **)&v->v, &v->cap, v->n + 1, sizeof *v->v) != 0)
		return -1;
	v->v[v->n++] = *x;
	return 0;
}

/* Reserves n zeroed slots; returns the first index or UINT32_MAX. */
static uint32_t vec_alloc(pvr_objs *v, uint32_t n)
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

/* Stores object m in slot `slot`: in place when it fits, else in `big`. */
static int ref_store(pvr_refs *t, uint32_t slot, const pvr_obj *m)
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
int pvr_ref_append(pvr_refs *t, const pvr_obj *m)
{
	if (pvr_ref_push(t, RT_MAKE(RT_PENDING, 0)) != 0)
		return -1;
	return ref_store(t, t->n - 1, m);
}

/* The object of slot `idx` (not pending) as the parser sees it. */
static void ref_load(const pvr_refs *t, uint32_t idx, pvr_obj *out)
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

int pvr_oom(pvr_reader *r)
{
	return pv_error_at(r->err, (long long)r->pos, "out of memory");
}

static int truncated(pvr_reader *r, size_t at, const char *what)
{
	return pv_error_at(r->err, (long long)at, "truncated: the file ends inside %s", what);
}

static int need(pvr_reader *r, size_t n, size_t at, const char *what)
{
	if (r->len - r->pos < n)
		return truncated(r, at, what);
	return 0;
}

/* ===================================================== strings */

enum { ENC_UTF8, ENC_LATIN1, ENC_BYTES };

/*
 * Interns a string payload.  Python 3 decodes UTF-8 payloads with
 * surrogatepass, and the bytes it could not decode were written as lone
 * surrogates U+DC80..U+DCFF (ED B2 80 .. ED B3 BF): the model keeps those
 * as the original bytes again, and so any byte that starts no valid
 * sequence (where Python would refuse the file, pstat-view keeps the byte,
 * as it keeps Python 2's undecoded bytes).  Latin-1 payloads (a A z Z) are
 * code points and become UTF-8.
 */
static uint32_t intern_payload(pvr_reader *r, const unsigned char *s, size_t len, int enc)
{
	size_t i = 0;
	while (i < len && s[i] < 0x80)
		i++;
	if (i == len || enc == ENC_BYTES)
		return pvm_intern(r->p, (const char *)s, len);
	/* Latin-1 at most doubles the bytes; UTF-8 never grows */
	if (pv_grow((void **)&r->tmp, &r->tmp_cap, len * 2, 1) != 0)
		return PVM_NONE;
	unsigned char *o = (unsigned char *)r->tmp;
	memcpy(o, s, i);
	size_t k = i;
	while (i < len) {
		uint32_t cp;
		size_t n = 1;
		if (s[i] < 0x80) {
			o[k++] = s[i];
		} else if (enc == ENC_LATIN1) {
			k += pv_utf8_encode(s[i], o + k);
		} else {
			n = pv_utf8_next(s + i, len - i, PV_UTF8_SURROGATEESCAPE, &cp);
			if (cp >= 0xDC80 && cp <= 0xDCFF) {
				o[k++] = (unsigned char)(cp - 0xDC00);
			} else {
				memcpy(o + k, s + i, n);
				k += n;
			}
		}
		i += n;
	}
	return pvm_intern(r->p, (const char *)o, k);
}

/* ===================================================== objects */

static int rd_long(pvr_reader *r, pvr_obj *out, size_t at)
{
	if (need(r, 4, at, "an integer"))
		return -1;
	int32_t n = pvr_i32(r);
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

static int rd_float_text(pvr_reader *r, pvr_obj *out, size_t at)
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

int pvr_read_string(pvr_reader *r, pvr_obj *out, size_t at, unsigned code)
{
	size_t n;
	if (code == 'z' || code == 'Z') {
		if (need(r, 1, at, "a string"))
			return -1;
		n = r->data[r->pos++];
	} else {
		if (need(r, 4, at, "a string"))
			return -1;
		int32_t sn = pvr_i32(r);
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
		return pvr_oom(r);
	r->pos += n;
	if (code == 't') {
		/* Python 2's table of interned strings, for 'R' */
		if (r->nstrtab >= UINT32_MAX - 1 ||
		    pv_grow32((void **)&r->strtab, &r->strtab_cap, r->nstrtab + 1,
			     sizeof *r->strtab) != 0)
			return pvr_oom(r);
		r->strtab[r->nstrtab++] = id;
	}
	out->t = MV_STR;
	out->u.s = id;
	return 0;
}

/* Reads n objects into consecutive slots of the given arena. */
static int rd_items(pvr_reader *r, pvr_obj *out, uint32_t n, int persist, const char *what)
{
	uint32_t first = vec_alloc(&r->arena[persist], n);
	if (first == UINT32_MAX)
		return pvr_oom(r);
	for (uint32_t i = 0; i < n; i++) {
		pvr_obj x;
		if (pvr_read_obj(r, &x, persist) != 0)
			return -1;
		if (x.t == MV_NULL)
			return pv_error_at(r->err, MV_OFF(&x),
					   "bad marshal data: NULL object in a %s", what);
		r->arena[persist].v[first + i] = x;
	}
	out->u.c.first = first;
	out->u.c.persistent = (uint32_t)persist;
	out->n = n;
	return 0;
}

/* The type with its article, for messages: "an int", "None". */
const char *pvr_a_type(const pvr_obj *m)
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
	case MV_FROZENDICT: return "a frozendict";
	case MV_SLICE: return "a slice";
	case MV_SET: return "a set";
	case MV_FROZENSET: return "a frozenset";
	default: return "an object";
	}
}

int pvr_read_pair(pvr_reader *r, pvr_obj *k, pvr_obj *v, int persist)
{
	if (pvr_read_obj(r, k, persist) != 0)
		return -1;
	if (k->t == MV_NULL)
		return 1;
	if (pvr_unhashable(k))
		return pv_error_at(r->err, MV_OFF(k), "bad marshal data: unhashable dict key (%s)",
				   pvr_a_type(k));
	if (pvr_read_obj(r, v, persist) != 0)
		return -1;
	return v->t == MV_NULL;  /* CPython 3 ends the dict here, silently */
}

/* A dict or frozendict (type t): pairs up to a NULL. */
static int rd_dict(pvr_reader *r, pvr_obj *out, int persist, uint8_t t)
{
	uint32_t base = r->stack.n;
	for (;;) {
		pvr_obj k, v;
		int end = pvr_read_pair(r, &k, &v, persist);
		if (end < 0)
			return -1;
		if (end)
			break;
		if (vec_push(&r->stack, &k) != 0 || vec_push(&r->stack, &v) != 0)
			return pvr_oom(r);
	}
	uint32_t n = r->stack.n - base;
	uint32_t first = vec_alloc(&r->arena[persist], n);
	if (first == UINT32_MAX)
		return pvr_oom(r);
	if (n)
		memcpy(r->arena[persist].v + first, r->stack.v + base, (size_t)n * sizeof(pvr_obj));
	r->stack.n = base;
	out->t = t;
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
	{ 5, "btttbsss", "bb", 5, 6 },  /* 3.11 - 3.15 */
	{ 6, "btttttss", "b", 6, 7 },   /* 3.8 - 3.10 */
};

static int kind_ok(char kind, const pvr_obj *m)
{
	if (kind == 't')
		return m->t == MV_TUPLE || m->t == MV_KEY;
	return m->t == MV_STR;
}

/* Reads one field of kind `kind`: 0, 1 if the object is not of that kind,
 * -1 if no object could be read (r->err set). */
static int rd_field(pvr_reader *r, char kind, int persist, pvr_obj *x)
{
	if (pvr_read_obj(r, x, persist) != 0)
		return -1;
	return kind_ok(kind, x) ? 0 : 1;
}

/*
 * Reads a code object's fields in layout L.  Returns 0, 1 when they do not
 * fit the layout, or -1 when the data stopped it (r->err set: bad data, or
 * a layout that misreads the fields as such).
 */
static int try_layout(pvr_reader *r, const code_layout *L, int persist, uint32_t *file,
		      uint32_t *name, int32_t *line)
{
	if (r->len - r->pos < (size_t)L->nints * 4)
		return 1;
	r->pos += (size_t)L->nints * 4;
	int i = 0, rc;
	pvr_obj x;
	for (const char *k = L->before; *k; k++, i++) {
		if ((rc = rd_field(r, *k, persist, &x)) != 0)
			return rc;
		if (i == L->file_idx)
			*file = x.u.s;
		if (i == L->name_idx)
			*name = x.u.s;
	}
	if (r->len - r->pos < 4)
		return 1;
	*line = pvr_i32(r);
	for (const char *k = L->after; *k; k++)
		if ((rc = rd_field(r, *k, persist, &x)) != 0)
			return rc;
	return 0;
}

/* The code object as pstats prints it, with the fixed address. */
static uint32_t code_repr(pvr_reader *r, uint32_t file, uint32_t name, int32_t line)
{
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
	return id;
}

/*
 * A code object: each layout is tried in turn.  When none fits and some
 * attempt was stopped by the data, its error is the one told (the one that
 * read furthest: a wrong layout goes astray within a field or two, so that
 * is the right layout meeting bad data, e.g. a type code it does not know);
 * else the code object is of no known layout.
 */
static int rd_code(pvr_reader *r, pvr_obj *out, size_t at, int persist)
{
	size_t body = r->pos;
	pvr_ref_mark nrefs = pvr_ref_save(&r->refs);
	uint32_t nstrtab = r->nstrtab;
	uint32_t na0 = r->arena[0].n, na1 = r->arena[1].n, nstack = r->stack.n;
	size_t nlayouts = sizeof layouts / sizeof layouts[0];
	pv_error *best = NULL;  /* on the heap: code objects nest deep */
	int rc = -1;
	for (size_t li = 0; li < nlayouts && r->code_budget > 0; li++) {
		uint32_t file = PVM_NONE, name = PVM_NONE;
		int32_t line = 0;
		r->code_depth++;
		int tried = try_layout(r, &layouts[li], persist, &file, &name, &line);
		r->code_depth--;
		if (tried == 0) {
			out->t = MV_CODE;
			out->u.s = code_repr(r, file, name, line);
			rc = out->u.s == PVM_NONE ? pvr_oom(r) : 0;
			goto out;
		}
		if (tried < 0 && (!best || r->err->offset > best->offset) &&
		    (best || (best = malloc(sizeof *best)) != NULL))
			*best = *r->err;
		/* undo the attempt */
		r->pos = body;
		pvr_ref_undo(&r->refs, nrefs);
		r->nstrtab = nstrtab;
		r->arena[0].n = na0;
		r->arena[1].n = na1;
		r->stack.n = nstack;
	}
	if (r->code_budget == 0)
		pv_error_at(r->err, (long long)at, "code objects too deeply nested to decode");
	else if (best)
		*r->err = *best;
	else
		pv_error_at(r->err, (long long)at,
			    "bad marshal data: a code object of no known layout");
out:
	free(best);
	return rc;
}

/*
 * 'r' (a reference to a FLAG_REF object, Python 3) or 'R' (to a Python 2
 * interned string): the index must name an object already read.  The
 * object keeps its own offset: messages point at the reference.
 */
static int rd_ref(pvr_reader *r, pvr_obj *out, size_t at, unsigned code)
{
	int py2 = code == 'R';
	if (need(r, 4, at, py2 ? "a string reference" : "a reference"))
		return -1;
	int32_t idx = pvr_i32(r);
	if (py2) {
		if (idx < 0 || (uint32_t)idx >= r->nstrtab)
			return pv_error_at(r->err, (long long)at,
					   "bad marshal data: string reference %d out of range "
					   "(%u strings so far)", (int)idx, r->nstrtab);
		out->t = MV_STR;
		out->u.s = r->strtab[idx];
		return 0;
	}
	if (idx < 0 || (uint32_t)idx >= r->refs.n || RT_TAG(r->refs.v[idx]) == RT_PENDING)
		return pv_error_at(r->err, (long long)at,
				   "bad marshal data: invalid reference %d (%u objects so far)",
				   (int)idx, r->refs.n);
	ref_load(&r->refs, (uint32_t)idx, out);
	out->off_lo = (uint32_t)at;
	out->off_hi = (uint8_t)((uint64_t)at >> 32);
	return 0;
}

int pvr_read_obj(pvr_reader *r, pvr_obj *out, int persist)
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
		if (pvr_ref_push(&r->refs, RT_MAKE(RT_PENDING, 0)) != 0)
			return pvr_oom(r);
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
			out->u.i = pvr_i32(r);
		}
		break;
	case 'I':
		if ((rc = need(r, 8, at, "an integer")) == 0) {
			out->t = MV_INT;
			out->u.i = (int64_t)pvr_u64(r);
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
			uint64_t u = pvr_u64(r);
			out->t = MV_FLOAT;
			memcpy(&out->u.f, &u, 8);
		}
		break;
	case 'x': {
		pvr_obj a, b;
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
		rc = pvr_read_string(r, out, at, code);
		break;
	case 'R':
	case 'r':
		rc = rd_ref(r, out, at, code);
		break;
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
			int32_t sn = pvr_i32(r);
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
		rc = rd_items(r, out, (uint32_t)n, persist,
			      out->t == MV_TUPLE ? "tuple" : "container");
		break;
	}
	case '{':
	case '}':
		rc = rd_dict(r, out, persist, code == '{' ? MV_DICT : MV_FROZENDICT);
		break;
	case ':':
		/* its slot, if flagged, is filled only once the three are read:
		 * as in CPython, a slice cannot hold a reference to itself */
		out->t = MV_SLICE;
		rc = rd_items(r, out, 3, persist, "slice");
		break;
	case 'c':
		rc = rd_code(r, out, at, persist);
		break;
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
			return pvr_oom(r);
	}
	return 0;
}
