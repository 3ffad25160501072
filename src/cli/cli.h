/*
 * cli.h - what every subcommand shares: the command table, error printing,
 * loading profiles with one-line errors, and writing output.  Option
 * tables, help and usage errors are parse_options.h's.
 *
 * Only src/cli/ talks to the terminal.  Exit codes: 0 ok, 1 runtime error
 * (bad file, I/O), 2 usage error.
 */
#ifndef PV_CLI_H
#define PV_CLI_H

#include <stddef.h>

#include "parse_options.h"
#include "pv/buf.h"
#include "pv/error.h"
#include "pv/profile.h"

/*
 * What most commands write: -o FILE and --strip-dirs.  The argument struct
 * of a command with .produce starts with it.
 */
typedef struct cli_output_opts {
	int strip;
	const char *output;
} cli_output_opts;

#define OPT_OUTPUT(type) \
	OPT_STRING('o', "output", offsetof(type, out.output), "FILE", \
		   "write there (atomically) instead of to standard output")
#define OPT_STRIP_DIRS(type, h) OPT_FLAG(0, "strip-dirs", offsetof(type, out.strip), h)

/*
 * Appends the output for profile `p` to `out`; returns < 0 with `err` set
 * on failure.
 */
typedef int cli_producer(const pv_profile *p, void *args, char **files, size_t nfiles,
			 pv_buf *out, pv_error *err);

/*
 * A subcommand (main.c runs it): .spec is its usage and options (see
 * parse_options.h), .summary its line in `pstat-view --help`.  Its
 * argument struct of .args_size bytes is zeroed, given defaults by .init
 * (may be NULL) and filled by the options; then .run is called with the
 * files, or, for a command that writes one output from the merged files,
 * cli_output_profile() with .produce; last .release (may be NULL).
 */
typedef struct cli_command {
	cli_spec spec;
	const char *summary;
	size_t args_size;
	void (*init)(void *args);
	int (*run)(void *args, char **files, size_t nfiles);
	cli_producer *produce;
	void (*release)(void *args);
} cli_command;

/* The commands, in main.c's order; NULL-ended. */
extern const cli_command *const cli_commands[];
const cli_command *cli_find_command(const char *name);

/* Prints "pstat-view: MSG" to stderr; returns CLI_ERR. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

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
/*
 * The end of most commands: when `r` (what producing `b` returned) is < 0,
 * prints err->msg and returns CLI_ERR; else cli_write_output(path, b).
 */
int cli_emit(const char *path, const pv_buf *b, int r, const pv_error *err);
/*
 * What most commands do: load and merge FILEs (strip_dirs() with
 * o->strip), let `produce` make the output, and write it to o->output as
 * cli_write_output() does.  Returns CLI_OK, or CLI_ERR after one line.
 */
int cli_output_profile(char **files, size_t nfiles, const cli_output_opts *o,
		       cli_producer *produce, void *args);
/* Appends the file names to `b`, separated by `sep`. */
void cli_join(pv_buf *b, char *const *files, size_t n, const char *sep);
int cli_write_file_atomic(const char *path, const void *data, size_t len);

/*
 * Flushes stdout and checks that everything was written.  A closed pipe
 * (EPIPE, as in `| head`) is not an error.  Returns CLI_OK or CLI_ERR.
 */
int cli_finish_stdout(void);

#endif
