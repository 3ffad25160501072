/*
 * core/params.js - the API queries a view state asks: the filters and
 * granularity (/api/tree and /api/dot), the graph's (/api/dot).  `ids`
 * maps the labels the URL names (fn=, root=) to function ids, as far as
 * the API has said.  DOM-free.
 */

/* The id of the function a URL names, once known; -1: none or unknown. */
export function idOf(ids, label) {
	if (!label) return -1;
	const v = ids.get(label);
	return v === undefined ? -1 : v;
}

/* The filters and granularity, as /api/tree and /api/dot take them. */
export function filterParams(S) {
	return {
		focus_re: S.focus || undefined, ignore: S.ignore || undefined, hide: S.hide || undefined,
		show: S.show || undefined, group: S.group !== 'function' ? S.group : undefined,
	};
}

/* The /api/dot query of state S: thresholds, filters, the selected function's neighbourhood. */
export function graphParams(S, ids) {
	const fn = idOf(ids, S.fn);
	const p = filterParams(S);
	delete p.group;
	return Object.assign({
		node: S.node !== 0.5 ? S.node : undefined, edge: S.edge !== 0.1 ? S.edge : undefined,
		fn: S.hops > 0 && fn >= 0 ? fn : undefined, hops: S.hops > 0 && fn >= 0 ? S.hops : undefined,
		/* gprof2dot's -z and -l with the selected function, and --depth */
		root: S.from && fn >= 0 ? fn : undefined, leaf: S.to && fn >= 0 ? fn : undefined,
		depth: (S.from || S.to) && fn >= 0 && S.gdepth ? S.gdepth : undefined,
		theme: S.theme !== 'color' ? S.theme : undefined, selfcolor: S.selfcolor ? 1 : undefined,
	}, p);
}
