/*
 * model.c - the profile model: interning, pstats' dict semantics (replace,
 * add, strip_dirs), and the public accessors of pv/profile.h.
 */
#define _DEFAULT_SOURCE  /* madvise(MADV_HUGEPAGE) */
#include "model/model.h"

#include <stddef.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <string.h>

/* ===================================================== small helpers */

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static uint64_t load8(const char *s)
{
	uint64_t w;
	memcpy(&w, s, 8);
	return w;
}

static uint64_t load4(const char *s)
{
	uint32_t w;
	memcpy(&w, s, 4);
	return w;
}

static uint64_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ len;
	if (len >= 8) {
		/* whole words, then the last 8 bytes (overlapping): no copy of
		 * a variable length */
		size_t i = 0;
		for (; i + 8 < len; i += 8) {
			h = (h ^ load8(s + i)) * 0x100000001b3ULL;
			h ^= h >> 29;
		}
		h = (h ^ load8(s + len - 8)) * 0x100000001b3ULL;
	} else if (len >= 4) {
		h = (h ^ (load4(s) << 32 | load4(s + len - 4))) * 0x100000001b3ULL;
	} else if (len > 0) {
		uint64_t w = (uint64_t)(unsigned char)s[0] << 16 |
			     (uint64_t)(unsigned char)s[len / 2] << 8 | (unsigned char)s[len - 1];
		h = (h ^ w) * 0x100000001b3ULL;
	}
	return mix64(h);
}

int pvm_set_calls(pv_profile *p, uint64_t *word, pv_count nc, pv_count cc, int is_int)
{
	if (pvm_pack_calls(word, nc, cc, is_int))
		return 0;
	if (pv_grow32((void **)&p->wides, &p->wides_cap, p->nwides + 1, sizeof *p->wides) != 0)
		return -1;
	pv_wide *w = malloc(sizeof *w);
	if (!w)
		return -1;
	w->nc = nc;
	w->cc = is_int ? nc : cc;
	w->is_int = !!is_int;
	p->wides[p->nwides++] = w;
	*word = (uint64_t)(uintptr_t)w | PV_CALLS_WIDE;
	return 0;
}

pv_profile *pvm_new(void)
{
	pv_profile *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	if (pthread_mutex_init(&p->cache_lock, NULL) != 0) {
		free(p);
		return NULL;
	}
	return p;
}

/* ===================================================== strings */

/* String id's length in bytes (without its NUL). */
#define STR_LEN(p, id) ((size_t)((p)->str_off[(id) + 1] - (p)->str_off[(id)]) - 1)



/*
 * The string table's slots are 32 bits: with 2^bits slots (bits = log2 of
 * the size), the low `bits` bits hold the string id + 1 (strings stay
 * under half the slots, so any id fits) and the bits above them the same
 * bits of the hash's high half, compared before any string is.  0 = empty.
 * The position comes from the hash's low half, kept as str_hv.
 */
#define STR_BITS(cap) ((unsigned)__builtin_ctz(cap))
#define STR_SLOT(h, id, bits) \
	((((uint32_t)((h) >> 32) >> (bits)) << (bits)) | ((uint32_t)(id) + 1))
#define STR_SLOT_ID(v, bits) (((v) & ((1u << (bits)) - 1)) - 1)
#define STR_SLOT_TAG_EQ(v, h, bits) ((((v) ^ (uint32_t)((h) >> 32)) >> (bits)) == 0)

/*
 * A zeroed hash table of `cap` slots of `size` bytes.  Probes land
 * anywhere in it: one of a few MB or more is aligned to 2 MB and asks for
 * huge pages, so that they do not each miss the TLB (measured: 1M-string
 * load 0.26 -> 0.25 s).  Freed with free().
 */
static void *table_alloc(uint32_t cap, size_t size)
{
	size_t bytes = (size_t)cap * size, huge = (size_t)2 << 20;
	if (bytes < huge)
		return calloc(cap, size);
	void *t = NULL;
	if (posix_memalign(&t, huge, bytes) != 0)
		return NULL;
	madvise(t, bytes, MADV_HUGEPAGE);  /* a hint: failing is harmless */
	memset(t, 0, bytes);
	return t;
}

static int str_rehash(pv_profile *p, uint32_t cap)
{
	uint32_t *t = table_alloc(cap, sizeof *t);
	if (!t)
		return -1;
	/* a slot's tag and the string's str_hv are parts of its hash: no bytes
	 * are hashed again (the table only grows: the new tag is a part of
	 * the old) */
	unsigned ob = STR_BITS(p->str_hash_cap ? p->str_hash_cap : 1), nb = STR_BITS(cap);
	uint32_t m = cap - 1;
	for (uint32_t j = 0; j < p->str_hash_cap; j++) {
		uint32_t v = p->str_hash[j];
		if (!v)
			continue;
		uint32_t id = STR_SLOT_ID(v, ob);
		uint32_t i = p->str_hv[id] & m;
		while (t[i])
			i = (i + 1) & m;
		t[i] = ((v >> nb) << nb) | (id + 1);
	}
	free(p->str_hash);
	p->str_hash = t;
	p->str_hash_cap = cap;
	return 0;
}

