/* parse_options.c - the option tables' parser, help and listing (see parse_options.h). */
#include "parse_options.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Help lines are at most this wide; the help column at most this far in. */
#define HELP_WIDTH 79
#define HELP_MAX_COLUMN 28

/* Every command knows -h/--help; it is listed last. */
static const cli_option help_option = {
	OPT_FLAG('h', "help", 0, "show this help"),
};

typedef struct parser {
	const cli_spec *c;
	void *args;
	unsigned char *seen;  /* per table entry */
	size_t nopts;
	char name[80];        /* the option as the user named it, for messages */
} parser;

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fprintf(stderr, "pstat-view%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (cmd)
		fprintf(stderr, "usage: see 'pstat-view help %s'\n", cmd);
	else
		fputs("usage: pstat-view COMMAND [OPTIONS] FILE...; see 'pstat-view --help'\n",
		      stderr);
	return CLI_USAGE;
}

static int runtime_error(const char *msg)
{
	fflush(stdout);
	fprintf(stderr, "pstat-view: %s\n", msg);
	return CLI_ERR;
}

static void *field(const parser *p, const cli_option *o)
{
	return (char *)p->args + o->offset;
}

static int takes_value(const cli_option *o)
{
	return o->type != CLI_OPT_SET;
}

static int is_option(const cli_option *o)
{
	return o->type > CLI_OPT_GROUP;
}

static int visible(const cli_option *o)
{
	return is_option(o) && !(o->flags & CLI_OPT_HIDDEN);
}

/* "a, b or c" of a choice list, into buf. */
static const char *choice_names(const cli_choice *ch, char *buf, size_t size)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; ch[i].name && len < size; i++) {
		const char *sep = i == 0 ? "" : ch[i + 1].name ? ", " : " or ";
		int n = snprintf(buf + len, size - len, "%s%s", sep, ch[i].name);
		len += n > 0 ? (size_t)n : 0;
	}
	return buf;
}

static const cli_choice *find_choice(const cli_choice *ch, const char *v)
{
	for (; ch && ch->name; ch++)
		if (strcmp(ch->name, v) == 0)
			return ch;
	return NULL;
}

/* A whole decimal integer: [-]digits, nothing else. */
static int parse_long(const char *v, long *out)
{
	const char *d = v[0] == '-' ? v + 1 : v;
	if (!*d || strspn(d, "0123456789") != strlen(d))
		return -1;
	errno = 0;
	long x = strtol(v, NULL, 10);
	if (errno == ERANGE)
		return -1;
	*out = x;
	return 0;
}

/* A whole finite number as strtod reads it. */
static int parse_double(const char *v, double *out)
{
	char *end;
	errno = 0;
	double x = strtod(v, &end);
	if (!*v || *end || errno == ERANGE || !isfinite(x))
		return -1;
	*out = x;
	return 0;
}

static int in_range(const cli_option *o, double x)
{
	if (o->flags & CLI_OPT_ABOVE_MIN ? !(x > o->min) : !(x >= o->min))
		return 0;
	return x <= o->max;
}

/* "option 'NAME' wants an integer from 0 to 65535, not 'V'" and the like. */
static int range_error(const parser *p, const cli_option *o, const char *v)
{
	const char *what = o->type == CLI_OPT_INT ? "an integer" : "a number";
	const char *ge = o->flags & CLI_OPT_ABOVE_MIN ? ">" : ">=";
	int lo = o->min > CLI_NO_MIN, hi = o->max < CLI_NO_MAX;
	if (lo && hi && !(o->flags & CLI_OPT_ABOVE_MIN))
		return cli_usage_error(p->c->name, "option '%s' wants %s from %.15g to %.15g, not '%s'",
				       p->name, what, o->min, o->max, v);
	if (lo && hi)
		return cli_usage_error(p->c->name, "option '%s' wants %s > %.15g and <= %.15g, not '%s'",
				       p->name, what, o->min, o->max, v);
	if (lo)
		return cli_usage_error(p->c->name, "option '%s' wants %s %s %.15g, not '%s'", p->name,
				       what, ge, o->min, v);
	if (hi)
		return cli_usage_error(p->c->name, "option '%s' wants %s <= %.15g, not '%s'", p->name,
				       what, o->max, v);
	return cli_usage_error(p->c->name, "option '%s' wants %s, not '%s'", p->name, what, v);
}

static int bad_choice(const parser *p, const cli_option *o, const char *v)
{
	char names[256];
	return cli_usage_error(p->c->name, "option '%s' wants %s, not '%s'", p->name,
			       choice_names(o->choices, names, sizeof names), v);
}

