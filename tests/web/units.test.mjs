/* core/units.js: a sampled profile's words (nsamples, persample) and note. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { units } from '../../web/core/units.js';

test('a profile of calls keeps pstats\' column names', () => {
	for (const G of [null, {}, { sampled: false }]) {
		const u = units(G);
		assert.equal(u.sampled, false);
		assert.deepEqual(u.columns, ['ncalls', 'tottime', 'percall', 'cumtime', 'percall']);
		assert.equal(u.note, '');
	}
});

test('a sampled profile says samples, as 3.15\'s SampledStats does', () => {
	const u = units({ sampled: true });
	assert.equal(u.sampled, true);
	assert.deepEqual(u.columns, ['nsamples', 'tottime', 'persample', 'cumtime', 'persample']);
	assert.equal(u.count, 'nsamples');
	assert.match(u.note, /times are sample counts \u00d7 the sampling interval/);
});
