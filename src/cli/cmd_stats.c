/*
 * cmd_stats.c - `pstat-view stats`: pstats' report, callers or callees,
 * as text (byte for byte what Python 3.11 prints), JSON or CSV.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "pv/query.h"
#include "pv/report.h"

const char cmd_stats_usage[] =
	"usage: pstat-view stats [options] FILE...\n"
	"\n"
	"Prints what Python's pstats prints for\n"
	"  Stats(FILE1, FILE2, ...).strip_dirs().sort_stats(K1, K2, ...)\n"
	"                         .reverse_order().print_stats(A1, A2, ...)\n"
	"byte for byte (Python 3.7-3.13 print the same; Python 2.7 files are\n"
	"reported as Python 3 would report them).  Several FILEs are merged.\n"
	"\n"
	"Options:\n"
	"  -s, --sortby KEY   sort key; repeatable or comma-separated, applied as one\n"
	"                     sort_stats(K1, K2, ...): calls cumulative cumtime file\n"
	"                     filename module ncalls pcalls line name nfl stdname\n"
	"                     time tottime, or an unambiguous prefix (cu, tot, std).\n"
	"                     Default: cumulative.  'none' sorts nothing (pstats'\n"
	"                     \"Random listing order\", i.e. the file's order)\n"
	"  -l, --limit ARG    restriction, repeatable, applied in order: an integer\n"
	"                     keeps that many rows, a decimal in [0,1) that fraction,\n"
	"                     anything else is a Python regular expression searched\n"
	"                     in the function's name (file:line(function))\n"
	"      --strip-dirs   remove directories from file names (merging functions\n"
	"                     that become equal)\n"
	"      --reverse      reverse the sorted order\n"
	"      --callers      print who called each listed function\n"
	"      --callees      print whom each listed function called\n"
	"      --format FMT   text (default), json or csv: the same rows with full\n"
	"                     precision (schema in docs/stats-json.md)\n"
	"  -o, --output FILE  write there (atomically) instead of to standard output\n"
	"\n"
	"Sorting by name or nfl works on profile-module files whose keys hold code\n"
	"objects (pstats raises TypeError): such names compare as their text.\n"
	"The report header shows each file's modification time in local time (TZ).\n"
	"\n"
	"Exit status: 0 success, 1 unreadable file or output error, 2 usage error.\n";

int cmd_stats(int argc, char **argv)
{
	pv_sort_key *keys = NULL;
	size_t nkeys = 0, keys_cap = 0;
	pv_restriction *limits = calloc((size_t)argc + 1, sizeof(*limits));
	size_t nlimits = 0;
	char **files = calloc((size_t)argc + 1, sizeof(*files));
	size_t nfiles = 0;
	int strip = 0, reverse = 0, sort_given = 0, sort_none = 0;
	pv_report_mode mode = PV_REPORT_STATS;
	pv_report_format fmt = PV_FORMAT_TEXT;
	const char *output = NULL;
	pv_profile *p = NULL;
	pv_buf out = PV_BUF_INIT;
	pv_error err;
	int rc = CLI_OK, only_files = 0;

	size_t plen;
	if (!limits || !files) {
		rc = cli_error("out of memory");
		goto done;
	}
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v;
		if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
			files[nfiles++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_files = 1;
		} else if (cli_match_opt(a, 's', "--sortby", &plen) || cli_match_opt(a, 0, "--sort", &plen)) {
			v = cli_opt_value(argc, argv, &i, a, plen);
			if (!v) {
				rc = cli_usage_error("stats", "%s needs a sort key", a);
				goto done;
			}
			sort_given = 1;
			char *copy = strdup(v);
			if (!copy) {
				rc = cli_error("out of memory");
				goto done;
			}
			char *save = NULL;
			int any = 0;
			for (char *tok = strtok_r(copy, ",", &save); tok;
			     tok = strtok_r(NULL, ",", &save)) {
				any = 1;
				if (strcmp(tok, "none") == 0) {
					sort_none = 1;
					continue;
				}
				if (nkeys >= keys_cap) {
					size_t nc = keys_cap ? 2 * keys_cap : 8;
					pv_sort_key *k = realloc(keys, nc * sizeof(*k));
					if (!k) {
						free(copy);
						rc = cli_error("out of memory");
						goto done;
					}
					keys = k;
					keys_cap = nc;
				}
				if (pv_sort_key_parse(tok, &keys[nkeys], &err) < 0) {
					free(copy);
					rc = cli_usage_error("stats", "%s", err.msg);
					goto done;
				}
				nkeys++;
			}
			if (!any || v[0] == ',' || (v[0] && v[strlen(v) - 1] == ',') ||
			    strstr(v, ",,")) {
				rc = cli_usage_error("stats", "empty sort key in '%s'", v);
				free(copy);
				goto done;
			}
			free(copy);
		} else if (cli_match_opt(a, 'l', "--limit", &plen)) {
			v = cli_opt_value(argc, argv, &i, a, plen);
			if (!v) {
				rc = cli_usage_error("stats", "%s needs an argument", a);
				goto done;
			}
			if (pv_restriction_parse(v, &limits[nlimits], &err) < 0) {
				rc = cli_error("%s", err.msg);
				goto done;
			}
			nlimits++;
		} else if (cli_match_opt(a, 'o', "--output", &plen)) {
			v = cli_opt_value(argc, argv, &i, a, plen);
			if (!v) {
				rc = cli_usage_error("stats", "%s needs a file name", a);
				goto done;
			}
			output = v;
		} else if (cli_match_opt(a, 0, "--format", &plen)) {
			v = cli_opt_value(argc, argv, &i, a, plen);
			if (!v) {
				rc = cli_usage_error("stats", "--format needs text, json or csv");
				goto done;
			}
			if (strcmp(v, "text") == 0)
				fmt = PV_FORMAT_TEXT;
			else if (strcmp(v, "json") == 0)
				fmt = PV_FORMAT_JSON;
			else if (strcmp(v, "csv") == 0)
				fmt = PV_FORMAT_CSV;
			else {
				rc = cli_usage_error("stats", "unknown format '%s' (text, json, csv)", v);
				goto done;
			}
		} else if (strcmp(a, "--strip-dirs") == 0) {
			strip = 1;
		} else if (strcmp(a, "--reverse") == 0) {
			reverse = 1;
		} else if (strcmp(a, "--callers") == 0 || strcmp(a, "--callees") == 0) {
			pv_report_mode m = a[7] == 'r' ? PV_REPORT_CALLERS : PV_REPORT_CALLEES;
			if (mode != PV_REPORT_STATS && mode != m) {
				rc = cli_usage_error("stats", "--callers and --callees exclude each other");
				goto done;
			}
			mode = m;
		} else {
			rc = cli_usage_error("stats", "unknown option '%s'", a);
			goto done;
		}
	}
	if (nfiles == 0) {
		rc = cli_usage_error("stats", "no FILE given");
		goto done;
	}
	if (sort_none && nkeys > 0) {
		rc = cli_usage_error("stats", "sort key 'none' cannot be combined with others");
		goto done;
	}
	static const pv_sort_key default_key = PV_SORT_CUMULATIVE;
	const pv_sort_key *use_keys = keys;
	if (!sort_given) {
		use_keys = &default_key;
		nkeys = 1;
	}

	p = cli_load_profiles_strip(files, nfiles, strip);
	if (!p) {
		rc = CLI_ERR;
		goto done;
	}
	pv_query q = { use_keys, nkeys, reverse, limits, nlimits };
	if (pv_report(p, &q, mode, fmt, &out, &err) < 0) {
		rc = cli_error("%s", err.msg);
		goto done;
	}
	rc = cli_write_output(output, &out);
done:
	for (size_t i = 0; i < nlimits; i++)
		pv_restriction_release(&limits[i]);
	pv_buf_release(&out);
	pv_profile_free(p);
	free(keys);
	free(limits);
	free(files);
	return rc;
}
