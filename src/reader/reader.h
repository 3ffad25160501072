/*
 * reader.h - internals of the .pstats reader shared by its files.  Not
 * public: pv_profile_load() in pv/profile.h is the way in.
 *
 * The reader is one pass over a marshal stream, in four files:
 *
 *   marshal.c        the top level: the stats dict, entry by entry, into
 *                    the model; the interpretation of generic entries;
 *                    loading from memory (load.c: from files, which the
 *                    WebAssembly build has not).
 *   marshal_obj.c    the generic marshal reader: any object (every type
 *                    code, code objects of each layout) as a small value
 *                    tree (pvr_obj), and the reference table.
 *   marshal_fast.c   the fast path: an entry of the usual shape read
 *                    straight into the model, or nothing read at all.
 *   marshal_ahead.c  the look-ahead cursor of the fast path: prefetches
 *                    for entries a few KB ahead of the parser.
 *
 * Invariants every file keeps:
 *   - r->pos only moves forward, except when an attempt (a code object
 *     layout, a fast-path entry) is undone with pvr_ref_undo() and the
 *     position saved before it;
 *   - every length is checked against the bytes left before anything is
 *     read or allocated for it;
 *   - errors are values: a function that fails has set r->err (with the
 *     byte offset) and returns -1 (PVM_NONE for ids).  The fast path and
 *     the look-ahead have no errors of their own: where they fail, the
 *     generic reader reads the same bytes again and says what is wrong.
 */
#ifndef PV_READER_H
#define PV_READER_H

#include <stdint.h>
#include <string.h>

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
	MV_FROZENDICT, /* as a dict (marshal version 6, Python 3.15+) */
	MV_SET,
	MV_FROZENSET,
	MV_SLICE,     /* start, stop, step: 3 children (marshal version 5, 3.14+) */
	MV_OTHER,     /* complex, Ellipsis, StopIteration, ... */
	MV_KEY,       /* a reference to a tuple already known as key u.s
	                 (its children are not looked at again) */
};

/* where a container's children live: arena + first index */
typedef struct pvr_children {
	uint32_t first;
	uint32_t persistent;
} pvr_children;

/* One object as the generic reader built it. */
typedef struct pvr_obj {
	union {
		pv_count i;
		double f;
		uint32_t s;
		pvr_children c;
	} u;
	uint32_t n;
	uint32_t ref;      /* 1 + the reference slot this object fills or came from */
	uint32_t off_lo;   /* byte offset of the object's type code (40 bits) */
	uint8_t off_hi;
	uint8_t t;
} pvr_obj;

#define MV_OFF(m) ((long long)((uint64_t)(m)->off_hi << 32 | (m)->off_lo))

typedef struct pvr_objs {
	pvr_obj *v;
	uint32_t n, cap;
} pvr_objs;

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

typedef struct pvr_refs {
	uint32_t *v;
	uint32_t n, cap;
	pvr_objs big;
	double *floats;
	uint32_t nfloats, floats_cap;
} pvr_refs;

/* A point the parser can go back to (undo of a failed attempt). */
typedef struct pvr_ref_mark {
	uint32_t n, nbig, nfloats;
} pvr_ref_mark;

typedef struct pvr_reader {
	const unsigned char *data;
	size_t len, pos;
	pv_profile *p;
	pv_error *err;
	pvr_objs arena[2];   /* 0: scratch, 1: persistent */
	pvr_refs refs;       /* FLAG_REF objects, in order */
	pvr_objs stack;      /* pairs of dicts being read */
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
	/* the look-ahead cursor of the fast path and its notes (marshal_ahead.c) */
	size_t pf_pos;
	size_t pf_stuck;     /* where it could not go on; 0: it can */
	struct pf_note *pf_notes;  /* a ring */
	uint32_t pf_head, pf_n;
	struct pvr_name_hash *pf_hashes; /* PF_HASHES names' hashes, by position */
	int int_callers;     /* some caller entry was a plain count */
} pvr_reader;

/* The look-ahead cursor hashes each inline function name it passes; the
 * parser finds the hash here by the name's byte position instead of
 * hashing the bytes again (slot (at / 8) % PF_HASHES: names in the
 * cursor's 4 KB window are more than 8 bytes apart; a slot holding another
 * position is simply not used). */
#define PF_HASHES 512
typedef struct pvr_name_hash {
	size_t at;
	uint64_t h;
} pvr_name_hash;

/* ------------------------------------------------ small helpers (inline:
 * the fast path calls them for every object) */

