/*
 * utf8.h - strict UTF-8 decoding shared by the writers that must emit
 * valid text (export.c's line formats, flame.c's SVG).  Internal to the
 * library: not installed with the public headers.
 */
#ifndef PV_UTF8_H
#define PV_UTF8_H

#include <stddef.h>

/*
 * Length (1..4) of the valid UTF-8 character at s[0..n), n >= 1, or 0 when
 * none starts there: overlong forms, surrogates and code points past
 * U+10FFFF are invalid.  *cp receives the code point of a valid one.
 */
size_t pv_utf8_char(const unsigned char *s, size_t n, unsigned *cp);

#endif
