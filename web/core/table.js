/*
 * core/table.js - the rows of the function table: filtered and sorted.
 * DOM-free.
 */
import { label } from './graph.js';

/* The sort key of a column (f -> number), or null for the label column. */
export function sortKey(G, D, col) {
	switch (col) {
	case 'nc': return (f) => G.fNc[f];
	case 'tt': return (f) => G.fTt[f];
	case 'ttpc': return (f) => (G.fNc[f] ? G.fTt[f] / G.fNc[f] : -Infinity);
	case 'ct': return (f) => G.fCt[f];
	case 'ctpc': return (f) => (G.fCc[f] ? G.fCt[f] / G.fCc[f] : -Infinity);
	case 'dtt': return (f) => D.tt[f];
	case 'dct': return (f) => D.ct[f];
	case 'dpct': return (f) => D.pct[f];
	default: return null;
	}
}

/*
 * The function ids whose label re matches (all without re), sorted by col
 * (NaN last when descending), ties by id.  D: the diff, for its columns.
 */
export function tableRows(G, D, col, desc, re) {
	const r = [];
	for (let f = 0; f < G.NF; f++) if (!re || re.test(label(G, f))) r.push(f);
	const key = sortKey(G, D, col);
	const dir = desc ? -1 : 1;
	if (key) {
		const v = new Float64Array(G.N);
		for (const f of r) {
			const x = key(f);
			v[f] = x === x ? x : -Infinity;
		}
		r.sort((a, b) => (v[a] < v[b] ? -dir : v[a] > v[b] ? dir : a - b));
	} else {
		r.sort((a, b) => {
			const x = label(G, a), y = label(G, b);
			return x < y ? -dir : x > y ? dir : a - b;
		});
	}
	return r;
}