uint32_t pvm_find_string(const pv_profile *p, const char *s, size_t len)
{
	if (!p->str_hash_cap)
		return PVM_NONE;
	uint64_t h = hash_bytes(s, len);
	unsigned bits = STR_BITS(p->str_hash_cap);
	uint32_t m = p->str_hash_cap - 1, i = (uint32_t)h & m;
	while (p->str_hash[i]) {
		uint32_t v = p->str_hash[i];
		uint32_t id = STR_SLOT_ID(v, bits);
		if (STR_SLOT_TAG_EQ(v, h, bits) && STR_LEN(p, id) == len &&
		    memcmp(p->pool + p->str_off[id], s, len) == 0)
			return id;
		i = (i + 1) & m;
	}
	return PVM_NONE;
}

uint64_t pvm_hash_bytes(const char *s, size_t len)
{
	return hash_bytes(s, len);
}

uint32_t pvm_intern(pv_profile *p, const char *s, size_t len)
{
	return pvm_intern_hashed(p, s, len, hash_bytes(s, len));
}

uint32_t pvm_intern_hashed(pv_profile *p, const char *s, size_t len, uint64_t h)
{
	if (len > UINT32_MAX - 1)
		return PVM_NONE;
	if ((uint64_t)(p->nstr + 1) * 2 > p->str_hash_cap) {
		uint32_t cap = p->str_hash_cap ? p->str_hash_cap * 2 : 1024;
		if (cap < p->str_hash_cap || str_rehash(p, cap) != 0)
			return PVM_NONE;
	}
	unsigned bits = STR_BITS(p->str_hash_cap);
	uint32_t m = p->str_hash_cap - 1, i = (uint32_t)h & m;
	while (p->str_hash[i]) {
		uint32_t v = p->str_hash[i];
		uint32_t id = STR_SLOT_ID(v, bits);
		if (STR_SLOT_TAG_EQ(v, h, bits) && STR_LEN(p, id) == len &&
		    memcmp(p->pool + p->str_off[id], s, len) == 0)
			return id;
		i = (i + 1) & m;
	}
	if (p->pool_len + len + 1 > UINT32_MAX)
		return PVM_NONE;
	if (p->pool_cap - p->pool_len < len + 1) {
		size_t c = p->pool_cap ? p->pool_cap : 4096;
		while (c - p->pool_len < len + 1)
			c *= 2;
		char *np = realloc(p->pool, c);
		if (!np)
			return PVM_NONE;
		p->pool = np;
		p->pool_cap = c;
	}
	if (p->nstr == UINT32_MAX - 1)
		return PVM_NONE;
	uint32_t cap = p->str_cap;
	if (p->nstr + 2 > cap) {
		/* str_off has the one more entry: where the next string starts */
		uint32_t c2 = cap;
		if (pv_grow32((void **)&p->str_off, &c2, p->nstr + 2, sizeof *p->str_off) != 0)
			return PVM_NONE;
		size_t had = cap ? (size_t)cap / 64 + 1 : 0, words = (size_t)c2 / 64 + 1;
		uint64_t *u = realloc(p->str_utf8, words * sizeof *u);
		if (!u)
			return PVM_NONE;
		memset(u + had, 0, (words - had) * sizeof *u);
		p->str_utf8 = u;
		c2 = cap;
		if (pv_grow32((void **)&p->str_hv, &c2, p->nstr + 2, sizeof *p->str_hv) != 0)
			return PVM_NONE;
		c2 = cap;
		if (pv_grow32((void **)&p->str_key, &c2, p->nstr + 2, sizeof *p->str_key) != 0)
			return PVM_NONE;
		p->str_cap = c2;
	}
	uint32_t id = p->nstr++;
	p->str_off[id] = (uint32_t)p->pool_len;
	if (!pvm_all_ascii(s, len))
		p->str_utf8[id / 64] |= (uint64_t)1 << (id % 64);
	p->str_hv[id] = (uint32_t)h;
	p->str_key[id] = 0;
	if (len)
		memcpy(p->pool + p->pool_len, s, len);
	p->pool[p->pool_len + len] = 0;
	p->pool_len += len + 1;
	p->str_off[id + 1] = (uint32_t)p->pool_len;
	p->str_hash[i] = STR_SLOT(h, id, bits);
	return id;
}

/* ===================================================== keys */

/*
 * A key's hash mixes the file's id with the hash of the name's BYTES (not
 * its id), so that the reader can compute it, and prefetch the slot, while
 * the name itself is still being interned.
 */
static uint64_t key_hash_hv(uint32_t file, int64_t line, uint32_t name_hv, int is_code)
{
	uint64_t h = mix64(((uint64_t)file << 32) ^ name_hv ^ ((uint64_t)is_code << 63));
	return mix64(h ^ (uint64_t)line);
}

