/* core/hash.js: the view state in the URL's hash, both ways. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultView, formatHash, parseHash } from '../../web/core/hash.js';

test('the default state writes the fields that are always there', () => {
	assert.equal(formatHash(defaultView()), '#view=icicle&dir=calls&depth=10&cutoff=0.001');
	assert.deepEqual(parseHash('', 10, {}), defaultView());
	assert.deepEqual(parseHash('#', 10, {}), defaultView());
});

test('every field round-trips', () => {
	const S = { view: 'sunburst', dir: 'callers', focus: 3, zoom: [4, 7], top: false, depth: 5, cutoff: 0.01, q: 'a b&c=d/é' };
	const h = formatHash(S);
	assert.equal(h, '#view=sunburst&dir=callers&focus=3&zoom=4.7&depth=5&cutoff=0.01&q=a%20b%26c%3Dd%2F%C3%A9');
	assert.deepEqual(parseHash(h, 10, {}), S);
	const T = { view: 'icicle', dir: 'calls', focus: -1, zoom: [], top: true, depth: 60, cutoff: 0, q: '' };
	assert.equal(formatHash(T), '#view=icicle&dir=calls&top=1&depth=60&cutoff=0');
	assert.deepEqual(parseHash(formatHash(T), 10, {}), T);
});

test('parseHash takes the default for anything unknown or out of range', () => {
	const S = parseHash('#view=pie&dir=up&focus=10&zoom=x.50.-1&depth=0&cutoff=1&top=yes&q=%E0%A4%A', 10, {});
	assert.deepEqual(S, defaultView());
	assert.deepEqual(parseHash('#zoom=1.x.2.50&focus=9&depth=61', 10, {}).zoom, [1, 2]);
	assert.equal(parseHash('#focus=9', 10, {}).focus, 9);
	assert.equal(parseHash('#focus=1.5', 10, {}).focus, -1);
	assert.equal(parseHash('#depth=61', 10, {}).depth, 10);
	assert.equal(parseHash('#cutoff=-0.1', 10, {}).cutoff, 0.001);
	assert.equal(parseHash('#cutoff=0.05', 10, {}).cutoff, 0.05);
	/* a field without a value, or with '=' inside one */
	assert.equal(parseHash('#q&q=a=b', 10, {}).q, 'a=b');
});

test('parseHash fills the object it is given', () => {
	const S = { view: 'sunburst', extra: 1 };
	assert.equal(parseHash('#dir=callers', 10, S), S);
	assert.equal(S.view, 'icicle');
	assert.equal(S.dir, 'callers');
	assert.equal(S.extra, 1);
});
