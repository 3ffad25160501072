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
 */
#include <stdint.h>
#include <string.h>

#include "pv/profile.h"

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

/* Length of the UTF-8 sequence at s (surrogates allowed), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	unsigned c = s[0];
	if (c >= 0xC2 && c <= 0xDF && len >= 2 && (s[1] & 0xC0) == 0x80)
		return 2;
	if (c >= 0xE0 && c <= 0xEF && len >= 3 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80 && (c != 0xE0 || s[1] >= 0xA0))
		return 3;
	if (c >= 0xF0 && c <= 0xF4 && len >= 4 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80 && (c != 0xF0 || s[1] >= 0x90) &&
	    (c != 0xF4 || s[1] < 0x90))
		return 4;
	return 0;
}

static void put_str(pv_buf *out, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, extra = 0;
	int ascii = 1;
	for (i = 0; i < len; i++)
		if (u[i] >= 0x80)
			ascii = 0;
	if (ascii) {
		if (len < 256) {
			pv_buf_putc(out, 'z');
			put_u8(out, (unsigned)len);
		} else {
			pv_buf_putc(out, 'a');
			put_i32(out, (int64_t)len);
		}
		pv_buf_append(out, s, len);
		return;
	}
	/* each stray byte grows from 1 to 3 bytes */
	for (i = 0; i < len;) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		size_t n = utf8_seq(u + i, len - i);
		if (n == 0) {
			extra += 2;
			n = 1;
		}
		i += n;
	}
	pv_buf_putc(out, 'u');
	put_i32(out, (int64_t)(len + extra));
	for (i = 0; i < len;) {
		size_t n = u[i] < 0x80 ? 1 : utf8_seq(u + i, len - i);
		if (n == 0) {
			unsigned cp = 0xDC00u + u[i];
			put_u8(out, 0xE0u | (cp >> 12));
			put_u8(out, 0x80u | ((cp >> 6) & 0x3Fu));
			put_u8(out, 0x80u | (cp & 0x3Fu));
			n = 1;
		} else {
			pv_buf_append(out, s + i, n);
		}
		i += n;
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

int pv_profile_write_marshal(const pv_profile *p, pv_buf *out, pv_error *err)
{
	const pv_func *funcs = pv_profile_funcs(p);
	const pv_edge *edges = pv_profile_edges(p);
	size_t nf = pv_profile_nfuncs(p);

	pv_buf_putc(out, '{');
	for (size_t i = 0; i < nf; i++) {
		const pv_func *f = &funcs[i];
		put_key(p, f, out);
		pv_buf_putc(out, ')');
		put_u8(out, 5);
		put_int(out, pv_func_cc(f));
		put_int(out, pv_func_nc(f));
		put_double(out, f->tt);
		put_double(out, f->ct);
		pv_buf_putc(out, '{');
		for (uint32_t e = f->callers; e < f->callers + f->ncallers; e++) {
			const pv_edge *ed = &edges[e];
			put_key(p, &funcs[ed->caller], out);
			if (pv_edge_is_int(ed)) {
				put_int(out, pv_edge_nc(ed));
			} else {
				pv_buf_putc(out, ')');
				put_u8(out, 4);
				put_int(out, pv_edge_nc(ed));
				put_int(out, pv_edge_cc(ed));
				put_double(out, ed->tt);
				put_double(out, ed->ct);
			}
		}
		pv_buf_putc(out, '0');
	}
	pv_buf_putc(out, '0');
	if (!pv_buf_ok(out))
		return pv_error_set(err, "out of memory");
	return 0;
}
