/*
 * cmd_serve.c - `pstat-view serve`: the interactive viewer in a browser.
 *
 * Loads and merges the FILEs, starts the server (src/serve.c), prints the
 * URL, opens it with the desktop's opener and waits for Ctrl-C.  With
 * --export it writes the viewer as one static HTML file instead.
 *
 * Signals: SIGINT/SIGTERM/SIGHUP are blocked before the server starts
 * (its thread inherits the mask) and taken with sigwait(), so stopping is
 * an ordinary return through the cleanup path, never a handler.
 */
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "pv/api.h"
#include "pv/serve.h"

extern char **environ;

typedef struct serve_args {
	const char *host, *export_path, *base, *token;
	long port;
	int no_browser, verbose, no_token, strip;
	int match;  /* -1 until --match is given */
} serve_args;

static const cli_choice matches[] = {
	{ "exact", PV_DIFF_MATCH_EXACT }, { "name", PV_DIFF_MATCH_NAME }, { NULL, 0 },
};

/* --token: checked as the server will check it (usage error, 2) */
static int token_option(void *field, const char *v, char *why, size_t whylen)
{
	pv_error err;
	if (pv_server_token_check(v, &err) == 0) {
		*(const char **)field = v;
		return CLI_OK;
	}
	snprintf(why, whylen, "option '--token': %s", err.msg);
	return CLI_USAGE;
}

#define A(f) offsetof(serve_args, f)
static const cli_option options[] = {
	{ OPT_USAGE("serve [--host HOST] [--port N] [--token TOKEN | --no-token] [--no-browser] FILE...") },
	{ OPT_USAGE("serve --diff BASE NEW [--match HOW] [--strip-dirs] [--host HOST] [--port N] "
		    "[--no-browser]") },
	{ OPT_USAGE("serve --export OUT.html FILE...") },
	{ OPT_TEXT("Serves an interactive viewer of the profile (several FILEs are merged as\n"
		   "pstats.Stats(F1, F2, ...) merges them): sunburst and icicle charts of the\n"
		   "call tree, a callers view, pstats' table, search.  Prints the URL and opens\n"
		   "it in the desktop's browser.  Ctrl-C stops the server.\n") },
	{ OPT_GROUP("Options:") },
	{ OPT_STRING(0, "host", A(host), "HOST",
		     "address to listen on (default 127.0.0.1; anything but a loopback address "
		     "makes the profile visible to the network, behind a random token that the "
		     "printed URL carries)"), .flags = CLI_OPT_NONEMPTY },
	{ OPT_INT(0, "port", A(port), "N", "port to listen on (default 8080; 0 picks a free one)",
		  0, 65535) },
	{ OPT_FLAG(0, "no-browser", A(no_browser), "do not open a browser") },
	{ OPT_CALLBACK(0, "token", A(token), "TOKEN",
		       "the token requests must carry (letters, digits, - . _ ~), instead of a "
		       "random one; also on a loopback address, which has none by default",
		       token_option) },
	{ OPT_FLAG(0, "no-token", A(no_token),
		   "no token even on an address others can reach: anyone who reaches the port "
		   "can read the profile (a warning says so)") },
	{ OPT_STRING(0, "diff", A(base), "BASE NEW",
		     "serve NEW with its changes from BASE: each box coloured by its own change "
		     "(its time on the same path in BASE's tree: red slower, green faster), the "
		     "table with deltas and the functions only in BASE; /api/diff has them all"), .flags = CLI_OPT_ONCE | CLI_OPT_NONEMPTY },
	{ OPT_CHOICE(0, "match", A(match), "HOW",
		     "with --diff, as `pstat-view diff --match`: exact (default) matches "
		     "functions by (file, line, name); name by (basename of file, name), for "
		     "runs of other code or Python versions whose line numbers moved (functions "
		     "of one profile that share a basename and name are summed)",
		     matches) },
	{ OPT_FLAG(0, "strip-dirs", A(strip),
		   "remove directories from file names first (pstats' strip_dirs()), in both "
		   "profiles with --diff") },
	{ OPT_STRING(0, "export", A(export_path), "FILE",
		     "write the viewer with the profile inside as one HTML file that works "
		     "without a server, and exit"), .flags = CLI_OPT_NONEMPTY },
	{ OPT_FLAG('v', "verbose", A(verbose), NULL), .flags = CLI_OPT_HIDDEN },
	{ OPT_TEXT("Nothing but the given profile is served; see docs/api.md for the JSON API.\n"
		   "\n"
		   "On an address that is not loopback (--host 0.0.0.0), the server wants a token,\n"
		   "as Jupyter does: the printed URL carries it (http://HOST:PORT/?token=...); its\n"
		   "first visit sets a cookie (HttpOnly, SameSite=Strict) and drops the token from\n"
		   "the address bar.  Scripts send ?token= on /api/ URLs or an 'Authorization:\n"
		   "token TOKEN' header.  Anything else gets 403.  The traffic is plain HTTP: on an\n"
		   "untrusted network, prefer an SSH tunnel to a loopback server.\n") },
	{ OPT_END() },
};