static uint64_t key_hash(const pv_profile *p, uint32_t file, int64_t line, uint32_t name,
			 int is_code)
{
	return key_hash_hv(file, line, p->str_hv[name], is_code);
}

void pvm_prefetch_key_slot(const pv_profile *p, uint32_t file, int64_t line, uint32_t name_hv)
{
	if (p->key_hash_cap) {
		uint64_t h = key_hash_hv(file, line, name_hv, 0);
		__builtin_prefetch(&p->key_hash[(uint32_t)h & (p->key_hash_cap - 1)]);
	}
}

void pvm_prefetch_string(const pv_profile *p, uint64_t hash)
{
	if (p->str_hash_cap)
		__builtin_prefetch(&p->str_hash[(uint32_t)hash & (p->str_hash_cap - 1)]);
}

void pvm_prefetch_key(const pv_profile *p, uint32_t file, int64_t line, uint64_t name_hash)
{
	/* the key slot is used only if the name turns out to be shared */
	pvm_prefetch_key_slot(p, file, line, (uint32_t)name_hash);
	pvm_prefetch_string(p, name_hash);
}

static int func_eq(const pv_func *f, uint32_t file, int64_t line, uint32_t name, int is_code)
{
	return f->file == file && f->line == line && f->name == name &&
	       !!(f->flags & PV_FUNC_CODE) == !!is_code;
}

/* A key_hash slot holds a key id and the top 32 bits of the hash, so that
 * probing rarely has to look at the records. */
#define KEY_SLOT(h, id) (((h) & 0xffffffff00000000ULL) | ((uint64_t)(id) + 1))
#define SLOT_ID(v) ((uint32_t)((v) & 0xffffffffu) - 1)
#define SLOT_TAG(v) ((v) & 0xffffffff00000000ULL)

static void key_hash_put(uint64_t *t, uint32_t cap, uint64_t h, uint32_t id)
{
	uint32_t m = cap - 1, i = (uint32_t)h & m;
	while (t[i])
		i = (i + 1) & m;
	t[i] = KEY_SLOT(h, id);
}

/* Rebuilds key_hash with `cap` slots from the keys whose names are shared
 * (only while building: funcs[] is indexed by key id until finalize). */
static int key_rehash(pv_profile *p, uint32_t cap)
{
	uint64_t *t = table_alloc(cap, sizeof *t);
	if (!t)
		return -1;
	if (p->nhashed)
		for (uint32_t id = 0; id < p->nkeys; id++) {
			const pv_func *k = &p->funcs[id];
			if (p->str_key[k->name] == PVM_MANY)
				key_hash_put(t, cap, key_hash(p, k->file, k->line, k->name,
							      !!(k->flags & PV_FUNC_CODE)), id);
		}
	free(p->key_hash);
	p->key_hash = t;
	p->key_hash_cap = cap;
	return 0;
}

/* Room in key_hash for `more` keys beyond those in it. */
static int key_hash_room(pv_profile *p, uint32_t more)
{
	if ((uint64_t)(p->nhashed + more) * 2 <= p->key_hash_cap)
		return 0;
	/* the first time, room for the keys expected (if names are shared at
	 * all, many usually are) */
	uint64_t cap = p->key_hash_cap ? p->key_hash_cap : 1024;
	while (!p->key_hash_cap && cap < (uint64_t)p->keys_hint * 2 && cap < (1u << 30))
		cap *= 2;
	while ((uint64_t)(p->nhashed + more) * 2 > cap)
		cap *= 2;
	if (cap > (1u << 31))
		return -1;
	return key_rehash(p, (uint32_t)cap);
}


uint32_t pvm_find_key(const pv_profile *p, uint32_t file, int64_t line, uint32_t name,
		      int is_code)
{
	if (name >= p->nstr || !p->str_key[name])
		return PVM_NONE;
	if (p->str_key[name] != PVM_MANY) {
		uint32_t kid = p->str_key[name] - 1;
		if (!p->finalized)
			return func_eq(&p->funcs[kid], file, line, name, is_code) ? kid : PVM_NONE;
		uint32_t fi = p->kid_func ? p->kid_func[kid] : kid;
		return func_eq(&p->funcs[fi], file, line, name, is_code) ? fi : PVM_NONE;
	}
	if (!p->key_hash_cap)
		return PVM_NONE;
	uint32_t m = p->key_hash_cap - 1;
	uint64_t h = key_hash(p, file, line, name, is_code);
	uint32_t i = (uint32_t)h & m;
	while (p->key_hash[i]) {
		uint64_t v = p->key_hash[i];
		if (SLOT_TAG(v) != SLOT_TAG(h)) {
			i = (i + 1) & m;
			continue;
		}
		if (!p->finalized) {
			if (func_eq(&p->funcs[SLOT_ID(v)], file, line, name, is_code))
				return SLOT_ID(v);
		} else {
			uint32_t fi = p->kid_func ? p->kid_func[SLOT_ID(v)] : SLOT_ID(v);
			if (func_eq(&p->funcs[fi], file, line, name, is_code))
				return fi;
		}
		i = (i + 1) & m;
	}
	return PVM_NONE;
}

