/*
 * pv/profile.h - the profile model: what a .pstats file says, loaded.
 *
 * A profile is pstats' dict {(file, line, name): (cc, nc, tt, ct, callers)}
 * held as flat arrays:
 *
 *   - functions ("keys") are numbered; ids 0 .. nfuncs-1 are the functions
 *     that have a stats entry, in the dict's insertion order (the order
 *     pstats keeps and that breaks every tie); ids nfuncs .. nkeys-1 are
 *     keys that appear only as callers;
 *   - edges are caller entries, grouped by callee: function f's callers are
 *     edges[f.callers .. f.callers + f.ncallers), in callers-dict order;
 *   - callees are derived, on first use (pv_profile_callee_index()): the
 *     edges of function f's callees, in the order pstats' calc_callees()
 *     would insert them;
 *   - strings (file names, function names) are interned: equal text, equal
 *     id.  A string's bytes are what the profiled system had: UTF-8 text,
 *     with Python's escaped undecodable bytes (U+DC80..U+DCFF) turned back
 *     into single bytes 0x80..0xFF.
 *
 * Counts are exact up to 120 bits (files can hold Python ints beyond 64
 * bits); a count that does not fit is a load error.  Records pack them in
 * one word and point to the exact pair when they do not fit there, so read
 * them with pv_func_nc() and friends.  Times are doubles.
 *
 * Loading, merging (pstats' add()) and strip_dirs() follow pstats exactly,
 * including key order, callers order, summation order of the totals, and
 * which duplicate wins.  Nothing here prints or exits.
 */
#ifndef PV_PROFILE_H
#define PV_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "pv/buf.h"
#include "pv/count.h"
#include "pv/error.h"


enum {
	PV_FUNC_STATS = 1u << 0,    /* has its own stats entry */
	PV_FUNC_CODE = 1u << 1,     /* name is the repr of a code object */
	PV_FUNC_TOPLEVEL = 1u << 2, /* has the caller ('jprofile', 0, 'profiler') */
	PV_FUNC_BUILTIN = 1u << 3,  /* file '~', line 0: printed as {name} */
};

/*
 * A record's calls: (nc, cc) packed into one 64-bit word, read with
 * pv_func_nc(), pv_edge_nc() and friends.  Small counts sit in the word
 * (bit 0 clear: nc in bits 32..63, cc in bits 2..31, both signed; bit 1
 * set for a caller entry that is a plain count, cc then equal to nc).  A
 * pair that does not fit is a pv_wide the profile owns, and the word is its
 * address with bit 0 set.  A zero word is (0, 0).
 */
enum {
	PV_CALLS_WIDE = 1u, /* the word points to a pv_wide */
	PV_CALLS_INT = 2u,  /* in place: a profile-module caller's plain count */
};

/* The exact pair of a record whose counts do not fit in its word. */
typedef struct pv_wide {
	pv_count nc, cc;
	int is_int;         /* a plain count (cc == nc, no times) */
} pv_wide;

static inline int pv_calls_is_wide(uint64_t w)
{
	return (w & PV_CALLS_WIDE) != 0;
}

static inline const pv_wide *pv_calls_wide(uint64_t w)
{
	return (const pv_wide *)(uintptr_t)(w & ~(uint64_t)PV_CALLS_WIDE);
}

static inline pv_count pv_calls_nc(uint64_t w)
{
	if (w & PV_CALLS_WIDE)
		return pv_calls_wide(w)->nc;
	return (int32_t)(uint32_t)(w >> 32);
}

static inline pv_count pv_calls_cc(uint64_t w)
{
	if (w & PV_CALLS_WIDE)
		return pv_calls_wide(w)->cc;
	if (w & PV_CALLS_INT)
		return (int32_t)(uint32_t)(w >> 32);
	return (int32_t)(uint32_t)w >> 2;  /* arithmetic shift: the sign stays */
}

static inline int pv_calls_is_int(uint64_t w)
{
	if (w & PV_CALLS_WIDE)
		return pv_calls_wide(w)->is_int;
	return (w & PV_CALLS_INT) != 0;
}

typedef struct pv_func {
	uint64_t calls;     /* total and primitive calls: pv_func_nc(), pv_func_cc() */
	double tt;          /* time in the function itself (tottime) */
	double ct;          /* cumulative time (cumtime) */
	int64_t line;
	uint32_t file;      /* string id */
	uint32_t name;      /* string id */
	uint32_t callers;   /* first edge index */
	uint32_t ncallers;
	uint32_t flags;     /* PV_FUNC_* */
} pv_func;

typedef struct pv_edge {
	uint64_t calls;     /* calls from caller to callee, of which primitive:
	                       pv_edge_nc(), pv_edge_cc(); a profile-module
	                       caller holds a plain call count (pv_edge_is_int():
	                       nc = cc = the count, tt = ct = 0) */
	double tt;          /* callee's own time on those calls */
	double ct;          /* callee's cumulative time on those calls */
	uint32_t caller;    /* function id */
	uint32_t callee;    /* function id */
} pv_edge;

