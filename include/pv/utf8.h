/*
 * pv/utf8.h - the one UTF-8 decoder and encoder (base layer,
 * src/base/utf8.c).
 *
 * Names in a profile are bytes: Python 3 wrote them with surrogatepass
 * (lone surrogates U+D800..U+DFFF as ED A0..BF xx) and a Python 2 file
 * may hold any bytes.  Each caller says how it reads them, by mode, with
 * Python's names for the error handlers:
 *
 *   PV_UTF8_STRICT          valid UTF-8 only: no overlong forms, no
 *                           surrogates, nothing past U+10FFFF;
 *   PV_UTF8_SURROGATEPASS   as strict, but encoded surrogates are
 *                           characters (what Python 3's marshal writes);
 *   PV_UTF8_SURROGATEESCAPE surrogatepass, and a byte b that starts no
 *                           valid sequence is one character U+DC00 + b
 *                           (Python's surrogateescape), so every byte
 *                           string decodes and nothing is lost.
 */
#ifndef PV_UTF8_H
#define PV_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "pv/buf.h"

typedef enum pv_utf8_mode {
	PV_UTF8_STRICT,
	PV_UTF8_SURROGATEPASS,
	PV_UTF8_SURROGATEESCAPE,
} pv_utf8_mode;

/*
 * Decodes the character at s[0..n), n >= 1.  Returns its length in bytes
 * (1..4) and stores its code point in *cp, or returns 0 when no character
 * starts there in `mode` (never in PV_UTF8_SURROGATEESCAPE).
 */
size_t pv_utf8_next(const unsigned char *s, size_t n, pv_utf8_mode mode, uint32_t *cp);

/*
 * Writes code point cp (< 0x110000, surrogates included) as UTF-8 into
 * out[0..4); returns its length (1..4).
 */
size_t pv_utf8_encode(uint32_t cp, unsigned char out[4]);

/* Appends code point cp (< 0x110000, surrogates included) as UTF-8. */
void pv_utf8_put(pv_buf *b, uint32_t cp);

/*
 * The number of characters of s[0..n) in `mode`: invalid bytes count one
 * each (as U+DC00 + b would).
 */
size_t pv_utf8_length(const char *s, size_t n, pv_utf8_mode mode);

#endif
