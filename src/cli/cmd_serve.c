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

const char cmd_serve_usage[] =
	"usage: pstat-view serve [--host HOST] [--port N] [--no-browser] FILE...\n"
	"       pstat-view serve --diff BASE NEW [--host HOST] [--port N] [--no-browser]\n"
	"       pstat-view serve --export OUT.html FILE...\n"
	"\n"
	"Serves an interactive viewer of the profile (several FILEs are merged as\n"
	"pstats.Stats(F1, F2, ...) merges them): sunburst and icicle charts of the\n"
	"call tree, a callers view, pstats' table, search.  Prints the URL and opens\n"
	"it in the desktop's browser.  Ctrl-C stops the server.\n"
	"\n"
	"Options:\n"
	"  --host HOST      address to listen on (default 127.0.0.1; anything but a\n"
	"                   loopback address makes the profile visible to the network)\n"
	"  --port N         port to listen on (default 8080; 0 picks a free one)\n"
	"  --no-browser     do not open a browser\n"
	"  --diff BASE NEW  serve NEW with its changes from BASE: boxes coloured by\n"
	"                   the change of their cumtime (red slower, green faster),\n"
	"                   the table with deltas; /api/diff has them all\n"
	"  --export FILE    write the viewer with the profile inside as one HTML\n"
	"                   file that works without a server, and exit\n"
	"\n"
	"Nothing but the given profile is served; see docs/api.md for the JSON API.\n";

static int parse_port(const char *s, unsigned *out)
{
	unsigned long v = 0;
	if (!*s || strlen(s) > 5)
		return -1;
	for (const char *c = s; *c; c++) {
		if (*c < '0' || *c > '9')
			return -1;
		v = v * 10 + (unsigned long)(*c - '0');
	}
	if (v > 65535)
		return -1;
	*out = (unsigned)v;
	return 0;
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

int cmd_serve(int argc, char **argv)
{
	pv_server_config cfg = { "127.0.0.1", 8080, 0, 0, NULL, NULL };
	const char *export_path = NULL;
	char *diff_files[2] = { NULL, NULL };
	int browser = 1, verbose = 0, i;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = NULL;
		if (strcmp(a, "--") == 0) {
			i++;
			break;
		}
		if (a[0] != '-' || a[1] == 0)
			break;
		const char *eq = strchr(a, '=');
		size_t klen = eq ? (size_t)(eq - a) : strlen(a);
		int takes = (klen == 6 && strncmp(a, "--host", 6) == 0) ||
			    (klen == 6 && strncmp(a, "--port", 6) == 0) ||
			    (klen == 8 && strncmp(a, "--export", 8) == 0);
		if (takes) {
			if (eq)
				val = eq + 1;
			else if (i + 1 < argc)
				val = argv[++i];
			else
				return cli_usage_error("serve", "option '%.*s' needs a value",
						       (int)klen, a);
		} else if (eq && !(klen == 6 && strncmp(a, "--diff", 6) == 0)) {
			return cli_usage_error("serve", "unknown option '%s'", a);
		}
		if (takes && strncmp(a, "--host", 6) == 0) {
			if (!*val)
				return cli_usage_error("serve", "--host needs a name or address");
			cfg.host = val;
		} else if (takes && strncmp(a, "--port", 6) == 0) {
			if (parse_port(val, &cfg.port))
				return cli_usage_error("serve", "bad port '%s' (0 to 65535)", val);
		} else if (takes) {
			if (!*val)
				return cli_usage_error("serve", "--export needs a file name");
			export_path = val;
		} else if (klen == 6 && strncmp(a, "--diff", 6) == 0) {
			/* --diff BASE NEW, or --diff=BASE NEW */
			if (diff_files[0])
				return cli_usage_error("serve", "--diff given twice");
			if (eq)
				diff_files[0] = (char *)(eq + 1);
			else if (i + 1 < argc)
				diff_files[0] = argv[++i];
			if (i + 1 >= argc || !diff_files[0] || !*diff_files[0])
				return cli_usage_error("serve", "--diff needs two profiles: BASE NEW");
			diff_files[1] = argv[++i];
		} else if (strcmp(a, "--no-browser") == 0) {
			browser = 0;
		} else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0) {
			verbose = 1;
		} else {
			return cli_usage_error("serve", "unknown option '%s'", a);
		}
	}
	pv_profile *base = NULL, *p;
	if (diff_files[0]) {
		if (i < argc)
			return cli_usage_error("serve", "--diff takes BASE NEW and no other FILE");
		if (export_path)
			return cli_usage_error("serve", "--diff and --export cannot be combined");
		base = cli_load_profiles(diff_files, 1);
		if (!base)
			return CLI_ERR;
		p = cli_load_profiles(diff_files + 1, 1);
		if (!p) {
			pv_profile_free(base);
			return CLI_ERR;
		}
	} else {
		if (i >= argc)
			return cli_usage_error("serve", "no profile given");
		p = cli_load_profiles(argv + i, (size_t)(argc - i));
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

	if (verbose)
		cfg.log = log_line;
	pv_server *srv = base ? pv_server_start_diff(base, diff_files[0], p, &cfg, &err)
			      : pv_server_start(p, &cfg, &err);
	if (!srv) {
		rc = cli_error("%s", err.msg);
		goto out;
	}
	if (base)
		printf("Serving %s (diff from %s) at %s (Ctrl-C to stop)\n", diff_files[1],
		       diff_files[0], pv_server_url(srv));
	else
		printf("Serving %s at %s (Ctrl-C to stop)\n",
		       argc - i > 1 ? "merged profiles" : argv[i], pv_server_url(srv));
	fflush(stdout);
	pid_t opener = browser ? open_browser(pv_server_url(srv)) : -1;

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
