/*
 * cmd_stats.c - `pstat-view stats`: pstats' report, callers or callees,
 * as text (byte for byte what Python 3.11 prints), JSON or CSV.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "pv/query.h"
#include "pv/report.h"

typedef struct stats_args {
	cli_output_opts out;
	cli_list sort, limit;
	int reverse, mode, format;
	pv_query query;  /* what run() makes of the options */
} stats_args;

/*
 * Parses the comma-separated sort keys of one --sortby into keys[*nkeys]
 * (when keys is not NULL: the callback only checks), notes 'none'.
 * Returns CLI_OK, or CLI_USAGE / CLI_ERR with why set.
 */
static int parse_keys(const char *v, pv_sort_key *keys, size_t *nkeys, int *none, char *why,
		      size_t whylen)
{
	pv_error err;
	size_t n = strlen(v);
	if (!*v || v[0] == ',' || v[n - 1] == ',' || strstr(v, ",,")) {
		snprintf(why, whylen, "empty sort key in '%s'", v);
		return CLI_USAGE;
	}
	char *copy = strdup(v), *save = NULL;
	if (!copy)
		return CLI_ERR;
	int rc = CLI_OK;
	for (char *tok = strtok_r(copy, ",", &save); tok && rc == CLI_OK;
	     tok = strtok_r(NULL, ",", &save)) {
		pv_sort_key k;
		if (strcmp(tok, "none") == 0) {
			*none = 1;
		} else if (pv_sort_key_parse(tok, &k, &err) < 0) {
			snprintf(why, whylen, "%s", err.msg);
			rc = CLI_USAGE;
		} else if (keys) {
			keys[(*nkeys)++] = k;
		}
	}
	free(copy);
	return rc;
}

static int sortby_option(void *field, const char *v, char *why, size_t whylen)
{
	size_t n = 0;
	int none = 0, rc = parse_keys(v, NULL, &n, &none, why, whylen);
	return rc != CLI_OK ? rc : cli_list_append(field, v);
}

static const cli_choice sort_keys[] = {
	{ "calls", 0 }, { "cumulative", 0 }, { "cumtime", 0 }, { "file", 0 }, { "filename", 0 },
	{ "module", 0 }, { "ncalls", 0 }, { "pcalls", 0 }, { "line", 0 }, { "name", 0 },
	{ "nfl", 0 }, { "stdname", 0 }, { "time", 0 }, { "tottime", 0 }, { "none", 0 },
	{ NULL, 0 },
};

static const cli_choice formats[] = {
	{ "text", PV_FORMAT_TEXT }, { "json", PV_FORMAT_JSON }, { "csv", PV_FORMAT_CSV },
	{ NULL, 0 },
};

