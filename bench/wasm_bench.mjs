/*
 * node bench/wasm_bench.mjs PV_WASM API_GET PROFILE... - what the exported
 * page pays before its first chart: the profile written back as the page
 * carries it (tests/wasm/api_get --dump), then, in node, fromBase64 of both
 * blobs, openWasm (compile, instantiate, load) and the first /api/tree,
 * and the native router's first /api/tree for comparison.  The first
 * (cold: the module compiled) and the best of 3 runs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWasm, fromBase64 } from '../web/core/wasm.js';

const [WASM, API_GET, ...files] = process.argv.slice(2);
const wasmB64 = readFileSync(WASM).toString('base64');
console.log('pv.wasm: %d bytes, %d as base64', statSync(WASM).size, wasmB64.length);
for (const f of files) {
	const dir = mkdtempSync(join(tmpdir(), 'pv-bench-'));
	execFileSync(API_GET, ['--dump', f, '--', join(dir, 'p'), join(dir, 'm')]);
	const profB64 = readFileSync(join(dir, 'p')).toString('base64');
	const metaB64 = readFileSync(join(dir, 'm')).toString('base64');
	rmSync(dir, { recursive: true, force: true });
	let best = null, cold = null;
	for (let i = 0; i < 3; i++) {
		const t0 = performance.now();
		const w = fromBase64(wasmB64), p = fromBase64(profB64), m = fromBase64(metaB64);
		const t1 = performance.now();
		const api = await openWasm(w, p, m);
		const t2 = performance.now();
		const r = api.get('/api/tree', '');
		const t3 = performance.now();
		if (r.status !== 200) throw new Error(r.text);
		const t = [t1 - t0, t2 - t1, t3 - t2, t3 - t0];
		if (!cold) cold = t;
		if (!best || t[3] < best[3]) best = t;
	}
	const n0 = performance.now();
	execFileSync(API_GET, [f, '--', '/api/tree', '']);
	const nat = performance.now() - n0;
	const ms = (t) => t.map((x) => x.toFixed(0)).join(' / ');
	console.log('%s: profile %d bytes as base64; fromBase64 / openWasm / first /api/tree / total, ms: cold %s, best %s; native process (load + tree): %s ms',
		f, profB64.length, ms(cold), ms(best), nat.toFixed(0));
}
