/*
 * core/wasm.js - the exported page's API: the library and the router of
 * the native server (src/server/router.c) compiled to WebAssembly
 * (pv.wasm, src/wasm/pv_wasm.c; docs/wasm.md), answering the same
 * requests with the same bytes as `pstat-view serve`.  No DOM, no
 * libraries: the page reads the module and the profile from its
 * <script type="application/octet-stream"> elements (base64) and calls
 *
 *   const api = await openWasm(fromBase64(wasm), fromBase64(profile), fromBase64(meta));
 *   const { status, text } = api.get('/api/tree', 'focus=3&nodes=500');
 *
 * get() is synchronous: one call into the module, which builds the answer
 * (status 200, or 400/404/500 with text {"error":"..."}).
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_OF = new Int16Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_OF[B64.charCodeAt(i)] = i;

/* Standard base64 (whitespace ignored, '=' padding optional) to bytes. */
export function fromBase64(text) {
	const out = new Uint8Array(Math.floor(text.length * 3 / 4) + 3);
	let n = 0, acc = 0, bits = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c === 61) break; /* '=' */
		const v = c < 128 ? B64_OF[c] : -1;
		if (v < 0) {
			if (c === 32 || c === 9 || c === 10 || c === 13) continue;
			throw new Error('fromBase64: not base64 at ' + i);
		}
		acc = (acc << 6) | v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (acc >> bits) & 255;
		}
	}
	return out.subarray(0, n);
}

/*
 * The WASI functions the module imports (wasi-libc's stdio, never used
 * for I/O here): each fails with ENOSYS (52); proc_exit stops the call.
 */
function wasiStubs() {
	const nosys = () => 52;
	return {
		fd_close: nosys,
		fd_seek: nosys,
		fd_write: nosys,
		fd_read: nosys,
		fd_fdstat_get: nosys,
		environ_get: nosys,
		environ_sizes_get: nosys,
		clock_time_get: nosys,
		proc_exit: (code) => { throw new Error('pv.wasm exited with ' + code); },
	};
}

/*
 * Instantiates pv.wasm (bytes) and loads the profile (the bytes of a
 * .pstats file; `metaBytes`, optional, the page's record of the profile's
 * sources and totals).  Resolves to { get(path, query) -> { status, text } };
 * rejects with the loader's message when the profile cannot be read.
 */
export async function openWasm(wasmBytes, profileBytes, metaBytes) {
	const imports = { wasi_snapshot_preview1: wasiStubs() };
	const { instance } = await WebAssembly.instantiate(wasmBytes, imports);
	const x = instance.exports;
	if (x._initialize) x._initialize();
	const enc = new TextEncoder(), dec = new TextDecoder();
	/* a view of the memory as it is now (growing it detaches older views) */
	const mem = () => new Uint8Array(x.memory.buffer);
	const put = (bytes) => {
		const p = x.pv_wasm_alloc(bytes.length);
		if (!p) throw new Error('pv.wasm: out of memory');
		mem().set(bytes, p);
		return p;
	};
	const cstring = (p) => {
		const m = mem();
		let e = p;
		while (m[e]) e++;
		return dec.decode(m.subarray(p, e));
	};
	const data = put(profileBytes);
	const meta = metaBytes && metaBytes.length ? put(metaBytes) : 0;
	const rc = x.pv_wasm_load(data, profileBytes.length, meta, meta ? metaBytes.length : 0);
	x.pv_wasm_free(data);
	if (meta) x.pv_wasm_free(meta);
	if (rc !== 0) throw new Error('cannot load the profile: ' + cstring(x.pv_wasm_error()));
	function get(path, query) {
		const a = put(enc.encode(path + '\0'));
		const b = put(enc.encode((query || '') + '\0'));
		const status = x.pv_wasm_get(a, b);
		x.pv_wasm_free(a);
		x.pv_wasm_free(b);
		const p = x.pv_wasm_body(), n = x.pv_wasm_body_len();
		return { status, text: dec.decode(mem().subarray(p, p + n)) };
	}
	return { get };
}
