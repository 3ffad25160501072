/*
 * core/wasm.js and pv.wasm: the exported page's answers are the native
 * router's, byte for byte.  PV_WASM is the built module, PV_API_GET the
 * host build of the same router (tests/wasm/api_get.c); both answer the
 * same requests on corpus profiles.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWasm, fromBase64 } from '../../web/core/wasm.js';

const WASM = process.env.PV_WASM;
const API_GET = process.env.PV_API_GET;
const DATA = process.env.PV_TEST_DATA || new URL('../data', import.meta.url).pathname;
const corpus = (name) => join(DATA, 'corpus', name);
const wasmBytes = () => readFileSync(WASM);

const REQUESTS = [
	['/api/summary', ''],
	['/api/tree', ''],
	['/api/tree', 'nodes=500'],
	['/api/tree', 'focus=3&nodes=500&depth=8'],
	['/api/tree', 'dir=callers&cutoff=0.01'],
	['/api/tree', 'zoom=0'],
	['/api/tree', 'nodes=abc'],
	['/api/tree', 'focus=999999999'],
	['/api/tree', 'group=package&nodes=300'],
	['/api/tree', 'group=file&dir=callers&cutoff=0.01'],
	['/api/tree', 'group=dir'],
	['/api/functions', 'sort=cumtime&limit=50'],
	['/api/functions', 'sort=name&desc=0&offset=10&limit=20'],
	['/api/functions', 'q=json&sort=tottime'],
	['/api/functions', 'q=Json&sort=tottime&offset=5'],
	['/api/functions', 'sort=bogus'],
	['/api/functions', ''],
	['/api/function', 'id=2'],
	['/api/function', 'id=x'],
	['/api/graph', ''],
	['/api/diff', ''],
	['/api/nowhere', ''],
	['/api/tree', '?nodes=50&cutoff=0.5%25'],
];

/* The native router's answers: [{ status, text }] for [[path, query]] */
function native(files, reqs) {
	const out = execFileSync(API_GET, [...files, '--', ...reqs.flat()], { maxBuffer: 1 << 30 });
	const res = [];
	let at = 0;
	while (at < out.length) {
		const nl = out.indexOf(10, at);
		const [status, len] = out.subarray(at, nl).toString().split(' ').map(Number);
		res.push({ status, text: out.subarray(nl + 1, nl + 1 + len).toString('utf8') });
		at = nl + 1 + len;
	}
	assert.equal(res.length, reqs.length);
	return res;
}

/* The profile as the exported page carries it: marshal and meta record */
function dump(files) {
	const dir = mkdtempSync(join(tmpdir(), 'pv-wasm-'));
	try {
		const m = join(dir, 'p.pstats'), r = join(dir, 'p.meta');
		execFileSync(API_GET, ['--dump', ...files, '--', m, r]);
		return [readFileSync(m), readFileSync(r)];
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

function skip(t) {
	if (!WASM || !API_GET) {
		t.skip('PV_WASM and PV_API_GET are not set');
		return true;
	}
	return false;
}

async function same(files) {
	const [prof, meta] = dump(files);
	const api = await openWasm(wasmBytes(), prof, meta);
	const want = native(files, REQUESTS);
	REQUESTS.forEach(([path, query], i) => {
		const got = api.get(path, query);
		assert.equal(got.status, want[i].status, path + '?' + query + ': status');
		assert.ok(got.text === want[i].text, path + '?' + query + ': the answers differ');
	});
}

test('py311_ut_json: every answer is the native router\'s, byte for byte', async (t) => {
	if (skip(t)) return;
	await same([corpus('py311_ut_json.pstats')]);
});

test('Python 2.7, 3.13 and sampled (3.15) profiles, and the required cases', async (t) => {
	if (skip(t)) return;
	await same([corpus('py27_recursion.pstats')]);
	await same([corpus('py313_compileall.pstats')]);
	await same([corpus('py315_sampled_jset.pstats')]);
	const [prof, meta] = dump([corpus('py311_ut_json.pstats')]);
	const api = await openWasm(wasmBytes(), prof, meta);
	assert.equal(api.get('/api/tree', 'nodes=abc').status, 400);
	assert.equal(api.get('/api/tree', 'nodes=abc').text, '{"error":"bad nodes"}\n');
	/* no regular expressions in the exported page: a fixed 400 for each regex key */
	for (const key of ['focus_re', 'ignore', 'hide', 'show']) {
		const r = api.get('/api/tree', key + '=json');
		assert.equal(r.status, 400);
		assert.equal(r.text, '{"error":"regular expressions are not available in the exported page"}\n');
	}
	assert.equal(api.get('/api/summary', '').status, 200);
	assert.equal(JSON.parse(api.get('/api/functions', 'sort=cumtime&limit=50').text).functions.length, 50);
});

test('a merged profile keeps its files and totals (the meta record)', async (t) => {
	if (skip(t)) return;
	await same([corpus('py311_ut_json.pstats'), corpus('py312_ut_json.pstats')]);
});

test('without the meta record: the same answers but the files ("<memory>")', async (t) => {
	if (skip(t)) return;
	const file = corpus('py311_ut_json.pstats');
	const api = await openWasm(wasmBytes(), readFileSync(file));
	const want = native([file], [['/api/tree', 'nodes=300'], ['/api/summary', '']]);
	assert.equal(api.get('/api/tree', 'nodes=300').text, want[0].text);
	const s = JSON.parse(api.get('/api/summary', '').text), n = JSON.parse(want[1].text);
	assert.deepEqual(s.files, [{ path: '<memory>', mtime: 0 }]);
	assert.deepEqual({ ...s, files: null }, { ...n, files: null });
});

test('a file that is not a profile: openWasm rejects with the reader\'s message', async (t) => {
	if (skip(t)) return;
	await assert.rejects(openWasm(wasmBytes(), new TextEncoder().encode('hello, world\n')),
		/cannot load the profile: .+/);
	await assert.rejects(openWasm(wasmBytes(), new Uint8Array(0)), /cannot load the profile/);
});

test('fromBase64: the bytes Buffer encodes, padded or not, whitespace ignored', () => {
	const bytes = new Uint8Array(1000).map((_, i) => (i * 7919 + (i >> 3)) & 255);
	for (const n of [0, 1, 2, 3, 4, 5, 999, 1000]) {
		const b64 = Buffer.from(bytes.subarray(0, n)).toString('base64');
		assert.deepEqual(fromBase64(b64), bytes.subarray(0, n));
		assert.deepEqual(fromBase64(b64.replace(/=+$/, '')), bytes.subarray(0, n));
		assert.deepEqual(fromBase64(b64.replace(/(.{76})/g, '$1\n')), bytes.subarray(0, n));
	}
	assert.throws(() => fromBase64('ab!c'), /not base64/);
});

test('core/wasm.js can be inlined in the page (cmake/bundle.cmake\'s rule)', () => {
	const text = readFileSync(new URL('../../web/core/wasm.js', import.meta.url), 'utf8');
	for (const bad of ['<' + '/', '<' + '!--', ']]' + '>']) assert.ok(!text.includes(bad), bad);
});
