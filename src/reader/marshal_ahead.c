/*
 * marshal_ahead.c - the look-ahead cursor of the fast path (see reader.h).
 *
 * Each new function costs a cache miss in the string table (its name),
 * references cost misses in the reference table, and keys with shared
 * names one in the key table; issued just before use, a prefetch hides
 * little.  So a cursor runs PF_FAR bytes ahead of the parser over entries
 * of the usual shape, only skipping bytes: it prefetches the string and
 * reference slots at once, and notes each key it passes.  When the parser
 * comes within PF_NEAR bytes of a noted key, the slots are cached and say
 * which key-table slot or key record the key will need: that is
 * prefetched then.  The cursor checks bounds and nothing else: on anything
 * unusual it stops until the parser has passed that point.  None of this
 * changes state the parser reads.
 */
#include <stdlib.h>

#include "reader/reader.h"

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

/* Skips one simple object: the position after it, or 0 if it is of another
 * kind; a reference's slot is prefetched on the way. */
static size_t pf_simple(const pvr_reader *r, size_t pos)
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
static size_t pf_key(pvr_reader *r, size_t pos, int own, pf_note *n)
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
		r->pf_hashes[(pos / 8) % PF_HASHES] = (pvr_name_hash){ pos, h };
		return pos + 2 + len;
	}
	if (code == 'r' && r->len - pos >= 5)
		n->name_ref = pf_u32(d + pos + 1);
	return pf_simple(r, pos);
}

static void pf_push(pvr_reader *r, const pf_note *n)
{
	if (n->key_ref == PF_NO && n->file_ref == PF_NO)
		return;
	if (r->pf_n == PF_NOTES)
		return;  /* full: a hint less */
	r->pf_notes[(r->pf_head + r->pf_n++) % PF_NOTES] = *n;
}

/* Skips one entry of the usual shape; returns the position after it or 0. */
static size_t pf_entry(pvr_reader *r, size_t pos)
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
static uint32_t pf_ref_str(const pvr_reader *r, uint32_t idx)
{
	if (idx >= r->refs.n || RT_TAG(r->refs.v[idx]) != RT_STR)
		return PVM_NONE;
	return (uint32_t)RT_VAL(r->refs.v[idx]);
}

/* A noted key the parser is about to read: its key slot or record. */
static void pf_near(const pvr_reader *r, const pf_note *n)
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

void pvr_ahead(pvr_reader *r)
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

/* NULL notes or hashes (out of memory) leave the look-ahead off. */
void pvr_ahead_start(pvr_reader *r)
{
	r->pf_notes = malloc(PF_NOTES * sizeof *r->pf_notes);
	r->pf_hashes = calloc(PF_HASHES, sizeof *r->pf_hashes);
}

void pvr_ahead_end(pvr_reader *r)
{
	free(r->pf_notes);
	free(r->pf_hashes);
	r->pf_notes = NULL;
	r->pf_hashes = NULL;
}
