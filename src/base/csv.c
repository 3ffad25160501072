/* csv.c - CSV fields (RFC 4180; see pv/csv.h). */
#include "pv/csv.h"

void pv_csv_field(pv_buf *out, const char *s, size_t len)
{
	int quote = 0;
	for (size_t i = 0; i < len && !quote; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			quote = 1;
	if (!quote) {
		pv_buf_append(out, s, len);
		return;
	}
	pv_buf_putc(out, '"');
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			pv_buf_putc(out, '"');
		pv_buf_putc(out, s[i]);
	}
	pv_buf_putc(out, '"');
}