static uint32_t new_key(pv_profile *p, uint32_t file, int64_t line, uint32_t name, int is_code)
{
	if (p->nkeys >= UINT32_MAX - 2)
		return PVM_NONE;
	if (pv_grow32((void **)&p->funcs, &p->funcs_cap, p->nkeys + 1, sizeof *p->funcs) != 0)
		return PVM_NONE;
	uint32_t id = p->nkeys++;
	pv_func *f = &p->funcs[id];
	memset(f, 0, sizeof *f);
	f->file = file;
	f->line = line;
	f->name = name;
	f->flags = is_code ? PV_FUNC_CODE : 0;
	if (line == 0 && !is_code && STR_LEN(p, file) == 1 && p->pool[p->str_off[file]] == '~')
		f->flags |= PV_FUNC_BUILTIN;  /* set here only: a key's file never changes */
	return id;
}

uint32_t pvm_key(pv_profile *p, uint32_t file, int64_t line, uint32_t name, int is_code)
{
	uint32_t sk = p->str_key[name];
	if (sk == 0) {
		/* the first key with this name: no other key can be equal */
		uint32_t id = new_key(p, file, line, name, is_code);
		if (id != PVM_NONE)
			p->str_key[name] = id + 1;
		return id;
	}
	if (sk != PVM_MANY) {
		uint32_t other = sk - 1;
		if (func_eq(&p->funcs[other], file, line, name, is_code))
			return other;
		/* a second key with this name: both go into key_hash */
		if (key_hash_room(p, 2) != 0)
			return PVM_NONE;
		uint32_t id = new_key(p, file, line, name, is_code);
		if (id == PVM_NONE)
			return PVM_NONE;
		p->str_key[name] = PVM_MANY;
		const pv_func *o = &p->funcs[other];
		key_hash_put(p->key_hash, p->key_hash_cap,
			     key_hash(p, o->file, o->line, o->name, !!(o->flags & PV_FUNC_CODE)),
			     other);
		key_hash_put(p->key_hash, p->key_hash_cap, key_hash(p, file, line, name, is_code),
			     id);
		p->nhashed += 2;
		return id;
	}
	if (key_hash_room(p, 1) != 0)
		return PVM_NONE;
	uint32_t m = p->key_hash_cap - 1;
	uint64_t h = key_hash(p, file, line, name, is_code);
	uint32_t i = (uint32_t)h & m;
	while (p->key_hash[i]) {
		uint64_t v = p->key_hash[i];
		if (SLOT_TAG(v) == SLOT_TAG(h) &&
		    func_eq(&p->funcs[SLOT_ID(v)], file, line, name, is_code))
			return SLOT_ID(v);
		i = (i + 1) & m;
	}
	uint32_t id = new_key(p, file, line, name, is_code);
	if (id == PVM_NONE)
		return PVM_NONE;
	p->key_hash[i] = KEY_SLOT(h, id);
	p->nhashed++;
	return id;
}

/* ===================================================== values */

static int stamp_reserve(pv_profile *p)
{
	uint32_t cap = p->stamp_cap;
	if (p->nkeys <= cap)
		return 0;
	uint32_t c2 = cap;
	if (pv_grow32((void **)&p->stamp, &c2, p->nkeys, sizeof *p->stamp) != 0)
		return -1;
	memset(p->stamp + cap, 0, (size_t)(c2 - cap) * sizeof *p->stamp);
	uint32_t c3 = cap;
	if (pv_grow32((void **)&p->stamp_pos, &c3, p->nkeys, sizeof *p->stamp_pos) != 0) {
		/* keep stamp_cap consistent with the smaller array */
		return -1;
	}
	p->stamp_cap = c2 < c3 ? c2 : c3;
	return 0;
}

static uint32_t next_serial(pv_profile *p)
{
	if (++p->serial == 0) {
		/* wrapped: forget all stamps */
		if (p->stamp)
			memset(p->stamp, 0, (size_t)p->stamp_cap * sizeof *p->stamp);
		p->serial = 1;
	}
	return p->serial;
}

void pvm_value_begin(pv_profile *p, pvm_value *v)
{
	v->cc = v->nc = 0;
	v->tt = v->ct = 0.0;
	v->n = 0;
	v->serial = next_serial(p);
}

void pvm_value_release(pvm_value *v)
{
	free(v->callers);
	v->callers = NULL;
	v->n = v->cap = 0;
}

/* Callers dicts are small: up to this many entries a linear scan finds
 * duplicates faster than the (randomly accessed) stamp arrays. */
#define SMALL_CALLERS 8

