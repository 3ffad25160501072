/*
 * pthread.h for the WebAssembly build (src/wasm/; wasi-libc has none):
 * the page runs the library on one thread, so the model's cache lock
 * (src/model/model.h) is a mutex that never waits.  Only what the
 * library uses.
 */
#ifndef PV_WASM_PTHREAD_H
#define PV_WASM_PTHREAD_H

typedef struct { int locked; } pthread_mutex_t;
typedef struct { int unused; } pthread_mutexattr_t;

static inline int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a)
{
	(void)a;
	m->locked = 0;
	return 0;
}

static inline int pthread_mutex_destroy(pthread_mutex_t *m)
{
	(void)m;
	return 0;
}

static inline int pthread_mutex_lock(pthread_mutex_t *m)
{
	m->locked = 1;
	return 0;
}

static inline int pthread_mutex_unlock(pthread_mutex_t *m)
{
	m->locked = 0;
	return 0;
}

#endif
