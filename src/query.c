/*
 * query.c - sort_stats(), reverse_order() and print restrictions
 * (see pv/query.h).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "pv/query.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ===================================================== sort keys */

/* pstats' sort_arg_dict_default, in its order. */
static const struct {
	const char *word;
	pv_sort_key key;
} sort_words[] = {
	{ "calls", PV_SORT_CALLS },
	{ "ncalls", PV_SORT_CALLS },
	{ "cumtime", PV_SORT_CUMULATIVE },
	{ "cumulative", PV_SORT_CUMULATIVE },
	{ "filename", PV_SORT_FILENAME },
	{ "line", PV_SORT_LINE },
	{ "module", PV_SORT_FILENAME },
	{ "name", PV_SORT_NAME },
	{ "nfl", PV_SORT_NFL },
	{ "pcalls", PV_SORT_PCALLS },
	{ "stdname", PV_SORT_STDNAME },
	{ "time", PV_SORT_TIME },
	{ "tottime", PV_SORT_TIME },
};
#define NWORDS (sizeof(sort_words) / sizeof(sort_words[0]))

static const char *const key_desc[PV_SORT_NKEYS] = {
	"call count", "cumulative time", "file name", "line number",
	"function name", "name/file/line", "primitive call count",
	"standard name", "internal time",
};

static const char *const key_word[PV_SORT_NKEYS] = {
	"calls", "cumulative", "filename", "line", "name", "nfl", "pcalls",
	"stdname", "time",
};

const char *pv_sort_key_description(pv_sort_key k)
{
	return (unsigned)k < PV_SORT_NKEYS ? key_desc[k] : "?";
}

const char *pv_sort_key_word(pv_sort_key k)
{
	return (unsigned)k < PV_SORT_NKEYS ? key_word[k] : "?";
}

const char *pv_sort_word_at(size_t i, pv_sort_key *key)
{
	if (i >= NWORDS)
		return NULL;
	if (key)
		*key = sort_words[i].key;
	return sort_words[i].word;
}

/*
 * pstats' get_sort_arg_defs(), simulated: every word (in table order) adds
 * its prefixes, longest first, until one is already present; that one is
 * marked bad and the walk stops; bad fragments are removed at the end.
 */
int pv_sort_key_parse(const char *word, pv_sort_key *out, pv_error *err)
{
	struct {
		const char *s;
		size_t len;
		int word;
		int bad;
	} frag[128];
	size_t nfrag = 0, len = strlen(word);

	for (size_t i = 0; i < NWORDS; i++) {
		const char *w = sort_words[i].word;
		for (size_t l = strlen(w); l > 0; l--) {
			size_t j;
			for (j = 0; j < nfrag; j++)
				if (frag[j].len == l && memcmp(frag[j].s, w, l) == 0)
					break;
			if (j < nfrag) {
				frag[j].bad = 1;
				break;
			}
			if (nfrag < sizeof(frag) / sizeof(frag[0])) {
				frag[nfrag].s = w;
				frag[nfrag].len = l;
				frag[nfrag].word = (int)i;
				frag[nfrag].bad = 0;
				nfrag++;
			}
		}
	}
	for (size_t j = 0; j < nfrag; j++) {
		if (frag[j].len == len && memcmp(frag[j].s, word, len) == 0) {
			if (frag[j].bad)
				return pv_error_set(err, "ambiguous sort key '%s'", word);
			*out = sort_words[frag[j].word].key;
			return 0;
		}
	}
	return pv_error_set(err, "unknown sort key '%s'", word);
}

/* ===================================================== comparing rows */

/* Fields of pstats' sort rows (cc, nc, tt, ct, file, line, name, stdname). */
enum { F_CC, F_NC, F_TT, F_CT, F_FILE, F_LINE, F_NAME, F_STD };

typedef struct sortctx {
	const pv_profile *p;
	const pv_func *funcs;
	int field[3 * 16];
	int dir[3 * 16];
	size_t nfields;
	/* func_std_string of every function, when sorting by stdname */
	char *std;
	size_t *std_off;   /* nfuncs + 1 offsets */
} sortctx;

int pv_query_string_cmp(const pv_profile *p, uint32_t a, uint32_t b)
{
	if (a == b)
		return 0;
	size_t al, bl;
	const char *as = pv_profile_string(p, a, &al);
	const char *bs = pv_profile_string(p, b, &bl);
	return pv_text_cmp(as, al, bs, bl);
}

/* TupleComp.compare(left, right) < 0: the "<" list.sort uses. */
static int row_lt(const sortctx *c, uint32_t a, uint32_t b)
{
	const pv_func *x = &c->funcs[a], *y = &c->funcs[b];
	for (size_t i = 0; i < c->nfields; i++) {
		int d = c->dir[i];
		int r; /* -1: x < y, 1: x > y, 0: neither */
		switch (c->field[i]) {
		case F_CC: {
			pv_count u = pv_func_cc(x), w = pv_func_cc(y);
			r = u < w ? -1 : u > w ? 1 : 0;
			break;
		}
		case F_NC: {
			pv_count u = pv_func_nc(x), w = pv_func_nc(y);
			r = u < w ? -1 : u > w ? 1 : 0;
			break;
		}
		case F_TT:
			r = x->tt < y->tt ? -1 : x->tt > y->tt ? 1 : 0;
			break;
		case F_CT:
			r = x->ct < y->ct ? -1 : x->ct > y->ct ? 1 : 0;
			break;
		case F_FILE:
			r = pv_query_string_cmp(c->p, x->file, y->file);
			break;
		case F_LINE:
			r = x->line < y->line ? -1 : x->line > y->line ? 1 : 0;
			break;
		case F_NAME:
			r = pv_query_string_cmp(c->p, x->name, y->name);
			break;
		default:
			r = pv_text_cmp(c->std + c->std_off[a], c->std_off[a + 1] - c->std_off[a] - 1,
					c->std + c->std_off[b], c->std_off[b + 1] - c->std_off[b] - 1);
			break;
		}
		if (r < 0)
			return -d < 0;
		if (r > 0)
			return d < 0;
	}
	return 0;
}

/* ===================================================== CPython's list.sort */

/*
 * An implementation of the algorithm of CPython 3.11's listsort (natural
 * runs, minrun extension by binary insertion, powersort merge policy,
 * merge_lo/merge_hi with galloping and the adaptive min_gallop), over an
 * array of ids with row_lt as "<".  Written from the algorithm's
 * description (Objects/listsort.txt); the sequence of comparisons is the
 * same, so the result is the same even for comparisons that are not a
 * total order (NaN).
 */

#define MIN_GALLOP 7
#define MAX_PENDING 85

typedef ptrdiff_t ssz;

typedef struct msort {
	const sortctx *c;
	uint32_t *base;
	ssz listlen;
	uint32_t *tmp;
	ssz tmpcap;
	ssz min_gallop;
	int n;
	struct {
		uint32_t *base;
		ssz len;
		int power;
	} pending[MAX_PENDING];
} msort;

#define LT(ms, x, y) row_lt((ms)->c, (x), (y))

static void binary_insertion(msort *ms, uint32_t *lo, uint32_t *hi, uint32_t *start)
{
	if (lo == start)
		++start;
	for (; start < hi; ++start) {
		uint32_t *l = lo, *r = start;
		uint32_t pivot = *r;
		do {
			uint32_t *p = l + ((r - l) >> 1);
			if (LT(ms, pivot, *p))
				r = p;
			else
				l = p + 1;
		} while (l < r);
		memmove(l + 1, l, (size_t)(start - l) * sizeof(*l));
		*l = pivot;
	}
}

static ssz run_length(msort *ms, uint32_t *lo, uint32_t *hi, int *descending)
{
	ssz n;
	*descending = 0;
	++lo;
	if (lo == hi)
		return 1;
	n = 2;
	if (LT(ms, *lo, lo[-1])) {
		*descending = 1;
		for (lo = lo + 1; lo < hi; ++lo, ++n)
			if (!LT(ms, *lo, lo[-1]))
				break;
	} else {
		for (lo = lo + 1; lo < hi; ++lo, ++n)
			if (LT(ms, *lo, lo[-1]))
				break;
	}
	return n;
}

