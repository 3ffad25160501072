/*
 * main.c - pstat-view's entry point: global options and the command table.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const cli_command cli_commands[] = {
	{ "stats", cmd_stats, "print pstats' report, callers or callees (json/csv too)",
	  cmd_stats_usage },
	{ "merge", cmd_merge, "merge profiles into one .pstats file (pstats' add + dump_stats)",
	  cmd_merge_usage },
	{ "shell", cmd_shell, "interactive profile browser (python -m pstats)", cmd_shell_usage },
	{ "serve", cmd_serve, "interactive sunburst/icicle viewer in the browser", cmd_serve_usage },
	{ "dot", cmd_dot, "gprof2dot's colour-coded call graph as DOT, PNG, SVG or PDF",
	  cmd_dot_usage },
	{ "diff", cmd_diff, "compare two profiles function by function (text, json, csv)",
	  cmd_diff_usage },
	{ "flame", cmd_flame, "self-contained SVG flame graph with click-to-zoom",
	  cmd_flame_usage },
	{ "export", cmd_export, "folded stacks, callgrind file or the whole model as JSON",
	  cmd_export_usage },
	{ NULL, NULL, NULL, NULL },
};

const cli_command *cli_find_command(const char *name)
{
	for (const cli_command *c = cli_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void print_help(void)
{
	printf("usage: pstat-view COMMAND [OPTIONS] FILE...\n"
	       "       pstat-view help COMMAND\n"
	       "       pstat-view --version | --help\n"
	       "\n"
	       "Reads Python profiles (.pstats files from cProfile or profile, Python 2.7\n"
	       "and 3.6 to 3.13) and reports on them.  Several FILEs are merged as\n"
	       "pstats.Stats(F1, F2, ...) merges them.\n"
	       "\n"
	       "Commands:\n");
	for (const cli_command *c = cli_commands; c->name; c++)
		printf("  %-8s %s\n", c->name, c->summary);
	printf("\n"
	       "Global options:\n"
	       "  -h, --help     show this help\n"
	       "  -V, --version  show the version\n"
	       "\n"
	       "Exit status: 0 success, 1 error (bad file, I/O), 2 usage error.\n"
	       "See 'man pstat-view' for everything.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		print_help();
		return CLI_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("pstat-view %s\n", PV_VERSION);
		return cli_finish_stdout();
	}
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		print_help();
		return cli_finish_stdout();
	}
	if (strcmp(cmd, "help") == 0) {
		if (argc < 3) {
			print_help();
			return cli_finish_stdout();
		}
		if (argc > 3)
			return cli_usage_error(NULL, "help takes one command name");
		int rc = cli_print_usage(argv[2]);
		return rc ? rc : cli_finish_stdout();
	}
	if (cmd[0] == '-')
		return cli_usage_error(NULL, "unknown option '%s'", cmd);
	const cli_command *c = cli_find_command(cmd);
	if (!c)
		return cli_usage_error(NULL, "unknown command '%s'", cmd);
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			fputs(c->usage, stdout);
			return cli_finish_stdout();
		}
	}
	int rc = c->fn(argc - 1, argv + 1);
	if (rc)
		return rc;  /* already reported: one line per failure */
	return cli_finish_stdout();
}
