/*
 * parse_options.h - declarative command-line options for the subcommands.
 *
 * Each command describes its options once, in a static table of
 * cli_option (kind, short and long name, where the value goes, the value's
 * name and the help text); its usage lines and the text around the options
 * are entries of the same table, and a cli_spec names it.  From that one
 * table come the parsing (cli_parse_options), `pstat-view CMD --help` and
 * `pstat-view help CMD` (cli_print_help), and the listing that the man
 * page test and the bash completion read (cli_list_options,
 * `pstat-view help --options CMD`).
 *
 * Values are stored at byte offsets into the command's argument struct
 * (offsetof), so the table holds no pointers to variables and can be
 * `static const`.  The storage type follows the kind:
 *
 *   CLI_OPT_SET       int            set to .defval (OPT_FLAG: 1); SET options
 *                                    on one field with different values
 *                                    exclude each other (--callers/--callees)
 *   CLI_OPT_STRING    const char *   the value (the last one given)
 *   CLI_OPT_LIST      cli_list       every value, in order (repeatable)
 *   CLI_OPT_INT       long           an integer in [.min, .max]
 *   CLI_OPT_NUMBER    double         a finite number in [.min, .max] (or
 *                                    above .min with CLI_OPT_ABOVE_MIN)
 *   CLI_OPT_CHOICE    int            the .value of the .choices entry named
 *   CLI_OPT_CALLBACK  anything       .callback(field, value, why, n)
 *
 * STRING and LIST values are checked against .choices when it is set;
 * CALLBACK's .choices only feed the completion.
 *
 * Syntax: --long=V, --long V, -sV, -s V, bundled short flags (-ws), an
 * unambiguous prefix of a long name (--rev), `--` ends the options, `-` is
 * a file.  Options and files may come in any order.  -h/--help is known to
 * every command.  Usage errors print "pstat-view CMD: ..." and a hint to
 * stderr and give CLI_USAGE (2).
 *
 * Nothing here knows about profiles: the unit test links this file alone.
 */
#ifndef PV_PARSE_OPTIONS_H
#define PV_PARSE_OPTIONS_H

#include <math.h>
#include <stddef.h>

enum { CLI_OK = 0, CLI_ERR = 1, CLI_USAGE = 2 };
/* cli_parse_options(): -h/--help was given (nothing printed yet). */
enum { CLI_HELP = -1 };

enum cli_opt_type {
	CLI_OPT_END,
	CLI_OPT_USAGE,     /* a synopsis line of the help: "usage: pstat-view " + .help */
	CLI_OPT_TEXT,      /* a paragraph of the help, printed as it is */
	CLI_OPT_GROUP,     /* a heading in the help before options */
	CLI_OPT_SET,
	CLI_OPT_STRING,
	CLI_OPT_LIST,
	CLI_OPT_INT,
	CLI_OPT_NUMBER,
	CLI_OPT_CHOICE,
	CLI_OPT_CALLBACK,
};

enum cli_opt_flags {
	CLI_OPT_HIDDEN = 1,     /* accepted, but not in the help or the listing */
	CLI_OPT_REQUIRED = 2,   /* must be given */
	CLI_OPT_ONCE = 4,       /* given twice is an error */
	CLI_OPT_NONEMPTY = 8,   /* the value must not be "" */
	CLI_OPT_ABOVE_MIN = 16, /* NUMBER: > .min rather than >= .min */
};

/* A name of a CHOICE (or a suggested value) and what it stores. */
typedef struct cli_choice {
	const char *name;
	int value;
} cli_choice;

/* Where a LIST option's values go; freed by cli_release_options(). */
typedef struct cli_list {
	const char **items;
	size_t n;
} cli_list;

/*
 * A CALLBACK checks and stores `value` at `field`.  It returns CLI_OK, or
 * CLI_USAGE / CLI_ERR with a one-line message (lowercase) in `why`.
 */
typedef int cli_opt_callback(void *field, const char *value, char *why, size_t whylen);

typedef struct cli_option {
	enum cli_opt_type type;
	char short_name;          /* 0: none */
	const char *long_name;    /* without "--"; NULL: none */
	size_t offset;            /* of the value in the argument struct */
	const char *argh;         /* the value's name in the help; NULL: no value */
	const char *help;         /* one paragraph; the help wraps it */
	int flags;                /* enum cli_opt_flags */
	int defval;               /* SET: the value stored */
	double min, max;          /* INT, NUMBER: the range (CLI_NO_MIN/MAX) */
	const cli_choice *choices;/* ended by { NULL, 0 } */
	cli_opt_callback *callback;
} cli_option;

