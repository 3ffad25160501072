/*
 * cmd_shell.c - `pstat-view shell`: the interactive browser of
 * `python -m pstats` (its ProfileBrowser, a cmd.Cmd), with the same
 * commands and the same output.  Reads commands from a terminal with a
 * small built-in line editor, or from standard input (scripts): then the
 * prompt is written to standard output before each line, as Python's
 * input() does.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "pv/grow.h"
#include "commands.h"
#include "pv/query.h"
#include "pv/report.h"

typedef struct shell {
	pv_profile *prof;
	char *prompt;           /* "% " or "FILE% " */
	pv_sort_key *keys;      /* sort_stats() keys; NULL: no sort (fcn_list None) */
	size_t nkeys;
	char *sample_key;       /* per key: 1 if typed as samples/nsamples (a
	                           sampled profile's "sample count"), or NULL */
	int reversed;
	char *lastcmd;
	pv_buf out;
} shell;

static void flush_out(shell *sh)
{
	if (sh->out.len) {
		if (fwrite(sh->out.data, 1, sh->out.len, stdout) != sh->out.len) {
			/* a closed pipe: nothing more to say */
		}
	}
	if (!pv_buf_ok(&sh->out)) {
		/* this command's output was cut short; the next one starts afresh */
		fputs("Error: out of memory\n", stdout);
		pv_buf_release(&sh->out);
	}
	pv_buf_reset(&sh->out);
	fflush(stdout);
}

static void say(shell *sh, const char *s)
{
	pv_buf_puts(&sh->out, s);
	pv_buf_putc(&sh->out, '\n');
}

static void forget_sort(shell *sh)
{
	free(sh->keys);
	free(sh->sample_key);
	sh->sample_key = NULL;
	sh->keys = NULL;
	sh->nkeys = 0;
	sh->reversed = 0;
}

/* Python's str.split(): runs of whitespace separate words. */
static size_t split_words(char *s, char ***words)
{
	size_t n = 0, cap = 8;
	char **w = malloc(cap * sizeof(*w));
	if (!w)
		return 0;
	for (char *p = s; *p;) {
		while (*p && strchr(" \t\n\r\v\f", *p))
			p++;
		if (!*p)
			break;
		if (pv_grow((void **)&w, &cap, n + 1, sizeof *w) < 0)
			break;
		w[n++] = p;
		while (*p && !strchr(" \t\n\r\v\f", *p))
			p++;
		if (*p)
			*p++ = '\0';
	}
	*words = w;
	return n;
}

static void strip_ws(char **s)
{
	char *p = *s;
	while (*p && strchr(" \t\n\r\v\f", *p))
		p++;
	size_t n = strlen(p);
	while (n && strchr(" \t\n\r\v\f", p[n - 1]))
		p[--n] = '\0';
	*s = p;
}

/* Python's int(term): [+-]digits with single underscores between digits. */
static int py_int(const char *s, long long *out)
{
	const char *p = s;
	int neg = 0;
	unsigned long long v = 0;
	int overflow = 0, ndig = 0;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (!(*p >= '0' && *p <= '9'))
		return 0;
	for (; *p; p++) {
		if (*p == '_') {
			if (!(p[1] >= '0' && p[1] <= '9'))
				return 0;
			continue;
		}
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		ndig++;
		if (v > (ULLONG_MAX - 9) / 10)
			overflow = 1;
		else
			v = v * 10 + (unsigned)(*p - '0');
	}
	if (overflow || v > (unsigned long long)LLONG_MAX)
		*out = neg ? LLONG_MIN : LLONG_MAX;
	else
		*out = neg ? -(long long)v : (long long)v;
	return ndig > 0;
}

/* Python's float(term), for the forms people type. */
static int py_float(const char *s, double *out)
{
	char buf[256];
	size_t n = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '_')
			continue;
		if (*p == 'x' || *p == 'X' || *p == 'p' || *p == 'P' || *p == '(')
			return 0;
		if (n + 1 >= sizeof(buf))
			return 0;
		buf[n++] = *p;
	}
	buf[n] = '\0';
	if (n == 0)
		return 0;
	char *end;
	*out = strtod(buf, &end);
	return *end == '\0';
}

static int loaded(shell *sh)
{
	if (!sh->prof) {
		say(sh, "No statistics object is loaded.");
		return 0;
	}
	return 1;
}

