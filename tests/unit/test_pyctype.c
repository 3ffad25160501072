/*
 * test_pyctype.c - unit tests of src/py/ctype.c (re's \w and \d, and
 * str.isspace(), as textwrap applies them to names).
 *
 * Expected values are CPython's (re.match(r'\w', c), re.match(r'\d', c),
 * c.isspace()), for characters where pv/pyctype.h promises to agree.
 */
#include "harness.h"
#include "pv/pyctype.h"

typedef struct cls_case {
	uint32_t cp;
	int word, digit, space;
} cls_case;

static void test_classes(void)
{
	static const cls_case cases[] = {
		{ 'a', 1, 0, 0 },      { 'Z', 1, 0, 0 },     { '_', 1, 0, 0 },
		{ '0', 1, 1, 0 },      { '9', 1, 1, 0 },     { '-', 0, 0, 0 },
		{ ':', 0, 0, 0 },      { '<', 0, 0, 0 },     { '.', 0, 0, 0 },
		{ ' ', 0, 0, 1 },      { '\t', 0, 0, 1 },    { '\n', 0, 0, 1 },
		{ '\v', 0, 0, 1 },     { '\f', 0, 0, 1 },    { '\r', 0, 0, 1 },
		{ 0x1c, 0, 0, 1 },     { 0x1f, 0, 0, 1 },    { 0x00, 0, 0, 0 },
		{ 0x7f, 0, 0, 0 },     { 0x85, 0, 0, 1 },    { 0xa0, 0, 0, 1 },
		{ 0xaa, 1, 0, 0 },     { 0xb2, 1, 0, 0 },    { 0xb5, 1, 0, 0 },
		{ 0xbd, 1, 0, 0 },     { 0xab, 0, 0, 0 },    { 0xb7, 0, 0, 0 },
		{ 0xd7, 0, 0, 0 },     { 0xf7, 0, 0, 0 },    { 0xe9, 1, 0, 0 },
		{ 0x3b1, 1, 0, 0 },    { 0x4e2d, 1, 0, 0 },  { 0x663, 1, 1, 0 },
		{ 0x96f, 1, 1, 0 },    { 0xff11, 1, 1, 0 },  { 0x2000, 0, 0, 1 },
		{ 0x2003, 0, 0, 1 },   { 0x2014, 0, 0, 0 },  { 0x2028, 0, 0, 1 },
		{ 0x202f, 0, 0, 1 },   { 0x205f, 0, 0, 1 },  { 0x3000, 0, 0, 1 },
		{ 0x3001, 0, 0, 0 },   { 0xfeff, 0, 0, 0 },  { 0xfffd, 0, 0, 0 },
		{ 0xdce9, 0, 0, 0 },   { 0x10400, 1, 0, 0 }, { 0x1f10, 1, 0, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const cls_case *c = &cases[i];
		int w = pv_py_isword(c->cp), d = pv_py_isdigit(c->cp), s = pv_py_isspace(c->cp);
		CU_ASSERT_EQUAL(w, c->word);
		CU_ASSERT_EQUAL(d, c->digit);
		CU_ASSERT_EQUAL(s, c->space);
		if (w != c->word || d != c->digit || s != c->space)
			fprintf(stderr, "\n  U+%04X: word %d digit %d space %d\n", (unsigned)c->cp, w,
				d, s);
	}
}

/*
 * Where the approximation is known to differ from CPython (which says 0
 * for \w in both): pinned, so that a change to it is a decision.
 */
static void test_known_differences(void)
{
	CU_ASSERT_EQUAL(pv_py_isword(0x1680), 1); /* OGHAM SPACE MARK */
	CU_ASSERT_EQUAL(pv_py_isspace(0x1680), 1);
	CU_ASSERT_EQUAL(pv_py_isword(0x1f600), 1); /* GRINNING FACE */
}

int main(void)
{
	static const pv_test tests[] = {
		{ "classes", test_classes },
		{ "known_differences", test_known_differences },
		{ NULL, NULL },
	};
	return pv_test_run("pyctype", tests);
}
