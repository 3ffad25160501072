/*
 * replay.c - runs fuzz_target.c's pv_fuzz_one() over files given on the
 * command line (the regression files and the test corpus).  Exits 0 when
 * every input went through; a crash or sanitizer report fails the test.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "pv/buf.h"

int pv_fuzz_one(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int n = 0;
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			fprintf(stderr, "replay: cannot open %s\n", argv[i]);
			return 1;
		}
		pv_buf b = PV_BUF_INIT;
		char chunk[1 << 16];
		size_t got;
		while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
			pv_buf_append(&b, chunk, got);
		fclose(f);
		if (!pv_buf_ok(&b))
			return 1;
		pv_fuzz_one((const uint8_t *)(b.data ? b.data : ""), b.len);
		pv_buf_release(&b);
		n++;
	}
	printf("replayed %d inputs\n", n);
	return n > 0 ? 0 : 1;
}
