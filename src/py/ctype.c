/*
 * ctype.c - Python's character classes for textwrap (see pv/pyctype.h).
 */
#include "pv/pyctype.h"

int pv_py_isdigit(uint32_t c)
{
	return (c >= '0' && c <= '9') || (c >= 0x660 && c <= 0x669) ||
	       (c >= 0x6f0 && c <= 0x6f9) || (c >= 0x966 && c <= 0x96f) ||
	       (c >= 0xff10 && c <= 0xff19);
}

int pv_py_isword(uint32_t c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		       (c >= 'A' && c <= 'Z') || c == '_';
	if (c < 0xc0)
		return c == 0xaa || c == 0xb2 || c == 0xb3 || c == 0xb5 || c == 0xb9 ||
		       c == 0xba || (c >= 0xbc && c <= 0xbe);
	if (c == 0xd7 || c == 0xf7)
		return 0;
	if ((c >= 0x2000 && c <= 0x2bff) || (c >= 0x3000 && c <= 0x303f) ||
	    (c >= 0xd800 && c <= 0xdfff) || (c >= 0xe000 && c <= 0xf8ff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff0f) ||
	    c == 0xfeff || c == 0xfffd)
		return 0;
	return 1;
}

int pv_py_isspace(uint32_t c)
{
	return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c == 0x85 ||
	       c == 0xa0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
	       c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
}