int pvm_value_set_caller(pv_profile *p, pvm_value *v, const pv_edge *e)
{
	uint32_t c = e->caller;
	if (v->n < SMALL_CALLERS) {
		for (uint32_t i = 0; i < v->n; i++)
			if (v->callers[i].caller == c) {
				v->callers[i] = *e;
				return 0;
			}
	} else {
		if (stamp_reserve(p) != 0)
			return -1;
		if (v->n == SMALL_CALLERS)  /* switching to stamps: stamp the first ones */
			for (uint32_t i = 0; i < v->n; i++) {
				p->stamp[v->callers[i].caller] = v->serial;
				p->stamp_pos[v->callers[i].caller] = i;
			}
		if (p->stamp[c] == v->serial) {
			v->callers[p->stamp_pos[c]] = *e;
			return 0;
		}
	}
	if (pv_grow32((void **)&v->callers, &v->cap, v->n + 1, sizeof *v->callers) != 0)
		return -1;
	if (v->n >= SMALL_CALLERS) {
		p->stamp[c] = v->serial;
		p->stamp_pos[c] = v->n;
	}
	v->callers[v->n++] = *e;
	return 0;
}

/* Sizes the hash tables for about `nkeys` keys and `nstr` strings. */
void pvm_reserve(pv_profile *p, uint32_t nkeys, uint32_t nstr)
{
	/* keys are hashed only when their names are shared: key_hash is
	 * allocated when the first name is */
	p->keys_hint = nkeys;
	uint32_t cap = 1024;
	while (cap < nstr * 2u && cap < (1u << 30))
		cap *= 2;
	if (cap > p->str_hash_cap)
		str_rehash(p, cap);
}

static int edges_reserve(pv_profile *p, uint64_t more)
{
	if (p->nedges + more > UINT32_MAX - 1)
		return -1;
	return pv_grow32((void **)&p->edges, &p->edges_cap, (uint32_t)(p->nedges + more),
		    sizeof *p->edges);
}

/* Makes order[] hold the dict order so far (while it is 0, 1, 2, ... it
 * is not kept) with room for `need` entries.  Returns 0 or -1 on OOM. */
static int order_reserve(pv_profile *p, uint32_t need)
{
	int was_implicit = !p->order;
	if (pv_grow32((void **)&p->order, &p->order_cap, need ? need : 1, sizeof *p->order) != 0)
		return -1;
	if (was_implicit)
		for (uint32_t i = 0; i < p->nstats; i++)
			p->order[i] = i;
	return 0;
}

/* The function record of key `kid`; its first stats entry puts it in
 * dict order. */
static pv_func *func_of(pv_profile *p, uint32_t kid, int *created)
{
	pv_func *f = &p->funcs[kid];
	*created = !(f->flags & PV_FUNC_STATS);
	if (*created) {
		if (p->order || kid != p->nstats) {
			if (order_reserve(p, p->nstats + 1) != 0)
				return NULL;
			p->order[p->nstats] = kid;
		}
		p->nstats++;
		f->flags |= PV_FUNC_STATS;
	}
	return f;
}

int pvm_commit_replace(pv_profile *p, uint32_t kid, const pvm_value *v)
{
	int created;
	if (edges_reserve(p, v->n) != 0)
		return -1;
	pv_func *f = func_of(p, kid, &created);
	if (!f)
		return -1;
	uint32_t fi = kid;
	if (pvm_set_calls(p, &f->calls, v->nc, v->cc, 0) != 0)
		return -1;
	f->tt = v->tt;
	f->ct = v->ct;
	f->callers = p->nedges;
	f->ncallers = v->n;
	for (uint32_t i = 0; i < v->n; i++) {
		pv_edge *e = &p->edges[p->nedges++];
		*e = v->callers[i];
		e->callee = fi;
	}
	if (!created) {
		p->inc_dirty = 1;  /* a dict value replaced: finalize sums anew */
		return 0;
	}
	p->inc_totals.total_calls += v->nc;
	p->inc_totals.prim_calls += v->cc;
	p->inc_totals.total_tt += v->tt;
	p->inc_nan |= v->tt != v->tt || v->ct != v->ct;
	return 0;
}

