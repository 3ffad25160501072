/*
 * pv/query.h - which functions a report lists, and in which order:
 * pstats' sort_stats(), reverse_order() and the restrictions of
 * print_stats(*amounts), as a library.
 *
 * A query is applied to a loaded profile and yields a selection: the ids
 * of the functions to print, in order, plus what pstats says about how it
 * got there ("Ordered by", "List reduced from", invalid regexes).  The
 * text, JSON and CSV writers (pv/report.h) and the web viewer consume
 * selections.  Nothing here prints or exits.
 *
 * Sorting follows CPython 3.11 exactly: the fields of all keys are
 * compared in order with `<` and `>` only (so a NaN time ties with
 * everything and the next field decides), and the sort is CPython's own
 * list.sort algorithm (pv/listsort.h: a stable merge sort of natural runs,
 * binary insertion, powersort merging, galloping), started from dict
 * order.  For ordinary data any stable sort gives the same order; using
 * the same algorithm keeps even NaN-containing profiles identical to
 * pstats.  When the first restriction is a small count (`-l 10`) and no
 * NaN is compared,
 * pv_query_run selects those rows with a heap over (row, position)
 * instead of sorting all of them: by stability, the same rows in the same
 * order.
 *
 * The one deliberate difference: pstats raises TypeError when it sorts by
 * `name` or `nfl` a profile whose keys hold code objects (files of the
 * pure-Python profile module).  Here such a name compares as the text of
 * its repr, "<code object NAME at 0x7f0000000000, file ..., line N>", like
 * any other name.
 */
#ifndef PV_QUERY_H
#define PV_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "pv/buf.h"
#include "pv/error.h"
#include "pv/profile.h"
#include "pv/pyrepr.h"

/* ===================================================== sort keys */

typedef enum pv_sort_key {
	PV_SORT_CALLS,      /* calls, ncalls: nc descending */
	PV_SORT_CUMULATIVE, /* cumulative, cumtime: ct descending */
	PV_SORT_FILENAME,   /* filename, module, file: file ascending */
	PV_SORT_LINE,       /* line: line ascending */
	PV_SORT_NAME,       /* name: name ascending */
	PV_SORT_NFL,        /* nfl: name, file, line ascending */
	PV_SORT_PCALLS,     /* pcalls: cc descending */
	PV_SORT_STDNAME,    /* stdname: func_std_string ascending (as text) */
	PV_SORT_TIME,       /* time, tottime: tt descending */
	PV_SORT_NKEYS
} pv_sort_key;

/*
 * Parses a sort key as pstats 3.7-3.13 accepts it: one of its 13 words or
 * any unambiguous prefix of one (66 strings in all: "cu" is cumulative,
 * "file" filename; "c", "n", "t" and "cum" are ambiguous).  Returns 0, or
 * -1 with `err` set ("unknown sort key 'X'" / "ambiguous sort key 'X'").
 */
int pv_sort_key_parse(const char *word, pv_sort_key *out, pv_error *err);

/* pstats' description of a key for "Ordered by:" ("internal time"). */
const char *pv_sort_key_description(pv_sort_key k);

/* The canonical word of a key ("time" for PV_SORT_TIME). */
const char *pv_sort_key_word(pv_sort_key k);

/*
 * The i-th of pstats' 13 sort words in its own table order (calls, ncalls,
 * cumtime, cumulative, filename, line, module, name, nfl, pcalls, stdname,
 * time, tottime), for listings such as the shell's `sort` help; stores its
 * key in *key when not NULL.  Returns NULL when i >= 13.
 */
const char *pv_sort_word_at(size_t i, pv_sort_key *key);

/*
 * Sorts the n function ids in `ids` (each < pv_profile_nfuncs(p)) as
 * sort_stats(keys[0], ..., keys[nkeys-1]) orders them; entries equal on
 * every field keep their relative order, so pass ids in dict order to get
 * pstats' order.  nkeys == 0 leaves `ids` alone.  Returns 0, or -1 with
 * `err` set when out of memory (`ids` is then some permutation of itself).
 */
int pv_sort_ids(const pv_profile *p, const pv_sort_key *keys, size_t nkeys,
		uint32_t *ids, size_t n, pv_error *err);

/* ===================================================== restrictions */

