/*
 * test_parse_options.c - the option parser of src/cli (parse_options.h):
 * every kind, the syntaxes, `--`, missing and bad values, repeated options,
 * the errors and their messages, the generated help and the listing.
 * tests/unit/tests.cmake links src/cli/parse_options.c in.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/parse_options.h"
#include "harness.h"

typedef struct targs {
	int flag, mode, choice;
	const char *str, *once, *needed;
	cli_list list, cb;
	long n;
	double x, above;
} targs;

/* Accepts words starting with "ok"; "fail" is a runtime error. */
static int check_ok(void *field, const char *v, char *why, size_t whylen)
{
	if (strcmp(v, "fail") == 0) {
		snprintf(why, whylen, "cannot do '%s'", v);
		return CLI_ERR;
	}
	if (strncmp(v, "ok", 2) != 0) {
		snprintf(why, whylen, "bad word '%s'", v);
		return CLI_USAGE;
	}
	return cli_list_append(field, v);
}

static const cli_choice colours[] = { { "red", 10 }, { "blue", 20 }, { NULL, 0 } };
static const cli_choice kinds[] = { { "a", 0 }, { "b", 0 }, { NULL, 0 } };

#define A(f) offsetof(targs, f)
static const cli_option options[] = {
	{ OPT_USAGE("t [options] FILE...") },
	{ OPT_TEXT("Intro text.\n") },
	{ OPT_GROUP("Options:") },
	{ OPT_FLAG('f', "flag", A(flag), "a flag") },
	{ OPT_SET(0, "up", A(mode), 1, "mode up") },
	{ OPT_SET(0, "down", A(mode), 2, "mode down") },
	{ OPT_STRING('s', "string", A(str), "S", "a string") },
	{ OPT_STRING(0, "once", A(once), "S", "given once"), .flags = CLI_OPT_ONCE | CLI_OPT_NONEMPTY },
	{ OPT_LIST('l', "list", A(list), "V", "repeatable"), .choices = kinds },
	{ OPT_INT('n', "number", A(n), "N", "an int", 0, 100) },
	{ OPT_NUMBER('x', "real", A(x), "X", "a double", CLI_NO_MIN, CLI_NO_MAX) },
	{ OPT_NUMBER(0, "above", A(above), "X", "above 0", 0, CLI_NO_MAX), .flags = CLI_OPT_ABOVE_MIN },
	{ OPT_CHOICE('c', "colour", A(choice), "C", "red or blue", colours) },
	{ OPT_CALLBACK('k', "check", A(cb), "W", "checked words", check_ok) },
	{ OPT_FLAG(0, "hidden-flag", A(flag), NULL), .flags = CLI_OPT_HIDDEN },
	{ OPT_STRING(0, "needed", A(needed), "S", "required"), .flags = CLI_OPT_REQUIRED },
	{ OPT_TEXT("Outro text.\n") },
	{ OPT_END() },
};

static const cli_spec spec = { "t", "a test command", options, 1, 3 };

static targs a;
static char *files[32];
static size_t nfiles;
static char err[4096];

/* Parses "t ARGS... --needed N" (unless `needed` is 0), capturing stderr in err. */
static int parse_args(int needed, const char *const *args)
{
	char *argv[32];
	int argc = 0;
	argv[argc++] = (char *)"t";
	for (; *args; args++)
		argv[argc++] = (char *)*args;
	if (needed) {
		argv[argc++] = (char *)"--needed";
		argv[argc++] = (char *)"N";
	}
	argv[argc] = NULL;
	cli_release_options(&spec, &a);
	cli_release_options(&spec, &a);  /* twice is harmless */
	free(a.cb.items);
	memset(&a, 0, sizeof a);
	fflush(stderr);
	FILE *tmp = tmpfile();
	int saved = dup(2);
	dup2(fileno(tmp), 2);
	int rc = cli_parse_options(&spec, argc, argv, &a, files, &nfiles);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	size_t n = fread(err, 1, sizeof err - 1, tmp);
	err[n] = '\0';
	fclose(tmp);
	return rc;
}

#define PARSE(...) parse_args(1, (const char *const[]){ __VA_ARGS__, NULL })
#define PARSE_BARE(...) parse_args(0, (const char *const[]){ __VA_ARGS__, NULL })

