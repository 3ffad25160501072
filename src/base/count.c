/* count.c - 128-bit call counts in decimal (see pv/count.h). */
#include "pv/count.h"

size_t pv_count_format(pv_count v, char *out)
{
	char tmp[48];
	size_t n = 0;
	int neg = v < 0;
	/* work with negative values so that the minimum needs no special case */
	pv_count x = neg ? v : -v;
	do {
		pv_count q = x / 10;
		int d = (int)(q * 10 - x);
		tmp[n++] = (char)('0' + d);
		x = q;
	} while (x != 0);
	size_t k = 0;
	if (neg)
		out[k++] = '-';
	while (n)
		out[k++] = tmp[--n];
	out[k] = 0;
	return k;
}