#define A(f) offsetof(stats_args, f)
static const cli_option options[] = {
	{ OPT_USAGE("stats [options] FILE...") },
	{ OPT_TEXT("Prints what Python's pstats prints for\n"
		   "  Stats(FILE1, FILE2, ...).strip_dirs().sort_stats(K1, K2, ...)\n"
		   "                         .reverse_order().print_stats(A1, A2, ...)\n"
		   "byte for byte (Python 3.7-3.13 print the same; Python 2.7 files are\n"
		   "reported as Python 3 would report them).  Several FILEs are merged.\n") },
	{ OPT_GROUP("Options:") },
	{ OPT_CALLBACK('s', "sortby", A(sort), "KEY",
		       "sort key; repeatable or comma-separated, applied as one "
		       "sort_stats(K1, K2, ...): calls cumulative cumtime file filename module "
		       "ncalls pcalls line name nfl stdname time tottime, or an unambiguous "
		       "prefix (cu, tot, std). Default: cumulative. 'none' sorts nothing "
		       "(pstats' \"Random listing order\", i.e. the file's order)",
		       sortby_option), .choices = sort_keys },
	{ OPT_CALLBACK(0, "sort", A(sort), "KEY", NULL, sortby_option), .flags = CLI_OPT_HIDDEN },
	{ OPT_LIST('l', "limit", A(limit), "ARG",
		   "restriction, repeatable, applied in order: an integer keeps that many rows, "
		   "a decimal in [0,1) that fraction, anything else is a Python regular "
		   "expression searched in the function's name (file:line(function))") },
	{ OPT_STRIP_DIRS(stats_args,
			 "remove directories from file names (merging functions that become equal)") },
	{ OPT_FLAG(0, "reverse", A(reverse), "reverse the sorted order") },
	{ OPT_SET(0, "callers", A(mode), PV_REPORT_CALLERS, "print who called each listed function") },
	{ OPT_SET(0, "callees", A(mode), PV_REPORT_CALLEES, "print whom each listed function called") },
	{ OPT_CHOICE(0, "format", A(format), "FMT",
		     "text (default), json or csv: the same rows with full precision (schema in "
		     "docs/stats-json.md)", formats) },
	{ OPT_OUTPUT(stats_args) },
	{ OPT_TEXT("Sorting by name or nfl works on profile-module files whose keys hold code\n"
		   "objects (pstats raises TypeError): such names compare as their text.\n"
		   "The report header shows each file's modification time in local time (TZ).\n"
		   "\n"
		   "Exit status: 0 success, 1 unreadable file or output error, 2 usage error.\n") },
	{ OPT_END() },
};

static int produce(const pv_profile *p, void *args, char **files, size_t nfiles, pv_buf *out,
		   pv_error *err)
{
	stats_args *a = args;
	(void)files, (void)nfiles;
	return pv_report(p, &a->query, (pv_report_mode)a->mode, (pv_report_format)a->format, out,
			 err);
}

static int run(void *args, char **files, size_t nfiles)
{
	stats_args *a = args;
	static const pv_sort_key default_key = PV_SORT_CUMULATIVE;
	size_t cap = 1, nkeys = 0, nlimits = 0;
	int none = 0, rc = CLI_OK;
	char why[256];
	pv_error err;

	for (size_t i = 0; i < a->sort.n; i++)
		for (const char *c = a->sort.items[i]; *c; c++)
			cap += *c == ',';
	pv_sort_key *keys = calloc(cap + a->sort.n, sizeof(*keys));
	pv_restriction *limits = calloc(a->limit.n + 1, sizeof(*limits));
	if (!keys || !limits) {
		rc = cli_error("out of memory");
		goto done;
	}
	for (size_t i = 0; i < a->sort.n && rc == CLI_OK; i++)
		rc = parse_keys(a->sort.items[i], keys, &nkeys, &none, why, sizeof why);
	if (rc != CLI_OK) {
		rc = rc == CLI_USAGE ? cli_usage_error("stats", "%s", why) : cli_error("out of memory");
		goto done;
	}
	if (none && nkeys > 0) {
		rc = cli_usage_error("stats", "sort key 'none' cannot be combined with others");
		goto done;
	}
	for (; nlimits < a->limit.n; nlimits++) {
		if (pv_restriction_parse(a->limit.items[nlimits], &limits[nlimits], &err) < 0) {
			rc = cli_error("%s", err.msg);
			goto done;
		}
	}
	a->query = (pv_query){ a->sort.n ? keys : &default_key, a->sort.n ? nkeys : 1, a->reverse,
			       limits, nlimits };
	rc = cli_output_profile(files, nfiles, &a->out, produce, a);
done:
	for (size_t i = 0; i < nlimits; i++)
		pv_restriction_release(&limits[i]);
	free(keys);
	free(limits);
	return rc;
}

/* --sortby is a CALLBACK (it checks the keys), so its list is freed here. */
static void release(void *args)
{
	free(((stats_args *)args)->sort.items);
}

const cli_command cmd_stats = {
	.spec = { "stats", "print pstats' report, callers or callees (json/csv too)", options, 1, 0 },
	.args_size = sizeof(stats_args), .run = run, .release = release,
};
