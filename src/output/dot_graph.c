/*
 * dot_graph.c - gprof2dot's call graph of a profile: node numbering,
 * totals and pruning (see pv/dot.h; docs/gprof2dot.md §2, §3).
 *
 * Pruning only clears alive/ealive flags (dot_internal.h), in
 * gprof2dot's order: node threshold and -p, edge threshold, then --root,
 * then --leaf.
 */
#include <stdlib.h>
#include <string.h>

#include "dot_internal.h"
#include "pv/fnmatch.h"
#include "pv/grow.h"

/* ===================================================== options */

int pv_dot_measure_parse(const char *name, pv_dot_measure *out)
{
	static const char *const names[] = {
		[PV_DOT_TOTAL_TIME_PCT] = "total-time-percentage",
		[PV_DOT_SELF_TIME_PCT] = "self-time-percentage",
		[PV_DOT_TOTAL_TIME] = "total-time",
		[PV_DOT_SELF_TIME] = "self-time",
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i], name) == 0) {
			*out = (pv_dot_measure)i;
			return 0;
		}
	return -1;
}

void pv_dot_options_init(pv_dot_options *o)
{
	memset(o, 0, sizeof *o);
	o->node_thres = 0.5;
	o->edge_thres = 0.1;
	o->depth = -1;
	o->skew = 1.0;
	o->root_key = o->leaf_key = o->focus_key = PV_DOT_NO_KEY;
	o->hops = -1;
}

/* ===================================================== the graph (§2, §3) */

void pv_dot_graph_free(pv_dot_graph *g)
{
	if (!g)
		return;
	free(g->gid);
	free(g);
}

size_t pv_dot_graph_nnodes(const pv_dot_graph *g)
{
	return g->nnodes;
}

size_t pv_dot_graph_nedges(const pv_dot_graph *g)
{
	return g->nlive_edges;
}

static void count_alive(pv_dot_graph *g)
{
	size_t nn = 0, ne = 0;
	for (uint32_t k = 0; k < g->nkeys; k++)
		nn += g->alive[k];
	for (uint32_t e = 0; e < g->nedges; e++)
		ne += g->ealive[e];
	g->nnodes = nn;
	g->nlive_edges = ne;
}

/* getFunctionIds(glob): keys of the matching names, the highest id per name. */
typedef struct name_hit {
	size_t off, len;
	const char *s;        /* set once all names are in the buffer */
	uint32_t gid;
} name_hit;

static int hit_cmp(const void *a, const void *b)
{
	const name_hit *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);
	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->gid < y->gid ? -1 : x->gid > y->gid;
}

/* Marks the selected keys in `sel`; returns how many, or -1 on OOM. */
static long select_glob(pv_dot_graph *g, const char *glob, uint8_t *sel)
{
	pv_fnmatch_pattern *m = pv_fnmatch_compile(glob);
	pv_buf names = PV_BUF_INIT;
	name_hit *hits = NULL;
	size_t nh = 0, cap = 0;
	long count = -1;
	if (!m)
		return -1;
	for (uint32_t id = 0; id < g->nkeys; id++) {
		uint32_t k = g->key[id];
		if (!g->alive[k])
			continue;
		size_t off = names.len;
		pv_dot_func_name(g->p, k, &names);
		if (!pv_buf_ok(&names))
			goto out;
		if (!pv_fnmatch_match(m, names.data + off, names.len - off)) {
			names.len = off;
			continue;
		}
		if (pv_grow((void **)&hits, &cap, nh + 1, sizeof *hits) != 0)
			goto out;
		hits[nh++] = (name_hit){ off, names.len - off, NULL, id };
	}
	for (size_t i = 0; i < nh; i++)
		hits[i].s = names.data + hits[i].off;
	if (nh)
		qsort(hits, nh, sizeof *hits, hit_cmp);
	count = 0;
	for (size_t i = 0; i < nh; i++) {
		if (i + 1 < nh && hits[i].len == hits[i + 1].len &&
		    memcmp(names.data + hits[i].off, names.data + hits[i + 1].off, hits[i].len) == 0)
			continue; /* a later id has the same name: it wins */
		sel[g->key[hits[i].gid]] = 1;
		count++;
	}
out:
	free(hits);
	pv_buf_release(&names);
	pv_fnmatch_free(m);
	return count;
}

/*
 * What the selected keys reach (forward, or backward when `up`) within
 * `depth` steps through live edges: marks them, the selected keys
 * included, in `keep`.  Returns 0, or -1 when out of memory.
 */
