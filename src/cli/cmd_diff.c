/*
 * cmd_diff.c - `pstat-view diff`: two profiles compared function by
 * function (pv/diff.h), and the CI gate over it (--fail-if, pv/gate.h):
 * the report goes to stdout (or -o) as without a gate, the tripped rules
 * and the verdict to stderr after it, and the exit status is 1 when a
 * rule tripped.  --format md is the Markdown summary of pv/gate_write.h.
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
#include "pv/gate.h"
#include "pv/gate_write.h"

typedef struct diff_limit {
	double frac;   /* a fraction in (0, 1), or -1 */
	size_t count;  /* else a count of rows */
} diff_limit;

typedef struct diff_args {
	cli_output_opts out;
	pv_diff_sort_key sortby;
	diff_limit limit;
	int match, format;
	cli_list fail_if;
} diff_args;

/* --format md: not a pv_diff_format, written by pv_gate_write_md() */
enum { DIFF_FORMAT_MD = 100 };
/* rows of the Markdown table without --limit */
#define DIFF_MD_ROWS 20
/* tripped functions listed per rule (stderr and Markdown) */
#define DIFF_GATE_PER_RULE 20

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

/* A rule that parses, kept as text; run() parses it again. */
static int fail_if_option(void *field, const char *v, char *why, size_t whylen)
{
	pv_gate_rule r;
	pv_error err;
	int rc = pv_gate_rule_parse(v, &r, NULL, &err);
	pv_gate_rule_free(&r);
	if (rc) {
		snprintf(why, whylen, "--fail-if '%s': %s", v, err.msg);
		return CLI_USAGE;
	}
	if (cli_list_append(field, v) != CLI_OK) {
		snprintf(why, whylen, "out of memory");
		return CLI_ERR;
	}
	return CLI_OK;
}

static const cli_choice sort_keys[] = {
	{ "cumtime", 0 }, { "tottime", 0 }, { "ncalls", 0 }, { "cumpct", 0 }, { "name", 0 },
	{ "none", 0 }, { NULL, 0 },
};
static const cli_choice matches[] = {
	{ "exact", PV_DIFF_MATCH_EXACT }, { "name", PV_DIFF_MATCH_NAME }, { NULL, 0 },
};
static const cli_choice formats[] = {
	{ "text", PV_DIFF_TEXT }, { "json", PV_DIFF_JSON }, { "csv", PV_DIFF_CSV },
	{ "md", DIFF_FORMAT_MD }, { NULL, 0 },
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
		     "text (default), json or csv: full precision (schema in docs/diff.md); md: a "
		     "Markdown summary for a CI job's page (the gate's verdict and a table of the "
		     "first 20 rows, or --limit's; docs/gate.md)",
		     formats) },
	{ OPT_CALLBACK(0, "fail-if", A(fail_if), "RULE",
		       "a CI gate: exit with status 1 when RULE trips; may be repeated. RULE is "
		       "METRIC[(REGEX)] > CHANGE [and > CHANGE]: METRIC total (the total time), "
		       "tottime, cumtime or ncalls, for each function whose file:line(name) "
		       "matches REGEX (Python's re.search), or every function; CHANGE +N% "
		       "(relative to BASE), +N with s, ms or us (a time), or +N (calls). The "
		       "tripped rules are listed on standard error, after the report "
		       "(docs/gate.md)",
		       fail_if_option) },
	{ OPT_OUTPUT(diff_args) },
	{ OPT_TEXT("Examples:\n"
		   "  pstat-view diff py311.pstats py312.pstats --sortby tottime --limit 20\n"
		   "  pstat-view diff base.pstats new.pstats --fail-if 'total > +10%' \\\n"
		   "      --fail-if 'cumtime(^myapp/) > +15% and > +20ms' --format md\n"
		   "\n"
		   "Exit status: 0 success (and no --fail-if rule tripped), 1 a rule tripped, an\n"
		   "unreadable file or an output error, 2 usage error (a rule that does not\n"
		   "parse is one).\n") },
	{ OPT_END() },
};