int pvm_commit_add(pv_profile *p, uint32_t kid, const pvm_value *v, int zero_base,
		   pv_error *err)
{
	p->inc_dirty = 1;  /* sums of merged values: finalize computes them */
	if (!(p->funcs[kid].flags & PV_FUNC_STATS)) {
		if (pvm_commit_replace(p, kid, v) != 0)
			return pv_error_set(err, "out of memory");
		if (zero_base) {
			pv_func *f = &p->funcs[kid];
			f->tt = 0.0 + f->tt;
			f->ct = 0.0 + f->ct;
		}
		return 0;
	}
	uint32_t fi = kid;
	pv_func *f = &p->funcs[fi];
	/* check first, so that a failure leaves the value untouched */
	if (stamp_reserve(p) != 0)
		return pv_error_set(err, "out of memory");
	uint32_t s = next_serial(p);
	for (uint32_t i = 0; i < f->ncallers; i++) {
		uint32_t c = p->edges[f->callers + i].caller;
		p->stamp[c] = s;
		p->stamp_pos[c] = i;
	}
	for (uint32_t i = 0; i < v->n; i++) {
		const pv_edge *ne = &v->callers[i];
		if (p->stamp[ne->caller] == s) {
			const pv_edge *oe = &p->edges[f->callers + p->stamp_pos[ne->caller]];
			if (pv_edge_is_int(oe) != pv_edge_is_int(ne))
				return pv_error_set(err,
						    "cannot add an int caller entry to a tuple one "
						    "(files from the profile and cProfile modules mixed)");
		}
	}
	if (edges_reserve(p, (uint64_t)f->ncallers + v->n) != 0)
		return pv_error_set(err, "out of memory");
	f = &p->funcs[fi];
	uint32_t start = p->nedges;
	if (f->ncallers)
		memcpy(p->edges + start, p->edges + f->callers,
		       (size_t)f->ncallers * sizeof *p->edges);
	p->nedges += f->ncallers;
	for (uint32_t i = 0; i < v->n; i++) {
		const pv_edge *ne = &v->callers[i];
		if (p->stamp[ne->caller] == s) {
			pv_edge *oe = &p->edges[start + p->stamp_pos[ne->caller]];
			if (pvm_set_calls(p, &oe->calls, pv_edge_nc(ne) + pv_edge_nc(oe),
					  pv_edge_cc(ne) + pv_edge_cc(oe), pv_edge_is_int(oe)) != 0)
				return pv_error_set(err, "out of memory");
			oe->tt = ne->tt + oe->tt;
			oe->ct = ne->ct + oe->ct;
		} else {
			pv_edge *e = &p->edges[p->nedges++];
			*e = *ne;
			e->callee = fi;
			p->stamp[ne->caller] = s;
			p->stamp_pos[ne->caller] = (uint32_t)(p->nedges - 1 - start);
		}
	}
	f->callers = start;
	f->ncallers = p->nedges - start;
	if (pvm_set_calls(p, &f->calls, v->nc + pv_func_nc(f), v->cc + pv_func_cc(f), 0) != 0)
		return pv_error_set(err, "out of memory");
	f->tt = v->tt + f->tt;
	f->ct = v->ct + f->ct;
	return 0;
}

int pvm_add_source(pv_profile *p, const char *path, int64_t mtime, int has_mtime)
{
	pv_source *n = realloc(p->files, (p->nfiles + 1) * sizeof *n);
	if (!n)
		return -1;
	p->files = n;
	char *copy = strdup(path ? path : "<memory>");
	if (!copy)
		return -1;
	n[p->nfiles].path = copy;
	n[p->nfiles].mtime = mtime;
	n[p->nfiles].has_mtime = has_mtime;
	p->nfiles++;
	return 0;
}

/* ===================================================== names and text */

/* Decodes one UTF-8 sequence leniently (surrogates allowed).  Returns its
 * length and stores the code point; an invalid byte b is one character,
 * U+DC00 + b, as Python's surrogateescape would make it. */
static size_t utf8_next(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t n;
	uint32_t v, min;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		v = c & 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		v = c & 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		*cp = 0xdc00u + c;
		return 1;
	}
	if (len < n)
		goto bad;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff)
		goto bad;
	*cp = v;
	return n;
bad:
	*cp = 0xdc00u + c;
	return 1;
}

size_t pv_text_width(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t w = 0, i = 0;
	while (i < len) {
		if (u[i] < 0x80) {
			i++;
		} else {
			uint32_t cp;
			i += utf8_next(u + i, len - i, &cp);
		}
		w++;
	}
	return w;
}

int pv_text_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	const unsigned char *x = (const unsigned char *)a, *y = (const unsigned char *)b;
	size_t i = 0, j = 0;
	while (i < alen && j < blen) {
		if (x[i] < 0x80 && y[j] < 0x80) {
			if (x[i] != y[j])
				return x[i] < y[j] ? -1 : 1;
			i++;
			j++;
			continue;
		}
		uint32_t ca, cb;
		i += utf8_next(x + i, alen - i, &ca);
		j += utf8_next(y + j, blen - j, &cb);
		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	if (i < alen)
		return 1;
	if (j < blen)
		return -1;
	return 0;
}

static const char *str_at(const pv_profile *p, uint32_t id, size_t *len)
{
	if (len)
		*len = STR_LEN(p, id);
	return p->pool + p->str_off[id];
}

static int is_builtin(const pv_profile *p, uint32_t file, int64_t line, int code)
{
	return line == 0 && !code && STR_LEN(p, file) == 1 && p->pool[p->str_off[file]] == '~';
}

static void std_string(const pv_profile *p, uint32_t file, int64_t line, uint32_t name,
		       int builtin, pv_buf *out)
{
	size_t flen, nlen;
	const char *fs = str_at(p, file, &flen);
	const char *ns = str_at(p, name, &nlen);
	if (builtin) {
		if (nlen >= 2 && ns[0] == '<' && ns[nlen - 1] == '>') {
			pv_buf_putc(out, '{');
			pv_buf_append(out, ns + 1, nlen - 2);
			pv_buf_putc(out, '}');
		} else {
			pv_buf_append(out, ns, nlen);
		}
		return;
	}
	pv_buf_append(out, fs, flen);
	pv_buf_printf(out, ":%lld(", (long long)line);
	pv_buf_append(out, ns, nlen);
	pv_buf_putc(out, ')');
}

