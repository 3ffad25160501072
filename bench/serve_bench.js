'use strict';
/*
 * bench/serve_bench.js PSTAT_VIEW [PROFILE...] - the viewer of
 * `pstat-view serve` in headless Chromium: for each profile (default: a
 * 6,000- and a 100,000-function synthetic one made by
 * tests/browser/mkprofile.js) the time from navigation to the first drawn
 * chart, hover latency (handler + next frame), zoom latency (click to the
 * next frame after the redraw) and the JS heap.  Medians of PV_BENCH_RUNS
 * (default 3) page loads.  Needs tests/browser's playwright-core.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const root = path.join(__dirname, '..');
const pw = require(path.join(root, 'tests/browser/node_modules/playwright-core'));
const mk = require(path.join(root, 'tests/browser/mkprofile.js'));

const BIN = process.argv[2] || path.join(root, 'build/pstat-view');
const RUNS = Number(process.env.PV_BENCH_RUNS) || 3;
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'pv-serve-bench-'));

function serve(file) {
	return new Promise((resolve, reject) => {
		const proc = spawn(BIN, ['serve', '--no-browser', '--port', '0', file], { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		proc.stdout.on('data', (d) => {
			out += d;
			const m = /http:\/\/\S+/.exec(out);
			if (m) resolve({ url: m[0], proc });
		});
		proc.on('exit', (c) => reject(new Error('server exited ' + c)));
	});
}

const median = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];

async function measure(ctx, url) {
	const page = await ctx.newPage();
	await page.setViewportSize({ width: 1600, height: 1000 });
	await page.goto(url);
	await page.waitForSelector('body[data-ready="1"]', { timeout: 60000 });
	const first = await page.evaluate(() => window.pvViewer.stats.first);
	/* hover: move onto the widest depth-2 box; time to the next frame */
	const target = await page.evaluate(() => {
		const r = document.getElementById('chart').getBoundingClientRect();
		const bs = window.pvViewer.boxes().filter((b) => b.kind === 0 && b.d === 2).sort((a, b) => b.px - a.px);
		return bs.length ? { x: r.left + bs[0].x, y: r.top + bs[0].y, f: bs[0].f } : null;
	});
	const hovers = [];
	for (let i = 0; i < 3 && target; i++) {
		await page.mouse.move(5, 5);
		await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
		await page.evaluate(() => {
			window.__t = 0;
			document.getElementById('chart').addEventListener('mousemove', () => {
				const t0 = performance.now();
				requestAnimationFrame(() => { window.__t = performance.now() - t0; });
			}, { once: true, capture: true });
		});
		await page.mouse.move(target.x, target.y);
		await page.waitForFunction(() => window.__t > 0);
		hovers.push(await page.evaluate(() => window.__t));
	}
	let zoom = NaN;
	if (target) {
		await page.evaluate(() => {
			window.__z = 0;
			document.getElementById('chart').addEventListener('click', () => {
				const t0 = performance.now();
				requestAnimationFrame(() => { window.__z = performance.now() - t0; });
			}, { once: true, capture: true });
		});
		await page.mouse.click(target.x, target.y);
		await page.waitForFunction(() => window.__z > 0);
		zoom = await page.evaluate(() => window.__z);
	}
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('HeapProfiler.collectGarbage');
	const { usedSize } = await cdp.send('Runtime.getHeapUsage');
	const boxes = await page.evaluate(() => Number(document.getElementById('chart').dataset.boxes));
	await page.close();
	return { first, hover: median(hovers), zoom, heap: usedSize / 1048576, boxes };
}

(async () => {
	let files = process.argv.slice(3);
	if (!files.length) {
		for (const n of [6000, 100000]) {
			const f = path.join(TMP, 'syn' + n + '.pstats');
			fs.writeFileSync(f, mk.dump(mk.bigProfile(n, 1)));
			files.push(f);
		}
	}
	const ctx = await pw.chromium.launchPersistentContext(path.join(TMP, 'profile'), {
		executablePath: process.env.PV_CHROMIUM || '/usr/bin/chromium', headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
			'--disable-sync', '--no-first-run', '--disable-quic'],
	});
	console.log('| profile | first chart ms | hover ms | zoom ms | JS heap MB | boxes |');
	console.log('|---|---|---|---|---|---|');
	for (const f of files) {
		const s = await serve(f);
		const runs = [];
		for (let i = 0; i < RUNS; i++) runs.push(await measure(ctx, s.url));
		s.proc.kill('SIGINT');
		const m = (k) => median(runs.map((r) => r[k]));
		console.log('| ' + path.basename(f) + ' | ' + m('first').toFixed(0) + ' | ' + m('hover').toFixed(1) + ' | ' +
			m('zoom').toFixed(1) + ' | ' + m('heap').toFixed(1) + ' | ' + m('boxes') + ' |');
	}
	await ctx.close();
	fs.rmSync(TMP, { recursive: true, force: true });
})().catch((e) => {
	console.error(e);
	process.exit(1);
});
