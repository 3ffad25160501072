/*
 * cli.h - what every subcommand shares: the command table's types, error
 * printing, loading profiles with one-line errors, and writing output.
 *
 * Only src/cli/ talks to the terminal.  Exit codes: 0 ok, 1 runtime error
 * (bad file, I/O), 2 usage error.
 */
#ifndef PV_CLI_H
#define PV_CLI_H

#include <stddef.h>

#include "pv/buf.h"
#include "pv/profile.h"

enum { CLI_OK = 0, CLI_ERR = 1, CLI_USAGE = 2 };

typedef struct cli_command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;  /* one line for `pstat-view --help` */
	const char *usage;    /* full text for `pstat-view help CMD` */
} cli_command;

/* The table, in main.c. */
extern const cli_command cli_commands[];
const cli_command *cli_find_command(const char *name);

/*
 * Option parsing shared by the commands.  cli_match_opt() matches argument
 * `a` against -C (shortc, 0 for none) and --long (also --long=VALUE) and
 * stores the length of the option name in *plen.  cli_opt_value() returns
 * the option's value from "--opt=V", "--opt V", "-oV" or "-o V" (advancing
 * *i past a separate value), or NULL when it is missing.
 */
int cli_match_opt(const char *a, char shortc, const char *longname, size_t *plen);
const char *cli_opt_value(int argc, char **argv, int *i, const char *a, size_t plen);

/* Prints "pstat-view: MSG" to stderr; returns CLI_ERR. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * Prints "pstat-view CMD: MSG" and a hint to run `pstat-view help CMD` to
 * stderr; returns CLI_USAGE.
 */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints the usage text of `cmd` to stdout; returns CLI_OK. */
int cli_print_usage(const char *cmd);

/*
 * Loads and merges FILEs as pstats.Stats(F1, ..., Fn) does.  On error,
 * prints "pstat-view: FILE: what is wrong at byte N" and returns NULL.
 */
pv_profile *cli_load_profiles(char *const *paths, size_t n);
/*
 * cli_load_profiles(), then strip_dirs() when `strip` (--strip-dirs).  On
 * error prints one line and returns NULL.
 */
pv_profile *cli_load_profiles_strip(char *const *paths, size_t n, int strip);

/*
 * Writes `b` to `path`, or to stdout when path is NULL or "-".  A file is
 * written atomically (a temporary file in the same directory, then
 * rename), so it is never left half-written.  On error prints one line and
 * returns CLI_ERR; else CLI_OK.
 */
int cli_write_output(const char *path, const pv_buf *b);
int cli_write_file_atomic(const char *path, const void *data, size_t len);

/*
 * Flushes stdout and checks that everything was written.  A closed pipe
 * (EPIPE, as in `| head`) is not an error.  Returns CLI_OK or CLI_ERR.
 */
int cli_finish_stdout(void);

#endif