void pv_func_std_string(const pv_profile *p, uint32_t id, pv_buf *out)
{
	const pv_func *f = &p->funcs[id];
	std_string(p, f->file, f->line, f->name,
		   is_builtin(p, f->file, f->line, !!(f->flags & PV_FUNC_CODE)), out);
}

void pvm_key_std_string(const pv_profile *p, uint32_t kid, pv_buf *out)
{
	pv_func_std_string(p, kid, out);  /* while building, funcs[key id] */
}

/* ===================================================== finalize */

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
		return STR_LEN(p, id);
	return pv_text_width(p->pool + p->str_off[id], STR_LEN(p, id));
}

/* Characters in pv_func_std_string(f), without formatting it. */
static size_t std_string_width(const pv_profile *p, const pv_func *f)
{
	size_t nw = str_width(p, f->name);
	if (f->flags & PV_FUNC_BUILTIN)
		return nw;  /* {name} replaces <name>: same width */
	return str_width(p, f->file) + digits(f->line) + 3 + nw;
}

int pvm_finalize(pv_profile *p, int fresh, pv_error *err)
{
	uint32_t n = p->nstats, nk = p->nkeys;
	/* callee lists of an earlier layout go; they are built again on use */
	free(p->callee_index);
	free(p->callee_start);
	p->callee_index = p->callee_start = NULL;

	/* a key id, looked up while records are still indexed by key id */
	uint32_t jfile = pvm_find_string(p, "jprofile", 8);
	uint32_t jname = pvm_find_string(p, "profiler", 8);
	uint32_t jkey = (jfile != PVM_NONE && jname != PVM_NONE)
				? pvm_find_key(p, jfile, 0, jname, 0) : PVM_NONE;

	/*
	 * Function ids: dict order, then the keys seen only as callers in
	 * order of first sight.  While the dict order was 0, 1, 2, ... (order
	 * not kept) keys 0 .. n-1 are those with stats, so the numberings
	 * agree and nothing moves ("same").  The pass also sees whether the
	 * callers' edges already run in dict order (the reader commits them
	 * so): then they stay where they are.
	 */
	int same = !p->order;
	uint32_t *newid = NULL;
	uint64_t ne = 0;
	int in_place = 1;
	if (same) {
		for (uint32_t i = 0; i < n; i++) {
			const pv_func *f = &p->funcs[i];
			if (f->ncallers && f->callers != ne)
				in_place = 0;
			ne += f->ncallers;
		}
	} else {
		/* order[] becomes the whole list: position -> key */
		newid = malloc((size_t)(nk ? nk : 1) * sizeof *newid);
		if (!newid || order_reserve(p, nk) != 0) {
			free(newid);
			return pv_error_set(err, "out of memory");
		}
		for (uint32_t i = 0; i < n; i++)
			newid[p->order[i]] = i;
		for (uint32_t k = 0, j = n; k < nk; k++) {
			const pv_func *f = &p->funcs[k];
			if (!(f->flags & PV_FUNC_STATS)) {
				p->order[j] = k;
				newid[k] = j++;
			}
			ne += f->ncallers;
		}
		/*
		 * The records move there in place: position i takes its key's
		 * record from wherever that is now (pos), and the record it held
		 * goes there.  The positions are visited in order, so the random
		 * reads can be prefetched ahead: no chain of dependent misses as
		 * in following the permutation's cycles.  (An error from here on
		 * leaves a profile only fit to be freed.)
		 */
		uint32_t *pos = malloc((size_t)(nk ? nk : 1) * sizeof *pos);
		uint32_t *who = malloc((size_t)(nk ? nk : 1) * sizeof *who);
		if (!pos || !who) {
			free(pos);
			free(who);
			free(newid);
			return pv_error_set(err, "out of memory");
		}
		for (uint32_t k = 0; k < nk; k++)
			pos[k] = who[k] = k;
		enum { D = 16 };
		uint64_t run = 0;
		for (uint32_t i = 0; i < nk; i++) {
			if (i + D < nk)
				__builtin_prefetch(&pos[p->order[i + D]]);
			if (i + D / 2 < nk)
				__builtin_prefetch(&p->funcs[pos[p->order[i + D / 2]]], 1);
			uint32_t want = p->order[i], at = pos[want];
			if (at != i) {
				pv_func t = p->funcs[i];
				p->funcs[i] = p->funcs[at];
				p->funcs[at] = t;
				uint32_t other = who[i];
				who[at] = other;
				pos[other] = at;
				who[i] = want;
				pos[want] = i;
			}
			const pv_func *f = &p->funcs[i];
			if (f->ncallers && f->callers != run)
				in_place = 0;
			run += f->ncallers;
		}
		free(pos);
		free(who);
	}
	free(p->order);
	p->order = NULL;
	p->order_cap = 0;
	p->nfuncs = nk;
	in_place &= ne == p->nedges;

	pv_edge *edges = in_place ? p->edges : malloc((size_t)(ne ? ne : 1) * sizeof *edges);
	if (!in_place && !edges) {
		free(newid);
		return pv_error_set(err, "out of memory");
	}

	/*
	 * One pass over the records in dict order: flags, widths, totals; and
	 * over their edges, in one run, their callers renumbered from key ids
	 * to function ids (random lookups, prefetched a few edges ahead).  When
	 * the edges stay where they are, the numberings agree and no caller is
	 * the top-level marker, the edges need no visit at all.
	 */
	enum { AHEAD = 16 };
	int visit = !in_place || !same || jkey != PVM_NONE;
	if (!visit && !p->inc_dirty) {
		/* nothing moves, no function is top-level and the values were
		 * summed as committed, in dict order: the records need no visit
		 * either (new_key flagged the builtins) */
		if (fresh)
			p->totals = p->inc_totals;
		p->nan_times = p->inc_nan;
		p->ntoplevel = 0;
		p->max_name_known = 0;
		p->nedges = (uint32_t)ne;
		goto done;
	}
	pv_func *nf = p->funcs;
	pv_totals tot = { 0, 0, 0.0 };
	uint32_t k = 0, ntop = 0;
	int nan = 0;
	for (uint32_t i = 0; i < nk; i++) {
		pv_func *f = &nf[i];
		f->flags &= ~(uint32_t)PV_FUNC_TOPLEVEL;
		if (i >= n)
			continue;  /* caller-only keys have no callers */
		tot.total_calls += pv_func_nc(f);
		tot.prim_calls += pv_func_cc(f);
		tot.total_tt += f->tt;
		nan |= f->tt != f->tt || f->ct != f->ct;
		uint32_t from = f->callers;
		f->callers = k;
		if (!visit) {
			k += f->ncallers;
			continue;
		}
		for (uint32_t j = 0; j < f->ncallers; j++, k++) {
			if (in_place) {
				if (!same && k + AHEAD < ne)
					__builtin_prefetch(&newid[edges[k + AHEAD].caller]);
			} else {
				edges[k] = p->edges[from + j];
			}
			pv_edge *e = &edges[k];
			e->callee = i;
			uint32_t c = e->caller;
			if (c == jkey && !(f->flags & PV_FUNC_TOPLEVEL)) {
				f->flags |= PV_FUNC_TOPLEVEL;
				ntop++;
			}
			if (!same)
				e->caller = newid[c];
		}
	}
	p->max_name_known = 0;
	p->nan_times = nan;
	if (fresh)
		p->totals = tot;
	p->ntoplevel = ntop;

	if (!in_place) {
		free(p->edges);
		p->edges = edges;
		p->edges_cap = (uint32_t)(ne ? ne : 1);
	}
	p->nedges = k;
done:
	/* key ids go on mapping, through newid, to function ids (no newid:
	 * they are the same); the stamps are not needed once built */
	free(p->kid_func);
	p->kid_func = newid;
	free(p->stamp);
	free(p->stamp_pos);
	p->stamp = p->stamp_pos = NULL;
	p->stamp_cap = 0;

	p->nstats = n;

	p->finalized = 1;
	return 0;
}

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

