/*
 * cmd_diff.c - `pstat-view diff`: two profiles compared function by
 * function (pv/diff.h).
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "pv/diff_write.h"

const char cmd_diff_usage[] =
	"usage: pstat-view diff [options] BASE.pstats NEW.pstats\n"
	"\n"
	"Compares two profiles function by function: one row per function present\n"
	"in either, with cumtime, tottime and ncalls in BASE and NEW, the delta\n"
	"(NEW - BASE) and the percent change.  Functions only in BASE are marked\n"
	"'-' (percent 'gone'), only in NEW '+' (percent 'new'); a percent change\n"
	"from 0 is 'n/a'.  A last line gives the total time and calls.\n"
	"\n"
	"Options:\n"
	"  -s, --sortby KEY   cumtime (default): largest |cumtime delta| first;\n"
	"                     tottime, ncalls: largest |delta| first; cumpct:\n"
	"                     largest |cumtime percent change| first (one-sided\n"
	"                     rows first); name; none.  Ties keep the order of\n"
	"                     BASE's functions, then NEW-only ones, as in the files\n"
	"  -l, --limit N      show the first N rows; a decimal in (0,1) shows that\n"
	"                     fraction of them\n"
	"      --match HOW    exact (default): match functions by (file, line, name);\n"
	"                     name: by (basename of file, name), for code whose line\n"
	"                     numbers moved (functions of one profile that share a\n"
	"                     basename and name are summed into one row)\n"
	"      --strip-dirs   remove directories from file names in both profiles\n"
	"                     first (pstats' strip_dirs())\n"
	"      --format FMT   text (default), json or csv: full precision (schema\n"
	"                     in docs/diff.md)\n"
	"  -o, --output FILE  write there (atomically) instead of to standard output\n"
	"\n"
	"Example:\n"
	"  pstat-view diff py311.pstats py312.pstats --sortby tottime --limit 20\n"
	"\n"
	"Exit status: 0 success, 1 unreadable file or output error, 2 usage error.\n";

/* An integer >= 0 (a count of rows) or a decimal in (0, 1) (a fraction). */
static int parse_limit(const char *v, double *frac, size_t *count)
{
	char *end;
	if (!*v)
		return -1;
	int digits = 1;
	for (const char *s = v; *s; s++)
		if (*s < '0' || *s > '9')
			digits = 0;
	if (digits) {
		errno = 0;
		unsigned long long n = strtoull(v, &end, 10);
		*count = errno == ERANGE || n > SIZE_MAX ? SIZE_MAX : (size_t)n;
		*frac = -1;
		return 0;
	}
	errno = 0;
	double x = strtod(v, &end);
	if (*end || errno || !(x > 0 && x < 1))
		return -1;
	*frac = x;
	return 0;
}

int cmd_diff(int argc, char **argv)
{
	const char *files[2] = { NULL, NULL };
	size_t nfiles = 0;
	const char *output = NULL;
	int strip = 0, only_files = 0, rc = CLI_OK;
	pv_diff_match match = PV_DIFF_MATCH_EXACT;
	pv_diff_sort_key sortby = PV_DIFF_SORT_CUMTIME;
	pv_diff_format fmt = PV_DIFF_TEXT;
	double frac = -1;
	size_t limit = SIZE_MAX;
	pv_profile *prof[2] = { NULL, NULL };
	pv_diff d = { 0 };
	pv_buf out = PV_BUF_INIT;
	pv_error err;
	size_t plen;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v;
		if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
			if (nfiles == 2) {
				rc = cli_usage_error("diff", "too many files: diff takes BASE and NEW");
				goto done;
			}
			files[nfiles++] = a;
		} else if (strcmp(a, "--") == 0) {
			only_files = 1;
		} else if (cli_match_opt(a, 's', "--sortby", &plen)) {
			v = cli_opt_value(argc, argv, &i, a, plen);
			if (!v) {
				rc = cli_usage_error("diff", "%s needs a sort key", a);
				goto done;
			}
			if (pv_diff_sort_key_parse(v, &sortby, &err) < 0) {
				rc = cli_usage_error("diff", "%s", err.msg);
				goto done;
			}
		} else if (cli_match_opt(a, 'l', "--limit", &plen)) {
			v = cli_opt_value(argc, argv, &i, a, plen);
			if (!v || parse_limit(v, &frac, &limit) < 0) {
				rc = cli_usage_error("diff", "%s needs a row count or a fraction in (0,1)",
						     a);
				goto done;
			}
		} else if (cli_match_opt(a, 0, "--match", &plen)) {
			v = cli_opt_value(argc, argv, &i, a, plen);
			if (v && strcmp(v, "exact") == 0) {
				match = PV_DIFF_MATCH_EXACT;
			} else if (v && strcmp(v, "name") == 0) {
				match = PV_DIFF_MATCH_NAME;
			} else {
				rc = cli_usage_error("diff", "--match needs exact or name");
				goto done;
			}
		} else if (cli_match_opt(a, 0, "--format", &plen)) {
			v = cli_opt_value(argc, argv, &i, a, plen);
			if (v && strcmp(v, "text") == 0) {
				fmt = PV_DIFF_TEXT;
			} else if (v && strcmp(v, "json") == 0) {
				fmt = PV_DIFF_JSON;
			} else if (v && strcmp(v, "csv") == 0) {
				fmt = PV_DIFF_CSV;
			} else {
				rc = cli_usage_error("diff", "--format needs text, json or csv");
				goto done;
			}
		} else if (cli_match_opt(a, 'o', "--output", &plen)) {
			v = cli_opt_value(argc, argv, &i, a, plen);
			if (!v) {
				rc = cli_usage_error("diff", "%s needs a file name", a);
				goto done;
			}
			output = v;
		} else if (strcmp(a, "--strip-dirs") == 0) {
			strip = 1;
		} else {
			rc = cli_usage_error("diff", "unknown option '%s'", a);
			goto done;
		}
	}
	if (nfiles != 2) {
		rc = cli_usage_error("diff", "diff needs two files, BASE and NEW");
		goto done;
	}
	for (int s = 0; s < 2; s++) {
		prof[s] = cli_load_profiles((char *const *)&files[s], 1);
		if (!prof[s]) {
			rc = CLI_ERR;
			goto done;
		}
		if (strip && pv_profile_strip_dirs(prof[s], &err) < 0) {
			rc = cli_error("%s: %s", files[s], err.msg);
			goto done;
		}
	}
	if (pv_diff_compute(prof[0], prof[1], match, &d, &err) < 0) {
		rc = cli_error("%s", err.msg);
		goto done;
	}
	pv_diff_sort(&d, sortby);
	if (frac >= 0)
		limit = (size_t)floor((double)d.nrows * frac + 0.5);
	pv_diff_output o = { fmt, sortby, limit, files[0], files[1] };
	if (pv_diff_write(&d, &o, &out, &err) < 0) {
		rc = cli_error("%s", err.msg);
		goto done;
	}
	rc = cli_write_output(output, &out);
done:
	pv_buf_release(&out);
	pv_diff_release(&d);
	pv_profile_free(prof[0]);
	pv_profile_free(prof[1]);
	return rc;
}
