/*
 * treefilter.c - pprof's focus, ignore, hide and show, and its
 * granularity, over a built tree (see pv/treefilter.h, docs/calltree.md).
 *
 * Three passes over the input's nodes (each parent comes before its
 * children in the array):
 *   1. focus and ignore: which boxes stay and how much of each box's time
 *      (down the array: in a focus match, under an ignore match; up the
 *      array: what each box loses);
 *   2. hide, show and the groups: the boxes that stay, in array order,
 *      each merged into its parent (removed frame, or the parent's group)
 *      or into the sibling with the same key (a hash of parent and key),
 *      or made a new merged box;
 *   3. the layout: best-first from the root (the zoom path first), each
 *      box's children sorted, the cutoff and the node budget applied as
 *      calltree.c applies them.
 * A function's label is made and searched once, the first time a box of
 * it is met (a byte per function caches the answers).
 */
#include "pv/treefilter.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pv/grow.h"
#include "pv/hash.h"
#include "pv/pyre.h"

#define NONE PV_CALLTREE_NONE
#define NEAR 1e-9 /* children at most this fraction of their parent are dropped (calltree.c) */

static const char *const default_key[PV_TREEFILTER_NRE] = { "focus", "ignore", "hide", "show" };

void pv_treefilter_init(pv_treefilter *f)
{
	memset(f, 0, sizeof *f);
	f->gran = PV_TREEFILTER_FUNCTION;
	f->max_nodes = 2000;
	f->min_fraction = 0.001;
}

int pv_treefilter_active(const pv_treefilter *f)
{
	for (int i = 0; i < PV_TREEFILTER_NRE; i++)
		if (f->re[i])
			return 1;
	return f->gran != PV_TREEFILTER_FUNCTION;
}

void pv_treefilter_release(pv_treefilter_result *r)
{
	pv_calltree_release(&r->tree);
	free(r->group);
	free(r->label_at);
	pv_buf_release(&r->labels);
	memset(r, 0, sizeof *r);
}

/* ===================================================== groups */

static int is_sep(char c)
{
	return c == '/' || c == '\\';
}

/* The first path component of s[0..n) (up to a separator), without a module suffix when last. */
static size_t top_name(const char *s, size_t n, int *last)
{
	size_t k = 0;
	while (k < n && !is_sep(s[k]))
		k++;
	*last = k == n;
	return k;
}

static void put_top(const char *s, size_t n, const char *suffix, pv_buf *out)
{
	int last;
	size_t k = top_name(s, n, &last);
	if (last) { /* a module file: six.py, _cffi.cpython-311.so */
		const char *dot = memchr(s, '.', k);
		if (dot && dot > s)
			k = (size_t)(dot - s);
	}
	if (k == 0) {
		pv_buf_puts(out, ".");
		return;
	}
	pv_buf_append(out, s, k);
	pv_buf_puts(out, suffix);
}

/* Where the component after `word` + separator starts in f, searching from the end; or -1. */
static long after_dir(const char *f, size_t n, const char *word)
{
	size_t w = strlen(word);
	for (size_t i = n; i-- > 0;) {
		if (i + w + 1 > n || !(i == 0 || is_sep(f[i - 1])))
			continue;
		if (memcmp(f + i, word, w) == 0 && is_sep(f[i + w]))
			return (long)(i + w + 1);
	}
	return -1;
}

/* The standard library's directory: .../lib/pythonX.Y/ (or lib/python3/ without dist-packages), .../Lib/ */
static long stdlib_dir(const char *f, size_t n)
{
	for (size_t i = n; i-- > 0;) {
		if (!(i == 0 || is_sep(f[i - 1])))
			continue;
		if (i + 9 < n && memcmp(f + i, "lib", 3) == 0 && memcmp(f + i + 3, "/python", 7) == 0 &&
		    f[i + 10 < n ? i + 10 : i] >= '0' && f[i + 10 < n ? i + 10 : i] <= '9') {
			size_t k = i + 10;
			while (k < n && !is_sep(f[k]))
				k++;
			if (k < n)
				return (long)(k + 1);
		}
		if (i + 4 < n && memcmp(f + i, "Lib", 3) == 0 && is_sep(f[i + 3]))
			return (long)(i + 4);
	}
	return -1;
}