static int reach(const pv_dot_graph *g, const uint8_t *sel, long depth, int up, uint8_t *keep)
{
	uint32_t *queue = malloc((size_t)g->nkeys * sizeof *queue + 1);
	uint32_t *dist = malloc((size_t)g->nkeys * sizeof *dist + 1);
	if (!queue || !dist) {
		free(queue);
		free(dist);
		return -1;
	}
	size_t head = 0, tail = 0;
	for (uint32_t k = 0; k < g->nkeys; k++)
		dist[k] = PVDOT_NONE;
	/* seeds in node-id order, so the traversal is deterministic */
	for (uint32_t id = 0; id < g->nkeys; id++) {
		uint32_t k = g->key[id];
		if (sel[k]) {
			dist[k] = 0;
			queue[tail++] = k;
		}
	}
	while (head < tail) {
		uint32_t k = queue[head++];
		if (depth >= 0 && dist[k] >= (uint64_t)depth)
			continue;
		if (!up) {
			PVDOT_FOR_OUT(g, k, e)
			{
				uint32_t c = g->edges[e].callee;
				if (g->ealive[e] && dist[c] == PVDOT_NONE) {
					dist[c] = dist[k] + 1;
					queue[tail++] = c;
				}
			}
		} else {
			PVDOT_FOR_IN(g, k, e)
			{
				uint32_t c = g->edges[e].caller;
				if (g->ealive[e] && g->alive[c] && dist[c] == PVDOT_NONE) {
					dist[c] = dist[k] + 1;
					queue[tail++] = c;
				}
			}
		}
	}
	for (uint32_t k = 0; k < g->nkeys; k++)
		if (dist[k] != PVDOT_NONE)
			keep[k] = 1;
	free(queue);
	free(dist);
	return 0;
}

/* Drops every key `keep` does not mark, and the edges of dropped keys. */
static void prune_to(pv_dot_graph *g, const uint8_t *keep)
{
	for (uint32_t k = 0; k < g->nkeys; k++)
		if (!keep[k])
			g->alive[k] = 0;
	for (uint32_t e = 0; e < g->nedges; e++)
		if (!g->alive[g->edges[e].caller] || !g->alive[g->edges[e].callee])
			g->ealive[e] = 0;
}

/*
 * prune_root / prune_leaf with a breadth-first depth limit: keeps the
 * selected keys and what is reachable (forward, or backward when `up`)
 * within `depth` steps through live edges, then drops the rest.
 */
static int prune_reach(pv_dot_graph *g, const uint8_t *sel, long depth, int up)
{
	uint8_t *keep = calloc((size_t)g->nkeys + 1, 1);
	if (!keep || reach(g, sel, depth, up, keep) != 0) {
		free(keep);
		return -1;
	}
	prune_to(g, keep);
	free(keep);
	return 0;
}

/*
 * root_key, leaf_key, then focus_key's neighbourhood (pv_dot_options).
 * `sel` (nkeys bytes, all 0) is scratch.  Returns 0, or -1 when out of
 * memory.
 */
static int prune_by_key(pv_dot_graph *g, uint8_t *sel)
{
	const pv_dot_options *o = &g->o;
	uint32_t one[2] = { o->root_key, o->leaf_key };
	for (int up = 0; up <= 1; up++) {
		if (one[up] >= g->nkeys)
			continue;
		sel[one[up]] = 1;
		int rc = prune_reach(g, sel, o->depth, up);
		sel[one[up]] = 0;
		if (rc != 0)
			return -1;
	}
	if (o->focus_key >= g->nkeys || !g->alive[o->focus_key])
		return 0;
	uint8_t *keep = calloc((size_t)g->nkeys + 1, 1);
	sel[o->focus_key] = 1;
	int rc = !keep || reach(g, sel, o->hops, 0, keep) != 0 ||
		 reach(g, sel, o->hops, 1, keep) != 0;
	sel[o->focus_key] = 0;
	if (!rc)
		prune_to(g, keep);
	free(keep);
	return rc ? -1 : 0;
}

/* First-seen numbering: each stats entry, then its callers (§2.2). */
static void number_nodes(pv_dot_graph *g)
{
	uint32_t next = 0;
	for (uint32_t k = 0; k < g->nkeys; k++)
		g->gid[k] = PVDOT_NONE;
	for (uint32_t f = 0; f < g->nfuncs; f++) {
		if (g->gid[f] == PVDOT_NONE) {
			g->key[next] = f;
			g->gid[f] = next++;
		}
		PVDOT_FOR_IN(g, f, e)
		{
			uint32_t c = g->edges[e].caller;
			if (g->gid[c] == PVDOT_NONE) {
				g->key[next] = c;
				g->gid[c] = next++;
			}
		}
	}
	/* keys no stats entry names (impossible from a loaded file) */
	for (uint32_t k = 0; k < g->nkeys; k++)
		if (g->gid[k] == PVDOT_NONE) {
			g->key[next] = k;
			g->gid[k] = next++;
		}
}

/*
 * --root (or --leaf, when `up`): keeps the keys matching `glob` and what
 * they reach within `depth` steps.  `sel` (nkeys bytes, all 0) is scratch
 * and is all 0 again afterwards.  Returns 0, or -1 with `err` set.
 */