/*
 * "Ordered by: ..." as 3.15's SampledStats says it: its keys samples and
 * nsamples sort as calls does but are described as "sample count".
 */
static int sampled_order(shell *sh, pv_selection *sel, pv_error *err)
{
	if (!sh->sample_key || !sel->sorted)
		return 0;
	pv_buf b = PV_BUF_INIT;
	for (size_t i = 0; i < sh->nkeys; i++) {
		if (i)
			pv_buf_puts(&b, ", ");
		pv_buf_puts(&b, sh->sample_key[i] ? "sample count"
						  : pv_sort_key_description(sh->keys[i]));
	}
	pv_buf_putc(&b, '\0');
	if (!pv_buf_ok(&b)) {
		pv_buf_release(&b);
		return pv_error_set(err, "out of memory");
	}
	free(sel->ordered_by);
	sel->ordered_by = b.data;  /* the selection owns it now */
	return 0;
}

/*
 * A sort word of 3.15's SampledStats, whose table `python -m pstats`
 * installs for a sampled file: whole words only (its table is not
 * expanded to prefixes, though the listing says so), samples/nsamples for
 * calls, psamples for pcalls, no calls/ncalls/pcalls/file.  Returns 0 and
 * sets *k (and *sample for a samples word), or -1.
 */
static int sampled_sort_word(const char *w, pv_sort_key *k, char *sample)
{
	static const char *const same[] = { "cumtime", "cumulative", "filename", "line", "module",
					    "name", "nfl", "stdname", "time", "tottime" };
	pv_error err;
	*sample = 0;
	if (strcmp(w, "samples") == 0 || strcmp(w, "nsamples") == 0) {
		*sample = 1;
		return pv_sort_key_parse("calls", k, &err);
	}
	if (strcmp(w, "psamples") == 0)
		return pv_sort_key_parse("pcalls", k, &err);
	for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
		if (strcmp(w, same[i]) == 0)
			return pv_sort_key_parse(w, k, &err);
	return -1;
}

/* ProfileBrowser.generic(): stats / callers / callees */
static void do_generic(shell *sh, pv_report_mode mode, char *arg)
{
	char **words = NULL;
	size_t nw = split_words(arg, &words);
	pv_restriction *lim = calloc(nw + 1, sizeof(*lim));
	size_t nl = 0;
	pv_error err;
	if (!lim) {
		free(words);
		say(sh, "out of memory");
		return;
	}
	for (size_t i = 0; i < nw; i++) {
		long long iv;
		double dv;
		if (py_int(words[i], &iv)) {
			pv_restriction_count(&lim[nl++], iv);
		} else if (py_float(words[i], &dv)) {
			if (dv > 1 || dv < 0) {
				say(sh, "Fraction argument must be in [0, 1]");
				continue;
			}
			pv_restriction_fraction(&lim[nl++], dv);
		} else if (pv_restriction_regex(&lim[nl], words[i], &err) == 0) {
			nl++;
		}
	}
	if (loaded(sh)) {
		pv_query q = { sh->keys, sh->keys ? sh->nkeys : 0, sh->reversed, lim, nl };
		pv_selection sel = PV_SELECTION_INIT;
		if (pv_query_run(sh->prof, &q, &sel, &err) < 0 || sampled_order(sh, &sel, &err) < 0 ||
		    pv_report_selection(sh->prof, &q, &sel, mode, PV_FORMAT_TEXT, &sh->out,
					&err) < 0) {
			pv_buf_puts(&sh->out, "Error: ");
			say(sh, err.msg);
		}
		pv_selection_release(&sel);
	}
	for (size_t i = 0; i < nl; i++)
		pv_restriction_release(&lim[i]);
	free(lim);
	free(words);
}

static void generic_help(shell *sh)
{
	say(sh, "Arguments may be:");
	say(sh, "* An integer maximum number of entries to print.");
	say(sh, "* A decimal fractional number between 0 and 1, controlling");
	say(sh, "  what fraction of selected entries to print.");
	say(sh, "* A regular expression; only entries with function names");
	say(sh, "  that match it are printed.");
}

