/*
 * test_buf.c - the growable buffer (pv/buf.h): its sticky out-of-memory
 * flag above all.  A failed allocation is made on purpose with a request
 * no machine can meet; the flag must then survive pv_buf_reset (a scratch
 * buffer reset in a loop must not forget a failed round) and only
 * release and init clear it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pv/buf.h"

/* Under AddressSanitizer a failed allocation returns NULL, as malloc
 * does, instead of ending the process. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

/* A request of `n` more bytes that cannot be met: SIZE_MAX overflows the
 * size computation; SIZE_MAX / 2 reaches realloc, which refuses it. */
static const size_t huge[] = { SIZE_MAX, SIZE_MAX / 2 };

static void test_plain(void)
{
	pv_buf b = PV_BUF_INIT;
	CU_ASSERT(pv_buf_ok(&b));
	pv_buf_puts(&b, "abc");
	pv_buf_printf(&b, "%d%s", 42, "x");
	pv_buf_fill(&b, '-', 3);
	CU_ASSERT_STRING_EQUAL(b.data, "abc42x---");
	CU_ASSERT_EQUAL(b.len, 9u);
	size_t cap = b.cap;
	pv_buf_reset(&b);
	CU_ASSERT_EQUAL(b.len, 0u);
	CU_ASSERT_EQUAL(b.cap, cap); /* the memory is kept */
	CU_ASSERT_STRING_EQUAL(b.data, "");
	CU_ASSERT(pv_buf_ok(&b));
	pv_buf_release(&b);
}

static void test_oom_is_sticky(void)
{
	for (size_t i = 0; i < sizeof huge / sizeof huge[0]; i++) {
		pv_buf b = PV_BUF_INIT;
		pv_buf_puts(&b, "kept");
		CU_ASSERT_EQUAL(pv_buf_reserve(&b, huge[i]), -1);
		CU_ASSERT_FALSE(pv_buf_ok(&b));
		/* what was there is still there; further appends are ignored */
		CU_ASSERT_STRING_EQUAL(b.data, "kept");
		pv_buf_puts(&b, "more");
		CU_ASSERT_STRING_EQUAL(b.data, "kept");

		/* reset empties the buffer but keeps the flag */
		pv_buf_reset(&b);
		CU_ASSERT_EQUAL(b.len, 0u);
		CU_ASSERT_FALSE(pv_buf_ok(&b));
		CU_ASSERT_EQUAL(pv_buf_reserve(&b, 1), -1);
		pv_buf_puts(&b, "again");
		CU_ASSERT_EQUAL(b.len, 0u);
		CU_ASSERT_FALSE(pv_buf_ok(&b));
		pv_buf_reset(&b);
		CU_ASSERT_FALSE(pv_buf_ok(&b));

		/* detach says so (NULL) and leaves a fresh buffer */
		size_t len = 99;
		CU_ASSERT_PTR_NULL(pv_buf_detach(&b, &len));
		CU_ASSERT(pv_buf_ok(&b));
		pv_buf_release(&b);
	}
}

static void test_release_and_init_clear(void)
{
	pv_buf b = PV_BUF_INIT;
	CU_ASSERT_EQUAL(pv_buf_reserve(&b, SIZE_MAX), -1);
	CU_ASSERT_FALSE(pv_buf_ok(&b));
	pv_buf_release(&b);
	CU_ASSERT(pv_buf_ok(&b));
	pv_buf_puts(&b, "fine");
	CU_ASSERT_STRING_EQUAL(b.data, "fine");

	CU_ASSERT_EQUAL(pv_buf_reserve(&b, SIZE_MAX), -1);
	pv_buf_release(&b);
	pv_buf_init(&b);
	CU_ASSERT(pv_buf_ok(&b));
	pv_buf_release(&b);
}

/* The callers' pattern: a scratch buffer reset and refilled for every
 * item, checked once at the end. */
static void test_scratch_loop(void)
{
	pv_buf scratch = PV_BUF_INIT, out = PV_BUF_INIT;
	for (int round = 0; round < 5; round++) {
		pv_buf_reset(&scratch);
		if (round == 2)
			pv_buf_reserve(&scratch, SIZE_MAX / 2); /* this round fails */
		else
			pv_buf_printf(&scratch, "item %d;", round);
		pv_buf_append(&out, scratch.data ? scratch.data : "", scratch.len);
	}
	CU_ASSERT_FALSE(pv_buf_ok(&scratch));
	CU_ASSERT(pv_buf_ok(&out));
	/* the rounds after the failure got nothing either: never a silently
	 * shorter result */
	CU_ASSERT_STRING_EQUAL(out.data, "item 0;item 1;");
	pv_buf_release(&scratch);
	pv_buf_release(&out);
}

int main(void)
{
	static const pv_test tests[] = {
		{ "append and reset", test_plain },
		{ "out of memory survives reset", test_oom_is_sticky },
		{ "release and init clear it", test_release_and_init_clear },
		{ "a scratch buffer in a loop", test_scratch_loop },
		{ NULL, NULL },
	};
	return pv_test_run("buf", tests);
}