/* k with a[k-1] < key <= a[k] (leftmost insertion point). */
static ssz gallop_left(msort *ms, uint32_t key, uint32_t *a, ssz n, ssz hint)
{
	ssz ofs = 1, lastofs = 0, k;
	a += hint;
	if (LT(ms, *a, key)) {
		ssz maxofs = n - hint;
		while (ofs < maxofs) {
			if (LT(ms, a[ofs], key)) {
				lastofs = ofs;
				ofs = (ofs << 1) + 1;
			} else {
				break;
			}
		}
		if (ofs > maxofs)
			ofs = maxofs;
		lastofs += hint;
		ofs += hint;
	} else {
		ssz maxofs = hint + 1;
		while (ofs < maxofs) {
			if (LT(ms, *(a - ofs), key))
				break;
			lastofs = ofs;
			ofs = (ofs << 1) + 1;
		}
		if (ofs > maxofs)
			ofs = maxofs;
		k = lastofs;
		lastofs = hint - ofs;
		ofs = hint - k;
	}
	a -= hint;
	++lastofs;
	while (lastofs < ofs) {
		ssz m = lastofs + ((ofs - lastofs) >> 1);
		if (LT(ms, a[m], key))
			lastofs = m + 1;
		else
			ofs = m;
	}
	return ofs;
}

/* k with a[k-1] <= key < a[k] (rightmost insertion point). */
static ssz gallop_right(msort *ms, uint32_t key, uint32_t *a, ssz n, ssz hint)
{
	ssz ofs = 1, lastofs = 0, k;
	a += hint;
	if (LT(ms, key, *a)) {
		ssz maxofs = hint + 1;
		while (ofs < maxofs) {
			if (LT(ms, key, *(a - ofs))) {
				lastofs = ofs;
				ofs = (ofs << 1) + 1;
			} else {
				break;
			}
		}
		if (ofs > maxofs)
			ofs = maxofs;
		k = lastofs;
		lastofs = hint - ofs;
		ofs = hint - k;
	} else {
		ssz maxofs = n - hint;
		while (ofs < maxofs) {
			if (LT(ms, key, a[ofs]))
				break;
			lastofs = ofs;
			ofs = (ofs << 1) + 1;
		}
		if (ofs > maxofs)
			ofs = maxofs;
		lastofs += hint;
		ofs += hint;
	}
	a -= hint;
	++lastofs;
	while (lastofs < ofs) {
		ssz m = lastofs + ((ofs - lastofs) >> 1);
		if (LT(ms, key, a[m]))
			ofs = m;
		else
			lastofs = m + 1;
	}
	return ofs;
}

static int getmem(msort *ms, ssz need)
{
	if (need <= ms->tmpcap)
		return 0;
	free(ms->tmp);
	ms->tmp = malloc((size_t)need * sizeof(uint32_t));
	if (!ms->tmp) {
		ms->tmpcap = 0;
		return -1;
	}
	ms->tmpcap = need;
	return 0;
}

#define MOVE(d, s, n) memmove((d), (s), (size_t)(n) * sizeof(uint32_t))

/* Merges a[0..na) and b[0..nb) (b == a + na), na <= nb, in place. */
static int merge_lo(msort *ms, uint32_t *pa, ssz na, uint32_t *pb, ssz nb)
{
	uint32_t *dest;
	ssz min_gallop, k;
	if (getmem(ms, na) < 0)
		return -1;
	MOVE(ms->tmp, pa, na);
	dest = pa;
	pa = ms->tmp;

	*dest++ = *pb++;
	--nb;
	if (nb == 0)
		goto succeed;
	if (na == 1)
		goto copy_b;

	min_gallop = ms->min_gallop;
	for (;;) {
		ssz acount = 0, bcount = 0;
		for (;;) {
			if (LT(ms, *pb, *pa)) {
				*dest++ = *pb++;
				++bcount;
				acount = 0;
				--nb;
				if (nb == 0)
					goto succeed;
				if (bcount >= min_gallop)
					break;
			} else {
				*dest++ = *pa++;
				++acount;
				bcount = 0;
				--na;
				if (na == 1)
					goto copy_b;
				if (acount >= min_gallop)
					break;
			}
		}
		++min_gallop;
		do {
			min_gallop -= min_gallop > 1;
			ms->min_gallop = min_gallop;
			k = gallop_right(ms, *pb, pa, na, 0);
			acount = k;
			if (k) {
				MOVE(dest, pa, k);
				dest += k;
				pa += k;
				na -= k;
				if (na == 1)
					goto copy_b;
				if (na == 0)
					goto succeed;
			}
			*dest++ = *pb++;
			--nb;
			if (nb == 0)
				goto succeed;

			k = gallop_left(ms, *pa, pb, nb, 0);
			bcount = k;
			if (k) {
				MOVE(dest, pb, k);
				dest += k;
				pb += k;
				nb -= k;
				if (nb == 0)
					goto succeed;
			}
			*dest++ = *pa++;
			--na;
			if (na == 1)
				goto copy_b;
		} while (acount >= MIN_GALLOP || bcount >= MIN_GALLOP);
		++min_gallop;
		ms->min_gallop = min_gallop;
	}
succeed:
	if (na)
		MOVE(dest, pa, na);
	return 0;
copy_b:
	MOVE(dest, pb, nb);
	dest[nb] = *pa;
	return 0;
}

/* Merges a[0..na) and b[0..nb) (b == a + na), na >= nb, in place. */
static int merge_hi(msort *ms, uint32_t *pa, ssz na, uint32_t *pb, ssz nb)
{
	uint32_t *dest, *basea, *baseb;
	ssz min_gallop, k;
	if (getmem(ms, nb) < 0)
		return -1;
	dest = pb + nb - 1;
	MOVE(ms->tmp, pb, nb);
	basea = pa;
	baseb = ms->tmp;
	pb = ms->tmp + nb - 1;
	pa += na - 1;

	*dest-- = *pa--;
	--na;
	if (na == 0)
		goto succeed;
	if (nb == 1)
		goto copy_a;

	min_gallop = ms->min_gallop;
	for (;;) {
		ssz acount = 0, bcount = 0;
		for (;;) {
			if (LT(ms, *pb, *pa)) {
				*dest-- = *pa--;
				++acount;
				bcount = 0;
				--na;
				if (na == 0)
					goto succeed;
				if (acount >= min_gallop)
					break;
			} else {
				*dest-- = *pb--;
				++bcount;
				acount = 0;
				--nb;
				if (nb == 1)
					goto copy_a;
				if (bcount >= min_gallop)
					break;
			}
		}
		++min_gallop;
		do {
			min_gallop -= min_gallop > 1;
			ms->min_gallop = min_gallop;
			k = gallop_right(ms, *pb, basea, na, na - 1);
			k = na - k;
			acount = k;
			if (k) {
				dest -= k;
				pa -= k;
				MOVE(dest + 1, pa + 1, k);
				na -= k;
				if (na == 0)
					goto succeed;
			}
			*dest-- = *pb--;
			--nb;
			if (nb == 1)
				goto copy_a;

			k = gallop_left(ms, *pa, baseb, nb, nb - 1);
			k = nb - k;
			bcount = k;
			if (k) {
				dest -= k;
				pb -= k;
				MOVE(dest + 1, pb + 1, k);
				nb -= k;
				if (nb == 1)
					goto copy_a;
				if (nb == 0)
					goto succeed;
			}
			*dest-- = *pa--;
			--na;
			if (na == 0)
				goto succeed;
		} while (acount >= MIN_GALLOP || bcount >= MIN_GALLOP);
		++min_gallop;
		ms->min_gallop = min_gallop;
	}
succeed:
	if (nb)
		MOVE(dest - (nb - 1), baseb, nb);
	return 0;
copy_a:
	/* nb == 1: the first element of b goes in front of what is left of a */
	MOVE(dest + 1 - na, pa + 1 - na, na);
	dest -= na;
	*dest = *pb;
	return 0;
}

static int merge_at(msort *ms, int i)
{
	uint32_t *pa = ms->pending[i].base, *pb = ms->pending[i + 1].base;
	ssz na = ms->pending[i].len, nb = ms->pending[i + 1].len, k;

	ms->pending[i].len = na + nb;
	if (i == ms->n - 3)
		ms->pending[i + 1] = ms->pending[i + 2];
	--ms->n;

	k = gallop_right(ms, *pb, pa, na, 0);
	pa += k;
	na -= k;
	if (na == 0)
		return 0;
	nb = gallop_left(ms, pa[na - 1], pb, nb, nb - 1);
	if (nb <= 0)
		return 0;
	if (na <= nb)
		return merge_lo(ms, pa, na, pb, nb);
	return merge_hi(ms, pa, na, pb, nb);
}

static int run_power(ssz s1, ssz n1, ssz n2, ssz n)
{
	int result = 0;
	ssz a = 2 * s1 + n1;
	ssz b = a + n1 + n2;
	for (;;) {
		++result;
		if (a >= n) {
			a -= n;
			b -= n;
		} else if (b >= n) {
			break;
		}
		a <<= 1;
		b <<= 1;
	}
	return result;
}

