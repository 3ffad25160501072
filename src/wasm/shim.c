/*
 * shim.c - what wasi-libc lacks that the library calls, for the
 * WebAssembly build: madvise() (the reader and the string table give
 * hints about pages; a wasm memory has no pages to give back; built with
 * -D_WASI_EMULATED_MMAN for <sys/mman.h>'s declarations, nothing maps
 * files) and tzset() (shim/wasi.h).  pthread.h is shim/pthread.h.
 */
/* madvise() is declared for the BSD and GNU feature sets */
#define _DEFAULT_SOURCE
#include <stddef.h>
#include <sys/mman.h>

void tzset(void)
{
}

int madvise(void *addr, size_t len, int advice)
{
	(void)addr;
	(void)len;
	(void)advice;
	return 0;
}
