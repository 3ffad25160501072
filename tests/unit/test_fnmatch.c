/*
 * test_fnmatch.c - unit tests of src/py/fnmatch.c (Python's fnmatch on
 * code points, as gprof2dot's --root/--leaf/--list-functions use it).
 *
 * Every expected value is what CPython's fnmatch.fnmatchcase(name,
 * pattern) returns for the same strings (names that are not UTF-8 are
 * compared as the str os.fsdecode() gives, i.e. with surrogateescape).
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pv/fnmatch.h"

typedef struct fn_case {
	const char *pattern;
	const char *name;
	int want;
} fn_case;

static void check_cases(const fn_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const fn_case *c = &cases[i];
		int got = pv_fnmatch(c->pattern, c->name, strlen(c->name));
		CU_ASSERT_EQUAL(got, c->want);
		if (got != c->want)
			fprintf(stderr, "\n  fnmatch(%s, %s) = %d, want %d\n", c->name, c->pattern,
				got, c->want);
	}
}

static void test_wildcards(void)
{
	static const fn_case cases[] = {
		{ "*main*", "recursion:64:main", 1 },
		{ "*:main", "recursion:64:main", 1 },
		{ "*:mai", "recursion:64:main", 0 },
		{ "*MAIN*", "recursion:64:main", 0 },       /* case-sensitive */
		{ "recursion:6?:main", "recursion:64:main", 1 },
		{ "recursion:6?:main", "recursion:6:main", 0 },
		{ "", "", 1 },
		{ "", "a", 0 },
		{ "*", "", 1 },
		{ "**", "", 1 },
		{ "?", "", 0 },
		{ "*", "a\nb", 1 },                          /* '*' crosses newlines */
		{ "a?b", "a\nb", 1 },
		{ "a*b*c", "aXbYbZc", 1 },
		{ "a*b*c", "aXbYbZ", 0 },
		{ "*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0 },
		{ "*ab", "aab", 1 },                         /* backtracks into the run */
		{ "a\\b", "a\\b", 1 },                       /* no escapes */
		{ "a\\*", "a\\xyz", 1 },
		{ "?", "\xc3\xa9", 1 },                      /* one code point, two bytes */
		{ "??", "\xc3\xa9", 0 },
		{ "?", "\xf0\x9f\x98\x80", 1 },              /* four bytes */
		{ "\xc3\xa9*", "\xc3\xa9t\xc3\xa9", 1 },
		{ "?", "\xff", 1 },                          /* an undecodable byte is one */
		{ "??", "\xe9\x80", 1 },                     /* a cut sequence is two */
		{ "?", "\xe9\x80\x80", 1 },
		{ "\xff", "\xff", 1 },
		{ "\xfe", "\xff", 0 },
	};
	check_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_sets(void)
{
	static const fn_case cases[] = {
		{ "*:[0-9][0-9]:*", "recursion:64:main", 1 },
		{ "*:[!0-9][0-9]:*", "recursion:64:main", 0 },
		{ "[abc]", "b", 1 },
		{ "[abc]", "d", 0 },
		{ "[!abc]", "d", 1 },
		{ "[!abc]", "a", 0 },
		{ "[^a]", "^", 1 },                          /* '^' does not negate */
		{ "[^a]", "b", 0 },
		{ "[", "[", 1 },                             /* unclosed: a literal */
		{ "[a", "[a", 1 },
		{ "[!", "[!", 1 },
		{ "[]", "[]", 1 },                           /* ']' first is literal: unclosed */
		{ "[]]", "]", 1 },
		{ "[!]]", "a", 1 },
		{ "[!]]", "]", 0 },
		{ "[!]", "!", 0 },                           /* '[', '!', ']' unclosed... */
		{ "[!]", "[!]", 1 },                         /* ...so a literal */
		{ "[!]a]", "b", 1 },
		{ "[z-a]", "m", 0 },                         /* an empty range never matches */
		{ "[z-a]", "z", 0 },
		{ "[z-a]", "-", 0 },
		{ "x[z-a]", "x", 0 },
		{ "[!z-a]", "m", 1 },                        /* [!] after dropping: any */
		{ "[a-]", "-", 1 },                          /* a trailing '-' is literal */
		{ "[a-]", "a", 1 },
		{ "[a-]", "b", 0 },
		{ "[-a]", "-", 1 },
		{ "[!-a]", "-", 0 },
		{ "[!-a]", "b", 1 },
		{ "[a-c-e]", "b", 1 },                       /* a-c, then '-' and 'e' */
		{ "[a-c-e]", "-", 1 },
		{ "[a-c-e]", "e", 1 },
		{ "[a-c-e]", "d", 0 },
		{ "[--0]", "/", 1 },                         /* '-' to '0' */
		{ "[--0]", ".", 1 },
		{ "[--0]", "1", 0 },
		{ "[]-]", "]", 1 },
		{ "[]-]", "-", 1 },
		{ "[]-a]", "_", 1 },                         /* ']' to 'a' */
		{ "[]-a]", "b", 0 },
		{ "[c-ab-z]", "b", 1 },  /* c-a dropped: "c" + "ab" join as "b", then b-z */
		{ "[c-ab-z]", "c", 1 },
		{ "[c-ab-z]", "a", 0 },
		{ "[c-ab-z]", "z", 1 },
		{ "[a-cz-x]", "b", 1 },
		{ "[a-cz-x]", "y", 0 },
		{ "[\xc3\xa9-\xe4\xb8\xad]", "\xe4\xb8\x80", 1 },  /* code point ranges */
		{ "[\xc3\xa9-\xe4\xb8\xad]", "\xc3\xa8", 0 },
		{ "[&~|]", "~", 1 },                         /* set operators are literal */
		{ "[a&&b]", "&", 1 },
		{ "[\\]", "\\", 1 },
		{ "[\\-a]", "]", 1 },                        /* '\\' to 'a' */
	};
	check_cases(cases, sizeof cases / sizeof cases[0]);
}

static void test_compiled(void)
{
	/* one pattern, many names: what select_glob() and --list-functions do */
	pv_fnmatch_pattern *m = pv_fnmatch_compile("app:*:[!_]*");
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	CU_ASSERT_EQUAL(pv_fnmatch_match(m, "app:1:main", 10), 1);
	CU_ASSERT_EQUAL(pv_fnmatch_match(m, "app:1:_init", 11), 0);
	CU_ASSERT_EQUAL(pv_fnmatch_match(m, "app:1:", 6), 0);
	/* the length counts, not a NUL */
	CU_ASSERT_EQUAL(pv_fnmatch_match(m, "app:1:main\0x", 12), 1);
	CU_ASSERT_EQUAL(pv_fnmatch_match(m, "app:1:m", 5), 0);
	pv_fnmatch_free(m);
	pv_fnmatch_free(NULL);
}

int main(void)
{
	static const pv_test tests[] = {
		{ "wildcards", test_wildcards },
		{ "sets", test_sets },
		{ "compiled", test_compiled },
		{ NULL, NULL },
	};
	return pv_test_run("fnmatch", tests);
}
