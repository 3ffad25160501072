/*
 * marshal_write.c - pv_profile_write_marshal(): pstats' dump_stats().
 *
 * Writes the stats dict with Python 3 marshal codes of version 4 but
 * without references (every object written in full), which every Python 3
 * marshal reads:
 *   dict '{' ... '0', tuples ')' (all have < 256 items), ints 'i' (int32)
 *   or 'l' (15-bit digits) for larger counts, floats 'g', strings 'z'
 *   (ASCII < 256 bytes), 'a' (longer ASCII) or 'u' (anything else).
 * Name bytes that are not UTF-8 (the model keeps Python's U+DC80..U+DCFF
 * stand-ins for undecodable bytes as the raw bytes) are written back as
 * those surrogates (ED B2 80..ED B3 BF), which Python's marshal reads with
 * surrogatepass: Python 3 sees exactly the str it had.
 *
 * A sampled profile (pv_profile_is_sampled) ends with the sampling
 * profiler's marker ('__sampled__',): True, as the profiler writes it:
 * 3.15's pstats then reads the file as sampled again.  (3.15's own
 * dump_stats() drops the marker, which pstats popped on loading, so its
 * merged sampled profiles read back as calls; keeping it is deliberate.)
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pv/profile.h"
#include "pv/utf8.h"

static void put_u8(pv_buf *out, unsigned v)
{
	pv_buf_putc(out, (char)(v & 0xFF));
}

static void put_i32(pv_buf *out, int64_t v)
{
	uint32_t u = (uint32_t)v;
	char b[4] = { (char)(u & 0xFF), (char)((u >> 8) & 0xFF), (char)((u >> 16) & 0xFF),
		      (char)((u >> 24) & 0xFF) };
	pv_buf_append(out, b, 4);
}

static void put_int(pv_buf *out, pv_count v)
{
	if (v >= INT32_MIN && v <= INT32_MAX) {
		pv_buf_putc(out, 'i');
		put_i32(out, (int64_t)v);
		return;
	}
	/* 'l': digit count (negative for a negative number), 15-bit digits */
	__extension__ unsigned __int128 mag = v < 0 ? (unsigned __int128)0 - (unsigned __int128)v
						  : (unsigned __int128)v;
	uint16_t digits[10];
	int n = 0;
	while (mag) {
		digits[n++] = (uint16_t)(mag & 0x7FFF);
		mag >>= 15;
	}
	pv_buf_putc(out, 'l');
	put_i32(out, v < 0 ? -n : n);
	for (int i = 0; i < n; i++) {
		put_u8(out, digits[i] & 0xFFu);
		put_u8(out, (unsigned)(digits[i] >> 8));
	}
}

static void put_double(pv_buf *out, double d)
{
	uint64_t u;
	char b[8];
	memcpy(&u, &d, sizeof(u));
	for (int i = 0; i < 8; i++)
		b[i] = (char)((u >> (8 * i)) & 0xFF);
	pv_buf_putc(out, 'g');
	pv_buf_append(out, b, 8);
}

/*
 * Appends the UTF-8 Python's marshal writes for the model's bytes u[0..len)
 * when out is not NULL; returns its length.  The model keeps the bytes
 * Python could not decode raw: to Python each is the lone surrogate
 * U+DC00 + b (surrogateescape), which marshal writes with surrogatepass.
 */
static size_t put_utf8(pv_buf *out, const unsigned char *u, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		unsigned char b[4];
		i += pv_utf8_next(u + i, len - i, PV_UTF8_SURROGATEESCAPE, &cp);
		size_t k = pv_utf8_encode(cp, b);
		if (out)
			pv_buf_append(out, b, k);
		n += k;
	}
	return n;
}

static void put_str(pv_buf *out, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < len && u[i] < 0x80)
		i++;
	if (i < len) {
		pv_buf_putc(out, 'u');
		put_i32(out, (int64_t)put_utf8(NULL, u, len));
		put_utf8(out, u, len);
	} else if (len < 256) {
		pv_buf_putc(out, 'z');
		put_u8(out, (unsigned)len);
		pv_buf_append(out, s, len);
	} else {
		pv_buf_putc(out, 'a');
		put_i32(out, (int64_t)len);
		pv_buf_append(out, s, len);
	}
}

static void put_key(const pv_profile *p, const pv_func *f, pv_buf *out)
{
	size_t len;
	const char *s;
	pv_buf_putc(out, ')');
	put_u8(out, 3);
	s = pv_profile_string(p, f->file, &len);
	put_str(out, s, len);
	put_int(out, (pv_count)f->line);
	s = pv_profile_string(p, f->name, &len);
	put_str(out, s, len);
}

/* A value tuple of n items (5: a function's, with its callers dict to
 * follow; 4: a caller entry's) up to its two counts and two times. */
static void put_timings(pv_buf *out, unsigned n, pv_count a, pv_count b, double tt, double ct)
{
	pv_buf_putc(out, ')');
	put_u8(out, n);
	put_int(out, a);
	put_int(out, b);
	put_double(out, tt);
	put_double(out, ct);
}

/*
 * References (pv_profile_write_marshal_refs): a key tuple or a string
 * written before is written again as 'r' and its index, as Python's own
 * marshal does for objects it meets twice.  An object that may be
 * referenced carries FLAG_REF on its code and takes the next index when
 * it is met, a tuple before its items (the order Python's reader counts).
 */
