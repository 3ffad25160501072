/*
 * model.h - the profile's builder: internals shared by the reader
 * (marshal.c, load.c), the writer (marshal_write.c) and the files of
 * src/model.  Not public.
 *
 * A profile has two states.  While it is being built (pvm_new() until
 * pvm_finalize()) the pvm_* functions below that take a non-const
 * pv_profile change it: strings are interned, keys get ids, values are
 * committed.  pvm_finalize() turns it into the finished profile of
 * pv/profile.h, which is read-only: the pv_profile_* accessors take it
 * const, and the only builder functions valid on it are the lookups
 * (pvm_find_string, pvm_find_key).  pv_profile_add() and strip_dirs()
 * never edit a finished profile in place: they build a new one and swap
 * it in (pvm_adopt).
 *
 * While a profile is being built, keys get ids in order of first sight
 * (a key may first appear as a caller), and funcs[key id] is the key's
 * function record from then on (counts zero until its stats entry, which
 * sets PV_FUNC_STATS and appends the id to `order`, the dict's insertion
 * order, kept only once it is not 0, 1, 2, ...).  Each function's callers
 * are a range of `edges` whose caller and callee are key ids (ranges are
 * replaced, never edited in place, so old ranges become garbage until
 * pvm_finalize compacts them).  pvm_finalize moves the records into dict
 * order, caller-only keys last, turns key ids into function ids and
 * derives the rest of the public layout described in pv/profile.h; after
 * it kid_func maps key ids to function ids (NULL when they are the same).
 *
 * Files: intern.c (strings, keys, lookups), build.c (values, commits,
 * finalize), merge.c (add, strip_dirs, clone, sums), profile.c (the
 * finished profile's accessors, names and text, freeing).
 */
#ifndef PV_MODEL_H
#define PV_MODEL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pv/grow.h"
#include "pv/profile.h"

#define PVM_NONE UINT32_MAX
#define PVM_MANY UINT32_MAX

/*
 * What only a profile under construction needs.  pvm_finalize() frees
 * its arrays: a finished profile has none of it.
 */
typedef struct pvm_building {
	uint32_t *order;      /* key ids with stats, dict order (NULL while
	                         that is 0, 1, 2, ...) */
	uint32_t order_cap;
	uint32_t keys_hint;   /* keys expected (pvm_reserve) */
	/* per-key scratch used to find duplicate callers in O(1) */
	uint32_t *stamp;
	uint32_t *stamp_pos;
	uint32_t stamp_cap;
	uint32_t serial;
	/* by pvm_commit_replace of new keys only (not dirty), what finalize
	 * would compute, summed in dict order: then it need not visit the
	 * records */
	pv_totals totals;
	int nan;
	int dirty;
} pvm_building;

struct pv_profile {
	/* strings: bytes in `pool`, each followed by a NUL */
	char *pool;
	size_t pool_len, pool_cap;
	/* string id's bytes are pool[str_off[id] .. str_off[id + 1] - 1) (the
	 * pool stays under 4 GB: a string past it is OOM) */
	uint32_t *str_off;    /* nstr + 1 entries */
	uint64_t *str_utf8;   /* bit id set: not all ASCII (its width is not its length) */
	uint32_t *str_hv;     /* low bits of the hash of the bytes (keys hash it) */
	/* the keys named by each string: 0 none; key id + 1 when exactly one
	 * (a name most keys have to themselves, found without key_hash);
	 * PVM_MANY when several, which are all in key_hash */
	uint32_t *str_key;
	uint32_t nstr, str_cap;
	uint32_t *str_hash;   /* string id + 1 and some hash bits (see intern.c) */
	uint32_t str_hash_cap;

	/* keys, in order of first sight (while building, funcs[key id]) */
	uint32_t nkeys;
	uint32_t nhashed;     /* keys in key_hash: those whose name is PVM_MANY */
	uint64_t *key_hash;   /* (hash >> 32) << 32 | (key id + 1); 0 = empty */
	uint32_t *kid_func;   /* once finalized: key id -> function id (NULL: the same) */
	uint32_t key_hash_cap;

	/* function records: while building one per key, in key order; after
	 * pvm_finalize those with stats in dict order, then the caller-only
	 * keys (nfuncs of them in all) */
	pv_func *funcs;
	uint32_t nfuncs, funcs_cap;
	uint32_t nstats;      /* functions with stats */
	uint32_t ntoplevel;   /* after pvm_finalize: functions with PV_FUNC_TOPLEVEL */
	int nan_times;        /* after pvm_finalize: some tt or ct is NaN */