#define CLI_NO_MIN (-HUGE_VAL)
#define CLI_NO_MAX HUGE_VAL

/*
 * Initializers of the common kinds, used inside braces so that more
 * fields can follow:  { OPT_FLAG(0, "reverse", A(reverse), "..."), .flags = X }
 */
#define OPT_USAGE(line) .type = CLI_OPT_USAGE, .help = (line)
#define OPT_TEXT(text) .type = CLI_OPT_TEXT, .help = (text)
#define OPT_GROUP(title) .type = CLI_OPT_GROUP, .help = (title)
#define OPT_END() .type = CLI_OPT_END
#define OPT_FLAG(s, l, off, h) \
	.type = CLI_OPT_SET, .short_name = (s), .long_name = (l), .offset = (off), \
	.help = (h), .defval = 1
#define OPT_SET(s, l, off, val, h) \
	.type = CLI_OPT_SET, .short_name = (s), .long_name = (l), .offset = (off), \
	.help = (h), .defval = (val)
#define OPT_STRING(s, l, off, a, h) \
	.type = CLI_OPT_STRING, .short_name = (s), .long_name = (l), .offset = (off), \
	.argh = (a), .help = (h)
#define OPT_LIST(s, l, off, a, h) \
	.type = CLI_OPT_LIST, .short_name = (s), .long_name = (l), .offset = (off), \
	.argh = (a), .help = (h)
#define OPT_INT(s, l, off, a, h, lo, hi) \
	.type = CLI_OPT_INT, .short_name = (s), .long_name = (l), .offset = (off), \
	.argh = (a), .help = (h), .min = (lo), .max = (hi)
#define OPT_NUMBER(s, l, off, a, h, lo, hi) \
	.type = CLI_OPT_NUMBER, .short_name = (s), .long_name = (l), .offset = (off), \
	.argh = (a), .help = (h), .min = (lo), .max = (hi)
#define OPT_CHOICE(s, l, off, a, h, ch) \
	.type = CLI_OPT_CHOICE, .short_name = (s), .long_name = (l), .offset = (off), \
	.argh = (a), .help = (h), .choices = (ch)
#define OPT_CALLBACK(s, l, off, a, h, cb) \
	.type = CLI_OPT_CALLBACK, .short_name = (s), .long_name = (l), .offset = (off), \
	.argh = (a), .help = (h), .callback = (cb)

/*
 * A command for the parser: its name (for messages), its summary (for
 * `pstat-view --help`), its table, and how many files it takes (checked
 * after the options; max_files 0: no limit).  The generated help is the
 * table in order: USAGE lines, TEXT paragraphs, GROUP headings and the
 * options (then -h/--help, after the last option).
 */
typedef struct cli_spec {
	const char *name;
	const char *summary;
	const cli_option *options;  /* ended by OPT_END() */
	size_t min_files, max_files;
} cli_spec;

/*
 * Parses argv[1..argc-1] (argv[0] is the command's name) into `args` and
 * collects the files, in order, into `files` (room for argc entries) and
 * *nfiles.  Returns CLI_OK, CLI_HELP, or CLI_USAGE / CLI_ERR after
 * printing one message.  LIST values must be freed with
 * cli_release_options() whatever it returns.
 */
int cli_parse_options(const cli_spec *c, int argc, char **argv, void *args, char **files,
		      size_t *nfiles);
/* Frees what parsing allocated in `args` (LIST arrays). */
void cli_release_options(const cli_spec *c, void *args);

/* Prints the command's help, generated from its table, to stdout. */
void cli_print_help(const cli_spec *c);
/*
 * Prints one line per visible option, for scripts (the man page test, the
 * bash completion): "LONG<TAB>SHORT<TAB>ARGH<TAB>CHOICES" with "--long",
 * "-s", the value's name and the choices space-separated; a field is
 * empty when there is none.  -h/--help comes last.
 */
void cli_list_options(const cli_spec *c);

/* Appends v to a LIST (for callbacks); returns CLI_OK or CLI_ERR (out of memory). */
int cli_list_append(cli_list *l, const char *v);

/*
 * Prints "pstat-view CMD: MSG" and a hint to run `pstat-view help CMD`
 * (or, without a command, `pstat-view --help`) to stderr; returns
 * CLI_USAGE.
 */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
