/* placeholder until the WebAssembly build lands (branch wasm) */
export async function openWasm() {
	throw new Error('this page has no WebAssembly build');
}
export function fromBase64(text) {
	const bin = atob(text.replace(/\s+/g, ''));
	const out = new Uint8Array(bin.length);
	for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
	return out;
}
