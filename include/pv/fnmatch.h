/*
 * pv/fnmatch.h - Python's fnmatch.fnmatch() (Python-compatible layer,
 * src/py/fnmatch.c), as gprof2dot matches its --root/--leaf globs and
 * --list-functions selectors against function names (docs/gprof2dot.md
 * §3.2, §3.3).
 *
 * On POSIX fnmatch.fnmatch() is fnmatchcase(): case-sensitive, no
 * backslash escapes.  Pattern and name are compared as code points, both
 * decoded as pv/utf8.h's PV_UTF8_SURROGATEESCAPE, so any bytes match and
 * '?' takes one character, not one byte.  '*' matches any run (newlines
 * too), '?' any one character, [seq] and [!seq] one character in (or not
 * in) the set, with ranges found as fnmatch.translate() finds them and
 * reversed ones such as z-a dropped (a set left empty never matches, or
 * matches any character after '!'); a ']' first in a set is literal, and
 * an unclosed '[' is a literal '['.
 *
 * A compiled pattern is immutable: matching allocates nothing, and one
 * pattern can be matched from several threads at once.
 */
#ifndef PV_FNMATCH_H
#define PV_FNMATCH_H

#include <stddef.h>

typedef struct pv_fnmatch_pattern pv_fnmatch_pattern;

/*
 * Compiles the NUL-terminated `pattern`.  Returns a pattern the caller
 * frees with pv_fnmatch_free(), or NULL when out of memory.
 */
pv_fnmatch_pattern *pv_fnmatch_compile(const char *pattern);

void pv_fnmatch_free(pv_fnmatch_pattern *m);

/* fnmatch(name, pattern) for the name's bytes s[0..len): 1 or 0. */
int pv_fnmatch_match(const pv_fnmatch_pattern *m, const char *s, size_t len);

/*
 * Compiles, matches once and frees: 1 on a match, 0 if none, -1 when out
 * of memory.
 */
int pv_fnmatch(const char *pattern, const char *s, size_t len);

#endif
