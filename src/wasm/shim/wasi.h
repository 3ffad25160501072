/*
 * wasi.h - included first in every file of the WebAssembly build
 * (-include): declarations the library needs that wasi-libc lacks,
 * defined in src/wasm/shim.c.
 */
#ifndef PV_WASM_WASI_H
#define PV_WASM_WASI_H

/* WASI has no time zones (local time is UTC): tzset() does nothing */
void tzset(void);

#endif