/* Loads a profile; on failure says what Python's browser would say. */
static pv_profile *load_one(shell *sh, const char *path, int for_add)
{
	FILE *f = fopen(path, "rb");
	pv_error err;
	if (!f) {
		int e = errno;
		if (for_add) {
			pv_buf_printf(&sh->out, "Failed to load statistics for %s: [Errno %d] %s: ",
				      path, e, strerror(e));
			pv_str_repr(path, strlen(path), &sh->out);
			pv_buf_putc(&sh->out, '\n');
		} else {
			say(sh, strerror(e));
		}
		return NULL;
	}
	fclose(f);
	pv_profile *p = pv_profile_load(path, &err);
	if (!p) {
		if (for_add)
			pv_buf_printf(&sh->out, "Failed to load statistics for %s: ", path);
		if (err.offset >= 0)
			pv_buf_printf(&sh->out, "%s at byte %lld\n", err.msg, err.offset);
		else
			say(sh, err.msg);
	}
	return p;
}

static void do_read(shell *sh, const char *arg)
{
	if (*arg) {
		pv_profile *p = load_one(sh, arg, 0);
		if (!p)
			return;
		char *np = malloc(strlen(arg) + 3);
		if (!np) {
			pv_profile_free(p);
			say(sh, "out of memory");
			return;
		}
		sprintf(np, "%s%% ", arg);
		pv_profile_free(sh->prof);
		sh->prof = p;
		forget_sort(sh);
		free(sh->prompt);
		sh->prompt = np;
	} else if (strlen(sh->prompt) > 2) {
		size_t n = strlen(sh->prompt) - 2;
		char *name = malloc(n + 1);
		if (!name)
			return;
		memcpy(name, sh->prompt, n);
		name[n] = '\0';
		do_read(sh, name);
		free(name);
	} else {
		say(sh, "No statistics object is current -- cannot reload.");
	}
}

static void do_add(shell *sh, const char *arg)
{
	pv_error err;
	if (!loaded(sh))
		return;
	pv_profile *p = load_one(sh, arg, 1);
	if (!p)
		return;
	if (pv_profile_add(sh->prof, p, &err) < 0) {
		pv_buf_printf(&sh->out, "Failed to load statistics for %s: ", arg);
		say(sh, err.msg);
	} else {
		forget_sort(sh);
	}
	pv_profile_free(p);
}

static void do_sort(shell *sh, char *arg)
{
	char **words = NULL;
	pv_error err;
	if (!loaded(sh))
		return;
	size_t nw = split_words(arg, &words);
	pv_sort_key *keys = calloc(nw + 1, sizeof(*keys));
	char *sample = calloc(nw + 1, 1);
	int ok = nw > 0 && keys && sample, any_sample = 0;
	int sampled = pv_profile_is_sampled(sh->prof);
	for (size_t i = 0; ok && i < nw; i++) {
		if (sampled ? sampled_sort_word(words[i], &keys[i], &sample[i]) < 0
			    : pv_sort_key_parse(words[i], &keys[i], &err) < 0)
			ok = 0;
		else
			any_sample |= sample[i];
	}
	free(words);
	if (ok) {
		forget_sort(sh);
		sh->keys = keys;
		sh->nkeys = nw;
		if (any_sample)
			sh->sample_key = sample;
		else
			free(sample);
		return;
	}
	free(keys);
	free(sample);
	/* the listing is Stats' table, also for a sampled file (as in 3.15) */
	say(sh, "Valid sort keys (unique prefixes are accepted):");
	pv_sort_key k;
	const char *w;
	for (size_t i = 0; (w = pv_sort_word_at(i, &k)) != NULL; i++)
		pv_buf_printf(&sh->out, "%s -- %s\n", w, pv_sort_key_description(k));
}

static const struct {
	const char *name;
	const char *text;
	int generic;
} helps[] = {
	{ "EOF", "Leave the profile browser.", 0 },
	{ "add", "Add profile info from given file to current statistics object.", 0 },
	{ "callees", "Print callees statistics from the current stat object.", 1 },
	{ "callers", "Print callers statistics from the current stat object.", 1 },
	{ "help", "Show help for a given command.", 0 },
	{ "quit", "Leave the profile browser.", 0 },
	{ "read", "Read in profile data from a specified file.\n"
		  "Without argument, reload the current file.", 0 },
	{ "reverse", "Reverse the sort order of the profiling report.", 0 },
	{ "sort", "Sort profile data according to specified keys.\n"
		  "(Typing `sort' without arguments lists valid keys.)", 0 },
	{ "stats", "Print statistics from the current stat object.", 1 },
	{ "strip", "Strip leading path information from filenames in the report.", 0 },
};