static int new_run(msort *ms, ssz n2)
{
	if (ms->n) {
		ssz s1 = ms->pending[ms->n - 1].base - ms->base;
		ssz n1 = ms->pending[ms->n - 1].len;
		int power = run_power(s1, n1, n2, ms->listlen);
		while (ms->n > 1 && ms->pending[ms->n - 2].power > power)
			if (merge_at(ms, ms->n - 2) < 0)
				return -1;
		ms->pending[ms->n - 1].power = power;
	}
	return 0;
}

static int force_collapse(msort *ms)
{
	while (ms->n > 1) {
		int n = ms->n - 2;
		if (n > 0 && ms->pending[n - 1].len < ms->pending[n + 1].len)
			--n;
		if (merge_at(ms, n) < 0)
			return -1;
	}
	return 0;
}

static ssz compute_minrun(ssz n)
{
	ssz r = 0;
	while (n >= 64) {
		r |= n & 1;
		n >>= 1;
	}
	return n + r;
}

static void reverse_ids(uint32_t *lo, uint32_t *hi)
{
	--hi;
	while (lo < hi) {
		uint32_t t = *lo;
		*lo++ = *hi;
		*hi-- = t;
	}
}

static int list_sort(const sortctx *c, uint32_t *ids, size_t count)
{
	msort ms;
	ssz nremaining = (ssz)count, minrun;
	uint32_t *lo = ids;
	int rc = 0;

	memset(&ms, 0, sizeof(ms));
	ms.c = c;
	ms.base = ids;
	ms.listlen = (ssz)count;
	ms.min_gallop = MIN_GALLOP;
	if (nremaining < 2)
		return 0;
	minrun = compute_minrun(nremaining);
	do {
		int descending;
		ssz n = run_length(&ms, lo, lo + nremaining, &descending);
		if (descending)
			reverse_ids(lo, lo + n);
		if (n < minrun) {
			ssz force = nremaining <= minrun ? nremaining : minrun;
			binary_insertion(&ms, lo, lo + force, lo + n);
			n = force;
		}
		if (new_run(&ms, n) < 0) {
			rc = -1;
			goto out;
		}
		ms.pending[ms.n].base = lo;
		ms.pending[ms.n].len = n;
		++ms.n;
		lo += n;
		nremaining -= n;
	} while (nremaining);
	if (force_collapse(&ms) < 0)
		rc = -1;
out:
	free(ms.tmp);
	return rc;
}

/* ===================================================== sorting ids */

static void key_fields(pv_sort_key k, sortctx *c)
{
	static const struct {
		int n;
		int f[3];
		int d[3];
	} defs[PV_SORT_NKEYS] = {
		[PV_SORT_CALLS] = { 1, { F_NC }, { -1 } },
		[PV_SORT_CUMULATIVE] = { 1, { F_CT }, { -1 } },
		[PV_SORT_FILENAME] = { 1, { F_FILE }, { 1 } },
		[PV_SORT_LINE] = { 1, { F_LINE }, { 1 } },
		[PV_SORT_NAME] = { 1, { F_NAME }, { 1 } },
		[PV_SORT_NFL] = { 3, { F_NAME, F_FILE, F_LINE }, { 1, 1, 1 } },
		[PV_SORT_PCALLS] = { 1, { F_CC }, { -1 } },
		[PV_SORT_STDNAME] = { 1, { F_STD }, { 1 } },
		[PV_SORT_TIME] = { 1, { F_TT }, { -1 } },
	};
	for (int i = 0; i < defs[k].n; i++) {
		if (c->nfields >= sizeof(c->field) / sizeof(c->field[0]))
			return;
		/* a field repeated later can never decide anything new */
		int seen = 0;
		for (size_t j = 0; j < c->nfields; j++)
			if (c->field[j] == defs[k].f[i])
				seen = 1;
		if (seen)
			continue;
		c->field[c->nfields] = defs[k].f[i];
		c->dir[c->nfields] = defs[k].d[i];
		c->nfields++;
	}
}

/* Fills c for sorting by keys; 0, or -1 with err set.  sort_done() frees. */
static int sort_setup(sortctx *c, const pv_profile *p, const pv_sort_key *keys, size_t nkeys,
		      pv_error *err)
{
	int need_std = 0;
	memset(c, 0, sizeof(*c));
	c->p = p;
	c->funcs = pv_profile_funcs(p);
	for (size_t i = 0; i < nkeys; i++) {
		if ((unsigned)keys[i] >= PV_SORT_NKEYS)
			return pv_error_set(err, "bad sort key %d", (int)keys[i]);
		key_fields(keys[i], c);
		if (keys[i] == PV_SORT_STDNAME)
			need_std = 1;
	}
	if (need_std && c->nfields) {
		size_t nf = pv_profile_nfuncs(p);
		pv_buf b = PV_BUF_INIT;
		c->std_off = malloc((nf + 1) * sizeof(size_t));
		if (!c->std_off)
			return pv_error_set(err, "out of memory");
		for (size_t i = 0; i < nf; i++) {
			c->std_off[i] = b.len;
			pv_func_std_string(p, (uint32_t)i, &b);
			pv_buf_putc(&b, '\0');
		}
		c->std_off[nf] = b.len;
		if (!pv_buf_ok(&b)) {
			pv_buf_release(&b);
			free(c->std_off);
			c->std_off = NULL;
			return pv_error_set(err, "out of memory");
		}
		c->std = b.data;
	}
	return 0;
}

static void sort_done(sortctx *c)
{
	free(c->std);
	free(c->std_off);
}

int pv_sort_ids(const pv_profile *p, const pv_sort_key *keys, size_t nkeys,
		uint32_t *ids, size_t n, pv_error *err)
{
	sortctx c;
	int rc = 0;
	if (sort_setup(&c, p, keys, nkeys, err) != 0)
		return -1;
	if (c.nfields && n >= 2 && list_sort(&c, ids, n) < 0)
		rc = pv_error_set(err, "out of memory");
	sort_done(&c);
	return rc;
}

/*
 * The first k rows of the sorted list without sorting the rest.  list.sort
 * is stable, so when "<" is a total order (no NaN among the times it
 * compares) the sorted list is the one ordered by (row, position), and its
 * first k rows are the k smallest under that order: a heap of k rows over
 * one pass.  With `reverse` they are the k largest, largest first.
 * Returns 1 with ids[0..k) set, 0 when the order is not total (the caller
 * sorts everything instead), -1 on OOM.
 */
static int order_cmp(const sortctx *c, uint32_t a, uint32_t b, int reverse)
{
	int r = row_lt(c, a, b) ? -1 : row_lt(c, b, a) ? 1 : a < b ? -1 : a > b ? 1 : 0;
	return reverse ? -r : r;
}

static void heap_down(const sortctx *c, uint32_t *h, size_t n, size_t i, int reverse)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < n && order_cmp(c, h[l], h[m], reverse) > 0)
			m = l;
		if (l + 1 < n && order_cmp(c, h[l + 1], h[m], reverse) > 0)
			m = l + 1;
		if (m == i)
			return;
		uint32_t t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static double time_of(const sortctx *c, uint32_t id)
{
	return c->field[0] == F_TT ? c->funcs[id].tt : c->funcs[id].ct;
}

static int sort_top(const sortctx *c, size_t nf, int reverse, uint32_t *ids, size_t k)
{
	for (size_t i = 0; i < c->nfields; i++)
		if ((c->field[i] == F_TT || c->field[i] == F_CT) && pv_profile_nan_times(c->p))
			return 0;
	if (k == 0)
		return 1;
	/* one time field (-s tottime, -s cumulative): compared directly */
	int one = c->nfields == 1 && (c->field[0] == F_TT || c->field[0] == F_CT);
	double root = 0.0;
	/* a max-heap (under the order) of the k smallest rows seen */
	size_t n = 0;
	for (uint32_t id = 0; id < nf; id++) {
		if (n < k) {
			size_t i = n++;
			ids[i] = id;
			while (i > 0 && order_cmp(c, ids[(i - 1) / 2], ids[i], reverse) < 0) {
				uint32_t t = ids[i];
				ids[i] = ids[(i - 1) / 2];
				ids[(i - 1) / 2] = t;
				i = (i - 1) / 2;
			}
			if (one && n == k)
				root = time_of(c, ids[0]);
			continue;
		}
		/* id < ids[0] under the order?  ids[0] < id, so a tie puts id
		 * after the root, or before it when reversed */
		int lt;
		if (one) {
			double x = time_of(c, id);
			lt = c->dir[0] < 0 ? x > root : x < root;
		} else {
			lt = row_lt(c, id, ids[0]);
		}
		if (reverse ? !lt : lt) {
			ids[0] = id;
			heap_down(c, ids, n, 0, reverse);
			if (one)
				root = time_of(c, ids[0]);
		}
	}
	/* heap sort: the largest goes last */
	for (size_t m = n; m > 1; m--) {
		uint32_t t = ids[0];
		ids[0] = ids[m - 1];
		ids[m - 1] = t;
		heap_down(c, ids, m - 1, 0, reverse);
	}
	return 1;
}

