/*
 * pv/error.h - errors as values.
 *
 * Library functions never print and never exit.  A function that can fail
 * takes a `pv_error *` and, on failure, fills it with one lowercase line
 * without a trailing full stop (no file name: the caller knows which file
 * it passed and prefixes it) and returns -1 (or NULL).
 */
#ifndef PV_ERROR_H
#define PV_ERROR_H

#include <stddef.h>

#define PV_ERROR_MAX 512

typedef struct pv_error {
	char msg[PV_ERROR_MAX];
	/* byte offset in the input the error refers to, or -1 */
	long long offset;
} pv_error;

/* Clears `err` (empty message, offset -1).  `err` may be NULL. */
void pv_error_clear(pv_error *err);

/*
 * Formats the message into `err` (truncated to PV_ERROR_MAX - 1 bytes) and
 * returns -1, so that `return pv_error_set(err, ...);` reads naturally.
 * `err` may be NULL (the message is dropped).  Leaves err->offset alone.
 */
int pv_error_set(pv_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Like pv_error_set, and records the byte offset the error refers to. */
int pv_error_at(pv_error *err, long long offset, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