int cli_list_append(cli_list *l, const char *v)
{
	const char **items = realloc(l->items, (l->n + 1) * sizeof(*items));
	if (!items)
		return CLI_ERR;
	items[l->n++] = v;
	l->items = items;
	return CLI_OK;
}

/* Another SET option on the same field with another value, already given. */
static const cli_option *set_conflict(const parser *p, const cli_option *o)
{
	const cli_option *t = p->c->options;
	for (size_t i = 0; i < p->nopts; i++)
		if (p->seen[i] && t[i].type == CLI_OPT_SET && t[i].offset == o->offset &&
		    t[i].defval != o->defval)
			return &t[i];
	return NULL;
}

/* Stores option `o`'s value `v` (NULL for SET). */
static int apply(parser *p, const cli_option *o, const char *v)
{
	size_t idx = (size_t)(o - p->c->options);
	void *f = field(p, o);
	if ((o->flags & CLI_OPT_ONCE) && p->seen[idx])
		return cli_usage_error(p->c->name, "option '%s' given twice", p->name);
	if ((o->flags & CLI_OPT_NONEMPTY) && v && !*v)
		return cli_usage_error(p->c->name, "option '%s' needs a value", p->name);
	if (v && o->choices && (o->type == CLI_OPT_STRING || o->type == CLI_OPT_LIST ||
				o->type == CLI_OPT_CHOICE) && !find_choice(o->choices, v))
		return bad_choice(p, o, v);

	switch (o->type) {
	case CLI_OPT_SET: {
		const cli_option *other = set_conflict(p, o);
		if (other)
			return cli_usage_error(p->c->name, "options '--%s' and '--%s' exclude each other",
					       other->long_name, o->long_name);
		*(int *)f = o->defval;
		break;
	}
	case CLI_OPT_STRING:
		*(const char **)f = v;
		break;
	case CLI_OPT_LIST:
		if (cli_list_append(f, v) != CLI_OK)
			return runtime_error("out of memory");
		break;
	case CLI_OPT_INT: {
		long x;
		if (parse_long(v, &x) != 0 || !in_range(o, (double)x))
			return range_error(p, o, v);
		*(long *)f = x;
		break;
	}
	case CLI_OPT_NUMBER: {
		double x;
		if (parse_double(v, &x) != 0 || !in_range(o, x))
			return range_error(p, o, v);
		*(double *)f = x;
		break;
	}
	case CLI_OPT_CHOICE:
		*(int *)f = find_choice(o->choices, v)->value;
		break;
	case CLI_OPT_CALLBACK: {
		char why[256] = "";
		int rc = o->callback(f, v, why, sizeof why);
		if (rc == CLI_USAGE && why[0])
			return cli_usage_error(p->c->name, "%s", why);
		if (rc == CLI_USAGE)
			return cli_usage_error(p->c->name, "option '%s' does not take '%s'", p->name, v);
		if (rc != CLI_OK)
			return runtime_error(why[0] ? why : "out of memory");
		break;
	}
	default:
		break;
	}
	p->seen[idx] = 1;
	return CLI_OK;
}

/*
 * The option --KEY (KEY without "=VALUE", klen bytes): an exact match of
 * any entry, else the one visible entry it is a prefix of.  NULL after an
 * error message.
 */
static const cli_option *find_long(parser *p, const char *key, size_t klen, int *rc)
{
	const cli_option *t = p->c->options, *found = NULL;
	char names[256] = "";
	size_t len = 0, nfound = 0;
	for (size_t i = 0; i <= p->nopts; i++) {
		const cli_option *o = i < p->nopts ? &t[i] : &help_option;
		if (o->long_name && strlen(o->long_name) == klen &&
		    strncmp(o->long_name, key, klen) == 0)
			return o;
	}
	for (size_t i = 0; i <= p->nopts; i++) {
		const cli_option *o = i < p->nopts ? &t[i] : &help_option;
		if (!visible(o) || !o->long_name || strncmp(o->long_name, key, klen) != 0)
			continue;
		found = o;
		int n = snprintf(names + len, sizeof names - len, "%s--%s", nfound ? ", " : "",
				 o->long_name);
		len = n > 0 && len + (size_t)n < sizeof names ? len + (size_t)n : len;
		nfound++;
	}
	if (nfound == 1)
		return found;
	if (nfound)
		*rc = cli_usage_error(p->c->name, "ambiguous option '--%.*s' (%s)", (int)klen, key,
				      names);
	else
		*rc = cli_usage_error(p->c->name, "unknown option '--%.*s'", (int)klen, key);
	return NULL;
}