	pv_edge *edges;
	uint32_t nedges, edges_cap;

	/* the exact counts of records whose words point to them, each
	 * allocated alone */
	pv_wide **wides;
	uint32_t nwides, wides_cap;

	pv_totals totals;
	pv_source *files;
	size_t nfiles;
	int finalized;
	int sampled;          /* written by 3.15's profiling.sampling (sampled.c) */
	pvm_building b;       /* while !finalized */

	/* caches of the finished profile, filled on first use under
	 * cache_lock by functions that take it const: they add, never change */
	uint32_t *callee_index;  /* pv_profile_callee_index */
	uint32_t *callee_start;
	size_t max_name_len;     /* once max_name_known */
	int max_name_known;

	/* last: a profile taking another's contents copies what is before it */
	pthread_mutex_t cache_lock;
};

/* A function's value under construction: (cc, nc, tt, ct, callers). */
typedef struct pvm_value {
	pv_count cc, nc;
	double tt, ct;
	pv_edge *callers;     /* caller, flags and numbers used; callee unset */
	uint32_t n, cap;
	uint32_t serial;      /* stamp of this value's callers */
} pvm_value;

/* ===================================================== lifetime */

/* A new, empty profile under construction; the caller frees it with
 * pv_profile_free() (finished or not). */
pv_profile *pvm_new(void);
/* `p` takes the contents of `n` (both owned by the caller; `n` is freed):
 * how add() and strip_dirs() replace a finished profile by a new one. */
void pvm_adopt(pv_profile *p, pv_profile *n);

/* Frees what `b` holds and empties it (pvm_finalize and freeing do). */
void pvm_building_release(pvm_building *b);

/* ===================================================== strings (both states) */

/* String id's length in bytes (without its NUL). */
static inline size_t pvm_str_len(const pv_profile *p, uint32_t id)
{
	return (size_t)(p->str_off[id + 1] - p->str_off[id]) - 1;
}

/* String id's bytes, NUL-terminated; borrowed from `p`. */
static inline const char *pvm_str(const pv_profile *p, uint32_t id)
{
	return p->pool + p->str_off[id];
}

/* 1 if the bytes are all ASCII (a string's width is then its length). */
static inline int pvm_all_ascii(const char *s, size_t len)
{
	uint64_t acc = 0;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		acc |= w;
	}
	for (; i < len; i++)
		acc |= (unsigned char)s[i];
	return !(acc & 0x8080808080808080ULL);
}
/* The hash pvm_intern uses; pvm_intern_hashed takes it precomputed. */
uint64_t pvm_hash_bytes(const char *s, size_t len);
/* Looks a string up without adding it; PVM_NONE if absent. */
uint32_t pvm_find_string(const pv_profile *p, const char *s, size_t len);
/* A key id while building, a function id once finalized; PVM_NONE if absent. */
uint32_t pvm_find_key(const pv_profile *p, uint32_t file, int64_t line, uint32_t name,
		      int is_code);

/* ===================================================== building only
 *
 * Everything from here on changes a profile under construction (`p` not
 * yet finalized), except the prefetch hints, which change nothing, and
 * pvm_sum_begin's borrowed `first`.
 */

/*
 * Packs (nc, cc) into a record's calls word (is_int: a plain count, cc
 * equal to nc) if they fit in it; returns 0 if they do not.
 */
static inline int pvm_pack_calls(uint64_t *w, pv_count nc, pv_count cc, int is_int)
{
	if (nc < INT32_MIN || nc > INT32_MAX)
		return 0;
	uint64_t hi = (uint64_t)(uint32_t)(int32_t)nc << 32;
	if (is_int) {
		*w = hi | PV_CALLS_INT;
		return 1;
	}
	if (cc < -(1 << 29) || cc >= (1 << 29))
		return 0;
	*w = hi | (uint64_t)(((uint32_t)(int32_t)cc << 2) & 0xffffffffu);
	return 1;
}
/*
 * Sets a record's calls word: packed when the counts fit, else pointing to
 * a pv_wide owned by `p`.  Returns 0 or -1 on OOM.
 */
int pvm_set_calls(pv_profile *p, uint64_t *w, pv_count nc, pv_count cc, int is_int);
/* Interns bytes (copied into `p`); returns the string id, or PVM_NONE
 * when out of memory. */
