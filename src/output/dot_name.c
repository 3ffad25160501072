/*
 * dot_name.c - the names gprof2dot draws: "module:line:func", stripped of
 * C++ parameters by -s, wrapped by -w (see pv/dot.h; docs/gprof2dot.md
 * §2.2, §5.4).
 *
 * -w is textwrap.fill(name, 32) redone on code points: chunks as
 * TextWrapper.wordsep_re cuts them (with pv/pyctype.h's \w and \d), lines
 * filled greedily, long words left whole.  Names that are not UTF-8 are
 * read with surrogateescape and written back as the same bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "dot_internal.h"
#include "pv/pyctype.h"
#include "pv/utf8.h"

/* ===================================================== module:line:func (§2.2) */

void pv_dot_func_name(const pv_profile *p, uint32_t id, pv_buf *out)
{
	const pv_func *f = &pv_profile_funcs(p)[id];
	size_t flen, nlen;
	const char *file = pv_profile_string(p, f->file, &flen);
	const char *name = pv_profile_string(p, f->name, &nlen);

	/* module = basename(splitext(file)[0]) with posixpath's rules */
	size_t sep = 0; /* index after the last '/' */
	size_t dot = flen; /* index of the extension's dot, or flen */
	for (size_t i = 0; i < flen; i++)
		if (file[i] == '/')
			sep = i + 1;
	for (size_t i = flen; i > sep; i--)
		if (file[i - 1] == '.') {
			/* a name made of leading dots only has no extension */
			for (size_t k = sep; k < i - 1; k++)
				if (file[k] != '.') {
					dot = i - 1;
					break;
				}
			break;
		}
	pv_buf_append(out, file + sep, dot - sep);
	pv_buf_printf(out, ":%lld:", (long long)f->line);
	pv_buf_append(out, name, nlen);
}

/* ===================================================== -s (§5.4) */

/* Deletes every match of OPEN[^OPEN CLOSE]*CLOSE, repeatedly (re.subn loop). */
static size_t strip_pairs(char *s, size_t n, char open, char close)
{
	for (;;) {
		size_t w = 0, i = 0;
		int changed = 0;
		while (i < n) {
			if (s[i] == open) {
				size_t j = i + 1;
				while (j < n && s[j] != open && s[j] != close)
					j++;
				if (j < n && s[j] == close) {
					i = j + 1;
					changed = 1;
					continue;
				}
				/* no match starting here: keep this char, go on */
			}
			s[w++] = s[i++];
		}
		n = w;
		if (!changed)
			return n;
	}
}

static int ascii_space(unsigned char c)
{
	return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20);
}

void pv_dot_strip_name(const char *src, size_t len, pv_buf *out)
{
	char *s = malloc(len + 1);
	if (!s) {
		out->oom = 1;
		return;
	}
	memcpy(s, src, len);
	size_t n = strip_pairs(s, len, '(', ')');
	/* \s+const$ once: $ also matches before a final newline */
	size_t end = n;
	if (end > 0 && s[end - 1] == '\n' && end >= 6 && memcmp(s + end - 6, "const", 5) == 0)
		end--;
	if (end >= 5 && memcmp(s + end - 5, "const", 5) == 0) {
		size_t k = end - 5;
		while (k > 0 && ascii_space((unsigned char)s[k - 1]))
			k--;
		if (k < end - 5) {
			memmove(s + k, s + end, n - end);
			n -= end - k;
		}
	}
	n = strip_pairs(s, n, '<', '>');
	pv_buf_append(out, s, n);
	free(s);
}

/* ===================================================== -w: textwrap.fill(w=32) (§5.4) */

/* The UTF-8 of cp, but an escaped byte U+DC80..U+DCFF is that byte again. */
static void put_unescaped(pv_buf *b, uint32_t cp)
{
	if (cp >= 0xdc80 && cp <= 0xdcff)
		pv_buf_putc(b, (char)(cp - 0xdc00));
	else
		pv_utf8_put(b, cp);
}

static int tw_letter(const uint32_t *t, size_t n, size_t i)
{
	return i < n && pv_py_isword(t[i]) && !pv_py_isdigit(t[i]);
}

static int tw_wordpunct(uint32_t c)
{
	return pv_py_isword(c) || c == '!' || c == '"' || c == '\'' || c == '&' || c == '.' ||
	       c == ',' || c == '?';
}

/* Length of a "--+" run at i followed by a word character, or 0. */
static size_t tw_emdash(const uint32_t *t, size_t n, size_t i)
{
	size_t k = i;
	while (k < n && t[k] == '-')
		k++;
	if (k - i >= 2 && k < n && pv_py_isword(t[k]))
		return k - i;
	return 0;
}

