/* cli.c - shared helpers of the subcommands (see cli.h). */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_error(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fputs("pstat-view: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_ERR;
}

pv_profile *cli_load_profiles(char *const *paths, size_t n)
{
	pv_error err;
	size_t failed = 0;
	pv_profile *p = pv_profile_load_many((const char *const *)paths, n, &err, &failed);
	if (!p) {
		if (err.offset >= 0)
			cli_error("%s: %s at byte %lld", paths[failed], err.msg, err.offset);
		else
			cli_error("%s: %s", paths[failed], err.msg);
	}
	return p;
}

pv_profile *cli_load_profiles_strip(char *const *paths, size_t n, int strip)
{
	pv_error err;
	pv_profile *p = cli_load_profiles(paths, n);
	if (p && strip && pv_profile_strip_dirs(p, &err) < 0) {
		cli_error("%s", err.msg);
		pv_profile_free(p);
		return NULL;
	}
	return p;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int cli_write_file_atomic(const char *path, const void *data, size_t len)
{
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* a device, FIFO or the like: write into it; never rename over it */
		if (S_ISDIR(st.st_mode))
			return cli_error("%s: cannot write: Is a directory", path);
		int fd = open(path, O_WRONLY | O_TRUNC);
		if (fd < 0)
			return cli_error("%s: cannot write: %s", path, strerror(errno));
		int rc = write_all(fd, data, len);
		int e = errno;
		if (close(fd) != 0 && rc == 0) {
			rc = -1;
			e = errno;
		}
		return rc ? cli_error("%s: cannot write: %s", path, strerror(e)) : CLI_OK;
	}
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 32);
	if (!tmp)
		return cli_error("%s: out of memory", path);
	/* the temporary lives in the target's directory so rename is atomic */
	snprintf(tmp, plen + 32, "%s.tmp.XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int e = errno;
		free(tmp);
		return cli_error("%s: cannot write: %s", path, strerror(e));
	}
	if (write_all(fd, data, len) != 0) {
		int e = errno;
		close(fd);
		unlink(tmp);
		free(tmp);
		return cli_error("%s: cannot write: %s", path, strerror(e));
	}
	/* mkstemp makes 0600; give the file the usual permissions */
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 || close(fd) != 0) {
		int e = errno;
		unlink(tmp);
		free(tmp);
		return cli_error("%s: cannot write: %s", path, strerror(e));
	}
	if (rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		free(tmp);
		return cli_error("%s: cannot write: %s", path, strerror(e));
	}
	free(tmp);
	return CLI_OK;
}

int cli_write_output(const char *path, const pv_buf *b)
{
	if (!pv_buf_ok(b))
		return cli_error("out of memory");
	if (path && strcmp(path, "-") != 0)
		return cli_write_file_atomic(path, b->data ? b->data : "", b->len);
	if (b->len && fwrite(b->data, 1, b->len, stdout) != b->len) {
		if (errno == EPIPE)
			return CLI_OK;
		return cli_error("cannot write to standard output: %s", strerror(errno));
	}
	return CLI_OK;
}

int cli_emit(const char *path, const pv_buf *b, int r, const pv_error *err)
{
	if (r < 0)
		return cli_error("%s", err->msg);
	return cli_write_output(path, b);
}

int cli_output_profile(char **files, size_t nfiles, const cli_output_opts *o,
		       cli_producer *produce, void *args)
{
	pv_buf out = PV_BUF_INIT;
	pv_error err;
	pv_profile *p = cli_load_profiles_strip(files, nfiles, o->strip);
	if (!p)
		return CLI_ERR;
	int rc = cli_emit(o->output, &out, produce(p, args, files, nfiles, &out, &err), &err);
	pv_buf_release(&out);
	pv_profile_free(p);
	return rc;
}

void cli_join(pv_buf *b, char *const *files, size_t n, const char *sep)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			pv_buf_puts(b, sep);
		pv_buf_puts(b, files[i]);
	}
}

int cli_finish_stdout(void)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno == EPIPE)
			return CLI_OK;
		return cli_error("cannot write to standard output: %s", strerror(errno));
	}
	return CLI_OK;
}
