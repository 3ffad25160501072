'use strict';
/*
 * bench/serve_bench.js PSTAT_VIEW [PROFILE...] - what a user of
 * `pstat-view serve` waits for, in headless Chromium, measured from the
 * command's start: for each profile, `serve` is started (the browser is
 * already open, as a user's is), and the clock runs from the spawn to the
 * server's URL, to the first chart drawn in the page; then, each from the
 * moment the page gets the user's event (the click, the keystroke, the
 * form's submit) to the next frame after the result is drawn: the page's
 * hover, zoom (a click: a new tree asked of the server and drawn), table
 * sort, table filter (`mod1` given as one input, as a paste), a hide=
 * filter chip (pprof's filter, applied on the server) and search (as the
 * table filter), the server's peak memory (VmHWM) and the
 * page's JS heap after a GC.  Medians of PV_BENCH_RUNS (default 3) runs,
 * a fresh server each.
 *
 * Without PROFILE it makes the three of bench/serve.md: a real profile of
 * `python3 -m cProfile -m pydoc -k xml` (its size depends on what is
 * installed), and 100,000- and 1,000,000-function profiles of
 * bench/gen_profile.py.  Needs tests/browser's playwright-core.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, execFileSync } = require('child_process');
const root = path.join(__dirname, '..');
const pw = require(path.join(root, 'tests/browser/node_modules/playwright-core'));

const BIN = path.resolve(process.argv[2] || path.join(root, 'build/pstat-view'));
const RUNS = Number(process.env.PV_BENCH_RUNS) || 3;
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'pv-serve-bench-'));

function serve(file) {
	return new Promise((resolve, reject) => {
		const t0 = Date.now();
		const proc = spawn(BIN, ['serve', '--no-browser', '--port', '0', file], { stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		proc.stdout.on('data', (d) => {
			out += d;
			const m = /http:\/\/\S+/.exec(out);
			if (m) resolve({ url: m[0], proc, t0, tUrl: Date.now() - t0 });
		});
		proc.on('exit', (c) => reject(new Error('server exited ' + c)));
	});
}

function vmhwm(pid) {
	const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/' + pid + '/status', 'utf8'));
	return m ? Number(m[1]) / 1024 : NaN;
}

const median = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];

/*
 * ms from the user's action to the next frame after `cond` holds: the
 * clock starts in the page when `ev` (an event type) reaches `sel`, not
 * when the driver sends it (playwright's round trip is not the page's).
 */
async function timed(page, act, cond, arg, sel, ev) {
	await page.evaluate(([s, e]) => {
		window.__t0 = performance.now();
		if (s) document.querySelector(s).addEventListener(e, () => { window.__t0 = performance.now(); }, { once: true, capture: true });
	}, [sel || null, ev || null]);
	await act();
	await page.waitForFunction(cond, arg, { timeout: 60000 });
	return page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now() - window.__t0))));
}

