/*
 * load.c - profiles from files: one file (pv_profile_load: mapped, or read
 * when it cannot be), and several loaded as one profile, as
 * pstats.Stats(F1, ..., Fn) does (pv_profile_load_many; see pv/profile.h).
 * The only file I/O of the reader: the WebAssembly build leaves it out.
 */
#include "pv/profile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pv/grow.h"
#include "reader/reader.h"

pv_profile *pv_profile_load_many(const char *const *paths, size_t n, pv_error *err,
				 size_t *failed)
{
	if (failed)
		*failed = 0;
	if (n == 0) {
		pv_error_set(err, "no profile given");
		return NULL;
	}
	pv_profile *first = pv_profile_load(paths[0], err);
	if (!first || n == 1)
		return first;
	/*
	 * Stats(F1, ..., Fn): F1, then add(Fn), ..., add(F2).  Every file is fed
	 * into one sum, instead of pv_profile_add() copying the growing sum
	 * once per file; the totals are the files' own, summed in that order.
	 */
	pv_profile *acc = pvm_sum_begin(first, err);
	pv_profile *q = NULL;
	size_t at = 0;
	if (!acc)
		goto fail;
	for (size_t i = n - 1; i >= 1; i--) {
		at = i;
		q = pv_profile_load(paths[i], err);
		if (!q || pvm_sum_add(acc, q, err) != 0)
			goto fail;
		pv_profile_free(q);
		q = NULL;
	}
	if (pvm_sum_end(acc, err) != 0)
		goto fail;
	pv_profile_free(first);
	return acc;
fail:
	if (err && !err->msg[0])
		pv_error_set(err, "out of memory");
	if (failed)
		*failed = at;
	pv_profile_free(q);
	pv_profile_free(first);
	pv_profile_free(acc);
	return NULL;
}

pv_profile *pv_profile_load(const char *path, pv_error *err)
{
	pv_error local;
	if (!err)
		err = &local;
	pv_error_clear(err);
	pv_profile *p = NULL;
	unsigned char *buf = NULL;
	int fd = open(path, O_RDONLY);
	if (fd < 0) {
		pv_error_set(err, "cannot open: %s", strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		pv_error_set(err, "cannot stat: %s", strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		pv_error_set(err, "is a directory, not a profile");
		goto out;
	}
	if (S_ISREG(st.st_mode) && st.st_size > 0) {
		/* map regular files: no copy, no anonymous memory for the bytes */
		size_t len = (size_t)st.st_size;
		void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map != MAP_FAILED) {
			close(fd);
			fd = -1;
			p = pvr_load_bytes(map, len, path, (int64_t)st.st_mtime, 1, 1, err);
			munmap(map, len);
			goto out;
		}
	}
	/* pipes, empty files and the like: read into a growing buffer */
	size_t cap = 0, len = 0;
	for (;;) {
		if (pv_grow((void **)&buf, &cap, len + 65536, 1) != 0) {
			pv_error_set(err, "out of memory reading the file");
			goto out;
		}
		ssize_t got = read(fd, buf + len, cap - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			pv_error_set(err, "cannot read: %s", strerror(errno));
			goto out;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	p = pvr_load_bytes(buf, len, path, (int64_t)st.st_mtime, 1, 0, err);
out:
	if (fd >= 0)
		close(fd);
	free(buf);
	return p;
}
