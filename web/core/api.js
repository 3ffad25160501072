/*
 * core/api.js - where the page's answers come from: the server's /api/
 * (pstat-view serve) or, in a page written by `serve --export`, the same
 * C code compiled to WebAssembly and run in the page (core/wasm.js).
 * Both give the bytes of one router (src/server/router.c).  DOM-free.
 */

/* Query string of params (an object; undefined and null values left out). */
export function query(params) {
	const p = [];
	for (const k of Object.keys(params || {})) {
		const v = params[k];
		if (v === undefined || v === null) continue;
		p.push(encodeURIComponent(k) + '=' + encodeURIComponent(String(v)));
	}
	return p.join('&');
}

/*
 * An API over the server at base ('' for the page's own): get(path,
 * params) -> Promise<object> (a JSON answer; an error status rejects),
 * raw(path, params) -> Promise<{ status, text }> (any answer: the graph's SVG).
 */
export function httpApi(fetchFn, base) {
	const url = (path, params) => {
		const q = query(params);
		return (base || '') + 'api/' + path + (q ? '?' + q : '');
	};
	return {
		kind: 'server',
		async raw(path, params) {
			const r = await fetchFn(url(path, params));
			return { status: r.status, text: await r.text() };
		},
		async get(path, params) {
			const r = await fetchFn(url(path, params), { headers: { Accept: 'application/json' } });
			const text = await r.text();
			if (!r.ok) throw new Error(path + ': ' + errorText(text, r.status));
			return JSON.parse(text);
		},
	};
}

/* An API over a router in the page: wasm.get(path, query) -> { status, text }. */
export function localApi(wasm) {
	return {
		kind: 'page',
		async raw(path, params) {
			return wasm.get('/api/' + path, query(params));
		},
		async get(path, params) {
			const r = wasm.get('/api/' + path, query(params));
			if (r.status !== 200) throw new Error(path + ': ' + errorText(r.text, r.status));
			return JSON.parse(r.text);
		},
	};
}

function errorText(text, status) {
	try {
		const e = JSON.parse(text).error;
		if (typeof e === 'string') return e;
	} catch (x) { /* not JSON */ }
	return 'the server answered ' + status;
}
