/*
 * pv/hash.h - the one 64-bit mixer of the library's hash tables (base
 * layer; inline, so the interning loop keeps it in registers).
 */
#ifndef PV_HASH_H
#define PV_HASH_H

#include <stdint.h>

/* MurmurHash3's finalizer (fmix64): every bit of x moves every bit out. */
static inline uint64_t pv_hash_mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

#endif