/* The first line of the error is exactly `want`, and the hint follows. */
static void expect_error(const char *want)
{
	char line[512];
	snprintf(line, sizeof line, "pstat-view t: %s\nusage: see 'pstat-view help t'\n", want);
	CU_ASSERT_STRING_EQUAL(err, line);
	if (strcmp(err, line) != 0)
		fprintf(stderr, "got: %s", err);
}

static void test_flags(void)
{
	CU_ASSERT_EQUAL(PARSE("-f", "F"), CLI_OK);
	CU_ASSERT_EQUAL(a.flag, 1);
	CU_ASSERT_EQUAL(nfiles, 1);
	CU_ASSERT_STRING_EQUAL(files[0], "F");
	CU_ASSERT_EQUAL(PARSE("F", "--flag", "--flag"), CLI_OK);  /* repeated: fine */
	CU_ASSERT_EQUAL(a.flag, 1);
	CU_ASSERT_EQUAL(PARSE("F", "--hidden-flag"), CLI_OK);
	CU_ASSERT_EQUAL(a.flag, 1);
	CU_ASSERT_EQUAL(PARSE("F", "--flag=1"), CLI_USAGE);
	expect_error("option '--flag' takes no value");
	CU_ASSERT_EQUAL(PARSE("F", "--up"), CLI_OK);
	CU_ASSERT_EQUAL(a.mode, 1);
	CU_ASSERT_EQUAL(PARSE("F", "--down", "--down"), CLI_OK);
	CU_ASSERT_EQUAL(a.mode, 2);
	CU_ASSERT_EQUAL(PARSE("F", "--up", "--down"), CLI_USAGE);
	expect_error("options '--up' and '--down' exclude each other");
}

static void test_strings(void)
{
	CU_ASSERT_EQUAL(PARSE("F", "--string", "v1"), CLI_OK);
	CU_ASSERT_STRING_EQUAL(a.str, "v1");
	CU_ASSERT_EQUAL(PARSE("F", "--string=v2"), CLI_OK);
	CU_ASSERT_STRING_EQUAL(a.str, "v2");
	CU_ASSERT_EQUAL(PARSE("F", "-sv3"), CLI_OK);
	CU_ASSERT_STRING_EQUAL(a.str, "v3");
	CU_ASSERT_EQUAL(PARSE("F", "-s", "v4"), CLI_OK);
	CU_ASSERT_STRING_EQUAL(a.str, "v4");
	CU_ASSERT_EQUAL(PARSE("F", "--string="), CLI_OK);  /* an empty value */
	CU_ASSERT_STRING_EQUAL(a.str, "");
	CU_ASSERT_EQUAL(PARSE("F", "-s", "-x"), CLI_OK);   /* a value may start with '-' */
	CU_ASSERT_STRING_EQUAL(a.str, "-x");
	CU_ASSERT_EQUAL(PARSE("F", "-s", "a", "-s", "b"), CLI_OK);  /* the last one wins */
	CU_ASSERT_STRING_EQUAL(a.str, "b");
	CU_ASSERT_EQUAL(PARSE_BARE("F", "--needed", "N", "--string"), CLI_USAGE);
	expect_error("option '--string' needs a value");
	CU_ASSERT_EQUAL(PARSE_BARE("F", "--needed", "N", "-s"), CLI_USAGE);
	expect_error("option '-s' needs a value");
	CU_ASSERT_EQUAL(PARSE("F", "--once", "a"), CLI_OK);
	CU_ASSERT_EQUAL(PARSE("F", "--once", "a", "--once=b"), CLI_USAGE);
	expect_error("option '--once' given twice");
	CU_ASSERT_EQUAL(PARSE("F", "--once="), CLI_USAGE);
	expect_error("option '--once' needs a value");
}

