/*
 * fixture.mjs - a small /api/tree answer (docs/api.md), as the C library
 * writes it for a consistent cProfile-like profile, total_tt 8:
 *
 *   node  kind      function        time  self  hidden  parent
 *   0     root      -               8     0     0       -
 *   1     function  a.py:1(main)    8     1     0       0     exact
 *   2     function  a.py:10(f)      6     2     0       1     exact
 *   3     function  b.py:5(g)       1     1     0       1
 *   4     function  b.py:5(g)       3     2     1       2     (truncated: 1 s not expanded)
 *   5     other (2 boxes)           0.5                 2
 *   6     not placed                0.5                 2
 */
export function tree() {
	return {
		version: 1, dir: 'calls', root_time: 8, min_time: 0.008, truncated: true,
		default_focus: 1, zoom_node: 0, zoom_matched: 0,
		nodes: {
			count: 7,
			kind: [0, 1, 1, 1, 1, 2, 3],
			func: [-1, 0, 1, 2, 2, -1, -1],
			parent: [-1, 0, 1, 1, 2, 2, 2],
			time: [8, 8, 6, 1, 3, 0.5, 0.5],
			self: [0, 1, 2, 1, 2, 0, 0],
			hidden: [0, 0, 0, 0, 1, 0, 0],
			certain: [8, 8, 6, 0.5, 1, 0, 0],
			flags: [1, 1, 1, 0, 2, 0, 0],
			merged: [0, 0, 0, 0, 0, 2, 0],
		},
		functions: {
			count: 3, id: [0, 1, 2], name: ['main', 'f', 'g'], file: ['a.py', 'a.py', 'b.py'],
			line: [1, 10, 5], label: ['a.py:1(main)', 'a.py:10(f)', 'b.py:5(g)'], flags: [0, 0, 0],
			tt: [1, 3, 4], ct: [8, 6, 4],
			text: [['1', '1.000', '1.000', '8.000', '8.000'], ['2', '3.000', '1.500', '6.000', '3.000'],
				['3', '4.000', '1.333', '4.000', '1.333']],
		},
	};
}