void pv_treefilter_package(const char *f, size_t n, pv_buf *out)
{
	if (n == 1 && f[0] == '~') {
		pv_buf_puts(out, "built-ins");
		return;
	}
	if (n > 9 && memcmp(f, "<frozen ", 8) == 0 && f[n - 1] == '>') {
		size_t k = 8;
		while (k < n - 1 && f[k] != '.')
			k++;
		pv_buf_append(out, f + 8, k - 8);
		pv_buf_puts(out, " (stdlib)");
		return;
	}
	if (n && f[0] == '<') {
		pv_buf_append(out, f, n);
		return;
	}
	long at = after_dir(f, n, "site-packages");
	long dist = after_dir(f, n, "dist-packages");
	if (dist > at)
		at = dist;
	if (at >= 0) {
		put_top(f + at, n - (size_t)at, "", out);
		return;
	}
	at = stdlib_dir(f, n);
	if (at >= 0) {
		size_t s = (size_t)at;
		if (n - s > 12 && memcmp(f + s, "lib-dynload", 11) == 0 && is_sep(f[s + 11]))
			s += 12;
		put_top(f + s, n - s, " (stdlib)", out);
		return;
	}
	size_t k = n;
	while (k > 0 && !is_sep(f[k - 1]))
		k--;
	if (k == 0)
		pv_buf_puts(out, ".");
	else
		pv_buf_append(out, f, k > 1 ? k - 1 : 1);
}

void pv_treefilter_group_label(const pv_profile *p, uint32_t id, pv_treefilter_gran gran,
			       pv_buf *out)
{
	size_t n = 0;
	const char *f = pv_profile_string(p, pv_profile_funcs(p)[id].file, &n);
	if (!f)
		f = "", n = 0;
	if (gran == PV_TREEFILTER_FILE) {
		if (n == 1 && f[0] == '~')
			pv_buf_puts(out, "built-ins");
		else
			pv_buf_append(out, f, n);
	} else {
		pv_treefilter_package(f, n, out);
	}
}

/* ===================================================== state */

typedef struct mnode {
	double time, self, hidden, certain, best;
	uint32_t func, edge, parent, first, last, next;
	uint32_t count, flags, key;
	int32_t group;
	pv_calltree_kind kind;
	uint8_t path;
} mnode;

typedef struct fstate {
	const pv_profile *p;
	const pv_calltree *in;
	const pv_treefilter *f;
	pv_error *err;
	pv_pyre re[PV_TREEFILTER_NRE];
	int have[PV_TREEFILTER_NRE];
	uint8_t *seen;     /* per key: 1 tested, then bit 1 << (1 + filter) when it matches */
	int32_t *fgroup;   /* per key: group index, -1 not yet */
	size_t nkeys;
	pv_buf label;
	/* groups */
	pv_buf glabels;
	size_t *gat, ngroups, gcap;
	uint32_t *ghash;   /* group index + 1, 0 empty */
	size_t ghcap;
	/* pass 1 */
	uint8_t *foc, *ign, *keep;
	double *rem;
	/* pass 2 */
	mnode *m;
	size_t nm, mcap;
	uint32_t *target;
	uint32_t *mhash;   /* mnode index + 1, 0 empty */
	size_t mhcap;
} fstate;

static int oom(fstate *s)
{
	pv_error_set(s->err, "out of memory");
	return -1;
}

static uint64_t hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