static void do_help(shell *sh, const char *arg)
{
	if (!*arg) {
		say(sh, "");
		say(sh, "Documented commands (type help <topic>):");
		say(sh, "========================================");
		say(sh, "EOF  add  callees  callers  help  quit  read  reverse  sort  stats  strip");
		say(sh, "");
		return;
	}
	for (size_t i = 0; i < sizeof(helps) / sizeof(helps[0]); i++) {
		if (strcmp(arg, helps[i].name) == 0) {
			say(sh, helps[i].text);
			if (helps[i].generic)
				generic_help(sh);
			return;
		}
	}
	pv_buf_printf(&sh->out, "*** No help on %s\n", arg);
}

static int is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* cmd.Cmd.onecmd(): returns 1 to stop. */
static int onecmd(shell *sh, const char *input)
{
	char *buf = malloc(strlen(input) + 6);
	char *line, *arg;
	int stop = 0;
	if (!buf)
		return 0;
	strcpy(buf + 5, input);
	line = buf + 5;
	strip_ws(&line);
	if (!*line) {
		/* emptyline(): repeat the last command */
		if (sh->lastcmd && *sh->lastcmd) {
			char *again = strdup(sh->lastcmd);
			if (again)
				stop = onecmd(sh, again);
			free(again);
		}
		free(buf);
		return stop;
	}
	if (line[0] == '?') {
		/* 'help ' + line[1:] */
		line -= 4;
		memcpy(line, "help ", 5);
	} else if (line[0] == '!') {
		pv_buf_printf(&sh->out, "*** Unknown syntax: %s\n", line);
		free(buf);
		return 0;
	}
	size_t i = 0;
	while (line[i] && is_ident(line[i]))
		i++;
	arg = line + i;
	strip_ws(&arg);
	char *cmd = strndup(line, i);
	free(sh->lastcmd);
	sh->lastcmd = strcmp(line, "EOF") == 0 ? NULL : strdup(line);
	if (!cmd) {
		free(buf);
		return 0;
	}
	if (strcmp(cmd, "stats") == 0) {
		do_generic(sh, PV_REPORT_STATS, arg);
	} else if (strcmp(cmd, "callers") == 0) {
		do_generic(sh, PV_REPORT_CALLERS, arg);
	} else if (strcmp(cmd, "callees") == 0) {
		do_generic(sh, PV_REPORT_CALLEES, arg);
	} else if (strcmp(cmd, "sort") == 0) {
		do_sort(sh, arg);
	} else if (strcmp(cmd, "reverse") == 0) {
		if (loaded(sh) && sh->keys)
			sh->reversed = !sh->reversed;
	} else if (strcmp(cmd, "strip") == 0) {
		pv_error err;
		if (loaded(sh)) {
			if (pv_profile_strip_dirs(sh->prof, &err) < 0)
				say(sh, err.msg);
			else
				forget_sort(sh);
		}
	} else if (strcmp(cmd, "add") == 0) {
		do_add(sh, arg);
	} else if (strcmp(cmd, "read") == 0) {
		do_read(sh, arg);
	} else if (strcmp(cmd, "help") == 0) {
		do_help(sh, arg);
	} else if (strcmp(cmd, "quit") == 0) {
		stop = 1;
	} else if (strcmp(cmd, "EOF") == 0) {
		say(sh, "");
		stop = 1;
	} else {
		pv_buf_printf(&sh->out, "*** Unknown syntax: %s\n", line);
	}
	free(cmd);
	free(buf);
	return stop;
}

/* ===================================================== line input */

static struct termios saved_tio;
static volatile sig_atomic_t tio_saved;

static void restore_tty(void)
{
	if (tio_saved) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tio);
		tio_saved = 0;
	}
}

typedef struct history {
	char **lines;
	size_t n, cap;
} history;

static void redraw(const char *prompt, const char *b, size_t len, size_t pos)
{
	/* columns from the cursor to the end, in characters */
	size_t back = 0;
	for (size_t i = pos; i < len; i++)
		if (((unsigned char)b[i] & 0xC0) != 0x80)
			back++;
	printf("\r%s", prompt);
	fwrite(b, 1, len, stdout);
	printf("\x1b[K");
	if (back)
		printf("\x1b[%zuD", back);
	fflush(stdout);
}

