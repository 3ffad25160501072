/*
 * cmd_merge.c - `pstat-view merge`: pstats' add() + dump_stats().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

const char cmd_merge_usage[] =
	"usage: pstat-view merge FILE... -o OUT.pstats [--strip-dirs]\n"
	"\n"
	"Merges the profiles as pstats.Stats(FILE1, FILE2, ...) does (add()) and\n"
	"writes the result as a .pstats file (dump_stats()) that Python 3's pstats\n"
	"and pstat-view read to the same report.  OUT is written atomically (a\n"
	"temporary file, then rename): it is never left half-written.\n"
	"\n"
	"Options:\n"
	"  -o, --output OUT   the file to write (required; '-' for standard output)\n"
	"      --strip-dirs   strip_dirs() before writing\n"
	"\n"
	"The file uses Python 3 marshal (version 4 codes, no references).  Names\n"
	"that held code objects (profile-module files) are written as their text.\n"
	"\n"
	"Exit status: 0 success, 1 unreadable input or write error, 2 usage error.\n";

int cmd_merge(int argc, char **argv)
{
	char **files = calloc((size_t)argc + 1, sizeof(*files));
	size_t nfiles = 0;
	const char *output = NULL;
	int strip = 0, only_files = 0, rc = CLI_OK;
	pv_profile *p = NULL;
	pv_buf out = PV_BUF_INIT;
	pv_error err;
	size_t plen;

	if (!files)
		return cli_error("out of memory");
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (only_files || a[0] != '-' || strcmp(a, "-") == 0) {
			files[nfiles++] = argv[i];
		} else if (strcmp(a, "--") == 0) {
			only_files = 1;
		} else if (cli_match_opt(a, 'o', "--output", &plen)) {
			output = cli_opt_value(argc, argv, &i, a, plen);
			if (!output) {
				rc = cli_usage_error("merge", "%s needs a file name", a);
				goto done;
			}
		} else if (strcmp(a, "--strip-dirs") == 0) {
			strip = 1;
		} else {
			rc = cli_usage_error("merge", "unknown option '%s'", a);
			goto done;
		}
	}
	if (nfiles == 0) {
		rc = cli_usage_error("merge", "no FILE given");
		goto done;
	}
	if (!output || !*output) {
		rc = cli_usage_error("merge", "no output file given (-o OUT.pstats)");
		goto done;
	}
	p = cli_load_profiles_strip(files, nfiles, strip);
	if (!p) {
		rc = CLI_ERR;
		goto done;
	}
	if (pv_profile_write_marshal(p, &out, &err) < 0) {
		rc = cli_error("%s", err.msg);
		goto done;
	}
	rc = cli_write_output(output, &out);
done:
	pv_buf_release(&out);
	pv_profile_free(p);
	free(files);
	return rc;
}
