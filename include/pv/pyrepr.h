/*
 * pv/pyrepr.h - Python's repr() and str.isprintable() (Python-compatible
 * layer, src/py/repr.c), as pstats' output shows names and numbers.
 */
#ifndef PV_PYREPR_H
#define PV_PYREPR_H

#include <stddef.h>
#include <stdint.h>

#include "pv/buf.h"

/*
 * Appends Python's repr() of a float (shortest round-trip digits; "inf",
 * "nan", "-0.0", "1e-05", "1.0").
 */
void pv_float_repr(double x, pv_buf *out);

/*
 * Appends Python's repr() of a str whose UTF-8 bytes are `s` (bytes that
 * are not valid UTF-8 stand for U+DC80..U+DCFF, as in names).
 */
void pv_str_repr(const char *s, size_t len, pv_buf *out);

/* str.isprintable() of one code point, per the Unicode data of Python 3. */
int pv_py_isprintable(uint32_t cp);

#endif
