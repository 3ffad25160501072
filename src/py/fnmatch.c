/*
 * fnmatch.c - Python's fnmatch.fnmatch() (see pv/fnmatch.h).
 *
 * fnmatch.translate() turns a pattern into a regular expression; here it
 * becomes a list of tokens (one character, any character, a run, a set)
 * matched by backtracking to the last '*' only, which is enough for these
 * patterns and is never exponential.
 */
#include "pv/fnmatch.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pv/utf8.h"

typedef enum fn_kind {
	FN_CHAR,   /* the character c */
	FN_ANY,    /* '?' */
	FN_STAR,   /* '*' */
	FN_SET,    /* ranges[first .. first + n), negated or not */
} fn_kind;

typedef struct fn_tok {
	fn_kind kind;
	int negate;
	uint32_t c;
	size_t first, n;
} fn_tok;

typedef struct fn_range {
	uint32_t lo, hi;
} fn_range;

struct pv_fnmatch_pattern {
	fn_tok *tok;
	size_t ntok;
	fn_range *ranges;   /* every set's ranges, one after the other */
};

/*
 * Makes tok the set pat[i..j) (inside the brackets), its ranges appended
 * at ranges[*nr].  fnmatch.translate() cuts a set with a '-' in it into
 * chunks at the hyphens that make ranges: the first one from the set's
 * second character on (third after '!'), each next one from two
 * characters past the last; other hyphens are literal.  It then joins the
 * two chunks of a reversed range without their facing ends, which leaves
 * the same characters as dropping the range: a set left empty never
 * matches, "[!" with nothing left matches any character.
 */
static void fn_set_token(const uint32_t *pat, size_t i, size_t j, fn_range *ranges,
			 size_t *nr, fn_tok *tok)
{
	tok->kind = FN_SET;
	if (pat[i] == '!') {
		tok->negate = 1;
		i++;
	}
	tok->first = *nr;
	size_t next = i + 1; /* where a range's '-' may be */
	for (size_t k = i; k < j; k++) {
		uint32_t lo = pat[k], hi = pat[k];
		if (k + 2 < j && pat[k + 1] == '-' && k + 1 >= next) {
			hi = pat[k + 2];
			next = k + 4;
			k += 2;
			if (lo > hi)
				continue;
		}
		ranges[(*nr)++] = (fn_range){ lo, hi };
	}
	tok->n = *nr - tok->first;
}

/* The pattern's code points (malloc'd, *n set), or NULL. */
static uint32_t *fn_decode(const char *s, size_t len, size_t *n)
{
	uint32_t *cp = malloc((len + 1) * sizeof *cp);
	size_t k = 0;
	if (!cp)
		return NULL;
	for (size_t i = 0; i < len; k++)
		i += pv_utf8_next((const unsigned char *)s + i, len - i, PV_UTF8_SURROGATEESCAPE,
				  &cp[k]);
	*n = k;
	return cp;
}

pv_fnmatch_pattern *pv_fnmatch_compile(const char *pattern)
{
	size_t n = 0, nt = 0, nr = 0;
	uint32_t *pat = fn_decode(pattern, strlen(pattern), &n);
	pv_fnmatch_pattern *m = calloc(1, sizeof *m);
	if (!pat || !m)
		goto fail;
	m->tok = calloc(n + 1, sizeof *m->tok);
	m->ranges = malloc((n + 1) * sizeof *m->ranges);
	if (!m->tok || !m->ranges)
		goto fail;
	for (size_t i = 0; i < n;) {
		uint32_t c = pat[i++];
		fn_tok *t = &m->tok[nt];
		if (c == '*') {
			/* consecutive stars are one */
			if (nt == 0 || t[-1].kind != FN_STAR)
				m->tok[nt++].kind = FN_STAR;
			continue;
		}
		nt++;
		if (c == '?') {
			t->kind = FN_ANY;
			continue;
		}
		size_t j = i;
		if (c == '[') {
			/* a ']' first in the set (after any '!') is literal */
			if (j < n && pat[j] == '!')
				j++;
			if (j < n && pat[j] == ']')
				j++;
			while (j < n && pat[j] != ']')
				j++;
		}
		if (c != '[' || j >= n) {
			t->kind = FN_CHAR;
			t->c = c;
			continue;
		}
		fn_set_token(pat, i, j, m->ranges, &nr, t);
		i = j + 1;
	}
	m->ntok = nt;
	free(pat);
	return m;
fail:
	free(pat);
	pv_fnmatch_free(m);
	return NULL;
}

void pv_fnmatch_free(pv_fnmatch_pattern *m)
{
	if (!m)
		return;
	free(m->tok);
	free(m->ranges);
	free(m);
}

static int fn_one(const pv_fnmatch_pattern *m, const fn_tok *t, uint32_t c)
{
	switch (t->kind) {
	case FN_CHAR:
		return t->c == c;
	case FN_ANY:
		return 1;
	case FN_SET: {
		int in = 0;
		for (size_t i = t->first; i < t->first + t->n && !in; i++)
			in = c >= m->ranges[i].lo && c <= m->ranges[i].hi;
		return in != t->negate;
	}
	default:
		return 0;
	}
}

/*
 * The name is decoded as it is walked, so positions are byte offsets;
 * a failed attempt resumes one character after where the last '*' began.
 */
int pv_fnmatch_match(const pv_fnmatch_pattern *m, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	const fn_tok *t = m->tok;
	size_t nt = m->ntok, ti = 0, si = 0, star_t = SIZE_MAX, star_s = 0;
	uint32_t c;
	while (si < len) {
		if (ti < nt && t[ti].kind == FN_STAR) {
			star_t = ti++;
			star_s = si;
			continue;
		}
		size_t k = pv_utf8_next(u + si, len - si, PV_UTF8_SURROGATEESCAPE, &c);
		if (ti < nt && fn_one(m, &t[ti], c)) {
			ti++;
			si += k;
		} else if (star_t != SIZE_MAX) {
			ti = star_t + 1;
			star_s += pv_utf8_next(u + star_s, len - star_s, PV_UTF8_SURROGATEESCAPE, &c);
			si = star_s;
		} else {
			return 0;
		}
	}
	while (ti < nt && t[ti].kind == FN_STAR)
		ti++;
	return ti == nt;
}

int pv_fnmatch(const char *pattern, const char *s, size_t len)
{
	pv_fnmatch_pattern *m = pv_fnmatch_compile(pattern);
	if (!m)
		return -1;
	int r = pv_fnmatch_match(m, s, len);
	pv_fnmatch_free(m);
	return r;
}