/* ===================================================== text helpers */

/*
 * Decodes one character as Python sees the bytes: UTF-8 (surrogates
 * allowed, as surrogatepass writes them), else one byte b >= 0x80 that
 * stands for U+DC00 + b.  Returns the number of bytes used (>= 1).
 */
static size_t decode_char(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF && len >= 2 && (s[1] & 0xC0) == 0x80) {
		*cp = ((c & 0x1Fu) << 6) | (s[1] & 0x3Fu);
		return 2;
	}
	if (c >= 0xE0 && c <= 0xEF && len >= 3 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80) {
		uint32_t v = ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
		if (v >= 0x800) {
			*cp = v;
			return 3;
		}
	}
	if (c >= 0xF0 && c <= 0xF4 && len >= 4 && (s[1] & 0xC0) == 0x80 &&
	    (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80) {
		uint32_t v = ((c & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) |
			     ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu);
		if (v >= 0x10000 && v <= 0x10FFFF) {
			*cp = v;
			return 4;
		}
	}
	*cp = 0xDC00u + c;
	return 1;
}

static void put_utf8(pv_buf *out, uint32_t cp)
{
	char b[4];
	if (cp < 0x80) {
		pv_buf_putc(out, (char)cp);
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3F));
		pv_buf_append(out, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		pv_buf_append(out, b, 3);
	} else {
		b[0] = (char)(0xF0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		pv_buf_append(out, b, 4);
	}
}

static int is_printable(uint32_t cp);

void pv_str_repr(const char *s, size_t len, pv_buf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	int has_sq = memchr(s, '\'', len) != NULL;
	int has_dq = memchr(s, '"', len) != NULL;
	char quote = has_sq && !has_dq ? '"' : '\'';
	pv_buf_putc(out, quote);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = decode_char(u + i, len - i, &cp);
		if (cp == (uint32_t)quote || cp == '\\') {
			pv_buf_putc(out, '\\');
			pv_buf_putc(out, (char)cp);
		} else if (cp == '\t') {
			pv_buf_puts(out, "\\t");
		} else if (cp == '\n') {
			pv_buf_puts(out, "\\n");
		} else if (cp == '\r') {
			pv_buf_puts(out, "\\r");
		} else if (cp < ' ' || cp == 0x7F) {
			pv_buf_printf(out, "\\x%02x", cp);
		} else if (cp < 0x7F) {
			pv_buf_putc(out, (char)cp);
		} else if (is_printable(cp)) {
			pv_buf_append(out, s + i, n);
		} else if (cp <= 0xFF) {
			pv_buf_printf(out, "\\x%02x", cp);
		} else if (cp <= 0xFFFF) {
			pv_buf_printf(out, "\\u%04x", cp);
		} else {
			pv_buf_printf(out, "\\U%08x", cp);
		}
		i += n;
	}
	pv_buf_putc(out, quote);
}

void pv_float_repr(double x, pv_buf *out)
{
	char buf[48], digits[24];
	int prec, exp10, nd = 0, neg;
	if (isnan(x)) {
		pv_buf_puts(out, "nan");
		return;
	}
	if (isinf(x)) {
		pv_buf_puts(out, x < 0 ? "-inf" : "inf");
		return;
	}
	/* The correctly rounded 15-digit form round-trips whenever a form of
	   15 or fewer digits does, and it is then the shortest once its
	   trailing zeros are gone; else try 16, then 17 (always enough). */
	/* (subnormals have fewer significant bits: search from 1 digit) */
	for (prec = fabs(x) < DBL_MIN ? 1 : 15; prec < 17; prec++) {
		snprintf(buf, sizeof(buf), "%.*e", prec - 1, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	if (prec == 17)
		snprintf(buf, sizeof(buf), "%.*e", prec - 1, x);
	const char *q = buf;
	neg = *q == '-';
	if (neg)
		q++;
	for (; *q && *q != 'e'; q++)
		if (*q >= '0' && *q <= '9')
			digits[nd++] = *q;
	exp10 = *q == 'e' ? atoi(q + 1) : 0;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	int decpt = exp10 + 1;
	if (neg)
		pv_buf_putc(out, '-');
	if (decpt <= -4 || decpt > 16) {
		pv_buf_putc(out, digits[0]);
		if (nd > 1) {
			pv_buf_putc(out, '.');
			pv_buf_append(out, digits + 1, (size_t)nd - 1);
		}
		pv_buf_printf(out, "e%c%02d", exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
	} else if (decpt <= 0) {
		pv_buf_puts(out, "0.");
		pv_buf_fill(out, '0', (size_t)-decpt);
		pv_buf_append(out, digits, (size_t)nd);
	} else if (decpt >= nd) {
		pv_buf_append(out, digits, (size_t)nd);
		pv_buf_fill(out, '0', (size_t)(decpt - nd));
		pv_buf_puts(out, ".0");
	} else {
		pv_buf_append(out, digits, (size_t)decpt);
		pv_buf_putc(out, '.');
		pv_buf_append(out, digits + decpt, (size_t)(nd - decpt));
	}
}

/* ===================================================== restrictions */

void pv_restriction_count(pv_restriction *out, long long n)
{
	memset(out, 0, sizeof(*out));
	out->kind = PV_RESTRICT_COUNT;
	out->count = n;
}

void pv_restriction_fraction(pv_restriction *out, double x)
{
	memset(out, 0, sizeof(*out));
	out->kind = PV_RESTRICT_FRACTION;
	out->fraction = x;
}

int pv_restriction_regex(pv_restriction *out, const char *pattern, pv_error *err)
{
	memset(out, 0, sizeof(*out));
	out->kind = PV_RESTRICT_REGEX;
	out->text = strdup(pattern);
	if (!out->text)
		return pv_error_set(err, "out of memory");
	return 0;
}

void pv_restriction_release(pv_restriction *r)
{
	if (!r)
		return;
	free(r->text);
	r->text = NULL;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* ^[+-]?[0-9]+$ (Python's $ also matches before a final newline) */
static int match_int(const char *s, size_t len)
{
	size_t i = 0;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	size_t d = i;
	while (i < len && is_digit(s[i]))
		i++;
	return i > d && i == len;
}

/* ^[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][+-]?[0-9]+)?$ */
static int match_float(const char *s, size_t len)
{
	size_t i = 0, a, b = 0;
	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	a = i;
	while (i < len && is_digit(s[i]))
		i++;
	a = i - a;
	if (i < len && s[i] == '.') {
		i++;
		size_t f = i;
		while (i < len && is_digit(s[i]))
			i++;
		b = i - f;
		if (a == 0 && b == 0)
			return 0;
	} else if (a == 0) {
		return 0;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		size_t e = i;
		while (i < len && is_digit(s[i]))
			i++;
		if (i == e)
			return 0;
	}
	return i == len;
}

int pv_restriction_parse(const char *arg, pv_restriction *out, pv_error *err)
{
	size_t len = strlen(arg);
	size_t core = len;
	memset(out, 0, sizeof(*out));
	if (core > 0 && arg[core - 1] == '\n')
		core--;
	if (match_int(arg, core)) {
		char *end;
		errno = 0;
		long long v = strtoll(arg, &end, 10);
		/* out of range: clamped; such counts restrict nothing anyway */
		pv_restriction_count(out, v);
	} else if (match_float(arg, core)) {
		double x = strtod(arg, NULL);
		if (x >= 0.0 && x < 1.0)
			pv_restriction_fraction(out, x);
		else
			return pv_restriction_regex(out, arg, err);
	} else {
		return pv_restriction_regex(out, arg, err);
	}
	out->text = strdup(arg);
	if (!out->text)
		return pv_error_set(err, "out of memory");
	return 0;
}

void pv_restriction_repr(const pv_restriction *r, pv_buf *out)
{
	switch (r->kind) {
	case PV_RESTRICT_COUNT:
		pv_buf_printf(out, "%lld", r->count);
		break;
	case PV_RESTRICT_FRACTION:
		pv_float_repr(r->fraction, out);
		break;
	default:
		pv_str_repr(r->text ? r->text : "", r->text ? strlen(r->text) : 0, out);
		break;
	}
}

/* ===================================================== regexes */

typedef struct rx {
	pcre2_code *code;
	pcre2_match_data *md;
	pv_buf alt;   /* subject rewritten when it is not valid UTF-8 */
} rx;

/*
 * Python's \Z is PCRE2's \z (end of subject only); everything else used in
 * practice means the same in both.  Returns a malloc'd pattern or NULL.
 */
static char *translate_pattern(const char *pat)
{
	size_t len = strlen(pat);
	char *t = malloc(len + 1);
	int in_class = 0;
	if (!t)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		char c = pat[i];
		t[i] = c;
		if (c == '\\' && i + 1 < len) {
			t[i + 1] = pat[i + 1] == 'Z' && !in_class ? 'z' : pat[i + 1];
			i++;
		} else if (c == '[' && !in_class) {
			in_class = 1;
			/* a ']' right after '[' or '[^' is literal */
			if (i + 1 < len && pat[i + 1] == '^') {
				t[++i] = '^';
			}
			if (i + 1 < len && pat[i + 1] == ']')
				t[++i] = ']';
		} else if (c == ']' && in_class) {
			in_class = 0;
		}
	}
	t[len] = '\0';
	return t;
}

static int rx_compile(rx *r, const char *pattern, char *msg, size_t msgsize)
{
	int errcode;
	PCRE2_SIZE erroff;
	char *pat = translate_pattern(pattern);
	pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
	memset(r, 0, sizeof(*r));
	if (!pat || !cc) {
		free(pat);
		pcre2_compile_context_free(cc);
		snprintf(msg, msgsize, "out of memory");
		return -2;
	}
	pcre2_set_newline(cc, PCRE2_NEWLINE_LF);
	r->code = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
				PCRE2_UTF | PCRE2_UCP | PCRE2_ALT_BSUX, &errcode, &erroff, cc);
	pcre2_compile_context_free(cc);
	free(pat);
	if (!r->code) {
		PCRE2_UCHAR buf[120];
		if (pcre2_get_error_message(errcode, buf, sizeof(buf)) < 0)
			snprintf((char *)buf, sizeof(buf), "error %d", errcode);
		snprintf(msg, msgsize, "%.80s at position %zu", (const char *)buf, (size_t)erroff);
		return -1;
	}
	(void)pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE);
	r->md = pcre2_match_data_create_from_pattern(r->code, NULL);
	if (!r->md) {
		pcre2_code_free(r->code);
		r->code = NULL;
		snprintf(msg, msgsize, "out of memory");
		return -2;
	}
	return 0;
}

static void rx_free(rx *r)
{
	pcre2_match_data_free(r->md);
	pcre2_code_free(r->code);
	pv_buf_release(&r->alt);
}

/*
 * re.search(pattern, s).  A subject that is not valid UTF-8 (escaped
 * undecodable bytes, lone surrogates) is matched after mapping each stray
 * byte b to the private-use character U+10FF00+b: like Python's stand-in
 * U+DC00+b it is one character that matches `.` and no class but `\W`,
 * `\S`, `\D` and negated sets.
 */
static int rx_search(rx *r, const char *s, size_t len)
{
	int rc = pcre2_match(r->code, (PCRE2_SPTR)s, len, 0, 0, r->md, NULL);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH || rc > PCRE2_ERROR_UTF8_ERR1 ||
	    rc < PCRE2_ERROR_UTF8_ERR21)
		return 0;
	pv_buf_reset(&r->alt);
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = decode_char(u + i, len - i, &cp);
		if (cp >= 0xD800 && cp <= 0xDFFF) {
			for (size_t k = 0; k < n; k++)
				put_utf8(&r->alt, 0x10FF00u + u[i + k]);
		} else {
			pv_buf_append(&r->alt, s + i, n);
		}
		i += n;
	}
	if (!pv_buf_ok(&r->alt))
		return 0;
	rc = pcre2_match(r->code, (PCRE2_SPTR)(r->alt.data ? r->alt.data : ""), r->alt.len,
			 0, 0, r->md, NULL);
	return rc >= 0;
}

