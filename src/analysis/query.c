/*
 * query.c - sort_stats(), reverse_order() and print restrictions
 * (see pv/query.h).
 */
#include "pv/query.h"
#include "pv/pyre.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
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
			pv_pyre x;
			int c = pv_pyre_compile(&x, r->text ? r->text : "", res->error, sizeof(res->error));
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
				if (pv_pyre_search(&x, name.data ? name.data : "", name.len))
					out->ids[k++] = out->ids[i];
			}
			int alt_oom = !pv_buf_ok(&x.alt);
			pv_pyre_free(&x);
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
