/* utf8.c - the one UTF-8 decoder and encoder (see pv/utf8.h). */
#include "pv/utf8.h"

static int is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

size_t pv_utf8_next(const unsigned char *s, size_t n, pv_utf8_mode mode, uint32_t *cp)
{
	unsigned c = s[0];
	uint32_t v, min;
	size_t k;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		k = 2;
		v = c & 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		k = 3;
		v = c & 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		k = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		goto invalid;
	}
	if (n < k)
		goto invalid;
	for (size_t i = 1; i < k; i++) {
		if (!is_cont(s[i]))
			goto invalid;
		v = (v << 6) | (s[i] & 0x3Fu);
	}
	if (v < min || v > 0x10FFFF)
		goto invalid;
	if (v >= 0xD800 && v <= 0xDFFF && mode == PV_UTF8_STRICT)
		goto invalid;
	*cp = v;
	return k;
invalid:
	if (mode != PV_UTF8_SURROGATEESCAPE)
		return 0;
	*cp = 0xDC00u + c;
	return 1;
}

size_t pv_utf8_encode(uint32_t cp, unsigned char out[4])
{
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xC0 | (cp >> 6));
		out[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xE0 | (cp >> 12));
		out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (unsigned char)(0xF0 | (cp >> 18));
	out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

void pv_utf8_put(pv_buf *b, uint32_t cp)
{
	unsigned char t[4];
	pv_buf_append(b, t, pv_utf8_encode(cp, t));
}

size_t pv_utf8_length(const char *s, size_t n, pv_utf8_mode mode)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t count = 0;
	for (size_t i = 0; i < n; count++) {
		uint32_t cp;
		size_t k = pv_utf8_next(u + i, n - i, mode, &cp);
		i += k ? k : 1;
	}
	return count;
}
