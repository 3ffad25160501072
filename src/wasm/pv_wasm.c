/*
 * pv_wasm.c - the entry of the WebAssembly build (docs/wasm.md): the
 * exported page's counterpart of src/cli.  It loads the profile the page
 * carries and answers the viewer's requests through the router of the
 * native server (src/server/router.c, pv_api_get), so the page gets the
 * same bytes as from `pstat-view serve`.
 *
 * JavaScript (web/core/wasm.js) calls the exports below; strings and
 * bytes go through memory it gets from pv_wasm_alloc.  One profile at a
 * time, one thread: the answer of the last pv_wasm_get stays readable
 * (pv_wasm_body, pv_wasm_body_len, pv_wasm_type) until the next call.
 */
#include <stdlib.h>
#include <string.h>

#include "pv/api.h"
#include "pv/profile.h"

#define EXPORT(name) __attribute__((export_name(#name)))

/* The module's exports (and memory, and _initialize, which runs first) */
EXPORT(pv_wasm_alloc) void *pv_wasm_alloc(size_t n);
EXPORT(pv_wasm_free) void pv_wasm_free(void *p);
EXPORT(pv_wasm_load) int pv_wasm_load(const void *data, size_t len, const void *meta,
				      size_t metalen);
EXPORT(pv_wasm_error) const char *pv_wasm_error(void);
EXPORT(pv_wasm_get) int pv_wasm_get(const char *path, const char *query);
EXPORT(pv_wasm_body) const char *pv_wasm_body(void);
EXPORT(pv_wasm_body_len) size_t pv_wasm_body_len(void);
EXPORT(pv_wasm_type) const char *pv_wasm_type(void);

static pv_profile *prof;
static pv_api *api;
static pv_buf body = PV_BUF_INIT;
static const char *type = "";
static pv_error err;

/* Memory for JavaScript to write into (n bytes, at least 1), or NULL. */
void *pv_wasm_alloc(size_t n)
{
	return malloc(n ? n : 1);
}

void pv_wasm_free(void *p)
{
	free(p);
}

static void unload(void)
{
	pv_api_free(api);
	pv_profile_free(prof);
	api = NULL;
	prof = NULL;
}

/*
 * Loads the .pstats bytes data[0..len) (borrowed: the caller may free
 * them after), with the record of pv_profile_write_meta (meta NULL: none)
 * for its sources and totals, in place of any profile loaded before.
 * Returns 0, or -1 with the reason in pv_wasm_error().
 */
int pv_wasm_load(const void *data, size_t len, const void *meta, size_t metalen)
{
	unload();
	pv_error_clear(&err);
	prof = pv_profile_load_mem_meta(data, len, meta, metalen, &err);
	if (!prof)
		return -1;
	api = pv_api_new(prof, NULL, NULL);
	if (!api) {
		unload();
		pv_error_set(&err, "out of memory");
		return -1;
	}
	return 0;
}

/* The reason the last pv_wasm_load failed (NUL-terminated UTF-8). */
const char *pv_wasm_error(void)
{
	return err.msg;
}

static int fail(int status, const char *msg)
{
	pv_buf_reset(&body);
	pv_buf_printf(&body, "{\"error\":\"%s\"}\n", msg);
	type = "application/json";
	return status;
}

/*
 * GET `path` ("/api/tree") with the raw query string `query` ("focus=3&
 * nodes=500", a leading '?' allowed, NULL for none), as pv_api_get
 * answers it: returns the HTTP status; the body is pv_wasm_body()[0..
 * pv_wasm_body_len()).  A query of more than 32 keys is 400 "bad query".
 */
int pv_wasm_get(const char *path, const char *query)
{
	if (!api)
		return fail(500, "no profile loaded");
	pv_api_query q;
	if (pv_api_query_parse(&q, query) < 0) {
		pv_api_query_release(&q);
		return fail(400, "bad query");
	}
	pv_buf_reset(&body);
	int status = pv_api_get(api, path, pv_api_query_arg, &q, &body, &type);
	pv_api_query_release(&q);
	if (!pv_buf_ok(&body))
		return fail(500, "out of memory");
	return status;
}

const char *pv_wasm_body(void)
{
	return body.data ? body.data : "";
}

size_t pv_wasm_body_len(void)
{
	return body.len;
}

/* The answer's Content-Type (NUL-terminated). */
const char *pv_wasm_type(void)
{
	return type;
}
