/*
 * pv/json.h - the one JSON writer (base layer, src/base/json.c).
 *
 * Every JSON document of pstat-view (the viewer's API, `stats --format
 * json`, `diff --format json`, `export --format json`) writes its strings
 * and numbers through these functions; docs/json.md is the policy.
 *
 * What holds for every document:
 *   - NaN and the infinities, which JSON cannot hold, are written as null;
 *   - strings keep valid UTF-8 as it is and escape `"`, `\\` and the
 *     control characters; a lone surrogate kept by the model (ED A0..BF
 *     xx, as Python's surrogatepass wrote it) is \udXXX, and a byte that
 *     starts no UTF-8 sequence is \udcXX (Python's surrogateescape), so no
 *     input is lost and the output is valid UTF-8;
 *   - a finite double reads back as the very same double.
 *
 * What a document may choose is its style: the spellings its format fixed
 * when it was first published, kept so that no output changes bytes.
 */
#ifndef PV_JSON_H
#define PV_JSON_H

#include <stddef.h>

#include "pv/buf.h"
#include "pv/count.h"

typedef struct pv_json_style {
	/*
	 * 1: also escape `<`, `>`, `&`, DEL, U+2028 and U+2029, so the text
	 * can sit inside an HTML <script> (the viewer's API); backspace and
	 * form feed are \u0008 and \u000c.  0: exactly the escapes of
	 * Python's json.dumps(ensure_ascii=False), \b and \f included.
	 */
	int html_safe;
	/*
	 * 1: counts are JSON integers however large (Python reads them
	 * exactly).  0: counts with |n| >= 2^53 are decimal strings, because
	 * JavaScript would round them.
	 */
	int counts_in_full;
	/*
	 * Spells a finite double (it must read back exactly), e.g. Python's
	 * repr; NULL: the shorter of %.15g and %.17g that reads back.
	 */
	void (*finite)(double v, pv_buf *out);
} pv_json_style;

/*
 * The style of the viewer's API, `export --format json` and `diff
 * --format json`: HTML-safe strings, counts past 2^53 as strings, %.17g.
 */
extern const pv_json_style pv_json_web;

/* Appends `s` (len bytes, any bytes) as a JSON string literal; borrows `s`. */
void pv_json_string(pv_buf *out, const pv_json_style *st, const char *s, size_t len);
/* Appends the NUL-terminated `s` as a JSON string literal; borrows `s`. */
void pv_json_cstring(pv_buf *out, const pv_json_style *st, const char *s);
/* Appends a double as a JSON number that reads back exactly, or null; keeps nothing. */
void pv_json_double(pv_buf *out, const pv_json_style *st, double v);
/* Appends a count as a JSON number (or a string: see counts_in_full); keeps nothing. */
void pv_json_count(pv_buf *out, const pv_json_style *st, pv_count v);

#endif
