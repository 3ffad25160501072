/*
 * intern.c - the profile's strings and keys: interning while a profile is
 * built, and the lookups a finished profile answers with the same tables
 * (see model.h).
 *
 * Both tables are open-addressed with linear probing and tagged slots
 * (part of the hash kept in the slot, compared before anything is loaded
 * from elsewhere).  Strings are all in the string table; keys are in the
 * key table only when their name is shared by several keys (str_key says
 * which), since most names belong to one key.
 */
#define _DEFAULT_SOURCE  /* madvise(MADV_HUGEPAGE) */
#include "model/model.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "pv/hash.h"

/* ===================================================== hashing */

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
	return pv_hash_mix64(h);
}

/* ===================================================== strings */

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

/*
 * The id of bytes s[0..len) with hash h (the table is not empty), or
 * PVM_NONE with *slot the empty slot where they would go.
 */
static inline uint32_t str_probe(const pv_profile *p, const char *s, size_t len, uint64_t h,
				 uint32_t *slot)
{
	unsigned bits = STR_BITS(p->str_hash_cap);
	uint32_t m = p->str_hash_cap - 1, i = (uint32_t)h & m;
	while (p->str_hash[i]) {
		uint32_t v = p->str_hash[i];
		uint32_t id = STR_SLOT_ID(v, bits);
		if (STR_SLOT_TAG_EQ(v, h, bits) && pvm_str_len(p, id) == len &&
		    memcmp(pvm_str(p, id), s, len) == 0)
			return id;
		i = (i + 1) & m;
	}
	*slot = i;
	return PVM_NONE;
}

uint32_t pvm_find_string(const pv_profile *p, const char *s, size_t len)
{
	uint32_t slot;
	if (!p->str_hash_cap)
		return PVM_NONE;
	return str_probe(p, s, len, hash_bytes(s, len), &slot);
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
	uint32_t i = 0, found = str_probe(p, s, len, h, &i);
	if (found != PVM_NONE)
		return found;
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
	p->str_hash[i] = STR_SLOT(h, id, STR_BITS(p->str_hash_cap));
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
	uint64_t h = pv_hash_mix64(((uint64_t)file << 32) ^ name_hv ^ ((uint64_t)is_code << 63));
	return pv_hash_mix64(h ^ (uint64_t)line);
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
	while (!p->key_hash_cap && cap < (uint64_t)p->b.keys_hint * 2 && cap < (1u << 30))
		cap *= 2;
	while ((uint64_t)(p->nhashed + more) * 2 > cap)
		cap *= 2;
	if (cap > (1u << 31))
		return -1;
	return key_rehash(p, (uint32_t)cap);
}

/* The record of key `kid`: funcs[kid] while building, then through kid_func. */
static inline uint32_t key_record(const pv_profile *p, uint32_t kid)
{
	return p->finalized && p->kid_func ? p->kid_func[kid] : kid;
}

/*
 * The record of the hashed key (file, line, name) whose hash is h (the
 * table is not empty), or PVM_NONE with *slot the empty slot where it
 * would go.
 */
static inline uint32_t key_probe(const pv_profile *p, uint32_t file, int64_t line,
				 uint32_t name, int is_code, uint64_t h, uint32_t *slot)
{
	uint32_t m = p->key_hash_cap - 1, i = (uint32_t)h & m;
	while (p->key_hash[i]) {
		uint64_t v = p->key_hash[i];
		if (SLOT_TAG(v) == SLOT_TAG(h)) {
			uint32_t r = key_record(p, SLOT_ID(v));
			if (func_eq(&p->funcs[r], file, line, name, is_code))
				return r;
		}
		i = (i + 1) & m;
	}
	*slot = i;
	return PVM_NONE;
}

uint32_t pvm_find_key(const pv_profile *p, uint32_t file, int64_t line, uint32_t name,
		      int is_code)
{
	if (name >= p->nstr || !p->str_key[name])
		return PVM_NONE;
	if (p->str_key[name] != PVM_MANY) {
		uint32_t r = key_record(p, p->str_key[name] - 1);
		return func_eq(&p->funcs[r], file, line, name, is_code) ? r : PVM_NONE;
	}
	if (!p->key_hash_cap)
		return PVM_NONE;
	uint32_t slot;
	return key_probe(p, file, line, name, is_code, key_hash(p, file, line, name, is_code),
			 &slot);
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
	if (line == 0 && !is_code && pvm_str_len(p, file) == 1 && pvm_str(p, file)[0] == '~')
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
	uint64_t h = key_hash(p, file, line, name, is_code);
	uint32_t i = 0, found = key_probe(p, file, line, name, is_code, h, &i);
	if (found != PVM_NONE)
		return found;
	uint32_t id = new_key(p, file, line, name, is_code);
	if (id == PVM_NONE)
		return PVM_NONE;
	p->key_hash[i] = KEY_SLOT(h, id);
	p->nhashed++;
	return id;
}

/* Sizes the hash tables for about `nkeys` keys and `nstr` strings. */
void pvm_reserve(pv_profile *p, uint32_t nkeys, uint32_t nstr)
{
	/* keys are hashed only when their names are shared: key_hash is
	 * allocated when the first name is */
	p->b.keys_hint = nkeys;
	uint32_t cap = 1024;
	while (cap < nstr * 2u && cap < (1u << 30))
		cap *= 2;
	if (cap > p->str_hash_cap)
		str_rehash(p, cap);
}
