/*
 * fixture.mjs - small call graphs in the shape of /api/graph (docs/api.md).
 *
 * graph(): a consistent cProfile-like profile, total_tt 8:
 *
 *   id  function                 tt   ct  nc  callers (caller->callee ct)
 *   0   a.py:1(main)              1    8   1  (root)
 *   1   a.py:10(f)                3    6   2  main (6)
 *   2   b.py:5(g)                 4    4   3  main (1), f (3)
 *   3   {built-in method len}     0    0   5  (none)
 *   4   profile:0(profiler)       -    -   -  caller-only key (calls main)
 */
export function make(funcs, edges, summary) {
	const col = (rows, k) => rows.map((r) => r[k]);
	return {
		summary: Object.assign({ functions: funcs.filter((f) => !f.callerOnly).length, files: [] }, summary),
		files: [...new Set(funcs.map((f) => f.file))],
		functions: {
			count: funcs.length,
			file: funcs.map((f) => [...new Set(funcs.map((g) => g.file))].indexOf(f.file)),
			line: col(funcs, 'line'), name: col(funcs, 'name'), flags: funcs.map((f) => f.flags || 0),
			nc: funcs.map((f) => f.nc || 0), cc: funcs.map((f) => f.cc === undefined ? f.nc || 0 : f.cc),
			tt: funcs.map((f) => f.tt || 0), ct: funcs.map((f) => f.ct || 0),
			text: funcs.map((f) => [String(f.nc || 0), 't', 'p', 'c', 'p']),
		},
		edges: {
			count: edges.length,
			caller: col(edges, 0), callee: col(edges, 1),
			nc: edges.map((e) => e[2]), cc: edges.map((e) => e[2]),
			tt: edges.map((e) => e[3]), ct: edges.map((e) => e[4]),
			flags: edges.map((e) => e[5] || 0),
		},
	};
}

export function graph() {
	return make([
		{ file: 'a.py', line: 1, name: 'main', tt: 1, ct: 8, nc: 1 },
		{ file: 'a.py', line: 10, name: 'f', tt: 3, ct: 6, nc: 2 },
		{ file: 'b.py', line: 5, name: 'g', tt: 4, ct: 4, nc: 3 },
		{ file: '~', line: 0, name: '<built-in method len>', flags: 8, nc: 5 },
		{ file: 'profile', line: 0, name: 'profiler', callerOnly: true },
	], [
		/* caller, callee, nc, tt, ct, flags */
		[4, 0, 1, 1, 8],
		[0, 1, 2, 3, 6],
		[0, 2, 1, 1, 1],
		[1, 2, 2, 3, 3],
	], { total_tt: 8, roots: [{ id: 0, time: 8 }], files: [{ path: '/tmp/run.pstats' }] });
}
