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
#include "pv/error.h"

/*
 * Bounds of one search, so that a regex from someone else (a shared link,
 * a request) cannot hang the caller: `(a+)+$` against a long name gives up
 * instead of backtracking for ever (where Python's re would).  Far above
 * what a search of an ordinary pattern in a function's label needs, so
 * pstats' answers are unchanged for those:
 *   - steps: PCRE2's match limit (calls of its internal match function;
 *     with the JIT, its own count), per search, all start positions;
 *   - depth: PCRE2's depth limit (nested backtracking points) and heap
 *     limit in KiB (interpreter only);
 *   - the JIT's stack, at most PV_PYRE_JIT_STACK_MAX bytes (PCRE2's
 *     default of 32 KiB is too small for some ordinary patterns on long
 *     names, which it would give up on).
 */
#define PV_PYRE_MATCH_LIMIT 1000000u
#define PV_PYRE_DEPTH_LIMIT 100000u
#define PV_PYRE_HEAP_LIMIT_KIB 65536u
#define PV_PYRE_JIT_STACK_MAX (4u << 20)

/* pv_pyre_search(): the search gave up at one of the bounds above. */
#define PV_PYRE_TOO_COMPLEX (-1)

typedef struct pv_pyre {
	struct pcre2_real_code_8 *code;
	struct pcre2_real_match_data_8 *md;
	struct pcre2_real_match_context_8 *mc;  /* the bounds */
	struct pcre2_real_jit_stack_8 *jit;     /* NULL: no JIT stack (no JIT) */
	pv_buf alt;   /* subject rewritten when it is not valid UTF-8 */
	int gave_up;  /* the PCRE2 error of the last search that gave up, or 0 */
	int no_jit;   /* for tests: match with the interpreter even when JIT-compiled */
} pv_pyre;

/*
 * Compiles `pattern` into r.  Returns 0; -1 for a bad pattern or -2 when
 * out of memory, with a message ("missing ) at position 8") in msg.
 * r is released with pv_pyre_free() after success.
 */
int pv_pyre_compile(pv_pyre *r, const char *pattern, char *msg, size_t msgsize);
void pv_pyre_free(pv_pyre *r);
/*
 * re.search(pattern, s) is not None: 1 or 0; PV_PYRE_TOO_COMPLEX when the
 * search gave up at a bound (neither a match nor a non-match: say so with
 * pv_pyre_gave_up(), never treat it as "no match").  Out of memory for the
 * rewritten subject is 0 with pv_buf_ok(&r->alt) false.
 */
int pv_pyre_search(pv_pyre *r, const char *s, size_t len);
/*
 * After PV_PYRE_TOO_COMPLEX: sets `err` to one line, "regular expression
 * too complex: gave up after 1000000 steps" (or "... at its backtracking
 * depth limit", "... at its N KiB stack"), and returns -1.
 */
int pv_pyre_gave_up(const pv_pyre *r, pv_error *err);

#endif