/* The end of the chunk starting at `pos` (TextWrapper.wordsep_re). */
static size_t tw_chunk_end(const uint32_t *t, size_t n, size_t pos)
{
	if (t[pos] == ' ') {
		size_t k = pos;
		while (k < n && t[k] == ' ')
			k++;
		return k;
	}
	if (pos > 0 && tw_wordpunct(t[pos - 1])) {
		size_t d = tw_emdash(t, n, pos);
		if (d)
			return pos + d;
	}
	for (size_t end = pos + 1;; end++) {
		/* t[pos..end) are non-space characters */
		if (end >= n || t[end] == ' ')
			return end;
		if (t[end] == '-') {
			int behind = (end >= 2 && tw_letter(t, n, end - 2) && tw_letter(t, n, end - 1)) ||
				     (end >= 3 && tw_letter(t, n, end - 3) && t[end - 2] == '-' &&
				      tw_letter(t, n, end - 1));
			int ahead = tw_letter(t, n, end + 1) &&
				    (tw_letter(t, n, end + 2) ||
				     (end + 2 < n && t[end + 2] == '-' && tw_letter(t, n, end + 3)));
			if (behind && ahead)
				return end + 1;
			if (tw_wordpunct(t[end - 1]) && tw_emdash(t, n, end))
				return end;
		}
	}
}

/* chunk.strip() == '': what textwrap drops at line ends */
static int chunk_blank(const uint32_t *t, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (!pv_py_isspace(t[i]))
			return 0;
	return 1;
}

/*
 * The name's characters (decoded as they are read: escaped bytes go back
 * out as bytes), wrapped at 32 columns, lines joined by '\n'.
 */
static void wrap32(const char *s, size_t len, pv_buf *out)
{
	const size_t width = 32;
	/* expandtabs(8), then each of \t\n\v\f\r becomes a space */
	size_t n = 0, col = 0;
	uint32_t *t = malloc((len * 8 + 1) * sizeof *t);
	size_t *starts = NULL;
	if (!t)
		goto out;
	for (size_t i = 0; i < len;) {
		uint32_t c;
		i += pv_utf8_next((const unsigned char *)s + i, len - i, PV_UTF8_SURROGATEESCAPE, &c);
		if (c == '\t') {
			size_t k = 8 - col % 8;
			for (size_t j = 0; j < k; j++)
				t[n++] = ' ';
			col += k;
			continue;
		}
		if (c == '\n' || c == '\r')
			col = 0;
		else
			col++;
		if (c == '\n' || c == '\v' || c == '\f' || c == '\r')
			c = ' ';
		t[n++] = c;
	}
	/* chunks: starts[i] .. starts[i + 1] */
	starts = malloc((n + 1) * sizeof *starts);
	if (!starts)
		goto out;
	size_t nch = 0;
	for (size_t pos = 0; pos < n;) {
		starts[nch++] = pos;
		pos = tw_chunk_end(t, n, pos);
	}
	starts[nch] = n;
#define CH_LEN(i) (starts[(i) + 1] - starts[(i)])
#define CH_SPACE(i) chunk_blank(t, starts[(i)], starts[(i) + 1])
	size_t next = 0;
	int nlines = 0;
	while (next < nch) {
		size_t first = next, cur_len = 0;
		if (CH_SPACE(next) && nlines > 0) {
			next++;
			first = next;
		}
		while (next < nch && cur_len + CH_LEN(next) <= width) {
			cur_len += CH_LEN(next);
			next++;
		}
		if (next < nch && CH_LEN(next) > width && next == first)
			next++; /* a long word alone on its line, unbroken */
		size_t last = next;
		if (last > first && CH_SPACE(last - 1))
			last--;
		if (last > first) {
			if (nlines++ > 0)
				pv_buf_putc(out, '\n');
			for (size_t i = starts[first]; i < starts[last]; i++)
				put_unescaped(out, t[i]);
		}
	}
#undef CH_LEN
#undef CH_SPACE
out:
	if (!t || !starts)
		out->oom = 1;
	free(starts);
	free(t);
}

/* s.replace(from, to) on bytes, appending to out */
static void replace_all(const char *s, size_t n, const char *from, const char *to, pv_buf *out)
{
	size_t fl = strlen(from);
	for (size_t i = 0; i < n;) {
		if (i + fl <= n && memcmp(s + i, from, fl) == 0) {
			pv_buf_puts(out, to);
			i += fl;
		} else {
			pv_buf_putc(out, s[i++]);
		}
	}
}

void pv_dot_wrap_name(const char *s, size_t len, pv_buf *out)
{
	pv_buf a = PV_BUF_INIT, b = PV_BUF_INIT;
	if (pv_utf8_length(s, len, PV_UTF8_SURROGATEESCAPE) > 32)
		wrap32(s, len, &a);
	else
		pv_buf_append(&a, s, len);
	replace_all(a.data ? a.data : "", a.len, ", ", ",", &b);
	pv_buf_reset(&a);
	replace_all(b.data ? b.data : "", b.len, "> >", ">>", &a);
	pv_buf_reset(&b);
	replace_all(a.data ? a.data : "", a.len, "> >", ">>", &b);
	if (!pv_buf_ok(&a) || !pv_buf_ok(&b))
		out->oom = 1;
	else
		pv_buf_append(out, b.data ? b.data : "", b.len);
	pv_buf_release(&a);
	pv_buf_release(&b);
}
