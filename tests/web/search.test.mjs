/* core/search.js: matched functions and the time their boxes cover. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadGraph } from '../../web/core/graph.js';
import { createTree } from '../../web/core/tree.js';
import { layoutTree } from '../../web/core/layout.js';
import { matchFunctions, coverage } from '../../web/core/search.js';
import { graph } from './fixture.mjs';

const S = { view: 'icicle', dir: 'calls', focus: -1, zoom: [], depth: 3, cutoff: 0, exact: false, q: '' };

test('matchFunctions marks the functions whose label matches', () => {
	const G = loadGraph(graph());
	const hits = new Uint8Array(G.N).fill(1);
	assert.equal(matchFunctions(G, /a\.py/i, hits), 2);
	assert.deepEqual([...hits], [1, 1, 0, 0, 0]);
	/* caller-only keys are not functions one can search */
	assert.equal(matchFunctions(G, /profiler/, hits), 0);
	assert.deepEqual([...hits], [0, 0, 0, 0, 0]);
});

test('coverage counts every matching box but a box\'s time only once', () => {
	const G = loadGraph(graph());
	const L = layoutTree(createTree(G), S, 800, 600);
	const hits = new Uint8Array(G.N);
	matchFunctions(G, /\((f|g)\)$/, hits);
	/* f (6 s) with g inside it (3 s, covered), and g under main (1 s) */
	assert.deepEqual(coverage(L.levels, L.viewRoot, hits), { boxes: 3, t: 7 });
	matchFunctions(G, /\(g\)$/, hits);
	assert.deepEqual(coverage(L.levels, L.viewRoot, hits), { boxes: 2, t: 4 });
	/* zoomed into f: f is the view, its match counts */
	const Z = layoutTree(createTree(G), Object.assign({}, S, { zoom: [0, 1] }), 800, 600);
	matchFunctions(G, /\((f|g)\)$/, hits);
	assert.deepEqual(coverage(Z.levels, Z.viewRoot, hits), { boxes: 2, t: 6 });
});