/* Tests function k against every regex once.  Returns 0, -2 (gave up) or -1. */
static int test_func(fstate *s, uint32_t k)
{
	if (s->seen[k])
		return 0;
	pv_buf_reset(&s->label);
	pv_func_std_string(s->p, k, &s->label);
	if (!pv_buf_ok(&s->label))
		return oom(s);
	uint8_t bits = 1;
	for (int i = 0; i < PV_TREEFILTER_NRE; i++) {
		if (!s->have[i])
			continue;
		int hit = pv_pyre_search(&s->re[i], s->label.data ? s->label.data : "", s->label.len);
		if (hit == PV_PYRE_TOO_COMPLEX) {
			pv_error why;
			pv_pyre_gave_up(&s->re[i], &why);
			pv_error_set(s->err, "%s: %s", s->f->key[i] ? s->f->key[i] : default_key[i],
				     why.msg);
			return -2;
		}
		if (!pv_buf_ok(&s->re[i].alt))
			return oom(s);
		if (hit > 0)
			bits |= (uint8_t)(1u << (1 + i));
	}
	s->seen[k] = bits;
	return 0;
}

static int matches(const fstate *s, uint32_t k, int which)
{
	return s->have[which] && (s->seen[k] >> (1 + which) & 1);
}

/* The group index of function k (made on first use). Returns it, or -1 out of memory. */
static int32_t group_of(fstate *s, uint32_t k)
{
	if (s->fgroup[k] >= 0)
		return s->fgroup[k];
	pv_buf_reset(&s->label);
	pv_treefilter_group_label(s->p, k, s->f->gran, &s->label);
	if (!pv_buf_ok(&s->label))
		return -1;
	/* a NUL inside a file name ends the label there: labels are C strings,
	   looked up and kept alike */
	const char *l = s->label.data ? s->label.data : "";
	size_t n = strnlen(l, s->label.len);
	if (2 * (s->ngroups + 1) > s->ghcap) {
		size_t cap = s->ghcap ? 2 * s->ghcap : 64;
		uint32_t *h = calloc(cap, sizeof *h);
		if (!h)
			return -1;
		for (size_t g = 0; g < s->ngroups; g++) {
			const char *x = s->glabels.data + s->gat[g];
			size_t j = hash_bytes(x, strlen(x)) & (cap - 1);
			while (h[j])
				j = (j + 1) & (cap - 1);
			h[j] = (uint32_t)g + 1;
		}
		free(s->ghash);
		s->ghash = h;
		s->ghcap = cap;
	}
	size_t j = hash_bytes(l, n) & (s->ghcap - 1);
	while (s->ghash[j]) {
		const char *x = s->glabels.data + s->gat[s->ghash[j] - 1];
		if (strlen(x) == n && memcmp(x, l, n) == 0)
			return s->fgroup[k] = (int32_t)(s->ghash[j] - 1);
		j = (j + 1) & (s->ghcap - 1);
	}
	if (pv_grow((void **)&s->gat, &s->gcap, s->ngroups + 1, sizeof *s->gat) < 0)
		return -1;
	s->gat[s->ngroups] = s->glabels.len;
	pv_buf_append(&s->glabels, l, n);
	pv_buf_putc(&s->glabels, 0);
	if (!pv_buf_ok(&s->glabels))
		return -1;
	s->ghash[j] = (uint32_t)s->ngroups + 1;
	return s->fgroup[k] = (int32_t)s->ngroups++;
}

/* ===================================================== pass 1: focus, ignore */

