'use strict';
/*
 * mkprofile.js - writes .pstats files for the browser tests and the
 * benchmark: a marshal dict (version-2 codes: '{' '(' 'u' 'i' 'g' '0', no
 * references), the shape pstats' dump_stats() writes:
 *   {(file, line, name): (cc, nc, tt, ct, {caller_key: (nc, cc, tt, ct)})}
 *
 *   node mkprofile.js big OUT N [SEED]   a layered call DAG of N functions
 *   node mkprofile.js markup OUT         names full of HTML and script
 */
const fs = require('fs');

class Writer {
	constructor() {
		this.parts = [];
	}
	byte(c) {
		this.parts.push(Buffer.from([c.charCodeAt(0)]));
	}
	i32(v) {
		const b = Buffer.alloc(4);
		b.writeInt32LE(v);
		this.parts.push(b);
	}
	int(v) {
		this.byte('i');
		this.i32(v);
	}
	float(v) {
		this.byte('g');
		const b = Buffer.alloc(8);
		b.writeDoubleLE(v);
		this.parts.push(b);
	}
	str(s) {
		const b = Buffer.from(s, 'utf8');
		this.byte('u');
		this.i32(b.length);
		this.parts.push(b);
	}
	tuple(n) {
		this.byte('(');
		this.i32(n);
	}
	key(k) {
		this.tuple(3);
		this.str(k[0]);
		this.int(k[1]);
		this.str(k[2]);
	}
	buffer() {
		return Buffer.concat(this.parts);
	}
}

/*
 * funcs: [{key: [file, line, name], cc, nc, tt, ct, callers: [[callerIndex, nc, cc, tt, ct]]}]
 */
function dump(funcs) {
	const w = new Writer();
	w.byte('{');
	for (const f of funcs) {
		w.key(f.key);
		w.tuple(5);
		w.int(f.cc);
		w.int(f.nc);
		w.float(f.tt);
		w.float(f.ct);
		w.byte('{');
		for (const c of f.callers) {
			w.key(funcs[c[0]].key);
			w.tuple(4);
			w.int(c[1]);
			w.int(c[2]);
			w.float(c[3]);
			w.float(c[4]);
		}
		w.byte('0');
	}
	w.byte('0');
	return w.buffer();
}

/* xorshift32: deterministic for a seed */
function rng(seed) {
	let x = seed >>> 0 || 1;
	return () => {
		x ^= x << 13;
		x >>>= 0;
		x ^= x >>> 17;
		x ^= x << 5;
		x >>>= 0;
		return x / 4294967296;
	};
}

/*
 * A call DAG: function i > 0 gets 1..3 callers among functions before it
 * (mostly near it, sometimes a hub), so depth grows with N like real code.
 * Times are consistent bottom-up: ct = tt + what the callees took from it.
 */
function bigProfile(n, seed, names) {
	const r = rng(seed);
	const words = ['parse', 'read', 'write', 'load', 'dump', 'render', 'check', 'build', 'run',
		'visit', 'scan', 'split', 'join', 'encode', 'decode', 'match', 'emit', 'flush', 'fetch', 'send'];
	const nouns = ['header', 'body', 'token', 'node', 'tree', 'item', 'value', 'record', 'row', 'file',
		'path', 'buffer', 'stream', 'chunk', 'frame', 'event', 'task', 'request', 'table', 'cache'];
	const nfiles = Math.max(1, Math.floor(n / 12));
	const funcs = [];
	for (let i = 0; i < n; i++) {
		const file = i === 0 ? '/srv/app/main.py' : '/srv/app/pkg' + (i % 17) + '/mod' + Math.floor(r() * nfiles) + '.py';
		const name = names && names[i] ? names[i] : i === 0 ? 'main' :
			words[Math.floor(r() * words.length)] + '_' + nouns[Math.floor(r() * nouns.length)] + '_' + i;
		funcs.push({ key: [file, 1 + Math.floor(r() * 2000), name], cc: 0, nc: 0, tt: 0, ct: 0,
			callers: [], callees: [] });
	}
	for (let i = 1; i < n; i++) {
		const k = 1 + Math.floor(r() * r() * 3);
		const seen = new Set();
		for (let j = 0; j < k; j++) {
			let c;
			if (r() < 0.15) c = Math.floor(r() * Math.min(i, 20));           /* a hub near the top */
			else c = Math.max(0, i - 1 - Math.floor(r() * Math.min(i, 40)));  /* a neighbour */
			if (seen.has(c)) continue;
			seen.add(c);
			const calls = 1 + Math.floor(r() * r() * 50);
			funcs[i].callers.push([c, calls, calls, 0, 0]);
			funcs[c].callees.push(i);
		}
	}
	/* bottom-up times: callees have larger indices */
	for (let i = n - 1; i >= 0; i--) {
		const f = funcs[i];
		let calls = 0;
		for (const c of f.callers) calls += c[1];
		f.nc = f.cc = Math.max(1, calls);
		f.tt = f.nc * (1e-6 + r() * r() * 2e-4);
		let sub = 0;
		for (const c of f.callees) {
			for (const e of funcs[c].callers)
				if (e[0] === i) sub += e[4];
		}
		f.ct = f.tt + sub;
		for (const e of f.callers) {
			e[3] = f.tt * e[1] / f.nc;
			e[4] = f.ct * e[1] / f.nc;
		}
	}
	return funcs;
}

function markupProfile() {
	const names = [
		'main',
		'<script>document.title="PWNED"</script>',
		'<img src=x onerror="document.title=\'PWNED\'">',
		'a&amp;b <b>bold</b>',
		'"quoted" \'single\' `tick`',
		'</script><script>alert(1)</script>',
	];
	const funcs = bigProfile(6, 7, names);
	funcs[2].key[0] = '</script><script>document.title="INJECTED"</script>.py';
	funcs[3].key[0] = '<svg onload=alert(1)>.py';
	return funcs;
}

if (require.main === module) {
	const [what, out, n, seed] = process.argv.slice(2);
	if (what === 'big') fs.writeFileSync(out, dump(bigProfile(Number(n) || 6000, Number(seed) || 1)));
	else if (what === 'markup') fs.writeFileSync(out, dump(markupProfile()));
	else {
		process.stderr.write('usage: mkprofile.js big OUT N [SEED] | markup OUT\n');
		process.exit(2);
	}
}

module.exports = { dump, bigProfile, markupProfile };