/* Reads the int32 at r->pos (4 bytes known to be there). */
static inline int32_t pvr_i32(pvr_reader *r)
{
	const unsigned char *b = r->data + r->pos;
	r->pos += 4;
	uint32_t u = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
		     (uint32_t)b[3] << 24;
	return (int32_t)u;
}

/* Reads the 8 bytes at r->pos (known to be there) as a little-endian word. */
static inline uint64_t pvr_u64(pvr_reader *r)
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

/* Appends a reference slot holding entry e; returns 0 or -1 on OOM. */
static inline int pvr_ref_push(pvr_refs *t, uint32_t e)
{
	if (t->n >= UINT32_MAX - 1 ||
	    pv_grow32((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v) != 0)
		return -1;
	t->v[t->n++] = e;
	return 0;
}

static inline pvr_ref_mark pvr_ref_save(const pvr_refs *t)
{
	return (pvr_ref_mark){ t->n, t->big.n, t->nfloats };
}

static inline void pvr_ref_undo(pvr_refs *t, pvr_ref_mark m)
{
	t->n = m.n;
	t->big.n = m.nbig;
	t->nfloats = m.nfloats;
}

/* Child i of container m (in the arena m was built in). */
static inline const pvr_obj *pvr_child(const pvr_reader *r, const pvr_obj *m, uint32_t i)
{
	return &r->arena[m->u.c.persistent].v[m->u.c.first + i];
}

static inline int pvr_unhashable(const pvr_obj *k)
{
	return k->t == MV_LIST || k->t == MV_DICT || k->t == MV_SET;
}

/* The hash the look-ahead noted for the name starting at byte `at`. */
static inline int pvr_known_hash(const pvr_reader *r, size_t at, uint64_t *h)
{
	const pvr_name_hash *k = r->pf_hashes ? &r->pf_hashes[(at / 8) % PF_HASHES] : NULL;
	if (!k || k->at != at)
		return 0;
	*h = k->h;
	return 1;
}

/* ------------------------------------------------ marshal_obj.c */

/*
 * Reads the marshal stream data[0..len) into a new profile whose source
 * is `label` (mtime, has_mtime), or which has no source when label is
 * NULL.  `mapped`: data is a mapping of the file whose pages may be given
 * back as the parse passes them.  NULL with `err` set on failure.
 */
pv_profile *pvr_load_bytes(const void *data, size_t len, const char *label, int64_t mtime,
			   int has_mtime, int mapped, pv_error *err);

/* Sets "out of memory" at the current position; returns -1. */
int pvr_oom(pvr_reader *r);

/* The type with its article, for messages: "an int", "None". */
const char *pvr_a_type(const pvr_obj *m);

/*
 * Reads one object at r->pos into *out (children in arena `persist`, or
 * in the persistent arena when the object is referenced).  Returns 0, or
 * -1 with r->err set.
 */
int pvr_read_obj(pvr_reader *r, pvr_obj *out, int persist);

/*
 * Reads one (key, value) pair of a dict (children as pvr_read_obj).
 * Returns 0 for a pair, 1 where the dict ends (a NULL key, or a NULL
 * value: CPython 3 ends the dict there too), -1 on error.
 */
int pvr_read_pair(pvr_reader *r, pvr_obj *k, pvr_obj *v, int persist);

/*
 * Reads the payload of a string of type `code` (r->pos just after the code
 * byte at `at`) and interns it into the profile as out->u.s.
 */
int pvr_read_string(pvr_reader *r, pvr_obj *out, size_t at, unsigned code);

/* Appends a reference slot holding object m (its `ref` already the new
 * slot's); returns 0 or -1 on OOM (r->err untouched). */
int pvr_ref_append(pvr_refs *t, const pvr_obj *m);

/* ------------------------------------------------ marshal_fast.c */

enum { FAST_BAIL = 0, FAST_ENTRY = 1, FAST_END = 2 };

/*
 * Reads the entry at r->pos if it has the usual shape (FAST_ENTRY), or the
 * dict's end (FAST_END); else reads nothing (FAST_BAIL: r->pos and the
 * reference table as they were) for the generic reader to take it.
 */
int pvr_fast_entry(pvr_reader *r);

/* ------------------------------------------------ marshal_ahead.c */

/* Starts the look-ahead (without memory for it, there is none: it only
 * saves time).  pvr_ahead_end() frees what it holds. */
void pvr_ahead_start(pvr_reader *r);
void pvr_ahead_end(pvr_reader *r);

/* Moves the look-ahead on to a few KB past r->pos, prefetching on the way. */
void pvr_ahead(pvr_reader *r);

#endif
