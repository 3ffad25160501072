/* core/table.js: the function table's rows, filtered and sorted. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadGraph, loadDiff } from '../../web/core/graph.js';
import { tableRows, sortKey } from '../../web/core/table.js';
import { graph } from './fixture.mjs';

test('rows sort by each column, ties by id', () => {
	const G = loadGraph(graph());
	assert.deepEqual(tableRows(G, null, 'tt', true, null), [2, 1, 0, 3]);
	assert.deepEqual(tableRows(G, null, 'tt', false, null), [3, 0, 1, 2]);
	assert.deepEqual(tableRows(G, null, 'ct', true, null), [0, 1, 2, 3]);
	assert.deepEqual(tableRows(G, null, 'nc', true, null), [3, 2, 1, 0]);
	/* tottime per call: f 1.5, g 1.33, main 1, len 0 */
	assert.deepEqual(tableRows(G, null, 'ttpc', true, null), [1, 2, 0, 3]);
	/* labels in code unit order: "a.py:1(" before "a.py:10", "{" last */
	assert.deepEqual(tableRows(G, null, 'label', false, null), [0, 1, 2, 3]);
	assert.deepEqual(tableRows(G, null, 'label', true, null), [3, 2, 1, 0]);
	assert.equal(sortKey(G, null, 'label'), null);
	assert.equal(sortKey(G, null, 'ctpc')(3), 0);
});

test('a regex keeps the matching labels', () => {
	const G = loadGraph(graph());
	assert.deepEqual(tableRows(G, null, 'ct', true, /a\.py/i), [0, 1]);
	assert.deepEqual(tableRows(G, null, 'ct', true, /nothing/), []);
});

test('diff columns: unknown changes sort last, descending', () => {
	const G = loadGraph(graph());
	const D = loadDiff(G, {}, {
		base_only: [],
		functions: [
			{ id: 0, delta: { tt: 0, ct: -2 }, pct: { ct: -20 }, status: 'changed' },
			{ id: 2, delta: { tt: 1, ct: 3 }, pct: { ct: 300 }, status: 'changed' },
			{ id: 3, delta: { tt: 0, ct: 0 }, pct: { ct: null }, status: 'new' },
		],
	});
	assert.deepEqual(tableRows(G, D, 'dct', true, null), [2, 3, 0, 1]);
	assert.deepEqual(tableRows(G, D, 'dpct', true, null), [2, 0, 1, 3]);
	assert.deepEqual(tableRows(G, D, 'dtt', false, null), [1, 0, 3, 2]);
});