static void init(void *args)
{
	serve_args *a = args;
	a->host = "127.0.0.1";
	a->port = 8080;
	a->match = -1;
}

/* Looks `name` up in PATH; returns 1 if an executable is found. */
static int in_path(const char *name)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];
	while (path && *path) {
		const char *colon = strchr(path, ':');
		size_t n = colon ? (size_t)(colon - path) : strlen(path);
		if (n && n + strlen(name) + 2 < sizeof buf) {
			memcpy(buf, path, n);
			buf[n] = '/';
			strcpy(buf + n + 1, name);
			if (access(buf, X_OK) == 0)
				return 1;
		}
		if (!colon)
			break;
		path = colon + 1;
	}
	return 0;
}

/*
 * Starts the desktop's opener on `url`, detached from our terminal, with
 * the signal mask cleared.  Only with a display: on a bare terminal
 * sensible-browser would start a text browser on our tty.  Returns the
 * child's pid, or -1 if none was started.
 */
static pid_t open_browser(const char *url)
{
	static const char *const openers[] = { "xdg-open", "sensible-browser" };
	if (!getenv("DISPLAY") && !getenv("WAYLAND_DISPLAY"))
		return -1;
	for (size_t i = 0; i < sizeof openers / sizeof openers[0]; i++) {
		if (!in_path(openers[i]))
			continue;
		posix_spawn_file_actions_t fa;
		posix_spawnattr_t at;
		sigset_t none;
		pid_t pid = -1;
		sigemptyset(&none);
		if (posix_spawn_file_actions_init(&fa) != 0)
			return -1;
		if (posix_spawnattr_init(&at) != 0) {
			posix_spawn_file_actions_destroy(&fa);
			return -1;
		}
		posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
		posix_spawnattr_setsigmask(&at, &none);
		posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK);
		char *argv[] = { (char *)openers[i], (char *)url, NULL };
		int rc = posix_spawnp(&pid, openers[i], &fa, &at, argv, environ);
		posix_spawn_file_actions_destroy(&fa);
		posix_spawnattr_destroy(&at);
		if (rc == 0)
			return pid;
	}
	return -1;
}

static void log_line(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "pstat-view serve: %s\n", msg);
}