async function run(ctx, file) {
	const s = await serve(file);
	const page = await ctx.newPage();
	await page.setViewportSize({ width: 1600, height: 1000 });
	await page.goto(s.url);
	await page.waitForSelector('body[data-ready="1"]', { timeout: 120000 });
	await page.waitForFunction(() => !document.getElementById('status').textContent.startsWith('loading'));
	/* the first draw, on the page's clock, as wall-clock time since the spawn */
	const firstEpoch = await page.evaluate(() => performance.timeOrigin + window.pvViewer.stats.first);
	const first = firstEpoch - s.t0;
	/* hover: onto the widest depth-2 box; the handler's time, and to the next frame */
	const target = await page.evaluate(() => {
		const r = document.getElementById('chart').getBoundingClientRect();
		const bs = window.pvViewer.boxes().filter((b) => b.kind === 1 && b.d === 2).sort((a, b) => b.px - a.px);
		return bs.length ? { x: r.left + bs[0].x, y: r.top + bs[0].y, f: bs[0].f } : null;
	});
	const hovers = [];
	for (let i = 0; i < 3 && target; i++) {
		await page.mouse.move(5, 5);
		await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
		await page.evaluate(() => {
			window.__h = 0;
			document.getElementById('chart').addEventListener('mousemove', () => {
				const t0 = performance.now();
				requestAnimationFrame(() => { window.__h = performance.now() - t0; });
			}, { once: true, capture: true });
		});
		await page.mouse.move(target.x, target.y);
		await page.waitForFunction(() => window.__h > 0);
		hovers.push(await page.evaluate(() => window.__h));
	}
	let zoom = NaN;
	if (target)
		zoom = await timed(page, () => page.mouse.click(target.x, target.y),
			(f) => window.pvViewer.viewRoot().f === f && !document.getElementById('status').textContent.startsWith('loading'), target.f,
			'#chart', 'click');
	/* table: sort by cumtime (a new order on the server), then filter */
	const sortMs = await timed(page, () => page.click('#stats th[data-col="ct"]'),
		() => document.querySelector('#stats th[data-col="ct"]').getAttribute('aria-sort') !== 'none' &&
			document.querySelector('#stats tbody tr:not(.spacer)[data-id]') !== null, undefined, '#stats th[data-col="ct"]', 'click');
	const filterMs = await timed(page, () => page.fill('#filter', 'mod1'),
		() => /matching/.test(document.getElementById('table-info').textContent), undefined, '#filter', 'input');
	/* a filter chip (pprof's hide=): the server filters a deeper tree, the page draws it */
	await page.fill('#search', '');
	await page.fill('#filter-re', 'mod1');
	const hideMs = await timed(page, () => page.press('#filter-re', 'Enter'),
		() => /hide/.test(document.getElementById('chips').textContent) &&
			JSON.parse(window.pvViewer.treeKey()).hide === 'mod1' &&
			!document.getElementById('status').textContent.startsWith('loading'), undefined, '#filter-add', 'submit');
	const searchMs = await timed(page, () => page.fill('#search', 'mod1'),
		() => /match/.test(document.getElementById('search-info').textContent) &&
			!/counting/.test(document.getElementById('search-info').textContent), undefined, '#search', 'input');
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('HeapProfiler.collectGarbage');
	const { usedSize } = await cdp.send('Runtime.getHeapUsage');
	const boxes = await page.evaluate(() => Number(document.getElementById('chart').dataset.boxes));
	const rss = vmhwm(s.proc.pid);
	await page.close();
	s.proc.kill('SIGINT');
	await new Promise((r) => s.proc.on('exit', r));
	return { url: s.tUrl, first, hover: median(hovers), zoom, sort: sortMs, filter: filterMs, hide: hideMs, search: searchMs,
		rss, heap: usedSize / 1048576, boxes };
}

function profiles() {
	const out = [];
	const real = path.join(TMP, 'pydoc_k.pstats');
	try {
		execFileSync('python3', ['-m', 'cProfile', '-o', real, '-m', 'pydoc', '-k', 'xml'], { stdio: 'ignore', cwd: TMP });
		out.push(real);
	} catch (e) {
		console.error('no python3 pydoc profile: ' + e.message);
	}
	for (const n of [100000, 1000000]) {
		const f = path.join(TMP, 'syn' + n + '.pstats');
		execFileSync('python3', [path.join(__dirname, 'gen_profile.py'), f, '-n', String(n), '--seed', '1'], { stdio: 'ignore' });
		out.push(f);
	}
	return out;
}

function functionsOf(file) {
	const m = /(\d+) function calls[^\n]*\n[\s\S]*?List reduced from (\d+)/.exec(
		execFileSync(BIN, ['stats', file, '-l', '1'], { encoding: 'utf8' }));
	return m ? Number(m[2]) : NaN;
}

(async () => {
	const files = process.argv.length > 3 ? process.argv.slice(3) : profiles();
	const ctx = await pw.chromium.launchPersistentContext(path.join(TMP, 'profile'), {
		executablePath: process.env.PV_CHROMIUM || '/usr/bin/chromium', headless: true,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
			'--disable-sync', '--no-first-run', '--disable-quic'],
	});
	console.log('| profile | functions | URL ms | first chart ms | hover ms | zoom ms | sort ms | table filter ms | hide= ms | search ms | server MB | page heap MB | boxes |');
	console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
	for (const f of files) {
		const runs = [];
		for (let i = 0; i < RUNS; i++) runs.push(await run(ctx, f));
		const m = (k, d) => median(runs.map((r) => r[k])).toFixed(d);
		console.log('| ' + path.basename(f) + ' | ' + functionsOf(f).toLocaleString('en') + ' | ' + m('url', 0) + ' | ' + m('first', 0) +
			' | ' + m('hover', 1) + ' | ' + m('zoom', 0) + ' | ' + m('sort', 0) + ' | ' + m('filter', 0) + ' | ' + m('hide', 0) + ' | ' + m('search', 0) +
			' | ' + m('rss', 0) + ' | ' + m('heap', 1) + ' | ' + m('boxes', 0) + ' |');
	}
	await ctx.close();
	fs.rmSync(TMP, { recursive: true, force: true });
})().catch((e) => {
	console.error(e);
	process.exit(1);
});