static void test_lists(void)
{
	CU_ASSERT_EQUAL(PARSE("-la", "F", "--list", "b", "--list=a", "-l", "a"), CLI_OK);
	CU_ASSERT_EQUAL(a.list.n, 4);
	if (a.list.n == 4) {
		CU_ASSERT_STRING_EQUAL(a.list.items[0], "a");
		CU_ASSERT_STRING_EQUAL(a.list.items[1], "b");
		CU_ASSERT_STRING_EQUAL(a.list.items[3], "a");
	}
	CU_ASSERT_EQUAL(PARSE("F", "-l", "c"), CLI_USAGE);
	expect_error("option '-l' wants a or b, not 'c'");
	CU_ASSERT_EQUAL(PARSE("F"), CLI_OK);
	CU_ASSERT_EQUAL(a.list.n, 0);
}

static void test_numbers(void)
{
	CU_ASSERT_EQUAL(PARSE("F", "-n", "0", "--number=100"), CLI_OK);
	CU_ASSERT_EQUAL(a.n, 100);
	CU_ASSERT_EQUAL(PARSE("F", "-n7"), CLI_OK);
	CU_ASSERT_EQUAL(a.n, 7);
	const char *bad_ints[] = { "101", "-1", "1.5", "", " 5", "+5", "5x", "99999999999999999999" };
	for (size_t i = 0; i < sizeof bad_ints / sizeof bad_ints[0]; i++) {
		CU_ASSERT_EQUAL(PARSE("F", "--number", bad_ints[i]), CLI_USAGE);
		char want[128];
		snprintf(want, sizeof want, "option '--number' wants an integer from 0 to 100, not '%s'",
			 bad_ints[i]);
		expect_error(want);
	}
	CU_ASSERT_EQUAL(PARSE("F", "-x", "-2.5e3"), CLI_OK);
	CU_ASSERT_DOUBLE_EQUAL(a.x, -2500.0, 0);
	CU_ASSERT_EQUAL(PARSE("F", "-x", "inf"), CLI_USAGE);
	expect_error("option '-x' wants a number, not 'inf'");
	CU_ASSERT_EQUAL(PARSE("F", "-x", "nan"), CLI_USAGE);
	CU_ASSERT_EQUAL(PARSE("F", "-x", "1e999"), CLI_USAGE);
	CU_ASSERT_EQUAL(PARSE("F", "--above", "0.001"), CLI_OK);
	CU_ASSERT_EQUAL(PARSE("F", "--above", "0"), CLI_USAGE);
	expect_error("option '--above' wants a number > 0, not '0'");
}

static void test_choice_and_callback(void)
{
	CU_ASSERT_EQUAL(PARSE("F", "-c", "blue"), CLI_OK);
	CU_ASSERT_EQUAL(a.choice, 20);
	CU_ASSERT_EQUAL(PARSE("F", "--colour=red"), CLI_OK);
	CU_ASSERT_EQUAL(a.choice, 10);
	CU_ASSERT_EQUAL(PARSE("F", "--colour", "green"), CLI_USAGE);
	expect_error("option '--colour' wants red or blue, not 'green'");
	CU_ASSERT_EQUAL(PARSE("F", "-k", "ok1", "--check=ok2"), CLI_OK);
	CU_ASSERT_EQUAL(a.cb.n, 2);
	CU_ASSERT_EQUAL(PARSE("F", "-k", "no"), CLI_USAGE);
	expect_error("bad word 'no'");
	CU_ASSERT_EQUAL(PARSE("F", "-k", "fail"), CLI_ERR);
	CU_ASSERT_STRING_EQUAL(err, "pstat-view: cannot do 'fail'\n");
}

static void test_syntax(void)
{
	/* bundled flags, then an option that takes the rest */
	CU_ASSERT_EQUAL(PARSE("-fsX", "F"), CLI_OK);
	CU_ASSERT_EQUAL(a.flag, 1);
	CU_ASSERT_STRING_EQUAL(a.str, "X");
	/* "--" ends the options; "-" is a file; files in order, anywhere */
	CU_ASSERT_EQUAL(PARSE_BARE("--needed=N", "A", "-f", "-", "--", "-s"), CLI_OK);
	CU_ASSERT_EQUAL(nfiles, 3);
	CU_ASSERT_PTR_NULL(a.str);
	if (nfiles == 3) {
		CU_ASSERT_STRING_EQUAL(files[0], "A");
		CU_ASSERT_STRING_EQUAL(files[1], "-");
		CU_ASSERT_STRING_EQUAL(files[2], "-s");
	}
	CU_ASSERT_EQUAL(a.flag, 1);
	/* an unambiguous prefix; an ambiguous one; hidden names only in full */
	CU_ASSERT_EQUAL(PARSE("F", "--str", "v"), CLI_OK);
	CU_ASSERT_STRING_EQUAL(a.str, "v");
	CU_ASSERT_EQUAL(PARSE("F", "--ne=N"), CLI_OK);
	CU_ASSERT_EQUAL(PARSE("F", "--hidden"), CLI_USAGE);
	expect_error("unknown option '--hidden'");
	CU_ASSERT_EQUAL(PARSE("F", "--n", "5"), CLI_USAGE);
	expect_error("ambiguous option '--n' (--number, --needed)");
}

