/*
 * harness.h - the CUnit runner shared by every unit test executable.
 *
 * A test file lists its tests in a pv_test array (terminated by a NULL
 * name) and calls pv_test_run() from main.  The process exits non-zero if
 * any assertion failed or a suite could not be set up (CUnit's own return
 * value does not say so; see docs/c_stack.md 1.6).
 */
#ifndef PV_TEST_HARNESS_H
#define PV_TEST_HARNESS_H

#include <CUnit/CUnit.h>
#include <stddef.h>

#include "pv/profile.h"

typedef struct pv_test {
	const char *name;
	void (*fn)(void);
} pv_test;

int pv_test_run(const char *suite, const pv_test *tests);

/*
 * Path of a test data file: $PV_TEST_DATA/name (tests/data in the source
 * tree).  Returns a pointer to a static buffer.
 */
const char *pv_test_data(const char *name);

/*
 * pv_test_data(name) in a malloc'd copy of its own, for holding several
 * paths at once (pv_test_data's buffer is reused); the caller frees it.
 */
char *pv_test_data_dup(const char *name);

/*
 * Path of a file of another test area: $PV_TEST_DATA/../AREA/data/NAME
 * (tests/AREA/data/NAME in the source tree).  A static buffer, as above.
 */
const char *pv_test_area_data(const char *area, const char *name);

/*
 * Loads DIR/NAME, or tests/AREA/data/NAME; on failure prints why to
 * stderr and returns NULL (the caller asserts what it needs).
 */
pv_profile *pv_test_load_from(const char *dir, const char *name);
pv_profile *pv_test_load(const char *area, const char *name);

/*
 * pv_test_load() for a test that cannot go on without the profile: when it
 * cannot be loaded, a failed fatal assertion ends the running test.  AREA
 * NULL: NAME is under tests/data (pv_test_data).
 */
pv_profile *pv_test_need(const char *area, const char *name);

/* Reads a whole file; returns a malloc'd block (NUL-terminated) or NULL. */
char *pv_test_slurp(const char *path, size_t *len);

#endif
