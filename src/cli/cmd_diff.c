/*
 * cmd_diff.c - `pstat-view diff`: two profiles compared function by
 * function (pv/diff.h).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "pv/diff_write.h"

typedef struct diff_limit {
	double frac;   /* a fraction in (0, 1), or -1 */
	size_t count;  /* else a count of rows */
} diff_limit;

typedef struct diff_args {
	cli_output_opts out;
	pv_diff_sort_key sortby;
	diff_limit limit;
	int match, format;
} diff_args;

/* An integer >= 0 (a count of rows) or a decimal in (0, 1) (a fraction). */
static int limit_option(void *field, const char *v, char *why, size_t whylen)
{
	diff_limit *l = field;
	char *end;
	snprintf(why, whylen, "option '--limit' wants a row count or a fraction in (0,1), not '%s'",
		 v);
	if (!*v)
		return CLI_USAGE;
	if (strspn(v, "0123456789") == strlen(v)) {
		errno = 0;
		unsigned long long n = strtoull(v, &end, 10);
		l->count = errno == ERANGE || n > SIZE_MAX ? SIZE_MAX : (size_t)n;
		l->frac = -1;
		return CLI_OK;
	}
	errno = 0;
	double x = strtod(v, &end);
	if (*end || errno || !(x > 0 && x < 1))
		return CLI_USAGE;
	l->frac = x;
	return CLI_OK;
}

static int sortby_option(void *field, const char *v, char *why, size_t whylen)
{
	pv_error err;
	if (pv_diff_sort_key_parse(v, field, &err) == 0)
		return CLI_OK;
	snprintf(why, whylen, "%s", err.msg);
	return CLI_USAGE;
}

static const cli_choice sort_keys[] = {
	{ "cumtime", 0 }, { "tottime", 0 }, { "ncalls", 0 }, { "cumpct", 0 }, { "name", 0 },
	{ "none", 0 }, { NULL, 0 },
};
static const cli_choice matches[] = {
	{ "exact", PV_DIFF_MATCH_EXACT }, { "name", PV_DIFF_MATCH_NAME }, { NULL, 0 },
};
static const cli_choice formats[] = {
	{ "text", PV_DIFF_TEXT }, { "json", PV_DIFF_JSON }, { "csv", PV_DIFF_CSV }, { NULL, 0 },
};

#define A(f) offsetof(diff_args, f)
static const cli_option options[] = {
	{ OPT_USAGE("diff [options] BASE.pstats NEW.pstats") },
	{ OPT_TEXT("Compares two profiles function by function: one row per function present\n"
		   "in either, with cumtime, tottime and ncalls in BASE and NEW, the delta\n"
		   "(NEW - BASE) and the percent change.  Functions only in BASE are marked\n"
		   "'-' (percent 'gone'), only in NEW '+' (percent 'new'); a percent change\n"
		   "from 0 is 'n/a'.  A last line gives the total time and calls.\n") },
	{ OPT_GROUP("Options:") },
	{ OPT_CALLBACK('s', "sortby", A(sortby), "KEY",
		       "cumtime (default): largest |cumtime delta| first; tottime, ncalls: "
		       "largest |delta| first; cumpct: largest |cumtime percent change| first "
		       "(one-sided rows first); name; none. Ties keep the order of BASE's "
		       "functions, then NEW-only ones, as in the files",
		       sortby_option), .choices = sort_keys },
	{ OPT_CALLBACK('l', "limit", A(limit), "N",
		       "show the first N rows; a decimal in (0,1) shows that fraction of them",
		       limit_option) },
	{ OPT_CHOICE(0, "match", A(match), "HOW",
		     "exact (default): match functions by (file, line, name); name: by "
		     "(basename of file, name), for code whose line numbers moved (functions of "
		     "one profile that share a basename and name are summed into one row)",
		     matches) },
	{ OPT_STRIP_DIRS(diff_args, "remove directories from file names in both profiles first "
				    "(pstats' strip_dirs())") },
	{ OPT_CHOICE(0, "format", A(format), "FMT",
		     "text (default), json or csv: full precision (schema in docs/diff.md)",
		     formats) },
	{ OPT_OUTPUT(diff_args) },
	{ OPT_TEXT("Example:\n"
		   "  pstat-view diff py311.pstats py312.pstats --sortby tottime --limit 20\n"
		   "\n"
		   "Exit status: 0 success, 1 unreadable file or output error, 2 usage error.\n") },
	{ OPT_END() },
};

static void init(void *args)
{
	diff_args *a = args;
	a->sortby = PV_DIFF_SORT_CUMTIME;
	a->limit.frac = -1;
	a->limit.count = SIZE_MAX;
}

static int run(void *args, char **files, size_t nfiles)
{
	diff_args *a = args;
	pv_profile *prof[2] = { NULL, NULL };
	pv_diff d = { 0 };
	pv_buf out = PV_BUF_INIT;
	pv_error err;
	int rc = CLI_ERR;
	(void)nfiles;  /* two: min_files = max_files */

	for (int s = 0; s < 2; s++) {
		prof[s] = cli_load_profiles_strip(&files[s], 1, a->out.strip);
		if (!prof[s])
			goto done;
	}
	if (pv_diff_compute(prof[0], prof[1], (pv_diff_match)a->match, &d, &err) < 0) {
		rc = cli_error("%s", err.msg);
		goto done;
	}
	pv_diff_sort(&d, a->sortby);
	size_t limit = a->limit.count;
	if (a->limit.frac >= 0)
		limit = (size_t)floor((double)d.nrows * a->limit.frac + 0.5);
	pv_diff_output o = { (pv_diff_format)a->format, a->sortby, limit, files[0], files[1] };
	rc = cli_emit(a->out.output, &out, pv_diff_write(&d, &o, &out, &err), &err);
done:
	pv_buf_release(&out);
	pv_diff_release(&d);
	pv_profile_free(prof[0]);
	pv_profile_free(prof[1]);
	return rc;
}

const cli_command cmd_diff = {
	.spec = { "diff", "compare two profiles function by function (text, json, csv)", options, 2, 2 },
	.args_size = sizeof(diff_args), .init = init, .run = run,
};