static void test_errors(void)
{
	CU_ASSERT_EQUAL(PARSE("F", "--x"), CLI_USAGE);
	expect_error("unknown option '--x'");
	CU_ASSERT_EQUAL(PARSE("F", "--x=1"), CLI_USAGE);
	expect_error("unknown option '--x'");
	CU_ASSERT_EQUAL(PARSE("F", "-fz"), CLI_USAGE);
	expect_error("unknown option '-z'");
	CU_ASSERT_EQUAL(PARSE("F", "--=1"), CLI_USAGE);
	expect_error("unknown option '--=1'");
	CU_ASSERT_EQUAL(PARSE_BARE("F"), CLI_USAGE);
	expect_error("option '--needed' is required");
	CU_ASSERT_EQUAL(PARSE("-f"), CLI_USAGE);
	expect_error("no profile given");
	CU_ASSERT_EQUAL(PARSE("A", "B", "C", "D"), CLI_USAGE);
	expect_error("wants at most 3 profiles, got 4");
	/* help stops parsing, wherever it is, even before an error */
	CU_ASSERT_EQUAL(PARSE_BARE("-f", "--help", "--x"), CLI_HELP);
	CU_ASSERT_EQUAL(PARSE_BARE("-fh"), CLI_HELP);
	CU_ASSERT_STRING_EQUAL(err, "");
}

/* Runs fn with stdout in a temporary file; returns what it printed (static). */
static const char *capture_stdout(void (*fn)(const cli_spec *))
{
	static char out[8192];
	fflush(stdout);
	FILE *tmp = tmpfile();
	int saved = dup(1);
	dup2(fileno(tmp), 1);
	fn(&spec);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	rewind(tmp);
	size_t n = fread(out, 1, sizeof out - 1, tmp);
	out[n] = '\0';
	fclose(tmp);
	return out;
}

static void test_help(void)
{
	const char *h = capture_stdout(cli_print_help);
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "usage: pstat-view t [options] FILE...\n\nIntro text.\n\n"
					 "Options:\n  -f, --flag "));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "\n  -s, --string S "));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "\n      --up "));
	CU_ASSERT_PTR_NOT_NULL(strstr(h, "\n  -h, --help      show this help\n\nOutro text.\n"));
	CU_ASSERT_PTR_NULL(strstr(h, "hidden"));
	const char *l = capture_stdout(cli_list_options);
	CU_ASSERT_PTR_NOT_NULL(strstr(l, "--flag\t-f\t\t\n--up\t\t\t\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(l, "\n--colour\t-c\tC\tred blue\n"));
	CU_ASSERT_PTR_NULL(strstr(l, "hidden"));
	CU_ASSERT_PTR_NOT_NULL(strstr(l, "\n--help\t-h\t\t\n"));
}

static void test_cleanup(void)
{
	cli_release_options(&spec, &a);
	free(a.cb.items);
	memset(&a, 0, sizeof a);
	CU_PASS("released");
}

int main(void)
{
	static const pv_test tests[] = {
		{ "flags", test_flags },
		{ "strings", test_strings },
		{ "lists", test_lists },
		{ "numbers", test_numbers },
		{ "choice_and_callback", test_choice_and_callback },
		{ "syntax", test_syntax },
		{ "errors", test_errors },
		{ "help", test_help },
		{ "cleanup", test_cleanup },
		{ NULL, NULL },
	};
	return pv_test_run("parse_options", tests);
}
