/*
 * cmd_export.c - `pstat-view export`: the profile as folded stacks, a
 * callgrind file or JSON (pv/export.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "pv/export.h"

const char cmd_export_usage[] =
	"usage: pstat-view export --format FMT [options] FILE...\n"
	"\n"
	"Writes the profile in another tool's format.  Several FILEs are merged.\n"
	"\n"
	"Formats:\n"
	"  collapsed  folded stacks, one line 'a;b;c 1234' per call tree path with\n"
	"             its self time in integer microseconds, for FlameGraph's\n"
	"             flamegraph.pl, speedscope and inferno.  The call tree is the\n"
	"             estimated one of `pstat-view flame`; the counts add up to the\n"
	"             root time; ';' in names becomes ':'\n"
	"  callgrind  a callgrind file (event 'us', integer microseconds) for\n"
	"             KCachegrind, QCachegrind and callgrind_annotate, like\n"
	"             pyprof2calltree: self cost per function, calls= with the\n"
	"             inclusive cost of each caller->callee edge\n"
	"  json       the whole model: input files, totals, every function and\n"
	"             every caller->callee edge, full precision (docs/export-json.md)\n"
	"\n"
	"Options:\n"
	"  -f, --format FMT   collapsed, callgrind or json (required)\n"
	"      --strip-dirs   remove directories from file names first\n"
	"  -o, --output FILE  write there (atomically) instead of to standard output\n"
	"\n"
	"Examples:\n"
	"  pstat-view export --format collapsed prof.pstats | flamegraph.pl > f.svg\n"
	"  pstat-view export --format callgrind prof.pstats -o callgrind.out\n"
	"\n"
	"Exit status: 0 success, 1 unreadable file or output error, 2 usage error.\n";

enum { FMT_NONE, FMT_COLLAPSED, FMT_CALLGRIND, FMT_JSON };

int cmd_export(int argc, char **argv)
{
	char **files = calloc((size_t)argc + 1, sizeof(*files));
	size_t nfiles = 0;
	const char *output = NULL;
	int strip = 0, only_files = 0, rc = CLI_OK, fmt = FMT_NONE;
	pv_profile *p = NULL;
	pv_buf out = PV_BUF_INIT, cmd = PV_BUF_INIT;
	pv_error err;
	size_t plen;

	if (!files)
		return cli_error("out of memory");
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v;
		if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
			files[nfiles++] = argv[i];
		} else if (strcmp(a, "--") == 0) {
			only_files = 1;
		} else if (cli_match_opt(a, 'f', "--format", &plen)) {
			v = cli_opt_value(argc, argv, &i, a, plen);
			if (v && strcmp(v, "collapsed") == 0) {
				fmt = FMT_COLLAPSED;
			} else if (v && strcmp(v, "callgrind") == 0) {
				fmt = FMT_CALLGRIND;
			} else if (v && strcmp(v, "json") == 0) {
				fmt = FMT_JSON;
			} else {
				rc = cli_usage_error("export", "--format needs collapsed, callgrind "
							       "or json");
				goto done;
			}
		} else if (cli_match_opt(a, 'o', "--output", &plen)) {
			v = cli_opt_value(argc, argv, &i, a, plen);
			if (!v) {
				rc = cli_usage_error("export", "%s needs a file name", a);
				goto done;
			}
			output = v;
		} else if (strcmp(a, "--strip-dirs") == 0) {
			strip = 1;
		} else {
			rc = cli_usage_error("export", "unknown option '%s'", a);
			goto done;
		}
	}
	if (fmt == FMT_NONE) {
		rc = cli_usage_error("export", "no --format given (collapsed, callgrind or json)");
		goto done;
	}
	if (nfiles == 0) {
		rc = cli_usage_error("export", "no FILE given");
		goto done;
	}
	p = cli_load_profiles_strip(files, nfiles, strip);
	if (!p) {
		rc = CLI_ERR;
		goto done;
	}
	int r;
	if (fmt == FMT_COLLAPSED) {
		r = pv_export_collapsed(p, 0, 0, &out, &err);
	} else if (fmt == FMT_CALLGRIND) {
		for (size_t i = 0; i < nfiles; i++) {
			if (i)
				pv_buf_putc(&cmd, ' ');
			pv_buf_puts(&cmd, files[i]);
		}
		r = pv_export_callgrind(p, cmd.data, &out, &err);
	} else {
		r = pv_export_json(p, &out, &err);
	}
	if (r < 0) {
		rc = cli_error("%s", err.msg);
		goto done;
	}
	rc = cli_write_output(output, &out);
done:
	pv_buf_release(&out);
	pv_buf_release(&cmd);
	pv_profile_free(p);
	free(files);
	return rc;
}
