/*
 * api_get.c - the native side of the WebAssembly comparison
 * (tests/web/wasm.test.mjs): the same router, built for the host.
 *
 *   api_get PROFILE... -- PATH [QUERY]...
 *       loads the files as one profile (as `serve` does) and, for each
 *       PATH QUERY pair, writes "STATUS LENGTH\n" and the body's bytes
 *       (a query "" is none), as pv_api_get answers them;
 *   api_get --dump PROFILE... -- OUT.pstats OUT.meta
 *       writes the loaded profile back as the exported page carries it:
 *       the .pstats marshal and the record of its sources and totals.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pv/api.h"
#include "pv/profile.h"

static int write_file(const char *path, const pv_buf *b)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(b->data, 1, b->len, f) != b->len || fclose(f) != 0) {
		fprintf(stderr, "api_get: cannot write %s\n", path);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int dump = argc > 1 && strcmp(argv[1], "--dump") == 0;
	int first = dump ? 2 : 1, sep = first;
	while (sep < argc && strcmp(argv[sep], "--") != 0)
		sep++;
	if (sep == first || sep == argc || (dump && argc - sep != 3) || (argc - sep - 1) % 2) {
		fprintf(stderr, "usage: api_get [--dump] PROFILE... -- (PATH QUERY)... | OUT.pstats OUT.meta\n");
		return 2;
	}
	pv_error err;
	pv_profile *p = pv_profile_load_many((const char *const *)argv + first,
					     (size_t)(sep - first), &err, NULL);
	if (!p) {
		fprintf(stderr, "api_get: %s\n", err.msg);
		return 1;
	}
	int rc = 0;
	if (dump) {
		pv_buf m = PV_BUF_INIT, meta = PV_BUF_INIT;
		if (pv_profile_write_marshal_refs(p, &m, &err) || pv_profile_write_meta(p, &meta, &err)) {
			fprintf(stderr, "api_get: %s\n", err.msg);
			rc = 1;
		} else if (write_file(argv[sep + 1], &m) || write_file(argv[sep + 2], &meta)) {
			rc = 1;
		}
		pv_buf_release(&m);
		pv_buf_release(&meta);
		pv_profile_free(p);
		return rc;
	}
	pv_api *a = pv_api_new(p, NULL, NULL);
	pv_buf body = PV_BUF_INIT;
	for (int i = sep + 1; a && i + 1 < argc; i += 2) {
		pv_api_query q;
		const char *type;
		int status;
		pv_buf_reset(&body);
		/* as src/wasm/pv_wasm.c does */
		if (pv_api_query_parse(&q, argv[i + 1]) < 0) {
			pv_buf_puts(&body, "{\"error\":\"bad query\"}\n");
			status = 400;
		} else {
			status = pv_api_get(a, argv[i], pv_api_query_arg, &q, &body, &type);
		}
		pv_api_query_release(&q);
		printf("%d %zu\n", status, body.len);
		fwrite(body.data ? body.data : "", 1, body.len, stdout);
	}
	pv_buf_release(&body);
	pv_api_free(a);
	pv_profile_free(p);
	if (!a || fflush(stdout) != 0)
		rc = 1;
	return rc;
}
