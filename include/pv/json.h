/*
 * pv/json.h - the one JSON writer (base layer, src/base/json.c).
 *
 * Every JSON output of pstat-view (the viewer's API, `stats --format json`,
 * `diff --format json`, `export --format json`) writes its strings and
 * numbers through these functions, so they escape and format alike.
 *
 * Strings: valid UTF-8 is kept as it is; `"`, `\\`, control characters,
 * `<`, `>`, `&` (safe inside HTML), U+2028/U+2029 and encoded lone
 * surrogates are escaped as \uXXXX; a byte that starts no UTF-8 sequence
 * becomes \uDCxx (Python's surrogateescape), so no input is lost.
 * Numbers: a double is written as the shortest of %.15g/%.17g that reads
 * back as the same double; NaN and the infinities, which JSON cannot
 * hold, are written as null (the one policy: see docs/json.md).
 */
#ifndef PV_JSON_H
#define PV_JSON_H

#include <stddef.h>

#include "pv/buf.h"
#include "pv/count.h"

/* Appends `s` (len bytes) as a JSON string literal. */
void pv_json_string(pv_buf *out, const char *s, size_t len);
/* Appends a double as a JSON number that reads back exactly, or null. */
void pv_json_double(pv_buf *out, double v);
/* Appends a count as a JSON number, or a string when |v| >= 2^53. */
void pv_json_count(pv_buf *out, pv_count v);

#endif
