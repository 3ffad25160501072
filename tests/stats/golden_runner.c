/*
 * golden_runner.c - runs the data-driven golden cases of `pstat-view
 * stats` (format: see make_golden.py).
 *
 * usage: golden_runner PSTAT_VIEW DATA_DIR WORK_DIR GOLDEN_FILE [CASE]
 *
 * Copies DATA_DIR to WORK_DIR, sets every file's mtime to 0 (the report
 * header prints it), then runs each case (or only CASE) with WORK_DIR as
 * the current directory and TZ=UTC, and compares exit status and stdout
 * byte for byte.  A failing case prints `diff -u expected actual` (the two
 * files stay in WORK_DIR).  Closes with "golden FILE: N passed, N failed";
 * exits 1 if any case failed, 2 on a bad golden file.
 */
#define _XOPEN_SOURCE 700
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;
	if (!f)
		return NULL;
	for (;;) {
		if (n + 65536 > cap) {
			cap = (n + 65536) * 2;
			char *nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		size_t r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
		if (r == 0)
			break;
	}
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static int set_mtime0(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_F) {
		struct timespec ts[2] = { { 0, 0 }, { 0, 0 } };
		if (utimensat(AT_FDCWD, path, ts, 0) != 0) {
			perror(path);
			return 1;
		}
	}
	return 0;
}

/*
 * Runs argv in dir with standard input from `in` (or /dev/null); captures
 * stdout into *out.  Returns the exit status.
 */
static int run(char *const *argv, const char *dir, const char *in, char **out, size_t *outlen)
{
	int fds[2];
	if (pipe(fds) != 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 1);
		close(fds[1]);
		int null = open(in ? in : "/dev/null", O_RDONLY);
		if (null >= 0)
			dup2(null, 0);
		if (chdir(dir) != 0)
			_exit(127);
		int err = open(".stderr", O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (err >= 0)
			dup2(err, 2);
		setenv("TZ", "UTC", 1);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);
	for (;;) {
		if (n + 4096 > cap) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
		if (!buf)
			abort();
		ssize_t r = read(fds[0], buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fds[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	*out = buf;
	*outlen = n;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

static int write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return -1;
	fwrite(data, 1, len, f);
	return fclose(f);
}

/* Reads "@key value\n" at *p; returns value (NUL-terminated in place). */
static char *directive(char **p, const char *key)
{
	size_t kl = strlen(key);
	if (strncmp(*p, key, kl) != 0 || (*p)[kl] != ' ')
		return NULL;
	char *v = *p + kl + 1;
	char *nl = strchr(v, '\n');
	if (!nl)
		return NULL;
	*nl = '\0';
	*p = nl + 1;
	return v;
}

int main(int argc, char **argv)
{
	if (argc < 5 || argc > 6) {
		fprintf(stderr, "usage: golden_runner PSTAT_VIEW DATA_DIR WORK_DIR GOLDEN_FILE [CASE]\n");
		return 2;
	}
	const char *pv = argv[1], *data = argv[2], *work = argv[3], *golden = argv[4];
	const char *only = argc == 6 ? argv[5] : NULL;
	char cmd[16384];
	char pvabs[4096];
	if (!realpath(pv, pvabs)) {
		perror(pv);
		return 2;
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s' && cp -R '%s'/. '%s'", work, work,
		 data, work);
	if (system(cmd) != 0) {
		fprintf(stderr, "cannot copy %s to %s\n", data, work);
		return 2;
	}
	if (nftw(work, set_mtime0, 16, FTW_PHYS) != 0)
		return 2;

	size_t len;
	char *text = slurp(golden, &len);
	if (!text) {
		perror(golden);
		return 2;
	}
	char *p = text, *end = text + len;
	int passed = 0, failed = 0;
	while (p < end) {
		if (*p == '#' || *p == '\n') {
			char *nl = memchr(p, '\n', (size_t)(end - p));
			p = nl ? nl + 1 : end;
			continue;
		}
		char *name = directive(&p, "@case");
		char *source = name ? directive(&p, "@source") : NULL;
		char *args = source ? directive(&p, "@args") : NULL;
		char *stdin_s = args ? directive(&p, "@stdin") : NULL;
		const char *stdin_data = NULL;
		size_t stdin_len = 0;
		if (stdin_s) {
			stdin_len = strtoul(stdin_s, NULL, 10);
			if ((size_t)(end - p) < stdin_len + 1) {
				fprintf(stderr, "%s: case %s: bad @stdin length\n", golden, name);
				return 2;
			}
			stdin_data = p;
			p += stdin_len + 1;
		}
		char *exit_s = args ? directive(&p, "@exit") : NULL;
		char *size_s = exit_s ? directive(&p, "@stdout") : NULL;
		if (!size_s) {
			fprintf(stderr, "%s: bad golden file near byte %ld\n", golden, (long)(p - text));
			return 2;
		}
		size_t want_len = strtoul(size_s, NULL, 10);
		if ((size_t)(end - p) < want_len + 6 || memcmp(p + want_len, "\n@end\n", 6) != 0) {
			fprintf(stderr, "%s: case %s: bad @stdout length\n", golden, name);
			return 2;
		}
		const char *want = p;
		p += want_len + 6;
		if (only && strcmp(only, name) != 0)
			continue;

		cJSON *arr = cJSON_Parse(args);
		int n = cJSON_GetArraySize(arr);
		if (!arr || !cJSON_IsArray(arr)) {
			fprintf(stderr, "%s: case %s: bad @args\n", golden, name);
			return 2;
		}
		char **av = calloc((size_t)n + 2, sizeof(char *));
		av[0] = pvabs;
		int i = 1;
		const cJSON *it;
		cJSON_ArrayForEach(it, arr)
		{
			av[i++] = it->valuestring;
		}
		char *got = NULL;
		size_t got_len = 0;
		char inpath[4096];
		snprintf(inpath, sizeof(inpath), "%s/.stdin", work);
		if (stdin_data && write_file(inpath, stdin_data, stdin_len) != 0) {
			perror(inpath);
			return 2;
		}
		int rc = run(av, work, stdin_data ? inpath : NULL, &got, &got_len);
		int want_rc = atoi(exit_s);
		if (rc == want_rc && got_len == want_len && memcmp(got, want, want_len) == 0) {
			passed++;
		} else {
			failed++;
			printf("FAIL %s (%s): pstat-view", name, source);
			for (int k = 1; av[k]; k++)
				printf(" '%s'", av[k]);
			printf("\n  exit status %d, expected %d\n", rc, want_rc);
			snprintf(cmd, sizeof(cmd), "sed 's/^/  stderr: /' '%s/.stderr' | head -n 5", work);
			fflush(stdout);
			if (system(cmd) != 0)
				printf("  (no stderr)\n");
			char ep[4096], ap[4096];
			snprintf(ep, sizeof(ep), "%s/%s.expected", work, name);
			snprintf(ap, sizeof(ap), "%s/%s.actual", work, name);
			write_file(ep, want, want_len);
			write_file(ap, got, got_len);
			snprintf(cmd, sizeof(cmd), "diff -u '%s' '%s' | head -n 60", ep, ap);
			fflush(stdout);
			if (system(cmd) != 0)
				printf("  (diff not available: compare %s and %s)\n", ep, ap);
			fflush(stdout);
		}
		free(got);
		free(av);
		cJSON_Delete(arr);
	}
	printf("golden %s: %d passed, %d failed\n", golden, passed, failed);
	free(text);
	if (passed + failed == 0) {
		printf("no case ran\n");
		return 1;
	}
	return failed ? 1 : 0;
}