static int pass_stacks(fstate *s)
{
	const pv_calltree *in = s->in;
	const pv_calltree_node *N = in->nodes;
	size_t n = in->n;
	int focus = s->have[PV_TREEFILTER_FOCUS], any = 0;
	for (int k = 0; k < PV_TREEFILTER_NRE; k++)
		any |= s->have[k];
	s->foc = calloc(n, 1);
	s->ign = calloc(n, 1);
	s->keep = calloc(n, 1);
	s->rem = calloc(n, sizeof *s->rem);
	if (!s->foc || !s->ign || !s->keep || !s->rem)
		return oom(s);
	s->foc[0] = !focus;
	for (size_t i = 1; i < n; i++) {
		uint32_t par = N[i].parent;
		if (par >= i) /* not a tree in array order: keep nothing under it */
			par = 0;
		s->foc[i] = s->foc[par];
		s->ign[i] = s->ign[par];
		if (any && N[i].kind == PV_CALLTREE_FUNC && N[i].func < s->nkeys) {
			int rc = test_func(s, N[i].func);
			if (rc)
				return rc;
			s->foc[i] |= (uint8_t)matches(s, N[i].func, PV_TREEFILTER_FOCUS);
			s->ign[i] |= (uint8_t)matches(s, N[i].func, PV_TREEFILTER_IGNORE);
		}
	}
	/* up: what each box loses; a box stays when it is in a focus match
	   and not ignored, or holds one that stays */
	for (size_t i = n; i-- > 0;) {
		if (i == 0 || !s->ign[i]) {
			if (s->foc[i] || i == 0)
				s->keep[i] = 1;
			if (!s->foc[i])
				s->rem[i] += N[i].self + N[i].hidden;
		}
		if (i == 0)
			break;
		uint32_t par = N[i].parent < i ? N[i].parent : 0;
		if (s->keep[i]) {
			s->rem[par] += s->rem[i];
			s->keep[par] |= 2; /* holds a box that stays */
		} else {
			s->rem[par] += N[i].time;
		}
		(void)focus;
	}
	return 0;
}

/* ===================================================== pass 2: hide, show, groups */

static uint32_t mkey(const fstate *s, const pv_calltree_node *x, uint32_t func)
{
	if (x->kind != PV_CALLTREE_FUNC)
		return 0;
	return s->f->gran == PV_TREEFILTER_FUNCTION ? func : (uint32_t)s->fgroup[func];
}

static uint64_t mhash_of(uint32_t parent, pv_calltree_kind kind, uint32_t key)
{
	return pv_hash_mix64(((uint64_t)parent << 34) ^ ((uint64_t)kind << 32) ^ key);
}

static long new_mnode(fstate *s)
{
	if (pv_grow((void **)&s->m, &s->mcap, s->nm + 1, sizeof *s->m) < 0)
		return -1;
	mnode *x = &s->m[s->nm];
	memset(x, 0, sizeof *x);
	x->func = x->edge = x->parent = x->first = x->last = x->next = NONE;
	x->group = -1;
	return (long)s->nm++;
}