/* ===================================================== add, strip, clone */

/* Copies string `id` of `src` into `dst`, caching the mapping in map[]. */
static uint32_t map_string(pv_profile *dst, const pv_profile *src, uint32_t *map, uint32_t id)
{
	if (map[id] == PVM_NONE)
		map[id] = pvm_intern(dst, src->pool + src->str_off[id], STR_LEN(src, id));
	return map[id];
}

typedef uint32_t (*file_mapper)(pv_profile *dst, const pv_profile *src, uint32_t *map,
				uint32_t id);

static uint32_t map_basename(pv_profile *dst, const pv_profile *src, uint32_t *map, uint32_t id)
{
	if (map[id] == PVM_NONE) {
		const char *s = src->pool + src->str_off[id];
		size_t len = STR_LEN(src, id);
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

static void profile_release(pv_profile *p)
{
	free(p->pool);
	free(p->str_off);
	free(p->str_utf8);
	free(p->str_hv);
	free(p->str_key);
	free(p->str_hash);
	free(p->funcs);
	free(p->order);
	free(p->kid_func);
	free(p->key_hash);
	free(p->edges);
	free(p->callee_index);
	free(p->callee_start);
	for (uint32_t i = 0; i < p->nwides; i++)
		free(p->wides[i]);
	free(p->wides);
	free(p->stamp);
	free(p->stamp_pos);
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

/* `p` takes the contents of `n`, which is freed (its lock is not copied). */
static void adopt(pv_profile *p, pv_profile *n)
{
	profile_release(p);
	memcpy(p, n, offsetof(pv_profile, cache_lock));
	pthread_mutex_destroy(&n->cache_lock);
	free(n);
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
	adopt(p, n);
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
	adopt(dst, n);
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
	return str_at(p, id, len);
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