uint32_t pvm_intern(pv_profile *p, const char *s, size_t len);
/* pvm_intern with h == pvm_hash_bytes(s, len). */
uint32_t pvm_intern_hashed(pv_profile *p, const char *s, size_t len, uint64_t h);
/*
 * Starts loading the string-table and key-table slots that interning a
 * name with bytes hash `name_hash` and then looking up the key (file,
 * line, name) will probe: the two cache misses then overlap.  A hint.
 */
void pvm_prefetch_key(const pv_profile *p, uint32_t file, int64_t line, uint64_t name_hash);
/* Starts loading the key-table slot of (file, line, name), the name given
 * by the low 32 bits of its bytes' hash.  A hint. */
void pvm_prefetch_key_slot(const pv_profile *p, uint32_t file, int64_t line, uint32_t name_hv);
/* Starts loading the string-table slot of bytes with hash `hash`.  A hint. */
void pvm_prefetch_string(const pv_profile *p, uint64_t hash);
/* Returns the key id of (file, line, name), adding it to `p` if new;
 * PVM_NONE on OOM. */
uint32_t pvm_key(pv_profile *p, uint32_t file, int64_t line, uint32_t name, int is_code);

/* Sizes the hash tables of `p` ahead for about that many keys and strings
 * (a hint: failing to allocate is not an error). */
void pvm_reserve(pv_profile *p, uint32_t nkeys, uint32_t nstr);

/* Starts an empty value in `v` (the caller's, reused from value to value
 * and released with pvm_value_release()). */
void pvm_value_begin(pv_profile *p, pvm_value *v);
/* Frees the callers array `v` owns. */
void pvm_value_release(pvm_value *v);
/*
 * Adds a caller entry (copied into `v`); a caller already present is
 * overwritten in place (a dict assignment).  Returns 0 or -1 on OOM.
 */
int pvm_value_set_caller(pv_profile *p, pvm_value *v, const pv_edge *e);
/* Sets key `id`'s value (a dict assignment: an old value is replaced);
 * `v` is copied and stays the caller's.  Returns 0 or -1 on OOM. */
int pvm_commit_replace(pv_profile *p, uint32_t id, const pvm_value *v);
/*
 * pstats' add_func_stats into key `id`: sums into an existing value (callers
 * merged with add_callers); a new key gets the value, or 0 + the value when
 * zero_base (pstats' add() starts from (0, 0, 0, 0, {})).  `v` is copied
 * and stays the caller's.  Returns 0 or -1 with `err` set.
 */
int pvm_commit_add(pv_profile *p, uint32_t id, const pvm_value *v, int zero_base,
		   pv_error *err);
/*
 * Renumbers into the public layout and sets PV_FUNC_TOPLEVEL; computes the
 * totals too when `fresh` (a file just read).  Callee lists and
 * max_name_len are left to be computed on first use.  `p` is finished
 * (read-only) afterwards.  Returns 0 or -1 with `err` set (out of
 * memory), after which `p` can only be freed.
 */
int pvm_finalize(pv_profile *p, int fresh, pv_error *err);
/* Records an input file (path copied into `p`).  Returns 0 or -1 on OOM. */
int pvm_add_source(pv_profile *p, const char *path, int64_t mtime, int has_mtime);
/* Appends pstats' name of key `kid` (while building) to `out`. */
void pvm_key_std_string(const pv_profile *p, uint32_t kid, pv_buf *out);

/*
 * A sum of profiles in one builder, for pstats.Stats(F1, ..., Fn) (the
 * reader's pv_profile_load_many): pvm_sum_begin() starts a new profile
 * holding `first` (borrowed), pvm_sum_add() adds `q` as add() does
 * (borrowed), pvm_sum_end() finalizes it.  On error they return NULL/-1
 * with `err` set; the caller frees the sum with pv_profile_free().
 */
pv_profile *pvm_sum_begin(const pv_profile *first, pv_error *err);
int pvm_sum_add(pv_profile *acc, const pv_profile *q, pv_error *err);
int pvm_sum_end(pv_profile *acc, pv_error *err);

/*
 * Sampled profiles (sampled.c): pvm_sampled_join() checks that `a` and `b`
 * may be added (both sampled or neither) and sets dst's flag to theirs;
 * returns 0, or -1 with `err` set to the one-line reason.
 */
int pvm_sampled_join(pv_profile *dst, const pv_profile *a, const pv_profile *b,
		     pv_error *err);

#endif
