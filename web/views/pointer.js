/*
 * views/pointer.js - the mouse on the chart: hover highlights every box
 * of the function and shows the tooltip; a click selects the function
 * and zooms (shift: roots the tree there, root=); a click on the view's root zooms out; a
 * click on an "other" or "calls not expanded" box opens it.
 */
import { app, act } from '../state.js';
import { K_FN, K_OTHER, K_MORE } from '../core/ctree.js';
import { hitTest } from '../core/layout.js';
import { canvas, drawOverlay } from './chart.js';
import { showTip, moveTip, hideTip } from './tooltip.js';
import { showFunction } from './panel.js';

function hit(x, y) {
	return hitTest(app.levels, app.S.view, app.W, app.geo, x, y);
}

export function bindPointer() {
	canvas.addEventListener('mousemove', (ev) => {
		const r = canvas.getBoundingClientRect();
		const x = ev.clientX - r.left, y = ev.clientY - r.top;
		const b = hit(x, y);
		const t0 = performance.now();
		if (!b) {
			/* off the boxes: the tooltip went when the mouse left the last box */
			if (app.hover) {
				app.hover = null;
				drawOverlay();
				hideTip();
			}
			canvas.style.cursor = '';
			return;
		}
		if (!app.hover || app.hover.node !== b.node) {
			app.hover = b;
			drawOverlay();
			showTip(b, x, y);
			app.stats.lastHover = performance.now() - t0;
		} else {
			moveTip(b, x, y);
		}
		const k = b.node.kind;
		canvas.style.cursor = k === K_FN || k === K_OTHER || k === K_MORE ? 'pointer' : 'default';
	});
	canvas.addEventListener('mouseleave', () => {
		app.hover = null;
		hideTip();
		drawOverlay();
	});
	canvas.addEventListener('click', (ev) => {
		const r = canvas.getBoundingClientRect();
		const b = hit(ev.clientX - r.left, ev.clientY - r.top);
		if (!b) return;
		const n = b.node;
		if (ev.shiftKey && n.kind === K_FN) {
			act.focusFn(n.f);
			return;
		}
		/* the new tree first: the panel and the table are asked for and
		   drawn once it is (the server answers one request at a time, the
		   page draws one thing at a time) */
		const drawn = n === app.viewRoot ? act.zoomOut() : act.zoomTo(n);
		if (n.kind === K_FN) Promise.resolve(drawn).then(() => act.selectFn(n.f));
	});
	canvas.addEventListener('dblclick', (ev) => ev.preventDefault());
}
