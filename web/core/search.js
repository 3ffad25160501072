/*
 * core/search.js - which drawn functions a search matches, and how much of
 * the drawn view they cover.  A search is plain text, matched without
 * regard to case in pstats' label `file:line(name)`: nothing a link
 * carries can make the page work for long.  DOM-free.
 */
import { K_FN } from './ctree.js';

/* The matcher of query q: label -> bool (null for an empty query). */
export function matcher(q) {
	const t = q.toLowerCase();
	if (!t) return null;
	return (label) => label.toLowerCase().includes(t);
}

/* The ids of the functions in `fns` whose label `match` accepts, as a Set. */
export function matchFunctions(fns, match) {
	const hits = new Set();
	for (const fn of fns.values()) if (match(fn.label)) hits.add(fn.id);
	return hits;
}

/* matched time: drawn boxes that match with no matching box above them */
export function coverage(levels, viewRoot, hits) {
	let boxes = 0, t = 0;
	for (let d = 0; d < levels.length; d++)
		for (const b of levels[d]) {
			const n = b.node;
			if (n.kind !== K_FN || !hits.has(n.f)) continue;
			boxes++;
			let covered = false;
			for (let a = n.parent; a && a !== viewRoot.parent; a = a.parent)
				if (a.kind === K_FN && hits.has(a.f)) {
					covered = true;
					break;
				}
			if (!covered) t += n.t;
		}
	return { boxes, t };
}
