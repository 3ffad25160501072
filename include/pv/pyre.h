/*
 * pv/pyre.h - Python's re.search() on PCRE2 (Python-compatible layer,
 * src/py/re.c), as pstats' print_stats(regex) restrictions use it.
 *
 * The pattern is translated where Python's syntax differs from PCRE2's
 * (\Z); subjects that are not valid UTF-8 (Python 2 bytes, lone
 * surrogates) still match, each stray byte as one character.
 */
#ifndef PV_PYRE_H
#define PV_PYRE_H

#include <stddef.h>

#include "pv/buf.h"

typedef struct pv_pyre {
	struct pcre2_real_code_8 *code;
	struct pcre2_real_match_data_8 *md;
	pv_buf alt;   /* subject rewritten when it is not valid UTF-8 */
} pv_pyre;

/*
 * Compiles `pattern` into r.  Returns 0; -1 for a bad pattern or -2 when
 * out of memory, with a message ("missing ) at position 8") in msg.
 * r is released with pv_pyre_free() after success.
 */
int pv_pyre_compile(pv_pyre *r, const char *pattern, char *msg, size_t msgsize);
void pv_pyre_free(pv_pyre *r);
/* re.search(pattern, s) is not None: 1 or 0. */
int pv_pyre_search(pv_pyre *r, const char *s, size_t len);

#endif
