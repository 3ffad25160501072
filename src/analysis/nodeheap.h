/*
 * nodeheap.h - the max-heap of unexpanded boxes that the call tree
 * (calltree_*.c) and the callers tree (callers_tree.c) expand best-first:
 * node indices, the largest time first, the earlier node first among
 * equals.  Not public.
 */
#ifndef PV_NODEHEAP_H
#define PV_NODEHEAP_H

#include <stddef.h>
#include <stdint.h>

#include "pv/calltree.h"

typedef struct pv_nodeheap {
	uint32_t *v;   /* malloc'd (pv_grow), the caller frees it */
	size_t n, cap;
} pv_nodeheap;

/*
 * Adds node k; `nodes` is the tree's node array, whose times order the
 * heap (pass it on every call: it may have moved since).  Grows the heap
 * when it is full.  Returns 0, or -1 when out of memory.
 */
int pv_nodeheap_push(pv_nodeheap *h, const pv_calltree_node *nodes, uint32_t k);

/* Removes and returns the node with the largest time (h->n > 0). */
uint32_t pv_nodeheap_pop(pv_nodeheap *h, const pv_calltree_node *nodes);

#endif