/*
 * Reads a line on a terminal with basic editing.  Returns a malloc'd line,
 * or NULL at EOF (Ctrl-D on an empty line); *interrupted is set on Ctrl-C.
 */
static char *edit_line(const char *prompt, history *h, int *interrupted)
{
	struct termios raw;
	size_t cap = 128, len = 0, pos = 0, hpos = h->n;
	char *b = malloc(cap);
	char *result = NULL;
	if (!b)
		return NULL;
	if (tcgetattr(STDIN_FILENO, &saved_tio) != 0) {
		free(b);
		return NULL;
	}
	raw = saved_tio;
	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
	raw.c_iflag &= ~(tcflag_t)(IXON | ICRNL);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);
	tio_saved = 1;
	redraw(prompt, b, len, pos);
	for (;;) {
		unsigned char c;
		ssize_t r = read(STDIN_FILENO, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (len)
				goto done;
			goto eof;
		}
		if (c == '\r' || c == '\n') {
			goto done;
		} else if (c == 3) {
			*interrupted = 1;
			goto eof;
		} else if (c == 4) {
			if (len == 0)
				goto eof;
			if (pos < len) {
				size_t n = 1;
				while (pos + n < len && ((unsigned char)b[pos + n] & 0xC0) == 0x80)
					n++;
				memmove(b + pos, b + pos + n, len - pos - n);
				len -= n;
			}
		} else if (c == 127 || c == 8) {
			if (pos > 0) {
				size_t n = 1;
				while (pos - n > 0 && ((unsigned char)b[pos - n] & 0xC0) == 0x80)
					n++;
				memmove(b + pos - n, b + pos, len - pos);
				pos -= n;
				len -= n;
			}
		} else if (c == 1) {
			pos = 0;
		} else if (c == 5) {
			pos = len;
		} else if (c == 2) {
			while (pos > 0 && ((unsigned char)b[--pos] & 0xC0) == 0x80)
				;
		} else if (c == 6) {
			if (pos < len)
				while (++pos < len && ((unsigned char)b[pos] & 0xC0) == 0x80)
					;
		} else if (c == 11) {
			len = pos;
		} else if (c == 21) {
			memmove(b, b + pos, len - pos);
			len -= pos;
			pos = 0;
		} else if (c == 23) {
			size_t s = pos;
			while (s > 0 && b[s - 1] == ' ')
				s--;
			while (s > 0 && b[s - 1] != ' ')
				s--;
			memmove(b + s, b + pos, len - pos);
			len -= pos - s;
			pos = s;
		} else if (c == 12) {
			printf("\x1b[H\x1b[2J");
		} else if (c == 27) {
			unsigned char seq[3];
			if (read(STDIN_FILENO, &seq[0], 1) != 1 || read(STDIN_FILENO, &seq[1], 1) != 1)
				continue;
			if (seq[0] != '[' && seq[0] != 'O')
				continue;
			if (seq[1] >= '0' && seq[1] <= '9') {
				if (read(STDIN_FILENO, &seq[2], 1) != 1)
					continue;
				if (seq[2] == '~' && (seq[1] == '1' || seq[1] == '7'))
					pos = 0;
				else if (seq[2] == '~' && (seq[1] == '4' || seq[1] == '8'))
					pos = len;
				else if (seq[2] == '~' && seq[1] == '3' && pos < len) {
					size_t n = 1;
					while (pos + n < len && ((unsigned char)b[pos + n] & 0xC0) == 0x80)
						n++;
					memmove(b + pos, b + pos + n, len - pos - n);
					len -= n;
				}
			} else if (seq[1] == 'C') {
				if (pos < len)
					while (++pos < len && ((unsigned char)b[pos] & 0xC0) == 0x80)
						;
			} else if (seq[1] == 'D') {
				while (pos > 0 && ((unsigned char)b[--pos] & 0xC0) == 0x80)
					;
			} else if (seq[1] == 'H') {
				pos = 0;
			} else if (seq[1] == 'F') {
				pos = len;
			} else if ((seq[1] == 'A' && hpos > 0) || (seq[1] == 'B' && hpos < h->n)) {
				hpos = seq[1] == 'A' ? hpos - 1 : hpos + 1;
				const char *src = hpos < h->n ? h->lines[hpos] : "";
				size_t n = strlen(src);
				if (n + 1 > cap) {
					char *nb = realloc(b, n + 1);
					if (!nb)
						continue;
					b = nb;
					cap = n + 1;
				}
				memcpy(b, src, n);
				len = pos = n;
			}
		} else if (c >= 32 || c == '\t') {
			if (len + 2 > cap) {
				char *nb = realloc(b, cap * 2);
				if (!nb)
					continue;
				b = nb;
				cap *= 2;
			}
			memmove(b + pos + 1, b + pos, len - pos);
			b[pos++] = (char)c;
			len++;
		}
		redraw(prompt, b, len, pos);
	}
