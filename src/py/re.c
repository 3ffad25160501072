/*
 * re.c - Python's re.search() for pstats' restrictions, on PCRE2 (see
 * pv/pyre.h).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "pv/pyre.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pv/utf8.h"

/*
 * Python's \Z is PCRE2's \z (end of subject only); everything else used in
 * practice means the same in both.  Returns a malloc'd pattern or NULL.
 */
static char *translate_pattern(const char *pat)
{
	size_t len = strlen(pat);
	char *t = malloc(len + 1);
	int in_class = 0;
	if (!t)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		char c = pat[i];
		t[i] = c;
		if (c == '\\' && i + 1 < len) {
			t[i + 1] = pat[i + 1] == 'Z' && !in_class ? 'z' : pat[i + 1];
			i++;
		} else if (c == '[' && !in_class) {
			in_class = 1;
			/* a ']' right after '[' or '[^' is literal */
			if (i + 1 < len && pat[i + 1] == '^') {
				t[++i] = '^';
			}
			if (i + 1 < len && pat[i + 1] == ']')
				t[++i] = ']';
		} else if (c == ']' && in_class) {
			in_class = 0;
		}
	}
	t[len] = '\0';
	return t;
}

int pv_pyre_compile(pv_pyre *r, const char *pattern, char *msg, size_t msgsize)
{
	int errcode;
	PCRE2_SIZE erroff;
	char *pat = translate_pattern(pattern);
	pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
	memset(r, 0, sizeof(*r));
	if (!pat || !cc) {
		free(pat);
		pcre2_compile_context_free(cc);
		snprintf(msg, msgsize, "out of memory");
		return -2;
	}
	pcre2_set_newline(cc, PCRE2_NEWLINE_LF);
	r->code = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
				PCRE2_UTF | PCRE2_UCP | PCRE2_ALT_BSUX, &errcode, &erroff, cc);
	pcre2_compile_context_free(cc);
	free(pat);
	if (!r->code) {
		PCRE2_UCHAR buf[120];
		if (pcre2_get_error_message(errcode, buf, sizeof(buf)) < 0)
			snprintf((char *)buf, sizeof(buf), "error %d", errcode);
		snprintf(msg, msgsize, "%.80s at position %zu", (const char *)buf, (size_t)erroff);
		return -1;
	}
	r->md = pcre2_match_data_create_from_pattern(r->code, NULL);
	r->mc = pcre2_match_context_create(NULL);
	int no_stack = 0;
	if (r->md && r->mc) {
		pcre2_set_match_limit(r->mc, PV_PYRE_MATCH_LIMIT);
		pcre2_set_depth_limit(r->mc, PV_PYRE_DEPTH_LIMIT);
		pcre2_set_heap_limit(r->mc, PV_PYRE_HEAP_LIMIT_KIB);
		/* JIT when the platform has it; its stack grows up to the bound */
		if (pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE) == 0) {
			r->jit = pcre2_jit_stack_create(32 * 1024, PV_PYRE_JIT_STACK_MAX, NULL);
			if (r->jit)
				pcre2_jit_stack_assign(r->mc, NULL, r->jit);
			no_stack = !r->jit;
		}
	}
	if (!r->md || !r->mc || no_stack) {
		pv_pyre_free(r);
		memset(r, 0, sizeof(*r));
		snprintf(msg, msgsize, "out of memory");
		return -2;
	}
	return 0;
}

void pv_pyre_free(pv_pyre *r)
{
	pcre2_jit_stack_free(r->jit);
	pcre2_match_context_free(r->mc);
	pcre2_match_data_free(r->md);
	pcre2_code_free(r->code);
	pv_buf_release(&r->alt);
}

/* The errors of pcre2_match() that mean it gave up at a bound. */
static int is_bound(int rc)
{
	return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	       rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT ||
	       rc == PCRE2_ERROR_NOMEMORY;
}

/* One pcre2_match() within the bounds: 1, 0 or PV_PYRE_TOO_COMPLEX; else rc. */
static int match(pv_pyre *r, const char *s, size_t len)
{
	int rc = pcre2_match(r->code, (PCRE2_SPTR)s, len, 0, r->no_jit ? PCRE2_NO_JIT : 0,
			     r->md, r->mc);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (is_bound(rc)) {
		r->gave_up = rc;
		return PV_PYRE_TOO_COMPLEX;
	}
	return rc;
}

int pv_pyre_gave_up(const pv_pyre *r, pv_error *err)
{
	if (r->gave_up == PCRE2_ERROR_NOMEMORY)
		return pv_error_set(err, "out of memory");
	if (r->gave_up == PCRE2_ERROR_JIT_STACKLIMIT)
		return pv_error_set(err, "regular expression too complex: gave up at its %u KiB stack",
				    PV_PYRE_JIT_STACK_MAX / 1024);
	if (r->gave_up == PCRE2_ERROR_DEPTHLIMIT || r->gave_up == PCRE2_ERROR_HEAPLIMIT)
		return pv_error_set(err, "regular expression too complex: gave up at its "
					 "backtracking depth limit");
	return pv_error_set(err, "regular expression too complex: gave up after %u steps",
			    PV_PYRE_MATCH_LIMIT);
}

/*
 * re.search(pattern, s).  A subject that is not valid UTF-8 (escaped
 * undecodable bytes, lone surrogates) is matched after mapping each stray
 * byte b to the private-use character U+10FF00+b: like Python's stand-in
 * U+DC00+b it is one character that matches `.` and no class but `\W`,
 * `\S`, `\D` and negated sets.
 */
int pv_pyre_search(pv_pyre *r, const char *s, size_t len)
{
	int rc = match(r, s, len);
	if (rc >= PV_PYRE_TOO_COMPLEX)  /* 1, 0, gave up */
		return rc;
	if (rc > PCRE2_ERROR_UTF8_ERR1 || rc < PCRE2_ERROR_UTF8_ERR21)
		return 0;
	pv_buf_reset(&r->alt);
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = pv_utf8_next(u + i, len - i, PV_UTF8_SURROGATEESCAPE, &cp);
		if (cp >= 0xD800 && cp <= 0xDFFF) {
			for (size_t k = 0; k < n; k++)
				pv_utf8_put(&r->alt, 0x10FF00u + u[i + k]);
		} else {
			pv_buf_append(&r->alt, s + i, n);
		}
		i += n;
	}
	if (!pv_buf_ok(&r->alt))
		return 0;
	rc = match(r, r->alt.data ? r->alt.data : "", r->alt.len);
	return rc >= PV_PYRE_TOO_COMPLEX ? rc : 0;
}

