/* core/format.js: times, percentages, deltas, escapes, regexes, file names. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fmtTime, pct, fmtDelta, fmtPct, xml, fileBase } from '../../web/core/format.js';

test('fmtTime picks the unit and the digits by size', () => {
	assert.equal(fmtTime(123.456), '123.5 s');
	assert.equal(fmtTime(100), '100.0 s');
	assert.equal(fmtTime(1.5), '1.500 s');
	assert.equal(fmtTime(-2), '-2.000 s');
	assert.equal(fmtTime(0.0025), '2.50 ms');
	assert.equal(fmtTime(0.001), '1.00 ms');
	assert.equal(fmtTime(1.2e-5), '12.0 \u00b5s');
	assert.equal(fmtTime(0), '0 s');
	assert.equal(fmtTime(Infinity), 'Infinity');
	assert.equal(fmtTime(NaN), 'NaN');
});

test('pct: one decimal, three below 0.1%, a dash for no whole', () => {
	assert.equal(pct(1, 4), '25.0%');
	assert.equal(pct(3, 3), '100.0%');
	assert.equal(pct(1, 10000), '0.010%');
	/* none at all is not "0.000%" */
	assert.equal(pct(0, 5), '0%');
	assert.equal(pct(1, 0), '\u2013');
	assert.equal(pct(1, NaN), '\u2013');
});

test('diff formats carry a sign, a real minus, and say when there is nothing', () => {
	assert.equal(fmtDelta(1.5), '+1.500');
	assert.equal(fmtDelta(-0.25), '\u22120.250');
	assert.equal(fmtDelta(0), '0.000');
	assert.equal(fmtDelta(NaN), '');
	assert.equal(fmtPct(12.5), '+12.5%');
	assert.equal(fmtPct(-3.2), '\u22123.2%');
	assert.equal(fmtPct(NaN), 'n/a');
});

test('xml escapes the five special characters', () => {
	assert.equal(xml('<a href="x">&\'</a>'), '&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
	assert.equal(xml(12), '12');
});


test('fileBase: the first file\'s stem, made safe', () => {
	assert.equal(fileBase({ files: [{ path: '/tmp/my prof.pstats' }, { path: 'x' }] }), 'my_prof');
	assert.equal(fileBase({ files: [{ path: 'run.v2.out' }] }), 'run.v2');
	assert.equal(fileBase({ files: [] }), 'profile');
	assert.equal(fileBase({}), 'profile');
	assert.equal(fileBase({ files: [{ path: '/x/.pstats' }] }), 'profile');
});