done:
	b[len] = '\0';
	result = b;
	b = NULL;
	if (len && h->n < 10000) {
		if (pv_grow((void **)&h->lines, &h->cap, h->n + 1, sizeof *h->lines) == 0) {
			h->lines[h->n] = strdup(result);
			if (h->lines[h->n])
				h->n++;
		}
	}
eof:
	restore_tty();
	printf("\r\n");
	fflush(stdout);
	free(b);
	return result;
}

/* Python's input(prompt) when stdin is not a terminal. */
static char *plain_line(const char *prompt)
{
	char *line = NULL;
	size_t cap = 0;
	fputs(prompt, stdout);
	fflush(stdout);
	ssize_t n = getline(&line, &cap, stdin);
	if (n < 0) {
		free(line);
		return NULL;
	}
	if (n > 0 && line[n - 1] == '\n')
		line[n - 1] = '\0';
	return line;
}

static int run(void *args, char **files, size_t nfiles)
{
	shell sh;
	history h = { NULL, 0, 0 };
	int tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	int interrupted = 0;

	(void)args;
	memset(&sh, 0, sizeof(sh));
	sh.prompt = strdup("% ");
	if (!sh.prompt)
		return cli_error("out of memory");
	for (size_t i = 0; i < nfiles; i++) {
		if (i == 0)
			do_read(&sh, files[i]);
		else
			do_add(&sh, files[i]);
	}
	say(&sh, "Welcome to the profile statistics browser.");
	flush_out(&sh);
	for (;;) {
		char *line = tty ? edit_line(sh.prompt, &h, &interrupted) : plain_line(sh.prompt);
		if (interrupted)
			break;
		int stop = onecmd(&sh, line ? line : "EOF");
		free(line);
		flush_out(&sh);
		if (stop) {
			say(&sh, "Goodbye.");
			flush_out(&sh);
			break;
		}
	}
	for (size_t i = 0; i < h.n; i++)
		free(h.lines[i]);
	free(h.lines);
	forget_sort(&sh);
	free(sh.lastcmd);
	free(sh.prompt);
	pv_profile_free(sh.prof);
	pv_buf_release(&sh.out);
	return CLI_OK;
}

static const cli_option options[] = {
	{ OPT_USAGE("shell [FILE...]") },
	{ OPT_TEXT("The interactive profile browser of 'python -m pstats FILE...': reads the\n"
		   "first FILE, adds the others, then reads commands:\n"
		   "  stats [N|FRACTION|REGEX]...    print_stats with these restrictions\n"
		   "  callers [...], callees [...]   print_callers / print_callees\n"
		   "  sort KEY...                    sort_stats (no KEY: list the keys)\n"
		   "  reverse, strip                 reverse_order / strip_dirs\n"
		   "  add FILE, read [FILE]          add a profile / read (or reload) one\n"
		   "  help [COMMAND], ?              the browser's own help\n"
		   "  quit, EOF (Ctrl-D)             leave\n"
		   "An empty line repeats the last command.  Output is what Python 3.11's\n"
		   "browser prints, except that unreadable files give pstat-view's one-line\n"
		   "error instead of a Python exception.  On a terminal, lines can be edited\n"
		   "(arrows, Home/End, Ctrl-A/E/K/U/W, history with Up/Down); from a pipe the\n"
		   "commands are read line by line.\n") },
	{ OPT_GROUP("Options:") },
	{ OPT_TEXT("Exit status: 0 when the browser is left, 2 usage error.\n") },
	{ OPT_END() },
};
const cli_command cmd_shell = {
	.spec = { "shell", "interactive profile browser (python -m pstats)", options, 0, 0 },
	.run = run,
};
