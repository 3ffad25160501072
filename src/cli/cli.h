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
/* Appends the file names to `b`, separated by `sep`. */
void cli_join(pv_buf *b, char *const *files, size_t n, const char *sep);
int cli_write_file_atomic(const char *path, const void *data, size_t len);

/*
 * Flushes stdout and checks that everything was written.  A closed pipe
 * (EPIPE, as in `| head`) is not an error.  Returns CLI_OK or CLI_ERR.
 */
int cli_finish_stdout(void);

#endif