typedef enum pv_restrict_kind {
	PV_RESTRICT_COUNT,    /* keep the first N (only if 0 <= N < length) */
	PV_RESTRICT_FRACTION, /* keep the first int(length * x + .5)
	                         (only if 0.0 <= x < 1.0) */
	PV_RESTRICT_REGEX     /* keep names that re.search() matches */
} pv_restrict_kind;

typedef struct pv_restriction {
	pv_restrict_kind kind;
	long long count;    /* COUNT; values beyond long long are clamped
	                       (they change nothing either way) */
	double fraction;    /* FRACTION; any value, applied only in [0, 1) */
	char *text;         /* the argument as given (owned; may be NULL for
	                       COUNT/FRACTION made by value) */
} pv_restriction;

/*
 * Maps a command-line amount as pstats_oracle.py's amount() does:
 * ^[+-]?[0-9]+$ is a count; a decimal/exponent literal whose value is in
 * [0, 1) a fraction; anything else (also "1.0", "1e3", "nan") a regex.
 * Like Python's `$`, a single trailing newline is allowed after a number.
 * Returns 0, or -1 with `err` set when out of memory.  The caller
 * releases `out` with pv_restriction_release().
 */
int pv_restriction_parse(const char *arg, pv_restriction *out, pv_error *err);

/* Builders for callers that decide the kind themselves (the shell). */
void pv_restriction_count(pv_restriction *out, long long n);
void pv_restriction_fraction(pv_restriction *out, double x);
/* Returns 0, or -1 with `err` set when out of memory. */
int pv_restriction_regex(pv_restriction *out, const char *pattern, pv_error *err);

void pv_restriction_release(pv_restriction *r);

/*
 * Appends Python's repr() of the restriction's argument: digits for a
 * count, the shortest round-trip float repr for a fraction ("0.1", "1e-05",
 * "-0.0"), a str literal for a regex ('x', "it's", '\\.py', '\t').
 */
void pv_restriction_repr(const pv_restriction *r, pv_buf *out);

/* ===================================================== queries */

typedef struct pv_query {
	const pv_sort_key *keys;  /* nkeys == 0: no sort_stats() call, dict order
	                             ("Random listing order was used") */
	size_t nkeys;
	int reverse;              /* reverse_order() after sorting (ignored
	                             without keys, as in pstats) */
	const pv_restriction *limits;  /* applied left to right */
	size_t nlimits;
} pv_query;

/* What one restriction did. */
typedef struct pv_limit_result {
	size_t before, after;     /* list lengths; "List reduced" iff different */
	int invalid;              /* a regex that does not compile: the list is
	                             left unchanged */
	char error[128];          /* the regex compiler's message, if invalid */
} pv_limit_result;

typedef struct pv_selection {
	uint32_t *ids;            /* the listed functions, in order */
	size_t n;
	size_t nfuncs;            /* functions in the profile */
	int sorted;               /* 1 if ordered by keys, 0 for dict order */
	char *ordered_by;         /* "internal time, function name", or NULL */
	pv_limit_result *limits;  /* one per query limit */
	size_t nlimits;
	/* pstats' name column width for callers/callees: the widest listed
	   name if the list is shorter than the table, else max_name_len; +2 */
	size_t width;
} pv_selection;

#define PV_SELECTION_INIT { NULL, 0, 0, 0, NULL, NULL, 0, 0 }

/*
 * Runs pstats' get_print_list(): sort, reverse, apply the restrictions.
 * Fills `out` (which the caller releases with pv_selection_release, also
 * after an error).  Returns 0, or -1 with `err` set (out of memory, or a
 * regex whose search gave up at pv/pyre.h's bounds: "regular expression
 * too complex: gave up after N steps", where pstats would backtrack for
 * ever).  An invalid regex is not an error: see pv_limit_result.invalid.
 */
int pv_query_run(const pv_profile *p, const pv_query *q, pv_selection *out,
		 pv_error *err);

void pv_selection_release(pv_selection *s);

/*
 * pstats' message block for a selection, exactly as get_print_list prints
 * it (without the blank line print() adds): "   Ordered by: ...\n" or
 * "   Random listing order was used\n", then one line per restriction
 * that reduced the list or was an invalid regex.
 */
void pv_selection_message(const pv_selection *s, const pv_query *q, pv_buf *out);

/* ===================================================== helpers */

/*
 * Orders the interned strings `a` and `b` of `p` as pv_text_cmp() orders
 * their text (Python's str comparison); the same id is equal at once.
 */
int pv_query_string_cmp(const pv_profile *p, uint32_t a, uint32_t b);


#endif