/* A function's total calls (nc) and primitive calls (cc), exact. */
static inline pv_count pv_func_nc(const pv_func *f)
{
	return pv_calls_nc(f->calls);
}

static inline pv_count pv_func_cc(const pv_func *f)
{
	return pv_calls_cc(f->calls);
}

/* A caller entry's calls (nc) and primitive calls (cc), exact. */
static inline pv_count pv_edge_nc(const pv_edge *e)
{
	return pv_calls_nc(e->calls);
}

static inline pv_count pv_edge_cc(const pv_edge *e)
{
	return pv_calls_cc(e->calls);
}

/* 1 if the caller entry is a plain call count (the profile module's). */
static inline int pv_edge_is_int(const pv_edge *e)
{
	return pv_calls_is_int(e->calls);
}

/*
 * An edge's cumtime.  profile-module edges hold only a call count: they
 * get the callee's cumtime shared by calls (`funcs` is the profile's
 * function array).
 */
static inline double pv_edge_time(const pv_func *funcs, const pv_edge *e)
{
	if (!pv_edge_is_int(e))
		return e->ct;
	const pv_func *c = &funcs[e->callee];
	return pv_func_nc(c) > 0 ? c->ct * ((double)pv_edge_nc(e) / (double)pv_func_nc(c)) : 0;
}

typedef struct pv_totals {
	pv_count total_calls;  /* sum of nc, per pstats */
	pv_count prim_calls;   /* sum of cc */
	double total_tt;       /* sum of tt, in pstats' summation order */
} pv_totals;

/* One input file, as pstats lists it in the report header. */
typedef struct pv_source {
	const char *path;    /* as given */
	int64_t mtime;       /* seconds since the epoch */
	int has_mtime;       /* 0 if the file could not be stat'ed */
} pv_source;

typedef struct pv_profile pv_profile;

/* ===================================================== loading */

/*
 * Reads one .pstats file.  Returns a new profile the caller frees with
 * pv_profile_free(), or NULL with `err` set (err->offset is the byte the
 * problem was found at, or -1).  Borrows `path`; a copy is kept.
 */
pv_profile *pv_profile_load(const char *path, pv_error *err);

/*
 * Reads a profile from memory (for tests and fuzzers).  `label` is the
 * name recorded as its source (may be NULL: "<memory>"); mtime is 0.
 * Returns a new profile or NULL with `err` set.  Borrows `data`.
 */
pv_profile *pv_profile_load_mem(const void *data, size_t len,
				const char *label, pv_error *err);

/*
 * pstats.Stats(paths[0], ..., paths[n-1]): loads the first file, then
 * add()s the others in reverse order, as pstats does.  Returns a new
 * profile, or NULL with `err` set and *failed (if not NULL) the index of
 * the file at fault.  n must be >= 1.
 */
pv_profile *pv_profile_load_many(const char *const *paths, size_t n,
				 pv_error *err, size_t *failed);

/*
 * pstats' add(): merges `src` into `dst` (keys new to dst are appended in
 * src's order, existing ones are summed, callers merged).  Returns 0, or -1
 * with `err` set (e.g. an int caller merged with a tuple caller); on error
 * dst is unchanged.  Borrows `src`.
 */
int pv_profile_add(pv_profile *dst, const pv_profile *src, pv_error *err);

/*
 * pstats' strip_dirs(): file names become their basename; functions that
 * collide are added, caller entries of one function that collide overwrite
 * (the later wins).  Returns 0, or -1 with `err` set (p unchanged).
 */
int pv_profile_strip_dirs(pv_profile *p, pv_error *err);

/*
 * Deep copy.  Returns a new profile the caller frees, or NULL when out of
 * memory.
 */
pv_profile *pv_profile_clone(const pv_profile *p);

void pv_profile_free(pv_profile *p);

/* ===================================================== access
 *
 * A loaded profile is read-only: everything below takes it const and may
 * be called from several threads at once.  It changes only as a whole,
 * by pv_profile_add() and pv_profile_strip_dirs(), after which the
 * arrays and strings returned here are no longer valid.
 */

/* Number of functions with stats (ids 0 .. n-1, in dict order). */
size_t pv_profile_nfuncs(const pv_profile *p);
/* Number of keys: functions plus keys seen only as callers. */
size_t pv_profile_nkeys(const pv_profile *p);
/* The key table (nkeys entries); valid until the profile changes. */
const pv_func *pv_profile_funcs(const pv_profile *p);
size_t pv_profile_nedges(const pv_profile *p);
/* All caller edges (nedges), grouped by callee. */
const pv_edge *pv_profile_edges(const pv_profile *p);
/*
 * The callee lists: function f's callees are the edges
 * index[start[f]] .. index[start[f + 1] - 1] (edge indices, grouped by
 * caller, each group in the order pstats' calc_callees() would insert
 * them).  Returns the index and sets *start (nkeys + 1 entries), or returns
 * NULL when out of memory.  Loading does not build them: the first call
 * does (under a lock, so concurrent readers are safe).  Both arrays belong
 * to the profile and stay valid until it changes.
 */
