/*
 * core/diff.js - diff mode (serve --diff): /api/diff as a Map from the
 * NEW profile's function id to { tt, ct (the changes), pct (of cumtime,
 * NaN when unknown), isNew }, with `baseOnly`, the number of functions
 * only in BASE.  DOM-free.
 */
import { num } from './ctree.js';

export function readDiff(d) {
	const D = new Map();
	for (const r of d.functions)
		D.set(r.id, {
			tt: num(r.delta.tt), ct: num(r.delta.ct),
			pct: r.pct.ct === null ? NaN : num(r.pct.ct), isNew: r.status === 'new',
		});
	D.baseOnly = d.base_only.length;
	return D;
}
