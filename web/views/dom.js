/*
 * views/dom.js - the DOM helpers the views share.  Every name from
 * the profile reaches the page through textContent or canvas text, never
 * as HTML.
 */
export const $ = (id) => document.getElementById(id);

export function el(tag, cls, text) {
	const e = document.createElement(tag);
	if (cls) e.className = cls;
	if (text !== undefined) e.textContent = text;
	return e;
}

/*
 * Calls fn(value) for what is typed into input: a text typed or pasted
 * after a pause at once; while typing goes on, 40 ms after the last key
 * (one answer, not one per key).
 */
export function onTyped(input, fn) {
	let st = 0, last = -Infinity;
	input.addEventListener('input', (e) => {
		clearTimeout(st);
		const now = performance.now(), v = e.target.value;
		if (now - last > 250) fn(v);
		else st = setTimeout(() => fn(v), 40);
		last = now;
	});
}
