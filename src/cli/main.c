/*
 * main.c - pstat-view's entry point: global options and the command table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

const cli_command *const cli_commands[] = {
	&cmd_stats, &cmd_merge, &cmd_shell, &cmd_serve, &cmd_dot, &cmd_diff, &cmd_flame,
	&cmd_export, NULL,
};

const cli_command *cli_find_command(const char *name)
{
	for (const cli_command *const *c = cli_commands; *c; c++)
		if (strcmp((*c)->spec.name, name) == 0)
			return *c;
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
	for (const cli_command *const *c = cli_commands; *c; c++)
		printf("  %-8s %s\n", (*c)->spec.name, (*c)->summary);
	printf("\n"
	       "Global options:\n"
	       "  -h, --help     show this help\n"
	       "  -V, --version  show the version\n"
	       "\n"
	       "Exit status: 0 success, 1 error (bad file, I/O), 2 usage error.\n"
	       "See 'man pstat-view' for everything.\n");
}

/*
 * `pstat-view help CMD`, and `pstat-view help --options CMD`: the option
 * listing that tests/cli (the man page check) and the bash completion read.
 */
static int help(int argc, char **argv)
{
	int list = argc == 4 && strcmp(argv[2], "--options") == 0;
	if (argc > 3 + list)
		return cli_usage_error(NULL, "help takes one command name");
	const cli_command *c = cli_find_command(argv[2 + list]);
	if (!c)
		return cli_usage_error(NULL, "unknown command '%s'", argv[2 + list]);
	if (list)
		cli_list_options(&c->spec);
	else
		cli_print_help(&c->spec);
	return cli_finish_stdout();
}

/* Parses the command's options into its argument struct, then runs it. */
static int run_command(const cli_command *c, int argc, char **argv)
{
	void *args = calloc(1, c->args_size ? c->args_size : 1);
	char **files = calloc((size_t)argc + 1, sizeof(*files));
	size_t nfiles = 0;
	int rc;
	if (!args || !files) {
		free(args);
		free(files);
		return cli_error("out of memory");
	}
	if (c->init)
		c->init(args);
	rc = cli_parse_options(&c->spec, argc, argv, args, files, &nfiles);
	if (rc == CLI_HELP) {
		cli_print_help(&c->spec);
		rc = CLI_OK;
	} else if (rc == CLI_OK && c->produce) {
		rc = cli_output_profile(files, nfiles, args, c->produce, args);
	} else if (rc == CLI_OK) {
		rc = c->run(args, files, nfiles);
	}
	if (c->release)
		c->release(args);
	cli_release_options(&c->spec, args);
	free(args);
	free(files);
	if (rc)
		return rc;  /* already reported: one line per failure */
	return cli_finish_stdout();
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
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
	    (strcmp(cmd, "help") == 0 && argc < 3)) {
		print_help();
		return cli_finish_stdout();
	}
	if (strcmp(cmd, "help") == 0)
		return help(argc, argv);
	if (cmd[0] == '-')
		return cli_usage_error(NULL, "unknown option '%s'", cmd);
	const cli_command *c = cli_find_command(cmd);
	if (!c)
		return cli_usage_error(NULL, "unknown command '%s'", cmd);
	return run_command(c, argc - 1, argv + 1);
}