static void init(void *args)
{
	diff_args *a = args;
	a->sortby = PV_DIFF_SORT_CUMTIME;
	a->limit.frac = -1;
	a->limit.count = SIZE_MAX;
}

/* Parses the --fail-if rules (they parsed once already). */
static int parse_rules(const cli_list *l, pv_gate_rule *rules)
{
	pv_error err;
	for (size_t i = 0; i < l->n; i++)
		if (pv_gate_rule_parse(l->items[i], &rules[i], NULL, &err) < 0) {
			pv_gate_rule_free(&rules[i]);
			while (i--)
				pv_gate_rule_free(&rules[i]);
			return cli_error("--fail-if '%s': %s", l->items[i], err.msg);
		}
	return CLI_OK;
}

/*
 * Judges the rules, writes the report, then the gate's lines to stderr.
 * Returns the exit status.
 */
static int report(diff_args *a, pv_diff *d, char **files, pv_gate_rule *rules)
{
	pv_gate_result g = { 0 };
	pv_buf out = PV_BUF_INIT, lines = PV_BUF_INIT;
	pv_error err;
	int rc = CLI_ERR;
	size_t nrules = a->fail_if.n;
	if (nrules && pv_gate_eval(d, rules, nrules, &g, &err) < 0) {
		rc = cli_error("%s", err.msg);
		goto done;
	}
	size_t limit = a->limit.count;
	if (a->limit.frac >= 0)
		limit = (size_t)floor((double)d->nrows * a->limit.frac + 0.5);
	else if (a->format == DIFF_FORMAT_MD && limit == SIZE_MAX)
		limit = DIFF_MD_ROWS;
	pv_diff_output o = { (pv_diff_format)a->format, a->sortby, limit, files[0], files[1] };
	int r = a->format == DIFF_FORMAT_MD
			? pv_gate_write_md(d, &o, rules, nrules ? &g : NULL, DIFF_GATE_PER_RULE,
					   &out, &err)
			: pv_diff_write(d, &o, &out, &err);
	rc = cli_emit(a->out.output, &out, r, &err);
	if (rc != CLI_OK || !nrules)
		goto done;
	rc = cli_finish_stdout();
	pv_gate_write_lines(d, rules, &g, DIFF_GATE_PER_RULE, &lines);
	if (!pv_buf_ok(&lines)) {
		rc = cli_error("out of memory");
		goto done;
	}
	fwrite(lines.data, 1, lines.len, stderr);
	if (rc == CLI_OK && g.tripped)
		rc = CLI_ERR;
done:
	pv_buf_release(&lines);
	pv_buf_release(&out);
	pv_gate_result_free(&g);
	return rc;
}

static int run(void *args, char **files, size_t nfiles)
{
	diff_args *a = args;
	pv_profile *prof[2] = { NULL, NULL };
	pv_diff d = { 0 };
	pv_error err;
	int rc = CLI_ERR;
	(void)nfiles;  /* two: min_files = max_files */
	pv_gate_rule *rules = calloc(a->fail_if.n ? a->fail_if.n : 1, sizeof *rules);
	if (!rules)
		return cli_error("out of memory");
	if (parse_rules(&a->fail_if, rules) != CLI_OK) {
		free(rules);
		return CLI_ERR;
	}

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
	rc = report(a, &d, files, rules);
done:
	for (size_t i = 0; i < a->fail_if.n; i++)
		pv_gate_rule_free(&rules[i]);
	free(rules);
	pv_diff_release(&d);
	pv_profile_free(prof[0]);
	pv_profile_free(prof[1]);
	return rc;
}

static void release(void *args)
{
	diff_args *a = args;
	free(a->fail_if.items);
	a->fail_if.items = NULL;
	a->fail_if.n = 0;
}

const cli_command cmd_diff = {
	.spec = { "diff", "compare two profiles function by function (text, json, csv, md; a CI gate)", options, 2, 2 },
	.args_size = sizeof(diff_args), .init = init, .run = run,
	.release = release,
};