const uint32_t *pv_profile_callee_index(const pv_profile *p, const uint32_t **start);
const pv_totals *pv_profile_totals(const pv_profile *p);
/* 1 if some function's tt or ct is NaN (sorting by them then needs
 * CPython's own algorithm to order as pstats does), else 0. */
int pv_profile_nan_times(const pv_profile *p);
/*
 * 1 if the profile was written by Python 3.15's sampling profiler
 * (`python -m profiling.sampling run --pstats`): its file held the marker
 * entry ('__sampled__',): True (the reader removes it, as pstats does).
 * Its nc is the samples a function was on the stack in, cc those it was
 * running in, tt and ct those counts times the sampling interval, and
 * callers hold plain sample counts.  A sum of profiles (pv_profile_add,
 * pv_profile_load_many) is sampled when its parts are; sampled and
 * deterministic profiles cannot be added (an error).
 */
int pv_profile_is_sampled(const pv_profile *p);
/* How many functions have PV_FUNC_TOPLEVEL (0: no need to look). */
size_t pv_profile_ntoplevel(const pv_profile *p);
/* pstats' max_name_len: the widest func_std_string over all functions
 * with stats (computed on the first call, under a lock, then kept). */
size_t pv_profile_max_name_len(const pv_profile *p);
/* Characters (code points) in pv_func_std_string() of function `id`. */
size_t pv_func_width(const pv_profile *p, uint32_t id);
size_t pv_profile_nfiles(const pv_profile *p);
/* The i-th header file, in pstats' order [F1, Fn, ..., F2]. */
const pv_source *pv_profile_file(const pv_profile *p, size_t i);

/*
 * The bytes of string `id` (NUL-terminated, but may contain NULs: use
 * *len when not NULL).  Borrowed; valid until the profile changes or is freed.
 */
const char *pv_profile_string(const pv_profile *p, uint32_t id, size_t *len);

/* How many strings the profile holds: string ids are below it. */
size_t pv_profile_nstrings(const pv_profile *p);

/*
 * Looks up a function by key; returns its id, or -1 if there is no such
 * key (name is matched as text; code-object names by their repr).
 */
long pv_profile_find(const pv_profile *p, const char *file, int64_t line,
		     const char *name);

/*
 * Appends pstats' func_std_string() of key `id` to `out`:
 * "file:line(name)", or "{name}" for ('~', 0, '<name>') builtins.
 */
void pv_func_std_string(const pv_profile *p, uint32_t id, pv_buf *out);

/*
 * Writes the profile as a marshal stream (Python 3, version 4 codes without
 * references) that Python's pstats loads to the same report: dump_stats().
 * Code-object names are written as their repr string.  Returns 0, or -1
 * with `err` set.
 */
int pv_profile_write_marshal(const pv_profile *p, pv_buf *out, pv_error *err);

/*
 * The same stream with references, as Python's own dump_stats() writes
 * it: each key tuple and string in full once, then as a reference (about
 * half the bytes).  The exported page carries its profile this way.
 */
int pv_profile_write_marshal_refs(const pv_profile *p, pv_buf *out, pv_error *err);

/*
 * What a marshal stream cannot carry, so that a profile written by
 * pv_profile_write_marshal reads back as the same profile (the exported
 * page does this): its sources (path and mtime of each file) and its total
 * time (a merged profile's is the sum of its files' totals, which a
 * re-read would sum in another order).  Appends a small binary record
 * (marshal_write.c describes it) to `out`.  Returns 0, or -1 with `err`.
 */
int pv_profile_write_meta(const pv_profile *p, pv_buf *out, pv_error *err);

/*
 * pv_profile_load_mem of a stream written by pv_profile_write_marshal,
 * with the record of pv_profile_write_meta applied (meta NULL: the
 * profile of pv_profile_load_mem(data, len, NULL, err)).  A record that
 * is not one fails with "bad profile record".
 */
pv_profile *pv_profile_load_mem_meta(const void *data, size_t len, const void *meta,
				     size_t metalen, pv_error *err);

/* ===================================================== strings */

/*
 * Number of characters Python would count in `s`: one per UTF-8 sequence
 * (surrogates included), one per byte that is not valid UTF-8.
 */
size_t pv_text_width(const char *s, size_t len);

/*
 * Compares two strings as Python compares str: by code point (bytes that
 * are not valid UTF-8 count as U+DC80..U+DCFF).  Returns <0, 0, >0.
 */
int pv_text_cmp(const char *a, size_t alen, const char *b, size_t blen);

#endif