/* ===================================================== queries */

void pv_selection_release(pv_selection *s)
{
	if (!s)
		return;
	free(s->ids);
	free(s->ordered_by);
	free(s->limits);
	memset(s, 0, sizeof(*s));
}

int pv_query_run(const pv_profile *p, const pv_query *q, pv_selection *out,
		 pv_error *err)
{
	size_t nf = pv_profile_nfuncs(p);
	pv_buf name = PV_BUF_INIT;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	out->nfuncs = nf;
	out->ids = malloc((nf ? nf : 1) * sizeof(uint32_t));
	out->limits = calloc(q->nlimits ? q->nlimits : 1, sizeof(pv_limit_result));
	if (!out->ids || !out->limits)
		goto oom;
	out->nlimits = q->nlimits;
	out->n = nf;

	size_t first_limit = 0;
	int top = 0;
	if (q->nkeys > 0) {
		pv_buf desc = PV_BUF_INIT;
		const pv_restriction *r0 = q->nlimits ? &q->limits[0] : NULL;
		if (r0 && r0->kind == PV_RESTRICT_COUNT && r0->count >= 0 &&
		    (unsigned long long)r0->count < nf / 8) {
			/* only the first rows are listed: select them, sort those */
			sortctx c;
			if (sort_setup(&c, p, q->keys, q->nkeys, err) != 0)
				goto out;
			top = c.nfields ? sort_top(&c, nf, q->reverse, out->ids, (size_t)r0->count)
					: 0;
			sort_done(&c);
			if (top) {
				out->n = (size_t)r0->count;
				out->limits[0].before = nf;
				out->limits[0].after = out->n;
				first_limit = 1;
			}
		}
		if (!top) {
			for (size_t i = 0; i < nf; i++)
				out->ids[i] = (uint32_t)i;
			if (pv_sort_ids(p, q->keys, q->nkeys, out->ids, nf, err) < 0)
				goto out;
		}
		if (!top && q->reverse && nf > 1)
			reverse_ids(out->ids, out->ids + nf);
		for (size_t i = 0; i < q->nkeys; i++) {
			if (i)
				pv_buf_puts(&desc, ", ");
			pv_buf_puts(&desc, pv_sort_key_description(q->keys[i]));
		}
		if (!pv_buf_ok(&desc)) {
			pv_buf_release(&desc);
			goto oom;
		}
		out->ordered_by = pv_buf_detach(&desc, NULL);
		if (!out->ordered_by)
			goto oom;
		out->sorted = 1;
	} else {
		for (size_t i = 0; i < nf; i++)
			out->ids[i] = (uint32_t)i;  /* dict order */
	}

	for (size_t li = first_limit; li < q->nlimits; li++) {
		const pv_restriction *r = &q->limits[li];
		pv_limit_result *res = &out->limits[li];
		size_t count = out->n;
		res->before = count;
		if (r->kind == PV_RESTRICT_REGEX) {
			rx x;
			int c = rx_compile(&x, r->text ? r->text : "", res->error, sizeof(res->error));
			if (c == -2)
				goto oom;
			if (c < 0) {
				res->invalid = 1;
				res->after = count;
				continue;
			}
			size_t k = 0;
			for (size_t i = 0; i < count; i++) {
				pv_buf_reset(&name);
				pv_func_std_string(p, out->ids[i], &name);
				if (rx_search(&x, name.data ? name.data : "", name.len))
					out->ids[k++] = out->ids[i];
			}
			int alt_oom = !pv_buf_ok(&x.alt);
			rx_free(&x);
			if (!pv_buf_ok(&name) || alt_oom) {
				goto oom;
			}
			out->n = k;
		} else if (r->kind == PV_RESTRICT_FRACTION) {
			if (r->fraction >= 0.0 && r->fraction < 1.0) {
				double v = (double)count * r->fraction + .5;
				out->n = (size_t)v;
			}
		} else {
			if (r->count >= 0 && (unsigned long long)r->count < count)
				out->n = (size_t)r->count;
		}
		res->after = out->n;
	}

	if (out->n < nf) {
		size_t w = 0;
		for (size_t i = 0; i < out->n; i++)
			if (pv_func_width(p, out->ids[i]) > w)
				w = pv_func_width(p, out->ids[i]);
		out->width = w + 2;
	} else {
		out->width = pv_profile_max_name_len(p) + 2;
	}
	rc = 0;
	goto out;
oom:
	pv_error_set(err, "out of memory");
out:
	pv_buf_release(&name);
	return rc;
}

void pv_selection_message(const pv_selection *s, const pv_query *q, pv_buf *out)
{
	if (s->sorted) {
		pv_buf_puts(out, "   Ordered by: ");
		pv_buf_puts(out, s->ordered_by ? s->ordered_by : "");
		pv_buf_putc(out, '\n');
	} else {
		pv_buf_puts(out, "   Random listing order was used\n");
	}
	for (size_t i = 0; i < s->nlimits && i < q->nlimits; i++) {
		const pv_limit_result *r = &s->limits[i];
		if (r->invalid) {
			pv_buf_puts(out, "   <Invalid regular expression ");
			pv_restriction_repr(&q->limits[i], out);
			pv_buf_puts(out, ">\n");
		} else if (r->before != r->after) {
			pv_buf_printf(out, "   List reduced from %zu to %zu due to restriction <",
				      r->before, r->after);
			pv_restriction_repr(&q->limits[i], out);
			pv_buf_puts(out, ">\n");
		}
	}
}

