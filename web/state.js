/*
 * state.js - the viewer's one mutable state object, `app`, and `act`, the
 * actions (filled by actions.js) that views call to change the view.
 * Everything else in web/ is functions and constants.
 */
import { defaultView } from './core/hash.js';

export const app = {
	/* what the URL hash records (core/hash.js) */
	S: defaultView(),
	/* where answers come from (core/api.js), the summary, the diff (a Map id -> row) or null */
	api: null, summary: null, D: null,
	/* the functions the answers named (core/ctree.js: id -> record) */
	fns: new Map(),
	/* the function ids of labels the URL names (fn=, root=), as the API answered (-1: none) */
	ids: new Map(),
	/* the tree shown (core/ctree.js), the request it answers, the request in flight */
	tree: null, treeKey: '', loading: '', seq: 0,
	/* the sandwich's callers tree (its callees are `tree`), or null */
	tree2: null,
	/* the path past the interpreter's plumbing (the first screen), once known */
	autoZoom: null,
	/* the chart: size in CSS px, pixel ratio, layout (core/layout.js) */
	W: 0, H: 0, dpr: 1,
	levels: [], viewRoot: null, drawn: 0, geo: { cx: 0, cy: 0, ring: 0, rowH: 0 },
	/* colours read from the CSS, a hue per file, the hatching pattern */
	theme: {}, hues: new Map(), hatch: null,
	/* the box under the mouse and the keyboard's box ({ d, x0, x1, node } / a node) */
	hover: null, sel: null,
	/* the side panel's function, or -1 */
	panelFn: -1,
	/* search: the functions drawn that match (a Set), how many functions match in all (null: no
	   search), the largest of them (an /api/functions row, or null) */
	searchHit: new Set(), matchAll: null, matchTop: null,
	/* the hash the page last wrote or read */
	lastHash: '',
	/* the function table: sort, filter, total rows, pages of rows by offset */
	table: { sort: 'tottime', desc: true, q: '', total: 0, pages: new Map(), gen: 0 },
	/* timings for the browser tests and the benchmark */
	stats: { first: 0, draws: 0, lastDraw: 0, lastHover: 0, requests: 0, lastLoad: 0 },
};

/* commit(replace), render(), zoomTo(node), zoomOut(), focusFn(f), selectFn(f), setView(v),
   setFilter(k, re), setGroup(g), onHash() */
export const act = {};
