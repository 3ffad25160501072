/*
 * state.js - the viewer's one mutable state object, `app`, and `act`, the
 * actions (filled by actions.js) that views call to change the view.
 * Everything else in web/ is functions and constants.
 */
import { defaultView } from './core/hash.js';

export const app = {
	/* what the URL hash records (core/hash.js) */
	S: defaultView(),
	/* the data: the graph (core/graph.js), the diff or null, the tree (core/tree.js) */
	G: null, D: null, T: null,
	/* the chart: size in CSS px, pixel ratio, layout (core/layout.js) */
	W: 0, H: 0, dpr: 1,
	levels: [], viewRoot: null, drawn: 0, geo: { cx: 0, cy: 0, ring: 0, rowH: 0 },
	/* colours read from the CSS, a hue per file, the hatching pattern */
	theme: {}, hues: new Map(), hatch: null,
	/* the box under the mouse and the keyboard's box ({ d, x0, x1, node } / a node) */
	hover: null, sel: null,
	/* the side panel's function, or -1 */
	panelFn: -1,
	/* search: a flag per function, the number of matches (null: no search), the query searched */
	searchHit: null, matchAll: null, lastQ: null,
	/* the hash the page last wrote or read */
	lastHash: '',
	/* the function table */
	table: { rows: [], sortCol: 'ct', sortDesc: true, re: null },
	/* timings for the browser tests and the benchmark */
	stats: { first: 0, draws: 0, lastDraw: 0, lastHover: 0 },
};

/* commit(replace), render(), zoomTo(node), zoomOut(), focusFn(f), setDir(d), onHash() */
export const act = {};
