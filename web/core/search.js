/*
 * core/search.js - which functions a search matches, and how much of the
 * drawn view they cover.  DOM-free.
 */
import { label } from './graph.js';
import { K_FN } from './tree.js';

/* Marks in hits (a Uint8Array of G.N) the functions whose label re matches; returns their number. */
export function matchFunctions(G, re, hits) {
	hits.fill(0);
	let nfn = 0;
	for (let f = 0; f < G.NF; f++)
		if (re.test(label(G, f))) {
			hits[f] = 1;
			nfn++;
		}
	return nfn;
}

/* matched time: boxes that match with no matching box above them */
export function coverage(levels, viewRoot, hits) {
	let boxes = 0, t = 0;
	for (let d = 0; d < levels.length; d++)
		for (const b of levels[d]) {
			const n = b.node;
			if (n.kind !== K_FN || !hits[n.f]) continue;
			boxes++;
			let covered = false;
			for (let a = n.parent; a && a !== viewRoot.parent; a = a.parent)
				if (a.kind === K_FN && hits[a.f]) {
					covered = true;
					break;
				}
			if (!covered) t += n.t;
		}
	return { boxes, t };
}
