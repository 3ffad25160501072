/* error.c - errors as values (see pv/error.h). */
#include "pv/error.h"

#include <stdarg.h>
#include <stdio.h>

void pv_error_clear(pv_error *err)
{
	if (!err)
		return;
	err->msg[0] = 0;
	err->offset = -1;
}

__attribute__((format(printf, 2, 0)))
static void set_msg(pv_error *err, const char *fmt, va_list ap)
{
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
}

int pv_error_set(pv_error *err, const char *fmt, ...)
{
	if (!err)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	set_msg(err, fmt, ap);
	va_end(ap);
	return -1;
}

int pv_error_at(pv_error *err, long long offset, const char *fmt, ...)
{
	if (!err)
		return -1;
	err->offset = offset;
	va_list ap;
	va_start(ap, fmt);
	set_msg(err, fmt, ap);
	va_end(ap);
	return -1;
}