typedef struct refs {
	uint32_t *key;   /* function id -> its index + 1 (0: not written yet) */
	uint32_t *str;   /* string id -> its index + 1 */
	uint32_t n;
} refs;

#define FLAG_REF 0x80

static void put_ref(pv_buf *out, uint32_t idx)
{
	pv_buf_putc(out, 'r');
	put_i32(out, (int64_t)idx);
}

static void put_str_ref(const pv_profile *p, uint32_t sid, refs *r, pv_buf *out)
{
	if (r->str[sid]) {
		put_ref(out, r->str[sid] - 1);
		return;
	}
	r->str[sid] = ++r->n;
	size_t len, at = out->len;
	const char *s = pv_profile_string(p, sid, &len);
	put_str(out, s, len);
	if (pv_buf_ok(out))
		out->data[at] = (char)(out->data[at] | FLAG_REF);
}

/* put_key, for function `id`, with references when r is not NULL */
static void put_key_id(const pv_profile *p, uint32_t id, refs *r, pv_buf *out)
{
	const pv_func *f = &pv_profile_funcs(p)[id];
	if (!r) {
		put_key(p, f, out);
		return;
	}
	if (r->key[id]) {
		put_ref(out, r->key[id] - 1);
		return;
	}
	r->key[id] = ++r->n;
	pv_buf_putc(out, (char)(')' | FLAG_REF));
	put_u8(out, 3);
	put_str_ref(p, f->file, r, out);
	put_int(out, (pv_count)f->line);
	put_str_ref(p, f->name, r, out);
}

static int write_marshal(const pv_profile *p, refs *r, pv_buf *out, pv_error *err)
{
	const pv_func *funcs = pv_profile_funcs(p);
	const pv_edge *edges = pv_profile_edges(p);
	size_t nf = pv_profile_nfuncs(p);

	pv_buf_putc(out, '{');
	for (size_t i = 0; i < nf; i++) {
		const pv_func *f = &funcs[i];
		put_key_id(p, (uint32_t)i, r, out);
		put_timings(out, 5, pv_func_cc(f), pv_func_nc(f), f->tt, f->ct);
		pv_buf_putc(out, '{');
		for (uint32_t e = f->callers; e < f->callers + f->ncallers; e++) {
			const pv_edge *ed = &edges[e];
			put_key_id(p, ed->caller, r, out);
			if (pv_edge_is_int(ed))
				put_int(out, pv_edge_nc(ed));
			else
				put_timings(out, 4, pv_edge_nc(ed), pv_edge_cc(ed), ed->tt, ed->ct);
		}
		pv_buf_putc(out, '0');
	}
	if (pv_profile_is_sampled(p)) {
		pv_buf_puts(out, ")\x01");
		put_str(out, "__sampled__", 11);
		pv_buf_putc(out, 'T');
	}
	pv_buf_putc(out, '0');
	if (!pv_buf_ok(out))
		return pv_error_set(err, "out of memory");
	return 0;
}

int pv_profile_write_marshal(const pv_profile *p, pv_buf *out, pv_error *err)
{
	return write_marshal(p, NULL, out, err);
}

int pv_profile_write_marshal_refs(const pv_profile *p, pv_buf *out, pv_error *err)
{
	size_t nk = pv_profile_nkeys(p);
	const pv_func *funcs = pv_profile_funcs(p);
	uint32_t nstr = 0;
	for (size_t i = 0; i < nk; i++) {
		if (funcs[i].file >= nstr)
			nstr = funcs[i].file + 1;
		if (funcs[i].name >= nstr)
			nstr = funcs[i].name + 1;
	}
	refs r = { calloc(nk ? nk : 1, sizeof *r.key), calloc(nstr ? nstr : 1, sizeof *r.str), 0 };
	int rc = r.key && r.str ? write_marshal(p, &r, out, err)
				: pv_error_set(err, "out of memory");
	free(r.key);
	free(r.str);
	return rc;
}

/*
 * The meta record (pv_profile_write_meta), all numbers little-endian:
 *   "PVM1", u32 number of files,
 *   per file: u32 length, the path's bytes, u8 has_mtime, i64 mtime,
 *   the total time as the 8 bytes of an IEEE double.
 * Read back by pv_profile_load_mem_meta (marshal.c).
 */
static void put_le(pv_buf *out, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		put_u8(out, (unsigned)(v >> (8 * i)));
}

int pv_profile_write_meta(const pv_profile *p, pv_buf *out, pv_error *err)
{
	size_t nf = pv_profile_nfiles(p);
	pv_buf_append(out, "PVM1", 4);
	put_le(out, nf, 4);
	for (size_t i = 0; i < nf; i++) {
		const pv_source *src = pv_profile_file(p, i);
		size_t len = strlen(src->path);
		put_le(out, len, 4);
		pv_buf_append(out, src->path, len);
		put_u8(out, src->has_mtime ? 1 : 0);
		put_le(out, (uint64_t)src->mtime, 8);
	}
	uint64_t bits;
	double tt = pv_profile_totals(p)->total_tt;
	memcpy(&bits, &tt, sizeof bits);
	put_le(out, bits, 8);
	if (!pv_buf_ok(out))
		return pv_error_set(err, "out of memory");
	return 0;
}