static int run(void *args, char **files, size_t nfiles)
{
	serve_args *a = args;
	pv_server_config cfg = { a->host, (unsigned)a->port, 0, 0, NULL, NULL, a->token,
				 a->no_token,
				 a->match < 0 ? PV_DIFF_MATCH_EXACT : (pv_diff_match)a->match };
	const char *export_path = a->export_path;
	/* --diff BASE NEW: NEW is the one file */
	char *diff_files[2] = { (char *)a->base, a->base && nfiles ? files[0] : NULL };
	if (a->token && a->no_token)
		return cli_usage_error("serve", "options '--token' and '--no-token' exclude each other");
	if (a->base && nfiles == 0)
		return cli_usage_error("serve", "--diff needs two profiles: BASE NEW");
	if (a->match >= 0 && !a->base)
		return cli_usage_error("serve", "--match needs --diff BASE NEW");
	pv_profile *base = NULL, *p;
	if (diff_files[0]) {
		if (nfiles > 1)
			return cli_usage_error("serve", "--diff takes BASE NEW and no other FILE");
		if (export_path)
			return cli_usage_error("serve", "--diff and --export cannot be combined");
		base = cli_load_profiles_strip(diff_files, 1, a->strip);
		if (!base)
			return CLI_ERR;
		p = cli_load_profiles_strip(diff_files + 1, 1, a->strip);
		if (!p) {
			pv_profile_free(base);
			return CLI_ERR;
		}
	} else {
		if (nfiles == 0)
			return cli_usage_error("serve", "no profile given");
		p = cli_load_profiles_strip(files, nfiles, a->strip);
		if (!p)
			return CLI_ERR;
	}

	int rc = CLI_OK;
	pv_error err;
	if (export_path) {
		pv_buf b = PV_BUF_INIT;
		if (pv_api_static_page(p, &b, &err))
			rc = cli_error("cannot export: %s", err.msg);
		else
			rc = cli_write_file_atomic(export_path, b.data, b.len);
		pv_buf_release(&b);
		pv_profile_free(p);
		return rc;
	}

	/*
	 * A shell without job control starts background commands with SIGINT
	 * ignored, and an ignored signal never reaches sigwait(): take INT and
	 * TERM back.  An ignored HUP (nohup) stays ignored.
	 */
	sigset_t stop;
	struct sigaction dfl, old;
	memset(&dfl, 0, sizeof dfl);
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&dfl.sa_mask);
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	if (sigaction(SIGHUP, NULL, &old) == 0 && old.sa_handler != SIG_IGN)
		sigaddset(&stop, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	sigaction(SIGINT, &dfl, NULL);
	sigaction(SIGTERM, &dfl, NULL);

	if (a->verbose)
		cfg.log = log_line;
	pv_server *srv = base ? pv_server_start_diff(base, diff_files[0], p, &cfg, &err)
			      : pv_server_start(p, &cfg, &err);
	if (!srv) {
		rc = cli_error("%s", err.msg);
		goto out;
	}
	if (a->no_token && !pv_server_loopback(srv))
		fprintf(stderr, "pstat-view serve: warning: --no-token: anyone who can reach '%s' "
				"port %u can read the profile\n",
			a->host, pv_server_port(srv));
	if (base)
		printf("Serving %s (diff from %s) at %s (Ctrl-C to stop)\n", diff_files[1],
		       diff_files[0], pv_server_url(srv));
	else
		printf("Serving %s at %s (Ctrl-C to stop)\n",
		       nfiles > 1 ? "merged profiles" : files[0], pv_server_url(srv));
	if (pv_server_token(srv) && (strcmp(a->host, "0.0.0.0") == 0 || strcmp(a->host, "::") == 0))
		printf("From another machine: http://ADDRESS:%u/?token=%s with this machine's "
		       "IP address\n",
		       pv_server_port(srv), pv_server_token(srv));
	fflush(stdout);
	pid_t opener = !a->no_browser ? open_browser(pv_server_url(srv)) : -1;

	int sig = 0;
	sigwait(&stop, &sig); /* fails only for a bad set */
	pv_server_stop(srv);
	if (opener > 0)
		waitpid(opener, NULL, WNOHANG);
	printf("Stopped.\n");
out:
	pv_profile_free(p);
	pv_profile_free(base);
	return rc;
}

const cli_command cmd_serve = {
	.spec = { "serve", "interactive sunburst/icicle viewer in the browser", options, 0, 0 },
	.args_size = sizeof(serve_args), .init = init, .run = run,
};