static int prune_glob(pv_dot_graph *g, const char *glob, long depth, int up, uint8_t *sel,
		      pv_error *err)
{
	long n = select_glob(g, glob, sel);
	if (n < 0)
		return pv_error_set(err, "out of memory");
	if (n == 0)
		return pv_error_set(err, "%s node '%s' not found (might already be pruned: try -n0 -e0)",
				    up ? "leaf" : "root", glob);
	if (prune_reach(g, sel, depth, up) != 0)
		return pv_error_set(err, "out of memory");
	memset(sel, 0, (size_t)g->nkeys);
	return 0;
}

pv_dot_graph *pv_dot_build(const pv_profile *p, const pv_dot_options *o, pv_error *err)
{
	pv_dot_graph *g = calloc(1, sizeof *g);
	uint8_t *sel = NULL;
	if (!g) {
		pv_error_set(err, "out of memory");
		return NULL;
	}
	g->p = p;
	g->o = *o;
	g->theme = o->theme ? o->theme : pv_dot_theme_find("color");
	g->skew = o->skew == 0.0 ? 1.0 : o->skew; /* gprof2dot ignores 0 */
	if (!(g->skew > 0.0)) {
		pv_error_set(err, "skew must be positive");
		goto fail;
	}
	if (o->time_format && pv_dot_check_time_format(o->time_format, err) != 0)
		goto fail;
	g->funcs = pv_profile_funcs(p);
	g->edges = pv_profile_edges(p);
	g->cidx = pv_profile_callee_index(p, &g->cstart);
	g->nkeys = (uint32_t)pv_profile_nkeys(p);
	g->nfuncs = (uint32_t)pv_profile_nfuncs(p);
	g->nedges = (uint32_t)pv_profile_nedges(p);
	/* gid, key, alive and ealive share one block (gid owns it) */
	g->gid = malloc((size_t)g->nkeys * (2 * sizeof(uint32_t) + 1) + g->nedges + 1);
	if (!g->cidx || !g->gid) {
		pv_error_set(err, "out of memory");
		goto fail;
	}
	g->key = g->gid + g->nkeys;
	g->alive = (uint8_t *)(g->key + g->nkeys);
	g->ealive = g->alive + g->nkeys;
	number_nodes(g);

	/* totals, in dict order (§2.3) */
	double tsum = 0.0, total = pv_profile_totals(p)->total_tt;
	for (uint32_t f = 0; f < g->nfuncs; f++) {
		tsum = tsum + g->funcs[f].tt;
		total = pvdot_max(total, g->funcs[f].ct);
	}
	g->time_sum = tsum;
	g->total_time = total;

	/* §3.1: nodes, paths, edges */
	double nthres = o->node_thres / 100.0, ethres = o->edge_thres / 100.0;
	for (uint32_t k = 0; k < g->nkeys; k++) {
		int live = !(pvdot_node_total_ratio(g, k) < nthres);
		if (live && o->npaths) {
			size_t flen;
			const char *file = pv_profile_string(p, g->funcs[k].file, &flen);
			if (flen > 0) {
				int ok = 0;
				for (size_t i = 0; i < o->npaths && !ok; i++) {
					size_t pl = strlen(o->paths[i]);
					ok = pl <= flen && memcmp(file, o->paths[i], pl) == 0;
				}
				live = ok;
			}
		}
		if (o->hide && o->hide[k])
			live = 0;
		g->alive[k] = (uint8_t)live;
	}
	/* the viewer's chosen functions are drawn whatever the thresholds */
	uint32_t chosen[3] = { o->root_key, o->leaf_key, o->focus_key };
	for (int i = 0; i < 3; i++)
		if (chosen[i] < g->nkeys)
			g->alive[chosen[i]] = 1;
	/* edges in storage order: sequential reads, whatever the key order */
	for (uint32_t e = 0; e < g->nedges; e++)
		g->ealive[e] = (uint8_t)(g->alive[g->edges[e].caller] &&
					 g->alive[g->edges[e].callee] &&
					 !(pvdot_edge_ratio(g, e) < ethres));
	if (o->color_by_selftime) {
		double m = 0.0;
		int any = 0;
		for (uint32_t k = 0; k < g->nkeys; k++) {
			if (!g->alive[k])
				continue;
			double r = pvdot_node_self_ratio(g, k);
			if (!any || r > m)
				m = r;
			any = 1;
		}
		g->self_max = any ? m : 1.0;
	}

	/* §3.2: --root, then (unless listing) --leaf */
	sel = calloc((size_t)g->nkeys + 1, 1);
	if (!sel) {
		pv_error_set(err, "out of memory");
		goto fail;
	}
	if (o->root && *o->root && prune_glob(g, o->root, o->depth, 0, sel, err) != 0)
		goto fail;
	if (o->leaf && *o->leaf && !o->stop_before_leaf &&
	    prune_glob(g, o->leaf, o->depth, 1, sel, err) != 0)
		goto fail;
	if (prune_by_key(g, sel) != 0) {
		pv_error_set(err, "out of memory");
		goto fail;
	}
	free(sel);
	count_alive(g);
	return g;
fail:
	free(sel);
	pv_dot_graph_free(g);
	return NULL;
}

