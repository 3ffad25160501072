#include "harness.h"
#include "pv/buf.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pv_test_run(const char *suite, const pv_test *tests)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	CU_pSuite s = CU_add_suite(suite, NULL, NULL);
	if (!s) {
		CU_cleanup_registry();
		return 2;
	}
	for (const pv_test *t = tests; t->name; t++)
		if (!CU_add_test(s, t->name, t->fn)) {
			CU_cleanup_registry();
			return 2;
		}
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_ErrorCode rc = CU_basic_run_tests();
	unsigned bad = CU_get_number_of_failures() + CU_get_number_of_suites_failed();
	unsigned ran = CU_get_number_of_tests_run();
	CU_cleanup_registry();
	if (rc != CUE_SUCCESS)
		return 2;
	if (ran == 0)
		return 3;
	return bad ? 1 : 0;
}

const char *pv_test_data(const char *name)
{
	static char path[4096];
	const char *dir = getenv("PV_TEST_DATA");
	snprintf(path, sizeof path, "%s/%s", dir ? dir : "tests/data", name);
	return path;
}

const char *pv_test_area_data(const char *area, const char *name)
{
	static char path[4096];
	const char *dir = getenv("PV_TEST_DATA");
	snprintf(path, sizeof path, "%s/../%s/data/%s", dir ? dir : "tests/data", area, name);
	return path;
}

static pv_profile *load_path(const char *path)
{
	pv_error err;
	pv_profile *p = pv_profile_load(path, &err);
	if (!p)
		fprintf(stderr, "cannot load %s: %s\n", path, err.msg);
	return p;
}

pv_profile *pv_test_load_from(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return load_path(path);
}

pv_profile *pv_test_load(const char *area, const char *name)
{
	return load_path(pv_test_area_data(area, name));
}

pv_profile *pv_test_need(const char *area, const char *name)
{
	pv_profile *p = load_path(area ? pv_test_area_data(area, name) : pv_test_data(name));
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	return p;
}

char *pv_test_data_dup(const char *name)
{
	char *s = strdup(pv_test_data(name));
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	return s;
}

char *pv_test_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	pv_buf b = PV_BUF_INIT;
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		pv_buf_append(&b, chunk, got);
	fclose(f);
	return pv_buf_detach(&b, len); /* NUL-terminated; NULL if out of memory */
}