static int parse_long_option(parser *p, const char *arg, int argc, char **argv, int *i)
{
	const char *key = arg + 2;
	const char *eq = strchr(key, '=');
	size_t klen = eq ? (size_t)(eq - key) : strlen(key);
	int rc = CLI_USAGE;
	if (klen == 0)
		return cli_usage_error(p->c->name, "unknown option '%s'", arg);
	const cli_option *o = find_long(p, key, klen, &rc);
	if (!o)
		return rc;
	if (o == &help_option)
		return CLI_HELP;
	snprintf(p->name, sizeof p->name, "--%s", o->long_name);
	if (!takes_value(o)) {
		if (eq)
			return cli_usage_error(p->c->name, "option '%s' takes no value", p->name);
		return apply(p, o, NULL);
	}
	const char *v = eq ? eq + 1 : NULL;
	if (!v && *i + 1 < argc)
		v = argv[++*i];
	if (!v)
		return cli_usage_error(p->c->name, "option '%s' needs a value", p->name);
	return apply(p, o, v);
}

static const cli_option *find_short(const parser *p, char c)
{
	for (size_t i = 0; i < p->nopts; i++)
		if (is_option(&p->c->options[i]) && p->c->options[i].short_name == c)
			return &p->c->options[i];
	return c == help_option.short_name ? &help_option : NULL;
}

/* -abc: flags bundled; an option with a value takes the rest or the next argument. */
static int parse_short_options(parser *p, const char *arg, int argc, char **argv, int *i)
{
	for (const char *s = arg + 1; *s; s++) {
		const cli_option *o = find_short(p, *s);
		if (!o)
			return cli_usage_error(p->c->name, "unknown option '-%c'", *s);
		if (o == &help_option)
			return CLI_HELP;
		snprintf(p->name, sizeof p->name, "-%c", *s);
		if (!takes_value(o)) {
			int rc = apply(p, o, NULL);
			if (rc != CLI_OK)
				return rc;
			continue;
		}
		const char *v = s[1] ? s + 1 : *i + 1 < argc ? argv[++*i] : NULL;
		if (!v)
			return cli_usage_error(p->c->name, "option '%s' needs a value", p->name);
		return apply(p, o, v);
	}
	return CLI_OK;
}

/* After the arguments: required options, the number of files. */
static int check_end(const parser *p, size_t nfiles)
{
	const cli_spec *c = p->c;
	for (size_t i = 0; i < p->nopts; i++) {
		const cli_option *o = &c->options[i];
		if ((o->flags & CLI_OPT_REQUIRED) && !p->seen[i])
			return cli_usage_error(c->name, "option '--%s' is required", o->long_name);
	}
	if (nfiles == 0 && c->min_files > 0)
		return cli_usage_error(c->name, "no profile given");
	if (c->max_files && c->min_files == c->max_files && nfiles != c->min_files)
		return cli_usage_error(c->name, "wants %zu profiles, got %zu", c->min_files, nfiles);
	if (nfiles < c->min_files)
		return cli_usage_error(c->name, "wants at least %zu profiles, got %zu", c->min_files,
				       nfiles);
	if (c->max_files && nfiles > c->max_files)
		return cli_usage_error(c->name, "wants at most %zu profiles, got %zu", c->max_files,
				       nfiles);
	return CLI_OK;
}

static size_t count_options(const cli_option *t)
{
	size_t n = 0;
	while (t[n].type != CLI_OPT_END)
		n++;
	return n;
}

int cli_parse_options(const cli_spec *c, int argc, char **argv, void *args, char **files,
		      size_t *nfiles)
{
	parser p = { c, args, NULL, count_options(c->options), "" };
	int rc = CLI_OK, only_files = 0;
	*nfiles = 0;
	p.seen = calloc(p.nopts + 1, 1);
	if (!p.seen)
		return runtime_error("out of memory");
	for (int i = 1; i < argc && rc == CLI_OK; i++) {
		const char *a = argv[i];
		if (only_files || a[0] != '-' || a[1] == '\0')
			files[(*nfiles)++] = argv[i];
		else if (strcmp(a, "--") == 0)
			only_files = 1;
		else if (a[1] == '-')
			rc = parse_long_option(&p, a, argc, argv, &i);
		else
			rc = parse_short_options(&p, a, argc, argv, &i);
	}
	if (rc == CLI_OK)
		rc = check_end(&p, *nfiles);
	free(p.seen);
	return rc;
}

