'use strict';
/*
 * browser.js SVG - opens a flame graph of `pstat-view flame` in headless
 * Chromium (Debian's /usr/bin/chromium driven by playwright-core from
 * tests/browser/node_modules; no download) and checks that it renders
 * labels, that a click on a box zooms into it (the box becomes as wide as
 * the frame area, boxes outside it are hidden), and that Escape zooms
 * out.  Exit 0 pass, 1 fail, 77 skipped (no chromium or playwright-core).
 */
const fs = require('fs');
const path = require('path');

const [SVG] = process.argv.slice(2);
const CHROMIUM = process.env.PV_CHROMIUM || '/usr/bin/chromium';
let pw;
for (const dir of [path.join(__dirname, '..', 'browser', 'node_modules'), '']) {
	try {
		pw = require(dir ? path.join(dir, 'playwright-core') : 'playwright-core');
		break;
	} catch (e) { /* next */ }
}
if (!pw) {
	console.log('skip: playwright-core is not installed (scripts/setup --test installs it)');
	process.exit(77);
}
if (!fs.existsSync(CHROMIUM)) {
	console.log('skip: ' + CHROMIUM + ' is missing');
	process.exit(77);
}

function assert(cond, msg) {
	if (!cond) throw new Error(msg);
}

(async () => {
	const browser = await pw.chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
	let failed = 0;
	try {
		const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
		const errors = [];
		page.on('pageerror', (e) => errors.push(e.message));
		const requests = [];
		page.on('request', (r) => requests.push(r.url()));
		await page.goto('file://' + path.resolve(SVG));
		const state = () => page.evaluate(() => {
			const fw = +document.documentElement.getAttribute('data-fw');
			const gs = Array.from(document.querySelectorAll('g.pv-f'));
			return {
				fw,
				zoom: document.documentElement.getAttribute('data-zoom'),
				n: gs.length,
				visible: gs.filter((g) => g.style.display !== 'none').length,
				labels: gs.map((g) => g.querySelector('text').textContent).filter((t) => t.length > 0),
				boxes: gs.map((g) => ({
					w: +g.querySelector('rect').getAttribute('width'),
					shown: g.style.display !== 'none',
					d: +g.getAttribute('data-d'),
					l: g.getAttribute('data-l'),
				})),
			};
		});
		const s0 = await state();
		assert(s0.n > 10, 'only ' + s0.n + ' boxes');
		assert(s0.labels.length >= 5, 'only ' + s0.labels.length + ' labels are shown');
		assert(s0.labels.includes('all'), 'no box labelled "all"');
		/* a label is drawn where it can be read: some text is visible on screen */
		const title = await page.textContent('#pv-title');
		assert(title && title.length > 0, 'no title');
		/* pick a box of depth >= 2 narrower than half the frame, with a label */
		let pick = -1;
		for (let i = 0; i < s0.boxes.length; i++) {
			const b = s0.boxes[i];
			if (b.d >= 2 && b.w < s0.fw / 2 && b.w > 40) { pick = i; break; }
		}
		assert(pick >= 0, 'no box to click');
		const box = page.locator('g.pv-f').nth(pick).locator('rect').last();
		/* the box's label lies over it: click where the user would, through it */
		await box.click({ timeout: 10000, force: true });
		const s1 = await state();
		assert(s1.zoom === String(pick), 'data-zoom is "' + s1.zoom + '" after the click, expected ' + pick);
		assert(Math.abs(s1.boxes[pick].w - s1.fw) < 0.5,
			'the clicked box is ' + s1.boxes[pick].w + ' px wide, expected ' + s1.fw);
		assert(s1.visible < s0.visible, 'no box was hidden by the zoom');
		assert(s1.labels.length >= 2, 'no labels after the zoom');
		const shot = await page.screenshot();
		assert(shot.length > 1000, 'empty screenshot');
		await page.keyboard.press('Escape');
		const s2 = await state();
		assert(s2.zoom === '', 'Escape did not zoom out');
		assert(s2.visible === s0.visible, 'not every box is back after Escape');
		assert(Math.abs(s2.boxes[pick].w - s0.boxes[pick].w) < 0.01, 'the box did not get its width back');
		assert(errors.length === 0, 'page errors: ' + errors.join('; '));
		const foreign = requests.filter((u) => !u.startsWith('file://'));
		assert(foreign.length === 0, 'the SVG loaded something: ' + foreign.join(' '));
		console.log('ok: ' + s0.n + ' boxes, ' + s0.labels.length + ' labels; click zoomed into "' +
			s0.boxes[pick].l + '"; Escape zoomed out');
	} catch (e) {
		console.log('FAIL: ' + e.message);
		failed = 1;
	} finally {
		await browser.close();
	}
	process.exit(failed);
})();
