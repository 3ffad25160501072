/* core/ctree.js: an /api/tree answer as linked nodes and named functions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readTree, addFunctions, nodePath, boxName, shortLabel, place, num,
	K_ROOT, K_FN, K_OTHER, K_UNPLACED, K_MORE } from '../../web/core/ctree.js';
import { tree } from './fixture.mjs';

test('readTree links the answer\'s nodes in its order and adds a box for hidden time', () => {
	const T = readTree(tree());
	assert.equal(T.nodes.length, 7);
	assert.equal(T.root.kind, K_ROOT);
	assert.equal(T.defaultFocus, 1);
	assert.equal(T.truncated, true);
	const [r, main, f, g1, g2, other, unplaced] = T.nodes;
	assert.deepEqual(r.kids, [main]);
	assert.deepEqual(main.kids, [f, g1]);
	assert.deepEqual(f.kids, [g2, other, unplaced]);
	assert.equal(g2.depth, 3);
	assert.equal(main.exact, true);
	assert.equal(g1.exact, false);
	assert.equal(g1.certain, 0.5);
	assert.equal(g2.trunc, true);
	assert.equal(other.kind, K_OTHER);
	assert.equal(other.n, 2);
	assert.equal(unplaced.kind, K_UNPLACED);
	/* g2's hidden second becomes a "calls not expanded" box */
	assert.equal(g2.kids.length, 1);
	assert.equal(g2.kids[0].kind, K_MORE);
	assert.equal(g2.kids[0].t, 1);
	/* self + children = time, for every node */
	for (const n of T.nodes) {
		if (!n.kids.length) continue;
		const sum = n.kids.reduce((s, k) => s + k.t, n.self);
		assert.ok(Math.abs(sum - n.t) < 1e-12, 'node ' + n.i);
	}
});

test('nodePath is the function ids from the first level down', () => {
	const T = readTree(tree());
	assert.deepEqual(nodePath(T.nodes[4]), [0, 1, 2]);
	assert.deepEqual(nodePath(T.root), []);
});

test('functions: added once, labelled as pstats and as boxes', () => {
	const fns = new Map();
	addFunctions(fns, tree());
	addFunctions(fns, tree());
	assert.equal(fns.size, 3);
	assert.equal(fns.get(1).label, 'a.py:10(f)');
	assert.equal(shortLabel(fns.get(1)), 'f (a.py:10)');
	assert.equal(place(fns.get(2)), 'b.py:5');
	assert.equal(shortLabel({ flags: 8, label: '{built-in method len}' }), '{built-in method len}');
	const T = readTree(tree());
	assert.equal(boxName(fns, T.nodes[2], 'calls'), 'f (a.py:10)');
	assert.equal(boxName(fns, T.root, 'calls'), 'all');
	assert.equal(boxName(fns, T.root, 'callers'), 'all self time');
	assert.equal(boxName(fns, T.nodes[5], 'calls'), '2 smaller calls');
	assert.equal(boxName(fns, T.nodes[6], 'calls'), '(not placed)');
	assert.equal(num('9007199254740993'), 9007199254740992);
	assert.ok(Number.isNaN(num(null)));
});