void cli_release_options(const cli_spec *c, void *args)
{
	for (const cli_option *o = c->options; o->type != CLI_OPT_END; o++) {
		if (o->type == CLI_OPT_LIST) {
			cli_list *l = (cli_list *)((char *)args + o->offset);
			free(l->items);
			l->items = NULL;
			l->n = 0;
		}
	}
}

/* ===================================================== help */

/* "  -s, --sortby KEY" into buf; returns its length. */
static size_t option_label(const cli_option *o, char *buf, size_t size)
{
	char sh[8] = "    ";
	if (o->short_name)
		snprintf(sh, sizeof sh, "-%c%s", o->short_name, o->long_name ? ", " : "");
	int n = snprintf(buf, size, "  %s%s%s%s%s", sh, o->long_name ? "--" : "",
			 o->long_name ? o->long_name : "", o->argh ? " " : "", o->argh ? o->argh : "");
	return n > 0 ? (size_t)n : 0;
}

/* Prints `text` from column `col` (the cursor is there), wrapped. */
static void print_wrapped(const char *text, size_t col)
{
	size_t x = col;
	const char *s = text;
	while (*s) {
		if (*s == '\n') {
			printf("\n%*s", (int)col, "");
			x = col;
			s++;
			continue;
		}
		if (*s == ' ') {
			s++;
			continue;
		}
		size_t w = strcspn(s, " \n");
		if (x > col && x + 1 + w > HELP_WIDTH) {
			printf("\n%*s", (int)col, "");
			x = col;
		}
		if (x > col) {
			putchar(' ');
			x++;
		}
		printf("%.*s", (int)w, s);
		x += w;
		s += w;
	}
	putchar('\n');
}

static void print_option(const cli_option *o, size_t col)
{
	char label[128];
	size_t n = option_label(o, label, sizeof label);
	fputs(label, stdout);
	if (n + 2 > col)
		printf("\n%*s", (int)col, "");
	else
		printf("%*s", (int)(col - n), "");
	print_wrapped(o->help ? o->help : "", col);
}

void cli_print_help(const cli_spec *c)
{
	char label[128];
	size_t col = 0, last = SIZE_MAX, last_group = SIZE_MAX, ngroups = 0, nusage = 0;
	for (size_t i = 0;; i++) {
		const cli_option *o = &c->options[i];
		const cli_option *x = o->type == CLI_OPT_END ? &help_option : o;
		size_t n = visible(x) ? option_label(x, label, sizeof label) + 2 : 0;
		if (n <= HELP_MAX_COLUMN && n > col)
			col = n;
		last = is_option(o) ? i : last;
		last_group = o->type == CLI_OPT_GROUP ? i : last_group;
		ngroups += o->type == CLI_OPT_GROUP;
		if (o->type == CLI_OPT_END)
			break;
	}
	if (last == SIZE_MAX)
		last = last_group;  /* no options: -h/--help under the heading */
	for (size_t i = 0;; i++) {
		const cli_option *o = &c->options[i];
		if (o->type == CLI_OPT_USAGE)
			printf("%s pstat-view %s\n", nusage++ ? "      " : "usage:", o->help);
		else if (o->type == CLI_OPT_TEXT)
			printf("\n%s", o->help);
		else if (o->type == CLI_OPT_GROUP)
			printf("\n%s\n", o->help);
		else if (visible(o))
			print_option(o, col);
		if (i == last || (o->type == CLI_OPT_END && last == SIZE_MAX)) {
			if (ngroups > 1)
				putchar('\n');  /* not in the last group */
			print_option(&help_option, col);
		}
		if (o->type == CLI_OPT_END)
			break;
	}
}

void cli_list_options(const cli_spec *c)
{
	for (const cli_option *o = c->options;; o++) {
		const cli_option *x = o->type == CLI_OPT_END ? &help_option : o;
		if (visible(x)) {
			printf("%s%s\t", x->long_name ? "--" : "", x->long_name ? x->long_name : "");
			if (x->short_name)
				printf("-%c", x->short_name);
			printf("\t%s\t", x->argh ? x->argh : "");
			for (const cli_choice *ch = x->choices; ch && ch->name; ch++)
				printf("%s%s", ch == x->choices ? "" : " ", ch->name);
			putchar('\n');
		}
		if (o->type == CLI_OPT_END)
			break;
	}
}