/* ===================================================== str.isprintable() */

/* generated by tests/stats/gen_unicode_printable.py: 700 ranges */
static const uint32_t nonprintable[][2] = {
	{0x80,0xA0}, {0xAD,0xAD}, {0x378,0x379}, {0x380,0x383}, {0x38B,0x38B},
	{0x38D,0x38D}, {0x3A2,0x3A2}, {0x530,0x530}, {0x557,0x558}, {0x58B,0x58C},
	{0x590,0x590}, {0x5C8,0x5CF}, {0x5EB,0x5EE}, {0x5F5,0x605}, {0x61C,0x61C},
	{0x6DD,0x6DD}, {0x70E,0x70F}, {0x74B,0x74C}, {0x7B2,0x7BF}, {0x7FB,0x7FC},
	{0x82E,0x82F}, {0x83F,0x83F}, {0x85C,0x85D}, {0x85F,0x85F}, {0x86B,0x86F},
	{0x88F,0x897}, {0x8E2,0x8E2}, {0x984,0x984}, {0x98D,0x98E}, {0x991,0x992},
	{0x9A9,0x9A9}, {0x9B1,0x9B1}, {0x9B3,0x9B5}, {0x9BA,0x9BB}, {0x9C5,0x9C6},
	{0x9C9,0x9CA}, {0x9CF,0x9D6}, {0x9D8,0x9DB}, {0x9DE,0x9DE}, {0x9E4,0x9E5},
	{0x9FF,0xA00}, {0xA04,0xA04}, {0xA0B,0xA0E}, {0xA11,0xA12}, {0xA29,0xA29},
	{0xA31,0xA31}, {0xA34,0xA34}, {0xA37,0xA37}, {0xA3A,0xA3B}, {0xA3D,0xA3D},
	{0xA43,0xA46}, {0xA49,0xA4A}, {0xA4E,0xA50}, {0xA52,0xA58}, {0xA5D,0xA5D},
	{0xA5F,0xA65}, {0xA77,0xA80}, {0xA84,0xA84}, {0xA8E,0xA8E}, {0xA92,0xA92},
	{0xAA9,0xAA9}, {0xAB1,0xAB1}, {0xAB4,0xAB4}, {0xABA,0xABB}, {0xAC6,0xAC6},
	{0xACA,0xACA}, {0xACE,0xACF}, {0xAD1,0xADF}, {0xAE4,0xAE5}, {0xAF2,0xAF8},
	{0xB00,0xB00}, {0xB04,0xB04}, {0xB0D,0xB0E}, {0xB11,0xB12}, {0xB29,0xB29},
	{0xB31,0xB31}, {0xB34,0xB34}, {0xB3A,0xB3B}, {0xB45,0xB46}, {0xB49,0xB4A},
	{0xB4E,0xB54}, {0xB58,0xB5B}, {0xB5E,0xB5E}, {0xB64,0xB65}, {0xB78,0xB81},
	{0xB84,0xB84}, {0xB8B,0xB8D}, {0xB91,0xB91}, {0xB96,0xB98}, {0xB9B,0xB9B},
	{0xB9D,0xB9D}, {0xBA0,0xBA2}, {0xBA5,0xBA7}, {0xBAB,0xBAD}, {0xBBA,0xBBD},
	{0xBC3,0xBC5}, {0xBC9,0xBC9}, {0xBCE,0xBCF}, {0xBD1,0xBD6}, {0xBD8,0xBE5},
	{0xBFB,0xBFF}, {0xC0D,0xC0D}, {0xC11,0xC11}, {0xC29,0xC29}, {0xC3A,0xC3B},
	{0xC45,0xC45}, {0xC49,0xC49}, {0xC4E,0xC54}, {0xC57,0xC57}, {0xC5B,0xC5C},
	{0xC5E,0xC5F}, {0xC64,0xC65}, {0xC70,0xC76}, {0xC8D,0xC8D}, {0xC91,0xC91},
	{0xCA9,0xCA9}, {0xCB4,0xCB4}, {0xCBA,0xCBB}, {0xCC5,0xCC5}, {0xCC9,0xCC9},
	{0xCCE,0xCD4}, {0xCD7,0xCDC}, {0xCDF,0xCDF}, {0xCE4,0xCE5}, {0xCF0,0xCF0},
	{0xCF3,0xCFF}, {0xD0D,0xD0D}, {0xD11,0xD11}, {0xD45,0xD45}, {0xD49,0xD49},
	{0xD50,0xD53}, {0xD64,0xD65}, {0xD80,0xD80}, {0xD84,0xD84}, {0xD97,0xD99},
	{0xDB2,0xDB2}, {0xDBC,0xDBC}, {0xDBE,0xDBF}, {0xDC7,0xDC9}, {0xDCB,0xDCE},
	{0xDD5,0xDD5}, {0xDD7,0xDD7}, {0xDE0,0xDE5}, {0xDF0,0xDF1}, {0xDF5,0xE00},
	{0xE3B,0xE3E}, {0xE5C,0xE80}, {0xE83,0xE83}, {0xE85,0xE85}, {0xE8B,0xE8B},
	{0xEA4,0xEA4}, {0xEA6,0xEA6}, {0xEBE,0xEBF}, {0xEC5,0xEC5}, {0xEC7,0xEC7},
	{0xECE,0xECF}, {0xEDA,0xEDB}, {0xEE0,0xEFF}, {0xF48,0xF48}, {0xF6D,0xF70},
	{0xF98,0xF98}, {0xFBD,0xFBD}, {0xFCD,0xFCD}, {0xFDB,0xFFF}, {0x10C6,0x10C6},
	{0x10C8,0x10CC}, {0x10CE,0x10CF}, {0x1249,0x1249}, {0x124E,0x124F},
	{0x1257,0x1257}, {0x1259,0x1259}, {0x125E,0x125F}, {0x1289,0x1289},
	{0x128E,0x128F}, {0x12B1,0x12B1}, {0x12B6,0x12B7}, {0x12BF,0x12BF},
	{0x12C1,0x12C1}, {0x12C6,0x12C7}, {0x12D7,0x12D7}, {0x1311,0x1311},
	{0x1316,0x1317}, {0x135B,0x135C}, {0x137D,0x137F}, {0x139A,0x139F},
	{0x13F6,0x13F7}, {0x13FE,0x13FF}, {0x1680,0x1680}, {0x169D,0x169F},
	{0x16F9,0x16FF}, {0x1716,0x171E}, {0x1737,0x173F}, {0x1754,0x175F},
	{0x176D,0x176D}, {0x1771,0x1771}, {0x1774,0x177F}, {0x17DE,0x17DF},
	{0x17EA,0x17EF}, {0x17FA,0x17FF}, {0x180E,0x180E}, {0x181A,0x181F},
	{0x1879,0x187F}, {0x18AB,0x18AF}, {0x18F6,0x18FF}, {0x191F,0x191F},
	{0x192C,0x192F}, {0x193C,0x193F}, {0x1941,0x1943}, {0x196E,0x196F},
	{0x1975,0x197F}, {0x19AC,0x19AF}, {0x19CA,0x19CF}, {0x19DB,0x19DD},
	{0x1A1C,0x1A1D}, {0x1A5F,0x1A5F}, {0x1A7D,0x1A7E}, {0x1A8A,0x1A8F},
	{0x1A9A,0x1A9F}, {0x1AAE,0x1AAF}, {0x1ACF,0x1AFF}, {0x1B4D,0x1B4F},
	{0x1B7F,0x1B7F}, {0x1BF4,0x1BFB}, {0x1C38,0x1C3A}, {0x1C4A,0x1C4C},
	{0x1C89,0x1C8F}, {0x1CBB,0x1CBC}, {0x1CC8,0x1CCF}, {0x1CFB,0x1CFF},
	{0x1F16,0x1F17}, {0x1F1E,0x1F1F}, {0x1F46,0x1F47}, {0x1F4E,0x1F4F},
	{0x1F58,0x1F58}, {0x1F5A,0x1F5A}, {0x1F5C,0x1F5C}, {0x1F5E,0x1F5E},
	{0x1F7E,0x1F7F}, {0x1FB5,0x1FB5}, {0x1FC5,0x1FC5}, {0x1FD4,0x1FD5},
	{0x1FDC,0x1FDC}, {0x1FF0,0x1FF1}, {0x1FF5,0x1FF5}, {0x1FFF,0x200F},
	{0x2028,0x202F}, {0x205F,0x206F}, {0x2072,0x2073}, {0x208F,0x208F},
	{0x209D,0x209F}, {0x20C1,0x20CF}, {0x20F1,0x20FF}, {0x218C,0x218F},
	{0x2427,0x243F}, {0x244B,0x245F}, {0x2B74,0x2B75}, {0x2B96,0x2B96},
	{0x2CF4,0x2CF8}, {0x2D26,0x2D26}, {0x2D28,0x2D2C}, {0x2D2E,0x2D2F},
	{0x2D68,0x2D6E}, {0x2D71,0x2D7E}, {0x2D97,0x2D9F}, {0x2DA7,0x2DA7},
	{0x2DAF,0x2DAF}, {0x2DB7,0x2DB7}, {0x2DBF,0x2DBF}, {0x2DC7,0x2DC7},
	{0x2DCF,0x2DCF}, {0x2DD7,0x2DD7}, {0x2DDF,0x2DDF}, {0x2E5E,0x2E7F},
	{0x2E9A,0x2E9A}, {0x2EF4,0x2EFF}, {0x2FD6,0x2FEF}, {0x2FFC,0x3000},
	{0x3040,0x3040}, {0x3097,0x3098}, {0x3100,0x3104}, {0x3130,0x3130},
	{0x318F,0x318F}, {0x31E4,0x31EF}, {0x321F,0x321F}, {0xA48D,0xA48F},
	{0xA4C7,0xA4CF}, {0xA62C,0xA63F}, {0xA6F8,0xA6FF}, {0xA7CB,0xA7CF},
	{0xA7D2,0xA7D2}, {0xA7D4,0xA7D4}, {0xA7DA,0xA7F1}, {0xA82D,0xA82F},
	{0xA83A,0xA83F}, {0xA878,0xA87F}, {0xA8C6,0xA8CD}, {0xA8DA,0xA8DF},
	{0xA954,0xA95E}, {0xA97D,0xA97F}, {0xA9CE,0xA9CE}, {0xA9DA,0xA9DD},
	{0xA9FF,0xA9FF}, {0xAA37,0xAA3F}, {0xAA4E,0xAA4F}, {0xAA5A,0xAA5B},
	{0xAAC3,0xAADA}, {0xAAF7,0xAB00}, {0xAB07,0xAB08}, {0xAB0F,0xAB10},
	{0xAB17,0xAB1F}, {0xAB27,0xAB27}, {0xAB2F,0xAB2F}, {0xAB6C,0xAB6F},
	{0xABEE,0xABEF}, {0xABFA,0xABFF}, {0xD7A4,0xD7AF}, {0xD7C7,0xD7CA},
	{0xD7FC,0xF8FF}, {0xFA6E,0xFA6F}, {0xFADA,0xFAFF}, {0xFB07,0xFB12},
	{0xFB18,0xFB1C}, {0xFB37,0xFB37}, {0xFB3D,0xFB3D}, {0xFB3F,0xFB3F},
	{0xFB42,0xFB42}, {0xFB45,0xFB45}, {0xFBC3,0xFBD2}, {0xFD90,0xFD91},
	{0xFDC8,0xFDCE}, {0xFDD0,0xFDEF}, {0xFE1A,0xFE1F}, {0xFE53,0xFE53},
	{0xFE67,0xFE67}, {0xFE6C,0xFE6F}, {0xFE75,0xFE75}, {0xFEFD,0xFF00},
	{0xFFBF,0xFFC1}, {0xFFC8,0xFFC9}, {0xFFD0,0xFFD1}, {0xFFD8,0xFFD9},
	{0xFFDD,0xFFDF}, {0xFFE7,0xFFE7}, {0xFFEF,0xFFFB}, {0xFFFE,0xFFFF},
	{0x1000C,0x1000C}, {0x10027,0x10027}, {0x1003B,0x1003B}, {0x1003E,0x1003E},
	{0x1004E,0x1004F}, {0x1005E,0x1007F}, {0x100FB,0x100FF}, {0x10103,0x10106},
	{0x10134,0x10136}, {0x1018F,0x1018F}, {0x1019D,0x1019F}, {0x101A1,0x101CF},
	{0x101FE,0x1027F}, {0x1029D,0x1029F}, {0x102D1,0x102DF}, {0x102FC,0x102FF},
	{0x10324,0x1032C}, {0x1034B,0x1034F}, {0x1037B,0x1037F}, {0x1039E,0x1039E},
	{0x103C4,0x103C7}, {0x103D6,0x103FF}, {0x1049E,0x1049F}, {0x104AA,0x104AF},
	{0x104D4,0x104D7}, {0x104FC,0x104FF}, {0x10528,0x1052F}, {0x10564,0x1056E},
	{0x1057B,0x1057B}, {0x1058B,0x1058B}, {0x10593,0x10593}, {0x10596,0x10596},
	{0x105A2,0x105A2}, {0x105B2,0x105B2}, {0x105BA,0x105BA}, {0x105BD,0x105FF},
	{0x10737,0x1073F}, {0x10756,0x1075F}, {0x10768,0x1077F}, {0x10786,0x10786},
	{0x107B1,0x107B1}, {0x107BB,0x107FF}, {0x10806,0x10807}, {0x10809,0x10809},
	{0x10836,0x10836}, {0x10839,0x1083B}, {0x1083D,0x1083E}, {0x10856,0x10856},
	{0x1089F,0x108A6}, {0x108B0,0x108DF}, {0x108F3,0x108F3}, {0x108F6,0x108FA},
	{0x1091C,0x1091E}, {0x1093A,0x1093E}, {0x10940,0x1097F}, {0x109B8,0x109BB},
	{0x109D0,0x109D1}, {0x10A04,0x10A04}, {0x10A07,0x10A0B}, {0x10A14,0x10A14},
	{0x10A18,0x10A18}, {0x10A36,0x10A37}, {0x10A3B,0x10A3E}, {0x10A49,0x10A4F},
	{0x10A59,0x10A5F}, {0x10AA0,0x10ABF}, {0x10AE7,0x10AEA}, {0x10AF7,0x10AFF},
	{0x10B36,0x10B38}, {0x10B56,0x10B57}, {0x10B73,0x10B77}, {0x10B92,0x10B98},
	{0x10B9D,0x10BA8}, {0x10BB0,0x10BFF}, {0x10C49,0x10C7F}, {0x10CB3,0x10CBF},
	{0x10CF3,0x10CF9}, {0x10D28,0x10D2F}, {0x10D3A,0x10E5F}, {0x10E7F,0x10E7F},
	{0x10EAA,0x10EAA}, {0x10EAE,0x10EAF}, {0x10EB2,0x10EFF}, {0x10F28,0x10F2F},
	{0x10F5A,0x10F6F}, {0x10F8A,0x10FAF}, {0x10FCC,0x10FDF}, {0x10FF7,0x10FFF},
	{0x1104E,0x11051}, {0x11076,0x1107E}, {0x110BD,0x110BD}, {0x110C3,0x110CF},
	{0x110E9,0x110EF}, {0x110FA,0x110FF}, {0x11135,0x11135}, {0x11148,0x1114F},
	{0x11177,0x1117F}, {0x111E0,0x111E0}, {0x111F5,0x111FF}, {0x11212,0x11212},
	{0x1123F,0x1127F}, {0x11287,0x11287}, {0x11289,0x11289}, {0x1128E,0x1128E},
	{0x1129E,0x1129E}, {0x112AA,0x112AF}, {0x112EB,0x112EF}, {0x112FA,0x112FF},
	{0x11304,0x11304}, {0x1130D,0x1130E}, {0x11311,0x11312}, {0x11329,0x11329},
	{0x11331,0x11331}, {0x11334,0x11334}, {0x1133A,0x1133A}, {0x11345,0x11346},
	{0x11349,0x1134A}, {0x1134E,0x1134F}, {0x11351,0x11356}, {0x11358,0x1135C},
	{0x11364,0x11365}, {0x1136D,0x1136F}, {0x11375,0x113FF}, {0x1145C,0x1145C},
	{0x11462,0x1147F}, {0x114C8,0x114CF}, {0x114DA,0x1157F}, {0x115B6,0x115B7},
	{0x115DE,0x115FF}, {0x11645,0x1164F}, {0x1165A,0x1165F}, {0x1166D,0x1167F},
	{0x116BA,0x116BF}, {0x116CA,0x116FF}, {0x1171B,0x1171C}, {0x1172C,0x1172F},
	{0x11747,0x117FF}, {0x1183C,0x1189F}, {0x118F3,0x118FE}, {0x11907,0x11908},
	{0x1190A,0x1190B}, {0x11914,0x11914}, {0x11917,0x11917}, {0x11936,0x11936},
	{0x11939,0x1193A}, {0x11947,0x1194F}, {0x1195A,0x1199F}, {0x119A8,0x119A9},
	{0x119D8,0x119D9}, {0x119E5,0x119FF}, {0x11A48,0x11A4F}, {0x11AA3,0x11AAF},
	{0x11AF9,0x11BFF}, {0x11C09,0x11C09}, {0x11C37,0x11C37}, {0x11C46,0x11C4F},
	{0x11C6D,0x11C6F}, {0x11C90,0x11C91}, {0x11CA8,0x11CA8}, {0x11CB7,0x11CFF},
	{0x11D07,0x11D07}, {0x11D0A,0x11D0A}, {0x11D37,0x11D39}, {0x11D3B,0x11D3B},
	{0x11D3E,0x11D3E}, {0x11D48,0x11D4F}, {0x11D5A,0x11D5F}, {0x11D66,0x11D66},
	{0x11D69,0x11D69}, {0x11D8F,0x11D8F}, {0x11D92,0x11D92}, {0x11D99,0x11D9F},
	{0x11DAA,0x11EDF}, {0x11EF9,0x11FAF}, {0x11FB1,0x11FBF}, {0x11FF2,0x11FFE},
	{0x1239A,0x123FF}, {0x1246F,0x1246F}, {0x12475,0x1247F}, {0x12544,0x12F8F},
	{0x12FF3,0x12FFF}, {0x1342F,0x143FF}, {0x14647,0x167FF}, {0x16A39,0x16A3F},
	{0x16A5F,0x16A5F}, {0x16A6A,0x16A6D}, {0x16ABF,0x16ABF}, {0x16ACA,0x16ACF},
	{0x16AEE,0x16AEF}, {0x16AF6,0x16AFF}, {0x16B46,0x16B4F}, {0x16B5A,0x16B5A},
	{0x16B62,0x16B62}, {0x16B78,0x16B7C}, {0x16B90,0x16E3F}, {0x16E9B,0x16EFF},
	{0x16F4B,0x16F4E}, {0x16F88,0x16F8E}, {0x16FA0,0x16FDF}, {0x16FE5,0x16FEF},
	{0x16FF2,0x16FFF}, {0x187F8,0x187FF}, {0x18CD6,0x18CFF}, {0x18D09,0x1AFEF},
	{0x1AFF4,0x1AFF4}, {0x1AFFC,0x1AFFC}, {0x1AFFF,0x1AFFF}, {0x1B123,0x1B14F},
	{0x1B153,0x1B163}, {0x1B168,0x1B16F}, {0x1B2FC,0x1BBFF}, {0x1BC6B,0x1BC6F},
	{0x1BC7D,0x1BC7F}, {0x1BC89,0x1BC8F}, {0x1BC9A,0x1BC9B}, {0x1BCA0,0x1CEFF},
	{0x1CF2E,0x1CF2F}, {0x1CF47,0x1CF4F}, {0x1CFC4,0x1CFFF}, {0x1D0F6,0x1D0FF},
	{0x1D127,0x1D128}, {0x1D173,0x1D17A}, {0x1D1EB,0x1D1FF}, {0x1D246,0x1D2DF},
	{0x1D2F4,0x1D2FF}, {0x1D357,0x1D35F}, {0x1D379,0x1D3FF}, {0x1D455,0x1D455},
	{0x1D49D,0x1D49D}, {0x1D4A0,0x1D4A1}, {0x1D4A3,0x1D4A4}, {0x1D4A7,0x1D4A8},
	{0x1D4AD,0x1D4AD}, {0x1D4BA,0x1D4BA}, {0x1D4BC,0x1D4BC}, {0x1D4C4,0x1D4C4},
	{0x1D506,0x1D506}, {0x1D50B,0x1D50C}, {0x1D515,0x1D515}, {0x1D51D,0x1D51D},
	{0x1D53A,0x1D53A}, {0x1D53F,0x1D53F}, {0x1D545,0x1D545}, {0x1D547,0x1D549},
	{0x1D551,0x1D551}, {0x1D6A6,0x1D6A7}, {0x1D7CC,0x1D7CD}, {0x1DA8C,0x1DA9A},
	{0x1DAA0,0x1DAA0}, {0x1DAB0,0x1DEFF}, {0x1DF1F,0x1DFFF}, {0x1E007,0x1E007},
	{0x1E019,0x1E01A}, {0x1E022,0x1E022}, {0x1E025,0x1E025}, {0x1E02B,0x1E0FF},
	{0x1E12D,0x1E12F}, {0x1E13E,0x1E13F}, {0x1E14A,0x1E14D}, {0x1E150,0x1E28F},
	{0x1E2AF,0x1E2BF}, {0x1E2FA,0x1E2FE}, {0x1E300,0x1E7DF}, {0x1E7E7,0x1E7E7},
	{0x1E7EC,0x1E7EC}, {0x1E7EF,0x1E7EF}, {0x1E7FF,0x1E7FF}, {0x1E8C5,0x1E8C6},
	{0x1E8D7,0x1E8FF}, {0x1E94C,0x1E94F}, {0x1E95A,0x1E95D}, {0x1E960,0x1EC70},
	{0x1ECB5,0x1ED00}, {0x1ED3E,0x1EDFF}, {0x1EE04,0x1EE04}, {0x1EE20,0x1EE20},
	{0x1EE23,0x1EE23}, {0x1EE25,0x1EE26}, {0x1EE28,0x1EE28}, {0x1EE33,0x1EE33},
	{0x1EE38,0x1EE38}, {0x1EE3A,0x1EE3A}, {0x1EE3C,0x1EE41}, {0x1EE43,0x1EE46},
	{0x1EE48,0x1EE48}, {0x1EE4A,0x1EE4A}, {0x1EE4C,0x1EE4C}, {0x1EE50,0x1EE50},
	{0x1EE53,0x1EE53}, {0x1EE55,0x1EE56}, {0x1EE58,0x1EE58}, {0x1EE5A,0x1EE5A},
	{0x1EE5C,0x1EE5C}, {0x1EE5E,0x1EE5E}, {0x1EE60,0x1EE60}, {0x1EE63,0x1EE63},
	{0x1EE65,0x1EE66}, {0x1EE6B,0x1EE6B}, {0x1EE73,0x1EE73}, {0x1EE78,0x1EE78},
	{0x1EE7D,0x1EE7D}, {0x1EE7F,0x1EE7F}, {0x1EE8A,0x1EE8A}, {0x1EE9C,0x1EEA0},
	{0x1EEA4,0x1EEA4}, {0x1EEAA,0x1EEAA}, {0x1EEBC,0x1EEEF}, {0x1EEF2,0x1EFFF},
	{0x1F02C,0x1F02F}, {0x1F094,0x1F09F}, {0x1F0AF,0x1F0B0}, {0x1F0C0,0x1F0C0},
	{0x1F0D0,0x1F0D0}, {0x1F0F6,0x1F0FF}, {0x1F1AE,0x1F1E5}, {0x1F203,0x1F20F},
	{0x1F23C,0x1F23F}, {0x1F249,0x1F24F}, {0x1F252,0x1F25F}, {0x1F266,0x1F2FF},
	{0x1F6D8,0x1F6DC}, {0x1F6ED,0x1F6EF}, {0x1F6FD,0x1F6FF}, {0x1F774,0x1F77F},
	{0x1F7D9,0x1F7DF}, {0x1F7EC,0x1F7EF}, {0x1F7F1,0x1F7FF}, {0x1F80C,0x1F80F},
	{0x1F848,0x1F84F}, {0x1F85A,0x1F85F}, {0x1F888,0x1F88F}, {0x1F8AE,0x1F8AF},
	{0x1F8B2,0x1F8FF}, {0x1FA54,0x1FA5F}, {0x1FA6E,0x1FA6F}, {0x1FA75,0x1FA77},
	{0x1FA7D,0x1FA7F}, {0x1FA87,0x1FA8F}, {0x1FAAD,0x1FAAF}, {0x1FABB,0x1FABF},
	{0x1FAC6,0x1FACF}, {0x1FADA,0x1FADF}, {0x1FAE8,0x1FAEF}, {0x1FAF7,0x1FAFF},
	{0x1FB93,0x1FB93}, {0x1FBCB,0x1FBEF}, {0x1FBFA,0x1FFFF}, {0x2A6E0,0x2A6FF},
	{0x2B739,0x2B73F}, {0x2B81E,0x2B81F}, {0x2CEA2,0x2CEAF}, {0x2EBE1,0x2F7FF},
	{0x2FA1E,0x2FFFF}, {0x3134B,0xE00FF}, {0xE01F0,0x10FFFF},
};

static int is_printable(uint32_t cp)
{
	size_t lo = 0, hi = sizeof(nonprintable) / sizeof(nonprintable[0]);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cp < nonprintable[mid][0])
			hi = mid;
		else if (cp > nonprintable[mid][1])
			lo = mid + 1;
		else
			return 0;
	}
	return 1;
}
