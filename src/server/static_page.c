/*
 * static_page.c - the viewer as one self-contained HTML file
 * (pv_api_static_page, pv/api.h; `serve --export`, the Python package's
 * notebook view and pytest report).
 *
 * The page carries the engine and the data, not answers: pv.wasm (the
 * library and the API's router compiled to WebAssembly, cmake/wasm.cmake)
 * and the profile written back as a .pstats marshal with its meta record
 * (sources, total time: pv/profile.h), each base64 in a
 * <script type="application/octet-stream">.  The page's JavaScript
 * (web/core/wasm.js) asks the module what it would ask the server, and
 * gets the same bytes (docs/wasm.md).
 */
#include "pv/api.h"

#include <stdlib.h>
#include <string.h>

#include "pv/assets.h"
#include "pv/profile.h"

/* memmem is a GNU extension; this is the portable few lines of it. */
static const char *find(const char *s, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; k <= n && i <= n - k; i++)
		if (s[i] == needle[0] && memcmp(s + i, needle, k) == 0)
			return s + i;
	return NULL;
}

/*
 * Appends asset `path` inside `open` ... `close` (an element of the page);
 * no byte of it may close the element early ("</").
 */
static int put_asset(pv_buf *out, const char *path, const char *open, const char *close,
		     pv_error *err)
{
	const pv_asset *a = pv_asset_find(path);
	if (!a)
		return pv_error_set(err, "viewer asset '%s' is missing from the build", path);
	if (find((const char *)a->data, a->size, "</"))
		return pv_error_set(err, "%s cannot be inlined (it contains '</')", path);
	pv_buf_puts(out, open);
	pv_buf_append(out, a->data, a->size);
	pv_buf_puts(out, close);
	return 0;
}

/* Appends d[0..n) in standard base64 with '=' padding, on one line. */
static void put_base64(pv_buf *out, const unsigned char *d, size_t n)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	if (pv_buf_reserve(out, (n + 2) / 3 * 4) < 0)
		return;
	char *w = out->data + out->len;
	size_t i = 0;
	for (; i + 3 <= n; i += 3) {
		uint32_t v = (uint32_t)d[i] << 16 | (uint32_t)d[i + 1] << 8 | d[i + 2];
		*w++ = b64[v >> 18];
		*w++ = b64[(v >> 12) & 63];
		*w++ = b64[(v >> 6) & 63];
		*w++ = b64[v & 63];
	}
	if (i < n) {
		uint32_t v = (uint32_t)d[i] << 16 | (i + 1 < n ? (uint32_t)d[i + 1] << 8 : 0);
		*w++ = b64[v >> 18];
		*w++ = b64[(v >> 12) & 63];
		*w++ = i + 1 < n ? b64[(v >> 6) & 63] : '=';
		*w++ = '=';
	}
	out->len = (size_t)(w - out->data);
}

static void put_bytes_element(pv_buf *out, const char *id, const void *d, size_t n)
{
	pv_buf_printf(out, "<script type=\"application/octet-stream\" id=\"%s\">", id);
	put_base64(out, d, n);
	pv_buf_puts(out, "</script>\n");
}

/* What the page runs on: the module, the profile and its record. */
static int put_data(const pv_profile *p, pv_buf *out, pv_error *err)
{
	const pv_asset *wasm = pv_asset_find("/pv.wasm");
	if (!wasm)
		return pv_error_set(err, "viewer asset '/pv.wasm' is missing from the build");
	pv_buf prof = PV_BUF_INIT, meta = PV_BUF_INIT;
	int rc = 0;
	if (pv_profile_write_marshal_refs(p, &prof, err) || pv_profile_write_meta(p, &meta, err)) {
		rc = -1;
	} else {
		put_bytes_element(out, "pv-wasm", wasm->data, wasm->size);
		put_bytes_element(out, "pv-profile", prof.data, prof.len);
		put_bytes_element(out, "pv-meta", meta.data, meta.len);
	}
	pv_buf_release(&prof);
	pv_buf_release(&meta);
	return rc;
}

/*
 * index.html carries three markers, each alone on its line:
 *   <!--pv:style-->  the <link> to style.css follows on the same line
 *   <!--pv:script--> the <script type="module" src="main.js"> follows on
 *                    the same line; the page gets /app.js instead, the
 *                    build's bundle of web/'s modules (cmake/bundle.cmake)
 *   <!--pv:data-->   where the exported page puts the profile (put_data)
 * and two optional ones: <!--pv:csp--> and <!--pv:icon--> (the <link> to
 * favicon.svg follows, inlined as a data: URI, the only images the
 * page's CSP allows).  Each marked line is replaced; everything else is
 * copied.
 */
int pv_api_static_page(const pv_profile *p, pv_buf *out, pv_error *err)
{
	const pv_asset *index = pv_asset_find("/index.html");
	if (!index)
		return pv_error_set(err, "viewer asset '/index.html' is missing from the build");
	const char *s = (const char *)index->data, *end = s + index->size;
	int seen = 0;
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *eol = nl ? nl + 1 : end;
		size_t n = (size_t)(eol - s);
		const char *m = find(s, n, "<!--pv:");
		if (!m) {
			pv_buf_append(out, s, n);
		} else if (strncmp(m, "<!--pv:style-->", 15) == 0) {
			if (put_asset(out, "/style.css", "<style>\n", "</style>\n", err))
				return -1;
			seen |= 1;
		} else if (strncmp(m, "<!--pv:script-->", 16) == 0) {
			if (put_asset(out, "/app.js", "<script>\n", "</script>\n", err))
				return -1;
			seen |= 2;
		} else if (strncmp(m, "<!--pv:data-->", 14) == 0) {
			if (put_data(p, out, err))
				return -1;
			seen |= 4;
		} else if (strncmp(m, "<!--pv:icon-->", 14) == 0) {
			const pv_asset *a = pv_asset_find("/favicon.svg");
			if (!a)
				return pv_error_set(err, "viewer asset '/favicon.svg' is missing from the build");
			pv_buf_puts(out, "<link rel=\"icon\" type=\"image/svg+xml\" href=\"data:image/svg+xml,");
			for (size_t i = 0; i < a->size; i++) {
				unsigned char c = a->data[i];
				if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
				    (c && strchr("-._~/:=,()!*'", c)))
					pv_buf_printf(out, "%c", c);
				else
					pv_buf_printf(out, "%%%02X", c);
			}
			pv_buf_puts(out, "\">\n");
		} else if (strncmp(m, "<!--pv:csp-->", 13) == 0) {
			/* a file page may run its inline code, compile its WebAssembly
			 * module and fetch nothing */
			pv_buf_puts(out, "<meta http-equiv=\"Content-Security-Policy\" content=\""
					 "default-src 'none'; script-src 'unsafe-inline' 'wasm-unsafe-eval'; "
					 "style-src 'unsafe-inline'; img-src data: blob:\">\n");
		} else {
			pv_buf_append(out, s, n);
		}
		s = eol;
	}
	if (seen != 7)
		return pv_error_set(err, "index.html lacks the export markers");
	if (!pv_buf_ok(out))
		return pv_error_set(err, "out of memory");
	return 0;
}
