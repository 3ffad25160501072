/*
 * nodeheap.c - the max-heap of unexpanded boxes (see nodeheap.h).
 */
#include "nodeheap.h"

#include "pv/grow.h"

static int less(const pv_calltree_node *nodes, uint32_t x, uint32_t y)
{
	double tx = nodes[x].time, ty = nodes[y].time;
	if (tx != ty)
		return tx < ty;
	return x > y; /* earlier nodes first among equals */
}

static void swap(uint32_t *v, size_t i, size_t j)
{
	uint32_t tmp = v[i];
	v[i] = v[j];
	v[j] = tmp;
}

int pv_nodeheap_push(pv_nodeheap *h, const pv_calltree_node *nodes, uint32_t k)
{
	if (pv_grow((void **)&h->v, &h->cap, h->n + 1, sizeof *h->v) < 0)
		return -1;
	size_t i = h->n++;
	h->v[i] = k;
	while (i > 0) {
		size_t up = (i - 1) / 2;
		if (!less(nodes, h->v[up], h->v[i]))
			break;
		swap(h->v, up, i);
		i = up;
	}
	return 0;
}

uint32_t pv_nodeheap_pop(pv_nodeheap *h, const pv_calltree_node *nodes)
{
	uint32_t top = h->v[0];
	h->v[0] = h->v[--h->n];
	size_t i = 0;
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		if (l < h->n && less(nodes, h->v[m], h->v[l]))
			m = l;
		if (r < h->n && less(nodes, h->v[m], h->v[r]))
			m = r;
		if (m == i)
			break;
		swap(h->v, m, i);
		i = m;
	}
	return top;
}
