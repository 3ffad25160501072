/*
 * views/hooks.js - window.pvViewer: read-only hooks for the browser tests
 * (tests/browser/run.js) and the benchmark.
 */
import { app } from '../state.js';
import { K_FN } from '../core/ctree.js';
import { fnColor } from '../core/color.js';
import { boxCenter, checkExtents } from '../core/layout.js';
import { extent, boxName, boxColor } from './chart.js';

export function installHooks() {
	window.pvViewer = {
		stats: app.stats,
		state: () => JSON.parse(JSON.stringify(app.S)),
		label: (f) => (app.fns.has(f) ? app.fns.get(f).label : null),
		/* the id of the function whose pstats label is text, among those the answers named; -1 */
		find: (text) => {
			for (const fn of app.fns.values()) if (fn.label === text) return fn.id;
			return -1;
		},
		/* centres (CSS px, relative to the canvas) of the drawn boxes of f (all boxes without f) */
		boxes: (f) => {
			const out = [];
			const levels = app.levels;
			for (let d = 0; d < levels.length; d++)
				for (const b of levels[d]) {
					if (f !== undefined && !(b.node.kind === K_FN && b.node.f === f)) continue;
					const { x, y } = boxCenter(app.S.view, app.W, app.geo, b, d);
					out.push({ x, y, d, f: b.node.f, kind: b.node.kind, t: b.node.t, self: b.node.self,
						exact: b.node.exact, certain: b.node.certain, node: b.node.i,
						px: (b.x1 - b.x0) * extent(), label: boxName(b.node), color: boxColor(b.node),
						palette: b.node.kind === K_FN ? fnColor(app.fns.get(b.node.f), false, app.theme.dark, app.hues) : null });
				}
			return out;
		},
		viewRoot: () => ({ f: app.viewRoot.f, kind: app.viewRoot.kind, t: app.viewRoot.t, node: app.viewRoot.i }),
		/* the tree's request (the /api/tree query the drawn tree answers) */
		treeKey: () => app.treeKey,
		/* the drawn tree's nodes as the answer gave them: [node index, kind, func, time, parent index] */
		nodes: () => app.tree.nodes.map((n) => [n.i, n.kind, n.f, n.t, n.parent ? n.parent.i : -1]),
		/* diff mode: how many nodes carry their time in BASE's tree (/api/treediff) */
		boxBase: () => app.tree.nodes.filter((n) => n.base !== undefined).length,
		/* worst relative gap between a drawn node's time and its children's and self time */
		checkExtents: () => checkExtents(app.levels),
	};
}