static int pass_frames(fstate *s)
{
	const pv_calltree *in = s->in;
	const pv_calltree_node *N = in->nodes;
	size_t n = in->n;
	int by_group = s->f->gran != PV_TREEFILTER_FUNCTION;
	int removing = s->have[PV_TREEFILTER_HIDE] || s->have[PV_TREEFILTER_SHOW];
	s->target = malloc(n * sizeof *s->target);
	s->mhcap = 64;
	while (s->mhcap < 2 * n)
		s->mhcap *= 2;
	s->mhash = calloc(s->mhcap, sizeof *s->mhash);
	if (!s->target || !s->mhash || new_mnode(s) < 0)
		return oom(s);
	/* the root */
	mnode *r = &s->m[0];
	r->kind = PV_CALLTREE_ROOT;
	r->time = fmax(0.0, N[0].time - s->rem[0]);
	r->self = s->foc[0] ? N[0].self : 0;
	r->hidden = s->foc[0] ? N[0].hidden : 0;
	r->certain = r->time;
	r->flags = N[0].flags;
	s->target[0] = 0;
	for (size_t i = 1; i < n; i++) {
		s->target[i] = NONE;
		if (!s->keep[i])
			continue;
		const pv_calltree_node *x = &N[i];
		uint32_t T = s->target[x->parent < i ? x->parent : 0];
		if (T == NONE)
			continue;
		double time = fmax(0.0, x->time - s->rem[i]);
		double self = s->foc[i] ? x->self : 0, hidden = s->foc[i] ? x->hidden : 0;
		int func = x->kind == PV_CALLTREE_FUNC && x->func < s->nkeys;
		if (func && by_group && group_of(s, x->func) < 0)
			return oom(s);
		uint32_t key = func ? mkey(s, x, x->func) : 0;
		int removed = func && removing &&
			      (matches(s, x->func, PV_TREEFILTER_HIDE) ||
			       (s->have[PV_TREEFILTER_SHOW] && !matches(s, x->func, PV_TREEFILTER_SHOW)));
		if (func && by_group && s->m[T].kind == PV_CALLTREE_FUNC && s->m[T].key == key)
			removed = 1;
		if (removed) { /* its time stays in T: only its parts move */
			s->m[T].self += self;
			s->m[T].hidden += hidden;
			s->m[T].flags |= x->flags & PV_CALLTREE_TRUNCATED;
			s->target[i] = T;
			continue;
		}
		pv_calltree_kind kind = func ? PV_CALLTREE_FUNC : x->kind;
		uint64_t h = mhash_of(T, kind, key);
		size_t j = h & (s->mhcap - 1);
		uint32_t M = NONE;
		while (s->mhash[j]) {
			const mnode *y = &s->m[s->mhash[j] - 1];
			if (y->parent == T && y->kind == kind && y->key == key) {
				M = s->mhash[j] - 1;
				break;
			}
			j = (j + 1) & (s->mhcap - 1);
		}
		double certain = fmin(time, fmax(0.0, x->certain - s->rem[i]));
		if (M != NONE) {
			mnode *y = &s->m[M];
			y->time += time;
			y->self += self;
			y->hidden += hidden;
			y->certain += certain;
			y->count += x->kind == PV_CALLTREE_OTHER ? x->count : 1;
			y->flags = (y->flags | x->flags) & ~(uint32_t)PV_CALLTREE_EXACT;
			y->edge = NONE;
			if (time > y->best) {
				y->best = time;
				y->func = x->func;
			}
			s->target[i] = M;
			continue;
		}
		long k = new_mnode(s);
		if (k < 0)
			return oom(s);
		mnode *y = &s->m[k];
		y->kind = kind;
		y->key = key;
		y->func = func ? x->func : NONE;
		y->edge = x->edge;
		y->time = time;
		y->best = time;
		y->self = self;
		y->hidden = hidden;
		y->certain = certain;
		y->count = x->kind == PV_CALLTREE_OTHER ? x->count : 1;
		y->flags = x->flags;
		if (s->rem[i] != 0)
			y->flags &= ~(uint32_t)PV_CALLTREE_EXACT;
		y->group = func && by_group ? s->fgroup[x->func] : -1;
		y->parent = T;
		mnode *t = &s->m[T];
		if (t->last == NONE)
			t->first = (uint32_t)k;
		else
			s->m[t->last].next = (uint32_t)k;
		t->last = (uint32_t)k;
		s->mhash[j] = (uint32_t)k + 1;
		s->target[i] = (uint32_t)k;
	}
	return 0;
}

/* ===================================================== pass 3: layout */

typedef struct hitem {
	double prio;
	uint32_t m, o;
} hitem;

static int hbefore(const hitem *a, const hitem *b)
{
	return a->prio > b->prio || (a->prio == b->prio && a->m < b->m);
}

static void hpush(hitem *h, size_t *n, hitem x)
{
	size_t i = (*n)++;
	while (i > 0 && hbefore(&x, &h[(i - 1) / 2])) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = x;
}

static hitem hpop(hitem *h, size_t *n)
{
	hitem top = h[0], x = h[--*n];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= *n)
			break;
		if (c + 1 < *n && hbefore(&h[c + 1], &h[c]))
			c++;
		if (!hbefore(&h[c], &x))
			break;
		h[i] = h[c];
		i = c;
	}
	if (*n)
		h[i] = x;
	return top;
}

