/*
 * views/hooks.js - window.pvViewer: read-only hooks for the browser tests
 * (tests/browser/run.js) and the benchmark.
 */
import { app } from '../state.js';
import { K_FN } from '../core/tree.js';
import { label, findLabel } from '../core/graph.js';
import { fnColor } from '../core/color.js';
import { boxCenter, checkExtents } from '../core/layout.js';
import { extent, boxName, boxColor } from './chart.js';

export function installHooks() {
	window.pvViewer = {
		stats: app.stats,
		state: () => JSON.parse(JSON.stringify(app.S)),
		label: (f) => label(app.G, f),
		find: (text) => findLabel(app.G, text),
		/* centres (CSS px, relative to the canvas) of the drawn boxes of f */
		boxes: (f) => {
			const out = [];
			const levels = app.levels;
			for (let d = 0; d < levels.length; d++)
				for (const b of levels[d]) {
					if (f !== undefined && !(b.node.kind === K_FN && b.node.f === f)) continue;
					const { x, y } = boxCenter(app.S.view, app.W, app.geo, b, d);
					out.push({ x, y, d, f: b.node.f, kind: b.node.kind, t: b.node.t, exact: b.node.exact,
						px: (b.x1 - b.x0) * extent(), label: boxName(b.node), color: boxColor(b.node),
						palette: b.node.kind === K_FN ? fnColor(app.G, b.node.f, false, app.theme.dark, app.hues) : null });
				}
			return out;
		},
		viewRoot: () => ({ f: app.viewRoot.f, kind: app.viewRoot.kind, t: app.viewRoot.t }),
		/* worst relative gap between a drawn node's time and its children's */
		checkExtents: () => checkExtents(app.levels),
		maxTottime: () => {
			const fTt = app.G.fTt;
			let best = 0;
			for (let f = 1; f < app.G.NF; f++) if (fTt[f] > fTt[best]) best = f;
			return { f: best, tt: fTt[best] };
		},
	};
}
