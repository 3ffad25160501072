/*
 * pv/pyctype.h - Python's character classes (Python-compatible layer,
 * src/py/ctype.c), as textwrap's patterns see the characters of names
 * (gprof2dot's -w, docs/gprof2dot.md §5.4).
 *
 * pv_py_isspace() is exact.  pv_py_isword() and pv_py_isdigit() are exact
 * for ASCII and approximate beyond it, without Unicode tables: every
 * character is taken for a letter except the common punctuation, symbol,
 * surrogate and private-use blocks, and only the usual decimal digit
 * blocks are digits.  Function names rarely hold anything else, and the
 * approximation decides only where -w may break a line.
 */
#ifndef PV_PYCTYPE_H
#define PV_PYCTYPE_H

#include <stdint.h>

/* re's \d on a str: a decimal digit. */
int pv_py_isdigit(uint32_t cp);

/* re's \w on a str: a letter, digit or '_'. */
int pv_py_isword(uint32_t cp);

/* str.isspace() (also re's \s on a str). */
int pv_py_isspace(uint32_t cp);

#endif