static const mnode *sort_m;

/* largest first, ties by function id; UNPLACED after the functions */
static int by_time(const void *a, const void *b)
{
	const mnode *x = &sort_m[*(const uint32_t *)a], *y = &sort_m[*(const uint32_t *)b];
	int ux = x->kind == PV_CALLTREE_UNPLACED, uy = y->kind == PV_CALLTREE_UNPLACED;
	if (ux != uy)
		return ux - uy;
	if (x->time != y->time)
		return x->time > y->time ? -1 : 1;
	if (x->func != y->func)
		return x->func < y->func ? -1 : 1;
	return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

static int pass_layout(fstate *s, uint32_t zoom_m, pv_treefilter_result *res)
{
	pv_calltree *t = &res->tree;
	size_t max_nodes = s->f->max_nodes ? s->f->max_nodes : 1;
	size_t cap = max_nodes < s->nm + 1 ? max_nodes : s->nm + 1;
	t->nodes = calloc(cap ? cap : 1, sizeof *t->nodes);
	uint32_t *mgroup = calloc(cap ? cap : 1, sizeof *mgroup);
	uint32_t *kids = malloc((s->nm ? s->nm : 1) * sizeof *kids);
	uint32_t *placed = malloc((s->nm ? s->nm : 1) * sizeof *placed);
	hitem *heap = malloc((s->nm ? s->nm : 1) * sizeof *heap);
	if (!t->nodes || !mgroup || !kids || !placed || !heap) {
		free(mgroup);
		free(kids);
		free(placed);
		free(heap);
		return oom(s);
	}
	for (size_t i = 0; i < s->nm; i++)
		placed[i] = NONE;
	double base = zoom_m != NONE ? s->m[zoom_m].time : s->m[0].time;
	t->min_time = base > 0 ? base * s->f->min_fraction : 0;
	t->truncated = s->in->truncated;
	/* node 0 */
	const mnode *r = &s->m[0];
	pv_calltree_node *o = &t->nodes[0];
	o->kind = PV_CALLTREE_ROOT;
	o->time = r->time;
	o->self = r->self;
	o->hidden = r->hidden;
	o->certain = fmin(r->time, s->in->nodes[0].certain);
	o->func = o->edge = o->parent = NONE;
	o->flags = r->flags & ~(uint32_t)PV_CALLTREE_TRUNCATED;
	t->n = 1;
	placed[0] = 0;
	mgroup[0] = NONE;
	size_t nh = 0;
	if (r->first != NONE)
		hpush(heap, &nh, (hitem){ r->path ? (double)INFINITY : r->time, 0, 0 });
	sort_m = s->m;
	uint32_t zdepth = 0; /* the zoom box's depth, once placed (depth counts from it) */
	while (nh) {
		hitem it = hpop(heap, &nh);
		const mnode *x = &s->m[it.m];
		if (s->f->max_depth && !x->path && t->nodes[it.o].depth >= zdepth + s->f->max_depth) {
			/* below the depth asked: its calls are hidden time, as the tree's are */
			pv_calltree_node *on = &t->nodes[it.o];
			double calls = on->time - on->self - on->hidden;
			if (calls > 0)
				on->hidden += calls;
			on->flags |= PV_CALLTREE_TRUNCATED;
			t->truncated = 1;
			continue;
		}
		double floor = x->time * NEAR, other = 0, other_certain = 0, lost = 0;
		uint32_t keep = 0, nother = 0, path = NONE;
		for (uint32_t c = x->first; c != NONE; c = s->m[c].next) {
			const mnode *y = &s->m[c];
			if (!(y->time > floor)) {
				lost += y->time;
				continue;
			}
			if (y->path)
				path = c;
			if (y->kind != PV_CALLTREE_OTHER && (y->time >= t->min_time || y->path)) {
				kids[keep++] = c;
			} else {
				other += y->time;
				other_certain += y->certain;
				nother += y->count ? y->count : 1;
			}
		}
		uint32_t nkids = keep + (nother > 0);
		if (t->n + nkids > max_nodes && path != NONE && t->n + 1 + (keep > 1 || nother) <= max_nodes) {
			/* the zoom path first: its siblings go into one OTHER box */
			for (uint32_t i = 0; i < keep; i++) {
				if (kids[i] == path)
					continue;
				other += s->m[kids[i]].time;
				other_certain += s->m[kids[i]].certain;
				nother += s->m[kids[i]].count ? s->m[kids[i]].count : 1;
			}
			kids[0] = path;
			keep = 1;
			nkids = keep + (nother > 0);
		}
		pv_calltree_node *pn = &t->nodes[it.o];
		pn->hidden += lost;
		if (nkids == 0)
			continue;
		if (t->n + nkids > max_nodes) { /* left unexpanded: its children's time hidden */
			double sum = 0;
			for (uint32_t c = x->first; c != NONE; c = s->m[c].next)
				if (s->m[c].time > floor)
					sum += s->m[c].time;
			pn->hidden += sum;
			pn->flags |= PV_CALLTREE_TRUNCATED;
			t->truncated = 1;
			continue;
		}
		qsort(kids, keep, sizeof *kids, by_time);
		pn->first_child = (uint32_t)t->n;
		pn->nchildren = nkids;
		uint32_t depth = pn->depth + 1;
		for (uint32_t i = 0; i < keep; i++) {
			const mnode *y = &s->m[kids[i]];
			uint32_t k = (uint32_t)t->n++;
			pv_calltree_node *kn = &t->nodes[k];
			memset(kn, 0, sizeof *kn);
			kn->kind = y->kind;
			kn->func = y->kind == PV_CALLTREE_FUNC ? y->func : NONE;
			kn->edge = y->kind == PV_CALLTREE_FUNC ? y->edge : NONE;
			kn->parent = it.o;
			kn->time = y->time;
			kn->self = y->self;
			kn->hidden = y->hidden;
			kn->certain = fmin(y->certain, y->time);
			kn->depth = depth;
			kn->flags = y->flags & ~(uint32_t)PV_CALLTREE_TRUNCATED;
			if (y->flags & PV_CALLTREE_TRUNCATED && y->first == NONE)
				kn->flags |= PV_CALLTREE_TRUNCATED;
			kn->first_child = (uint32_t)t->n; /* none yet */
			mgroup[k] = y->kind == PV_CALLTREE_FUNC && y->group >= 0 ? (uint32_t)y->group : NONE;
			placed[kids[i]] = k;
			if (kids[i] == zoom_m)
				zdepth = depth;
			if (y->first != NONE)
				hpush(heap, &nh, (hitem){ y->path ? (double)INFINITY : y->time, kids[i], k });
		}
		if (nother) {
			uint32_t k = (uint32_t)t->n++;
			pv_calltree_node *kn = &t->nodes[k];
			memset(kn, 0, sizeof *kn);
			kn->kind = PV_CALLTREE_OTHER;
			kn->func = kn->edge = NONE;
			kn->parent = it.o;
			kn->time = other;
			kn->certain = fmin(other_certain, other);
			kn->depth = depth;
			kn->count = nother;
			kn->first_child = (uint32_t)t->n;
			mgroup[k] = NONE;
		}
	}
	/* where the zoom box went: its box, or the nearest placed ancestor */
	t->zoom_node = 0;
	t->zoom_matched = s->in->zoom_matched;
	for (uint32_t z = zoom_m; z != NONE; z = s->m[z].parent)
		if (placed[z] != NONE) {
			t->zoom_node = placed[z];
			break;
		}
	/* the groups the nodes name, numbered in node order */
	if (s->f->gran != PV_TREEFILTER_FUNCTION) {
		res->group = malloc(t->n * sizeof *res->group);
		int32_t *renum = malloc((s->ngroups ? s->ngroups : 1) * sizeof *renum);
		res->label_at = malloc((s->ngroups ? s->ngroups : 1) * sizeof *res->label_at);
		if (!res->group || !renum || !res->label_at) {
			free(renum);
			free(mgroup);
			free(kids);
			free(placed);
			free(heap);
			return oom(s);
		}
		for (size_t g = 0; g < s->ngroups; g++)
			renum[g] = -1;
		for (size_t i = 0; i < t->n; i++) {
			uint32_t g = mgroup[i];
			if (g == NONE) {
				res->group[i] = -1;
				continue;
			}
			if (renum[g] < 0) {
				renum[g] = (int32_t)res->ngroups;
				res->label_at[res->ngroups++] = res->labels.len;
				const char *l = s->glabels.data + s->gat[g];
				pv_buf_append(&res->labels, l, strlen(l) + 1);
			}
			res->group[i] = renum[g];
		}
		free(renum);
	}
	free(mgroup);
	free(kids);
	free(placed);
	free(heap);
	if (!pv_buf_ok(&res->labels))
		return oom(s);
	return 0;
}

/* ===================================================== the pass */

int pv_treefilter_apply(const pv_profile *p, const pv_calltree *in, const pv_treefilter *f,
			pv_treefilter_result *out, pv_error *err)
{
	memset(out, 0, sizeof *out);
	fstate s;
	memset(&s, 0, sizeof s);
	s.p = p;
	s.in = in;
	s.f = f;
	s.err = err;
	s.nkeys = pv_profile_nkeys(p);
	int rc = 0;
	for (int i = 0; i < PV_TREEFILTER_NRE && rc == 0; i++) {
		if (!f->re[i])
			continue;
		char msg[128];
		int c = pv_pyre_compile(&s.re[i], f->re[i], msg, sizeof msg);
		if (c == -2) {
			rc = oom(&s);
		} else if (c != 0) {
			if (strcmp(msg, PV_TREEFILTER_NO_REGEX) == 0)
				pv_error_set(err, "%s", msg);
			else
				pv_error_set(err, "bad %s", f->key[i] ? f->key[i] : default_key[i]);
			rc = -2;
		} else {
			s.have[i] = 1;
		}
	}
	if (rc == 0 && (!in->n || !in->nodes)) {
		rc = -1;
		pv_error_set(err, "empty tree");
	}
	if (rc == 0) {
		s.seen = calloc(s.nkeys ? s.nkeys : 1, 1);
		s.fgroup = malloc((s.nkeys ? s.nkeys : 1) * sizeof *s.fgroup);
		if (!s.seen || !s.fgroup)
			rc = oom(&s);
		for (size_t k = 0; rc == 0 && k < s.nkeys; k++)
			s.fgroup[k] = -1;
	}
	if (rc == 0)
		rc = pass_stacks(&s);
	if (rc == 0)
		rc = pass_frames(&s);
	uint32_t zoom_m = NONE;
	if (rc == 0 && in->zoom_node != 0 && in->zoom_node < in->n) {
		/* the path's boxes are laid out first, whatever the cutoff */
		uint32_t z = in->zoom_node;
		while (z != 0 && s.target[z] == NONE)
			z = in->nodes[z].parent;
		zoom_m = s.target[z];
		for (uint32_t m = zoom_m; m != NONE; m = s.m[m].parent)
			s.m[m].path = 1;
	}
	if (rc == 0)
		rc = pass_layout(&s, zoom_m, out);
	for (int i = 0; i < PV_TREEFILTER_NRE; i++)
		if (s.have[i])
			pv_pyre_free(&s.re[i]);
	pv_buf_release(&s.label);
	pv_buf_release(&s.glabels);
	free(s.gat);
	free(s.ghash);
	free(s.seen);
	free(s.fgroup);
	free(s.foc);
	free(s.ign);
	free(s.keep);
	free(s.rem);
	free(s.m);
	free(s.target);
	free(s.mhash);
	return rc;
}
